-- Frame for expectations/documents.json: documents seen in run $run_id (or all).
-- page_exists: the document's URL is a fetched page (url or final_url): provenance.
select
    d.doc_id,
    d.url,
    d.status,
    d.index_no,
    d.publisher,
    d.title,
    d.body_text,
    d.created_date_text                   as created_date,    -- as extracted: checked for ISO real dates
    d.published_date_text                 as published_date,
    cast(d.created_date as timestamp)     as created_ts,
    cast(d.published_date as timestamp)   as published_ts,
    d.content_hash,
    d.url in (select url from pages union all select final_url from pages where final_url is not null) as page_exists
from documents d
where $scope = 'all' or d.last_seen_run = $run_id;
