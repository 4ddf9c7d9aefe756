"""Names of the Prefect global concurrency limits that keep runs off each other's hosts.

The crawler spaces requests to one host within a run; two runs of the same source (a
scheduled run and a manual one, or two workers) would still hit the host twice as often.
Each crawl therefore holds one slot of `govdocs-crawl-<host>` (limit 1) for every host it
may visit, so at most one crawl per host runs at a time across every process and worker
talking to the same Prefect server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

PREFIX = "govdocs-crawl-"


def limit_name(host: str) -> str:
    """`govdocs-crawl-www.cqspb.gov.cn`; anything but [a-z0-9.-] becomes '-'."""
    slug = re.sub(r"[^a-z0-9.-]+", "-", host.lower()).strip("-")
    if not slug:
        raise ValueError(f"no host in {host!r}")
    return PREFIX + slug


def crawl_limit_names(origins_or_urls: Iterable[str]) -> list[str]:
    """One limit per host (ports ignored: politeness is per host), sorted so that every
    caller asks for the same slots in the same order."""
    hosts = {urlsplit(u).hostname or "" for u in origins_or_urls}
    return sorted(limit_name(h) for h in hosts if h)
