"""Attachments (PDF, DOC/DOCX, WPS, OFD, XLS…) stored content-addressed under the warehouse.

The file name a server suggests (`Content-Disposition: ../../x.pdf`) is never used as a path:
files are named by the SHA-256 of their bytes and the type sniffed from those bytes, so the
same attachment linked from ten pages is stored once and nothing lands outside `root`.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from govdocs.fetch.archive import sha256
from govdocs.sniff import sniff_type

MAX_UNZIPPED_BYTES = 200_000_000  # a DOCX/XLSX/OFD that inflates beyond this is a zip bomb
MAX_ZIP_RATIO = 200  # … or one compressed more than 200:1 overall
MAX_ZIP_MEMBERS = 10_000


class AttachmentRefused(ValueError):
    """The bytes are not stored; the message is the recorded reason."""


@dataclass(frozen=True)
class StoredAttachment:
    sha256: str
    type: str  # pdf | doc (OLE2: doc/xls/wps) | docx | xlsx | pptx | ofd | zip | other
    size: int
    path: Path


def check_zip(body: bytes) -> None:
    """Refuse archives whose declared contents would inflate absurdly (zip bombs)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(body)).infolist()
    except zipfile.BadZipFile as exc:
        raise AttachmentRefused(f"corrupt zip container: {exc}") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise AttachmentRefused(f"zip bomb: {len(infos)} members")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise AttachmentRefused(f"zip bomb: inflates to {total} bytes")
    if body and total / len(body) > MAX_ZIP_RATIO:
        raise AttachmentRefused(f"zip bomb: compression ratio {total / len(body):.0f}:1")


def store_attachment(body: bytes, root: Path) -> StoredAttachment:
    kind = sniff_type(body)
    if kind in ("docx", "xlsx", "pptx", "ofd", "zip"):
        check_zip(body)
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
