"""Page → PageRecord: status, metadata (block + <meta> evidence), body.

Evidence and precedence per field (first available wins). The orders are data — the
[precedence] table of labels.toml — and a source can reorder them with `overrides["prefer"]`,
e.g. {"prefer": {"title": ["meta", "block", "title"]}}. Defaults:

| field          | order                                                             |
|----------------|-------------------------------------------------------------------|
| title          | block (名称/标题) → meta ArticleTitle → heading in body → <title>    |
| published_date | block (发布日期…) → meta PubDate / firstpublishedtime → body      |
| created_date   | block (成文日期…)                                                  |
| publisher      | block (发布机构…) → meta ContentSource (unless 本网/本站/site name)  |
| doc_number     | block (文号…) → a doc-number line at the top of the body           |
| index_no, category, keywords, validity | block only (validity also from a "[已废止]" title) |

Why the block first: it is what a reader of the page sees and what the hand-checked pages
record; `<meta>` tags are filled by CMS templates and are sometimes broken (PubDate holding two
dates, ArticleTitle holding HTML, ContentSource "本网"). Meta `Keywords` is SEO text, not the
document's 主题词, so it is not used for `keywords`.

`field_sources` records "block:<label>", "meta:<name>", "title" (the <title> element) or
"body".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govdocs.figures import find_figures
from govdocs.records import Metric, Section, Table, empty_record
from govdocs.sniff import binary_reason as sniff_binary  # the crawler's outcome.py imports it from here

from . import body as _body
from . import metadata as _meta
from . import normalise as N
from . import rules
from .decode import decode_html
from .kind import PageKind, dated_links, page_kind
from .links import find_attachments, links_in_tree
from .status import homepage_reason, refresh_target, shell_reason
from .tree import INLINE_MARK, Cell, Element, cells, parse_html, squash, tag_of, text_content

log = logging.getLogger(__name__)

_SOFT_404 = rules.words("page.toml", "soft_404")
# a JavaScript cookie challenge is decisive on a small page whatever the status; wording
# markers count with a WAF status or on a tiny page only
_CHALLENGE = re.compile(rules.alternation("page.toml", "cookie_challenge").pattern, re.I)
_WAF_WORDS = rules.words("page.toml", "waf_words")
_BLOCK_STATUSES = (403, 412, 429, 521)
_NG_PLACEHOLDER = re.compile(r"\{\{[^{}]{1,200}\}\}")
_PAREN_TAIL = re.compile(r"^\s*[（(【\[][^（()）]{2,60}[）)】\]]\s*$")
_TITLE_SEP = re.compile(r"\s*(?:[-_|—–·»]+|>)\s*")
_DATE_LINE = re.compile(r"(?:^|\s)(?:发布|公开|更新)?(?:时间|日期)\s*[:：]")
_META_ALIASES = {
    "articletitle": "ArticleTitle",
    "pubdate": "PubDate",
    "contentsource": "ContentSource",
    "sitename": "SiteName",
    "siteidcode": "SiteIDCode",
    "columnname": "ColumnName",
    "keywords": "Keywords",
    "url": "Url",
    "firstpublishedtime": "firstpublishedtime",
    "maketime": "Maketime",
    "author": "Author",
    "description": "Description",
}


def meta_tags(root: Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").strip()
        if not name:
            continue
        key = _META_ALIASES.get(name.lower().replace(" ", ""), name)
        content = m.get("content")
        if content is None:
            continue
        content = squash(re.sub(r"<[^>]*>", "", content))
        if content and key not in out:
            out[key] = content
    return out


def blocked_reason(text: str, http_status: int) -> str | None:
    """Why the page is a WAF / cookie challenge (None when it is not)."""
    head = text[:30000]
    if _CHALLENGE.search(head) and (http_status in _BLOCK_STATUSES or len(text) < 50000):
        return f"JavaScript cookie challenge ($_ts / script r=m), HTTP {http_status}"
    word = next((w for w in _WAF_WORDS if w in head), None)
    if word and (http_status in _BLOCK_STATUSES or len(text) < 3000):
        return f"WAF block page (“{word}”), HTTP {http_status}"
    return None


def _html_title(root: Element) -> str | None:
    for t in root.iter("title"):
        return squash(text_content(t)) or None
    return None


def _site_names(root: Element, metas: dict[str, str]) -> set[str]:
    """Names of the site and its columns: meta SiteName / ColumnName and the parts of <title>
    after the first (“正文标题_栏目_站名”) — a heading equal to one is no document title."""
    names = {metas.get("SiteName") or "", metas.get("ColumnName") or ""}
    title = _html_title(root) or ""
    parts = [p for p in _TITLE_SEP.split(title) if p]
    names.update(parts[1:] if len(parts) > 1 else ())
    return {n for n in names if n}


def _heading_title(container: Element | None, root: Element, site_names: set[str]) -> str | None:
    for scope in (container, root):
        if scope is None:
            continue
        for tag in ("h1", "h2"):
            for h in scope.iter(tag):
                t = squash(text_content(h))
                if 6 <= len(t) <= 150 and t not in site_names:
                    return t
    return None


_HEADING_ATTR = re.compile(r"title|tit\b|tit[_-]|bt|biaoti|headline|heading", re.I)
_CLOCK = re.compile(r"星期|周[一二三四五六日天]|今天是|农历")  # a header clock is no date line
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_DATELINE_WORDS = re.compile(
    r"(?:发布|更新|公开)?(?:时间|日期)|来源|信息来源|作者|浏览次数|阅读次数|点击数|浏览|阅读|字号|[大中小]|[:：|｜()（）\[\]【】\-/.年月日]"
)


def _shown_heading(all_cells: list[Cell], title: str, limit: int = 3000) -> str:
    """The <title>'s text as the page shows it: when <title> is a heading plus a parenthesised
    part the page prints on another line (a 文号), the heading line; else the <title> text."""
    best = ""
    for cell in all_cells[:limit]:
        if tag_of(cell.owner) == "title":
            continue
        t = squash(cell.text)
        if len(t) > len(best) and len(t) >= 6 and title.startswith(t) and _PAREN_TAIL.match(title[len(t) :]):
            best = t
    return best or title


def _docno_near_title(all_cells: list[Cell], title: str | None, limit: int = 3000) -> str | None:
    """A 文号 printed on its own line within four lines under the title's heading."""
    if not title:
        return None
    key = re.sub(r"\s+", "", title)
    for i, cell in enumerate(all_cells[:limit]):
        text = re.sub(r"\s+", "", cell.text.replace(INLINE_MARK, ""))
        if key in text and len(text) <= len(key) + 40:
            for nxt in all_cells[i + 1 : i + 5]:
                v = N.doc_number_line(nxt.text)
                if v is not None:
                    return v
            return None
    return None


def _within(el: Element, elements: set[Element]) -> bool:
    """Whether `el` is one of `elements` or inside one."""
    if el in elements:
        return True
    return any(a in elements for a in el.iterancestors())


def _inside(el: Element, ancestor: Element) -> bool:
    return any(a is ancestor for a in el.iterancestors())


def heading_dateline(all_cells: list[Cell], site_names: set[str], limit: int = 3000) -> tuple[str, str | None] | None:
    """(heading, date) of the document's heading and the unlabelled date line printed with it
    (`<h3>标题</h3><p>2024-05-01</p>`, `<div class=title>…</div><div>2023-02-01 浏览次数:</div>`).
    The heading is an h1–h6 or a title-classed element, followed within two cells by a short
    line that is a date plus dateline words (来源, 浏览次数 …) only; None when there is none."""
    candidates = []
    for i, cell in enumerate(all_cells[:limit]):
        owner = cell.owner
        tag = tag_of(owner)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") or _HEADING_ATTR.search(
            f"{owner.get('class') or ''} {owner.get('id') or ''}"
        ):
            candidates.append((i, cell, owner, tag))
    # a heading shape repeated on the page is a list's item title (a message board, related
    # articles), not the document's heading; so is a heading that is only a link
    shapes: dict[tuple[str, str], int] = {}
    for _, _, owner, tag in candidates:
        key = (tag, owner.get("class") or "")
        shapes[key] = shapes.get(key, 0) + 1
    for i, cell, owner, tag in candidates:
        if shapes[(tag, owner.get("class") or "")] >= 3:
            continue
        # an h1–h6 is one heading whatever breaks it (<br>, a <div> per line)
        head = squash(text_content(owner)) if tag.startswith("h") else squash(cell.text)
        if not 6 <= len(head) <= 150 or head in site_names or N.parse_date(head):
            continue
        if any(squash(text_content(a)) == head for a in owner.iter("a")):
            continue
        k = i + 1
        while k < len(all_cells) and k < i + 6 and _inside(all_cells[k].owner, owner):
            k += 1
        for nxt in all_cells[k : k + 3]:
            line = squash(nxt.text)
            if not line or len(line) > 100 or "。" in line or _CLOCK.search(line):
                continue
            if not N.DATE_NUM.search(line):
                continue
            rest = _DATELINE_WORDS.sub("", _TIME.sub("", N.DATE_NUM.sub("", line)))
            if len(rest.strip()) <= 40:
                return head, N.parse_date(line)
    return None


def _status_pre(content: bytes, http_status: int) -> tuple[str, str] | None:
    if not content or not content.strip():
        return ("empty", "no body bytes") if http_status < 400 else ("error_page", f"HTTP {http_status}, empty body")
    reason = sniff_binary(content)
    if reason:
        return "not_html", reason
    return None


def _decide_prefer(overrides: dict[str, Any] | None, fld: str, default: list[str]) -> list[str]:
    """Evidence order for a field: overrides["prefer"], else labels.toml [precedence]."""
    prefer = ((overrides or {}).get("prefer") or {}).get(fld)
    if isinstance(prefer, str):
        prefer = [prefer]
    if prefer:
        return list(prefer)
    return list(_meta.precedence().get(fld, default))


@dataclass
class Parsed:
    """One page decoded once and parsed once: the record plus what links and paging need."""

    record: dict[str, Any]  # a PageRecord being filled
    text: str = ""  # the decoded page ("" when the bytes were never decoded)
    root: Any = None  # the lxml tree (None when not parsed: binary, blocked, HTTP error, empty)
    container: Any = None  # the body's content element
    block_values: int = 0  # how many metadata fields the block filled
    links: list[tuple[str, str]] | None = None  # (absolute URL, text) of every <a href> when asked for
    refresh: str | None = None  # a meta-refresh stub's target
    kind: PageKind = "other"  # detail / list / other (kind.page_kind)


def build_record(
    content: bytes, *, url: str, content_type: str | None, http_status: int, overrides: dict[str, Any] | None
) -> dict[str, Any]:
    return analyse(content, url=url, content_type=content_type, http_status=http_status, overrides=overrides).record


def analyse(
    content: bytes,
    *,
    url: str,
    content_type: str | None,
    http_status: int,
    overrides: dict[str, Any] | None,
    want_links: bool = False,
) -> Parsed:
    """The record of one page; with `want_links`, also every link of the page (the crawler's
    need), from the same tree, so that links cost no second decode or parse."""
    rec: dict[str, Any] = dict(empty_record(url))
    out = Parsed(rec)
    pre = _status_pre(content, http_status)
    if pre:
        rec["status"], rec["status_reason"] = pre
        return out
    text, enc = decode_html(content, content_type)
    rec["encoding"] = enc
    out.text = text
    reason = blocked_reason(text, http_status)
    if reason:
        rec["status"], rec["status_reason"] = "blocked", reason
        return out
    if http_status >= 400:
        rec["status"], rec["status_reason"] = "error_page", f"HTTP {http_status}"
        return out
    root = parse_html(text)
    if root is None:
        rec["status"], rec["status_reason"] = "empty", "no parseable HTML"
        return out
    out.root = root

    metas = meta_tags(root)
    ls = _meta.label_set(overrides)
    menus: set[Element] = set()
    hidden: set[Element] = set()
    chrome = _body.chrome_elements(root, menus, hidden)
    # the metadata search skips menus and small forms (a search panel's 有效性 radio labels are
    # decoys; a form wrapping a whole ASP.NET page is large and stays)
    forms = {el for el in chrome if tag_of(el) == "form"}
    # hidden rows are no metadata (decoy 有效性 rows, a second hidden copy), unless the page's
    # own stylesheet shows them again (`#xxgkhide {display: block !important}`)
    unhidden = _body.css_shown(root)
    really_hidden = {el for el in hidden if not _body.shown_by_css(el, unhidden)}
    all_cells = cells(root, mark_inline=True, skip=menus | forms)
    meta_cells = all_cells
    if really_hidden:  # (the page's status still counts hidden text: a script may show it)
        meta_cells = [c for c in all_cells if not _within(c.owner, really_hidden)]
    block = _meta.find_block(meta_cells, ls)

    skip = chrome | block.elements
    container = _body.find_container(root, skip)
    skip -= _body.document_notes(container, block.elements)  # "公开方式：主动公开" under the date
    table_rows: set[int] = set()
    lines = _body.body_lines(container, skip, table_rows) if container is not None else []
    if hidden and sum(len(x) for x in lines) < 50:
        # the document may sit in an element hidden until a script shows it: look again
        skip = (chrome - hidden) | block.elements
        container = _body.find_container(root, skip)
        skip -= _body.document_notes(container, block.elements)
        table_rows = set()
        lines = _body.body_lines(container, skip, table_rows) if container is not None else []
    if block.inline_block and lines:
        # the block shares an element with the body (a text-only page): drop its lines
        used = set(block.labels.values())
        keep = [i for i, line in enumerate(lines) if not _meta.is_label_line(line, ls, used)]
        if len(keep) < len(lines):
            table_rows = {keep.index(i) for i in table_rows if i in keep}
            lines = [lines[i] for i in keep]
    body_text = "\n".join(lines)
    visible_len = 0
    for c in all_cells:
        visible_len += len(c.text.strip())
        if visible_len > 2000:
            break
    visible = "".join(squash(c.text) for c in all_cells if tag_of(c.owner) != "title") if visible_len <= 2000 else ""

    # status after parsing
    if len(visible) < 600 and any(p in visible for p in _SOFT_404):
        rec["status"] = "error_page"
        hit = next(p for p in _SOFT_404 if p in visible)
        rec["status_reason"] = f"soft 404: page says “{hit}”"
    elif (
        "{{" in text
        and _NG_PLACEHOLDER.search(body_text or visible)
        and len(_NG_PLACEHOLDER.sub("", body_text).strip()) < 200
    ):
        rec["status"], rec["status_reason"] = "js_shell", "content rendered by JavaScript (empty {{…}} placeholders)"
    elif visible_len <= 2000 and not visible.strip():
        has_script = next(root.iter("script"), None) is not None
        if has_script:
            rec["status"], rec["status_reason"] = "js_shell", "no visible text; page built by scripts"
        else:
            rec["status"], rec["status_reason"] = "empty", "no visible text"

    if rec["status"] == "ok":
        target = refresh_target(root, url)
        shell = shell_reason(root, visible_len)
        if target and visible_len <= 200:
            rec["status"], rec["status_reason"] = "empty", f"meta-refresh stub to {target}"
            out.refresh = target
        elif shell:
            rec["status"], rec["status_reason"] = "js_shell", shell

    if rec["status"] == "ok":  # an error page's or shell's <title> is not a document's
        _fill_fields(rec, block, metas, root, container, lines, overrides, meta_cells)
        first, end = _body.trim_edges(lines, rec["title"], rec["doc_number"], container, skip)
        if (first, end) != (0, len(lines)):
            table_rows = {i - first for i in table_rows if first <= i < end}
            lines = lines[first:end]
            body_text = "\n".join(lines)
    rec["body_text"] = body_text
    if rec["status"] == "ok":
        out.block_values = sum(1 for v in block.values.values() if v)
        out.kind = page_kind(rec, out.block_values, lambda limit: dated_links(root, limit))
        home = (
            None
            if out.kind == "detail"
            else homepage_reason(root, url, _html_title(root), metas.get("SiteName"), False)
        )
        if home:
            enc = rec["encoding"]
            rec.clear()
            rec.update(empty_record(url, "error_page", home))
            rec["encoding"] = enc
            out.kind = "other"
            return out
    rec["sections"] = _body.find_sections(lines, table_rows)
    meta_tables = set()
    for el in block.elements:
        for anc in el.iterancestors("table"):
            meta_tables.add(anc)
            break
    rec["tables"] = _body.find_tables(container, skip | meta_tables) if container is not None else []
    if want_links:
        out.links = links_in_tree(root, url)
        if out.refresh and out.refresh not in {u for u, _ in out.links}:
            out.links.insert(0, (out.refresh, ""))
        rec["attachments"] = find_attachments(out.links)
    else:
        rec["attachments"] = find_attachments(links_in_tree(root, url, attachments_only=True))
    if rec["status"] == "ok":
        rec["metrics"], rec["warnings"] = figures_of(rec["body_text"], rec["sections"], rec["tables"], url)
    out.container = container
    return out


def figures_of(
    body_text: str, sections: list[Section], tables: list[Table], url: str
) -> tuple[list[Metric], list[str]]:
    """(metrics, warnings). The one place a figure failure is caught: the page keeps its
    record, the failure is a warning on it and a log line, so that a broken rule is visible."""
    try:
        return list(find_figures(body_text, sections, tables)), []
    except Exception as exc:
        log.exception("figure extraction failed on %s", url)
        return [], [f"figures failed: {type(exc).__name__}: {exc}"]


def _fill_fields(
    rec: dict[str, Any],
    block: _meta.BlockResult,
    metas: dict[str, str],
    root: Element,
    container: Element | None,
    lines: list[str],
    overrides: dict[str, Any] | None,
    all_cells: list[Cell],
) -> None:
    src: dict[str, str] = {}
    site_names = _site_names(root, metas)
    dateline = heading_dateline(all_cells, site_names)
    bv = block.values

    def from_block(fld: str, norm: Callable[[str | None], str | None]) -> str | None:
        raw = bv.get(fld)
        v = norm(raw) if raw is not None else None
        if v is not None:
            src[fld] = f"block:{block.labels.get(fld, fld)}"
        return v

    def pick(fld: str, candidates: dict[str, Callable[[], str | None]], default_order: list[str]) -> str | None:
        for kind in _decide_prefer(overrides, fld, default_order):
            fn = candidates.get(kind)
            if fn is None:
                continue
            v = fn()
            if v is not None:
                return v
        return None

    def meta_val(name: str, norm: Callable[[str | None], str | None], fld: str) -> Callable[[], str | None]:
        def f() -> str | None:
            raw = metas.get(name)
            v = norm(raw) if raw else None
            if v is not None:
                src[fld] = f"meta:{name}"
            return v

        return f

    # title
    def title_block() -> str | None:
        return from_block("title", N.normalise_title)

    def title_heading() -> str | None:
        v = N.normalise_title(_heading_title(container, root, site_names))
        if v is not None:
            src["title"] = "body"
        return v

    def title_dateline() -> str | None:
        v = N.normalise_title(dateline[0]) if dateline else None
        if v is not None:
            src["title"] = "heading"
        return v

    def date_dateline() -> str | None:
        if dateline and dateline[1]:
            src["published_date"] = "heading"
            return dateline[1]
        return None

    def title_tag() -> str | None:
        v = N.normalise_title(_html_title(root), from_html_title=True)
        if v is not None:
            src["title"] = "title"
            v = _shown_heading(all_cells, v)
        return v

    rec["title"] = pick(
        "title",
        {
            "block": title_block,
            "meta": meta_val("ArticleTitle", N.normalise_title, "title"),
            "heading": title_dateline,
            "body": title_heading,
            "title": title_tag,
        },
        ["block", "heading", "meta", "body", "title"],
    )

    def date_body() -> str | None:
        for line in lines[:8]:
            if _DATE_LINE.search(line) and len(line) < 80:
                v = N.parse_date(line)
                if v:
                    src["published_date"] = "body"
                    return v
        return None

    rec["published_date"] = pick(
        "published_date",
        {
            "block": lambda: from_block("published_date", N.parse_date),
            "meta": lambda: (
                meta_val("PubDate", N.parse_date, "published_date")()
                or meta_val("firstpublishedtime", N.parse_date, "published_date")()
            ),
            "heading": date_dateline,
            "body": date_body,
        },
        ["block", "heading", "meta", "body"],
    )
    rec["created_date"] = pick("created_date", {"block": lambda: from_block("created_date", N.parse_date)}, ["block"])

    rec["publisher"] = pick("publisher", {"block": lambda: from_block("publisher", N.clean_text)}, ["block"])
    rec["source_name"] = pick("source_name", {"block": lambda: from_block("source_name", N.clean_text)}, ["block"])

    # a 文号 in the heading's trailing parentheses; the title keeps it (the heading as shown)
    heading_no = N.split_heading_doc_number(rec["title"])[1]

    def docno_heading() -> str | None:
        v = heading_no or _docno_near_title(all_cells, rec["title"])
        if v is not None:
            src["doc_number"] = "heading"
        return v

    def docno_body() -> str | None:
        for line in lines[:15]:
            v = N.doc_number_line(line)
            if v is not None:
                src["doc_number"] = "body"
                return v
        return None

    rec["doc_number"] = pick(
        "doc_number",
        {
            "block": lambda: from_block("doc_number", N.normalise_doc_number),
            "heading": docno_heading,
            "body": docno_body,
        },
        ["block", "heading", "body"],
    )
    rec["index_no"] = pick("index_no", {"block": lambda: from_block("index_no", N.normalise_index_no)}, ["block"])
    rec["index_scheme"] = N.classify_index_no(rec["index_no"])
    rec["category"] = pick("category", {"block": lambda: from_block("category", N.clean_text)}, ["block"])
    rec["keywords"] = pick(
        "keywords",
        {"block": lambda: from_block("keywords", N.clean_text), "meta": meta_val("Keywords", N.clean_text, "keywords")},
        ["block"],
    )
    rec["validity"] = pick("validity", {"block": lambda: from_block("validity", N.normalise_validity)}, ["block"])
    rec["field_sources"] = {k: v for k, v in src.items() if rec.get(k) is not None}
