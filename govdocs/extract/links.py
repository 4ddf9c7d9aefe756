"""Links for the crawler and attachments for the record.

`find_links(content, base_url)` — absolute hrefs of <a> elements, fragment stripped, deduplicated,
document order kept (javascript:, mailto:, tel: dropped).
`find_create_page_html(html_text)` — TRS list paging `createPageHTML(6, 0, "index", "html")` →
(page_count, current_index, prefix, extension); page n>0 is f"{prefix}_{n}.{extension}".
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from .decode import decode_html
from .tree import parse_html, text_content

ATTACHMENT_TYPES = ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "zip")  # records.Attachment; else "other"
_ATTACH_EXT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|zip|rar|et)$", re.I)
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"]"
)
_ATTACH_HINT = re.compile(r"\.(?:pdf|docx?|wps|ofd|xlsx?|zip|rar|et)\b", re.I)
_BAD_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:")


def _base_of(root, base_url: str) -> str:
    for b in root.iter("base"):
        href = (b.get("href") or "").strip()
        if href:
            return urljoin(base_url, href)
    return base_url


def absolute(href: str | None, base: str) -> str | None:
    if not href:
        return None
    h = href.strip().replace("\\", "/")
    if not h or h.startswith("#") or h.lower().startswith(_BAD_SCHEMES):
        return None
    try:
        url = urldefrag(urljoin(base, h))[0]
    except ValueError:
        return None
    if urlsplit(url).scheme not in ("http", "https", "ftp", "file", ""):
        return None
    return url


def links_in_tree(root, base_url: str, *, attachments_only: bool = False) -> list[tuple[str, str]]:
    """(absolute URL, link text) for every <a href>, deduplicated by URL."""
    base = _base_of(root, base_url)
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for a in root.iter("a"):
        href = a.get("href")
        if attachments_only and (not href or not _ATTACH_HINT.search(href)):
            continue  # urljoin is the cost on a page with 1,000 nav links
        url = absolute(href, base)
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
    path = urlsplit(url).path
    m = _ATTACH_EXT.search(path)
    return m.group(1).lower() if m else None


def find_attachments(links: list[tuple[str, str]]) -> list[dict]:
    out = []
    for url, text in links:
        t = attachment_type(url)
        if t is None:
            continue
        name = text or urlsplit(url).path.rsplit("/", 1)[-1]
        out.append({"name": name, "url": url, "type": t if t in ATTACHMENT_TYPES else "other"})
    return out
