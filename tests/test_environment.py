"""Environment variables for the common options (issue 14): GOVDOCS_DB is the default
warehouse, else ./warehouse/govdocs.duckdb in the current directory; PREFECT_API_URL is read
by Prefect, and one nothing answers at is one line, not Prefect's traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from govdocs.paths import DB_ENV, DB_IN_CWD, REPO_ROOT, default_db

CLI = [sys.executable, "-m", "govdocs.cli"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (DB_ENV, "PREFECT_API_URL")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


def _unwrapped(text: str) -> str:
    return text.replace("\n", "").replace(" ", "")  # argparse wraps long paths (at '-' too)


def test_default_db_is_in_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert default_db({}) == tmp_path / "warehouse" / "govdocs.duckdb"
    assert default_db({DB_ENV: ""}) == tmp_path / DB_IN_CWD  # set but empty: not a path


def test_govdocs_db_redirects_the_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert default_db({DB_ENV: "/data/w.duckdb"}) == Path("/data/w.duckdb")
    assert default_db({DB_ENV: "sub/w.duckdb"}) == tmp_path / "sub" / "w.duckdb"  # absolute: names one file
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db({DB_ENV: "~/w.duckdb"}) == tmp_path / "home" / "w.duckdb"


def test_help_names_the_warehouse_it_will_use(tmp_path):
    def help_of(*args: str, **env: str) -> str:
        return subprocess.run(
            [*CLI, *args, "--help"], cwd=tmp_path, env=_env(**env), capture_output=True, text=True, check=True
        ).stdout

    assert str(tmp_path / "warehouse" / "govdocs.duckdb") in _unwrapped(help_of("demo"))
    assert str(tmp_path / "elsewhere.duckdb") in _unwrapped(
        help_of("crawl", GOVDOCS_DB=str(tmp_path / "elsewhere.duckdb"))
    )
    top = help_of()
    assert "GOVDOCS_DB" in top and "PREFECT_API_URL" in top


def test_prefect_api_url_with_no_server_is_one_line(tmp_path):
    with socket.socket() as s:  # a port nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"
    r = subprocess.run(
        [*CLI, "demo", "--quiet", "--db", str(tmp_path / "w.duckdb")],
        cwd=tmp_path,
        env=_env(PREFECT_API_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"govdocs: error: no Prefect server answers at PREFECT_API_URL={url}"), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
