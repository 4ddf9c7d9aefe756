"""What a page is — a document ("detail"), a list of documents ("list") or neither — decided
from its content, so that a site works whatever its URL scheme (TRS `t20240101_1.html`,
Hanweb `/art/2024/3/14/art_1_2.html`, gkmlpt `post_123.html`, `view.jsp?id=`, `?docId=` …).

A list page is many links that each carry a date (in the link, or in a cell or span beside
it: `<li><a>标题</a><span>2024-01-05</span></li>`, `<tr><td><a>…</a></td><td>2024-01-05</td></tr>`)
and little running text of its own. A document page has a title and a body of running text,
or a metadata block (索引号, 发布机构 …) — an attachment-only or image-only document has no body
text but still its block or date line. A detail page's sidebar of related dated links does
not make it a list when its own text is a document. Source URL patterns, when a source gives
them, are hints that the crawler applies before this (they win).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

from .tree import squash

PageKind = Literal["detail", "list", "other"]

_DATE = re.compile(r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}")
_LIST_MIN_LINKS = 5  # dated links that make a list (a short column has 5–20 per page)
_DOC_MIN_TEXT = 150  # characters of running text that make a body
_ITEM_TAGS = frozenset({"li", "tr", "dd", "dt", "p", "div", "span", "td", "h3", "h4", "em", "font"})


def _small_text(el: Any) -> str:
    """An element's text when it is small (a date cell or span), else only its own text."""
    if type(el.tag) is not str:  # a comment
        return ""
    return " ".join(el.itertext()) if len(el) < 4 else el.text or ""


def _near_text(a: Any) -> str:
    """Text beside a link that may hold its date: the link itself and its tail, and the small
    siblings of the link, of its parent and of its grandparent (`<li><a/><span>date</span>`,
    `<tr><td><a/></td><td>date</td>`, `<div><div class=title><a/></div><div>date</div>`).
    Bounded: a few siblings per level, no subtree walks."""
    parts = [_small_text(a), a.tail or ""]
    el = a
    for level in range(3):
        sib = el.getnext()
        for _ in range(3):
            if sib is None:
                break
            parts.append(_small_text(sib))
            parts.append(sib.tail or "")
            sib = sib.getnext()
        prev = el.getprevious()
        if prev is not None:
            parts.append(_small_text(prev))
        if level:
            parts.append(el.text or "")
        el = el.getparent()
        if el is None or type(el.tag) is not str or el.tag not in _ITEM_TAGS:
            break
    return " ".join(parts)


def dated_links(root: Any, limit: int = 200) -> int:
    """How many <a href> with a title-like text (≥ 5 characters) have a date beside them."""
    n = 0
    for a in root.iter("a"):
        if not a.get("href"):
            continue
        label = squash(" ".join(a.itertext()))
        if len(label) < 5:
            continue
        if _DATE.search(_near_text(a)):
            n += 1
            if n >= limit:
                break
    return n


def page_kind(record: dict[str, Any], block_values: int, dated: Callable[[int], int]) -> PageKind:
    """detail / list / other for an extracted page; `dated(limit)` counts its dated links up to
    `limit` (called only when the decision needs it: a page with a metadata block and a body
    is a document whatever its sidebar lists)."""
    if record["status"] != "ok":
        return "other"
    body = record["body_text"]
    text_len = len(body)
    has_meta = block_values >= 2 or (block_values >= 1 and record.get("published_date") is not None)
    prose = "。" in body or "；" in body
    # a document: a title and a body (or its metadata block); a long running text even when the
    # title was not found (the crawler keeps only details: a lost title must not lose the page)
    document = (
        record.get("title") is not None and (text_len >= _DOC_MIN_TEXT or has_meta or (prose and text_len >= 40))
    ) or (prose and text_len >= 2 * _DOC_MIN_TEXT)
    if has_meta and document:
        return "detail"
    n = dated(max(_LIST_MIN_LINKS, text_len // 60 + 1))
    # a list: the dated links carry more than the page's own running text does
    if n >= _LIST_MIN_LINKS and not has_meta and (text_len < _DOC_MIN_TEXT * 2 or n * 60 > text_len):
        return "list"
    if document:
        return "detail"
    if n >= _LIST_MIN_LINKS:
        return "list"
    if record.get("title") is not None and record.get("published_date") is not None:
        return "detail"  # a short notice, or a document that is an image or a PDF link only
    return "other"
