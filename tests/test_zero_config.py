"""Any site, no configuration: `crawl --url` of a column URL finds its documents whatever the
CMS's URL shapes, because pages are classified by what they are, not by URL patterns. Each
family's list and detail URLs as its CMS writes them, served over loopback."""

from __future__ import annotations

import pytest

from govdocs import pipeline
from govdocs.sources import source_for_url
from tests import loopback
from tests.generated_site import GeneratedSite

# (column URL, detail URL of document i, next-page URL of list page p (p >= 1), pager markup)
FAMILIES = {
    "trs": (
        "/zwgk/tzgg/index.html",
        "/zwgk/tzgg/202403/t20240314_{i}.html",
        "/zwgk/tzgg/index_{p}.html",
        'createPageHTML({n}, {p}, "index", "html");',
    ),
    "hanweb": (
        "/col/col1234/index.html",
        "/art/2024/3/14/art_1234_{i}.html",
        "/col/col1234/index.html?uid=1&pageNum={q}",
        None,
    ),
    "gkmlpt": ("/gkmlpt/index", "/gkmlpt/content/2/2345/post_{i}.html", "/gkmlpt/index?page={q}", None),
    "jsp": ("/xxgk/list.jsp?channel=12", "/xxgk/view.jsp?id={i}", "/xxgk/list.jsp?channel=12&pageNo={q}", None),
    "content": ("/zfxxgk/fdzdgknr/", "/zfxxgk/fdzdgknr/content_{i}.html", "/zfxxgk/fdzdgknr/index_{p}.html", None),
    "ucap": ("/govinfo/list.html", "/govinfo/detail.html?docId={i}", "/govinfo/list.html?page={q}", None),
}
PER_LIST = 15  # real columns show 15–20 items a page
LISTS = 3


class FamilySite(GeneratedSite):
    """GeneratedSite's documents under one CMS family's URL shapes, with a 下一页 pager."""

    def __init__(self, family: str):
        super().__init__(PER_LIST * LISTS)
        self.column, self.detail, self.next_page, self.pager = FAMILIES[family]

    @property
    def routes(self) -> dict:
        routes = {"/robots.txt": lambda h: loopback.send(h, 200, b"User-agent: *\nAllow: /\n", ctype="text/plain")}
        for p in range(LISTS):
            url = self.column if p == 0 else self.next_page.format(p=p, q=p + 1)
            routes[url] = self._list(p)
        for i in range(self.n_details):
            routes[self.detail.format(i=i)] = self._detail_route(i)
        return routes

    def _list(self, p: int):
        items = "".join(
            f'<li><a href="{self.detail.format(i=i)}">关于第{i}号事项的通知</a><span>2024-03-{10 + i}</span></li>'
            for i in range(p * PER_LIST, (p + 1) * PER_LIST)
        )
        nav = "".join(f'<a href="/other{k}/index.html">栏目{k}</a>' for k in range(5))
        pager = ""
        if self.pager:
            pager = f"<script>{self.pager.format(n=LISTS, p=p)}</script>"
        elif p + 1 < LISTS:
            pager = f'<div class="page"><a href="{self.next_page.format(p=p + 1, q=p + 2)}">下一页</a></div>'
        body = (
            f"<html><head><title>通知公告</title></head><body><div class=nav>{nav}</div>"
            f"<ul class=list>{items}</ul>{pager}</body></html>"
        )
        return lambda h: loopback.send(h, 200, body.encode())


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_crawl_url_finds_the_documents_of_any_cms(tmp_path, family):
    site = FamilySite(family)
    with loopback.serve(site.routes) as (base, _log):
        out = pipeline.crawl_and_load(
            source_for_url(base + site.column.lstrip("/"), delay_s=0.0), tmp_path / "g.duckdb"
        )
    assert out.stats is not None and out.stats.extracted == PER_LIST * LISTS, out.stats
    assert out.loaded is not None and out.loaded["documents"] == PER_LIST * LISTS
