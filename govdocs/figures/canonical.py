"""Canonical metric names from `canonical.toml` (data, not code: add a mapping there)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CANONICAL_TOML = Path(__file__).with_name("canonical.toml")
_NORM_RE = re.compile(r"（[^）]*）|\([^)]*\)|[\s“”\"‘’'《》「」『』]")


@dataclass(frozen=True)
class _Metric:
    name: str
    labels: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    units: frozenset[str] | None


@dataclass(frozen=True)
class _Cell:
    name: str
    table: str
    row: re.Pattern[str] | None
    column: re.Pattern[str] | None


def load(path: Path = CANONICAL_TOML) -> tuple[list[_Metric], list[_Cell]]:
    """Parse and validate the mapping file (raises ValueError on a bad entry)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    metrics: list[_Metric] = []
    for i, e in enumerate(data.get("metric", [])):
        if not isinstance(e.get("name"), str) or not (e.get("labels") or e.get("patterns")):
            raise ValueError(f"{path.name}: [[metric]] #{i} needs a name and labels or patterns")
        metrics.append(
            _Metric(
                name=e["name"],
                labels=frozenset(_NORM_RE.sub("", x) for x in e.get("labels", [])),
                patterns=tuple(re.compile(p) for p in e.get("patterns", [])),
                units=frozenset(e["units"]) if e.get("units") else None,
            )
        )
    cells: list[_Cell] = []
    for i, e in enumerate(data.get("cell", [])):
        if not isinstance(e.get("name"), str) or not isinstance(e.get("table"), str):
            raise ValueError(f"{path.name}: [[cell]] #{i} needs a name and a table")
        cells.append(
            _Cell(
                name=e["name"],
                table=e["table"],
                row=re.compile(e["row"]) if e.get("row") else None,
                column=re.compile(e["column"]) if e.get("column") else None,
            )
        )
    return metrics, cells


_METRICS, _CELLS = load()


@lru_cache(maxsize=4096)
def _for_label(label: str, unit: str | None) -> str | None:
    lab = _NORM_RE.sub("", label or "")
    if not lab:
        return None
    for m in _METRICS:
        if m.units is not None and unit not in m.units:
            continue
        if lab in m.labels or any(p.search(lab) for p in m.patterns):
            return m.name
    return None


def canonical_name(
    label: str | None,
    unit: str | None,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
) -> str | None:
    """The canonical metric name for a figure, or None when unmapped."""
    if table:
        for c in _CELLS:
            if c.table != table:
                continue
            if c.row is None and row:
                continue
            if c.row is not None and not (row and c.row.search(row)):
                continue
            if c.column is not None and not (column and c.column.search(column)):
                continue
            return c.name
        return None
    return _for_label(label or "", unit)
