-- The $metrics figures reported by the most publishers, per publisher and report year: the sum of
-- the values, the mean for percentages (a sum of rates means nothing).
with top as (
    select metric, unit, count(distinct publisher) as n_publishers, sum(n_figures) as n
    from v_metrics_by_publisher_year
    where report_year is not null
    group by all
    order by n_publishers desc, n desc, metric, unit nulls first
    limit $metrics
)
select v.metric, v.unit, v.publisher, v.report_year,
       case when v.unit in ('%', '‰') then v.total_value / v.n_figures else v.total_value end as value,
       t.n_publishers
from v_metrics_by_publisher_year v
join top t on t.metric = v.metric and t.unit is not distinct from v.unit
where v.report_year is not null
order by t.n_publishers desc, v.metric, v.publisher, v.report_year;
