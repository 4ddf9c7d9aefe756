"""Where the project's data files and default outputs live."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
SQL_DIR = REPO_ROOT / "sql"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
WAREHOUSE_DIR = REPO_ROOT / "warehouse"
DEFAULT_DB = WAREHOUSE_DIR / "govdocs.duckdb"
SOURCES_DIR = PACKAGE_DIR / "sources"
SAMPLE_SITE_DIR = PACKAGE_DIR / "samplesite" / "site"
SAMPLE_MANIFEST = PACKAGE_DIR / "samplesite" / "manifest.json"  # the site's ground truth (tools/samplesite writes both)
