"""Golden files for the extractor: fixture page + `<name>.expected.json` side by side.

An expected file holds the inputs (`_input`: url, content_type, http_status) and only the
keys it checks; `body_with` / `body_without` list phrases that must / must not be in
body_text, `section_paths` the section paths in order. Record keys compare exactly.

    python -m govdocs.extract.golden            # check, print differences
    python -m govdocs.extract.golden --update   # rewrite the checked keys from the extractor

`--update` rewrites only keys already present (plus nothing new), so `git diff` shows what
changed for review; phrase lists are kept as written and reported when they fail.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import extract_page

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "pages"
_SPECIAL = ("_about", "_input", "body_with", "body_without", "section_paths")


def pages(directory: Path = FIXTURES) -> list[tuple[Path, Path]]:
    out = []
    for exp in sorted(directory.glob("*.expected.json")):
        page = exp.with_name(exp.name[: -len(".expected.json")] + ".html")
        if page.exists():
            out.append((page, exp))
    return out


def run(page: Path, expected: dict[str, Any]) -> dict[str, Any]:
    inp = expected.get("_input", {})
    return dict(
        extract_page(
            page.read_bytes(),
            url=inp.get("url", page.as_uri()),
            content_type=inp.get("content_type"),
            http_status=inp.get("http_status", 200),
            overrides=inp.get("overrides"),
        )
    )


def differences(record: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    diffs = []
    for key, want in expected.items():
        if key in _SPECIAL:
            continue
        got = record.get(key, "<missing>")
        if got != want:
            diffs.append(f"{key}: expected {want!r}, got {got!r}")
    body = record.get("body_text", "")
    for phrase in expected.get("body_with", []):
        if phrase not in body:
            diffs.append(f"body_text lacks {phrase!r}")
    for phrase in expected.get("body_without", []):
        if phrase in body:
            diffs.append(f"body_text contains {phrase!r}")
    if "section_paths" in expected:
        paths = [s["path"] for s in record.get("sections", [])]
        if paths != expected["section_paths"]:
            diffs.append(f"section_paths: expected {expected['section_paths']!r}, got {paths!r}")
    return diffs


def update(page: Path, exp_path: Path) -> list[str]:
    expected = json.loads(exp_path.read_text(encoding="utf-8"))
    record = run(page, expected)
    diffs = differences(record, expected)
    new: dict[str, Any] = {}
    for key, value in expected.items():
        if key == "section_paths":
            new[key] = [s["path"] for s in record["sections"]]
        elif key in _SPECIAL:
            new[key] = value
        else:
            new[key] = record.get(key)
    exp_path.write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return diffs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="rewrite expected files from the extractor")
    ap.add_argument("--dir", type=Path, default=FIXTURES)
    args = ap.parse_args(argv)
    bad = 0
    for page, exp in pages(args.dir):
        if args.update:
            diffs = update(page, exp)
        else:
            diffs = differences(
                run(page, json.loads(exp.read_text(encoding="utf-8"))), json.loads(exp.read_text(encoding="utf-8"))
            )
        print(f"{'CHANGED' if args.update and diffs else 'FAIL' if diffs else 'ok':8} {page.name}")
        for d in diffs:
            print(f"         {d}")
        bad += bool(diffs)
    if args.update:
        print("expected files rewritten; review with `git diff tests/fixtures/pages`")
        return 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
