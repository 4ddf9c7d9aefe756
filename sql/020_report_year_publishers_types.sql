-- documents.report_year: the year a document reports on (govdocs/warehouse/report_year.py,
-- computed at load; null until a document is loaded again, e.g. by `govdocs reextract`).
-- documents.source_name: the configured source (site) the record was crawled for.
-- Dates typed as DATE; the text as extracted stays in *_date_text, so a date that is not a
-- real day ("2023-02-30") is not lost and the quality suite still sees it.
-- Counts as BIGINT. The analyst views now live in sql/views/ (one file each, re-created
-- after the migrations); the wide v_annual_report_by_year is dropped: it had to spell out
-- the years 2008–2030 (use v_annual_report_metrics, or PIVOT v_annual_report_cells).
alter table documents add column source_name varchar;

alter table documents add column report_year integer;

alter table documents add column created_date_text varchar;

alter table documents add column published_date_text varchar;

update documents set created_date_text = created_date, published_date_text = published_date;

alter table documents alter column created_date type date using try_cast(created_date as date);

alter table documents alter column published_date type date using try_cast(published_date as date);

alter table documents alter column metric_count type bigint;

alter table document_versions alter column published_date type date using try_cast(published_date as date);

alter table dq_runs alter column critical_failures type bigint;

alter table dq_runs alter column warnings type bigint;

alter table dq_runs alter column infos type bigint;

-- Publisher normalisation: every publisher name as written -> one canonical name, with its
-- region and administrative level. Seeded from the data by each load (origin 'seed'; a seed
-- row may be re-pointed when a fuller name of the same body appears); rows an analyst edits
-- should set origin = 'manual', which loads never change.
create table if not exists publishers (
    name            varchar primary key,
    canonical_name  varchar not null,
    region          varchar,
    level           varchar,
    origin          varchar not null default 'seed',
    first_seen_run  varchar
);

drop view if exists v_annual_report_by_year;
