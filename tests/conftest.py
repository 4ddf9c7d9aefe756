from __future__ import annotations

import os

import pytest

# A fresh ephemeral Prefect server takes ~24 s to start on this machine (20 s default timeout).
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def prefect_harness():
    """One real (temporary, SQLite-backed) Prefect server for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def con(tmp_path):
    """A new warehouse file (migrations applied), closed after the test."""
    from govdocs import warehouse

    c = warehouse.connect(tmp_path / "govdocs.duckdb")
    yield c
    c.close()
