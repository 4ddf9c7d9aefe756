"""The streaming crawl: throughput against the politeness limit, memory flat in the size of
the site, one decode and one parse per page, and CPU per page against lxml's parse floor.

    python -m benchmarks.bench_crawl                 # throughput: 8 hosts, 0.05 s delay (ideal 160 pages/s),
                                                     # then an incremental second crawl
    python -m benchmarks.bench_crawl --mode memory   # peak RSS of `govdocs crawl` at 2,000 and 20,000
                                                     # detail pages of ~60 KB (target: differ by <= 50 MB)
    python -m benchmarks.bench_crawl --mode memory --details 100000   # the 100,000-page crawl
    python -m benchmarks.bench_crawl --mode cpu      # decodes/parses per page, CPU ms per page at delay 0

The sites are tests/generated_site.py served on 127.0.0.x loopback addresses, one per host.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from govdocs import pipeline
from govdocs.sources import Source, source_from_dict
from tests import loopback
from tests.generated_site import GeneratedSite


@contextlib.contextmanager
def sites(n_hosts: int, details_per_host: int, body_bytes: int) -> Iterator[tuple[list[GeneratedSite], list[str]]]:
    with contextlib.ExitStack() as stack:
        made = [
            GeneratedSite(details_per_host, body_bytes=body_bytes, org=f"1150010670933576{h:02d}")
            for h in range(n_hosts)
        ]
        bases = [stack.enter_context(loopback.serve(s, host=f"127.0.0.{h + 1}"))[0] for h, s in enumerate(made)]
        yield made, bases


def source_for(bases: list[str], delay: float, max_pages: int) -> Source:
    return source_from_dict(
        {
            "name": "bench",
            "start_urls": [b + "col/index.html" for b in bases],
            "allowed_origins": bases,
            "politeness": {"delay_s": delay, "max_pages": max_pages, "obey_robots": True},
        }
    )


def throughput(args: argparse.Namespace) -> None:
    per_host = args.pages // args.hosts
    ideal = args.hosts / args.delay
    with sites(args.hosts, per_host, 2_000) as (made, bases), tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "govdocs.duckdb"
        src = source_for(bases, args.delay, 10 * args.pages)
        t = time.monotonic()
        first = pipeline.crawl_and_load(src, db)
        s1 = first.stats
        assert s1 is not None
        rate = s1.fetched / s1.elapsed_s
        bodies = sum(s.detail_bodies for s in made)
        second = pipeline.crawl_and_load(src, db)
        s2 = second.stats
        assert s2 is not None
        rate2 = s2.fetched / s2.elapsed_s
        print(
            f"site: {s1.fetched} pages on {args.hosts} hosts, per-host delay {args.delay} s, ideal {ideal:.0f} pages/s"
        )
        print(
            f"first crawl : {s1.fetched:5d} pages in {s1.elapsed_s:6.1f} s = {rate:6.1f} pages/s "
            f"({rate / ideal:.1%} of "
            f"ideal), {s1.extracted} extracted and committed ({time.monotonic() - t:.1f} s with the last commit)"
        )
        print(
            f"second crawl: {s2.fetched:5d} pages in {s2.elapsed_s:6.1f} s = {rate2:6.1f} pages/s, "
            f"{s2.not_modified} answered 304, detail bodies sent again {sum(s.detail_bodies for s in made) - bodies}, "
            f"re-extracted {s2.extracted}"
        )
        print(f"target >= 95% of ideal: {'yes' if rate / ideal >= 0.95 else 'NO'}")


def _peak_rss_mb(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(peak RSS in MB of the CLI process, seconds, exit code): VmHWM read until it exits."""
    t = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    peak = 0
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        with contextlib.suppress(OSError):
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        time.sleep(0.2)
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        print(err[-2000:])
    return peak / 1024, time.monotonic() - t, proc.returncode


def memory(args: argparse.Namespace) -> None:
    sizes = [args.details] if args.details else [2_000, 20_000]
    results = []
    for n in sizes:
        with sites(1, n, 60_000) as (_made, bases), tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "PREFECT_HOME": os.environ.get("PREFECT_HOME", str(Path.home() / ".prefect"))}
            cmd = [
                sys.executable,
                "-m",
                "govdocs.cli",
                "crawl",
                "--url",
                bases[0] + "col/index.html",
                "--db",
                str(Path(tmp) / "govdocs.duckdb"),
                "--delay",
                "0",
                "--max-pages",
                str(2 * n),
                "--quiet",
                "--json",
            ]
            peak, secs, rc = _peak_rss_mb(cmd, env)
            results.append((n, peak, secs))
            print(
                f"{n:7d} detail pages of ~60 KB: peak RSS {peak:7.1f} MB, {secs:7.1f} s "
                f"({n / secs:.0f} pages/s incl. start-up, validation, report), exit {rc}"
            )
    if len(results) == 2:
        diff = results[1][1] - results[0][1]
        print(
            f"difference {diff:.1f} MB for {results[1][0] - results[0][0]} more pages "
            f"(target <= 50 MB): {'yes' if diff <= 50 else 'NO'}"
        )


def cpu(args: argparse.Namespace) -> None:
    """Count decodes and parses per crawled page (the extractor's two entry points wrapped
    with counters) and CPU time per page at delay 0, next to lxml's parse of the same pages."""
    import lxml.html

    from govdocs.extract import decode as dec
    from govdocs.extract import page as pg
    from govdocs.extract import tree

    counts = {"decode": 0, "parse": 0}

    def counted(module: object, name: str, key: str) -> None:
        real = getattr(module, name)

        def wrapper(*a: object, **kw: object) -> object:
            counts[key] += 1
            return real(*a, **kw)

        setattr(module, name, wrapper)

    for module in (dec, pg):
        if hasattr(module, "decode_html"):
            counted(module, "decode_html", "decode")
    for module in (tree, pg):
        if hasattr(module, "parse_html"):
            counted(module, "parse_html", "parse")
    n = args.pages
    with sites(1, n, 60_000) as (made, bases), tempfile.TemporaryDirectory() as tmp:
        src = source_for(bases, 0.0, 10 * n)
        cpu0 = time.process_time()
        out = pipeline.crawl_and_load(src, Path(tmp) / "govdocs.duckdb")
        cpu_s = time.process_time() - cpu0
        assert out.stats is not None
        pages = out.stats.fetched
        sample = [made[0].detail_page(i) for i in range(min(n, 500))]
        t = time.process_time()
        for body in sample:
            lxml.html.fromstring(body)
        floor = (time.process_time() - t) / len(sample)
    print(
        f"{pages} pages ({n} details of ~60 KB) at delay 0: {counts['decode'] / pages:.2f} decodes and "
        f"{counts['parse'] / pages:.2f} parses per page"
    )
    print(
        f"CPU per page (fetch, archive, process, commit; this process): {1000 * cpu_s / pages:.1f} ms; "
        f"lxml parse alone: {1000 * floor:.1f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["throughput", "memory", "cpu"], default="throughput")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--delay", type=float, default=0.05)
    ap.add_argument("--details", type=int, default=None, help="memory mode: one size instead of 2,000 and 20,000")
    args = ap.parse_args()
    if args.mode == "throughput":
        throughput(args)
    elif args.mode == "memory":
        memory(args)
    else:
        cpu(args)


if __name__ == "__main__":
    main()
