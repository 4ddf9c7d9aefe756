"""Issue 11's hostile answers through the whole crawl: one row with a reason each, never an
abort. Pure policy over httpx.MockTransport (the faults that need sockets are in
test_hostile_fetch.py)."""

from __future__ import annotations

import io
import struct
import zipfile

import httpx

from govdocs.sources import source_from_dict
from tests.crawling import crawl

BASE = "http://www.gov.example/"
LIST = "<html><body><ul>{links}</ul></body></html>"
DETAIL = "<html><head><title>关于X的通知</title></head><body><div>索引号：1/2022-00001</div><p>正文。</p></body></html>"


def source(**politeness):
    return source_from_dict(
        {
            "name": "t",
            "start_urls": [BASE + "col/index.html"],
            "allowed_origins": [BASE],
            "links": {
                "list": [r"/col/index\.html$"],
                "detail": [r"/\d{6}/t\d{8}_\d+\.html$"],
                "attachment": [r"\.(pdf|docx)$"],
            },
            "politeness": {"delay_s": 0.0, "retries": 1, **politeness},
        }
    )


def site(pages: dict[str, httpx.Response | bytes], robots: str = "User-agent: *\nAllow: /\n"):
    links = "".join(f'<li><a href="{p}">x</a></li>' for p in pages)
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        calls.append(path)
        if path == "/robots.txt":
            return httpx.Response(200, text=robots)
        if path == "/col/index.html":
            return httpx.Response(200, html=LIST.format(links=links))
        for p, answer in pages.items():
            if path == "/" + p.lstrip("/"):
                return answer if isinstance(answer, httpx.Response) else httpx.Response(200, content=answer)
        return httpx.Response(200, html=DETAIL)

    return httpx.MockTransport(handler), calls


def run(tmp_path, transport, sleeps=None, **politeness):
    return crawl(
        source(**politeness),
        archive_path=tmp_path / "a.warc.gz",
        transport=transport,
        attachments_dir=tmp_path / "attachments",
        sleep=sleeps.append if sleeps is not None else (lambda s: None),
    )


def test_bad_locations_are_rows_and_the_crawl_goes_on(tmp_path):
    transport, _ = site(
        {
            "/col/202401/t20240101_1.html": httpx.Response(302, headers={"Location": "x:y"}),
            "/col/202401/t20240101_2.html": httpx.Response(302, headers={"Location": "http://127.0.0.1:99999/"}),
            "/col/202401/t20240101_3.html": httpx.Response(302, headers={"Location": "http://[::1/"}),
            "/col/202401/t20240101_4.html": DETAIL.encode(),
        }
    )
    pages = run(tmp_path, transport).by_path()
    for n in (1, 2, 3):
        page = pages[f"col/202401/t20240101_{n}.html"]
        assert page.status == "fetch_error" and page.error_reason
    assert pages["col/202401/t20240101_4.html"].status == "ok"


def test_retry_after_garbage_falls_back_to_backoff(tmp_path):
    sleeps: list[float] = []
    busy = httpx.Response(503, headers=[(b"Retry-After", "²".encode())], text="busy")
    transport, calls = site({"/col/202401/t20240101_1.html": busy})
    pages = run(tmp_path, transport, sleeps).by_path()
    assert pages["col/202401/t20240101_1.html"].http_status == 503
    assert calls.count("/col/202401/t20240101_1.html") == 2  # retried once (retries = 1)
    assert all(0 <= s <= 60 for s in sleeps)


def test_an_absurd_crawl_delay_is_clamped(tmp_path):
    sleeps: list[float] = []
    transport, _ = site(
        {"/col/202401/t20240101_1.html": DETAIL.encode()}, robots="User-agent: *\nCrawl-delay: 99999999999\n"
    )
    pages = run(tmp_path, transport, sleeps).by_path()
    assert pages["col/202401/t20240101_1.html"].status == "ok"
    assert sleeps and max(sleeps) <= 60.0


def _bad_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", b"<w:document/>")
    data = bytearray(buf.getvalue().replace(b"word/document.xml", b"word/docume\xff\xfe.xml"))
    at = data.find(b"PK\x01\x02")
    data[at + 8 : at + 10] = struct.pack("<H", 0x800)  # names flagged UTF-8
    return bytes(data)


def test_a_hostile_docx_is_refused_with_a_reason(tmp_path):
    detail = DETAIL.replace("</body>", '<a href="./a.docx">附件</a></body>')
    transport, _ = site({"/col/202401/t20240101_1.html": detail.encode(), "/col/202401/a.docx": _bad_docx()})
    pages = run(tmp_path, transport).by_path()
    assert pages["col/202401/t20240101_1.html"].status == "ok"
    docx = pages["col/202401/a.docx"]
    assert docx.status == "fetch_error" and "corrupt zip container" in docx.error_reason
