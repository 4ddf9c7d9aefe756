-- Rows analysts see against rows held in quarantine.
select
    (select count(*) from v_documents)          as documents_public,
    (select count(*) from documents_quarantine) as documents_quarantined,
    (select count(*) from v_metrics)            as figures_public,
    (select count(*) from metrics_quarantine)   as figures_quarantined,
    (select count(*) from pages)                as pages,
    (select count(*) from pages_quarantine)     as pages_quarantined;
