"""What kind of figure a number is (issue 13): `kind`, `direction` and `target`.

- kind: `count`; `amount` (money: a unit in 元 or 美元); `rate` (a level in % or ‰);
  `growth` (a rate or amount of change: 增长6.3%, 下降15%, 增加近1000亿元, with `direction`
  up/down); `share` (a proportion of something: 占45.3%, 占比达到45%); `range_low` /
  `range_high` (the two ends of 5%—5.5%).
- target: a planned or expected value (预期目标, 力争, 计划, 预计) rather than an achieved one.
  It is a flag, not a kind: a growth target (地区生产总值增长5.5%左右) is both.
A level reached after a change (提高到42.5%, 降至28.5) is a level, not a growth figure.
The words come from lexicon.toml ([kinds]); the rules read only the clause before the number.
"""

from __future__ import annotations

from govdocs.figures import lexicon as L


def base_kind(unit: str | None) -> str:
    u = unit or ""
    if u in ("%", "％", "‰"):
        return "rate"
    if u.endswith("元") or "元/" in u:
        return "amount"
    return "count"


def change(before: str) -> tuple[str, str, str] | None:
    """("growth", "up"/"down", verb) when the clause right before the number states a change."""
    m = L.GROWTH_RE.search(before)
    if m is None:
        return None
    return ("growth", "up" if m.group("up") else "down", m.group("up") or m.group("down"))


def is_share(before: str) -> bool:
    return L.SHARE_RE.search(before) is not None


def is_target(sentence_before: str) -> bool:
    return L.TARGET_RE.search(sentence_before) is not None
