"""report_year: the year a document reports on (title first, then the opening text)."""

from __future__ import annotations

import pytest

from govdocs.warehouse.report_year import report_year


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("重庆市沙坪坝区城市管理局2021年法治政府建设年度报告", 2021),  # the seed page, published 2022
        ("2023年度政府信息公开工作年度报告", 2023),
        ("重庆市沙坪坝区司法局2023年度法治政府建设工作报告", 2023),
        ("重庆市沙坪坝区市场监督管理局关于2021年度法治政府建设情况的报告", 2021),
        ("重庆市沙坪坝区交通局关于2022年度道路运输企业质量信誉考核结果的公示", 2022),
        ("二〇二一年政府信息公开工作年度报告", 2021),
        ("２０２０年 工作总结", 2020),
        ("重庆市沙坪坝区人民政府办公室关于做好2022年春节期间安全生产工作的通知", None),
        ("沙坪坝区2023年事业单位公开招聘工作人员公告", None),
        ("关于印发《关于进一步优化调整房地产政策若干措施》的通知", None),
        ("2024年1月15日会议纪要", None),
        ("政府信息公开工作年度报告（2021年）", 2021),
        ("2023年上半年工作总结", 2023),
        ("沙坪坝区2016年至2020年工作总结", None),  # a period of several years
        ("2019-2021年度执法情况报告", None),
        ("关于2022年第三季度食品安全监督抽检情况的通告", None),
        (None, None),
        ("", None),
    ],
)
def test_report_year_from_the_title(title, expected):
    assert report_year(title) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("政府信息公开工作年度报告", "本报告所列数据统计期限自2021年1月1日起至2021年12月31日止。", 2021),
        ("政府信息公开工作年度报告", "本年度报告中所列数据的统计期限自2022年1月1日至12月31日。", 2022),
        ("法治政府建设情况报告", "现将我局2020年度法治政府建设情况报告如下：", 2020),
        ("五年工作总结", "统计期限自2016年1月1日至2020年12月31日。", None),
        ("关于加强管理的通知", "现将2021年度考核结果通知如下。", None),  # not a report: the text is not asked
        ("政府信息公开工作年度报告", "前言" * 400 + "2021年度", None),  # beyond the opening
    ],
)
def test_report_year_from_the_opening_text(title, body, expected):
    assert report_year(title, body) == expected


def test_title_wins_over_text():
    assert report_year("2021年法治政府建设年度报告", "2020年度工作回顾") == 2021
