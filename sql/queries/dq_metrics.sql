-- Frame for expectations/metrics.json: figures written in run $run_id or belonging to a
-- document seen in it (or all). doc_exists checks metrics.doc_id against documents.
-- t3_consistent: the annual-report rule of table 三, per document and column:
-- 一 + 二 = 三（七）总计 + 四 (govdocs.figures.check_table_consistency; the first figure of each
-- row counts); null when the cell is not in such a column or the column lacks one of them.
with m as (
    select m.*, d.doc_id is not null as doc_exists
    from metrics m
    left join documents d on d.doc_id = m.doc_id
    where $scope = 'all'
       or m.run_id = $run_id
       or d.last_seen_run = $run_id
),
t3 as (
    select
        doc_id,
        column_label,
        case
            when starts_with(row_label, '一、') then '一'
            when starts_with(row_label, '二、') then '二'
            when starts_with(row_label, '四、') then '四'
            when starts_with(row_label, '三、') and ends_with(row_label, '总计')
                 and contains(row_label, '（七）') then '三总计'
        end as part,
        value,
        position
    from m
    where table_name = '三、收到和处理政府信息公开申请情况'
      and nullif(row_label, '') is not null and nullif(column_label, '') is not null
),
cols as (
    select
        doc_id,
        column_label,
        arg_min(value, position) filter (where part = '一')     as v1,
        arg_min(value, position) filter (where part = '二')     as v2,
        arg_min(value, position) filter (where part = '三总计') as v3,
        arg_min(value, position) filter (where part = '四')     as v4
    from t3
    where part is not null
    group by all
)
select
    m.metric_id,
    m.doc_id,
    m.doc_exists,
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
    m.canonical,
    m.table_name,
    m.row_label,
    m.column_label,
    case when c.v1 is not null and c.v2 is not null and c.v3 is not null and c.v4 is not null
         then abs((c.v1 + c.v2) - (c.v3 + c.v4)) <= 1e-9 end as t3_consistent
from m
left join cols c
       on c.doc_id = m.doc_id and c.column_label = m.column_label
      and m.table_name = '三、收到和处理政府信息公开申请情况';
