"""A single self-contained HTML report (no script, no external assets) of a run and its data
quality: verdict, quality over time, quarantined rows with reasons, figures by publisher and
report year (the year a document reports on) as inline SVG charts, and a link to the Great
Expectations Data Docs built beside it."""

from __future__ import annotations

import json
import logging
import re
import shutil
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from govdocs.quality import charts
from govdocs.warehouse import sqlfiles
from govdocs.warehouse.db import READ_MEMORY_SHARE, WarehouseError, reading, release_cache

log = logging.getLogger(__name__)

QUARANTINE_ROWS = 300
FIGURES_PER_GROUP = 8
FIGURE_ROWS = 600
RECENT_RUNS = 10
HISTORY = 30  # validations in the quality-over-time charts
TOP_PUBLISHERS = 25
METRIC_CHARTS = 6
GX_DOCS_DIR = "gx-docs"
GX_RESULTS_DIR = "gx-results"  # GX's validation result JSON per suite, beside its Data Docs pages
NO_REPORT_YEAR = "no report year"


class UnknownRun(WarehouseError):
    """`report --run ID` names no run in the warehouse."""


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;
  margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
.muted{color:#57606a} table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa} td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1a7f37;font-weight:600} .fail{color:#cf222e;font-weight:600}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:1rem;font-size:.8rem;font-weight:600}
.critical{background:#ffebe9;color:#a40e26} .warning{background:#fff8c5;color:#7d4e00}
.info{background:#ddf4ff;color:#0550ae}
.verdict{padding:.8rem 1rem;border-radius:.4rem;font-size:1.1rem;margin:1rem 0}
.verdict.ok{background:#dafbe1} .verdict.bad{background:#ffebe9}
code{font-size:.85em;word-break:break-all} dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}
nav a{margin-right:1rem} .tiles{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.tile{border:1px solid #d0d7de;border-radius:.4rem;padding:.5rem .9rem;min-width:8rem}
.tile b{display:block;font-size:1.4rem;font-variant-numeric:tabular-nums} .tile span{color:#57606a;font-size:.85rem}
svg.chart{max-width:100%;height:auto;display:block;margin:.6rem 0 1.2rem}
footer{margin-top:3rem;border-top:1px solid #d0d7de;padding-top:.6rem;color:#57606a;font-size:.85rem}
"""


def _cell(v: Any) -> str:
    if v is None:
        return '<td class="muted">–</td>'
    if isinstance(v, bool):
        return f"<td>{'yes' if v else 'no'}</td>"
    if isinstance(v, int):
        return f'<td class="num">{v:,}</td>'
    if isinstance(v, float):
        return f'<td class="num">{v:,.2f}</td>'
    return f"<td>{escape(str(v))}</td>"


def _table(columns: list[str], rows: list[tuple[Any, ...]], empty: str = "none") -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    # a year is a label, not a quantity: 2022, never 2,022
    years = [c.endswith("year") for c in columns]
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="num">{v}</td>' if is_year and isinstance(v, int) else _cell(v)
            for v, is_year in zip(r, years, strict=False)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _badge(severity: str) -> str:
    return f'<span class="badge {escape(severity)}">{escape(severity)}</span>'


Con = duckdb.DuckDBPyConnection
Row = tuple[Any, ...]


def _q(con: Con, name: str, params: dict[str, object] | None = None) -> tuple[list[str], list[Row]]:
    (stmt,) = sqlfiles.statements(name)
    bound = sqlfiles.bind(stmt, params or {})

    def run() -> tuple[list[str], list[Row]]:
        cur = con.execute(stmt, bound)
        return [d[0] for d in cur.description or []], cur.fetchall()

    try:
        out = run()
    except duckdb.OutOfMemoryException:
        # too big for half the limit (the public and quarantined figure counts join every
        # figure to its document: at 100,000 pages they are): this one query gets the whole
        with reading(con, share=1 / READ_MEMORY_SHARE):
            out = run()
    release_cache(con)  # what one section read is not needed by the next
    return out


def _dq_results(con: Con, dq_run: Row | None) -> str:
    if dq_run is None:
        return '<h2 id="quality">Data quality</h2><p class="muted">not validated yet</p>'
    dq_run_id, scope, _started, _finished, success, crit, warn, infos, row_counts = dq_run
    verdict = (
        ("ok", "PASSED: no critical expectation failed")
        if success
        else ("bad", f"FAILED: {crit} critical expectation(s) failed")
    )
    counts = json.loads(row_counts) if row_counts else {}
    out = [
        '<h2 id="quality">Data quality of this run</h2>',
        f'<div class="verdict {verdict[0]}">{escape(verdict[1])} · {warn} warning(s) · '
        f"{infos} info · scope {escape(str(scope))} · rows "
        + ", ".join(f"{escape(k)} {v:,}" for k, v in counts.items())
        + "</div>",
    ]
    _, rows = _q(con, "report_dq_results", {"dq_run_id": dq_run_id})
    failed: list[str] = []
    passed: list[str] = []
    for suite, etype, col, sev, ok, n, bad, pct, details in rows:
        d = json.loads(details) if details else {}
        extra = d.get("error") or ""
        if d.get("sample"):
            extra = (extra + " e.g. " if extra else "e.g. ") + ", ".join(
                json.dumps(x, ensure_ascii=False, default=str)[:60] for x in d["sample"][:5]
            )
        elif d.get("observed_value") is not None:
            ov = d["observed_value"]
            extra = f"observed {ov:.3g}" if isinstance(ov, float) else f"observed {ov}"
        status = '<span class="pass">pass</span>' if ok else '<span class="fail">FAIL</span>'
        (passed if ok else failed).append(
            f"<tr><td>{status}</td><td>{_badge(sev)}</td><td>{escape(suite)}</td>"
            f"<td><code>{escape(etype)}</code></td><td>{escape(col or '')}</td>"
            f"{_cell(n)}{_cell(bad)}{_cell(pct)}<td>{escape(d.get('notes') or '')}</td>"
            f"<td><code>{escape(extra[:400])}</code></td></tr>"
        )
    head = (
        "<table><thead><tr><th>result</th><th>severity</th><th>suite</th><th>expectation</th>"
        "<th>column</th><th>rows</th><th>unexpected</th><th>%</th><th>why</th><th>detail</th>"
        "</tr></thead><tbody>\n"
    )
    if failed:
        out.append(f"<h3>Failed expectations ({len(failed)})</h3>" + head + "\n".join(failed) + "\n</tbody></table>")
    else:
        out.append('<p class="pass">Every expectation passed.</p>')
    out.append(
        f"<details><summary>Passed expectations ({len(passed)})</summary>"
        + head
        + "\n".join(passed)
        + "\n</tbody></table></details>"
    )
    return "\n".join(out)


def _history(con: Con) -> str:
    _, rows = _q(con, "report_dq_history", {"limit": HISTORY})
    rows = list(reversed(rows))  # oldest first
    out = ['<h2 id="history">Quality over time</h2>']
    if not rows:
        out.append('<p class="muted">no validations yet</p>')
        return "\n".join(out)
    cats = [f"{started:%m-%d %H:%M} {scope}" if started else str(dq) for dq, _r, _s, scope, started, *_ in rows]
    series = {
        "critical": [float(r[6] or 0) for r in rows],
        "warning": [float(r[7] or 0) for r in rows],
        "info": [float(r[8] or 0) for r in rows],
    }
    out.append(
        charts.stacked_bars(
            cats,
            series,
            charts.SEVERITY_COLORS,
            title=f"Failed expectations per validation (last {len(rows)})",
            y_label="expectations",
        )
    )
    out.append(
        charts.stacked_bars(
            cats,
            {"quarantined rows": [float(r[9] or 0) for r in rows]},
            {"quarantined rows": "#8250df"},
            title="Rows quarantined per validation",
            y_label="rows",
        )
    )
    table = [
        (r[4], r[1], r[2], r[3], "pass" if r[5] else "FAIL", r[6], r[7], r[8], r[9], r[12]) for r in reversed(rows)
    ]
    out.append(
        "<details><summary>Validations (newest first; view <code>v_dq_history</code>)</summary>"
        + _table(
            [
                "checked",
                "run",
                "source",
                "scope",
                "result",
                "critical",
                "warnings",
                "infos",
                "quarantined",
                "pass rate",
            ],
            table,
        )
        + "</details>"
    )
    return "\n".join(out)


def _quarantine(con: Con) -> str:
    cols, counts = _q(con, "report_public_counts")
    c = dict(zip(cols, counts[0], strict=False))
    out = [
        '<h2 id="quarantine">Quarantined rows</h2>',
        '<p class="muted">Rows named by a failed critical or warning expectation, as of each row\'s '
        "latest validation. They are left out of <code>v_documents</code>, <code>v_metrics</code> and the "
        "by-publisher/year views; see <code>documents_quarantine</code>, <code>metrics_quarantine</code>, "
        "<code>pages_quarantine</code> (a figure of a quarantined document is quarantined too).</p>",
        f"<p>documents: {c['documents_public']:,} public, {c['documents_quarantined']:,} quarantined · "
        f"figures: {c['figures_public']:,} public, {c['figures_quarantined']:,} quarantined · "
        f"pages: {c['pages_quarantined']:,} of {c['pages']:,} quarantined</p>",
    ]
    cols, rows = _q(con, "report_quarantine_summary")
    out.append(_table(cols, rows, "no quarantined rows"))
    if rows:
        total = sum(r[4] for r in rows)
        cols, rows = _q(con, "report_quarantine", {"limit": QUARANTINE_ROWS})
        out.append(
            f"<details open><summary>Rows ({total:,} row-reason pairs"
            + (f", first {QUARANTINE_ROWS} shown" if total > QUARANTINE_ROWS else "")
            + ")</summary>"
            + _table(cols, rows)
            + "</details>"
        )
    return "\n".join(out)


def _publisher_year(con: Con) -> str:
    cols, rows = _q(con, "report_docs_by_publisher_year")
    out = [
        '<h2 id="figures">Documents and figures by publisher and report year</h2>',
        '<p class="muted">Report year: the year a document reports on (an annual report published '
        "in 2022 covers 2021), not the year it was published.</p>",
    ]
    if not rows:
        out.append('<p class="muted">no documents</p>')
        return "\n".join(out)
    per_pub: dict[str, int] = {}
    for p, _y, n, _f in rows:
        per_pub[p] = per_pub.get(p, 0) + n
    pubs = sorted(per_pub, key=lambda p: (-per_pub[p], p))[:TOP_PUBLISHERS]
    years = sorted({str(y) if y is not None else NO_REPORT_YEAR for _p, y, _n, _f in rows})
    values = {(p, str(y) if y is not None else NO_REPORT_YEAR): float(n) for p, y, n, _f in rows}
    note = f" (top {TOP_PUBLISHERS} of {len(per_pub)})" if len(per_pub) > TOP_PUBLISHERS else ""
    out.append(charts.hbar_stacked(pubs, years, values, title=f"Public documents per publisher, by report year{note}"))
    _, mrows = _q(con, "report_metric_years", {"metrics": METRIC_CHARTS})
    metrics: dict[tuple[str, str | None], list[Row]] = {}
    for metric, unit, pub, year, total, _n in mrows:
        metrics.setdefault((metric, unit), []).append((pub, str(year), total))
    if metrics:
        out.append(
            f"<h3>The {len(metrics)} figures reported by the most publishers "
            "(sum per publisher and report year; mean for percentages)</h3>"
        )
    for (metric, unit), cells in metrics.items():
        mp = sorted({p for p, _y, _v in cells})[:TOP_PUBLISHERS]
        ys = sorted({y for _p, y, _v in cells})
        out.append(
            charts.heatmap(
                mp, ys, {(p, y): float(v) for p, y, v in cells if v is not None}, title=metric, unit=unit or ""
            )
        )
    cols, rows = _q(con, "report_docs_by_publisher_year")
    out.append(
        "<details><summary>Table: documents and figures per publisher and report year</summary>"
        + _table(cols, rows)
        + "</details>"
    )
    cols, rows = _q(con, "report_figures_by_publisher_year", {"per_group": FIGURES_PER_GROUP, "limit": FIGURE_ROWS})
    out.append(
        f"<details><summary>Table: most frequent figures per publisher and report year (top {FIGURES_PER_GROUP})"
        "</summary>" + _table(cols, rows, "no figures") + "</details>"
    )
    return "\n".join(out)


def _tiles(counts: dict[str, Any], dq_run: Row | None) -> str:
    items = [
        (counts.get("pages_fetched"), "pages fetched"),
        (counts.get("documents"), "documents"),
        (counts.get("metrics"), "figures"),
    ]
    if dq_run is not None:
        items += [(dq_run[5], "critical failures"), (dq_run[6], "warnings")]
    return (
        '<div class="tiles">'
        + "".join(
            f'<div class="tile"><b>{escape(f"{v:,}" if isinstance(v, int) else str(v if v is not None else "–"))}</b>'
            f"<span>{escape(label)}</span></div>"
            for v, label in items
        )
        + "</div>"
    )


def render(
    con: duckdb.DuckDBPyConnection,
    run_id: str | None = None,
    *,
    gx_docs: str | None = None,
    gx_note: str = "",
    gx_results: list[tuple[str, str]] | None = None,
) -> str:
    _, runs = _q(con, "report_run", {"run_id": run_id})
    run = runs[0] if runs else None
    parts = [
        f"<h1>govdocs warehouse report</h1><p class='muted'>generated {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC</p>",
        '<nav><a href="#run">Run</a><a href="#quality">Quality</a><a href="#history">Over time</a>'
        '<a href="#quarantine">Quarantine</a><a href="#figures">By publisher and report year</a>'
        '<a href="#tables">Tables</a><a href="#gx">GX Data Docs</a></nav>',
    ]
    dq = None
    if run:
        rid, source, started, finished, status, counts = run
        c = json.loads(counts) if counts else {}
        _, dqs = _q(con, "report_dq_run", {"run_id": rid})
        dq = dqs[0] if dqs else None
        parts.append('<h2 id="run">Run</h2>')
        if dq is not None:
            ok = dq[4]
            parts.append(
                f'<div class="verdict {"ok" if ok else "bad"}">Run {escape(rid)}: '
                + ("data quality PASSED" if ok else "data quality FAILED")
                + "</div>"
            )
        parts.append(_tiles(c, dq))
        parts.append(
            "<dl>"
            + "".join(
                f"<dt>{escape(k)}</dt><dd>{escape(str(v) if v is not None else '–')}</dd>"
                for k, v in (
                    ("run", rid),
                    ("source", source),
                    ("status", status),
                    ("started", started),
                    ("finished", finished),
                )
            )
            + "</dl>"
        )
        if c:
            flat = [(k, json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in c.items()]
            parts.append("<details><summary>Run summary</summary>" + _table(["summary", "value"], flat) + "</details>")
    else:
        parts.append('<h2 id="run">Run</h2><p class="muted">no runs recorded</p>')
    parts.append(_dq_results(con, dq))
    parts.append(_history(con))
    parts.append(_quarantine(con))
    parts.append(_publisher_year(con))
    cols, rows = _q(con, "report_recent_runs", {"limit": RECENT_RUNS})
    parts.append('<h2 id="tables">Recent runs</h2>' + _table(cols, rows, "no runs"))
    cols, rows = _q(con, "table_counts")
    parts.append("<h2>Tables</h2>" + _table(cols, rows))
    cols, rows = _q(con, "report_pages_by_status")
    parts.append("<h2>Pages by status</h2>" + _table(cols, rows, "no pages"))
    if gx_docs:
        gx = (
            f'<a href="{escape(gx_docs)}">Great Expectations Data Docs</a> for this validation '
            "(GX's own site: expectation suites and validation results; it loads nothing from the network)."
        )
    else:
        gx = "Great Expectations Data Docs: not built. " + escape(gx_note)
    if gx_results:
        gx += (
            "</p><p>GX validation results of this run as JSON: "
            + " · ".join(f'<a href="{escape(href)}">{escape(suite)}</a>' for suite, href in gx_results)
            + "."
        )
    parts.append(
        f'<footer id="gx"><p>{gx}</p><p>Charts are inline SVG; this page loads nothing else. '
        "Query the numbers behind it with <code>govdocs sql</code> "
        "(views <code>v_dq_history</code>, <code>v_documents_by_publisher_year</code>, "
        "<code>v_metrics_by_publisher_year</code>).</p></footer>"
    )
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>govdocs report</title><style>{CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def write_report(
    con: duckdb.DuckDBPyConnection, out_dir: Path, run_id: str | None = None, *, gx_docs: bool = True
) -> Path:
    """Write out_dir/index.html for `run_id` (default: the latest run) and, with `gx_docs`,
    GX Data Docs of its latest validation in out_dir/gx-docs/; returns the report's path."""
    out_dir = Path(out_dir)
    if run_id is not None and not _q(con, "report_run", {"run_id": run_id})[1]:
        # before anything is written: the good report in out_dir stays
        hint = 'see `govdocs sql "select run_id from runs"`'
        raise UnknownRun(f"no run {run_id!r} in the warehouse ({hint})")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    tmp = path.with_suffix(".html.tmp")
    with reading(con), con.cursor() as cur:
        link, note = None, "no validation recorded for this run."
        _, runs = _q(cur, "report_run", {"run_id": run_id})
        dq = _q(cur, "report_dq_run", {"run_id": runs[0][0]})[1] if runs else []
        if dq and gx_docs:
            try:
                from govdocs.quality.gx_docs import build_data_docs

                index = build_data_docs(cur, dq[0][0], out_dir / GX_DOCS_DIR)
                link = f"{GX_DOCS_DIR}/{index.relative_to(out_dir / GX_DOCS_DIR).as_posix()}"
            except Exception as exc:  # noqa: BLE001 - the report must not fail because GX's renderer did
                log.warning("GX Data Docs not built: %s", exc)
                note = f"GX could not build them: {type(exc).__name__}: {exc}"
        elif dq:
            note = "disabled for this report."
        results = _write_gx_results(cur, dq[0][0], out_dir / GX_RESULTS_DIR) if dq else []
        html = render(
            cur,
            run_id,
            gx_docs=link,
            gx_note=note,
            gx_results=[(suite, f"{GX_RESULTS_DIR}/{name}") for suite, name in results],
        )
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def _write_gx_results(con: duckdb.DuckDBPyConnection, dq_run_id: str, target: Path) -> list[tuple[str, str]]:
    """Write the stored GX validation result of each suite to target/<suite>.json (the
    directory replaced); returns (suite, file name) pairs: the results GX's Data Docs render,
    for tools (and readers) that want the data rather than the pages."""
    _, rows = _q(con, "report_gx_results", {"dq_run_id": dq_run_id})
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    out: list[tuple[str, str]] = []
    for suite, result in rows:
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", str(suite)) + ".json"
        data = json.loads(result) if isinstance(result, str) else result
        (tmp / name).write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
        out.append((str(suite), name))
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return out
