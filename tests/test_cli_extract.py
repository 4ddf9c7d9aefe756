"""`govdocs extract` as trafilatura's CLI users know it: `-` for stdin, folders of pages,
--output-dir, --format csv, and a missing input as one line on stderr while the rest run."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govdocs.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
PAGE = FIXTURES / "document_write_cq.html"  # a document with a metadata block
TABLE = FIXTURES / "annual_report_table.html"  # an annual report: figures from its tables


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "govdocs.cli", "extract", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_dash_reads_the_page_from_stdin(capsys):
    assert main(["extract", str(PAGE), "--format", "jsonl"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    r = run("-", "--format", "jsonl", stdin=PAGE.read_bytes())
    assert r.returncode == 0 and r.stderr == b""
    from_stdin = json.loads(r.stdout)
    assert from_stdin["source"] == "-" and from_stdin["status"] == "ok"
    assert from_stdin["index_no"] and from_stdin["title"]
    for key in ("index_no", "title", "publisher", "published_date", "doc_number", "body_text", "metrics"):
        assert from_stdin[key] == from_file[key], key


def test_oversized_stdin_is_one_recorded_reason(monkeypatch, capsys):
    from govdocs import extract_inputs

    monkeypatch.setattr(extract_inputs, "MAX_INPUT_BYTES", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<p>" + b"x" * 5000 + b"</p>")))
    assert main(["extract", "-", "--format", "jsonl"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["status"] == "fetch_error"
    assert err == "govdocs: error: -: larger than 1,000 bytes (the crawler's max_bytes)\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    """pages/ with pages at two depths, an upper-case .HTM, and files that are not pages."""
    root = tmp_path / "pages"
    (root / "b" / "deeper").mkdir(parents=True)
    shutil.copy(PAGE, root / "z_doc.html")
    shutil.copy(TABLE, root / "b" / "deeper" / "report.HTM")
    shutil.copy(PAGE, root / "b" / "a.htm")
    (root / "notes.txt").write_text("not a page", encoding="utf-8")
    (root / "b" / "style.css").write_text("p{}", encoding="utf-8")
    return root


def test_a_folder_reads_its_html_files_recursively_in_sorted_order(folder, capsys):
    assert main(["extract", str(folder), "--no-body"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in records] == [
        (folder / "b" / "a.htm").resolve().as_uri(),
        (folder / "b" / "deeper" / "report.HTM").resolve().as_uri(),
        (folder / "z_doc.html").resolve().as_uri(),
    ]
    assert all(r["status"] == "ok" and "body_text" not in r for r in records)
    assert records[1]["metrics"]  # the annual report's table figures
    single = folder / "b" / "deeper"
    assert main(["extract", str(single)]) == 0  # a folder is an array even with one page in it
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_output_dir_writes_one_file_per_input_named_from_it(folder, tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(TABLE, other / "z_doc.html")  # the same name as a page of the folder
    out = tmp_path / "out"
    args = [
        "extract",
        str(folder),
        str(other / "z_doc.html"),
        "-",
        str(tmp_path / "gone.html"),
        "--output-dir",
        str(out),
    ]
    r = run(*args[1:], stdin=PAGE.read_bytes())
    assert r.returncode == 1 and r.stdout == b""
    err = r.stderr.decode().splitlines()
    assert err == [
        f"govdocs: error: {tmp_path / 'gone.html'}: cannot read file: No such file or directory",
        f"wrote 5 files to {out}",
    ]
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["b/a.json", "b/deeper/report.json", "stdin.json", "z_doc-2.json", "z_doc.json"]
    assert (
        json.loads((out / "z_doc.json").read_text(encoding="utf-8"))["source"]
        == (folder / "z_doc.html").resolve().as_uri()
    )
    assert (
        json.loads((out / "z_doc-2.json").read_text(encoding="utf-8"))["source"]
        == (other / "z_doc.html").resolve().as_uri()
    )
    assert json.loads((out / "stdin.json").read_text(encoding="utf-8"))["source"] == "-"
    # a rerun overwrites its own files instead of piling up z_doc-3, z_doc-4 …
    assert run(*args[1:], stdin=PAGE.read_bytes()).returncode == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == files
    assert main(["extract", str(PAGE), "--output-dir", str(out), "--format", "csv"]) == 0
    with (out / "document_write_cq.csv").open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 1


def test_csv_is_one_utf8_row_per_document_whatever_the_locale(folder):
    r = run(str(folder), "--format", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8"), newline="")))
    assert len(rows) == 3
    from govdocs.records import empty_record

    assert list(rows[0]) == list(empty_record(""))  # every field of the record, in its order
    doc = rows[2]
    assert doc["status"] == "ok" and doc["body_text"] and "。" in doc["body_text"]
    assert doc["status_reason"] == ""  # None is an empty cell
    report = rows[1]
    metrics = json.loads(report["metrics"])  # lists and objects are JSON text
    assert metrics and {"label", "value", "unit"} <= set(metrics[0])
    no_body = run(str(folder), "--format", "csv", "--no-body")
    header = next(csv.reader(io.StringIO(no_body.stdout.decode("utf-8"))))
    assert "body_text" not in header and "metrics" in header


def test_a_missing_file_is_one_line_and_the_others_are_still_extracted(folder, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run(str(tmp_path / "missing.html"), str(PAGE), str(empty), str(folder / "b"), "--format", "jsonl")
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        f"govdocs: error: {tmp_path / 'missing.html'}: cannot read file: No such file or directory",
        f"govdocs: error: {empty}: no .html or .htm files in this folder",
    ]
    records = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [r["status"] for r in records] == ["fetch_error", "ok", "ok", "ok"]  # one record per page input
    assert "Traceback" not in r.stderr.decode()


def test_output_dir_that_is_a_file_is_one_line(tmp_path):
    target = tmp_path / "taken"
    target.write_text("", encoding="utf-8")
    r = run(str(PAGE), "--output-dir", str(target))
    assert r.returncode == 2
    assert r.stderr.decode() == f"govdocs: error: --output-dir {target} is a file, not a folder\n"


def test_output_names_come_from_the_input():
    from pathlib import PurePosixPath

    from govdocs.extract_inputs import Input, expand

    given = ["https://www.cqspb.gov.cn/zwgk_235/202201/t20220125_1.html", "https://www.cqspb.gov.cn/", "-", "a/b.HTM"]
    assert list(expand(given)) == [
        Input(given[0], PurePosixPath("t20220125_1")),
        Input(given[1], PurePosixPath("www.cqspb.gov.cn")),
        Input("-", PurePosixPath("stdin")),
        Input("a/b.HTM", PurePosixPath("b")),
    ]
