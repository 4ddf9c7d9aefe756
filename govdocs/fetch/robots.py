"""robots.txt per origin, fetched through the same guarded client, parsed by Protego.

Protego (Scrapy's parser) follows RFC 9309: longest match wins, `*` and `$` wildcards, Allow
beats Disallow on a tie — urllib.robotparser takes the first matching line and knows no
wildcards. 404/410 (no file) allows everything; a 5xx or an unreachable robots.txt disallows
the host for this run (Google's rule: a server error means "don't crawl"), recorded as the
reason. A file over 500 KiB is obeyed for its first 500 KiB (RFC 9309 §2.5), not ignored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import httpx
from protego import Protego

from govdocs.fetch.client import FetchError, fetch
from govdocs.sources import Politeness, origin_of

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 §2.5: crawlers must parse at least 500 KiB (Google stops there)
MAX_CRAWL_DELAY_S = 60.0  # a longer Crawl-delay is clamped (and noted): 99999999999 s is not a delay


@dataclass
class RobotsRules:
    parser: Protego | None  # None → everything allowed
    disallow_all_reason: str | None = None
    crawl_delay: float | None = None
    unreachable: bool = False  # the host did not answer at all (offline, DNS, refused)
    notes: tuple[str, ...] = ()  # what was cut or clamped while reading the file

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all_reason:
            return False
        return True if self.parser is None else bool(self.parser.can_fetch(url, user_agent))


def robots_url(url: str) -> str:
    """The robots.txt URL for `url`'s origin, default port dropped."""
    scheme, rest = origin_of(url).split("://", 1)
    host, port = rest.rsplit(":", 1)
    default = {"http": "80", "https": "443"}[scheme]
    return f"{scheme}://{host}{'' if port == default else ':' + port}/robots.txt"


def parse_robots(body: bytes, user_agent: str, *, truncated: bool = False) -> RobotsRules:
    """Rules from robots.txt bytes. A body cut at the cap loses its last, partial line."""
    notes = []
    if truncated:
        body = body[: body.rfind(b"\n") + 1]
        notes.append(f"robots.txt larger than {MAX_ROBOTS_BYTES} bytes: obeyed its first {len(body)} bytes")
    text = body.decode("utf-8", errors="replace").removeprefix("\ufeff")
    parser = Protego.parse(text)
    delay = parser.crawl_delay(user_agent)
    if delay is not None and (not math.isfinite(delay) or delay < 0):
        notes.append(f"robots.txt Crawl-delay {delay!r} ignored")
        delay = None
    elif delay is not None and delay > MAX_CRAWL_DELAY_S:
        notes.append(f"robots.txt Crawl-delay {delay:g} s clamped to {MAX_CRAWL_DELAY_S:g} s")
        delay = MAX_CRAWL_DELAY_S
    return RobotsRules(parser=parser, crawl_delay=float(delay) if delay is not None else None, notes=tuple(notes))


def load_robots(
    client: httpx.Client, url: str, politeness: Politeness, allowed_origins: tuple[str, ...]
) -> RobotsRules:
    try:
        resp = fetch(
            client,
            robots_url(url),
            politeness=replace(politeness, max_bytes=MAX_ROBOTS_BYTES),
            allowed_origins=allowed_origins,
            oversize="truncate",
        )
    except FetchError as exc:
        return RobotsRules(parser=None, disallow_all_reason=f"robots.txt unreachable: {exc.reason}", unreachable=True)
    if resp.status >= 500:
        return RobotsRules(parser=None, disallow_all_reason=f"robots.txt answered HTTP {resp.status}")
    if resp.status >= 400:
        return RobotsRules(parser=None)
    return parse_robots(resp.body, politeness.user_agent, truncated=resp.truncated)
