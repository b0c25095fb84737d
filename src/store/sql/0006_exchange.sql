-- 0003: case packets with partners (DESIGN.md §5). Owned by src/store/exchange.rs.
-- Partners themselves are records (`partners`, 0002): their pinned public keys merge and
-- are backed up like everything else.

-- This installation's identity: one row. The secret keys are stored in clear *inside*
-- the encrypted database (the database is their protection; no second passphrase).
CREATE TABLE exchange_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    organisation    TEXT NOT NULL,
    age_secret      TEXT NOT NULL,   -- "AGE-SECRET-KEY-1…"
    minisign_secret TEXT NOT NULL,   -- base64 of minisign's unencrypted secret key bytes
    created_at      TEXT NOT NULL
) STRICT;

-- Every packet written or imported: replays are recognised by packet id.
CREATE TABLE packet_log (
    packet_id  TEXT PRIMARY KEY NOT NULL,
    direction  TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    partner_id TEXT,
    at         TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    summary    TEXT NOT NULL  -- counts only, never personal data
) STRICT;

-- Concurrent edits found by imports: the value that lost, for "keep mine / take theirs".
CREATE TABLE merge_conflicts (
    id          INTEGER PRIMARY KEY,
    packet_id   TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept        TEXT NOT NULL,   -- JSON value kept by the merge
    kept_stamp  TEXT NOT NULL,   -- JSON stamp
    lost        TEXT NOT NULL,   -- JSON value that lost
    lost_stamp  TEXT NOT NULL,
    resolved_at TEXT
) STRICT;
CREATE INDEX merge_conflicts_open ON merge_conflicts(record_id) WHERE resolved_at IS NULL;

-- Per record, the highest stamp of each field received from packets (JSON {field: stamp}):
-- a value we had already received and then replaced is no conflict when it comes back.
CREATE TABLE exchange_seen (
    record_id TEXT PRIMARY KEY NOT NULL,
    stamps    TEXT NOT NULL
) STRICT;
