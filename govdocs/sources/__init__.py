"""Sources as data: one TOML file per site, validated on load by a pydantic schema.

A source file names its start URLs, the origins the crawler may visit, optional regular
expressions that hint how to classify links (list pages are followed, detail pages are
extracted, attachments are archived) and politeness settings. Adding a site is adding a
file to this folder (or passing a path); see README "Adding a source".

Every table forbids unknown keys (a typo such as `[politness]` or `links.details` is an
error, not a silently empty setting) and every number has bounds. A bad file is one
`SourceError` line naming the key, never a traceback.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator
from pydantic import dataclasses as pydantic_dataclasses

from govdocs import urls
from govdocs.extract.links import ATTACHMENT_EXT_PATTERN
from govdocs.paths import SOURCES_DIR

DEFAULT_USER_AGENT = "govdocs/0.1 (+https://github.com/govdocs/govdocs; research crawler)"


class SourceError(ValueError):
    """A source file is missing or invalid; the message says which key and why, on one line."""


@pydantic_dataclasses.dataclass(frozen=True, config=ConfigDict(extra="forbid", allow_inf_nan=False))
class Politeness:
    """Per-source crawl limits. Bounds keep a typo from becoming a DoS or a stall: Scrapy's
    defaults sit well inside them (1 s delay, 2 retries, 180 s timeout, 1 request per host)."""

    delay_s: float = Field(default=1.0, ge=0, le=600, strict=True)
    concurrency: int = Field(default=1, ge=1, le=16, strict=True)  # connections per host
    timeout_s: float = Field(default=30.0, gt=0, le=600, strict=True)  # total deadline per response
    connect_timeout_s: float = Field(default=10.0, gt=0, le=600, strict=True)
    max_bytes: int = Field(default=10_000_000, ge=1, le=500_000_000, strict=True)  # decoded size cap per response
    max_redirects: int = Field(default=5, ge=0, le=5, strict=True)  # RFC 9309 asks robots.txt to follow 5
    retries: int = Field(default=2, ge=0, le=10, strict=True)
    obey_robots: bool = Field(default=True, strict=True)
    max_pages: int = Field(default=2000, ge=1, le=10_000_000, strict=True)
    user_agent: str = Field(
        default=DEFAULT_USER_AGENT, min_length=1, max_length=512, pattern=r"^[\x20-\x7e]+$", strict=True
    )  # a header value: printable ASCII


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Regexes = list[str]


class _Links(_Table):
    list: Regexes = Field(default_factory=lambda: [], strict=True)
    detail: Regexes = Field(default_factory=lambda: [], strict=True)
    attachment: Regexes = Field(default_factory=lambda: [], strict=True)

    @field_validator("list", "detail", "attachment")
    @classmethod
    def _compiles(cls, value: Regexes) -> Regexes:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
        return value


StrOrList = str | list[str]


class _Extract(_Table):
    """Overrides handed to the extractor (see extract/metadata.py label_set, page.py prefer)."""

    labels: dict[str, StrOrList] = Field(default_factory=dict)  # field → extra label spellings
    ignore_labels: StrOrList = Field(default_factory=lambda: [])
    prefer: dict[str, StrOrList] = Field(default_factory=dict)  # field → evidence order


def _http_url(value: str) -> str:
    try:
        return urls.to_uri(value)
    except urls.InvalidURL as exc:
        raise ValueError(str(exc)) from None


# Canonical (urls.to_uri) http(s) URLs; a bad one is an error at its index (start_urls.0).
HttpURL = Annotated[str, Strict(), AfterValidator(_http_url)]


class _SourceFile(_Table):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", max_length=100, strict=True)
    title: str | None = Field(None, strict=True)
    start_urls: list[HttpURL] = Field(min_length=1)
    allowed_origins: list[HttpURL] = Field(min_length=1)
    canonical_base: HttpURL | None = None
    links: _Links = Field(default_factory=_Links)
    politeness: Politeness = Field(default_factory=lambda: Politeness())
    extract: _Extract = Field(default_factory=_Extract)


_TABLES: dict[str, Any] = {"": _SourceFile, "links": _Links, "politeness": Politeness, "extract": _Extract}


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    start_urls: tuple[str, ...]
    allowed_origins: tuple[str, ...]
    list_patterns: tuple[re.Pattern[str], ...] = ()
    detail_patterns: tuple[re.Pattern[str], ...] = ()
    attachment_patterns: tuple[re.Pattern[str], ...] = ()
    politeness: Politeness = field(default_factory=lambda: Politeness())
    extract_overrides: dict[str, Any] = field(default_factory=dict)
    # A site served at a changing address (the sample site on a free port) is stored under a
    # stable one, so reruns address the same rows: served_base → canonical_base.
    served_base: str | None = None
    canonical_base: str | None = None

    def canonical(self, url: str) -> str:
        if self.served_base and self.canonical_base and url.startswith(self.served_base):
            return self.canonical_base + url[len(self.served_base) :]
        return url

    def served(self, url: str) -> str:
        """The inverse of `canonical`: where a stored address is served now (to follow it)."""
        if self.served_base and self.canonical_base and url.startswith(self.canonical_base):
            return self.served_base + url[len(self.canonical_base) :]
        return url

    def allows(self, url: str) -> bool:
        try:
            return origin_of(url) in self.allowed_origins
        except urls.InvalidURL:
            return False

    def kind_of(self, url: str) -> str:
        """'detail' | 'attachment' | 'list' | 'other' by the first matching pattern group
        (patterns are hints: a source without them calls every link 'other')."""
        path = _path_of(url)
        for kind, patterns in (
            ("attachment", self.attachment_patterns),
            ("detail", self.detail_patterns),
            ("list", self.list_patterns),
        ):
            if any(p.search(path) for p in patterns):
                return kind
        return "other"


def _path_of(url: str) -> str:
    """The path of `url` ("/" when empty), percent-decoded: links are canonical URIs
    (urls.to_uri), while a source's patterns are written as people read paths (`/附件/`)."""
    return unquote(urlsplit(url).path) or "/"


def origin_of(url: str) -> str:
    """scheme://host:port with the default port made explicit, so origins compare exactly.
    Raises urls.InvalidURL (a ValueError) for a malformed URL."""
    return urls.origin(url)


def user_sources_dir() -> Path:
    """Where `govdocs sources add` writes sources: $GOVDOCS_SOURCES, else ./sources."""
    return Path(os.environ.get("GOVDOCS_SOURCES") or "sources")


def available_sources() -> list[str]:
    """Bundled sources, then the user's (a user file never shadows a bundled name)."""
    names = [p.stem for p in SOURCES_DIR.glob("*.toml")]
    names += [p.stem for p in user_sources_dir().glob("*.toml") if p.stem not in names]
    return sorted(names)


def source_file(name_or_path: str | Path) -> Path:
    """The file of a source name (govdocs/sources/NAME.toml, else the user folder's) or a path."""
    path = Path(name_or_path)
    if path.suffix:
        return path
    bundled = SOURCES_DIR / f"{name_or_path}.toml"
    user = user_sources_dir() / f"{name_or_path}.toml"
    return user if not bundled.is_file() and user.is_file() else bundled


def load_source(name_or_path: str | Path, *, base: str | None = None, **politeness_overrides: Any) -> Source:
    """Load and validate a source by name (a file in govdocs/sources/ or the user folder,
    see `user_sources_dir`) or by path.

    `base` fills the `{base}` placeholder used by the sample site's file."""
    path = source_file(name_or_path)
    if not path.is_file():
        raise SourceError(
            f"unknown source {str(name_or_path)!r}: no file {path}; available: {', '.join(available_sources())}"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read source file: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 (TOML files are UTF-8; {exc.reason} at byte {exc.start})") from exc
    if base is not None:
        text = text.replace("{base}", base)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML: {exc}") from exc
    source = source_from_dict(data, where=str(path), **politeness_overrides)
    if base is not None and source.canonical_base:
        source = dataclasses.replace(source, served_base=base)
    return source


def source_for_url(url: str, **politeness_overrides: Any) -> Source:
    """An ad-hoc source for `govdocs crawl --url`: stay on the URL's origin; list pages,
    pagers and documents are recognised by their content, whatever the CMS (govdocs.process)."""
    try:
        uri = urls.to_uri(url)
    except urls.InvalidURL as exc:
        raise SourceError(f"not an http(s) URL: {url!r} ({exc})") from exc
    data = {
        "name": _site_name(uri),
        "title": url,
        "start_urls": [uri],
        "allowed_origins": [uri],
        # no list/detail patterns: what a page is comes from the page itself (any CMS)
        "links": {"attachment": [ATTACHMENT_EXT_PATTERN + "$"]},  # the one extension list (extract/links.py)
    }
    return source_from_dict(data, where=url, **politeness_overrides)


def _site_name(uri: str) -> str:
    """host, or host-port for a non-default port (one site per host:port), as a valid name."""
    parts = urlsplit(uri)
    name = (parts.hostname or "site") + (f"-{parts.port}" if parts.port else "")
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def source_from_dict(data: dict[str, Any], *, where: str = "<dict>", **politeness_overrides: Any) -> Source:
    """Validate a parsed source file; raises SourceError with one line per problem found."""
    if not isinstance(data, dict):
        raise SourceError(f"{where}: a source is a TOML table, not {type(data).__name__}")
    overrides = {k: v for k, v in politeness_overrides.items() if v is not None}
    if overrides:
        pol = data.get("politeness", {})
        data = {**data, "politeness": {**pol, **overrides} if isinstance(pol, dict) else pol}
    try:
        spec = _SourceFile.model_validate(data)
    except ValidationError as exc:
        raise SourceError(f"{where}: " + "; ".join(_describe(e) for e in exc.errors())) from None
    allowed = tuple(dict.fromkeys(origin_of(u) for u in spec.allowed_origins))
    for u in spec.start_urls:
        if origin_of(u) not in allowed:
            raise SourceError(f"{where}: start URL {u} is outside allowed_origins")
    return Source(
        name=spec.name,
        title=spec.title or spec.name,
        start_urls=tuple(spec.start_urls),
        allowed_origins=allowed,
        list_patterns=tuple(re.compile(p) for p in spec.links.list),
        detail_patterns=tuple(re.compile(p) for p in spec.links.detail),
        attachment_patterns=tuple(re.compile(p) for p in spec.links.attachment),
        politeness=spec.politeness,
        extract_overrides=spec.extract.model_dump(exclude_defaults=True),
        canonical_base=spec.canonical_base,
    )


def _describe(error: Any) -> str:
    """One pydantic error as `links.details: unknown key (known: attachment, detail, list)`."""
    loc = ".".join(str(p) for p in error["loc"])
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        table = _TABLES.get(".".join(str(p) for p in error["loc"][:-1]))
        names = (
            sorted(
                table.model_fields if hasattr(table, "model_fields") else (f.name for f in dataclasses.fields(table))
            )
            if table is not None
            else []
        )
        return f"{loc}: unknown key" + (f" (known: {', '.join(names)})" if names else "")
    if error["type"] == "missing":
        return f"missing required key {loc!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    shown = repr(error.get("input"))
    return f"{loc}: {message} (got {shown[:60]})"
