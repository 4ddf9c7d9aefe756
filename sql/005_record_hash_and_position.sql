-- documents.record_hash: DuckDB hash() over every stored field of a document, so an
-- unchanged reload only touches last_seen_run instead of rewriting every body.
-- metrics.position: the figure's index in PageRecord.metrics (order in the document);
-- also what keeps the first of repeated figures deterministic.
alter table documents add column record_hash varchar default '';

alter table metrics add column position integer;

create or replace view v_metrics as
select
    m.metric_id,
    m.doc_id,
    d.publisher,
    d.year,
    d.title,
    d.url,
    m.position,
    m.kind,
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
join v_documents d on d.doc_id = m.doc_id;
