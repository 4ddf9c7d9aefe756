"""Turn a command-line input (a file path or an http(s) URL) into a PageRecord."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from govdocs.extract import extract_page
from govdocs.records import PageRecord, empty_record


def extract_input(item: str) -> PageRecord:
    if urlsplit(item).scheme in ("http", "https"):
        return _extract_url(item)
    path = Path(item)
    try:
        content = path.read_bytes()
    except OSError as exc:
        return failed_record(item, f"cannot read file: {exc.strerror or exc}")
    return extract_page(content, url=path.resolve().as_uri())


def _extract_url(url: str) -> PageRecord:
    # NOTE: fetches without robots.txt; the lead routes `govdocs extract URL` through the
    # crawler's client and politeness (issue 15) — this function goes then.
    from govdocs.fetch.client import FetchError, fetch, make_client
    from govdocs.sources import Politeness, origin_of

    pol = Politeness()
    try:
        with make_client(pol) as client:
            resp = fetch(client, url, politeness=pol, allowed_origins=(origin_of(url),))
    except FetchError as exc:
        return failed_record(url, exc.reason)
    record = extract_page(resp.body, url=url, content_type=resp.content_type, http_status=resp.status)
    return record


def failed_record(source: str, reason: str) -> PageRecord:
    """A record for an input that could not be read at all: every field present, all None."""
    return empty_record(source, "fetch_error", reason)
