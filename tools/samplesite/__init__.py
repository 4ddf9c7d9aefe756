"""The generator of the bundled sample site (a fixture generator, not part of the library).

    python -m tools.samplesite            # writes govdocs/samplesite/site/ + manifest.json
    python -m tools.samplesite --out DIR  # writes DIR/site/ + DIR/manifest.json

The site is a static mirror, written by this project, of a district government's disclosure
section modelled on the Chongqing district template (重庆市沙坪坝区人民政府). All content comes
from the data files in `data/`; numbers are drawn from a `random.Random` seeded per document,
so the output is byte-identical from run to run. The manifest states, for every detail page,
what a correct crawler and extractor should find on it (status, metadata values, figures,
tables). The library serves the generated site (`govdocs.samplesite.server`).

Modules, in the order they run:
    figure_text   Chinese numerals and the `{{label|range|unit|opts}}` figure placeholders
    content       the documents (`Doc`) and their ground truth, from `data/*.toml`
    annual_tables the tables 二/三/四 of the 政府信息公开工作年度报告 (values only)
    rendering     HTML of every page (`Renderer`, `templates`), the PDF attachment
    writing       the site's files, `_headers.json` and `manifest.json`, written to disk
"""
