"""A single self-contained HTML report (no external assets) of a run and its data quality."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from govdocs.warehouse import sqlfiles

QUARANTINE_ROWS = 300
FIGURES_PER_GROUP = 8
FIGURE_ROWS = 600
RECENT_RUNS = 10

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
.bar{background:#54aeff;height:.7rem;display:inline-block;vertical-align:middle}
code{font-size:.85em;word-break:break-all} dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}
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


def _table(columns: list[str], rows: list[tuple], empty: str = "none") -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "\n".join("<tr>" + "".join(_cell(v) for v in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _badge(severity: str) -> str:
    return f'<span class="badge {escape(severity)}">{escape(severity)}</span>'


def _q(con, name: str, params: dict | None = None):
    (stmt,) = sqlfiles.statements(name)
    cur = con.execute(stmt, sqlfiles.bind(stmt, params or {}))
    return [d[0] for d in cur.description], cur.fetchall()


def _dq_section(con, dq_run) -> str:
    if dq_run is None:
        return '<h2>Data quality</h2><p class="muted">not validated yet</p>'
    dq_run_id, scope, started, finished, success, crit, warn, infos, row_counts = dq_run
    verdict = ("ok", "PASSED: no critical expectation failed") if success else \
              ("bad", f"FAILED: {crit} critical expectation(s) failed")
    counts = json.loads(row_counts) if row_counts else {}
    out = [
        "<h2>Data quality</h2>",
        f'<div class="verdict {verdict[0]}">{escape(verdict[1])} · {warn} warning(s) · '
        f"{infos} info · scope {escape(str(scope))} · rows "
        + ", ".join(f"{escape(k)} {v:,}" for k, v in counts.items()) + "</div>",
    ]
    _, rows = _q(con, "report_dq_results", {"dq_run_id": dq_run_id})
    trs = []
    for suite, etype, col, sev, ok, n, bad, pct, details in rows:
        d = json.loads(details) if details else {}
        extra = d.get("error") or ""
        if d.get("sample"):
            extra = (extra + " e.g. " if extra else "e.g. ") + ", ".join(
                json.dumps(x, ensure_ascii=False, default=str)[:60] for x in d["sample"][:5])
        elif d.get("observed_value") is not None:
            ov = d["observed_value"]
            extra = f"observed {ov:.3g}" if isinstance(ov, float) else f"observed {ov}"
        status = '<span class="pass">pass</span>' if ok else '<span class="fail">FAIL</span>'
        trs.append(
            f"<tr><td>{status}</td><td>{_badge(sev)}</td><td>{escape(suite)}</td>"
            f"<td><code>{escape(etype)}</code></td><td>{escape(col or '')}</td>"
            f"{_cell(n)}{_cell(bad)}{_cell(pct)}<td>{escape(d.get('notes') or '')}</td>"
            f"<td><code>{escape(extra[:400])}</code></td></tr>"
        )
    out.append(
        "<table><thead><tr><th>result</th><th>severity</th><th>suite</th><th>expectation</th>"
        "<th>column</th><th>rows</th><th>unexpected</th><th>%</th><th>why</th><th>detail</th>"
        "</tr></thead><tbody>\n" + "\n".join(trs) + "\n</tbody></table>"
    )
    (total,) = _q(con, "report_quarantine_count", {"dq_run_id": dq_run_id})[1][0]
    cols, qrows = _q(con, "report_quarantine", {"dq_run_id": dq_run_id, "limit": QUARANTINE_ROWS})
    out.append(f"<h2>Quarantined rows <span class='muted'>({total:,}"
               + (f", first {QUARANTINE_ROWS} shown" if total > QUARANTINE_ROWS else "") + ")</span></h2>")
    out.append('<p class="muted">Rows named by failed critical or warning expectations '
               "(table <code>dq_quarantine</code>).</p>")
    out.append(_table(cols, qrows, "no quarantined rows"))
    return "\n".join(out)


def _publisher_year(con) -> str:
    cols, rows = _q(con, "report_docs_by_publisher_year")
    out = ["<h2>Documents and figures by publisher and year</h2>"]
    if rows:
        top = max(r[2] for r in rows) or 1
        trs = "\n".join(
            f"<tr><td>{escape(str(p))}</td>{_cell(y)}{_cell(n)}{_cell(f)}"
            f'<td><span class="bar" style="width:{max(2, int(200 * n / top))}px"></span></td></tr>'
            for p, y, n, f in rows
        )
        out.append("<table><thead><tr><th>publisher</th><th>year</th><th>documents</th>"
                   f"<th>figures</th><th></th></tr></thead><tbody>\n{trs}\n</tbody></table>")
    else:
        out.append('<p class="muted">no documents</p>')
    cols, rows = _q(con, "report_figures_by_publisher_year",
                    {"per_group": FIGURES_PER_GROUP, "limit": FIGURE_ROWS})
    out.append(f"<h3>Most frequent figures per publisher and year (top {FIGURES_PER_GROUP})</h3>")
    out.append(_table(cols, rows, "no figures"))
    return "\n".join(out)


def render(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> str:
    _, runs = _q(con, "report_run", {"run_id": run_id})
    run = runs[0] if runs else None
    parts = [f"<h1>govdocs warehouse report</h1><p class='muted'>generated "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC</p>"]
    if run:
        rid, source, started, finished, status, counts = run
        parts.append("<h2>Run</h2><dl>" + "".join(
            f"<dt>{escape(k)}</dt><dd>{escape(str(v) if v is not None else '–')}</dd>"
            for k, v in (("run", rid), ("source", source), ("status", status),
                         ("started", started), ("finished", finished))) + "</dl>")
        if counts:
            c = json.loads(counts)
            flat = [(k, json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
                    for k, v in c.items()]
            parts.append(_table(["summary", "value"], flat))
        _, dq = _q(con, "report_dq_run", {"run_id": rid})
        dq_section = _dq_section(con, dq[0] if dq else None)
    else:
        parts.append('<p class="muted">no runs recorded</p>')
        dq_section = _dq_section(con, None)
    cols, rows = _q(con, "report_recent_runs", {"limit": RECENT_RUNS})
    parts.append("<h2>Recent runs</h2>" + _table(cols, rows, "no runs"))
    cols, rows = _q(con, "table_counts")
    parts.append("<h2>Tables</h2>" + _table(cols, rows))
    cols, rows = _q(con, "report_pages_by_status")
    parts.append("<h2>Pages by status</h2>" + _table(cols, rows, "no pages"))
    parts.append(dq_section)
    parts.append(_publisher_year(con))
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>govdocs report</title><style>{CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def write_report(con: duckdb.DuckDBPyConnection, out_dir: Path, run_id: str | None = None) -> Path:
    """Write out_dir/index.html for `run_id` (default: the latest run); returns its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    tmp = path.with_suffix(".html.tmp")
    with con.cursor() as cur:
        html = render(cur, run_id)
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
