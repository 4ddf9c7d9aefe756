"""The report's SVG charts: whole-number ticks for counts, legend clear of the x labels, bar
heights proportional to the data (drawn heights are checked in Chromium in
tests/test_report_browser.py)."""

from __future__ import annotations

import re

from govdocs.quality import charts
from govdocs.quality.report import CSS, _table


def _bars(svg: str) -> list[tuple[float, float, float]]:
    return [
        (float(y), float(h), float(v))
        for y, h, v in re.findall(
            r'<rect class="bar" x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" data-value="([^"]+)"', svg
        )
    ]


def test_count_axis_ticks_are_whole_numbers():
    for top in (1, 2, 3, 5, 7, 13, 99, 1234):
        svg = charts.stacked_bars(["a", "b"], {"critical": [float(top), 1.0]}, charts.SEVERITY_COLORS, title="t")
        ticks = re.findall(r'text-anchor="end" fill="#57606a">([^<]+)</text>', svg)[:5]
        assert len(ticks) == 5 and all(re.fullmatch(r"[\d,]+", t) for t in ticks), (top, ticks)
        assert int(ticks[-1].replace(",", "")) >= top


def test_bar_heights_follow_the_data():
    svg = charts.stacked_bars(
        ["x", "y", "z"], {"critical": [3.0, 1.0, 0.0], "warning": [1.0, 0.0, 2.0]}, charts.SEVERITY_COLORS, title="t"
    )
    ymax = float(re.search(r'data-ymax="([^"]+)"', svg).group(1))
    plot_h = float(re.search(r'data-plot-h="([^"]+)"', svg).group(1))
    bars = _bars(svg)
    assert sorted(v for _y, _h, v in bars) == [1.0, 1.0, 2.0, 3.0]
    for _y, h, v in bars:
        assert abs(h - plot_h * v / ymax) < 0.1


def test_legend_is_clear_of_the_x_labels():
    svg = charts.stacked_bars(
        [f"12-0{i} 08:00 run" for i in range(9)],
        {"critical": [1.0] * 9, "warning": [2.0] * 9},
        charts.SEVERITY_COLORS,
        title="t",
    )
    legend_y = [float(y) for y in re.findall(r'<rect class="legend" x="[^"]+" y="([^"]+)"', svg)]
    label_y = [
        float(y) for y in re.findall(r'<text x="[^"]+" y="([^"]+)" text-anchor="end" fill="#57606a" transform', svg)
    ]
    bar_top = min(y for y, _h, _v in _bars(svg))
    assert legend_y and label_y
    assert max(legend_y) + 10 <= bar_top  # above the plot, the x labels are below it
    assert min(label_y) > max(legend_y) + 10


def test_report_css_leaves_svg_geometry_alone():
    """`.bar{height:…}` in the page's CSS overrode every <rect class="bar"> height."""
    for rule in re.findall(r"([^{}]+)\{([^}]*)\}", CSS):
        selector, body = rule
        if re.search(r"(^|[\s,])\.(bar|cell|legend)\b", selector):
            assert not re.search(r"\b(height|width|y|x)\s*:", body), rule


def test_years_are_labels_not_quantities():
    html = _table(["publisher", "report_year", "n_documents"], [("区政府", 2022, 12345)])
    assert ">2022<" in html and "2,022" not in html and "12,345" in html
