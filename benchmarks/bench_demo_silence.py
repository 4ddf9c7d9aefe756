"""How long `govdocs demo` is silent after it starts: seconds to its first line on stderr or
stdout, to its first progress line, the longest gap between two lines, and to exit
(Prefect's ephemeral server start-up is in all of them). A fresh PREFECT_HOME each run, as a
new user's first demo.

    python -m benchmarks.bench_demo_silence [--runs 1] [--verbose]

Measured on 2 shared cores, 2 runs each: before the CLI printed `starting Prefect…` (main at
a4884e5) first line 1.2–1.3 s, longest silence 12.7–13.2 s, exit 22.4–22.9 s; after, first
line 0.5 s, longest silence 5.0 s (the repeat interval), exit 19.8–20.2 s.
"""

from __future__ import annotations

import argparse
import os
import selectors
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measure(verbose: bool = False) -> dict[str, float | None]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PREFECT_HOME": str(Path(tmp) / "prefect")}
        env.pop("PREFECT_API_URL", None)  # the ephemeral server, as a one-shot user run has
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "govdocs.cli", "demo", "--db", str(Path(tmp) / "govdocs.duckdb")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        sel.register(proc.stderr, selectors.EVENT_READ)
        first: float | None = None
        first_progress: float | None = None
        last, longest_gap = 0.0, 0.0
        open_streams = 2
        while open_streams:
            for key, _ in sel.select():
                line = key.fileobj.readline()  # type: ignore[union-attr]  # a pipe from Popen
                if not line:
                    sel.unregister(key.fileobj)
                    open_streams -= 1
                    continue
                now = time.monotonic() - started
                first = now if first is None else first
                longest_gap, last = max(longest_gap, now - last), now
                if verbose:
                    print(f"{now:6.1f}s  {line.decode(errors='replace').rstrip()[:100]}")
                if first_progress is None and line.startswith(b"crawl: "):
                    first_progress = now
        proc.wait()
        return {
            "first_line_s": first,
            "first_progress_s": first_progress,
            "longest_silence_s": longest_gap,
            "exit_s": time.monotonic() - started,
            "returncode": float(proc.returncode),
        }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--verbose", action="store_true", help="print every line with its time")
    args = p.parse_args()
    for _ in range(args.runs):
        r = measure(args.verbose)
        print("  ".join(f"{k}={v:.1f}" if v is not None else f"{k}=-" for k, v in r.items()))


if __name__ == "__main__":
    main()
