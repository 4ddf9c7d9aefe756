insert into runs (run_id, source, started_at, status)
values ($run_id, $source, now(), 'running')
on conflict (run_id) do update set status = 'running', finished_at = null;
