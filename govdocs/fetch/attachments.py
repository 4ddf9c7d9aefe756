"""Attachments (PDF, DOC/DOCX, WPS, OFD, XLS…) stored content-addressed under the warehouse.

The file name a server suggests (`Content-Disposition: ../../x.pdf`) is never used as a path:
files are named by the SHA-256 of their bytes and the type sniffed from those bytes, so the
same attachment linked from ten pages is stored once and nothing lands outside `root`.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from govdocs.fetch.archive import sha256
from govdocs.sniff import sniff_type

MAX_UNZIPPED_BYTES = 200_000_000  # a DOCX/XLSX/OFD that inflates beyond this is a zip bomb
MAX_ZIP_RATIO = 200  # … or one compressed more than 200:1 overall
MAX_ZIP_MEMBERS = 10_000
ZIP_MAGIC = b"PK\x03\x04"
READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
# What zipfile raises on hostile containers besides BadZipFile (found by tests/test_fuzz_zip.py):
# a member name flagged UTF-8 that is not, truncated or overlapping records, absurd offsets.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    UnicodeDecodeError,
    ValueError,
    EOFError,
    OverflowError,
    IndexError,
    struct.error,
)


class AttachmentRefused(ValueError):
    """The bytes are not stored; the message is the recorded reason."""


@dataclass(frozen=True)
class StoredAttachment:
    sha256: str
    type: str  # pdf | doc (OLE2: doc/xls/wps) | docx | xlsx | pptx | ofd | zip | other
    size: int
    path: Path


def check_zip(body: bytes) -> None:
    """Refuse archives that cannot be read safely: corrupt containers (zipfile itself refuses
    member names that are not the UTF-8 they claim and impossible zip versions), members with
    a compression method zipfile cannot read, and declared contents that would inflate
    absurdly (zip bombs)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(body)).infolist()
    except ZIP_ERRORS as exc:
        raise AttachmentRefused(f"corrupt zip container: {type(exc).__name__}: {exc}") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise AttachmentRefused(f"zip bomb: {len(infos)} members")
    for info in infos:
        if info.compress_type not in READABLE_METHODS:
            raise AttachmentRefused(
                f"zip member {info.filename!r} uses unknown compression method {info.compress_type}"
            )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise AttachmentRefused(f"zip bomb: inflates to {total} bytes")
    if body and total / len(body) > MAX_ZIP_RATIO:
        raise AttachmentRefused(f"zip bomb: compression ratio {total / len(body):.0f}:1")


def store_attachment(body: bytes, root: Path) -> StoredAttachment:
    if body.startswith(ZIP_MAGIC):  # checked before the sniffer opens the zip to name its type
        check_zip(body)
    kind = sniff_type(body)
    digest = sha256(body)
    root = Path(root).resolve()
    path = root / digest[:2] / f"{digest}.{'bin' if kind == 'other' else kind}"
    if not path.resolve().is_relative_to(root):  # cannot happen with a hex name; kept as a guard
        raise AttachmentRefused(f"refused path outside {root}")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(body)
        os.replace(tmp, path)  # atomic: a killed run leaves a .part file, never a torn attachment
    return StoredAttachment(sha256=digest, type=kind, size=len(body), path=path)
