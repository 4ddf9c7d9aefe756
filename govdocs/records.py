"""The record contract between stages.

`govdocs extract` prints one `PageRecord` per input as JSON; the loader, the quality suites
and the tests all read these keys. Every field is present in every record; a value that was
not found is `None` (never a placeholder string), and `field_sources` says where each found
value came from ("block:<label>", "heading", "meta:<name>", "body", "title").

New in this version (the warehouse adds columns for them): `source_name` (来源 labels, kept
apart from `publisher`) and `warnings` (non-fatal extraction problems, e.g. a figure rule
that raised). Changed: `doc_number` keeps its brackets as printed; `validity` is as shown;
values only written by scripts are None (static page text only).
"""

from __future__ import annotations

from typing import Literal, TypedDict

# ok          – a disclosure page with a document (or a list of documents) on it
# not_html    – a PDF/Word/binary body (even when served as text/html or named .html)
# empty       – no body bytes, no visible text, or a meta-refresh stub (its target is a link)
# error_page  – a soft 404 served with 200 ("该信息不存在", "页面不存在"), the site's homepage
#               served for an article URL, or an HTTP 4xx/5xx
# blocked     – a WAF/JavaScript cookie challenge (412/403/521 with $_ts, "访问被拒绝")
# js_shell    – content rendered by JavaScript only: <html shield=…> anti-bot shells, an
#               empty <div id="app"> single-page app, empty {{…}} placeholders
# fetch_error – the fetch itself failed (timeout, reset, too large); set by the crawler
Status = Literal["ok", "not_html", "empty", "error_page", "blocked", "js_shell", "fetch_error"]
STATUSES: tuple[str, ...] = ("ok", "not_html", "empty", "error_page", "blocked", "js_shell", "fetch_error")


class Metric(TypedDict):
    label: str  # what is counted, as written: "行政许可审批"; for a table cell: row label
    value: float
    unit: str | None  # 件 次 个 项 … 万元 %; None when the text states none
    qualifier: str | None  # 余 多 以上 近 约 超过 不少于 …
    sentence: str  # the sentence the figure came from; for a table cell "row | column"
    section: str | None  # section path in the body, e.g. "一、法治政府建设工作开展情况 / (二)深化…"
    start: int | None  # character offsets of the figure in body_text (None for table cells)
    end: int | None
    canonical: str | None  # canonical metric name from figures/canonical.toml, or None
    table: str | None  # annual-report table name ("三、收到和处理政府信息公开申请情况") or None
    row: str | None  # normalised row header for table cells
    column: str | None  # normalised column header for table cells
    kind: str  # count, amount (money), rate (a level in %), growth, share, range_low, range_high
    direction: str | None  # up / down for a growth figure, else None
    target: bool  # a planned or expected value (预期目标, 力争, 计划), not an achieved one


class Attachment(TypedDict):
    name: str
    url: str
    type: str  # pdf, doc, docx, wps, ofd, xls, xlsx, zip, other


class Section(TypedDict):
    path: str  # "一、… / (一)…"
    heading: str
    level: int
    start: int  # offsets into body_text
    end: int


class Table(TypedDict):
    caption: str | None
    rows: list[list[str]]  # colspan/rowspan resolved: every row has the same width


class PageRecord(TypedDict):
    source: str  # the URL or file path given
    status: Status
    status_reason: str | None  # why a non-ok status was given (human-readable)
    encoding: str | None  # the encoding the bytes were decoded with
    index_no: str | None  # 索引号
    index_scheme: str | None  # "uscc-year-serial", "org-year-serial", … or "unknown"
    category: str | None  # 信息分类
    publisher: str | None  # the issuing body: 发布机构 / 发文机关 / 发文单位 / 制发单位 / 发布单位 / 公开责任部门 only
    source_name: str | None  # 来源 / 信息来源 / 文章来源 as shown (often a newspaper: 福建日报); never publisher
    created_date: str | None  # 生成日期, ISO YYYY-MM-DD
    published_date: str | None  # 发布日期, ISO YYYY-MM-DD
    title: str | None  # the document heading as shown (site suffix, 【…】 tags and 【已废止】 removed)
    doc_number: str | None  # 文号 without whitespace, brackets as printed ("合自然资规公告[2021]11号"); also
    # from the heading's trailing parentheses or an unlabelled 文号 line under the heading
    keywords: str | None  # 主题词
    validity: str | None  # as shown: 有效 / 失效 / 废止 / 现行有效 / 是
    field_sources: dict[str, str]  # field → "block:索引号" | "meta:PubDate" | "title" | "body"
    body_text: str  # the document's text, chrome removed, one paragraph per line
    sections: list[Section]
    tables: list[Table]
    attachments: list[Attachment]
    metrics: list[Metric]
    warnings: list[str]  # non-fatal problems of the extraction (a figure rule that failed), also logged


def empty_record(source: str, status: Status = "ok", reason: str | None = None) -> PageRecord:
    """The one constructor of a record with nothing found: every field present, values None."""
    return PageRecord(
        source=source,
        status=status,
        status_reason=reason,
        encoding=None,
        index_no=None,
        index_scheme=None,
        category=None,
        publisher=None,
        source_name=None,
        created_date=None,
        published_date=None,
        title=None,
        doc_number=None,
        keywords=None,
        validity=None,
        field_sources={},
        body_text="",
        sections=[],
        tables=[],
        attachments=[],
        metrics=[],
        warnings=[],
    )
