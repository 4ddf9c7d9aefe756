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

import re
from dataclasses import dataclass
from typing import Any

from govdocs.records import empty_record

from . import body as _body
from . import metadata as _meta
from . import normalise as N
from .decode import decode_html
from .links import find_attachments, links_in_tree
from .tree import cells, parse_html, squash, tag_of, text_content

try:  # written concurrently by another engineer
    from govdocs.figures import find_figures as _find_figures  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the other module
    _find_figures = None

_SOFT_404 = ("该信息不存在", "页面不存在", "您访问的页面不存在", "信息已删除", "页面已删除", "找不到该页面",
             "404 Not Found", "文章不存在", "该页面不存在", "页面未找到", "内容不存在")
# a JavaScript cookie challenge (Ruishu/"瑞数": `$_ts`, `<script r="m">`) is decisive on a small
# page whatever the status; wording markers count with a WAF status or on a tiny page only
_CHALLENGE = re.compile(r"\$_ts\s*[=.\[]|<script[^>]*\sr=['\"]?m['\"]?[\s>]", re.I)
_WAF_WORDS = ("访问被拒绝", "您的访问被阻断", "安全狗", "WAF拦截", "网站防火墙", "challenge-platform",
              "请开启JavaScript", "请启用JavaScript", "访问过于频繁")
_BLOCK_STATUSES = (403, 412, 429, 521)
_NG_PLACEHOLDER = re.compile(r"\{\{[^{}]{1,200}\}\}")
_DATE_LINE = re.compile(r"(?:^|\s)(?:发布|公开|更新)?(?:时间|日期)\s*[:：]")
_DOC_NO_LINE = re.compile(r"^[\u4e00-\u9fa5]{1,12}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,5}\s*号$")
_META_ALIASES = {
    "articletitle": "ArticleTitle", "pubdate": "PubDate", "contentsource": "ContentSource",
    "sitename": "SiteName", "siteidcode": "SiteIDCode", "columnname": "ColumnName",
    "keywords": "Keywords", "url": "Url", "firstpublishedtime": "firstpublishedtime",
    "maketime": "Maketime", "author": "Author", "description": "Description",
}


def sniff_binary(content: bytes) -> str | None:
    """A reason string when the bytes are not an HTML page."""
    head = content[:8].lstrip()
    if head.startswith(b"%PDF"):
        return "PDF document (%PDF signature)"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "OLE2 compound file (Word .doc / Excel .xls)"
    if content.startswith(b"PK\x03\x04"):
        return "zip container (docx/xlsx/zip)"
    if content.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf")):
        return "binary file (image/archive signature)"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text with a byte-order mark: NUL bytes are expected
    sample = content[:2048]
    if sample:
        ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
        if sample.count(0) > 8 or ctrl / len(sample) > 0.1:
            return "binary content (control bytes)"
    return None


def meta_tags(root) -> dict[str, str]:
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


def _html_title(root) -> str | None:
    for t in root.iter("title"):
        return squash(text_content(t)) or None
    return None


def _heading_title(container, root) -> str | None:
    for scope in (container, root):
        if scope is None:
            continue
        for tag in ("h1", "h2"):
            for h in scope.iter(tag):
                t = squash(text_content(h))
                if 6 <= len(t) <= 150:
                    return t
    return None


def _status_pre(content: bytes, http_status: int) -> tuple[str, str] | None:
    if not content or not content.strip():
        return ("empty", "no body bytes") if http_status < 400 else ("error_page", f"HTTP {http_status}, empty body")
    reason = sniff_binary(content)
    if reason:
        return "not_html", reason
    return None


def _decide_prefer(overrides: dict | None, fld: str, default: list[str]) -> list[str]:
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
    record: dict
    text: str = ""  # the decoded page ("" when the bytes were never decoded)
    root: Any = None  # the lxml tree (None when not parsed: binary, blocked, HTTP error, empty)
    container: Any = None  # the body's content element
    block_values: int = 0  # how many metadata fields the block filled
    links: list[tuple[str, str]] | None = None  # (absolute URL, text) of every <a href> when asked for


def build_record(content: bytes, *, url: str, content_type: str | None, http_status: int,
                 overrides: dict | None) -> dict:
    return analyse(content, url=url, content_type=content_type, http_status=http_status,
                   overrides=overrides).record


def analyse(content: bytes, *, url: str, content_type: str | None, http_status: int,
            overrides: dict | None, want_links: bool = False) -> Parsed:
    """The record of one page; with `want_links`, also every link of the page (the crawler's
    need), from the same tree, so that links cost no second decode or parse."""
    rec: dict = dict(empty_record(url))
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
    menus: set = set()
    hidden: set = set()
    chrome = _body.chrome_elements(root, menus, hidden)
    all_cells = cells(root, mark_inline=True, skip=menus)
    block = _meta.find_block(all_cells, ls)

    skip = chrome | block.elements
    container = _body.find_container(root, skip)
    table_rows: set[int] = set()
    lines = _body.body_lines(container, skip, table_rows) if container is not None else []
    if hidden and sum(len(x) for x in lines) < 50:
        # the document may sit in an element hidden until a script shows it: look again
        skip = (chrome - hidden) | block.elements
        container = _body.find_container(root, skip)
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
    visible = ("".join(squash(c.text) for c in all_cells if tag_of(c.owner) != "title")
               if visible_len <= 2000 else "")

    # status after parsing
    if len(visible) < 600 and any(p in visible for p in _SOFT_404):
        rec["status"] = "error_page"
        hit = next(p for p in _SOFT_404 if p in visible)
        rec["status_reason"] = f"soft 404: page says “{hit}”"
    elif "{{" in text and _NG_PLACEHOLDER.search(body_text or visible) and len(_NG_PLACEHOLDER.sub("", body_text).strip()) < 200:
        rec["status"], rec["status_reason"] = "js_shell", "content rendered by JavaScript (empty {{…}} placeholders)"
    elif visible_len <= 2000 and not visible.strip():
        has_script = next(root.iter("script"), None) is not None
        if has_script:
            rec["status"], rec["status_reason"] = "js_shell", "no visible text; page built by scripts"
        else:
            rec["status"], rec["status_reason"] = "empty", "no visible text"

    if rec["status"] == "ok":  # an error page's or shell's <title> is not a document's
        _fill_fields(rec, block, metas, root, container, lines, overrides)
    rec["body_text"] = body_text
    rec["sections"] = _body.find_sections(lines, table_rows)
    meta_tables = set()
    for el in block.elements:
        for anc in el.iterancestors("table"):
            meta_tables.add(anc)
            break
    rec["tables"] = _body.find_tables(container, skip | meta_tables) if container is not None else []
    if want_links:
        out.links = links_in_tree(root, url)
        rec["attachments"] = find_attachments(out.links)
    else:
        rec["attachments"] = find_attachments(links_in_tree(root, url, attachments_only=True))
    if rec["status"] == "ok" and _find_figures is not None:
        try:
            rec["metrics"] = list(_find_figures(rec["body_text"], rec["sections"], rec["tables"]))
        except Exception:  # figures must not break extraction
            rec["metrics"] = []
    out.container = container
    out.block_values = sum(1 for v in block.values.values() if v)
    return out


def _fill_fields(rec, block, metas, root, container, lines, overrides) -> None:
    src: dict[str, str] = {}
    bv = block.values

    def from_block(fld, norm):
        raw = bv.get(fld)
        v = norm(raw) if raw is not None else None
        if v is not None:
            src[fld] = f"block:{block.labels.get(fld, fld)}"
        return v

    def pick(fld, candidates: dict, default_order):
        for kind in _decide_prefer(overrides, fld, default_order):
            fn = candidates.get(kind)
            if fn is None:
                continue
            v = fn()
            if v is not None:
                return v
        return None

    def meta_val(name, norm, fld):
        def f():
            raw = metas.get(name)
            v = norm(raw) if raw else None
            if v is not None:
                src[fld] = f"meta:{name}"
            return v
        return f

    # title
    def title_block():
        return from_block("title", N.normalise_title)

    def title_heading():
        v = N.normalise_title(_heading_title(container, root))
        if v is not None:
            src["title"] = "body"
        return v

    def title_tag():
        v = N.normalise_title(_html_title(root), from_html_title=True)
        if v is not None:
            src["title"] = "title"
        return v

    raw_title_candidates = [bv.get("title"), metas.get("ArticleTitle")]
    rec["title"] = pick("title", {"block": title_block, "meta": meta_val("ArticleTitle", N.normalise_title, "title"),
                                  "body": title_heading, "title": title_tag},
                        ["block", "meta", "body", "title"])

    def date_body():
        for line in lines[:8]:
            if _DATE_LINE.search(line) and len(line) < 80:
                v = N.parse_date(line)
                if v:
                    src["published_date"] = "body"
                    return v
        return None

    rec["published_date"] = pick("published_date", {
        "block": lambda: from_block("published_date", N.parse_date),
        "meta": lambda: meta_val("PubDate", N.parse_date, "published_date")() or meta_val("firstpublishedtime", N.parse_date, "published_date")(),
        "body": date_body}, ["block", "meta", "body"])
    rec["created_date"] = pick("created_date", {"block": lambda: from_block("created_date", N.parse_date)}, ["block"])

    rec["publisher"] = pick("publisher", {"block": lambda: from_block("publisher", N.clean_text)}, ["block"])
    rec["source_name"] = pick("source_name", {"block": lambda: from_block("source_name", N.clean_text)}, ["block"])

    def docno_body():
        for line in lines[:15]:
            if _DOC_NO_LINE.match(line.strip()):
                src["doc_number"] = "body"
                return N.normalise_doc_number(line)
        return None

    rec["doc_number"] = pick("doc_number", {"block": lambda: from_block("doc_number", N.normalise_doc_number),
                                            "body": docno_body}, ["block", "body"])
    rec["index_no"] = pick("index_no", {"block": lambda: from_block("index_no", N.normalise_index_no)}, ["block"])
    rec["index_scheme"] = N.classify_index_no(rec["index_no"])
    rec["category"] = pick("category", {"block": lambda: from_block("category", N.clean_text)}, ["block"])
    rec["keywords"] = pick("keywords", {"block": lambda: from_block("keywords", N.clean_text),
                                        "meta": meta_val("Keywords", N.clean_text, "keywords")}, ["block"])
    rec["validity"] = pick("validity", {"block": lambda: from_block("validity", N.normalise_validity)}, ["block"])
    if rec["validity"] is None:
        for raw in raw_title_candidates + [_html_title(root)]:
            _, val = N.split_validity(N.clean_text(raw))
            if val:
                rec["validity"] = val
                src["validity"] = "title"
                break
    rec["field_sources"] = {k: v for k, v in src.items() if rec.get(k) is not None}
