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
