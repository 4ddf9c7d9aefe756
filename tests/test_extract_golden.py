"""Golden-file tests: each hand-written page in tests/fixtures/pages against its expected JSON.

Regenerate for review with `python -m govdocs.extract.golden --update` then `git diff`.
"""

import json

import pytest

from govdocs.extract.golden import differences, pages, run

CASES = pages()


def test_enough_fixtures():
    assert len(CASES) >= 8


@pytest.mark.parametrize("page,exp", CASES, ids=[p.name for p, _ in CASES])
def test_golden(page, exp):
    expected = json.loads(exp.read_text(encoding="utf-8"))
    record = run(page, expected)
    assert differences(record, expected) == []


@pytest.mark.parametrize("page,exp", CASES, ids=[p.name for p, _ in CASES])
def test_record_has_every_key(page, exp):
    from govdocs.records import PageRecord

    record = run(page, json.loads(exp.read_text(encoding="utf-8")))
    assert set(record) == set(PageRecord.__annotations__)
    for key, value in record.items():
        if key != "body_text":
            assert value != "", f"{key} is an empty string, not None"
    for fld, src in record["field_sources"].items():
        assert record[fld] is not None
        assert src == "title" or src == "body" or src.startswith(("block:", "meta:"))


@pytest.mark.parametrize("page,exp", CASES, ids=[p.name for p, _ in CASES])
def test_section_offsets_point_at_headings(page, exp):
    record = run(page, json.loads(exp.read_text(encoding="utf-8")))
    body = record["body_text"]
    for s in record["sections"]:
        assert body[s["start"] :].startswith(s["heading"]), s
        assert s["start"] <= s["end"] <= len(body)
        assert s["path"].endswith(s["heading"])
    for t in record["tables"]:
        assert len({len(r) for r in t["rows"]}) == 1, "every row has the same width"
