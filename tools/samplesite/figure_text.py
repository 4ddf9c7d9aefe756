"""Numbers as Chinese reports write them, and the figure placeholders of the sentence templates.

A template sentence in `data/*.toml` carries `{{label|range|unit|opts}}` placeholders; filling
one draws a value, writes it the way the options say (Chinese numerals, 万, thousands
separators, a qualifier such as 近/余/以上) and records the figure a correct extractor should
find, so the text and its ground truth come from one place.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from string import Template
from typing import Any, TypedDict

CN_DIGITS = "零一二三四五六七八九"
CN_DATE_DIGITS = "〇一二三四五六七八九"
FIG_RE = re.compile(r"\{\{(.+?)\}\}")
PRE_QUALS = ("近", "约", "超过", "不少于")
MID_QUALS = ("余", "多")
POST_QUALS = ("以上", "以下")


class Figure(TypedDict, total=False):
    """One figure of the ground truth: sentence figures carry section/sentence, table cells table/row/column."""

    label: str
    value: int | float
    unit: str | None
    qualifier: str | None
    written: str
    section: str | None
    sentence: str
    table: str
    row: str
    column: str


def cn_num(n: int) -> str:
    """Chinese numeral for 0..9999 (十二, 二十, 一百零五, 一千二百三十四)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        h, r = divmod(n, 100)
        if r == 0:
            return CN_DIGITS[h] + "百"
        if r < 10:
            return CN_DIGITS[h] + "百零" + CN_DIGITS[r]
        return CN_DIGITS[h] + "百" + (cn_num(r) if r >= 20 else "一" + cn_num(r))
    k, r = divmod(n, 1000)
    if r == 0:
        return CN_DIGITS[k] + "千"
    if r < 100:
        return CN_DIGITS[k] + "千零" + (cn_num(r) if r >= 20 or r < 10 else "一" + cn_num(r))
    return CN_DIGITS[k] + "千" + cn_num(r)


def cn_date(d: dt.date) -> str:
    year = "".join(CN_DATE_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn_num(d.month)}月{cn_num(d.day)}日"


def num_value(v: int | float) -> int | float:
    if isinstance(v, float) and abs(v - round(v)) < 1e-9:
        return round(v)
    if isinstance(v, float):
        return round(v, 4)
    return v


def render_text(tpl: str, ctx: dict[str, Any], rng: random.Random, figs: list[Figure]) -> str:
    """Fill figure placeholders ({{label|range|unit|opts}}) and ${names}; record the figures."""

    def fig(m: re.Match[str]) -> str:
        parts = m.group(1).split("|")
        label, spec, unit = parts[0], parts[1], parts[2]
        opts = [o for o in (parts[3].split(",") if len(parts) > 3 else []) if o]
        if spec.startswith("cn:"):
            opts.append("cn")
            spec = spec[3:]
        v: int | float
        if spec.startswith("="):
            v = ctx[spec[1:]]
        elif "-" in spec:
            lo, hi = spec.split("-")
            if "." in lo or "." in hi or "dec1" in opts:
                v = round(rng.uniform(float(lo), float(hi)), 1)
            else:
                v = rng.randint(int(lo), int(hi))
                if "r100" in opts and v >= 100:
                    v = round(v, -2)
                elif "r10" in opts and v >= 10:
                    v = round(v, -1)
        else:
            v = float(spec) if "." in spec else int(spec)
        if "wan" in opts and v >= 10000:
            v = int(round(v, -3))
            num = f"{v / 10000:.1f}".rstrip("0").rstrip(".") + "万"
        elif "cnpct" in opts:
            num = "百分之" + cn_num(int(v))
        elif "cn" in opts:
            num = cn_num(int(v))
        elif "thousands" in opts:
            num = f"{v:,}"
        elif "dec1" in opts:
            num = f"{v:.1f}"
        else:
            num = str(v)
        qual = next((q for q in opts if q in PRE_QUALS + MID_QUALS + POST_QUALS), None)
        pre = qual if qual in PRE_QUALS else ""
        mid = qual if qual in MID_QUALS else ""
        post = qual if qual in POST_QUALS else ""
        written = f"{pre}{num}{mid}{'' if 'cnpct' in opts else unit}{post}"
        value, unit_out = v, unit
        if unit.startswith("万") and unit not in ("万元",):
            value, unit_out = v * 10000, unit[1:]
        figs.append(
            {"label": label, "value": num_value(value), "unit": unit_out or None, "qualifier": qual, "written": written}
        )
        return written

    text = FIG_RE.sub(fig, tpl)
    return Template(text).safe_substitute(ctx)
