-- 0001: the store's own tables. Append-only: never edit a migration that has shipped;
-- add a new file instead.

-- Installation facts: site id (for merge stamps), last hybrid-clock value, creation date.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- User settings that belong with the data (lock delay, …). Window size and theme live
-- in eframe's own storage; nothing personal goes there.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Who did what, when: security-relevant events (creation, passphrase change, recovery,
-- backup, exports and imports later). Details never hold personal data.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
) STRICT;
