"""The document body: content container, chrome removal, sections, tables.

Works on lxml's tree directly (no BeautifulSoup: ~20x slower, and breaking lines at inline
spans splits paragraphs — see docs/performance.md).

1. Chrome elements are left out by tag (nav, header, footer, aside, form, script…) and by
   id/class words (nav, menu, footer, breadcrumb, share, toolbar…); the metadata block's
   elements are left out too.
2. The content container is the element that collects most paragraph text (text inside
   links counts nothing, so link lists lose) — text of a block counts fully for its parent and
   half for its grandparent.
3. The container is linearised one block element per line; remaining chrome lines
   (当前位置, 打印, 关闭, 分享到, 扫一扫, 版权所有, ICP备, 网站标识码 …) are dropped.
"""

from __future__ import annotations

import re

from lxml import etree

from govdocs.records import Section, Table

from . import rules
from .links import ATTACHMENT_EXT_PATTERN
from .tree import BLOCK_TAGS, SKIP_TAGS, Element, cells, squash, tag_of, text_content

CHROME_TAGS = frozenset(rules.words("body.toml", "chrome_tags"))


def _words_regex(table: str, *, delimited: bool = False, flags: int = re.I) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(rules.words("body.toml", table), key=len, reverse=True))
    if delimited:
        # "margin-top-20", "padding-bottom": CSS utility classes, not page regions
        return re.compile(r"(?:^|(?<!margin)(?<!padding)(?<!border)[\s_\-])(?:" + alts + r")(?:$|[\s_\-\d])", flags)
    return re.compile(alts, flags)


_CHROME_ATTR_PARTS = (_words_regex("chrome_class_substrings"), _words_regex("chrome_class_words", delimited=True))
_CHROME_LINE = re.compile(
    _words_regex("chrome_lines", flags=0).pattern + "|" + rules.alternation("body.toml", "chrome_lines").pattern
)
_MAX_CHROME_LINE = 60
_FOOTER = _words_regex("footer_markers")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}")
_PROSE = re.compile(r"[。，；：、！？]")
_CONTENT_ATTR = _words_regex("content_class_fragments")


def _chrome_attr(el: Element) -> bool:
    cls = el.get("class")
    ident = el.get("id")
    s = f"{cls or ''} {ident or ''}".strip()
    if not s:
        return False
    return any(rx.search(s) for rx in _CHROME_ATTR_PARTS)


def _plain_text_len(el: Element, limit: int = 400) -> int:
    """Length of text outside links in `el` (stops counting at `limit`)."""
    n = 0
    for e in el.iter():
        t = e.tag
        if type(t) is str and t != "a" and t not in SKIP_TAGS and e.text:
            n += len(e.text.strip())
        if e is not el and e.tail:
            n += len(e.tail.strip())
        if n > limit:
            break
    return n


def _hidden(el: Element) -> bool:
    style = el.get("style")
    if style and "none" in style and re.search(r"display\s*:\s*none", style, re.I):
        return True
    cls = el.get("class")
    return bool(cls and "ng-hide" in cls)


_CSS_SHOWN = re.compile(r"([#.][\w-]+)\s*\{[^{}]*?display\s*:\s*(?!none)[a-z-]+\s*!\s*important", re.I)


def css_shown(root: Element) -> frozenset[str]:
    """Selectors (#id, .class) that the page's <style> shows with `display: … !important`,
    which beats an inline display:none: the element is visible."""
    found: set[str] = set()
    for style in root.iter("style"):
        if style.text and "important" in style.text:
            found.update(m.group(1) for m in _CSS_SHOWN.finditer(style.text))
    return frozenset(found)


def shown_by_css(el: Element, shown: frozenset[str]) -> bool:
    if not shown:
        return False
    ident = el.get("id")
    if ident and f"#{ident}" in shown:
        return True
    return any(f".{c}" in shown for c in (el.get("class") or "").split())


def chrome_elements(
    root: Element, link_only: set[Element] | None = None, hidden: set[Element] | None = None
) -> set[Element]:
    """Elements whose subtree is page chrome or hidden (never part of the body).

    Chrome by tag (nav, header, footer, aside, form…) or by id/class word; an element with
    more than 400 characters of text outside links is kept whatever its class says (some
    templates wrap the article in `<div class="main-top">`).
    `link_only` (when given) receives the chrome elements with (almost) no text outside links
    — menus — which the metadata search can skip too; `hidden` receives the elements that are
    in the set only because they are hidden (display:none, ng-hide).
    """
    out = set()
    walker = etree.iterwalk(root, events=("start",))
    for _, el in walker:
        tag = el.tag
        if type(tag) is not str or tag in ("html", "body"):
            continue
        if tag in SKIP_TAGS:
            walker.skip_subtree()
            continue
        attrs = el.attrib
        if not attrs and tag not in CHROME_TAGS:
            continue
        chrome = tag in CHROME_TAGS or ((tag in BLOCK_TAGS or tag in ("span", "a", "ul")) and _chrome_attr(el))
        if chrome and len(el) > 0:
            plain = _plain_text_len(el)
            if tag in ("header", "div", "section", "table", "td", "ul", "form"):
                chrome = plain <= 400
            if chrome and link_only is not None and plain < 20 and not _DATE.search(text_content(el)):
                link_only.add(el)  # a menu (a dated line in a "nav" element is a dateline, not a menu)
        if chrome or _hidden(el):
            out.add(el)
            walker.skip_subtree()
            if not chrome and hidden is not None:
                hidden.add(el)
    return out


def find_container(root: Element, skip: set[Element]) -> Element | None:
    """The element holding most paragraph text outside links and chrome.

    Text inside a leaf table (no nested table) is credited to the table as one block, so a
    document that is a table (a 行政处罚信息公开表) is found; cells of layout tables (which
    nest tables) count as ordinary blocks.
    """
    leaf_tables = {t for t in root.iter("table") if next(t.iterdescendants("table"), None) is None}
    score: dict[Element, float] = {}
    stack: list[tuple[Element, Element | None]] = [(root, None)]
    while stack:
        el, ctx = stack.pop()
        tag = tag_of(el)
        if not tag or tag in SKIP_TAGS or el in skip or tag == "a":
            continue
        if ctx is None and el in leaf_tables:
            ctx = el
        n = len((el.text or "").strip())
        for ch in el:
            if ch.tail and tag_of(ch) != "a":
                n += len(ch.tail.strip())
            stack.append((ch, ctx))
        if n >= 25 or (n >= 6 and _PROSE.search(el.text or "")):
            blk = ctx
            if blk is None:
                blk = el
                while blk is not None and tag_of(blk) not in BLOCK_TAGS:
                    blk = blk.getparent()
            if blk is None:
                continue
            parent = blk.getparent()
            if parent is not None:
                score[parent] = score.get(parent, 0) + n
                gp = parent.getparent()
                if gp is not None:
                    score[gp] = score.get(gp, 0) + n / 2
    if not score:
        return None
    for el in score:
        a = f"{el.get('class') or ''} {el.get('id') or ''}"
        if len(a) > 1 and _CONTENT_ATTR.search(a):
            score[el] *= 1.5
    return max(score, key=lambda el: score[el])


def is_chrome_line(line: str) -> bool:
    if len(line) <= _MAX_CHROME_LINE:
        return bool(_CHROME_LINE.search(line))
    # a long footer line: several footer markers, no sentence end
    return len(line) <= 240 and len(_FOOTER.findall(line)) >= 2 and "。" not in line


def body_lines(container: Element, skip: set[Element], table_rows: set[int] | None = None) -> list[str]:
    """The container's text, one block per line, chrome lines dropped. `table_rows` (when
    given) receives the indexes of lines that are data-table rows (not section headings)."""
    lines: list[str] = []
    for c in cells(container, skip=skip, table_cells_inline=True):
        line = squash(c.text)
        if not line or is_chrome_line(line):
            continue
        if lines and lines[-1] == line and len(line) < 80:
            continue  # a heading printed twice (desktop + mobile)
        if table_rows is not None and c.owner.tag == "tr":
            table_rows.add(len(lines))
        lines.append(line)
    return lines


# ---------------------------------------------------------------- sections
_CN_ORD = "[一二三四五六七八九十百零〇两\\d]{1,4}"
_HEADINGS = [
    # regulations and measures: 第一章 总则 / 第一条 … (articles sit where 一、 would)
    (0, re.compile(rf"^第{_CN_ORD}[章编](?:\s|$|[\u4e00-\u9fff])")),
    (1, re.compile(rf"^第{_CN_ORD}条(?:\s|$|[\u4e00-\u9fff])")),
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
    (5, re.compile(r"^[一二三四五六七八九十]{1,3}是")),
]
_HEAD_END = re.compile(r"[。；;：:]")


def _heading_text(line: str) -> str:
    """The heading of a numbered line: up to the first 。；： ("1.建立巡查制度。城市…" →
    "1.建立巡查制度"), the whole line when short, else its first clause (up to "，") or its
    first 40 characters."""
    m = _HEAD_END.search(line)
    if m and 2 < m.start() <= 60:
        return line[: m.start()]
    if len(line) <= 40:
        return line
    comma = line.find("，", 4, 41)
    return line[:comma] if comma > 0 else line[:40]


def find_sections(lines: list[str], table_rows: set[int] | frozenset[int] = frozenset()) -> list[Section]:
    sections: list[Section] = []
    stack: list[Section] = []
    offset = 0
    total = sum(len(x) for x in lines) + max(len(lines) - 1, 0)
    for i, line in enumerate(lines):
        level = None if i in table_rows else next((lv for lv, rx in _HEADINGS if rx.match(line)), None)
        if level is not None:
            heading = _heading_text(line)
            while stack and stack[-1]["level"] >= level:
                stack.pop()["end"] = offset - 1 if offset else 0
            path = " / ".join([s["heading"] for s in stack] + [heading])
            sec = Section(path=path, heading=heading, level=level, start=offset, end=total)
            sections.append(sec)
            stack.append(sec)
        offset += len(line) + 1
    for s in stack:
        s["end"] = total
    # close sections at the start of the next sibling-or-higher section
    for i, s in enumerate(sections):
        for t in sections[i + 1 :]:
            if t["level"] <= s["level"]:
                s["end"] = max(s["start"], t["start"] - 1)
                break
        else:
            s["end"] = total
    return sections


# ---------------------------------------------------------------- tables
def _cell_text(td: Element) -> str:
    """Text of a table cell: inline spans joined as written ("罚款<span>56</span>万元" →
    "罚款56万元"), block children (p, div, br) separated by a space."""
    if len(td) == 0:
        return squash(td.text or "")
    return " ".join(t for t in (squash(c.text) for c in cells(td)) if t)


def table_grid(table: Element) -> list[list[str]]:
    rows = []
    for tr in table.iter("tr"):
        # only rows of this table, not of nested ones
        anc = tr.getparent()
        while anc is not None and tag_of(anc) != "table":
            anc = anc.getparent()
        if anc is not table:
            continue
        row = []
        for td in tr:
            if tag_of(td) not in ("td", "th"):
                continue
            try:
                cs = max(1, min(int(td.get("colspan") or 1), 100))
            except ValueError:
                cs = 1
            try:
                rs = max(1, min(int(td.get("rowspan") or 1), 500))
            except ValueError:
                rs = 1
            row.append((_cell_text(td), cs, rs))
        rows.append(row)
    grid: list[list[str | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for text, cs, rs in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            for dr in range(rs):
                rr = r + dr
                if rr >= len(rows):
                    break
                while len(grid) <= rr:
                    grid.append([])
                for dc in range(cs):
                    cc = c + dc
                    while len(grid[rr]) <= cc:
                        grid[rr].append(None)
                    grid[rr][cc] = text
            c += cs
    width = max((len(r) for r in grid), default=0)
    return [[x if x is not None else "" for x in r] + [""] * (width - len(r)) for r in grid if r]


def find_tables(container: Element | None, skip: set[Element]) -> list[Table]:
    out: list[Table] = []
    if container is None:
        return out
    for table in container.iter("table"):
        if table in skip or any(a in skip for a in table.iterancestors()):
            continue
        if next(table.iterdescendants("table"), None) is not None:
            continue  # layout table
        grid = table_grid(table)
        if len(grid) < 2 or len(grid[0]) < 2:
            continue
        if any(len(c) > 500 for r in grid for c in r):
            continue  # layout: a whole text in a cell
        cap = None
        for c in table.iter("caption"):
            cap = squash(text_content(c)) or None
            break
        if cap is None:
            prev = table.getprevious()
            if prev is not None and tag_of(prev) in ("p", "div", "h3", "h4", "h2", "strong"):
                t = squash(text_content(prev))
                if 0 < len(t) <= 60:
                    cap = t
        out.append({"caption": cap, "rows": grid})
    return out


# ---------------------------------------------------------------- boundaries
_LEAD_WORDS = rules.words("body.toml", "lead_links")
_LEAD_PATTERNS = rules.alternation("body.toml", "lead_links")
_TAIL_WORDS = frozenset(rules.words("body.toml", "tail_lines"))
_TAIL_PATTERNS = re.compile(
    rules.alternation("body.toml", "tail_lines").pattern + "|" + ATTACHMENT_EXT_PATTERN + "$", re.I
)
_ATTACHMENT_HEADINGS = frozenset(rules.words("body.toml", "inline_attachment_headings"))
_DOCUMENT_NOTE = rules.alternation("body.toml", "document_notes")
_MAX_EDGE = 12  # lines looked at at each end
_NO_WS = re.compile(r"\s+")
_MIN_IMAGE_SIDE = 50  # px: file-type icons, bullets and counters are smaller than a scanned page
_CELL_TAGS = frozenset(["td", "th", "li", "dd", "dt", "table"])


def document_notes(container: Element | None, block_elements: set[Element]) -> set[Element]:
    """The metadata block's elements that are the document's own 附注 line inside the content
    block ("公开方式：主动公开" printed under the date, body.toml document_notes): body lines,
    not metadata. Only a whole paragraph (p, div) of `container` counts; the same words in a
    table or list cell are a metadata row."""
    out: set[Element] = set()
    if container is None:
        return out
    for el in block_elements:
        if tag_of(el) not in ("p", "div") or not _DOCUMENT_NOTE.search(squash(text_content(el))):
            continue
        for anc in el.iterancestors():
            if anc is container:
                out.add(el)
                break
            if tag_of(anc) in _CELL_TAGS:
                break
    return out


def _small_image(img: Element) -> bool:
    for side in ("width", "height"):
        v = (img.get(side) or "").strip().removesuffix("px")
        if v.isdigit() and int(v) < _MIN_IMAGE_SIDE:
            return True
    return False


def ends_with_image(container: Element, skip: set[Element]) -> bool:
    """Whether an image comes after the last text of `container` (an attachment printed inline:
    a scanned form under its 附件： heading). Images inside links (file-type icons) and small
    ones do not count; any text after the image, chrome included, makes it False."""
    last_is_image = False
    links = 0
    walker = etree.iterwalk(container, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if type(tag) is not str or tag in SKIP_TAGS or el in skip:
                walker.skip_subtree()
                continue
            if tag == "a":
                links += 1
            elif tag == "img" and not links and not _small_image(el):
                last_is_image = True
            if el.text and el.text.strip():
                last_is_image = False
        else:
            if tag == "a" and el not in skip:
                links -= 1
            if el is not container and el.tail and el.tail.strip():
                last_is_image = False
    return last_is_image


def _is_title_line(line: str, title_key: str) -> bool:
    """A line that repeats the title (or a piece of it: a title broken over lines), maybe with
    the site name glued to it ("长沙市政府门户网站-关于…的通知")."""
    key = _NO_WS.sub("", line).strip("《》")
    if not key or not title_key:
        return False
    if len(key) >= 4 and key in title_key:
        return True
    return title_key in key and len(key) <= len(title_key) + 25


def trim_edges(
    lines: list[str],
    title: str | None,
    doc_number: str | None,
    container: Element | None = None,
    skip: set[Element] | None = None,
) -> tuple[int, int]:
    """(first, end): the document's lines are lines[first:end]. The body starts at its first
    line — not at the title or 文号 repeated in the content block, nor at 解读 links or a
    公开方式 row above it — and ends at its last — not at attachment file names, an
    attachment-list heading with nothing but links after it, 解读 links, related-link tabs or
    编辑: lines after the signature (word lists: body.toml). A 附件： heading that is the
    block's last line and is followed by an image in `container` (the attachment printed
    inline) is the document's last line."""
    from .normalise import doc_number_line

    title_key = _NO_WS.sub("", title or "").strip("《》")
    first, end = 0, len(lines)
    while first < min(end, _MAX_EDGE):
        line = lines[first]
        if (
            _is_title_line(line, title_key)
            or doc_number_line(line) is not None
            or line.startswith(_LEAD_WORDS)
            or _LEAD_PATTERNS.search(line)
            or _DOCUMENT_NOTE.search(line)  # a 附注 sits under the date: above the text it is a metadata row
        ):
            first += 1
            continue
        break
    while end > first and len(lines) - end < _MAX_EDGE:
        line = lines[end - 1]
        if (
            end == len(lines)
            and container is not None
            and line.rstrip(":： ") in _ATTACHMENT_HEADINGS
            and ends_with_image(container, skip or set())
        ):
            break
        if line.rstrip(":： ") in _TAIL_WORDS or (len(line) <= 120 and _TAIL_PATTERNS.search(line)):
            end -= 1
            continue
        break
    return first, end
