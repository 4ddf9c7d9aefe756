-- Distinct rows (table, key) one validation quarantined (staged as stg_dq_quarantine).
select count(*) from (select distinct table_name, row_key from stg_dq_quarantine);
