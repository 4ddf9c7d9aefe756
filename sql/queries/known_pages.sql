-- What the warehouse holds per URL of a source: validators for conditional requests, the
-- archived copy, and the verdict, so an unchanged page is neither downloaded nor re-extracted.
-- A detail page counts as known only once its document is loaded under that URL (or it was
-- no document),
-- so a run killed between loading pages and documents re-extracts it next time.
select p.url, p.etag, p.last_modified, p.content_hash, p.warc_path, p.warc_offset,
       p.content_type, p.status, p.error_reason
from pages p
where p.source = $source
  and p.http_status in (200, 304)  -- 304: still the copy archived earlier
  and p.content_hash is not null
  and p.warc_path is not null
  and (p.kind <> 'detail'
       or p.status <> 'ok'
       or exists (select 1 from document_urls u where u.url in (p.url, p.final_url)));
