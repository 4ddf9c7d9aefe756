"""Word lists and patterns for sentence figures, compiled once at import; the algorithm lives
in sentences.py, the words in lexicon.toml (each list with the source its words came from).

lexicon.toml is validated on load (pydantic; unknown tables or keys are rejected): every list
needs a `source` and non-empty, unique words, and its `patterns` must compile. A bad file
raises LexiconError at import, naming the table. What stays here is grammar: the number
pattern, dates and codes, and the regular expressions built from the lists.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

LEXICON_TOML = Path(__file__).with_name("lexicon.toml")


class LexiconError(ValueError):
    """lexicon.toml is malformed (the message names the table)."""


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str
    words: tuple[str, ...]
    patterns: tuple[str, ...] = ()

    @field_validator("source")
    @classmethod
    def _has_source(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("source must say where the words came from")
        return v

    @field_validator("words")
    @classmethod
    def _clean_words(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v or any(not w or w != w.strip() for w in v):
            raise ValueError("no words, an empty word or a word with surrounding spaces")
        dupes = sorted({w for w in v if v.count(w) > 1})
        if dupes:
            raise ValueError(f"duplicate words: {dupes}")
        return v

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for pat in v:
            try:
                re.compile(pat)
            except re.error as exc:
                raise ValueError(f"pattern {pat!r}: {exc}") from exc
        return v

    def alt(self) -> str:
        """The words (escaped) and patterns as one alternation, in file order."""
        return "|".join([re.escape(w) for w in self.words] + list(self.patterns))


class _NextChars(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str
    next: dict[str, str]


class _NextWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str
    next: dict[str, tuple[str, ...]]


class Lexicon(BaseModel):
    """lexicon.toml: one field per table."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    units: _Words
    money_units: _Words
    unit_bad_next: _NextChars
    unit_bad_next_words: _NextWords
    pre_qualifiers: _Words
    hotlines: _Words
    idioms: _Words
    cn_bad_prev: _Words
    ar_bad_prev: _Words
    bare_bad_prev_words: _Words
    lead_verbs: _Words
    verb_only: _Words
    verbs: _Words
    prep_end: _Words
    generic_nouns: _Words
    compare: _Words
    after_verbs: _Words
    title_nouns: _Words
    name_nouns: _Words
    streak_prev: _Words
    streak_units: _Words
    rank_prefixes: _Words
    growth_up: _Words
    growth_down: _Words
    growth_qualifiers: _Words
    share: _Words
    share_qualifiers: _Words
    target: _Words
    change_compare: _Words
    empty_labels: _Words
    generic_totals: _Words
    generic_total_verbs: _Words
    label_change_verbs: _Words
    label_change_qualifiers: _Words

    @field_validator("hotlines")
    @classmethod
    def _digits(cls, v: _Words) -> _Words:
        if not all(w.isdigit() for w in v.words):
            raise ValueError("hotlines are numbers")
        return v


def load(path: Path = LEXICON_TOML) -> Lexicon:
    """Parse and validate lexicon.toml (LexiconError names what is wrong)."""
    try:
        return Lexicon.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise LexiconError(f"{path.name}: {exc}") from exc


LEX = load()

# ---------------------------------------------------------------- units and qualifiers
UNITS: tuple[str, ...] = LEX.units.words  # every unit a sentence figure can carry (％ becomes %)
UNITS_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
MONEY_UNITS = frozenset(LEX.money_units.words)
# characters that, right after a unit, turn it into another word ("条例", "项目", "期间")
UNIT_BAD_NEXT: dict[str, str] = LEX.unit_bad_next.next
UNIT_BAD_NEXT_WORDS: dict[str, tuple[str, ...]] = LEX.unit_bad_next_words.next
PRE_QUALIFIERS: tuple[str, ...] = LEX.pre_qualifiers.words
PRE_Q_RE = re.compile("(" + LEX.pre_qualifiers.alt() + ")$")

# ---------------------------------------------------------------- the figure pattern
AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN = r"[零〇○一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
NUM = rf"百分之(?:{AR}|{CN})|(?:{AR})(?:万亿|亿|万|千)?|{CN}"
FIG_RE = re.compile(
    rf"(?:(?P<lo>{AR}|{CN})(?P<lounit>{UNITS_ALT})?\s?(?:至|到|~|～|-|—|－|－)\s?)?"
    rf"(?P<num>{NUM})"
    r"(?P<q1>余|多)?(?P<qscale>(?<=[余多])(?:万|亿))?"
    rf"(?:\s?(?P<unit>{UNITS_ALT}))?"
    r"(?P<q2>以上|以下|以内|左右|之内|内)?"
)

# ---------------------------------------------------------------- masks (not figures)
MASK_RE = re.compile(
    r"\d{4}\s?[-./年]\s?\d{1,2}\s?[-./月]\s?\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # dates
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # times
    r"|\d{3,4}-\d{7,8}|\d{3,4}-\d{5}|(?<!\d)1[3-9]\d{9}(?!\d)"  # phones
    r"|[〔\[［【(（]\s?\d{4}\s?[〕\]］】)）]?\s?\d*\s?号"  # document numbers 〔2021〕91号
    r"|[A-Za-z]+\d+[A-Za-z0-9\-]*"  # codes: ISO9001, ICP备…, GB/T
    r"|\d{4}年\d{1,2}月(?:\d{1,2}日)?"  # 2022年1月(25日)
    r"|\d{1,2}月\d{1,2}日"
)
CN_DATE_RE = re.compile(
    r"[〇○零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?"
)

HOTLINES = frozenset(float(h) for h in LEX.hotlines.words)

# idioms / names containing numerals + unit characters (checked at the numeral's position)
IDIOMS: tuple[str, ...] = LEX.idioms.words
IDIOM_RE = re.compile("|".join(sorted(map(re.escape, IDIOMS), key=len, reverse=True)))
# numeral-word chars before a Chinese numeral ("统一张贴", "唯一", "第一", "每一")
CN_BAD_PREV = frozenset(LEX.cn_bad_prev.words)
AR_BAD_PREV = frozenset(LEX.ar_bad_prev.words)
BARE_BAD_PREV_WORDS = LEX.bare_bad_prev_words.words

# ---------------------------------------------------------------- label cleaning
CLAUSE_BREAK = "，,；;。：:！？!?\n\r\t"
LAST_BREAK_RE = re.compile(rf".*[{CLAUSE_BREAK}]", re.DOTALL)
SCALE_VALUES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
DIGIT_RE = re.compile(r"\d")
BARE_NEXT = frozenset("，,；;。、")
SCAN_RE = re.compile(r"[\d零〇○一二两三四五六七八九十百]")


AFTER_RE = re.compile(rf"(?:[^{CLAUSE_BREAK}、0-9０-９（()）]|\d+[A-Za-z])*")
SENT_BREAK_RE = re.compile(r"[。！？!?\n]")
BRACKETS_RE = re.compile(r"（[^）]*）|\([^)]*\)|【[^】]*】|\[[^\]]*\]")
# list markers at the start of a clause are no part of a label: "2 陈首伟…", "1.累计…",
# "3、新开具…", "一、全年…", "第四条 对…" (1.5倍 is a number, not a marker)
ENUM_LEAD_RE = re.compile(
    r"^\s*(?:\d{1,3}(?:\s+|[.．、](?!\d))|[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十百\d]{1,4}条\s*)"
)
QUOTES_RE = re.compile(r"[“”\"‘’'《》〈〉「」『』\s]")

TIME = (
    r"\d{4}年(?:度|以来|全年|底|初|末)?|[〇○零一二三四五六七八九]{4}年(?:度|以来)?|\d{1,2}月(?:份|底|初)?|"
    r"\d{1,2}\s?(?:-|—|－|~|～|至)\s?\d{1,2}月(?:份)?|截至目前|截至[^，,共]{0,12}?(?:底|末|止)|截止目前|今年以来|今年来|一年来|近年来|近年|"
    r"全年|今年|去年|上年|本年度?|年内|年度|当年|目前|同期|期间|全年度|上半年|下半年|每年"
)
LEAD_RE = re.compile(
    rf"^(?:{TIME}|[一二三四五六七八九十]+是(?!否)|其中|同时|此外|另外|并且|并(?!处|发|购|网)|以及|及(?![时格])|和(?!谐)|与|共计|合计|总计|累计|共有|"
    r"共(?![享建同治产青济])|计(?![划算量费件入])|总共|"
    r"全区|全市|全县|全省|全系统|全局|全委|我局|本局|我委|本委|我院|我办|本单位|本机关|我单位|我市|我区|我县|我省|我们|"
    r"上述|该|此|含|即(?!办)|统一|逐步|进一步|大幅|现行|对(?![象外口接标照比])|由(?!于)|向|将(?!近)|把|在(?![线建岗职编册校逃押办])|已|均(?![衡值])|又|"
    r"再(?!就业|生|教育|造)|还|先后|分别|认真|及时(?![\u4e00-\u9fff]*率$)|全面|积极|依法|除|其余|另有|"
    r"以内|以上|以下|左右|、|，|,|；|的(?!确)|为(?!民)|是(?!否)|有(?![效关限力序偿机利害色])"
    r")+"
)
SUBJECT_RE = re.compile(
    r"^[^，,、]{0,14}?(?:局|委员会|委|办公室|政府|中心|法院|检察院|厅|部门|支队|大队|分局|机关)"
    r"(?=共|累计|全年|今年|收到|办理|受理|开展|组织|依法|先后|已|新|\d{4}年)"
)
LEAD_VERB_RE = re.compile(rf"^(?:{LEX.lead_verbs.alt()})")
VERB_ONLY_RE = re.compile(rf"^(?:{LEX.verb_only.alt()})+(?:了|的)?$")
TRAIL_RE = re.compile(
    r"(?:分别为|分别是|分别达到|分别达|分别|均达到|均为|均达|约为|约|达到|高达|多达|已达|共计|合计|总计|"
    r"累计|至少|最多|最高|最低|低于|高于|少于|多于|大于|小于|共有|首次突破|突破|稳定在|保持在|控制在|维持在|(?<!公)共|(?<![统会设审估])计|近|将近|接近|超过|不少于|不低于|不超过|不到|不足|逾|超|达|"
    r"(?<![行作认因成])为|是|有|了|的|完成|实现|"
    r"(?:压缩|压减|减少|缩短|降低|下降|提高|提升|增加|增长|上升|减|降|增|扩大|缩减|削减|精简|调整)(?:为|至|到|了))+$"
)
CHANGE_RE = re.compile(r"(压缩|压减|减少|缩短|降低|下降|提高|提升|增加|增长|上升|减|降|增|扩大|缩减|削减|精简|调整)")
AFTER_TRIM_RE = re.compile(r"(?:外|等|左右|以上|以下|中|里|内|进行|予以|均有|以及|和|及|与|并)+$")
AFTER_LEAD_RE = re.compile(
    r"^(?:的|均有|均|共|有(?![效关限])|是(?!否)|各(?![类级地项])|次(?![数序])|项(?!目))+"
)  # 项目, 次数 are words
AFTER_VERB_RE = re.compile(rf"(?:{LEX.after_verbs.alt()})")
PREP = set("与对向为给在和跟同")
GENERIC_NOUN_RE = re.compile(LEX.generic_nouns.alt())
COMPARE_RE = re.compile(LEX.compare.alt())
VERBS = LEX.verbs.alt()
VERB_END_RE = re.compile(rf"(?:{VERBS})$")
PREP_END_RE = re.compile(rf"(?:{LEX.prep_end.alt()})$")
BREAK_IN_RE = re.compile(rf"[{CLAUSE_BREAK}]")
JOIN_RE = re.compile(r"[、和及与，,\s]*")
SUF_TRIM_RE = re.compile(r"^(?:为|是|达到|达|约为|约)|(?:为|是|达到|达|约为|约)$")
INNER_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:累计|共计|合计)(?=[\u4e00-\u9fff])"
    r"|(?<=[\u4e00-\u9fff])(?<![较比于])\d{4}年(?:度|底|初|末)?(?=[\u4e00-\u9fff])"  # "批准2007年末国债余额限额"
)
LIST_SPLIT_RE = re.compile(r"、|和|及|与|以及")
RATE_END_RE = re.compile(r"(?:率|比例|比重|覆盖面|覆盖率|占比|满意度)$")

TITLE_NOUNS: tuple[str, ...] = LEX.title_nouns.words
NAME_NOUNS: tuple[str, ...] = LEX.name_nouns.words  # 八项规定, 十大工程: a name, not a count
STREAK_PREV: tuple[str, ...] = LEX.streak_prev.words  # 连续6年, 这五年: streaks and periods
STREAK_UNITS = frozenset(LEX.streak_units.words)
RANK_PREFIXES: tuple[str, ...] = LEX.rank_prefixes.words

# ---------------------------------------------------------------- kinds (kinds.py)
GROWTH_RE = re.compile(
    rf"(?:(?P<up>{LEX.growth_up.alt()})|(?P<down>{LEX.growth_down.alt()}))(?:了)?(?:{LEX.growth_qualifiers.alt()})?$"
)
SHARE_RE = re.compile(LEX.share.alt())
TARGET_RE = re.compile(LEX.target.alt())
# a label that is only a change/share word takes the label of what changed (经营主体…、增长6.3%)
LABEL_CHANGE_RE = re.compile(
    rf"(?:{LEX.change_compare.alt()})?(?:{LEX.label_change_verbs.alt()})(?:了)?(?:{LEX.label_change_qualifiers.alt()})?$"
    rf"|(?:{LEX.share.alt()})(?:{LEX.share_qualifiers.alt()})?$"
)
EMPTY_LABEL_RE = re.compile(rf"(?:{LEX.empty_labels.alt()})*")  # fullmatch: nothing that names a thing
GENERIC_TOTAL_RE = re.compile(rf"^(?:{LEX.generic_totals.alt()})(?:{LEX.generic_total_verbs.alt()})?$")
