//! Real erasure (issue 14): the one path every purge goes through — retention, a
//! household erased on request, one person erased on request.
//!
//! The rows are deleted, not tombstoned with their data: the records, their per-field
//! stamps (a column of the row), the conflicts and the exchange bookkeeping that hold
//! their values, their search entries (and the full-text index is merged so that the
//! deleted terms leave its segments), the attached files, the drafts naming them. What
//! remains is an id-only tombstone in `erased_records`, so that a packet or the team log
//! never brings them back (see [`is_erased`], used by the merge). `secure_delete` is on
//! (set at open): freed pages are overwritten with zeros. After the commit the WAL is
//! checkpointed and truncated, so no old page survives in it either.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::audit::AuditObject;
use super::{Store, StoreError, Tx};

/// Tables of records that belong to a household directly (`household_id`).
const HOUSEHOLD_TABLES: &[&str] = &[
    "adults",
    "children",
    "cases",
    "appointments",
    "notes",
    "document_items",
    "consents",
    "proposals",
    "relay_stays",
];

/// What an erasure removed, in counts (for the audit entry and the CLI).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// Records deleted (household, persons and everything attached to them).
    pub records: usize,
    /// Attached files deleted.
    pub attachments: usize,
}

/// Whether `id` was erased for good (a packet must not bring it back).
pub(crate) fn is_erased(conn: &Connection, id: Uuid) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM erased_records WHERE id = ?1")?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

fn ids(conn: &Connection, sql: &str, key: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([key], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Deletes the rows of `(table, id)` and everything that holds their data, and leaves
/// id-only tombstones. Callers have listed every dependent record already.
fn delete_records(tx: &Tx<'_>, records: &[(&str, String)]) -> Result<Erased, StoreError> {
    let conn = tx.sql();
    let mut out = Erased::default();
    let now = tx.now().to_rfc3339();
    for (table, id) in records {
        if *table == "document_items" {
            out.attachments += conn
                .prepare_cached("DELETE FROM attachments WHERE document_id = ?1")?
                .execute([id])?;
        }
        // `table` is one of ours (constants above), never input.
        out.records += conn
            .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
            .execute([id])?;
        for sql in [
            "DELETE FROM search_index WHERE record_id = ?1",
            "DELETE FROM merge_conflicts WHERE record_id = ?1",
            "DELETE FROM exchange_seen WHERE record_id = ?1",
            // The 30-day undo of records deleted by a packet holds their old content.
            "DELETE FROM packet_deletions WHERE record_id = ?1 OR household_id = ?1",
            "DELETE FROM exchange_households WHERE household_id = ?1",
            // A draft kept across a lock may hold the record's values.
            "DELETE FROM drafts WHERE instr(data, ?1) > 0",
        ] {
            conn.prepare_cached(sql)?.execute([id])?;
        }
        conn.prepare_cached(
            "INSERT INTO erased_records (id, erased_at) VALUES (?1, ?2) ON CONFLICT(id) DO NOTHING",
        )?
        .execute(params![id, now])?;
    }
    Ok(out)
}

/// The records of an adult that go with it: follow-ups, tutors, attendances, documents.
fn adult_records(
    conn: &Connection,
    adult: &str,
) -> Result<Vec<(&'static str, String)>, StoreError> {
    let mut out = Vec::new();
    for table in [
        "employment_follow_ups",
        "tutors",
        "attendances",
        "document_items",
    ] {
        for id in ids(
            conn,
            &format!("SELECT id FROM {table} WHERE adult_id = ?1"),
            adult,
        )? {
            out.push((table, id));
        }
    }
    out.push(("adults", adult.to_owned()));
    Ok(out)
}

/// Every record of a household, dependents first.
fn household_records(
    conn: &Connection,
    household: &str,
) -> Result<Vec<(&'static str, String)>, StoreError> {
    let mut out = Vec::new();
    for adult in ids(
        conn,
        "SELECT id FROM adults WHERE household_id = ?1",
        household,
    )? {
        out.extend(adult_records(conn, &adult)?);
    }
    for case in ids(
        conn,
        "SELECT id FROM cases WHERE household_id = ?1",
        household,
    )? {
        for e in ids(
            conn,
            "SELECT id FROM stage_events WHERE case_id = ?1",
            &case,
        )? {
            out.push(("stage_events", e));
        }
    }
    for a in ids(
        conn,
        "SELECT id FROM appointments WHERE household_id = ?1",
        household,
    )? {
        for at in ids(
            conn,
            "SELECT id FROM attendances WHERE appointment_id = ?1",
            &a,
        )? {
            out.push(("attendances", at));
        }
    }
    for table in HOUSEHOLD_TABLES {
        for id in ids(
            conn,
            &format!("SELECT id FROM {table} WHERE household_id = ?1"),
            household,
        )? {
            out.push((table, id));
        }
    }
    out.push(("households", household.to_owned()));
    out.sort();
    out.dedup();
    Ok(out)
}

/// Whether this base belongs to a team (its erasures on request are sent to the others).
fn in_team(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn
        .query_row("SELECT 1 FROM team_config WHERE id = 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The ids of an adult's or a child's records (the person first), for the team's notice.
fn person_records(conn: &Connection, person: Uuid) -> Result<Vec<String>, StoreError> {
    let p = person.to_string();
    let adult: bool = conn
        .query_row("SELECT 1 FROM adults WHERE id = ?1", [&p], |_| Ok(()))
        .optional()?
        .is_some();
    let mut out = vec![p.clone()];
    if adult {
        out.extend(adult_records(conn, &p)?.into_iter().map(|(_, id)| id));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn exists(conn: &Connection, table: &str, id: Uuid) -> Result<bool, StoreError> {
    // `table` is one of ours, never input.
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// An erasure asked by a member of the team (its notice, or the list of a coordinator's
/// snapshot): ids only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamErasure {
    /// Households erased with everything attached.
    pub households: Vec<Uuid>,
    /// Persons (adults, children) erased with what is theirs.
    pub persons: Vec<Uuid>,
    /// Every record id erased (households and persons included): tombstones here.
    pub records: Vec<Uuid>,
    /// The member's device that asked.
    pub device: Uuid,
    /// When it asked (RFC 3339, as the notice says).
    pub erased_at: String,
    /// Where it comes from, for the access log (« avis n° 3 », « liste de l'instantané
    /// n° 2 »).
    pub source: String,
}

impl Tx<'_> {
    /// Queues an erasure made here for the team's other laptops (ids only).
    fn queue_team_erasure(
        &self,
        households: &[Uuid],
        persons: &[Uuid],
        records: &[String],
    ) -> Result<(), StoreError> {
        let json = |ids: Vec<String>| serde_json::to_string(&ids);
        let now = self.now().to_rfc3339();
        self.sql().execute(
            "INSERT INTO team_erasure_outbox (households, persons, records, erased_at) \
             VALUES (?1, ?2, ?3, ?4)",
            params![
                json(households.iter().map(Uuid::to_string).collect())?,
                json(persons.iter().map(Uuid::to_string).collect())?,
                json(records.to_vec())?,
                now
            ],
        )?;
        let me = self.stamp().site.to_string();
        let kinds = households
            .iter()
            .map(|h| (h.to_string(), "menage"))
            .chain(persons.iter().map(|p| (p.to_string(), "personne")))
            .chain(records.iter().map(|r| (r.clone(), "fiche")));
        for (id, kind) in kinds {
            self.sql()
                .prepare_cached(
                    "INSERT INTO team_erased (id, kind, device, erased_at) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT(id) DO NOTHING",
                )?
                .execute(params![id, kind, me, now])?;
        }
        Ok(())
    }

    /// Applies a team member's erasure here, all or nothing: the households and persons
    /// this base holds are erased as on the laptop that asked (report counts kept, rows
    /// deleted, the same audit entry, plus one naming the device that asked and when);
    /// every id becomes a tombstone, so that no packet or snapshot brings it back. Refused
    /// with [`StoreError::FrozenErase`] when one of the households is frozen here (the
    /// caller raises an alert and tries again later). Returns the records removed here.
    pub fn apply_team_erasure(&self, erasure: &TeamErasure) -> Result<Erased, StoreError> {
        let conn = self.sql();
        let mut total = Erased::default();
        for h in &erasure.households {
            if exists(conn, "households", *h)? {
                let e = self.purge_household(*h)?;
                total.records += e.records;
                total.attachments += e.attachments;
            }
        }
        for p in &erasure.persons {
            if exists(conn, "adults", *p)? || exists(conn, "children", *p)? {
                let e = self.erase_person(*p)?;
                total.records += e.records;
                total.attachments += e.attachments;
            }
        }
        let now = self.now().to_rfc3339();
        let device = erasure.device.to_string();
        let kinds = erasure
            .households
            .iter()
            .map(|h| (h, "menage"))
            .chain(erasure.persons.iter().map(|p| (p, "personne")))
            .chain(erasure.records.iter().map(|r| (r, "fiche")));
        for (id, kind) in kinds {
            conn.prepare_cached(
                "INSERT INTO erased_records (id, erased_at) VALUES (?1, ?2) \
                 ON CONFLICT(id) DO NOTHING",
            )?
            .execute(params![id.to_string(), now])?;
            conn.prepare_cached(
                "INSERT INTO team_erased (id, kind, device, erased_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT(id) DO NOTHING",
            )?
            .execute(params![id.to_string(), kind, device, erasure.erased_at])?;
        }
        let asked = chrono::DateTime::parse_from_rfc3339(&erasure.erased_at).map_or_else(
            |_| "date inconnue".into(),
            |t| t.format("%d/%m/%Y %H:%M").to_string(),
        );
        let objects: Vec<AuditObject> = erasure
            .households
            .iter()
            .map(|h| AuditObject::Household(*h))
            .chain(erasure.persons.iter().map(|p| AuditObject::Person(*p)))
            .collect();
        self.audit_on(
            "effacement demandé par l'équipe",
            &objects,
            &format!(
                "demandé par le poste {device} le {asked} ({}) ; ici {} fiches, {} pièces \
                 jointes supprimées, {} identifiants refusés désormais",
                erasure.source,
                total.records,
                total.attachments,
                erasure.records.len()
            ),
        )?;
        optimize_search(conn)?;
        Ok(total)
    }

    /// Erases a household's rows for good (see the module's notes); the report counts are
    /// kept by [`Tx::purge_household`], which is the entry point to use.
    pub(crate) fn erase_household_rows(&self, household: Uuid) -> Result<Erased, StoreError> {
        let conn = self.sql();
        let h = household.to_string();
        let records = household_records(conn, &h)?;
        let out = delete_records(self, &records)?;
        for sql in [
            "DELETE FROM search_index WHERE household_id = ?1",
            "DELETE FROM exchange_households WHERE household_id = ?1",
            "DELETE FROM household_changes WHERE household_id = ?1",
            "DELETE FROM household_freezes WHERE household_id = ?1",
            "DELETE FROM retention_holds WHERE household_id = ?1",
        ] {
            conn.prepare_cached(sql)?.execute([&h])?;
        }
        Ok(out)
    }

    /// Erases one person (an adult with their follow-ups, tutors, attendances and
    /// documents; or a child) on request, keeping the household and the others. The
    /// report counts the person contributed are kept like a household's.
    /// [`StoreError::NotFound`] if there is no such person.
    pub fn erase_person(&self, person: Uuid) -> Result<Erased, StoreError> {
        let conn = self.sql();
        let p = person.to_string();
        let adult: Option<String> = conn
            .query_row("SELECT household_id FROM adults WHERE id = ?1", [&p], |r| {
                r.get(0)
            })
            .optional()?;
        let child: Option<String> = conn
            .query_row(
                "SELECT household_id FROM children WHERE id = ?1",
                [&p],
                |r| r.get(0),
            )
            .optional()?;
        let household = match (adult, child) {
            (Some(h), _) => Some((h, "adults")),
            (None, Some(h)) => Some((h, "children")),
            (None, None) => None,
        };
        let Some((household, table)) = household else {
            return Err(StoreError::NotFound {
                table: "personnes",
                id: person,
            });
        };
        let household = super::records::parse_uuid(&household)?;
        super::freeze::check_not_frozen_for_erasure(conn, household)?;
        let records = if table == "adults" {
            adult_records(conn, &p)?
        } else {
            vec![("children", p.clone())]
        };
        let out = self.keeping_counts(household, |tx| delete_records(tx, &records))?;
        self.audit_on(
            "effacement d'une personne",
            &[
                AuditObject::Household(household),
                AuditObject::Person(person),
            ],
            &format!(
                "{} fiches, {} pièces jointes supprimées",
                out.records, out.attachments
            ),
        )?;
        Ok(out)
    }
}

impl Store {
    /// Erases households for good in one transaction (each through
    /// [`Tx::purge_household`]: report counts kept, rows deleted, id-only tombstones),
    /// then merges the full-text index and truncates the WAL. Returns what was removed.
    ///
    /// In a team, the erasure is also queued, in the same transaction, as a notice for the
    /// team's other laptops (ids only; published by the next sync, see
    /// `crate::team::erasure`). The retention purge erases through
    /// [`Store::erase_households_here`]: each laptop applies the retention rules itself.
    pub fn erase_households(&mut self, households: &[Uuid]) -> Result<Erased, StoreError> {
        self.erase_households_inner(households, true)
    }

    /// [`Store::erase_households`] without telling the team (the retention purge).
    pub(crate) fn erase_households_here(
        &mut self,
        households: &[Uuid],
    ) -> Result<Erased, StoreError> {
        self.erase_households_inner(households, false)
    }

    fn erase_households_inner(
        &mut self,
        households: &[Uuid],
        tell_team: bool,
    ) -> Result<Erased, StoreError> {
        let out = self.write(|tx| {
            let in_team = tell_team && in_team(tx.sql())?;
            let mut total = Erased::default();
            let mut records = Vec::new();
            for h in households {
                if in_team {
                    records.extend(
                        household_records(tx.sql(), &h.to_string())?
                            .into_iter()
                            .map(|(_, id)| id),
                    );
                }
                let e = tx.purge_household(*h)?;
                total.records += e.records;
                total.attachments += e.attachments;
            }
            if in_team {
                tx.queue_team_erasure(households, &[], &records)?;
            }
            optimize_search(tx.sql())?;
            Ok(total)
        })?;
        self.truncate_wal()?;
        Ok(out)
    }

    /// Erases one person for good (see [`Tx::erase_person`]), then merges the full-text
    /// index and truncates the WAL.
    /// In a team, queued for the other laptops like a household's (see
    /// [`Store::erase_households`]).
    pub fn erase_person(&mut self, person: Uuid) -> Result<Erased, StoreError> {
        let out = self.write(|tx| {
            let records = if in_team(tx.sql())? {
                Some(person_records(tx.sql(), person)?)
            } else {
                None
            };
            let e = tx.erase_person(person)?;
            if let Some(records) = records {
                tx.queue_team_erasure(&[], &[person], &records)?;
            }
            optimize_search(tx.sql())?;
            Ok(e)
        })?;
        self.truncate_wal()?;
        Ok(out)
    }

    /// Checkpoints the WAL into the base and truncates it to zero bytes, so that pages
    /// holding erased data do not survive in it. A reader holding an old snapshot can keep
    /// the checkpoint from completing: that is an error, the caller retries.
    pub fn truncate_wal(&self) -> Result<(), StoreError> {
        let busy: i64 = self
            .conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(StoreError::Integrity(
                "le journal d'écriture n'a pas pu être vidé (une lecture est en cours) ; relancez l'effacement dans un instant".into(),
            ));
        }
        Ok(())
    }

    /// Applies a team member's erasure (see [`Tx::apply_team_erasure`]) in one
    /// transaction, then truncates the WAL.
    pub fn apply_team_erasure(&mut self, erasure: &TeamErasure) -> Result<Erased, StoreError> {
        let out = self.write(|tx| tx.apply_team_erasure(erasure))?;
        // A reader holding the WAL only delays its truncation: the erasure is committed.
        let _ = self.truncate_wal();
        Ok(out)
    }

    /// Whether a record was erased for good.
    pub fn is_erased(&self, id: Uuid) -> Result<bool, StoreError> {
        is_erased(self.conn(), id)
    }
}

/// Merges the full-text index into one segment: deleting a row from an FTS5 index only
/// adds a deletion marker, the terms stay in the older segments until they are merged.
fn optimize_search(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("INSERT INTO search_fts(search_fts) VALUES ('optimize');")?;
    Ok(())
}
