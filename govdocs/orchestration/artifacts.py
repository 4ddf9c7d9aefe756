"""Artifact keys: `crawl-summary-cqspb`, one per flow kind, part and source.

Prefect accepts only lowercase letters, digits and dashes in a key, and keeps the latest
artifact of a key as its current version: a key per source lets the UI show each source's
last crawl side by side (one key for every source would show only the last one to finish),
and a key's history is that source's history.
"""

from __future__ import annotations

import re

ALL = "all"  # the scope of a run over the whole warehouse (reextract without --source, validate)


def artifact_key(kind: str, part: str, scope: str | None) -> str:
    """`crawl`, `summary`, `www.cqspb.gov.cn` → `crawl-summary-www-cqspb-gov-cn`; no scope → `…-all`."""
    slug = re.sub(r"[^a-z0-9]+", "-", (scope or ALL).lower()).strip("-") or ALL
    return f"{kind}-{part}-{slug}"
