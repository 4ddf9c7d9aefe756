"""Metadata that holds: publisher vs source_name, values that end where they should."""

import pytest

from govdocs.extract import extract_page

URL = "https://www.example.gov.cn/zwgk/202309/t20230901_1.html"
BODY = "<div id='zoom'><p>为进一步做好住房公积金归集管理工作，现将有关事项通知如下，请各单位认真贯彻执行。</p><p>一、提高缴存比例上限。</p></div>"


def rec_of(meta_html: str) -> dict:
    html = f"<html><body><h1>关于调整住房公积金缴存政策的通知</h1>{meta_html}{BODY}</body></html>"
    return dict(extract_page(html.encode("utf-8"), url=URL))


@pytest.mark.parametrize(
    "meta_html,field,value",
    [
        (
            "<div class='info'><span>发布时间：2023-09-01</span><span>来源：宿州市房管中心 阅读：<b></b>次</span></div>",
            "source_name",
            "宿州市房管中心",
        ),
        (
            "<div><span>发布时间：2023-09-01</span> <span>来源：武汉住房公积金管理中心 \ue613 \ue609</span></div>",
            "source_name",
            "武汉住房公积金管理中心",
        ),
        (
            "<table><tr><td>发布机构：</td><td>市政府办公室 日期：2023-09-01</td></tr></table>",
            "publisher",
            "市政府办公室",
        ),
        (
            "<table><tr><td>发布机构：</td><td>上海市财政局 | 查看更多属性</td></tr></table>",
            "publisher",
            "上海市财政局",
        ),
        ("<p>日期：2023-09-01 来源：证监会</p>", "source_name", "证监会"),
        ("<p>2023-09-01 08:21\u2003来源：安徽日报</p>", "source_name", "安徽日报"),
    ],
)
def test_values_end_at_the_next_label_counter_or_glyph(meta_html, field, value):
    assert rec_of(meta_html)[field] == value


def test_source_is_not_publisher():
    rec = rec_of("<p>发布时间：2023-09-01 来源：福州日报</p>")
    assert rec["source_name"] == "福州日报" and rec["publisher"] is None
    rec = rec_of("<table><tr><td>发布机构：</td><td>示例市财政局</td><td>信息来源：</td><td>本网</td></tr></table>")
    assert rec["publisher"] == "示例市财政局" and rec["source_name"] == "本网"


def test_meta_content_source_is_not_a_visible_publisher():
    html = (
        "<html><head><meta name='ContentSource' content='示例市财政局'></head><body>"
        f"<h1>关于调整住房公积金缴存政策的通知</h1>{BODY}</body></html>"
    )
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["publisher"] is None and rec["source_name"] is None


def test_heading_and_its_unlabelled_date_line_win_over_site_name_and_clock():
    html = """<html><head><title>通知公告 - 示例市住房公积金管理中心</title><meta name="PubDate" content="2025-10-12 09:00"></head>
    <body><div class="top">今天是2026年12月1日 星期二</div><h1>示例市住房公积金管理中心</h1>
    <div class="zjytitle">关于进一步调整住房公积金相关政策的通知</div><div class="zjynav">2023-02-01&nbsp;&nbsp;浏览次数:<span></span></div>
    <div id="zoom"><p>为进一步做好住房公积金归集管理工作，现将有关事项通知如下，请各单位认真贯彻执行。</p></div>
    <ul class="related"><li><a href="/a.html">关于某某事项的通知</a><span>2022-01-01</span></li></ul></body></html>"""
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["title"] == "关于进一步调整住房公积金相关政策的通知"
    assert rec["published_date"] == "2023-02-01"
    assert rec["field_sources"]["published_date"] == "heading"


def test_validity_as_shown_and_not_from_a_title_tag():
    rec = rec_of(
        "<table><tr><td>有效性：</td><td>是</td></tr><tr><td>发布机构：</td><td>示例市财政局</td></tr></table>"
    )
    assert rec["validity"] == "是"
    html = f"<html><body><h1>【已废止】关于调整住房公积金缴存政策的通知</h1>{BODY}</body></html>"
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["title"] == "关于调整住房公积金缴存政策的通知" and rec["validity"] is None


@pytest.mark.parametrize(
    "head,doc_number",
    [
        ("<h1>关于调整住房公积金贷款政策的通知（市房金委字〔2022〕2号）</h1>", "市房金委字〔2022〕2号"),
        ("<h2>关于调整住房公积金缴存政策的通知</h2><p>沪建房管联〔2024〕58号</p>", "沪建房管联〔2024〕58号"),
        ("<p>关于调整住房公积金缴存政策的通知</p><p>（合自然资规公告 [2021]11号）</p>", "合自然资规公告[2021]11号"),
        ("<h2>关于调整住房公积金缴存政策的通知</h2><p style='text-align:right'>FSBG2023063 号</p>", "FSBG2023063号"),
    ],
)
def test_unlabelled_doc_number_under_or_in_the_heading(head, doc_number):
    html = f"<html><head><title>关于调整住房公积金缴存政策的通知</title></head><body>{head}{BODY}</body></html>"
    assert extract_page(html.encode("utf-8"), url=URL)["doc_number"] == doc_number


def test_label_in_a_wrapper_takes_the_next_cell():
    html = (
        """<html><body><h1>关于进一步规范存量住宅用地信息公开工作的函</h1><table>
    <tr><td class="hui"><p style="letter-spacing:9px">索引号</p></td><td><!--索引号开始-->000019174/2021-00003<!--索引号结束--></td>
    <td class="hui"><p>发文字号</p></td><td>自然资办函〔2021〕1432号</td></tr></table>"""
        + BODY
        + "</body></html>"
    )
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["index_no"] == "000019174/2021-00003" and rec["doc_number"] == "自然资办函〔2021〕1432号"


def test_header_clock_and_search_panel_are_not_the_document():
    html = (
        """<html><head><title>关于调整住房公积金缴存政策的通知_示例市住房公积金管理中心</title></head><body>
    <div class="site-title">示例市住房公积金管理中心门户网站</div><div class="clock">2026年12月1日 星期二</div>
    <form action="/search"><label>有效性：</label><input type="radio" name="v"><span>现行有效</span>
    <input type="radio" name="v"><span>已失效</span></form>
    <h1>关于调整住房公积金缴存政策的通知</h1>"""
        + BODY
        + "</body></html>"
    )
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["title"] == "关于调整住房公积金缴存政策的通知"
    assert rec["published_date"] is None and rec["validity"] is None


def test_heading_broken_over_lines_is_one_title():
    html = (
        """<html><body><h1 class="title">内蒙古延续部分到期税收优惠政策助企纾困<div>预计4年为纳税人减负180亿元</div></h1>
    <div class="date">2022-02-11 08:52</div>"""
        + BODY
        + "</body></html>"
    )
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["title"] == "内蒙古延续部分到期税收优惠政策助企纾困预计4年为纳税人减负180亿元"
    assert rec["published_date"] == "2022-02-11"


def test_a_list_of_titled_dated_items_gives_no_heading():
    items = "".join(
        f"<tr><td class='zwzx-title'>请问第{i}项业务还在办理吗？</td><td class='zwzx-date'>留言时间：2025-04-2{i}</td></tr>"
        for i in range(4)
    )
    html = f"<html><body><table>{items}</table>{BODY}</body></html>"
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["title"] is None and rec["published_date"] is None


def test_hidden_rows_are_no_metadata_unless_the_page_css_shows_them():
    block = """<table><tr><td>发布机构：</td><td>示例市财政局</td></tr>
    <tr style="display:none"><td>有效性：</td><td>有效</td></tr></table>
    <div id="xxgkhide" style="display:none;"><table><tr><td>文号：</td><td>示财发〔2020〕7号</td></tr></table></div>"""
    rec = rec_of(block)
    assert rec["publisher"] == "示例市财政局" and rec["validity"] is None and rec["doc_number"] is None
    css = "<style>  #xxgkhide {\n    display: block !important;\n  }</style>"
    rec = rec_of(css + block)
    assert rec["doc_number"] == "示财发〔2020〕7号" and rec["validity"] is None
