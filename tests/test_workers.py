"""Beyond one machine: crawls of two sources on two Prefect worker processes at once, as the
README's "With workers" section sets them up (a process work pool, deployments of
flows/pipeline.py:crawl_flow, `prefect worker start --pool …`), both writing one warehouse
through the single-writer mechanism (flock + the `govdocs-warehouse-writer` limit). Real
Prefect server (the session harness), real workers, real flow-run subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

from tests import loopback
from tests.generated_site import GeneratedSite

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
PREFECT = [str(Path(sys.executable).with_name("prefect"))]
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def test_two_workers_crawl_two_sources_into_one_warehouse(tmp_path, prefect_harness):
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    pool = f"govdocs-test-{uuid.uuid4().hex[:6]}"
    env = {
        **os.environ,
        "PREFECT_API_URL": api,
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "GOVDOCS_COMMIT_PAGES": "40",
        "PYTHONPATH": str(REPO),
        "PREFECT_LOGGING_LEVEL": "INFO",  # the workers log each flow run they submit
    }
    subprocess.run(
        [*PREFECT, "work-pool", "create", pool, "--type", "process"], env=env, check=True, capture_output=True
    )
    db = tmp_path / "wh" / "govdocs.duckdb"
    a, b = GeneratedSite(200), GeneratedSite(200, per_list=20, org="11500106MB1234567Y")
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers: list[subprocess.Popen[bytes]] = []
    with loopback.serve(a) as (base_a, _), loopback.serve(b, host="127.0.0.2") as (base_b, _):
        ids = []
        for i, base in enumerate((base_a, base_b)):
            flow.from_source(source=str(REPO), entrypoint="flows/pipeline.py:crawl_flow").deploy(
                name=f"{pool}-{i}",
                work_pool_name=pool,
                parameters={"url": base + "col/index.html", "db_path": str(db), "delay_s": 0.0},
                print_next_steps=False,
            )
        try:
            for log in logs:  # --limit 1: a worker busy with one run leaves the other run to the other worker
                workers.append(
                    subprocess.Popen(
                        [*PREFECT, "worker", "start", "--pool", pool, "--limit", "1"],
                        stdout=log.open("wb"),
                        stderr=subprocess.STDOUT,
                        env=env,
                        cwd=tmp_path,
                    )
                )
            for i in range(2):
                run = run_deployment(f"govdocs-crawl/{pool}-{i}", timeout=0)
                ids.append(str(run.id))
            deadline = time.monotonic() + 300
            with get_client(sync_client=True) as client:
                while True:
                    states = [client.read_flow_run(uuid.UUID(i)).state for i in ids]
                    names = [s.type.value if s else "" for s in states]
                    if all(n in FINAL for n in names) or time.monotonic() > deadline:
                        break
                    time.sleep(1)
        finally:
            for w in workers:
                w.terminate()
            for w in workers:
                w.wait(timeout=30)
    worker_logs = [log.read_text(errors="replace") for log in logs]
    assert names == ["COMPLETED", "COMPLETED"], (names, [w[-3000:] for w in worker_logs])
    # each worker ran one of the two flow runs: submitted it and was not told to abort (both
    # may poll the same run at once; the server lets one of them have it)
    ran = [
        {i for i in ids if f"submitting flow run '{i}'" in w and f"Aborted submission of flow run '{i}'" not in w}
        for w in worker_logs
    ]
    assert sorted(len(r) for r in ran) == [1, 1] and ran[0] != ran[1], ran

    con = duckdb.connect(str(db), read_only=True)
    try:
        hosts = con.execute("select split_part(url, '/', 3) as host, count(*) from documents group by 1 order by 1")
        by_host = dict(hosts.fetchall())
        runs = con.execute("select status from runs order by source").fetchall()
    finally:
        con.close()
    assert by_host == {base_a.split("/")[2]: 200, base_b.split("/")[2]: 200}
    assert runs == [("finished",), ("finished",)]
