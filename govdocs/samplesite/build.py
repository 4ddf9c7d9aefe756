"""Generate the bundled sample site and its ground-truth manifest.

    python -m govdocs.samplesite.build            # writes govdocs/samplesite/site/ + manifest.json
    python -m govdocs.samplesite.build --out DIR  # writes DIR/site/ + DIR/manifest.json

The site is a static mirror, written by this project, of a district government's disclosure
section modelled on the Chongqing district template (重庆市沙坪坝区人民政府). All content comes
from the data files in `data/` (site, agencies, sentence templates, notices, the seed report);
numbers are drawn from a `random.Random` seeded per document, so the output is byte-identical
from run to run. The manifest states, for every detail page, what a correct crawler and
extractor should find on it (status, metadata values, key figures, tables).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from string import Template

from govdocs.samplesite import templates as T

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
DEFAULT_SITE_DIR = HERE / "site"
DEFAULT_MANIFEST = HERE / "manifest.json"
HEADERS_FILE = "_headers.json"
MARKER = "_headers.json"  # present in a site directory this generator wrote
ZWGK = "zwgk_235"
META_STYLES = ("a", "b", "c", "d", "e")
CN_DIGITS = "零一二三四五六七八九"
CN_DATE_DIGITS = "〇一二三四五六七八九"


# ---------------------------------------------------------------- helpers


def load_toml(name: str) -> dict:
    with open(DATA_DIR / name, "rb") as fh:
        return tomllib.load(fh)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def cn_num(n: int) -> str:
    """Chinese numeral for 0..9999 (十二, 二十, 一百零五, 一千二百三十四)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        h, r = divmod(n, 100)
        if r == 0:
            return CN_DIGITS[h] + "百"
        if r < 10:
            return CN_DIGITS[h] + "百零" + CN_DIGITS[r]
        return CN_DIGITS[h] + "百" + (cn_num(r) if r >= 20 else "一" + cn_num(r))
    k, r = divmod(n, 1000)
    if r == 0:
        return CN_DIGITS[k] + "千"
    if r < 100:
        return CN_DIGITS[k] + "千零" + (cn_num(r) if r >= 20 or r < 10 else "一" + cn_num(r))
    return CN_DIGITS[k] + "千" + cn_num(r)


def cn_date(d: dt.date) -> str:
    year = "".join(CN_DATE_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn_num(d.month)}月{cn_num(d.day)}日"


def parse_date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def normalise_docno(raw: str) -> str | None:
    s = re.sub(r"\s+", "", raw or "")
    if not s:
        return None
    return s.replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕")


def num_value(v: float) -> int | float:
    if isinstance(v, float) and abs(v - round(v)) < 1e-9:
        return int(round(v))
    if isinstance(v, float):
        return round(v, 4)
    return v


FIG_RE = re.compile(r"\{\{(.+?)\}\}")
PRE_QUALS = ("近", "约", "超过", "不少于")
MID_QUALS = ("余", "多")
POST_QUALS = ("以上", "以下")


def render_text(tpl: str, ctx: dict, rng: random.Random, figs: list[dict]) -> str:
    """Fill figure placeholders ({{label|range|unit|opts}}) and ${names}; record the figures."""

    def fig(m: re.Match) -> str:
        parts = m.group(1).split("|")
        label, spec, unit = parts[0], parts[1], parts[2]
        opts = [o for o in (parts[3].split(",") if len(parts) > 3 else []) if o]
        if spec.startswith("cn:"):
            opts.append("cn")
            spec = spec[3:]
        if spec.startswith("="):
            v = ctx[spec[1:]]
        elif "-" in spec:
            lo, hi = spec.split("-")
            if "." in lo or "." in hi or "dec1" in opts:
                v = round(rng.uniform(float(lo), float(hi)), 1)
            else:
                v = rng.randint(int(lo), int(hi))
                if "r100" in opts and v >= 100:
                    v = round(v, -2)
                elif "r10" in opts and v >= 10:
                    v = round(v, -1)
        else:
            v = float(spec) if "." in spec else int(spec)
        if "wan" in opts and v >= 10000:
            v = int(round(v, -3))
            num = f"{v / 10000:.1f}".rstrip("0").rstrip(".") + "万"
        elif "cnpct" in opts:
            num = "百分之" + cn_num(int(v))
        elif "cn" in opts:
            num = cn_num(int(v))
        elif "thousands" in opts:
            num = f"{v:,}"
        elif "dec1" in opts:
            num = f"{v:.1f}"
        else:
            num = str(v)
        qual = next((q for q in opts if q in PRE_QUALS + MID_QUALS + POST_QUALS), None)
        pre = qual if qual in PRE_QUALS else ""
        mid = qual if qual in MID_QUALS else ""
        post = qual if qual in POST_QUALS else ""
        written = f"{pre}{num}{mid}{'' if 'cnpct' in opts else unit}{post}"
        value, unit_out = v, unit
        if unit.startswith("万") and unit not in ("万元",):
            value, unit_out = v * 10000, unit[1:]
        figs.append(
            {"label": label, "value": num_value(value), "unit": unit_out or None, "qualifier": qual, "written": written}
        )
        return written

    text = FIG_RE.sub(fig, tpl)
    return Template(text).safe_substitute(ctx)


def pick_sorted(rng: random.Random, items: list, k: int) -> list:
    idx = sorted(rng.sample(range(len(items)), min(k, len(items))))
    return [items[i] for i in idx]


# ---------------------------------------------------------------- documents


@dataclass
class Doc:
    kind: str  # rule_of_law / annual_report / notice / special
    column: str
    path: str
    title: str  # the 名称 / 标题 value of the metadata block
    list_title: str  # as shown in lists and the <h1>
    meta: dict  # index_no category publisher created published docno(raw) keywords validity
    paragraphs: list = field(default_factory=list)  # (kind, text)
    figures: list = field(default_factory=list)
    tables: dict | None = None
    attachments: list = field(default_factory=list)  # (name, href)
    flags: list = field(default_factory=list)
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
        return parse_date(self.meta["published"])


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
    def __init__(self) -> None:
        self.site = load_toml("site.toml")
        self.bureaus = load_toml("bureaus.toml")
        self.rol = load_toml("rule_of_law.toml")
        self.ar = load_toml("annual_reports.toml")
        self.notices = load_toml("notices.toml")["notices"]
        self.seed_meta = load_toml("seed.toml")
        self.narrative = load_toml("rule_of_law_narrative.toml")["narrative"]
        self.seed = self.site["seed"]
        self.ids = IdMaker()
        self.docs: list[Doc] = []
        self.missing: list[Doc] = []

    def rng(self, *key) -> random.Random:
        return random.Random(":".join(str(k) for k in (self.seed, *key)))

    def base_ctx(self, agency: str, year: int) -> dict:
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
        lines = (DATA_DIR / "seed_report.txt").read_text(encoding="utf-8").splitlines()
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

    def build_rule_of_law(self, n: int, spec: dict) -> Doc:
        agency, year = spec["agency"], spec["year"]
        b = self.bureaus[agency]
        key = f"rule_of_law:{agency}:{year}"
        rng = self.rng("rol", agency, year)
        pub = parse_date(spec["published"])
        created = parse_date(spec.get("created", spec["published"]))
        ctx = self.base_ctx(agency, year)
        ctx.update(self.rol["years"][str(year)])
        ctx["docno"] = f"{b['docno']}〔{year}〕{rng.randint(3, 60)}号"
        figs: list[dict] = []
        paras: list[tuple[str, str]] = []
        style = spec.get("title_style", 0)
        if style == 1:
            title = f"{b['full']}关于{year}年度法治政府建设情况的报告"
        elif style == 2:
            title = f"{b['full']}{year}年度法治政府建设工作报告"
        else:
            title = f"{b['full']}{year}年法治政府建设年度报告"

        paras.append(("p", render_text(rng.choice(self.rol["intro"]), ctx, rng, figs)))
        paras.append(("h1", render_text(self.rol["part1"] if rng.random() < 0.6 else self.rol["part1_alt"], ctx, rng, figs)))

        paras.append(("p", render_text(rng.choice(self.rol["part1_lead"]), ctx, rng, figs)))
        # figures are budgeted: each report states between 10 and 25 of them
        budget = rng.randint(14, 24)
        narrative = self.narrative
        themes = []
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
                trial: list[dict] = []
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
        paras.append(("right", cn_date(created) if rng.random() < 0.5 else f"{created.year}年{created.month}月{created.day}日"))

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
        chars = sum(len(t) for k, t in paras)
        if not (10 <= len(figs) <= 25 and 3000 <= chars <= 6000):
            raise ValueError(f"rule-of-law report {agency} {year}: {len(figs)} figures, {chars} chars")
        if spec.get("docwrite_publisher"):
            doc.flags.append("docwrite_publisher")
            doc.meta["publisher"] = b["full"].replace("重庆市", "")
            doc.style = "a"
        return doc

    # ------------------------------------------------------------ annual reports

    T3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    T3_LEAVES_2021 = [
        ("（一）予以公开", None),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
        ("（三）不予公开", "1.属于国家秘密"),
        ("（三）不予公开", "2.其他法律行政法规禁止公开"),
        ("（三）不予公开", "3.危及“三安全一稳定”"),
        ("（三）不予公开", "4.保护第三方合法权益"),
        ("（三）不予公开", "5.属于三类内部事务信息"),
        ("（三）不予公开", "6.属于四类过程性信息"),
        ("（三）不予公开", "7.属于行政执法案卷"),
        ("（三）不予公开", "8.属于行政查询事项"),
        ("（四）无法提供", "1.本机关不掌握相关政府信息"),
        ("（四）无法提供", "2.没有现成信息需要另行制作"),
        ("（四）无法提供", "3.补正后申请内容仍不明确"),
        ("（五）不予处理", "1.信访举报投诉类申请"),
        ("（五）不予处理", "2.重复申请"),
        ("（五）不予处理", "3.要求提供公开出版物"),
        ("（五）不予处理", "4.无正当理由大量反复申请"),
        ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
        ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("（六）其他处理", "3.其他"),
    ]
    LEAF_WEIGHTS = [46, 9, 0.3, 0.6, 0.6, 1.2, 1.2, 1.5, 0.8, 0.8, 18, 3, 2, 2.5, 1.5, 0.5, 0.5, 0.6, 4, 0.3, 3]

    def leaves(self, edition: str) -> list[tuple[str, str | None]]:
        if edition == "2021":
            return list(self.T3_LEAVES_2021)
        return [lf for lf in self.T3_LEAVES_2021 if lf[0] != "（六）其他处理"] + [("（六）其他处理", None)]

    def table3(self, edition: str, scale: int, rng: random.Random) -> dict:
        leaves = self.leaves(edition)
        weights = list(self.LEAF_WEIGHTS)
        if edition != "2021":
            weights = weights[:18] + [sum(weights[18:])]
        shares = [0.72, 0.2, 0.01, 0.015, 0.03, 0.025]
        cols = {"new": [], "carry": [], "leaves": [], "next": []}
        for share in shares:
            new = max(0, int(round(scale * share * rng.uniform(0.7, 1.3))))
            if share < 0.05 and rng.random() < 0.5:
                new = 0
            carry = rng.randint(0, max(0, new // 20)) if new else 0
            total_in = new + carry
            nxt = rng.randint(0, min(3, total_in // 12)) if total_in else 0
            handled = total_in - nxt
            counts = [0] * len(leaves)
            for _ in range(handled):
                counts[rng.choices(range(len(leaves)), weights=weights)[0]] += 1
            cols["new"].append(new)
            cols["carry"].append(carry)
            cols["leaves"].append(counts)
            cols["next"].append(nxt)
        rows: list[tuple[str, list[int]]] = []

        def with_total(vals: list[int]) -> list[int]:
            return vals + [sum(vals)]

        rows.append(("一、本年新收政府信息公开申请数量", with_total(cols["new"])))
        rows.append(("二、上年结转政府信息公开申请数量", with_total(cols["carry"])))
        for li, (grp, sub) in enumerate(leaves):
            label = f"三、本年度办理结果 / {grp}" + (f" / {sub}" if sub else "")
            rows.append((label, with_total([c[li] for c in cols["leaves"]])))
        rows.append(("三、本年度办理结果 / （七）总计", with_total([sum(c) for c in cols["leaves"]])))
        rows.append(("四、结转下年度继续办理", with_total(cols["next"])))
        table = {"columns": self.T3_COLS, "rows": [[label, *vals] for label, vals in rows]}
        # consistency check: 一 + 二 = 三(七) + 四 for every column
        r = {label: vals for label, vals in rows}
        for c in range(7):
            assert (
                r["一、本年新收政府信息公开申请数量"][c] + r["二、上年结转政府信息公开申请数量"][c]
                == r["三、本年度办理结果 / （七）总计"][c] + r["四、结转下年度继续办理"][c]
            )
        return table

    def table3_html(self, edition: str, table: dict, variant: int) -> str:
        leaves = self.leaves(edition)
        vals = {row[0]: row[1:] for row in table["rows"]}
        td = lambda v: f"<td>{v}</td>"  # noqa: E731
        out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%">', "<tbody>"]
        note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        if variant:
            out.append(f'<tr><td colspan="3" rowspan="3">{note}</td><td colspan="7">申请人情况</td></tr>')
            out.append('<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>')
        else:
            out.append(
                f'<tr><td colspan="3" rowspan="2">{note}</td><td rowspan="2">自然人</td>'
                '<td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>'
            )
        out.append("<tr>" + "".join(td(c) for c in self.T3_COLS[1:6]) + "</tr>")
        for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"):
            out.append(f'<tr><td colspan="3">{label}</td>' + "".join(td(v) for v in vals[label]) + "</tr>")
        n_rows = len(leaves) + 1
        first = True
        groups_seen: set[str] = set()
        for grp, sub in leaves + [("（七）总计", None)]:
            key = "三、本年度办理结果 / " + grp + (f" / {sub}" if sub else "")
            cells = ""
            if first:
                cells += f'<td rowspan="{n_rows}">三、本年度办理结果</td>'
                first = False
            if sub is None:
                cells += f'<td colspan="2">{esc(grp)}</td>'
            else:
                if grp not in groups_seen:
                    span = sum(1 for g, _ in leaves if g == grp)
                    cells += f'<td rowspan="{span}">{esc(grp)}</td>'
                    groups_seen.add(grp)
                cells += f"<td>{esc(sub)}</td>"
            out.append("<tr>" + cells + "".join(td(v) for v in vals[key]) + "</tr>")
        label = "四、结转下年度继续办理"
        out.append(f'<tr><td colspan="3">{label}</td>' + "".join(td(v) for v in vals[label]) + "</tr>")
        out += ["</tbody>", "</table>"]
        return "\n".join(out)

    def table4(self, rng: random.Random, scale: int) -> dict:
        def block(n_max: int) -> list[int]:
            vals = [rng.randint(0, n_max) for _ in range(4)]
            return vals + [sum(vals)]

        hi = 2 if scale < 50 else 4
        review = block(hi)
        direct = block(hi - 1)
        after = block(1)
        cols = []
        for grp in ("行政复议", "行政诉讼 / 未经复议直接起诉", "行政诉讼 / 复议后起诉"):
            for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"):
                cols.append(f"{grp} / {c}")
        return {"columns": cols, "values": review + direct + after}

    def table4_html(self, table: dict) -> str:
        res = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        out = [
            '<table border="1" cellspacing="0" cellpadding="0" width="100%">',
            "<tbody>",
            '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>',
            "<tr>"
            + "".join(f'<td rowspan="2">{r}</td>' for r in res)
            + '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>',
            "<tr>" + "".join(f"<td>{r}</td>" for r in res * 2) + "</tr>",
            "<tr>" + "".join(f"<td>{v}</td>" for v in table["values"]) + "</tr>",
            "</tbody>",
            "</table>",
        ]
        return "\n".join(out)

    def table2(self, edition: str, rng: random.Random, scale: int, agency: str) -> list[dict]:
        """Blocks of table 二: each {article, header, rows: [[label, v...]]}."""
        big = scale >= 100
        makes_rules = agency == "qzf"
        if edition == "2021":
            made = rng.randint(2, 9) if makes_rules else rng.randint(0, 3)
            abolished = rng.randint(0, 4) if makes_rules else rng.randint(0, 1)
            current = made + rng.randint(10, 60) if made or makes_rules else rng.randint(0, 8)
            fee = round(rng.uniform(50, 3000), 2) if big else round(rng.uniform(0, 80), 2)
            return [
                {
                    "article": "第二十条第（一）项",
                    "header": ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                    "rows": [["规章", 0, 0, 0], ["行政规范性文件", made, abolished, current]],
                },
                {
                    "article": "第二十条第（五）项",
                    "header": ["信息内容", "本年处理决定数量"],
                    "rows": [["行政许可", rng.randint(200, 6000) if big else rng.randint(0, 900)]],
                },
                {
                    "article": "第二十条第（六）项",
                    "header": ["信息内容", "本年处理决定数量"],
                    "rows": [
                        ["行政处罚", rng.randint(100, 3000) if big else rng.randint(0, 400)],
                        ["行政强制", rng.randint(0, 80) if big else rng.randint(0, 10)],
                    ],
                },
                {
                    "article": "第二十条第（八）项",
                    "header": ["信息内容", "本年收费金额（单位：万元）"],
                    "rows": [["行政事业性收费", fee]],
                },
            ]
        new_rules = rng.randint(2, 9) if makes_rules else rng.randint(0, 3)
        return [
            {
                "article": "第二十条第（一）项",
                "header": ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
                "rows": [["规章", 0, 0, 0], ["规范性文件", new_rules, new_rules, new_rules + rng.randint(5, 60)]],
            },
            {
                "article": "第二十条第（五）项",
                "header": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                "rows": [
                    ["行政许可", rng.randint(20, 300), rng.randint(-5, 8), rng.randint(100, 5000)],
                    ["其他对外管理服务事项", rng.randint(5, 80), rng.randint(-3, 5), rng.randint(10, 900)],
                ],
            },
            {
                "article": "第二十条第（六）项",
                "header": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                "rows": [
                    ["行政处罚", rng.randint(50, 900), rng.randint(-10, 20), rng.randint(20, 2000)],
                    ["行政强制", rng.randint(5, 60), rng.randint(-2, 3), rng.randint(0, 50)],
                ],
            },
            {
                "article": "第二十条第（八）项",
                "header": ["信息内容", "上一年项目数量", "本年增/减"],
                "rows": [["行政事业性收费", rng.randint(3, 40), rng.randint(-3, 2)]],
            },
            {
                "article": "第二十条第（九）项",
                "header": ["信息内容", "采购项目数量", "采购总金额"],
                "rows": [["政府集中采购", rng.randint(5, 200), round(rng.uniform(100, 20000), 2)]],
            },
        ]

    def table2_html(self, blocks: list[dict]) -> str:
        width = max(len(b["header"]) for b in blocks)
        out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%">', "<tbody>"]
        for b in blocks:
            out.append(f'<tr><td colspan="{width}">{b["article"]}</td></tr>')
            hdr = b["header"]
            cells = [f"<td>{h}</td>" for h in hdr]
            if len(hdr) < width:  # widen the last header cell
                cells[-1] = f'<td colspan="{width - len(hdr) + 1}">{hdr[-1]}</td>'
            out.append("<tr>" + "".join(cells) + "</tr>")
            for row in b["rows"]:
                cells = [f"<td>{row[0]}</td>"] + [f"<td>{v}</td>" for v in row[1:]]
                if len(row) < width:
                    cells[-1] = cells[-1].replace("<td>", f'<td colspan="{width - len(row) + 1}">', 1)
                out.append("<tr>" + "".join(cells) + "</tr>")
        out += ["</tbody>", "</table>"]
        return "\n".join(out)

    def build_annual(self, n: int, spec: dict) -> Doc:
        agency, year, edition, scale = spec["agency"], spec["year"], spec["edition"], spec["scale"]
        b = self.bureaus[agency]
        key = f"annual_report:{agency}:{year}"
        rng = self.rng("ar", agency, year)
        pub = parse_date(spec["published"])
        txt = self.ar["text"]
        t3 = self.table3(edition, scale, rng)
        t4 = self.table4(rng, scale)
        t2 = self.table2(edition, rng, scale, agency)
        row = {r[0]: r[1:] for r in t3["rows"]}
        ctx = self.base_ctx(agency, year)
        big = scale >= 100
        ctx.update(
            apply_new=row["一、本年新收政府信息公开申请数量"][6],
            apply_carry=row["二、上年结转政府信息公开申请数量"][6],
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
            apply_person=row["一、本年新收政府信息公开申请数量"][0],
            apply_org=sum(row["一、本年新收政府信息公开申请数量"][1:6]),
            apply_done=row["三、本年度办理结果 / （七）总计"][6],
            apply_next=row["四、结转下年度继续办理"][6],
            review_total=t4["values"][4],
            suit_total=t4["values"][9] + t4["values"][14],
            npc=rng.randint(5, 60) if big else rng.randint(0, 15),
            cppcc=rng.randint(5, 80) if big else rng.randint(0, 15),
        )
        figs: list[dict] = []
        paras: list[tuple[str, str]] = []
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
        paras.append(("raw", self.table2_html(t2)))
        paras.append(("h1", txt["apply_heading"]))
        paras.append(("p", render_text(txt["apply_lead"], ctx, rng, figs)))
        paras.append(("raw", self.table3_html(edition, t3, variant=n % 3 == 2)))
        paras.append(("h1", txt["review_heading"]))
        paras.append(("p", render_text(txt["review_lead"], ctx, rng, figs)))
        paras.append(("raw", self.table4_html(t4)))
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
            ("一、本年新收政府信息公开申请数量", "总计"),
            ("二、上年结转政府信息公开申请数量", "总计"),
            ("三、本年度办理结果 / （一）予以公开", "总计"),
            ("三、本年度办理结果 / （四）无法提供 / 1.本机关不掌握相关政府信息", "总计"),
            ("三、本年度办理结果 / （七）总计", "自然人"),
            ("三、本年度办理结果 / （七）总计", "总计"),
            ("四、结转下年度继续办理", "总计"),
        ]
        for r, c in key_cells:
            figs.append(
                {"label": r.split(" / ")[-1], "value": row[r][self.T3_COLS.index(c)], "unit": "件", "qualifier": None,
                 "table": tname3, "row": r, "column": c}
            )
        lic = next(rw for blk in t2 for rw in blk["rows"] if rw[0] == "行政许可")
        figs.append(
            {"label": "行政许可", "value": lic[-1], "unit": "件", "qualifier": None,
             "table": "二、主动公开政府信息情况", "row": "行政许可",
             "column": "本年处理决定数量" if edition == "2021" else "处理决定数量"}
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
            agency=agency,
            year=year,
            key=key,
        )
        if empty:
            doc.flags.append("empty_fields")
        return doc

    # ------------------------------------------------------------ notices

    def build_notice(self, n: int, spec: dict) -> Doc:
        agency = spec["agency"]
        b = self.bureaus[agency]
        pub = parse_date(spec["published"])
        created = parse_date(spec.get("created", spec["published"]))
        key = f"notice:{agency}:{pub.isoformat()}"
        rng = self.rng("notice", n, spec["title"])
        ctx = self.base_ctx(agency, pub.year)
        figs: list[dict] = []
        paras: list[tuple[str, str]] = []
        for i, p in enumerate(spec["paragraphs"]):
            if p.startswith("#"):
                paras.append(("h1" if re.match(r"^#[一二三四五六七八九十]+、", p) else "center", render_text(p[1:], ctx, rng, figs)))
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
            attachments=[tuple(a) for a in spec.get("attachments", [])],
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


SENTENCE_END = "。；！？"
FIGURE_KEYS = ("label", "value", "unit", "qualifier", "written", "section", "sentence", "table", "row", "column")


def section_paths(doc: Doc) -> list[str]:
    """The section paths of the body ("一、… / （一）…"), in order."""
    out, h1 = [], None
    for kind, text in doc.paragraphs:
        if kind == "h1":
            h1 = text
            out.append(text)
        elif kind == "h2":
            out.append(f"{h1} / {text}" if h1 else text)
    return out


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


# ---------------------------------------------------------------- rendering


class Renderer:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.site = b.site["site"]
        self.columns = {c["slug"]: c for c in b.site["columns"]}

    # chrome ---------------------------------------------------------

    def top(self) -> str:
        nav = self.b.site["nav"]
        subs = [None, nav["zwgk_sub"], nav["zwfw_sub"], nav["hdjl_sub"], nav["zjspb_sub"]]
        items = []
        for (name, href), sub in zip(nav["main"], subs):
            li = f'<li><a class="nav-a" href="{href}" title="{name}">{name}</a>'
            if sub:
                li += '\n<div class="sub">' + "".join(f'<a href="{h}" title="{n}">{n}</a>' for n, h in sub) + "</div>"
            items.append(li + "</li>")
        return T.TOP.substitute(
            site_name=self.site["name"], site_id_code=self.site["site_id_code"], nav_items="\n".join(items)
        )

    def bottom(self) -> str:
        s = self.b.site
        dept_links = "\n".join(
            f'<a href="/bm/{self.slug(d)}/" title="{d}" target="_blank">{d}</a>' for d in s["nav"]["departments"]
        )
        town_links = "\n".join(f'<a href="/zj/{self.slug(t)}/" title="{t}" target="_blank">{t}</a>' for t in s["nav"]["towns"])
        link_options = "\n".join(f'<option value="{h}">{n}</option>' for n, h in s["nav"]["links"])
        dept_options = "\n".join(f'<option value="/bm/{self.slug(d)}/">{d}</option>' for d in s["nav"]["departments"])
        return T.BOTTOM.substitute(
            dept_links=dept_links,
            town_links=town_links,
            link_options=link_options,
            dept_options=dept_options,
            **{k: self.site[k] for k in (
                "site_id_code", "host_unit", "undertake", "domain", "address",
                "postcode", "contact_phone", "icp", "police", "report_phone")},
            site_name=self.site["name"],
        )

    @staticmethod
    def slug(name: str) -> str:
        # a stable ASCII slug for a Chinese name (TRS sites use pinyin initials; we use a hash)
        h = 0
        for ch in name:
            h = (h * 131 + ord(ch)) % 1_000_003
        return f"d{h:06d}"

    def page(self, *, title_tag: str, breadcrumb: str, main: str, meta_tags: str = "", charset: bool = True,
             body_class: str = "") -> str:
        return T.PAGE.substitute(
            charset_meta='<meta charset="utf-8">\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            if charset else "",
            title_tag=esc(title_tag),
            meta_tags=meta_tags,
            css=T.CSS,
            body_class=body_class,
            chrome_top=self.top_html,
            breadcrumb=breadcrumb,
            main=main,
            chrome_bottom=self.bottom_html,
        )

    def prepare(self) -> None:
        self.top_html = self.top()
        self.bottom_html = self.bottom()

    # metadata blocks --------------------------------------------------

    def pub_time(self, doc: Doc) -> str:
        rng = self.b.rng("time", doc.path)
        return f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"

    def info_date(self, doc: Doc) -> str:
        d = doc.published
        return {
            "b": f"{d.isoformat()} {self.pub_time(doc)}",
            "d": f"{d.year}年{d.month:02d}月{d.day:02d}日",
            "e": f"{d.year}.{d.month:02d}.{d.day:02d}",
        }.get(doc.style, d.isoformat())

    def meta_tags(self, doc: Doc) -> str:
        if doc.meta_tags == "none":
            return ""
        col = self.columns[doc.column]
        m = doc.meta
        pub = doc.published
        t = f"{pub.isoformat()} {self.pub_time(doc)}"
        desc = next((txt for k, txt in doc.paragraphs if k == "p"), "")[:80]
        url = f"https://{self.site['domain']}{doc.path}"
        pairs = [
            ("SiteName", self.site["name"]),
            ("SiteDomain", self.site["domain"]),
            ("SiteIDCode", self.site["site_id_code"]),
            ("ColumnName", col["name"]),
            ("ColumnDescription", col["description"]),
            ("ColumnKeywords", col["keywords"]),
            ("ColumnType", "政府信息公开"),
            ("ArticleTitle", doc.list_title),
            ("PubDate", t),
            ("ContentSource", m.get("publisher") or ""),
            ("Keywords", (m.get("keywords") or "").replace(",", " ")),
            ("Author", m.get("publisher") or ""),
            ("Description", desc),
            ("Url", url),
        ]
        if doc.meta_tags == "broken":
            nxt = pub + dt.timedelta(days=1)
            pairs = [(k, f"{t}{nxt.isoformat()} 09:46" if k == "PubDate" else v) for k, v in pairs]
        if doc.meta_tags == "odd":
            if hash_int(doc.path) % 2:  # "2022/1/25 10:30:00"
                pairs = [(k, f"{pub.year}/{pub.month}/{pub.day} {self.pub_time(doc)}:00" if k == "PubDate" else v)
                         for k, v in pairs]
            rename = {"PubDate": " Pubdate ", "ContentSource": "contentSource", "SiteName": "sitename",
                      "ArticleTitle": " ArticleTitle "}
            pairs = [(rename.get(k, k), v) for k, v in pairs]
            pairs.append(("Maketime", t + ":00"))
            pairs.append(("others", f"页面生成时间 {t}:00"))
        return "".join(f'<meta name="{attr(k)}" content="{attr(v)}">\n' for k, v in pairs)

    @staticmethod
    def date_text(iso: str, fmt: str) -> str:
        if not iso:
            return ""
        d = parse_date(iso)
        if fmt == "cn":
            return f"{d.year}年{d.month:02d}月{d.day:02d}日"
        if fmt == "cn_short":
            return f"{d.year}年{d.month}月{d.day}日"
        return d.isoformat()

    def meta_block(self, doc: Doc) -> str:
        m = doc.meta
        docwrite = "docwrite_publisher" in doc.flags
        v = {k: esc(m.get(k) or "") for k in ("index_no", "category", "publisher", "docno", "keywords", "validity")}
        v["title"] = esc(doc.title)
        has_validity = m.get("validity") is not None
        style = doc.style
        if style == "a":
            v["created"], v["published"] = self.date_text(m["created"], "iso"), self.date_text(m["published"], "iso")
            pub_cell = (
                f"<script type=\"text/javascript\">document.write('{v['publisher']}');</script>" if docwrite
                else v["publisher"]
            )
            lab = lambda s: f'<td class="t1"><span class="justify-04">{s}</span>：</td>'  # noqa: E731
            rows = [
                [("索引号", v["index_no"]), ("发布机构", pub_cell), ("主题分类", v["category"])],
                [("成文日期", v["created"]), ("发布日期", v["published"]), ("发文字号", v["docno"])],
            ]
            last = [("主题词", v["keywords"])] + ([("有效性", v["validity"])] if has_validity else [])
            out = ['<div class="xxgk-box">', '<table class="table" cellspacing="0" cellpadding="0">', "<tbody>"]
            for r in rows:
                out.append("<tr>" + "".join(f'{lab(a)}<td class="t2">{b}</td>' for a, b in r) + "</tr>")
            out.append(f'<tr>{lab("标题")}<td class="t2" colspan="5">{v["title"]}</td></tr>')
            out.append("<tr>" + "".join(f'{lab(a)}<td class="t2">{b}</td>' for a, b in last)
                       + ('<td class="t1"></td><td class="t2"></td>' if not has_validity else "")
                       + '<td class="t1"></td><td class="t2"></td></tr>')
            out += ["</tbody>", "</table>", '<table class="table-wap" cellspacing="0" cellpadding="0">', "<tbody>"]
            for a, b in [rows[0][0], rows[0][1], rows[0][2], rows[1][0], rows[1][1], rows[1][2], ("标题", v["title"])] + last:
                out.append(f'<tr>{lab(a)}<td class="t2">{b}</td></tr>')
            out += ["</tbody>", "</table>", "</div>"]
            return "\n".join(out)
        if style == "b":
            items = [("索引号", v["index_no"], ""), ("信息分类", v["category"], ""), ("发布机构", v["publisher"], ""),
                     ("生成日期", m["created"], ""), ("发布日期", m["published"], ""), ("名称", v["title"], "w100"),
                     ("文号", v["docno"], ""), ("主题词", v["keywords"], "")]
            if has_validity:
                items.append(("有效性", v["validity"], ""))
            lis = "\n".join(
                f'<li{f" class={chr(34)}{c}{chr(34)}" if c else ""}><span>{a}：</span><p>{b}</p></li>' for a, b, c in items
            )
            return f'<div class="xxgk-box">\n<ul class="xxgk-info clearfix">\n{lis}\n</ul>\n</div>'
        if style == "c":
            items = [("索引号", v["index_no"]), ("信息分类名称", v["category"]), ("发布机构", v["publisher"]),
                     ("生成日期", m["created"]), ("发布日期", m["published"]), ("名称", v["title"]),
                     ("文号", v["docno"]), ("主题词", v["keywords"])]
            if has_validity:
                items.append(("有效性", v["validity"]))
            divs = "\n".join(f'<div class="xxgk-item"><label>{a}:</label><span>{b}</span></div>' for a, b in items)
            return f'<div class="xxgk-box xxgk-c">\n{divs}\n</div>'
        if style == "d":
            lines = [
                [("索引号", v["index_no"]), ("主题分类", v["category"]), ("发文机关", v["publisher"])],
                [("印发日期", self.date_text(m["created"], "cn")), ("发布日期", self.date_text(m["published"], "cn")),
                 ("文号", v["docno"])],
                [("标题", v["title"])],
                [("主题词", v["keywords"])] + ([("有效性", v["validity"])] if has_validity else []),
            ]
            ps = "\n".join(
                '<p class="info-line">' + " | ".join(f"{a}：{b}" for a, b in line) + "</p>" for line in lines
            )
            return f'<div class="xxgk-box xxgk-d">\n{ps}\n</div>'
        # style e: <td><strong>label</strong></td> without colon, spaced labels, comment-wrapped values
        pairs = [("索 引 号", v["index_no"], "索引号"), ("信息分类", v["category"], None),
                 ("发布机构", v["publisher"], None), ("成文日期", self.date_text(m["created"], "cn_short"), None),
                 ("发布日期", self.date_text(m["published"], "cn_short"), "发布日期"), ("标 题", v["title"], "标题"),
                 ("文 号", v["docno"], "文号"), ("主 题 词", v["keywords"], None)]
        if has_validity:
            pairs.append(("有 效 性", v["validity"], None))
        if len(pairs) % 2:
            pairs.append(("", "", None))
        gap = ("&nbsp;", "&ensp;", "　", " ")[hash_int(doc.path) % 4]
        pairs = [(a.replace(" ", gap), b, c) for a, b, c in pairs]
        cell = lambda b, c: f"<!--{c}开始-->{b}<!--{c}结束-->" if c else b  # noqa: E731
        rows = []
        for i in range(0, len(pairs), 2):
            rows.append("<tr>" + "".join(
                f'<td class="lab"><strong>{a}</strong></td><td>{cell(b, c)}</td>' for a, b, c in pairs[i:i + 2]
            ) + "</tr>")
        return ('<div class="xxgk-box">\n<table class="gk-meta" border="0" cellspacing="0" cellpadding="0">\n<tbody>\n'
                + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")

    # bodies ---------------------------------------------------------------

    def body(self, doc: Doc) -> str:
        word = "seed" not in doc.flags and hash_int(doc.path) % 4 == 0
        if word:
            return self.body_word(doc)
        heading_font = "黑体" if hash_int(doc.path) % 2 else "方正黑体_GBK"
        out = []
        for kind, text in doc.paragraphs:
            if kind == "raw":
                out.append(text)
            elif kind == "h1":
                out.append(f'<p style="text-indent: 2em; text-align: justify;"><span style="font-family: {heading_font};">'
                           f"{esc(text)}</span></p>")
            elif kind == "h2":
                out.append(f'<p style="text-indent: 2em; text-align: justify;"><strong><span style="font-family: 楷体_GB2312;">'
                           f"{esc(text)}</span></strong></p>")
            elif kind == "right":
                out.append(f'<p style="text-align: right;">{esc(text)}</p>')
            elif kind == "center":
                out.append(f'<p style="text-align: center;"><strong>{esc(text)}</strong></p>')
            elif kind == "plain":
                out.append(f"<p>{esc(text)}</p>")
            else:
                out.append(f'<p style="text-indent: 2em; text-align: justify;">{esc(text)}</p>')
        return "\n".join(out)

    ASCII_RUN = re.compile(r"([0-9A-Za-z.,%:/+\-]+)")

    def word_runs(self, text: str, font: str) -> str:
        """Text as Word saves it: ASCII runs in their own lang="EN-US" spans (inline)."""
        style = f"font-size:16.0pt;font-family:{font}"
        parts = []
        for i, run in enumerate(self.ASCII_RUN.split(text)):
            if not run:
                continue
            if i % 2:
                parts.append(f'<span lang="EN-US" style="{style};mso-fareast-font-family:{font}">{esc(run)}</span>')
            else:
                parts.append(f'<span style="{style}">{esc(run)}</span>')
        return "".join(parts)

    def body_word(self, doc: Doc) -> str:
        p_style = "text-indent:32.0pt;line-height:28.0pt;mso-line-height-rule:exactly"
        out = ['<div class="WordSection1" style="layout-grid:15.6pt">']
        for kind, text in doc.paragraphs:
            if kind == "raw":
                out.append(text)
            elif kind == "h1":
                out.append(f'<p class="MsoNormal" style="{p_style}">{self.word_runs(text, "黑体")}</p>')
            elif kind == "h2":
                out.append(f'<p class="MsoNormal" style="{p_style}"><b>{self.word_runs(text, "楷体_GB2312")}</b></p>')
            elif kind == "right":
                out.append(f'<p class="MsoNormal" align="right" style="text-align:right;line-height:28.0pt">'
                           f'{self.word_runs(text, "仿宋_GB2312")}</p>')
            elif kind == "center":
                out.append(f'<p class="MsoNormal" align="center" style="text-align:center;line-height:28.0pt">'
                           f'<b>{self.word_runs(text, "方正小标宋_GBK")}</b></p>')
            elif kind == "plain":
                out.append(f'<p class="MsoNormal" style="line-height:28.0pt">{self.word_runs(text, "仿宋_GB2312")}</p>')
            else:
                out.append(f'<p class="MsoNormal" style="{p_style}">{self.word_runs(text, "仿宋_GB2312")}</p>')
        out.append("</div>")
        return "\n".join(out)

    def attachments_html(self, doc: Doc) -> str:
        if not doc.attachments:
            return ""
        links = "\n".join(f'<a href="{attr(h)}" target="_blank" title="{attr(n)}">附件：{esc(n)}</a>' for n, h in doc.attachments)
        return f'<div class="fj">\n<p>相关附件：</p>\n{links}\n</div>\n'

    def related(self, doc: Doc) -> str:
        same = [d for d in self.b.docs if d.column == doc.column and d.path != doc.path and d.kind != "special"]
        same.sort(key=lambda d: (d.meta["published"], d.path), reverse=True)
        items = []
        for d in same[:5]:
            href = "../" + d.path.rsplit("/", 2)[1] + "/" + d.path.rsplit("/", 1)[1]
            items.append(f'<li><a href="{href}" title="{attr(d.list_title)}">{esc(d.list_title)}</a><span>{d.meta["published"]}</span></li>')
        return '<div class="related">\n<h3>相关文章</h3>\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>"

    def breadcrumb_detail(self, doc: Doc) -> str:
        col = self.columns[doc.column]
        return ('<a href="../../../" title="首页">首页</a> &gt; <a href="../../" title="政务公开">政务公开</a> &gt; '
                f'<a href="../" title="{col["name"]}">{col["name"]}</a> &gt; <span>正文</span>')

    def detail(self, doc: Doc) -> str:
        if "soft_error" in doc.flags:
            main = ('<div class="detail clearfix">\n<div class="article" style="text-align:center;padding:80px 0;">\n'
                    '<p style="font-size:22px;color:#b7181d;">对不起，该信息不存在或已被删除！</p>\n'
                    '<p>可能的原因：信息已过期或被撤回，请返回<a href="/index.html">网站首页</a>浏览其他信息。</p>\n'
                    "</div>\n</div>")
            return self.page(title_tag=f"提示信息_{self.site['name']}", breadcrumb=self.breadcrumb_detail(doc), main=main)
        subtitle = f'<p class="subtitle" style="text-align:center;">{esc(doc.subtitle)}</p>\n' if doc.subtitle else ""
        main = T.ARTICLE.substitute(
            meta_block=self.meta_block(doc),
            title=esc(doc.list_title),
            subtitle=subtitle,
            pub_date=self.info_date(doc),
            source=esc(doc.meta["publisher"] or ""),
            body=self.body(doc),
            attachments=self.attachments_html(doc),
            related=self.related(doc),
        )
        return self.page(
            title_tag=f"{doc.list_title}_{self.site['name']}",
            breadcrumb=self.breadcrumb_detail(doc),
            main=main,
            meta_tags=self.meta_tags(doc),
            charset="gbk" not in doc.flags,
        )

    # lists ------------------------------------------------------------------

    def menu_items(self, current: str | None, prefix: str) -> str:
        items = []
        for c in self.b.site["columns"]:
            on = ' class="on"' if c["slug"] == current else ""
            items.append(f'<li{on}><a href="{prefix}{c["slug"]}/" title="{c["name"]}">{c["name"]}</a></li>')
        for e in self.b.site["extra_columns"]:
            items.append(f'<li><a href="{e["href"]}" title="{e["name"]}">{e["name"]}</a></li>')
        return "\n".join(items)

    def list_page(self, col: dict, docs: list[Doc], page: int, total: int, per: int) -> str:
        items = []
        for d in docs[page * per:(page + 1) * per]:
            href = "./" + d.path.rsplit("/", 2)[1] + "/" + d.path.rsplit("/", 1)[1]
            items.append(f'<li><a href="{href}" target="_blank" title="{attr(d.list_title)}">{esc(d.list_title)}</a>'
                         f'<span>{d.meta["published"]}</span></li>')
        name = col["name"] + (f"（{col['alt_name']}）" if col.get("alt_name") else "")
        main = T.LIST_MAIN.substitute(
            section_name="政府信息公开", menu_items=self.menu_items(col["slug"], "../"), column_name=name,
            items="\n".join(items) if items else "<li>暂无信息</li>", total_pages=total, current=page,
        )
        bc = ('<a href="../../" title="首页">首页</a> &gt; <a href="../" title="政务公开">政务公开</a> &gt; '
              f'<a href="./" title="{col["name"]}">{col["name"]}</a>')
        return self.page(title_tag=f"{col['name']}_{self.site['name']}", breadcrumb=bc, main=main)

    def zwgk_home(self, by_col: dict[str, list[Doc]]) -> str:
        blocks = []
        for c in self.b.site["columns"]:
            items = "\n".join(
                f'<li><a href="./{c["slug"]}/{d.path.rsplit("/", 2)[1]}/{d.path.rsplit("/", 1)[1]}" target="_blank" '
                f'title="{attr(d.list_title)}">{esc(d.list_title)}</a><span>{d.meta["published"]}</span></li>'
                for d in by_col[c["slug"]][:5]
            )
            blocks.append(f'<div class="right-list">\n<div class="tit">{c["name"]}<a href="./{c["slug"]}/" '
                          f'style="float:right;font-size:14px;">更多&gt;&gt;</a></div>\n<ul class="list">\n{items}\n</ul>\n</div>')
        main = ('<div class="clearfix">\n<div class="left-menu">\n<h2>政府信息公开</h2>\n<ul>\n'
                + self.menu_items(None, "./") + "\n</ul>\n</div>\n" + "\n".join(blocks) + "\n</div>")
        bc = '<a href="../" title="首页">首页</a> &gt; <a href="./" title="政务公开">政务公开</a>'
        return self.page(title_tag=f"政务公开_{self.site['name']}", breadcrumb=bc, main=main)

    def home(self, latest: list[Doc]) -> str:
        items = "\n".join(
            f'<li><a href="{d.path}" target="_blank" title="{attr(d.list_title)}">{esc(d.list_title)}</a>'
            f'<span>{d.meta["published"]}</span></li>'
            for d in latest
        )
        cols = "\n".join(
            f'<li><a href="/{ZWGK}/{c["slug"]}/" title="{c["name"]}">{c["name"]}</a></li>' for c in self.b.site["columns"]
        )
        main = ('<div class="clearfix">\n<div class="left-menu">\n<h2>政务公开</h2>\n<ul>\n'
                f'<li class="on"><a href="/{ZWGK}/index.html" title="政府信息公开">政府信息公开</a></li>\n{cols}\n</ul>\n</div>\n'
                '<div class="right-list">\n<div class="tit">最新公开<a href="/zwgk_235/index.html" '
                'style="float:right;font-size:14px;">更多&gt;&gt;</a></div>\n'
                f'<ul class="list">\n{items}\n</ul>\n</div>\n</div>')
        return self.page(title_tag=self.site["name"], breadcrumb='<a href="/index.html" title="首页">首页</a>', main=main)

    def stub_list(self, name: str) -> str:
        main = T.LIST_MAIN.substitute(
            section_name="政府信息公开", menu_items=self.menu_items(None, "/zwgk_235/"), column_name=name,
            items="<li>暂无信息</li>", total_pages=1, current=0,
        )
        bc = '<a href="/index.html" title="首页">首页</a> &gt; <a href="/zwgk_235/index.html" title="政务公开">政务公开</a> &gt; ' + esc(name)
        return self.page(title_tag=f"{name}_{self.site['name']}", breadcrumb=bc, main=main)


def hash_int(s: str) -> int:
    h = 0
    for ch in s:
        h = (h * 31 + ord(ch)) % 2_147_483_647
    return h


def make_pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF (ASCII text, Helvetica), written by hand."""
    text = "BT /F1 14 Tf 60 780 Td 18 TL " + " ".join(f"({ln}) Tj T*" for ln in lines) + " ET"
    stream = text.encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def http_date(d: dt.date, hour: int = 9, minute: int = 30) -> str:
    local = dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return format_datetime(local.astimezone(dt.timezone.utc), usegmt=True)


def attachment_type(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    return ext if ext in ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "zip") else "other"


def resolve(base_path: str, href: str) -> str:
    if href.startswith("/"):
        return href
    parts = base_path.split("/")[:-1]
    for seg in href.split("/"):
        if seg in (".", ""):
            continue
        if seg == "..":
            parts.pop()
        else:
            parts.append(seg)
    return "/".join(parts)


# ---------------------------------------------------------------- build


def build(site_dir: Path = DEFAULT_SITE_DIR, manifest_path: Path = DEFAULT_MANIFEST) -> dict:
    site_dir = Path(site_dir)
    if site_dir.exists():
        if any(site_dir.iterdir()) and not (site_dir / MARKER).exists():
            raise SystemExit(f"refusing to overwrite {site_dir}: not a sample-site directory")
        shutil.rmtree(site_dir)
    b = Builder()
    b.build_all()
    r = Renderer(b)
    r.prepare()
    files: dict[str, bytes] = {}
    headers: dict[str, dict] = {}
    per = b.site["items_per_page"]

    # detail pages
    for doc in b.docs:
        page = r.detail(doc)
        data = page.encode("gbk") if "gbk" in doc.flags else page.encode("utf-8")
        files[doc.path] = data
        h = {"Last-Modified": http_date(doc.published)}
        if "gbk" in doc.flags:
            h["Content-Type"] = "text/html"
        headers[doc.path] = h
        for name, href in doc.attachments:
            target = resolve(doc.path, href)
            if target.endswith("P020220125123456.pdf"):
                files[target] = make_pdf([
                    "Shapingba District urban road temporary parking rules",
                    "Chongqing Shapingba District People's Government Office",
                    "Document Shafubanfa (2022) No. 15 - full text attachment",
                    "Published 2022-01-25",
                ])
                headers[target] = {"Last-Modified": http_date(doc.published)}

    # lists
    by_col: dict[str, list[Doc]] = {}
    columns_manifest = []
    list_pages: list[str] = []
    for c in b.site["columns"]:
        docs = [d for d in b.docs + b.missing if d.column == c["slug"]]
        docs.sort(key=lambda d: (d.meta["published"], d.path), reverse=True)
        by_col[c["slug"]] = [d for d in docs if d.kind != "special"]
        total = max(1, -(-len(docs) // per))
        pages = []
        for p in range(total):
            path = f"/{ZWGK}/{c['slug']}/index{'' if p == 0 else f'_{p}'}.html"
            files[path] = r.list_page(c, docs, p, total, per).encode("utf-8")
            headers[path] = {"Last-Modified": http_date(docs[0].published)}
            pages.append(path)
        list_pages += pages
        columns_manifest.append({
            "slug": c["slug"], "name": c["name"], "kind": c["kind"], "path": f"/{ZWGK}/{c['slug']}/",
            "items": len(docs), "total_pages": total, "list_pages": pages,
            "items_order": [d.path for d in docs],
        })
    latest = sorted((d for d in b.docs if d.kind != "special"), key=lambda d: (d.meta["published"], d.path), reverse=True)
    files[f"/{ZWGK}/index.html"] = r.zwgk_home(by_col).encode("utf-8")
    files["/index.html"] = r.home(latest[:10]).encode("utf-8")
    stubs = []
    known = {f"/{ZWGK}/{c['slug']}/" for c in b.site["columns"]}
    stub_names = {h: n for n, h in b.site["nav"]["zwgk_sub"]}
    stub_names.update({e["href"]: e["name"] for e in b.site["extra_columns"]})
    for href, name in sorted(stub_names.items()):
        if href in known or not href.startswith(f"/{ZWGK}/"):
            continue
        path = href + "index.html"
        files[path] = r.stub_list(name).encode("utf-8")
        stubs.append(path)
    files["/robots.txt"] = T.ROBOTS.encode("utf-8")
    files["/js/common.js"] = T.COMMON_JS.encode("utf-8")

    # manifest
    details = {}
    n_sentence = n_cells = 0
    for doc in b.docs + b.missing:
        entry: dict = {
            "key": doc.key or ("seed" if "seed" in doc.flags else doc.flags[0]),
            "kind": doc.kind,
            "column": doc.column,
            "http_status": doc.http_status,
            "page_status": doc.page_status,
            "flags": doc.flags,
            "list_title": doc.list_title,
        }
        if doc.kind != "special":
            m = doc.meta
            entry.update({
                "encoding": "gbk" if "gbk" in doc.flags else "utf-8",
                "content_type": "text/html" if "gbk" in doc.flags else "text/html; charset=utf-8",
                "meta_style": doc.style,
                "meta_tags": doc.meta_tags,
                "agency": doc.agency,
                "year": doc.year,
                "index_no": m["index_no"] or None,
                "category": m["category"] or None,
                "publisher": m["publisher"] or None,
                "created_date": m["created"] or None,
                "published_date": m["published"] or None,
                "title": doc.title or None,
                "doc_number": normalise_docno(m["docno"]),
                "doc_number_as_written": m["docno"] or None,
                "keywords": m["keywords"] or None,
                "validity": m["validity"],
                "attachments": [
                    {"name": n, "url": resolve(doc.path, h), "type": attachment_type(n),
                     "exists": resolve(doc.path, h) in files}
                    for n, h in doc.attachments
                ],
                "figures": [{k: f.get(k) for k in FIGURE_KEYS if f.get(k) is not None or k in FIGURE_KEYS[:4]}
                            for f in doc.figures],
                "body_chars": sum(len(t) for k, t in doc.paragraphs if k != "raw"),
                "sections": section_paths(doc),
            })
            n_sentence += sum(1 for f in doc.figures if "table" not in f)
            if doc.tables:
                entry["tables"] = doc.tables
                t2 = sum(len(rw) - 1 for blk in doc.tables["table2"] for rw in blk["rows"])
                t3 = sum(len(rw) - 1 for rw in doc.tables["table3"]["rows"])
                t4 = len(doc.tables["table4"]["values"])
                entry["table_cells"] = t2 + t3 + t4
                n_cells += t2 + t3 + t4
        details[doc.path] = entry
    attachments = {}
    for path in files:
        if path.endswith(".pdf"):
            attachments[path] = {"http_status": 200, "page_status": "not_html", "content_type": "application/pdf"}
    for doc in b.docs:
        for n, h in doc.attachments:
            p = resolve(doc.path, h)
            if p not in files:
                attachments[p] = {"http_status": 404, "page_status": "error_page", "content_type": None}

    def first(flag: str) -> str:
        return next(d.path for d in b.docs + b.missing if flag in d.flags)

    kinds: dict[str, int] = {}
    for d in b.docs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    manifest = {
        "about": "Ground truth of the bundled sample site (generated by govdocs.samplesite.build; do not edit).",
        "site": {"name": b.site["site"]["name"], "domain": b.site["site"]["domain"],
                 "site_id_code": b.site["site"]["site_id_code"], "home": "/index.html",
                 "disclosure_home": f"/{ZWGK}/index.html"},
        "seed": b.seed,
        "notes": {
            "figures": "value as written (Chinese numerals converted; 万 in a count unit multiplied out, 万元 kept); "
                       "table figures carry table/row/column. Generated text: every number-with-unit in a sentence "
                       "is listed (years, dates, ordinals, 文号, phone numbers, ratios like 1∶3 are not figures); "
                       "the seed page lists its figures by hand; annual reports list a few key table cells "
                       "(all cells are under tables)",
            "title": "the 名称/标题 value of the metadata block; list_title is the page <h1> (may carry [已废止])",
            "publisher": "as printed in the metadata block (the docwrite page prints it with document.write)",
            "doc_number": "normalised: no inner spaces, brackets 〔〕; doc_number_as_written keeps the page's form",
            "url_aliases": "a directory URL serves its index.html; menus and breadcrumbs link columns as ./slug/ "
                           "and ../, so a crawler meets both forms of the same list page",
        },
        "totals": {
            "detail_pages": len(b.docs) + len(b.missing),
            "detail_pages_served": len(b.docs),
            "detail_pages_ok": sum(1 for d in b.docs if d.page_status == "ok"),
            "by_kind": dict(sorted(kinds.items())),
            "list_pages": len(list_pages),
            "stub_list_pages": len(stubs),
            "figures_in_sentences": n_sentence,
            "table_cells": n_cells,
            "figures_total": n_sentence + n_cells,
            "files": len(files),
        },
        "columns": columns_manifest,
        "list_pages": list_pages,
        "stub_list_pages": stubs,
        "url_aliases": {p[: -len("index.html")]: p for p in sorted(files) if p.endswith("/index.html")},
        "special": {
            "seed": first("seed"),
            "gbk": first("gbk"),
            "docwrite_publisher": first("docwrite_publisher"),
            "empty_fields": first("empty_fields"),
            "soft_error": first("soft_error"),
            "missing": first("missing"),
            "pdf_attachment_page": next(d.path for d in b.docs if any(h.endswith(".pdf") for _, h in d.attachments)),
            "pdf": next(p for p in files if p.endswith("P020220125123456.pdf")),
            "abolished_title": first("abolished_title"),
        },
        "details": details,
        "attachments": dict(sorted(attachments.items())),
    }

    headers_doc = {"about": "Per-file response headers of the sample-site server (overrides of the defaults).",
                   "files": dict(sorted(headers.items()))}
    files["/" + HEADERS_FILE] = (json.dumps(headers_doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
    for path, data in sorted(files.items()):
        out = site_dir / path.lstrip("/")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    Path(manifest_path).parent.mkdir(parents=True, exist_ok=True)
    Path(manifest_path).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="write OUT/site and OUT/manifest.json instead of the package copy")
    args = ap.parse_args(argv)
    if args.out:
        m = build(args.out / "site", args.out / "manifest.json")
    else:
        m = build()
    t = m["totals"]
    print(f"{t['files']} files: {t['detail_pages_served']} detail pages ({t['by_kind']}), {t['list_pages']} list pages, "
          f"{t['figures_total']} figures ({t['figures_in_sentences']} in sentences, {t['table_cells']} table cells)")


if __name__ == "__main__":
    main()
