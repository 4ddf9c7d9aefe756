"""`govdocs import-warc`: pages/s on the sample site's WARC (made by wget) and on a WARC of
generated pages, and peak memory flat as the archive grows.

    python -m benchmarks.bench_import                    # sample site (wget) + 10,000 generated pages
    python -m benchmarks.bench_import --pages 2000       # a smaller generated archive
    python -m benchmarks.bench_import --mode memory      # peak RSS of `govdocs import-warc` at 2,000
                                                         # and 20,000 pages (target: differ by <= 50 MB)
    python -m benchmarks.bench_import --mode memory --sizes 1000,5000

The generated archive is tests/generated_site.py's list and detail pages written with
warcio (a response and a request record each, gzipped per record, one revisit in fifty),
so it costs no HTTP. Throughput is the library call (`import_warcs`): read, decode,
process, commit; the memory mode runs the CLI (Prefect flow, validation, report included).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from benchmarks.bench_crawl import _peak_rss_mb
from govdocs import pipeline
from govdocs.samplesite.server import serve_site
from govdocs.sources import Source, load_source
from govdocs.warc_import import import_warcs
from tests.generated_site import GeneratedSite

BASE = "http://bench.example.gov.cn/"


def generated_warc(path: Path, n_details: int, body_bytes: int = 2_000) -> int:
    """A WARC of a generated site's pages; returns the number of response/revisit records."""
    site = GeneratedSite(n_details, body_bytes=body_bytes)
    headers = [("Content-Type", "text/html; charset=utf-8")]
    records = 0
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        lists = ((f"col/index{'' if p == 0 else f'_{p}'}.html", site.list_page(p)) for p in range(site.lists))
        details = (
            (f"col/20240{1 + i % 9}/t20240{1 + i % 9}{10 + i % 18}_{i}.html", site.detail_page(i))
            for i in range(n_details)
        )
        pages = itertools.chain(lists, details)  # made one at a time: the writer holds no site
        first_digest: tuple[str, str] | None = None
        for k, (rel, body) in enumerate(pages):
            url = BASE + rel
            if k % 50 == 49 and first_digest is not None:  # a deduplicated capture
                w.write_record(
                    w.create_revisit_record(
                        url,
                        first_digest[1],
                        first_digest[0],
                        "2024-01-01T00:00:00Z",
                        http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                    )
                )
            else:
                http = StatusAndHeaders("200 OK", [*headers, ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                rec = w.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"},
                )
                w.write_record(rec)
                if first_digest is None and k >= site.lists:
                    first_digest = (url, rec.rec_headers.get_header("WARC-Payload-Digest"))
                req = StatusAndHeaders(f"GET /{rel} HTTP/1.1", [("Host", "bench.example.gov.cn")], is_http_request=True)
                w.write_record(w.create_warc_record(url, "request", http_headers=req))
            records += 1
    return records


def sample_warc(folder: Path) -> tuple[Path, str] | None:
    """The sample site crawled by wget (its pager is JavaScript: the demo's list pages are
    the start URLs) and the address it was served at, or None without wget."""
    wget = shutil.which("wget")
    if wget is None:
        return None
    with serve_site() as base:
        source = load_source("sample", base=base)
        demo = folder / "demo.duckdb"
        pipeline.crawl_and_load(source, demo)
        import duckdb

        con = duckdb.connect(str(demo), read_only=True)
        lists = [u for (u,) in con.execute("select url from pages where kind = 'list'").fetchall()]
        con.close()
        assert source.canonical_base
        (folder / "seeds.txt").write_text("\n".join(u.replace(source.canonical_base, base, 1) for u in lists))
        subprocess.run(
            [
                wget,
                "--recursive",
                "--level=inf",
                "--no-parent",
                "--quiet",
                "--warc-file",
                str(folder / "sample"),
                "--no-directories",
                "--delete-after",
                "--directory-prefix",
                str(folder / "files"),
                "--input-file",
                str(folder / "seeds.txt"),
            ],
            check=False,
            timeout=300,
        )
    return folder / "sample.warc.gz", base


def _import(label: str, warc: Path, db: Path, source: Source | None = None) -> None:
    for attempt in ("first", "again"):
        t = time.monotonic()
        out = import_warcs([warc], db, source=source)
        wall = time.monotonic() - t
        s = out.stats
        print(
            f"{label} {attempt:5}: {s.pages:6d} pages ({warc.stat().st_size / 1e6:.1f} MB) in {wall:6.2f} s = "
            f"{s.pages / wall:7.1f} pages/s; extracted {s.extracted}, unchanged {s.unchanged}, "
            f"revisits {s.revisits_resolved}"
        )


def throughput(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = sample_warc(folder)
        if made is None:
            print("sample site: wget is not installed (apt-get install wget); skipped")
        else:
            warc, base = made  # the address wget crawled maps to the sample's canonical base
            _import("sample site (wget)", warc, folder / "sample.duckdb", source=load_source("sample", base=base))
        t = time.monotonic()
        gen = folder / "generated.warc.gz"
        n = generated_warc(gen, args.pages)
        print(f"generated archive: {n} pages written in {time.monotonic() - t:.1f} s")
        _import(f"generated {args.pages:>6}", gen, folder / "generated.duckdb")


class _NullSink:
    """Stands in for the warehouse writer: what reading and processing alone hold."""

    def __init__(self, *_a: object, **_k: object) -> None:
        self.loaded: dict[str, object] = {}

    def put(self, _item: object) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> _NullSink:
        return self

    def __exit__(self, *_exc: object) -> None: ...


def one(args: argparse.Namespace) -> None:
    """(internal) import one archive in this process, for the memory mode's measurements."""
    from unittest import mock

    import govdocs.warc_import as wi

    stand_in = mock.patch.object(wi, "BatchWriter", _NullSink) if args.sink == "null" else contextlib.nullcontext()
    with stand_in:
        import_warcs([args.warc], Path(args.warc).with_suffix(".duckdb"))


def memory(args: argparse.Namespace) -> None:
    """Peak RSS per archive size of: reading + processing alone (a null sink), the import
    into a warehouse (+ the writer, DuckDB), and the whole CLI (+ Prefect, GX, report)."""
    sizes = [int(x) for x in args.sizes.split(",")]
    results: dict[str, list[tuple[int, float]]] = {"read+process": [], "import": [], "cli": []}
    env = {**os.environ, "PREFECT_HOME": os.environ.get("PREFECT_HOME", str(Path.home() / ".prefect"))}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            warc = Path(tmp) / "generated.warc.gz"
            generated_warc(warc, n)
            me = [sys.executable, "-m", "benchmarks.bench_import", "--mode", "one", "--warc", str(warc)]
            runs = {
                "read+process": [*me, "--sink", "null"],
                "import": [*me, "--sink", "warehouse"],
                "cli": [
                    sys.executable,
                    "-m",
                    "govdocs.cli",
                    "import-warc",
                    str(warc),
                    "--db",
                    str(Path(tmp) / "govdocs.duckdb"),
                    "--quiet",
                    "--json",
                ],
            }
            for label, cmd in runs.items():
                peak, secs, rc = _peak_rss_mb(cmd, env)
                results[label].append((n, peak))
                print(
                    f"{n:7d} pages ({warc.stat().st_size / 1e6:6.1f} MB of WARC) {label:12}: peak RSS {peak:7.1f} MB, "
                    f"{secs:6.1f} s, exit {rc}"
                )
    for label, got in results.items():
        if len(got) >= 2:
            diff = got[-1][1] - got[0][1]
            print(
                f"{label:12}: {diff:+.1f} MB for {got[-1][0] - got[0][0]} more pages "
                f"(target <= 50 MB): {'yes' if diff <= 50 else 'NO'}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["throughput", "memory", "one"], default="throughput")
    ap.add_argument("--warc", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--sink", choices=["null", "warehouse"], default="warehouse", help=argparse.SUPPRESS)
    ap.add_argument("--pages", type=int, default=10_000, help="detail pages in the generated archive")
    ap.add_argument("--sizes", default="2000,20000", help="memory mode: generated archive sizes")
    args = ap.parse_args()
    if args.mode == "throughput":
        throughput(args)
    elif args.mode == "one":
        one(args)
    else:
        memory(args)


if __name__ == "__main__":
    main()
