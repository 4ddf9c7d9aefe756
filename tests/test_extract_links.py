"""find_links / find_create_page_html (used by the crawler) and attachments."""

import pytest

from govdocs.extract import extract_page
from govdocs.extract.evaluate import REAL_PAGES
from govdocs.extract.links import find_create_page_html, find_links

BASE = "https://www.example.gov.cn/zwgk/zcwj/index.html"


def test_find_links_absolute_dedup_order():
    html = """<html><body>
    <a href="./202401/t20240105_1.html">一</a>
    <a href="../xxgk/t2.html#top">二</a>
    <a href="/zwgk/zcwj/202401/t20240105_1.html#x">一 again</a>
    <a href="javascript:void(0)">js</a><a href="mailto:a@b.cn">mail</a><a href="#top">top</a><a>no href</a>
    <a href=" https://other.gov.cn/p.html ">外站</a>
    <a href="files/附件.pdf">附件</a>
    </body></html>""".encode()
    assert find_links(html, BASE) == [
        "https://www.example.gov.cn/zwgk/zcwj/202401/t20240105_1.html",
        "https://www.example.gov.cn/zwgk/xxgk/t2.html",
        "https://other.gov.cn/p.html",
        "https://www.example.gov.cn/zwgk/zcwj/files/%E9%99%84%E4%BB%B6.pdf",  # IRI → URI (WHATWG)
    ]


def test_find_links_base_href_and_gbk():
    html = '<html><head><base href="https://cdn.example.gov.cn/a/"></head><body><a href="b.html">链接</a></body></html>'
    assert find_links(html.encode("gbk"), BASE) == ["https://cdn.example.gov.cn/a/b.html"]


def test_find_links_garbage():
    assert find_links(b"", BASE) == []
    assert find_links(b"\x00\x01\x02", BASE) == []
    assert find_links(b"<a href='http://[::1'>bad</a>", BASE) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ('createPageHTML(6, 0, "index", "html");', (6, 0, "index", "html")),
        ("createPageHTML(12,3,'index','shtml')", (12, 3, "index", "shtml")),
        ('<script>\n  createPageHTML( 2 , 1 , "list" , "htm" );\n</script>', (2, 1, "list", "htm")),
        ("no paging here", None),
    ],
)
def test_create_page_html(text, expected):
    assert find_create_page_html(text) == expected


@pytest.mark.skipif(not (REAL_PAGES / "expected.json").exists(), reason="real pages absent")
def test_real_list_pages():
    for name in (
        "fcj.shenyang.gov.cn__LIST_xzgfxwj.html",
        "fcj.nanjing.gov.cn__LIST_zfbzmdgs.html",
        "www.beijing.gov.cn__LIST_yjhx_zhengcewenjian.html",
        "fcj.shenyang.gov.cn__LIST_zfxxgknb.html",
    ):
        raw = (REAL_PAGES / name).read_bytes()
        links = find_links(raw, "https://www.example.gov.cn/list/index.html")
        assert len(links) > 10, name
        assert all(u.startswith(("http://", "https://")) and "#" not in u for u in links)
        assert len(links) == len(set(links))
    paging = [
        find_create_page_html((REAL_PAGES / n).read_text(encoding="utf-8", errors="ignore"))
        for n in (
            "fcj.shenyang.gov.cn__LIST_xzgfxwj.html",
            "fcj.nanjing.gov.cn__LIST_zfbzmdgs.html",
            "www.beijing.gov.cn__LIST_yjhx_zhengcewenjian.html",
            "fcj.shenyang.gov.cn__LIST_zfxxgknb.html",
        )
    ]
    assert any(p is not None and p[0] >= 1 for p in paging)


def test_attachments():
    html = """<html><body><div id="zoom"><p>正文内容正文内容正文内容正文内容。</p>
    <a href="P0201.pdf">附件1.实施细则</a><a href="/u/P0202.DOCX?v=2">附件2</a><a href="x.wps">x</a>
    <a href="t.ofd">t</a><a href="d.xls">d</a><a href="z.zip">z</a><a href="page.html">page</a>
    <a href="P0201.pdf">dup</a></div></body></html>""".encode()
    rec = extract_page(html, url="https://www.example.gov.cn/a/b/t1.html")
    assert [(a["type"], a["url"]) for a in rec["attachments"]] == [
        ("pdf", "https://www.example.gov.cn/a/b/P0201.pdf"),
        ("docx", "https://www.example.gov.cn/u/P0202.DOCX?v=2"),
        ("wps", "https://www.example.gov.cn/a/b/x.wps"),
        ("ofd", "https://www.example.gov.cn/a/b/t.ofd"),
        ("xls", "https://www.example.gov.cn/a/b/d.xls"),
        ("zip", "https://www.example.gov.cn/a/b/z.zip"),
    ]
    assert rec["attachments"][0]["name"] == "附件1.实施细则"


def test_other_attachment_types():
    html = b'<html><body><p>\xe6\xad\xa3\xe6\x96\x87</p><a href="a.rar">rar</a><a href="b.et">et</a></body></html>'
    rec = extract_page(html, url="https://www.example.gov.cn/t.html")
    assert [a["type"] for a in rec["attachments"]] == ["other", "other"]
