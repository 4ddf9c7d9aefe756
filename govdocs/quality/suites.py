"""Expectation suites as committed JSON (expectations/<table>.json), one per table.

Each expectation carries `meta.severity`: critical (the run fails), warning (reported,
rows quarantined) or info (reported only). GX itself marks any failure as unsuccessful,
so the decision by severity is ours (see validate.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govdocs.paths import EXPECTATIONS_DIR

SEVERITIES = ("critical", "warning", "info")


class SuiteError(ValueError):
    pass


@dataclass(frozen=True)
class Suite:
    name: str
    table: str
    key: str  # the table's key column: names quarantined rows
    query: str  # sql/queries/<query>.sql builds the frame
    expectations: list[dict[str, Any]]  # GX expectation configurations (type, kwargs, meta)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def quarantines(self) -> bool:
        """Whether rows failing its critical/warning expectations are quarantined
        (meta.quarantine, default true; false for run-level and invariant suites)."""
        return bool(self.meta.get("quarantine", True))

    @property
    def after_quarantine(self) -> bool:
        """meta.phase == "after_quarantine": validated once the quarantine is updated."""
        return self.meta.get("phase") == "after_quarantine"

    def frame_scope(self, scope: str) -> str:
        """meta.scope "all" pins a suite to every row whatever the validation's scope."""
        return str(self.meta.get("scope", scope))

    def expectation_id(self, i: int) -> str:
        return f"{self.name}:{i:02d}:{self.expectations[i]['type']}"

    def columns(self) -> set[str]:
        cols: set[str] = set()
        for e in self.expectations:
            kw = e["kwargs"]
            cols.update(v for k, v in kw.items() if k in ("column", "column_A", "column_B"))
            cols.update(kw.get("column_list", []))
        return cols


def load_suite(path: Path) -> Suite:
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        meta = data.get("meta", {})
        suite = Suite(
            name=data["name"],
            table=meta["table"],
            key=meta["key"],
            query=meta["query"],
            expectations=list(data["expectations"]),
            meta=meta,
        )
    except KeyError as exc:
        raise SuiteError(f"{path.name}: missing {exc}") from None
    for i, e in enumerate(suite.expectations):
        sev = e.get("meta", {}).get("severity")
        if sev not in SEVERITIES:
            raise SuiteError(
                f"{path.name} #{i} ({e.get('type')}): meta.severity must be one of {SEVERITIES}, got {sev!r}"
            )
        if not isinstance(e.get("kwargs"), dict):
            raise SuiteError(f"{path.name} #{i}: kwargs missing")
    return suite


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    """Every suite in expectations/*.json, sorted by name."""
    suites = [load_suite(p) for p in sorted(directory.glob("*.json"))]
    if not suites:
        raise SuiteError(f"no expectation suites in {directory}")
    return suites
