"""Quality gate: per-field accuracy on the real pages and our fixtures, against the floors
in tests/fixtures/extract_baseline.json."""

import json
from pathlib import Path

import pytest

from govdocs.extract import extract_page
from govdocs.extract.evaluate import REAL_PAGES, evaluate, format_table
from govdocs.extract.golden import FIXTURES

BASELINE = json.loads((Path(__file__).parent / "fixtures" / "extract_baseline.json").read_text(encoding="utf-8"))
real = pytest.mark.skipif(not (REAL_PAGES / "expected.json").exists(), reason="real pages absent")


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
@pytest.mark.parametrize("name,status", [
    ("edge_cases/UNKNOWN_site__ole2_word_doc_stored_as_html.html", "not_html"),
    ("edge_cases/UNKNOWN_site__phpcms_tip_page_GBK.html", "error_page"),
])
def test_real_edge_cases(name, status):
    rec = extract_page((REAL_PAGES / name).read_bytes(), url="http://x.gov.cn/" + name)
    assert rec["status"] == status
    assert rec["status_reason"]


@real
@pytest.mark.parametrize("name", ["www.anhua.gov.cn__content_1663341_GB2312.html",
                                  "www.gaoyang.gov.cn__zwpd_2017-5-11_GB2312.html"])
def test_real_gb2312_pages_decode_as_gb18030(name):
    rec = extract_page((REAL_PAGES / name).read_bytes(), url="http://x.gov.cn/")
    assert rec["encoding"] == "gb18030"
    assert "\ufffd" not in rec["body_text"]
    assert len(rec["body_text"]) > 500


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
