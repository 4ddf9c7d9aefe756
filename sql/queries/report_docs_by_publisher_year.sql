-- Public documents and figures per publisher and year (v_documents_by_publisher_year).
select publisher, year, n_documents, n_figures
from v_documents_by_publisher_year
order by publisher, year nulls last;
