"""Fuzz: any bytes that look like a zip are stored or refused with a reason, nothing else.

Bounded per CI run (max_examples); a failure prints the minimal example to add as a case.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdocs.fetch.attachments import AttachmentRefused, store_attachment
from tests.test_hostile_attachments import DOCX, make_zip

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# zipfile cuts a name at NUL (an empty name breaks its writer, not our reader)
names = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1, max_size=40)
members = st.dictionaries(names, st.binary(max_size=2000), min_size=1, max_size=6)


def stored_or_refused(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            stored = store_attachment(body, Path(tmp))
        except AttachmentRefused as exc:
            assert str(exc)
        else:
            assert stored.path.read_bytes() == body


@FUZZ
@given(members)
def test_generated_members(members: dict[str, bytes]) -> None:
    stored_or_refused(make_zip(members))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_flipped_bytes_in_a_docx(flips: list[tuple[int, int]]) -> None:
    body = bytearray(DOCX)
    for at, value in flips:
        body[at] = value
    stored_or_refused(b"PK\x03\x04" + bytes(body[4:]))


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_after_the_zip_magic(tail: bytes) -> None:
    stored_or_refused(b"PK\x03\x04" + tail)
