-- Load staged PageRecords (Arrow tables stg_documents, stg_metrics, stg_attachments,
-- joined on `ordinal`, the record's position in the batch) into documents, metrics and
-- attachments. Runs inside one transaction opened by the caller; statements run in order.

-- 1. One row per document. doc_id = index_no when present, else sha1 of the URL.
--    Several records with one doc_id: the smallest URL wins, then the later input row.
create or replace temp table _docs as
select
    coalesce(nullif(trim(index_no), ''), sha1(source)) as doc_id,
    ordinal,
    sha256(coalesce(body_text, ''))                     as content_hash,
    cast(hash(source, status, status_reason, encoding, index_no, index_scheme, category,
              publisher, created_date, published_date, title, doc_number, keywords, validity,
              field_sources, body_text, sections, tables, source_name, report_year) as varchar) as record_hash
from stg_documents
where status = 'ok'
qualify row_number() over (
    partition by coalesce(nullif(trim(index_no), ''), sha1(source))
    order by source, ordinal desc
) = 1;

-- 2. A fingerprint of each document's figure rows (order-independent sum of DuckDB hash()
--    values; only compared with itself, so a hash change across DuckDB versions costs one
--    rewrite, never a wrong answer about the data).
create or replace temp table _doc_hash as
select
    d.doc_id,
    coalesce(h.metrics_hash, '0') as metrics_hash,
    coalesce(h.metric_count, 0)   as metric_count
from _docs d
left join (
    select
        ordinal,
        cast(sum(hash(label, value, unit, qualifier, sentence, section, start_offset, figure_kind, direction, is_target,
                      end_offset, canonical, table_name, row_label, column_label)) as varchar)
            as metrics_hash,
        count(*) as metric_count
    from stg_metrics
    group by ordinal
) h using (ordinal);

-- 3. Documents that are new or whose body or figures changed. `existed`: the warehouse
--    already holds the document (so it may have an old body to keep); a batch of new
--    documents (a first crawl) then reads no stored body at all.
create or replace temp table _changed as
select d.doc_id, d.ordinal, t.doc_id is not null as existed
from _docs d
join _doc_hash h using (doc_id)
left join documents t using (doc_id)
where t.doc_id is null
   or t.content_hash <> d.content_hash
   or t.metrics_hash <> h.metrics_hash;

-- Documents whose stored row must be rewritten: new, or any field or figure changed.
create or replace temp table _doc_changed as
select d.doc_id
from _docs d
join _doc_hash h using (doc_id)
left join documents t using (doc_id)
where t.doc_id is null
   or t.record_hash is distinct from d.record_hash
   or t.metrics_hash <> h.metrics_hash;

-- 4. Replace the changed documents' metrics and attachments. metric_id is deterministic;
--    a figure repeated within a record keeps its first row. The duplicates are removed
--    after the insert with a window over (rowid, metric_id, position) only: a window over the full
--    rows, or a join back to a narrow id table, costs 2-3x more for 1M rows. The rows this
--    insert adds are the ones above the highest rowid before it: inside one transaction (the
--    caller's, always) DuckDB numbers new rows above every committed one. A rowid range is
--    pushed into the scan, so the window never reads the stored figures.
delete from metrics where doc_id in (select doc_id from _changed);

create or replace temp table _metrics_mark as
select coalesce(max(rowid), -1) as last_rowid from metrics;

insert into metrics (
    metric_id, doc_id, kind, label, value, unit, qualifier, sentence, section,
    start_offset, end_offset, canonical, table_name, row_label, column_label, position, run_id,
    figure_kind, direction, is_target
)
select
    md5(json_array(c.doc_id, m.kind, m.table_name, m.row_label, m.column_label,
                   m.start_offset, m.label, m.value)),
    c.doc_id, m.kind, m.label, m.value, m.unit, m.qualifier, m.sentence, m.section,
    m.start_offset, m.end_offset, m.canonical, m.table_name, m.row_label, m.column_label,
    m.m_ordinal, $run_id, m.figure_kind, m.direction, m.is_target
from (
    select *,
        case when table_name is not null or row_label is not null or column_label is not null
             then 'table' else 'sentence' end as kind
    from stg_metrics
) m
join _changed c using (ordinal);

delete from metrics
where rowid in (
    select rowid
    from (
        select rowid, row_number() over (partition by metric_id order by position) as rn
        from metrics
        where rowid > (select last_rowid from _metrics_mark)
    )
    where rn > 1
);

delete from attachments where doc_id in (select doc_id from _changed);

insert into attachments (doc_id, url, name, type, run_id)
select c.doc_id, a.url, a.name, a.type, $run_id
from stg_attachments a
join _changed c using (ordinal)
qualify row_number() over (partition by c.doc_id, a.url order by a.a_ordinal) = 1;

-- 5. Every document in the batch was seen in this run; only changed ones are rewritten.
--    The current version's body lives in documents only; before a changed document is
--    overwritten, its body moves into its version row, so no body is ever lost.
update document_versions v
set body_text = d.body_text
from (
    select doc_id, content_hash, body_text
    from documents
    where doc_id in (select doc_id from _changed where existed)
) d
where v.doc_id = d.doc_id
  and v.content_hash = d.content_hash
  and v.body_text is null;

update documents set last_seen_run = $run_id
where doc_id in (select doc_id from _docs);

merge into documents t
using (
    select s.*, d.doc_id, d.content_hash, d.record_hash, h.metrics_hash, h.metric_count
    from stg_documents s
    join _docs d using (ordinal)
    join _doc_hash h using (doc_id)
    where d.doc_id in (select doc_id from _doc_changed)
) s
on t.doc_id = s.doc_id
when matched then update set
    -- the smallest URL stays canonical: an alias never moves a document
    url = least(t.url, s.source), status = s.status,
    status_reason = s.status_reason, encoding = s.encoding,
    index_no = s.index_no, index_scheme = s.index_scheme, category = s.category,
    publisher = s.publisher,
    created_date = try_cast(s.created_date as date), created_date_text = s.created_date,
    published_date = try_cast(s.published_date as date), published_date_text = s.published_date,
    source_name = s.source_name, report_year = s.report_year,
    title = s.title, doc_number = s.doc_number, keywords = s.keywords, validity = s.validity,
    field_sources = s.field_sources, body_text = s.body_text, sections = s.sections,
    tables = s.tables, content_hash = s.content_hash, record_hash = s.record_hash,
    metrics_hash = s.metrics_hash, metric_count = s.metric_count, last_seen_run = $run_id,
    changed_run = $run_id
when not matched then insert (
    doc_id, url, status, status_reason, encoding, index_no, index_scheme, category, publisher,
    created_date, created_date_text, published_date, published_date_text, source_name,
    report_year, title, doc_number, keywords, validity, field_sources,
    body_text, sections, tables, content_hash, record_hash, metrics_hash, metric_count,
    first_seen_run, last_seen_run, changed_run
) values (
    s.doc_id, s.source, s.status, s.status_reason, s.encoding, s.index_no, s.index_scheme,
    s.category, s.publisher, try_cast(s.created_date as date), s.created_date,
    try_cast(s.published_date as date), s.published_date, s.source_name, s.report_year,
    s.title, s.doc_number,
    s.keywords, s.validity, s.field_sources, s.body_text, s.sections, s.tables,
    s.content_hash, s.record_hash, s.metrics_hash, s.metric_count, $run_id, $run_id, $run_id
);


-- 6. History: every distinct body of a document is kept (append-only); the current one's
--    body_text is null here and read from documents (see v_document_history).
insert into document_versions
select t.doc_id, t.content_hash, t.url, t.title, t.published_date, null, $run_id
from documents t
where t.doc_id in (select doc_id from _changed)
on conflict do nothing;

-- 7. Aliases: every URL each document was found under in this batch.
insert into document_urls
select distinct coalesce(nullif(trim(index_no), ''), sha1(source)), source, $run_id, $run_id
from stg_documents
where status = 'ok'
on conflict (doc_id, url) do update set last_seen_run = excluded.last_seen_run;
