"""`govdocs sources add URL` / `sources` / `sources check NAME` over real loopback sites.

A probe writes a source that loads, round-trips and crawls every document of the site with
no URL pattern; a site redesign between `add` and `check` is reported with exit 1; an
unreachable URL, robots.txt disallow, a column without documents and an existing file are
one line each and write nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from govdocs.cli import main
from govdocs.samplesite.server import serve_site
from govdocs.sources import available_sources, load_source, source_from_dict
from govdocs.sources.probe import load_probe, probe_file, suggest_patterns
from tests import loopback
from tests.crawling import crawl
from tests.generated_site import GeneratedSite

ROBOTS_OK = loopback.html("User-agent: *\nAllow: /\n", ctype="text/plain")
DOCS = ["notice-alpha", "notice-beta", "plan-gamma", "rules-delta", "report-epsilon", "notice-zeta", "plan-eta"]
NAV = {
    f"/{section}/": loopback.html(f"<html><body><h1>{section}</h1><p>栏目建设中</p></body></html>")
    for section in ("about", "news", "service", "contact", "map", "mail", "help", "search")
}


def doc_page(i: int, *, block: bool = True) -> str:
    """A detail page whose URL carries no id (`/zwgk/notice-alpha.html`): only its content says
    it is a document. `block=False` is the redesign: the metadata block is gone."""
    meta = (
        f"<table class=meta><tr><td>索引号：</td><td>11500106709335764X/2024-{i:05d}</td>"
        f"<td>发布机构：</td><td>示例区司法局</td></tr>"
        f"<tr><td>发布日期：</td><td>2024-03-{10 + i:02d}</td><td>文号：</td><td>示司发〔2024〕{i + 1}号</td></tr></table>"
    )
    text = (
        f"<p>为进一步规范行政执法行为，现就第{i}号事项通知如下。</p>"
        f"<p>全年共办理行政许可审批{120 + i}件，同比增长{i + 3}%，按时办结率达到100%。</p>"
        "<p>各单位要依法推进政务公开，规范办理流程，提升服务质量，接受社会监督。</p>"
    )
    return (
        f"<html><head><meta charset=utf-8><title>关于第{i}号事项的通知_示例区人民政府</title></head><body>"
        f"{meta if block else ''}<div class=content><h1>关于第{i}号事项的通知</h1>{text}"
        f'<p><a href="/zwgk/files/{DOCS[i]}.pdf">附件1</a></p></div></body></html>'
    )


def list_page(names: list[str], next_page: str | None) -> str:
    nav = "".join(f'<li><a href="{path}">栏目{path.strip("/")}</a></li>' for path in NAV)
    items = "".join(
        f'<li><a href="/zwgk/{name}.html">关于第{DOCS.index(name)}号事项的通知</a>'
        f"<span>2024-03-{10 + DOCS.index(name):02d}</span></li>"
        for name in names
    )
    pager = f'<a href="{next_page}">下一页</a>' if next_page else ""
    return (
        f"<html><head><meta charset=utf-8><title>政策文件</title></head><body><ul class=nav>{nav}</ul>"
        f"<ul class=list>{items}</ul>{pager}</body></html>"
    )


def slug_site(*, block: bool = True) -> dict[str, loopback.Route]:
    """A column at /zwgk/index.html (two pages, a 下一页 pager) whose documents are
    `/zwgk/<name>.html`, next to eight nav links: no TRS, no id in any URL."""
    routes: dict[str, loopback.Route] = {
        "/robots.txt": ROBOTS_OK,
        "/zwgk/index.html": loopback.html(list_page(DOCS[:5], "/zwgk/index_1.html")),
        "/zwgk/index_1.html": loopback.html(list_page(DOCS[5:], None)),
        **NAV,
    }
    for i, name in enumerate(DOCS):
        routes[f"/zwgk/{name}.html"] = loopback.html(doc_page(i, block=block))
        routes[f"/zwgk/files/{name}.pdf"] = loopback.raw(
            b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", ctype="application/pdf"
        )
    return routes


def add(url: str, directory: Path, *extra: str) -> int:
    return main(["sources", "add", url, "--delay", "0", "--dir", str(directory), *extra])


def test_add_writes_a_source_that_loads_round_trips_and_crawls_every_document(tmp_path, capsys):
    with loopback.serve(slug_site()) as (base, log):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 0
        out = capsys.readouterr().out
        path = tmp_path / "slugs.toml"
        source = load_source(path)
        assert source.name == "slugs" and source.start_urls == (base + "zwgk/index.html",)
        assert source.allowed_origins == (base.rstrip("/"),)
        assert source.politeness.delay_s == 0.0 and source.politeness.obey_robots
        # hints are commented suggestions: content decides, so no list/detail pattern is active
        assert not source.list_patterns and not source.detail_patterns and source.attachment_patterns
        text = path.read_text(encoding="utf-8")
        assert "# list = ['^/zwgk/index[^/]*\\.html$']" in text
        assert "# detail = ['^(?!/zwgk/index[^/]*\\.html$)/zwgk/[^/]*\\.html$']" in text
        # round trip: the parsed file validates to the same source
        again = source_from_dict(tomllib.loads(text), where="again")
        assert again == source
        # the probe saw the pager and documents with their fields, within its fetch budget
        found = load_probe(probe_file(path))
        assert found is not None and found.pager_found >= 1
        assert len(found.details) >= 5 and all("publisher" in d.values for d in found.details)
        assert "documents" in out and "pager" in out
        fetches = [p for _, p in log if p != "/robots.txt"]
        assert len(fetches) <= 30
        # nav links cost at most two fetches: the sample is steered to the documents' shape
        assert sum(p in NAV for p in fetches) <= 2

        crawled = crawl(source, archive_path=tmp_path / "c.warc.gz")
    extracted = {p.url.rsplit("/", 1)[1] for p in crawled.pages if p.kind == "detail" and p.status == "ok"}
    assert extracted == {f"{name}.html" for name in DOCS}


def test_add_on_a_generated_trs_site_gives_a_sane_crawl(tmp_path):
    site = GeneratedSite(45, per_list=15)
    with loopback.serve(site) as (base, _):
        assert add(base + "col/index.html", tmp_path, "--name", "gen", "--max-pages", "12") == 0
        source = load_source(tmp_path / "gen.toml")
        found = load_probe(probe_file(tmp_path / "gen.toml"))
        assert found is not None and found.fetches <= 12 and found.details
        crawled = crawl(source, archive_path=tmp_path / "c.warc.gz")
    assert crawled.stats.extracted == 45
    assert crawled.counts() == {"ok": 45 + site.lists}


def test_add_on_the_sample_site_as_written_and_with_its_hints_adopted(tmp_path):
    """As written (content decides) the crawl also walks the site's other links; with the
    suggested hints uncommented it stays in the column. Both find the column's documents."""
    with serve_site() as base:
        assert add(base + "zwgk_235/tzgg/index.html", tmp_path, "--name", "tzgg") == 0
        path = tmp_path / "tzgg.toml"
        as_written = crawl(load_source(path), archive_path=tmp_path / "a.warc.gz")
        hinted_path = tmp_path / "hinted.toml"
        hinted_path.write_text(
            path.read_text(encoding="utf-8").replace("# list = ", "list = ").replace("# detail = ", "detail = "),
            encoding="utf-8",
        )
        hinted = load_source(hinted_path)
        assert hinted.list_patterns and hinted.detail_patterns
        confined = crawl(hinted, archive_path=tmp_path / "b.warc.gz")

    def column_docs(crawled):
        return {
            p.url.split("/", 3)[3]
            for p in crawled.pages
            if p.kind == "detail" and p.status == "ok" and "/tzgg/" in p.url
        }

    assert len(column_docs(as_written)) >= 10
    assert column_docs(confined) == column_docs(as_written)
    assert all("/tzgg/" in p.url for p in confined.pages)
    assert confined.stats.fetched < as_written.stats.fetched


def test_check_reports_a_redesign_and_passes_when_nothing_changed(tmp_path, capsys):
    routes = slug_site()
    with loopback.serve(routes) as (base, _):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 0
        capsys.readouterr()
        assert main(["sources", "check", str(tmp_path / "slugs.toml"), "--delay", "0"]) == 0
        assert "ok: the site looks as it did" in capsys.readouterr().out
        routes.update(slug_site(block=False))  # the redesign: detail pages lose their metadata block
        assert main(["sources", "check", str(tmp_path / "slugs.toml"), "--delay", "0"]) == 1
        out = capsys.readouterr().out
    assert re.search(r"^broken: publisher: found on \d+/\d+ documents at add, on 0/\d+ now", out, re.M)
    assert re.search(r"^broken: index_no: ", out, re.M)


def test_check_reports_a_pager_gone_and_stale_hints(tmp_path, capsys):
    routes = slug_site()
    with loopback.serve(routes) as (base, _):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 0
        path = tmp_path / "slugs.toml"
        # the user adopts the suggested detail hint; then the site moves its documents
        path.write_text(path.read_text(encoding="utf-8").replace("# detail = ", "detail = "), encoding="utf-8")
        assert load_source(path).detail_patterns
        capsys.readouterr()
        moved = {f"/zwgk/2024/{name}.html": routes.pop(f"/zwgk/{name}.html") for name in DOCS}
        page = list_page(DOCS[:5], None).replace('href="/zwgk/', 'href="/zwgk/2024/')
        routes.update(moved, **{"/zwgk/index.html": loopback.html(page)})
        assert main(["sources", "check", str(path), "--delay", "0"]) == 1
        out = capsys.readouterr().out
    assert "broken: pager gone" in out
    assert re.search(r"^broken: the source's detail patterns match 0/5 documents found", out, re.M)


def test_unreachable_url_is_one_line_and_writes_nothing(tmp_path):
    with loopback.serve({}) as (base, _):
        pass  # the port is closed again
    r = subprocess.run(
        [sys.executable, "-m", "govdocs.cli", "sources", "add", base + "zwgk/", "--delay", "0", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert re.fullmatch(r"govdocs: error: cannot reach http://127\.0\.0\.1:\d+/zwgk/: .+\n", r.stderr)
    assert list(tmp_path.iterdir()) == []


def test_robots_disallow_is_refused(tmp_path, capsys):
    routes = {**slug_site(), "/robots.txt": loopback.html("User-agent: *\nDisallow: /zwgk/\n", ctype="text/plain")}
    with loopback.serve(routes) as (base, log):
        assert add(base + "zwgk/index.html", tmp_path) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disallowed by robots.txt" in err
    assert [p for _, p in log] == ["/robots.txt"]
    assert list(tmp_path.iterdir()) == []


def test_a_column_without_documents_is_refused(tmp_path, capsys):
    routes = {"/robots.txt": ROBOTS_OK, "/zwgk/index.html": loopback.html(list_page(DOCS, None))}  # every link 404s
    with loopback.serve(routes) as (base, _):
        assert add(base + "zwgk/index.html", tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("govdocs: error: no documents found at ") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_document_url_is_not_a_column(tmp_path, capsys):
    with loopback.serve(slug_site()) as (base, _):
        assert add(base + "zwgk/notice-alpha.html", tmp_path) == 2
    assert "is a document, not a column" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_overwrite_is_refused_without_force(tmp_path, capsys):
    with loopback.serve(slug_site()) as (base, log):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 0
        path = tmp_path / "slugs.toml"
        path.write_text(path.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
        before = len(log)
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 2
        assert "exists; pass --force" in capsys.readouterr().err
        assert len(log) == before  # refused before any request
        assert path.read_text(encoding="utf-8").endswith("# my edit\n")
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs", "--force") == 0
    assert "# my edit" not in path.read_text(encoding="utf-8")


def test_bad_names_and_bundled_names_are_refused(tmp_path, capsys):
    with loopback.serve(slug_site()) as (base, _):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "sample") == 2
        assert "bundled source" in capsys.readouterr().err
        assert add(base + "zwgk/index.html", tmp_path, "--name", "a.b") == 2
        assert "bad source name" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.toml"))


def test_user_sources_are_listed_and_loaded_by_name(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GOVDOCS_SOURCES", str(tmp_path))
    with loopback.serve(slug_site()) as (base, _):
        assert main(["sources", "add", base + "zwgk/index.html", "--delay", "0", "--name", "mine"]) == 0
    assert (tmp_path / "mine.toml").is_file()
    assert "mine" in available_sources() and "sample" in available_sources()
    assert load_source("mine").start_urls == (base + "zwgk/index.html",)
    capsys.readouterr()
    assert main(["sources"]) == 0
    listing = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "政策文件" in listing["mine"] and base + "zwgk/index.html" in listing["mine"]
    assert "cqspb" in listing and "invalid" not in listing["sample"]
    # a user file never shadows a bundled source of the same name
    (tmp_path / "cqspb.toml").write_text((tmp_path / "mine.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_source("cqspb").name == "cqspb"


def test_check_without_a_saved_probe_checks_what_is_there(tmp_path, capsys):
    with loopback.serve(slug_site()) as (base, _):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 0
        probe_file(tmp_path / "slugs.toml").unlink()
        capsys.readouterr()
        assert main(["sources", "check", str(tmp_path / "slugs.toml"), "--delay", "0"]) == 0
    assert "no probe on record" in capsys.readouterr().err


def test_probe_json_is_validated_on_load(tmp_path, capsys):
    with loopback.serve(slug_site()) as (base, _):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 0
    saved = probe_file(tmp_path / "slugs.toml")
    saved.write_text(json.dumps({"url": 5}), encoding="utf-8")
    capsys.readouterr()
    assert main(["sources", "check", str(tmp_path / "slugs.toml"), "--delay", "0"]) == 2
    assert "not a probe summary" in capsys.readouterr().err


@pytest.mark.parametrize(
    "paths,expected",
    [
        (["/col/202401/t20240110_1.html", "/col/202402/t20240211_22.html"], [r"^/col/\d+/t\d+_\d+\.html$"]),
        (["/zwgk/notice-a.html", "/zwgk/plan-b.html"], [r"^/zwgk/[^/]*\.html$"]),
        (["/col/index.html", "/col/index_1.html"], [r"^/col/index[^/]*\.html$"]),
        (["/a/zcwj/1.html", "/a/tzgg/2.html"], [r"^/a/[^/]+/\d+\.html$"]),
    ],
)
def test_suggested_patterns_cover_what_was_seen(paths, expected):
    patterns = suggest_patterns(paths)
    assert patterns == expected
    assert all(any(re.search(p, path) for p in patterns) for path in paths)


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.gov.cn/zwgk/", "zwgk/index.html"])
def test_a_bad_url_is_one_line(url, tmp_path, capsys):
    assert add(url, tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("govdocs: error: ") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_sources_help(capsys):
    for argv in (["sources", "--help"], ["sources", "add", "--help"], ["sources", "check", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        assert f"govdocs {' '.join(argv[:-1])}" in capsys.readouterr().out


def test_check_of_a_column_turned_javascript_shell_is_broken(tmp_path, capsys):
    routes = slug_site()
    with loopback.serve(routes) as (base, _):
        assert add(base + "zwgk/index.html", tmp_path, "--name", "slugs") == 0
        routes["/zwgk/index.html"] = loopback.html(
            '<html><head><script src="/app.js"></script></head><body><div id="app"></div></body></html>'
        )
        capsys.readouterr()
        assert main(["sources", "check", str(tmp_path / "slugs.toml"), "--delay", "0"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("broken: ") and "js_shell" in out and out.count("\n") == 1


def test_a_budget_too_small_says_so(tmp_path, capsys):
    with loopback.serve(slug_site()) as (base, log):
        assert add(base + "zwgk/index.html", tmp_path, "--max-pages", "1") == 2
    assert "raise --max-pages" in capsys.readouterr().err
    assert len([p for _, p in log if p != "/robots.txt"]) == 1


def query_site() -> dict[str, loopback.Route]:
    """One script for the column and its documents (`/gk/index.jsp?cid=1`, `?docId=N`)."""

    def route(h: BaseHTTPRequestHandler) -> None:
        query = dict(q.split("=", 1) for q in h.path.partition("?")[2].split("&") if "=" in q)
        if "docId" in query and query["docId"].isdigit() and int(query["docId"]) < len(DOCS):
            body = doc_page(int(query["docId"]))
        else:
            body = list_page(DOCS, None).replace('href="/zwgk/', 'href="/gk/index.jsp?docId=')
            for i, name in enumerate(DOCS):
                body = body.replace(f"docId={name}.html", f"docId={i}")
        loopback.send(h, 200, body.encode("utf-8"))

    return {"/robots.txt": ROBOTS_OK, "/gk/index.jsp": route, **NAV}


def test_documents_told_apart_by_query_only_get_no_detail_pattern(tmp_path):
    with loopback.serve(query_site()) as (base, _):
        assert add(base + "gk/index.jsp?cid=1", tmp_path, "--name", "q") == 0
        source = load_source(tmp_path / "q.toml")
        crawled = crawl(source, archive_path=tmp_path / "c.warc.gz")
    text = (tmp_path / "q.toml").read_text(encoding="utf-8")
    assert "# detail = " not in text and "query string only" in text
    assert crawled.stats.extracted == len(DOCS)
