"""govdocs.sniff: the one byte sniffer (extractor and attachment store)."""

import io
import zipfile

import pytest

from govdocs.extract import extract_page
from govdocs.sniff import binary_reason, sniff_type, utf16_order

URL = "https://www.example.gov.cn/zwgk/t1.html"
HTML = "<html><head><meta charset='utf-16'></head><body><div id='zoom'><h1>关于公布名录的通知</h1><p>这是一段使用UTF-16编码保存的政府信息公开正文内容，共计3项措施，现予公布。</p><a href='a.html'>链接</a></div></body></html>"


def _zip(name: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, "x")
    return buf.getvalue()


@pytest.mark.parametrize(
    "body,kind",
    [
        (b"%PDF-1.7", "pdf"),
        (b"\n\n%PDF-1.4", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole2"),
        (_zip("word/document.xml"), "docx"),
        (_zip("xl/workbook.xml"), "xlsx"),
        (_zip("Doc_0/OFD.xml"), "ofd"),
        (_zip("a.txt"), "zip"),
        (b"PK\x03\x04broken", "other"),
        (b"<html>", "other"),
    ],
)
def test_sniff_type(body, kind):
    assert sniff_type(body) == kind


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(codec):
    raw = HTML.encode(codec)
    assert utf16_order(raw) == codec and binary_reason(raw) is None
    rec = extract_page(raw, url=URL, content_type="text/html; charset=utf-16")
    assert rec["status"] == "ok" and rec["encoding"] == codec
    assert "共计3项措施" in rec["body_text"] and rec["title"] == "关于公布名录的通知"
    rec = extract_page(raw, url=URL)  # no declaration at all: the NUL pattern decides
    assert rec["status"] == "ok" and "共计3项措施" in rec["body_text"]


def test_binary_is_refused_and_pdf_under_html_name():
    assert binary_reason(b"\x00\x01\x02\x03" * 100)
    rec = extract_page(
        b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj", url="https://x.gov.cn/a/t1.html", content_type="text/html"
    )
    assert rec["status"] == "not_html" and "PDF" in rec["status_reason"]
