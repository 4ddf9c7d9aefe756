select source, kind, status, n_pages
from v_pages_by_status
order by source, kind, status;
