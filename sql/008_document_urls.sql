-- document_urls: every URL a document was found under (the same 索引号 published in two
-- columns, a page moved to a new path …). documents.url is the canonical one (the smallest
-- URL); the others are aliases, never extra documents.
create table if not exists document_urls (
    doc_id         varchar not null,
    url            varchar not null,
    first_seen_run varchar not null,
    last_seen_run  varchar not null,
    primary key (doc_id, url)
);

insert into document_urls
select doc_id, url, first_seen_run, last_seen_run from documents
on conflict do nothing;

create or replace view v_document_aliases as
select u.doc_id, u.url, u.url = d.url as is_canonical, u.first_seen_run, u.last_seen_run
from document_urls u
join documents d using (doc_id);
