//! Reports (issue 7): loads the facts of a programme in one read, keeps the anonymous
//! monthly counts of purged households, and purges a household.
//!
//! The indicators themselves are computed by the pure [`crate::domain::report`].

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::records::parse_uuid;
use super::{Store, StoreError, Tx};
use crate::domain::model::{
    Adult, Appointment, Attendance, Case, Child, EmploymentFollowUp, EnrolmentStatus, Household,
    Programme, Proposal, ProposalStatus, StageEvent,
};
use crate::domain::programme::default_programme;
use crate::domain::report::{
    self, AppointmentFacts, CaseFacts, HouseholdFacts, Metric, Month, MonthlyCount, Period, Report,
    ReportFacts,
};

/// Rows of `sql` (one JSON `data` column, optionally a second text column) for a
/// programme id.
fn rows<R: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    programme: Uuid,
) -> Result<Vec<R>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([programme.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(serde_json::from_str(&row.get::<_, String>(0)?)?);
    }
    Ok(out)
}

/// The live households of a programme's live cases.
const HOUSEHOLDS: &str = "SELECT DISTINCT c.household_id FROM cases c \
     JOIN households h ON h.id = c.household_id \
     WHERE c.programme_id = ?1 AND c.deleted_at IS NULL AND h.deleted_at IS NULL";

/// Loads everything a report of `programme` needs (call inside one transaction for a
/// consistent snapshot).
pub(crate) fn load_facts(conn: &Connection, programme: Uuid) -> Result<ReportFacts, StoreError> {
    let cases: Vec<Case> = rows(
        conn,
        &format!(
            "SELECT data FROM cases WHERE programme_id = ?1 AND deleted_at IS NULL \
             AND household_id IN ({HOUSEHOLDS}) ORDER BY rowid"
        ),
        programme,
    )?;
    let events: Vec<StageEvent> = rows(
        conn,
        "SELECT e.data FROM stage_events e JOIN cases c ON c.id = e.case_id \
         WHERE c.programme_id = ?1 AND c.deleted_at IS NULL AND e.deleted_at IS NULL \
         ORDER BY e.rowid",
        programme,
    )?;
    let mut by_case: BTreeMap<Uuid, Vec<StageEvent>> = BTreeMap::new();
    for e in events {
        by_case.entry(e.case_id).or_default().push(e);
    }
    let mut facts = ReportFacts {
        cases: cases
            .into_iter()
            .map(|case| CaseFacts {
                events: by_case.remove(&case.id).unwrap_or_default(),
                case,
            })
            .collect(),
        ..ReportFacts::default()
    };

    let households: Vec<Household> = rows(
        conn,
        &format!("SELECT data FROM households WHERE id IN ({HOUSEHOLDS})"),
        programme,
    )?;
    for h in households {
        facts.households.insert(
            h.id,
            HouseholdFacts {
                unknown_to_employment_services: h.unknown_to_employment_services,
                ..HouseholdFacts::default()
            },
        );
    }
    let adults: Vec<Adult> = rows(
        conn,
        &format!(
            "SELECT data FROM adults WHERE deleted_at IS NULL AND household_id IN ({HOUSEHOLDS}) \
             ORDER BY rowid"
        ),
        programme,
    )?;
    let mut household_of: BTreeMap<Uuid, Uuid> = BTreeMap::new();
    for a in adults {
        household_of.insert(a.id, a.household_id);
        if let Some(h) = facts.households.get_mut(&a.household_id) {
            h.adult_ids.push(a.id);
        }
    }
    let follow_ups: Vec<EmploymentFollowUp> = rows(
        conn,
        &format!(
            "SELECT f.data FROM employment_follow_ups f JOIN adults a ON a.id = f.adult_id \
             WHERE f.deleted_at IS NULL AND a.deleted_at IS NULL \
             AND a.household_id IN ({HOUSEHOLDS}) ORDER BY f.rowid"
        ),
        programme,
    )?;
    for f in follow_ups {
        if let Some(h) = household_of
            .get(&f.adult_id)
            .and_then(|hid| facts.households.get_mut(hid))
        {
            h.follow_ups.push(f);
        }
    }
    let children: Vec<Child> = rows(
        conn,
        &format!(
            "SELECT data FROM children WHERE deleted_at IS NULL \
             AND household_id IN ({HOUSEHOLDS}) ORDER BY rowid"
        ),
        programme,
    )?;
    for c in &children {
        if let Some(h) = facts.households.get_mut(&c.household_id) {
            h.children += 1;
        }
    }
    for c in children
        .iter()
        .filter(|c| c.enrolment == EnrolmentStatus::Inscrit)
    {
        if let Some(h) = facts.households.get_mut(&c.household_id) {
            h.children_enrolled_on.push(c.enrolment_date);
        }
    }
    // Accepted proposals on permanent (non-relay) dwellings.
    let proposals: Vec<Proposal> = rows(
        conn,
        &format!(
            "SELECT p.data FROM proposals p JOIN housing_units u ON u.id = p.unit_id \
             WHERE p.deleted_at IS NULL AND NOT coalesce(u.data ->> '$.is_relay', 0) \
             AND p.household_id IN ({HOUSEHOLDS}) ORDER BY p.rowid"
        ),
        programme,
    )?;
    for p in proposals
        .iter()
        .filter(|p| p.status == ProposalStatus::Accepte)
    {
        if let Some(h) = facts.households.get_mut(&p.household_id) {
            h.housing_accepted_on.push(p.proposed_on);
        }
    }
    // The programme's household appointments, and collective events with attendance.
    let appointments: Vec<Appointment> = rows(
        conn,
        &format!(
            "SELECT data FROM appointments WHERE deleted_at IS NULL \
             AND (household_id IS NULL OR household_id IN ({HOUSEHOLDS})) ORDER BY rowid"
        ),
        programme,
    )?;
    let attendances: Vec<Attendance> = rows(
        conn,
        &format!(
            "SELECT t.data FROM attendances t JOIN adults a ON a.id = t.adult_id \
             WHERE t.deleted_at IS NULL AND a.deleted_at IS NULL \
             AND a.household_id IN ({HOUSEHOLDS}) ORDER BY t.rowid"
        ),
        programme,
    )?;
    let mut by_appointment: BTreeMap<Uuid, Vec<_>> = BTreeMap::new();
    for t in attendances {
        by_appointment
            .entry(t.appointment_id)
            .or_default()
            .push((t.adult_id, t.status));
    }
    facts.appointments = appointments
        .into_iter()
        .map(|a| AppointmentFacts {
            attendances: by_appointment.remove(&a.id).unwrap_or_default(),
            id: a.id,
            on: a.at.date_naive(),
            kind: a.kind,
            household_id: a.household_id,
        })
        .collect();
    Ok(facts)
}

/// The monthly counts kept for a programme's purged households.
pub(crate) fn kept_counts(
    conn: &Connection,
    programme: Uuid,
) -> Result<Vec<MonthlyCount>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT month, metric, count FROM report_kept_counts WHERE programme_id = ?1",
    )?;
    let mut rows = stmt.query([programme.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let month: String = row.get(0)?;
        let metric: String = row.get(1)?;
        // A key from a newer version of the app is skipped rather than misread.
        if let (Some(month), Some(metric)) = (Month::parse(&month), Metric::parse(&metric)) {
            out.push(MonthlyCount {
                month,
                metric,
                count: row.get(2)?,
            });
        }
    }
    Ok(out)
}

/// A programme by id; the default one while it has never been saved (as the board does).
fn programme_in(conn: &Connection, id: Uuid) -> Result<Programme, StoreError> {
    let json: Option<String> = conn
        .prepare_cached("SELECT data FROM programmes WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    match json {
        Some(json) => Ok(serde_json::from_str(&json)?),
        None if id == default_programme().id => Ok(default_programme()),
        None => Err(StoreError::NotFound {
            table: "programmes",
            id,
        }),
    }
}

/// The programmes in which `household` has a live case.
fn programmes_of(conn: &Connection, household: Uuid) -> Result<Vec<Programme>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT programme_id FROM cases WHERE household_id = ?1 AND deleted_at IS NULL",
    )?;
    let ids: Vec<String> = stmt
        .query_map([household.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.iter()
        .map(|id| programme_in(conn, parse_uuid(id)?))
        .collect()
}

impl Tx<'_> {
    /// Purges a household for good: first keeps, for each of its programmes, the
    /// anonymous monthly counts it contributed (the programme's contributions before
    /// minus after), then erases its rows through the one erasure path
    /// ([`super::erase`]: rows, stamps, conflicts, search entries, attachments, proposals,
    /// stays; an id-only tombstone remains). Every purge — retention, erasure on request —
    /// goes through here so that past reports keep their figures. [`StoreError::NotFound`]
    /// if the household is absent or deleted.
    pub fn purge_household(&self, household: Uuid) -> Result<super::erase::Erased, StoreError> {
        self.get::<Household>(household)?;
        super::freeze::check_not_frozen_for_erasure(self.sql(), household)?;
        let out = self.keeping_counts(household, |tx| tx.erase_household_rows(household))?;
        // The household's id only: its name and data are gone.
        self.audit_on(
            "effacement",
            &[super::audit::AuditObject::Household(household)],
            &format!(
                "{} fiches, {} pièces jointes supprimées",
                out.records, out.attachments
            ),
        )?;
        Ok(out)
    }

    /// Runs `erase` (which removes some of `household`'s data) and adds what the removed
    /// data contributed to the programmes' monthly counts to the kept counts, so that
    /// the reports of past months do not change.
    pub(crate) fn keeping_counts<T>(
        &self,
        household: Uuid,
        erase: impl FnOnce(&Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn: &Connection = self.sql();
        let programmes = programmes_of(conn, household)?;
        let before: Vec<_> = programmes
            .iter()
            .map(|p| Ok(report::contributions(p, &load_facts(conn, p.id)?)))
            .collect::<Result<_, StoreError>>()?;
        let out = erase(self)?;
        let mut upsert = conn.prepare_cached(
            "INSERT INTO report_kept_counts (programme_id, month, metric, count) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (programme_id, month, metric) \
             DO UPDATE SET count = count + excluded.count",
        )?;
        for (p, before) in programmes.iter().zip(&before) {
            let after = report::contributions(p, &load_facts(conn, p.id)?);
            for k in report::purged_counts(before, &after) {
                upsert.execute(params![
                    p.id.to_string(),
                    k.month.key(),
                    k.metric.key(),
                    k.count
                ])?;
            }
        }
        Ok(out)
    }
}

impl Store {
    /// The report of a programme for a period, from live data and the counts kept for
    /// purged households, read in one transaction.
    pub fn report(&self, programme: Uuid, period: Period) -> Result<Report, StoreError> {
        let tx = self.conn().unchecked_transaction()?;
        let p = programme_in(&tx, programme)?;
        let facts = load_facts(&tx, programme)?;
        let kept = kept_counts(&tx, programme)?;
        tx.finish()?;
        let live = report::contributions(&p, &facts);
        Ok(report::compute(&p, &live, &kept, period))
    }

    /// Purges a household for good in one transaction (see [`Tx::purge_household`] and
    /// [`Store::erase_households`]).
    pub fn purge_household(&mut self, household: Uuid) -> Result<(), StoreError> {
        self.erase_households(&[household]).map(|_| ())
    }

    /// Number of kept monthly count rows (for checks and tests).
    pub fn kept_count_rows(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM report_kept_counts", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
