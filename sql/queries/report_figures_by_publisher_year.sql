-- The most frequent figures per publisher and year.
select publisher, year, metric, unit, n_figures, n_documents, total_value
from v_metrics_by_publisher_year
qualify row_number() over (partition by publisher, year order by n_figures desc, metric, unit) <= $per_group
order by publisher, year nulls last, n_figures desc, metric, unit
limit $limit;
