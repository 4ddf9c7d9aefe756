"""Links for the crawler and attachments for the record.

`find_links(content, base_url)` — absolute hrefs of <a> elements, fragment stripped, deduplicated,
document order kept (javascript:, mailto:, tel: dropped).
`find_create_page_html(html_text)` — TRS list paging `createPageHTML(6, 0, "index", "html")` →
(page_count, current_index, prefix, extension); page n>0 is f"{prefix}_{n}.{extension}".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

from govdocs.records import Attachment
from govdocs.urls import InvalidURL, to_uri

from .decode import decode_html
from .tree import Element, parse_html, text_content

ATTACHMENT_TYPES = ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "zip")  # records.Attachment; else "other"
# The one list of attachment file extensions (records, crawler source defaults, body edges)
ATTACHMENT_EXTENSIONS = (*ATTACHMENT_TYPES, "rar", "et")
ATTACHMENT_EXT_PATTERN = r"\.(" + "|".join(sorted(ATTACHMENT_EXTENSIONS, key=len, reverse=True)) + ")"
_ATTACH_EXT = re.compile(ATTACHMENT_EXT_PATTERN + "$", re.I)
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"]"
)
_ATTACH_HINT = re.compile(ATTACHMENT_EXT_PATTERN + r"\b", re.I)
_BAD_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:")


def base_of(root: Element, base_url: str) -> str:
    """The page's <base href> resolved against its URL; an unparseable one is ignored (a
    browser ignores it too) rather than losing every link on the page."""
    for b in root.iter("base"):
        href = (b.get("href") or "").strip()
        if href:
            return absolute(href, base_url) or base_url
    return base_url


def absolute(href: str | None, base: str) -> str | None:
    """`href` resolved against `base` as a browser does (urls.to_uri: WHATWG parsing, UTF-8
    percent-encoded path and query, IDNA host, fragment dropped); None for a non-web scheme or
    a URL a browser would not load (a port out of range, `http://h:+80/`, an unclosed IPv6
    bracket). A page read from a local file (base `file:`) resolves its links with urljoin,
    unencoded: they are paths for the reader, not URLs to fetch."""
    if not href:
        return None
    h = href.strip().replace("\\", "/")
    if not h or h.startswith("#") or h.lower().startswith(_BAD_SCHEMES):
        return None
    if base.startswith("file:"):
        try:
            url = urldefrag(urljoin(base, h))[0]
            _ = urlsplit(url).port
        except ValueError:
            return None
        return url if urlsplit(url).scheme in ("http", "https", "file") else None
    try:
        return to_uri(h, base)
    except InvalidURL:
        return None


def links_in_tree(root: Element, base_url: str, *, attachments_only: bool = False) -> list[tuple[str, str]]:
    """(absolute URL, link text) for every <a href>, deduplicated by URL."""
    base = base_of(root, base_url)
    seen: set[str] = set()
    resolved: dict[str, str | None] = {}  # the same href (a nav link repeated) resolves once
    out: list[tuple[str, str]] = []
    for a in root.iter("a"):
        href = a.get("href")
        if attachments_only and (not href or not _ATTACH_HINT.search(href)):
            continue  # resolving is the cost on a page with 1,000 nav links
        if href is None:
            continue
        if href not in resolved:
            resolved[href] = absolute(href, base)
        url = resolved[href]
        if url and url not in seen:
            seen.add(url)
            out.append((url, " ".join(text_content(a).split())))
    return out


def find_links(content: bytes, base_url: str, content_type: str | None = None) -> list[str]:
    text, _ = decode_html(content, content_type)
    root = parse_html(text)
    if root is None:
        return []
    return [u for u, _ in links_in_tree(root, base_url)]


def find_create_page_html(html_text: str) -> tuple[int, int, str, str] | None:
    m = _CREATE_PAGE.search(html_text)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)


def attachment_type(url: str) -> str | None:
    if not _ATTACH_HINT.search(url):
        return None  # most links: no extension in sight, no parse
    path = urlsplit(url).path
    m = _ATTACH_EXT.search(path)
    return m.group(1).lower() if m else None


def find_attachments(links: list[tuple[str, str]]) -> list[Attachment]:
    out: list[Attachment] = []
    for url, text in links:
        t = attachment_type(url)
        if t is None:
            continue
        name = text or urlsplit(url).path.rsplit("/", 1)[-1]
        out.append({"name": name, "url": url, "type": t if t in ATTACHMENT_TYPES else "other"})
    return out


# ---------------------------------------------------------------- pagers
# link texts that lead to the next list page (TRS, Hanweb, UCAP, gkmlpt, JSP lists)
_NEXT_TEXTS = frozenset({"下一页", "下页", "后页", "下一页>", "下一页>>", "下一页 >", ">", ">>", "›", "»", "next"})
# index_1.html, list_2.shtml, default_3.htm, index_12345_2.html: a numbered copy of a list page
_NUMBERED_PAGE = re.compile(r"^(?:index|list|default|more|column)(?:_\d+)?_(\d{1,6})\.s?html?$", re.I)
# query pagers: ?page=2, pageNo=3, pageIndex=4, curPage=5, pn=6, p=7 (a number only)
_QUERY_PAGE = re.compile(r"(?:^|&)(?:page|pageno|pageindex|pagenum|curpage|currentpage|pn|p)=(\d{1,6})(?:&|$)", re.I)


def _directory(path: str) -> str:
    return path.rsplit("/", 1)[0]


def pager_urls(text: str, links: list[tuple[str, str]], page_url: str, base: str) -> Iterator[str]:
    """Next list pages of a list page, lazily, in order of evidence:

    1. TRS `createPageHTML(n, i, "index", "html")`: pages `index_1.html` … `index_{n-1}.html`
       (page 0 is `index.html`), generated one by one so that `n = 10^8` costs nothing until
       a caller takes them (the caller caps with `max_pager`);
    2. links whose text is 下一页 / 下页 / > …;
    3. links to a numbered copy of a list page in the same directory (`index_2.html`);
    4. links to the same path with a page-number query (`?page=2`, `pageNo=3`).
    """
    found = find_create_page_html(text) if "createPageHTML" in text else None
    if found:
        total, current, stem, ext = found
        if stem and ext.isascii() and ext.isalnum() and not any(c in stem for c in "/\\?#:"):
            first = absolute(f"{stem}.{ext}", base)
            if first is None:
                return
            if current > 0:
                yield first
            for i in range(1, total):
                if i != current:
                    yield first[: -len(ext) - 1] + f"_{i}.{ext}"
    try:
        here = urlsplit(page_url)
    except ValueError:
        return
    here_dir = _directory(here.path)
    for url, label in links:
        if label.strip().lower() in _NEXT_TEXTS:
            yield url
            continue
        parts = urlsplit(url)
        if parts.netloc != here.netloc:
            continue
        name = parts.path.rsplit("/", 1)[-1]
        if (_NUMBERED_PAGE.match(name) and _directory(parts.path) == here_dir) or (
            parts.query and parts.path == here.path and _QUERY_PAGE.search(parts.query)
        ):
            yield url


def find_pager(
    text: str, links: list[tuple[str, str]], page_url: str, base: str, max_pager: int = 1000
) -> tuple[str, ...]:
    """At most `max_pager` distinct pager URLs (see pager_urls), the page itself left out."""
    seen = {page_url}
    out: list[str] = []
    for url in pager_urls(text, links, page_url, base):
        if len(out) >= max_pager:
            break
        if url not in seen:
            seen.add(url)
            out.append(url)
    return tuple(out)
