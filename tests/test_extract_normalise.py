"""Normalisers: dates, document numbers, index numbers, titles (examples + Hypothesis)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdocs.extract.normalise import (
    classify_index_no,
    clean_text,
    normalise_doc_number,
    normalise_index_no,
    normalise_title,
    normalise_validity,
    parse_date,
    split_validity,
)

CN = "〇一二三四五六七八九"


def cn_year(y: int) -> str:
    return "".join(CN[int(c)] for c in str(y))


def cn_small(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@pytest.mark.parametrize(
    "raw,iso",
    [
        ("2022-01-25", "2022-01-25"),
        ("2022年01月27日", "2022-01-27"),
        ("2022年1月25日", "2022-01-25"),
        ("2022.07.15", "2022-07-15"),
        ("2017/5/11 8:22:16", "2017-05-11"),
        ("2024-03-14 08:07", "2024-03-14"),
        ("二〇二二年一月二十五日", "2022-01-25"),
        ("二〇一九年十二月三十一日", "2019-12-31"),
        ("2025-12-24 09:372025-12-25 09:46", "2025-12-24"),
        ("发布时间：2023-11-24 08:59", "2023-11-24"),
        ("２０２３年１１月１３日", "2023-11-13"),
        ("2022-13-45", None),
        ("", None),
        ("无", None),
    ],
)
def test_parse_date_examples(raw, iso):
    assert parse_date(raw) == iso


dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@given(
    dates,
    st.sampled_from(
        [
            "{y}-{m:02d}-{d:02d}",
            "{y}年{m}月{d}日",
            "{y}.{m:02d}.{d:02d}",
            "{y}/{m}/{d} 8:22:16",
            "{y}年{m:02d}月{d:02d}日",
            "{y}-{m:02d}-{d:02d} 09:37",
        ]
    ),
)
def test_parse_date_formats_roundtrip(d, fmt):
    assert parse_date(fmt.format(y=d.year, m=d.month, d=d.day)) == d.isoformat()


@given(dates)
def test_parse_date_chinese_numerals_roundtrip(d):
    text = f"{cn_year(d.year)}年{cn_small(d.month)}月{cn_small(d.day)}日"
    assert parse_date(text) == d.isoformat()


@given(dates, dates)
def test_parse_date_glued_dates_take_first(a, b):
    assert parse_date(f"{a.isoformat()} 09:37{b.isoformat()} 09:46") == a.isoformat()


@given(st.text())
def test_parse_date_never_raises_and_is_iso(text):
    out = parse_date(text)
    assert out is None or dt.date.fromisoformat(out)


@pytest.mark.parametrize(
    "raw,norm",
    [
        # whitespace deleted, brackets as printed (real-pages-2 gold rule: the reader's 文号)
        ("渝府办发〔2022〕65 号", "渝府办发〔2022〕65号"),
        ("渝府办发[2022]65号", "渝府办发[2022]65号"),
        ("渝府办发［2022］65号", "渝府办发［2022］65号"),
        ("渝府办发（2022）65号", "渝府办发（2022）65号"),
        ("渝府办发 〔 2022 〕 65 号", "渝府办发〔2022〕65号"),
        ("渝府办发〔２０２２〕６５号", "渝府办发〔2022〕65号"),
        ("", None),
        ("无", None),
        ("  ", None),
    ],
)
def test_doc_number_examples(raw, norm):
    assert normalise_doc_number(raw) == norm


brackets = st.sampled_from(["[]", "［］", "〔〕", "()", "（）", "【】", "﹝﹞"])
spaces = st.text(alphabet=" \u3000\u00a0", max_size=2)


@given(
    st.text(alphabet="渝府办发京建粤函政", min_size=1, max_size=6),
    st.integers(1950, 2099),
    st.integers(1, 9999),
    brackets,
    spaces,
    spaces,
)
def test_doc_number_spaces_go_brackets_stay(prefix, year, serial, br, s1, s2):
    raw = f"{prefix}{s1}{br[0]}{year}{br[1]}{s2}{serial}{s1}号"
    assert normalise_doc_number(raw) == f"{prefix}{br[0]}{year}{br[1]}{serial}号"


@given(st.text())
def test_doc_number_idempotent(text):
    once = normalise_doc_number(text)
    assert once is None or normalise_doc_number(once) == once
    assert once is None or not any(c.isspace() for c in once)


@pytest.mark.parametrize(
    "value,scheme",
    [
        ("11500106709335764X/2022-00118", "uscc-year-serial"),
        ("000014349/2022-00235", "org-year-serial"),
        ("42820293-0/2026-41003", "org-year-serial"),
        ("003205343/202407-00003", "org-yearmonth-serial"),
        ("744695837-2022-0649", "hyphen"),
        ("SM10100-0200-2022-00141", "hyphen"),
        ("00062100-X-0801-2019-1079", "hyphen"),
        ("AB1110000-2025-365", "hyphen"),
        ("50000007/2022-1663341", "code-year-serial"),
        ("0000143490101038/", "unknown"),
        (None, None),
    ],
)
def test_index_scheme_examples(value, scheme):
    assert classify_index_no(value) == scheme


USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@given(st.text(alphabet=USCC, min_size=18, max_size=18), st.integers(1990, 2099), st.integers(1, 99999))
def test_index_uscc_scheme(code, year, serial):
    assert classify_index_no(f"{code}/{year}-{serial:05d}") == "uscc-year-serial"


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.integers(1990, 2099),
    st.integers(1, 12),
    st.integers(1, 99999),
)
def test_index_org_schemes(code, year, month, serial):
    assert classify_index_no(f"{code}/{year}-{serial:05d}") == "org-year-serial"
    assert classify_index_no(f"{code}/{year}{month:02d}-{serial:05d}") == "org-yearmonth-serial"


@given(st.text())
def test_index_unknown_values_are_kept(text):
    norm = normalise_index_no(text)
    if norm is not None:
        assert classify_index_no(norm) is not None  # classified (maybe "unknown"), never dropped
        assert normalise_index_no(norm) == norm


def test_index_spaces_and_fullwidth():
    assert normalise_index_no(" 000014349／2022－00235 ") == "000014349/2022-00235"


@pytest.mark.parametrize(
    "raw,title",
    [
        (
            "重庆市沙坪坝区城市管理局2021年法治政府建设年度报告_重庆市沙坪坝区人民政府",
            "重庆市沙坪坝区城市管理局2021年法治政府建设年度报告",
        ),
        (
            "高阳县人民政府网站——高阳县人民政府关于加强房地产市场管控的意见",
            "高阳县人民政府关于加强房地产市场管控的意见",
        ),
        ("关于印发通知的通知 - 示例市人民政府门户网站", "关于印发通知的通知"),
        (
            "【市级相关政策】关于印发《关于进一步优化调整房地产政策若干措施》的通知",
            "关于印发《关于进一步优化调整房地产政策若干措施》的通知",
        ),
        ("《示例市物业管理条例》", "《示例市物业管理条例》"),  # the heading as shown (real-pages-2 gold)
        (
            "为现代化建设凝聚强大智慧和力量——热烈祝贺市政协五届一次会议开幕",
            "为现代化建设凝聚强大智慧和力量——热烈祝贺市政协五届一次会议开幕",
        ),
        ("关于做好春季防火工作的通知_通知公告_示例县人民政府", "关于做好春季防火工作的通知"),
        ("[已废止]示例县关于规范收费的通知", "示例县关于规范收费的通知"),
    ],
)
def test_titles(raw, title):
    assert normalise_title(raw) == title


def test_html_title_column_suffix():
    assert normalise_title("关于做好春季防火工作的通知_通知公告", from_html_title=True) == "关于做好春季防火工作的通知"
    assert normalise_title("关于做好春季防火工作的通知_通知公告") == "关于做好春季防火工作的通知_通知公告"


def test_validity():
    assert split_validity("[已废止]某某通知") == ("某某通知", "已废止")
    assert split_validity("【已失效】某某通知") == ("某某通知", "已失效")
    # validity as shown (issue 12: 有效 / 失效 / 废止 / 现行有效 / 是), not mapped to three words
    assert normalise_validity("现行有效") == "现行有效"
    assert normalise_validity(" 是 ") == "是"


def test_clean_text_placeholders():
    assert clean_text("  ") is None
    assert clean_text("{{doc.title}}") is None
    assert clean_text("/") is None
    assert clean_text(" 市政府办公厅 ：") == "市政府办公厅"
