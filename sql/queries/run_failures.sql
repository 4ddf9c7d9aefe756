-- The pages of a run that are not ok, with reasons (the failures artifact), capped. An
-- attachment downloaded and stored is a success: its row says `not_html` (its body is a file,
-- not a page) and "attachment stored at …"; process.py gives an attachment that status only
-- when it was stored.
select url, kind, status, http_status, error_reason as reason
from pages
where last_seen_run = $run_id
  and status <> 'ok'
  and not (kind = 'attachment' and status = 'not_html')
order by url
limit $limit;
