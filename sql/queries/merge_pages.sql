-- Merge staged pages (registered Arrow table stg_pages) into pages.
-- Duplicate URLs in one batch: the latest fetched_at wins, then the later input row.
merge into pages t
using (
    select *
    from stg_pages
    qualify row_number() over (partition by url order by fetched_at desc, ordinal desc) = 1
) s
on t.url = s.url
when matched then update set
    source         = s.source,
    final_url      = s.final_url,
    http_status    = s.http_status,
    status         = s.status,
    error_reason   = s.error_reason,
    content_type   = s.content_type,
    content_hash   = s.content_hash,
    content_length = s.content_length,
    fetched_at     = s.fetched_at,
    warc_path      = s.warc_path,
    warc_offset    = s.warc_offset,
    kind           = s.kind,
    etag           = s.etag,
    last_modified  = s.last_modified,
    last_seen_run  = $run_id,
    changed_run    = case
        when t.content_hash is distinct from s.content_hash
          or t.status is distinct from s.status then $run_id
        else t.changed_run end
when not matched then insert (
    url, source, final_url, http_status, status, error_reason, content_type, content_hash,
    content_length, fetched_at, warc_path, warc_offset, kind, etag, last_modified,
    first_seen_run, last_seen_run, changed_run
) values (
    s.url, s.source, s.final_url, s.http_status, s.status, s.error_reason, s.content_type,
    s.content_hash, s.content_length, s.fetched_at, s.warc_path, s.warc_offset, s.kind,
    s.etag, s.last_modified, $run_id, $run_id, $run_id
);

-- A page seen again unchanged (304 or same bytes) is not re-extracted: its document was
-- still seen in this run.
update documents set last_seen_run = $run_id
where doc_id in (
    select doc_id from document_urls
    where url in (select coalesce(final_url, url) from stg_pages where status = 'ok')
);
