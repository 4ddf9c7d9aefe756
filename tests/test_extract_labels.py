"""labels.toml is data: validate it like code."""

import tomllib

from govdocs.extract.metadata import FIELDS, LABELS_FILE, label_set, precedence

DATA = tomllib.loads(LABELS_FILE.read_text(encoding="utf-8"))


def test_every_record_field_has_labels_and_precedence():
    for fld in FIELDS:
        assert DATA["fields"].get(fld), fld
        assert precedence().get(fld), fld


def test_precedence_sources_are_known():
    for fld, order in precedence().items():
        assert set(order) <= {"block", "heading", "meta", "body", "title"}, fld
        assert len(order) == len(set(order)), fld


def test_no_spelling_belongs_to_two_fields():
    seen = {}
    for fld, spellings in DATA["fields"].items():
        for s in spellings:
            assert s not in seen, f"{s} in {seen.get(s)} and {fld}"
            seen[s] = fld


def test_weak_labels_are_known_spellings():
    known = {s for v in DATA["fields"].values() for s in v}
    assert set(DATA["weak"]["labels"]) <= known


def test_gov_pages_doc_spellings_are_covered():
    # the table in shared/docs/gov-pages.md (spaces and &nbsp; are ignored when matching)
    for fld, spellings in {
        "index_no": ["索引号", "索取号"],
        "category": ["信息分类", "信息分类名称", "主题分类", "分类", "主题", "法定主动公开分类", "组配分类"],
        "other": ["公文种类", "体裁"],  # the genre (通知, 年度报告), not a topic category
        # publisher: the issuing body only (issue 12); 来源 labels are source_name
        "publisher": ["发布机构", "发文机关", "发文机构", "制发单位", "发布单位", "公开责任部门", "发文单位"],
        "source_name": ["来源", "信息来源", "文章来源"],
        "created_date": ["生成日期", "成文日期", "成文时间", "公文生成日期", "印发日期", "登记日期", "发文日期"],
        "published_date": ["发布日期", "发布时间", "公开日期", "公布日期", "时间"],
        "title": ["名称", "标题", "信息名称", "公文名称"],
        "doc_number": ["文号", "发文字号", "文件编号", "备注/文号"],
        "keywords": ["主题词", "关键词"],
        "validity": ["有效性", "时效性", "文件有效性", "是否有效"],
    }.items():
        ls = label_set()
        for s in spellings:
            assert ls.field_of.get(s) == fld, (s, fld)


def test_every_rules_table_loads_with_a_source():
    from govdocs.extract import rules

    for name in ("body.toml", "page.toml"):
        for table, body in rules._load(name).items():
            assert body.source.strip(), (name, table)
            assert body.words or body.patterns, (name, table)
