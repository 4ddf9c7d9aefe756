"""A real headless Chromium for the browser tests, driven over the Chrome DevTools Protocol.

Skipped only when no Chromium is installed and not in CI (CI=true must run it; .ci/run
installs Debian's chromium when missing)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-port=0",
    "--window-size=1280,2000",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed (CI must install it: apt-get install -y chromium)")
    pytest.skip("chromium is not installed")


@contextmanager
def browser() -> Iterator[str]:
    """A headless Chromium with a throwaway profile; yields its DevTools websocket URL."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="govdocs-chromium-") as profile:
        proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            ws_url, deadline, seen = None, time.monotonic() + 30, []
            while time.monotonic() < deadline and ws_url is None:
                line = proc.stderr.readline() if proc.stderr else ""
                if not line and proc.poll() is not None:
                    break
                seen.append(line)
                m = re.search(r"DevTools listening on (ws://\S+)", line)
                ws_url = m.group(1) if m else None
            assert ws_url, "chromium did not start: " + "".join(seen[-10:])
            yield ws_url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
