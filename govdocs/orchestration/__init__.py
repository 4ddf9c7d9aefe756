"""Plain helpers the Prefect flows lean on: batching, timing, per-host limit names and the
schedule config, artifact keys. No Prefect imports here (flows/ does the wiring)."""

from govdocs.orchestration.artifacts import artifact_key
from govdocs.orchestration.batching import Timed, chunked, overhead_pct, timed
from govdocs.orchestration.limits import crawl_limit_names, limit_name
from govdocs.orchestration.schedules import ScheduleError, ScheduleSpec, load_schedules

__all__ = [
    "ScheduleError",
    "ScheduleSpec",
    "Timed",
    "artifact_key",
    "chunked",
    "crawl_limit_names",
    "limit_name",
    "load_schedules",
    "overhead_pct",
    "timed",
]
