"""One response → one `Processed`: its `pages` row, its record, its links. Pure and per page.

Runs in the crawl's workers (and in `reextract` / `import-warc` on archived responses):
decode once, parse once (`extract.analyse_page`), classify, extract, find links. What a
page IS comes from the page itself; a source's URL patterns are hints that win when given.
Fetch knows nothing of extraction, and extraction changes no crawl object: everything a
page yields is in the returned value.
"""

from __future__ import annotations

from govdocs.extract import PageAnalysis, analyse_page_strict
from govdocs.fetch.crawl import Fetched, link_hint
from govdocs.sources import Source
from govdocs.stream import Link, LinkKind, Processed
from govdocs.warehouse.rows import PageKind, PageRow


def process(fetched: Fetched, source: Source, run_id: str, *, always_record: bool = False) -> Processed:
    """`always_record`: the record of any page analysed, not only of documents
    (`govdocs extract URL` shows what the extractor makes of whatever page it is given)."""
    link = fetched.link
    resp = fetched.response
    row = _page_row(fetched, source)
    out = Processed(url=row["url"], run_id=run_id, page=row, transferred=resp is not None and not fetched.not_modified)
    if resp is None:  # the fetch failed: one row with the reason
        row["status"], row["error_reason"], row["kind"] = "fetch_error", fetched.error, _page_kind(link.kind)
        return out
    if fetched.unchanged and fetched.known is not None:
        row["status"], row["error_reason"] = fetched.known.status, fetched.known.error_reason
    if link.kind == "attachment":
        row["kind"] = "attachment"
        if resp.status >= 400:
            row["status"], row["error_reason"] = "error_page", f"HTTP {resp.status}"
        elif fetched.attachment is not None:
            row["status"] = "not_html" if fetched.attachment_ok else "fetch_error"
            row["error_reason"] = fetched.attachment
        return out
    body = fetched.body
    if body is None:  # a 304 whose archived copy is gone: the stored verdict stands
        row["kind"] = _page_kind(link.kind)
        return out
    # strict: a bug raises, and the crawl records it as this URL's fetch_error row (and logs it)
    analysis = analyse_page_strict(
        body,
        url=source.canonical(resp.final_url),
        content_type=row["content_type"],
        http_status=200 if fetched.not_modified else resp.status,
        overrides=source.extract_overrides or None,
        max_pager=fetched.budget,
    )
    kind = _decide_kind(link.kind, analysis)
    row["kind"] = kind
    if not fetched.unchanged:
        row["status"], row["error_reason"] = analysis.record["status"], analysis.record["status_reason"]
        if kind == "detail" or always_record:
            out.record, out.extracted = analysis.record, True
    if row["status"] == "ok" or fetched.unchanged:
        out.links = _links(source, link, kind, analysis)
    return out


def _decide_kind(hint: LinkKind, analysis: PageAnalysis) -> PageKind:
    if hint in ("list", "detail"):
        return hint  # the source's patterns win when given
    return analysis.kind


def _links(source: Source, parent: Link, kind: PageKind, analysis: PageAnalysis) -> tuple[Link, ...]:
    """A list page leads to its pages, documents and attachments; a document only to its
    attachments (its related-article links belong to other columns).

    With list/detail patterns, a source says which links are its pages (Scrapy's allow rules).
    Without them (any site, no configuration), every link of a list page is a candidate,
    judged by its content once fetched; a list found that way is expanded only inside the
    start URLs' section, so the site's navigation does not pull in the whole site."""
    depth = parent.depth + 1
    configured = bool(source.list_patterns or source.detail_patterns)
    expand = kind == "list" and (configured or parent.kind != "page" or _in_section(source, parent.url))
    out: list[Link] = []
    # a pager link (下一页) is queued below as a list page, not first as a page to judge: a short
    # last page has too few dated links to look like a list, and its documents would be lost
    pager = set(analysis.pager) if kind == "list" else set()
    # pages are analysed under their stable (canonical) address, so records name it; links are
    # followed where the site is served now
    for url in map(source.served, (u for u in analysis.links if u not in pager)):
        hint = link_hint(source, url)
        if hint == "attachment" or (expand and (hint in ("list", "detail") or (hint == "page" and not configured))):
            out.append(Link(url, hint, depth))
    if expand:
        out.extend(Link(source.served(url), "list", parent.depth) for url in analysis.pager)
    return tuple(out)


def _in_section(source: Source, url: str) -> bool:
    """Under the folder of a start URL (`/zwgk/index.html` → `/zwgk/`)."""
    return any(url.startswith(start.rsplit("/", 1)[0] + "/") for start in source.start_urls)


def _page_kind(kind: LinkKind) -> PageKind:
    return "other" if kind == "page" else kind


def _page_row(fetched: Fetched, source: Source) -> PageRow:
    resp = fetched.response
    old = fetched.known if fetched.not_modified else None  # a 304: the stored copy stands
    content_type = (old.content_type if old else None) or (resp.content_type if resp is not None else None)
    etag = resp.header("etag") if resp is not None else None
    last_modified = resp.header("last-modified") if resp is not None else None
    return PageRow(
        url=source.canonical(fetched.url),
        source=source.name,
        final_url=source.canonical(resp.final_url) if resp is not None else None,
        http_status=resp.status if resp is not None else None,
        status="ok",
        error_reason=None,
        content_type=content_type,
        content_hash=fetched.content_hash,
        content_length=len(resp.body) if resp is not None and old is None else None,
        fetched_at=fetched.fetched_at,
        warc_path=fetched.warc_path,
        warc_offset=fetched.warc_offset,
        kind=_page_kind(fetched.link.kind),
        etag=etag or (old.etag if old else None),
        last_modified=last_modified or (old.last_modified if old else None),
    )
