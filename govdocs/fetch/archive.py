"""WARC archive (ISO 28500) of every response, written before anything parses it.

warcio's `capture_http` records nothing for httpx, so records are written here with
`WARCWriter`. Bodies are stored decoded (we undo gzip/deflate while enforcing the size cap);
the stored headers drop Content-Encoding and carry the decoded Content-Length, so every
record replays as-is.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govdocs.fetch.client import Response


class WarcArchive:
    """Writes request/response pairs to a new gzipped WARC file (one per crawl attempt: a
    resumed run starts a new file and never appends after what a kill may have torn);
    `sync()` puts everything written so far on disk, before the warehouse points at it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._fh = open(self.path, "xb")  # noqa: SIM115 - held open until close(): one file per attempt
        self._writer = WARCWriter(self._fh, gzip=True)
        if self._fh.tell() == 0:
            from govdocs import __version__

            info = self._writer.create_warcinfo_record(
                self.path.name,
                {
                    "software": f"govdocs/{__version__}",
                    "format": "WARC File Format 1.1",
                    "description": "bodies stored decoded; Content-Encoding removed",
                },
            )
            self._writer.write_record(info)

    def write(self, resp: Response) -> int:
        """Archive one response; returns the byte offset of its response record."""
        with self._lock:
            return self._write(resp)

    def _write(self, resp: Response) -> int:
        http_headers = StatusAndHeaders(f"{resp.status} {_reason(resp.status)}", resp.headers, protocol="HTTP/1.1")
        offset = self._fh.tell()
        record = self._writer.create_warc_record(
            resp.final_url,
            "response",
            payload=io.BytesIO(resp.body),
            length=len(resp.body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": resp.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
        )
        self._writer.write_record(record)
        req_headers = StatusAndHeaders(
            f"GET {_path_of(resp.final_url)} HTTP/1.1", resp.request_headers, is_http_request=True
        )
        req = self._writer.create_warc_record(
            resp.final_url,
            "request",
            http_headers=req_headers,
            warc_headers_dict={"WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID")},
        )
        self._writer.write_record(req)
        self._fh.flush()
        return offset

    def write_revisit(self, resp: Response, *, refers_to: str | None) -> int:
        """A 304 answer: a revisit record (profile server-not-modified) pointing at the copy
        archived earlier, whose payload digest is `refers_to` (sha256 hex)."""
        with self._lock:
            return self._write_revisit(resp, refers_to=refers_to)

    def _write_revisit(self, resp: Response, *, refers_to: str | None) -> int:
        http_headers = StatusAndHeaders(f"{resp.status} {_reason(resp.status)}", resp.headers, protocol="HTTP/1.1")
        offset = self._fh.tell()
        headers = {
            "WARC-Date": resp.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
        }
        if refers_to:
            headers["WARC-Refers-To-Target-URI"] = resp.final_url
        record = self._writer.create_warc_record(
            resp.final_url,
            "revisit",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=http_headers,
            warc_headers_dict=headers,
        )
        self._writer.write_record(record)
        self._fh.flush()
        return offset

    def sync(self) -> None:
        with self._lock:
            if not self._fh.closed:
                self._fh.flush()
                os.fsync(self._fh.fileno())

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_response(path: Path, offset: int) -> tuple[str, int, list[tuple[str, str]], bytes]:
    """(url, status, headers, body) of the response record at `offset` — for re-extraction."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            body = record.content_stream().read()
            status = int(record.http_headers.get_statuscode())
            return record.rec_headers.get_header("WARC-Target-URI"), status, record.http_headers.headers, body
    raise ValueError(f"no response record at {path}:{offset}")


def repair_torn_tail(path: Path) -> int:
    """Cut a WARC file back to its last complete record (a kill mid-write leaves a torn
    gzip member at the end); returns the bytes removed. Every record before the cut is
    intact, so the file passes `warcio check` again."""
    good = 0
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                record.content_stream().read()
                it.read_to_end(record)
                good = it.get_record_offset() + it.get_record_length()
    except Exception:  # noqa: BLE001 - whatever warcio raises on it, the rest is the torn tail
        pass
    size = path.stat().st_size
    if good < size:
        with open(path, "r+b") as fh:
            fh.truncate(good)
            fh.flush()
            os.fsync(fh.fileno())
    return size - good


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _path_of(url: str) -> str:
    from urllib.parse import urlsplit

    p = urlsplit(url)
    return (p.path or "/") + (f"?{p.query}" if p.query else "")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
