"""Probe a column URL and write a source for it: `govdocs sources add URL` / `sources check NAME`.

A probe is a short, polite crawl through the crawl engine itself (robots.txt, per-host delay,
retries, WARC in a temporary folder), at most `max_pages` fetches, with every page classified
by `govdocs.process.process` from its content — the verdicts a real crawl would reach. It keeps
its findings in memory (a `Probe`) and writes no warehouse.

What it fetches is planned as it goes (`_Planner`): the column page, the first pager pages,
then a sample of the column's links. The links of a list are grouped by URL shape (segment
count and the last segment with digits folded: `t#_#.html`, `art_#_#.html`, `view.jsp?id`);
shapes whose names carry an id are tried first, and a shape whose first two pages are not
documents is dropped for the next. So nav links cost at most two fetches each group, and no
URL scheme is assumed: the content of the fetched pages decides what is a document.

The written `<name>.toml` holds the start URL, the allowed origin, politeness, the attachment
extension list as a real hint, and list/detail URL patterns derived from what the probe saw
as COMMENTED suggestions (see `_HINTS_NOTE` for why). `<name>.probe.json` beside it keeps the
probe's summary, which `sources check` compares a new probe against (`compare`).
"""

from __future__ import annotations

import dataclasses
import os
import re
import statistics
import tempfile
import threading
import time
import tomllib
from collections import Counter, deque
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from govdocs import urls
from govdocs.extract import analyse_page
from govdocs.extract.links import ATTACHMENT_EXT_PATTERN
from govdocs.fetch.crawl import CrawlUnreachable, Fetched, crawl
from govdocs.paths import SOURCES_DIR
from govdocs.process import process
from govdocs.sources import Source, SourceError, origin_of, source_from_dict
from govdocs.stream import Link, Processed

DETAIL_SAMPLE = 10  # detail pages a probe extracts (enough to see which fields a site fills)
PAGER_SAMPLE = 2  # pager pages fetched to check the pager leads to more lists
ATTACHMENT_SAMPLE = 2  # attachments fetched to check they are files
_SHAPE_TRIES = 2  # pages of one URL shape tried before the shape is dropped when none is a document
_IN_FLIGHT = 2  # candidate pages queued at once (small: each result steers the next choice)
# The record fields a probe reports per detail page (records.py); "body" is a non-empty body_text.
FIELDS = (
    "title",
    "published_date",
    "publisher",
    "index_no",
    "doc_number",
    "created_date",
    "category",
    "source_name",
    "validity",
    "keywords",
    "body",
)
PROBE_SUFFIX = ".probe.json"
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}$")  # no dot: load_source reads "a.b" as a path

Role = Literal["start", "pager", "candidate", "attachment"]


class ProbeError(Exception):
    """The probe could not find a working column (unreachable, robots.txt, no documents); one line."""


class PageSeen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str
    role: Role
    kind: str  # detail / list / other / attachment, decided from the content
    status: str  # records.Status (ok, error_page, js_shell …)
    http_status: int | None = None
    reason: str | None = None
    title: str | None = None
    values: dict[str, str] = {}  # FIELDS found on a detail page → value (body: its length)
    attachments: list[str] = []  # attachment URLs the page links


class Probe(BaseModel):
    """What one probe saw; saved as `<name>.probe.json` and compared by `sources check`."""

    model_config = ConfigDict(extra="forbid")

    url: str
    probed_at: str
    elapsed_s: float
    fetches: int
    max_pages: int  # the fetch budget it was given
    start: PageSeen
    pager_found: int  # next list pages the column page announces (createPageHTML, index_1, 下一页 …)
    pages: list[PageSeen]  # every page fetched after the start page, in order
    skipped: dict[str, str] = {}  # URL → why it was not requested (robots.txt)
    other_origins: list[str] = []  # origins linked from documents that the source does not allow

    def by_role(self, role: Role) -> list[PageSeen]:
        return [p for p in self.pages if p.role == role]

    @property
    def details(self) -> list[PageSeen]:
        return [p for p in self.pages if p.kind == "detail" and p.status == "ok"]

    @property
    def lists(self) -> list[PageSeen]:
        return [p for p in [self.start, *self.pages] if p.kind == "list" and p.status == "ok"]

    def statuses(self) -> dict[str, int]:
        return dict(Counter(p.status for p in [self.start, *self.pages]))

    def field_counts(self) -> dict[str, int]:
        return {f: sum(f in d.values for d in self.details) for f in FIELDS}

    def attachment_links(self) -> list[str]:
        return list(dict.fromkeys(u for p in self.details for u in p.attachments))


# --- probing ----------------------------------------------------------------------------------


def probe_source(
    source: Source, *, max_pages: int = 30, sample: int = DETAIL_SAMPLE, transport: httpx.BaseTransport | None = None
) -> Probe:
    """Probe the first start URL of `source`. Its list/detail patterns are set aside (the
    probe sees what the content says; `compare` checks the patterns against it). Raises
    ProbeError when the start page cannot be used: unreachable, disallowed, not a page."""
    from govdocs.pipeline import is_challenge  # the crawl's WAF test (imports the warehouse)

    start = source.start_urls[0]
    probing = dataclasses.replace(source, start_urls=(start,), list_patterns=(), detail_patterns=())
    planner = _Planner(probing, sample)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="govdocs-probe-") as tmp:
        try:
            stats = crawl(
                probing,
                run_id="probe",
                archive_path=Path(tmp) / "probe.warc.gz",
                process=planner.process,
                sink=planner,
                attachments_dir=Path(tmp) / "attachments",
                max_pages=max_pages,
                transport=transport,
                is_challenge=is_challenge,
            )
        except CrawlUnreachable as exc:
            raise ProbeError(f"cannot reach {start}: {_reason_of(exc)}") from None
    if planner.start is None:
        why = planner.skipped.get(start, "not requested")
        raise ProbeError(f"{start} was not fetched: {why}")
    seen = planner.start
    if seen.status != "ok":
        reasons = [w for w in (f"HTTP {seen.http_status}" if seen.http_status else None, seen.reason) if w]
        raise ProbeError(
            f"{start} is not a usable page: {seen.status} ({', '.join(dict.fromkeys(reasons)) or 'no reason given'})"
        )
    if seen.kind == "detail":
        raise ProbeError(f"{start} is a document, not a column: give the URL of the list that links it")
    return Probe(
        url=start,
        probed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        elapsed_s=round(time.monotonic() - started, 2),
        fetches=stats.fetched,
        max_pages=max_pages,
        start=seen,
        pager_found=len(planner.pager),
        pages=planner.pages,
        skipped=planner.skipped,
        other_origins=sorted(planner.other_origins),
    )


def _reason_of(exc: Exception) -> str:
    text = str(exc)
    return text.split("): ", 1)[1] if "): " in text else text


def _shape(url: str) -> str:
    """A link's URL shape: segment count, last segment with digit runs folded, query keys.
    A last segment without digits (`a.html`) is grouped by its folder and extension;
    `index.html` / `index_2.html` count as the folder itself (column pages)."""
    parts = urlsplit(url)
    segs = unquote(parts.path).split("/")
    leaf = segs[-1]
    keys = ",".join(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    if re.fullmatch(r"(index|default)(_\d+)?\.\w+", leaf, re.I):
        leaf = ""
    if leaf and not re.search(r"\d", leaf):
        leaf = "/".join(segs[:-1]) + "/*" + os.path.splitext(leaf)[1]
    return f"{len(segs)}|{re.sub(r'[0-9]+', '#', leaf)}|{keys}"


def _has_id(shape: str) -> bool:
    _, leaf, keys = shape.split("|")
    return "#" in leaf or bool(keys)


class _Planner:
    """The probe's `process` and `Sink`: records each page and chooses what to fetch next.
    The crawl calls `process` in its one worker for the one origin; the lock is for safety."""

    def __init__(self, source: Source, sample: int) -> None:
        self.source = source
        self.sample = sample
        self.start_url = source.start_urls[0]
        self.lock = threading.Lock()
        self.start: PageSeen | None = None
        self.pages: list[PageSeen] = []
        self.skipped: dict[str, str] = {}
        self.pager: list[str] = []
        self.other_origins: set[str] = set()
        self.roles: dict[str, Role] = {self.start_url: "start"}
        self.pending: dict[str, Role] = {}  # released, not yet processed or skipped
        self.pool: dict[str, deque[str]] = {}  # URL shape → candidate URLs in document order
        self.shape_of: dict[str, str] = {}
        self.released: Counter[str] = Counter()  # per shape
        self.hits: Counter[str] = Counter()  # documents per shape
        self.found: Counter[str] = Counter()  # links seen per shape
        self.attachments_released = 0
        self.column_done = False

    # Sink
    def put(self, item: Processed) -> None:
        if item.page is None:
            with self.lock:
                self.skipped[item.url] = item.skipped or "not requested"
                self.pending.pop(item.url, None)

    def on_commit(self, hook: Callable[[], None]) -> None:
        pass  # nothing is committed: the WARC is thrown away with the temporary folder

    def process(self, fetched: Fetched) -> Processed:
        url = fetched.link.url
        role = self.roles.get(url, "candidate")
        link = fetched.link
        # content decides, as in a crawl without hints; pager pages are lists as the crawl
        # queues them (a short last page has too few dated links to look like one)
        as_page = (
            fetched
            if role == "pager" or link.kind == "attachment"
            else dataclasses.replace(fetched, link=Link(url, "page", link.depth))
        )
        out = process(as_page, self.source, "probe")
        title: str | None = None
        if role == "start" and fetched.body is not None and fetched.response is not None:
            # the column's own title, and the start page's links whatever it is: a real crawl
            # follows a start URL as a list (crawl.py enqueues it so)
            analysis = analyse_page(
                fetched.body,
                url=fetched.response.final_url,
                content_type=fetched.response.content_type,
                http_status=fetched.response.status,
            )
            title = analysis.record["title"]
            if out.page is not None and out.page["status"] == "ok" and out.page["kind"] != "list":
                out.links = process(dataclasses.replace(fetched, link=Link(url, "list", 0)), self.source, "probe").links
        seen = _seen(out, role, title)
        with self.lock:
            self.pending.pop(url, None)
            chosen = self._plan(seen, out.links, fetched.budget)
        out.links = tuple(chosen)
        return out

    def _plan(self, seen: PageSeen, links: tuple[Link, ...], budget: int) -> list[Link]:
        if seen.role == "start":
            self.start = seen
        else:
            self.pages.append(seen)
        shape = self.shape_of.get(seen.url)
        if seen.role == "candidate" and shape is not None and seen.kind == "detail" and seen.status == "ok":
            self.hits[shape] += 1
        depth = 1
        out: list[Link] = []
        column = seen.status == "ok" and (
            seen.role in ("start", "pager") or (seen.kind == "list" and seen.role == "candidate")
        )
        first_list = seen.kind == "list" and seen.status == "ok" and not self.column_done
        if column:
            pager = {link.url for link in links if link.kind == "list"}
            if first_list:
                self.pager = [link.url for link in links if link.kind == "list"]  # the column's pager
            for link in links:
                if link.kind == "page" and link.url not in self.roles and link.url not in pager:
                    s = self.shape_of.setdefault(link.url, _shape(link.url))
                    self.pool.setdefault(s, deque()).append(link.url)
                    self.found[s] += 1
                    self.roles[link.url] = "candidate"
        if seen.kind == "detail":
            for u in seen.attachments:
                if not self.source.allows(u):
                    self.other_origins.add(_origin_or(u))
        left = budget - len(self.pending)
        # documents first (what a probe is for), then the pager, then a few attachments
        while left > 0 and (candidate := self._next_candidate(depth)) is not None:
            out.append(candidate)
            left -= 1
        if first_list:
            self.column_done = True
            for u in self.pager[:PAGER_SAMPLE]:
                if left > 0 and u not in self.roles:
                    self.roles[u] = "pager"
                    self.pending[u] = "pager"
                    out.append(Link(u, "list", depth))
                    left -= 1
        for link in links:
            if (
                link.kind == "attachment"
                and self.attachments_released < ATTACHMENT_SAMPLE
                and left > 0
                and link.url not in self.roles
            ):
                self.roles[link.url] = "attachment"
                self.pending[link.url] = "attachment"
                self.attachments_released += 1
                out.append(link)
                left -= 1
        return out

    def _next_candidate(self, depth: int) -> Link | None:
        details = sum(self.hits.values())
        waiting = sum(1 for r in self.pending.values() if r == "candidate")
        if details + waiting >= self.sample or waiting >= _IN_FLIGHT:
            return None
        # a shape with documents, else an untried one: ids first, then the most links
        live = [s for s, q in self.pool.items() if q and (self.hits[s] > 0 or self.released[s] < _SHAPE_TRIES)]
        if not live:
            return None
        best = max(live, key=lambda s: (self.hits[s] > 0, _has_id(s), self.found[s]))
        url = self.pool[best].popleft()
        self.released[best] += 1
        self.pending[url] = "candidate"
        return Link(url, "page", depth)


def _origin_or(url: str) -> str:
    try:
        return origin_of(url)
    except urls.InvalidURL:
        return url


def _seen(out: Processed, role: Role, title: str | None) -> PageSeen:
    page = out.page
    if page is None:
        return PageSeen(url=out.url, role=role, kind="other", status="fetch_error", reason="no response")
    values: dict[str, str] = {}
    attachments: list[str] = []
    rec = out.record
    if rec is not None:
        fields: dict[str, object] = dict(rec)
        fields["body"] = str(len(rec["body_text"])) if rec["body_text"].strip() else None
        for f in FIELDS:
            v = fields.get(f)
            if isinstance(v, str) and v.strip():
                values[f] = v
        title = rec["title"]
        attachments = [a["url"] for a in rec["attachments"]]
    return PageSeen(
        url=out.url,
        role=role,
        kind=str(page["kind"]),
        status=str(page["status"]),
        http_status=page["http_status"],
        reason=page["error_reason"],
        title=title,
        values=values,
        attachments=attachments,
    )


# --- URL-pattern suggestions ------------------------------------------------------------------


def suggest_patterns(paths: Iterable[str], limit: int = 3) -> list[str]:
    """Regular expressions (on the decoded path) covering `paths`: grouped by segment count,
    a segment kept when every path has it, its digits folded to \\d+ when only they differ,
    else any folder (`[^/]+`), or for the last segment `[^/]*` between the common prefix and
    suffix (`index[^/]*\\.html`)."""
    groups: dict[int, list[list[str]]] = {}
    for p in dict.fromkeys(paths):
        segs = p.split("/")
        groups.setdefault(len(segs), []).append(segs)
    out: list[str] = []
    for _, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        width = len(members[0])
        parts = [_segment_pattern([m[i] for m in members], leaf=i == width - 1) for i in range(width)]
        out.append("^" + "/".join(parts) + "$")
    return out[:limit]


def _segment_pattern(values: list[str], *, leaf: bool) -> str:
    if len(set(values)) == 1:
        return re.escape(values[0])
    folded = {re.sub(r"[0-9]+", "#", v) for v in values}
    if len(folded) == 1:
        return r"\d+".join(re.escape(piece) for piece in folded.pop().split("#"))
    if not leaf:
        return "[^/]+"  # folders of several columns
    prefix = _common_prefix(values)
    suffix = _common_prefix([v[len(prefix) :][::-1] for v in values])[::-1]
    return re.escape(prefix) + "[^/]*" + re.escape(suffix)


def _common_prefix(values: list[str]) -> str:
    """The characters every value starts with (index_1.html, index.html → "index")."""
    n = 0
    for chars in zip(*values, strict=False):
        if len(set(chars)) != 1:
            break
        n += 1
    return values[0][:n]


def _path(url: str) -> str:
    return unquote(urlsplit(url).path) or "/"


def hints_of(found: Probe) -> dict[str, list[str]]:
    """Suggested list/detail patterns. Detail patterns are tried first (Source.kind_of), so
    one that also matches a list page the probe saw excludes the list patterns
    (`^(?!/zwgk/index[^/]*\\.html$)/zwgk/[^/]*\\.html$`); when that leaves out a document too,
    the pattern is dropped (documents told apart by their query string only: `view.jsp?id=`)."""
    lists = [_path(p.url) for p in found.lists]
    details = [_path(d.url) for d in found.details]
    list_hint = suggest_patterns(lists)
    detail: list[str] = []
    for pattern in suggest_patterns(details):
        covered = [d for d in details if re.search(pattern, d)]
        if any(re.search(pattern, lp) for lp in lists):
            pattern = "^(?!" + "|".join(p[1:] for p in list_hint) + ")" + pattern[1:]
            if any(re.search(pattern, lp) for lp in lists) or not all(re.search(pattern, d) for d in covered):
                continue
        detail.append(pattern)
    return {"list": list_hint, "detail": detail}


# --- the source file ---------------------------------------------------------------------------

_HINTS_NOTE = """\
# URL patterns are optional hints: without them every page is classified by its content (a
# document, a list of dated links, a pager). The patterns below were derived from the pages
# the probe saw and are left commented on purpose: a hint wins over the content, and once
# list/detail hints are given the crawl follows only the links they match, so a pattern
# narrower than the site (documents of another column, or of another year's URL scheme)
# would lose documents silently. Uncomment them to restrict the crawl to these URL shapes
# (they match the decoded URL path); `govdocs sources check NAME` tells when they go stale."""


def default_name(url: str) -> str:
    """A source name from the URL's host (and port): `www.gz.gov.cn` → `gz-gov-cn`."""
    parts = urlsplit(url)
    host = (parts.hostname or "site").removeprefix("www.")
    name = host + (f"-{parts.port}" if parts.port else "")
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:100] or "site"


def _toml_str(value: str) -> str:
    """A TOML string: a literal '…' when possible (regexes read as written), else a basic
    string with the characters TOML requires escaped (", \\, control characters, DEL)."""
    if "'" not in value and not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", value):
        return f"'{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def _toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_str(v) for v in values) + "]"


def source_toml(name: str, found: Probe, *, delay_s: float, max_pages: int = 2000) -> str:
    """The text of `<name>.toml` for a probe; validated by the caller (`write_source`)."""
    title = found.start.title or found.url
    hints = hints_of(found)
    counts = found.field_counts()
    n = len(found.details)
    fields = ", ".join(f"{f} {c}/{n}" for f, c in counts.items() if c)
    lines = [
        f"# Written by `govdocs sources add` on {found.probed_at} from {found.fetches} fetches of {found.url}",
        f"# It saw {len(found.lists)} list page(s), {n} document(s) ({fields or 'no fields'}),"
        f" pager: {'yes, ' + str(found.pager_found) + ' page(s) announced' if found.pager_found else 'none found'}.",
        "# Edit freely; `govdocs sources check " + name + "` re-probes and reports what changed.",
        f"name = {_toml_str(name)}",
        f"title = {_toml_str(title)}",
        f"start_urls = {_toml_list([found.url])}",
        f"allowed_origins = {_toml_list([origin_of(found.url)])}",
    ]
    if found.other_origins:
        lines.append(
            "# Documents also link files on " + ", ".join(found.other_origins) + ": add an origin here to fetch them."
        )
    lines += ["", "[links]", _HINTS_NOTE]
    for kind in ("list", "detail"):
        if hints[kind]:
            lines.append(f"# {kind} = {_toml_list(hints[kind])}")
        elif kind == "detail" and n:
            lines.append(
                "# (no detail pattern: the documents' paths also match a list page; they differ"
                " in their query string only, and patterns match paths)"
            )
    lines += [
        "# Attachments are recognised by extension (the one list, govdocs/extract/links.py): a real hint.",
        f"attachment = {_toml_list([ATTACHMENT_EXT_PATTERN + '$'])}",
        "",
        "[politeness]",
        f"delay_s = {float(delay_s)!r}  # seconds between requests to this host (raised to robots.txt Crawl-delay)",
        "concurrency = 1",
        "obey_robots = true",
        f"max_pages = {int(max_pages)}  # fetches per crawl",
    ]
    return "\n".join(lines) + "\n"


def write_source(name: str, found: Probe, directory: Path, *, delay_s: float, force: bool = False) -> Path:
    """Write `<directory>/<name>.toml` and `<name>.probe.json`; refuse to overwrite unless
    `force`, refuse a probe that found no documents, and check the file loads before it lands."""
    if not _NAME.match(name):
        raise ProbeError(f"bad source name {name!r}: letters, digits, '_' and '-' only (give --name)")
    if (SOURCES_DIR / f"{name}.toml").is_file():
        raise ProbeError(f"{name!r} is a bundled source; choose another --name")
    if not found.details:
        raise ProbeError(f"no documents found at {found.url}: {_no_documents(found)}")
    path = directory / f"{name}.toml"
    if path.exists() and not force:
        raise ProbeError(f"{path} exists; pass --force to overwrite it")
    text = source_toml(name, found, delay_s=delay_s)
    try:
        source = source_from_dict(tomllib.loads(text), where=str(path))
    except (tomllib.TOMLDecodeError, SourceError) as exc:  # a bug here, never the user's input
        raise ProbeError(f"the source written for {found.url} does not validate: {exc}") from exc
    assert source.name == name and source.start_urls == (found.url,)
    directory.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, text)
    _atomic_write(probe_file(path), found.model_dump_json(indent=2) + "\n")
    return path


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def probe_file(source_path: Path) -> Path:
    return source_path.with_name(source_path.stem + PROBE_SUFFIX)


def load_probe(path: Path) -> Probe | None:
    """The probe `sources add` saved beside a source, or None when there is none."""
    if not path.is_file():
        return None
    try:
        return Probe.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError) as exc:
        raise ProbeError(f"{path}: not a probe summary ({str(exc).splitlines()[0]})") from None


def _no_documents(found: Probe) -> str:
    tried = Counter(f"{p.kind}/{p.status}" for p in found.by_role("candidate"))
    kinds = ", ".join(f"{k} {v}" for k, v in tried.most_common()) or "none"
    budget = f" (all {found.max_pages} fetches used: raise --max-pages)" if found.fetches >= found.max_pages else ""
    return (
        f"the start page is {found.start.kind!r}; {len(found.by_role('candidate'))} linked page(s) tried"
        f" ({kinds}){budget}; give the URL of a column that lists documents"
    )


# --- comparing two probes -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Finding:
    severity: Literal["broken", "changed"]
    what: str


def compare(before: Probe | None, now: Probe, source: Source) -> list[Finding]:
    """What changed since `sources add` (broken: a crawl would lose documents or fields)."""
    out: list[Finding] = []
    details = now.details
    n = len(details)
    if now.start.kind != "list":
        out.append(Finding("broken", f"the start page is no longer a list of documents (now {now.start.kind!r})"))
    if n == 0:
        out.append(Finding("broken", "no documents found: " + _no_documents(now)))
    for p in now.by_role("pager"):
        if p.status != "ok":
            out.append(Finding("broken", f"pager page {p.url}: {p.status} ({p.reason or p.http_status})"))
    out += _stale_hints(source, now)
    if before is None:
        return out
    b = len(before.details)
    if 0 < n < b:
        out.append(Finding("changed", f"fewer documents among the sampled links: {n} (add saw {b})"))
    if before.pager_found and not now.pager_found:
        out.append(
            Finding("broken", f"pager gone: the column page announced {before.pager_found} more page(s), now none")
        )
    if n:
        was, now_counts = before.field_counts(), now.field_counts()
        for f in FIELDS:
            if b and was[f] * 2 >= b and now_counts[f] * 2 < n:
                out.append(
                    Finding("broken", f"{f}: found on {was[f]}/{b} documents at add, on {now_counts[f]}/{n} now")
                )
        body_was = [int(d.values.get("body", "0")) for d in before.details]
        body_now = [int(d.values.get("body", "0")) for d in details]
        if statistics.median(body_was) and statistics.median(body_now) < statistics.median(body_was) / 2:
            out.append(
                Finding(
                    "changed",
                    f"bodies shrank: median {statistics.median(body_now):.0f} characters,"
                    f" was {statistics.median(body_was):.0f}",
                )
            )
    old, new = before.statuses(), now.statuses()
    for status in sorted(set(new) - {"ok"}):
        if new[status] > old.get(status, 0):
            out.append(Finding("changed", f"status {status}: {new[status]} page(s) (add saw {old.get(status, 0)})"))
    if before.attachment_links() and not now.attachment_links():
        out.append(Finding("changed", f"no attachment links on documents (add saw {len(before.attachment_links())})"))
    return out


def _stale_hints(source: Source, now: Probe) -> list[Finding]:
    """A source's own list/detail patterns against what the content says now: a detail page
    they do not match is a document the crawl would not follow."""
    out: list[Finding] = []
    details = now.details
    if source.detail_patterns and details:
        hit = sum(any(p.search(_path(d.url)) for p in source.detail_patterns) for d in details)
        if hit < len(details):
            out.append(Finding("broken", f"the source's detail patterns match {hit}/{len(details)} documents found"))
    lists = now.lists
    if source.list_patterns and lists:
        hit = sum(any(p.search(_path(x.url)) for p in source.list_patterns) for x in lists)
        if hit < len(lists):
            out.append(Finding("broken", f"the source's list patterns match {hit}/{len(lists)} list pages found"))
    return out


# --- text ---------------------------------------------------------------------------------------


def render(found: Probe) -> str:
    """What a probe found, for a terminal."""
    base = origin_of(found.url)

    def short(u: str) -> str:
        return u[len(base) :] if u.startswith(base) else u

    lines = [
        f"probed {found.url}: {found.fetches} fetches in {found.elapsed_s:.1f} s",
        f"start page     {found.start.kind}, {found.start.status}"
        + (f" — {found.start.title}" if found.start.title else ""),
    ]
    pagers = found.by_role("pager")
    pager = (
        "none found"
        if not found.pager_found
        else (
            f"{found.pager_found} more page(s) announced; fetched "
            + ", ".join(f"{short(p.url)} ({p.kind}, {p.status})" for p in pagers)
        )
    )
    lines.append(f"pager          {pager}")
    lines.append(f"list pages     {len(found.lists)}")
    details = found.details
    tried = found.by_role("candidate")
    lines.append(f"documents      {len(details)} of {len(tried)} linked page(s) sampled")
    for d in details:
        lines.append(f"  {short(d.url)}  {d.title or '(no title)'}")
        shown = [f"{f} {d.values[f]}" for f in FIELDS if f in d.values and f not in ("title", "body")]
        lines.append(
            "      "
            + " · ".join([*shown, f"body {d.values.get('body', '0')} chars", f"{len(d.attachments)} attachment(s)"])
        )
    others = [p for p in tried if p not in details]
    if others:
        lines.append(
            "not documents  "
            + ", ".join(f"{k} {v}" for k, v in Counter(f"{p.kind}/{p.status}" for p in others).most_common())
        )
    if details:
        n = len(details)
        lines.append("fields         " + ", ".join(f"{f} {c}/{n}" for f, c in found.field_counts().items()))
    links = found.attachment_links()
    fetched = found.by_role("attachment")
    lines.append(
        f"attachments    {len(links)} linked"
        + ("; fetched " + ", ".join(f"{short(p.url)} ({p.status})" for p in fetched) if fetched else "")
    )
    if found.other_origins:
        lines.append("other origins  " + ", ".join(found.other_origins) + " (not allowed: not fetched)")
    lines.append("statuses       " + ", ".join(f"{k} {v}" for k, v in sorted(found.statuses().items())))
    if found.skipped:
        lines.append("skipped        " + "; ".join(f"{short(u)}: {why}" for u, why in list(found.skipped.items())[:5]))
    hints = hints_of(found) if details else {}
    for kind, patterns in hints.items():
        if patterns:
            lines.append(f"{kind + ' hint':14} {', '.join(patterns)}  (suggested, commented in the file)")
    return "\n".join(lines)


def render_findings(findings: list[Finding]) -> str:
    if not findings:
        return "ok: the site looks as it did when the source was added"
    return "\n".join(f"{f.severity}: {f.what}" for f in findings)
