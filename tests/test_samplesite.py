"""The bundled sample site: generator determinism, manifest consistency and the HTTP server."""

from __future__ import annotations

import json
import re
import shutil
import socket
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from govdocs.paths import SAMPLE_MANIFEST as MANIFEST_PATH
from govdocs.paths import SAMPLE_SITE_DIR
from govdocs.samplesite.server import serve_site
from tools.samplesite import writing as sitebuild
from tools.samplesite.content import DATA_DIR, Builder, DataError

PAGE_CALL = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"index",\s*"html"\)')


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base_url():
    with serve_site() as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url):
    with httpx.Client(base_url=base_url, timeout=10) as c:
        yield c


def raw_request(base_url: str, request_line: str) -> tuple[int, bytes]:
    """Send a request line as is (httpx would normalise ../ away)."""
    u = urlsplit(base_url)
    with socket.create_connection((u.hostname, u.port), timeout=5) as s:
        s.sendall(f"{request_line}\r\nHost: {u.hostname}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


# ---------------------------------------------------------------- generator


def test_build_is_deterministic_and_matches_committed_files(tmp_path: Path) -> None:
    sitebuild.build(tmp_path / "a" / "site", tmp_path / "a" / "manifest.json")
    sitebuild.build(tmp_path / "b" / "site", tmp_path / "b" / "manifest.json")

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    a, b = tree(tmp_path / "a" / "site"), tree(tmp_path / "b" / "site")
    assert a == b
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()
    committed = tree(SAMPLE_SITE_DIR)
    assert sorted(committed) == sorted(a), "committed site is stale: run python -m tools.samplesite"
    stale = [p for p in a if a[p] != committed[p]]
    assert not stale, f"committed site differs from a fresh build: {stale[:5]}"
    assert MANIFEST_PATH.read_bytes() == (tmp_path / "a" / "manifest.json").read_bytes()


def test_manifest_shape(manifest: dict) -> None:
    t = manifest["totals"]
    kinds = t["by_kind"]
    assert t["detail_pages"] >= 45
    assert kinds["rule_of_law"] >= 16 and kinds["annual_report"] >= 12 and kinds["notice"] >= 12
    assert t["figures_total"] > 400
    editions = {e["tables"]["edition"] for e in manifest["details"].values() if e["kind"] == "annual_report"}
    assert editions == {"2019", "2021"}
    seed = manifest["details"][manifest["special"]["seed"]]
    assert seed["index_no"] == "11500106709335764X/2022-00118"
    assert seed["publisher"] == "沙坪坝区城市管理局"
    assert seed["doc_number"] is None and seed["keywords"] is None
    key = [f for f in seed["figures"] if f["label"] == "行政许可审批"]
    assert key and key[0]["value"] == 1071 and key[0]["unit"] == "件" and key[0]["written"] == "1071件"
    for path, e in manifest["details"].items():
        assert re.fullmatch(r"/zwgk_235/\w+/\d{6}/t\d{8}_\d{7,8}\.html", path), path
        if e["kind"] == "special":
            continue
        if e["doc_number"]:
            assert " " not in e["doc_number"] and "[" not in e["doc_number"]
        if e["kind"] == "rule_of_law" and "seed" not in e["flags"]:
            n = sum(1 for f in e["figures"] if "table" not in f)
            assert 10 <= n <= 25 and 3000 <= e["body_chars"] <= 6000, path


def test_annual_report_tables_are_consistent(manifest: dict) -> None:
    for path, e in manifest["details"].items():
        if e["kind"] != "annual_report":
            continue
        rows = {r[0]: r[1:] for r in e["tables"]["table3"]["rows"]}
        for c in range(7):
            assert (
                rows["一、本年新收政府信息公开申请数量"][c] + rows["二、上年结转政府信息公开申请数量"][c]
                == rows["三、本年度办理结果 / （七）总计"][c] + rows["四、结转下年度继续办理"][c]
            ), path
        for vals in rows.values():
            assert sum(vals[:6]) == vals[6], path
        t4 = e["tables"]["table4"]["values"]
        for i in range(0, 15, 5):
            assert sum(t4[i : i + 4]) == t4[i + 4]


def _broken_data(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the generator's data with one edit in one file."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    text = (data / name).read_text(encoding="utf-8")
    assert old in text
    (data / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("bureaus.toml", 'uscc = "115001067093358210"\n', "", r"bureaus.toml \[sfj\]: missing uscc"),
        ("notices.toml", 'agency = "qzfb"', 'agency = "nobody"', r"notices.toml entry 1: agency 'nobody' is not in"),
        ("site.toml", "items_per_page = 10\n", "", r"site.toml: missing items_per_page"),
    ],
)
def test_a_slip_in_the_data_is_named(tmp_path: Path, name: str, old: str, new: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        Builder(_broken_data(tmp_path, name, old, new))


# ---------------------------------------------------------------- server


def test_home_robots_and_disclosure_home(client: httpx.Client) -> None:
    home = client.get("/index.html")
    assert home.status_code == 200 and "/zwgk_235/index.html" in home.text
    assert home.headers["content-type"] == "text/html; charset=utf-8"
    assert int(home.headers["content-length"]) == len(home.content)
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and "Allow: /" in robots.text and "Crawl-delay" not in robots.text
    zwgk = client.get("/zwgk_235/index.html")
    assert zwgk.status_code == 200
    for slug in ("fzzfjsndbg", "zfxxgkndbg", "tzgg"):
        assert f"./{slug}/" in zwgk.text
    assert client.get("/zwgk_235/").text == zwgk.text
    redirect = client.get("/zwgk_235")
    assert redirect.status_code == 301 and redirect.headers["location"] == "/zwgk_235/"


def test_list_pages_paginate_by_script_only(client: httpx.Client, manifest: dict) -> None:
    for col in manifest["columns"]:
        first = client.get(col["path"] + "index.html")
        assert first.status_code == 200
        m = PAGE_CALL.search(first.text)
        assert m, col["path"]
        total, current = int(m.group(1)), int(m.group(2))
        assert current == 0 and total == col["total_pages"]
        assert "index_1.html" not in first.text
        seen = []
        for n in range(total):
            url = col["path"] + ("index.html" if n == 0 else f"index_{n}.html")
            r = client.get(url)
            assert r.status_code == 200, url
            assert PAGE_CALL.search(r.text).group(2) == str(n)
            assert not re.search(r'href="[^"]*index_\d+\.html"', r.text)
            seen += re.findall(
                r'<li><a href="(\./\d{6}/t\d{8}_\d+\.html)"[^>]*>.*?</a><span>\d{4}-\d{2}-\d{2}</span>', r.text
            )
        assert client.get(col["path"] + f"index_{total}.html").status_code == 404
        resolved = [urlsplit(urljoin(str(first.url), h)).path for h in seen]
        assert resolved == col["items_order"]


def test_every_detail_page_has_its_expected_status(client: httpx.Client, manifest: dict) -> None:
    for path, e in manifest["details"].items():
        r = client.get(path)
        assert r.status_code == e["http_status"], path
        if e["page_status"] == "ok":
            assert e["content_type"] == r.headers["content-type"], path
            text = r.content.decode("gb18030" if e["encoding"] == "gbk" else "utf-8")
            assert e["title"] in text
            assert e["index_no"] in text
            assert "当前位置：" in text and "网站标识码" in text and "渝公网安备 50010602500861号" in text
            assert 15_000 < len(r.content) < 100_000, (path, len(r.content))
    soft = client.get(manifest["special"]["soft_error"])
    assert soft.status_code == 200 and "该信息不存在" in soft.text


def test_gbk_page_has_no_charset(client: httpx.Client, manifest: dict) -> None:
    path = manifest["special"]["gbk"]
    r = client.get(path)
    assert r.headers["content-type"] == "text/html"
    assert b"charset" not in r.content.lower()
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    text = r.content.decode("gb18030")
    assert "\ufffd" not in text
    assert manifest["details"][path]["title"] in text


def test_special_pages(client: httpx.Client, manifest: dict) -> None:
    sp = manifest["special"]
    dw = client.get(sp["docwrite_publisher"]).text
    publisher = manifest["details"][sp["docwrite_publisher"]]["publisher"]
    assert f"document.write('{publisher}')" in dw
    pdf = client.get(sp["pdf"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-1.4") and pdf.content.rstrip().endswith(b"%%EOF")
    page = client.get(sp["pdf_attachment_page"]).text
    assert 'href="./P020220125123456.pdf"' in page
    for url, a in manifest["attachments"].items():
        assert client.get(url).status_code == a["http_status"], url
    empty = manifest["details"][sp["empty_fields"]]
    assert empty["doc_number"] is None and empty["keywords"] is None and empty["category"] is None
    assert client.get(sp["missing"]).status_code == 404
    assert "[已废止]" in manifest["details"][sp["abolished_title"]]["list_title"]


def test_conditional_requests_and_head(client: httpx.Client, manifest: dict) -> None:
    path = manifest["special"]["seed"]
    r = client.get(path)
    etag, lm = r.headers["etag"], r.headers["last-modified"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": lm}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status_code == 200
    h = client.head(path)
    assert h.status_code == 200 and h.content == b"" and int(h.headers["content-length"]) == len(r.content)
    nf = client.get("/no/such/page.html")
    assert nf.status_code == 404 and "页面不存在" in nf.text


def test_path_traversal_is_refused(base_url: str) -> None:
    for target in (
        "/../../etc/passwd",
        "/zwgk_235/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/zwgk_235/%2E%2E/%2E%2E/pyproject.toml",
        "/..%2f..%2fetc/passwd",
    ):
        status, data = raw_request(base_url, f"GET {target} HTTP/1.1")
        assert status in (400, 403, 404), target
        assert b"root:" not in data and b"[project]" not in data
    status, _ = raw_request(base_url, "GET /_headers.json HTTP/1.1")
    assert status == 404


def test_keep_alive_and_methods(base_url: str, manifest: dict) -> None:
    import http.client

    u = urlsplit(base_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    try:
        conn.request("GET", "/zwgk_235/index.html")
        first = conn.getresponse()
        body = first.read()
        assert first.status == 200 and first.version == 11
        assert int(first.getheader("Content-Length")) == len(body)
        sock = conn.sock
        conn.request("GET", manifest["special"]["seed"])  # same connection
        second = conn.getresponse()
        assert second.status == 200 and conn.sock is sock
        second.read()
        conn.request("POST", "/index.html", body=b"x=1")
        third = conn.getresponse()
        third.read()
        assert third.status == 405
        conn.request("HEAD", "/robots.txt")  # still in sync after the POST body
        fourth = conn.getresponse()
        fourth.read()
        assert fourth.status == 200
    finally:
        conn.close()
