"""Deployments from govdocs/config/schedules.toml, served by `govdocs serve`.

`build_deployments` only builds objects (no server needed); `serve_deployments` makes the
crawl limits exist on the server and blocks in `prefect.serve`, which registers the
deployments with their cron schedules and runs each scheduled run in a subprocess.
prefect.yaml declares the same deployments for a server with workers (tests keep the two in
step)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.exceptions import ParameterTypeError
from prefect.logging.loggers import disable_logger
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType
from prefect.utilities.callables import parameter_schema

from flows.limits import ensure_limits
from flows.pipeline import crawl_flow, reextract_flow, validate_flow
from govdocs.orchestration import ScheduleError, ScheduleSpec, crawl_limit_names, load_schedules
from govdocs.sources import SourceError, load_source

FLOWS: dict[str, Flow[..., Any]] = {"crawl": crawl_flow, "reextract": reextract_flow, "validate": validate_flow}


def build_deployments(
    specs: list[ScheduleSpec] | None = None,
    *,
    db_path: Path | str | None = None,
) -> list[RunnerDeployment]:
    """One deployment per configured schedule. `db_path`, when given, is the warehouse of
    every deployment that does not set its own. Raises ScheduleError for parameters the
    flow would refuse at run time (checked here, so `serve --dry-run` catches them too)."""
    specs = load_schedules() if specs is None else specs
    out: list[RunnerDeployment] = []
    for spec in specs:
        params = dict(spec.parameters)
        if db_path is not None:
            params.setdefault("db_path", str(db_path))
        check_parameters(spec.name, FLOWS[spec.flow], params)
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


def check_parameters(deployment: str, flow: Flow[..., Any], params: dict[str, Any]) -> None:
    """The checks a flow run makes of its parameters, made before registering: every name is
    in the flow's signature, every required one is given, every value has the annotated type
    (Prefect's own `validate_parameters`). One line naming the deployment and the parameter."""
    schema = parameter_schema(flow.fn)
    accepted = list(schema.properties)
    where = f"deployment {deployment!r} ({flow.name})"
    for name in params:
        if name not in schema.properties:
            close = difflib.get_close_matches(name, accepted, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ScheduleError(f"{where}: unknown parameter {name!r}{hint}; accepted: {', '.join(accepted)}")
    missing = [n for n in schema.required if n not in params]
    if missing:
        raise ScheduleError(f"{where}: missing required parameter {missing[0]!r}; accepted: {', '.join(accepted)}")
    try:
        with disable_logger("prefect.flows"):  # it logs the same error at ERROR level first
            flow.validate_parameters(params)
    except ParameterTypeError as exc:
        problems = str(exc).split("\n - ")[1:] or [str(exc)]
        raise ScheduleError(f"{where}: bad parameter {'; '.join(problems)}") from None


def crawl_limits_for(specs: list[ScheduleSpec]) -> list[str]:
    """The per-host limits the configured crawls will take (raises ScheduleError early for a
    misspelled source)."""
    names: set[str] = set()
    for spec in specs:
        if spec.flow != "crawl":
            continue
        params = spec.parameters
        for source in [params.get("source_name"), *(params.get("source_names") or [])]:
            if not source:
                continue
            try:
                origins = load_source(source, base=params.get("base")).allowed_origins
            except SourceError as exc:
                raise ScheduleError(f"deployment {spec.name!r}: {exc}") from None
            names.update(crawl_limit_names(origins))
    return sorted(names)


def serve_deployments(
    specs: list[ScheduleSpec], deployments: list[RunnerDeployment], *, limit: int | None = None
) -> None:
    """Create the crawl limits, then serve until interrupted."""
    ensure_limits(crawl_limits_for(specs), 1)
    serve(*deployments, limit=limit)
