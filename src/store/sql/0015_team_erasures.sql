-- 0015: the team's erasures (issue 15 with issue 14's right to erasure) and the funder
-- pseudonym key shared by the team. Ids only, never personal data. Owned by
-- src/store/team.rs and src/store/erase.rs.

-- Erasures made here on request while this base belongs to a team, until published as
-- an erasure notice in the shared folder (`erase/<device>/<seq>.age`). JSON arrays of ids.
CREATE TABLE team_erasure_outbox (
    id            INTEGER PRIMARY KEY,
    households    TEXT NOT NULL,
    persons       TEXT NOT NULL,
    records       TEXT NOT NULL,
    erased_at     TEXT NOT NULL,
    published_seq INTEGER
) STRICT;

-- Every id the team erased (here on request, or by a member's notice, or in the list of
-- a coordinator's snapshot): what a coordinator's snapshot carries so that a new member
-- never receives it, and refuses it afterwards. `kind`: menage, personne or fiche.
CREATE TABLE team_erased (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    device    TEXT NOT NULL,
    erased_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The other devices' notices (and the snapshots' lists) already dealt with here:
-- `applique`, or `pas-pour-nous` (encrypted before this device was admitted; the
-- coordinator's next snapshot carries its ids). A notice held by a freeze is not here:
-- it is tried again at every sync.
CREATE TABLE team_erasure_seen (
    device TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    source TEXT NOT NULL,
    state  TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (device, seq, source)
) STRICT, WITHOUT ROWID;

-- How many team erasures the coordinator's last snapshot held: a new erasure makes the
-- next snapshot due, so that the old log packets holding the erased data go sooner.
ALTER TABLE team_config ADD COLUMN snapshot_erased INTEGER NOT NULL DEFAULT 0;
