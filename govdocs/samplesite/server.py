"""The project's one loopback HTTP server: the bundled sample site, and route tables.

    with serve_site() as base_url:          # "http://127.0.0.1:43123/"
        httpx.get(base_url + "zwgk_235/index.html")

    with serve_routes({"/a.html": route}) as (base_url, request_log):   # tests, benchmarks
        ...

A route is a plain function that gets the request handler and writes whatever it likes to
the socket (tests/loopback.py holds the broken things real sites do); a router is a dict of
paths or a function of the path. Both servers share `QuietServer` and `running()`.

    python -m govdocs.samplesite.server [--port N] [--host H] [--root DIR]

A quiet `ThreadingHTTPServer` (no access log) speaking HTTP/1.1 with keep-alive and
Content-Length, GET and HEAD, ETag / Last-Modified with 304 answers to If-None-Match /
If-Modified-Since, Content-Type by extension, a small HTML 404 page, and no path traversal.
Per-file header overrides (the GBK page is sent as bare `text/html`; deterministic
Last-Modified dates) come from `site/_headers.json`, written by the generator.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import hashlib
import json
import posixpath
import ssl
import threading
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar, cast
from urllib.parse import unquote, urlsplit

from govdocs.paths import SAMPLE_SITE_DIR

HEADERS_FILE = "_headers.json"  # written by the generator (tools/samplesite) beside the pages
NOT_FOUND = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>404 页面不存在</title>
</head>
<body>
<h1>404 Not Found</h1>
<p>您访问的页面不存在。</p>
<p><a href="/index.html">返回首页</a></p>
</body>
</html>
"""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}


def load_overrides(root: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((root / HEADERS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {str(k): dict(v) for k, v in files.items() if isinstance(v, dict)}


class SampleSiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TRS-WCM"
    sys_version = ""
    root: Path = SAMPLE_SITE_DIR
    overrides: ClassVar[dict[str, dict[str, str]]] = {}

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _method_not_allowed(self) -> None:
        try:  # drain a request body so that the kept-alive connection stays in sync
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if 0 < length <= 1_000_000:
            self.rfile.read(length)
        elif length:
            self.close_connection = True
        self._send_simple(405, b"", extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = _method_not_allowed

    # ------------------------------------------------------------------

    def _send_simple(
        self,
        status: int,
        body: bytes,
        *,
        head: bool = False,
        extra: dict[str, str] | None = None,
        ctype: str = "text/html; charset=utf-8",
    ) -> None:
        send(self, status, b"" if head else body, ctype=ctype, headers=extra, length=len(body))

    def _not_found(self, head: bool) -> None:
        self._send_simple(404, NOT_FOUND.encode("utf-8"), head=head)

    def _resolve(self) -> tuple[str, Path] | int:
        raw = urlsplit(self.path).path or "/"
        path = unquote(raw)
        if "\x00" in path or "\\" in path or not path.startswith("/"):
            return 400
        if any(seg == ".." for seg in path.split("/")):
            return 403
        norm = posixpath.normpath(path)
        if path.endswith("/"):
            norm = norm.rstrip("/") + "/"
        root = self.root.resolve()
        target = (root / norm.lstrip("/")).resolve()
        if target != root and root not in target.parents:
            return 403
        if target.is_dir():
            if not norm.endswith("/"):
                return 301
            norm += "index.html"
            target = target / "index.html"
        if any(seg.startswith("_") or seg.startswith(".") for seg in norm.split("/") if seg):
            return 404
        return norm, target

    def _serve(self, head: bool) -> None:
        res = self._resolve()
        if res == 301:
            location = urlsplit(self.path).path + "/"
            self._send_simple(301, b"", head=head, extra={"Location": location})
            return
        if isinstance(res, int):
            body = f"<html><body><h1>{res}</h1></body></html>".encode()
            self._send_simple(res, body, head=head)
            return
        url_path, target = res
        if not target.is_file():
            self._not_found(head)
            return
        data = target.read_bytes()
        over = self.overrides.get(url_path, {})
        ctype = over.get("Content-Type") or CONTENT_TYPES.get(target.suffix.lower(), "application/octet-stream")
        etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
        last_modified = over.get("Last-Modified") or email.utils.formatdate(target.stat().st_mtime, usegmt=True)
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if self._not_modified(etag, last_modified):
            self.send_response(304)
            for k, v in validators.items():
                self.send_header(k, v)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in validators.items():
            self.send_header(k, v)
        self.send_header("Accept-Ranges", "none")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _not_modified(self, etag: str, last_modified: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims)
                modified = email.utils.parsedate_to_datetime(last_modified)
            except (TypeError, ValueError):
                return False
            return int(modified.timestamp()) <= int(since.timestamp())
        return False


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    ctype: str = "text/html; charset=utf-8",
    headers: Mapping[str, str] | None = None,
    length: int | None = None,
) -> None:
    """A complete response with Content-Type and Content-Length (`length` for HEAD answers)."""
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body) if length is None else length))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    if h.command != "HEAD" and body:
        h.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # client resets and broken pipes are normal for a test server


def address_of(server: ThreadingHTTPServer) -> str:
    """host:port the server listens on."""
    host, port = server.server_address[:2]
    return f"{host.decode() if isinstance(host, bytes) else host}:{port}"


@contextlib.contextmanager
def running(server: QuietServer, scheme: str = "http") -> Iterator[str]:
    """Serve in a daemon thread; yield the base URL ("http://127.0.0.1:PORT/"); stop on exit."""
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        daemon=True,
        name=f"loopback-server-{server.server_address[1]}",
    )
    thread.start()
    try:
        yield f"{scheme}://{address_of(server)}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_server(root: Path = SAMPLE_SITE_DIR, host: str = "127.0.0.1", port: int = 0) -> QuietServer:
    root = Path(root)
    handler = type(
        "BoundSampleSiteHandler",
        (SampleSiteHandler,),
        {"root": root, "overrides": load_overrides(root)},
    )
    return QuietServer((host, port), handler)


@contextlib.contextmanager
def serve_site(root: Path = SAMPLE_SITE_DIR, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `root` in a daemon thread; yield the base URL ("http://127.0.0.1:PORT/")."""
    with running(make_server(root, host, port)) as base:
        yield base


Route = Callable[[BaseHTTPRequestHandler], None]
Router = Mapping[str, Route] | Callable[[str], Route | None]


class RouteServer(QuietServer):
    """A QuietServer that answers by a router and logs (method, path) of every request."""

    def __init__(self, address: tuple[str, int], router: Router):
        super().__init__(address, RouteHandler)
        self.router = router
        self.requests: list[tuple[str, str]] = []


class RouteHandler(BaseHTTPRequestHandler):
    """Answers GET/HEAD by the server's router (path with query, else without → route); 404 otherwise."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

    def do_GET(self) -> None:
        server = cast(RouteServer, self.server)
        server.requests.append((self.command, self.path))
        path = self.path.split("?")[0]
        router = server.router
        # with a mapping, a route for the path with its query wins (query pagers)
        route = (router.get(self.path) or router.get(path)) if isinstance(router, Mapping) else router(path)
        if route is None:
            send(self, 404, NOT_FOUND.encode("utf-8"))
        else:
            route(self)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_routes(
    router: Router, *, host: str = "127.0.0.1", port: int = 0, tls_context: ssl.SSLContext | None = None
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Serve `router` on `host` (free port); yields (base_url, request_log)."""
    server = RouteServer((host, port), router)
    if tls_context is not None:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True)
    with running(server, "https" if tls_context is not None else "http") as base:
        yield base, server.requests


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Serve the govdocs sample site")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--root", type=Path, default=SAMPLE_SITE_DIR)
    args = ap.parse_args(argv)
    server = make_server(args.root, args.host, args.port)
    print(f"Serving {args.root} at http://{address_of(server)}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
