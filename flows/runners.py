"""Task runners for spreading re-extraction over more than one process or machine.

`reextract_flow.with_options(task_runner=dask_runner(...))(db_path=...)` runs the same flow
with its chunk tasks on a Dask cluster: a temporary local one by default, or an existing
scheduler (`dask scheduler` + `dask worker tcp://host:8786` on each machine) by `address`.
Workers must be able to read the WARC files at the paths stored in `pages.warc_path`
(shared storage); they return records, and the flow's one load task writes DuckDB."""

from __future__ import annotations

from prefect_dask.task_runners import DaskTaskRunner


def dask_runner(
    address: str | None = None, *, n_workers: int = 2, processes: bool = False, threads_per_worker: int = 1
) -> DaskTaskRunner:
    """A DaskTaskRunner on `address`, or on a temporary LocalCluster of `n_workers`.
    Worker processes (`processes=True`) need the Prefect API in their environment
    (PREFECT_API_URL), i.e. a running server rather than the ephemeral one."""
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": n_workers,
            "processes": processes,
            "threads_per_worker": threads_per_worker,
            "dashboard_address": None,
        }
    )
