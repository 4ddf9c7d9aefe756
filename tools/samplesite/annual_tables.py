"""The tables of the 政府信息公开工作年度报告: 二 (主动公开), 三 (依申请公开), 四 (复议诉讼).

Values only; `rendering` writes them as HTML. Editions follow the two official templates:
"2019" (the trial template, one 其他处理 row) and "2021" (其他处理 split in three, table 二
with 制发/废止/现行有效 columns).
"""

from __future__ import annotations

import random
from typing import Any, TypedDict

T3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_NEW = "一、本年新收政府信息公开申请数量"
T3_CARRY = "二、上年结转政府信息公开申请数量"
T3_DONE = "三、本年度办理结果 / （七）总计"
T3_NEXT = "四、结转下年度继续办理"
T3_LEAVES_2021: list[tuple[str, str | None]] = [
    ("（一）予以公开", None),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("（三）不予公开", "1.属于国家秘密"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("（三）不予公开", "3.危及“三安全一稳定”"),
    ("（三）不予公开", "4.保护第三方合法权益"),
    ("（三）不予公开", "5.属于三类内部事务信息"),
    ("（三）不予公开", "6.属于四类过程性信息"),
    ("（三）不予公开", "7.属于行政执法案卷"),
    ("（三）不予公开", "8.属于行政查询事项"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("（四）无法提供", "2.没有现成信息需要另行制作"),
    ("（四）无法提供", "3.补正后申请内容仍不明确"),
    ("（五）不予处理", "1.信访举报投诉类申请"),
    ("（五）不予处理", "2.重复申请"),
    ("（五）不予处理", "3.要求提供公开出版物"),
    ("（五）不予处理", "4.无正当理由大量反复申请"),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("（六）其他处理", "3.其他"),
]
# How often each outcome occurs (relative), in the order of T3_LEAVES_2021.
LEAF_WEIGHTS = [46, 9, 0.3, 0.6, 0.6, 1.2, 1.2, 1.5, 0.8, 0.8, 18, 3, 2, 2.5, 1.5, 0.5, 0.5, 0.6, 4, 0.3, 3]
T4_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


class Table3(TypedDict):
    columns: list[str]
    rows: list[list[Any]]  # [label, 7 counts]


class Table4(TypedDict):
    columns: list[str]
    values: list[int]


class Table2Block(TypedDict):
    article: str
    header: list[str]
    rows: list[list[Any]]  # [label, values...]


class AnnualTables(TypedDict):
    edition: str
    table2: list[Table2Block]
    table3: Table3
    table4: Table4


def leaves(edition: str) -> list[tuple[str, str | None]]:
    """The outcome rows of table 三: (group, sub-row or None)."""
    if edition == "2021":
        return list(T3_LEAVES_2021)
    return [lf for lf in T3_LEAVES_2021 if lf[0] != "（六）其他处理"] + [("（六）其他处理", None)]


def table3(edition: str, scale: int, rng: random.Random) -> Table3:
    rows_leaves = leaves(edition)
    weights = list(LEAF_WEIGHTS)
    if edition != "2021":
        weights = [*weights[:18], sum(weights[18:])]
    shares = [0.72, 0.2, 0.01, 0.015, 0.03, 0.025]
    new_col: list[int] = []
    carry_col: list[int] = []
    leaves_col: list[list[int]] = []
    next_col: list[int] = []
    for share in shares:
        new = max(0, round(scale * share * rng.uniform(0.7, 1.3)))
        if share < 0.05 and rng.random() < 0.5:
            new = 0
        carry = rng.randint(0, max(0, new // 20)) if new else 0
        total_in = new + carry
        nxt = rng.randint(0, min(3, total_in // 12)) if total_in else 0
        handled = total_in - nxt
        counts = [0] * len(rows_leaves)
        for _ in range(handled):
            counts[rng.choices(range(len(rows_leaves)), weights=weights)[0]] += 1
        new_col.append(new)
        carry_col.append(carry)
        leaves_col.append(counts)
        next_col.append(nxt)

    def with_total(vals: list[int]) -> list[int]:
        return [*vals, sum(vals)]

    rows: list[tuple[str, list[int]]] = [(T3_NEW, with_total(new_col)), (T3_CARRY, with_total(carry_col))]
    for li, (grp, sub) in enumerate(rows_leaves):
        label = f"三、本年度办理结果 / {grp}" + (f" / {sub}" if sub else "")
        rows.append((label, with_total([c[li] for c in leaves_col])))
    rows.append((T3_DONE, with_total([sum(c) for c in leaves_col])))
    rows.append((T3_NEXT, with_total(next_col)))
    # the template's own consistency rule: 一 + 二 = 三(七) + 四 in every column
    r = dict(rows)
    for c in range(len(T3_COLS)):
        if r[T3_NEW][c] + r[T3_CARRY][c] != r[T3_DONE][c] + r[T3_NEXT][c]:
            raise ValueError(f"table 三 column {T3_COLS[c]}: 一 + 二 != 三(七) + 四")
    return {"columns": T3_COLS, "rows": [[label, *vals] for label, vals in rows]}


def table4(rng: random.Random, scale: int) -> Table4:
    def block(n_max: int) -> list[int]:
        vals = [rng.randint(0, n_max) for _ in range(4)]
        return [*vals, sum(vals)]

    hi = 2 if scale < 50 else 4
    review = block(hi)
    direct = block(hi - 1)
    after = block(1)
    cols = [
        f"{grp} / {c}"
        for grp in ("行政复议", "行政诉讼 / 未经复议直接起诉", "行政诉讼 / 复议后起诉")
        for c in T4_RESULTS
    ]
    return {"columns": cols, "values": review + direct + after}


def table2(edition: str, rng: random.Random, scale: int, agency: str) -> list[Table2Block]:
    """Blocks of table 二: each {article, header, rows: [[label, v...]]}."""
    big = scale >= 100
    makes_rules = agency == "qzf"
    if edition == "2021":
        made = rng.randint(2, 9) if makes_rules else rng.randint(0, 3)
        abolished = rng.randint(0, 4) if makes_rules else rng.randint(0, 1)
        current = made + rng.randint(10, 60) if made or makes_rules else rng.randint(0, 8)
        fee = round(rng.uniform(50, 3000), 2) if big else round(rng.uniform(0, 80), 2)
        return [
            {
                "article": "第二十条第（一）项",
                "header": ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                "rows": [["规章", 0, 0, 0], ["行政规范性文件", made, abolished, current]],
            },
            {
                "article": "第二十条第（五）项",
                "header": ["信息内容", "本年处理决定数量"],
                "rows": [["行政许可", rng.randint(200, 6000) if big else rng.randint(0, 900)]],
            },
            {
                "article": "第二十条第（六）项",
                "header": ["信息内容", "本年处理决定数量"],
                "rows": [
                    ["行政处罚", rng.randint(100, 3000) if big else rng.randint(0, 400)],
                    ["行政强制", rng.randint(0, 80) if big else rng.randint(0, 10)],
                ],
            },
            {
                "article": "第二十条第（八）项",
                "header": ["信息内容", "本年收费金额（单位：万元）"],
                "rows": [["行政事业性收费", fee]],
            },
        ]
    new_rules = rng.randint(2, 9) if makes_rules else rng.randint(0, 3)
    return [
        {
            "article": "第二十条第（一）项",
            "header": ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            "rows": [["规章", 0, 0, 0], ["规范性文件", new_rules, new_rules, new_rules + rng.randint(5, 60)]],
        },
        {
            "article": "第二十条第（五）项",
            "header": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            "rows": [
                ["行政许可", rng.randint(20, 300), rng.randint(-5, 8), rng.randint(100, 5000)],
                ["其他对外管理服务事项", rng.randint(5, 80), rng.randint(-3, 5), rng.randint(10, 900)],
            ],
        },
        {
            "article": "第二十条第（六）项",
            "header": ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            "rows": [
                ["行政处罚", rng.randint(50, 900), rng.randint(-10, 20), rng.randint(20, 2000)],
                ["行政强制", rng.randint(5, 60), rng.randint(-2, 3), rng.randint(0, 50)],
            ],
        },
        {
            "article": "第二十条第（八）项",
            "header": ["信息内容", "上一年项目数量", "本年增/减"],
            "rows": [["行政事业性收费", rng.randint(3, 40), rng.randint(-3, 2)]],
        },
        {
            "article": "第二十条第（九）项",
            "header": ["信息内容", "采购项目数量", "采购总金额"],
            "rows": [["政府集中采购", rng.randint(5, 200), round(rng.uniform(100, 20000), 2)]],
        },
    ]
