"""Bounded work per page (issue 11). Timing budgets live in benchmarks/bench_extract_adversarial.py;
these tests check the mechanisms, with only bounds that are 10× above the benchmark's."""

import time

from govdocs.extract import analyse_page, extract_page
from govdocs.extract.tree import MAX_ATTRIBUTES, parse_html

URL = "https://www.example.gov.cn/zwgk/t1.html"


def test_attributes_per_element_are_capped_whole():
    attrs = " ".join(f"a{i}='x'" for i in range(100_000))
    root = parse_html(f"<html><body><div id='zoom' {attrs}>正文</div></body></html>")
    div = root.find(".//div")
    assert len(div.attrib) == MAX_ATTRIBUTES and div.get("id") == "zoom" and div.text == "正文"


def test_a_long_attribute_value_is_kept_and_ends_where_it_should():
    root = parse_html("<html><body><img src='data:image/png;base64," + "A" * 100_000 + "'><p>正文</p></body></html>")
    assert len(root.find(".//img").get("src")) == 100_022 and root.find(".//p").text == "正文"


def test_100k_attributes_and_4mb_of_comments_finish():
    # before: 125 s and 7 s on this machine; the bound is generous so that it cannot flake
    for raw in (
        ("<html><body><div " + " ".join(f"a{i}='x'" for i in range(100_000)) + ">正文</div></body></html>").encode(),
        ("<html><body><div id='zoom'>" + "<!-- c -->" * 450_000 + "<p>正文内容</p></div></body></html>").encode(),
    ):
        t = time.perf_counter()
        analyse_page(raw, url=URL)
        assert time.perf_counter() - t < 10


def test_comment_wrapped_values_still_join():
    html = (
        "<html><body><h1>关于进一步规范存量住宅用地信息公开工作的函</h1><table><tr><td>索引号：</td>"
        "<td><!--索引号开始-->000019174/2021-00003<!--索引号结束--></td></tr></table>"
        "<div id='zoom'><p>各省、自治区、直辖市自然资源主管部门：为认真贯彻会议精神，现将有关事项函告如下。</p></div></body></html>"
    )
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["index_no"] == "000019174/2021-00003"


def test_document_write_is_not_read():
    raw = ("<html><body><script>" + "document.write('" * 60_000 + "</script></body></html>").encode()
    assert analyse_page(raw, url=URL).record["status"] in ("js_shell", "empty")
