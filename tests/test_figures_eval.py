"""Quality gate: sentence figures by the key-term rule, on our own set and on figures-dev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govdocs.figures import devset
from govdocs.figures.evaluate import (
    FIXTURES,
    load_set,
    regex_baseline,
    score_dev,
    score_own,
)
from govdocs.figures.scoring import Scored, fold, label_has_key, match, score_doc

RECORD = json.loads((FIXTURES / "baseline.json").read_text(encoding="utf-8"))
TARGET = RECORD["targets"]


@pytest.fixture(scope="module")
def own() -> Scored:
    docs = load_set()
    if len(docs) < RECORD["min_documents"]:
        pytest.skip("evaluation texts missing (shared seed folder not mounted?)")
    return score_own(docs)


@pytest.fixture(scope="module")
def dev() -> list[devset.Paragraph]:
    paras = devset.load()
    if len(paras) < RECORD["min_dev_paragraphs"]:
        pytest.skip("figures-dev missing (shared corpus not mounted?)")
    return paras


def _at_target(s: Scored) -> None:
    assert s.precision >= TARGET["precision"] and s.recall >= TARGET["recall"], s.summary()


def test_own_set_at_target(own: Scored) -> None:
    assert own.gold >= RECORD["min_gold"]
    _at_target(own)


@pytest.mark.parametrize("split", ["dev-tune", "dev-check"])
def test_figures_dev_at_target(dev: list[devset.Paragraph], split: str) -> None:
    _at_target(score_dev(dev, devset.TUNE if split == "dev-tune" else devset.CHECK))


def test_extractor_beats_the_regex_baseline(dev: list[devset.Paragraph]) -> None:
    ids = tuple(devset.FILES)
    ours, base = score_dev(dev, ids), score_dev(dev, ids, regex_baseline)
    assert ours.precision > base.precision and ours.recall > base.recall


def test_figures_dev_loads_every_row(dev: list[devset.Paragraph]) -> None:
    assert sum(len(p.gold) for p in dev) == 251
    assert sum(not p.gold for p in dev) == 8  # the #zero paragraphs


def test_annotations_are_well_formed() -> None:
    for ann in sorted(Path(FIXTURES).glob("*.annotations.json")):
        data = json.loads(ann.read_text(encoding="utf-8"))
        assert data["figures"], ann.name
        for f in data["figures"]:
            assert set(f) - {"range_to"} == {"value", "unit", "key"}, (ann.name, f)
            assert isinstance(f["value"], (int, float)) and f["key"], (ann.name, f)


def test_label_must_contain_the_key_never_the_other_way() -> None:
    assert label_has_key("行政复议案件", "行政复议案件")
    assert label_has_key("信访件", "去年共收到信访件")
    assert not label_has_key("乡镇通硬化路率", "乡镇")  # the old rule accepted this
    assert not label_has_key("二手房最高贷款基准额度", "二手房")
    assert not label_has_key("参考率", "")
    assert not label_has_key("合格率", "参考率")


def test_scales_fold() -> None:
    assert fold(1.2, "万亿元") == (1.2e12, "元")
    assert fold(85, "万人") == (850000, "人")
    assert fold(5, "％") == (5, "%")
    gold = [{"key": "地区生产总值", "value": 12000, "unit": "亿元"}]
    assert match(gold, [{"label": "地区生产总值", "value": 1.2, "unit": "万亿元"}]) == [(0, 0)]


def test_one_figure_finds_one_row_whatever_the_order() -> None:
    gold = [{"key": "率", "value": 9, "unit": "%"}, {"key": "合格率", "value": 9, "unit": "%"}]
    got = [{"label": "合格率", "value": 9, "unit": "%"}]
    assert len(match(gold, got)) == 1
    got2 = [*got, {"label": "及格率", "value": 9, "unit": "%"}]
    assert len(match(gold, got2)) == 2  # maximum matching: 及格率→率, 合格率→合格率


def test_range_high_end_is_not_a_figure_but_is_scored() -> None:
    gold = [{"key": "地区生产总值", "value": 5, "unit": "%", "tags": ["range-to=5.5"]}]
    got = [
        {"label": "地区生产总值", "value": 5, "unit": "%", "kind": "range_low"},
        {"label": "地区生产总值", "value": 5.5, "unit": "%", "kind": "range_high"},
    ]
    s = score_doc("x", gold, got)
    assert (s.extracted, s.matched, s.ranges, s.ranges_ok) == (1, 1, 1, 1)


def test_every_figure_carries_its_innermost_section(dev: list[devset.Paragraph]) -> None:
    s = score_dev(dev, tuple(devset.FILES))
    assert s.sections > 200 and s.sections_ok == s.sections, s.summary()
