"""robots.txt per origin, fetched through the same guarded client.

404/410 (no file) allows everything; a 5xx or an unreachable robots.txt disallows the host
for this run (Google's rule: a server error means "don't crawl"), recorded as the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.robotparser import RobotFileParser

from govdocs.fetch.client import FetchError, fetch
from govdocs.sources import Politeness, origin_of

MAX_ROBOTS_BYTES = 512_000  # Google reads the first 500 KiB


@dataclass
class RobotsRules:
    parser: RobotFileParser | None  # None → everything allowed
    disallow_all_reason: str | None = None
    crawl_delay: float | None = None
    unreachable: bool = False  # the host did not answer at all (offline, DNS, refused)

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all_reason:
            return False
        return True if self.parser is None else self.parser.can_fetch(user_agent, url)


def load_robots(client, url: str, politeness: Politeness, allowed_origins: tuple[str, ...]) -> RobotsRules:
    origin = origin_of(url)
    scheme, rest = origin.split("://", 1)
    robots_url = f"{scheme}://{rest}/robots.txt"
    # Drop an explicit default port so the request URL looks ordinary.
    robots_url = robots_url.replace(":443/", "/") if scheme == "https" else robots_url.replace(":80/", "/")
    try:
        resp = fetch(
            client,
            robots_url,
            politeness=replace(politeness, max_bytes=MAX_ROBOTS_BYTES * 4),
            allowed_origins=allowed_origins,
        )
    except FetchError as exc:
        if "larger than" in exc.reason:
            return RobotsRules(parser=None)  # an oversized robots.txt is treated as absent
        return RobotsRules(parser=None, disallow_all_reason=f"robots.txt unreachable: {exc.reason}", unreachable=True)
    if resp.status >= 500:
        return RobotsRules(parser=None, disallow_all_reason=f"robots.txt answered HTTP {resp.status}")
    if resp.status >= 400:
        return RobotsRules(parser=None)
    text = resp.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    delay = parser.crawl_delay(politeness.user_agent)
    return RobotsRules(parser=parser, crawl_delay=float(delay) if delay is not None else None)
