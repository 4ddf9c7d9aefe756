"""Parse decoded HTML with lxml and linearise it into text cells.

A *cell* is the text of one block element (p, div, li, td, h1…), with inline elements
(span, a, strong, i, font…) joined without breaks — so "索<i></i>引<i></i>号" stays one word and
a sentence split over spans stays one line. Scripts are skipped, `document.write('…')` included:
values count as they appear in the static page (the rule of the hand-checked real pages — a
value only a script writes is None; it was also a quadratic regex, issue 11). HTML comments are
skipped but the text around them is kept (`<!--索引号开始-->xxx<!--索引号结束-->`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

Element = Any  # an lxml element (lxml ships no type information)

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "br",
        "title",
    ]
)
# blocks that produce a cell even when empty (an empty value cell must stay a distinct cell)
EMPTY_CELL_TAGS = frozenset(["td", "th", "dd", "p", "li"])
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "select",
        "option",
        "textarea",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "head",
    ]
)
# inline elements that may hold a value (<i></i> is used as letter spacing: 索<i></i>引<i></i>号)
MARK_TAGS = frozenset(["span", "font", "a", "label", "strong", "b", "em", "u", "input"])
INLINE_MARK = "\x1e"  # marks the start of an inline element inside a cell (metadata mode)

_WS = re.compile(r"[\s\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff]+")

_CLOSE_ROOT = re.compile(rb"</\s*(?:html|body)\s*>", re.I)
# libxml2 checks each attribute against the element's earlier ones: quadratic (100k attributes
# on one element: 21 s). A start tag longer than 4 KB with more than MAX_ATTRIBUTES "=" keeps
# its first MAX_ATTRIBUTES attributes (whole, quotes intact). Both scans are linear: a tag
# segment ends at the next < or >.
MAX_ATTRIBUTES = 256
_LONG_TAG = re.compile(rb"<([A-Za-z][^\s<>/]*)([^<>]{4096,})")
_ATTRIBUTE = re.compile(rb"""\s*[^\s=<>/"']+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s<>"']*))?""")


def _cap_attributes(m: re.Match[bytes]) -> bytes:
    rest = m.group(2)
    if rest.count(b"=") <= MAX_ATTRIBUTES:
        return m.group(0)
    kept = []
    for n, a in enumerate(_ATTRIBUTE.finditer(rest)):
        if n >= MAX_ATTRIBUTES:
            break
        kept.append(a.group(0))
    return b"<" + m.group(1) + b" " + b" ".join(k.strip() for k in kept)


# plain etree parser: lxml.html's element-class lookup costs a Python call per element proxy
# Comments are dropped by the parser: their text is not shown, the text around them joins
# (`<!--索引号开始-->xxx<!--索引号结束-->` → xxx), and lxml's iterwalk with "comment" events is
# quadratic in the number of sibling comments (4.5 MB of comments: 7 s; issue 11).
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, default_doctype=False)


def parse_html(text: str) -> Element | None:
    """Parse text into an lxml tree (None when nothing parseable)."""
    data = text.encode("utf-8", "ignore")
    # lxml refuses a NUL byte mid-document and str input with an XML declaration; bytes with
    # an explicit parser encoding avoid both problems.
    data = data.replace(b"\x00", b"")
    # Templates that include a header fragment leave a "</html>" mid-page; libxml2 stops
    # there while browsers go on. Closing body/html tags carry nothing: drop them all.
    data = _CLOSE_ROOT.sub(b"", data)
    if b"=" in data:
        data = _LONG_TAG.sub(_cap_attributes, data)
    if not data.strip():
        return None
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root


@dataclass(slots=True)
class Cell:
    text: str
    owner: Element  # the lxml element whose direct content this is
    index: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def tag_of(el: Element) -> str:
    t = el.tag
    return t if type(t) is str else ""  # libxml2's HTML parser lower-cases tag names


def text_content(el: Element) -> str:
    return "".join(el.itertext())


def cells(
    root: Element,
    *,
    mark_inline: bool = False,
    skip: frozenset[Element] | set[Element] = frozenset(),
    table_cells_inline: bool = False,
) -> list[Cell]:
    """Linearise `root` into cells in document order.

    mark_inline: insert INLINE_MARK where an inline element starts (metadata mode: tells
    "label + empty span" apart from "label, value in the next cell").
    skip: elements whose subtree is left out (their tail is kept).
    table_cells_inline: td/th do not end a line (body mode: one table row per line).
    """
    out: list[Cell] = []
    buf: list[str] = []
    push = buf.append
    stack: list[Element] = [root]
    blocks = BLOCK_TAGS - {"td", "th"} if table_cells_inline else BLOCK_TAGS
    marks = MARK_TAGS if mark_inline else frozenset()
    empties = EMPTY_CELL_TAGS if mark_inline else frozenset()
    strip_chars = " \t\r\n\u3000\xa0" + INLINE_MARK
    rows: list[Element] = []  # open <tr> elements (body mode)

    def flush(owner: Element, force: bool = False) -> None:
        if buf:
            t = "".join(buf)
            buf.clear()
            if force or t.strip(strip_chars):
                out.append(Cell(t, owner, len(out)))
        elif force:
            out.append(Cell("", owner, len(out)))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in SKIP_TAGS or el in skip:
                walker.skip_subtree()
                continue
            if tag in blocks:
                if rows and tag != "tr" and tag != "table":
                    push(" ")  # body mode: a data-table row stays one line, whatever its cells hold
                else:
                    flush(stack[-1])
                    stack.append(el)
                    if table_cells_inline and tag == "tr" and _data_row(el):
                        rows.append(el)
            elif tag in marks:
                push(INLINE_MARK)
            elif table_cells_inline and (tag == "td" or tag == "th"):
                push(" ")
            if el.text:
                push(el.text)
        else:
            if tag in blocks and stack[-1] is el:
                flush(el, force=tag in empties)
                stack.pop()
                if rows and rows[-1] is el:
                    rows.pop()
            if el.tail and el is not root:
                push(el.tail)
    flush(stack[-1] if stack else root)
    return out


def _data_row(tr: Element) -> bool:
    """A row of a data table: two or more cells and no nested table (not page layout)."""
    n = 0
    for ch in tr:
        if ch.tag == "td" or ch.tag == "th":
            n += 1
    return n >= 2 and next(tr.iterdescendants("table"), None) is None


def squash(text: str) -> str:
    """Collapse whitespace runs to one space and strip."""
    return _WS.sub(" ", text.replace(INLINE_MARK, "")).strip()
