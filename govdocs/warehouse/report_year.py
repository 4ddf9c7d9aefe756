"""report_year: the year a document reports on, from its title or the opening of its text.

An annual report covers the year before it is published ("…2021年法治政府建设年度报告",
published 2022-01-25, reports on 2021), so the publication year is the wrong key for its
figures. A pure function of (title, body_text), computed when a record is loaded; None when
the document states no year it reports on. The report words are data (report_year.toml).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_TOML = Path(__file__).with_name("report_year.toml")

_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_YEAR = r"((?:19|20)\d{2})"
# "2023年度"; "2023 年度" (spaces are removed first)
_YEAR_DU = re.compile(_YEAR + r"年度")
_YEAR_NIAN = re.compile(_YEAR + r"年(?![0-9]{1,2}月[0-9]{1,2}日)")
# "自2021年1月1日起至2021年12月31日止", "2021年1月1日至12月31日"
_FULL_YEAR = re.compile(_YEAR + r"年1月1日(?:起)?(?:至|到|—|-|～|~)(?:" + _YEAR + r"年)?12月31日")
_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=年)")
# "2016年至2020年", "2021—2025年", "2019-2021年度": a period of several years, not one report year
_PERIOD = re.compile(_YEAR + r"年?(?:至|到|—|–|-|～|~)" + _YEAR + r"年")


@dataclass(frozen=True)
class Rules:
    report_words: tuple[str, ...]
    body_chars: int


@cache
def rules(path: Path = RULES_TOML) -> Rules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(data) - {"report_words", "body_chars"}
    words = data.get("report_words")
    chars = data.get("body_chars")
    if (
        unknown
        or not isinstance(words, list)
        or not words
        or not all(isinstance(w, str) and w for w in words)
        or not isinstance(chars, int)
        or not 0 < chars <= 100_000
    ):
        raise ValueError(
            f"{path}: expected report_words (non-empty strings) and body_chars (1..100000)"
            f"{f'; unknown keys {sorted(unknown)}' if unknown else ''}"
        )
    return Rules(tuple(words), chars)


def _normalise(text: str) -> str:
    """Full-width digits to ASCII, Chinese-numeral years (二〇二一年) to digits, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)
    return re.sub(r"\s+", "", text)


def report_year(title: str | None, body_text: str | None = None) -> int | None:
    """The year the document reports on, or None when it states none.

    From the title: "YYYY年度…" anywhere, or "YYYY年…" in a title with a report word
    (报告, 总结, …). Else, for a report whose title names no year, from the opening text: a
    whole calendar year stated as the period ("2021年1月1日至12月31日") or "YYYY年度"."""
    r = rules()
    raw = title or ""
    for t in (raw, _normalise(raw)):  # most titles match as written: normalise only when needed
        if (p := _PERIOD.search(t)) and p.group(1) != p.group(2):
            return None
        if m := _YEAR_DU.search(t):
            return int(m.group(1))
        is_report = any(w in t for w in r.report_words)
        if is_report and (m := _YEAR_NIAN.search(t)):
            return int(m.group(1))
    if not is_report or not body_text:
        return None
    head = _normalise(body_text[: r.body_chars])
    if m := _FULL_YEAR.search(head):
        if m.group(2) is None or m.group(2) == m.group(1):
            return int(m.group(1))
        return None  # a period of several years is not one report year
    if m := _YEAR_DU.search(head):
        return int(m.group(1))
    return None
