"""IRIs become the URIs a browser requests; malformed URLs are one typed error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdocs.urls import InvalidURL, origin, to_uri


@pytest.mark.parametrize(
    ("href", "base", "want"),
    [
        (
            "/zwgk/202401/附件1.pdf",
            "http://www.cqspb.gov.cn/zwgk/",
            "http://www.cqspb.gov.cn/zwgk/202401/%E9%99%84%E4%BB%B61.pdf",
        ),
        ("a b.html?q=值#frag", "http://h/x/", "http://h/x/a%20b.html?q=%E5%80%BC"),
        ("http://例子.中国/路径", None, "http://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84"),
        ("HTTP://WWW.Example.GOV.CN:80", None, "http://www.example.gov.cn/"),
        ("https://h:443/a/../b", None, "https://h/b"),
        ("..\\c\\d.html", "http://h/a/b/", "http://h/a/c/d.html"),
        ("http://h:8080/%E9%99%84", None, "http://h:8080/%E9%99%84"),
    ],
)
def test_iri_to_uri(href, base, want):
    assert to_uri(href, base) == want


@pytest.mark.parametrize(
    "bad",
    ["http://h:99999/", "http://h:+80/", "http://[::1", "x:y", "mailto:a@b.c", "javascript:void(0)", "", "http://"],
)
def test_malformed_is_invalid_url(bad):
    with pytest.raises(InvalidURL):
        to_uri(bad)


def test_origin_makes_default_ports_explicit():
    assert origin("https://H.gov.cn/x") == "https://h.gov.cn:443"
    assert origin("http://127.0.0.1:8123/") == "http://127.0.0.1:8123"


@given(st.text(max_size=60), st.sampled_from(["http://h.gov.cn/a/", "https://例子.cn/", "http://127.0.0.1:9/"]))
def test_any_text_is_a_stable_ascii_uri_or_invalid(text, base):
    try:
        uri = to_uri(text, base)
    except InvalidURL:
        return
    assert uri.isascii()
    assert to_uri(uri) == uri
