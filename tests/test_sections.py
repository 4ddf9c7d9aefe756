"""Section trees beyond 一、/（一）: chapters and articles of regulations."""

from govdocs.extract.body import find_sections


def test_chapters_and_articles_nest():
    lines = [
        "第一章 总则",
        "第一条 为了规范城市道路临时停车泊位管理，制定本办法。",
        "第二条 本办法适用于本区行政区域。",
        "第二章 设置",
        "第三条 临时停车泊位由区城市管理部门设置。",
    ]
    secs = find_sections(lines)
    assert [(s["level"], s["heading"]) for s in secs] == [
        (0, "第一章 总则"),
        (1, "第一条 为了规范城市道路临时停车泊位管理，制定本办法"),
        (1, "第二条 本办法适用于本区行政区域"),
        (0, "第二章 设置"),
        (1, "第三条 临时停车泊位由区城市管理部门设置"),
    ]
    assert secs[4]["path"] == "第二章 设置 / 第三条 临时停车泊位由区城市管理部门设置"


def test_an_article_reference_inside_a_sentence_is_not_a_heading():
    secs = find_sections(["根据《条例》第十二条规定，现通知如下。", "第十二条之规定不适用。"])
    assert [s["heading"] for s in secs] == ["第十二条之规定不适用"]  # only line starts count
