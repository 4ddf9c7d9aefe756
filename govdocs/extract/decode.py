"""Bytes → text for government pages, without guessing libraries.

Order of evidence:
1. a byte-order mark (UTF-8 / UTF-16) — decisive; BOM-less UTF-16 (NULs at every other byte,
   govdocs.sniff.utf16_order) is decoded as such, whatever is declared: a declared
   `charset=utf-16` says nothing about the byte order, and Python's "utf-16" codec without a
   BOM guesses wrong (garbage, links lost);
2. if the bytes are valid strict UTF-8 and contain non-ASCII, UTF-8 wins even when the HTTP
   header or a `<meta>` says GBK (a common CMS mistake);
3. the HTTP `charset=` parameter, then the first `<meta charset>` / `http-equiv` in the
   first 4 KB;
4. sniffing: strict GB18030; failing that, whichever of UTF-8 / GB18030 loses fewer bytes.

Every name of the GB2312/GBK/GB18030 family is decoded as GB18030 (a superset), so pages that
declare GB2312 but use GBK characters do not lose them. The result never contains U+FFFD
introduced by us: undecodable bytes are dropped, and the name reported says what was used.
"""

from __future__ import annotations

import codecs
import re

from govdocs.sniff import utf16_order

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)

_GB_FAMILY = {
    "gb2312",
    "gbk",
    "gb18030",
    "cp936",
    "x-gbk",
    "gb_2312",
    "gb_2312-80",
    "euc-cn",
    "hz-gb-2312",
    "csgb2312",
    "ms936",
}


def normalise_charset(name: str | None) -> str | None:
    """Map a declared charset name to the Python codec we decode with (None if unknown)."""
    if not name:
        return None
    n = name.strip().strip("\"'").lower()
    if n in _GB_FAMILY or n.startswith("gb"):
        return "gb18030"
    if n in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def declared_charsets(content: bytes, content_type: str | None) -> tuple[str | None, str | None]:
    """(HTTP charset, meta charset), each normalised or None."""
    http = None
    if content_type:
        m = _HTTP_CHARSET.search(content_type)
        if m:
            http = normalise_charset(m.group(1))
    meta = None
    m2 = _META_CHARSET.search(content[:4096])
    if m2:
        meta = normalise_charset(m2.group(1).decode("ascii", "ignore"))
    return http, meta


def decode_html(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return (text, encoding name used). The text holds no U+FFFD."""
    text, enc = _decode(content, content_type)
    if "\ufffd" in text:  # a replacement character already in the source is no text either
        text = text.replace("\ufffd", "")
    return text, enc


def _decode(content: bytes, content_type: str | None) -> tuple[str, str]:
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", "ignore"), "utf-8"
    if content.startswith(codecs.BOM_UTF16_LE) or content.startswith(codecs.BOM_UTF16_BE):
        return content.decode("utf-16", "ignore").lstrip("\ufeff"), "utf-16"
    order = utf16_order(content)
    if order:
        return content.decode(order, "ignore"), order
    if content.isascii():
        return content.decode("ascii"), "ascii"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    http, meta = declared_charsets(content, content_type)
    for enc in (http, meta):
        if enc and enc != "utf-8":
            try:
                return content.decode(enc), enc
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        return content.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (truncated page) versus mostly GBK: pick the codec
    # that drops fewer bytes.
    best = None
    for enc in ("utf-8", "gb18030"):
        text = content.decode(enc, "replace")
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, text, enc)
    assert best is not None
    return best[1].replace("\ufffd", ""), best[2]
