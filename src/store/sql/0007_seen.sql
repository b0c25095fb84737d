-- 0007: households changed by an imported packet, shown « modifié depuis votre dernière
-- visite » until the worker opens them. Owned by src/store/seen.rs.
CREATE TABLE household_changes (
    household_id TEXT PRIMARY KEY NOT NULL,
    packet_id    TEXT NOT NULL,
    sender       TEXT NOT NULL,  -- organisation name of the partner who sent the packet
    at           TEXT NOT NULL   -- when the packet was applied (RFC 3339)
) STRICT;
