"""Attachments whose zip container is hostile: refused with a reason, never a traceback."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from govdocs.fetch.attachments import AttachmentRefused, store_attachment


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


DOCX = make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def patch_central(body: bytes, offset: int, value: int) -> bytes:
    """Set a 16-bit field of every central directory record (offset from its signature)."""
    data = bytearray(body)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + offset : at + offset + 2] = struct.pack("<H", value)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def test_an_impossible_zip_version_is_refused(tmp_path):
    body = patch_central(DOCX, 6, 222)  # "version needed to extract" (one byte) = 22.2
    with pytest.raises(AttachmentRefused, match=r"zip file version 22\.2"):
        store_attachment(body, tmp_path)


def test_a_member_name_that_is_not_the_utf8_it_claims_is_refused(tmp_path):
    body = DOCX.replace(b"word/document.xml", b"word/docume\xff\xfe.xml")
    body = patch_central(body, 8, 0x800)  # general purpose flag: names are UTF-8
    with pytest.raises(AttachmentRefused, match="corrupt zip container: UnicodeDecodeError"):
        store_attachment(body, tmp_path)


def test_an_unknown_compression_method_is_refused(tmp_path):
    with pytest.raises(AttachmentRefused, match="unknown compression method 99"):
        store_attachment(patch_central(DOCX, 10, 99), tmp_path)


def test_a_truncated_zip_is_refused(tmp_path):
    with pytest.raises(AttachmentRefused, match="corrupt zip container"):
        store_attachment(DOCX[: len(DOCX) // 2], tmp_path)


def test_a_good_docx_is_stored(tmp_path):
    stored = store_attachment(DOCX, tmp_path)
    assert stored.type == "docx" and stored.path.read_bytes() == DOCX
