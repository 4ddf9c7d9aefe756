"""The sample site's page templates, CSS and JS, read from `templates/` beside this module.

The markup imitates a TRS-generated district portal (重庆 district template): header,
navigation, breadcrumb, metadata block, article, share bar, department/town navigation,
friendly links and footer. Written for this project; no third-party page is copied.
Placeholders are string.Template's (`$name` / `${name}`). Fragments (inserted into another
template) lose their file's final newline; whole files (page, JS, robots.txt) are used as
they are. The bytes matter: the generated site is compared byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _file(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def _fragment(name: str) -> str:
    return _file(name).removesuffix("\n")


PAGE = Template(_file("page.html"))  # the whole page: chrome, breadcrumb, main
TOP = Template(_fragment("top.html"))  # top bar, header with search, navigation
BOTTOM = Template(_fragment("bottom.html"))  # department/town links, friendly links, footer
ARTICLE = Template(_fragment("article.html"))  # a detail page's main part
LIST_MAIN = Template(_fragment("list_main.html"))  # a list page's main part (paging by createPageHTML)
CSS = _fragment("site.css")  # inlined into every page's <style>
COMMON_JS = _file("common.js")  # /js/common.js: zoom, createPageHTML (TRS paging), date
ROBOTS = _file("robots.txt")  # /robots.txt
