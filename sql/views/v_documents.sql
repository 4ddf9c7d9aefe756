-- Public documents (quarantined ones are in documents_quarantine) with the publisher
-- normalised through `publishers`, the year published and the year reported on.
create or replace view v_documents as
select
    d.doc_id,
    d.url,
    p.source,
    d.source_name,
    d.index_no,
    d.index_scheme,
    d.category,
    coalesce(pub.canonical_name, d.publisher)   as publisher,
    d.publisher                                 as publisher_as_written,
    pub.region                                  as publisher_region,
    pub.level                                   as publisher_level,
    d.created_date,
    d.published_date,
    cast(coalesce(year(d.published_date), year(d.created_date)) as integer) as published_year,
    d.report_year,
    d.title,
    d.doc_number,
    d.keywords,
    d.validity,
    cast(length(d.body_text) as bigint)         as body_length,
    d.metric_count,
    d.content_hash,
    d.first_seen_run,
    d.last_seen_run,
    d.changed_run,
    p.fetched_at,
    p.warc_path,
    p.warc_offset
from documents d
left join pages p on p.url = d.url
left join publishers pub on pub.name = trim(d.publisher)
where not exists (
    select 1 from quarantine q where q.table_name = 'documents' and q.row_key = d.doc_id
);
