"""The CLI's options as users of other Python tools expect them: help on every option with
its default, -v / --log-level."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from collections.abc import Iterator

import duckdb
import pytest

from govdocs.cli import build_parser, main


def parsers(parser: argparse.ArgumentParser, name: str = "govdocs") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from parsers(sub, f"{name} {sub_name}")


def in_required_group(parser: argparse.ArgumentParser, action: argparse.Action) -> bool:
    return any(g.required and action in g._group_actions for g in parser._mutually_exclusive_groups)


def test_the_walk_reaches_every_command():
    names = {n for n, _ in parsers(build_parser())}
    assert {"govdocs", "govdocs crawl", "govdocs extract", "govdocs sql", "govdocs tables", "govdocs schema"} <= names
    assert {"govdocs sources add", "govdocs sources check"} <= names


def test_every_option_of_every_command_has_help_and_shows_its_default(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # one line per option: a default is never wrapped apart
    missing, silent = [], []
    for name, parser in parsers(build_parser()):
        text = parser.format_help()  # a stray % in a help string raises here
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            label = f"{name} {'/'.join(action.option_strings) or action.dest}"
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(label)
                continue
            if not action.option_strings or action.nargs == 0 or action.default is argparse.SUPPRESS:
                continue  # positionals and flags have no default to show
            if action.default is None or action.default == []:
                # leaving it out must be explained: what None means
                explained = "default" in action.help or "required" in action.help
                if not explained and not in_required_group(parser, action):
                    silent.append(label)
            elif str(action.default) not in text:
                silent.append(f"{label} (default {action.default!r} not shown)")
    assert not missing, f"options without help: {missing}"
    assert not silent, f"options whose help does not say their default: {silent}"


def test_crawl_help_says_what_no_max_pages_and_no_delay_mean(capsys):
    with pytest.raises(SystemExit):
        main(["crawl", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--max-pages N stop after this many fetches (default: the source's max_pages" in text
    assert "(default: the source's delay_s" in text
    assert "$GOVDOCS_DB" in text


@pytest.fixture
def restore_logging(monkeypatch):
    monkeypatch.delenv("PREFECT_LOGGING_LEVEL", raising=False)
    saved = {n: (lg.handlers[:], lg.level, lg.propagate) for n in ("govdocs", "flows") if (lg := logging.getLogger(n))}
    yield
    for n, (handlers, level, propagate) in saved.items():
        lg = logging.getLogger(n)
        lg.handlers[:], lg.level, lg.propagate = handlers, level, propagate


def test_verbose_and_log_level_set_govdocs_and_prefect_levels(tmp_path, restore_logging, capsys):
    import os

    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    assert main(["-vv", "sql", "select 1", "--db", str(db)]) == 0
    assert logging.getLogger("govdocs").level == logging.DEBUG
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "DEBUG"
    assert main(["sql", "select 1", "--db", str(db), "-v"]) == 0  # after the command works too
    assert logging.getLogger("govdocs").level == logging.INFO and os.environ["PREFECT_LOGGING_LEVEL"] == "INFO"
    assert main(["-v", "sql", "select 1", "--db", str(db), "--log-level", "error"]) == 0  # the level wins
    assert logging.getLogger("flows").level == logging.ERROR and os.environ["PREFECT_LOGGING_LEVEL"] == "ERROR"
    assert len([h for h in logging.getLogger("govdocs").handlers if h.get_name() == "govdocs-cli"]) == 1
    with pytest.raises(SystemExit):
        main(["--log-level", "loud", "sql", "select 1"])
    assert "invalid choice: 'LOUD'" in capsys.readouterr().err


def test_default_stays_quiet_and_v_shows_info_lines(tmp_path):
    """A writer holds the file, so the query reads a snapshot and says so at INFO."""
    db = tmp_path / "w.duckdb"
    writer = duckdb.connect(str(db))  # the lock makes the other process query a snapshot
    try:

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "govdocs.cli", *args], capture_output=True, text=True, timeout=120
            )

        quiet = run("sql", "select 42 as x", "--db", str(db), "--format", "csv")
        loud = run("-v", "sql", "select 42 as x", "--db", str(db), "--format", "csv")
        after = run("sql", "select 42 as x", "--db", str(db), "--format", "csv", "--log-level", "INFO")
    finally:
        writer.close()
    assert quiet.returncode == loud.returncode == after.returncode == 0
    assert quiet.stdout == loud.stdout == after.stdout == "x\n42\n"
    assert quiet.stderr == ""
    for r in (loud, after):
        assert (
            "| INFO    | govdocs.warehouse.query - warehouse locked by a writer; querying a snapshot copy" in r.stderr
        )
        assert len(r.stderr.splitlines()) == 1


def test_readme_commands_section_lists_every_command_and_the_common_options():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name in sub.choices:
        assert f"`govdocs {name}" in section, f"README's Commands section does not list `govdocs {name}`"
    for option in ("--version", "-v", "--log-level", "$GOVDOCS_DB", "--format json\\|jsonl\\|csv", "--output-dir"):
        assert option in section, option


def test_quiet_console_drops_prefect_tracebacks_but_prefects_own_log_handler_keeps_them(monkeypatch):
    """Without -v a failed task is one console line; the handler that stores run logs in
    Prefect (on prefect.task_runs, reached before the root's console) still gets the traceback."""
    import logging

    from govdocs import cli

    monkeypatch.setenv("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    cli.configure_logging(0, None)
    cli._one_line_prefect_failures()
    (console,) = [h for h in logging.getLogger().handlers if type(h).__name__ == "PrefectConsoleHandler"]
    seen: list[object] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.exc_info)

    logger = logging.getLogger("prefect.task_runs")
    keep = Keep()
    logger.addHandler(keep)
    printed: list[str] = []
    real_emit = console.emit
    console.emit = lambda record: printed.append(console.format(record))  # type: ignore[method-assign]
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            names = {"task_run_name": "crawl-1", "task_name": "crawl", "task_run_id": "1", "flow_run_id": "1"}
            logger.error("Task run failed", exc_info=True, extra=names)
    finally:
        logger.removeHandler(keep)
        console.emit = real_emit  # type: ignore[method-assign]
    assert seen and seen[0] is not None  # Prefect's API handler had the traceback
    assert printed and "Traceback" not in printed[0] and "Task run failed" in printed[0]
