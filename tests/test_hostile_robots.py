"""robots.txt: oversized files, absurd Crawl-delay values, RFC 9309 matching.

Policy over httpx.MockTransport; one end-to-end crawl over loopback for the oversized file.
"""

from __future__ import annotations

import httpx
import pytest

from govdocs.fetch.client import make_client
from govdocs.fetch.robots import MAX_CRAWL_DELAY_S, MAX_ROBOTS_BYTES, load_robots
from govdocs.sources import Politeness
from tests import loopback
from tests.crawling import crawl
from tests.test_crawl import make_source, site

POL = Politeness(delay_s=0.0, timeout_s=2.0, retries=0)
ORIGINS = ("http://www.gov.example:80",)
UA = POL.user_agent


def rules_for(body: bytes | str, status: int = 200):
    data = body.encode() if isinstance(body, str) else body

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/robots.txt"
        return httpx.Response(status, content=data, headers={"Content-Type": "text/plain"})

    with make_client(POL, transport=httpx.MockTransport(handler)) as client:
        return load_robots(client, "http://www.gov.example/zwgk/index.html", POL, ORIGINS)


PADDING = "# " + "x" * 98 + "\n"


def test_an_oversized_robots_txt_is_obeyed_for_its_first_500_kib():
    rules = rules_for("User-agent: *\nDisallow: /\n" + PADDING * 30_000)  # 3 MB
    assert not rules.allowed("http://www.gov.example/zwgk/index.html", UA)
    assert rules.notes and "first" in rules.notes[0]


def test_rules_past_500_kib_are_not_read():
    rules = rules_for("User-agent: *\nDisallow: /a/\n" + PADDING * (MAX_ROBOTS_BYTES // 100 + 10) + "Disallow: /b/\n")
    assert not rules.allowed("http://www.gov.example/a/x.html", UA)
    assert rules.allowed("http://www.gov.example/b/x.html", UA)


def test_an_oversized_robots_txt_stops_the_crawl(tmp_path):
    huge = "User-agent: *\nDisallow: /\n" + PADDING * 30_000
    with loopback.serve(site(**{"/robots.txt": loopback.html(huge, ctype="text/plain")})) as (base, log):
        result = crawl(make_source(base), archive_path=tmp_path / "a.warc.gz")
    assert result.pages == []
    assert [p for _, p in log] == ["/robots.txt"]


@pytest.mark.parametrize(
    "value,delay",
    [
        ("99999999999", MAX_CRAWL_DELAY_S),
        ("1e400", None),
        ("inf", None),
        ("nan", None),
        ("-3", None),
        ("²", None),
        ("soon", None),
        ("2.5", 2.5),
    ],
)
def test_absurd_crawl_delays_are_clamped_or_ignored(value, delay):
    rules = rules_for(f"User-agent: *\nCrawl-delay: {value}\nRequest-rate: {value}/{value}\nDisallow: /private/\n")
    assert rules.crawl_delay == delay
    assert not rules.allowed("http://www.gov.example/private/a.html", UA)
    if value == "99999999999":
        assert "clamped" in rules.notes[0]


def test_longest_match_and_wildcards_follow_rfc_9309():
    rules = rules_for("User-agent: *\nDisallow: /\nAllow: /zwgk/\nDisallow: /*.pdf$\n")
    assert rules.allowed("http://www.gov.example/zwgk/index.html", UA)
    assert not rules.allowed("http://www.gov.example/about.html", UA)
    assert not rules.allowed("http://www.gov.example/zwgk/f.pdf", UA)
    assert rules.allowed("http://www.gov.example/zwgk/f.pdf?download=1", UA)


def test_a_utf8_bom_and_non_ascii_paths():
    rules = rules_for("\ufeffUser-agent: *\nDisallow: /附件/\n")
    assert not rules.allowed("http://www.gov.example/%E9%99%84%E4%BB%B6/1.pdf", UA)


@pytest.mark.parametrize("status,allowed", [(404, True), (410, True), (500, False), (503, False)])
def test_status_codes(status, allowed):
    rules = rules_for("User-agent: *\nDisallow: /\n", status=status)
    assert rules.allowed("http://www.gov.example/zwgk/index.html", UA) is allowed
