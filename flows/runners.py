"""Task runners for spreading re-extraction over more than one process or machine.

`reextract_flow.with_options(task_runner=dask_runner(...))(db_path=...)` runs the same flow
with its chunk tasks on a Dask cluster: a temporary local one by default, or an existing
scheduler (`dask scheduler` + `dask worker tcp://host:8786` on each machine) by `address`.
Workers must be able to read the WARC files at the paths stored in `pages.warc_path`
(shared storage); they return records, and the flow's one load task writes DuckDB."""

from __future__ import annotations

from typing import Any, cast

from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner
from prefect_dask.task_runners import DaskTaskRunner

from flows.limits import host_limits_enabled


def dask_runner(
    address: str | None = None, *, n_workers: int = 2, processes: bool | None = None, threads_per_worker: int = 1
) -> TaskRunner[PrefectFuture[Any]]:
    """A DaskTaskRunner on `address`, or on a temporary LocalCluster of `n_workers`.
    Worker processes need the Prefect API in their environment (PREFECT_API_URL), i.e. a
    running server rather than the ephemeral one; `processes=None` takes them exactly then
    (`govdocs reextract --dask`), and threads otherwise."""
    if address:
        return _as_runner(DaskTaskRunner(address=address))
    if processes is None:
        processes = host_limits_enabled()
    return _as_runner(
        DaskTaskRunner(
            cluster_kwargs={
                "n_workers": n_workers,
                "processes": processes,
                "threads_per_worker": threads_per_worker,
                "dashboard_address": None,
            }
        )
    )


def _as_runner(runner: DaskTaskRunner) -> TaskRunner[PrefectFuture[Any]]:
    """Typed as what `Flow.with_options(task_runner=...)` takes: Prefect's TaskRunner generic
    is invariant in its future type, so its own DaskTaskRunner is not one to mypy."""
    return cast("TaskRunner[PrefectFuture[Any]]", runner)
