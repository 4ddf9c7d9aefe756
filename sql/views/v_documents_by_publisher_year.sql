-- Public documents and their public figures per publisher and report year.
create or replace view v_documents_by_publisher_year as
select
    coalesce(d.publisher, '(unknown)')          as publisher,
    d.report_year,
    count(*)                                    as n_documents,
    cast(coalesce(sum(f.n), 0) as bigint)       as n_figures
from v_documents d
left join (select doc_id, count(*) as n from v_metrics group by doc_id) f using (doc_id)
group by all;
