"""extract_page: status classification, decoding, overrides, never raising."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdocs.extract import analyse_page_strict, extract_page
from govdocs.extract.decode import decode_html
from govdocs.records import STATUSES, PageRecord

KEYS = set(PageRecord.__annotations__)
URL = "https://www.example.gov.cn/zwgk/t1.html"

PAGE = """<html><head><meta charset="{charset}"><title>{title}_示例市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
<table><tr><td>索引号：</td><td>000014349/2022-00235</td><td>{pub_label}：</td><td>示例市财政局</td></tr>
<tr><td>发布日期：</td><td>2022年7月15日</td><td>文号：</td><td>示财发〔2022〕7号</td></tr></table>
<div id="zoom"><p>{title}</p><p>为加强预算管理，现将2022年部门预算公开有关事项通知如下，全市共有86个部门公开预算。</p>
<p>一、公开内容</p><p>部门预算公开表格共9张。</p><p>示例市财政局</p><p>2022年7月15日</p></div>
<div class="footer">版权所有 示例市人民政府 网站标识码：5000000001</div></body></html>"""


def page(charset="utf-8", title="示例市财政局关于做好部门预算公开工作的通知", pub_label="发布机构", encoding="utf-8"):
    return PAGE.format(charset=charset, title=title, pub_label=pub_label).encode(encoding)


def test_ok_page():
    rec = extract_page(page(), url=URL)
    assert set(rec) == KEYS
    assert rec["status"] == "ok" and rec["status_reason"] is None
    assert rec["title"] == "示例市财政局关于做好部门预算公开工作的通知"
    assert rec["published_date"] == "2022-07-15"
    assert rec["doc_number"] == "示财发〔2022〕7号"
    assert rec["publisher"] == "示例市财政局"
    assert rec["index_scheme"] == "org-year-serial"
    assert "全市共有86个部门公开预算" in rec["body_text"]
    assert "版权所有" not in rec["body_text"]
    assert rec["source"] == URL


def test_gbk_without_charset_and_with_wrong_declaration():
    gbk = page(charset="utf-8", encoding="gbk").replace(b'<meta charset="utf-8">', b"")
    rec = extract_page(gbk, url=URL)
    assert rec["encoding"] == "gb18030" and rec["title"].startswith("示例市财政局")
    # GBK bytes declared as UTF-8 by the server: still GB18030
    rec = extract_page(gbk, url=URL, content_type="text/html; charset=utf-8")
    assert rec["encoding"] == "gb18030" and "\ufffd" not in rec["body_text"]


def test_gb2312_declared_page_with_gbk_only_character():
    # 镕 is in GBK/GB18030 but not in GB2312: decoding "as declared" would lose it
    raw = page(charset="gb2312", title="关于朱镕基同志题词的说明", encoding="gb18030")
    rec = extract_page(raw, url=URL)
    assert rec["encoding"] == "gb18030"
    assert rec["title"] == "关于朱镕基同志题词的说明"


def test_utf8_with_wrong_gbk_meta_and_header():
    rec = extract_page(page(charset="gbk"), url=URL, content_type="text/html; charset=GB2312")
    assert rec["encoding"] == "utf-8"
    assert rec["title"] == "示例市财政局关于做好部门预算公开工作的通知"


def test_bom_and_decode_never_inserts_replacement():
    text, enc = decode_html(b"\xef\xbb\xbf<p>\xe4\xb8\xad</p>")
    assert enc == "utf-8" and text == "<p>中</p>"
    text, enc = decode_html("<p>中文</p>".encode()[:-6] + b"\xff\xfe<p>")
    assert "\ufffd" not in text


def test_statuses():
    cases = [
        (b"", 200, "empty"),
        (b"   \n", 200, "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 200, "not_html"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), 200, "not_html"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(100), 200, "not_html"),
        (page(), 404, "error_page"),
        (page(), 500, "error_page"),
        (
            b"<html><body><h1>404</h1><p>\xe6\x82\xa8\xe8\xae\xbf\xe9\x97\xae\xe7\x9a\x84\xe9\xa1\xb5\xe9\x9d\xa2\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8</p></body></html>",
            200,
            "error_page",
        ),
        (b'<html><head><script r="m">$_ts=window.$_ts||{};</script></head><body></body></html>', 412, "blocked"),
        (b"<html><head><script>$_ts={}</script></head><body></body></html>", 521, "blocked"),
        ("<html><body><h1>访问被拒绝</h1></body></html>".encode(), 403, "blocked"),
        (b"<html><body><div>{{item.title}}</div><div>{{item.content}}</div></body></html>", 200, "js_shell"),
        (b"<html><head><script src='app.js'></script></head><body><div id='app'></div></body></html>", 200, "js_shell"),
        (b"<html><body><div></div></body></html>", 200, "empty"),
    ]
    for content, http, status in cases:
        rec = extract_page(content, url=URL, http_status=http)
        assert rec["status"] == status, (content[:40], http, rec["status"], rec["status_reason"])
        assert rec["status_reason"], content[:40]
        assert set(rec) == KEYS


def test_overrides_add_a_label_spelling():
    raw = page(pub_label="来源单位")
    assert extract_page(raw, url=URL)["publisher"] is None
    rec = extract_page(raw, url=URL, overrides={"labels": {"publisher": ["来源单位"]}})
    assert rec["publisher"] == "示例市财政局"
    assert rec["field_sources"]["publisher"] == "block:来源单位"


def test_overrides_prefer_changes_precedence():
    raw = page().replace(b"<title>", b'<meta name="ArticleTitle" content="META TITLE"><title>')
    assert extract_page(raw, url=URL)["title"] == "META TITLE"  # no block title: meta first
    rec = extract_page(raw, url=URL, overrides={"prefer": {"title": ["title", "meta"]}})
    assert rec["title"] == "示例市财政局关于做好部门预算公开工作的通知"
    assert rec["field_sources"]["title"] == "title"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=4000),
    st.sampled_from([200, 403, 404, 412, 521]),
    st.one_of(st.none(), st.sampled_from(["text/html", "text/html; charset=gbk", "text/html; charset=bogus"])),
)
def test_never_raises_on_arbitrary_bytes(content, http, ctype):
    # the strict entry point: no blanket except between the fuzzer and the code
    rec = analyse_page_strict(content, url=URL, content_type=ctype, http_status=http).record
    assert set(rec) == KEYS
    assert rec["status"] in STATUSES
    assert "extractor error" not in (rec["status_reason"] or ""), rec["status_reason"]


html_bits = st.sampled_from(
    [
        "<table>",
        "</table>",
        "<tr>",
        "<td colspan='3'>",
        "<td rowspan='99999'>",
        "</td>",
        "<p>",
        "</p>",
        "<div class='nav'>",
        "</div>",
        "索引号：",
        "发布日期：2022年1月5日",
        "文号：",
        "<!--",
        "-->",
        "<script>",
        "document.write('<td>市政府</td>')",
        "</script>",
        "<li><span>成文日期：</span><p>",
        "</html>",
        "<br>",
        "一、总体要求",
        "（一）",
        "1.",
        "<a href='x.pdf'>附件</a>",
        "<a href='javascript:;'>x</a>",
        "{{x}}",
        "\x00",
        "<h1>",
        "</h1>",
        "中文内容" * 5,
        "<meta name='PubDate' content='2025-12-24 09:372025-12-25 09:46'>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(html_bits, max_size=60), st.sampled_from(["utf-8", "gb18030"]))
def test_never_raises_on_html_soup(bits, enc):
    rec = analyse_page_strict("".join(bits).encode(enc), url=URL).record
    assert set(rec) == KEYS
    assert "extractor error" not in (rec["status_reason"] or ""), rec["status_reason"]
    for t in rec["tables"]:
        assert len({len(r) for r in t["rows"]}) == 1
    for s in rec["sections"]:
        assert 0 <= s["start"] <= s["end"] <= len(rec["body_text"])


def test_non_bytes_input_does_not_raise():
    rec = extract_page("<p>x</p>", url=URL)  # type: ignore[arg-type]
    assert set(rec) == KEYS


def test_overrides_ignore_a_label():
    raw = page()
    assert extract_page(raw, url=URL)["doc_number"] == "示财发〔2022〕7号"
    rec = extract_page(raw, url=URL, overrides={"ignore_labels": ["文号"]})
    assert rec["doc_number"] is None or rec["field_sources"].get("doc_number") != "block:文号"


def test_empty_value_never_takes_the_next_label_or_title():
    html = """<html><body><table>
    <tr><td>索引号：</td><td>000014349/2022-00235</td><td>文号：</td><td></td></tr>
    <tr><td>主题词：</td><td></td></tr></table>
    <div class="t">示例市关于某事项的通知</div>
    <ul><li><span>发布机构：</span><p></p></li><li><span>成文日期：</span><p>2022-01-05</p></li></ul>
    <div><label>有效性：</label><span></span></div><div>下一段正文内容很长很长很长很长很长。</div>
    </body></html>""".encode()
    rec = extract_page(html, url=URL)
    assert rec["doc_number"] is None and rec["keywords"] is None and rec["publisher"] is None
    assert rec["validity"] is None
    assert rec["created_date"] == "2022-01-05"


def test_document_write_value_is_not_static_text_and_blocked_marker_on_normal_page():
    html = """<html><head><script>var x = 1;</script></head><body>
    <table><tr><td>发布机构：</td><td><script>document.write("<span>市政府办公厅<\\/span>")</script></td></tr></table>
    <div id="zoom"><p>本文介绍访问被拒绝的处理办法，内容较长较长较长较长较长较长较长较长较长较长。</p></div>
    </body></html>""".encode()
    rec = extract_page(html + b" " * 4000, url=URL)
    assert rec["status"] == "ok"
    # a value only a script writes is not shown by the static page (real-pages-2 gold rule)
    assert rec["publisher"] is None


def test_utf16_with_bom_is_text():
    raw = "<html><body><div id='zoom'><p>这是一段使用UTF-16编码保存的政府信息公开正文内容，共计3项措施。</p></div></body></html>".encode(
        "utf-16"
    )
    rec = extract_page(raw, url=URL)
    assert rec["status"] == "ok" and rec["encoding"] == "utf-16"
    assert "共计3项措施" in rec["body_text"]


@given(
    st.binary(max_size=3000),
    st.one_of(
        st.none(), st.sampled_from(["text/html; charset=gbk", "text/html; charset=utf-8", "text/html; charset=big5"])
    ),
)
def test_decode_never_yields_replacement_characters(content, ctype):
    text, enc = decode_html(content, ctype)
    assert "\ufffd" not in text and enc


def test_header_row_metadata_table():
    html = """<html><body><table class="info">
    <tr><th>索引号</th><th>文号</th><th>发布日期</th><th>主题词</th></tr>
    <tr><td>000014349/2023-00017</td><td>示发〔2023〕5号</td><td>2023-02-03</td><td></td></tr>
    </table><div id="zoom"><p>正文第一段内容，较长较长较长较长较长较长较长较长。</p></div></body></html>""".encode()
    rec = extract_page(html, url=URL)
    assert rec["index_no"] == "000014349/2023-00017"
    assert rec["doc_number"] == "示发〔2023〕5号"
    assert rec["published_date"] == "2023-02-03"
    assert rec["keywords"] is None
    assert rec["tables"] == []  # the metadata table is not a data table


def test_body_hidden_until_a_script_shows_it():
    html = """<html><body><div class="nav"><a href="/">首页</a></div>
    <div id="content" style="display:none"><p>为做好年度工作，现将有关事项通知如下，请各单位认真贯彻执行。</p>
    <p>一、总体要求</p><p>坚持问题导向，全年完成整改事项12项。</p></div>
    <script>document.getElementById('content').style.display='block';</script></body></html>""".encode()
    rec = extract_page(html, url=URL)
    assert rec["status"] == "ok"
    assert "全年完成整改事项12项" in rec["body_text"]


def test_figure_failure_is_a_warning_not_a_silent_empty_list(monkeypatch, caplog):
    from govdocs.extract import page as page_mod

    def broken(*args, **kwargs):
        raise RuntimeError("rule 7 broke")

    monkeypatch.setattr(page_mod, "find_figures", broken)
    rec = extract_page(page(), url=URL)
    assert rec["status"] == "ok" and rec["title"] and rec["metrics"] == []
    assert rec["warnings"] == ["figures failed: RuntimeError: rule 7 broke"]
    assert "figure extraction failed" in caplog.text


def test_figures_run_for_real():
    rec = extract_page(page(), url=URL)
    assert rec["warnings"] == []
    assert any(m["value"] == 86 for m in rec["metrics"])


href_bits = st.sampled_from(
    [
        *list("abc/:?#&=%.[]@+-_ \\\t附件中文é"),
        "http://",
        "https://",
        "//",
        "..",
        ":99999",
        ":+80",
        "[::1",
        "javascript:",
        "mailto:",
        "h.gov.cn",
    ]
)
hrefs = st.lists(href_bits, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(hrefs, max_size=12), st.one_of(st.none(), hrefs))
def test_links_fuzz_never_raise_and_are_uris(links, base):
    base_tag = f"<base href='{base}'>" if base is not None else ""
    html = (
        "<html><head>"
        + base_tag
        + "</head><body>"
        + "".join(f"<a href='{h}'>链接</a>" for h in links)
        + "</body></html>"
    )
    a = analyse_page_strict(html.encode("utf-8"), url=URL)
    assert len(a.links) == len(set(a.links))
    for u in a.links:
        assert u.isascii() and u.startswith(("http://", "https://")) and "#" not in u, u
