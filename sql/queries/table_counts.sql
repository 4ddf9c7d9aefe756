select 'pages' as table_name, count(*) as n from pages
union all select 'documents', count(*) from documents
union all select 'metrics', count(*) from metrics
union all select 'attachments', count(*) from attachments
union all select 'runs', count(*) from runs
union all select 'dq_results', count(*) from dq_results;
