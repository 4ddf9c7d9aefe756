"""govdocs installs from its wheel and runs outside the checkout (issue 14).

The wheel is built by this interpreter's pip without build isolation and without an index
(hatchling, the build backend, is a dev dependency in requirements.lock), installed with
--no-deps into a fresh venv, and that venv gets this environment's dependencies through a .pth
file naming their site-packages. A plain path line in a .pth puts the folder on sys.path
without running the .pth files inside it, so the checkout's editable govdocs is not found
there: the test checks that govdocs is imported from the fresh venv.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from govdocs import __version__
from govdocs.paths import DB_ENV, REPO_ROOT

COUNT_DOCUMENTS = "SELECT count(*) AS n FROM documents"


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


class Installed:
    def __init__(self, bin_dir: Path, site: Path, home: Path) -> None:
        self.bin_dir, self.site, self.home = bin_dir, site, home

    def run(self, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GOVDOCS_", "PREFECT_API"))}
        base.update(
            PYTHONDONTWRITEBYTECODE="1",  # a .pyc is Python's, not ours: the site-packages check sees only our writes
            PREFECT_HOME=str(self.home),  # the demo's temporary Prefect server keeps its database here
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PATH=f"{self.bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        base.update(env or {})
        return subprocess.run(args, cwd=cwd, env=base, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    tmp = tmp_path_factory.mktemp("install")
    dist = tmp / "dist"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q"]
    build = subprocess.run(
        [*pip_wheel, "-w", str(dist), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("govdocs-*.whl")

    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q"]
    done = subprocess.run([*pip, str(wheel)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    deps = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))  # this venv's, in order
    (site / "govdocs_test_deps.pth").write_text("".join(f"{d}\n" for d in deps), encoding="utf-8")
    return Installed(bin_dir, site, tmp / "prefect-home")


@pytest.mark.slow
def test_the_wheel_carries_its_data(installed):
    pkg = installed.site / "govdocs"
    assert (pkg / "sql" / "queries" / "start_run.sql").is_file()
    assert (pkg / "sql" / "views").is_dir() and (pkg / "sql" / "schema.toml").is_file()
    assert sorted(p.name for p in (pkg / "expectations").glob("*.json")) == sorted(
        p.name for p in (REPO_ROOT / "expectations").glob("*.json")
    )
    site = REPO_ROOT / "govdocs" / "samplesite" / "site"
    shipped = pkg / "samplesite" / "site"
    assert {p.relative_to(site) for p in site.rglob("*") if p.is_file()} <= {
        p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file()
    }  # the sample site's .js and .pdf too, not only what a glob of suffixes names
    for data in ("sources/sample.toml", "config/schedules.toml", "samplesite/manifest.json"):
        assert (pkg / data).is_file(), data


@pytest.mark.slow
def test_demo_runs_from_the_wheel_outside_the_checkout(installed, tmp_path):
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    before = _files(installed.site)

    where = installed.run(
        "python", "-c", "import govdocs, flows; print(govdocs.__file__); print(flows.__file__)", cwd=work
    )
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert Path(line).is_relative_to(installed.site), where.stdout  # not the checkout's editable install

    version = installed.run("govdocs", "--version", cwd=work)
    assert (version.returncode, version.stdout.strip()) == (0, f"govdocs {__version__}"), version.stderr

    demo = installed.run("govdocs", "demo", "--quiet", cwd=work)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    db = work / "warehouse" / "govdocs.duckdb"
    assert db.is_file(), sorted(map(str, work.rglob("*")))
    assert (work / "warehouse" / "reports" / "index.html").is_file()  # outputs beside the db, as in a checkout

    counted = installed.run("govdocs", "sql", COUNT_DOCUMENTS, "--format", "csv", cwd=work)
    assert counted.returncode == 0, counted.stderr
    n = int(next(csv.DictReader(io.StringIO(counted.stdout)))["n"])
    manifest = json.loads((installed.site / "govdocs" / "samplesite" / "manifest.json").read_text(encoding="utf-8"))
    assert n == manifest["totals"]["detail_pages_ok"]  # every good detail page of the sample site is a document

    relative = os.path.relpath(db, elsewhere)
    redirected = installed.run(
        "govdocs", "sql", COUNT_DOCUMENTS, "--format", "csv", cwd=elsewhere, env={DB_ENV: relative}
    )
    assert redirected.returncode == 0, redirected.stderr
    assert int(next(csv.DictReader(io.StringIO(redirected.stdout)))["n"]) == n
    assert list(elsewhere.iterdir()) == []  # GOVDOCS_DB named the warehouse: nothing made in the current folder

    assert _files(installed.site) == before  # nothing written under site-packages
