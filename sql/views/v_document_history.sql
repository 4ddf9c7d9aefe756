-- Every version of every document, with its body (the current body is stored once, in
-- documents; superseded bodies in document_versions).
create or replace view v_document_history as
select v.doc_id, v.content_hash, v.url, v.title, v.published_date, v.first_seen_run,
       r.started_at as first_seen_at,
       v.content_hash = d.content_hash as is_current,
       case when v.content_hash = d.content_hash then d.body_text else v.body_text end as body_text
from document_versions v
left join runs r on r.run_id = v.first_seen_run
left join documents d on d.doc_id = v.doc_id;
