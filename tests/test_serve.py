"""`govdocs serve`: deployments built from govdocs/config/schedules.toml (without a server),
the same deployments in prefect.yaml, and the command's help."""

from __future__ import annotations

import pytest
import yaml

from govdocs.cli import main
from govdocs.orchestration import ScheduleError, load_schedules
from govdocs.paths import REPO_ROOT

EXPECTED = {  # name: (flow, cron, parameters besides db_path)
    "crawl-cqspb-nightly": ("govdocs-crawl", "0 2 * * *", {"source_name": "cqspb"}),
    "reextract-weekly": ("govdocs-reextract", "0 3 * * 6", {}),
    "validate-weekly": ("govdocs-validate", "0 5 * * 0", {}),
}


def test_deployments_from_config(tmp_path):
    from flows.deployments import build_deployments, crawl_limits_for

    db = tmp_path / "wh.duckdb"
    deps = build_deployments(db_path=db)
    assert {d.name for d in deps} == set(EXPECTED)
    for d in deps:
        flow_name, cron, params = EXPECTED[d.name]
        assert d.flow_name == flow_name
        (schedule,) = d.schedules
        assert schedule.schedule.cron == cron
        assert schedule.schedule.timezone == "Asia/Shanghai"
        assert schedule.active
        assert d.parameters == {**params, "db_path": str(db)}
        assert d.entrypoint.startswith("flows.pipeline.")
        assert "govdocs" in d.tags
    assert crawl_limits_for(load_schedules()) == ["govdocs-crawl-www.cqspb.gov.cn"]


def test_prefect_yaml_declares_the_same_deployments():
    doc = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    specs = {s.name: s for s in load_schedules()}
    entry = {
        "crawl": "flows/pipeline.py:crawl_flow",
        "reextract": "flows/pipeline.py:reextract_flow",
        "validate": "flows/pipeline.py:validate_flow",
    }
    assert {d["name"] for d in doc["deployments"]} == set(specs)
    for d in doc["deployments"]:
        spec = specs[d["name"]]
        assert d["entrypoint"] == entry[spec.flow]
        assert d["schedules"] == [{"cron": spec.cron, "timezone": spec.timezone}]
        assert (d.get("parameters") or {}) == spec.parameters
        assert d["work_pool"]["name"] == "govdocs"


@pytest.mark.parametrize(
    "body, message",
    [
        ('[[deployment]]\nname="x"\nflow="crawl"\ncron="61 2 * * *"\n', "bad cron"),
        ('[[deployment]]\nname="x"\nflow="crawl"\ncron="0 2 * * *"\ntimezone="Mars/Base"\n', "unknown timezone"),
        ('[[deployment]]\nname="x"\nflow="fetch"\ncron="0 2 * * *"\n', "flow must be one of"),
        ('[[deployment]]\nname="x"\nflow="crawl"\ncron="0 2 * * *"\nevery="day"\n', "unknown keys"),
        ('[[deployment]]\nname="x"\nflow="crawl"\ncron="0 2 * * *"\n' * 2, "duplicate"),
    ],
)
def test_bad_schedule_files_are_one_line_errors(tmp_path, body, message):
    path = tmp_path / "s.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ScheduleError, match=message):
        load_schedules(path)


def test_serve_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for needle in ("--schedules", "--dry-run", "--api-url", "prefect server start", "127.0.0.1:4200"):
        assert needle in out


def test_serve_dry_run_lists_the_deployments(capsys, tmp_path):
    assert main(["serve", "--dry-run", "--db", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr().out
    for name, (flow_name, cron, _params) in EXPECTED.items():
        line = next(row for row in out.splitlines() if row.startswith(name))
        assert flow_name in line and cron in line and "Asia/Shanghai" in line


def test_serve_bad_schedule_file_exits_2(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[deployment]]\nname = 1\n", encoding="utf-8")
    assert main(["serve", "--schedules", str(bad)]) == 2
    assert "govdocs: error:" in capsys.readouterr().err


def test_serve_without_a_server_says_so(capsys):
    assert main(["serve", "--api-url", "http://127.0.0.1:9/api"]) == 2
    assert "prefect server start" in capsys.readouterr().err


@pytest.mark.parametrize(
    "params, message",
    [
        (
            '{ sourcename = "cqspb" }',
            "unknown parameter 'sourcename' (did you mean 'source_name'?); accepted: source_name,",
        ),
        ('{ max_pages = "lots" }', "bad parameter max_pages: Input should be a valid integer"),
        ('{ source_name = "cqpsb" }', "unknown source 'cqpsb'"),
    ],
)
def test_serve_checks_parameters_against_the_flow_before_registering(capsys, tmp_path, params, message):
    """A typo used to pass --dry-run and fail each night with SignatureMismatchError."""
    path = tmp_path / "typo.toml"
    path.write_text(
        f'[[deployment]]\nname = "crawl-typo"\nflow = "crawl"\ncron = "0 2 * * *"\nparameters = {params}\n',
        encoding="utf-8",
    )
    for argv in (["serve", "--dry-run"], ["serve", "--api-url", "http://127.0.0.1:9/api"]):
        assert main([*argv, "--schedules", str(path), "--db", str(tmp_path / "w.duckdb")]) == 2
        out, err = capsys.readouterr()
        assert out == ""  # nothing listed, nothing registered
        assert err.startswith("govdocs: error: typo.toml: deployment 'crawl-typo'") and message in err
        assert len(err.strip().splitlines()) == 1


def test_a_required_parameter_left_out_is_named():
    from prefect import flow

    from flows.deployments import check_parameters

    @flow(name="needs-a-source")
    def needs(source: str, db_path: str = "x") -> None:
        """A flow with a required parameter."""

    with pytest.raises(
        ScheduleError, match=r"'d' \(needs-a-source\): missing required parameter 'source'; accepted: source, db_path"
    ):
        check_parameters("d", needs, {"db_path": "y"})
    check_parameters("d", needs, {"source": "a"})
