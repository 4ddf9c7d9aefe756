"""`python -m tools.samplesite [--out DIR]`: regenerate the sample site and its manifest."""

from __future__ import annotations

import argparse
from pathlib import Path

from tools.samplesite.writing import build


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Generate the bundled sample site and its ground-truth manifest.")
    ap.add_argument("--out", type=Path, help="write OUT/site and OUT/manifest.json instead of the package copy")
    args = ap.parse_args(argv)
    m = build(args.out / "site", args.out / "manifest.json") if args.out else build()
    t = m["totals"]
    print(
        f"{t['files']} files: {t['detail_pages_served']} detail pages ({t['by_kind']}), {t['list_pages']} list pages, "
        f"{t['figures_total']} figures ({t['figures_in_sentences']} in sentences, {t['table_cells']} table cells)"
    )


if __name__ == "__main__":
    main()
