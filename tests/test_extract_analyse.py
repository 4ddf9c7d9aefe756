"""analyse_page: the crawler's view of a page (record, kind, links, pager) from one decode and
one parse."""

import json
from pathlib import Path

import pytest

from govdocs.extract import analyse_page, extract_page
from govdocs.extract import page as page_mod
from govdocs.extract.evaluate import REAL_PAGES

LISTS = Path(__file__).parent / "fixtures" / "pages" / "lists"
LIST_EXPECTED = {
    k: v for k, v in json.loads((LISTS / "expected.json").read_text(encoding="utf-8")).items() if not k.startswith("_")
}
REAL_PAGES_2 = REAL_PAGES.parent / "real-pages-2"
URL = "https://www.example.gov.cn/zwgk/zcwj/202401/t20240105_1.html"

DETAIL = """<html><head><meta charset="utf-8"><title>关于做好部门预算公开工作的通知_示例市</title>{base}</head><body>
<div class="nav"><a href="/">首页</a><a href="{bad1}">坏链接</a><a href="{bad2}">坏链接2</a></div>
<table><tr><td>索引号：</td><td>000014349/2022-00235</td><td>发布机构：</td><td>示例市财政局</td></tr>
<tr><td>发布日期：</td><td>2022年7月15日</td><td>文号：</td><td>示财发〔2022〕7号</td></tr></table>
<div id="zoom"><h1>关于做好部门预算公开工作的通知</h1>
<p>为加强预算管理，现将2022年部门预算公开有关事项通知如下，全市共有86个部门公开预算。</p>
<p>一、公开内容</p><p>部门预算公开表格共9张，各部门应当在批复后二十日内公开。</p>
<p><a href="files/附件1.pdf">附件1</a></p><p>示例市财政局</p><p>2022年7月15日</p></div>
</body></html>"""


def detail(base: str = "", bad1: str = "/ok1.html", bad2: str = "/ok2.html") -> bytes:
    return DETAIL.format(base=base, bad1=bad1, bad2=bad2).encode("utf-8")


def test_record_is_extract_page_record():
    a = analyse_page(detail(), url=URL, content_type="text/html", http_status=200)
    assert a.record == extract_page(detail(), url=URL, content_type="text/html")
    assert a.kind == "detail"
    assert a.links == (
        "https://www.example.gov.cn/",
        "https://www.example.gov.cn/ok1.html",
        "https://www.example.gov.cn/ok2.html",
        "https://www.example.gov.cn/zwgk/zcwj/202401/files/%E9%99%84%E4%BB%B61.pdf",
    )
    assert a.pager == ()


def test_one_decode_and_one_parse_per_call(monkeypatch):
    calls = {"decode": 0, "parse": 0}
    real_decode, real_parse = page_mod.decode_html, page_mod.parse_html

    def decode(*args, **kwargs):
        calls["decode"] += 1
        return real_decode(*args, **kwargs)

    def parse(*args, **kwargs):
        calls["parse"] += 1
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(page_mod, "decode_html", decode)
    monkeypatch.setattr(page_mod, "parse_html", parse)
    # nothing else may decode or parse behind the counters' back
    import govdocs.extract.links as links_mod

    monkeypatch.setattr(links_mod, "decode_html", None)
    monkeypatch.setattr(links_mod, "parse_html", None)
    raw = (LISTS / "trs_ul_span.html").read_bytes()
    a = analyse_page(raw, url=LIST_EXPECTED["trs_ul_span"]["url"])
    assert a.record["status"] == "ok" and a.links and a.pager
    assert calls == {"decode": 1, "parse": 1}


@pytest.mark.parametrize("bad", ["http://h:99999/", "http://h:+80/", "http://[::1/x"])
def test_unparseable_links_are_dropped(bad):
    a = analyse_page(detail(bad1=bad), url=URL)
    assert a.record["status"] == "ok"
    assert "https://www.example.gov.cn/ok2.html" in a.links
    assert not any("99999" in u or "+80" in u or "[::1" in u for u in a.links)


def test_bad_base_keeps_the_page_and_its_links():
    a = analyse_page(detail(base='<base href="http://[::1">'), url=URL)
    assert a.record["status"] == "ok"
    assert a.record["title"] == "关于做好部门预算公开工作的通知"
    assert "https://www.example.gov.cn/ok1.html" in a.links  # resolved against the page URL


def test_create_page_html_is_capped_and_lazy():
    raw = b'<html><body><ul><li><a href="t1.html">x</a></li></ul><script>createPageHTML(100000000, 0, "index", "html");</script></body></html>'
    a = analyse_page(raw, url="https://www.example.gov.cn/col/index.html", max_pager=5)
    assert a.pager == tuple(f"https://www.example.gov.cn/col/index_{i}.html" for i in range(1, 6))
    assert analyse_page(raw, url="https://www.example.gov.cn/col/index.html", max_pager=0).pager == ()


@pytest.mark.parametrize("name", sorted(LIST_EXPECTED))
def test_list_pages_of_each_cms_family(name):
    exp = LIST_EXPECTED[name]
    a = analyse_page((LISTS / f"{name}.html").read_bytes(), url=exp["url"])
    assert a.kind == exp["kind"]
    assert list(a.pager) == exp["pager"]
    assert len(a.links) >= 6


def _real_detail_pages() -> list[Path]:
    out = []
    for d in (REAL_PAGES, REAL_PAGES_2):
        exp = d / "expected.json"
        if exp.exists():
            out += [d / n for n in json.loads(exp.read_text(encoding="utf-8")) if not n.startswith("_")]
    return out


@pytest.mark.skipif(not _real_detail_pages(), reason="real pages absent")
def test_real_detail_pages_are_details():
    wrong = []
    for p in _real_detail_pages():
        a = analyse_page(p.read_bytes(), url=f"https://{p.name.split('__')[0]}/{p.name}")
        if a.kind != "detail":
            wrong.append((p.name, a.kind, a.record["status"]))
    assert wrong == []


@pytest.mark.skipif(not (REAL_PAGES / "expected.json").exists(), reason="real pages absent")
def test_real_list_pages_are_lists():
    for p in sorted(REAL_PAGES.glob("*__LIST_*.html")):
        a = analyse_page(p.read_bytes(), url=f"https://{p.name.split('__')[0]}/list/index.html")
        assert a.kind == "list", p.name
    nanjing = analyse_page(
        (REAL_PAGES / "fcj.nanjing.gov.cn__LIST_zfbzmdgs.html").read_bytes(),
        url="http://fcj.nanjing.gov.cn/zfbzmdgs/index.html",
    )
    assert nanjing.pager == tuple(f"http://fcj.nanjing.gov.cn/zfbzmdgs/index_{i}.html" for i in range(1, 6))


@pytest.mark.parametrize(
    "raw,status",
    [
        (b"%PDF-1.7\n...", "not_html"),
        (b"", "empty"),
        (b"<html><body><div id='app'></div><script src='app.js'></script></body></html>", "js_shell"),
    ],
)
def test_non_documents_are_other(raw, status):
    a = analyse_page(raw, url=URL)
    assert a.record["status"] == status and a.kind == "other"


HOMEPAGE = (Path(__file__).parent / "fixtures" / "pages" / "soft_404_homepage.html").read_bytes()


@pytest.mark.parametrize(
    "raw", [HOMEPAGE, HOMEPAGE.replace(b'<link rel="canonical" href="http://gjj.example-jinan.gov.cn/">', b"")]
)
def test_homepage_for_an_article_url_is_a_soft_404(raw):
    a = analyse_page(raw, url="http://gjj.example-jinan.gov.cn/art/2024/3/14/art_2_9999.html")
    assert a.record["status"] == "error_page" and "homepage" in a.record["status_reason"]
    assert a.kind == "other" and a.record["title"] is None and a.record["body_text"] == ""


def test_homepage_at_its_own_url_is_a_list():
    a = analyse_page(HOMEPAGE, url="http://gjj.example-jinan.gov.cn/")
    assert a.record["status"] == "ok" and a.kind == "list"


def test_meta_refresh_stub_is_empty_and_links_its_target():
    raw = (Path(__file__).parent / "fixtures" / "pages" / "meta_refresh_stub.html").read_bytes()
    a = analyse_page(raw, url="https://www.example.gov.cn/zwgk/tzgg/t1.html")
    assert a.record["status"] == "empty" and a.kind == "other"
    assert a.links == ("https://www.example.gov.cn/zwgk/tzgg/202403/t20240314_1.html",)


def test_links_are_encoded_uris():
    raw = (
        '<html><body><a href="附件 1.pdf">附件</a><a href="http://例子.中国/a?q=政策">idn</a>'
        '<a href="ftp://x/y">ftp</a></body></html>'
    ).encode()
    a = analyse_page(raw, url="https://www.example.gov.cn/zwgk/t1.html")
    assert a.links == (
        "https://www.example.gov.cn/zwgk/%E9%99%84%E4%BB%B6%201.pdf",
        "http://xn--fsqu00a.xn--fiqs8s/a?q=%E6%94%BF%E7%AD%96",
    )
    assert a.record["attachments"][0]["url"] == a.links[0]


def test_a_document_whose_title_is_not_found_is_still_a_detail():
    text = "".join(
        f"<p>{i}.为进一步做好住房公积金归集管理工作，现将有关事项通知如下，请各单位认真贯彻执行。</p>" for i in range(8)
    )
    a = analyse_page(f"<html><body><div id='zoom'>{text}</div></body></html>".encode(), url=URL)
    assert a.record["title"] is None and a.kind == "detail"
