"""The baseline the evaluation reports beside the extractor: a number+unit regex whose label
is the clause before the number. Anything the extractor adds must beat this."""

from __future__ import annotations

import re

from govdocs.figures import kinds
from govdocs.figures.lexicon import UNITS
from govdocs.records import Metric

_UNITS = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_FIG_RE = re.compile(rf"(\d+(?:\.\d+)?)((?:万亿|亿|万)?(?:{_UNITS}))")
_BREAK_RE = re.compile(r"[，,；;。：:、！？\n]")


def extract(text: str) -> list[Metric]:
    out: list[Metric] = []
    for m in _FIG_RE.finditer(text):
        clause = _BREAK_RE.split(text[: m.start()])[-1]
        out.append(
            Metric(
                label=clause,
                value=float(m.group(1)),
                unit=m.group(2),
                qualifier=None,
                sentence=clause,
                section=None,
                start=m.start(),
                end=m.end(),
                canonical=None,
                table=None,
                row=None,
                column=None,
                kind=kinds.base_kind(m.group(2)),
                direction=None,
                target=False,
            )
        )
    return out
