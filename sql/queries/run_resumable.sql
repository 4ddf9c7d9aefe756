-- The run of a source that a new crawl of it resumes: the latest one, when it did not finish
-- (killed: still "running"; "interrupted"; or "failed" midway).
select run_id, status, coalesce(attempts, 1) as attempts
from runs
where source = $source
  and started_at = (select max(started_at) from runs where source = $source)
  and status in ('running', 'interrupted', 'failed');
