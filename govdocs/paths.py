"""Where the project's data files and default outputs live.

The one module that knows both layouts: in a checkout `sql/` and `expectations/` sit beside
the package; a wheel carries them inside it as `govdocs/sql` and `govdocs/expectations`
(pyproject.toml's force-include). Everything else the tool reads is inside the package in both.
Outputs never go next to the code: the default warehouse is `$GOVDOCS_DB`, else
`warehouse/govdocs.duckdb` in the current directory, and WARCs, reports and GX docs go beside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent  # the top of the checkout, when this is one (tests, dev tools)
DB_ENV = "GOVDOCS_DB"
DB_IN_CWD = Path("warehouse") / "govdocs.duckdb"


def _data_dir(name: str) -> Path:
    """`name` inside the installed package, else at the top of the checkout."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else REPO_ROOT / name


def default_db(environ: Mapping[str, str] = os.environ) -> Path:
    """$GOVDOCS_DB (relative to the current directory, ~ expanded), else
    ./warehouse/govdocs.duckdb; absolute, so that help text and Prefect parameters name the
    file, not a path that depends on where a later process starts."""
    raw = environ.get(DB_ENV, "")
    path = Path(raw).expanduser() if raw else DB_IN_CWD
    try:
        return path.absolute()
    except OSError:  # the current directory was deleted: the relative path says what was meant
        return path


SQL_DIR = _data_dir("sql")
EXPECTATIONS_DIR = _data_dir("expectations")
# Fixed when the process starts, like its working directory; the CLI's --db default.
DEFAULT_DB = default_db()
SOURCES_DIR = PACKAGE_DIR / "sources"
SAMPLE_SITE_DIR = PACKAGE_DIR / "samplesite" / "site"
SAMPLE_MANIFEST = PACKAGE_DIR / "samplesite" / "manifest.json"  # the site's ground truth (tools/samplesite writes both)
