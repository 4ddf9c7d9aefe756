"""Annual-report tables → long rows; the 一+二 = 三（七）总计+四 rule; canonical names."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from govdocs.figures import check_table_consistency, find_figures
from govdocs.figures.canonical import CANONICAL_TOML, canonical_name, load
from govdocs.figures.tables import T2, T3, T4, classify, norm

FIX = Path(__file__).parent / "fixtures" / "figures"


def load_tables(edition: str) -> list[dict]:
    return json.loads((FIX / f"annual_report_{edition}.tables.json").read_text(encoding="utf-8"))["tables"]


def cell(metrics, table, row, column):
    found = [m for m in metrics if m["table"] == table and m["row"] == row and m["column"] == column]
    assert len(found) == 1, (table, row, column, found)
    return found[0]


def test_2021_edition_long_rows():
    ms = find_figures("", [], load_tables("2021"))
    assert {m["table"] for m in ms} == {T2, T3, T4}  # the unknown 附表 is skipped
    assert cell(ms, T2, "行政规范性文件", "现行有效件数")["value"] == 25
    lic = cell(ms, T2, "行政许可", "本年处理决定数量")  # colspan copies collapse into one cell
    assert lic["value"] == 1071 and lic["unit"] == "件" and lic["canonical"] == "行政许可决定数"
    fee = cell(ms, T2, "行政事业性收费", "本年收费金额")
    assert fee["value"] == 0.5 and fee["unit"] == "万元"
    m = cell(ms, T3, "三、本年度办理结果/（三）不予公开/4.保护第三方合法权益", "总计")
    assert m["value"] == 1 and m["label"] == m["row"] and m["sentence"] == f"{m['row']} | 总计"
    assert m["start"] is None and m["end"] is None and m["section"] is None
    assert cell(ms, T3, "三、本年度办理结果/（二）部分公开", "法人或其他组织/商业企业")["value"] == 0
    assert cell(ms, T3, "一、本年新收政府信息公开申请数量", "法人或其他组织/商业企业")["value"] == 3
    assert cell(ms, T3, "一、本年新收政府信息公开申请数量", "总计")["canonical"] == "依申请公开新收申请数"
    assert len([m for m in ms if m["table"] == T3]) == 25 * 7
    rev = cell(ms, T4, None, "行政诉讼/未经复议直接起诉/总计")
    assert rev["value"] == 3 and rev["label"] == "行政诉讼/未经复议直接起诉/总计"
    assert cell(ms, T4, None, "行政复议/结果维持")["value"] == 1
    assert len([m for m in ms if m["table"] == T4]) == 15
    assert check_table_consistency(ms) == []


def test_2019_edition_and_bracket_variants():
    ms = find_figures("", [], load_tables("2019"))
    assert cell(ms, T2, "规范性文件", "对外公开总数量")["value"] == 18
    assert cell(ms, T2, "行政许可", "本年增/减")["value"] == -2
    assert cell(ms, T2, "行政处罚", "本年增/减")["value"] == 5
    assert cell(ms, T2, "政府集中采购", "采购总金额")["unit"] == "万元"
    assert cell(ms, T3, "三、本年度办理结果/（三）不予公开/1.属于国家秘密", "自然人")["value"] == 0
    assert cell(ms, T3, "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息", "总计")["value"] == 2
    problems = check_table_consistency(ms)
    assert len(problems) == 1 and "[总计]" in problems[0]


def test_consistency_rule_flags_each_bad_column():
    tables = load_tables("2021")
    bad = copy.deepcopy(tables)
    t3 = bad[1]["rows"]
    first = next(i for i, r in enumerate(t3) if r[0].startswith("一、"))
    t3[first][3] = "99"  # 自然人
    problems = check_table_consistency(find_figures("", [], bad))
    assert len(problems) == 1 and "[自然人]" in problems[0]


def test_consistency_never_raises():
    assert check_table_consistency([]) == []
    assert check_table_consistency([{"table": T3, "row": None, "column": None, "value": "x"}]) == []  # type: ignore[list-item]


@pytest.mark.parametrize(
    "tables",
    [
        [],
        [{"caption": None, "rows": []}],
        [{"caption": None, "rows": [["信息内容"], ["规章", "x"]]}],
        [{"caption": None, "rows": None}],
        [{"rows": [["自然人", "法人或其他组织", "本年新收"], [None, 1]]}],
        [None],
        ["not a table"],
    ],
)
def test_malformed_tables_never_raise(tables):
    assert isinstance(find_figures("", [], tables), list)


def test_non_numeric_cells_are_skipped():
    rows = [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "—", "/", ""],
        ["行政规范性文件", "２", "0", "12件"],
    ]
    ms = find_figures("", [], [{"caption": None, "rows": rows}])
    assert [(m["row"], m["column"], m["value"]) for m in ms] == [
        ("行政规范性文件", "本年制发件数", 2.0),
        ("行政规范性文件", "本年废止件数", 0.0),
        ("行政规范性文件", "现行有效件数", 12.0),
    ]


def test_classify_and_norm():
    assert classify({"caption": None, "rows": [["专项行动", "次数"], ["整治", "33"]]}) is None
    assert norm(" (三) 不予公开 ") == "（三）不予公开"
    assert norm("1、属于国家秘密") == "1.属于国家秘密"
    assert norm("一．本年新收") == "一、本年新收"
    assert norm("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "（二）部分公开"


def test_canonical_mapping_file_loads_and_maps():
    metrics, cells = load(CANONICAL_TOML)
    assert len(metrics) >= 10 and len(cells) >= 10
    assert canonical_name("行政许可审批", "件") == "行政许可审批件数"
    assert canonical_name("信访件", "件") == "信访件数"
    assert canonical_name("行政复议案件", "件") == "行政复议案件数"
    assert canonical_name("行政应诉案", "件") == "行政应诉案件数"
    assert canonical_name("出庭应诉比例", "%") == "出庭应诉率"
    assert canonical_name("行政许可决定", "件") == "行政许可决定数"
    assert canonical_name("行政处罚决定", "件") == "行政处罚决定数"
    assert canonical_name("培训人员", "人次") == "培训人次"
    assert canonical_name("联合执法检查", "次") == "执法检查次数"
    assert canonical_name("锦旗", "面") is None
    assert canonical_name("", None) is None


def test_sentence_figures_get_canonical_names():
    (m,) = find_figures("全年共计办理行政许可审批1071件。", [], [])
    assert m["canonical"] == "行政许可审批件数"


def test_duplicate_table_copies_count_once():
    tables = load_tables("2021")
    ms = find_figures("", [], [*tables, copy.deepcopy(tables[1])])
    assert len([m for m in ms if m["table"] == T3]) == 25 * 7


def test_sentences_and_tables_together():
    text = "一、总体情况\n全年共收到政府信息公开申请24件，均在法定期限内答复。"
    sections = [{"path": "一、总体情况", "heading": "一、总体情况", "level": 1, "start": 0, "end": len(text)}]
    ms = find_figures(text, sections, load_tables("2021"))
    first = ms[0]
    assert (first["label"], first["value"], first["table"], first["section"]) == (
        "政府信息公开申请",
        24.0,
        None,
        "一、总体情况",
    )
    assert first["canonical"] == "政府信息公开申请数"
    assert all(m["table"] for m in ms[1:])


def test_t3_rows_without_ordinals_are_canonicalised():
    head = [["", "申请人情况", "申请人情况", "申请人情况"], ["", "自然人", "法人或其他组织", "总计"]]
    body = [
        ["本年新收政府信息公开申请数", "3", "1", "4"],
        ["上年结转政府信息公开申请数", "1", "0", "1"],
        ["本年度办理结果 予以公开", "2", "1", "3"],
        ["本年度办理结果 总计", "4", "1", "5"],
        ["结转下年度继续办理", "0", "0", "0"],
    ]
    # one header column: "本年度办理结果 予以公开" is split into its two levels
    ms = find_figures("", [], [{"caption": None, "rows": head + body}])
    rows = sorted({m["row"] for m in ms})
    assert "一、本年新收政府信息公开申请数量" in rows and "四、结转下年度继续办理" in rows
    assert "三、本年度办理结果/（一）予以公开" in rows and "三、本年度办理结果/（七）总计" in rows
    assert {m["column"] for m in ms} == {"自然人", "法人或其他组织", "总计"}
    assert check_table_consistency(ms) == []
