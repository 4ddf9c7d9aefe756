"""kind / direction / target on real report sentences (figures-dev, read from the shared
corpus, never copied here; skipped when absent) and on our own sentences."""

from __future__ import annotations

import pytest

from govdocs.figures import devset, find_figures
from govdocs.records import Metric

PARAS = {(p.doc_id, p.para_start): p.text for p in devset.load()}


def _fig(doc_id: str, para_start: str, value: float) -> Metric:
    text = PARAS.get((doc_id, para_start))
    if text is None:
        pytest.skip("figures-dev missing (shared corpus not mounted?)")
    hits = [m for m in find_figures(text, [], []) if abs(m["value"] - value) < 1e-9]
    assert hits, value
    return hits[0]


@pytest.mark.parametrize(
    "doc_id, para_start, value, kind, direction, target",
    [
        ("SC2026", "今年全省经济社会发展主要预期目标是", 5.5, "growth", "up", True),  # 地区生产总值增长5.5%左右
        ("SC2026", "今年全省经济社会发展主要预期目标是", 850000, "count", None, True),  # 城镇新增就业85万人
        ("SC2026", "六是着力防风险守底线", 15, "growth", "down", False),  # 事故起数…分别下降15%
        ("SC2026", "六是着力防风险守底线", 14.5, "growth", "down", False),  # … 14.5% (shared verb)
        ("HB2026", "——转型发展取得突破成效", 45, "share", None, False),  # 占比达到45%
        ("HA2026", "综合实力稳步提升", 1.6e8, "count", None, False),  # 发电装机1.6亿千瓦
        ("AH2026", "经济社会发展的主要预期目标是", 5, "range_low", "up", True),  # 增长5%—5.5%: a range of growth
        ("AH2026", "经济社会发展的主要预期目标是", 5.5, "range_high", "up", True),
    ],
)
def test_kind_on_real_sentences(
    doc_id: str, para_start: str, value: float, kind: str, direction: str | None, target: bool
) -> None:
    m = _fig(doc_id, para_start, value)
    assert (m["kind"], m["direction"], m["target"]) == (kind, direction, target), m


@pytest.mark.parametrize(
    "text, kind, direction",
    [
        ("全年投入资金5.67万亿元。", "amount", None),
        ("群众满意度达到百分之九十。", "rate", None),
        ("全年共计办理行政许可审批1071件。", "count", None),
        ("全年新登记市场主体2.86万户,同比增长12.4%。", "growth", "up"),
        ("予以公开45件，占45.3%。", "share", None),
    ],
)
def test_kind_on_own_sentences(text: str, kind: str, direction: str | None) -> None:
    m = find_figures(text, [], [])[-1]
    assert (m["kind"], m["direction"], m["target"]) == (kind, direction, False)


def test_growth_and_share_take_the_label_of_what_changed() -> None:
    got = [
        (m["label"], m["kind"], m["qualifier"])
        for m in find_figures("经营主体1163.7万户、增长6.3%。予以公开45件，占45.3%。", [], [])
    ]
    assert got == [
        ("经营主体", "count", None),
        ("经营主体", "growth", "增长"),
        ("予以公开", "count", None),
        ("予以公开", "share", None),
    ]


def test_counted_noun_after_the_number_and_list_markers() -> None:
    got = [
        (m["label"], m["value"])
        for m in find_figures("有效应对29轮强降雨、10轮高温。六是帮扶 3000名困难群众。", [], [])
    ]
    assert got == [("强降雨", 29.0), ("高温", 10.0), ("困难群众", 3000.0)]


def test_table_cells_have_a_kind() -> None:
    table = {
        "caption": "三、收到和处理政府信息公开申请情况",
        "rows": [["", "自然人"], ["一、本年新收政府信息公开申请数量", "12"]],
    }
    for m in find_figures("", [], [table]):  # type: ignore[list-item]
        assert m["kind"] in ("count", "amount", "growth") and m["target"] is False


def test_a_change_or_share_gets_no_canonical_name() -> None:
    # 35件 is 政府信息公开申请数; the increase of 7件 and the growth of 25% are not
    got = [
        (m["value"], m["kind"], m["canonical"])
        for m in find_figures("全年共收到政府信息公开申请35件,较2021年增加7件,增长25%。", [], [])
    ]
    assert got[0][1:] == ("count", "政府信息公开申请数")
    assert [(v, k, c) for v, k, c in got[1:]] == [(7.0, "growth", None), (25.0, "growth", None)]


def test_qualifiers_on_both_sides_and_shared_verbs() -> None:
    got = [
        (m["label"], m["qualifier"], m["kind"])
        for m in find_figures(
            "基本养老保险参保率达到95%以上。事故起数和死亡人数分别下降15%、14.5%。高速公路通车里程突破1万公里。", [], []
        )
    ]
    assert got == [
        ("基本养老保险参保率", "达到;以上", "rate"),
        ("事故起数", "下降", "growth"),
        ("死亡人数", "下降", "growth"),
        ("高速公路通车里程", "突破", "count"),
    ]
