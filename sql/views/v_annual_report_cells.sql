-- Every cell of the national annual disclosure report tables (政府信息公开工作年度报告),
-- long form: one row per report × table × row × column, with the year the report covers
-- (documents.report_year) and the canonical metric of the cell (the same name across the
-- templates' labels, e.g. 本年处理决定数量 / 处理决定数量; govdocs/figures/canonical.toml).
create or replace view v_annual_report_cells as
select
    m.doc_id,
    m.publisher,
    m.publisher_region,
    m.publisher_level,
    m.report_year,
    m.published_year,
    m.table_name,
    m.row_label,
    m.column_label,
    m.canonical,
    m.value,
    m.unit
from v_metrics m
where m.kind = 'table';
