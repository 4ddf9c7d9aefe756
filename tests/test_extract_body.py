"""Body boundaries: the document's first line to its last, whatever the block prints around it."""

import pytest

from govdocs.extract import extract_page
from govdocs.extract.body import trim_edges
from govdocs.extract.rules import RulesError, _load

URL = "https://www.example.gov.cn/zwgk/202307/t20230718_1.html"
TEXT = [
    "各有关单位：",
    "为更好满足居民合理住房需求，经市政府同意，现就有关事项通知如下：",
    "一、优化限购政策。",
    "示例市住房公积金管理中心",
    "2023年7月18日",
]


@pytest.mark.parametrize(
    "lead",
    [
        ["关于优化本市住房限购政策的通知"],
        ["示府发〔2023〕7号", "关于优化本市", "住房限购政策的通知"],
        ["点击查看政策解读：【图文解读】《关于优化本市住房限购政策的通知》"],
        ["图解：", "问答-《关于优化本市住房限购政策的通知》", "解读：", "《关于优化本市住房限购政策的通知》政策解读"],
        ["示例市政府门户网站-关于优化本市住房限购政策的通知"],
    ],
)
@pytest.mark.parametrize(
    "tail",
    [
        [],
        ["示例市 《关于优化本市住房限购政策的通知》.pdf"],
        ["关联稿件：", "相关附件："],
        ["《关于优化本市住房限购政策的通知》政策解读", "《关于优化本市住房限购政策的通知》视频解读"],
        ["附件：", "相关附件", "媒体报道", "音频视频", "部门解读"],
        ["责任编辑：张三"],
    ],
)
def test_body_runs_from_first_to_last_line(lead, tail):
    lines = lead + TEXT + tail
    first, end = trim_edges(lines, "关于优化本市住房限购政策的通知", "示府发〔2023〕7号")
    assert lines[first:end] == TEXT


def test_a_document_line_that_mentions_a_tail_word_stays():
    lines = [*TEXT, "其他未尽事项，按照有关文件执行。"]
    assert trim_edges(lines, "关于优化本市住房限购政策的通知", None) == (0, len(lines))


def test_image_only_body_is_empty():
    html = """<html><head><title>关于调整住房公积金贷款政策的通知</title></head><body>
    <h1>关于调整住房公积金贷款政策的通知</h1><div class="info">发布时间：2023-07-18 来源：示例市住房公积金管理中心</div>
    <div id="zoom"><p>关于调整住房公积金贷款政策的通知</p><p><img src="a.jpg"></p><p><img src="b.jpg"></p></div></body></html>"""
    rec = extract_page(html.encode("utf-8"), url=URL)
    assert rec["status"] == "ok" and rec["body_text"] == ""
    assert rec["title"] == "关于调整住房公积金贷款政策的通知" and rec["published_date"] == "2023-07-18"


def test_utility_class_is_not_chrome():
    html = """<html><body><h1>关于优化本市住房限购政策的通知</h1><div class="panel margin-top-20 content">
    <p>各有关单位：</p><p>为更好满足居民合理住房需求，经市政府同意，现就有关事项通知如下。</p><p>示例市住房管理局</p></div></body></html>"""
    assert extract_page(html.encode("utf-8"), url=URL)["body_text"].startswith("各有关单位：")


def test_rules_files_are_validated(tmp_path, monkeypatch):
    from govdocs.extract import rules

    monkeypatch.setattr(rules, "HERE", tmp_path)
    (tmp_path / "bad.toml").write_text('[x]\nwords = ["a"]\n', encoding="utf-8")
    with pytest.raises(RulesError, match="source"):
        _load.__wrapped__("bad.toml")
    (tmp_path / "bad2.toml").write_text('[x]\nsource = "s"\npatterns = ["("]\n', encoding="utf-8")
    with pytest.raises(RulesError, match="bad pattern"):
        _load.__wrapped__("bad2.toml")


# ---------------------------------------------------------------- the document's last line
def _page(content: str, info: str = "") -> bytes:
    return f"""<html><head><title>关于优化本市住房限购政策的通知</title></head><body>
    <h1>关于优化本市住房限购政策的通知</h1>
    <div class="info">发布日期：2023-07-18 发布机构：示例市住房管理局</div>{info}
    <div class="article-body">{content}</div>
    <div class="footer">版权所有：示例市人民政府 网站标识码：1234567890</div></body></html>""".encode()


_PARAS = "".join(f"<p>{line}</p>" for line in TEXT)
_FORM = '<p style="text-align:center"><img src="W0202307.png" width="557" height="708"></p>'


def _body(content: str, info: str = "") -> list[str]:
    rec = extract_page(_page(content, info), url=URL)
    assert rec["status"] == "ok" and rec["title"] == "关于优化本市住房限购政策的通知"
    return rec["body_text"].split("\n")


def test_attachment_heading_followed_by_the_attachment_image_is_the_last_line():
    # the attachment is printed in the document (a scanned form): its heading is body text
    assert _body(_PARAS + "<p>附件：</p>" + _FORM) == [*TEXT, "附件："]


@pytest.mark.parametrize(
    "after",
    [
        "",  # an empty attachment list
        '<div class="f-APPENDIX"> </div>',
        '<p><a href="/u/1.pdf">示例市购房资格申请表.pdf</a></p>',  # only attachment links
        '<p><img src="/images/pdf.gif"><a href="/u/1.pdf">示例市购房资格申请表.pdf</a></p>',  # icon outside the link
        '<p><a href="/u/1.pdf"><img src="/u/1.png" width="557" height="708"></a></p>',  # image inside a link
        '<p><img src="/images/dot.gif" width="16" height="16"></p>',  # a bullet, not a page
        _FORM + "<p>相关附件</p>",  # text after the image: not the end of the document
        _FORM + "扫一扫在手机打开当前页",  # (a chrome line, dropped from the body, after the image)
        "<p>1.示例市购房资格申请表.docx</p>" + _FORM,  # a file list under the heading
    ],
)
def test_attachment_list_heading_with_nothing_but_links_after_it_goes(after):
    assert _body(_PARAS + "<p>附件：</p>" + after) == TEXT


def test_attachment_sentence_that_continues_with_text_stays():
    lines = [*TEXT[:3], "附件：示例市购房资格申请表（各区按此格式报送）", *TEXT[3:]]
    assert _body("".join(f"<p>{x}</p>" for x in lines)) == lines
    tail = [*TEXT, "附件：示例市购房资格申请表"]
    assert _body("".join(f"<p>{x}</p>" for x in tail) + _FORM) == tail


def test_disclosure_note_under_the_date_is_the_last_line():
    # 公开方式：主动公开 is the 附注 a 公文 prints under its date (a metadata label elsewhere)
    assert _body(_PARAS + "<p><br></p><p><span>公开方式：主动公开</span></p>") == [*TEXT, "公开方式：主动公开"]


def test_disclosure_row_of_a_metadata_table_stays_out_of_the_body():
    table = """<table class="xxgk"><tr><td>索引号:</td><td>11111111X/2023-00001</td><td>公开方式:</td><td>主动公开</td></tr>
    <tr><td>公开方式：主动公开</td><td>发布机构：示例市住房管理局</td></tr></table>"""
    assert _body(_PARAS, info=table) == TEXT
    assert _body(table + _PARAS) == TEXT  # the metadata table inside the content block
    cells = "<table><tr><td><p>公开方式：主动公开</p></td><td><p>发布机构：示例市住房管理局</p></td></tr></table>"
    assert _body(_PARAS + cells) == TEXT  # a metadata table after the text


def test_disclosure_row_above_the_text_is_metadata():
    rows = "<p>索引号：11111111X/2023-00001</p><p>公开方式：主动公开</p><p>发布机构：示例市住房管理局</p>"
    assert _body(rows + _PARAS) == TEXT


def test_disclosure_words_inside_a_paragraph_stay():
    lines = [*TEXT[:2], "本通知的公开方式：主动公开，各单位可在门户网站查阅全文。", *TEXT[2:]]
    assert _body("".join(f"<p>{x}</p>" for x in lines)) == lines
    tail = [*TEXT, "本文件的公开方式：主动公开"]
    assert _body("".join(f"<p>{x}</p>" for x in tail)) == tail
