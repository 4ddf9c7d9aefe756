"""govdocs command line: every command delegates to a library function or a flow."""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import io
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from govdocs.paths import DEFAULT_DB

if TYPE_CHECKING:
    from govdocs.sources import Source

TABLE_ROWS = 10_000


class UserError(Exception):
    """An error the user can fix; printed as one line, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    configure_logging(args.verbose, args.log_level)
    import duckdb

    from govdocs.warehouse.db import WarehouseError, preflight
    from govdocs.warehouse.query import QueryFailed, one_line

    try:
        if isinstance(getattr(args, "db", None), Path):
            preflight(args.db)  # a bad --db is one line before any work starts
        return args.func(args) or 0
    except (UserError, WarehouseError) as exc:
        print(f"govdocs: error: {exc}", file=sys.stderr)
        return 2
    except QueryFailed as exc:
        print(f"govdocs: error: {exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:  # report, export …: DuckDB's message without its LINE/caret block
        hint = ""
        if isinstance(exc, duckdb.OutOfMemoryException):
            from govdocs.warehouse.db import duckdb_config

            limit = duckdb_config()["memory_limit"]
            hint = f" (the pipeline's DuckDB memory limit is {limit}: raise GOVDOCS_DUCKDB_MEMORY)"
        print(f"govdocs: error: {one_line(exc)}{hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("govdocs: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `govdocs sql … | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout at exit
        return 0


DB_HELP = "warehouse file (default: %(default)s; $GOVDOCS_DB sets it)"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class HelpFormatter(argparse.HelpFormatter):
    """Help that shows an option's default when the default says something: not for None
    (the help text says what leaving it out means), flags, empty lists, or help that already
    names its default. (argparse's ArgumentDefaultsHelpFormatter prints all of those.)"""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or not action.option_strings
            or action.nargs == 0  # store_true, count, help, version
            or default is None
            or default == []
            or default is argparse.SUPPRESS
        ):
            return text
        return f"{text} (default: %(default)s)"


def _log_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """-v and --log-level, on the top level and after every command: `govdocs -v crawl` and
    `govdocs crawl -v` mean the same (a command's copy defaults to SUPPRESS, so it does not
    reset what was given before the command)."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0 if top else argparse.SUPPRESS,
        help="more log lines on stderr: -v info, -vv debug, for govdocs and Prefect",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default=None if top else argparse.SUPPRESS,
        metavar="LEVEL",
        help=f"{', '.join(LOG_LEVELS[:-1])} or {LOG_LEVELS[-1]}, for govdocs and Prefect; overrides -v "
        "(default: WARNING; Prefect's from $PREFECT_LOGGING_LEVEL)",
    )


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, metavar="PATH", help=DB_HELP)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="govdocs",
        description="Crawl Chinese government disclosure sites (政府信息公开) into a DuckDB "
        "warehouse of documents and figures, validated with Great Expectations.",
        epilog="environment: GOVDOCS_DB is the default --db (else ./warehouse/govdocs.duckdb); "
        "GOVDOCS_SOURCES holds your own sources (else ./sources); PREFECT_API_URL, read by Prefect, is the "
        "server runs report to (else a temporary one for each command; `serve` needs a running one); "
        "GOVDOCS_DUCKDB_MEMORY is DuckDB's memory limit in a crawl, validation or report (default 96MB).",
        formatter_class=HelpFormatter,
    )
    from govdocs import __version__

    p.add_argument("--version", action="version", version=f"govdocs {__version__}")
    _log_options(p, top=True)
    common = argparse.ArgumentParser(add_help=False)
    _log_options(common, top=False)
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    def command(parent: Any, name: str, **kw: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = parent.add_parser(name, formatter_class=HelpFormatter, parents=[common], **kw)
        return parser

    d = command(
        sub,
        "demo",
        help="run the full pipeline on the bundled sample site",
        description="Serve the bundled sample site on 127.0.0.1 (a free port), crawl it "
        "through the same code as a real site, extract, load, validate and report.",
    )
    _db_option(d)
    d.add_argument("--json", action="store_true", help="print the run summary as JSON")
    d.add_argument("--quiet", action="store_true", help="no progress lines")
    d.set_defaults(func=cmd_demo)

    c = command(
        sub,
        "crawl",
        help="crawl a configured source or a start URL into the warehouse",
        description="Crawl a configured source (govdocs/sources/NAME.toml) or an ad-hoc "
        "start URL, politely, then extract, load, validate and report.",
    )
    g = c.add_mutually_exclusive_group(required=True)
    g.add_argument(
        "--source",
        action="append",
        metavar="NAME",
        help="source name (e.g. cqspb) or path to a source .toml file; "
        "repeat it to crawl several sources at once (hosts in parallel, one writer)",
    )
    g.add_argument(
        "--all", action="store_true", help="every configured source (govdocs sources) except the bundled sample"
    )
    g.add_argument("--url", help="ad-hoc start URL; the crawl stays on its origin")
    _db_option(c)
    c.add_argument(
        "--max-pages",
        type=int,
        default=None,
        metavar="N",
        help="stop after this many fetches (default: the source's max_pages, 2000 unless its .toml says otherwise)",
    )
    c.add_argument(
        "--fresh",
        action="store_true",
        help="start a new run even when the last run of the source did not finish (default: resume it)",
    )
    c.add_argument(
        "--delay",
        type=float,
        default=None,
        metavar="SECONDS",
        help="seconds between requests to one host (default: the source's delay_s, 1 unless its .toml says otherwise)",
    )
    c.add_argument("--json", action="store_true", help="print the run summary as JSON")
    c.add_argument("--quiet", action="store_true", help="no progress lines")
    c.set_defaults(func=cmd_crawl)

    e = command(
        sub,
        "extract",
        help="extract records from saved pages or URLs (no database)",
        description="Print one record per input: status, metadata (索引号, 发布机构, dates …), "
        "body text and figures. Inputs are files, folders of .html/.htm files (read recursively, "
        "in sorted order), http(s) URLs, or - for standard input. An input that cannot be read "
        "is one line on stderr (its record has status fetch_error); the others are still "
        "extracted, and the exit status is 1.",
    )
    e.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="an HTML file, a folder of them, an http(s) URL, or - (HTML on standard input)",
    )
    e.add_argument(
        "--format",
        choices=["json", "jsonl", "csv"],
        default="json",
        help="json: the record (an array of them for several inputs); jsonl: one record a line; "
        "csv: one row per document, UTF-8, lists and objects as JSON text",
    )
    e.add_argument("--no-body", action="store_true", help="leave body_text out of the output")
    e.add_argument(
        "--output-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="write one file per input into DIR, named from the input (page.html → page.json; "
        "a folder's files keep their subfolders) (default: all records on stdout)",
    )
    e.set_defaults(func=cmd_extract)

    r = command(
        sub,
        "reextract",
        help="rebuild documents and figures from the archive (no network)",
        description="Re-run extraction on every archived detail page (WARC files under the "
        "warehouse) and load the results idempotently; prints what changed.",
    )
    _db_option(r)
    r.add_argument("--source", default=None, metavar="NAME", help="only pages of this source (default: every source)")
    r.add_argument(
        "--dask",
        nargs="?",
        const="local",
        default=None,
        metavar="ADDRESS",
        help="run the chunks on Dask: alone, a temporary local cluster of 2 workers (processes when "
        "PREFECT_API_URL names a server, else threads); with ADDRESS, that scheduler (tcp://host:8786), "
        "whose workers must read the WARC files at their stored paths (default: no Dask, one chunk at a time)",
    )
    r.add_argument("--json", action="store_true", help="print the summary as JSON")
    r.add_argument("--quiet", action="store_true", help="no progress lines")
    r.set_defaults(func=cmd_reextract)

    iw = command(
        sub,
        "import-warc",
        help="import web archives (WARC) made by other crawlers (no network)",
        description="Run every response (and revisit, resolved against its original) record of "
        "WARC files — wget --warc-file, Heritrix, Browsertrix-crawler, pywb, Common Crawl; gzipped or "
        "plain, WARC/1.0 or 1.1 — through the same page path as a crawl: classification, extraction, "
        "figures, the warehouse, quality checks, the report. A second import changes nothing.",
    )
    iw.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help=".warc / .warc.gz files, or folders of them")
    _db_option(iw)
    iw.add_argument(
        "--source",
        default=None,
        metavar="NAME",
        help="the source the archive is of (its URL patterns are hints); "
        "default: source 'warc-import', what a page is comes from the page",
    )
    iw.add_argument(
        "--base",
        default=None,
        metavar="URL",
        help="the address the archive was made at, for a source "
        "stored under a canonical base (the sample site: the URL wget crawled, e.g. http://127.0.0.1:8000/) "
        "(default: the source's own addresses)",
    )
    iw.add_argument(
        "--url-prefix",
        action="append",
        default=[],
        metavar="URL",
        help="keep only records under this URL prefix (repeatable; a Common Crawl segment holds the web) "
        "(default: every record)",
    )
    iw.add_argument("--json", action="store_true", help="print the run summary as JSON")
    iw.add_argument("--quiet", action="store_true", help="no progress lines")
    iw.set_defaults(func=cmd_import_warc)

    q = command(
        sub,
        "sql",
        help="query the warehouse read-only",
        description="Run one SQL statement against a read-only snapshot of the warehouse. "
        "Local files, COPY, ATTACH, INSTALL and LOAD are refused. A statement DuckDB rejects "
        "is one line on stderr and exit status 1.",
    )
    q.add_argument("query", help='e.g. "SELECT publisher, count(*) FROM documents GROUP BY 1"')
    _db_option(q)
    q.add_argument(
        "--format",
        choices=["table", "csv", "json", "jsonl", "parquet"],
        default="table",
        help="table: the first 10,000 rows for eyes; csv, json (an array), jsonl (one object a line; "
        "dates and decimals as strings): every row, streamed; parquet: the whole result, written to --out",
    )
    q.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help="output file for --format parquet (required there)"
    )
    q.add_argument("--force", action="store_true", help="replace --out when it exists (never the warehouse)")
    q.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="VALUE",
        help="bind a value to the next ? placeholder (repeatable, in order; default: no parameters)",
    )
    q.set_defaults(func=cmd_sql)

    t = command(
        sub,
        "tables",
        help="list the warehouse's tables and views with row counts and comments",
        description="Every table and view of the warehouse: kind, row count and comment "
        "(read-only; like sqlite-utils tables --counts).",
    )
    _db_option(t)
    t.add_argument("--json", action="store_true", help="print the list as a JSON array")
    t.set_defaults(func=cmd_tables)

    sch = command(
        sub,
        "schema",
        help="show the columns of one table or view",
        description="The columns of a table or view: name, type, nullable, comment (read-only).",
    )
    sch.add_argument("table", metavar="TABLE", help="a table or view name, as `govdocs tables` lists it")
    _db_option(sch)
    sch.add_argument("--json", action="store_true", help="print the columns as a JSON array")
    sch.set_defaults(func=cmd_schema)

    x = command(
        sub,
        "export",
        help="write the public tables and analyst views as Parquet or CSV files",
        description="Write the public tables and every analyst view (documents, figures, "
        "annual-report cells and metrics by report year, canonical metrics, publishers, history, "
        "quality, quarantine) to one file each, read from a read-only snapshot of the warehouse.",
    )
    _db_option(x)
    x.add_argument(
        "--format",
        choices=["parquet", "csv"],
        default=None,
        help="parquet (default; column descriptions in the file metadata) or csv",
    )
    x.add_argument("--tables", default=None, metavar="NAME,…", help="only these tables/views (default: all)")
    x.add_argument(
        "--excel",
        action="store_true",
        help="CSV with a UTF-8 BOM so Excel/WPS show Chinese text (implies --format csv)",
    )
    x.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="output directory (default: export/ beside the warehouse)"
    )
    x.set_defaults(func=cmd_export)

    rp = command(
        sub,
        "report",
        help="write the HTML report (quality over time, quarantine, charts, GX Data Docs)",
        description="Write DIR/index.html for a run (default: the latest) and Great Expectations "
        "Data Docs of its validation in DIR/gx-docs/.",
    )
    _db_option(rp)
    rp.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="output directory (default: reports/ beside the warehouse)",
    )
    rp.add_argument("--run", default=None, metavar="RUN_ID", help="run id (default: the latest run)")
    rp.add_argument("--no-gx-docs", action="store_true", help="skip the GX Data Docs site")
    rp.set_defaults(func=cmd_report)

    sv = command(
        sub,
        "serve",
        help="run the scheduled deployments (nightly crawl, weekly reextract/validate)",
        description="Register the deployments in govdocs/config/schedules.toml (cron + "
        "timezone) with the Prefect server and run their scheduled runs until interrupted. "
        "Start the server first: `prefect server start` (UI at http://127.0.0.1:4200).",
    )
    _db_option(sv)
    sv.add_argument(
        "--schedules",
        type=Path,
        default=None,
        metavar="FILE",
        help="schedule file (default govdocs/config/schedules.toml)",
    )
    sv.add_argument(
        "--api-url",
        default=None,
        metavar="URL",
        help="Prefect API (default $PREFECT_API_URL, else http://127.0.0.1:4200/api)",
    )
    sv.add_argument(
        "--limit", type=int, default=None, metavar="N", help="at most this many runs at once (default: no limit)"
    )
    sv.add_argument("--dry-run", action="store_true", help="print the deployments and exit")
    sv.set_defaults(func=cmd_serve)

    so = command(
        sub,
        "sources",
        help="list configured sources; add one by probing a column URL; check one",
        description="Without a subcommand: list the configured sources (bundled in govdocs/sources/ "
        "and the user's in $GOVDOCS_SOURCES, default ./sources/).",
    )
    so.set_defaults(func=cmd_sources)
    sos = so.add_subparsers(title="subcommands", metavar="SUBCOMMAND")
    sa = command(
        sos,
        "add",
        help="probe a column URL politely and write sources/NAME.toml",
        description="Fetch the column page, its first pager pages and a sample of the pages it "
        "links (robots.txt obeyed, one host, --delay apart), show the list pages, pager, documents "
        "with their fields and attachments found, and write NAME.toml (+ NAME.probe.json, what "
        "`sources check` compares against). No warehouse is written.",
    )
    sa.add_argument("url", metavar="URL", help="a column (list) page, e.g. http://www.example.gov.cn/zwgk/index.html")
    sa.add_argument("--name", default=None, help="source name (default: from the host)")
    sa.add_argument(
        "--max-pages", type=int, default=30, metavar="N", help="at most this many fetches (default %(default)s)"
    )
    sa.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds between requests (default %(default)s; also written to the file)",
    )
    sa.add_argument(
        "--dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write (default $GOVDOCS_SOURCES, else ./sources)",
    )
    sa.add_argument("--force", action="store_true", help="overwrite an existing NAME.toml")
    sa.add_argument("--json", action="store_true", help="print the probe as JSON")
    sa.set_defaults(func=cmd_sources_add)
    sc = command(
        sos,
        "check",
        help="re-probe a source and report what changed since `sources add`",
        description="Probe the source's start URL again and compare with NAME.probe.json: "
        "documents found, fields, pager, statuses, and the source's own URL patterns. "
        "Exit 1 when broken (a site redesign is the usual cause).",
    )
    sc.add_argument("name", metavar="NAME", help="source name or path to its .toml")
    sc.add_argument(
        "--max-pages", type=int, default=30, metavar="N", help="at most this many fetches (default %(default)s)"
    )
    sc.add_argument(
        "--delay",
        type=float,
        default=None,
        metavar="SECONDS",
        help="seconds between requests (default: the source's)",
    )
    sc.set_defaults(func=cmd_sources_check)
    return p


# --- commands ---------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    """`crawl --source sample`: the bundled site, served on loopback for the run."""
    crawl = {"source": ["sample"], "all": False, "url": None, "max_pages": None, "delay": None, "fresh": False}
    return cmd_crawl(argparse.Namespace(**{**crawl, **vars(args)}))


def cmd_crawl(args: argparse.Namespace) -> int:
    from govdocs.fetch.crawl import CrawlUnreachable
    from govdocs.pipeline import SourceBusy
    from govdocs.samplesite.server import serve_site
    from govdocs.sources import SourceError, available_sources, load_source, source_for_url

    names = crawl_all_names(available_sources()) if args.all else (args.source or [])
    if args.max_pages is not None and args.max_pages < 1:
        raise UserError("--max-pages must be at least 1")
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        base = None
        if any(_is_sample(n) for n in names):  # its address is wherever we serve it, as `demo` does
            base = stack.enter_context(serve_site())
            if not args.quiet:
                print(f"sample site serving at {base}", file=sys.stderr)
        try:  # validate before paying for Prefect's start-up
            sources = [load_source(n, base=base) for n in names] if names else [source_for_url(args.url)]
        except SourceError as exc:
            if "{base}" in str(exc):  # a copy of the sample's file, or a user file written like it
                raise UserError(
                    f"{str(exc).split(': ')[0]}: its URLs hold a {{base}} placeholder, which only the "
                    "bundled sample source is given (govdocs serves that site); write the site's address instead"
                ) from None
            raise UserError(str(exc)) from None
        for source in sources:
            _preflight(source)
        stack.enter_context(_progress(args))
        _prefect_env()
        from flows.pipeline import CrawlFailed, crawl_flow

        try:
            summary = crawl_flow(
                source_names=names or None,
                url=None if names else args.url,
                db_path=str(args.db),
                base=base,
                max_pages=args.max_pages,
                delay_s=args.delay,
                fresh=args.fresh,
            )
        except CrawlUnreachable as exc:
            raise UserError(f"{exc} (is this machine offline?)") from None
        except (SourceBusy, CrawlFailed) as exc:
            raise UserError(str(exc)) from None
    summary["wall_seconds"] = round(time.monotonic() - started, 1)
    _print_summary(summary, args.json)
    return 0 if summary.get("dq_success") else 1


def crawl_all_names(names: list[str]) -> list[str]:
    """`crawl --all`: every configured source but the bundled sample site (demo data has no
    place among a user's real sources; `--source sample` still crawls it)."""
    return [n for n in names if not _is_sample(n)]


def _is_sample(name: str) -> bool:
    """The bundled sample source (by name or by its path), whose site govdocs serves itself."""
    from govdocs.paths import SOURCES_DIR
    from govdocs.sources import source_file

    return source_file(name).resolve() == (SOURCES_DIR / "sample.toml").resolve()


def cmd_extract(args: argparse.Namespace) -> int:
    from govdocs.extract_inputs import STDIN, NoPages, expand, extract_input
    from govdocs.records import empty_record

    if args.output_dir is not None and args.output_dir.exists() and not args.output_dir.is_dir():
        raise UserError(f"--output-dir {args.output_dir} is a file, not a folder")
    columns = [k for k in empty_record("") if not (args.no_body and k == "body_text")]
    single = len(args.inputs) == 1 and not Path(args.inputs[0]).is_dir()  # json: one object, not an array
    out = None if args.output_dir else _stdout_writer(args.format, columns, single)
    written: set[Path] = set()
    failed = 0
    for given in expand(args.inputs):
        if isinstance(given, NoPages):
            print(f"govdocs: error: {given}", file=sys.stderr)
            failed += 1
            continue
        stdin = sys.stdin.buffer if given.item == STDIN and sys.stdin is not None else None
        record: dict[str, Any] = dict(extract_input(given.item, stdin))
        if args.no_body:
            record.pop("body_text", None)
        if record["status"] == "fetch_error":  # nothing was read: say so once, carry on
            print(f"govdocs: error: {given.item}: {record['status_reason']}", file=sys.stderr)
            failed += 1
            if out is None:
                continue  # --output-dir: no file for an input that was not read
        if out is not None:
            out(record)
            continue
        try:
            written.add(_write_record_file(args.output_dir, given.output_name, args.format, columns, record, written))
        except OSError as exc:
            print(f"govdocs: error: {given.item}: cannot write its output: {exc.strerror or exc}", file=sys.stderr)
            failed += 1
    if out is not None:
        out(None)
    elif written:
        print(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} to {args.output_dir}", file=sys.stderr)
    return 1 if failed else 0


def _csv_cell(value: object) -> object:
    """Lists and objects (metrics, attachments, field_sources …) as JSON text; None as empty."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _stdout_writer(fmt: str, columns: list[str], single: bool) -> Callable[[dict[str, Any] | None], None]:
    """A function that prints each record as it comes (None: the end), in constant memory."""
    _utf8_stdout()
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(columns)
        return lambda r: None if r is None else w.writerow([_csv_cell(r.get(c)) for c in columns])
    if fmt == "jsonl" or single:
        indent = None if fmt == "jsonl" else 2
        return lambda r: None if r is None else print(json.dumps(r, ensure_ascii=False, indent=indent))
    count = 0

    def array(r: dict[str, Any] | None) -> None:
        nonlocal count
        if r is None:
            sys.stdout.write("\n]\n" if count else "[]\n")
            return
        sys.stdout.write(",\n" if count else "[\n")
        sys.stdout.write(json.dumps(r, ensure_ascii=False, indent=2))
        count += 1

    return array


def _write_record_file(
    directory: Path, name: PurePosixPath, fmt: str, columns: list[str], record: dict[str, Any], taken: set[Path]
) -> Path:
    """DIR/<name>.<format>; a second input of the same name in this run gets <name>-2 (a
    rerun overwrites its own files: the same inputs give the same names)."""
    base = directory / f"{name}.{fmt}"
    target, n = base, 1
    while target in taken:
        n += 1
        target = base.with_name(f"{base.stem}-{n}{base.suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            w = csv.writer(fh)
            w.writerow(columns)
            w.writerow([_csv_cell(record.get(c)) for c in columns])
        else:
            fh.write(json.dumps(record, ensure_ascii=False, indent=None if fmt == "jsonl" else 2) + "\n")
    return target


def _utf8_stdout() -> None:
    """Machine-readable output is UTF-8 whatever the locale (Chinese text in a C locale)."""
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.encoding.lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(encoding="utf-8")


def cmd_reextract(args: argparse.Namespace) -> int:
    if not args.db.exists():
        raise UserError(f"no warehouse at {args.db}; run `govdocs demo` or `govdocs crawl` first")
    if args.dask and args.dask != "local":
        _dask_preflight(args.dask)
    with _progress(args):
        _prefect_env()
        from flows.pipeline import reextract_flow

        flow = reextract_flow
        if args.dask:
            from flows.runners import dask_runner

            flow = reextract_flow.with_options(task_runner=dask_runner(None if args.dask == "local" else args.dask))
        summary = flow(db_path=str(args.db), source=args.source)
    failures = summary.pop("failures")
    for f in failures[:20]:
        print(f"failed: {f['url']}: {f['reason']}", file=sys.stderr)
    _print_summary(summary, args.json)
    return 0 if summary.get("dq_success") else 1


def cmd_import_warc(args: argparse.Namespace) -> int:
    from govdocs.sources import SourceError, load_source
    from govdocs.warc_import import NoArchive, warc_files

    try:  # validate before paying for Prefect's start-up
        warc_files(args.paths)
        if args.source:
            load_source(args.source, base=args.base)
        for prefix in args.url_prefix:
            if not prefix.startswith(("http://", "https://")):
                raise UserError(f"--url-prefix {prefix!r} is not an http(s) URL")
    except (NoArchive, SourceError) as exc:
        hint = " (this source needs --base URL: the address the archive was made at)" if "{base}" in str(exc) else ""
        raise UserError(f"{exc}{hint}") from None
    started = time.monotonic()
    with _progress(args):
        _prefect_env()
        from flows.import_warc import ImportFailed, import_warc_flow
        from govdocs.pipeline import SourceBusy

        try:
            summary = import_warc_flow(
                paths=[str(p) for p in args.paths],
                db_path=str(args.db),
                source_name=args.source,
                base=args.base,
                url_prefixes=args.url_prefix,
            )
        except (SourceBusy, ImportFailed) as exc:
            raise UserError(str(exc)) from None
    summary["wall_seconds"] = round(time.monotonic() - started, 1)
    _print_summary(summary, args.json)
    return 0 if summary.get("dq_success") else 1


def cmd_sql(args: argparse.Namespace) -> int:
    from govdocs.warehouse.query import MAX_RESULT_BYTES, QueryError, QueryFailed, iter_rows, take, write_parquet

    _need_warehouse(args.db)
    try:
        if args.format == "parquet":
            if args.out is None:
                raise UserError("--format parquet needs --out FILE")
            n = write_parquet(args.db, args.query, args.out, args.param or None, force=args.force)
            print(f"wrote {n} rows to {args.out}", file=sys.stderr)
            return 0
        with iter_rows(args.db, args.query, args.param or None) as rows:
            if args.format != "table":
                _utf8_stdout()
            if args.format == "table":  # for eyes: capped, and says so
                kept, cut = take(rows, TABLE_ROWS, MAX_RESULT_BYTES)
                _print_table(rows.columns, kept)
                if cut is not None:
                    print(
                        f"(showing the first {len(kept)} rows; use --format csv, json or parquet for all)",
                        file=sys.stderr,
                    )
            elif args.format == "csv":  # for tools: every row, streamed
                w = csv.writer(sys.stdout)
                w.writerow(rows.columns)
                w.writerows(rows)
            elif args.format == "jsonl":
                for row in rows:
                    print(json.dumps(dict(zip(rows.columns, row, strict=False)), ensure_ascii=False, default=str))
            else:
                _print_json_rows(rows.columns, rows)
    except QueryFailed:
        raise  # DuckDB's own error: one line, exit 1 (main)
    except QueryError as exc:  # refused before DuckDB ran it
        raise UserError(str(exc)) from None
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    from govdocs.warehouse.query import relations

    _need_warehouse(args.db)
    found = relations(args.db)
    if args.json:
        print(json.dumps([dataclasses.asdict(r) for r in found], ensure_ascii=False, indent=2))
    else:
        _print_table(
            ["name", "kind", "rows", "comment"],
            [(r.name, r.kind, "error" if r.rows is None else f"{r.rows:,}", r.comment) for r in found],
        )
    for r in found:
        if r.error:
            print(f"govdocs: error: {r.name}: {r.error}", file=sys.stderr)
    return 1 if any(r.error for r in found) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from govdocs.warehouse.query import UnknownRelation, columns

    _need_warehouse(args.db)
    try:
        found = columns(args.db, args.table)
    except UnknownRelation as exc:
        raise UserError(str(exc)) from None
    if args.json:
        print(json.dumps([dataclasses.asdict(c) for c in found], ensure_ascii=False, indent=2))
    else:
        _print_table(
            ["name", "type", "nullable", "comment"],
            [(c.name, c.type, "yes" if c.nullable else "no", c.comment) for c in found],
        )
    return 0


def _need_warehouse(db: Path) -> None:
    if not db.exists():
        raise UserError(f"no warehouse at {db}; run `govdocs demo` or `govdocs crawl` first")


def _print_json_rows(columns: list[str], rows: Iterable[tuple[object, ...]]) -> None:
    """A JSON array written row by row (constant memory, whatever the result's size)."""
    out = sys.stdout
    out.write("[")
    for i, row in enumerate(rows):
        out.write(",\n  " if i else "\n  ")
        out.write(json.dumps(dict(zip(columns, row, strict=False)), ensure_ascii=False, default=str))
    out.write("\n]\n")


def cmd_export(args: argparse.Namespace) -> int:
    from govdocs.warehouse.export import ExportError, export

    _need_warehouse(args.db)
    out = args.out or args.db.parent / "export"
    fmt = args.format or ("csv" if args.excel else "parquet")
    tables = args.tables.split(",") if args.tables is not None else None
    try:
        exported = export(args.db, out, fmt, tables, excel=args.excel)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    for e in exported:
        print(f"{e.name:32} {e.rows:>10,} rows  {e.path}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import duckdb

    from govdocs import quality, warehouse
    from govdocs.pipeline import report_dir_for
    from govdocs.warehouse.query import sandboxed

    _need_warehouse(args.db)
    _prefect_env(server=False)  # quiet GX logging; no flow runs
    out = args.out or report_dir_for(args.db)
    try:
        con = warehouse.connect(args.db)  # applies new migrations (views) to an older file
    except duckdb.IOException:  # a writer holds the file: report from a read-only snapshot
        with sandboxed(args.db) as snap:
            path = quality.write_report(snap, out, args.run, gx_docs=not args.no_gx_docs)
    else:
        try:
            path = quality.write_report(con, out, args.run, gx_docs=not args.no_gx_docs)
        finally:
            con.close()
    print(path)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from govdocs.orchestration import ScheduleError, load_schedules

    try:
        specs = load_schedules(args.schedules)
    except ScheduleError as exc:
        raise UserError(str(exc)) from None
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.deployments import build_deployments, crawl_limits_for, serve_deployments
    from govdocs.orchestration.schedules import SCHEDULES_FILE

    try:  # every run-time parameter check, before anything is registered (and in --dry-run)
        deployments = build_deployments(specs, db_path=args.db.resolve())
        crawl_limits_for(specs)
    except ScheduleError as exc:
        raise UserError(f"{(args.schedules or SCHEDULES_FILE).name}: {exc}") from None
    for spec, dep in zip(specs, deployments, strict=False):
        print(
            f"{dep.name:24} {dep.flow_name:18} {spec.cron:12} {spec.timezone:14} "
            f"{json.dumps(dep.parameters, ensure_ascii=False)}"
        )
    if args.dry_run:
        return 0
    api = args.api_url or PREFECT_API_URL.value() or "http://127.0.0.1:4200/api"
    with temporary_settings(updates={PREFECT_API_URL: api}):
        with get_client(sync_client=True) as client:
            if client.api_healthcheck() is not None:
                raise UserError(f"no Prefect server at {api}; start one with `prefect server start`")
        print(
            f"serving {len(deployments)} deployments on {api} (UI: {api.removesuffix('/api')}); Ctrl-C stops",
            file=sys.stderr,
        )
        serve_deployments(specs, deployments, limit=args.limit)
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    import tomllib

    from govdocs.sources import SourceError, available_sources, load_source, source_file

    for name in available_sources():
        path = source_file(name)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            load_source(path, base="http://base.invalid/")  # {base}: the sample site's port
            state = ""
        except (OSError, ValueError, SourceError) as exc:  # TOMLDecodeError and SourceError are ValueErrors
            data, state = {}, f"  (invalid: {exc})"
        raw = data.get("start_urls")
        starts: list[object] = raw if isinstance(raw, list) else []
        print(f"{name:20} {data.get('title') or ''!s:30} {' '.join(map(str, starts))}  [{path}]{state}")
    return 0


def _probe_limits(args: argparse.Namespace) -> None:
    if args.max_pages < 1:
        raise UserError("--max-pages must be at least 1")
    if args.delay is not None and not 0 <= args.delay <= 600:
        raise UserError("--delay must be between 0 and 600 seconds")


def cmd_sources_add(args: argparse.Namespace) -> int:
    from govdocs.sources import SourceError, source_for_url, user_sources_dir
    from govdocs.sources.probe import ProbeError, default_name, probe_source, render, write_source

    _probe_limits(args)
    directory = args.dir or user_sources_dir()
    try:
        source = source_for_url(args.url, delay_s=float(args.delay))  # what `crawl --url` would crawl
        name = args.name or default_name(source.start_urls[0])
        if (directory / f"{name}.toml").exists() and not args.force:  # before any request
            raise ProbeError(f"{directory / (name + '.toml')} exists; pass --force to overwrite it")
        found = probe_source(source, max_pages=args.max_pages)
    except (SourceError, ProbeError) as exc:
        raise UserError(str(exc)) from None
    print(found.model_dump_json(indent=2) if args.json else render(found))
    try:
        path = write_source(name, found, directory, delay_s=args.delay, force=args.force)
    except ProbeError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {path} (and {path.stem}.probe.json); crawl it with: govdocs crawl --source {path}", file=sys.stderr)
    return 0


def cmd_sources_check(args: argparse.Namespace) -> int:
    from govdocs.sources import SourceError, load_source, source_file
    from govdocs.sources.probe import ProbeError, compare, load_probe, probe_file, probe_source, render, render_findings

    _probe_limits(args)
    try:
        source = load_source(args.name, delay_s=args.delay)
        before = load_probe(probe_file(source_file(args.name)))
    except (SourceError, ProbeError) as exc:
        raise UserError(str(exc)) from None
    if before is None:
        print(
            f"no probe on record for {args.name} (written by `sources add`); checking what is there now",
            file=sys.stderr,
        )
    try:
        found = probe_source(source, max_pages=args.max_pages)
    except ProbeError as exc:  # the start page itself is gone: the source is broken
        print(f"broken: {exc}")
        return 1
    findings = compare(before, found, source)
    print(render(found))
    print(render_findings(findings))
    return 1 if any(f.severity == "broken" for f in findings) else 0


# --- helpers ----------------------------------------------------------------------------


class _CurrentStderr:
    """A stream that is whatever sys.stderr is at the time (pytest's capture swaps it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


LOG_HANDLER = "govdocs-cli"


class _OneLineFailures(logging.Filter):
    """Prefect logs a failed task or flow with its traceback (60 lines for an error the CLI
    then prints again as one line of its own). On Prefect's console handler, without -v, the
    log line comes alone; -v or --log-level keeps the tracebacks. The console handler sits on
    the root logger, the last a record reaches: the handler that sends run logs to Prefect's
    API (on prefect.task_runs / prefect.flow_runs) has already had the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


_QUIET_LOGS = True  # neither -v nor --log-level (configure_logging)


def _one_line_prefect_failures() -> None:
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.logging.handlers import PrefectConsoleHandler

    ensure_logging_setup()  # what importing Prefect's flow API does; the console handler is then there
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(
            isinstance(f, _OneLineFailures) for f in handler.filters
        ):
            handler.addFilter(_OneLineFailures())


def configure_logging(verbose: int, level: str | None) -> None:
    """-v / --log-level: govdocs' (and the flows') log lines on stderr at that level, and the
    same level for Prefect's loggers (PREFECT_LOGGING_LEVEL, read when a flow starts Prefect).
    Without either, logging stays as quiet as it always was: warnings only, and a failed
    task or flow is one line (`_OneLineFailures`)."""
    global _QUIET_LOGS
    _QUIET_LOGS = not verbose and level is None
    if _QUIET_LOGS:
        return
    name = level or ("INFO" if verbose == 1 else "DEBUG")
    handler = logging.StreamHandler(_CurrentStderr())
    handler.set_name(LOG_HANDLER)
    # Prefect's console format, so that both kinds of line read alike when a flow runs
    handler.setFormatter(
        logging.Formatter("%(asctime)s.%(msecs)03d | %(levelname)-7s | %(name)s - %(message)s", "%H:%M:%S")
    )
    for logger_name in ("govdocs", "flows"):
        logger = logging.getLogger(logger_name)
        for old in [h for h in logger.handlers if h.get_name() == LOG_HANDLER]:  # main() run twice in one process
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(name)
        logger.propagate = False  # once a flow runs, Prefect's root console handler would print each line again
    os.environ["PREFECT_LOGGING_LEVEL"] = name


@contextlib.contextmanager
def _progress(args: argparse.Namespace) -> Iterator[None]:
    """Progress lines on stderr (none with --quiet) for a flow run, from the first moment:
    Prefect takes seconds to start (its server, the first time) before the flow says anything."""
    from govdocs import progress

    quiet = getattr(args, "quiet", False)
    progress.install(None if quiet else progress.CrawlProgress(limit=getattr(args, "max_pages", None)))
    progress.note("starting Prefect…", waiting=True)
    try:
        yield
    finally:
        progress.stop_waiting()


def _preflight(source: Source) -> None:
    """Fail in a second, not after Prefect's start-up, when no start host resolves (offline)."""
    import socket
    from urllib.parse import urlsplit

    errors = []
    for url in source.start_urls:
        host = urlsplit(url).hostname
        try:
            socket.getaddrinfo(host, None)
            return
        except OSError as exc:
            errors.append(f"{host}: {exc.strerror or exc}")
    raise UserError(f"cannot reach {source.name}: name lookup failed ({'; '.join(errors)}); is this machine offline?")


def _dask_preflight(address: str) -> None:
    """One line in a second, not Dask's traceback after its 30 s connect timeout."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address)
        scheme, host, port = parts.scheme, parts.hostname, parts.port
    except ValueError:  # a port out of range, a broken IPv6 literal
        scheme, host, port = "", None, None
    if scheme not in ("tcp", "tls") or not host or not port:
        raise UserError(f"--dask {address}: not a scheduler address (tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786)")
    try:
        socket.create_connection((host, port), timeout=5).close()
    except OSError as exc:
        raise UserError(
            f"--dask {address}: no Dask scheduler answers ({exc.strerror or exc}); start one with `dask scheduler`"
        ) from None


def _prefect_env(*, server: bool = True) -> None:
    # A fresh ephemeral Prefect server takes ~24 s to start here against a 20 s default.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    if server:  # a PREFECT_API_URL nothing answers at: one line, not Prefect's traceback
        from flows.server import unreachable_server

        if (problem := unreachable_server()) is not None:
            raise UserError(problem)
    if _QUIET_LOGS:
        _one_line_prefect_failures()


def _print_summary(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return
    shown = {k: v for k, v in summary.items() if k != "next"}
    width = max(len(k) for k in shown)
    for key, value in shown.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "-"
        print(f"{key.ljust(width)}  {value}")
    if summary.get("next"):  # what to do next, last, where the eye lands
        print()
        for line in summary["next"]:
            print(line)


def _display_width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(value: object, width: int = 80) -> str:
    text = ("" if value is None else str(value)).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [max([_display_width(c)] + [_display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return " | ".join(v + " " * (w - _display_width(v)) for v, w in zip(values, widths, strict=False))

    print(line(columns))
    print("-+-".join("-" * w for w in widths))
    for r in cells:
        print(line(r))
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


if __name__ == "__main__":
    sys.exit(main())
