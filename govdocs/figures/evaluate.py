"""Evaluate sentence figures by the key-term rule (scoring.py) on three sets:

    python -m govdocs.figures.evaluate [--verbose] [--json] [--fixtures DIR] [--shared DIR]

- `own`: tests/fixtures/figures: `<name>.txt` + `<name>.annotations.json` (texts we wrote),
  `seed.annotations.json` (text in the shared folder, `$GOVDOCS_SHARED` or /work/shared) and
  `real_*.annotations.json` (real pages in shared/corpus/real-pages, body_text through
  govdocs.extract.extract_page; third-party pages are never copied into the repo). Each
  figure is `{value, unit, key}` (+ `range_to` for a range: its high end is no figure of
  its own): `key` is the shortest term a correct label must contain.
- `dev-tune` / `dev-check`: corpus/figures-dev (devset.py) from the raw report text, split
  by province; rules are tuned on dev-tune only.
Each set is scored for the extractor and for the regex baseline (baseline.py). Besides
precision and recall: qualifier agreement, kind agreement (growth/share/target rows), ranges
(high end found) and sections (every figure carries the section it sits in).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govdocs.figures import baseline, devset, find_figures
from govdocs.figures.scoring import Scored, score_doc
from govdocs.records import Metric, Section

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "figures"
SHARED = Path(os.environ.get("GOVDOCS_SHARED", "/work/shared"))

Extract = Callable[[str, list[Section]], list[Metric]]


def extractor(text: str, sections: list[Section]) -> list[Metric]:
    return [m for m in find_figures(text, sections, []) if m["table"] is None]


def regex_baseline(text: str, sections: list[Section]) -> list[Metric]:
    return baseline.extract(text)


def _page_body(path: Path) -> str | None:
    """body_text of a real HTML page as the extractor gives it to find_figures."""
    from govdocs.extract import extract_page

    rec = extract_page(path.read_bytes(), url=path.as_uri())
    return rec.get("body_text") or None


def load_set(
    fixtures: Path = FIXTURES, shared: Path = SHARED, real_pages: bool = True
) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """[(name, text, gold figures)] of our own set. Three kinds of annotation files:
    `text` (our own report text beside it), `shared_text` (a text in the shared folder) and
    `shared_page` (a real HTML page in the shared folder, read through the extractor).
    Documents whose text is missing are left out."""
    docs = []
    for ann in sorted(fixtures.glob("*.annotations.json")):
        data = json.loads(ann.read_text(encoding="utf-8"))
        name = ann.name.removesuffix(".annotations.json")
        if "shared_page" in data:
            path = shared / data["shared_page"]
            if not real_pages or not path.exists():
                continue
            text = _page_body(path)
            if text is None:
                continue
        else:
            path = shared / data["shared_text"] if "shared_text" in data else fixtures / data["text"]
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
        docs.append((name, text, data["figures"]))
    return docs


def score_own(docs: list[tuple[str, str, list[dict[str, Any]]]], fn: Extract = extractor) -> Scored:
    total = Scored()
    for name, text, gold in docs:
        total.add(score_doc(name, gold, fn(text, [])))
    return total


def score_dev(paras: list[devset.Paragraph], ids: tuple[str, ...], fn: Extract = extractor) -> Scored:
    """Each paragraph is scored alone (the README's rule). Sections are checked on the
    paragraphs of one report joined into one body: a level-1 section spans the report, a
    level-2 section each paragraph, and every figure must carry its paragraph's path."""
    total = Scored()
    for p in paras:
        if p.doc_id in ids:
            total.add(score_doc(p.name, p.gold, fn(p.text, [])))
    for doc_id in ids:
        mine = [p for p in paras if p.doc_id == doc_id]
        body, secs, spans = "", [], []
        for p in mine:
            start = len(body)
            body += p.text + "\n"
            spans.append((start, len(body), f"{doc_id} / {p.name}"))
        secs = [Section(path=doc_id, heading=doc_id, level=1, start=0, end=len(body))]
        secs += [Section(path=path, heading=path, level=2, start=a, end=b) for a, b, path in spans]
        for m in fn(body, secs):
            want = next((path for a, b, path in spans if m["start"] is not None and a <= m["start"] < b), None)
            total.sections += 1
            total.sections_ok += m["section"] == want
    return total


def run(fixtures: Path = FIXTURES, shared: Path = SHARED, real_pages: bool = True) -> dict[str, dict[str, Scored]]:
    """{set: {"extractor": Scored, "baseline": Scored}} for the sets whose texts are present."""
    out: dict[str, dict[str, Scored]] = {}
    docs = load_set(fixtures, shared, real_pages)
    if docs:
        out["own"] = {"extractor": score_own(docs), "baseline": score_own(docs, regex_baseline)}
    paras = devset.load(shared / "corpus" / "figures-dev")
    if paras:
        for name, ids in (("dev-tune", devset.TUNE), ("dev-check", devset.CHECK)):
            out[name] = {"extractor": score_dev(paras, ids), "baseline": score_dev(paras, ids, regex_baseline)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--fixtures", type=Path, default=FIXTURES)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--no-real-pages", action="store_true", help="leave out the real HTML pages")
    args = ap.parse_args(argv)
    results = run(args.fixtures, args.shared, real_pages=not args.no_real_pages)
    if args.json:
        print(
            json.dumps(
                {k: {w: s.summary() for w, s in v.items()} for k, v in results.items()}, ensure_ascii=False, indent=1
            )
        )
        return 0
    record = json.loads((args.fixtures / "baseline.json").read_text(encoding="utf-8"))
    first = record.get("first_runs", {})
    print("key-term rule: value+unit (万/亿 folded) and label ⊇ key; P = precision, R = recall")
    for name, by in results.items():
        for who, s in by.items():
            q = s.summary()
            extra = "  ".join(
                f"{k} {'n/a' if q[k] is None else format(q[k], '.3f')}"
                for k in ("qualifier", "kind", "ranges", "sections")
            )
            print(
                f"{name:9s} {who:9s} gold {q['gold']:4d} extracted {q['extracted']:4d}  "
                f"P {s.precision:.3f}  R {s.recall:.3f}  {extra}"
            )
        if name in first:
            f = first[name]
            print(f"{name:9s} first run (before tuning on it): P {f['precision']:.3f}  R {f['recall']:.3f}")
        if args.verbose:
            for line in by["extractor"].misses + by["extractor"].false_positives:
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
