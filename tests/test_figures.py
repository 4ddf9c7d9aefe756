"""find_figures on sentences: labels, units, numerals, traps."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdocs.figures import find_figures


def figs(text: str) -> list[tuple[str, float, str | None]]:
    return [(m["label"], m["value"], m["unit"]) for m in find_figures(text, [], [])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全年共计办理行政许可审批1071件。", [("行政许可审批", 1071.0, "件")]),
        ("认真处理2021年收到的2件行政复议案件。", [("行政复议案件", 2.0, "件")]),
        ("全年共开展13次中心组理论学习。", [("中心组理论学习", 13.0, "次")]),
        ("参考率、合格率达100%", [("参考率", 100.0, "%"), ("合格率", 100.0, "%")]),
        ("去年共收到信访件500余件,办结率达到100%。", [("信访件", 500.0, "件"), ("办结率", 100.0, "%")]),
        ("举办培训十二期。", [("培训", 12.0, "期")]),
        ("编印宣传资料一千二百三十四份。", [("宣传资料", 1234.0, "份")]),
        ("群众满意度达到百分之九十。", [("群众满意度", 90.0, "%")]),
        ("服务群众1.2万人次。", [("服务群众", 12000.0, "人次")]),
        ("全年投入资金5.67万亿元。", [("资金", 5.67, "万亿元")]),
        ("发放宣传册1,200份。", [("宣传册", 1200.0, "份")]),
        ("有效期5年。", [("有效期", 5.0, "年")]),
        ("计划总投资1.35亿元。", [("计划总投资", 1.35, "亿元")]),
        ("在线办理率达到95%。", [("在线办理率", 95.0, "%")]),
        ("及时办结率98%。", [("及时办结率", 98.0, "%")]),
        ("公示期为2024年4月18日至2024年4月24日，共5个工作日。", [("公示期", 5.0, "个工作日")]),
        (
            "全区共有人民调解委员会213个,人民调解员1,075名。",
            [("人民调解委员会", 213.0, "个"), ("人民调解员", 1075.0, "名")],
        ),
        ("组建应急救援队伍15支共计860人。", [("应急救援队伍", 15.0, "支"), ("应急救援队伍", 860.0, "人")]),
        ("平均办理时长由上年的8.6天缩短至5.3天。", [("平均办理时长", 8.6, "天"), ("平均办理时长", 5.3, "天")]),
        ("二氧化硫和氮氧化物分别减排35吨、212吨。", [("二氧化硫减排", 35.0, "吨"), ("氮氧化物减排", 212.0, "吨")]),
        (
            "收到行政复议案件19件、行政诉讼案件8件,分别比上年下降24%和33%。",
            [
                ("行政复议案件", 19.0, "件"),
                ("行政诉讼案件", 8.0, "件"),
                ("行政复议案件", 24.0, "%"),
                ("行政诉讼案件", 33.0, "%"),
            ],
        ),
        ("仲裁结案率达到90%至95%。", [("仲裁结案率", 90.0, "%"), ("仲裁结案率", 95.0, "%")]),
        ("部分司法所仅有1-2名工作人员。", [("工作人员", 1.0, "名"), ("工作人员", 2.0, "名")]),
        ("全区一般工业固废产生量42.6万吨。", [("一般工业固废产生量", 426000.0, "吨")]),
        ("罚款共计9.5万元。", [("罚款", 9.5, "万元")]),
        (
            "提供100万张景区优惠门票，派发100万张特价优惠机票和1万间优惠客房。",
            [("景区优惠门票", 1e6, "张"), ("特价优惠机票", 1e6, "张"), ("优惠客房", 10000.0, "间")],
        ),
        (
            "年应纳税所得额低于100万元（含100万元）的小型微利企业",
            [("年应纳税所得额", 100.0, "万元"), ("年应纳税所得额", 100.0, "万元")],
        ),
        ("给予购房者合同价款1％的补贴；", [("补贴", 1.0, "%")]),
        ("力争2023年新建4万个5G基站。", [("5G基站", 40000.0, "个")]),
        # issue 13: no comparison, subject or verb left in a label
        ("信访件相较去年减少22件。", [("信访件", 22.0, "件")]),
        ("我们新建学校3所。", [("学校", 3.0, "所")]),
        ("实施12个项目。", [("项目", 12.0, "个")]),  # issue 13: not 目
        # list markers and bound words are no part of a label
        ("3、新开具的购房证明有效期调整为180天。", [("新开具的购房证明有效期", 180.0, "天")]),
        ("一、全年办理行政许可审批1071件。", [("行政许可审批", 1071.0, "件")]),
        ("贷款额度个人最高30万元。", [("贷款额度个人", 30.0, "万元")]),
        ("全年办好15件民生实事。", [("民生实事", 15.0, "件")]),
        ("通过求职招聘服务平台举办超150场网络招聘会，开展跨省招聘。", [("网络招聘会", 150.0, "场")]),
        (
            "今年截至8月底，我市新增公积金贷款10681笔、87.74亿元。",
            [("新增公积金贷款", 10681.0, "笔"), ("新增公积金贷款", 87.74, "亿元")],
        ),
        # 不低于 ends in 于 but is no preposition; 调整为 starts no noun
        (
            "购房首付款比例由不低于30%调整为不低于20%；购买第二套住房的，由不低于60%调整为不低于30%。",
            [
                ("购房首付款比例", 30.0, "%"),
                ("购房首付款比例", 20.0, "%"),
                ("购房首付款比例", 60.0, "%"),
                ("购房首付款比例", 30.0, "%"),
            ],
        ),
        ("粮食产量稳定在500亿斤以上。", [("粮食产量", 5e10, "斤")]),
        ("改造老旧小区1.84万个，惠及310多万户。", [("改造老旧小区", 18400.0, "个"), ("惠及", 3.1e6, "户")]),
    ],
)
def test_sentence_figures(text, expected):
    assert figs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # (value, unit, key): the label must contain the key (the evaluation's rule)
        (
            "最高贷款基准额度分别由现行新房80万元和二手房60万元统一提高至100万元。",
            [
                (80.0, "万元", "新房最高贷款基准额度"),
                (60.0, "万元", "二手房最高贷款基准额度"),
                (100.0, "万元", "最高贷款基准额度"),
            ],
        ),
        ("按300元/平方米留存。", [(300.0, "元/平方米", "留存")]),
    ],
)
def test_labels_contain_the_key(text, expected):
    got = [(m["value"], m["unit"], m["label"]) for m in find_figures(text, [], [])]
    assert len(got) == len(expected), got
    for (v, u, label), (ev, eu, key) in zip(got, expected, strict=False):
        assert (v, u) == (ev, eu) and key in label, (got, expected)


def test_several_figures_in_one_sentence():
    got = figs("由原总时限320天,压缩为32天,压缩率90%;")
    assert [(v, u) for _, v, u in got] == [(320.0, "天"), (32.0, "天"), (90.0, "%")]
    assert got[0][0] == "原总时限" and "压缩" in got[1][0] and got[2][0] == "压缩率"


@pytest.mark.parametrize(
    "text",
    [
        "2021年,区城市管理局坚持以习近平法治思想为指导。",
        "发布日期:2022-01-25",
        "2022年1月25日",
        "二〇二二年一月二十五日",
        "全面贯彻党的十九大和十九届二中、三中、四中、五中、六中全会精神",
        "一是加强统筹安排。二是加强督导督办。",
        "(沙城管局发〔2021〕91号)",
        "违法和不良信息举报电话:023-12345",
        "落实“三项制度”,实现“六统一”,建设“一站式”服务平台,“一单两库一细则”",
        "建设了门前三包五长制小程序,实现群众“零”跑路",
        "连续排名第一,第一次案卷评查",
        "推行“一件事一次办”,统一张贴栏",
        "紧紧围绕“四个最严”要求,推行“最多跑一次”改革,学前三年行动计划",
        "落实7×24小时值班制度,开通24小时服务热线",
        "邮编621000,电话0816-2345678,拨打12345,",
        "开展“3·15”活动,“5·12防灾减灾日”,PM2.5,G353线,ISO9001",
        "实施专项整治三年行动,一户一档,一企一策,三分之一",
        "《达州市促进房地产市场良性循环健康发展十条措施》已经市政府同意\n达州市促进房地产市场健康发展十条措施\n",
        "调整二套房存贷挂钩机制,执行两部制电价,三次产业投资占比",
        "构建城市社区“15分钟养老服务圈”和1小时生活圈",
        "北京时间6月24日12时55分，于18日14时14分成功对接",
        "对居民购买二套及以上住房的，不再区分首套住房和二套住房",
        "年龄在40周岁以下的",
    ],
)
def test_not_figures(text):
    assert figs(text) == []


@pytest.mark.parametrize("bad", ["", "   ", "第", "%%%", "百分之", "1.2.3万", "\x00" * 10, "一" * 500])
def test_never_raises(bad):
    assert isinstance(find_figures(bad, [], []), list)


def test_offsets_and_section():
    text = "一、情况\n全年共计办理行政许可审批1071件。"
    sections = [{"path": "一、情况", "heading": "一、情况", "level": 1, "start": 0, "end": len(text)}]
    (m,) = find_figures(text, sections, [])
    assert text[m["start"] : m["end"]] == "1071件"
    assert m["section"] == "一、情况" and m["table"] is None and m["sentence"].startswith("全年")


# ---------------------------------------------------------------- robustness (Hypothesis)

_ALPHABET = "0123456789,.%％-:/〔〕()（）第年月日号件次个项万亿千百十一二两三四五六七八九零〇余多以上约近达共计为由至到分别、，。；“”\n 行政许可审批信访率"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_find_figures_never_raises_and_offsets_hold(text):
    for m in find_figures(text, [], []):
        assert 0 <= m["start"] < m["end"] <= len(text)
        assert isinstance(m["value"], float) and isinstance(m["label"], str)
        assert m["kind"] in ("count", "amount", "rate", "growth", "share", "range_low", "range_high")
        assert (m["direction"] is not None) == (
            m["kind"] == "growth" or (m["direction"] is not None and m["kind"].startswith("range"))
        )


@settings(max_examples=100)  # garbage-typed sections and tables: the real code paths, no blanket except
@given(
    st.text(max_size=100),
    st.lists(
        st.dictionaries(
            st.sampled_from(["path", "start", "end", "level", "heading"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=5)),
        ),
        max_size=3,
    ),
    st.lists(
        st.one_of(
            st.none(),
            st.dictionaries(
                st.sampled_from(["rows", "caption"]),
                st.one_of(
                    st.none(),
                    st.text(max_size=5),
                    st.lists(
                        st.lists(st.one_of(st.none(), st.text(max_size=4), st.integers()), max_size=4), max_size=4
                    ),
                ),
            ),
        ),
        max_size=3,
    ),
)
def test_garbage_sections_and_tables_never_raise(text, sections, tables):
    assert isinstance(find_figures(text, sections, tables), list)  # type: ignore[arg-type]


def test_non_string_body_never_raises():
    assert find_figures(None, None, None) == []  # type: ignore[arg-type]


def test_innermost_section_wins():
    text = "一、情况\n（一）审批\n全年共计办理行政许可审批1071件。\n二、问题\n信访件500余件。"
    i2 = text.index("二、")
    sections = [
        {"path": "一、情况", "heading": "一、情况", "level": 1, "start": 0, "end": i2},
        {
            "path": "一、情况 / （一）审批",
            "heading": "（一）审批",
            "level": 2,
            "start": text.index("（一）"),
            "end": i2,
        },
        {"path": "二、问题", "heading": "二、问题", "level": 1, "start": i2, "end": len(text)},
    ]
    got = [(m["value"], m["section"]) for m in find_figures(text, sections, [])]
    assert got == [(1071.0, "一、情况 / （一）审批"), (500.0, "二、问题")]


@pytest.mark.parametrize("text", ["一" * 100_000 + "件", "1" * 5000 + "件", "，".join(["3件"] * 3000)])
def test_huge_inputs(text):
    ms = find_figures(text, 42, {"x": 1})  # type: ignore[arg-type]
    assert isinstance(ms, list)
