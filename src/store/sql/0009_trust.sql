-- 0009: authorisation of exchanges (issue 13). Owned by src/store/exchange.rs.

-- Households exchanged with each partner (sent to it, or received from it): what its
-- packets may change. A partner changes nothing outside this list.
CREATE TABLE exchange_households (
    partner_id   TEXT NOT NULL,
    household_id TEXT NOT NULL,
    PRIMARY KEY (partner_id, household_id)
) STRICT, WITHOUT ROWID;

-- Per partner and record, the highest stamp of each field we sent it (JSON, compact):
-- a partner's claim to have "seen" a value of ours is believed only up to this.
CREATE TABLE exchange_sent (
    partner_id TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    stamps     TEXT NOT NULL,
    PRIMARY KEY (partner_id, record_id)
) STRICT, WITHOUT ROWID;

-- Our earlier identities after a rotation: their age key still opens packets sent to
-- the old card until `until` (RFC 3339), then it is erased.
CREATE TABLE exchange_identity_retired (
    age_secret TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    retired_at TEXT NOT NULL,
    until      TEXT NOT NULL
) STRICT;
