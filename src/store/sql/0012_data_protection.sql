-- 0010: data protection (issue 14). Owned by src/store/audit.rs and src/store/erase.rs.

-- The access log becomes a hash chain: the ids of the objects an entry concerns (never a
-- name), and the hash of the previous entry and of this one (see audit.rs).
ALTER TABLE audit_log ADD COLUMN objects TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- Records erased for good: the id only, so that a packet or the team log never brings
-- them back. No data, no name, no link.
CREATE TABLE erased_records (
    id        TEXT PRIMARY KEY NOT NULL,
    erased_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- « Gel du dossier »: a frozen household cannot be edited, exported or matched.
CREATE TABLE household_freezes (
    household_id TEXT PRIMARY KEY NOT NULL,
    reason       TEXT NOT NULL,
    since        TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Households kept past their retention period on purpose (litigation, ongoing support).
CREATE TABLE retention_holds (
    household_id TEXT PRIMARY KEY NOT NULL,
    reason       TEXT NOT NULL,
    since        TEXT NOT NULL
) STRICT, WITHOUT ROWID;
