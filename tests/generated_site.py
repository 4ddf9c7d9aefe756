"""A generated disclosure section of any size, served by tests/loopback.py: list pages with
TRS paging (`createPageHTML`) and detail pages with a metadata block, a date and figures.
Pages are made on request from their path, so 100,000 of them cost no memory.

    with loopback.serve(GeneratedSite(1500)) as (base, log): ...   # start: base + "col/index.html"
"""

from __future__ import annotations

import hashlib
import re
import threading

from govdocs.samplesite.server import Route, send

_DETAIL = re.compile(r"^/col/(\d{6})/t(\d{8})_(\d+)\.html$")
_LIST = re.compile(r"^/col/index(?:_(\d+))?\.html$")


class GeneratedSite(dict[str, Route]):
    """Routes computed from the path (loopback's handler only calls `.get`)."""

    def __init__(self, n_details: int, *, per_list: int = 30, body_bytes: int = 2_000, org: str = "11500106709335764X"):
        super().__init__()
        self.org = org  # the 索引号 prefix: two sites with different ones hold different documents
        self.n_details = n_details
        self.per_list = per_list
        self.body_bytes = body_bytes
        self.lists = max(1, -(-n_details // per_list))
        self.detail_bodies = 0  # detail bodies sent (200s), for "fetched again" checks
        self._lock = threading.Lock()

    def get(self, path: str, default: Route | None = None) -> Route | None:  # type: ignore[override]
        if path == "/robots.txt":
            return lambda h: send(h, 200, b"User-agent: *\nAllow: /\n", ctype="text/plain")
        m = _LIST.match(path)
        if m:
            page = int(m.group(1) or 0)
            return (lambda h: send(h, 200, self.list_page(page))) if page < self.lists else default
        m = _DETAIL.match(path)
        if m and int(m.group(3)) < self.n_details:
            return self._detail_route(int(m.group(3)))
        return default

    def list_page(self, page: int) -> bytes:
        first = page * self.per_list
        items = "".join(
            f'<li><a href="./202401/t20240{1 + i % 9}{10 + i % 18}_{i}.html">关于第{i}号事项的通知</a>'
            f"<span>2024-0{1 + i % 9}-{10 + i % 18}</span></li>"
            for i in range(first, min(first + self.per_list, self.n_details))
        )
        return (
            f'<html><head><title>政府信息公开</title></head><body><ul class="list">{items}</ul>'
            f'<script>createPageHTML({self.lists}, {page}, "index", "html");</script></body></html>'
        ).encode()

    def detail_page(self, i: int) -> bytes:
        """About `body_bytes` of HTML, shaped like a real detail page: a few KB of text
        (a metadata block, a title, paragraphs with figures) in a lot of page chrome."""
        date = f"2024-0{1 + i % 9}-{10 + i % 18}"
        sentence = f"全年共办理行政许可审批{1000 + i}件，同比增长{i % 30}%，按时办结率达到100%。"
        text_bytes = min(self.body_bytes // 8, 6_000)
        para = f"<p>{sentence}</p><p>{'依法推进政务公开，规范办理流程，提升服务质量。' * 4}</p>"
        paras = para * max(1, text_bytes // len(para.encode()))
        head = (
            f'<html><head><meta charset="utf-8"><title>关于第{i}号事项的通知_示例区人民政府</title></head><body>'
            f'<table class="meta"><tr><td>索引号：</td><td>{self.org}/2024-{i:05d}</td>'
            f"<td>发布机构：</td><td>示例区司法局</td></tr>"
            f"<tr><td>名称：</td><td>关于第{i}号事项的通知</td><td>发布日期：</td><td>{date}</td></tr></table>"
            f'<div class="content"><h1>关于第{i}号事项的通知</h1>{paras}</div>'
        )
        nav = "".join(f'<li><a href="/col{k}/index.html">栏目{k}</a></li>' for k in range(40))
        chrome = f'<div class="nav"><ul>{nav}</ul></div><script>var cfg = "{"x" * 200}";</script>'
        n_chrome = max(0, (self.body_bytes - len(head.encode())) // len(chrome.encode()))
        return (head + chrome * n_chrome + "</body></html>").encode()

    def _detail_route(self, i: int) -> Route:
        def route(h):  # type: ignore[no-untyped-def]
            body = self.detail_page(i)
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            if h.headers.get("If-None-Match") == etag:
                return send(h, 304, b"", headers={"ETag": etag})
            with self._lock:
                self.detail_bodies += 1
            send(h, 200, body, headers={"ETag": etag})

        return route
