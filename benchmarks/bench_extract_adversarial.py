"""Extraction in linear time (issue 11): every pattern family on adversarial inputs.

    python -m benchmarks.bench_extract_adversarial [--mb 1] [FAMILY ...]

Each family builds a hostile page of about `--mb` MB (and one of a quarter of that size) and
times `analyse_page` on both. A family passes when the large page stays within BUDGET_S and
the time grows no faster than GROWTH × the size (4× the bytes → at most 4 × GROWTH the time:
a quadratic family shows 16×). Exit status 1 when a family fails, so CI can run it.

Families cover every regex and walk of govdocs/extract: the label regex (labels, spaced
labels, brackets, colons), dates, document.write (no longer read), createPageHTML, <meta>
charset, tag soup (<<<), long tags and 100k attributes on one element, comments, deep
nesting, table spans, many links with dates (page kind), many paragraphs (sections), hidden
blocks and chrome classes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from govdocs.extract import analyse_page

BUDGET_S = 2.0  # per 1 MB page on this machine (2 shared cores)
GROWTH = 1.8  # allowed time growth beyond linear when the input grows 4×


def _wrap(body: str) -> bytes:
    return ("<html><head><title>t</title></head><body><div id='zoom'>" + body + "</div></body></html>").encode()


FAMILIES: dict[str, Callable[[int], bytes]] = {
    "attributes": lambda n: (
        "<html><body><div " + " ".join(f"a{i}='x'" for i in range(n // 10)) + ">正文</div></body></html>"
    ).encode(),
    "comments": lambda n: _wrap("<!-- c -->" * (n // 10)),
    "document_write": lambda n: _wrap("<script>" + "document.write('" * (n // 16) + "</script>"),
    "labels": lambda n: _wrap("<p>" + "索引号：" * (n // 12) + "</p>"),
    "spaced_labels": lambda n: _wrap("<p>" + "索 " * (n // 4) + "</p>"),
    "brackets": lambda n: _wrap("<p>" + "[【" * (n // 6) + "</p>"),
    "colons": lambda n: _wrap("<p>" + "：" * (n // 3) + "</p>"),
    "dates": lambda n: _wrap("<p>" + "2024-01-01 " * (n // 11) + "</p>"),
    "date_cells": lambda n: _wrap("".join("<p>发布日期：2024年1月1日</p>" for _ in range(n // 40))),
    "links_with_dates": lambda n: _wrap(
        "".join(
            f"<li><a href='/a/{i}.html'>关于某某事项的通知{i}</a><span>2024-01-01</span></li>" for i in range(n // 90)
        )
    ),
    "create_page_html": lambda n: _wrap(
        "<script>" + "createPageHTML(" * (n // 15) + 'createPageHTML(100000000, 0, "index", "html");</script>'
    ),
    "meta_charset": lambda n: ("<meta " * (n // 6)).encode(),
    "tag_soup": lambda n: _wrap("<" * n),
    "long_tag": lambda n: _wrap("<div title='" + "x" * n + "'>正文</div>"),
    "nesting": lambda n: _wrap("<div>" * (n // 11) + "正文" + "</div>" * (n // 11)),
    "table_spans": lambda n: _wrap("<table>" + "<tr><td rowspan=500 colspan=100>x</td></tr>" * (n // 45) + "</table>"),
    "paragraphs": lambda n: _wrap("<p>一、加强组织领导。</p>" * (n // 40)),
    "hidden": lambda n: _wrap("<div style='display:none'>x</div>" * (n // 40)),
    "chrome_classes": lambda n: _wrap("<div class='" + "nav-" * (n // 8) + "'>x</div>"),
    "long_prose": lambda n: _wrap("<p>" + "为进一步做好工作，" * (n // 27) + "</p>"),
}


def _time(raw: bytes) -> float:
    t = time.perf_counter()
    analyse_page(raw, url="https://www.example.gov.cn/zwgk/a/t1.html", max_pager=1000)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("families", nargs="*")
    args = ap.parse_args(argv)
    n = int(args.mb * 1_000_000)
    failed = 0
    print(f"{'family':18} {'size':>8} {'small s':>8} {'large s':>8} {'growth':>7}  verdict")
    for name, build in FAMILIES.items():
        if args.families and name not in args.families:
            continue
        small, large = build(n // 4), build(n)
        t_small, t_large = _time(small), _time(large)
        growth = t_large / max(t_small, 1e-3)
        ok = t_large <= BUDGET_S * args.mb and (t_large < 0.05 or growth <= 4 * GROWTH)
        failed += not ok
        print(
            f"{name:18} {len(large) / 1e6:7.2f}M {t_small:8.3f} {t_large:8.3f} {growth:6.1f}x  "
            f"{'ok' if ok else 'FAIL'}",
            flush=True,
        )
    print(f"budget: ≤ {BUDGET_S * args.mb:.1f} s per page, growth ≤ {4 * GROWTH:.1f}x for 4x the bytes")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
