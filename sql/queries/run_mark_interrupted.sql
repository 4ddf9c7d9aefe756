-- Runs of a source left "running" by a process that is gone (SIGKILL, OOM, reboot).
update runs
set status = 'interrupted', reason = coalesce(reason, 'the process ended before the run finished')
where source = $source and status = 'running' and run_id <> $keep;
