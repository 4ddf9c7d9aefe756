-- One canonical figure (canonical name from govdocs/figures/canonical.toml) across
-- publishers and report years, from sentences and table cells alike, so 行政许可决定数 of
-- every bureau lands in one column.
create or replace view v_canonical_metrics as
select
    canonical,
    publisher,
    report_year,
    unit,
    sum(value)              as value,
    count(*)                as figures,
    count(distinct doc_id)  as documents
from v_metrics
where canonical is not null
group by all;
