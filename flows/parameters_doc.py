"""The README's table of the crawl flow's parameters, made from the flow itself: names, types
and defaults from its signature, descriptions from its docstring's `Args:` section (parsed
by Prefect's own `parameter_docstrings`, so the Prefect UI shows the same descriptions).

    python -m flows.parameters_doc        # rewrite the table in README.md

tests/test_flows.py fails when the README and the signature disagree.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

from prefect import Flow
from prefect.utilities.callables import parameter_docstrings

from flows.pipeline import crawl_flow
from govdocs.paths import REPO_ROOT

README = REPO_ROOT / "README.md"
BEGIN = "<!-- crawl-flow-parameters: written by `python -m flows.parameters_doc` from crawl_flow; do not edit -->"
END = "<!-- /crawl-flow-parameters -->"


def parameters_table(flow: Flow[..., Any]) -> str:
    """A markdown table: parameter, type, default, description. Raises ValueError for a
    parameter the docstring does not describe (an undocumented parameter is a bug)."""
    params = inspect.signature(flow.fn).parameters
    docs = parameter_docstrings(inspect.getdoc(flow.fn))
    missing = [n for n in params if not docs.get(n)]
    if missing:
        raise ValueError(f"{flow.name}: no description of {', '.join(missing)} in its docstring's Args")
    rows = ["| parameter | type | default | what it is |", "|---|---|---|---|"]
    for name, p in params.items():
        default = "required" if p.default is inspect.Parameter.empty else _cell(f"`{p.default!r}`")
        rows.append(f"| `{name}` | {_cell(f'`{p.annotation}`')} | {default} | {_cell(' '.join(docs[name].split()))} |")
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a pipe inside a table cell, code spans included, must be escaped


def readme_table(text: str) -> str:
    """The generated table in the README's text (between the markers)."""
    try:
        start = text.index(BEGIN) + len(BEGIN)
        end = text.index(END, start)
    except ValueError:
        raise ValueError(f"README.md has no {BEGIN!r} … {END!r} section") from None
    return text[start:end].strip()


def update_readme(path: Path = README, flow: Flow[..., Any] = crawl_flow) -> bool:
    """Rewrite the table from the flow; True when it changed."""
    text = path.read_text(encoding="utf-8")
    old, new = readme_table(text), parameters_table(flow)
    if old == new:
        return False
    start = text.index(BEGIN) + len(BEGIN)
    path.write_text(text[:start] + "\n" + new + "\n" + text[text.index(END, start) :], encoding="utf-8")
    return True


if __name__ == "__main__":
    changed = update_readme()
    print(f"{README}: {'table rewritten' if changed else 'up to date'}", file=sys.stderr)
