"""Evaluate sentence-figure extraction on the hand-annotated set.

    python -m govdocs.figures.evaluate [--verbose] [--json] [--fixtures DIR] [--shared DIR]

The set lives in tests/fixtures/figures: `<name>.txt` + `<name>.annotations.json` (texts we
wrote), `seed.annotations.json` whose text is read from the shared folder
(`$GOVDOCS_SHARED` or /work/shared), and `real_*.annotations.json` for real pages in
shared/corpus/real-pages, whose body_text comes from govdocs.extract.extract_page (third-party
pages are never copied into the repo). Annotations marked "heldout" were written and first
scored before any extractor change made for them.

Scores, each as precision / recall / F1 over all documents:
- `label`: value + unit + label must match;
- `value_unit`: value + unit only.
Matching rules: values equal within 1e-6 (relative); units equal after ％→%; labels equal
after removing spaces, quotes and bracketed asides ("村（社区）" → "村"), or one contains
the other (both non-empty). Each gold figure matches at most one extracted figure; exact
label matches are paired first, then containment matches.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from govdocs.figures import find_figures

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "figures"
SHARED = Path(os.environ.get("GOVDOCS_SHARED", "/work/shared"))

_NORM_RE = re.compile(r"（[^）]*）|\([^)]*\)|[\s“”\"‘’'《》「」『』]")


def norm_label(s: str | None) -> str:
    return _NORM_RE.sub("", s or "")


def norm_unit(u: str | None) -> str | None:
    return "%" if u == "％" else u


def labels_match(gold: str, got: str) -> bool:
    g, p = norm_label(gold), norm_label(got)
    return bool(g) and bool(p) and (g == p or g in p or p in g)


def values_match(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


@dataclass
class DocResult:
    name: str
    gold: list[dict]
    got: list[dict]
    matched_label: list[tuple[int, int]] = field(default_factory=list)
    matched_vu: list[tuple[int, int]] = field(default_factory=list)


def _pair(gold: list[dict], got: list[dict], use_label: bool) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    done: set[int] = set()
    passes = ("exact", "contains") if use_label else ("any",)
    for mode in passes:
        for gi, g in enumerate(gold):
            if gi in done:
                continue
            for pi, p in enumerate(got):
                if pi in used:
                    continue
                if not values_match(float(g["value"]), float(p["value"])):
                    continue
                if norm_unit(g.get("unit")) != norm_unit(p.get("unit")):
                    continue
                if mode == "exact" and norm_label(g["label"]) != norm_label(p["label"]):
                    continue
                if mode == "contains" and not labels_match(g["label"], p["label"]):
                    continue
                used.add(pi)
                done.add(gi)
                pairs.append((gi, pi))
                break
    return pairs


def _page_body(path: Path) -> str | None:
    """body_text of a real HTML page as the extractor gives it to find_figures."""
    try:
        from govdocs.extract import extract_page
    except ImportError:
        return None
    rec = extract_page(path.read_bytes(), url=path.as_uri())
    return rec.get("body_text") or None


def load_set(
    fixtures: Path = FIXTURES, shared: Path = SHARED, real_pages: bool = True
) -> list[tuple[str, str, list[dict]]]:
    """[(name, text, gold figures)]. Three kinds of annotation files:
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


def evaluate(docs: list[tuple[str, str, list[dict]]]) -> tuple[dict, list[DocResult]]:
    results = []
    for name, text, gold in docs:
        got = [m for m in find_figures(text, [], []) if m["table"] is None]
        r = DocResult(name, gold, got)
        r.matched_label = _pair(gold, got, True)
        r.matched_vu = _pair(gold, got, False)
        results.append(r)
    n_gold = sum(len(r.gold) for r in results)
    n_got = sum(len(r.got) for r in results)
    scores = {"documents": len(results), "gold": n_gold, "extracted": n_got}
    for key, attr in (("label", "matched_label"), ("value_unit", "matched_vu")):
        tp = sum(len(getattr(r, attr)) for r in results)
        p = tp / n_got if n_got else 1.0
        rc = tp / n_gold if n_gold else 1.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        scores[key] = {"precision": round(p, 4), "recall": round(rc, 4), "f1": round(f1, 4), "tp": tp}
    return scores, results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--fixtures", type=Path, default=FIXTURES)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--no-real-pages", action="store_true", help="leave out the real HTML pages")
    args = ap.parse_args(argv)
    docs = load_set(args.fixtures, args.shared, real_pages=not args.no_real_pages)
    scores, results = evaluate(docs)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return 0
    print(f"documents {scores['documents']}  gold figures {scores['gold']}  extracted {scores['extracted']}")
    for key in ("label", "value_unit"):
        s = scores[key]
        print(f"{key:11s} precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
    for r in results:
        gl = {g for g, _ in r.matched_label}
        pl = {p for _, p in r.matched_label}
        print(f"  {r.name:28s} gold {len(r.gold):3d} extracted {len(r.got):3d} matched {len(r.matched_label):3d}")
        if args.verbose:
            for gi, g in enumerate(r.gold):
                if gi not in gl:
                    print(f"    MISS {g['value']:g} {g.get('unit')} | {g['label']}")
            for pi, p in enumerate(r.got):
                if pi not in pl:
                    print(f"    FP   {p['value']:g} {p['unit']} | {p['label']} | {p['sentence'][:40]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
