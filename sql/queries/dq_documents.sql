-- Frame for expectations/documents.json: documents seen in run $run_id (or all).
select
    doc_id,
    url,
    status,
    index_no,
    publisher,
    title,
    body_text,
    created_date,
    published_date,
    cast(try_cast(created_date as date) as timestamp)   as created_ts,
    cast(try_cast(published_date as date) as timestamp) as published_ts,
    content_hash
from documents
where $scope = 'all' or last_seen_run = $run_id;
