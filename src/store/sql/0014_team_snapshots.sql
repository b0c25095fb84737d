-- 0014: team snapshots, acknowledgements and second contents (issue 15). Owned by
-- src/store/team.rs.

-- The modification time (nanoseconds since 1970) of each applied log file when it was
-- applied or last checked: a file whose size and time are unchanged is not read again;
-- any other is hashed and compared, so that a second content of the same size is seen.
ALTER TABLE team_applied ADD COLUMN mtime INTEGER NOT NULL DEFAULT 0;

-- Per device, the log position a coordinator's snapshot brought this base to: packets
-- up to `seq` are in the snapshot and are not applied one by one.
CREATE TABLE team_floor (
    device   TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL,
    snapshot TEXT NOT NULL  -- `<device>/<seq>` of the snapshot
) STRICT, WITHOUT ROWID;

-- The coordinator's snapshots: sequence of the last one written, and the total of the
-- log positions it covered (a new one is written after enough packets).
ALTER TABLE team_config ADD COLUMN snapshot_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE team_config ADD COLUMN snapshot_total INTEGER NOT NULL DEFAULT 0;
