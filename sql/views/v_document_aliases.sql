-- Every URL a document was found under; the canonical one is documents.url.
create or replace view v_document_aliases as
select u.doc_id, u.url, u.url = d.url as is_canonical, u.first_seen_run, u.last_seen_run
from document_urls u
join documents d using (doc_id);
