"""The HTML report in a real headless Chromium, driven over the Chrome DevTools Protocol: it
renders (headings, SVG charts with size, a non-blank screenshot), loads nothing but itself,
and logs no console errors or exceptions.

Skipped only when no Chromium is installed and not in CI (tests/browser.py)."""

from __future__ import annotations

import asyncio
import base64
import json
import struct
import time
import zlib
from pathlib import Path

import pytest

from govdocs import quality
from govdocs import warehouse as wh
from tests.browser import browser
from tests.test_quality import TODAY, load, metric, record

T3 = "三、收到和处理政府信息公开申请情况"


def png_distinct_bytes(png: bytes) -> int:
    """Distinct byte values in the decompressed image data: a blank page has a handful."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat)))


class CDP:
    """The few Chrome DevTools Protocol calls the test needs, over one flat session."""

    def __init__(self, ws):
        self.ws, self.next_id, self.events, self.session = ws, 0, [], None

    async def call(self, method: str, params: dict | None = None, *, session: bool = True) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        await self.ws.send(json.dumps(msg))
        while True:
            data = json.loads(await asyncio.wait_for(self.ws.recv(), 30))
            if data.get("id") == self.next_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data["result"]
            self.events.append(data)

    async def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for e in self.events:
            if e.get("method") == method:
                return e
        while True:
            data = json.loads(await asyncio.wait_for(self.ws.recv(), max(0.1, deadline - time.monotonic())))
            self.events.append(data)
            if data.get("method") == method:
                return data


async def inspect(ws_url: str, page_url: str) -> dict:
    from websockets.asyncio.client import connect

    async with connect(ws_url, max_size=None) as ws:
        cdp = CDP(ws)
        target = (await cdp.call("Target.createTarget", {"url": "about:blank"}))["targetId"]
        cdp.session = (await cdp.call("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            await cdp.call(f"{domain}.enable")
        await cdp.call("Page.navigate", {"url": page_url})
        await cdp.wait_for("Page.loadEventFired")
        await asyncio.sleep(0.3)  # late console messages
        js = """JSON.stringify({
            title: document.title,
            h2: [...document.querySelectorAll('h2')].map(e => e.textContent.trim()),
            charts: [...document.querySelectorAll('svg.chart')].map(s => {
                const r = s.getBoundingClientRect();
                return {w: r.width, h: r.height, marks: s.querySelectorAll('rect.bar, rect.cell').length,
                        label: s.getAttribute('aria-label')};
            }),
            bars: [...document.querySelectorAll('svg.chart[data-ymax]')].flatMap(s => {
                const scale = s.getBoundingClientRect().height / s.viewBox.baseVal.height;
                const ymax = +s.dataset.ymax, plotH = +s.dataset.plotH;
                return [...s.querySelectorAll('rect.bar')].map(r => ({
                    drawn: r.getBoundingClientRect().height / scale,
                    expected: plotH * (+r.dataset.value) / ymax}));
            }),
            gx: (document.querySelector('#gx a') || {}).href || null,
            height: document.body.scrollHeight,
        })"""
        dom = json.loads(
            (await cdp.call("Runtime.evaluate", {"expression": js, "returnByValue": True}))["result"]["value"]
        )
        shot = base64.b64decode((await cdp.call("Page.captureScreenshot", {"format": "png"}))["data"])
        # drain what arrived meanwhile
        try:
            while True:
                cdp.events.append(json.loads(await asyncio.wait_for(ws.recv(), 0.2)))
        except TimeoutError:
            pass
        return {"dom": dom, "screenshot": shot, "events": cdp.events}


@pytest.fixture
def report(tmp_path: Path) -> Path:
    con = wh.connect(tmp_path / "govdocs.duckdb")
    t3 = [
        metric(
            label,
            v,
            unit="件",
            start=None,
            end=None,
            sentence=None,
            table=T3,
            row=label,
            column="自然人",
            canonical=None,
        )
        for label, v in (
            ("一、本年新收政府信息公开申请数量", 10),
            ("二、上年结转政府信息公开申请数量", 2),
            ("三、本年度办理结果（七）总计", 11),
            ("四、结转下年度继续办理", 9),
        )
    ]
    records = [
        record(
            i,
            publisher=f"重庆市{d}区人民政府",
            created_date=f"{y}-01-10",
            published_date=f"{y}-01-15",
            metrics=[metric("受理申请", 100 + i, canonical="政府信息公开申请数")],
        )
        for i, (d, y) in enumerate([("沙坪坝", 2021), ("沙坪坝", 2022), ("渝中", 2022), ("江北", 2023)])
    ]
    records += [
        record(10, body_text="正文。版权所有 渝ICP备05003300号"),
        record(11, metrics=t3),
        record(12, title="<script>alert(1)</script>", metrics=[metric("增长", 150, unit="%")]),
    ]
    run = load(con, records[:4], run_id="r1")
    quality.validate(con, run, today=TODAY)
    wh.finish_run(con, run, {"pages_fetched": 4, "documents": 4, "metrics": 4})
    run = load(con, records, run_id="r2")
    quality.validate(con, run, today=TODAY)
    wh.finish_run(con, run, {"pages_fetched": 7, "documents": 7, "metrics": 10})
    path = quality.write_report(con, tmp_path / "reports", run)
    con.close()
    return path


def test_report_renders_in_chromium_without_console_errors(report: Path):
    with browser() as ws_url:
        out = asyncio.run(inspect(ws_url, report.as_uri()))

    dom, events = out["dom"], out["events"]
    assert dom["title"] == "govdocs report"
    for heading in (
        "Run",
        "Data quality of this run",
        "Quality over time",
        "Quarantined rows",
        "Documents and figures by publisher and report year",
    ):
        assert heading in dom["h2"], dom["h2"]
    charts = dom["charts"]
    assert len(charts) >= 4, charts  # 2 quality-over-time, documents per publisher, ≥ 1 figure heatmap
    assert all(c["w"] > 300 and c["h"] > 100 and c["marks"] > 0 for c in charts), charts
    # vertical bars are drawn as tall as their data (a page CSS rule once made every bar 11 px)
    bars = dom["bars"]
    assert len(bars) >= 3 and len({round(b["expected"]) for b in bars}) >= 2, bars
    assert all(abs(b["drawn"] - b["expected"]) < 1.0 for b in bars), bars
    assert dom["gx"] and dom["gx"].endswith("gx-docs/index.html")
    assert (report.parent / "gx-docs" / "index.html").is_file()
    assert dom["height"] > 2000
    assert png_distinct_bytes(out["screenshot"]) > 32, "the screenshot is blank"

    errors = [
        e
        for e in events
        if e.get("method") in ("Runtime.exceptionThrown",)
        or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning", "assert"))
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning"))
    ]
    assert not errors, errors
    requests = {e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"}
    assert requests <= {report.as_uri()}, requests  # self-contained: nothing else is loaded
    assert not any(e.get("method") == "Network.loadingFailed" for e in events)
