"""Inline SVG charts for the HTML report: no script, no external assets, every text escaped.

Each function returns one <svg> element sized in CSS pixels with a viewBox, so it scales
with the page; bars and cells carry a <title> (the browser's tooltip) with the exact value.
"""

from __future__ import annotations

from html import escape
from math import log10

SEVERITY_COLORS = {"critical": "#cf222e", "warning": "#d4a72c", "info": "#54aeff"}
PALETTE = ["#0969da", "#1a7f37", "#bc4c00", "#8250df", "#bf3989", "#0a7d8c", "#6e7781", "#953800"]
FONT = 'font-family="system-ui,sans-serif"'


def _fmt(v: float | int | None) -> str:
    if v is None:
        return "–"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.2f}"
    return f"{int(v):,}"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** int(log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return float(m * exp)
    return float(10 * exp)


def _count_axis(v: float, ticks: int = 4) -> float:
    """The top of a count axis with `ticks` intervals that are whole numbers (1, 2, 5 × 10^k):
    a count of 3 gets ticks 0 1 2 3 4, never 0.75."""
    raw = max(1.0, v / ticks)
    exp = 10 ** int(log10(raw))
    for m in (1, 2, 5, 10):
        if m * exp >= raw:
            return float(m * exp * ticks)
    return float(10 * exp * ticks)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def stacked_bars(
    categories: list[str],
    series: dict[str, list[float]],
    colors: dict[str, str],
    *,
    title: str,
    y_label: str = "",
    width: int = 900,
    height: int = 240,
) -> str:
    """Vertical bars, one per category, stacked by series (e.g. failed expectations per
    validation, split by severity). Values are counts: the y ticks are whole numbers. The
    legend sits top right, clear of the rotated x labels. Each bar carries data-value and the
    chart data-ymax / data-plot-h, so a browser test can check drawn heights against data."""
    n = len(categories)
    left, right, top, bottom = 56, 12, 28, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s[i] for s in series.values()) for i in range(n)]
    ymax = _count_axis(max(totals, default=0))
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="11" '
        f'data-ymax="{ymax:g}" data-plot-h="{plot_h}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" font-size="13" font-weight="600">{escape(title)}</text>',
    ]
    for k in range(5):  # grid and y ticks
        v = ymax * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de" stroke-width="1"/>'
        )
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#57606a">{_fmt(v)}</text>')
    if y_label:
        out.append(
            f'<text x="12" y="{top + plot_h / 2:.1f}" transform="rotate(-90 12 {top + plot_h / 2:.1f})" '
            f'text-anchor="middle" fill="#57606a">{escape(y_label)}</text>'
        )
    if n == 0:
        out.append(
            f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle" fill="#57606a">no data</text>'
        )
    step = plot_w / max(n, 1)
    bar_w = max(2.0, min(40.0, step * 0.7))
    label_every = max(1, n // 12)
    for i, cat in enumerate(categories):
        x = left + step * i + (step - bar_w) / 2
        y = top + plot_h
        parts = []
        for name, values in series.items():
            v = values[i]
            if not v:
                continue
            h = plot_h * v / ymax
            y -= h
            parts.append(f"{name} {_fmt(v)}")
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'data-value="{v:g}" fill="{colors.get(name, "#0969da")}">'
                f"<title>{escape(cat)}: {escape(name)} {_fmt(v)}</title></rect>"
            )
        if not parts:  # a zero bar still shows where the category is
            out.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - 1:.1f}" width="{bar_w:.1f}" height="1" fill="#8c959f">'
                f"<title>{escape(cat)}: 0</title></rect>"
            )
        if i % label_every == 0:
            cx = x + bar_w / 2
            out.append(
                f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="end" fill="#57606a" '
                f'transform="rotate(-30 {cx:.1f} {top + plot_h + 14})">{escape(_short(cat, 16))}</text>'
            )
    legend_w = sum(24 + 7 * len(name) for name in series)
    lx = width - right - legend_w
    for name in series:  # legend, top right: the rotated x labels need the bottom margin
        out.append(
            f'<rect class="legend" x="{lx}" y="7" width="10" height="10" fill="{colors.get(name, "#0969da")}"/>'
            f'<text x="{lx + 14}" y="16">{escape(name)}</text>'
        )
        lx += 24 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out)


def hbar_stacked(
    rows: list[str],
    keys: list[str],
    values: dict[tuple[str, str], float],
    *,
    title: str,
    width: int = 900,
) -> str:
    """Horizontal bars, one per row (e.g. publisher), stacked by key (e.g. year)."""
    bar_h, gap, left, right, top = 16, 6, 230, 60, 30
    legend_h = 22
    height = top + len(rows) * (bar_h + gap) + legend_h + 10
    totals = {r: sum(values.get((r, k), 0) for k in keys) for r in rows}
    xmax = _nice_max(max(totals.values(), default=0))
    plot_w = width - left - right
    colors = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="600">{escape(title)}</text>',
    ]
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        out.append(
            f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end">'
            f"{escape(_short(r, 22))}<title>{escape(r)}</title></text>"
        )
        x = float(left)
        for k in keys:
            v = values.get((r, k), 0)
            if not v:
                continue
            w = plot_w * v / xmax
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colors[k]}">'
                f"<title>{escape(r)} · {escape(k)}: {_fmt(v)}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + bar_h - 4}" fill="#57606a">{_fmt(totals[r])}</text>')
    lx, ly = left, height - 14
    for k in keys:
        out.append(
            f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{colors[k]}"/>'
            f'<text x="{lx + 14}" y="{ly + 9}">{escape(k)}</text>'
        )
        lx += 24 + 7 * len(k)
    out.append("</svg>")
    return "\n".join(out)


def heatmap(
    rows: list[str],
    cols: list[str],
    values: dict[tuple[str, str], float],
    *,
    title: str,
    unit: str = "",
    width: int = 900,
) -> str:
    """A grid of rows × columns (publisher × year) shaded by value, with the value printed."""
    left, top, cell_h = 230, 44, 20
    cell_w = max(40, min(90, (width - left - 10) / max(len(cols), 1)))
    height = top + len(rows) * cell_h + 10
    vmax = max((v for v in values.values() if v is not None), default=0) or 1
    out = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="600">{escape(title)}'
        + (f' <tspan fill="#57606a" font-weight="400">({escape(unit)})</tspan>' if unit else "")
        + "</text>",
    ]
    for j, c in enumerate(cols):
        out.append(
            f'<text x="{left + j * cell_w + cell_w / 2:.1f}" y="{top - 6}" text-anchor="middle" '
            f'fill="#57606a">{escape(c)}</text>'
        )
    for i, r in enumerate(rows):
        y = top + i * cell_h
        out.append(
            f'<text x="{left - 6}" y="{y + cell_h - 6}" text-anchor="end">'
            f"{escape(_short(r, 22))}<title>{escape(r)}</title></text>"
        )
        for j, c in enumerate(cols):
            v = values.get((r, c))
            x = left + j * cell_w
            if v is None:
                out.append(f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" fill="#f6f8fa"/>')
                continue
            t = min(1.0, max(0.0, v / vmax))
            light = 96 - int(56 * t)
            fill = f"hsl(212,80%,{light}%)"
            ink = "#fff" if light < 60 else "#1b1f24"
            out.append(
                f'<rect class="cell" x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" fill="{fill}">'
                f"<title>{escape(r)} · {escape(c)}: {_fmt(v)} {escape(unit)}</title></rect>"
                f'<text x="{x + (cell_w - 2) / 2:.1f}" y="{y + cell_h - 7}" text-anchor="middle" fill="{ink}">'
                f"{escape(_fmt(v))}</text>"
            )
    out.append("</svg>")
    return "\n".join(out)
