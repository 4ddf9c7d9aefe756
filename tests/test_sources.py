"""Source files: every mistake is one SourceError line naming the key, never a traceback."""

from __future__ import annotations

import dataclasses
import math

import pytest

from govdocs.sources import Politeness, SourceError, available_sources, load_source, source_for_url, source_from_dict

BASE = {"name": "x", "start_urls": ["http://a.example/zwgk/"], "allowed_origins": ["http://a.example/"]}


def with_(**changes):
    return {**BASE, **changes}


def error_of(data) -> str:
    with pytest.raises(SourceError) as info:
        source_from_dict(data)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_bundled_sources_load():
    for name in available_sources():
        source = load_source(name, base="http://127.0.0.1:1/")
        assert source.start_urls and source.detail_patterns


@pytest.mark.parametrize(
    "data,expected",
    [
        (with_(links={"details": ["x"]}), "links.details: unknown key (known: attachment, detail, list)"),
        (with_(politness={"delay_s": 1.0}), "politness: unknown key"),
        (with_(strat_urls=["http://a.example/"]), "strat_urls: unknown key"),
        (with_(politeness={"delay": 1.0}), "politeness.delay: unknown key (known: concurrency, connect_timeout_s"),
        (with_(extract={"label": {}}), "extract.label: unknown key"),
        (with_(politeness=5), "politeness: Input should be a dictionary"),
        (with_(links=["a"]), "links: Input should be a valid dictionary"),
    ],
)
def test_unknown_keys_and_wrong_tables(data, expected):
    assert expected in error_of(data)


@pytest.mark.parametrize(
    "key,value",
    [
        ("delay_s", math.inf),
        ("delay_s", math.nan),
        ("delay_s", -1.0),
        ("timeout_s", -5.0),
        ("timeout_s", 0.0),
        ("retries", -1),
        ("max_bytes", -1),
        ("concurrency", 100000),
        ("concurrency", 0),
        ("max_redirects", 50),
        ("max_pages", 0),
        ("delay_s", "fast"),
        ("retries", True),
        ("obey_robots", 1),
        ("user_agent", ""),
        ("user_agent", "政府\r\nX-Injected: 1"),
    ],
)
def test_numbers_have_bounds_and_types(key, value):
    message = error_of(with_(politeness={key: value}))
    assert message.startswith(f"<dict>: politeness.{key}: ")


def test_ints_are_accepted_for_floats_and_the_result_is_typed():
    source = source_from_dict(with_(politeness={"delay_s": 2, "timeout_s": 5}))
    assert source.politeness.delay_s == 2.0 and isinstance(source.politeness.delay_s, float)


@pytest.mark.parametrize(
    "url", ["http://a.example:99999/", "http://a.example:+80/", "ftp://a.example/", "x:y", "http://[::1/"]
)
def test_bad_urls(url):
    assert "start_urls.0: " in error_of(with_(start_urls=[url]))


def test_missing_and_empty_keys():
    assert "missing required key 'start_urls'" in error_of({"name": "x", "allowed_origins": ["http://a.example/"]})
    assert "start_urls: List should have at least 1 item" in error_of(with_(start_urls=[]))
    assert "name: String should match pattern" in error_of(with_(name="../etc"))


def test_several_problems_are_listed_on_one_line():
    message = error_of(with_(politness={}, links={"details": []}))
    assert "politness: unknown key" in message and "links.details: unknown key" in message


def test_bad_regular_expression():
    assert "links.list: bad regular expression '('" in error_of(with_(links={"list": ["("]}))


def test_start_urls_outside_the_allowed_origins():
    assert "outside allowed_origins" in error_of(with_(start_urls=["http://b.example/"]))


def test_link_patterns_are_optional_hints():
    source = source_from_dict(BASE)
    assert source.kind_of("http://a.example/zwgk/t20240101_1.html") == "other"
    assert source.allows("http://a.example/x") and not source.allows("http://a.example:99999/")


def test_urls_are_canonical():
    source = source_from_dict(with_(start_urls=["http://A.example:80/zwgk/附件/"]))
    assert source.start_urls == ("http://a.example/zwgk/%E9%99%84%E4%BB%B6/",)
    assert source.allowed_origins == ("http://a.example:80",)


def test_politeness_overrides_are_validated_too():
    assert source_from_dict(BASE, delay_s=0.5).politeness.delay_s == 0.5
    with pytest.raises(SourceError, match=r"politeness\.delay_s"):
        source_from_dict(BASE, delay_s=math.inf)


def test_replace_validates():
    with pytest.raises(ValueError):
        dataclasses.replace(Politeness(), concurrency=100000)


def test_extract_overrides_pass_through():
    source = source_from_dict(with_(extract={"labels": {"doc_number": ["文 号"]}, "prefer": {"title": "meta"}}))
    assert source.extract_overrides == {"labels": {"doc_number": ["文 号"]}, "prefer": {"title": "meta"}}


def test_files(tmp_path):
    utf16 = tmp_path / "utf16.toml"
    utf16.write_text('name = "x"\n', encoding="utf-16")
    with pytest.raises(SourceError, match="not UTF-8"):
        load_source(utf16)
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x\n', encoding="utf-8")
    with pytest.raises(SourceError, match="not valid TOML"):
        load_source(broken)
    with pytest.raises(SourceError, match="unknown source 'nope'"):
        load_source("nope")


@pytest.mark.parametrize("url", ["http://h:99999/", "x:y", "ftp://h/"])
def test_source_for_url_refuses_bad_urls(url):
    with pytest.raises(SourceError, match="not an http"):
        source_for_url(url)


def test_source_for_url():
    source = source_for_url("http://[::1]:8000/zwgk/index.html")
    assert source.allowed_origins == ("http://[::1]:8000",)
    # no list/detail patterns: what a page is is decided from its content (govdocs.process)
    assert not source.list_patterns and not source.detail_patterns
    assert source.kind_of("http://[::1]:8000/zwgk/202401/t20240101_1.html") == "other"
    assert source.kind_of("http://[::1]:8000/zwgk/202401/附件1.pdf") == "attachment"


def test_patterns_match_the_decoded_path():
    source = source_from_dict(with_(links={"attachment": ["/附件/"], "detail": [r"/t\d{8}_\d+\.html$"]}))
    assert source.kind_of("http://a.example/zwgk/%E9%99%84%E4%BB%B6/1.pdf") == "attachment"
    assert source.kind_of("http://a.example/zwgk/202401/t20240101_1.html") == "detail"


def test_source_for_url_names_one_site_per_host_and_port():
    assert source_for_url("http://www.gov.example/zwgk/").name == "www.gov.example"
    assert source_for_url("http://127.0.0.1:8000/zwgk/").name == "127.0.0.1-8000"
