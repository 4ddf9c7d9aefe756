"""`govdocs import-warc`: WARCs made by other tools (real wget over loopback, warcio) through
the crawl's page path into a real DuckDB warehouse; idempotence; reextract on imported pages."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govdocs import pipeline
from govdocs.orchestration import artifact_key
from govdocs.samplesite.server import serve_site
from govdocs.sources import Source, load_source
from govdocs.warc_import import IMPORT_SOURCE, NoArchive, import_warcs
from tests.generated_site import GeneratedSite

SITE = "http://www.example.gov.cn/"
GEN = GeneratedSite(10)


# --- a WARC written by warcio ------------------------------------------------------------


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _response(
    w: WARCWriter,
    url: str,
    payload: bytes,
    headers: list[tuple[str, str]],
    status: str = "200 OK",
    date: str = "2024-03-01T08:00:00Z",
) -> Any:
    return w.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(payload),
        length=len(payload),
        http_headers=_http(status, headers),
        warc_headers_dict={"WARC-Date": date},
    )


def _digest_only(record: Any) -> Any:
    """A revisit that names its original by payload digest alone (no Refers-To headers)."""
    record.rec_headers.headers = [h for h in record.rec_headers.headers if h[1] is not None]
    return record


def _chunked(body: bytes, size: int = 700) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


HTML = [("Content-Type", "text/html; charset=utf-8")]


def write_archive(path: Path, *, gz: bool, version: str, truncate_last: bool = True) -> dict[str, str]:
    """An archive with every kind of record an importer meets; returns url → what it is."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz, warc_version=version)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "warcio test"}))
        w.write_record(_response(w, SITE + "col/index.html", GEN.list_page(0), HTML))
        d0 = GEN.detail_page(0)
        original = _response(w, SITE + "col/202401/t20240110_0.html", d0, HTML)
        w.write_record(original)
        w.write_record(
            w.create_warc_record(
                SITE + "col/202401/t20240110_0.html",
                "request",
                http_headers=StatusAndHeaders(
                    "GET /col/202401/t20240110_0.html HTTP/1.1", [("Host", "www.example.gov.cn")], is_http_request=True
                ),
            )
        )
        w.write_record(
            _response(
                w,
                SITE + "col/202402/t20240211_1.html",
                _chunked(GEN.detail_page(1)),
                [*HTML, ("Transfer-Encoding", "chunked")],
            )
        )
        w.write_record(
            _response(
                w,
                SITE + "col/202403/t20240312_2.html",
                gzip.compress(GEN.detail_page(2)),
                [*HTML, ("Content-Encoding", "gzip")],
            )
        )
        both = _chunked(gzip.compress(GEN.detail_page(3)))
        w.write_record(
            _response(
                w,
                SITE + "col/202404/t20240413_3.html",
                both,
                [*HTML, ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
            )
        )
        # a deduplicated capture of the same bytes (identical-payload-digest), a day later
        digest = original.rec_headers.get_header("WARC-Payload-Digest")
        revisit = w.create_revisit_record(
            SITE + "col/202401/t20240110_0.html",
            digest,
            SITE + "col/202401/t20240110_0.html",
            "2024-03-01T08:00:00Z",
            http_headers=_http("200 OK", HTML),
        )
        revisit.rec_headers.replace_header("WARC-Date", "2024-03-02T08:00:00Z")
        revisit.rec_headers.add_header("WARC-Refers-To", original.rec_headers.get_header("WARC-Record-ID"))
        w.write_record(revisit)
        # … and one of another URL that served the same bytes (found by digest alone)
        w.write_record(
            _digest_only(
                w.create_revisit_record(
                    SITE + "col/202401/copy_of_0.html", digest, None, None, http_headers=_http("200 OK", HTML)
                )
            )
        )
        w.write_record(
            w.create_warc_record(
                "urn:browsertrix:screenshot:" + SITE,
                "resource",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
                length=108,
                warc_headers_dict={"Content-Type": "image/png"},
            )
        )
        w.write_record(
            w.create_warc_record(
                SITE + "col/index.html",
                "metadata",
                payload=io.BytesIO(b"outlinks: 10"),
                length=12,
                warc_headers_dict={"Content-Type": "text/plain"},
            )
        )
        w.write_record(
            _response(
                w,
                SITE + "col/202405/t20240514_4.html",
                b"\x1f\x8b\x08\x00not gzip at all",
                [*HTML, ("Content-Encoding", "gzip")],
            )
        )
        w.write_record(
            _response(
                w,
                SITE + "col/202406/t20240615_5.html",
                b"zz\r\nnot chunked\r\n",
                [*HTML, ("Transfer-Encoding", "chunked")],
            )
        )
        body6 = GEN.detail_page(6)
        w.write_record(
            _response(
                w, SITE + "col/202407/t20240716_6.html", body6[:500], [*HTML, ("Content-Length", str(len(body6)))]
            )
        )
        w.write_record(_response(w, SITE + "col/202408/t20240817_7.html", os.urandom(4000) + GEN.detail_page(7), HTML))
    if truncate_last:
        with open(path, "r+b") as fh:  # a crawler killed mid-write: the last record is torn
            fh.truncate(path.stat().st_size - 1500)
    return {
        "list": SITE + "col/index.html",
        "plain": SITE + "col/202401/t20240110_0.html",
        "chunked": SITE + "col/202402/t20240211_1.html",
        "gzip": SITE + "col/202403/t20240312_2.html",
        "gzip+chunked": SITE + "col/202404/t20240413_3.html",
        "revisit_other_url": SITE + "col/202401/copy_of_0.html",
        "bad_gzip": SITE + "col/202405/t20240514_4.html",
        "bad_chunked": SITE + "col/202406/t20240615_5.html",
        "short_body": SITE + "col/202407/t20240716_6.html",
        "truncated": SITE + "col/202408/t20240817_7.html",
    }


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def pages(db: Path) -> dict[str, tuple[Any, ...]]:
    return {
        r[0]: r[1:]
        for r in rows(
            db, "select url, status, error_reason, http_status, kind, warc_path, warc_offset, content_hash from pages"
        )
    }


@pytest.mark.parametrize(
    "gz,version", [(True, "WARC/1.1"), (False, "WARC/1.0"), (True, "WARC/1.0"), (False, "WARC/1.1")]
)
def test_warcio_archive_every_record_kind(tmp_path: Path, gz: bool, version: str) -> None:
    warc = tmp_path / ("a.warc.gz" if gz else "a.warc")
    urls = write_archive(warc, gz=gz, version=version)
    db = tmp_path / "g.duckdb"
    out = import_warcs([warc], db)
    s = out.stats
    assert out.run.error is None
    assert s.source == IMPORT_SOURCE
    assert s.resources_skipped == 1
    assert s.records["request"] == 1 and s.records["metadata"] == 1 and s.records["warcinfo"] == 1
    assert s.revisits_resolved == 2 and s.revisits_unresolved == 0
    assert s.hosts == {"http://www.example.gov.cn:80": s.pages}
    got = pages(db)
    for what in ("plain", "chunked", "gzip", "gzip+chunked", "revisit_other_url"):
        assert got[urls[what]][0] == "ok", (what, got[urls[what]])
        assert got[urls[what]][3] == "detail", what
    assert got[urls["list"]][3] == "list"
    failed = {what: got[urls[what]] for what in ("bad_gzip", "bad_chunked", "short_body", "truncated")}
    assert all(r[0] == "fetch_error" for r in failed.values()), failed
    assert "corrupt compressed body" in failed["bad_gzip"][1]
    assert "broken payload" in failed["bad_chunked"][1]
    assert "incomplete response" in failed["short_body"][1]
    assert "truncated record" in failed["truncated"][1]
    # the revisits point at the original's record, and their documents are its document
    plain, copy = got[urls["plain"]], got[urls["revisit_other_url"]]
    assert copy[4:] == plain[4:] and plain[4] == str(warc.resolve())
    docs = rows(db, "select d.index_no, u.url from documents d join document_urls u using (doc_id) order by 2")
    assert ("11500106709335764X/2024-00000", urls["revisit_other_url"]) in docs
    assert {i for i, _ in docs} == {f"11500106709335764X/2024-{i:05d}" for i in range(4)}
    # the bodies decoded are the pages' bytes (a detail page's hash is of its decoded body)
    from govdocs.fetch.archive import sha256

    assert got[urls["gzip+chunked"]][6] == sha256(GEN.detail_page(3))
    assert got[urls["chunked"]][6] == sha256(GEN.detail_page(1))


def test_imported_pages_reextract_from_the_imported_file(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    write_archive(warc, gz=True, version="WARC/1.1")
    db = tmp_path / "g.duckdb"
    import_warcs([warc], db)
    with duckdb.connect(str(db)) as con:
        archived = pipeline.archived_pages(con)
    records, failures = pipeline.reextract_archived(archived)
    assert failures == []
    assert len(records) == 5  # four pages and the revisit of another URL
    assert {r["index_no"] for r in records} == {f"11500106709335764X/2024-{i:05d}" for i in range(4)}


def _snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored value except which run last saw a row."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in ("pages", "documents", "metrics", "document_versions", "document_urls", "attachments"):
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_name = ? "
                    "and column_name not in ('last_seen_run') order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            out[table] = sorted(map(repr, con.execute(f"select {', '.join(cols)} from {table}").fetchall()))
        return out
    finally:
        con.close()


def test_second_import_of_the_same_file_changes_nothing(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    write_archive(warc, gz=True, version="WARC/1.1")
    db = tmp_path / "g.duckdb"
    first = import_warcs([warc], db)
    before = _snapshot(db)
    second = import_warcs([tmp_path], db)  # the folder: the same file found again
    assert _snapshot(db) == before
    assert first.stats.extracted == 6 and second.stats.extracted == 0  # the revisit of a URL too
    assert second.stats.unchanged == first.stats.by_status["ok"]
    assert second.run.loaded is None or second.run.loaded["changed_documents"] == 0


def test_url_prefix_keeps_only_records_under_it(tmp_path: Path) -> None:
    warc = tmp_path / "cc.warc.gz"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(_response(w, "https://other.example.com/a.html", b"<html>elsewhere</html>", HTML))
        w.write_record(_response(w, SITE + "col/202401/t20240110_0.html", GEN.detail_page(0), HTML))
        w.write_record(_response(w, "http://WWW.Example.gov.cn/other/x.html", b"<html>other column</html>", HTML))
        w.write_record(_response(w, "https://zhuanti.example.gov.cn/z/1.html", GEN.detail_page(1), HTML))
    db = tmp_path / "g.duckdb"
    out = import_warcs([warc], db, url_prefixes=[SITE + "col/", "https://zhuanti.example.gov.cn/"])
    assert out.stats.outside_prefix == 2 and out.stats.pages == 2
    assert out.stats.hosts == {"http://www.example.gov.cn:80": 1, "https://zhuanti.example.gov.cn:443": 1}
    assert set(pages(db)) == {SITE + "col/202401/t20240110_0.html", "https://zhuanti.example.gov.cn/z/1.html"}


def test_revisit_resolved_in_a_later_file_or_recorded_as_unresolved(tmp_path: Path) -> None:
    first, second = tmp_path / "1.warc.gz", tmp_path / "2.warc.gz"
    with open(second, "wb") as fh:  # sorted after 1.warc.gz, holds the original
        w = WARCWriter(fh, gzip=True)
        original = _response(w, SITE + "col/202401/t20240110_0.html", GEN.detail_page(0), HTML)
        w.write_record(original)
    digest = original.rec_headers.get_header("WARC-Payload-Digest")
    with open(first, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(
            _digest_only(
                w.create_revisit_record(SITE + "col/again.html", digest, None, None, http_headers=_http("200 OK", HTML))
            )
        )
        w.write_record(
            w.create_revisit_record(
                SITE + "col/lost.html",
                "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                SITE + "col/gone.html",
                "2020-01-01T00:00:00Z",
                http_headers=_http("200 OK", HTML),
            )
        )
    db = tmp_path / "g.duckdb"
    out = import_warcs([tmp_path], db)
    assert out.stats.revisits_resolved == 1 and out.stats.revisits_unresolved == 1
    got = pages(db)
    assert got[SITE + "col/again.html"][0] == "ok" and got[SITE + "col/again.html"][4] == str(second.resolve())
    lost = got[SITE + "col/lost.html"]
    assert lost[0] == "fetch_error" and "col/gone.html" in lost[1] and "none of the imported files" in lost[1]


def test_a_file_that_is_not_a_warc_is_a_recorded_reason(tmp_path: Path) -> None:
    good = tmp_path / "a.warc.gz"
    write_archive(good, gz=True, version="WARC/1.1", truncate_last=False)
    bad = tmp_path / "b.warc"
    bad.write_bytes(b"<html>this is not an archive</html>\n" * 10)
    db = tmp_path / "g.duckdb"
    out = import_warcs([tmp_path], db)
    assert out.stats.pages == 11 and out.stats.not_http == 0
    assert [e["path"] for e in out.stats.file_errors] == [str(bad.resolve())]
    assert "not a WARC file" in out.stats.file_errors[0]["reason"]
    torn = tmp_path / "c.warc"  # garbage after the first records: those stay, the rest is a reason
    write_archive(torn, gz=False, version="WARC/1.1", truncate_last=False)
    cut = torn.read_bytes()
    torn.write_bytes(cut[:3000] + b"\r\n\r\nGARBAGE that is no record header\r\n" * 20)
    out = import_warcs([torn], tmp_path / "h.duckdb")
    assert out.stats.pages >= 1
    assert len(out.stats.file_errors) == 1 and "cannot read past byte" in out.stats.file_errors[0]["reason"]
    assert 0 < out.stats.file_errors[0]["offset"] < torn.stat().st_size  # where the last record read ends
    with pytest.raises(NoArchive, match="no such file"):
        import_warcs([tmp_path / "missing.warc.gz"], db)
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoArchive, match=r"no \.warc"):
        import_warcs([tmp_path / "empty"], db)


# --- a WARC written by real wget over loopback, against `govdocs demo` -----------------------


def _wget() -> str:
    path = shutil.which("wget")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("wget is not installed (CI must install it: apt-get install -y wget)")
        pytest.skip("wget is not installed")
    return path


def _sets(db: Path) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    docs = set(rows(db, "select doc_id, url, title, publisher, published_date, index_no, content_hash from documents"))
    figures = set(
        rows(
            db,
            "select doc_id, kind, label, value, unit, qualifier, canonical, table_name, row_label, "
            "column_label, start_offset from metrics",
        )
    )
    return docs, figures


def _list_pages(db: Path, source: Source, base: str) -> list[str]:
    """The demo crawl's list pages at the served address: their pager is JavaScript
    (createPageHTML), which wget does not run, so they are wget's start URLs."""
    assert source.canonical_base
    return [
        u.replace(source.canonical_base, base, 1)
        for (u,) in rows(db, "select url from pages where kind = 'list' order by url")
    ]


@pytest.mark.slow  # crawls the whole sample site
def test_wget_archive_of_the_sample_site_gives_the_demo_documents_and_figures(tmp_path: Path) -> None:
    wget = _wget()
    with serve_site() as base:
        source = load_source("sample", base=base)  # served at base, stored under canonical_base
        demo = tmp_path / "demo" / "govdocs.duckdb"
        pipeline.crawl_and_load(source, demo)
        seeds = tmp_path / "seeds.txt"
        seeds.write_text("\n".join(_list_pages(demo, source, base)) + "\n")
        done = subprocess.run(
            [
                wget,
                "--recursive",
                "--level=inf",
                "--no-parent",
                "--no-verbose",
                "--warc-file",
                str(tmp_path / "site"),
                "--no-directories",
                "--delete-after",
                "--directory-prefix",
                str(tmp_path / "files"),
                "--input-file",
                str(seeds),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode in (0, 8), done.stderr[-2000:]  # 8: the site's 404 pages
    db = tmp_path / "import" / "govdocs.duckdb"
    out = import_warcs([tmp_path / "site.warc.gz"], db, source=source)
    assert out.run.error is None and out.stats.file_errors == []
    assert out.stats.resources_skipped == 2  # wget's log and manifest
    assert out.stats.hosts == {"http://samplesite.invalid:80": out.stats.pages}
    demo_docs, demo_figures = _sets(demo)
    docs, figures = _sets(db)
    assert len(demo_docs) >= 40 and len(demo_figures) >= 300
    assert docs == demo_docs
    assert figures == demo_figures


# --- the command line and the flow ----------------------------------------------------------


def test_cli_bad_inputs_are_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govdocs.cli import main

    assert main(["import-warc", str(tmp_path / "none.warc.gz"), "--db", str(tmp_path / "g.duckdb")]) == 2
    assert capsys.readouterr().err.strip() == f"govdocs: error: {tmp_path / 'none.warc.gz'}: no such file or folder"
    warc = tmp_path / "a.warc.gz"
    write_archive(warc, gz=True, version="WARC/1.1")
    assert main(["import-warc", str(warc), "--source", "nosuchsite"]) == 2
    assert "unknown source 'nosuchsite'" in capsys.readouterr().err
    assert main(["import-warc", str(warc), "--url-prefix", "www.example.gov.cn/col/"]) == 2
    assert "is not an http(s) URL" in capsys.readouterr().err
    assert not (tmp_path / "g.duckdb").exists()


@pytest.mark.slow
def test_import_flow_validates_reports_and_publishes(tmp_path: Path, prefect_harness: None) -> None:
    from flows.import_warc import import_warc_flow
    from tests.test_flows import _artifacts

    warc = tmp_path / "a.warc.gz"
    write_archive(warc, gz=True, version="WARC/1.1")
    (tmp_path / "notes.warc").write_text("not an archive")
    db = tmp_path / "wh" / "govdocs.duckdb"
    state = import_warc_flow(paths=[str(tmp_path)], db_path=str(db), url_prefixes=[SITE], return_state=True)
    summary = state.result()
    assert summary["source"] == IMPORT_SOURCE and summary["files"] == 2 and summary["file_errors"] == 1
    assert summary["pages_imported"] == 11 and summary["resources_skipped"] == 1
    assert summary["revisits_resolved"] == 2 and summary["hosts"] == {"http://www.example.gov.cn:80": 11}
    assert summary["pages_by_status"] == {"ok": 6, "fetch_error": 4}  # one row per URL
    assert summary["documents"] == 4 and summary["dq_success"] is True
    assert Path(summary["report"]).is_file()
    assert summary["next"][0] == f"report: {summary['report']}" and "govdocs sql" in summary["next"][1]
    assert "urls_left" not in summary and len(summary["next"]) == 2  # no page limit stopped an import
    assert rows(db, "select status from runs where run_id = ?", [summary["run_id"]]) == [("finished",)]
    arts = _artifacts(state.state_details.flow_run_id)
    md = arts[artifact_key("import", "summary", IMPORT_SOURCE)].data
    for needle in (
        "**pages imported**: 11",
        "**revisits resolved**: 2",
        "**resources skipped**: 1",
        "**documents**: 4",
        "**quality**: passed",
    ):
        assert needle in md, needle
    import json

    table = arts[artifact_key("import", "failures", IMPORT_SOURCE)].data
    table = json.loads(table) if isinstance(table, str) else table
    reasons = [r["reason"] for r in table if r["kind"] != "expectation"]
    assert len(reasons) == 5 and any("not a WARC file" in r for r in reasons)


def test_redirects_counted_and_not_modified_captures_resolve_by_url(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    page = SITE + "col/202401/t20240110_0.html"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(_response(w, SITE + "col/202401/", b"", [("Location", page)], status="301 Moved Permanently"))
        w.write_record(_response(w, SITE + "col/empty.html", b"", HTML))  # an empty body: nobody's original
        w.write_record(_response(w, page, GEN.detail_page(0), HTML))
        # a conditional request answered 304, archived as a response …
        w.write_record(
            _response(w, page, b"", [("ETag", '"x"')], status="304 Not Modified", date="2024-03-02T08:00:00Z")
        )
        # … and as govdocs' own crawl archives it: a server-not-modified revisit with no payload
        rv = w.create_warc_record(
            page,
            "revisit",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=_http("304 Not Modified", [("ETag", '"x"')]),
            warc_headers_dict={
                "WARC-Date": "2024-03-03T08:00:00Z",
                "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
                "WARC-Refers-To-Target-URI": page,
            },
        )
        w.write_record(rv)
    db = tmp_path / "g.duckdb"
    out = import_warcs([warc], db)
    assert out.stats.redirects == 1 and out.stats.revisits_resolved == 2 and out.stats.pages == 4
    got = pages(db)
    assert SITE + "col/202401/" not in got
    status, _reason, http_status, kind, _warc_path, _offset, content_hash = got[page]
    assert (status, http_status, kind) == ("ok", 200, "detail")
    from govdocs.fetch.archive import sha256

    assert content_hash == sha256(GEN.detail_page(0))
    assert rows(db, "select count(*) from documents") == [(1,)]


def test_import_warc_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    from govdocs.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["import-warc", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "govdocs import-warc" in out and "--url-prefix" in out and "--source" in out


@pytest.mark.slow  # crawls the whole sample site
def test_our_own_archives_with_their_not_modified_revisits_import_to_the_same_warehouse(tmp_path: Path) -> None:
    with serve_site() as base:
        source = load_source("sample", base=base)
        crawled = tmp_path / "crawl" / "govdocs.duckdb"
        pipeline.crawl_and_load(source, crawled)
        pipeline.crawl_and_load(source, crawled)  # incremental: 304s archived as revisit records
    warcs = sorted((crawled.parent / "warc").glob("*.warc.gz"))
    assert len(warcs) == 2
    db = tmp_path / "import" / "govdocs.duckdb"
    out = import_warcs([crawled.parent / "warc"], db, source=source)
    assert out.stats.records["revisit"] > 0
    assert out.stats.revisits_resolved == out.stats.records["revisit"] and out.stats.revisits_unresolved == 0
    assert _sets(db) == _sets(crawled)
