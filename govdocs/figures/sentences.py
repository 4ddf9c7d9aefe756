"""Figures stated in sentences: "全年共计办理行政许可审批1071件" → (行政许可审批, 1071, 件).

How it works (all regexes compiled at import):
1. `_FIG_RE` finds a numeral (Arabic with optional 千/万/亿/万亿 scale, Chinese, 百分之…),
   an optional range low end ("5%至12%"), the 余/多 qualifier and a counter unit.
2. Dates, times, phone numbers, document numbers are masked first; years, ordinals (第…),
   idioms with numerals (三项制度, 一站式, 一件事, 一户一档) and hotline numbers are rejected.
3. The label is the noun phrase before the number within its clause, cleaned of time words,
   subjects (我局, 区城市管理局共…), totals (共计, 累计) and trailing verbs/qualifiers (达到,
   压缩为). When that is empty or only a verb ("开展13次中心组理论学习"), ends with 的/等 or is
   a 、-list of names, the noun phrase after the unit is used ("收到的2件行政复议案件").
4. Lists sharing one value ("参考率、合格率达100%") give one figure per item; "A、B分别为3件、
   5件" pairs items with values; a bare change verb ("压缩为32天") borrows the previous
   figure's label ("压缩后总时限").

Scale rule: money units keep the scale as a unit (万元, 亿元, 万亿元: value as written, the
annual-report template itself counts 万元); every other scale is folded into the value
("1.2万人次" → 12000 人次). Ranges ("5%至12%", "3-5个工作日") give two figures with the same
label, qualifiers "下限" and "上限".
"""

from __future__ import annotations

import bisect
import re

from govdocs.figures.numerals import CN_DIGITS, parse_number
from govdocs.records import Metric, Section

# ---------------------------------------------------------------- units and qualifiers
UNITS: tuple[str, ...] = (
    "万亿元", "亿元", "万元", "千元", "元", "个百分点", "百分点",
    "平方公里", "平方米", "立方米", "公里", "千米", "公顷", "亩", "吨", "千克", "公斤", "米",
    "人次", "户次", "件次", "家次", "批次", "场次", "车次", "班次", "期次", "课时", "学时",
    "个工作日", "工作日", "个月", "小时", "分钟", "周年",
    "个", "件", "次", "项", "台", "张", "条", "篇", "天", "面", "期", "年", "名", "人", "户",
    "家", "份", "起", "宗", "批", "场", "处", "所", "辆", "套", "册", "部", "座", "栋", "支",
    "只", "株", "棵", "块", "类", "轮", "倍", "门", "种", "间", "周", "封", "幅", "床",
    "台次", "辆次", "航次", "艘次", "架次", "条次", "篇次", "张次", "艘", "根", "枚", "盏", "市", "卷", "架", "剂次", "剂", "分", "微克/立方米", "毫克/立方米", "毫克/升", "立方米/秒",
    "元/平方米", "元/立方米", "元/千瓦时", "元/小时", "元/吨", "元/人", "元/月", "元/年", "元/亩", "元/天",
    "元/次", "元/度", "万元/亩", "吨/日", "吨/天", "人/平方公里",
    "%", "％", "‰",
)
_UNITS_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
MONEY_UNITS = {"元"}

# characters that, right after a unit, turn it into another word ("条例", "项目", "期间")
_UNIT_BAD_NEXT: dict[str, str] = {
    "个": "人体性别案", "件": "事", "次": "性日", "项": "目", "条": "例款龙", "期": "间限满刊",
    "年": "来度代级底初末龄份", "名": "单称义字额", "人": "民大员才类口", "家": "庭属长乡园具",
    "处": "理罚置室长分于在", "所": "有在属长得以谓", "场": "所景地馆", "面": "积向临貌对上",
    "起": "诉草来步点始到码", "批": "准复评示发", "台": "账帐阶", "张": "贴", "套": "餐路房",
    "份": "额子", "元": "素旦", "天": "然津下空气", "户": "籍口外", "宗": "旨教",
    "部": "分门署长委", "支": "持付出部", "类": "似别型", "门": "户口槛类", "种": "植类子",
    "座": "谈", "间": "隔", "周": "边期末", "单": "位独元一据", "只": "有是要能", "块": "钱",
    "册": "子", "卷": "入宗烟", "市": "场民级区委政属直长容县内外值面中里镇州", "分": "之钟别类局析解配享布管工批期散担摊组级值数离",
    "架": "构设子", "剂": "量型", "米": "饭", "床": "位", "倍": "感",
}
_UNIT_BAD_NEXT_WORDS: dict[str, tuple[str, ...]] = {
    "年": ("行动", "计划", "规划", "攻坚", "以来", "前"),
    "小时": ("服务", "热线", "值班", "在线", "不间断", "监控", "营业", "全天候", "自助", "不打烊", "响应机制"),
}

PRE_QUALIFIERS: tuple[str, ...] = (
    "不少于", "不低于", "不超过", "将近", "接近", "超过", "达到", "高达", "多达", "大约", "至少", "最多", "最高", "最低",
    "不到", "不足", "约", "近", "逾", "超", "达",
)
_PRE_Q_RE = re.compile("(" + "|".join(PRE_QUALIFIERS) + ")$")

# ---------------------------------------------------------------- the figure pattern
_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[零〇○一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_NUM = rf"百分之(?:{_AR}|{_CN})|(?:{_AR})(?:万亿|亿|万|千)?|{_CN}"
_FIG_RE = re.compile(
    rf"(?:(?P<lo>{_AR}|{_CN})(?P<lounit>{_UNITS_ALT})?\s?(?:至|到|~|～|-|—|－|－)\s?)?"
    rf"(?P<num>{_NUM})"
    r"(?P<q1>余|多)?"
    rf"(?:\s?(?P<unit>{_UNITS_ALT}))?"
    r"(?P<q2>以上|以下|以内|左右|之内|内)?"
)

# ---------------------------------------------------------------- masks (not figures)
_MASK_RE = re.compile(
    r"\d{4}\s?[-./年]\s?\d{1,2}\s?[-./月]\s?\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # dates
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # times
    r"|\d{3,4}-\d{7,8}|\d{3,4}-\d{5}|(?<!\d)1[3-9]\d{9}(?!\d)"  # phones
    r"|[〔\[［【(（]\s?\d{4}\s?[〕\]］】)）]?\s?\d*\s?号"  # document numbers 〔2021〕91号
    r"|[A-Za-z]+\d+[A-Za-z0-9\-]*"  # codes: ISO9001, ICP备…, GB/T
    r"|\d{4}年\d{1,2}月(?:\d{1,2}日)?"  # 2022年1月(25日)
    r"|\d{1,2}月\d{1,2}日"
)
_CN_DATE_RE = re.compile(r"[〇○零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?")

HOTLINES = {12345.0, 12315.0, 12369.0, 12320.0, 12348.0, 12366.0, 12333.0, 12319.0, 12350.0,
            12331.0, 12388.0, 12358.0, 110.0, 119.0, 120.0, 122.0}

# idioms / names containing numerals + unit characters (checked at the numeral's position)
_IDIOMS: tuple[str, ...] = (
    "一站式", "一次性", "一件事", "一张网", "一张图", "一张蓝图", "一张清单", "一条龙", "一把手",
    "一网通", "一网统管", "一窗", "一门式", "一批", "一起", "一年来", "一年一度", "一次办",
    "一次告知", "一次到位", "一个窗口", "一个中心", "一个平台", "一件事一次办",
    "三项制度", "四个意识", "四个自信", "四个全面", "两个维护", "两个确立", "两个毫不动摇",
    "三个代表", "五位一体", "两学一做", "三会一课", "一岗双责", "两个基本点", "三个一批",
    "三个务必", "三张清单", "两个责任", "两个一百年", "一张表", "一本账", "一处一策",
    "一年多来", "学前三年", "三次产业", "两部制", "一市一策", "一县一策", "四个最严", "三年来", "两年来", "五年来", "十年来", "一对一", "一项一策", "百分百",
)
_IDIOM_RE = re.compile("|".join(sorted(map(re.escape, _IDIOMS), key=len, reverse=True)))
# numeral-word chars before a Chinese numeral ("统一张贴", "唯一", "第一", "每一")
_CN_BAD_PREV = set("统同唯第其每任某又再另专逐单划整进之归合数几上成若星初周万礼号届之全")
_AR_BAD_PREV = set("第.-－/:：〔〕[]［］#№×*＊")
_BARE_BAD_PREV_WORDS = ("邮编", "邮政编码", "电话", "传真", "编号", "代码", "号码", "热线", "信箱", "账号", "帐号", "QQ", "拨打")

# ---------------------------------------------------------------- label cleaning
_CLAUSE_BREAK = "，,；;。：:！？!?\n\r\t"
_LAST_BREAK_RE = re.compile(rf".*[{_CLAUSE_BREAK}]", re.S)
_SCALE_VALUES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_DIGIT_RE = re.compile(r"\d")
_BARE_NEXT = frozenset("，,；;。、")
_SCAN_RE = re.compile(r"[\d零〇○一二两三四五六七八九十百]")


def _iter_figures(text: str):
    """Like _FIG_RE.finditer, but only tries positions where a numeral starts."""
    pos = 0
    search = _SCAN_RE.search
    match = _FIG_RE.match
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
_AFTER_RE = re.compile(rf"(?:[^{_CLAUSE_BREAK}、0-9０-９（()）]|\d+[A-Za-z])*")
_SENT_BREAK_RE = re.compile(r"[。！？!?\n]")
_BRACKETS_RE = re.compile(r"（[^）]*）|\([^)]*\)|【[^】]*】|\[[^\]]*\]")
_QUOTES_RE = re.compile(r"[“”\"‘’'《》〈〉「」『』\s]")

_TIME = (
    r"\d{4}年(?:度|以来|全年|底|初)?|[〇○零一二三四五六七八九]{4}年(?:度|以来)?|\d{1,2}月(?:份|底|初)?|"
    r"\d{1,2}\s?(?:-|—|－|~|～|至)\s?\d{1,2}月(?:份)?|截至目前|截至[^，,共]{0,12}?(?:底|末|止)|截止目前|今年以来|今年来|一年来|近年来|近年|"
    r"全年|今年|去年|上年|本年度?|年内|年度|当年|目前|同期|期间|全年度|上半年|下半年|每年"
)
_LEAD_RE = re.compile(
    rf"^(?:{_TIME}|其中|同时|此外|另外|并且|并(?!处|发|购|网)|以及|及(?![时格])|和(?!谐)|与|共计|合计|总计|累计|共有|"
    r"共(?![享建同治产青])|计(?![划算量费件入])|总共|"
    r"全区|全市|全县|全省|全系统|全局|全委|我局|本局|我委|本委|我院|我办|本单位|本机关|我单位|我市|我区|我县|"
    r"上述|该|此|含|即|统一|逐步|进一步|大幅|现行|对(?![象外口接标照比])|由(?!于)|向|将(?!近)|把|在(?![线建岗职编册校逃押办])|已|均(?![衡值])|又|"
    r"再(?!就业|生|教育|造)|还|先后|分别|认真|及时(?![\u4e00-\u9fff]*率$)|全面|积极|依法|除|其余|另有|"
    r"、|，|,|；|的(?!确)|为(?!民)|是(?!否)|有(?![效关限力序偿机利害色])"
    r")+"
)
_SUBJECT_RE = re.compile(
    r"^[^，,、]{0,14}?(?:局|委员会|委|办公室|政府|中心|法院|检察院|厅|部门|支队|大队|分局|机关)"
    r"(?=共|累计|全年|今年|收到|办理|受理|开展|组织|依法|先后|已|新|\d{4}年)"
)
_LEAD_VERB_RE = re.compile(
    r"^(?:办理|受理|收到|接到|接收|开展|组织开展|组织|举办|召开|完成|处理|发放|配置|设置|办结|"
    r"查处|开具|作出|做出|制发|出具|接待|参加|征集|聘请|发布|印发|编印|制作|发出|下发|投入|拨付|"
    r"组建|成立|设立|建成|新建|建立|选聘|配备)"
)
_VERB_ONLY_RE = re.compile(
    r"^(?:办理|受理|收到|接到|接收|开展|组织开展|组织|举办|召开|完成|处理|发放|配置|设置|办结|"
    r"查处|开具|作出|做出|制发|出具|接待|参加|征集|聘请|发布|印发|编印|制作|发出|下发|培训|"
    r"检查|审核|审查|建成|建设|新增|新建|建立|提供|开通|录入|转办|督办|回复|答复|报送|上报|"
    r"派出|出动|抽查|走访|核查|调解|化解|排查|整改|推送|公示|公开|采集|购置|购买|安装|投入|"
    r"帮助|服务|指导|联系|签订|签署|培育|引进|评选|表彰|选派|配备|累计|共|获|获得|收集|形成|"
    r"实现|达成|举行|发送|推出|制定|出台|修订|清理|梳理|撰写|报道|刊发|播出|张贴|悬挂|召集)+"
    r"(?:了|的)?$"
)
_TRAIL_RE = re.compile(
    r"(?:分别为|分别是|分别达到|分别达|分别|均达到|均为|均达|约为|约|达到|高达|多达|已达|共计|合计|总计|"
    r"累计|至少|最多|低于|高于|少于|多于|大于|小于|共有|(?<!公)共|(?<![统会设审估])计|近|将近|接近|超过|不少于|不低于|不超过|不到|不足|逾|超|达|"
    r"(?<![行作认因成])为|是|有|了|的|完成|实现|"
    r"(?:压缩|压减|减少|缩短|降低|下降|提高|提升|增加|增长|上升|减|降|增|扩大|缩减|削减|精简|调整)(?:为|至|到|了))+$"
)
_CHANGE_RE = re.compile(r"(压缩|压减|减少|缩短|降低|下降|提高|提升|增加|增长|上升|减|降|增|扩大|缩减|削减|精简|调整)")
_AFTER_TRIM_RE = re.compile(r"(?:外|等|左右|以上|以下|中|里|内|进行|予以|均有|以及|和|及|与|并)+$")
_AFTER_LEAD_RE = re.compile(r"^(?:的|均有|均|共|有|是|各|次|项)+")
_AFTER_VERB_RE = re.compile(
    r"(?:进行|予以|已经|已|被|得到|获得|完成|实现|通过|全部|同比|环比|较上年|比上年|占|用于|作为|以上|以下|"
    r"左右|并且|均已|均|达到|分别|统一|逐步|前提|情况下|基础上|范围内|条件下|留存|征收(?!率)|执行|实施|缴纳|支付|享受|压缩|压减|减少|缩短|降低|下降|提高|提升|增加|增长|上升|减至|降至|增至|精简)"
)
_PREP = set("与对向为给在和跟同")
_GENERIC_NOUN_RE = re.compile(r"时限|时间|期限|流程|程序|环节|效率|时长|周期|质量|进度")
_COMPARE_RE = re.compile(r"同比|环比|较上年|比上年|较去年|比去年|较上年同期|比上年同期")
_VERBS = (
    "配备|配置|设置|设立|组建|建成|建立|新建|开通|选派|聘请|招录|招聘|引进|培育|发放|开展|举办|召开|组织|"
    "完成|收到|受理|办理|查处|接待|出动|投入|购置|安装|提供|派发|新增|增加|涉及|包括|评选|建设|打造|实施|"
    "推出|认定|执行|延续|出台|制定|印发|发布|培训|检查|抽检|检测|走访|帮助|解决|化解|调解|排查|整改|处理|"
    "审查|审核|答复|回复|征集|收集|发现|挽回|追回|追发|带动|吸纳|安置|转移|救助|资助|慰问|筹集|拨付|下达|"
    "争取|兑现|补贴|奖励|表彰|命名|授予|获得|获评|荣获|参与|参加|覆盖|惠及|接收|签订|签约|达成|吸引|开工|"
    "竣工|交付|改造|新开工|筹建|创建|注册|登记|备案|核发|颁发|换发|核准|批准|审批|接入|归集|共享|报送|"
    "更新|播放|刊登|刊发|编印|印制|制作|张贴|悬挂|开设|设有|拥有|建有|配有|招引|签约落地|储备|修订|清理|"
    "征收|实现|形成|举行|联合|对接|聚焦|部署|推动|支持|鼓励|引导|开发|研发|申报|申请|推荐|选树|培养|输送"
)
_VERB_END_RE = re.compile(rf"(?:{_VERBS})$")
_VERB_FULL_RE = re.compile(rf"(?:{_VERBS})+(?:了|的)?")
_PREP_END_RE = re.compile(r"(?:依|按|按照|依照|依据|以|用|给予|于|比照|参照)$")
_BREAK_IN_RE = re.compile(rf"[{_CLAUSE_BREAK}]")
_JOIN_RE = re.compile(r"[、和及与，,\s]*")
_SUF_TRIM_RE = re.compile(r"^(?:为|是|达到|达|约为|约)|(?:为|是|达到|达|约为|约)$")
_INNER_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:累计|共计|合计)(?=[\u4e00-\u9fff])")
_LIST_SPLIT_RE = re.compile(r"、|和|及|与|以及")
_RATE_END_RE = re.compile(r"(?:率|比例|比重|覆盖面|覆盖率|占比|满意度)$")


def _clean(s: str) -> str:
    s = _BRACKETS_RE.sub("", s)
    s = _QUOTES_RE.sub("", s)
    return _INNER_RE.sub("", s)


def _strip_lead(s: str) -> str:
    prev = None
    while prev != s:
        prev = s
        s = _LEAD_RE.sub("", s)
        s = _SUBJECT_RE.sub("", s)
    return s


def _strip_trail(s: str) -> tuple[str, str]:
    m = _TRAIL_RE.search(s)
    if not m:
        return s, ""
    return s[: m.start()], m.group(0)


def _clean_after(s: str) -> str:
    s = _clean(s)
    s = _AFTER_LEAD_RE.sub("", s)
    s = s.split("的", 1)[0]
    s = _AFTER_TRIM_RE.sub("", s)
    return s[:20]


class _Sections:
    def __init__(self, sections: list[Section]):
        secs = []
        if not isinstance(sections, (list, tuple)):
            sections = []
        for s in sections:
            try:
                secs.append((int(s["start"]), int(s["end"]), int(s.get("level") or 0), str(s["path"])))
            except (KeyError, TypeError, ValueError):
                continue
        self.secs = secs

    def at(self, pos: int) -> str | None:
        """Path of the innermost section containing `pos`: deepest level, then shortest span."""
        best: tuple[int, int, str] | None = None
        for start, end, level, path in self.secs:
            if start <= pos < end and (best is None or (level, start - end) > (best[0], -best[1])):
                best = (level, end - start, path)
        return best[2] if best else None


def _is_year(v: float, num: str) -> bool:
    return num.isdigit() and len(num) == 4 and 1900 <= v <= 2100


def _cn_ok(text: str, start: int, num: str) -> bool:
    if all(c in CN_DIGITS for c in num) and len(num) > 1:
        return False  # 二〇二二 (positional: years), 一二 …
    if not any(c in "一二两三四五六七八九十" for c in num):
        return False  # 万, 千, 零 alone
    if start > 0 and text[start - 1] in _CN_BAD_PREV:
        if not text.endswith("百分之", 0, start):
            return False
    q = text.rfind("“", max(0, start - 8), start + 1)
    if q >= 0 and "”" not in text[q:start]:
        close = text.find("”", start, start + 10)
        if close >= 0:
            return False  # a numeral inside a short slogan: “四个最严” “最多跑一次”
    if start >= 2 and text[start - 2] == "一" and num == "一":
        return False  # second half of 一X一Y
    return True


def _in_title(text: str, a: int, b: int, unit: str | None, is_cn: bool) -> bool:
    """Numbers in a document's name are not figures: inside 《…》, or a Chinese numeral
    naming a set of measures on a title line ("…健康发展十条措施")."""
    o = text.rfind("《", max(0, a - 40), a)
    if o >= 0 and "》" not in text[o:a] and text.find("》", b, b + 40) >= 0:
        return True
    if is_cn and unit == "条" and text.startswith(_TITLE_NOUNS, b):
        ls = text.rfind("\n", 0, a) + 1
        le = text.find("\n", b)
        line = text[ls : le if le >= 0 else len(text)]
        return len(line) <= 60 and not any(c in line for c in "，,。；;：:")
    return False


_TITLE_NOUNS = ("措施", "举措", "意见", "规定", "政策")


def extract(text: str, sections: list[Section]) -> list[Metric]:
    if not text:
        return []
    sent_breaks = [m.start() for m in _SENT_BREAK_RE.finditer(text)]
    secs = _Sections(sections)
    n = len(text)

    def masked(a: int, b: int, cn: bool, arabic_risky: bool) -> bool:
        """Is [a, b) inside a date, phone, document number, code (or, for Chinese numerals,
        a Chinese date or an idiom)? Checked locally: these spans are short. An Arabic
        number with a counter unit cannot be inside a date/phone/document number, so the
        Arabic masks run only for bare numbers and ranges (`arabic_risky`)."""
        if arabic_risky:
            for mm in _MASK_RE.finditer(text, max(0, a - 30), min(n, b + 30)):
                if mm.start() < b and mm.end() > a:
                    return True
        if cn:
            lo_, hi_ = max(0, a - 8), min(n, b + 10)
            for rx in (_CN_DATE_RE, _IDIOM_RE):
                for mm in rx.finditer(text, lo_, hi_):
                    if mm.start() < b and mm.end() > a:
                        return True
        return False

    def sentence_start(pos: int) -> int:
        i = bisect.bisect_right(sent_breaks, pos)
        return sent_breaks[i - 1] + 1 if i > 0 else 0

    def sentence_of(pos: int) -> str:
        i = bisect.bisect_right(sent_breaks, pos)
        a = sent_breaks[i - 1] + 1 if i > 0 else 0
        b = sent_breaks[i] + 1 if i < len(sent_breaks) else n
        return text[a:b].strip()

    out: list[Metric] = []
    prev_end = 0
    prev_fig: Metric | None = None
    prev_from_to = False
    prev_after = False
    sent_subject: tuple[int, str] | None = None
    pending_items: list[str] = []

    for m in _iter_figures(text):
        unit = m.group("unit")
        if not unit and not (
            (m.group("num")[0].isdigit() and text[m.end() : m.end() + 1] in _BARE_NEXT) or m.group("num")[0] == "百"
        ):
            continue  # fast path: most numeral characters are not figures
        num = m.group("num")
        ns = m.start("num")
        lo = m.group("lo")
        fig_start = m.start("lo") if lo else ns
        fig_end = m.end("unit") if unit else m.end("num")
        is_cn = not num[0].isdigit() and not num.startswith("百分之")
        pct_word = num.startswith("百分之")
        if pct_word:
            unit = "%"
        if not unit:
            # bare Arabic number: only "党委会33," shapes
            if is_cn or lo or m.group("q1") or not num[0].isdigit():
                continue
            nxt = text[m.end("num") : m.end("num") + 1]
            prv = text[ns - 1 : ns] if ns > 0 else ""
            if nxt not in ("，", ",", "；", ";", "。", "、") or not ("\u4e00" <= prv <= "\u9fff"):
                continue
            if prv in "第年月日号期届" or text.endswith(_BARE_BAD_PREV_WORDS, 0, ns):
                continue
        # rejections --------------------------------------------------------
        if masked(fig_start, fig_end, is_cn or bool(lo and not lo[0].isdigit()), not unit or bool(lo)):
            continue
        value = parse_number(num)
        if value is None:
            continue
        if is_cn:
            if not _cn_ok(text, ns, num):
                continue
        else:
            if ns > 0 and text[ns - 1] in _AR_BAD_PREV and not lo:
                continue
            if ns > 0 and (text[ns - 1].isascii() and text[ns - 1].isalnum()):
                continue
            nxt = text[m.end(): m.end() + 1]
            if not unit and nxt.isascii() and nxt.isalnum():
                continue
        if text.endswith(("排名前", "位居前", "位列前", "居前", "进入前", "名列前", "前列第"), 0, fig_start):
            continue
        if _in_title(text, fig_start, fig_end, unit, is_cn):
            continue
        if unit and unit in _UNIT_BAD_NEXT:
            nx = text[fig_end : fig_end + 1]
            if nx and nx in _UNIT_BAD_NEXT[unit]:
                continue
        if unit in _UNIT_BAD_NEXT_WORDS and text.startswith(_UNIT_BAD_NEXT_WORDS[unit], fig_end):
            continue
        if unit in ("分钟", "小时", "公里") and "圈" in text[fig_end : fig_end + 7]:
            continue  # "15分钟养老服务圈", "1小时生活圈": names, not counts
        if unit == "年" and _is_year(value, num):
            continue
        if not unit and (value in HOTLINES or _is_year(value, num)):
            continue
        if is_cn and fig_start > 0 and text[fig_start - 1] in ("数", "几", "若"):
            continue
        if unit and is_cn and num == "一" and text.startswith("一", fig_end):
            continue  # 一户一档, 一人一策

        # scale and money -----------------------------------------------------
        scale = ""
        for sc in ("万亿", "亿", "万", "千"):
            if num.endswith(sc) and len(num) > len(sc):
                scale = sc
                break
        if unit in MONEY_UNITS and scale:
            unit = scale + "元"
            value = parse_number(num[: -len(scale)]) if num[0].isdigit() else value / _SCALE_VALUES[scale]
            if value is None:
                continue
        if unit == "％":
            unit = "%"

        # qualifier -----------------------------------------------------------
        qualifier = m.group("q1") or m.group("q2")
        if m.group("q2") == "内":
            qualifier = "以内"

        # label ---------------------------------------------------------------
        win_start = max(prev_end, fig_start - 80)
        bm = _LAST_BREAK_RE.match(text, win_start, fig_start)
        before_raw = _clean(text[bm.end() if bm else win_start : fig_start]).lstrip("、，,；; ")
        pq = _PRE_Q_RE.search(before_raw)
        if pq and not qualifier:
            qualifier = pq.group(1)
        after_end = m.end()
        am = _AFTER_RE.match(text, after_end, min(n, after_end + 30))
        after_raw = am.group(0) if am else ""
        after_label = _clean_after(after_raw)
        if _AFTER_VERB_RE.match(after_label):
            after_label = ""
        after_closes = after_end + len(after_raw) >= n or text[after_end + len(after_raw)] in _CLAUSE_BREAK
        if prev_fig is not None and prev_after and before_raw.startswith(prev_fig["label"]):
            # "提供100万张门票和1万间客房": the previous figure's noun is not this one's label
            before_raw = before_raw[len(prev_fig["label"]) :].lstrip("和及与、，, ")
        open_br = max(before_raw.rfind("（"), before_raw.rfind("("))
        in_brackets = open_br >= 0 and "）" not in before_raw[open_br:] and ")" not in before_raw[open_br:]
        if in_brackets:
            before_raw = before_raw[open_br + 1 :]  # "低于100万元（含100万元）", "（按季9万元）"

        stripped, trail = _strip_trail(before_raw)
        from_to = False
        sent_start = sentence_start(fig_start)
        if "由" in stripped:
            head, _, tail = stripped.rpartition("由")
            subject = _strip_lead(_strip_trail(head)[0])
            if subject:
                sent_subject = (sent_start, subject)  # "X由a提高至b": b is X too
            if _strip_lead(head) and (not _strip_lead(tail) or before_raw.rpartition("由")[2].rstrip().endswith("的")):
                stripped, from_to = head, True  # "平均办理时长由上年的8.6天" → 平均办理时长
            else:
                stripped = tail  # "由原总时限320天" → 原总时限
        label = _strip_lead(stripped)
        stripped_all = label
        lv = _LEAD_VERB_RE.match(label)
        if lv and len(label) - lv.end() >= 2 and not _GENERIC_NOUN_RE.match(label, lv.end()):
            label = label[lv.end():]

        between = text[prev_end:fig_start] if prev_fig is not None else None
        # "…80万元和二手房60万元": 和 joins two figures, it is no preposition here
        joined = prev_fig is not None and (bm.end() if bm else win_start) <= prev_end
        labels: list[str]
        if pending_items and between is not None and _JOIN_RE.fullmatch(between):
            labels = [pending_items.pop(0)]
        elif between == "" and prev_fig is not None and not before_raw:
            labels = [prev_fig["label"]]  # "4类98项": the second figure shares the label
        else:
            pending_items = []
            raw_for_weak = before_raw.rstrip()
            weak = (
                not label
                or (before_raw[:1] in _PREP and len(label) <= 4 and bool(after_label) and not joined)
                or bool(_VERB_ONLY_RE.match(stripped_all))
                or raw_for_weak.endswith(("的", "等", "有"))
                or (after_raw.startswith("的") and 0 < len(after_label) <= 8 and after_closes)
                or (bool(after_label) and bool(_VERB_END_RE.search(raw_for_weak) or _PREP_END_RE.search(raw_for_weak)))
                or ("、" in stripped and after_label and not _VERB_ONLY_RE.match(after_label[:2]))
            )
            change = _CHANGE_RE.search(trail) if trail else None
            if "分别" in before_raw:
                pre, _, suf = before_raw.rpartition("分别")
                if _COMPARE_RE.fullmatch(_strip_lead(pre)):
                    suf, pre = _strip_lead(pre) + suf, ""  # "同比分别下降A和B": items are the previous figures
                suf = _SUF_TRIM_RE.sub("", suf)
                items = [i for i in (_strip_lead(x) for x in _LIST_SPLIT_RE.split(_strip_lead(pre))) if i]
                if "由" in suf and items:
                    # "额度分别由现行新房80万元和二手房60万元提高至100万元"
                    modifier = _strip_lead(suf.rpartition("由")[2])
                    items, suf = [modifier + items[-1] if modifier else items[-1]], ""
                if not items:
                    k = 1
                    pos = m.end()
                    while pos < n and text[pos] in "、和及与":
                        nm = _FIG_RE.match(text, pos + 1)
                        if not nm or not nm.group("unit"):
                            break
                        k += 1
                        pos = nm.end()
                    items = [f["label"] for f in out if f["start"] is not None and f["start"] >= sent_start][-k:]
                labels_all = [i + suf for i in items if i] or [label or after_label]
                labels = labels_all[:1]
                pending_items = labels_all[1:]
            elif not label and change and prev_fig is not None:
                verb = change.group(1)
                base = prev_fig["label"]
                if sent_subject is not None and sent_subject[0] == sent_start:
                    labels = [sent_subject[1]]
                elif prev_from_to:
                    labels = [base]
                else:
                    if base.startswith("原"):
                        base = base[1:]
                    labels = [f"{verb}后{base}" if base else verb]
            elif in_brackets and not label and prev_fig is not None:
                labels = [prev_fig["label"]]  # "低于100万元（含100万元）": a restatement
            elif weak and after_label:
                labels = [after_label]
            elif "、" in label and (unit == "%" or "均" in trail) or ("均" in trail and _LIST_SPLIT_RE.search(label)):
                items = [i for i in (_strip_lead(x) for x in (_LIST_SPLIT_RE.split(label) if "均" in trail else label.split("、"))) if i]
                if len(items) > 1 and (all(_RATE_END_RE.search(i) for i in items) or "均" in trail):
                    labels = items
                else:
                    labels = [label]
            elif not label and not after_label and prev_fig is not None and (
                in_brackets or (between is not None and not _BREAK_IN_RE.search(between))
            ):
                labels = [prev_fig["label"]]  # "15支共计860人": same clause, same subject
            else:
                labels = [label or after_label]

        if not any(labels) and bm is not None and bm.end() - 1 > sentence_start(fig_start):
            # "其中4月访问量最高,达1,230万次": the label is in the clause before
            pb = _LAST_BREAK_RE.match(text, max(prev_end, sentence_start(fig_start), fig_start - 120), bm.end() - 1)
            prev_clause = _clean(text[pb.end() if pb else max(prev_end, sentence_start(fig_start)) : bm.end() - 1])
            dm = _DIGIT_RE.search(prev_clause)
            if dm:
                prev_clause = prev_clause[: dm.start()]
            fallback = _strip_lead(_strip_trail(prev_clause)[0])
            if fallback:
                labels = [fallback]
        sentence = sentence_of(fig_start)
        section = secs.at(fig_start)

        def mk(lbl: str, val: float, q: str | None, a: int, b: int, u: str | None) -> Metric:
            return Metric(
                label=lbl, value=float(val), unit=u, qualifier=q, sentence=sentence, section=section,
                start=a, end=b, canonical=None, table=None, row=None, column=None,
            )

        if lo:
            lounit = m.group("lounit")
            lo_val = parse_number(lo)
            if lo_val is None or (lounit and lounit != m.group("unit")) or not unit:
                continue
            if _is_year(lo_val, lo) or (unit == "年" and _is_year(value, num)):
                continue
            if lo[0].isdigit() is False and not _cn_ok(text, fig_start, lo):
                continue
            lo_end = m.end("lounit") if lounit else m.end("lo")
            for lbl in labels:
                out.append(mk(lbl, lo_val, "下限", fig_start, lo_end, unit))
                out.append(mk(lbl, value, "上限", ns, fig_end, unit))
        else:
            for lbl in labels:
                out.append(mk(lbl, value, qualifier, fig_start, fig_end, unit))
        prev_fig = out[-1]
        prev_from_to = from_to
        prev_after = bool(after_label) and labels == [after_label]
        prev_end = m.end()
    return out
