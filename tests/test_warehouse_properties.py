"""Property tests for the loader: any batch, loaded twice or split differently, gives the same
warehouse contents."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdocs import warehouse as wh

URLS = [f"https://gov.example/{i}.html" for i in range(4)]
INDEX = [None, "11500000MB1525880X/2022-00001", "11500000MB1525880X/2022-00002"]

metric_st = st.fixed_dictionaries(
    {
        "label": st.sampled_from(["受理", "办结", "本年新收"]),
        "value": st.sampled_from([0.0, 1.0, 12.5, 150.0]),
        "unit": st.sampled_from([None, "件", "%"]),
        "qualifier": st.none(),
        "sentence": st.sampled_from(["a", "b"]),
        "section": st.none(),
        "start": st.sampled_from([None, 0, 5]),
        "end": st.none(),
        "canonical": st.none(),
        "table": st.sampled_from([None, "表三"]),
        "row": st.none(),
        "column": st.none(),
    }
)

record_st = st.builds(
    lambda url, index_no, body, metrics, status: {
        "source": url,
        "status": status,
        "status_reason": None,
        "encoding": "utf-8",
        "index_no": index_no,
        "index_scheme": None,
        "category": None,
        "publisher": "区政府",
        "created_date": "2023-01-01",
        "published_date": "2023-01-02",
        "title": "t",
        "doc_number": None,
        "keywords": None,
        "validity": None,
        "field_sources": {},
        "body_text": body,
        "sections": [],
        "tables": [],
        "attachments": [],
        "metrics": metrics,
    },
    st.sampled_from(URLS),
    st.sampled_from(INDEX),
    st.sampled_from(["甲", "乙"]),
    st.lists(metric_st, max_size=4),
    st.sampled_from(["ok", "ok", "error_page"]),
)

SNAPSHOT = {
    "documents": "select doc_id, url, body_text, metric_count from documents order by doc_id",
    "metrics": "select metric_id, doc_id, kind, label, value, unit, sentence, position from metrics order by metric_id",
}


def snapshot(con) -> dict[str, list]:
    return {k: con.execute(sql).fetchall() for k, sql in SNAPSHOT.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record_st, max_size=6))
def test_loading_twice_changes_nothing(records):
    with tempfile.TemporaryDirectory() as tmp:
        con = wh.connect(Path(tmp) / "p.duckdb")
        run = wh.start_run(con, source="p")
        wh.load_records(con, run, records)
        first = snapshot(con)
        again = wh.load_records(con, wh.start_run(con, source="p"), records)
        assert snapshot(con) == first
        assert again["metrics_written"] == 0
        ids = [r[0] for r in first["metrics"]]
        assert len(ids) == len(set(ids))
        con.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record_st, min_size=1, max_size=6))
def test_one_document_per_record_batch_equals_its_last_load(records):
    """Loading records one by one ends with the same metrics for each document as loading
    the document's final record alone: a document's figures are replaced, never merged."""
    with tempfile.TemporaryDirectory() as tmp:
        con = wh.connect(Path(tmp) / "a.duckdb")
        run = wh.start_run(con, source="p")
        for r in records:
            wh.load_records(con, run, [r])
        one_by_one = con.execute(
            "select doc_id, list(metric_id order by metric_id) from metrics group by doc_id order by doc_id"
        ).fetchall()
        con.close()
        con = wh.connect(Path(tmp) / "b.duckdb")
        run = wh.start_run(con, source="p")
        last: dict[str, dict] = {}
        for r in records:
            if r["status"] == "ok":
                key = r["index_no"] or r["source"]
                last[key] = r
        for r in last.values():
            wh.load_records(con, run, [r])
        final = con.execute(
            "select doc_id, list(metric_id order by metric_id) from metrics group by doc_id order by doc_id"
        ).fetchall()
        con.close()
        assert one_by_one == final
