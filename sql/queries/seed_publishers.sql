-- Seed the publishers table from the documents (run after each load, and when the views are
-- re-created). Idempotent; rows with origin <> 'seed' (edited by an analyst) are never changed.

-- 1. Every publisher name as written, once.
insert into publishers (name, canonical_name, origin, first_seen_run)
select n.name, n.name, 'seed', $run_id
from (select distinct trim(publisher) as name from documents where nullif(trim(publisher), '') is not null) n
where not exists (select 1 from publishers p where p.name = n.name);

-- 2. A name that is the end of exactly one fuller name, the rest being a region
--    ("沙坪坝区交通局" in "重庆市沙坪坝区交通局"), is that body: point it at the fuller name's
--    canonical name. Two candidates ("交通局" in two districts) leave it alone.
update publishers p
set canonical_name = x.canonical_name
from (
    select a.name, min(b.canonical_name) as canonical_name
    from publishers a
    join publishers b
      on length(b.name) > length(a.name)
     and suffix(b.name, a.name)
     and regexp_full_match(left(b.name, length(b.name) - length(a.name)), '.{1,12}?(省|市|自治区|区|县|旗)')
    where a.origin = 'seed'
    group by a.name
    having count(distinct b.canonical_name) = 1
) x
where p.name = x.name and p.origin = 'seed' and p.canonical_name <> x.canonical_name;

-- 3. Region (the administrative prefix of the canonical name: province/autonomous region,
--    city, district/county) and level (the lowest of them; a town/township/street office
--    after it — 井口镇人民政府, 小龙坎街道办事处, not 住房和城乡建设委员会 — makes it 'township'). 北京 天津 上海 重庆 are province-level municipalities.
update publishers
set region = c.region, level = c.level
from (
    select name, region,
        case
            when region is null then null
            when regexp_matches(substr(canonical_name, length(region) + 1),
                                '^[^局委办厅]{1,8}?(镇|乡|街道)(人民政府|政府|办事处|党委|$)') then 'township'
            when region in ('北京市', '天津市', '上海市', '重庆市') or regexp_matches(region, '(省|自治区)$') then 'province'
            when regexp_matches(region, '(区|县|旗)$') then 'county'
            else 'city'
        end as level
    from (
        select name, canonical_name,
               nullif(regexp_extract(canonical_name,
                   '^((?:[^省市区县]{2,7}?(?:省|自治区))?(?:[^省市区县]{2,7}?市)?(?:[^省市区县]{1,7}?(?:区|县|旗))?)', 1), '')
                   as region
        from publishers
        where origin = 'seed'
    )
) c
where publishers.name = c.name
  and (publishers.region is distinct from c.region or publishers.level is distinct from c.level);
