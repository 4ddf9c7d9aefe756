"""Normalisers for metadata values: dates, document numbers, index numbers, titles.

Pure functions on strings; each returns None when the input holds no usable value (never a
placeholder). Property-tested in tests/test_extract_normalise.py.
"""

from __future__ import annotations

import datetime as _dt
import re

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－／．：",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-/.:",
)
_SPACE = re.compile(r"[\s\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff]+")
_EMPTY_VALUES = {"", "无", "/", "-", "--", "—", "——", "暂无", "null", "none", "undefined", "空"}


def clean_text(value: str | None) -> str | None:
    """Collapse whitespace, strip separators; None for empty / placeholder values."""
    if value is None:
        return None
    v = _SPACE.sub(" ", value).strip(" :：|｜;；,，")
    v = v.strip()
    if v.lower() in _EMPTY_VALUES or ("{{" in v and "}}" in v):
        return None  # "{{doc.title}}": an unrendered template placeholder is no value
    return v


def halfwidth(value: str) -> str:
    return value.translate(_FULLWIDTH)


# ---------------------------------------------------------------- dates
_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "0": 0,
    "◯": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_D = "〇零○Ｏ◯O0一二三四五六七八九"
_DATE_NUM = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})(?!\d)")
DATE_NUM = _DATE_NUM  # a numeric date anywhere in a text (page.py: what a date line is besides its date)
_DATE_YM_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_DATE_CN = re.compile(
    rf"([{_CN_D}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,4}})\s*日"
)


def _cn_small(s: str) -> int | None:
    """一..三十一 → int."""
    if not s:
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGIT.get(head) if head else 1
        ones = _CN_DIGIT.get(tail) if tail else 0
        if tens is None or ones is None or len(head) > 1 or len(tail) > 1:
            return None
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_DIGIT.get(s)
    return None


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(value: str | None, *, compact: bool = False) -> str | None:
    """First date in `value` as ISO YYYY-MM-DD (2022年1月25日, 2022.07.15, 2017/5/11 8:22,
    二〇二二年一月二十五日, "2025-12-24 09:372025-12-25 09:46" → 2025-12-24). None if none."""
    if not value:
        return None
    v = halfwidth(value)
    best: tuple[int, str] | None = None
    for m in _DATE_NUM.finditer(v):
        iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            best = (m.start(), iso)
            break
    for m in _DATE_CN.finditer(v):
        y = "".join(str(_CN_DIGIT.get(c, "")) for c in m.group(1))
        mo, d = _cn_small(m.group(2)), _cn_small(m.group(3))
        if len(y) == 4 and mo and d:
            iso = _valid(int(y), mo, d)
            if iso and (best is None or m.start() < best[0]):
                best = (m.start(), iso)
                break
    if best is None and compact:
        for m in _DATE_YM_COMPACT.finditer(v):
            iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return best[1] if best else None


# ---------------------------------------------------------------- document numbers


# a 文号 on a line of its own: issuer (letters: FSBG), optional year brackets, serial, 号
DOC_NUMBER_LINE = re.compile(
    r"^[\u4e00-\u9fa5A-Za-z]{1,20}\s*[〔\[［(（【]?\s*(?:19|20)\d{2}\s*[〕\]］)）】]?\s*第?\s*\d{1,6}\s*号$"
)
_TRAILING_DOCNO = re.compile(r"^(?P<title>.{6,}?)\s*[（(]\s*(?P<no>[^（()）]{4,40})\s*[）)]$")


def split_heading_doc_number(title: str | None) -> tuple[str | None, str | None]:
    """ "关于…的通知（市房金委字〔2022〕2号）" → (title without it, the 文号)."""
    if not title:
        return title, None
    m = _TRAILING_DOCNO.match(title)
    if m and DOC_NUMBER_LINE.match(m.group("no")):
        return m.group("title").strip(), normalise_doc_number(m.group("no"))
    return title, None


def doc_number_line(line: str) -> str | None:
    """The 文号 of a line that is only a 文号, maybe in parentheses ("（合自然资规公告[2021]11号）")."""
    v = squash_spaces(line).strip("（()）")
    return normalise_doc_number(v) if DOC_NUMBER_LINE.match(v) else None


def squash_spaces(value: str) -> str:
    return _SPACE.sub(" ", value.replace("\x1e", "")).strip()


def normalise_doc_number(value: str | None) -> str | None:
    """ "渝府办发 〔2022〕 65 号" → "渝府办发〔2022〕65号": whitespace deleted, full-width digits
    made ASCII, brackets as printed ("[2021]" stays: the reader's 文号, the gold's rule); None
    for empty."""
    v = clean_text(value)
    if not v:
        return None
    v = _SPACE.sub("", v)
    v = v.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return v or None


# ---------------------------------------------------------------- index numbers
_INDEX_SCHEMES: list[tuple[str, re.Pattern[str]]] = [
    ("uscc-year-serial", re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}/(?:19|20)\d{2}-\d{1,10}$")),
    ("org-year-serial", re.compile(r"^[0-9A-Z]{8}-?[0-9A-Z]/(?:19|20)\d{2}-\d{1,10}$")),
    ("org-yearmonth-serial", re.compile(r"^[0-9A-Z]{8}-?[0-9A-Z]/(?:19|20)\d{2}(?:0[1-9]|1[0-2])-\d{1,10}$")),
    ("code-year-serial", re.compile(r"^[0-9A-Z][0-9A-Z\-]{2,30}/(?:19|20)\d{2}(?:\d{2})?-\d{1,10}$")),
    ("hyphen", re.compile(r"^[0-9A-Z]{2,20}(?:-[0-9A-Z]{1,20}){2,6}$")),
]


def normalise_index_no(value: str | None) -> str | None:
    v = clean_text(value)
    if not v:
        return None
    v = halfwidth(_SPACE.sub("", v)).replace("—", "-").replace("－", "-")
    return v or None


def classify_index_no(value: str | None) -> str | None:
    """Name the 索引号 scheme; "unknown" for values that match none (kept, not dropped)."""
    if not value:
        return None
    v = value.upper()
    for name, pattern in _INDEX_SCHEMES:
        if pattern.match(v):
            return name
    return "unknown"


# ---------------------------------------------------------------- titles and validity
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|\s-\s|\s—\s|--|——|－－)\s*")
_HARD_SPLIT = re.compile(r"\s*(?:_|\||｜)\s*")
_SITE_PART = re.compile(r"网站|门户|政府网|人民政府$|^首页$|信息公开$|^政务公开$|\.gov\.cn|中国政府网|网$")
_TAG_PREFIX = re.compile(r"^\s*【[^】]{1,12}】\s*")
_REPEALED = re.compile(r"^\s*[\[【［(（]?\s*(已废止|已失效|废止|失效|已修订)\s*[\]】］)）]\s*")


def strip_site_name(title: str, site_name: str | None = None, *, hard: bool = False) -> str:
    """ "标题_栏目_重庆市沙坪坝区人民政府" / "XX人民政府网站——标题" → "标题".

    Parts naming a site (网站, 门户, 人民政府 …, or `site_name`) are dropped. A dash between two
    non-site parts is a subtitle and stays; with `hard` (an HTML <title>), "_" and "|" always
    separate the title from column and site names, and the first substantial part wins.
    """
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    keep = [p for p in parts if not (_SITE_PART.search(p) or (site_name and p == site_name))]
    if not keep:
        return parts[0]
    if len(keep) == len(parts):
        if not hard:
            return title  # no part names a site: "主标题——副标题" stays whole
        hard_parts = [p.strip() for p in _HARD_SPLIT.split(title) if p.strip()]
        if len(hard_parts) < 2:
            return title
        keep = hard_parts
    return max(keep, key=len) if len(keep[0]) < 6 else keep[0]


def split_validity(title: str | None) -> tuple[str | None, str | None]:
    """ "[已废止]XXX" → ("XXX", "废止")."""
    if not title:
        return title, None
    m = _REPEALED.match(title)
    if not m:
        return title, None
    return title[m.end() :].strip() or None, normalise_validity(m.group(1))


def normalise_title(value: str | None, *, from_html_title: bool = False, site_name: str | None = None) -> str | None:
    """Clean a title: site name parts ("_重庆市沙坪坝区人民政府", "XX网站——"), a leading tag
    ("【市级相关政策】"), a validity prefix ("[已废止]")."""
    v = clean_text(value)
    if not v:
        return None
    v = strip_site_name(v, site_name, hard=from_html_title)
    v, _ = split_validity(v)
    if not v:
        return None
    m = _TAG_PREFIX.match(v)
    if m and len(v) - m.end() >= 6:
        v = v[m.end() :]
    # a heading in 《》 keeps them: the title is the heading as shown
    return v.strip() or None


def normalise_validity(value: str | None) -> str | None:
    """The validity as shown (有效 / 失效 / 废止 / 现行有效 / 是): whitespace cleaned only."""
    return clean_text(value)
