"""Sources as data: one TOML file per site, validated on load.

A source file names its start URLs, the origins the crawler may visit, regular expressions
that classify links (list pages are followed, detail pages are extracted, attachments are
archived) and politeness settings. Adding a site is adding a file to this folder (or passing
a path); see README "Adding a source".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from govdocs import urls
from govdocs.paths import SOURCES_DIR

DEFAULT_USER_AGENT = "govdocs/0.1 (+https://github.com/govdocs/govdocs; research crawler)"


class SourceError(ValueError):
    """A source file is missing or invalid; the message says which key and why."""


@dataclass(frozen=True)
class Politeness:
    delay_s: float = 1.0
    concurrency: int = 1
    timeout_s: float = 30.0
    connect_timeout_s: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 2
    obey_robots: bool = True
    max_pages: int = 2000
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    start_urls: tuple[str, ...]
    allowed_origins: tuple[str, ...]
    list_patterns: tuple[re.Pattern[str], ...]
    detail_patterns: tuple[re.Pattern[str], ...]
    attachment_patterns: tuple[re.Pattern[str], ...]
    politeness: Politeness = field(default_factory=Politeness)
    extract_overrides: dict = field(default_factory=dict)
    # A site served at a changing address (the sample site on a free port) is stored under a
    # stable one, so reruns address the same rows: served_base → canonical_base.
    served_base: str | None = None
    canonical_base: str | None = None

    def canonical(self, url: str) -> str:
        if self.served_base and self.canonical_base and url.startswith(self.served_base):
            return self.canonical_base + url[len(self.served_base):]
        return url

    def allows(self, url: str) -> bool:
        return origin_of(url) in self.allowed_origins

    def kind_of(self, url: str) -> str:
        """'detail' | 'attachment' | 'list' | 'other' by the first matching pattern group."""
        path = urlsplit(url).path or "/"
        for kind, patterns in (
            ("attachment", self.attachment_patterns),
            ("detail", self.detail_patterns),
            ("list", self.list_patterns),
        ):
            if any(p.search(path) for p in patterns):
                return kind
        return "other"


def origin_of(url: str) -> str:
    """scheme://host:port with the default port made explicit, so origins compare exactly.
    Raises urls.InvalidURL (a ValueError) for a malformed URL."""
    return urls.origin(url)


def available_sources() -> list[str]:
    return sorted(p.stem for p in SOURCES_DIR.glob("*.toml"))


def load_source(name_or_path: str | Path, *, base: str | None = None, **politeness_overrides) -> Source:
    """Load and validate a source by name (a file in govdocs/sources/) or by path.

    `base` fills the `{base}` placeholder used by the sample site's file.
    """
    path = Path(name_or_path)
    if not path.suffix:
        path = SOURCES_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        raise SourceError(
            f"unknown source {str(name_or_path)!r}: no file {path}; available: {', '.join(available_sources())}"
        )
    try:
        text = path.read_text(encoding="utf-8")
        if base is not None:
            text = text.replace("{base}", base)
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{path}: cannot read source file: {exc}") from exc
    source = source_from_dict(data, where=str(path), **politeness_overrides)
    if base is not None and source.canonical_base:
        from dataclasses import replace

        source = replace(source, served_base=base)
    return source


def source_for_url(url: str, **politeness_overrides) -> Source:
    """An ad-hoc source for `govdocs crawl --url`: stay on the URL's origin, follow every page
    under the start URL's folder as a list page, extract TRS-style detail pages."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(f"not an http(s) URL: {url!r}")
    folder = parts.path.rsplit("/", 1)[0] + "/"
    data = {
        "name": parts.hostname,
        "title": url,
        "start_urls": [url],
        "allowed_origins": [f"{parts.scheme}://{parts.netloc}/"],
        "links": {
            "list": ["^" + re.escape(folder) + r".*(/|\.s?html?)$"],
            "detail": [r"/t\d{8}_\d+\.s?html?$", r"/art/\d{4}/", r"/content_\d+\.html?$", r"/\d{6}/[^/]+\.s?html?$"],
            "attachment": [r"\.(pdf|docx?|wps|ofd|xlsx?|zip)$"],
        },
    }
    return source_from_dict(data, where=url, **politeness_overrides)


def source_from_dict(data: dict, *, where: str = "<dict>", **politeness_overrides) -> Source:
    def need(key: str, typ: type):
        if key not in data:
            raise SourceError(f"{where}: missing required key {key!r}")
        if not isinstance(data[key], typ):
            raise SourceError(f"{where}: {key!r} must be a {typ.__name__}")
        return data[key]

    name = need("name", str)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise SourceError(f"{where}: name {name!r} may hold only letters, digits, '_', '-', '.'")
    start_urls = need("start_urls", list)
    origins = need("allowed_origins", list)
    if not start_urls:
        raise SourceError(f"{where}: start_urls is empty")
    for u in [*start_urls, *origins]:
        if not isinstance(u, str) or urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname:
            raise SourceError(f"{where}: {u!r} is not an http(s) URL")
    allowed = tuple(origin_of(u) for u in origins)
    for u in start_urls:
        if origin_of(u) not in allowed:
            raise SourceError(f"{where}: start URL {u} is outside allowed_origins")

    links = data.get("links", {})
    if not isinstance(links, dict):
        raise SourceError(f"{where}: [links] must be a table")

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        raw = links.get(key, [])
        if not isinstance(raw, list):
            raise SourceError(f"{where}: links.{key} must be a list of regular expressions")
        out = []
        for p in raw:
            try:
                out.append(re.compile(p))
            except (re.error, TypeError) as exc:
                raise SourceError(f"{where}: links.{key}: bad regular expression {p!r}: {exc}") from exc
        return tuple(out)

    pol_data = dict(data.get("politeness", {}))
    pol_data.update({k: v for k, v in politeness_overrides.items() if v is not None})
    known = set(Politeness.__dataclass_fields__)
    unknown = set(pol_data) - known
    if unknown:
        raise SourceError(f"{where}: unknown politeness keys {sorted(unknown)}; known: {sorted(known)}")
    defaults = Politeness()
    for key, value in pol_data.items():
        want = type(getattr(defaults, key))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            pol_data[key] = float(value)
        elif not isinstance(value, want) or (want is int and isinstance(value, bool)):
            raise SourceError(f"{where}: politeness.{key} must be {want.__name__}, got {value!r}")
    politeness = Politeness(**pol_data)
    if politeness.delay_s < 0 or politeness.concurrency < 1 or politeness.max_redirects > 5:
        raise SourceError(f"{where}: politeness needs delay_s >= 0, concurrency >= 1, max_redirects <= 5")

    return Source(
        name=name,
        title=str(data.get("title", name)),
        start_urls=tuple(start_urls),
        allowed_origins=allowed,
        list_patterns=patterns("list"),
        detail_patterns=patterns("detail"),
        attachment_patterns=patterns("attachment"),
        politeness=politeness,
        extract_overrides=dict(data.get("extract", {})),
        canonical_base=data.get("canonical_base"),
    )
