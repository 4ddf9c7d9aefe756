"""Pages that are not documents although served with 200: what they are, from their content.

* a meta-refresh stub (`<meta http-equiv="refresh" content="0;url=…">` and almost no text) →
  `empty` (its target is kept among the page's links, so the crawler follows it);
* an anti-bot JavaScript shell (`<html shield=…>`: the page is built by a challenge script)
  or a single-page-app shell (an empty `<div id="app">` / `#root` / `#__nuxt` and scripts, no
  text of its own) → `js_shell`;
* a site's homepage served for an article URL (a soft 404, seen on gjj.jinan.gov.cn): the
  page declares the site root as itself (canonical / og:url), or its <title> is only the site
  name (meta SiteName, "首页"), and it holds no document → `error_page`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from .tree import squash

_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?\s*([^'\"\s>]+)", re.I)
_APP_IDS = frozenset({"app", "root", "__nuxt", "__next", "vue-app", "appmain"})
_STUB_TEXT = 200  # characters of visible text a stub or shell may show (a title, a footer line)
# the last path segment of a list or index page (not an article URL)
_INDEX_NAME = re.compile(r"^(?:$|index|default|home|main|list|more|col)", re.I)
_TITLE_SEP = re.compile(r"\s*[-_|—–·>»]+\s*")


def refresh_target(root: Any, base: str) -> str | None:
    """The URL a `<meta http-equiv="refresh">` sends the browser to (None when none)."""
    for m in root.iter("meta"):
        if (m.get("http-equiv") or "").strip().lower() == "refresh":
            found = _REFRESH_URL.search(m.get("content") or "")
            if found:
                try:
                    return str(urljoin(base, found.group(1)))
                except ValueError:
                    return None
    return None


def shell_reason(root: Any, visible_len: int) -> str | None:
    """Why the page is a JavaScript shell (None when it is not)."""
    if visible_len > _STUB_TEXT:
        return None
    if root.get("shield") is not None:
        return "anti-bot JavaScript shell (<html shield=…>)"
    for el in root.iter("div"):
        ident = (el.get("id") or "").strip().lower()
        if ident in _APP_IDS and not squash("".join(el.itertext())):
            return f'single-page-app shell (empty <div id="{el.get("id")}">, content built by scripts)'
    return None


def _is_article_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    name = parts.path.rsplit("/", 1)[-1]
    return (bool(name) and not _INDEX_NAME.match(name)) or (bool(parts.query) and "id=" in parts.query.lower())


def _points_to_root(root: Any, url: str) -> bool:
    for el in root.iter("link", "meta"):
        if el.tag == "link" and (el.get("rel") or "").lower() == "canonical":
            href = el.get("href")
        elif el.tag == "meta" and (el.get("property") or "").lower() == "og:url":
            href = el.get("content")
        else:
            continue
        try:
            target = urlsplit(urljoin(url, (href or "").strip()))
        except ValueError:
            continue
        if (
            href
            and not target.query
            and _INDEX_NAME.match(target.path.strip("/"))
            and "/" not in target.path.strip("/")
        ):
            return True
    return False


def homepage_reason(
    root: Any, url: str, html_title: str | None, site_name: str | None, is_document: bool
) -> str | None:
    """Why the page is the site's homepage served for an article URL (None when it is not)."""
    if is_document or not _is_article_url(url):
        return None
    if _points_to_root(root, url):
        return "soft 404: the site's homepage (canonical URL is the site root) served for an article URL"
    title = squash(html_title or "")
    if not title:
        return None
    parts = [p for p in _TITLE_SEP.split(title) if p]
    if any(p in ("首页", "网站首页", "门户首页") for p in parts) or (site_name and title == squash(site_name)):
        return f"soft 404: the site's homepage (title “{title}”) served for an article URL"
    return None
