-- Detail pages whose response is in the WARC archive: the input of `govdocs reextract`.
-- $source may be null for every source.
select url, source, final_url, http_status, content_type, warc_path, warc_offset
from pages
where kind = 'detail'
  and warc_path is not null
  and http_status is not null
  and ($source is null or source = $source)
order by url;
