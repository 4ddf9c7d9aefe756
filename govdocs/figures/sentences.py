"""Figures stated in sentences: "全年共计办理行政许可审批1071件" → (行政许可审批, 1071, 件).

How it works (patterns and word lists in lexicon.py, compiled at import):
1. `FIG_RE` is tried where a numeral starts: Arabic (thousands separators, decimals,
   千/万/亿/万亿 scale), Chinese (一千二百三十四, 两万), 百分之…; an optional range low end
   ("5%至12%"); the 余/多 qualifier; a counter unit; 以上/以下/以内/左右 after it.
2. `_number` rejects what is no figure: dates, times, phones, document numbers and codes
   (checked locally around the match), years, ordinals (第…), Chinese numerals inside words
   (统一张贴, 唯一) or slogans (三项制度, “四个最严”, 一户一档), names of documents (《…》),
   hotline numbers, units that are part of another word (条例, 项目, 期间).
3. `_labels` finds what is counted. The default is the noun phrase before the number within
   its clause, cleaned of time words, subjects (我局, 区城市管理局共…), totals (共计, 累计)
   and trailing verbs/qualifiers (达到, 压缩为). The noun phrase after the unit is used when
   the words before are only a verb or end in one ("开展13次中心组理论学习"), end in 的/等/有
   ("收到的2件行政复议案件"), are a 、-list of names, or the figure reads "N%的补贴".
   Lists sharing a value ("参考率、合格率达100%") give one figure per item; "A和B分别为x、y"
   pairs items and values; "X由a提高至b" labels both a and b X; "由原总时限320天,压缩为32天"
   gives 原总时限 / 压缩后总时限; a restatement in brackets ("100万元（含100万元）") and a
   second figure of the same clause ("15支共计860人") share the previous label.

Word boundaries come from the word lists (lexicon.toml), not from a segmenter: jieba 0.42.1
(the PyPI segmenter that ships its dictionary) takes 6.7 ms per 5,000 characters with HMM off
(plus 0.56 s to load), five times this whole extractor, and cuts the words that matter here
wrongly (有效应对 → 有/效应/对, 即办件 → 即/办/件, 通硬化路率 → 通/硬化/路/率).

Scale rule: money units keep the scale as a unit (万元, 亿元, 万亿元: value as written, the
annual-report template itself counts 万元); every other scale is folded into the value
("1.2万人次" → 12000 人次). Ranges ("5%至12%", "3-5个工作日") give two figures with the same
label, qualifiers "下限" and "上限".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from govdocs.figures import kinds
from govdocs.figures import lexicon as L
from govdocs.figures.numerals import CN_DIGITS, parse_number
from govdocs.records import Metric, Section

UNITS = L.UNITS  # every unit a sentence figure can carry (quality suites read this; ％ becomes %)


def _iter_figures(text: str) -> Iterator[re.Match[str]]:
    """Like FIG_RE.finditer, but only tries positions where a numeral starts."""
    pos = 0
    search = L.SCAN_RE.search
    match = L.FIG_RE.match
    while True:
        c = search(text, pos)
        if c is None:
            return
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()


# ---------------------------------------------------------------- label text helpers
def _clean(s: str) -> str:
    s = L.BRACKETS_RE.sub("", s)
    s = L.QUOTES_RE.sub("", s)
    return L.INNER_RE.sub("", s)


def _strip_lead(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = L.LEAD_RE.sub("", s)
        s = L.SUBJECT_RE.sub("", s)
    return s


def _strip_trail(s: str) -> tuple[str, str]:
    m = L.TRAIL_RE.search(s)
    if not m:
        return s, ""
    return s[: m.start()], m.group(0)


def _clean_after(s: str) -> str:
    s = _clean(s)
    s = L.AFTER_LEAD_RE.sub("", s)
    s = s.split("的", 1)[0]
    s = L.AFTER_TRIM_RE.sub("", s)
    return s[:20]


# ---------------------------------------------------------------- rejection helpers
def _is_year(v: float, num: str) -> bool:
    return num.isdigit() and len(num) == 4 and 1900 <= v <= 2100


def _cn_ok(text: str, start: int, num: str) -> bool:
    """Is the Chinese numeral at `start` a count (not part of a word or slogan)?"""
    if all(c in CN_DIGITS for c in num) and len(num) > 1:
        return False  # 二〇二二 (positional: years), 一二 …
    if not any(c in "一二两三四五六七八九十" for c in num):
        return False  # 万, 千, 零 alone
    if start > 0 and text[start - 1] in L.CN_BAD_PREV and not text.endswith("百分之", 0, start):
        return False
    q = text.rfind("“", max(0, start - 8), start + 1)
    if q >= 0 and "”" not in text[q:start]:
        close = text.find("”", start, start + 10)
        if close >= 0:
            return False  # a numeral inside a short slogan: “四个最严” “最多跑一次”
    return not (start >= 2 and text[start - 2] == "一" and num == "一")  # not the second half of 一X一Y


def _in_title(text: str, a: int, b: int, unit: str | None, is_cn: bool) -> bool:
    """Numbers in a document's name are not figures: inside 《…》, or a Chinese numeral
    naming a set of measures on a title line ("…健康发展十条措施")."""
    o = text.rfind("《", max(0, a - 40), a)
    if o >= 0 and "》" not in text[o:a] and text.find("》", b, b + 40) >= 0:
        return True
    if is_cn and unit == "条" and text.startswith(L.TITLE_NOUNS, b):
        ls = text.rfind("\n", 0, a) + 1
        le = text.find("\n", b)
        line = text[ls : le if le >= 0 else len(text)]
        return len(line) <= 60 and not any(c in line for c in "，,。；;：:")
    return False


class _Sections:
    def __init__(self, sections: list[Section]):
        secs = []
        given: object = sections  # callers may pass anything (the property tests do)
        for s in given if isinstance(given, (list, tuple)) else []:
            try:
                secs.append((int(s["start"]), int(s["end"]), int(s.get("level") or 0), str(s["path"])))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        self.secs = secs

    def at(self, pos: int) -> str | None:
        """Path of the innermost section containing `pos`: deepest level, then shortest span."""
        best: tuple[int, int, str] | None = None
        for start, end, level, path in self.secs:
            if start <= pos < end and (best is None or (level, start - end) > (best[0], -best[1])):
                best = (level, end - start, path)
        return best[2] if best else None


# ---------------------------------------------------------------- the extractor
@dataclass
class _Number:
    """A numeral with its unit that passed the filters."""

    m: re.Match[str]
    num: str
    unit: str | None
    value: float
    qualifier: str | None
    start: int  # of the figure (the range's low end when there is one)
    end: int
    lo_value: float | None = None  # range low end
    lo_end: int | None = None


@dataclass
class _Context:
    """What earlier figures leave for the next one."""

    prev_end: int = 0
    prev_fig: Metric | None = None
    prev_from_to: bool = False  # the previous figure was "X由a…": a following "…至b" is X too
    prev_after: bool = False  # the previous figure's label came after it
    sent_subject: tuple[int, str] | None = None  # (sentence start, X) of "X由…"
    pending: list[str] = field(default_factory=list)  # items of "A、B分别为…" still to pair
    resp_base: tuple[int, str] | None = None  # (sentence start, X) of "X分别由现行A…和B…"


@dataclass
class _Label:
    labels: list[str]
    qualifier: str | None
    from_to: bool
    after_label: str
    clause: str = ""  # text of the clause before the number (for the kind)
    sent_before: str = ""  # text of the sentence before the number (for target)
    pending: bool = False  # the label came from an earlier "A、B分别…" (so does the kind)


class _Extractor:
    def __init__(self, text: str, sections: list[Section]):
        self.text = text
        self.n = len(text)
        self.sent_breaks = [m.start() for m in L.SENT_BREAK_RE.finditer(text)]
        self.secs = _Sections(sections)
        self.out: list[Metric] = []
        self.ctx = _Context()

    def run(self) -> list[Metric]:
        for m in _iter_figures(self.text):
            f = self._number(m)
            if f is None:
                continue
            lab = self._labels(f)
            self._emit(f, lab)
        return self.out

    # -- positions --------------------------------------------------------------------
    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.sent_breaks, pos)
        return self.sent_breaks[i - 1] + 1 if i > 0 else 0

    def sentence_of(self, pos: int) -> str:
        i = bisect.bisect_right(self.sent_breaks, pos)
        a = self.sent_breaks[i - 1] + 1 if i > 0 else 0
        b = self.sent_breaks[i] + 1 if i < len(self.sent_breaks) else self.n
        return self.text[a:b].strip()

    def _masked(self, a: int, b: int, cn: bool, arabic_risky: bool) -> bool:
        """Is [a, b) inside a date, phone, document number, code (or, for Chinese numerals,
        a Chinese date or an idiom)? Checked locally: these spans are short. An Arabic
        number with a counter unit cannot be inside a date/phone/document number, so the
        Arabic masks run only for bare numbers and ranges (`arabic_risky`)."""
        text, n = self.text, self.n
        if arabic_risky:
            for mm in L.MASK_RE.finditer(text, max(0, a - 30), min(n, b + 30)):
                if mm.start() < b and mm.end() > a:
                    return True
        if cn:
            lo_, hi_ = max(0, a - 8), min(n, b + 10)
            for rx in (L.CN_DATE_RE, L.IDIOM_RE):
                for mm in rx.finditer(text, lo_, hi_):
                    if mm.start() < b and mm.end() > a:
                        return True
        return False

    # -- 1. is it a figure? -------------------------------------------------------------
    def _number(self, m: re.Match[str]) -> _Number | None:
        text = self.text
        unit = m.group("unit")
        num = m.group("num")
        if not unit and not ((num[0].isdigit() and text[m.end() : m.end() + 1] in L.BARE_NEXT) or num[0] == "百"):
            return None  # fast path: most numeral characters are not figures
        ns = m.start("num")
        lo = m.group("lo")
        start = m.start("lo") if lo else ns
        end = m.end("unit") if unit else m.end("num")
        is_cn = not num[0].isdigit() and not num.startswith("百分之")
        if num.startswith("百分之"):
            unit = "%"
        if not unit:
            # a bare Arabic number: only the "党委会33," shape
            if is_cn or lo or m.group("q1") or not num[0].isdigit():
                return None
            nxt = text[m.end("num") : m.end("num") + 1]
            prv = text[ns - 1 : ns] if ns > 0 else ""
            if nxt not in L.BARE_NEXT or not ("\u4e00" <= prv <= "\u9fff"):
                return None
            if prv in "第年月日号期届" or text.endswith(L.BARE_BAD_PREV_WORDS, 0, ns):
                return None
        if self._masked(start, end, is_cn or bool(lo and not lo[0].isdigit()), not unit or bool(lo)):
            return None
        value = parse_number(num)
        if value is None:
            return None
        if is_cn:
            if not _cn_ok(text, ns, num):
                return None
        else:
            if ns > 0 and text[ns - 1] in L.AR_BAD_PREV and not lo:
                return None
            if ns > 0 and (text[ns - 1].isascii() and text[ns - 1].isalnum()):
                return None  # PM2.5, G353, ISO9001
            nxt = text[m.end() : m.end() + 1]
            if not unit and nxt.isascii() and nxt.isalnum():
                return None
        if text.endswith(L.RANK_PREFIXES, 0, start):
            return None
        if _in_title(text, start, end, unit, is_cn):
            return None
        if unit and unit in L.UNIT_BAD_NEXT and text[end : end + 1] and text[end] in L.UNIT_BAD_NEXT[unit]:
            return None
        if unit in L.UNIT_BAD_NEXT_WORDS and text.startswith(L.UNIT_BAD_NEXT_WORDS[unit], end):
            return None
        if unit in ("分钟", "小时", "公里") and "圈" in text[end : end + 7]:
            return None  # "15分钟养老服务圈", "1小时生活圈": names, not counts
        if unit == "年" and _is_year(value, num):
            return None
        if unit in L.STREAK_UNITS and (text.endswith(L.STREAK_PREV, 0, start) or text.startswith("来", end)):
            return None  # 连续6年, 这五年, 五年来: streaks and periods, not measured quantities
        if is_cn and unit and text.startswith(L.NAME_NOUNS, end):
            return None  # 八项规定, 十大工程: a name
        if unit == "分" and text[start - 1 : start] in ("时", "点"):
            return None  # 12时55分: a time of day
        if not unit and (value in L.HOTLINES or _is_year(value, num)):
            return None
        if is_cn and start > 0 and text[start - 1] in ("数", "几", "若"):
            return None  # 数十次: not a number
        if unit and is_cn and num == "一" and text.startswith("一", end):
            return None  # 一户一档, 一人一策

        # scale and money ("310多万户": the scale may follow 余/多)
        qscale = m.group("qscale") or ""
        if qscale:
            value = value * L.SCALE_VALUES[qscale]
        scale = qscale or next((sc for sc in ("万亿", "亿", "万", "千") if num.endswith(sc) and len(num) > len(sc)), "")
        if unit in L.MONEY_UNITS and scale:
            unit = scale + "元"
            value = (
                parse_number(num)
                if qscale
                else parse_number(num[: -len(scale)])
                if num[0].isdigit()
                else value / L.SCALE_VALUES[scale]
            )
            if value is None:
                return None
        if unit == "％":
            unit = "%"
        qualifier = m.group("q1") or m.group("q2")
        if m.group("q2") == "内":
            qualifier = "以内"
        f = _Number(m, num, unit, float(value), qualifier, start, end)

        if lo:  # a range: both ends must be figures of the same unit
            lounit = m.group("lounit")
            lo_val = parse_number(lo)
            if lo_val is None or (lounit and lounit != m.group("unit")) or not unit:
                return None
            if _is_year(lo_val, lo) or (unit == "年" and _is_year(value, num)):
                return None
            if not lo[0].isdigit() and not _cn_ok(text, start, lo):
                return None
            f.lo_value = lo_val
            f.lo_end = m.end("lounit") if lounit else m.end("lo")
        return f

    # -- 2. what does it count? -------------------------------------------------------
    def _labels(self, f: _Number) -> _Label:
        text, n, ctx, m = self.text, self.n, self.ctx, f.m
        qualifier = f.qualifier
        win_start = max(ctx.prev_end, f.start - 80)
        bm = L.LAST_BREAK_RE.match(text, win_start, f.start)
        seg_start = bm.end() if bm else win_start
        before_raw = _clean(L.ENUM_LEAD_RE.sub("", text[seg_start : f.start])).lstrip("、，,；; ")
        pq = L.PRE_Q_RE.search(before_raw)
        if pq and pq.group(1) != qualifier:
            # both sides, in text order: 达到95%以上 → 达到;以上 (figures-dev qualifier column)
            qualifier = f"{pq.group(1)};{qualifier}" if qualifier else pq.group(1)
        after_end = m.end()
        am = L.AFTER_RE.match(text, after_end, min(n, after_end + 30))
        after_raw = am.group(0) if am else ""
        after_any = _clean_after(after_raw)  # the words after the number, verb or not
        after_label = "" if L.AFTER_VERB_RE.match(after_any) else after_any
        after_closes = after_end + len(after_raw) >= n or text[after_end + len(after_raw)] in L.CLAUSE_BREAK
        prev = ctx.prev_fig
        if prev is not None and ctx.prev_after and before_raw.startswith(prev["label"]):
            # "提供100万张门票和1万间客房": the previous figure's noun is not this one's label
            before_raw = before_raw[len(prev["label"]) :].lstrip("和及与、，, ")
        open_br = max(before_raw.rfind("（"), before_raw.rfind("("))
        in_brackets = open_br >= 0 and "）" not in before_raw[open_br:] and ")" not in before_raw[open_br:]
        if in_brackets:
            before_raw = before_raw[open_br + 1 :]  # "低于100万元（含100万元）", "（按季9万元）"

        stripped, trail = _strip_trail(before_raw)
        from_to = False
        sent_start = self.sentence_start(f.start)
        if "由" in stripped:
            head, _, tail = stripped.rpartition("由")
            subject = _strip_lead(_strip_trail(head)[0])
            if subject:
                ctx.sent_subject = (sent_start, subject)  # "X由a提高至b": b is X too
            if _strip_lead(head) and (not _strip_lead(tail) or before_raw.rpartition("由")[2].rstrip().endswith("的")):
                stripped, from_to = head, True  # "平均办理时长由上年的8.6天" → 平均办理时长
            else:
                stripped = tail  # "由原总时限320天" → 原总时限
        label = _strip_lead(stripped)
        stripped_all = label
        lv = L.LEAD_VERB_RE.match(label)
        if lv and len(label) - lv.end() >= 2 and not L.GENERIC_NOUN_RE.match(label, lv.end()):
            label = label[lv.end() :]

        between = text[ctx.prev_end : f.start] if prev is not None else None
        # "…80万元和二手房60万元": 和 joins two figures, it is no preposition here
        joined = prev is not None and seg_start <= ctx.prev_end
        labels: list[str]
        from_pending = False
        if ctx.pending and between is not None and L.JOIN_RE.fullmatch(between):
            labels = [ctx.pending.pop(0)]
            from_pending = True
        elif between == "" and prev is not None and not before_raw:
            labels = [prev["label"]]  # "4类98项": the second figure shares the label
        else:
            ctx.pending = []
            raw = before_raw.rstrip()
            raw_noq = L.PRE_Q_RE.sub("", raw)  # "不低于" ends in 于, but is no preposition
            weak = (
                not label
                or (before_raw[:1] in L.PREP and len(label) <= 4 and bool(after_label) and not joined)
                or bool(L.VERB_ONLY_RE.match(stripped_all))
                or raw.endswith(("的", "等", "有"))
                or (after_raw.startswith("的") and 0 < len(after_label) <= 8 and after_closes)
                or (bool(after_label) and bool(L.VERB_END_RE.search(raw_noq) or L.PREP_END_RE.search(raw_noq)))
                or ("、" in stripped and bool(after_label) and not L.VERB_ONLY_RE.match(after_label[:2]))
            )
            change = L.CHANGE_RE.search(trail) if trail else None
            if "分别" in before_raw:
                labels = self._respectively(f, before_raw, label or after_label, sent_start)
            elif not label and change and prev is not None:
                base = prev["label"]
                if ctx.sent_subject is not None and ctx.sent_subject[0] == sent_start:
                    labels = [ctx.sent_subject[1]]
                elif ctx.prev_from_to:
                    labels = [base]
                else:
                    base = base.removeprefix("原")
                    verb = change.group(1)
                    labels = [f"{verb}后{base}" if base else verb]
            elif in_brackets and not label and prev is not None:
                labels = [prev["label"]]  # "低于100万元（含100万元）": a restatement
            elif weak and after_label:
                labels = [after_label]
            elif ("、" in label and (f.unit == "%" or "均" in trail)) or (
                "均" in trail and L.LIST_SPLIT_RE.search(label)
            ):
                parts = L.LIST_SPLIT_RE.split(label) if "均" in trail else label.split("、")
                items = [i for i in (_strip_lead(x) for x in parts) if i]
                if len(items) > 1 and (all(L.RATE_END_RE.search(i) for i in items) or "均" in trail):
                    labels = items  # "参考率、合格率达100%"
                else:
                    labels = [label]
            elif (
                not label
                and not after_label
                and prev is not None
                and (in_brackets or (between is not None and not L.BREAK_IN_RE.search(between)))
            ):
                labels = [prev["label"]]  # "15支共计860人": same clause, same subject
            else:
                labels = [label or after_label]

        rb = ctx.resp_base
        if (
            rb is not None
            and rb[0] == sent_start
            and before_raw[:1] in "和及、与"
            and labels
            and labels[0]
            and rb[1] not in labels[0]
        ):
            labels = [labels[0] + rb[1]]
        if not from_pending:
            labels = [self._what_is_counted(lbl, f, after_label, after_any, sent_start, bm) for lbl in labels]
        if not any(labels) and bm is not None and bm.end() - 1 > sent_start:
            fallback = self._previous_clause(bm.end() - 1, f.start, sent_start)
            if fallback:
                labels = [fallback]
        return _Label(
            labels,
            qualifier,
            from_to,
            after_label,
            clause=text[seg_start : f.start],
            sent_before=text[sent_start : f.start],
            pending=from_pending,
        )

    def _same_sentence_prev(self, sent_start: int, levels_only: bool, unit: str | None = None) -> str:
        """Label of the last figure of this sentence. `levels_only` (for a change or share):
        the last level, not another change or share; a change in 百分点 is of a rate
        (优良率85.5%，同比上升3.2个百分点), any other change of a count or amount first
        (投资完成246.79亿元，完成年度计划82.3%，同比增长15.3% → 投资)."""
        same = []
        for prev in reversed(self.out):
            if prev["start"] is None or prev["start"] < sent_start:
                break
            same.append(prev)
        if not levels_only:
            return same[0]["label"] if same else ""
        levels = [p for p in same if p["kind"] in ("count", "amount", "rate", "range_high")]
        want = ("rate",) if unit in ("个百分点", "百分点") else ("count", "amount")
        best = next((p for p in levels if p["kind"] in want), levels[0] if levels else None)
        return best["label"] if best else ""

    def _what_is_counted(
        self, label: str, f: _Number, after_label: str, after_any: str, sent_start: int, bm: re.Match[str] | None
    ) -> str:
        """A label names what is counted: a change or share word gives way to what changed
        ("地区生产总值增长5.5%" → 地区生产总值; "经营主体1163.7万户、增长6.3%" → 经营主体);
        a generic total (总数达到22个) to the previous figure or clause; a function word,
        list marker or bare verb (按, 六是, 首批) to the noun after the number."""
        cm = L.LABEL_CHANGE_RE.search(label)
        if cm and cm.start() > 0:
            return label[: cm.start()]
        empty = L.EMPTY_LABEL_RE.fullmatch(label) is not None
        if cm or empty or L.GENERIC_TOTAL_RE.match(label):
            if after_label and not (cm or L.GENERIC_TOTAL_RE.match(label)):
                return after_label
            prev = self._same_sentence_prev(sent_start, levels_only=cm is not None, unit=f.unit)
            if prev:
                return prev
            if bm is not None and bm.end() - 1 > sent_start:
                fallback = self._previous_clause(bm.end() - 1, f.start, sent_start)
                if fallback:
                    return fallback
            if after_any:
                return after_any  # "按300元/平方米留存": nothing else names it
        return label

    def _respectively(self, f: _Number, before_raw: str, fallback: str, sent_start: int) -> list[str]:
        """ "A和B分别为x、y" → A, B (the rest waits in ctx.pending); "X分别由a和b提高至c";
        "同比分别下降x和y" → the previous figures' labels + 同比下降."""
        pre, _, suf = before_raw.rpartition("分别")
        if L.COMPARE_RE.fullmatch(_strip_lead(pre)):
            suf, pre = _strip_lead(pre) + suf, ""
        suf = L.SUF_TRIM_RE.sub("", suf)
        items = [i for i in (_strip_lead(x) for x in L.LIST_SPLIT_RE.split(_strip_lead(pre))) if i]
        if "由" in suf and items:
            # "额度分别由现行新房80万元和二手房60万元提高至100万元"
            modifier = _strip_lead(suf.rpartition("由")[2])
            self.ctx.resp_base = (sent_start, items[-1])  # "…和二手房60万元": 二手房 + X
            items, suf = [modifier + items[-1] if modifier else items[-1]], ""
        if not items:
            k, pos = 1, f.m.end()
            while pos < self.n and self.text[pos] in "、和及与":
                nm = L.FIG_RE.match(self.text, pos + 1)
                if not nm or not nm.group("unit"):
                    break
                k, pos = k + 1, nm.end()
            items = [x["label"] for x in self.out if x["start"] is not None and x["start"] >= sent_start][-k:]
        if L.LABEL_CHANGE_RE.fullmatch(L.COMPARE_RE.sub("", suf)) or L.COMPARE_RE.fullmatch(suf):
            suf = ""  # "A、B分别比上年下降x和y": the change is of A and B (kind says growth)
        labels_all = [i + suf for i in items if i] or [fallback]
        self.ctx.pending = labels_all[1:]
        return labels_all[:1]

    def _previous_clause(self, clause_end: int, fig_start: int, sent_start: int) -> str:
        """ "其中4月访问量最高,达1,230万次": the label is in the clause before."""
        lo = max(self.ctx.prev_end, sent_start)
        pb = L.LAST_BREAK_RE.match(self.text, max(lo, fig_start - 120), clause_end)
        clause = _clean(self.text[pb.end() if pb else lo : clause_end])
        dm = L.DIGIT_RE.search(clause)
        if dm:
            clause = clause[: dm.start()]
        return _strip_lead(_strip_trail(clause)[0])

    # -- 3. records ----------------------------------------------------------------------
    def _emit(self, f: _Number, lab: _Label) -> None:
        sentence = self.sentence_of(f.start)
        section = self.secs.at(f.start)

        kind, direction = kinds.base_kind(f.unit), None
        prev = self.ctx.prev_fig
        qualifier = lab.qualifier
        if lab.pending and prev is not None:
            kind, direction = prev["kind"], prev["direction"]
            if kind == "growth" and prev["qualifier"]:  # 分别下降15%、14.5%: the verb is shared too
                verb = prev["qualifier"].split(";")[0]
                qualifier = f"{verb};{qualifier}" if qualifier and qualifier != verb else verb
        elif (ch := kinds.change(lab.clause)) is not None:
            kind, direction, verb = ch
            # the verb of a change is a qualifier too, in text order: 增长;左右 (figures-dev)
            words = [verb] + ([lab.qualifier] if lab.qualifier and lab.qualifier != verb else [])
            qualifier = ";".join(words)
        elif f.unit in ("%", "成") and kinds.is_share(lab.clause):
            kind = "share"
        target = kinds.is_target(lab.sent_before)

        def mk(lbl: str, val: float, q: str | None, a: int, b: int, k: str = kind) -> Metric:
            return Metric(
                label=lbl,
                value=float(val),
                unit=f.unit,
                qualifier=q,
                sentence=sentence,
                section=section,
                start=a,
                end=b,
                canonical=None,
                table=None,
                row=None,
                column=None,
                kind=k,
                direction=direction,
                target=target,
            )

        ns = f.m.start("num")
        for lbl in lab.labels:
            if f.lo_value is not None and f.lo_end is not None:
                self.out.append(mk(lbl, f.lo_value, "下限", f.start, f.lo_end, "range_low"))
                self.out.append(mk(lbl, f.value, "上限", ns, f.end, "range_high"))
            else:
                self.out.append(mk(lbl, f.value, qualifier, f.start, f.end))
        ctx = self.ctx
        ctx.prev_fig = self.out[-1]
        ctx.prev_from_to = lab.from_to
        ctx.prev_after = bool(lab.after_label) and lab.labels == [lab.after_label]
        ctx.prev_end = f.m.end()


def extract(text: str, sections: list[Section]) -> list[Metric]:
    """Sentence figures of `text` (see the module docstring). Pure."""
    if not text:
        return []
    return _Extractor(text, sections).run()
