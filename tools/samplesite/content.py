"""The sample site's documents and their ground truth, built from `data/*.toml`.

`Builder.build_all()` makes every detail page as a `Doc`: its metadata, its paragraphs (with
the figures each sentence states) and, for annual reports, its tables. Nothing here knows
HTML: `rendering` writes the pages, `writing` the files and the manifest.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tools.samplesite import annual_tables
from tools.samplesite.annual_tables import T3_CARRY, T3_COLS, T3_DONE, T3_NEW, T3_NEXT, AnnualTables
from tools.samplesite.figure_text import Figure, cn_date, cn_num, render_text

DATA_DIR = Path(__file__).resolve().parent / "data"
ZWGK = "zwgk_235"
META_STYLES = ("a", "b", "c", "d", "e")
SENTENCE_END = "。；！？"

# A paragraph is (kind, text). Kinds: p, plain, h1, h2, right, center, and ("table", name)
# for a table of `Doc.tables` ("table2", "table3", "table4"), rendered from its values.
Paragraph = tuple[str, str]


# Keys the builder reads from each data file (top level), and from each agency and report
# entry: checked on load, so that a slip in a data file is named (file, entry, key) instead
# of surfacing as a KeyError deep in the builder.
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "site.toml": ("seed", "items_per_page", "site", "columns", "extra_columns", "nav"),
    "bureaus.toml": (),
    "rule_of_law.toml": (
        "intro",
        "part1",
        "part1_alt",
        "part1_lead",
        "part2",
        "part2_alt",
        "part2_lead",
        "part3",
        "part4",
        "ordinals",
        "closing",
        "contact",
        "years",
        "themes",
        "domain",
        "deficiencies",
        "first_duty",
        "plans",
        "reports",
    ),
    "rule_of_law_narrative.toml": ("narrative",),
    "annual_reports.toml": ("text", "reports"),
    "notices.toml": ("notices",),
    "seed.toml": (
        "path",
        "title",
        "index_no",
        "category",
        "publisher",
        "created",
        "published",
        "docno",
        "keywords",
        "figures",
        "agency",
        "year",
    ),
}
BUREAU_KEYS = ("full", "short", "docno", "uscc", "category", "phone", "field", "obj")
REPORT_KEYS = {
    "rule_of_law.toml": ("agency", "year", "published"),
    "annual_reports.toml": ("agency", "year", "edition", "published", "scale"),
    "notices.toml": ("agency", "title", "type", "published", "docno", "validity", "paragraphs"),
}


class DataError(ValueError):
    """A data file of the generator lacks something the builder needs."""


def _missing(where: str, entry: dict[str, Any], keys: tuple[str, ...]) -> None:
    absent = [k for k in keys if k not in entry]
    if absent:
        raise DataError(f"{where}: missing {', '.join(absent)}")


def load_toml(name: str, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    with open(data_dir / name, "rb") as fh:
        data = tomllib.load(fh)
    _missing(name, data, REQUIRED_KEYS.get(name, ()))
    return data


def check_data(bureaus: dict[str, Any], reports: dict[str, list[dict[str, Any]]]) -> None:
    """Every agency complete; every report names a known agency and has its keys."""
    for key, b in bureaus.items():
        _missing(f"bureaus.toml [{key}]", b, BUREAU_KEYS)
    for name, entries in reports.items():
        for i, spec in enumerate(entries):
            where = f"{name} entry {i + 1}"
            _missing(where, spec, REPORT_KEYS[name])
            if spec["agency"] not in bureaus:
                raise DataError(f"{where}: agency {spec['agency']!r} is not in bureaus.toml")


T = TypeVar("T")


def pick_sorted(rng: random.Random, items: list[T], k: int) -> list[T]:
    """k items drawn at random, kept in their original order."""
    idx = sorted(rng.sample(range(len(items)), min(k, len(items))))
    return [items[i] for i in idx]


@dataclass
class Doc:
    kind: str  # rule_of_law / annual_report / notice / special
    column: str
    path: str
    title: str  # the 名称 / 标题 value of the metadata block
    list_title: str  # as shown in lists and the <h1>
    meta: dict[str, Any]  # index_no category publisher created published docno(raw) keywords validity
    paragraphs: list[Paragraph] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: AnnualTables | None = None
    table3_variant: bool = False  # table 三 with the three-row header (申请人情况 on its own row)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (name, href)
    flags: list[str] = field(default_factory=list)
    http_status: int = 200
    page_status: str = "ok"
    style: str = ""
    meta_tags: str = "std"
    agency: str = ""
    year: int | None = None
    subtitle: str = ""  # the 文号 line under the title
    key: str = ""  # stable identity: kind:agency:year (or :date); the URL derives from it

    @property
    def published(self) -> dt.date:
        return dt.date.fromisoformat(self.meta["published"])


class IdMaker:
    """TRS-like document ids (t20220125_10259370): grow with the date, unique."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def make(self, d: dt.date, rng: random.Random) -> int:
        days = (d - dt.date(2019, 1, 1)).days
        n = 7_500_000 + days * 2460 + rng.randint(0, 2400)
        while n in self.used:
            n += 1
        self.used.add(n)
        return n


def detail_path(column: str, d: dt.date, doc_id: int) -> str:
    return f"/{ZWGK}/{column}/{d:%Y%m}/t{d:%Y%m%d}_{doc_id}.html"


class Builder:
    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = data_dir
        self.site = load_toml("site.toml", data_dir)
        self.bureaus = load_toml("bureaus.toml", data_dir)
        self.rol = load_toml("rule_of_law.toml", data_dir)
        self.ar = load_toml("annual_reports.toml", data_dir)
        self.notices: list[dict[str, Any]] = load_toml("notices.toml", data_dir)["notices"]
        self.seed_meta = load_toml("seed.toml", data_dir)
        self.narrative: dict[str, Any] = load_toml("rule_of_law_narrative.toml", data_dir)["narrative"]
        check_data(
            self.bureaus,
            {
                "rule_of_law.toml": self.rol["reports"],
                "annual_reports.toml": self.ar["reports"],
                "notices.toml": self.notices,
            },
        )
        self.seed: int = self.site["seed"]
        self.ids = IdMaker()
        self.docs: list[Doc] = []
        self.missing: list[Doc] = []

    def rng(self, *key: object) -> random.Random:
        return random.Random(":".join(str(k) for k in (self.seed, *key)))

    def base_ctx(self, agency: str, year: int) -> dict[str, Any]:
        b = self.bureaus[agency]
        s = self.site["site"]
        return {
            "year": year,
            "next_year": year + 1,
            "full": b["full"],
            "short": b["short"],
            "field": b["field"],
            "obj": b["obj"],
            "phone": b["phone"],
            "site_name": s["name"],
            "domain": s["domain"],
            "address": s["address"],
            "postcode": s["postcode"],
        }

    def index_no(self, agency: str, d: dt.date, rng: random.Random) -> str:
        return f"{self.bureaus[agency]['uscc']}/{d.year}-{rng.randint(1, 420):05d}"

    # ------------------------------------------------------------ seed

    def build_seed(self) -> Doc:
        sm = self.seed_meta
        lines = (self.data_dir / "seed_report.txt").read_text(encoding="utf-8").splitlines()
        title = lines[3].strip()
        body_lines: list[str] = []
        for line in lines[5:]:
            if line.startswith("Copyright"):
                break
            if line.strip():
                body_lines.append(line.strip())
        paragraphs = []
        sig_start = len(body_lines) - 2  # agency name + date (2022125, lost characters kept)
        for i, line in enumerate(body_lines):
            if i >= sig_start:
                paragraphs.append(("right", line))
            elif re.match(r"^[一二三四五六七八九十]+、", line):
                paragraphs.append(("h1", line))
            elif re.match(r"^\([一二三四五六七八九十]+\)", line) and len(line) <= 30:
                paragraphs.append(("h2", line))
            else:
                paragraphs.append(("p", line))
        doc = Doc(
            kind="rule_of_law",
            column="fzzfjsndbg",
            path=sm["path"],
            title=sm["title"],
            list_title=title,
            meta={
                "index_no": sm["index_no"],
                "category": sm["category"],
                "publisher": sm["publisher"],
                "created": sm["created"],
                "published": sm["published"],
                "docno": sm["docno"],
                "keywords": sm["keywords"],
                "validity": None,
            },
            paragraphs=paragraphs,
            figures=[
                {"label": lab, "value": v, "unit": u or None, "qualifier": q or None} for lab, v, u, q in sm["figures"]
            ],
            flags=["seed"],
            style="c",
            agency=sm["agency"],
            year=sm["year"],
        )
        self.ids.used.add(int(sm["path"].rsplit("_", 1)[1].split(".")[0]))
        return doc

    # ------------------------------------------------------------ rule-of-law reports

    def build_rule_of_law(self, n: int, spec: dict[str, Any]) -> Doc:
        agency, year = spec["agency"], spec["year"]
        b = self.bureaus[agency]
        key = f"rule_of_law:{agency}:{year}"
        rng = self.rng("rol", agency, year)
        pub = dt.date.fromisoformat(spec["published"])
        created = dt.date.fromisoformat(spec.get("created", spec["published"]))
        ctx = self.base_ctx(agency, year)
        ctx.update(self.rol["years"][str(year)])
        ctx["docno"] = f"{b['docno']}〔{year}〕{rng.randint(3, 60)}号"
        figs: list[Figure] = []
        paras: list[Paragraph] = []
        style = spec.get("title_style", 0)
        if style == 1:
            title = f"{b['full']}关于{year}年度法治政府建设情况的报告"
        elif style == 2:
            title = f"{b['full']}{year}年度法治政府建设工作报告"
        else:
            title = f"{b['full']}{year}年法治政府建设年度报告"

        paras.append(("p", render_text(rng.choice(self.rol["intro"]), ctx, rng, figs)))
        part1 = self.rol["part1"] if rng.random() < 0.6 else self.rol["part1_alt"]
        paras.append(("h1", render_text(part1, ctx, rng, figs)))

        paras.append(("p", render_text(rng.choice(self.rol["part1_lead"]), ctx, rng, figs)))
        # figures are budgeted: each report states between 10 and 25 of them
        budget = rng.randint(14, 24)
        narrative = self.narrative
        themes: list[tuple[str, list[str], list[str]]] = []
        if agency in self.rol["domain"]:
            dom = self.rol["domain"][agency]
            themes.append((dom["heading"], dom["points"], []))
        generic = [(t["heading"], t["points"], narrative[t["heading"]]["texts"]) for t in self.rol["themes"]]
        themes += pick_sorted(rng, generic, 5 if themes else 6)
        one_paragraph = rng.random() < 0.6
        ordinals = self.rol["ordinals"]
        for ti, (heading, points, texts) in enumerate(themes):
            if texts:
                n_fig = rng.randint(1, 2)
                chosen = pick_sorted(rng, [("f", p) for p in points], n_fig)
                chosen += pick_sorted(rng, [("t", t) for t in texts], 3)
                rng.shuffle(chosen)
            else:
                chosen = [("f", p) for p in points[:2]]
            rendered = []
            for kind, p in chosen:
                trial: list[Figure] = []
                text = render_text(p, ctx, rng, trial)
                if kind == "f" and len(figs) + len(trial) > budget:
                    continue
                figs.extend(trial)
                rendered.append(text)
            paras.append(("h2", f"（{cn_num(ti + 1)}）{heading}"))
            if one_paragraph:
                paras.append(("p", "".join(f"{ordinals[i]}{t}" for i, t in enumerate(rendered))))
            else:
                for i, t in enumerate(rendered):
                    paras.append(("p", f"{ordinals[i]}{t}"))
        paras.append(("h1", self.rol["part2"] if rng.random() < 0.5 else self.rol["part2_alt"]))
        paras.append(("p", render_text(self.rol["part2_lead"], ctx, rng, figs)))
        for i, d in enumerate(pick_sorted(rng, self.rol["deficiencies"], 3)):
            paras.append(("p", f"（{cn_num(i + 1)}）{render_text(d['text'], ctx, rng, figs)}"))
        paras.append(("h1", self.rol["part3"]))
        paras.append(("p", render_text(self.rol["first_duty"][0]["text"], ctx, rng, figs)))
        paras.append(("h1", render_text(self.rol["part4"], ctx, rng, figs)))
        paras.append(("p", f"{year + 1}年，{b['short']}将重点做好以下工作："))
        for i, pl in enumerate(pick_sorted(rng, self.rol["plans"], 5)):
            paras.append(("p", f"（{cn_num(i + 1)}）{render_text(pl['text'], ctx, rng, figs)}"))
        paras.append(("p", render_text(rng.choice(self.rol["closing"]), ctx, rng, figs)))
        if n % 2 == 0:
            paras.append(("p", render_text(self.rol["contact"], ctx, rng, figs)))
        paras.append(("right", b["full"]))
        signed = cn_date(created) if rng.random() < 0.5 else f"{created.year}年{created.month}月{created.day}日"
        paras.append(("right", signed))

        doc_id = self.ids.make(pub, self.rng("id", key))
        with_docno = n % 3 == 1
        doc = Doc(
            kind="rule_of_law",
            column="fzzfjsndbg",
            path=detail_path("fzzfjsndbg", pub, doc_id),
            title=title,
            list_title=title,
            meta={
                "index_no": self.index_no(agency, pub, self.rng("ix", key)),
                "category": b["category"],
                "publisher": b["full"],
                "created": created.isoformat(),
                "published": pub.isoformat(),
                "docno": f"{b['docno']}〔{pub.year}〕{rng.randint(1, 30)}号" if with_docno else "",
                "keywords": "法治政府建设,年度报告" if n % 2 == 0 else "",
                "validity": None,
            },
            paragraphs=paras,
            figures=figs,
            agency=agency,
            year=year,
            key=key,
        )
        chars = sum(len(t) for _, t in paras)
        if not (10 <= len(figs) <= 25 and 3000 <= chars <= 6000):
            raise ValueError(f"rule-of-law report {agency} {year}: {len(figs)} figures, {chars} chars")
        if spec.get("docwrite_publisher"):
            doc.flags.append("docwrite_publisher")
            doc.meta["publisher"] = b["full"].replace("重庆市", "")
            doc.style = "a"
        return doc

    # ------------------------------------------------------------ annual reports

    def build_annual(self, n: int, spec: dict[str, Any]) -> Doc:
        agency, year, edition, scale = spec["agency"], spec["year"], spec["edition"], spec["scale"]
        b = self.bureaus[agency]
        key = f"annual_report:{agency}:{year}"
        rng = self.rng("ar", agency, year)
        pub = dt.date.fromisoformat(spec["published"])
        txt = self.ar["text"]
        t3 = annual_tables.table3(edition, scale, rng)
        t4 = annual_tables.table4(rng, scale)
        t2 = annual_tables.table2(edition, rng, scale, agency)
        row = {r[0]: r[1:] for r in t3["rows"]}
        ctx = self.base_ctx(agency, year)
        big = scale >= 100
        ctx.update(
            apply_new=row[T3_NEW][6],
            apply_carry=row[T3_CARRY][6],
            active_total=rng.randint(800, 6000) if big else rng.randint(60, 900),
            active_policy=rng.randint(20, 120) if big else rng.randint(2, 30),
            active_jd=rng.randint(10, 60) if big else rng.randint(1, 12),
            active_media=rng.randint(500, 5000) if big else rng.randint(50, 900),
            press=rng.randint(4, 20) if big else rng.randint(0, 3),
            hot=rng.randint(20, 200) if big else rng.randint(2, 40),
            catalog=rng.randint(100, 900),
            visits=round(rng.uniform(50, 900), 1) if big else round(rng.uniform(2, 60), 1),
            fans=rng.randint(20000, 200000) if big else rng.randint(800, 20000),
            train=rng.randint(2, 8),
            trainees=rng.randint(60, 600),
            apply_person=row[T3_NEW][0],
            apply_org=sum(row[T3_NEW][1:6]),
            apply_done=row[T3_DONE][6],
            apply_next=row[T3_NEXT][6],
            review_total=t4["values"][4],
            suit_total=t4["values"][9] + t4["values"][14],
            npc=rng.randint(5, 60) if big else rng.randint(0, 15),
            cppcc=rng.randint(5, 80) if big else rng.randint(0, 15),
        )
        figs: list[Figure] = []
        paras: list[Paragraph] = []
        title = render_text(txt["title"], ctx, rng, figs)
        intro = txt["intro"] if edition == "2021" else txt["intro_2019"]
        paras.append(("p", render_text(intro[0], ctx, rng, figs)))
        paras.append(("h1", txt["overview_heading"]))
        for head, body in txt["overview"]:
            if rng.random() < 0.5:
                paras.append(("p", head + render_text(body, ctx, rng, figs)))
            else:
                paras.append(("h2", head))
                paras.append(("p", render_text(body, ctx, rng, figs)))
        paras.append(("h1", txt["active_heading"]))
        paras.append(("table", "table2"))
        paras.append(("h1", txt["apply_heading"]))
        paras.append(("p", render_text(txt["apply_lead"], ctx, rng, figs)))
        paras.append(("table", "table3"))
        paras.append(("h1", txt["review_heading"]))
        paras.append(("p", render_text(txt["review_lead"], ctx, rng, figs)))
        paras.append(("table", "table4"))
        paras.append(("h1", txt["issues_heading"]))
        for p in txt["issues"]:
            paras.append(("p", render_text(p, ctx, rng, figs)))
        paras.append(("h1", txt["other_heading"]))
        for p in txt["other"]:
            paras.append(("p", render_text(p, ctx, rng, figs)))
        paras.append(("right", b["full"]))
        paras.append(("right", f"{pub.year}年{pub.month}月{pub.day}日"))
        for f in figs:
            f["section"] = None
        tname3 = "三、收到和处理政府信息公开申请情况"
        key_cells = [
            (T3_NEW, "总计"),
            (T3_CARRY, "总计"),
            ("三、本年度办理结果 / （一）予以公开", "总计"),
            ("三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息", "总计"),
            (T3_DONE, "自然人"),
            (T3_DONE, "总计"),
            (T3_NEXT, "总计"),
        ]
        for r, c in key_cells:
            figs.append(
                {
                    "label": r.split(" / ")[-1],
                    "value": row[r][T3_COLS.index(c)],
                    "unit": "件",
                    "qualifier": None,
                    "table": tname3,
                    "row": r,
                    "column": c,
                }
            )
        lic = next(rw for blk in t2 for rw in blk["rows"] if rw[0] == "行政许可")
        figs.append(
            {
                "label": "行政许可",
                "value": lic[-1],
                "unit": "件",
                "qualifier": None,
                "table": "二、主动公开政府信息情况",
                "row": "行政许可",
                "column": "本年处理决定数量" if edition == "2021" else "处理决定数量",
            }
        )
        doc_id = self.ids.make(pub, self.rng("id", key))
        empty = bool(spec.get("empty_fields"))
        doc = Doc(
            kind="annual_report",
            column="zfxxgkndbg",
            path=detail_path("zfxxgkndbg", pub, doc_id),
            title=title,
            list_title=title,
            meta={
                "index_no": self.index_no(agency, pub, self.rng("ix", key)),
                "category": "" if empty else "综合政务/政务公开",
                "publisher": b["full"],
                "created": pub.isoformat(),
                "published": pub.isoformat(),
                "docno": "",
                "keywords": "" if empty else "政府信息公开,年度报告",
                "validity": None,
            },
            paragraphs=paras,
            figures=figs,
            tables={"edition": edition, "table2": t2, "table3": t3, "table4": t4},
            table3_variant=n % 3 == 2,
            agency=agency,
            year=year,
            key=key,
        )
        if empty:
            doc.flags.append("empty_fields")
        return doc

    # ------------------------------------------------------------ notices

    def build_notice(self, n: int, spec: dict[str, Any]) -> Doc:
        agency = spec["agency"]
        b = self.bureaus[agency]
        pub = dt.date.fromisoformat(spec["published"])
        created = dt.date.fromisoformat(spec.get("created", spec["published"]))
        key = f"notice:{agency}:{pub.isoformat()}"
        rng = self.rng("notice", n, spec["title"])
        ctx = self.base_ctx(agency, pub.year)
        figs: list[Figure] = []
        paras: list[Paragraph] = []
        for i, p in enumerate(spec["paragraphs"]):
            if p.startswith("#"):
                kind = "h1" if re.match(r"^#[一二三四五六七八九十]+、", p) else "center"
                paras.append((kind, render_text(p[1:], ctx, rng, figs)))
            elif i == 0 and p.endswith("："):
                paras.append(("plain", render_text(p, ctx, rng, figs)))
            else:
                paras.append(("p", render_text(p, ctx, rng, figs)))
        paras.append(("right", b["full"]))
        paras.append(("right", f"{created.year}年{created.month}月{created.day}日"))
        paras.append(("p", "（此件公开发布）"))
        title = spec["title"]
        meta_title = title.removeprefix("[已废止]")
        topic = b["category"].split("/")[0]
        doc_id = self.ids.make(pub, self.rng("id", key))
        doc = Doc(
            kind="notice",
            column="tzgg",
            path=detail_path("tzgg", pub, doc_id),
            title=meta_title,
            list_title=title,
            meta={
                "index_no": self.index_no(agency, pub, self.rng("ix", key)),
                "category": f"{topic}/{'规范性文件' if spec['type'] == '规范性文件' else '通知'}",
                "publisher": b["full"],
                "created": created.isoformat(),
                "published": pub.isoformat(),
                "docno": spec["docno"],
                "keywords": spec.get("keywords", ""),
                "validity": spec["validity"],
            },
            paragraphs=paras,
            figures=figs,
            attachments=[(name, href) for name, href in spec.get("attachments", [])],
            agency=agency,
            year=pub.year,
            subtitle=spec["docno"],
            key=key,
        )
        if spec.get("gbk"):
            doc.flags.append("gbk")
        if title.startswith("[已废止]"):
            doc.flags.append("abolished_title")
        return doc

    def build_specials(self) -> None:
        d = dt.date(2021, 5, 18)
        soft = Doc(
            kind="special",
            column="tzgg",
            path=detail_path("tzgg", d, self.ids.make(d, self.rng("id", "soft_error"))),
            title="",
            list_title="沙坪坝区第一批区级非物质文化遗产代表性项目名录公示",
            meta={"published": d.isoformat()},
            flags=["soft_error"],
            http_status=200,
            page_status="error_page",
        )
        d2 = dt.date(2022, 12, 9)
        missing = Doc(
            kind="special",
            column="tzgg",
            path=detail_path("tzgg", d2, self.ids.make(d2, self.rng("id", "missing"))),
            title="",
            list_title="关于沙坪坝区2022年度区级财政专项资金分配结果的公示",
            meta={"published": d2.isoformat()},
            flags=["missing"],
            http_status=404,
            page_status="error_page",
        )
        self.docs.append(soft)
        self.missing.append(missing)

    def build_all(self) -> None:
        self.docs.append(self.build_seed())
        for i, spec in enumerate(self.rol["reports"]):
            self.docs.append(self.build_rule_of_law(i, spec))
        for i, spec in enumerate(self.ar["reports"]):
            self.docs.append(self.build_annual(i, spec))
        for i, spec in enumerate(self.notices):
            self.docs.append(self.build_notice(i, spec))
        self.build_specials()
        for doc in self.docs:
            annotate_figures(doc)
        k = 0
        for i, doc in enumerate(self.docs):
            if doc.kind == "special":
                continue
            if not doc.style:
                doc.style = META_STYLES[k % len(META_STYLES)]
                k += 1
            doc.meta_tags = "none" if i % 7 == 6 else ("odd" if i % 4 == 1 else "std")
        # one page carries a broken PubDate meta value (two timestamps run together)
        broken = next(d for d in self.docs if d.kind == "notice" and d.meta_tags == "std" and "gbk" not in d.flags)
        broken.meta_tags = "broken"


def section_paths(doc: Doc) -> list[str]:
    """The section paths of the body ("一、… / （一）…"), in order."""
    out: list[str] = []
    h1 = None
    for kind, text in doc.paragraphs:
        if kind == "h1":
            h1 = text
            out.append(text)
        elif kind == "h2":
            out.append(f"{h1} / {text}" if h1 else text)
    return out


def body_chars(doc: Doc) -> int:
    """Characters of the body text (tables excluded)."""
    return sum(len(t) for k, t in doc.paragraphs if k != "table")


def annotate_figures(doc: Doc) -> None:
    """Give every sentence figure its section path, sentence and offsets (paragraph-relative).

    Figures were recorded in text order; they are located one after the other in the
    paragraphs (a number must not be preceded by a digit, so "2件" never matches in "12件").
    """
    figs = [f for f in doc.figures if "table" not in f]
    if not figs:
        return
    h1 = h2 = None
    fi = 0
    for kind, text in doc.paragraphs:
        if kind == "h1":
            h1, h2 = text, None
            continue
        if kind == "h2":
            h2 = text
            continue
        if kind not in ("p", "plain"):
            continue
        pos = 0
        while fi < len(figs):
            f = figs[fi]
            if "written" in f:
                cands = [f["written"]]
            else:
                v, u, q = f["value"], f["unit"] or "", f["qualifier"] or ""
                cands = [f"{v}{q}{u}", f"{v}{u}{q}", f"{v}{u}"]
            best = None
            for c in cands:
                m = re.compile(r"(?<![\d.,])" + re.escape(c)).search(text, pos)
                if m and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                break
            start, end = best.span()
            s0 = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
            ends = [i for i in (text.find(ch, end) for ch in SENTENCE_END) if i >= 0]
            s1 = min(ends) + 1 if ends else len(text)
            f["written"] = best.group(0)
            f["section"] = " / ".join(x for x in (h1, h2) if x) or None
            f["sentence"] = text[s0:s1].strip()
            pos = end
            fi += 1
    if fi != len(figs):
        raise ValueError(f"{doc.path}: figure {figs[fi]} not found in the text")
