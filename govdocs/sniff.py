"""What a body of bytes is, from its bytes (the one byte sniffer of the project).

Used by the extractor (a PDF or Word file served as text/html is `not_html`, not a page) and
by the attachment store (files are named by their sniffed type, never by the server's name).
Signatures: PDF `%PDF`, OLE2 `D0 CF 11 E0` (doc/xls/wps), zip `PK\\x03\\x04` (its member names
tell docx/xlsx/pptx/ofd), PNG/JPEG/GIF, RAR/gzip/7z. UTF-16 text without a byte-order mark
is recognised by its NUL bytes at every other position (ASCII markup in UTF-16), so that it
is decoded as text rather than refused as binary.
"""

from __future__ import annotations

import io
import zipfile

_IMAGE = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_ARCHIVE = (b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf")


def utf16_order(content: bytes) -> str | None:
    """ "utf-16-le" / "utf-16-be" when the bytes look like BOM-less UTF-16 markup, else None:
    in the first 1,000 bytes, NULs fill one of the two byte positions (ASCII characters) and
    almost never the other, and the text starts with "<" after any whitespace."""
    sample = content[:1000]
    if len(sample) < 8 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    for order, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls > 0.3 * half and other < 0.02 * half:
            head = sample.decode(order, "replace").lstrip(" \t\r\n\ufeff")
            if head.startswith("<"):
                return order
    return None


def sniff_type(body: bytes) -> str:
    """pdf | ole2 | docx | xlsx | pptx | ofd | zip | other (the attachment store's types)."""
    if body[:1024].lstrip()[:4] == b"%PDF":
        return "pdf"
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if body.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            return "other"
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        if any(n.upper().endswith("OFD.XML") for n in names):
            return "ofd"
        return "zip"
    return "other"


def binary_reason(content: bytes) -> str | None:
    """Why the bytes are not an HTML page (None when they may be one)."""
    if content[:1024].lstrip()[:4] == b"%PDF":
        return "PDF document (%PDF signature)"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "OLE2 compound file (Word .doc / Excel .xls)"
    if content.startswith(b"PK\x03\x04"):
        return "zip container (docx/xlsx/zip)"
    if content.startswith(_IMAGE + _ARCHIVE):
        return "binary file (image/archive signature)"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_order(content):
        return None  # UTF-16 text: NUL bytes are expected
    sample = content[:2048]
    if sample:
        ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
        if sample.count(0) > 8 or ctrl / len(sample) > 0.1:
            return "binary content (control bytes)"
    return None
