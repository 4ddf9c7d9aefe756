"""Figures: every number a document states, with what it counts.

`find_figures(body_text, sections, tables)` is the one entry point the extractor calls:
sentence figures (table/row/column None, offsets into body_text) followed by annual-report
table cells (table/row/column set, offsets None). Pure, never raises.
"""

from __future__ import annotations

import logging

from govdocs.records import Metric, Section, Table

log = logging.getLogger(__name__)

__all__ = ["find_figures", "check_table_consistency"]


def find_figures(body_text: str, sections: list[Section], tables: list[Table]) -> list[Metric]:
    """Every figure in `body_text` (sentences) and in annual-report `tables`."""
    from govdocs.figures import sentences

    out: list[Metric] = []
    try:
        out.extend(sentences.extract(body_text if isinstance(body_text, str) else "", sections or []))
    except Exception:  # noqa: BLE001 - a figure bug must never break a page's extraction
        log.exception("sentence figures failed")
    try:
        from govdocs.figures import tables as _tables

        out.extend(_tables.extract(tables or []))
    except ImportError:
        pass
    except Exception:  # noqa: BLE001
        log.exception("table figures failed")
    try:
        from govdocs.figures import canonical

        for mt in out:
            mt["canonical"] = canonical.canonical_name(mt["label"], mt["unit"], mt.get("table"), mt.get("row"), mt.get("column"))
    except ImportError:
        pass
    except Exception:  # noqa: BLE001
        log.exception("canonical names failed")
    return out


def check_table_consistency(metrics: list[Metric]) -> list[str]:
    from govdocs.figures.tables import check_table_consistency as _check

    return _check(metrics)
