"""Batches of work and the time spent in plain functions (to measure orchestration cost)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class Timed(Generic[T]):
    """A value and the seconds the plain function took to produce it."""

    value: T
    seconds: float


def timed(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Timed[T]:
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return Timed(value, time.perf_counter() - started)


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive batches of at most `size` items, in order (the last may be shorter)."""
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def overhead_pct(wall_s: float, work_s: float) -> float:
    """Share of a run's wall time not spent in the plain functions, in percent."""
    if wall_s <= 0:
        return 0.0
    return round(100.0 * max(wall_s - work_s, 0.0) / wall_s, 1)
