"""Write the sample site: every file under `site/`, its `_headers.json` and `manifest.json`.

`build()` runs content → rendering → files in memory, then writes them in sorted order; the
manifest is the ground truth a test compares a crawl and an extraction with.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from govdocs.paths import SAMPLE_MANIFEST, SAMPLE_SITE_DIR
from govdocs.samplesite.server import HEADERS_FILE
from tools.samplesite import templates as T
from tools.samplesite.content import ZWGK, Builder, Doc, body_chars, section_paths
from tools.samplesite.rendering import Renderer, make_pdf

MARKER = HEADERS_FILE  # present in a site directory this generator wrote
FIGURE_KEYS = ("label", "value", "unit", "qualifier", "written", "section", "sentence", "table", "row", "column")
PDF_NAME = "P020220125123456.pdf"  # the one attachment that exists (a real, small PDF)
PDF_LINES = [
    "Shapingba District urban road temporary parking rules",
    "Chongqing Shapingba District People's Government Office",
    "Document Shafubanfa (2022) No. 15 - full text attachment",
    "Published 2022-01-25",
]
ATTACHMENT_TYPES = ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "zip")


def normalise_docno(raw: str) -> str | None:
    """文号 as the manifest states it: no inner spaces, 〔〕 brackets."""
    s = re.sub(r"\s+", "", raw or "")
    if not s:
        return None
    return s.replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕")


def http_date(d: dt.date, hour: int = 9, minute: int = 30) -> str:
    local = dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return format_datetime(local.astimezone(dt.UTC), usegmt=True)


def attachment_type(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    return ext if ext in ATTACHMENT_TYPES else "other"


def resolve(base_path: str, href: str) -> str:
    """A relative href resolved against a site path (the site has no query strings)."""
    if href.startswith("/"):
        return href
    parts = base_path.split("/")[:-1]
    for seg in href.split("/"):
        if seg in (".", ""):
            continue
        if seg == "..":
            parts.pop()
        else:
            parts.append(seg)
    return "/".join(parts)


def newest_first(docs: list[Doc]) -> list[Doc]:
    return sorted(docs, key=lambda d: (d.meta["published"], d.path), reverse=True)


@dataclass
class SiteFiles:
    """The site in memory: file bytes and header overrides by URL path, and the page lists."""

    files: dict[str, bytes] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    columns: list[dict[str, Any]] = field(default_factory=list)
    list_pages: list[str] = field(default_factory=list)
    stubs: list[str] = field(default_factory=list)


def site_files(b: Builder, r: Renderer) -> SiteFiles:
    out = SiteFiles()
    files, headers = out.files, out.headers
    per = b.site["items_per_page"]

    for doc in b.docs:
        page = r.detail(doc)
        gbk = "gbk" in doc.flags
        files[doc.path] = page.encode("gbk") if gbk else page.encode("utf-8")
        headers[doc.path] = {"Last-Modified": http_date(doc.published)}
        if gbk:
            headers[doc.path]["Content-Type"] = "text/html"
        for _, href in doc.attachments:
            target = resolve(doc.path, href)
            if target.endswith(PDF_NAME):
                files[target] = make_pdf(PDF_LINES)
                headers[target] = {"Last-Modified": http_date(doc.published)}

    by_col: dict[str, list[Doc]] = {}
    for c in b.site["columns"]:
        docs = newest_first([d for d in b.docs + b.missing if d.column == c["slug"]])
        by_col[c["slug"]] = [d for d in docs if d.kind != "special"]
        total = max(1, -(-len(docs) // per))
        pages = []
        for p in range(total):
            path = f"/{ZWGK}/{c['slug']}/index{'' if p == 0 else f'_{p}'}.html"
            files[path] = r.list_page(c, docs, p, total, per).encode("utf-8")
            headers[path] = {"Last-Modified": http_date(docs[0].published)}
            pages.append(path)
        out.list_pages += pages
        out.columns.append(
            {
                "slug": c["slug"],
                "name": c["name"],
                "kind": c["kind"],
                "path": f"/{ZWGK}/{c['slug']}/",
                "items": len(docs),
                "total_pages": total,
                "list_pages": pages,
                "items_order": [d.path for d in docs],
            }
        )
    latest = newest_first([d for d in b.docs if d.kind != "special"])
    files[f"/{ZWGK}/index.html"] = r.zwgk_home(by_col).encode("utf-8")
    files["/index.html"] = r.home(latest[:10]).encode("utf-8")
    known = {f"/{ZWGK}/{c['slug']}/" for c in b.site["columns"]}
    stub_names = {h: n for n, h in b.site["nav"]["zwgk_sub"]}
    stub_names.update({e["href"]: e["name"] for e in b.site["extra_columns"]})
    for href, name in sorted(stub_names.items()):
        if href in known or not href.startswith(f"/{ZWGK}/"):
            continue
        path = href + "index.html"
        files[path] = r.stub_list(name).encode("utf-8")
        out.stubs.append(path)
    files["/robots.txt"] = T.ROBOTS.encode("utf-8")
    files["/js/common.js"] = T.COMMON_JS.encode("utf-8")
    return out


def detail_entry(doc: Doc, files: dict[str, bytes]) -> dict[str, Any]:
    """The manifest's truth about one detail page."""
    entry: dict[str, Any] = {
        "key": doc.key or ("seed" if "seed" in doc.flags else doc.flags[0]),
        "kind": doc.kind,
        "column": doc.column,
        "http_status": doc.http_status,
        "page_status": doc.page_status,
        "flags": doc.flags,
        "list_title": doc.list_title,
    }
    if doc.kind == "special":
        return entry
    m = doc.meta
    gbk = "gbk" in doc.flags
    entry.update(
        {
            "encoding": "gbk" if gbk else "utf-8",
            "content_type": "text/html" if gbk else "text/html; charset=utf-8",
            "meta_style": doc.style,
            "meta_tags": doc.meta_tags,
            "agency": doc.agency,
            "year": doc.year,
            "index_no": m["index_no"] or None,
            "category": m["category"] or None,
            "publisher": m["publisher"] or None,
            "created_date": m["created"] or None,
            "published_date": m["published"] or None,
            "title": doc.title or None,
            "doc_number": normalise_docno(m["docno"]),
            "doc_number_as_written": m["docno"] or None,
            "keywords": m["keywords"] or None,
            "validity": m["validity"],
            "attachments": [
                {
                    "name": n,
                    "url": resolve(doc.path, h),
                    "type": attachment_type(n),
                    "exists": resolve(doc.path, h) in files,
                }
                for n, h in doc.attachments
            ],
            # the first four keys always, the others when set
            "figures": [
                {k: v for i, k in enumerate(FIGURE_KEYS) if (v := dict(f).get(k)) is not None or i < 4}
                for f in doc.figures
            ],
            "body_chars": body_chars(doc),
            "sections": section_paths(doc),
        }
    )
    if doc.tables:
        entry["tables"] = doc.tables
        entry["table_cells"] = table_cells(doc)
    return entry


def table_cells(doc: Doc) -> int:
    if not doc.tables:
        return 0
    t2 = sum(len(rw) - 1 for blk in doc.tables["table2"] for rw in blk["rows"])
    t3 = sum(len(rw) - 1 for rw in doc.tables["table3"]["rows"])
    return t2 + t3 + len(doc.tables["table4"]["values"])


def manifest(b: Builder, site: SiteFiles) -> dict[str, Any]:
    files = site.files
    details = {doc.path: detail_entry(doc, files) for doc in b.docs + b.missing}
    n_sentence = sum(1 for doc in b.docs if doc.kind != "special" for f in doc.figures if "table" not in f)
    n_cells = sum(table_cells(doc) for doc in b.docs)
    attachments: dict[str, dict[str, Any]] = {}
    for path in files:
        if path.endswith(".pdf"):
            attachments[path] = {"http_status": 200, "page_status": "not_html", "content_type": "application/pdf"}
    for doc in b.docs:
        for _, h in doc.attachments:
            p = resolve(doc.path, h)
            if p not in files:
                attachments[p] = {"http_status": 404, "page_status": "error_page", "content_type": None}

    def first(flag: str) -> str:
        return next(d.path for d in b.docs + b.missing if flag in d.flags)

    kinds: dict[str, int] = {}
    for d in b.docs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    s = b.site["site"]
    return {
        "about": "Ground truth of the bundled sample site (generated by python -m tools.samplesite; do not edit).",
        "site": {
            "name": s["name"],
            "domain": s["domain"],
            "site_id_code": s["site_id_code"],
            "home": "/index.html",
            "disclosure_home": f"/{ZWGK}/index.html",
        },
        "seed": b.seed,
        "notes": {
            "figures": "value as written (Chinese numerals converted; 万 in a count unit multiplied out, 万元 kept); "
            "table figures carry table/row/column. Generated text: every number-with-unit in a sentence "
            "is listed (years, dates, ordinals, 文号, phone numbers, ratios like 1∶3 are not figures); "
            "the seed page lists its figures by hand; annual reports list a few key table cells "
            "(all cells are under tables)",
            "title": "the 名称/标题 value of the metadata block; list_title is the page <h1> (may carry [已废止])",
            "publisher": "as printed in the metadata block (the docwrite page prints it with document.write)",
            "doc_number": "normalised: no inner spaces, brackets 〔〕; doc_number_as_written keeps the page's form",
            "url_aliases": "a directory URL serves its index.html; menus and breadcrumbs link columns as ./slug/ "
            "and ../, so a crawler meets both forms of the same list page",
        },
        "totals": {
            "detail_pages": len(b.docs) + len(b.missing),
            "detail_pages_served": len(b.docs),
            "detail_pages_ok": sum(1 for d in b.docs if d.page_status == "ok"),
            "by_kind": dict(sorted(kinds.items())),
            "list_pages": len(site.list_pages),
            "stub_list_pages": len(site.stubs),
            "figures_in_sentences": n_sentence,
            "table_cells": n_cells,
            "figures_total": n_sentence + n_cells,
            "files": len(files),
        },
        "columns": site.columns,
        "list_pages": site.list_pages,
        "stub_list_pages": site.stubs,
        "url_aliases": {p[: -len("index.html")]: p for p in sorted(files) if p.endswith("/index.html")},
        "special": {
            "seed": first("seed"),
            "gbk": first("gbk"),
            "docwrite_publisher": first("docwrite_publisher"),
            "empty_fields": first("empty_fields"),
            "soft_error": first("soft_error"),
            "missing": first("missing"),
            "pdf_attachment_page": next(d.path for d in b.docs if any(h.endswith(".pdf") for _, h in d.attachments)),
            "pdf": next(p for p in files if p.endswith(PDF_NAME)),
            "abolished_title": first("abolished_title"),
        },
        "details": details,
        "attachments": dict(sorted(attachments.items())),
    }


def build(site_dir: Path = SAMPLE_SITE_DIR, manifest_path: Path = SAMPLE_MANIFEST) -> dict[str, Any]:
    """Generate the site into `site_dir` (replacing a previous build) and its manifest."""
    site_dir = Path(site_dir)
    if site_dir.exists():
        if any(site_dir.iterdir()) and not (site_dir / MARKER).exists():
            raise SystemExit(f"refusing to overwrite {site_dir}: not a sample-site directory")
        shutil.rmtree(site_dir)
    b = Builder()
    b.build_all()
    site = site_files(b, Renderer(b))
    truth = manifest(b, site)  # before _headers.json joins the files: the manifest counts the served ones
    headers_doc = {
        "about": "Per-file response headers of the sample-site server (overrides of the defaults).",
        "files": dict(sorted(site.headers.items())),
    }
    site.files["/" + HEADERS_FILE] = (json.dumps(headers_doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    for path, data in sorted(site.files.items()):
        out = site_dir / path.lstrip("/")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    Path(manifest_path).parent.mkdir(parents=True, exist_ok=True)
    Path(manifest_path).write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth
