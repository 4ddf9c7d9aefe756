select coalesce(publisher, '(unknown)') as publisher, year, count(*) as n_documents,
       sum(metric_count) as n_figures
from v_documents
group by all
order by publisher, year nulls last;
