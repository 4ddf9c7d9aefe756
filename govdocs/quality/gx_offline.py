"""GX Data Docs pages that load nothing from the network.

GX 1.x renders its site with Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from
public CDNs (render/view/templates/page.j2, index_page.j2, js_script_imports.j2) and its logo
from S3 (top_navbar.j2); the package ships none of them, only render/view/static/ (its own
stylesheet, images and fonts, which the site builder copies into the site's static/). Offline
the index stays empty (bootstrap-table fills it from a script) and every page logs errors.

So, with no change to GX's templates:
- the index's tables are plain HTML tables (GX's own table.j2) instead of bootstrap-table
  ones: StaticIndexPageRenderer, named in the site's config;
- every built page is rewritten (offline_page): references to other hosts are dropped, or
  pointed at the copy in the site's static/ when GX ships one; inline scripts that need a
  CDN library are dropped; a small stylesheet covering the Bootstrap classes GX uses and a
  jQuery-free copy of GX's "Failed Only" filter are put inline in the page.

Import it only after govdocs.quality.validate._gx() (GX's environment is set there).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
from great_expectations.render.components import RenderedStringTemplateContent, RenderedTableContent
from great_expectations.render.renderer.site_index_page_renderer import SiteIndexPageRenderer

# An address that leaves the machine (protocol-relative ones included).
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.IGNORECASE)
# Names only the dropped CDN scripts define (jQuery, bootstrap-table, vega-embed): an inline
# script that uses one of them throws offline.
# GX's own assets are in the site's static/, but GX's templates count the way up to it one
# level short in places (favicon.j2 on validation pages): every such link is re-pointed.
STATIC = re.compile(r"^(?:\.\./|\./)*static/")
NEEDS_CDN = re.compile(r"\$\(|\$\.|\bjQuery\b|\bvegaEmbed\b|\bbootstrapTable\b")

# The Bootstrap 4 classes GX's templates use (layout, cards, alerts, tables, tabs, badges),
# and text stand-ins for the two Font Awesome icons it shows (pass, fail). Not Bootstrap:
# collapsed parts and inactive tabs stay visible, since nothing offline can open them.
OFFLINE_CSS = """
*,::after,::before{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;
  font-size:.95rem;line-height:1.45;color:#212529;background:#fff}
a{color:#0366d6} .lead{font-size:1.1rem} .h6,h6{font-size:1rem;font-weight:600}
.container-fluid{width:100%;padding-left:15px;padding-right:15px}
.row{display:flex;flex-wrap:wrap;margin-left:-15px;margin-right:-15px}
[class*="col-"]{position:relative;width:100%;padding-left:15px;padding-right:15px}
.col-12{flex:0 0 100%;max-width:100%} .col-6{flex:0 0 50%;max-width:50%}
@media (min-width:768px){.col-md-2{flex:0 0 16.667%;max-width:16.667%}
  .col-md-10{flex:0 0 83.333%;max-width:83.333%}
  .d-md-block{display:block!important} .d-md-inline-flex{display:inline-flex!important}}
.d-none{display:none} .d-flex{display:flex} .align-items-center{align-items:center}
.justify-content-center{justify-content:center} .float-left{float:left} .mr-auto{margin-right:auto}
.m-0{margin:0!important} .mt-0{margin-top:0!important} .mb-0{margin-bottom:0!important}
.mr-0{margin-right:0!important} .mt-1{margin-top:.25rem} .mb-1{margin-bottom:.25rem}
.ml-1{margin-left:.25rem} .ml-2{margin-left:.5rem} .mr-2{margin-right:.5rem} .m-2{margin:.5rem}
.mb-2{margin-bottom:.5rem} .mb-3{margin-bottom:1rem} .mt-3{margin-top:1rem} .mb-4{margin-bottom:1.5rem}
.p-0{padding:0!important} .px-0{padding-left:0!important;padding-right:0!important}
.p-1{padding:.25rem} .p-2{padding:.5rem} .p-3{padding:1rem} .pb-1{padding-bottom:.25rem}
.pt-4{padding-top:1.5rem} .pb-4{padding-bottom:1.5rem}
.navbar{display:flex;align-items:center;padding:.5rem 1rem}
.sticky-top{position:sticky;top:0;z-index:1020;background:#fff}
.border-bottom{border-bottom:1px solid #dee2e6} .bg-light{background:#f8f9fa} .rounded{border-radius:.25rem}
.breadcrumb{display:flex;flex-wrap:wrap;list-style:none;padding:.5rem 1rem;border-radius:.25rem}
.breadcrumb-item+.breadcrumb-item::before{content:"/";padding:0 .5rem;color:#6c757d}
.nav{display:flex;flex-wrap:wrap;list-style:none;padding-left:0;margin:0}
.nav-link{display:block;padding:.4rem .8rem;text-decoration:none}
.nav-tabs{border-bottom:1px solid #dee2e6;margin-bottom:.5rem}
.nav-tabs .nav-link.active{border:1px solid #dee2e6;border-bottom-color:#fff;border-radius:.25rem .25rem 0 0}
.tab-pane{margin-bottom:1.5rem}
.card{border:1px solid rgba(0,0,0,.125);border-radius:.25rem;background:#fff}
.card-header{padding:.5rem 1rem;background:rgba(0,0,0,.03);border-bottom:1px solid rgba(0,0,0,.125)}
.card-body{padding:1rem}
.alert{padding:.6rem 1rem;margin-bottom:1rem;border:1px solid transparent;border-radius:.25rem}
.alert-secondary{background:#e2e3e5;border-color:#d6d8db;color:#383d41}
.table{width:100%;margin-bottom:1rem;border-collapse:collapse}
.table td,.table th{padding:.5rem;vertical-align:top;border-top:1px solid #dee2e6;text-align:left}
.table-sm td,.table-sm th{padding:.3rem} .table-bordered td,.table-bordered th{border:1px solid #dee2e6}
.table-responsive{display:block;width:100%;overflow-x:auto}
.badge{display:inline-block;padding:.2em .45em;font-size:80%;font-weight:600;border-radius:.25rem}
.badge-secondary{color:#fff;background:#6c757d}
.btn{display:inline-block;padding:.3rem .7rem;border:1px solid #6c757d;border-radius:.25rem;cursor:pointer}
.btn-primary{color:#fff;background:#0366d6;border-color:#0366d6} .btn-sm{font-size:.85rem}
.btn-secondary{color:#fff;background:#6c757d}
.text-success{color:#1a7f37} .text-danger{color:#cf222e}
i.fas{font-style:normal} .fas.fa-check-circle::before{content:"\\2714"} .fas.fa-times::before{content:"\\2718"}
/* GX's own dark rules style its tables and hide the logo for a dark one from S3 (dropped) */
@media (prefers-color-scheme:dark){body,.sticky-top,.card{background:#16191d;color:#e6e6e6} a{color:#58a6ff}
  .card-header,.bg-light{background:#22272e!important} .nav-tabs .nav-link.active{border-bottom-color:#16191d}
  .alert-secondary{background:#2d333b;border-color:#444c56;color:#e6e6e6}
  .navbar-brand a img{visibility:visible!important;filter:invert(1)}}
"""

# GX's page_action_card.j2 filter ("Show All" / "Failed Only") without jQuery: the same
# selectors, shown or hidden at once instead of faded.
FILTER_JS = """
function govdocsShowSucceeded(show) {
  const display = show ? "" : "none";
  document.querySelectorAll(".hide-succeeded-validation-target-child")
    .forEach(el => { el.parentElement.style.display = display; });
  document.querySelectorAll(".hide-succeeded-validation-target")
    .forEach(el => { el.style.display = display; });
  document.querySelectorAll(".hide-succeeded-validations-column-section-target-child").forEach(el => {
    const section = el.parentElement.parentElement;
    section.style.display = display;
    if (section.id) {
      document.querySelectorAll(`a[href$="${CSS.escape(section.id)}"]`)
        .forEach(a => { a.style.display = display; });
    }
  });
}
function showAllValidations() { govdocsShowSucceeded(true); }
function hideSucceededValidations() { govdocsShowSucceeded(false); }
"""


def static_table(block: Any) -> RenderedTableContent:
    """A bootstrap-table block of GX's index (filled by a CDN script) as a plain table with the
    same columns, rows and order. Bootstrap-table made a whole row a link to the row's page
    (`_table_row_link_path`); here the row's first plain-text cell is that link."""
    columns = [c for c in block.table_columns if not c["field"].startswith("_")]
    rows: list[list[Any]] = []
    for data in block.table_data:
        link = data.get("_table_row_link_path")
        row: list[Any] = []
        for c in columns:
            value = data.get(c["field"])
            if link and isinstance(value, str):
                value = RenderedStringTemplateContent(
                    content_block_type="string_template",
                    string_template={
                        "template": "$text",
                        "params": {"text": value},
                        "tag": "a",
                        "styling": {"attributes": {"href": link}},
                    },
                )
                link = None
            row.append("" if value is None else value)
        rows.append(row)
    styling = block.styling or {}
    body = dict(styling.get("body") or {})
    body["classes"] = [*body.get("classes", []), "table"]
    return RenderedTableContent(
        table=rows,
        header_row=[c["title"] for c in columns],
        styling={**styling, "body": body},
    )


def _gx_table(method: str, index_links_dict: Any) -> Any:
    """GX's own bootstrap-table block for the index (looked up by name: GX's methods are untyped)."""
    generate: Callable[[Any], Any] = getattr(SiteIndexPageRenderer, method)
    return generate(index_links_dict)


class StaticIndexPageRenderer(SiteIndexPageRenderer):
    """GX's index page with its link tables as plain HTML (see static_table)."""

    @classmethod
    def _generate_validation_results_link_table(cls, index_links_dict: Any) -> RenderedTableContent:
        return static_table(_gx_table("_generate_validation_results_link_table", index_links_dict))

    @classmethod
    def _generate_profiling_results_link_table(cls, index_links_dict: Any) -> RenderedTableContent:
        return static_table(_gx_table("_generate_profiling_results_link_table", index_links_dict))

    @classmethod
    def _generate_expectation_suites_link_table(cls, index_links_dict: Any) -> RenderedTableContent:
        return static_table(_gx_table("_generate_expectation_suites_link_table", index_links_dict))


def _local(url: str, static: str, local_images: frozenset[str]) -> str | None:
    """The site's own copy of a remote image GX links (its logo), if GX ships one."""
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return f"{static}images/{name}" if name in local_images else None


def offline_page(page: str, static: str, local_images: frozenset[str]) -> str:
    """One GX Data Docs page that loads nothing from another host. `static` is the site's
    static/ folder relative to the page ("../../static/"); `local_images` the file names in
    static/images/."""
    doc = lxml.html.document_fromstring(page)
    for el in list(doc.iter("script", "link", "img", "iframe", "source", "embed", "object")):
        attr = "href" if el.tag == "link" else "data" if el.tag == "object" else "src"
        url = el.get(attr) or ""
        if el.tag == "script" and not url and NEEDS_CDN.search(el.text or ""):
            el.drop_tree()
        elif STATIC.match(url):
            el.set(attr, STATIC.sub(static, url))
        elif REMOTE.match(url):
            local = _local(url, static, local_images) if el.tag == "img" else None
            if local:
                el.set(attr, local)
            else:
                el.drop_tree()
    for el in doc.iter():
        if isinstance(el.tag, str) and REMOTE.match(el.get("srcset") or ""):
            del el.attrib["srcset"]

    def css_url(m: re.Match[str]) -> str:
        if not REMOTE.match(m.group(2)):
            return m.group(0)
        local = _local(m.group(2), static, local_images)
        return f"url('{local}')" if local else "none"

    for el in doc.iter("style"):
        el.text = CSS_URL.sub(css_url, el.text or "")
    for el in doc.iter():
        if isinstance(el.tag, str) and "url(" in (el.get("style") or ""):
            el.set("style", CSS_URL.sub(css_url, el.get("style") or ""))
    head = doc.find("head")
    if head is None:
        head = lxml.html.Element("head")
        doc.insert(0, head)
    style = lxml.html.Element("style")
    style.text = OFFLINE_CSS
    # before GX's own styles, which refine these
    head.insert(next((i for i, el in enumerate(head) if el.tag == "style"), len(head)), style)
    script = lxml.html.Element("script")
    script.text = FILTER_JS
    head.append(script)
    out: str = lxml.html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")
    return out


def make_site_offline(site_dir: Path) -> None:
    """Rewrite every page of a built GX Data Docs site in place (see offline_page)."""
    images = site_dir / "static" / "images"
    local_images = frozenset(p.name for p in images.iterdir()) if images.is_dir() else frozenset()
    for path in sorted(site_dir.rglob("*.html")):
        depth = len(path.relative_to(site_dir).parts) - 1
        path.write_text(
            offline_page(path.read_text(encoding="utf-8"), "../" * depth + "static/", local_images),
            encoding="utf-8",
        )
