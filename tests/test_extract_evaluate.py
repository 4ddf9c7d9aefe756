"""Quality gate: per-field accuracy on the real pages and our fixtures, against the floors
in tests/fixtures/extract_baseline.json."""

import json
from pathlib import Path

import pytest

from govdocs.extract import extract_page
from govdocs.extract.evaluate import REAL_PAGES, REAL_PAGES_2, body_scores, evaluate, format_table, same
from govdocs.extract.golden import FIXTURES

BASELINE = json.loads((Path(__file__).parent / "fixtures" / "extract_baseline.json").read_text(encoding="utf-8"))
real = pytest.mark.skipif(not (REAL_PAGES / "expected.json").exists(), reason="real pages absent")
real2 = pytest.mark.skipif(not (REAL_PAGES_2 / "expected.json").exists(), reason="real pages 2 absent")


def _gate(result: dict, floors: dict) -> list[str]:
    problems = []
    if result["overall"] < floors["overall"]:
        problems.append(f"overall {result['overall']:.3f} < {floors['overall']}")
    for fld, floor in floors["fields"].items():
        got = result["fields"].get(fld, {}).get("accuracy")
        if got is not None and got < floor:
            problems.append(f"{fld} {got:.3f} < {floor}")
    return problems


@real
def test_real_pages_meet_floors():
    result = evaluate(REAL_PAGES)
    assert result["pages"] >= 10
    assert _gate(result, BASELINE["real_pages"]) == [], format_table("real pages", result)


@real
def test_real_pages_titles_and_dates_exact():
    result = evaluate(REAL_PAGES)
    for fld in ("title", "published_date", "created_date"):
        assert result["fields"][fld]["accuracy"] == 1.0, format_table("real pages", result)


def test_fixtures_meet_floors():
    result = evaluate(FIXTURES)
    assert _gate(result, BASELINE["fixtures"]) == [], format_table("fixtures", result)


@real
@pytest.mark.parametrize(
    "name,status",
    [
        ("edge_cases/UNKNOWN_site__ole2_word_doc_stored_as_html.html", "not_html"),
        ("edge_cases/UNKNOWN_site__phpcms_tip_page_GBK.html", "error_page"),
    ],
)
def test_real_edge_cases(name, status):
    rec = extract_page((REAL_PAGES / name).read_bytes(), url="http://x.gov.cn/" + name)
    assert rec["status"] == status
    assert rec["status_reason"]


@real
@pytest.mark.parametrize(
    "name", ["www.anhua.gov.cn__content_1663341_GB2312.html", "www.gaoyang.gov.cn__zwpd_2017-5-11_GB2312.html"]
)
def test_real_gb2312_pages_decode_as_gb18030(name):
    rec = extract_page((REAL_PAGES / name).read_bytes(), url="http://x.gov.cn/")
    assert rec["encoding"] == "gb18030"
    assert "\ufffd" not in rec["body_text"]
    assert len(rec["body_text"]) > 500


def _targets(result: dict, targets: dict) -> list[str]:
    problems = []
    if result["present"] < targets["present"]:
        problems.append(f"fields {result['present']:.3f} < {targets['present']}")
    if result["filled_where_absent"] > targets["filled_where_absent"]:
        problems.append(f"filled where absent {result['filled_where_absent']:.3f} > {targets['filled_where_absent']}")
    for key in ("body_start", "body_end", "body_clean"):
        got = result["fields"][key]["accuracy"]
        if got < targets[key]:
            problems.append(f"{key} {got:.3f} < {targets[key]}")
    return problems


@real2
def test_real_pages_2_meet_issue_targets():
    result = evaluate(REAL_PAGES_2)
    assert result["pages"] == 40
    assert _targets(result, BASELINE["real_pages_2"]["targets"]) == [], format_table("real pages 2", result)


def test_body_scores_use_the_gold_strings():
    gold = {"body_start": "各镇人民政府：", "body_end": "特此通知。", "chrome": ["【打印】", "分享到："]}
    assert body_scores("各镇人民政府：\n为了……\n特此通知。", gold) == {
        "body_start": True,
        "body_end": True,
        "body_clean": True,
    }
    assert body_scores("关于……的通知\n各镇人民政府：\n特此通知。\n【 打印 】", gold) == {
        "body_start": False,
        "body_end": False,
        "body_clean": False,
    }
    assert body_scores("", {"body_start": None, "body_end": None, "chrome": []}) == {
        "body_start": True,
        "body_end": True,
        "body_clean": True,
    }
    assert body_scores("图片", {"body_start": None, "body_end": None})["body_start"] is False


def test_match_rule_is_not_containment():
    assert same("title", "关于 印发 办法的通知", "关于印发办法的通知")
    assert not same("title", "关于印发办法的通知", "关于印发办法的通知_示例市人民政府")
    assert not same("title", "关于印发办法的通知_示例市", "关于印发办法的通知")
    assert not same("published_date", "2024-01-01", "2024-01-01 ")


@real
def test_real_pages_bodies_are_clean():
    chrome = ("版权所有", "ICP备", "公网安备", "网站标识码", "扫一扫", "当前位置", "分享到")
    exp = json.loads((REAL_PAGES / "expected.json").read_text(encoding="utf-8"))
    for name in exp:
        if name.startswith("_"):
            continue
        rec = extract_page((REAL_PAGES / name).read_bytes(), url="http://x.gov.cn/")
        assert rec["status"] == "ok", name
        assert len(rec["body_text"]) > 100, name
        for c in chrome:
            assert c not in rec["body_text"], (name, c)
