-- Named views for analysts. Dates are typed here (try_cast: a malformed date is null).

create or replace view v_documents as
select
    d.doc_id,
    d.url,
    p.source,
    d.index_no,
    d.index_scheme,
    d.category,
    d.publisher,
    try_cast(d.created_date as date)   as created_date,
    try_cast(d.published_date as date) as published_date,
    coalesce(year(try_cast(d.published_date as date)),
             year(try_cast(d.created_date as date))) as year,
    d.title,
    d.doc_number,
    d.keywords,
    d.validity,
    length(d.body_text) as body_length,
    d.metric_count,
    d.content_hash,
    d.first_seen_run,
    d.last_seen_run,
    d.changed_run,
    p.fetched_at,
    p.warc_path,
    p.warc_offset
from documents d
left join pages p on p.url = d.url;

create or replace view v_metrics as
select
    m.metric_id,
    m.doc_id,
    d.publisher,
    d.year,
    d.title,
    d.url,
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

create or replace view v_metrics_by_publisher_year as
select
    coalesce(publisher, '(unknown)')        as publisher,
    year,
    coalesce(canonical, label)              as metric,
    unit,
    count(*)                                as n_figures,
    count(distinct doc_id)                  as n_documents,
    sum(value)                              as total_value,
    min(value)                              as min_value,
    max(value)                              as max_value
from v_metrics
group by all;

create or replace view v_pages_by_status as
select source, kind, status, count(*) as n_pages, max(fetched_at) as last_fetched_at
from pages
group by all;

create or replace view v_dq_latest as
select r.*
from dq_results r
join (
    select dq_run_id from dq_runs order by started_at desc limit 1
) l using (dq_run_id);
