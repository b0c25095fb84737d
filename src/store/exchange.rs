//! SQL of case packets (see `sql/0006_exchange.sql`): the installation's identity, the
//! packet log (replays) and the merge conflicts awaiting the worker. The cryptography and
//! the packet format live in `crate::exchange`; this module only stores strings.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::records::parse_uuid;
use super::{Store, StoreError, Tx};
use crate::domain::hlc::Hlc;
use crate::domain::record::Stamps;

/// The installation's exchange identity as stored (secret keys in text form).
#[derive(Clone)]
pub struct StoredIdentity {
    /// Organisation name shown to partners.
    pub organisation: String,
    /// age X25519 secret key ("AGE-SECRET-KEY-1…").
    pub age_secret: Zeroizing<String>,
    /// minisign secret key, base64 of its unencrypted bytes.
    pub minisign_secret: Zeroizing<String>,
    /// Creation date (RFC 3339).
    pub created_at: String,
}

impl std::fmt::Debug for StoredIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredIdentity")
            .field("organisation", &self.organisation)
            .finish_non_exhaustive()
    }
}

/// A concurrent edit kept by an import, awaiting "keep mine / take theirs".
#[derive(Debug, Clone, PartialEq)]
pub struct StoredConflict {
    /// Row id, to resolve it.
    pub id: i64,
    /// Packet that brought it.
    pub packet_id: Uuid,
    /// Table of the record.
    pub table: String,
    /// The record.
    pub record_id: Uuid,
    /// The field.
    pub field: String,
    /// JSON of the value kept.
    pub kept: String,
    /// JSON of the value that lost.
    pub lost: String,
}

/// A packet recorded in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedPacket {
    /// `export` or `import`.
    pub direction: String,
    /// When (RFC 3339).
    pub at: String,
    /// SHA-256 of the packet file.
    pub sha256: String,
}

fn identity_in(conn: &rusqlite::Connection) -> Result<Option<StoredIdentity>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT organisation, age_secret, minisign_secret, created_at FROM exchange_identity WHERE id = 1",
            [],
            |r| {
                Ok(StoredIdentity {
                    organisation: r.get(0)?,
                    age_secret: Zeroizing::new(r.get(1)?),
                    minisign_secret: Zeroizing::new(r.get(2)?),
                    created_at: r.get(3)?,
                })
            },
        )
        .optional()?)
}

fn logged_in(
    conn: &rusqlite::Connection,
    packet_id: Uuid,
) -> Result<Option<LoggedPacket>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT direction, at, sha256 FROM packet_log WHERE packet_id = ?1",
            [packet_id.to_string()],
            |r| {
                Ok(LoggedPacket {
                    direction: r.get(0)?,
                    at: r.get(1)?,
                    sha256: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Received stamps, stored compactly: the most common stamp once with its fields, the
/// others one by one (a packet's record usually carries one stamp for all its fields).
#[derive(serde::Serialize, serde::Deserialize)]
struct CompactSeen {
    b: Option<crate::domain::hlc::Stamp>,
    #[serde(default)]
    f: Vec<String>,
    #[serde(default)]
    o: Stamps,
}

fn seen_in(conn: &rusqlite::Connection, record_id: Uuid) -> Result<Stamps, StoreError> {
    let text: Option<String> = conn
        .prepare_cached("SELECT stamps FROM exchange_seen WHERE record_id = ?1")?
        .query_row([record_id.to_string()], |r| r.get(0))
        .optional()?;
    let Some(text) = text else {
        return Ok(Stamps::new());
    };
    let compact: CompactSeen = serde_json::from_str(&text)?;
    let mut stamps = compact.o;
    if let Some(b) = compact.b {
        for f in compact.f {
            stamps.insert(f, b);
        }
    }
    Ok(stamps)
}

fn encode_seen(stamps: &Stamps) -> Result<String, StoreError> {
    let mut counts: std::collections::BTreeMap<crate::domain::hlc::Stamp, usize> =
        std::collections::BTreeMap::new();
    for s in stamps.values() {
        *counts.entry(*s).or_default() += 1;
    }
    let b = counts
        .into_iter()
        .max_by_key(|(s, n)| (*n, *s))
        .map(|(s, _)| s);
    let (f, o): (Vec<_>, Vec<_>) = stamps.iter().partition(|(_, s)| Some(**s) == b);
    Ok(serde_json::to_string(&CompactSeen {
        b,
        f: f.into_iter().map(|(k, _)| k.clone()).collect(),
        o: o.into_iter().map(|(k, s)| (k.clone(), *s)).collect(),
    })?)
}

/// Called by a local edit of `fields` of a record whose stamps were `old`: the values of
/// other sites it replaces were received, so they are remembered as seen (a value
/// replaced knowingly is no conflict when a packet brings it back).
pub(crate) fn remember_replaced(
    conn: &rusqlite::Connection,
    record_id: Uuid,
    old: &Stamps,
    fields: &[String],
    local_site: Uuid,
) -> Result<(), StoreError> {
    let replaced: Vec<(&String, &crate::domain::hlc::Stamp)> = fields
        .iter()
        .filter_map(|f| old.get(f).map(|s| (f, s)))
        .filter(|(_, s)| s.site != local_site)
        .collect();
    if replaced.is_empty() {
        return Ok(());
    }
    let mut seen = seen_in(conn, record_id)?;
    for (f, s) in replaced {
        let e = seen.entry(f.clone()).or_insert(*s);
        *e = (*e).max(*s);
    }
    write_seen(conn, record_id, &seen)
}

fn write_seen(
    conn: &rusqlite::Connection,
    record_id: Uuid,
    stamps: &Stamps,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO exchange_seen (record_id, stamps) VALUES (?1, ?2) \
         ON CONFLICT(record_id) DO UPDATE SET stamps = excluded.stamps",
    )?
    .execute(params![record_id.to_string(), encode_seen(stamps)?])?;
    Ok(())
}

impl Store {
    /// Per field, the highest stamp received from packets for a record.
    pub fn seen_stamps(&self, record_id: Uuid) -> Result<Stamps, StoreError> {
        seen_in(self.conn(), record_id)
    }

    /// The exchange identity, if this installation has one yet.
    pub fn exchange_identity(&self) -> Result<Option<StoredIdentity>, StoreError> {
        identity_in(self.conn())
    }

    /// The log entry of a packet already written or imported.
    pub fn logged_packet(&self, packet_id: Uuid) -> Result<Option<LoggedPacket>, StoreError> {
        logged_in(self.conn(), packet_id)
    }

    /// Conflicts not resolved yet, oldest first.
    pub fn open_conflicts(&self) -> Result<Vec<StoredConflict>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, packet_id, table_name, record_id, field, kept, lost \
             FROM merge_conflicts WHERE resolved_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(StoredConflict {
                id: r.get(0)?,
                packet_id: parse_uuid(&r.get::<_, String>(1)?)?,
                table: r.get(2)?,
                record_id: parse_uuid(&r.get::<_, String>(3)?)?,
                field: r.get(4)?,
                kept: r.get(5)?,
                lost: r.get(6)?,
            });
        }
        Ok(out)
    }
}

fn exchanged_in(
    conn: &rusqlite::Connection,
    partner_id: Uuid,
    household_id: Uuid,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM exchange_households WHERE partner_id = ?1 AND household_id = ?2",
        )?
        .query_row(
            params![partner_id.to_string(), household_id.to_string()],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn hlc_sql(hlc: Hlc) -> i64 {
    i64::try_from(hlc.0).unwrap_or(i64::MAX)
}

fn exchanged_all_in(
    conn: &rusqlite::Connection,
    partner_id: Uuid,
) -> Result<HashMap<Uuid, Option<Hlc>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT household_id, sent_hlc FROM exchange_households WHERE partner_id = ?1",
    )?;
    let mut rows = stmt.query([partner_id.to_string()])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let h = parse_uuid(&r.get::<_, String>(0)?)?;
        let at: Option<i64> = r.get(1)?;
        out.insert(h, at.map(|v| Hlc(u64::try_from(v).unwrap_or(0))));
    }
    Ok(out)
}

/// An earlier identity kept after a rotation, for its grace period.
#[derive(Clone)]
pub struct RetiredIdentity {
    /// age X25519 secret key.
    pub age_secret: Zeroizing<String>,
    /// minisign key id of the retired signing key.
    pub key_id: String,
    /// When it was replaced (RFC 3339).
    pub retired_at: String,
    /// Until when it still decrypts (RFC 3339).
    pub until: String,
}

fn retired_in(conn: &rusqlite::Connection) -> Result<Vec<RetiredIdentity>, StoreError> {
    let mut stmt = conn.prepare("SELECT age_secret, key_id, retired_at, until FROM exchange_identity_retired ORDER BY rowid")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(RetiredIdentity {
            age_secret: Zeroizing::new(r.get(0)?),
            key_id: r.get(1)?,
            retired_at: r.get(2)?,
            until: r.get(3)?,
        });
    }
    Ok(out)
}

/// Meta key of the secret that derives the ids a funder receives (hex, 32 random bytes).
/// Its own key: the audit checkpoint's seal key serves the journal only.
const FUNDER_PSEUDONYM_KEY_META: &str = "funder_pseudonym_key";
/// Meta key naming the team whose coordinator's funder pseudonym key this base adopted.
const FUNDER_KEY_TEAM_META: &str = "funder_pseudonym_key_team";

impl Store {
    /// The team whose funder pseudonym key this base uses (`None`: its own key).
    pub fn funder_key_team(&self) -> Result<Option<Uuid>, StoreError> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [FUNDER_KEY_TEAM_META],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text.and_then(|t| Uuid::parse_str(&t).ok()))
    }

    /// Adopts the funder pseudonym key of team `team` (its coordinator's, received sealed
    /// to this laptop) in place of this base's own, in one transaction, audited (without
    /// the key). Returns whether a different key of this base's own was replaced: the
    /// funders this laptop already sent to will see other ids for those households from
    /// now on (the caller says so).
    pub fn adopt_team_funder_key(
        &mut self,
        key: &[u8; 32],
        team: Uuid,
    ) -> Result<bool, StoreError> {
        let fresh = Zeroizing::new(hex::encode(key));
        self.write(|tx| {
            let old: Option<Zeroizing<String>> = tx
                .sql()
                .query_row(
                    "SELECT value FROM meta WHERE key = ?1",
                    [FUNDER_PSEUDONYM_KEY_META],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
                .map(Zeroizing::new);
            let replaced = old.is_some_and(|o| o.as_str() != fresh.as_str());
            tx.sql().execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![FUNDER_PSEUDONYM_KEY_META, fresh.as_str()],
            )?;
            tx.sql().execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![FUNDER_KEY_TEAM_META, team.to_string()],
            )?;
            tx.audit(
                "clé des pseudonymes des financeurs de l'équipe adoptée",
                &format!(
                    "équipe {team}{}",
                    if replaced {
                        " ; la clé propre à ce poste est remplacée"
                    } else {
                        ""
                    }
                ),
            )?;
            Ok(replaced)
        })
    }

    /// The secret from which the ids sent to funders are derived (issue 13), created the
    /// first time a funder's packet is prepared. It lives in the encrypted base as long
    /// as the base, so that a funder receives the same pseudonyms packet after packet;
    /// without it nobody (the funder included) can tell which of our records an id is.
    ///
    /// Created by one `INSERT OR IGNORE`: two connections creating it at once keep one.
    pub fn funder_pseudonym_key(&self) -> Result<Zeroizing<[u8; 32]>, StoreError> {
        let read = |conn: &rusqlite::Connection| -> Result<Option<String>, StoreError> {
            Ok(conn
                .query_row(
                    "SELECT value FROM meta WHERE key = ?1",
                    [FUNDER_PSEUDONYM_KEY_META],
                    |r| r.get(0),
                )
                .optional()?)
        };
        let hex_key = match read(self.conn())? {
            Some(h) => Zeroizing::new(h),
            None => {
                let fresh = Zeroizing::new(hex::encode(rand::random::<[u8; 32]>()));
                self.conn().execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                    params![FUNDER_PSEUDONYM_KEY_META, fresh.as_str()],
                )?;
                Zeroizing::new(read(self.conn())?.unwrap_or_default())
            }
        };
        let mut key = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex_key.as_bytes(), &mut key[..]).map_err(|_| {
            StoreError::Integrity("clé des pseudonymes des financeurs illisible".into())
        })?;
        Ok(key)
    }
}

impl Store {
    /// Whether a household was exchanged with a partner (sent to it or received from it).
    pub fn exchanged_with(&self, partner_id: Uuid, household_id: Uuid) -> Result<bool, StoreError> {
        exchanged_in(self.conn(), partner_id, household_id)
    }

    /// The households exchanged with a partner, each with the clock of our last packet
    /// to it (`None`: received only). One read for a whole packet.
    pub fn exchanged_households(
        &self,
        partner_id: Uuid,
    ) -> Result<HashMap<Uuid, Option<Hlc>>, StoreError> {
        exchanged_all_in(self.conn(), partner_id)
    }

    /// Our earlier identities still in their grace period (and expired ones not yet
    /// erased: the caller compares `until` with its clock).
    pub fn retired_identities(&self) -> Result<Vec<RetiredIdentity>, StoreError> {
        retired_in(self.conn())
    }
}

impl Tx<'_> {
    /// Whether a household was exchanged with a partner, read in this transaction.
    pub fn exchanged_with(&self, partner_id: Uuid, household_id: Uuid) -> Result<bool, StoreError> {
        exchanged_in(self.sql(), partner_id, household_id)
    }

    /// Notes that a household was exchanged with a partner.
    pub fn mark_exchanged(&self, partner_id: Uuid, household_id: Uuid) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT OR IGNORE INTO exchange_households (partner_id, household_id) VALUES (?1, ?2)",
            )?
            .execute(params![partner_id.to_string(), household_id.to_string()])?;
        Ok(())
    }

    /// The households exchanged with a partner, read in this transaction (see
    /// [`Store::exchanged_households`]).
    pub fn exchanged_households(
        &self,
        partner_id: Uuid,
    ) -> Result<HashMap<Uuid, Option<Hlc>>, StoreError> {
        exchanged_all_in(self.sql(), partner_id)
    }

    /// Notes that a packet of ours carried a household to a partner, at clock `hlc`:
    /// every field of ours stamped at or below it is now known to that partner. One
    /// write per household and partner, whatever the number of records.
    pub fn mark_sent(
        &self,
        partner_id: Uuid,
        household_id: Uuid,
        hlc: Hlc,
    ) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT INTO exchange_households (partner_id, household_id, sent_hlc) \
                 VALUES (?1, ?2, ?3) ON CONFLICT(partner_id, household_id) DO UPDATE \
                 SET sent_hlc = max(coalesce(sent_hlc, 0), excluded.sent_hlc)",
            )?
            .execute(params![
                partner_id.to_string(),
                household_id.to_string(),
                hlc_sql(hlc)
            ])?;
        Ok(())
    }

    /// Keeps a replaced identity's decryption key until `until`.
    pub fn retire_identity(&self, id: &RetiredIdentity) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO exchange_identity_retired (age_secret, key_id, retired_at, until) VALUES (?1, ?2, ?3, ?4)",
            params![id.age_secret.as_str(), id.key_id, id.retired_at, id.until],
        )?;
        Ok(())
    }

    /// Erases retired identities whose grace period ended before `now` (RFC 3339).
    pub fn forget_retired_before(&self, now: &str) -> Result<usize, StoreError> {
        Ok(self.sql().execute(
            "DELETE FROM exchange_identity_retired WHERE until < ?1",
            [now],
        )?)
    }

    /// Per field, the highest stamp received from packets for a record.
    pub fn seen_stamps(&self, record_id: Uuid) -> Result<Stamps, StoreError> {
        seen_in(self.sql(), record_id)
    }

    /// Replaces the received stamps of a record.
    pub fn set_seen_stamps(&self, record_id: Uuid, stamps: &Stamps) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT INTO exchange_seen (record_id, stamps) VALUES (?1, ?2) \
                 ON CONFLICT(record_id) DO UPDATE SET stamps = excluded.stamps",
            )?
            .execute(params![record_id.to_string(), encode_seen(stamps)?])?;
        Ok(())
    }

    /// Stores the identity (replacing an earlier one).
    pub fn set_exchange_identity(&self, id: &StoredIdentity) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO exchange_identity (id, organisation, age_secret, minisign_secret, created_at) \
             VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET organisation = excluded.organisation, \
             age_secret = excluded.age_secret, minisign_secret = excluded.minisign_secret, created_at = excluded.created_at",
            params![
                id.organisation,
                id.age_secret.as_str(),
                id.minisign_secret.as_str(),
                id.created_at
            ],
        )?;
        Ok(())
    }

    /// The exchange identity, read in this transaction.
    pub fn exchange_identity(&self) -> Result<Option<StoredIdentity>, StoreError> {
        identity_in(self.sql())
    }

    /// The log entry of a packet, read in this transaction.
    pub fn logged_packet(&self, packet_id: Uuid) -> Result<Option<LoggedPacket>, StoreError> {
        logged_in(self.sql(), packet_id)
    }

    /// Records a packet written or imported. `summary` holds counts, never personal data.
    pub fn log_packet(
        &self,
        packet_id: Uuid,
        direction: &str,
        partner_id: Option<Uuid>,
        sha256: &str,
        summary: &str,
    ) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO packet_log (packet_id, direction, partner_id, at, sha256, summary) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                packet_id.to_string(),
                direction,
                partner_id.map(|p| p.to_string()),
                self.now().to_rfc3339(),
                sha256,
                summary
            ],
        )?;
        Ok(())
    }

    /// Keeps a concurrent edit found by an import (values and stamps as JSON).
    #[allow(clippy::too_many_arguments)]
    pub fn record_conflict(
        &self,
        packet_id: Uuid,
        table: &str,
        record_id: Uuid,
        field: &str,
        kept: &str,
        kept_stamp: &str,
        lost: &str,
        lost_stamp: &str,
    ) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO merge_conflicts (packet_id, table_name, record_id, field, kept, kept_stamp, lost, lost_stamp) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                packet_id.to_string(),
                table,
                record_id.to_string(),
                field,
                kept,
                kept_stamp,
                lost,
                lost_stamp
            ],
        )?;
        Ok(())
    }

    /// Marks a conflict resolved (the caller wrote the chosen value, if it was theirs).
    pub fn resolve_conflict(&self, id: i64) -> Result<(), StoreError> {
        self.sql().execute(
            "UPDATE merge_conflicts SET resolved_at = ?2 WHERE id = ?1",
            params![id, self.now().to_rfc3339()],
        )?;
        Ok(())
    }
}

/// A record deleted by a packet, kept for its local undo (« Suppressions reçues »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketDeletion {
    /// Row id (0 before it is kept).
    pub id: i64,
    /// The packet that deleted it.
    pub packet_id: Uuid,
    /// The partner who sent that packet.
    pub partner_id: Uuid,
    /// Table of the record.
    pub table: String,
    /// The record.
    pub record_id: Uuid,
    /// Its household, when it belongs to one.
    pub household_id: Option<Uuid>,
    /// What the worker recognises it by (« Adulte : Jean Martin »).
    pub label: String,
    /// Its JSON before the deletion.
    pub data: String,
    /// Its stamps before the deletion (JSON, field → stamp).
    pub stamps: String,
    /// When the packet was applied (RFC 3339).
    pub deleted_at: String,
    /// Restorable until then (RFC 3339).
    pub until: String,
}

fn deletions_in(
    conn: &rusqlite::Connection,
    filter: &str,
    param: Option<String>,
) -> Result<Vec<PacketDeletion>, StoreError> {
    let sql = format!(
        "SELECT id, packet_id, partner_id, table_name, record_id, household_id, label, data, \
         stamps, deleted_at, until FROM packet_deletions {filter} ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = match param {
        Some(p) => stmt.query([p])?,
        None => stmt.query([])?,
    };
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let household: Option<String> = r.get(5)?;
        out.push(PacketDeletion {
            id: r.get(0)?,
            packet_id: parse_uuid(&r.get::<_, String>(1)?)?,
            partner_id: parse_uuid(&r.get::<_, String>(2)?)?,
            table: r.get(3)?,
            record_id: parse_uuid(&r.get::<_, String>(4)?)?,
            household_id: household.as_deref().map(parse_uuid).transpose()?,
            label: r.get(6)?,
            data: r.get(7)?,
            stamps: r.get(8)?,
            deleted_at: r.get(9)?,
            until: r.get(10)?,
        });
    }
    Ok(out)
}

impl Store {
    /// The records deleted by packets that can still be restored, oldest first (those
    /// past their date are left out even before the purge).
    pub fn packet_deletions(&self) -> Result<Vec<PacketDeletion>, StoreError> {
        let now = self
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ok(deletions_in(self.conn(), "", None)?
            .into_iter()
            .filter(|d| d.until.as_str() >= now.as_str())
            .collect())
    }
}

impl Store {
    /// Erases the content of the records deleted by packets whose 30 days of undo are
    /// over. Writes (one transaction) only when there is something to erase; returns
    /// how many rows were erased. The app calls it when it shows the exchanges, and
    /// every import calls the transaction's version.
    pub fn purge_expired_packet_deletions(&mut self) -> Result<usize, StoreError> {
        let now = self
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let expired: i64 = self
            .conn()
            .prepare_cached("SELECT count(*) FROM packet_deletions WHERE until < ?1")?
            .query_row([now], |r| r.get(0))?;
        if expired == 0 {
            return Ok(0);
        }
        self.write(|tx| tx.purge_expired_packet_deletions())
    }
}

impl Tx<'_> {
    /// Keeps the previous content of a record a packet deletes (its local undo).
    pub fn keep_packet_deletion(&self, d: &PacketDeletion) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT INTO packet_deletions (packet_id, partner_id, table_name, record_id, \
                 household_id, label, data, stamps, deleted_at, until) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                d.packet_id.to_string(),
                d.partner_id.to_string(),
                d.table,
                d.record_id.to_string(),
                d.household_id.map(|h| h.to_string()),
                d.label,
                d.data,
                d.stamps,
                d.deleted_at,
                d.until
            ])?;
        Ok(())
    }

    /// The undo rows of one packet and household (`None`: records of no household),
    /// read in this transaction.
    pub fn packet_deletions_of(
        &self,
        packet_id: Uuid,
        household_id: Option<Uuid>,
    ) -> Result<Vec<PacketDeletion>, StoreError> {
        Ok(deletions_in(
            self.sql(),
            "WHERE packet_id = ?1",
            Some(packet_id.to_string()),
        )?
        .into_iter()
        .filter(|d| d.household_id == household_id)
        .collect())
    }

    /// Drops undo rows once restored.
    pub fn forget_packet_deletions(&self, ids: &[i64]) -> Result<(), StoreError> {
        let mut stmt = self
            .sql()
            .prepare_cached("DELETE FROM packet_deletions WHERE id = ?1")?;
        for id in ids {
            stmt.execute([id])?;
        }
        Ok(())
    }

    /// Erases the undo rows whose 30 days are over (called by every import, and when the
    /// list is read by the app). Returns how many were erased.
    pub fn purge_expired_packet_deletions(&self) -> Result<usize, StoreError> {
        Ok(self
            .sql()
            .prepare_cached("DELETE FROM packet_deletions WHERE until < ?1")?
            .execute([self
                .now()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)])?)
    }

    /// Erases every undo row of a household: the data-protection erasure of a household
    /// must call it, or its deleted records' content would outlive the erasure here.
    pub fn forget_packet_deletions_of_household(
        &self,
        household_id: Uuid,
    ) -> Result<usize, StoreError> {
        Ok(self
            .sql()
            .prepare_cached("DELETE FROM packet_deletions WHERE household_id = ?1")?
            .execute([household_id.to_string()])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hlc::{Hlc, Stamp};

    #[test]
    fn received_stamps_round_trip_compactly() {
        let st = |h, n| Stamp {
            hlc: Hlc(h),
            site: Uuid::from_u128(n),
        };
        let stamps: Stamps = [
            ("a".to_owned(), st(1, 1)),
            ("b".to_owned(), st(1, 1)),
            ("c".to_owned(), st(2, 2)),
        ]
        .into();
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE exchange_seen (record_id TEXT PRIMARY KEY, stamps TEXT)")
            .unwrap();
        let id = Uuid::from_u128(9);
        conn.execute(
            "INSERT INTO exchange_seen VALUES (?1, ?2)",
            params![id.to_string(), encode_seen(&stamps).unwrap()],
        )
        .unwrap();
        assert_eq!(seen_in(&conn, id).unwrap(), stamps);
        assert!(seen_in(&conn, Uuid::nil()).unwrap().is_empty());
    }
}
