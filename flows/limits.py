"""Global concurrency limits on the Prefect server, created idempotently before use.

`concurrency(..., strict=True)` fails when a limit does not exist (without strict it only
warns and runs unlimited), so every limit a flow takes is made to exist first: by the flow
itself, and by `govdocs serve` for the configured sources. An existing limit is left as it
is (an operator may have raised or lowered it in the UI).

Limits are taken only when the flow talks to a Prefect server (PREFECT_API_URL set:
`prefect server start`, `govdocs serve`, workers, the test harness). A one-shot CLI run on
the ephemeral server does not take them: a SIGKILLed run takes its ephemeral server down
with it, and a slot held through the server's in-memory lease storage would then never be
released, blocking every later run on that PREFECT_HOME."""

from __future__ import annotations

from prefect import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
from prefect.settings import get_current_settings


def ensure_limits(names: list[str], limit: int = 1) -> list[str]:
    """Create each named global concurrency limit with `limit` slots unless it exists.
    Returns the names that were created."""
    created = []
    with get_client(sync_client=True) as client:
        for name in names:
            try:
                client.read_global_concurrency_limit_by_name(name)
                continue
            except ObjectNotFound:
                pass
            try:
                client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=limit))
                created.append(name)
            except ObjectAlreadyExists:  # another run created it between our read and create
                pass
    return created


def host_limits_enabled() -> bool:
    """True when runs go through a Prefect server that outlives them (not the ephemeral one)."""
    return bool(get_current_settings().api.url)
