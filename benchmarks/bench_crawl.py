"""Crawl throughput against the politeness limit, and the cost of a second, incremental crawl.

A loopback site of 2,000 pages on 4 hosts (127.0.0.1–127.0.0.4), crawled with a 0.05 s
per-host delay: the ideal is hosts ÷ delay = 80 pages/s. Target ≥ 90 % of the ideal.
The second crawl sends the validators of the first (If-None-Match): it must transfer no
bodies and leave nothing to re-extract.

Run: .venv/bin/python -m benchmarks.bench_crawl [--pages 2000] [--hosts 4] [--delay 0.05]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import tempfile
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from govdocs.fetch.crawl import KnownPage, crawl
from govdocs.samplesite.server import Route, send, serve_routes
from govdocs.sources import source_from_dict

LINKS_PER_LIST = 50


def page_body(host: int, path: str, n_details: int) -> bytes | None:
    if path == "/robots.txt":
        return b"User-agent: *\nAllow: /\n"
    if path.startswith("/col/index"):
        stem = path.rsplit("/", 1)[1]
        page = 0 if stem == "index.html" else int(stem.split("_")[1].split(".")[0])
        first = page * LINKS_PER_LIST
        links = "".join(
            f'<li><a href="./202401/t20240101_{host}{i:05d}.html">文件{i}</a></li>'
            for i in range(first, min(first + LINKS_PER_LIST, n_details))
        )
        pages = -(-n_details // LINKS_PER_LIST)
        return (f"<html><body><ul>{links}</ul><script>createPageHTML({pages}, {page}, \"index\", \"html\");"
                f"</script></body></html>").encode()
    if path.startswith("/col/202401/"):
        return ("<html><body><table><tr><td>索引号：</td><td>x/2024-00001</td></tr></table><p>"
                + "全年共办理行政许可1071件。" * 50 + "</p></body></html>").encode()
    return None


def host_router(host_no: int, n_details: int) -> Callable[[str], Route | None]:
    """Routes of one bench host: page_body() with ETag / 304 for conditional requests."""
    def router(path: str) -> Route | None:
        body = page_body(host_no, path, n_details)
        if body is None:
            return None

        def route(h: BaseHTTPRequestHandler) -> None:
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            if h.headers.get("If-None-Match") == etag:
                send(h, 304, headers={"ETag": etag})
            else:
                send(h, 200, body, headers={"ETag": etag})
        return route
    return router


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--delay", type=float, default=0.05)
    args = ap.parse_args()

    per_host = args.pages // args.hosts
    n_lists = -(-(per_host - 1) // (LINKS_PER_LIST + 1))  # list pages count toward the total
    n_details = per_host - n_lists
    servers = contextlib.ExitStack()
    bases = [servers.enter_context(serve_routes(host_router(i + 1, n_details), host=f"127.0.0.{i + 1}"))[0]
             for i in range(args.hosts)]
    source = source_from_dict({
        "name": "bench",
        "start_urls": [b + "col/index.html" for b in bases],
        "allowed_origins": list(bases),
        "links": {"list": [r"/col/index(_\d+)?\.html$"], "detail": [r"/\d{6}/t\d{8}_\d+\.html$"]},
        "politeness": {"delay_s": args.delay, "max_pages": 10 * args.pages},
    })
    ideal = args.hosts / args.delay
    with tempfile.TemporaryDirectory() as tmp:
        first = crawl(source, archive_path=Path(tmp) / "warc" / "1.warc.gz")
        rate = len(first.pages) / first.elapsed_s
        known = {
            p.url: KnownPage(etag=p.etag, last_modified=p.last_modified, content_hash=p.content_hash,
                             warc_path=p.warc_path, warc_offset=p.warc_offset, content_type=p.content_type)
            for p in first.pages if p.kind == "detail"
        }
        second = crawl(source, archive_path=Path(tmp) / "warc" / "2.warc.gz", known=known)
        rate2 = len(second.pages) / second.elapsed_s
        to_extract = sum(1 for p in second.pages if p.kind == "detail" and not p.unchanged)
        print(f"site: {len(first.pages)} pages on {args.hosts} hosts, per-host delay {args.delay} s, ideal {ideal:.0f} pages/s")
        print(f"first crawl : {len(first.pages):5d} pages in {first.elapsed_s:6.1f} s = {rate:6.1f} pages/s "
              f"({rate / ideal:.0%} of ideal), bodies transferred {first.transferred()}")
        print(f"second crawl: {len(second.pages):5d} pages in {second.elapsed_s:6.1f} s = {rate2:6.1f} pages/s "
              f"({rate2 / ideal:.0%} of ideal), bodies transferred {second.transferred()} "
              f"(list pages only: {sum(1 for p in second.pages if p.kind == 'list')}), details to re-extract {to_extract}")
        print(f"target >= 90% of ideal: {'yes' if rate / ideal >= 0.9 else 'NO'}")
    servers.close()


if __name__ == "__main__":
    main()
