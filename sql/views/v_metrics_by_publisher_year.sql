-- Public figures per publisher, report year and metric (canonical name when there is one).
create or replace view v_metrics_by_publisher_year as
select
    coalesce(publisher, '(unknown)')        as publisher,
    report_year,
    coalesce(canonical, label)              as metric,
    unit,
    count(*)                                as n_figures,
    count(distinct doc_id)                  as n_documents,
    sum(value)                              as total_value,
    min(value)                              as min_value,
    max(value)                              as max_value
from v_metrics
group by all;
