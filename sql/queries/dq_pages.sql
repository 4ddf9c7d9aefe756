-- Frame for expectations/pages.json: the pages seen in run $run_id (or all when $scope = 'all').
select
    url,
    source,
    status,
    kind,
    http_status,
    content_hash,
    content_length,
    fetched_at,
    error_reason,
    (status <> 'ok' and nullif(trim(error_reason), '') is null) as missing_reason
from pages
where $scope = 'all' or last_seen_run = $run_id;
