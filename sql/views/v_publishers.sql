-- Every publisher name as written, its canonical name, region and level, with how many
-- documents use it (edit the `publishers` table to correct a mapping; set origin = 'manual').
create or replace view v_publishers as
select p.name, p.canonical_name, p.region, p.level, p.origin,
       count(d.doc_id) as n_documents
from publishers p
left join documents d on trim(d.publisher) = p.name
group by all;
