-- The most frequent figures per publisher and report year.
select publisher, report_year, metric, unit, n_figures, n_documents, total_value
from v_metrics_by_publisher_year
qualify row_number() over (partition by publisher, report_year order by n_figures desc, metric, unit) <= $per_group
order by publisher, report_year nulls last, n_figures desc, metric, unit
limit $limit;
