"""Run every benchmark in turn: `make bench` (each can also run alone, see README)."""

from __future__ import annotations

import importlib
import logging
import sys
import time

log = logging.getLogger("benchmarks")

BENCHMARKS = ["bench_extract", "bench_figures", "bench_crawl", "bench_load", "bench_reextract", "bench_import"]


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== benchmarks.{name}", flush=True)
        started = time.monotonic()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError:
            print("(not present)")
            continue
        saved = sys.argv
        sys.argv = [name]
        try:
            module.main()
        except Exception as exc:  # one broken benchmark should not hide the others' numbers
            failed.append(name)
            print(f"FAILED: {type(exc).__name__}: {exc}")
            log.exception("benchmarks.%s failed", name)  # the traceback, on stderr
        finally:
            sys.argv = saved
        print(f"({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
