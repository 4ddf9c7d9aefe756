-- Public documents and figures per publisher and report year (v_documents_by_publisher_year; by the year reported on).
select publisher, report_year, n_documents, n_figures
from v_documents_by_publisher_year
order by publisher, report_year nulls last;
