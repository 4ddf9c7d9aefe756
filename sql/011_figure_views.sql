-- Views an analyst reaches for first (figures; built on the public, quarantine-free views).
--
-- v_annual_report_cells: every cell of the national annual disclosure report tables
--   (政府信息公开工作年度报告), with the year the report covers (from its title, else the
--   year before publication) — long form: one row per report × table × row × column.
create or replace view v_annual_report_cells as
select
    m.doc_id,
    m.publisher,
    coalesce(try_cast(regexp_extract(m.title, '((?:19|20)\d{2})年', 1) as integer),
             m.year - 1)                       as report_year,
    m.table_name,
    m.row_label,
    m.column_label,
    m.value,
    m.unit
from v_metrics m
where m.kind = 'table';

-- v_annual_report_by_year: the same cells wide by report year, one column per year.
--   DuckDB views need the pivot values spelled out: 2008 (the disclosure regulation's
--   first reports) to 2030; a later year needs a new migration extending the list.
create or replace view v_annual_report_by_year as
pivot v_annual_report_cells
on report_year in (2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019,
                   2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030)
using sum(value)
group by publisher, table_name, row_label, column_label, unit;

-- v_canonical_metrics: the same figure (canonical name from govdocs/figures/canonical.toml)
--   across agencies and years, so 行政许可决定数 of every bureau lands in one column.
create or replace view v_canonical_metrics as
select
    canonical,
    publisher,
    year,
    unit,
    sum(value)  as value,
    count(*)    as figures,
    count(distinct doc_id) as documents
from v_metrics
where canonical is not null
group by all;
