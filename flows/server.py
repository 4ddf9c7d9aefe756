"""The Prefect server that flow runs report to.

Prefect reads PREFECT_API_URL itself (environment, profile or .env); unset, each command
starts a temporary server of its own. Set to an address where no server answers, Prefect's
first call ends the command in a long RuntimeError traceback, and set to something that is not
a URL, importing Prefect does; so the CLI asks here first.
"""

from __future__ import annotations

from pydantic import ValidationError


def unreachable_server() -> str | None:
    """Why the configured Prefect server cannot be used, or None (none configured, or it answers)."""
    try:  # Prefect validates its settings on import: e.g. PREFECT_API_URL=http://[::1 fails here
        from prefect import get_client
        from prefect.settings import get_current_settings

        url = get_current_settings().api.url
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"] if exc.errors() else _first_line(exc)
        return f"Prefect cannot read its settings (PREFECT_* variables, profile or .env): {reason}"
    if not url:
        return None
    try:
        with get_client(sync_client=True) as client:
            problem = client.api_healthcheck()
    except ValueError as exc:  # httpx.InvalidURL: not a URL at all
        problem = exc
    if problem is None:
        return None
    return (
        f"no Prefect server answers at PREFECT_API_URL={url} ({_first_line(problem)}); start one with "
        "`prefect server start`, or unset PREFECT_API_URL to let govdocs start a temporary one"
    )


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
