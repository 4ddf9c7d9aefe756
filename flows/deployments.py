"""Deployments from govdocs/config/schedules.toml, served by `govdocs serve`.

`build_deployments` only builds objects (no server needed); `serve_deployments` makes the
crawl limits exist on the server and blocks in `prefect.serve`, which registers the
deployments with their cron schedules and runs each scheduled run in a subprocess.
prefect.yaml declares the same deployments for a server with workers (tests keep the two in
step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from flows.limits import ensure_limits
from flows.pipeline import crawl_flow, reextract_flow, validate_flow
from govdocs.orchestration import ScheduleSpec, crawl_limit_names, load_schedules
from govdocs.sources import load_source

FLOWS: dict[str, Flow[..., Any]] = {"crawl": crawl_flow, "reextract": reextract_flow, "validate": validate_flow}


def build_deployments(
    specs: list[ScheduleSpec] | None = None,
    *,
    db_path: Path | str | None = None,
) -> list[RunnerDeployment]:
    """One deployment per configured schedule. `db_path`, when given, is the warehouse of
    every deployment that does not set its own."""
    specs = load_schedules() if specs is None else specs
    out: list[RunnerDeployment] = []
    for spec in specs:
        params = dict(spec.parameters)
        if db_path is not None:
            params.setdefault("db_path", str(db_path))
        deployment = FLOWS[spec.flow].to_deployment(
            name=spec.name,
            schedules=[Cron(spec.cron, timezone=spec.timezone)],
            parameters=params,
            description=spec.description or None,
            tags=["govdocs", *spec.tags],
            paused=spec.paused,
            # importable wherever govdocs is installed, whatever the working directory
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        # to_deployment is async-dispatched (typed "deployment or coroutine"): from sync code,
        # as here, it returns the deployment; from a running event loop it would not
        if not isinstance(deployment, RunnerDeployment):
            raise TypeError(f"{spec.name}: build_deployments must be called outside an event loop")
        out.append(deployment)
    return out


def crawl_limits_for(specs: list[ScheduleSpec]) -> list[str]:
    """The per-host limits the configured crawls will take (raises SourceError early for a
    misspelled source)."""
    names: set[str] = set()
    for spec in specs:
        if spec.flow == "crawl" and spec.parameters.get("source_name"):
            names.update(crawl_limit_names(load_source(spec.parameters["source_name"]).allowed_origins))
    return sorted(names)


def serve_deployments(
    specs: list[ScheduleSpec], deployments: list[RunnerDeployment], *, limit: int | None = None
) -> None:
    """Create the crawl limits, then serve until interrupted."""
    ensure_limits(crawl_limits_for(specs), 1)
    serve(*deployments, limit=limit)
