-- Frame for expectations/metrics.json: figures written in run $run_id or belonging to a
-- document seen in it (or all). doc_exists checks metrics.doc_id against documents.
select
    m.metric_id,
    m.doc_id,
    d.doc_id is not null                           as doc_exists,
    m.kind,
    m.label,
    m.value,
    m.unit,
    split_part(m.unit, '/', 1)                     as unit_base,
    nullif(split_part(m.unit, '/', 2), '')         as unit_per,
    case when m.unit = '%' then m.value end        as pct_value,
    m.sentence,
    m.start_offset,
    m.end_offset,
    m.canonical
from metrics m
left join documents d on d.doc_id = m.doc_id
where $scope = 'all'
   or m.run_id = $run_id
   or d.last_seen_run = $run_id;
