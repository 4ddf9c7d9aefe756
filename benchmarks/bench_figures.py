"""Figure-extraction benchmark: find_figures on ~5,000-character report bodies.

    python -m benchmarks.bench_figures [--runs 300] [--chars 5000]

Two cases, each printed as median and p90 ms per body (target: median ≤ 2 ms):
- real: the seed report (a real ~4,900-character 法治政府建设年度报告 body with ~45 figures),
  read from the shared folder ($GOVDOCS_SHARED or /work/shared) and never copied here;
- dense: bodies cut from our hand-written evaluation reports (tests/fixtures/figures/*.txt),
  rotated, at a line boundary near `--chars`. They hold ~250 figures per 5,000 characters,
  five times a real report, so they show the per-figure cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from govdocs.figures import find_figures

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "figures"
SEED = Path(os.environ.get("GOVDOCS_SHARED", "/work/shared")) / "seeds" / "000_1c9a1c717b36d385.txt"


def bodies(chars: int, count: int = 8) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    out = []
    for i in range(count):
        rot = texts[i % len(texts) :] + texts[: i % len(texts)]
        joined = "\n".join(rot)
        cut = joined.rfind("\n", 0, chars)
        out.append(joined[: cut if cut > chars // 2 else chars])
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--chars", type=int, default=5000)
    args = ap.parse_args(argv)
    cases = []
    if SEED.exists():
        cases.append(("real", [SEED.read_text(encoding="utf-8")]))
    cases.append(("dense", bodies(args.chars)))
    for name, docs in cases:
        for d in docs:  # warm-up (imports, regex caches)
            find_figures(d, [], [])
        times = []
        n_figs = []
        for i in range(args.runs):
            d = docs[i % len(docs)]
            t0 = time.perf_counter()
            figs = find_figures(d, [], [])
            times.append((time.perf_counter() - t0) * 1000)
            n_figs.append(len(figs))
        times.sort()
        print(
            f"{name:5s} {len(docs)} body(ies) x ~{statistics.mean(len(d) for d in docs):.0f} chars, "
            f"{statistics.mean(n_figs):.0f} figures each: find_figures median "
            f"{statistics.median(times):.2f} ms  p90 {times[int(len(times) * 0.9)]:.2f} ms"
        )


if __name__ == "__main__":
    main()
