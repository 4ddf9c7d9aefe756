"""Word lists that drive extraction, loaded from the TOML data files beside this module.

Every list is a table with `source` (where its words came from: which pages, which docs) and
`words` (non-empty strings); a table may add `patterns` (regular expressions, compiled on
load so that a broken one fails at import, not on the first page that needs it). Loading
validates the shape and raises `RulesError` naming the file and the table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


class RulesError(ValueError):
    """A rules file is malformed (the message names the file and the table)."""


@dataclass(frozen=True)
class RuleTable:
    source: str
    words: tuple[str, ...]
    patterns: tuple[str, ...]


def _strings(path: Path, table: str, key: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise RulesError(f"{path}: [{table}] `{key}` must be a list of non-empty strings")
    return tuple(value)


@cache
def _load(name: str) -> dict[str, RuleTable]:
    path = HERE / name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path}: {exc}") from exc
    out: dict[str, RuleTable] = {}
    for table, body in data.items():
        if not isinstance(body, dict):
            raise RulesError(f"{path}: [{table}] is not a table")
        unknown = set(body) - {"source", "words", "patterns"}
        if unknown:
            raise RulesError(f"{path}: [{table}] unknown keys {sorted(unknown)}")
        source = body.get("source")
        if not isinstance(source, str) or not source.strip():
            raise RulesError(f"{path}: [{table}] needs a `source` saying where its words came from")
        words_ = _strings(path, table, "words", body.get("words"))
        patterns = _strings(path, table, "patterns", body.get("patterns"))
        if not words_ and not patterns:
            raise RulesError(f"{path}: [{table}] has no words and no patterns")
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise RulesError(f"{path}: [{table}] bad pattern {p!r}: {exc}") from exc
        out[table] = RuleTable(source, words_, patterns)
    return out


def _table(name: str, table: str) -> RuleTable:
    try:
        return _load(name)[table]
    except KeyError as exc:
        raise RulesError(f"{HERE / name}: no table [{table}]") from exc


def words(name: str, table: str) -> tuple[str, ...]:
    """The `words` of [table] in the rules file `name` (e.g. "body.toml")."""
    return _table(name, table).words


def alternation(name: str, table: str) -> re.Pattern[str]:
    """One regex: the table's `patterns` as alternatives (its `words` are matched by the
    caller as whole lines or prefixes; a table without patterns matches nothing)."""
    alts = _table(name, table).patterns
    return re.compile("|".join(f"(?:{a})" for a in alts) if alts else r"(?!)")
