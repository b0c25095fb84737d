-- 0010: named workers and team sync (issue 15). Owned by src/store/workers.rs and
-- src/store/team.rs.

-- The people using the bases of the team. `device` is the site id of the base a worker
-- uses (NULL for a colleague typed in by hand). The worker using this base is the
-- setting `current_worker` (read by the audit log).
CREATE TABLE workers (
    id         TEXT PRIMARY KEY,
    first_name TEXT NOT NULL,
    last_name  TEXT NOT NULL,
    structure  TEXT NOT NULL DEFAULT '',
    device     TEXT,
    created_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

