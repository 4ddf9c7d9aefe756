"""GX Data Docs of a validation, opened in a real headless Chromium with the network blocked:
every request that is not for a file is failed and recorded (CDP Fetch domain). The index
lists the validations with their run name and data asset, a validation page shows its run
name, asset and expectation rows, and nothing is blocked, fails to load or logs an error.

Skipped only when no Chromium is installed and not in CI (as tests/test_report_browser.py)."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from govdocs import quality
from govdocs import warehouse as wh
from tests.browser import browser
from tests.test_quality import TODAY, load, metric, record


class OfflinePage:
    """One tab over CDP whose every non-file request is failed and recorded in `blocked`."""

    def __init__(self, ws: Any) -> None:
        self.ws, self.next_id, self.session = ws, 0, None
        self.events: list[dict[str, Any]] = []
        self.blocked: list[str] = []
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.answers: set[asyncio.Task[dict[str, Any]]] = set()  # kept until done
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            data = json.loads(raw)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
                continue
            self.events.append(data)
            if data.get("method") == "Fetch.requestPaused":
                p = data["params"]
                if p["request"]["url"].startswith("file:"):
                    answer = self.call("Fetch.continueRequest", {"requestId": p["requestId"]})
                else:
                    self.blocked.append(p["request"]["url"])
                    answer = self.call(
                        "Fetch.failRequest", {"requestId": p["requestId"], "errorReason": "BlockedByClient"}
                    )
                task = asyncio.create_task(answer)
                self.answers.add(task)
                task.add_done_callback(self.answers.discard)

    async def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> dict[str, Any]:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = fut
        await self.ws.send(json.dumps(msg))
        data = await asyncio.wait_for(fut, 30)
        if "error" in data:
            raise RuntimeError(f"{method}: {data['error']}")
        result: dict[str, Any] = data["result"]
        return result

    async def open(self) -> None:
        target = (await self.call("Target.createTarget", {"url": "about:blank"}, session=False))["targetId"]
        attached = await self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)
        self.session = attached["sessionId"]
        await self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        for domain in ("Page", "Runtime", "Log", "Network"):
            await self.call(f"{domain}.enable")

    async def goto(self, url: str) -> None:
        seen = len(self.events)
        await self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events[seen:]):
            assert time.monotonic() < deadline, f"{url} did not load"
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # late requests and console messages

    async def js(self, expression: str) -> Any:
        out = await self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in out, out
        return out["result"].get("value")


INDEX_JS = """JSON.stringify({
    header: [...document.querySelectorAll('.ge-index-page-validation-results-table thead th')]
        .map(th => th.textContent.trim()),
    rows: [...document.querySelectorAll('.ge-index-page-validation-results-table tbody tr')]
        .map(tr => ({cells: [...tr.cells].map(td => td.innerText.trim()),
                     visible: tr.getBoundingClientRect().height > 0,
                     link: (tr.querySelector('a[href^="validations/"]') || {}).href || null})),
    suites: [...document.querySelectorAll('.ge-index-page-expectation_suites-table tbody a')]
        .map(a => a.textContent.trim()),
})"""

# a validation page's expectation rows: status icon (pass/fail) in the first cell
ROWS_JS = """[...document.querySelectorAll('tbody tr')]
    .filter(tr => tr.cells.length > 1 && tr.cells[0].querySelector('i.fa-check-circle, i.fa-times'))
    .map(tr => ({text: tr.innerText.trim(), visible: tr.getBoundingClientRect().height > 0,
                 failed: !!tr.cells[0].querySelector('i.fa-times')}))"""

PAGE_JS = f"""JSON.stringify({{
    text: document.body.innerText,
    info: Object.fromEntries([...document.querySelectorAll('tr')]
        .filter(tr => tr.cells.length === 2)
        .map(tr => [tr.cells[0].innerText.trim(), tr.cells[1].innerText.trim()])),
    expectations: {ROWS_JS},
    logo: (document.querySelector('.navbar-brand img') || {{}}).naturalWidth || 0,
}})"""


async def visit(ws_url: str, index: Path) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    async with connect(ws_url, max_size=None) as ws:
        tab = OfflinePage(ws)
        await tab.open()
        # the harness itself: a page that loads from elsewhere is seen to (then forgotten)
        probe = index.parent.parent / "probe.html"
        probe.write_text('<img src="https://cdn.example.org/x.png">', encoding="utf-8")
        await tab.goto(probe.as_uri())
        assert tab.blocked == ["https://cdn.example.org/x.png"], tab.blocked
        probe.unlink()
        tab.blocked.clear()
        tab.events.clear()
        await tab.goto(index.as_uri())
        out: dict[str, Any] = {"index": json.loads(await tab.js(INDEX_JS))}
        suite_col = out["index"]["header"].index("Expectation Suite")
        documents = next(r["link"] for r in out["index"]["rows"] if r["cells"][suite_col] == "documents")
        await tab.goto(documents)  # the index's own link, as a reader follows it
        out["page"] = json.loads(await tab.js(PAGE_JS))
        await tab.js("hideSucceededValidations()")  # GX's "Failed Only" button
        out["failed_only"] = await tab.js(ROWS_JS)
        tab.reader.cancel()
        out["events"], out["blocked"] = tab.events, tab.blocked
        return out


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, str, str]:
    con = wh.connect(tmp_path / "govdocs.duckdb")
    records = [record(i, metrics=[metric("受理申请", 100 + i)]) for i in range(3)]
    records.append(record(3, title=""))  # a failed warning expectation on documents
    run = load(con, records, run_id="r-browser")
    summary = quality.validate(con, run, today=TODAY)
    wh.finish_run(con, run, {"pages_fetched": 4, "documents": 4})
    report = quality.write_report(con, tmp_path / "reports", run)
    con.close()
    return report.parent / "gx-docs" / "index.html", run, summary["dq_run_id"]


def test_gx_data_docs_work_offline_with_run_and_asset_names(site: tuple[Path, str, str]):
    index, run, dq_run_id = site
    with browser() as ws_url:
        out = asyncio.run(visit(ws_url, index))

    # the index's table is in the page (it was filled by a CDN script), with run and asset
    idx = out["index"]
    assert {"Status", "Run Time", "Run Name", "Asset Name", "Expectation Suite"} <= set(idx["header"]), idx
    by_suite = {r["cells"][idx["header"].index("Expectation Suite")]: r for r in idx["rows"]}
    assert {"documents", "metrics", "pages"} <= set(by_suite), idx
    for row in by_suite.values():
        cells = dict(zip(idx["header"], row["cells"], strict=True))
        assert run in cells["Run Name"] and dq_run_id in cells["Run Name"], cells
        assert cells["Asset Name"] not in ("", "None"), cells
        assert row["visible"] and row["link"], row
    assert dict(zip(idx["header"], by_suite["metrics"]["cells"], strict=True))["Asset Name"] == "metrics"
    assert {"documents", "metrics", "pages"} <= set(idx["suites"])

    page = out["page"]
    assert dq_run_id in page["info"].get("Run Name", ""), page["info"]
    assert page["info"].get("Run Time", "__none__") != "__none__", page["info"]
    assert "Data asset: documents" in page["text"], page["text"][:500]
    assert "None" not in page["info"].values()
    rows, info = page["expectations"], page["info"]
    # every evaluated expectation is a visible row; the failed ones are marked
    assert len(rows) == int(info["Evaluated Expectations"]) >= 5 and all(r["visible"] for r in rows), rows
    assert sum(r["failed"] for r in rows) == int(info["Unsuccessful Expectations"]) >= 1, rows
    assert any("never be null" in r["text"] for r in rows), rows  # GX's words for a rendered expectation
    assert page["logo"], "GX's logo did not load from the site's static/"
    # "Failed Only" works without jQuery: failed rows stay, passed ones go
    assert [r["visible"] for r in out["failed_only"]] == [r["failed"] for r in out["failed_only"]]

    events = out["events"]
    assert out["blocked"] == [], out["blocked"]
    errors = [
        e
        for e in events
        if e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning", "assert"))
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning"))
    ]
    assert not errors, errors
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    assert requests and all(u.startswith("file:") for u in requests), requests
    assert not [e for e in events if e.get("method") == "Network.loadingFailed"]
