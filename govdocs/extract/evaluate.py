"""Per-field accuracy of the extractor on hand-checked pages, with a baseline in the same run.

Corpora:
* the real pages in /work/shared/corpus/real-pages and real-pages-2 (third-party, read in
  place, never copied): `expected.json` maps a file name to the fields a reviewer checked
  (a field absent was not checked; null means the page shows no value);
* our fixtures in tests/fixtures/pages (`<name>.expected.json`, metadata fields only here).

Scores (rules of real-pages-2/README.md and its `_about`):
* per field: correct / checked, over every checked key (null gold included);
* `present`: correct over the gold values that are not null (the issue's "fields");
* `filled_where_absent`: values the extractor gave where the gold is null, over gold nulls;
* body (pages whose gold has `body_start`): `body_start` / `body_end` — the whitespace-free
  body starts / ends with the gold string (null gold: the body must be empty); `body_clean`
  — none of the gold `chrome` strings (visible page chrome, chosen by the reviewer, not by
  us) is in the whitespace-free body;
* `baseline`: the same body scores for trafilatura's body and the published_date score for
  htmldate's date on the same pages (when those libraries are installed).

Comparison: dates and codes exactly; `title` and `doc_number` with whitespace deleted (the
gold's rule: whitespace runs collapse, 文号 without inner spaces).

    python -m govdocs.extract.evaluate [corpus_dir ...]

The quality gate (tests/test_extract_evaluate.py) compares these numbers to the floors in
tests/fixtures/extract_baseline.json.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from . import extract_page, metadata
from .golden import FIXTURES

REAL_PAGES = Path(os.environ.get("GOVDOCS_REAL_PAGES", "/work/shared/corpus/real-pages"))
REAL_PAGES_2 = Path(os.environ.get("GOVDOCS_REAL_PAGES_2", str(REAL_PAGES.parent / "real-pages-2")))
METADATA = metadata.FIELDS  # the labelled fields the extractor fills, each scored against the gold
FIELDS = ("status", *METADATA, "index_scheme", "encoding")
BODY = ("body_start", "body_end", "body_clean")
_LOOSE = ("title", "doc_number")  # compared with whitespace deleted
_WS = re.compile(r"\s+")


def _squeeze(s: str) -> str:
    return _WS.sub("", s)


def same(fld: str, want: Any, got: Any) -> bool:
    if fld in _LOOSE and isinstance(want, str) and isinstance(got, str):
        return _squeeze(want) == _squeeze(got)
    return bool(want == got)


def body_scores(body: str, gold: dict[str, Any]) -> dict[str, bool]:
    """body_start / body_end / body_clean of one body against the page's gold."""
    flat = _squeeze(body)
    out: dict[str, bool] = {}
    for key, test in (("body_start", flat.startswith), ("body_end", flat.endswith)):
        want = gold.get(key, "absent")
        if want == "absent":
            continue
        out[key] = flat == "" if want is None else bool(test(_squeeze(want)))
    if "chrome" in gold:
        out["body_clean"] = not any(_squeeze(c) in flat for c in gold["chrome"] or [])
    return out


def _cases(corpus_dir: Path) -> list[tuple[Path, dict[str, Any], dict[str, Any]]]:
    """(page path, gold, extract_page kwargs) for a corpus directory."""
    corpus_dir = Path(corpus_dir)
    cases = []
    single = corpus_dir / "expected.json"
    if single.exists():
        data = json.loads(single.read_text(encoding="utf-8"))
        for name, fields in data.items():
            if name.startswith("_") or not isinstance(fields, dict):
                continue
            page = corpus_dir / name
            if page.exists():
                cases.append((page, fields, {"url": f"https://{name.split('__')[0]}/{name}"}))
    for exp in sorted(corpus_dir.glob("*.expected.json")):
        page = exp.with_name(exp.name[: -len(".expected.json")] + ".html")
        if not page.exists():
            continue
        data = json.loads(exp.read_text(encoding="utf-8"))
        inp = data.get("_input", {})
        fields = {k: v for k, v in data.items() if k in FIELDS}
        cases.append(
            (
                page,
                fields,
                {
                    "url": inp.get("url", page.as_uri()),
                    "content_type": inp.get("content_type"),
                    "http_status": inp.get("http_status", 200),
                },
            )
        )
    return cases


def _baseline(raw: bytes) -> tuple[str | None, str | None] | None:
    """(trafilatura body, htmldate date) of one page; None when the libraries are absent."""
    try:
        import htmldate
        import trafilatura
    except ImportError:
        return None
    from .decode import decode_html

    html, _ = decode_html(raw)
    body = trafilatura.extract(html, include_comments=False, include_tables=True) or ""
    try:
        date = htmldate.find_date(html, outputformat="%Y-%m-%d")
    except ValueError:
        date = None
    return body, date


def evaluate(corpus_dir: str | Path, *, baseline: bool = False) -> dict[str, Any]:
    cases = _cases(Path(corpus_dir))
    per: dict[str, dict[str, int]] = {}
    base: dict[str, dict[str, int]] = {}
    failures = []
    present = [0, 0]  # correct, gold values not null
    absent = [0, 0]  # filled, gold nulls
    for page, gold, kwargs in cases:
        raw = page.read_bytes()
        rec: dict[str, Any] = dict(extract_page(raw, **kwargs))
        scores: dict[str, Any] = {fld: gold[fld] for fld in FIELDS if fld in gold}
        if "body_start" in gold or "chrome" in gold:
            for key, ok in body_scores(rec["body_text"], gold).items():
                scores[key] = True
                rec[key] = ok
            if baseline:
                b = _baseline(raw)
                if b is not None:
                    for key, ok in body_scores(b[0] or "", gold).items():
                        slot = base.setdefault(key, {"checked": 0, "correct": 0})
                        slot["checked"] += 1
                        slot["correct"] += ok
                    if "published_date" in gold:
                        slot = base.setdefault("published_date", {"checked": 0, "correct": 0})
                        slot["checked"] += 1
                        slot["correct"] += b[1] == gold["published_date"]
        for fld, want in scores.items():
            got = rec.get(fld)
            ok = same(fld, want, got)
            slot = per.setdefault(fld, {"checked": 0, "correct": 0})
            slot["checked"] += 1
            slot["correct"] += ok
            if fld in METADATA:
                if want is None:
                    absent[1] += 1
                    absent[0] += got is not None
                else:
                    present[1] += 1
                    present[0] += ok
            if not ok:
                failures.append((page.name, fld, want, got))
    fields_out = {f: {**v, "accuracy": v["correct"] / v["checked"]} for f, v in per.items() if v["checked"]}
    checked = sum(v["checked"] for v in per.values())
    correct = sum(v["correct"] for v in per.values())
    return {
        "pages": len(cases),
        "fields": fields_out,
        "overall": correct / checked if checked else 1.0,
        "checked": checked,
        "present": present[0] / present[1] if present[1] else 1.0,
        "present_counts": present,
        "filled_where_absent": absent[0] / absent[1] if absent[1] else 0.0,
        "absent_counts": absent,
        "baseline": {f: {**v, "accuracy": v["correct"] / v["checked"]} for f, v in base.items() if v["checked"]},
        "failures": failures,
    }


def format_table(name: str, result: dict[str, Any]) -> str:
    pc, ac = result["present_counts"], result["absent_counts"]
    lines = [
        f"{name}: {result['pages']} pages, {result.get('checked', 0)} checked, overall {result['overall']:.1%}; "
        f"fields {pc[0]}/{pc[1]} = {result['present']:.1%}, filled where absent {ac[0]}/{ac[1]} = "
        f"{result['filled_where_absent']:.1%}",
        f"  {'field':16} {'checked':>7} {'correct':>7} {'accuracy':>8} {'baseline':>8}",
    ]
    order = FIELDS + BODY
    for fld, v in sorted(result["fields"].items(), key=lambda kv: order.index(kv[0])):
        b = result["baseline"].get(fld)
        lines.append(
            f"  {fld:16} {v['checked']:7d} {v['correct']:7d} {v['accuracy']:8.1%} "
            f"{format(b['accuracy'], '8.1%') if b else '':>8}"
        )
    for page, fld, want, got in result["failures"]:
        lines.append(f"  MISS {page} {fld}: expected {want!r}, got {got!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    dirs = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [REAL_PAGES, REAL_PAGES_2, FIXTURES]
    for d in dirs:
        if not d.exists():
            print(f"{d}: absent, skipped")
            continue
        print(format_table(str(d), evaluate(d, baseline=d != FIXTURES)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
