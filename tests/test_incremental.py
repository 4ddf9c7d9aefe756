"""Incremental crawls over loopback: conditional requests, unchanged pages skipped, edits kept
as versions, removed pages marked — with the real crawler, extractor and DuckDB file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from govdocs import pipeline
from govdocs.sources import source_from_dict
from tests import loopback

DOC = """<html><head><title>{title}</title></head><body>
<table><tr><td>索引号：</td><td>11500106709335764X/2022-0000{n}</td><td>发布机构：</td><td>示例区司法局</td></tr>
<tr><td>名称：</td><td>{title}</td><td>发布日期：</td><td>2022-01-2{n}</td></tr></table>
<div class="content"><p>{body}</p><p>示例区司法局</p></div></body></html>"""


class Site:
    """A small site whose pages can be edited or removed between crawls; sends ETags."""

    def __init__(self):
        self.pages = {
            f"/col/202201/t2022012{n}_{n}.html": DOC.format(
                n=n, title=f"关于第{n}号事项的通知", body=f"全年办理行政许可{100 + n}件。"
            )
            for n in (1, 2, 3)
        }
        self.gone: set[str] = set()
        self.bodies_sent = 0

    def routes(self):
        links = "".join(f'<a href="{p.rsplit("/col/", 1)[1]}">x</a>' for p in self.pages)
        routes = {"/col/index.html": loopback.html(links)}
        for path in self.pages:
            routes[path] = self._route(path)
        return routes

    def _route(self, path):
        def route(h):
            if path in self.gone:
                return loopback.send(h, 410, "<html>页面不存在</html>".encode())
            body = self.pages[path].encode()
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            if h.headers.get("If-None-Match") == etag:
                return loopback.send(h, 304, b"", headers={"ETag": etag})
            self.bodies_sent += 1
            loopback.send(h, 200, body, headers={"ETag": etag})

        return route


def crawl_once(base, db):
    source = source_from_dict(
        {
            "name": "inc",
            "start_urls": [base + "col/index.html"],
            "allowed_origins": [base],
            "links": {"list": [r"/col/index\.html$"], "detail": [r"/\d{6}/t\d{8}_\d+\.html$"]},
            "politeness": {"delay_s": 0.0, "obey_robots": False},
        }
    )
    return pipeline.crawl_and_load(source, db)


def q(db, sql, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_unchanged_pages_are_neither_downloaded_nor_reextracted(tmp_path):
    db = tmp_path / "wh" / "govdocs.duckdb"
    site = Site()
    routes = site.routes()
    with loopback.serve(routes) as (base, _):
        first = crawl_once(base, db)
        sent = site.bodies_sent
        second = crawl_once(base, db)
    assert first.stats.extracted == 3 and sent == 3
    assert site.bodies_sent == sent  # every detail page answered 304
    assert second.stats.extracted == 0 and second.loaded["changed_documents"] == 0
    assert second.stats.not_modified == 3
    assert q(db, "select http_status, count(*) from pages where kind = 'detail' group by 1") == [(304, 3)]
    assert q(db, "select count(*) from documents") == [(3,)]
    # the documents were still seen by the second run
    last = q(db, "select distinct last_seen_run from documents")
    assert len(last) == 1 and last[0][0].startswith("inc-")


def test_edited_page_keeps_its_history_and_removed_page_is_marked(tmp_path):
    db = tmp_path / "wh" / "govdocs.duckdb"
    site = Site()
    routes = site.routes()
    edited = "/col/202201/t20220122_2.html"
    removed = "/col/202201/t20220123_3.html"
    with loopback.serve(routes) as (base, _):
        crawl_once(base, db)
        site.pages[edited] = site.pages[edited].replace("全年办理行政许可102件", "全年办理行政许可202件")
        site.gone.add(removed)
        second = crawl_once(base, db)
    assert second.stats.extracted == 2  # the edit and the 410 were extracted; the unchanged page was not
    assert second.loaded["changed_documents"] == 1
    doc = "11500106709335764X/2022-00002"
    versions = q(db, "select count(*), sum(is_current::int) from v_document_history where doc_id = ?", doc)
    assert versions == [(2, 1)]
    bodies = q(db, "select is_current, body_text from v_document_history where doc_id = ? order by is_current", doc)
    assert "行政许可102件" in bodies[0][1] and "行政许可202件" in bodies[1][1]  # the old body is kept
    assert q(db, "select value from metrics where doc_id = ? and label like '%行政许可%'", doc) == [(202.0,)]
    # the removed page is marked, its document is kept
    status = q(db, "select status, http_status from pages where url like ?", "%t20220123_3.html")
    assert status == [("error_page", 410)]
    assert q(db, "select count(*) from documents where doc_id = ?", "11500106709335764X/2022-00003") == [(1,)]


def test_same_document_under_two_urls_is_one_document_with_an_alias(tmp_path):
    db = tmp_path / "wh" / "govdocs.duckdb"
    site = Site()
    copy = "/col/202201/t20220131_9.html"
    site.pages[copy] = site.pages["/col/202201/t20220121_1.html"]  # republished elsewhere
    with loopback.serve(site.routes()) as (base, _):
        crawl_once(base, db)
        crawl_once(base, db)
    doc = "11500106709335764X/2022-00001"
    assert q(db, "select count(*) from documents") == [(3,)]
    aliases = q(db, "select url, is_canonical from v_document_aliases where doc_id = ? order by url", doc)
    assert [(u.rsplit("/", 1)[1], c) for u, c in aliases] == [("t20220121_1.html", True), ("t20220131_9.html", False)]


def test_reextract_of_a_damaged_archive_is_failure_rows_not_an_abort(tmp_path):
    """A byte-flipped WARC (warcio raises ArchiveLoadFailed, not OSError) loses only the
    records it damaged: each is a failure with a reason, the rest are re-extracted."""
    import random

    db = tmp_path / "wh" / "govdocs.duckdb"
    site = Site()
    with loopback.serve(site.routes()) as (base, _):
        crawl_once(base, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        pages = pipeline.archived_pages(con)
    finally:
        con.close()
    assert len(pages) == 3
    victim = pages[1]
    warc = victim["warc_path"]
    data = bytearray(Path(warc).read_bytes())
    rng = random.Random(7)
    for i in range(victim["warc_offset"], victim["warc_offset"] + 40):  # inside that record's gzip member
        data[i] ^= rng.randrange(1, 256)
    Path(warc).write_bytes(bytes(data))
    records, failures = pipeline.reextract_archived(pages)
    assert [f["url"] for f in failures] == [victim["url"]] and "archive unreadable" in failures[0]["reason"]
    # the reason names what warcio raised; which error a damaged gzip member gives depends on the
    # bytes hit (ArchiveLoadFailed, zlib.error, an AttributeError deep in warcio), none an OSError
    assert re.match(r"archive unreadable: \w+", failures[0]["reason"]), failures[0]["reason"]
    assert len(records) == 2
