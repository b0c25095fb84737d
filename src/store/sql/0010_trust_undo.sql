-- 0010: partner trust, second part (issues 13 and 17). Owned by src/store/exchange.rs.

-- What a partner holds of a household: the clock (HLC) of our last packet to it, NULL
-- when we only received it. The partner has "seen" every field of ours stamped at or
-- below it: `seen` is recomputed from this, never taken from the packet. It replaces
-- the per-record table `exchange_sent`, whose one read and one write per record and
-- partner made the export four times slower (issue 17).
ALTER TABLE exchange_households ADD COLUMN sent_hlc INTEGER;
DROP TABLE exchange_sent;

-- Bases older than schema 9 knew no exchanged households, so their partners' packets
-- were refused until the household was sent again. Every export since the first packet
-- format wrote the same audit line, ids only:
--   « paquet P ; destinataires A, B ; rôle … ; ménages H1, H2 ; champs : … »
-- (UUIDs of 36 characters separated by « , »: a stride of 38). The clock of that export
-- is taken from its date, to the second (a field written in the same second counts as
-- not seen: at worst one more conflict to look at, never one less).
WITH RECURSIVE
exports(at, dests, homes) AS (
    SELECT at,
        substr(detail, instr(detail, ' ; destinataires ') + 17,
            instr(detail, ' ; rôle ') - instr(detail, ' ; destinataires ') - 17),
        substr(detail, instr(detail, ' ; ménages ') + 11,
            instr(detail, ' ; champs') - instr(detail, ' ; ménages ') - 11)
    FROM audit_log
    WHERE action = 'export paquet'
      AND instr(detail, ' ; destinataires ') > 0
      AND instr(detail, ' ; rôle ') > 0
      AND instr(detail, ' ; ménages ') > 0
      AND instr(detail, ' ; champs') > 0
),
d(at, partner, rest, homes) AS (
    SELECT at, substr(dests, 1, 36), substr(dests, 39), homes FROM exports
    UNION ALL
    SELECT at, substr(rest, 1, 36), substr(rest, 39), homes FROM d WHERE length(rest) >= 36
),
h(at, partner, household, rest) AS (
    SELECT at, partner, substr(homes, 1, 36), substr(homes, 39) FROM d
    UNION ALL
    SELECT at, partner, substr(rest, 1, 36), substr(rest, 39) FROM h WHERE length(rest) >= 36
)
INSERT INTO exchange_households (partner_id, household_id, sent_hlc)
SELECT partner, household, max(unixepoch(at)) * 1000 * 65536
FROM h
WHERE partner LIKE '________-____-____-____-____________'
  AND household LIKE '________-____-____-____-____________'
  AND unixepoch(at) IS NOT NULL
GROUP BY partner, household
ON CONFLICT (partner_id, household_id) DO UPDATE
    SET sent_hlc = max(coalesce(sent_hlc, 0), excluded.sent_hlc);

-- Households received from a partner and not opened since (« modifié depuis votre
-- dernière visite ») name the packet, hence the partner. Those opened before the
-- upgrade are not known: the preview's refusal says so.
INSERT OR IGNORE INTO exchange_households (partner_id, household_id, sent_hlc)
SELECT l.partner_id, c.household_id, NULL
FROM household_changes c JOIN packet_log l ON l.packet_id = c.packet_id
WHERE l.direction = 'import' AND l.partner_id IS NOT NULL;

-- Records a packet deleted here: their previous content, kept inside the encrypted base
-- for `until` (30 days) so that the worker can restore them (« Suppressions reçues »),
-- then purged. The data-protection erasure of a household drops its rows too.
CREATE TABLE packet_deletions (
    id           INTEGER PRIMARY KEY,
    packet_id    TEXT NOT NULL,
    partner_id   TEXT NOT NULL,
    table_name   TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    household_id TEXT,
    label        TEXT NOT NULL,  -- what the worker recognises (personal: encrypted base only)
    data         TEXT NOT NULL,  -- the record's JSON before the deletion
    stamps       TEXT NOT NULL,  -- its stamps before the deletion (JSON, field → stamp)
    deleted_at   TEXT NOT NULL,  -- when the packet was applied (RFC 3339)
    until        TEXT NOT NULL   -- restorable until then (RFC 3339), then purged
) STRICT;
CREATE INDEX packet_deletions_household ON packet_deletions(household_id);
