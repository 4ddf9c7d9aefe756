-- The current version's body is stored once, in documents; document_versions keeps the
-- bodies of superseded versions (the loader moves a body there before overwriting it).
-- v_document_history shows every version with its body either way.
update document_versions v
set body_text = null
from documents d
where v.doc_id = d.doc_id and v.content_hash = d.content_hash;

create or replace view v_document_history as
select v.doc_id, v.content_hash, v.url, v.title, v.published_date, v.first_seen_run,
       r.started_at as first_seen_at,
       v.content_hash = d.content_hash as is_current,
       case when v.content_hash = d.content_hash then d.body_text else v.body_text end as body_text
from document_versions v
left join runs r on r.run_id = v.first_seen_run
left join documents d on d.doc_id = v.doc_id;
