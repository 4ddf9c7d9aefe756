-- Public figures with their document's publisher, years, title and URL.
create or replace view v_metrics as
select
    m.metric_id,
    m.doc_id,
    d.publisher,
    d.publisher_region,
    d.publisher_level,
    d.report_year,
    d.published_year,
    d.title,
    d.url,
    m.position,
    m.kind,
    m.figure_kind,
    m.direction,
    m.is_target,
    m.label,
    m.canonical,
    m.value,
    m.unit,
    m.qualifier,
    m.table_name,
    m.row_label,
    m.column_label,
    m.section,
    m.sentence,
    m.start_offset,
    m.end_offset
from metrics m
join v_documents d on d.doc_id = m.doc_id
where not exists (
    select 1 from quarantine q where q.table_name = 'metrics' and q.row_key = m.metric_id
);
