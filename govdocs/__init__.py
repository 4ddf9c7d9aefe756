"""govdocs: Chinese government disclosure sites → a quality-checked DuckDB warehouse.

Data flows one way: sources → fetch → archive → extract → figures → warehouse → quality →
report. Only `fetch` opens sockets, only `warehouse` writes DuckDB; `extract` and
`figures` are pure (bytes in, records out).
"""

__version__ = "0.1.0"
