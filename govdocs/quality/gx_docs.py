"""Great Expectations Data Docs for one validation, built from the warehouse alone.

validate() stores GX's own validation result JSON per suite (dq_gx_results, long row lists
dropped). Here an ephemeral GX context with a filesystem Data Docs site under the report
directory gets the suites from expectations/ and those results in its (in-memory) results
store, and GX renders its site: index, one page per suite, one per validation result.
Crawled values are HTML-escaped before GX sees them (its renderer does not escape them).

GX names a validation by meta.run_id (run name and time) and its data asset by
meta.batch_spec.data_asset_name (render/renderer/page_renderer.py, site_builder.py
_resolve_asset_name); a validation run through a batch stores no run_id and its asset only in
meta.active_batch_definition, which the validation page does not read, so GX showed
"__none__" and "Data asset: None". They are set here from the stored run: run name = our run
id and the validation's id, run time = when the validation started, asset = the suite's table.

GX's pages load Bootstrap, jQuery and bootstrap-table from public CDNs; gx_offline makes the
site load nothing but its own files (the index's tables are plain HTML).
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from govdocs.quality.suites import load_suites
from govdocs.warehouse import sqlfiles

log = logging.getLogger(__name__)


def _escaped(v: object) -> object:
    """GX's renderer puts unexpected values into its pages unescaped (a crawled
    "<script>" in a body would run there): escape every string in a result first, so GX
    shows the text as text."""
    if isinstance(v, str):
        return html.escape(v)
    if isinstance(v, list):
        return [_escaped(x) for x in v]
    if isinstance(v, dict):
        return {k: _escaped(x) for k, x in v.items()}
    return v


def run_name(run_id: str, dq_run_id: str) -> str:
    """The run name GX shows: our run id and the validation's id (a validation's id starts
    with its run's id today; both stay visible if that changes). GX puts it in a path."""
    name = dq_run_id if dq_run_id.startswith(run_id) else f"{run_id}-{dq_run_id}"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def with_run_and_asset(meta: dict[str, Any], name: str, started: datetime, table: str | None) -> dict[str, Any]:
    """GX's validation meta with the run and data asset set where GX's renderers read them
    (meta.run_id; meta.batch_spec.data_asset_name, else GX's page says "Data asset: None").
    The asset is the one GX validated (active_batch_definition), else the suite's table."""
    out = dict(meta)
    out["run_id"] = {"run_name": name, "run_time": started.isoformat()}
    asset = (meta.get("active_batch_definition") or {}).get("data_asset_name") or table
    if asset:
        out["batch_spec"] = {**(meta.get("batch_spec") or {}), "data_asset_name": asset}
    return out


def build_data_docs(con: duckdb.DuckDBPyConnection, dq_run_id: str, site_dir: Path) -> Path:
    """Render GX Data Docs for `dq_run_id` into `site_dir` (replaced); returns its index.html.
    Raises when GX cannot build the site (the report then says why)."""
    from govdocs.quality.validate import _gx

    gx = _gx()
    from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResultSchema
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    from govdocs.quality import gx_offline

    (stmt,) = sqlfiles.statements("report_gx_results")
    stored = con.execute(stmt, sqlfiles.bind(stmt, {"dq_run_id": dq_run_id})).fetchall()
    if not stored:
        raise LookupError(f"no stored GX results for validation {dq_run_id}")
    (stmt,) = sqlfiles.statements("gx_docs_run")
    run_id, started = con.execute(stmt, sqlfiles.bind(stmt, {"dq_run_id": dq_run_id})).fetchone() or (dq_run_id, None)
    name = run_name(run_id, dq_run_id)
    started = started or datetime.now().astimezone()

    site_dir = Path(site_dir)
    tmp = site_dir.with_name(site_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        analytics_enabled=False,
        data_docs_sites={
            "report": {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(tmp)},
                "site_index_builder": {
                    "class_name": "DefaultSiteIndexBuilder",
                    "renderer": {"module_name": gx_offline.__name__, "class_name": "StaticIndexPageRenderer"},
                },
            }
        },
    )
    ctx = gx.get_context(mode="ephemeral", project_config=config)
    suites = {s.name: s for s in load_suites()}
    schema = ExpectationSuiteValidationResultSchema()
    for suite_name, result in stored:
        spec = suites.get(suite_name)
        if spec is not None:
            ctx.suites.add(
                gx.ExpectationSuite(
                    name=spec.name,
                    meta={"notes": spec.meta.get("notes", "")},
                    expectations=[
                        {"type": e["type"], "kwargs": e["kwargs"], "meta": e["meta"], "severity": e["meta"]["severity"]}
                        for e in spec.expectations
                    ],
                )
            )
        data = json.loads(result)
        data["meta"] = with_run_and_asset(data.get("meta") or {}, name, started, spec.table if spec else None)
        for r in data.get("results", []):  # ids of this context's suite differ; GX only renders them
            r.get("expectation_config", {}).pop("id", None)
            r["result"] = _escaped(r.get("result") or {})
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite_name),
            run_id=RunIdentifier(run_name=name, run_time=started),
            batch_identifier="warehouse",
        )
        ctx.validation_results_store.set(key, schema.load(data))
    ctx.build_data_docs()
    gx_offline.make_site_offline(tmp)
    shutil.rmtree(site_dir, ignore_errors=True)
    tmp.rename(site_dir)
    return site_dir / "index.html"
