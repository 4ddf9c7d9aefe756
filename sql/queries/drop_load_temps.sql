drop table if exists _docs;
drop table if exists _metrics;
drop table if exists _doc_hash;
drop table if exists _changed;
