"""Annual disclosure report tables (政府信息公开工作年度报告) → long rows of Metric.

Recognised by their headers, never by position on the page, in the national template's
2021 edition and the 2019 trial edition:

- 二、主动公开政府信息情况: blocks headed "信息内容 | 本年制发件数 | …" (2021) or
  "信息内容 | 本年新制作数量 | …" (2019), one row per item (规章, 行政规范性文件, 行政许可,
  行政处罚, 行政强制, 行政事业性收费, 政府集中采购…). row = item, column = the block's header.
  A block may be its own <table> or one of several inside one table.
- 三、收到和处理政府信息公开申请情况: row = header path ("三、本年度办理结果/（三）不予公开/
  1.属于国家秘密"), column = header path ("自然人", "法人或其他组织/商业企业", "总计").
- 四、政府信息公开行政复议、行政诉讼情况: no row header; row = None, column = header path
  ("行政复议/结果维持", "行政诉讼/未经复议直接起诉/总计").

Normalisation of header text: whitespace removed, half-width brackets → full-width, ordinal
punctuation unified ("(三)" → "（三）", "1、"/"1．" → "1.", "一." → "一、"), explanatory
asides dropped ("（区分处理的，只计这一情形…）", "（单位：万元）"), the super-header "申请人情况"
and the 勾稽关系 corner note left out of column paths. Cells repeated by colspan/rowspan
resolution collapse into one path element.

label = row (column for table 四), sentence = "row | column", unit 件 (万元 for amounts, 项 for
the 2019 edition's 上一年项目数量 / 本年增/减 columns, which count items rather than documents).
Non-numeric cells ("—", "/", "") are skipped; tables of other shapes are skipped (no guessing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from govdocs.figures import kinds
from govdocs.records import Metric, Table

T2 = "二、主动公开政府信息情况"
T3 = "三、收到和处理政府信息公开申请情况"
T4 = "四、政府信息公开行政复议、行政诉讼情况"

_WS_RE = re.compile(r"[\s\u3000\u00a0\u200b]+")
_NUM_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－（）：", "0123456789.,-()：")
_ORD_PAREN_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_ORD_CN_RE = re.compile(r"^([一二三四五六七八九十]+)[、.．,，]")
_ORD_AR_RE = re.compile(r"^(\d+)[、.．,，]")
_ASIDE_RE = re.compile(r"（(?:区分处理|单位|本列|注)[^）]*）|（[^）]{8,}）")
_UNIT_IN_HEADER_RE = re.compile(r"（?(?:单位：?)?(万元|元|件|个|项)）?$")
_CORNER_RE = re.compile(r"勾稽|本列数据|^申请人情况$|^信息内容$")


def norm(s: str | None) -> str:
    """Normalise one header cell."""
    if not s:
        return ""
    s = _WS_RE.sub("", str(s)).translate(_FULLWIDTH)
    s = s.replace("(", "（").replace(")", "）").replace(":", "：")
    s = _ORD_PAREN_RE.sub(lambda m: f"（{m.group(1)}）", s)
    s = _ORD_CN_RE.sub(lambda m: f"{m.group(1)}、", s)
    s = _ORD_AR_RE.sub(lambda m: f"{m.group(1)}.", s)
    s = _ASIDE_RE.sub("", s)
    return s.rstrip("：:")


def _num(cell: str | None) -> float | None:
    if cell is None:
        return None
    s = _WS_RE.sub("", str(cell)).translate(_FULLWIDTH).replace("，", ",")
    for suffix in ("件", "万元", "元", "个", "项"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if not _NUM_RE.match(s):
        return None
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def _path(parts: Iterable[str]) -> str:
    out: list[str] = []
    for p in parts:
        p = norm(p)
        if p and not _CORNER_RE.search(p) and (not out or out[-1] != p):
            out.append(p)
    return "/".join(out)


def _rows(table: Table) -> list[list[str]]:
    rows: object = table.get("rows") if isinstance(table, dict) else None  # callers may pass anything
    if not isinstance(rows, list):
        return []
    out = []
    for r in rows:
        if isinstance(r, (list, tuple)):
            out.append(["" if c is None else str(c) for c in r])
    return out


def _all_text(rows: list[list[str]]) -> str:
    return "".join(_WS_RE.sub("", c) for r in rows for c in r)


def classify(table: Table) -> str | None:
    """Which template table this is (T2/T3/T4), or None."""
    rows = _rows(table)
    if not rows:
        return None
    text = _all_text(rows) + _WS_RE.sub("", str(table.get("caption") or ""))
    if "自然人" in text and "法人或其他组织" in text and ("本年新收" in text or "本年度办理结果" in text):
        return T3
    if "行政复议" in text and "行政诉讼" in text and "结果维持" in text:
        return T4
    if "信息内容" in text and any(
        k in text
        for k in (
            "本年制发件数",
            "本年新制作数量",
            "本年处理决定数量",
            "处理决定数量",
            "本年收费金额",
            "现行有效件数",
            "上一年项目数量",
            "采购项目数量",
            "采购总金额",
            "本年增/减",
        )
    ):
        return T2
    return None


def _mk(table: str, row: str | None, column: str, value: float, unit: str) -> Metric:
    label = row if row else column
    return Metric(
        label=label,
        value=value,
        unit=unit,
        qualifier=None,
        sentence=f"{row or ''} | {column}",
        section=None,
        start=None,
        end=None,
        canonical=None,
        table=table,
        row=row,
        column=column,
        kind="growth" if "增/减" in column else kinds.base_kind(unit),
        direction=None,
        target=False,
    )


def _unit_of(header: str) -> tuple[str, str]:
    """'本年收费金额（单位：万元）' → ('本年收费金额', '万元'); default unit 件."""
    h = _WS_RE.sub("", header).translate(_FULLWIDTH).replace("(", "（").replace(")", "）")
    m = re.search(r"（(?:单位：?)?(万元|元)）$", h)
    if m:
        return norm(h[: m.start()]), m.group(1)
    if "金额" in h:
        return norm(h), "万元"
    if "项目数量" in h or "增/减" in h:
        return norm(h), "项"
    return norm(h), "件"


def _parse_t2(rows: list[list[str]]) -> list[Metric]:
    out: list[Metric] = []
    headers: list[tuple[str, str]] | None = None
    seen: set[tuple[str, str]] = set()
    for r in rows:
        cells = [norm(c) for c in r]
        if not cells:
            continue
        if cells[0] == "信息内容":
            headers = [_unit_of(c) if c else ("", "件") for c in r]
            continue
        if headers is None or not cells[0] or cells[0].startswith("第二十条"):
            continue
        item = cells[0]
        for j in range(1, min(len(r), len(headers))):
            col, unit = headers[j]
            v = _num(r[j])
            if v is None or not col or (item, col) in seen:
                continue
            seen.add((item, col))
            out.append(_mk(T2, item, col, v, unit))
    return out


_T3_TOP = (
    ("本年新收", "一、本年新收政府信息公开申请数量"),
    ("上年结转", "二、上年结转政府信息公开申请数量"),
    ("本年度办理结果", "三、本年度办理结果"),
    ("结转下年度", "四、结转下年度继续办理"),
)
_T3_SUB = (
    ("予以公开", "（一）予以公开"),
    ("部分公开", "（二）部分公开"),
    ("不予公开", "（三）不予公开"),
    ("无法提供", "（四）无法提供"),
    ("不予处理", "（五）不予处理"),
    ("其他处理", "（六）其他处理"),
    ("总计", "（七）总计"),
)


def _t3_row(path: str) -> str:
    """Canonical top-level and (一)…(七) names: sites drop ordinals or shorten the wording
    ("本年新收政府信息公开申请数" → "一、本年新收政府信息公开申请数量")."""
    parts = path.split("/")
    for key, name in _T3_TOP:
        if key in parts[0]:
            rest = parts[0].split(key, 1)[1] if key == "本年度办理结果" else ""
            parts[0:1] = [name, rest] if rest else [name]
            break
    if len(parts) > 1 and parts[0].startswith("三、"):
        for key, name in _T3_SUB:
            if key in parts[1]:
                parts[1] = name
                break
    return "/".join(parts)


def _is_t3_data(cell: str) -> bool:
    c = norm(cell)
    return c.startswith(("一、", "二、", "三、", "四、")) or any(k in c for k, _ in _T3_TOP)


def _parse_t3(rows: list[list[str]]) -> list[Metric]:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    first_data = next((i for i, r in enumerate(rows) if _is_t3_data(r[0])), None)
    if first_data is None:
        return []
    hdr = rows[:first_data]
    n_hdr = None
    for h in hdr:
        for j, c in enumerate(h):
            if norm(c) == "自然人":
                n_hdr = j
                break
        if n_hdr is not None:
            break
    if n_hdr is None:
        return []
    columns = [_path(h[j] for h in hdr) for j in range(width)]
    out: list[Metric] = []
    seen: set[tuple[str, str]] = set()
    for r in rows[first_data:]:
        row = _path(r[:n_hdr])
        if not row:
            continue
        row = _t3_row(row)
        for j in range(n_hdr, width):
            v = _num(r[j])
            col = columns[j]
            if v is None or not col or (row, col) in seen:
                continue
            seen.add((row, col))
            out.append(_mk(T3, row, col, v, "件"))
    return out


def _parse_t4(rows: list[list[str]]) -> list[Metric]:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    first_data = next(
        (i for i, r in enumerate(rows) if sum(1 for c in r if _num(c) is not None) >= max(3, width // 2)), None
    )
    if first_data is None:
        return []
    hdr = rows[:first_data]
    columns = [_path(h[j] for h in hdr) for j in range(width)]
    out: list[Metric] = []
    for r in rows[first_data:]:
        seen: set[str] = set()
        for j in range(width):
            v = _num(r[j])
            col = columns[j]
            if v is None or not col or col in seen:
                continue
            seen.add(col)
            out.append(_mk(T4, None, col, v, "件"))
        break  # the template has one data row
    return out


def extract(tables: list[Table]) -> list[Metric]:
    out: list[Metric] = []
    seen: list[list[list[str]]] = []
    for t in tables or []:
        kind = classify(t)
        if kind is None:
            continue
        rows = _rows(t)
        if rows in seen:
            continue  # the same table printed twice (desktop + mobile copy)
        seen.append(rows)
        if kind == T2:
            out.extend(_parse_t2(rows))
        elif kind == T3:
            out.extend(_parse_t3(rows))
        else:
            out.extend(_parse_t4(rows))
    return out


def check_table_consistency(metrics: list[Metric]) -> list[str]:
    """Rule of table 三, per column: 一 + 二 = 三（七）总计 + 四. Returns one message per
    violated column (empty list when consistent or when the table is absent)."""
    cells: dict[str, dict[str, float]] = {}
    for m in metrics or []:
        try:
            if m.get("table") != T3 or not m.get("row") or not m.get("column"):
                continue
            row, col = str(m["row"]), str(m["column"])
            if row.startswith("一、"):
                key = "一"
            elif row.startswith("二、"):
                key = "二"
            elif row.startswith("四、"):
                key = "四"
            elif row.startswith("三、") and row.endswith("总计") and "（七）" in row:
                key = "三总计"
            else:
                continue
            cells.setdefault(col, {}).setdefault(key, float(m["value"]))
        except (TypeError, ValueError, KeyError, AttributeError):
            continue
    problems: list[str] = []
    for col, v in cells.items():
        if not all(k in v for k in ("一", "二", "三总计", "四")):
            continue
        left = v["一"] + v["二"]
        right = v["三总计"] + v["四"]
        if abs(left - right) > 1e-9:
            problems.append(f"{T3} [{col}]: 一+二 = {left:g} ≠ 三（七）总计+四 = {right:g}")
    return problems
