-- A finished run's frontier is spent; the skipped URLs and their reasons are kept.
delete from frontier where run_id = $run_id and state <> 'skipped';
