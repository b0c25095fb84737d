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
    out.push(("adults", adult.to_string()));
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
    out.push(("households", household.to_string()));
    out.sort();
    out.dedup();
    Ok(out)
}

impl Tx<'_> {
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
    pub fn erase_households(&mut self, households: &[Uuid]) -> Result<Erased, StoreError> {
        let out = self.write(|tx| {
            let mut total = Erased::default();
            for h in households {
                let e = tx.purge_household(*h)?;
                total.records += e.records;
                total.attachments += e.attachments;
            }
            optimize_search(tx.sql())?;
            Ok(total)
        })?;
        self.truncate_wal()?;
        Ok(out)
    }

    /// Erases one person for good (see [`Tx::erase_person`]), then merges the full-text
    /// index and truncates the WAL.
    pub fn erase_person(&mut self, person: Uuid) -> Result<Erased, StoreError> {
        let out = self.write(|tx| {
            let e = tx.erase_person(person)?;
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
