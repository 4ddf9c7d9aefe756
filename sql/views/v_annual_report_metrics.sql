-- Annual-report figures by publisher × report year × canonical metric: "how many 行政许可
-- decisions did each district report per year" is
--   select publisher, report_year, value from v_annual_report_metrics
--   where metric = '行政许可决定数' order by 1, 2;
-- A publisher that published two reports for one year (a correction) counts both documents
-- in n_documents; value is their sum, so check n_documents = 1 before comparing.
create or replace view v_annual_report_metrics as
select
    publisher,
    publisher_region,
    publisher_level,
    report_year,
    canonical                   as metric,
    unit,
    sum(value)                  as value,
    count(*)                    as n_cells,
    count(distinct doc_id)      as n_documents
from v_annual_report_cells
where canonical is not null and report_year is not null
group by all;
