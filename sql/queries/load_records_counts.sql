-- Counts for the load_records summary; read inside the load transaction.
select
    (select count(*) from stg_documents)                       as records,
    (select count(*) from stg_documents where status <> 'ok')  as skipped_not_ok,
    (select count(*) from _docs)                               as documents,
    (select count(*) from _changed)                            as changed_documents,
    (select count(*) from metrics
        where rowid > (select last_rowid from _metrics_mark))  as metrics_written;
