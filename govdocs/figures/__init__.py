"""Figures: every number a document states, with what it counts.

API (the extractor calls it; keep the signature):

    find_figures(body_text, sections, tables) -> list[Metric]
    check_table_consistency(metrics) -> list[str]

`find_figures` is pure; a broken rule raises (no blanket except: the caller, page.py, records
it). It returns sentence figures first (table/row/column None, start/end = offsets of
number+unit in body_text, section = path of the innermost section containing the figure),
then annual-report table cells (table/row/column set, start/end/section None). `canonical`
comes from canonical.toml (None when unmapped, and for changes and shares). `kind`,
`direction` and `target` are described in kinds.py.

Design choices (details in sentences.py, tables.py, evaluate.py):
- label: the noun phrase naming what is counted, as written, without time words (全年,
  2021年), totals (共计, 累计), subjects (我局, 区城市管理局共…) and trailing verbs or
  qualifiers (达到, 压缩为); taken after the number when the words before are only a verb,
  end in 的/等/有 or list names ("收到的2件行政复议案件" → 行政复议案件), or are a function
  word or list marker (按, 首批, 六是); a change or share takes the label of what changed
  ("经营主体1163.7万户、增长6.3%" → 经营主体, 经营主体).
- several figures: "A、B达100%" → one figure per item; "A和B分别为x、y" → paired;
  "由原总时限320天,压缩为32天" → 原总时限 / 压缩后总时限; "X由上年的a提升至b" → X, X.
- ranges ("5%至12%", "1-2名", "90%至95%") → two figures with the same label, kinds
  range_low / range_high, qualifiers "下限" and "上限".
- scales: money keeps its scale as the unit (万元, 亿元, 万亿元; value as written, as the
  annual-report template counts 万元); other scales are folded into the value
  ("1.2万人次" → 12000 人次, "42.6万吨" → 426000 吨). 百分之九十 → 90 %.
- not figures: years and dates, times, ordinals (第一, 一是, 十九届), document numbers,
  phone numbers, zip codes, hotline numbers (12345), codes (PM2.5, G353), slogans and names
  with numerals (三项制度, 一站式, “四个最严”, 一户一档, 7×24小时, 八项规定), streak lengths and
  periods (连续6年, 这五年, 五年来).
- a bare number without unit is kept only in the shape "党委会33," (unit None).
- tables: label = row path (column path for table 四, which has no row header),
  sentence = "row | column".
"""

from __future__ import annotations

from govdocs.figures import canonical, sentences
from govdocs.figures import tables as _tables
from govdocs.records import Metric, Section, Table

__all__ = ["check_table_consistency", "find_figures"]


def find_figures(body_text: str, sections: list[Section], tables: list[Table]) -> list[Metric]:
    """Every figure in `body_text` (sentences) and in annual-report `tables`.

    A broken rule raises: the caller (extract/page.py) records it in the page's warnings,
    so a bug is visible instead of silently giving a page no figures."""
    out = sentences.extract(body_text, sections)
    out.extend(_tables.extract(tables))
    for mt in out:
        if mt["kind"] in ("growth", "share"):
            continue  # "较2021年增加7件" is a change of 政府信息公开申请数, not its value
        mt["canonical"] = canonical.canonical_name(mt["label"], mt["unit"], mt["table"], mt["row"], mt["column"])
    return out


def check_table_consistency(metrics: list[Metric]) -> list[str]:
    return _tables.check_table_consistency(metrics)
