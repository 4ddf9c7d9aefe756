"""The crawler over real loopback HTTP: discovery, politeness, faults, archiving."""

from __future__ import annotations

import gzip
import itertools

import pytest
from warcio.archiveiterator import ArchiveIterator

from govdocs.fetch.archive import read_response
from govdocs.fetch.crawl import CrawlUnreachable
from govdocs.sources import SourceError, load_source, source_from_dict
from tests import loopback
from tests.crawling import crawl
from tests.loopback import html

DETAIL = "<html><head><title>关于X的通知</title></head><body><div>索引号：1/2022-00001</div><p>正文。</p></body></html>"


def make_source(base: str, **politeness) -> object:
    return source_from_dict(
        {
            "name": "t",
            "start_urls": [base + "col/index.html"],
            "allowed_origins": [base],
            "links": {
                "list": [r"/col/(index(_\d+)?\.html)?$"],
                "detail": [r"/\d{6}/t\d{8}_\d+\.html$"],
                "attachment": [r"\.(pdf|docx)$"],
            },
            "politeness": {"delay_s": 0.0, "timeout_s": 2.0, "connect_timeout_s": 1.0, "retries": 2, **politeness},
        }
    )


def site(**extra):
    routes = {
        "/robots.txt": html("User-agent: *\nDisallow: /private/\n", ctype="text/plain"),
        "/col/index.html": html(
            '<ul><li><a href="./202201/t20220101_1.html">一</a></li>'
            '<li><a href="/private/202201/t20220101_9.html">私</a></li>'
            '<li><a href="http://example.org/x.html">外站</a></li></ul>'
            '<script>createPageHTML(3, 0, "index", "html");</script>'
        ),
        "/col/index_1.html": html('<a href="./202201/t20220102_2.html">二</a>'),
        "/col/index_2.html": html('<a href="./202201/t20220103_3.html">三</a>'),
        "/col/202201/t20220101_1.html": html(DETAIL),
        "/col/202201/t20220102_2.html": html(DETAIL.replace("00001", "00002")),
        "/col/202201/t20220103_3.html": html(
            DETAIL.replace("00001", "00003").replace("</body>", '<a href="./f.pdf">附件</a></body>')
        ),
        "/col/202201/f.pdf": loopback.raw(b"%PDF-1.4\n%%EOF\n", ctype="application/pdf"),
    }
    routes.update(extra)
    return routes


def by_url(result):
    return result.by_path()


def test_discovers_trs_pages_details_and_attachments(tmp_path):
    with loopback.serve(site()) as (base, log):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz")
    pages = by_url(result)
    assert set(pages) == {
        "col/index.html",
        "col/index_1.html",
        "col/index_2.html",
        "col/202201/t20220101_1.html",
        "col/202201/t20220102_2.html",
        "col/202201/t20220103_3.html",
        "col/202201/f.pdf",
    }
    assert pages["col/index_1.html"].kind == "list"
    assert pages["col/202201/f.pdf"].kind == "attachment"
    assert all(p.status == "ok" for p in result.pages if p.kind != "attachment")
    assert pages["col/202201/f.pdf"].status == "not_html"  # stored, not parsed as a page
    # robots.txt is obeyed and off-site links are never requested
    assert not any("/private/" in path for _, path in log)
    assert any("private" in u for u in result.skipped)


def test_every_response_is_archived_and_readable(tmp_path):
    warc = tmp_path / "a.warc.gz"
    with loopback.serve(site()) as (base, _):
        result = crawl(make_source(base), archive_path=warc)
    with open(warc, "rb") as fh:
        kinds = [r.rec_type for r in ArchiveIterator(fh)]
    assert kinds[0] == "warcinfo"
    assert kinds.count("response") == len(result.pages)
    assert kinds.count("request") == len(result.pages)
    page = by_url(result)["col/202201/t20220102_2.html"]
    url, status, _headers, body = read_response(warc, page.warc_offset)
    assert (url, status) == (page.url, 200)
    assert b"00002" in body and page.content_length == len(body)
    # digests verify with warcio's own checker
    import subprocess
    import sys
    from pathlib import Path

    warcio = Path(sys.executable).with_name("warcio")
    check = subprocess.run([str(warcio), "check", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_404_and_waf_challenge_are_recorded_with_reasons(tmp_path):
    challenge = '<html><script>$_ts=window["$_ts"];</script><script r="m">x</script></html>'
    extra = {
        "/col/index.html": html(
            '<a href="./202201/t20220101_1.html">1</a><a href="./202201/t20220101_404.html">x</a>'
            '<a href="./202201/t20220101_7.html">w</a>'
        ),
        "/col/202201/t20220101_7.html": html(challenge, status=412),
    }
    with loopback.serve(site(**extra)) as (base, log):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz")
    pages = by_url(result)
    assert pages["col/202201/t20220101_404.html"].status == "error_page"
    assert pages["col/202201/t20220101_404.html"].error_reason == "HTTP 404"
    blocked = pages["col/202201/t20220101_7.html"]
    assert blocked.status == "blocked" and "challenge" in blocked.error_reason
    # a challenge is never retried in a loop
    assert sum(1 for _, p in log if p.endswith("t20220101_7.html")) == 1


def test_repeated_challenges_back_the_host_off(tmp_path):
    challenge = html("<script>var $_ts={};</script>", status=412)
    links = "".join(f'<a href="./202201/t20220101_{i}.html">{i}</a>' for i in range(10, 16))
    extra = {"/col/index.html": html(links)}
    extra.update({f"/col/202201/t20220101_{i}.html": challenge for i in range(10, 16)})
    sleeps = []
    with loopback.serve(site(**extra)) as (base, _log):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz", sleep=sleeps.append)
    assert result.counts().get("blocked") == 3
    assert len(result.skipped) == 3 and all("backed off" in r for r in result.skipped.values())
    assert result.blocked_hosts
    assert sleeps and max(sleeps) >= 2.0  # backed off between challenges


def test_redirect_to_another_port_is_refused(tmp_path):
    with loopback.serve({"/": html("other")}) as (other, other_log):
        extra = {"/col/202201/t20220101_1.html": loopback.redirect(other)}
        with loopback.serve(site(**extra)) as (base, _):
            result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz")
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "fetch_error" and "refused redirect" in page.error_reason
    assert other_log == []


def test_gzip_bomb_stops_at_the_cap(tmp_path):
    extra = {"/col/202201/t20220101_1.html": loopback.gzip_bomb(50_000_000)}
    with loopback.serve(site(**extra)) as (base, _):
        result = crawl(make_source(base, max_bytes=1_000_000), archive_path=tmp_path / "a.warc.gz")
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "fetch_error" and "cap" in page.error_reason


def test_gzip_body_is_decoded(tmp_path):
    body = gzip.compress(DETAIL.encode())
    extra = {
        "/col/202201/t20220101_1.html": lambda h: loopback.send(h, 200, body, headers={"Content-Encoding": "gzip"})
    }
    with loopback.serve(site(**extra)) as (base, _):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz")
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert read_response(page.warc_path, page.warc_offset)[3] == DETAIL.encode()


def test_truncated_body_is_retried_then_recorded(tmp_path):
    extra = {"/col/202201/t20220101_1.html": loopback.truncated()}
    with loopback.serve(site(**extra)) as (base, log):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz", sleep=lambda s: None)
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "fetch_error" and "incomplete" in page.error_reason
    assert sum(1 for _, p in log if p.endswith("t20220101_1.html")) == 3 and page.content_hash is None


def test_trickle_hits_the_total_deadline(tmp_path):
    extra = {"/col/202201/t20220101_1.html": loopback.trickle(total=100, every=0.1)}
    with loopback.serve(site(**extra)) as (base, _):
        result = crawl(make_source(base, timeout_s=1.0, retries=0), archive_path=tmp_path / "a.warc.gz")
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "fetch_error" and "deadline" in page.error_reason


def test_503_is_retried_until_it_succeeds(tmp_path):
    route = loopback.flaky(2, html(DETAIL))
    with loopback.serve(site(**{"/col/202201/t20220101_1.html": route})) as (base, _):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz", sleep=lambda s: None)
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "ok" and route.calls["n"] == 3


def test_robots_5xx_disallows_the_host(tmp_path):
    extra = {"/robots.txt": html("oops", status=500)}
    with loopback.serve(site(**extra)) as (base, log):
        result = crawl(make_source(base, retries=0), archive_path=tmp_path / "a.warc.gz")
    assert result.pages == []
    assert all("robots.txt answered HTTP 500" in r for r in result.skipped.values())
    assert [p for _, p in log] == ["/robots.txt"]


def test_max_pages_limits_fetches(tmp_path):
    with loopback.serve(site()) as (base, _):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz", max_pages=2)
        whole = crawl(make_source(base), archive_path=tmp_path / "b.warc.gz")
    assert len(result.pages) == 2
    # what the limit left (the summary's "N URLs left"): links found and queued, never requested
    found = {link.url for item in result.items for link in item.frontier}
    assert result.stats.left == len(found - {item.url for item in result.items}) > 0
    assert whole.stats.left == 0


def test_unreachable_start_url_fails_fast(tmp_path):
    with loopback.serve({}) as (base, _):
        dead = base  # the port is closed once the server stops
    with pytest.raises(CrawlUnreachable, match="cannot reach"):
        crawl(make_source(dead, retries=0), archive_path=tmp_path / "a.warc.gz")


def test_source_files_are_validated():
    for name in ("cqspb", "sample"):
        assert load_source(name, base="http://127.0.0.1:1/").start_urls
    with pytest.raises(SourceError, match="unknown source"):
        load_source("nope")
    with pytest.raises(SourceError, match="outside allowed_origins"):
        source_from_dict({"name": "x", "start_urls": ["http://a.example/"], "allowed_origins": ["http://b.example/"]})
    with pytest.raises(SourceError, match="bad regular expression"):
        source_from_dict(
            {
                "name": "x",
                "start_urls": ["http://a.example/"],
                "allowed_origins": ["http://a.example/"],
                "links": {"list": ["("]},
            }
        )
    with pytest.raises(SourceError, match=r"politeness\.delay_s: Input should be a valid number"):
        source_from_dict(
            {
                "name": "x",
                "start_urls": ["http://a.example/"],
                "allowed_origins": ["http://a.example/"],
                "politeness": {"delay_s": "fast"},
            }
        )


def test_requests_to_one_host_are_spaced_by_the_delay(tmp_path):
    import time as _time

    stamps = []

    def stamped(route):
        def inner(h):
            stamps.append(_time.monotonic())
            route(h)

        return inner

    routes = {k: stamped(v) for k, v in site().items()}
    with loopback.serve(routes) as (base, _):
        crawl(make_source(base, delay_s=0.3), archive_path=tmp_path / "a.warc.gz")
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(gaps) >= 6
    # as the server sees them; 0.05 s allows for thread scheduling on a loaded machine
    assert min(gaps) >= 0.25


def test_robots_crawl_delay_raises_the_delay(tmp_path):
    sleeps = []
    extra = {"/robots.txt": html("User-agent: *\nCrawl-delay: 3\n", ctype="text/plain")}
    with loopback.serve(site(**extra)) as (base, _):
        crawl(make_source(base), archive_path=tmp_path / "a.warc.gz", sleep=sleeps.append, max_pages=3)
    # no real time passes with a recording sleep, so each reserved slot lies 3 s after the last
    assert len(sleeps) == 2
    assert 2.5 < sleeps[0] <= 3.0 and 2.9 < sleeps[1] - sleeps[0] <= 3.1


@pytest.mark.parametrize(
    "fault,reason",
    [
        (loopback.reset_mid_body, "incomplete"),
        (loopback.broken_chunked, "incomplete"),
    ],
)
def test_broken_transfers_are_recorded_and_write_nothing(tmp_path, fault, reason):
    with loopback.serve(site(**{"/col/202201/t20220101_1.html": fault()})) as (base, _):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz", sleep=lambda s: None)
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "fetch_error" and reason in page.error_reason
    assert page.content_hash is None and page.warc_offset is None
    assert sum(p.status == "ok" for p in result.pages) == 5  # the rest of the site is intact
    assert by_url(result)["col/202201/f.pdf"].status == "not_html"


def test_oversized_page_is_refused_at_the_cap(tmp_path):
    big = html("<html><body>" + "政" * 4_000_000 + "</body></html>")  # ~12 MB of UTF-8
    with loopback.serve(site(**{"/col/202201/t20220101_1.html": big})) as (base, _):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz")
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "fetch_error" and "10000000-byte cap" in page.error_reason


def test_self_signed_tls_fails_closed(tmp_path):
    with loopback.serve_tls({"/col/index.html": html("secret")}, tmp_path) as (base, log):
        source = make_source(base, obey_robots=False)
        with pytest.raises(CrawlUnreachable, match="TLS verification failed"):
            crawl(source, archive_path=tmp_path / "a.warc.gz", sleep=lambda s: None)
    assert not any(p == "/col/index.html" for _, p in log)  # never got as far as a request


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_attachments_are_content_addressed_whatever_their_names(tmp_path):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    bomb = _zip({"word/document.xml": b"\0" * 50_000_000})
    detail = DETAIL.replace(
        "</body>", '<a href="./a.pdf">附件1</a><a href="./b.docx">附件2</a><a href="./c.docx">附件3</a></body>'
    )
    evil = {"Content-Disposition": 'attachment; filename="../../../evil.pdf"'}
    extra = {
        "/col/202201/t20220101_1.html": html(detail),
        "/col/202201/a.pdf": lambda h: loopback.send(h, 200, pdf, ctype="application/pdf", headers=evil),
        "/col/202201/b.docx": loopback.raw(docx, ctype="application/octet-stream"),
        "/col/202201/c.docx": loopback.raw(bomb, ctype="application/octet-stream"),
    }
    root = tmp_path / "wh"
    with loopback.serve(site(**extra)) as (base, _):
        result = crawl(make_source(base), archive_path=root / "warc" / "a.warc.gz")
    pages = by_url(result)
    assert pages["col/202201/a.pdf"].status == "not_html"
    assert pages["col/202201/b.docx"].status == "not_html"
    assert pages["col/202201/c.docx"].status == "fetch_error" and "zip bomb" in pages["col/202201/c.docx"].error_reason
    stored = sorted(p.relative_to(root).as_posix() for p in (root / "attachments").rglob("*") if p.is_file())
    from govdocs.fetch.archive import sha256

    site_pdf = b"%PDF-1.4\n%%EOF\n"  # the site's own f.pdf
    assert stored == sorted(
        [
            f"attachments/{sha256(site_pdf)[:2]}/{sha256(site_pdf)}.pdf",
            f"attachments/{sha256(pdf)[:2]}/{sha256(pdf)}.pdf",
            f"attachments/{sha256(docx)[:2]}/{sha256(docx)}.docx",
        ]
    )
    # nothing was written anywhere but the warehouse folder
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path.parent / "evil.pdf").exists()


def test_second_crawl_is_conditional_and_transfers_no_detail_bodies(tmp_path):
    from govdocs.fetch.crawl import KnownPage
    from govdocs.samplesite.server import serve_site

    with serve_site() as base:
        source = load_source("sample", base=base)
        first = crawl(source, archive_path=tmp_path / "warc" / "1.warc.gz")
        known = {
            source.canonical(p.url): KnownPage(
                p.etag, p.last_modified, p.content_hash, p.warc_path, p.warc_offset, p.content_type
            )
            for p in first.pages
            if p.kind in ("detail", "attachment") and p.http_status == 200
        }
        second = crawl(source, archive_path=tmp_path / "warc" / "2.warc.gz", known=known)
    assert len(known) > 40
    assert len(second.pages) == len(first.pages)
    revisited = [p for p in second.pages if p.not_modified]
    assert len(revisited) == len(known)
    for p in revisited:
        assert p.content_length is None and p.http_status == 304
        k = known[source.canonical(p.url)]
        assert (p.content_hash, p.warc_path, p.warc_offset) == (k.content_hash, k.warc_path, k.warc_offset)
    # the archived copy the 304 points at is still readable
    _url, status, _h, body = read_response(revisited[0].warc_path, revisited[0].warc_offset)
    assert status == 200 and body
    with open(tmp_path / "warc" / "2.warc.gz", "rb") as fh:
        kinds = [r.rec_type for r in ArchiveIterator(fh)]
    assert kinds.count("revisit") == len(known)


def test_a_public_name_resolving_to_a_private_address_is_refused(tmp_path, monkeypatch):
    import socket

    real = socket.getaddrinfo

    def fake_dns(host, *a, **kw):  # the only mock: DNS for a public name (no internet here)
        return real("127.0.0.1", *a, **kw) if host == "www.gov.example" else real(host, *a, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    with loopback.serve(site()) as (base, log):
        port = base.rsplit(":", 1)[1].strip("/")
        source = make_source(f"http://www.gov.example:{port}/", obey_robots=False, retries=0)
        with pytest.raises(CrawlUnreachable, match=r"resolves to a private address 127\.0\.0\.1"):
            crawl(source, archive_path=tmp_path / "a.warc.gz")
    assert log == []


def test_waf_redirect_to_a_denied_page_is_blocked(tmp_path):
    extra = {
        "/col/202201/t20220101_1.html": loopback.redirect("/waf/denied.html"),
        "/waf/denied.html": html("<html><body><h1>访问被拒绝</h1></body></html>", status=403),
    }
    with loopback.serve(site(**extra)) as (base, _):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz", sleep=lambda s: None)
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "blocked" and page.final_url.endswith("/waf/denied.html")


def test_hanging_server_times_out_and_the_crawl_goes_on(tmp_path):
    extra = {"/col/202201/t20220101_1.html": loopback.hang(5.0)}
    with loopback.serve(site(**extra)) as (base, _):
        result = crawl(make_source(base, timeout_s=1.0, retries=0), archive_path=tmp_path / "a.warc.gz")
    page = by_url(result)["col/202201/t20220101_1.html"]
    assert page.status == "fetch_error" and ("timeout" in page.error_reason or "deadline" in page.error_reason)
    assert sum(p.status == "ok" for p in result.pages) == 5


def test_huge_robots_txt_is_treated_as_absent(tmp_path):
    huge = "User-agent: *\n" + "Disallow: /nothing-here/\n" * 200_000  # ~5 MB
    with loopback.serve(site(**{"/robots.txt": html(huge, ctype="text/plain")})) as (base, _):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz")
    # no rules were read, so the page the site's small robots.txt would forbid is fetched too
    assert len(result.pages) == 8 and not result.skipped
    assert "private/202201/t20220101_9.html" in by_url(result)


def test_a_run_resumed_on_another_port_fetches_only_what_it_had_not(tmp_path, monkeypatch):
    """The frontier is stored under canonical addresses, like pages: a sample-site run stopped
    midway and resumed with the site on a new port asks only for the URLs it had not done,
    at the new port, and the frontier names each URL once."""
    import duckdb

    from govdocs import pipeline
    from govdocs.samplesite.server import serve_site

    monkeypatch.setattr(pipeline, "COMMIT_PAGES", 5)
    db = tmp_path / "wh" / "govdocs.duckdb"
    with serve_site() as base:
        (first,) = pipeline.crawl_sources([load_source("sample", base=base)], db, max_pages=20)
    with serve_site() as base2:
        assert base2 != base
        source = load_source("sample", base=base2)
        (second,) = pipeline.crawl_sources([source], db)
    assert first.plan.run_id == second.plan.run_id and second.plan.resume is not None
    con = duckdb.connect(str(db), read_only=True)
    try:
        frontier = con.execute("select url, state from frontier").fetchall()
        pages = con.execute("select url from pages").fetchall()
    finally:
        con.close()
    canonical = source.canonical_base
    assert canonical and all(u.startswith(canonical) for u, _ in frontier)
    assert len({u for u, _ in frontier}) == len(frontier)
    assert not [u for u, s in frontier if s == "queued"]  # the resumed attempt finished the crawl
    assert first.stats is not None and second.stats is not None
    # every page fetched once over the two attempts (pages done in the first were not asked again)
    assert first.stats.fetched + second.stats.fetched == len(pages)
