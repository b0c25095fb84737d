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

-- The team this base belongs to (one at most). `roster` is the highest signed roster
-- version seen (JSON) with its coordinator signature; older versions are refused.
-- `next_seq` is the sequence number of this device's next log packet, `published_hlc`
-- the clock of the last own write it published.
CREATE TABLE team_config (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    folder          TEXT NOT NULL,
    team_id         TEXT NOT NULL,
    coordinator_key TEXT NOT NULL,
    is_coordinator  INTEGER NOT NULL,
    roster          TEXT,
    roster_sig      TEXT,
    roster_version  INTEGER NOT NULL DEFAULT 0,
    next_seq        INTEGER NOT NULL DEFAULT 1,
    published_hlc   INTEGER NOT NULL DEFAULT 0,
    last_publish    TEXT,
    last_sync       TEXT
) STRICT;

-- Packets of other devices' logs applied here: never twice, and a second content for
-- one (device, sequence) is recognised by its hash.
CREATE TABLE team_applied (
    device     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    packet_id  TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;

-- What the sync found wrong (ids and numbers only, never personal data).
CREATE TABLE team_alerts (
    id     INTEGER PRIMARY KEY,
    device TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    at     TEXT NOT NULL,
    detail TEXT NOT NULL,
    UNIQUE (device, seq, kind)
) STRICT;
