"""Per-field accuracy of the extractor on hand-checked pages.

Two corpora:
* the real pages in /work/shared/corpus/real-pages (third-party, read in place, never copied):
  `expected.json` maps a file name to the fields a reader checked (a field absent was not
  checked; null means the page shows no value);
* our fixtures in tests/fixtures/pages (`<name>.expected.json`, metadata fields only here).

Besides the metadata fields, `body_clean` scores every ok page: body_text has ≥ 100
characters, none of FOOTER_MARKERS, and no short line with a CHROME_MARKERS string.

    python -m govdocs.extract.evaluate [corpus_dir ...]

prints one table per corpus. `evaluate(corpus_dir)` returns
{"pages": n, "fields": {field: {"checked": n, "correct": n, "accuracy": x}}, "overall": x,
 "failures": [(page, field, expected, got), ...]}.
The quality gate (tests/test_extract_evaluate.py) compares these numbers to the floors in
tests/fixtures/extract_baseline.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import extract_page
from .golden import FIXTURES

REAL_PAGES = Path(os.environ.get("GOVDOCS_REAL_PAGES", "/work/shared/corpus/real-pages"))
FIELDS = ("status", "index_no", "category", "publisher", "created_date", "published_date", "title",
          "doc_number", "keywords", "validity", "index_scheme", "encoding", "body_clean")
# footer strings that never belong to a document body, and toolbar/breadcrumb strings that
# mark chrome when they make up a short line (a policy text may well mention 无障碍改造)
FOOTER_MARKERS = ("版权所有", "ICP备", "公网安备", "网站标识码", "Copyright")
CHROME_MARKERS = ("扫一扫", "当前位置", "您的位置", "分享到", "打印本页", "关闭窗口", "无障碍", "长者模式", "关怀版")


def body_clean(body: str) -> bool:
    if len(body) < 100 or any(m in body for m in FOOTER_MARKERS):
        return False
    return not any(len(line) <= 60 and any(m in line for m in CHROME_MARKERS) for line in body.split("\n"))


def _cases(corpus_dir: Path) -> list[tuple[Path, dict, dict]]:
    """(page path, checked fields, extract_page kwargs) for a corpus directory."""
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
        cases.append((page, fields, {"url": inp.get("url", page.as_uri()),
                                     "content_type": inp.get("content_type"),
                                     "http_status": inp.get("http_status", 200)}))
    return cases


def evaluate(corpus_dir: str | Path) -> dict:
    cases = _cases(Path(corpus_dir))
    per: dict[str, dict[str, int]] = {}
    failures = []
    for page, fields, kwargs in cases:
        rec = extract_page(page.read_bytes(), **kwargs)
        if rec["status"] == "ok" and fields.get("status", "ok") == "ok":
            # body quality: a document body is present and free of page chrome
            fields = {**fields, "body_clean": True}
            rec = {**rec, "body_clean": body_clean(rec["body_text"])}
        for fld, want in fields.items():
            if fld not in FIELDS:
                continue
            got = rec.get(fld)
            slot = per.setdefault(fld, {"checked": 0, "correct": 0})
            slot["checked"] += 1
            if got == want:
                slot["correct"] += 1
            else:
                failures.append((page.name, fld, want, got))
    fields_out = {f: {**v, "accuracy": v["correct"] / v["checked"]} for f, v in per.items() if v["checked"]}
    checked = sum(v["checked"] for v in per.values())
    correct = sum(v["correct"] for v in per.values())
    return {"pages": len(cases), "fields": fields_out,
            "overall": correct / checked if checked else 1.0, "checked": checked, "failures": failures}


def format_table(name: str, result: dict) -> str:
    lines = [f"{name}: {result['pages']} pages, {result.get('checked', 0)} checked fields, "
             f"overall {result['overall']:.1%}",
             f"  {'field':16} {'checked':>7} {'correct':>7} {'accuracy':>8}"]
    for fld, v in sorted(result["fields"].items(), key=lambda kv: FIELDS.index(kv[0])):
        lines.append(f"  {fld:16} {v['checked']:7d} {v['correct']:7d} {v['accuracy']:8.1%}")
    for page, fld, want, got in result["failures"]:
        lines.append(f"  MISS {page} {fld}: expected {want!r}, got {got!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    dirs = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [REAL_PAGES, FIXTURES]
    for d in dirs:
        if not d.exists():
            print(f"{d}: absent, skipped")
            continue
        print(format_table(str(d), evaluate(d)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
