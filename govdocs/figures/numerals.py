"""Chinese and Arabic numerals → numbers.

`parse_chinese_int("一千二百三十四") == 1234`, `parse_number("1.2万") == 12000.0`,
`parse_number("百分之九十") == 90.0`. `int_to_chinese` is the inverse used by the property
tests (and handy for fixtures). Everything here is pure and never raises on bad input:
parsers return None when the text is not a well-formed number.
"""

from __future__ import annotations

import re

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

SCALES: dict[str, int] = {"千": 1000, "万": 10_000, "亿": 100_000_000, "万亿": 10**12}

_AR_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")


def parse_chinese_int(s: str) -> int | None:
    """Parse a Chinese integer numeral ("一千二百三十四", "十二", "两万", "二〇二二").

    A run of digit characters only ("二〇二二") is read positionally, as in years.
    Returns None for empty or malformed text.
    """
    if not s or len(s) > 40:
        return None  # no real figure is that long; also keeps int() far from its digit limit
    if any(c not in CN_DIGITS and c not in CN_SMALL_UNITS and c not in CN_BIG_UNITS for c in s):
        return None
    if all(c in CN_DIGITS for c in s):
        if len(s) == 1:
            return CN_DIGITS[s]
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total = 0  # 亿-level accumulator
    wan = 0  # 万-level accumulator
    section = 0  # below 万
    num = 0
    have_num = False
    last_small = 10**9
    for c in s:
        if c in CN_DIGITS:
            if have_num and num != 0 and CN_DIGITS[c] != 0:
                return None  # two digits in a row ("一二") is not a number
            num = CN_DIGITS[c]
            have_num = True
        elif c in CN_SMALL_UNITS:
            u = CN_SMALL_UNITS[c]
            if u >= last_small:
                return None  # "十百" / "百百"
            if not have_num or (num == 0 and c in "十拾" and section == 0):
                if c not in "十拾":
                    return None  # "百" alone is not a number here
                num = 1
            section += num * u
            num = 0
            have_num = False
            last_small = u
        else:  # 万 / 亿
            if c == "亿":
                total = (total + wan + section + num) * 100_000_000
                wan = 0
            else:
                if wan:
                    return None
                wan = (section + num) * 10_000
            if total == 0 and wan == 0 and section == 0 and num == 0:
                return None
            section = 0
            num = 0
            have_num = False
            last_small = 10**9
    return total + wan + section + num


def parse_arabic(s: str) -> float | None:
    """'1,200' → 1200.0, '3.5' → 3.5; None when malformed."""
    s = s.strip()
    if len(s) > 40:
        return None
    m = _AR_RE.match(s)
    if not m:
        return None
    whole = m.group(1).replace(",", "")
    frac = m.group(2)
    return float(whole + ("." + frac if frac else ""))


def parse_number(s: str) -> float | None:
    """Parse any numeral a report writes: Arabic (with thousands separators), Chinese,
    mixed scales ("1.2万", "3千", "5.67万亿"), decimals ("三点五"), percent words
    ("百分之九十" → 90). Returns None when the text is not a number."""
    if not s:
        return None
    if s.isascii() and s.isdigit() and len(s) <= 40:
        return float(s)  # the common case: "1071"
    s = s.strip()
    if s.startswith("百分之"):
        return 100.0 if s == "百分之百" else parse_number(s[3:])
    for scale in ("万亿", "亿", "万", "千"):
        if s.endswith(scale) and len(s) > len(scale):
            head = s[: -len(scale)].strip()
            if head and (head[0].isdigit()):
                v = parse_arabic(head)
                return None if v is None else v * SCALES[scale]
    if s[0].isdigit():
        return parse_arabic(s)
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_chinese_int(whole) if whole else 0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return float(f"{w}.{''.join(str(CN_DIGITS[c]) for c in frac)}")
    v = parse_chinese_int(s)
    return None if v is None else float(v)


_CN_D = "零一二三四五六七八九"


def _four(n: int, leading: bool) -> str:
    """n < 10000 written with 千百十; `leading` allows "十二" instead of "一十二"."""
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            if out:
                zero = True
            continue
        if zero:
            out.append("零")
            zero = False
        if unit == 10 and d == 1 and leading and not out:
            out.append("十")
        else:
            out.append(_CN_D[d] + name)
    return "".join(out)


def int_to_chinese(n: int, _leading: bool = True) -> str:
    """Write a non-negative integer in Chinese numerals (一千二百三十四, 十二, 一万零五, 一万亿)."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "零"
    if n >= 100_000_000:
        hi, lo = divmod(n, 100_000_000)
        s = int_to_chinese(hi, _leading) + "亿"
        if lo:
            s += ("零" if lo < 10_000_000 else "") + int_to_chinese(lo, False)
        return s
    if n >= 10_000:
        hi, lo = divmod(n, 10_000)
        s = _four(hi, _leading) + "万"
        if lo:
            s += ("零" if lo < 1000 else "") + _four(lo, False)
        return s
    return _four(n, _leading)
