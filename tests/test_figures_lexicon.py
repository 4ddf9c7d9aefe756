"""lexicon.toml: the word lists load, are validated and say where their words came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from govdocs.figures import lexicon
from govdocs.figures.lexicon import LEXICON_TOML, LexiconError, load


def test_every_list_says_where_its_words_came_from() -> None:
    lex = load()
    for name, table in lex:
        assert len(table.source) > 10, name


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda s: s.replace("[idioms]", "[idiomz]", 1), "idiomz"),  # unknown table (typo)
        (lambda s: s.replace("[units]\nsource = ", "[units]\nsorce = ", 1), "units"),  # unknown key, missing source
        (lambda s: s.replace('words = [\n    "万亿元"', 'words = [\n    "万亿元", "万亿元"', 1), "duplicate"),
        (lambda s: s.replace('patterns = ["占(?!地|用|领|有)"]', 'patterns = ["占(?!地"]', 1), "share"),
        (lambda s: s.replace("[hotlines]\n", "[hotlines]\nwords2 = 1\n", 1), "hotlines"),
        (lambda s: s + "\n[broken", "lexicon.toml"),
    ],
)
def test_a_bad_file_is_one_clear_error(tmp_path: Path, edit, message: str) -> None:
    bad = tmp_path / "lexicon.toml"
    text = LEXICON_TOML.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text
    bad.write_text(changed, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load(bad)


def test_the_module_uses_the_file() -> None:
    assert set(lexicon.UNITS) == set(load().units.words)
    assert "斤" in lexicon.UNITS and 12345.0 in lexicon.HOTLINES


def test_the_quality_suite_allows_exactly_the_units_of_the_lexicon() -> None:
    """One unit list: lexicon.toml. expectations/metrics.json repeats it as GX value sets
    (a suite is JSON), and this test keeps the two equal in both directions."""
    import json

    suite = json.loads(
        (Path(__file__).resolve().parents[1] / "expectations" / "metrics.json").read_text(encoding="utf-8")
    )
    sets = {
        e["kwargs"]["column"]: set(e["kwargs"]["value_set"])
        for e in suite["expectations"]
        if e["kwargs"].get("column") in ("unit_base", "unit_per")
    }
    units = [u.replace("％", "%") for u in lexicon.UNITS]
    assert sets["unit_base"] == {u.partition("/")[0] for u in units}
    assert sets["unit_per"] == {u.partition("/")[2] for u in units if "/" in u}
