"""GX Data Docs built from the warehouse: named by our run and the suite's table, and made
of pages that load only the site's own files (tests/test_gx_docs_browser.py opens them in
Chromium with the network blocked; these checks need no browser)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from govdocs import quality
from govdocs.quality.gx_docs import build_data_docs, run_name, with_run_and_asset
from tests.test_quality import TODAY, load, metric, record

REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def loads(page: Path) -> list[str]:
    """Every address a page makes the browser fetch as it loads (not links one follows)."""
    doc = lxml.html.parse(str(page)).getroot()
    urls = [el.get("src") for el in doc.iter("script", "img", "iframe", "source", "embed")]
    urls += [el.get("href") for el in doc.iter("link")]
    for css in [el.text or "" for el in doc.iter("style")] + [el.get("style") or "" for el in doc.iter()]:
        urls += [m.group(2) for m in re.finditer(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", css)]
    return [u for u in urls if u and not u.startswith(("data:", "#"))]


@pytest.fixture
def site(con, tmp_path: Path) -> tuple[Path, str]:
    records = [record(i, metrics=[metric("受理申请", 100 + i)]) for i in range(3)]
    records.append(record(3, title=""))
    run = load(con, records, run_id="r-docs")
    dq_run_id = quality.validate(con, run, today=TODAY)["dq_run_id"]
    quality.write_report(con, tmp_path / "reports", run)
    return tmp_path / "reports" / "gx-docs", dq_run_id


def test_every_page_loads_only_files_of_the_site(site: tuple[Path, str]):
    docs, _ = site
    pages = sorted(docs.rglob("*.html"))
    assert len(pages) >= 7  # index, a page per suite, a page per validation
    for page in pages:
        for url in loads(page):
            assert not REMOTE.match(url), (page.relative_to(docs), url)
            target = (page.parent / url.split("?", 1)[0]).resolve()
            # GX's favicon link on validation pages once pointed one level short of static/
            assert target.is_file() and docs.resolve() in target.parents, (page.relative_to(docs), url)
        # an inline script needing jQuery (gone) would throw; GX's filter is replaced
        scripts = [el.text or "" for el in lxml.html.parse(str(page)).getroot().iter("script")]
        assert not any(re.search(r"\$\(|jQuery|bootstrapTable", s) for s in scripts), page


def test_index_lists_validations_with_run_and_asset_in_its_html(site: tuple[Path, str]):
    docs, dq_run_id = site
    doc = lxml.html.parse(str(docs / "index.html")).getroot()
    (table,) = doc.find_class("ge-index-page-validation-results-table")
    header = [th.text_content().strip() for th in table.iter("th")]
    rows = [[td.text_content().strip() for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")]
    by_suite = {dict(zip(header, r, strict=True))["Expectation Suite"]: dict(zip(header, r, strict=True)) for r in rows}
    assert set(by_suite) == {s.name for s in quality.load_suites()}
    for suite in quality.load_suites():
        assert by_suite[suite.name]["Run Name"] == dq_run_id
        assert by_suite[suite.name]["Asset Name"] == suite.table
    links = [a.get("href") for a in table.iter("a")]
    assert all((docs / href).is_file() for href in links) and len(links) == 2 * len(rows)
    page = next((docs / "validations" / "documents").rglob("*.html")).read_text(encoding="utf-8")
    assert "Data asset: documents" in page and "Data asset: None" not in page
    assert dq_run_id in page and "__none__" not in page


def test_rebuilding_gives_the_same_site(con, site: tuple[Path, str]):
    """The run time GX files a validation under is the validation's, not the build's."""
    docs, dq_run_id = site
    before = sorted(p.relative_to(docs) for p in docs.rglob("*"))
    build_data_docs(con, dq_run_id, docs)
    assert sorted(p.relative_to(docs) for p in docs.rglob("*")) == before


def test_run_and_asset_are_set_where_gx_reads_them():
    started = datetime(2024, 6, 1, 8, 30, tzinfo=UTC)
    stored = {"active_batch_definition": {"data_asset_name": "documents"}, "batch_spec": {"batch_data": "df"}}
    meta = with_run_and_asset(stored, "r1-dq-ab", started, "ignored")
    assert meta["run_id"] == {"run_name": "r1-dq-ab", "run_time": "2024-06-01T08:30:00+00:00"}
    assert meta["batch_spec"] == {"batch_data": "df", "data_asset_name": "documents"}
    assert stored["batch_spec"] == {"batch_data": "df"}  # the stored result is not changed
    assert with_run_and_asset({}, "r", started, "metrics")["batch_spec"] == {"data_asset_name": "metrics"}
    assert "batch_spec" not in with_run_and_asset({}, "r", started, None)
    assert run_name("r1", "r1-dq-ab") == "r1-dq-ab"
    assert run_name("r1", "dq-ab") == "r1-dq-ab"  # both ids stay visible
    assert run_name("a/b c", "a/b c-dq") == "a_b_c-dq"  # GX makes a path of it


GX_LIKE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<link rel="stylesheet" href="//cdn.example.org/x.css">
<style>.navbar-brand a{background:url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png')}
.mine{background:url(../static/images/a.png)}</style>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<link rel="shortcut icon" href="../../../static/images/favicon.ico" type="image/x-icon"/>
</head><body>
<img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=2026&amp;dataContextId=1">
<img src="https://example.org/pixel.gif">
<div style="background-image:url(https://example.org/bg.png)">x</div>
<script>function f() { $(".a").fadeIn(); }</script>
<script>var plain = 1;</script>
<label onclick="hideSucceededValidations()">Failed Only</label>
<a href="https://greatexpectations.io">Great Expectations</a>
</body></html>"""


def test_offline_page_keeps_links_and_drops_what_would_load_from_elsewhere():
    from govdocs.quality.gx_offline import offline_page

    out = offline_page(GX_LIKE, "../../static/", frozenset({"logo-long.png", "favicon.ico"}))
    doc = lxml.html.document_fromstring(out)
    assert [el.get("src") for el in doc.iter("img")] == ["../../static/images/logo-long.png"]  # GX ships its logo
    assert [el.get("href") for el in doc.iter("link")] == ["../../static/images/favicon.ico"]
    scripts = [el.text or "" for el in doc.iter("script")]
    assert not any(el.get("src") for el in doc.iter("script"))
    assert not any("fadeIn" in s for s in scripts) and any("var plain = 1" in s for s in scripts)
    assert any("function hideSucceededValidations" in s for s in scripts)  # the button still works
    css = " ".join(el.text or "" for el in doc.iter("style"))
    assert "https:" not in css and "url(../static/images/a.png)" in css and ".card-header" in css
    assert "url(" not in (doc.find(".//div").get("style") or "")
    assert [a.get("href") for a in doc.iter("a")] == ["https://greatexpectations.io"]  # a link, not a load
    assert out.startswith("<!DOCTYPE html>")
