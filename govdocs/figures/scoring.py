"""The key-term rule: is an extracted figure the gold figure? (figures-dev/README.md)

A gold row `{key, value, unit}` is found by an extracted figure when
- value × scale and the remaining unit agree after folding 万/亿/万亿 out of the unit
  (1.2万亿元 = 12000亿元 = 1.2e12 元; ％ = %), and
- the extracted label, normalised, contains `key`: the shortest term any correct label must
  contain. Never the other way round: a label `二手房` does not find `二手房最高贷款基准额度`.

Each extracted figure finds at most one row (a maximum bipartite matching, so the order of
the rows does not change the score). The high end of a range (`kind == "range_high"`) is not
a figure of its own: it is left out of precision and scored as the range of its low end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_NORM_RE = re.compile(r"[\s“”\"‘’'《》「」『』]")
_SCALES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))


def norm_label(s: str | None) -> str:
    """Spaces and quotes do not change a label (full-width brackets do: they are text)."""
    return _NORM_RE.sub("", s or "").replace("（", "(").replace("）", ")")


def fold(value: float, unit: str | None) -> tuple[float, str]:
    """(value × scale, unit without its 万/亿 scale): 85 万人 → (850000, 人); ％ → %."""
    u = (unit or "").replace("％", "%")
    for prefix, scale in _SCALES:
        if u.startswith(prefix) and len(u) > len(prefix):
            return value * scale, u[len(prefix) :]
    return value, u


def same_quantity(gv: float, gu: str | None, pv: float, pu: str | None) -> bool:
    a, ua = fold(gv, gu)
    b, ub = fold(pv, pu)
    return ua == ub and abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def label_has_key(key: str, label: str | None) -> bool:
    k = norm_label(key)
    return bool(k) and k in norm_label(label)


def match(gold: Sequence[Mapping[str, Any]], got: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Maximum matching of gold rows to extracted figures under the key-term rule:
    [(gold index, extracted index)]."""
    cand = [
        [
            pi
            for pi, p in enumerate(got)
            if same_quantity(float(g["value"]), g.get("unit"), float(p["value"]), p.get("unit"))
            and label_has_key(str(g["key"]), p.get("label"))
        ]
        for g in gold
    ]
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in cand[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


@dataclass
class Scored:
    """Counts of one scored set (sum over its documents)."""

    gold: int = 0
    extracted: int = 0  # figures counted for precision (range high ends left out)
    matched: int = 0
    qualifier_ok: int = 0  # matched rows whose qualifier words agree
    qualifier_rows: int = 0  # matched rows annotated with a qualifier column
    kind_ok: int = 0  # matched rows whose kind (growth, share) and target flag agree with the tags
    kind_rows: int = 0  # matched rows with a kind to check
    ranges: int = 0  # gold rows with range-to
    ranges_ok: int = 0
    sections: int = 0  # extracted figures whose section was checked (evaluate.score_dev)
    sections_ok: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def add(self, o: Scored) -> None:
        for k in (
            "gold",
            "extracted",
            "matched",
            "qualifier_ok",
            "qualifier_rows",
            "kind_ok",
            "kind_rows",
            "ranges",
            "ranges_ok",
            "sections",
            "sections_ok",
        ):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.misses += o.misses
        self.false_positives += o.false_positives

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def summary(self) -> dict[str, float | int | None]:
        def r(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None  # None: nothing annotated to check

        return {
            "gold": self.gold,
            "extracted": self.extracted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "qualifier": r(self.qualifier_ok, self.qualifier_rows),
            "kind": r(self.kind_ok, self.kind_rows),
            "ranges": r(self.ranges_ok, self.ranges),
            "sections": r(self.sections_ok, self.sections),
        }


def _qualifier_words(q: str | None) -> set[str]:
    return {w for w in re.split(r"[;；]", q or "") if w}


def score_doc(
    name: str, gold: Sequence[Mapping[str, Any]], got: Sequence[Mapping[str, Any]], section: str | None = None
) -> Scored:
    """Score one document (or paragraph). `section`: the path every extracted figure must
    carry (None: not checked). Gold rows may carry `qualifier`, `tags` (figures-dev: growth,
    share, target, range-to=N) and `range_to` (our fixtures: the high end of a range)."""
    s = Scored(gold=len(gold))
    counted = [i for i, p in enumerate(got) if p.get("kind") != "range_high"]
    s.extracted = len(counted)
    pairs = match(gold, [got[i] for i in counted])
    pairs = [(gi, counted[pi]) for gi, pi in pairs]
    s.matched = len(pairs)
    found = {gi for gi, _ in pairs}
    used = {pi for _, pi in pairs}
    for gi, pi in pairs:
        g, p = gold[gi], got[pi]
        if "qualifier" in g:
            s.qualifier_rows += 1
            s.qualifier_ok += _qualifier_words(g.get("qualifier")) == _qualifier_words(p.get("qualifier"))
        tags = set(g.get("tags") or ())
        if "tags" in g:  # a row annotated with tags: growth / share / target must agree
            s.kind_rows += 1
            s.kind_ok += (
                ("growth" in tags) == (p.get("kind") == "growth")
                and ("share" in tags) == (p.get("kind") == "share")
                and ("target" in tags) == bool(p.get("target"))
            )
        hi = next((t.split("=", 1)[1] for t in tags if t.startswith("range-to=")), g.get("range_to"))
        if hi is not None:
            s.ranges += 1
            nxt = got[pi + 1] if pi + 1 < len(got) else None
            s.ranges_ok += bool(
                nxt is not None
                and nxt.get("kind") == "range_high"
                and same_quantity(float(hi), g.get("unit"), float(nxt["value"]), nxt.get("unit"))
            )
    if section is not None:
        s.sections = len(got)
        s.sections_ok = sum(p.get("section") == section for p in got)
    for gi, g in enumerate(gold):
        if gi not in found:
            s.misses.append(f"{name}: MISS {g['value']:g} {g.get('unit') or ''} | {g['key']}")
    for pi in counted:
        if pi not in used:
            p = got[pi]
            s.false_positives.append(
                f"{name}: FP {p['value']:g} {p.get('unit') or ''} | {p.get('label')} | "
                f"{str(p.get('sentence', ''))[:30]}"
            )
    return s
