"""The schedule config (govdocs/config/schedules.toml): which flows run when, with what
parameters. Read and validated here; flows/deployments.py turns it into Prefect deployments."""

from __future__ import annotations

import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govdocs.paths import PACKAGE_DIR

SCHEDULES_FILE = PACKAGE_DIR / "config" / "schedules.toml"
FLOWS = ("crawl", "reextract", "validate")
_KEYS = {"name", "flow", "cron", "timezone", "description", "parameters", "tags", "paused"}


class ScheduleError(ValueError):
    """The schedule file is invalid; the message names the deployment and the key."""


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    flow: str  # one of FLOWS
    cron: str
    timezone: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    paused: bool = False


def load_schedules(path: Path | str | None = None) -> list[ScheduleSpec]:
    path = Path(path) if path else SCHEDULES_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScheduleError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"{path}: {exc}") from None
    default_tz = data.get("timezone", "UTC")
    specs: list[ScheduleSpec] = []
    for i, item in enumerate(data.get("deployment", [])):
        where = f"{path.name}: deployment {item.get('name', i)!r}"
        unknown = set(item) - _KEYS
        if unknown:
            raise ScheduleError(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("name", "flow", "cron"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ScheduleError(f"{where}: `{key}` must be a non-empty string")
        if item["flow"] not in FLOWS:
            raise ScheduleError(f"{where}: flow must be one of {', '.join(FLOWS)}")
        tz = item.get("timezone", default_tz)
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ScheduleError(f"{where}: unknown timezone {tz!r}") from None
        _check_cron(item["cron"], where)
        params = item.get("parameters", {})
        if not isinstance(params, dict):
            raise ScheduleError(f"{where}: `parameters` must be a table")
        specs.append(
            ScheduleSpec(
                name=item["name"],
                flow=item["flow"],
                cron=item["cron"],
                timezone=tz,
                description=item.get("description", ""),
                parameters=dict(params),
                tags=tuple(item.get("tags", ())),
                paused=bool(item.get("paused", False)),
            )
        )
    names = [s.name for s in specs]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        raise ScheduleError(f"{path.name}: duplicate deployment names {sorted(dups)}")
    return specs


def _check_cron(expr: str, where: str) -> None:
    from datetime import datetime

    from cronsim import CronSim, CronSimError  # a Prefect dependency

    try:
        next(iter(CronSim(expr, datetime(2026, 1, 1))))
    except (CronSimError, StopIteration) as exc:
        raise ScheduleError(f"{where}: bad cron {expr!r}: {exc}") from None
