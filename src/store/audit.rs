//! The access log (« Journal d'accès », issue 14): who did what, when, on which objects,
//! hash-chained so that an entry edited, removed or slipped in afterwards is detected.
//!
//! Each entry holds its time, the worker ([`Tx::actor`]), the action, the ids of the
//! objects it concerns (never a name: `foyer:<uuid> personne:<uuid>`), a detail without
//! personal data, and `hash = SHA-256(prev_hash, at, actor, action, objects, detail)`
//! chained to the previous entry's hash.
//!
//! Entries older than the configured period are removed behind a **checkpoint** entry
//! that records how many were removed and the hash of the last one (the *anchor* the
//! first remaining entry points to), sealed with a keyed hash (HMAC-SHA-256) under a
//! random key kept in the base. Why a keyed hash rather than the exchange identity's
//! minisign key: that identity is optional, is renewed (issue 13) and its old secret is not
//! kept, so old checkpoints would stop verifying; the audit key lives as long as the base
//! and survives data-key rotation. Either secret sits inside the encrypted base, so
//! neither protects against someone who holds the data key and rewrites the whole chain:
//! the chain shows edits made with an SQL tool, it is not a notary.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Store, StoreError, Tx};

/// Settings key holding the id of the worker at the keyboard (set by the team section).
pub const CURRENT_WORKER_KEY: &str = "current_worker";
/// Settings key: how many months audit entries are kept (default [`DEFAULT_KEEP_MONTHS`]).
pub const KEEP_MONTHS_KEY: &str = "audit_keep_months";
/// Entries are kept twelve months unless the DPO sets another period.
pub const DEFAULT_KEEP_MONTHS: u32 = 12;
/// The action of a checkpoint entry.
pub const CHECKPOINT_ACTION: &str = "point de contrôle";
/// Meta key: the chain covers every entry (older entries were sealed at upgrade).
const CHAINED_META: &str = "audit_chain";
/// Meta key of the checkpoint seal's key (hex, 32 random bytes).
const SEAL_KEY_META: &str = "audit_seal_key";

/// An object an entry concerns, by id only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditObject {
    /// A household.
    Household(Uuid),
    /// An adult or a child.
    Person(Uuid),
    /// A partner organisation.
    Partner(Uuid),
    /// Any other record.
    Record(Uuid),
}

impl AuditObject {
    fn text(&self) -> String {
        match self {
            AuditObject::Household(id) => format!("foyer:{id}"),
            AuditObject::Person(id) => format!("personne:{id}"),
            AuditObject::Partner(id) => format!("partenaire:{id}"),
            AuditObject::Record(id) => format!("fiche:{id}"),
        }
    }
}

/// The objects column: ids separated by spaces.
fn objects_text(objects: &[AuditObject]) -> String {
    objects
        .iter()
        .map(AuditObject::text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One entry of the access log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the log.
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Which worker (id), "local" without a team.
    pub actor: String,
    /// What.
    pub action: String,
    /// On which objects (`foyer:<uuid> personne:<uuid>`).
    pub objects: String,
    /// Detail without personal data (counts, field names, recipient's id).
    pub detail: String,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// Hash of this entry.
    pub hash: String,
}

impl AuditEntry {
    /// The household ids this entry names.
    pub fn households(&self) -> impl Iterator<Item = &str> {
        self.objects
            .split(' ')
            .filter_map(|o| o.strip_prefix("foyer:"))
    }

    /// The instant of the entry, when its text reads as RFC 3339.
    pub fn at_utc(&self) -> Option<DateTime<chrono::Utc>> {
        DateTime::parse_from_rfc3339(&self.at)
            .ok()
            .map(|d| d.with_timezone(&chrono::Utc))
    }

    /// The date of the entry in local time, dd/mm/yyyy HH:MM, as the journal shows it
    /// (the raw text if it does not parse).
    pub fn date_local_fr(&self) -> String {
        self.at_utc().map_or_else(
            || self.at.clone(),
            |t| crate::domain::text::datetime_fr(t, &chrono::Local),
        )
    }

    /// The date of the entry in UTC, dd/mm/yyyy HH:MM (the raw text if it does not parse).
    pub fn date_fr(&self) -> String {
        DateTime::parse_from_rfc3339(&self.at).map_or_else(
            |_| self.at.clone(),
            |d| d.format("%d/%m/%Y %H:%M").to_string(),
        )
    }
}

/// The hash of an entry: SHA-256 over the previous hash and the entry's fields, each
/// length-prefixed so that moving text from one field to the next changes the hash.
pub fn entry_hash(
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    objects: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev, at, actor, action, objects, detail] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// HMAC-SHA-256 (RFC 2104), for the checkpoint seal; a dozen lines rather than a crate.
fn hmac(key: &[u8], msg: &[u8]) -> String {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    hex::encode(outer.finalize())
}

fn last_hash(conn: &Connection) -> Result<String, StoreError> {
    Ok(conn
        .prepare_cached("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Appends one chained entry on `conn` (inside the caller's transaction, if any).
pub(crate) fn append(
    conn: &Connection,
    at: &str,
    actor: &str,
    action: &str,
    objects: &str,
    detail: &str,
) -> Result<(), StoreError> {
    let prev = last_hash(conn)?;
    append_after(conn, &prev, at, actor, action, objects, detail)
}

fn append_after(
    conn: &Connection,
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    objects: &str,
    detail: &str,
) -> Result<(), StoreError> {
    let hash = entry_hash(prev, at, actor, action, objects, detail);
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, action, detail, objects, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![at, actor, action, detail, objects, prev, hash])?;
    Ok(())
}

/// The worker at the keyboard: the settings' `current_worker`, "local" without one.
pub(crate) fn actor_in(conn: &Connection) -> Result<String, StoreError> {
    let worker: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([CURRENT_WORKER_KEY], |r| r.get(0))
        .optional()?;
    Ok(worker
        .filter(|w| !w.trim().is_empty())
        .unwrap_or_else(|| "local".to_owned()))
}

/// Chains the entries written before the chain existed (a base upgraded from schema 9),
/// once: afterwards an entry without a hash is a break, not a legacy entry.
pub(crate) fn seal_unchained(conn: &mut Connection) -> Result<(), StoreError> {
    let done: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [CHAINED_META],
            |r| r.get(0),
        )
        .optional()?;
    if done.is_some() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    {
        let rows: Vec<(i64, String, String, String, String, String)> = tx
            .prepare("SELECT id, at, actor, action, objects, detail FROM audit_log ORDER BY id")?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut prev = String::new();
        for (id, at, actor, action, objects, detail) in rows {
            let hash = entry_hash(&prev, &at, &actor, &action, &objects, &detail);
            tx.execute(
                "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
                params![id, prev, hash],
            )?;
            prev = hash;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, 'v1')",
            [CHAINED_META],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The checkpoint seal key, created the first time it is needed.
fn seal_key(conn: &Connection, create: bool) -> Result<Option<Vec<u8>>, StoreError> {
    let hex_key: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [SEAL_KEY_META],
            |r| r.get(0),
        )
        .optional()?;
    match hex_key {
        Some(h) => Ok(hex::decode(h).ok()),
        None if create => {
            let key: [u8; 32] = rand::random();
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![SEAL_KEY_META, hex::encode(key)],
            )?;
            Ok(Some(key.to_vec()))
        }
        None => Ok(None),
    }
}

fn seal_message(anchor: &str, removed: u64, before: &str) -> Vec<u8> {
    format!("{anchor}|{removed}|{before}").into_bytes()
}

/// The parts of a checkpoint's detail: removed count, cut-off, anchor, seal.
fn parse_checkpoint(detail: &str) -> Option<(u64, String, String, String)> {
    let field = |name: &str| {
        detail
            .split(" ; ")
            .find_map(|p| p.strip_prefix(name))
            .map(str::to_owned)
    };
    Some((
        field("retirées=")?.parse().ok()?,
        field("avant=")?,
        field("ancre=")?,
        field("sceau=")?,
    ))
}

/// Where and why the chain breaks, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first entry found wrong.
    pub id: i64,
    /// The French explanation.
    pub message: String,
}

/// Result of [`Store::verify_audit_chain`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Entries checked.
    pub entries: usize,
    /// The first break, if any.
    pub broken: Option<ChainBreak>,
}

impl std::fmt::Display for ChainReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.broken {
            None => write!(
                f,
                "Journal d'accès intègre : {} entrées chaînées sans rupture.",
                self.entries
            ),
            Some(b) => write!(f, "Journal d'accès altéré : {}", b.message),
        }
    }
}

fn all_entries(conn: &Connection) -> Result<Vec<AuditEntry>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, objects, detail, prev_hash, hash FROM audit_log ORDER BY id",
    )?;
    let rows = stmt.query_map([], row_entry)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        objects: r.get(4)?,
        detail: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

/// Checks the chain of `entries` (in log order).
fn verify(entries: &[AuditEntry], seal: Option<&[u8]>) -> Option<ChainBreak> {
    let first = entries.first()?;
    let at = |e: &AuditEntry| format!("n° {} du {}", e.id, e.date_local_fr());
    // Where the chain must start: at its origin, or at the anchor of the latest sealed
    // checkpoint (the entries before it were removed for their age).
    let checkpoint = entries.iter().rev().find(|e| e.action == CHECKPOINT_ACTION);
    match checkpoint {
        Some(cp) => {
            let Some((removed, before, anchor, sceau)) = parse_checkpoint(&cp.detail) else {
                return Some(ChainBreak {
                    id: cp.id,
                    message: format!("le point de contrôle {} est illisible.", at(cp)),
                });
            };
            let expected = seal.map(|k| hmac(k, &seal_message(&anchor, removed, &before)));
            if expected.as_deref() != Some(sceau.as_str()) {
                return Some(ChainBreak {
                    id: cp.id,
                    message: format!(
                        "le sceau du point de contrôle {} ne correspond pas : il a été modifié ou fabriqué.",
                        at(cp)
                    ),
                });
            }
            if first.prev_hash != anchor {
                return Some(ChainBreak {
                    id: first.id,
                    message: format!(
                        "le début du journal ne correspond pas au dernier point de contrôle : des entrées ont été retirées avant l'entrée {}.",
                        at(first)
                    ),
                });
            }
        }
        None if !first.prev_hash.is_empty() || first.id != 1 => {
            return Some(ChainBreak {
                id: first.id,
                message: format!(
                    "le journal ne commence pas à son origine : des entrées ont été retirées avant l'entrée {} sans point de contrôle.",
                    at(first)
                ),
            });
        }
        None => {}
    }
    let mut prev: Option<&AuditEntry> = None;
    for e in entries {
        if let Some(p) = prev
            && e.prev_hash != p.hash
        {
            return Some(ChainBreak {
                id: e.id,
                message: format!(
                    "le chaînage est rompu entre l'entrée {} et l'entrée {} : une entrée a été supprimée ou insérée entre elles.",
                    at(p),
                    at(e)
                ),
            });
        }
        let hash = entry_hash(
            &e.prev_hash,
            &e.at,
            &e.actor,
            &e.action,
            &e.objects,
            &e.detail,
        );
        if hash != e.hash {
            return Some(ChainBreak {
                id: e.id,
                message: format!(
                    "l'entrée {} a été modifiée après coup : son empreinte ne correspond plus à son contenu.",
                    at(e)
                ),
            });
        }
        prev = Some(e);
    }
    None
}

/// What to select from the log (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// From this day (inclusive).
    pub from: Option<NaiveDate>,
    /// To this day (inclusive).
    pub to: Option<NaiveDate>,
    /// Only this worker.
    pub worker: Option<String>,
    /// Only entries naming this household.
    pub household: Option<Uuid>,
    /// Only this action.
    pub action: Option<String>,
}

impl AuditFilter {
    /// Whether `e` passes the filter.
    pub fn matches(&self, e: &AuditEntry) -> bool {
        let day = DateTime::parse_from_rfc3339(&e.at)
            .ok()
            .map(|d| d.with_timezone(&Utc).date_naive());
        self.from.is_none_or(|f| day.is_some_and(|d| d >= f))
            && self.to.is_none_or(|t| day.is_some_and(|d| d <= t))
            && self.worker.as_ref().is_none_or(|w| &e.actor == w)
            && self.action.as_ref().is_none_or(|a| &e.action == a)
            && self
                .household
                .is_none_or(|h| e.households().any(|x| x == h.to_string()))
    }
}

impl Tx<'_> {
    /// The access-log entry of a record written or deleted by the worker: the table and
    /// the names of the fields changed, never their values; the household and person ids.
    pub(crate) fn audit_record(
        &self,
        action: &str,
        table: &str,
        id: Uuid,
        household: Option<Uuid>,
        fields: &[String],
    ) -> Result<(), StoreError> {
        if !self.record_audit.get() {
            return Ok(());
        }
        // A consent is what the DPO looks for first: named as such.
        let action = match (table, action) {
            ("consents", "fiche créée") => "consentement enregistré",
            ("consents", "fiche modifiée") => "consentement modifié",
            ("consents", _) => "consentement supprimé",
            _ => action,
        };
        let mut objects = Vec::with_capacity(2);
        if table == "households" {
            objects.push(AuditObject::Household(id));
        } else {
            objects.extend(household.map(AuditObject::Household));
            objects.push(if table == "adults" || table == "children" {
                AuditObject::Person(id)
            } else {
                AuditObject::Record(id)
            });
        }
        let detail = if fields.is_empty() {
            table.to_owned()
        } else {
            format!("{table} : {}", fields.join(", "))
        };
        self.audit_on(action, &objects, &detail)
    }

    /// The worker at the keyboard, for the audit log: the settings key
    /// `current_worker` (a worker id set by the team section), "local" without one.
    pub fn actor(&self) -> Result<String, StoreError> {
        actor_in(self.sql())
    }

    /// Appends an entry to the access log, without objects. `detail` must not hold
    /// personal data.
    pub fn audit(&self, action: &str, detail: &str) -> Result<(), StoreError> {
        self.audit_on(action, &[], detail)
    }

    /// Appends an entry naming the objects it concerns (ids only). `detail` must not
    /// hold personal data (field names, counts, the recipient's id).
    pub fn audit_on(
        &self,
        action: &str,
        objects: &[AuditObject],
        detail: &str,
    ) -> Result<(), StoreError> {
        let actor = self.actor()?;
        append(
            self.sql(),
            &self.now().to_rfc3339(),
            &actor,
            action,
            &objects_text(objects),
            detail,
        )
    }

    /// Removes the entries older than `before` behind a sealed checkpoint entry. Returns
    /// how many were removed (none: no checkpoint).
    pub fn prune_audit(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        prune_in(self.sql(), self.now(), before)
    }
}

/// See [`Tx::prune_audit`]; on any connection, inside the caller's transaction.
fn prune_in(
    conn: &Connection,
    now: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log WHERE at < ?1 ORDER BY id DESC LIMIT 1",
            [before.to_rfc3339()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((last_id, anchor)) = last else {
        return Ok(0);
    };
    let removed = conn.execute("DELETE FROM audit_log WHERE id <= ?1", [last_id])? as u64;
    let key = seal_key(conn, true)?
        .ok_or_else(|| StoreError::Integrity("clé de scellement du journal illisible".into()))?;
    let before_text = before.to_rfc3339();
    let sceau = hmac(&key, &seal_message(&anchor, removed, &before_text));
    // Every entry was old: the checkpoint itself starts the chain, at the anchor.
    let prev = Some(last_hash(conn)?)
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| anchor.clone());
    append_after(
        conn,
        &prev,
        &now.to_rfc3339(),
        &actor_in(conn)?,
        CHECKPOINT_ACTION,
        "",
        &format!(
            "entrées antérieures au {} retirées ; retirées={removed} ; avant={before_text} ; ancre={anchor} ; sceau={sceau}",
            before.format("%d/%m/%Y")
        ),
    )?;
    Ok(removed)
}

impl Store {
    /// Appends one entry in its own transaction.
    ///
    /// Not a [`Store::write`]: an access-log entry is no change to the records, so it
    /// takes no merge stamp (an unlock or a dry run leaves the data exactly as it was).
    pub fn audit_now(
        &mut self,
        action: &str,
        objects: &[AuditObject],
        detail: &str,
    ) -> Result<(), StoreError> {
        let objects = objects_text(objects);
        self.log_only(|conn, now| {
            append(
                conn,
                &now.to_rfc3339(),
                &actor_in(conn)?,
                action,
                &objects,
                detail,
            )
        })
    }

    /// Records that a household was looked at (« foyer ouvert »), without waiting for the
    /// disk: the commit is written to the journal file but not flushed (`synchronous =
    /// NORMAL` for this one transaction).
    ///
    /// Why: the flush costs 0.4 ms on a quiet laptop but 40 to 116 ms on a loaded one, on
    /// the UI thread, at every household opened (workday bench, issue 17). What it buys is
    /// small: WAL stays consistent either way; a crash of the app loses nothing; a power
    /// cut or a kernel crash before the next flushed write (any change, the next unlock,
    /// a checkpoint) can lose only these « looked at » entries, never a change to the
    /// records nor a disclosure (exports, fiches, packets keep the flushed
    /// [`Store::audit_now`]).
    pub fn audit_consulted(
        &mut self,
        action: &str,
        objects: &[AuditObject],
    ) -> Result<(), StoreError> {
        self.conn().execute_batch("PRAGMA synchronous = NORMAL;")?;
        let written = self.audit_now(action, objects, "");
        let restored = self.conn().execute_batch("PRAGMA synchronous = FULL;");
        written?;
        restored?;
        Ok(())
    }

    /// Runs `f` in a transaction of its own that touches the access log only.
    fn log_only<T>(
        &mut self,
        f: impl FnOnce(&Connection, DateTime<Utc>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let now = self.now();
        let db = self.paths().db.clone();
        let named = |e: StoreError| match e {
            StoreError::Sql(e) => super::fault::from_sql(e, &db),
            other => other,
        };
        let tx = self
            .conn()
            .unchecked_transaction()
            .map_err(|e| named(e.into()))?;
        let out = f(&tx, now).map_err(named)?;
        tx.commit().map_err(|e| named(e.into()))?;
        Ok(out)
    }

    /// Records an unlock, after the failed attempts that preceded it (a wrong passphrase
    /// fails on the key file and never touches the base, so they are written now, each
    /// with its time), then removes the entries older than the configured period. `via`
    /// says where (« application », « ligne de commande »).
    pub fn record_unlock(&mut self, failed: &[DateTime<Utc>], via: &str) -> Result<(), StoreError> {
        self.log_only(|conn, now| {
            let actor = actor_in(conn)?;
            for at in failed {
                append(
                    conn,
                    &now.to_rfc3339(),
                    &actor,
                    "déverrouillage refusé",
                    "",
                    &format!(
                        "phrase de passe incorrecte le {} (UTC)",
                        at.format("%d/%m/%Y à %H:%M:%S")
                    ),
                )?;
            }
            append(conn, &now.to_rfc3339(), &actor, "déverrouillage", "", via)
        })?;
        self.prune_audit_log()?;
        Ok(())
    }

    /// Verifies the whole chain: every entry's hash, every link, the start (origin or a
    /// sealed checkpoint).
    pub fn verify_audit_chain(&self) -> Result<ChainReport, StoreError> {
        let entries = all_entries(self.conn())?;
        let key = seal_key(self.conn(), false)?;
        Ok(ChainReport {
            entries: entries.len(),
            broken: verify(&entries, key.as_deref()),
        })
    }

    /// The entries that pass `filter`, oldest first.
    pub fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut entries = all_entries(self.conn())?;
        entries.retain(|e| filter.matches(e));
        Ok(entries)
    }

    /// How many months entries are kept (settings, default twelve).
    pub fn audit_keep_months(&self) -> Result<u32, StoreError> {
        Ok(self
            .setting(KEEP_MONTHS_KEY)?
            .and_then(|v| v.parse().ok())
            .filter(|m| *m > 0)
            .unwrap_or(DEFAULT_KEEP_MONTHS))
    }

    /// Removes the entries older than the configured period behind a sealed checkpoint
    /// (see the module's notes). Returns how many were removed.
    pub fn prune_audit_log(&mut self) -> Result<u64, StoreError> {
        let months = self.audit_keep_months()?;
        let now = self.now();
        let cutoff = now
            .checked_sub_months(chrono::Months::new(months))
            .unwrap_or(now);
        self.log_only(|conn, now| prune_in(conn, now, cutoff))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hmac(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        assert_ne!(
            entry_hash("", "a", "bc", "", "", ""),
            entry_hash("", "ab", "c", "", "", "")
        );
    }
}
