"""figures-dev: third-party report paragraphs with hand-checked gold, read from the shared
corpus (never copied into the repo). Format and scoring rule: corpus/figures-dev/README.md.

`load()` gives one `Paragraph` per annotated paragraph (figure rows and `#zero` ones), read
from the raw CSV text, not from our own body extraction. `TUNE` / `CHECK` split the eight
reports in two halves: rules are tuned on TUNE only; CHECK measures what tuning generalises.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEV = Path(os.environ.get("GOVDOCS_SHARED", "/work/shared")) / "corpus" / "figures-dev"
FILES = {
    "SC2026": "四川省",
    "HA2026": "河南省",
    "HB2026": "湖北省",
    "YN2026": "云南省",
    "NM2026": "内蒙古自治区",
    "LN2026": "辽宁省",
    "AH2026": "安徽省",
    "SN2026": "陕西省",
}
TUNE = ("SC2026", "HA2026", "HB2026", "YN2026")
CHECK = ("NM2026", "LN2026", "AH2026", "SN2026")


@dataclass
class Paragraph:
    doc_id: str
    para_start: str
    text: str
    gold: list[dict[str, Any]] = field(default_factory=list)  # key, value, unit, qualifier, tags
    not_figures: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.doc_id}/{self.para_start[:8]}"


def _paragraphs(path: Path) -> list[str]:
    csv.field_size_limit(10**9)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        text = next(csv.DictReader(fh))["full_text"]
    return [line.strip() for line in text.split("\n") if line.strip()]


def load(root: Path = DEV) -> list[Paragraph]:
    """Every annotated paragraph of figures-dev, in file order; [] when the set is absent."""
    tsv = root / "figures.tsv"
    if not tsv.exists():
        return []
    texts: dict[str, list[str]] = {}
    paras: dict[tuple[str, str], Paragraph] = {}

    def para(doc_id: str, start: str) -> Paragraph:
        if (doc_id, start) not in paras:
            if doc_id not in texts:
                texts[doc_id] = _paragraphs(root / "texts" / f"2026_{FILES[doc_id]}_政府工作报告.csv")
            hits = [p for p in texts[doc_id] if p.startswith(start)]
            if len(hits) != 1:
                raise ValueError(f"figures-dev: {doc_id} {start!r} matches {len(hits)} paragraphs")
            paras[doc_id, start] = Paragraph(doc_id, start, hits[0])
        return paras[doc_id, start]

    for line in tsv.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#zero"):
            para(cols[1], cols[2])
        elif line.startswith("#not-a-figure"):
            para(cols[1], cols[2]).not_figures.append(cols[3])
        elif line.startswith("#") or not line.strip():
            continue
        else:
            doc_id, start, key, value, unit, qualifier, note = (cols + [""] * 7)[:7]
            para(doc_id, start).gold.append(
                {
                    "key": key,
                    "value": float(value),
                    "unit": unit or None,
                    "qualifier": qualifier,
                    "tags": [t for t in note.split(";") if t],
                }
            )
    return list(paras.values())
