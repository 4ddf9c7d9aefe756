-- pages.etag / last_modified: the validators of the stored response, sent back as
-- If-None-Match / If-Modified-Since on the next crawl (a 304 transfers no body).
-- document_versions: one row per distinct body of a document, append-only, so a page
-- edited after publication keeps its history; documents holds the latest version.
alter table pages add column etag varchar;

alter table pages add column last_modified varchar;

create table if not exists document_versions (
    doc_id         varchar not null,
    content_hash   varchar not null,       -- sha256 of body_text
    url            varchar not null,
    title          varchar,
    published_date varchar,
    body_text      varchar,
    first_seen_run varchar not null,
    primary key (doc_id, content_hash)
);

insert into document_versions
select doc_id, content_hash, url, title, published_date, body_text, first_seen_run
from documents
on conflict do nothing;

create or replace view v_document_history as
select v.doc_id, v.content_hash, v.url, v.title, v.published_date, v.first_seen_run,
       r.started_at as first_seen_at,
       v.content_hash = d.content_hash as is_current
from document_versions v
left join runs r on r.run_id = v.first_seen_run
left join documents d on d.doc_id = v.doc_id;
