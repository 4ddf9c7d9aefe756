"""One generic metadata-block extractor, driven by `labels.toml`.

How the block is found, whatever the markup
-------------------------------------------
The page is linearised into cells (see tree.py): one cell per block element, inline elements
joined. Every cell is searched for label spellings (whitespace between characters ignored,
`[label]` / `【label】` brackets and a trailing colon allowed):

* several labels in one cell ("印发日期：… | 文号：… | 发文机关：…", "索引号：x发布机构：y")
  split the cell: each value runs to the next label;
* a label at the end of its cell takes its value from the next cell when that cell belongs to
  the same row (a sibling element: td+td, dt+dd, h1+p, div+div) or to the label's own element
  (li > span + p) — unless that cell starts with another label or an empty inline element
  (`<label>主题词：</label><span></span>`) followed the label: then the value is None;
* a table whose row holds only labels takes each value from the cell below it (header-row
  layout: 索引号 | 文号 | 发布日期 over the values);
* strong labels (索引号, 发布机构 …) count anywhere; weak ones (时间, 分类, 主题, 名称 …) only
  with a colon or alone in their cell, and only within a few cells of a strong label;
* per field, the value of the most specific spelling wins (order in labels.toml: 发布机构
  before 信息来源), then the first in the page (desktop and mobile copies agree); an empty
  value never hides a filled one.

Values are normalised by normalise.py. The elements holding labels and values are returned
so that the body extractor can leave the block out.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .tree import INLINE_MARK, SKIP_TAGS, Cell, Element

LABELS_FILE = Path(__file__).with_name("labels.toml")
FIELDS = (
    "index_no",
    "category",
    "publisher",
    "source_name",
    "created_date",
    "published_date",
    "title",
    "doc_number",
    "keywords",
    "validity",
)
_SEP = r"[\s\u00a0\u2002\u2003\u2009\u3000" + INLINE_MARK + r"]*"
_NEAR = 12  # cells: how close a weak label must be to a strong one
_MAX_VALUE = 300
_HAS_DATE = re.compile(r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}")
# where a value ends although no label follows: a private-use glyph (icon fonts: \ue613), a
# view counter ("阅读：次", "阅读人次： 次", "浏览量：123"), a "查看更多" control, a bar "|"
# between two items of a toolbar line
_VALUE_END = re.compile(
    r"[\ue000-\uf8ff]|(?:阅读|浏览|点击|访问)(?:人?次数?|量)?\s*[:：]|\s[|｜]\s|查看更多|【?\s*(?:打印|关闭|字体|字号)\s*[:：】]"
)


def cut_value(raw: str) -> str:
    """A raw value up to where it ends (see _VALUE_END), whitespace collapsed."""
    value = raw.replace(INLINE_MARK, " ")
    m = _VALUE_END.search(value)
    if m:
        value = value[: m.start()]
    return re.sub(r"\s+", " ", value).strip(" |｜\u3000\xa0")


@dataclass
class LabelSet:
    field_of: dict[str, str]  # spelling → field ("other" for recognised non-fields)
    rank: dict[str, int]  # spelling → position in its field's list (lower wins)
    weak: frozenset[str]
    regex: re.Pattern[str]
    hint: re.Pattern[str]  # the last two characters of any spelling: cheap pre-filter for cells


@dataclass
class BlockResult:
    values: dict[str, str | None] = field(default_factory=dict)  # raw values
    labels: dict[str, str] = field(default_factory=dict)  # field → spelling that matched
    seen: set[str] = field(default_factory=set)  # fields whose label appeared (maybe empty)
    elements: set[Element] = field(default_factory=set)  # label/value owner elements (the block)
    inline_block: bool = False  # some labels sit in a large element mixed with body text


@lru_cache(maxsize=1)
def _base_labels() -> tuple[dict[str, list[str]], tuple[str, ...]]:
    data = tomllib.loads(LABELS_FILE.read_text(encoding="utf-8"))
    return data["fields"], tuple(data.get("weak", {}).get("labels", ()))


def _compile(fields: dict[str, list[str]], weak: tuple[str, ...]) -> LabelSet:
    field_of: dict[str, str] = {}
    rank: dict[str, int] = {}
    for name, spellings in fields.items():
        for n, s in enumerate(spellings):
            key = re.sub(r"\s+", "", s)
            if key not in field_of:
                field_of[key] = name
                rank[key] = n
    alts = sorted(field_of, key=len, reverse=True)
    body = "|".join(_SEP.join(re.escape(c) for c in a) for a in alts)
    regex = re.compile(
        r"(?P<open>[\[【［]"
        + _SEP
        + r")?(?P<label>"
        + body
        + r")"
        + _SEP
        + r"(?P<close>[\]】］])?"
        + _SEP
        + r"(?P<colon>[:：])?"
    )
    # last two characters of every spelling, separators allowed between them ("引 号")
    pairs = sorted({(a[-2], a[-1]) for a in alts if len(a) >= 2})
    hint = re.compile("|".join(re.escape(x) + _SEP + re.escape(y) for x, y in pairs))
    return LabelSet(field_of, rank, frozenset(weak), regex, hint)


@lru_cache(maxsize=1)
def precedence() -> dict[str, tuple[str, ...]]:
    """Default evidence order per field, from labels.toml [precedence]."""
    data = tomllib.loads(LABELS_FILE.read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in data.get("precedence", {}).items()}


@lru_cache(maxsize=64)
def _labels_cached(extra_key: tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]) -> LabelSet:
    fields, weak = _base_labels()
    merged = {k: list(v) for k, v in fields.items()}
    extra, ignore = extra_key
    for name, spellings in extra:
        # an override spelling moves to the named field
        for s in spellings:
            for lst in merged.values():
                if s in lst:
                    lst.remove(s)
        merged.setdefault(name, [])[:0] = list(spellings)
    if ignore:
        merged = {k: [s for s in v if s not in ignore] for k, v in merged.items()}
    return _compile(merged, weak)


def label_set(overrides: dict[str, Any] | None = None) -> LabelSet:
    def as_tuple(v: Any) -> tuple[str, ...]:
        return (v,) if isinstance(v, str) else tuple(str(x) for x in (v or ()))

    labels = (overrides or {}).get("labels") or {}
    extra = tuple(sorted((str(k), as_tuple(v)) for k, v in labels.items())) if isinstance(labels, dict) else ()
    ignore = as_tuple((overrides or {}).get("ignore_labels"))
    return _labels_cached((extra, ignore))


def _spelling(m: re.Match[str]) -> str:
    return re.sub(_SEP, "", m.group("label"))


def _label_matches(text: str, ls: LabelSet) -> list[re.Match[str]]:
    """Label matches in a cell that count as labels (see module docstring)."""
    found: list[re.Match[str]] = []
    for m in ls.regex.finditer(text):
        at_start = not text[: m.start()].strip(" \t\r\n\u3000\xa0|｜" + INLINE_MARK)
        after = text[m.end() :]
        bracketed = bool(m.group("open") and m.group("close"))
        colon = bool(m.group("colon"))
        alone = not after.strip(" \t\r\n\u3000\xa0" + INLINE_MARK)
        if bool(m.group("open")) != bool(m.group("close")):
            continue
        spelling = _spelling(m)
        ok = colon or bracketed or (at_start and alone) if spelling in ls.weak else colon or bracketed or at_start
        if not ok:
            continue
        if not at_start and not (colon or bracketed):
            continue
        if not at_start and found and m.start() < found[-1].end():
            continue
        if not at_start and not found:
            # a mid-cell first label ("发布时间：… 来源：…" after a title) is fine only with a
            # separator or a value-looking prefix; refuse labels glued inside words
            prev = text[m.start() - 1] if m.start() else " "
            if not (prev.isspace() or prev in "|｜:：;；,，。" + INLINE_MARK):
                continue
        found.append(m)
    return found


def _sibling_or_child(value_owner: Element, label_owner: Element) -> bool:
    if value_owner is None or label_owner is None:
        return False
    if value_owner is label_owner:
        # the next line of the same element (after a <br>): a value only inside a table cell
        # or list item ("<td>索引号：<br>xxx</td>"), not in a text block of many lines
        return label_owner.tag in ("td", "th", "dd", "li")
    p = value_owner.getparent()
    if p is not None and p is label_owner.getparent():
        return True
    a = p
    depth = 0
    while a is not None and depth < 4:
        if a is label_owner:
            return True
        a = a.getparent()
        depth += 1
    return False


def _past_label_wrappers(cell_list: list[Cell], i: int) -> tuple[int, Element]:
    """(index of the cell that may hold the value, the element to compare it with): past the
    empty cells that only close the label's own wrappers (`<td><p>索引号</p></td><td>value`)."""
    label_el = cell_list[i].owner
    k = i + 1
    while k < len(cell_list) and k <= i + 2 and not cell_list[k].text.strip(" \t\r\n\u3000\xa0" + INLINE_MARK):
        owner = cell_list[k].owner
        if not any(a is owner for a in label_el.iterancestors()):
            break
        label_el = owner
        k += 1
    return k, label_el


def _text(el: Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _cell_below(
    td: Element, ls: LabelSet, cache: dict[Element, tuple[list[Element], list[Element]] | None]
) -> tuple[str, Element] | None:
    """Header-row tables (labels in one row, values in the row below, by column):
    (value text, value element) for the cell under `td`, or None."""
    tr = td.getparent()
    if tr is None or tr.tag != "tr":
        return None
    if tr not in cache:
        cells_ = [c for c in tr if c.tag in ("td", "th")]
        nxt = tr.getnext()
        while nxt is not None and nxt.tag != "tr":
            nxt = nxt.getnext()
        below = [c for c in nxt if c.tag in ("td", "th")] if nxt is not None else []
        ok = (
            len(cells_) >= 2
            and len(below) == len(cells_)
            and all(c.get("colspan") in (None, "1") for c in cells_ + below)
            and all(_label_only(_text(c), ls) for c in cells_)
            and not any(_label_only(_text(c), ls) for c in below if _text(c))
        )
        cache[tr] = (cells_, below) if ok else None
    entry = cache[tr]
    if entry is None:
        return None
    cells_, below = entry
    try:
        k = cells_.index(td)
    except ValueError:
        return None
    return _text(below[k]), below[k]


def _label_only(text: str, ls: LabelSet) -> bool:
    ms = _label_matches(text, ls)
    return len(ms) == 1 and not text[ms[0].end() :].strip(" \t\r\n\u3000\xa0:：")


def _mostly_meta(el: Element, meta_chars: int) -> bool:
    """Whether metadata (labels + values, `meta_chars` characters) is most of `el`'s text."""
    limit = 2 * meta_chars + 20
    n = 0
    for e in el.iter():
        if e.text and type(e.tag) is str and e.tag not in SKIP_TAGS:
            n += len("".join(e.text.split()))
        if e.tail and e is not el:
            n += len("".join(e.tail.split()))
        if n > limit:
            return False
    return True


def is_label_line(line: str, ls: LabelSet, used: set[str] | frozenset[str] = frozenset()) -> bool:
    """A body line that is a metadata line: at its start a strong label, a label the block
    used (`used`: spellings), or two labels."""
    if len(line) > 2000:  # a metadata line is short; bounds the per-match prefix checks
        return False
    ms = _label_matches(line, ls)
    if not ms:
        return False
    first = _spelling(ms[0])
    if line[: ms[0].start()].strip():
        return False
    strong = first not in ls.weak and ls.field_of.get(first) != "other"
    return strong or first in used or len(ms) >= 2


def find_block(cell_list: list[Cell], ls: LabelSet) -> BlockResult:
    res = BlockResult()
    meta_chars: dict[Element, int] = {}
    header_rows: dict[Element, tuple[list[Element], list[Element]] | None] = {}
    hits: list[tuple[int, str, str, str | None, object, object]] = []  # cell, field, spelling, value, owners
    for i, cell in enumerate(cell_list):
        text = cell.text
        if len(text) > 2000 or not text or not ls.hint.search(text):
            continue
        matches = _label_matches(text, ls)
        if not matches:
            continue
        for j, m in enumerate(matches):
            spelling = _spelling(m)
            fld = ls.field_of.get(spelling, "other")
            end = matches[j + 1].start() if j + 1 < len(matches) else len(text)
            raw = text[m.end() : end]
            value_owner = cell.owner
            if j + 1 == len(matches) and not raw.strip(" \t\r\n\u3000\xa0|｜"):
                if INLINE_MARK in raw:
                    value = None  # an empty inline element after the label
                else:
                    value = None
                    k, label_el = _past_label_wrappers(cell_list, i)
                    if k < len(cell_list):
                        nxt = cell_list[k]
                        nxt_labels = _label_matches(nxt.text, ls) if _sibling_or_child(nxt.owner, label_el) else None
                        if nxt_labels is not None and (not nxt_labels or nxt.text[: nxt_labels[0].start()].strip()):
                            # the value runs to the next label ("市政府办公室 日期：…"), which
                            # starts the next hit of its own cell
                            value = nxt.text[: nxt_labels[0].start()] if nxt_labels else nxt.text
                            value_owner = nxt.owner
                        elif j == 0 and cell.owner.tag in ("th", "td"):
                            below = _cell_below(cell.owner, ls, header_rows)
                            if below is not None:
                                value, value_owner = below
            else:
                value = raw
            if value is not None:
                value = cut_value(value)
                if not value or len(value) > _MAX_VALUE:
                    value = None
            hits.append((i, fld, spelling, value, cell.owner, value_owner))
    strong_cells = [h[0] for h in hits if h[2] not in ls.weak and h[1] != "other"]
    # a date line ("日期：2022-03-16 来源：证监会", "2017-03-21 来源：本网") anchors weak labels too
    strong_cells += [i for i in {h[0] for h in hits} if _HAS_DATE.search(cell_list[i].text)]
    best: dict[str, tuple[int, int]] = {}
    for i, fld, spelling, value, owner, vowner in hits:
        if spelling in ls.weak and not any(abs(i - s) <= _NEAR for s in strong_cells):
            continue
        n = len(spelling) + len(value or "") + 1
        meta_chars[owner] = meta_chars.get(owner, 0) + n
        if vowner is not None and vowner is not owner:
            meta_chars[vowner] = meta_chars.get(vowner, 0) + len(value or "")
        if fld == "other":
            continue
        res.seen.add(fld)
        key = (ls.rank.get(spelling, 99), i)
        if value is not None and (fld not in best or key < best[fld]):
            best[fld] = key
            res.values[fld] = value
            res.labels[fld] = spelling
        elif fld not in res.labels:
            res.labels[fld] = spelling
            res.values[fld] = None
    # An element belongs to the block when metadata is most of its text; an element that
    # also holds the body (a text-only page: lines split by <br>) stays, and its label lines
    # are dropped from the body instead (is_label_line).
    for el, n in meta_chars.items():
        if _mostly_meta(el, n):
            res.elements.add(el)
        else:
            res.inline_block = True
    return res
