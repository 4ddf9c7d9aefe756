-- Counts for the load_records summary; read before the temp tables are dropped.
select
    (select count(*) from stg_documents)                       as records,
    (select count(*) from stg_documents where status <> 'ok')  as skipped_not_ok,
    (select count(*) from _docs)                               as documents,
    (select count(*) from _changed)                            as changed_documents,
    (select count(*) from _metrics where doc_id in (select doc_id from _changed)) as metrics_written;
