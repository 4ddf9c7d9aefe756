"""HTML of the sample site: every page, from a `Doc` and the site's data, plus the one PDF.

The markup imitates a TRS-generated district portal; the page skeletons, CSS and JS are in
`templates`. Markup variety is deterministic: it follows `hash_int(path)` or the document's
own `style` / `meta_tags`, never the order of a run.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from tools.samplesite import templates as T
from tools.samplesite.annual_tables import T3_COLS, T4_RESULTS, Table2Block, Table3, Table4, leaves
from tools.samplesite.content import ZWGK, Builder, Doc


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


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


# ---------------------------------------------------------------- annual-report tables


def _td(v: object) -> str:
    return f"<td>{v}</td>"


def table3_html(edition: str, table: Table3, variant: bool) -> str:
    rows_leaves = leaves(edition)
    vals = {row[0]: row[1:] for row in table["rows"]}
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
    out.append("<tr>" + "".join(_td(c) for c in T3_COLS[1:6]) + "</tr>")
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"):
        out.append(f'<tr><td colspan="3">{label}</td>' + "".join(_td(v) for v in vals[label]) + "</tr>")
    n_rows = len(rows_leaves) + 1
    first = True
    groups_seen: set[str] = set()
    for grp, sub in [*rows_leaves, ("（七）总计", None)]:
        key = "三、本年度办理结果 / " + grp + (f" / {sub}" if sub else "")
        cells = ""
        if first:
            cells += f'<td rowspan="{n_rows}">三、本年度办理结果</td>'
            first = False
        if sub is None:
            cells += f'<td colspan="2">{esc(grp)}</td>'
        else:
            if grp not in groups_seen:
                span = sum(1 for g, _ in rows_leaves if g == grp)
                cells += f'<td rowspan="{span}">{esc(grp)}</td>'
                groups_seen.add(grp)
            cells += f"<td>{esc(sub)}</td>"
        out.append("<tr>" + cells + "".join(_td(v) for v in vals[key]) + "</tr>")
    label = "四、结转下年度继续办理"
    out.append(f'<tr><td colspan="3">{label}</td>' + "".join(_td(v) for v in vals[label]) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def table4_html(table: Table4) -> str:
    res = list(T4_RESULTS)
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


def table2_html(blocks: list[Table2Block]) -> str:
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


# ---------------------------------------------------------------- pages


def _meta_label(label: str) -> str:
    """A label cell of metadata style a (cq.gov.cn: justified 4-em labels)."""
    return f'<td class="t1"><span class="justify-04">{label}</span>：</td>'


def _comment_wrapped(value: str, name: str | None) -> str:
    """A value of metadata style e, wrapped in TRS's <!--名开始-->…<!--名结束--> comments."""
    return f"<!--{name}开始-->{value}<!--{name}结束-->" if name else value


class Renderer:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.site = b.site["site"]
        self.columns = {c["slug"]: c for c in b.site["columns"]}
        self.top_html = self.top()
        self.bottom_html = self.bottom()

    # chrome ---------------------------------------------------------

    def top(self) -> str:
        nav = self.b.site["nav"]
        subs = [None, nav["zwgk_sub"], nav["zwfw_sub"], nav["hdjl_sub"], nav["zjspb_sub"]]
        items = []
        for (name, href), sub in zip(nav["main"], subs, strict=True):
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
        town_links = "\n".join(
            f'<a href="/zj/{self.slug(t)}/" title="{t}" target="_blank">{t}</a>' for t in s["nav"]["towns"]
        )
        link_options = "\n".join(f'<option value="{h}">{n}</option>' for n, h in s["nav"]["links"])
        dept_options = "\n".join(f'<option value="/bm/{self.slug(d)}/">{d}</option>' for d in s["nav"]["departments"])
        return T.BOTTOM.substitute(
            dept_links=dept_links,
            town_links=town_links,
            link_options=link_options,
            dept_options=dept_options,
            **{
                k: self.site[k]
                for k in (
                    "site_id_code",
                    "host_unit",
                    "undertake",
                    "domain",
                    "address",
                    "postcode",
                    "contact_phone",
                    "icp",
                    "police",
                    "report_phone",
                )
            },
            site_name=self.site["name"],
        )

    @staticmethod
    def slug(name: str) -> str:
        # a stable ASCII slug for a Chinese name (TRS sites use pinyin initials; we use a hash)
        h = 0
        for ch in name:
            h = (h * 131 + ord(ch)) % 1_000_003
        return f"d{h:06d}"

    def page(
        self,
        *,
        title_tag: str,
        breadcrumb: str,
        main: str,
        meta_tags: str = "",
        charset: bool = True,
        body_class: str = "",
    ) -> str:
        return T.PAGE.substitute(
            charset_meta='<meta charset="utf-8">\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            if charset
            else "",
            title_tag=esc(title_tag),
            meta_tags=meta_tags,
            css=T.CSS,
            body_class=body_class,
            chrome_top=self.top_html,
            breadcrumb=breadcrumb,
            main=main,
            chrome_bottom=self.bottom_html,
        )

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
                pairs = [
                    (k, f"{pub.year}/{pub.month}/{pub.day} {self.pub_time(doc)}:00" if k == "PubDate" else v)
                    for k, v in pairs
                ]
            rename = {
                "PubDate": " Pubdate ",
                "ContentSource": "contentSource",
                "SiteName": "sitename",
                "ArticleTitle": " ArticleTitle ",
            }
            pairs = [(rename.get(k, k), v) for k, v in pairs]
            pairs.append(("Maketime", t + ":00"))
            pairs.append(("others", f"页面生成时间 {t}:00"))
        return "".join(f'<meta name="{attr(k)}" content="{attr(v)}">\n' for k, v in pairs)

    @staticmethod
    def date_text(iso: str, fmt: str) -> str:
        if not iso:
            return ""
        d = dt.date.fromisoformat(iso)
        if fmt == "cn":
            return f"{d.year}年{d.month:02d}月{d.day:02d}日"
        if fmt == "cn_short":
            return f"{d.year}年{d.month}月{d.day}日"
        return d.isoformat()

    def meta_block(self, doc: Doc) -> str:
        """The 信息公开 metadata block in the document's markup style (a–e, see the README)."""
        m = doc.meta
        v = {k: esc(m.get(k) or "") for k in ("index_no", "category", "publisher", "docno", "keywords", "validity")}
        v["title"] = esc(doc.title)
        styles = {"a": self.meta_a, "b": self.meta_b, "c": self.meta_c, "d": self.meta_d, "e": self.meta_e}
        return styles[doc.style](doc, v, m.get("validity") is not None)

    def meta_a(self, doc: Doc, v: dict[str, str], has_validity: bool) -> str:
        """cq.gov.cn: <table class="table"> with justified labels, and a table-wap mobile copy."""
        m = doc.meta
        created, published = self.date_text(m["created"], "iso"), self.date_text(m["published"], "iso")
        pub_cell = (
            f"<script type=\"text/javascript\">document.write('{v['publisher']}');</script>"
            if "docwrite_publisher" in doc.flags
            else v["publisher"]
        )
        rows = [
            [("索引号", v["index_no"]), ("发布机构", pub_cell), ("主题分类", v["category"])],
            [("成文日期", created), ("发布日期", published), ("发文字号", v["docno"])],
        ]
        last = [("主题词", v["keywords"])] + ([("有效性", v["validity"])] if has_validity else [])
        out = ['<div class="xxgk-box">', '<table class="table" cellspacing="0" cellpadding="0">', "<tbody>"]
        for r in rows:
            out.append("<tr>" + "".join(f'{_meta_label(a)}<td class="t2">{b}</td>' for a, b in r) + "</tr>")
        out.append(f'<tr>{_meta_label("标题")}<td class="t2" colspan="5">{v["title"]}</td></tr>')
        out.append(
            "<tr>"
            + "".join(f'{_meta_label(a)}<td class="t2">{b}</td>' for a, b in last)
            + ('<td class="t1"></td><td class="t2"></td>' if not has_validity else "")
            + '<td class="t1"></td><td class="t2"></td></tr>'
        )
        out += ["</tbody>", "</table>", '<table class="table-wap" cellspacing="0" cellpadding="0">', "<tbody>"]
        for a, b in [*rows[0], *rows[1], ("标题", v["title"]), *last]:
            out.append(f'<tr>{_meta_label(a)}<td class="t2">{b}</td></tr>')
        out += ["</tbody>", "</table>", "</div>"]
        return "\n".join(out)

    def meta_b(self, doc: Doc, v: dict[str, str], has_validity: bool) -> str:
        """ul.xxgk-info li > span + p."""
        m = doc.meta
        items = [
            ("索引号", v["index_no"], ""),
            ("信息分类", v["category"], ""),
            ("发布机构", v["publisher"], ""),
            ("生成日期", m["created"], ""),
            ("发布日期", m["published"], ""),
            ("名称", v["title"], "w100"),
            ("文号", v["docno"], ""),
            ("主题词", v["keywords"], ""),
        ]
        if has_validity:
            items.append(("有效性", v["validity"], ""))
        lis = "\n".join(
            f"<li{f' class={chr(34)}{c}{chr(34)}' if c else ''}><span>{a}：</span><p>{b}</p></li>" for a, b, c in items
        )
        return f'<div class="xxgk-box">\n<ul class="xxgk-info clearfix">\n{lis}\n</ul>\n</div>'

    def meta_c(self, doc: Doc, v: dict[str, str], has_validity: bool) -> str:
        """div > label + span (the seed page's markup)."""
        m = doc.meta
        items = [
            ("索引号", v["index_no"]),
            ("信息分类名称", v["category"]),
            ("发布机构", v["publisher"]),
            ("生成日期", m["created"]),
            ("发布日期", m["published"]),
            ("名称", v["title"]),
            ("文号", v["docno"]),
            ("主题词", v["keywords"]),
        ]
        if has_validity:
            items.append(("有效性", v["validity"]))
        divs = "\n".join(f'<div class="xxgk-item"><label>{a}:</label><span>{b}</span></div>' for a, b in items)
        return f'<div class="xxgk-box xxgk-c">\n{divs}\n</div>'

    def meta_d(self, doc: Doc, v: dict[str, str], has_validity: bool) -> str:
        """Pipe-separated lines."""
        m = doc.meta
        lines = [
            [("索引号", v["index_no"]), ("主题分类", v["category"]), ("发文机关", v["publisher"])],
            [
                ("印发日期", self.date_text(m["created"], "cn")),
                ("发布日期", self.date_text(m["published"], "cn")),
                ("文号", v["docno"]),
            ],
            [("标题", v["title"])],
            [("主题词", v["keywords"])] + ([("有效性", v["validity"])] if has_validity else []),
        ]
        ps = "\n".join('<p class="info-line">' + " | ".join(f"{a}：{b}" for a, b in line) + "</p>" for line in lines)
        return f'<div class="xxgk-box xxgk-d">\n{ps}\n</div>'

    def meta_e(self, doc: Doc, v: dict[str, str], has_validity: bool) -> str:
        """<td><strong>label</strong></td> without colon, spaced labels, comment-wrapped values."""
        m = doc.meta
        pairs: list[tuple[str, str, str | None]] = [
            ("索 引 号", v["index_no"], "索引号"),
            ("信息分类", v["category"], None),
            ("发布机构", v["publisher"], None),
            ("成文日期", self.date_text(m["created"], "cn_short"), None),
            ("发布日期", self.date_text(m["published"], "cn_short"), "发布日期"),
            ("标 题", v["title"], "标题"),
            ("文 号", v["docno"], "文号"),
            ("主 题 词", v["keywords"], None),
        ]
        if has_validity:
            pairs.append(("有 效 性", v["validity"], None))
        if len(pairs) % 2:
            pairs.append(("", "", None))
        gap = ("&nbsp;", "&ensp;", "　", " ")[hash_int(doc.path) % 4]
        pairs = [(a.replace(" ", gap), b, c) for a, b, c in pairs]
        rows = [
            "<tr>"
            + "".join(
                f'<td class="lab"><strong>{a}</strong></td><td>{_comment_wrapped(b, c)}</td>'
                for a, b, c in pairs[i : i + 2]
            )
            + "</tr>"
            for i in range(0, len(pairs), 2)
        ]
        return (
            '<div class="xxgk-box">\n<table class="gk-meta" border="0" cellspacing="0" cellpadding="0">\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n</div>"
        )

    # bodies ---------------------------------------------------------------

    def body(self, doc: Doc) -> str:
        word = "seed" not in doc.flags and hash_int(doc.path) % 4 == 0
        if word:
            return self.body_word(doc)
        heading_font = "黑体" if hash_int(doc.path) % 2 else "方正黑体_GBK"
        out = []
        for kind, text in doc.paragraphs:
            if kind == "table":
                out.append(self.table(doc, text))
            elif kind == "h1":
                out.append(
                    f'<p style="text-indent: 2em; text-align: justify;"><span style="font-family: {heading_font};">'
                    f"{esc(text)}</span></p>"
                )
            elif kind == "h2":
                out.append(
                    '<p style="text-indent: 2em; text-align: justify;">'
                    f'<strong><span style="font-family: 楷体_GB2312;">{esc(text)}</span></strong></p>'
                )
            elif kind == "right":
                out.append(f'<p style="text-align: right;">{esc(text)}</p>')
            elif kind == "center":
                out.append(f'<p style="text-align: center;"><strong>{esc(text)}</strong></p>')
            elif kind == "plain":
                out.append(f"<p>{esc(text)}</p>")
            else:
                out.append(f'<p style="text-indent: 2em; text-align: justify;">{esc(text)}</p>')
        return "\n".join(out)

    @staticmethod
    def table(doc: Doc, name: str) -> str:
        """An annual report's table (`name` is table2, table3 or table4 of `doc.tables`)."""
        if doc.tables is None:
            raise ValueError(f"{doc.path}: a table paragraph in a document without tables")
        if name == "table2":
            return table2_html(doc.tables["table2"])
        if name == "table3":
            return table3_html(doc.tables["edition"], doc.tables["table3"], doc.table3_variant)
        if name == "table4":
            return table4_html(doc.tables["table4"])
        raise ValueError(f"{doc.path}: unknown table {name!r}")

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
            if kind == "table":
                out.append(self.table(doc, text))
            elif kind == "h1":
                out.append(f'<p class="MsoNormal" style="{p_style}">{self.word_runs(text, "黑体")}</p>')
            elif kind == "h2":
                out.append(f'<p class="MsoNormal" style="{p_style}"><b>{self.word_runs(text, "楷体_GB2312")}</b></p>')
            elif kind == "right":
                out.append(
                    f'<p class="MsoNormal" align="right" style="text-align:right;line-height:28.0pt">'
                    f"{self.word_runs(text, '仿宋_GB2312')}</p>"
                )
            elif kind == "center":
                out.append(
                    f'<p class="MsoNormal" align="center" style="text-align:center;line-height:28.0pt">'
                    f"<b>{self.word_runs(text, '方正小标宋_GBK')}</b></p>"
                )
            elif kind == "plain":
                out.append(f'<p class="MsoNormal" style="line-height:28.0pt">{self.word_runs(text, "仿宋_GB2312")}</p>')
            else:
                out.append(f'<p class="MsoNormal" style="{p_style}">{self.word_runs(text, "仿宋_GB2312")}</p>')
        out.append("</div>")
        return "\n".join(out)

    def attachments_html(self, doc: Doc) -> str:
        if not doc.attachments:
            return ""
        links = "\n".join(
            f'<a href="{attr(h)}" target="_blank" title="{attr(n)}">附件：{esc(n)}</a>' for n, h in doc.attachments
        )
        return f'<div class="fj">\n<p>相关附件：</p>\n{links}\n</div>\n'

    def related(self, doc: Doc) -> str:
        same = [d for d in self.b.docs if d.column == doc.column and d.path != doc.path and d.kind != "special"]
        same.sort(key=lambda d: (d.meta["published"], d.path), reverse=True)
        items = []
        for d in same[:5]:
            href = "../" + d.path.rsplit("/", 2)[1] + "/" + d.path.rsplit("/", 1)[1]
            items.append(
                f'<li><a href="{href}" title="{attr(d.list_title)}">{esc(d.list_title)}</a>'
                f"<span>{d.meta['published']}</span></li>"
            )
        return '<div class="related">\n<h3>相关文章</h3>\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>"

    def breadcrumb_detail(self, doc: Doc) -> str:
        col = self.columns[doc.column]
        return (
            '<a href="../../../" title="首页">首页</a> &gt; <a href="../../" title="政务公开">政务公开</a> &gt; '
            f'<a href="../" title="{col["name"]}">{col["name"]}</a> &gt; <span>正文</span>'
        )

    def detail(self, doc: Doc) -> str:
        if "soft_error" in doc.flags:
            main = (
                '<div class="detail clearfix">\n<div class="article" style="text-align:center;padding:80px 0;">\n'
                '<p style="font-size:22px;color:#b7181d;">对不起，该信息不存在或已被删除！</p>\n'
                '<p>可能的原因：信息已过期或被撤回，请返回<a href="/index.html">网站首页</a>浏览其他信息。</p>\n'
                "</div>\n</div>"
            )
            return self.page(
                title_tag=f"提示信息_{self.site['name']}", breadcrumb=self.breadcrumb_detail(doc), main=main
            )
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

    def list_page(self, col: dict[str, Any], docs: list[Doc], page: int, total: int, per: int) -> str:
        items = []
        for d in docs[page * per : (page + 1) * per]:
            href = "./" + d.path.rsplit("/", 2)[1] + "/" + d.path.rsplit("/", 1)[1]
            items.append(
                f'<li><a href="{href}" target="_blank" title="{attr(d.list_title)}">{esc(d.list_title)}</a>'
                f"<span>{d.meta['published']}</span></li>"
            )
        name = col["name"] + (f"（{col['alt_name']}）" if col.get("alt_name") else "")
        main = T.LIST_MAIN.substitute(
            section_name="政府信息公开",
            menu_items=self.menu_items(col["slug"], "../"),
            column_name=name,
            items="\n".join(items) if items else "<li>暂无信息</li>",
            total_pages=total,
            current=page,
        )
        bc = (
            '<a href="../../" title="首页">首页</a> &gt; <a href="../" title="政务公开">政务公开</a> &gt; '
            f'<a href="./" title="{col["name"]}">{col["name"]}</a>'
        )
        return self.page(title_tag=f"{col['name']}_{self.site['name']}", breadcrumb=bc, main=main)

    def zwgk_home(self, by_col: dict[str, list[Doc]]) -> str:
        blocks = []
        for c in self.b.site["columns"]:
            items = "\n".join(
                f'<li><a href="./{c["slug"]}/{d.path.rsplit("/", 2)[1]}/{d.path.rsplit("/", 1)[1]}" target="_blank" '
                f'title="{attr(d.list_title)}">{esc(d.list_title)}</a><span>{d.meta["published"]}</span></li>'
                for d in by_col[c["slug"]][:5]
            )
            blocks.append(
                f'<div class="right-list">\n<div class="tit">{c["name"]}<a href="./{c["slug"]}/" '
                f'style="float:right;font-size:14px;">更多&gt;&gt;</a></div>\n<ul class="list">\n{items}\n</ul>\n</div>'
            )
        main = (
            '<div class="clearfix">\n<div class="left-menu">\n<h2>政府信息公开</h2>\n<ul>\n'
            + self.menu_items(None, "./")
            + "\n</ul>\n</div>\n"
            + "\n".join(blocks)
            + "\n</div>"
        )
        bc = '<a href="../" title="首页">首页</a> &gt; <a href="./" title="政务公开">政务公开</a>'
        return self.page(title_tag=f"政务公开_{self.site['name']}", breadcrumb=bc, main=main)

    def home(self, latest: list[Doc]) -> str:
        items = "\n".join(
            f'<li><a href="{d.path}" target="_blank" title="{attr(d.list_title)}">{esc(d.list_title)}</a>'
            f"<span>{d.meta['published']}</span></li>"
            for d in latest
        )
        cols = "\n".join(
            f'<li><a href="/{ZWGK}/{c["slug"]}/" title="{c["name"]}">{c["name"]}</a></li>'
            for c in self.b.site["columns"]
        )
        main = (
            '<div class="clearfix">\n<div class="left-menu">\n<h2>政务公开</h2>\n<ul>\n'
            f'<li class="on"><a href="/{ZWGK}/index.html" title="政府信息公开">政府信息公开</a></li>\n'
            f"{cols}\n</ul>\n</div>\n"
            '<div class="right-list">\n<div class="tit">最新公开<a href="/zwgk_235/index.html" '
            'style="float:right;font-size:14px;">更多&gt;&gt;</a></div>\n'
            f'<ul class="list">\n{items}\n</ul>\n</div>\n</div>'
        )
        return self.page(
            title_tag=self.site["name"], breadcrumb='<a href="/index.html" title="首页">首页</a>', main=main
        )

    def stub_list(self, name: str) -> str:
        main = T.LIST_MAIN.substitute(
            section_name="政府信息公开",
            menu_items=self.menu_items(None, "/zwgk_235/"),
            column_name=name,
            items="<li>暂无信息</li>",
            total_pages=1,
            current=0,
        )
        bc = (
            '<a href="/index.html" title="首页">首页</a> &gt; '
            '<a href="/zwgk_235/index.html" title="政务公开">政务公开</a> &gt; ' + esc(name)
        )
        return self.page(title_tag=f"{name}_{self.site['name']}", breadcrumb=bc, main=main)
