//! Retention (issue 14, « Paramètres → Conservation des données »): per programme, how
//! many months a household is kept after the later of its exit and its last contact
//! (default 24, the CNIL's reference framework for social support; the structure's DPO
//! sets the figure). A preview lists the households due with why and since when; the
//! worker holds some with a reason and applies the rest through the one erasure path
//! ([`Store::erase_households`]: the reports' anonymous monthly counts are kept).
//!
//! "Last contact" is the latest of: a journal note, a past appointment, a stage change,
//! the opening of a case. A household with none of these (no case, no note, no
//! appointment) counts from its creation: the oldest clock stamp of its record (a field
//! never rewritten keeps the stamp of the first write), so that a file opened and never
//! followed is not kept forever.

use std::collections::{BTreeMap, HashMap};

use chrono::{Months, NaiveDate};
use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::audit::AuditObject;
use super::erase::Erased;
use super::records::parse_uuid;
use super::{Store, StoreError, Tx};

/// Months kept when the DPO has set nothing.
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;

fn months_key(programme: Uuid) -> String {
    format!("retention_months:{programme}")
}

/// One household past its retention period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueHousehold {
    /// The household.
    pub household: Uuid,
    /// Its name (shown in the app and the CLI, never logged).
    pub label: String,
    /// Its latest exit date, if it left.
    pub exit: Option<NaiveDate>,
    /// Its last contact.
    pub last_contact: NaiveDate,
    /// The day its retention period ended.
    pub due_on: NaiveDate,
    /// Months kept (the longest of its programmes' periods).
    pub months: u32,
    /// Kept on purpose: the reason (a hold, or « dossier gelé »).
    pub held: Option<String>,
    /// Counted from the household's creation (this day): it has no case, note or
    /// appointment to count from.
    pub created: Option<NaiveDate>,
}

impl DueHousehold {
    /// Why, in French: « sortie le 12/03/2024, dernier contact le 02/05/2024 ; à effacer
    /// depuis le 02/05/2026 (24 mois) ».
    pub fn why(&self) -> String {
        if let Some(created) = self.created {
            return format!(
                "aucun suivi ni contact enregistré, créé le {} ; à effacer depuis le {} ({} mois)",
                created.format("%d/%m/%Y"),
                self.due_on.format("%d/%m/%Y"),
                self.months
            );
        }
        let exit = self.exit.map_or_else(
            || "pas de sortie enregistrée, ".to_owned(),
            |d| format!("sortie le {}, ", d.format("%d/%m/%Y")),
        );
        format!(
            "{exit}dernier contact le {} ; à effacer depuis le {} ({} mois)",
            self.last_contact.format("%d/%m/%Y"),
            self.due_on.format("%d/%m/%Y"),
            self.months
        )
    }
}

fn day(text: Option<String>) -> Option<NaiveDate> {
    let text = text?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

impl Store {
    /// Months a programme's households are kept after their last contact or exit.
    pub fn retention_months(&self, programme: Uuid) -> Result<u32, StoreError> {
        Ok(self
            .setting(&months_key(programme))?
            .and_then(|v| v.parse().ok())
            .filter(|m| *m > 0)
            .unwrap_or(DEFAULT_RETENTION_MONTHS))
    }

    /// Sets a programme's retention period (1 to 600 months). Audited.
    pub fn set_retention_months(&mut self, programme: Uuid, months: u32) -> Result<(), StoreError> {
        if !(1..=600).contains(&months) {
            return Err(StoreError::Invalid(
                "la durée de conservation se compte en mois, de 1 à 600.".into(),
            ));
        }
        self.write(|tx| {
            tx.sql().execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![months_key(programme), months.to_string()],
            )?;
            tx.audit(
                "durée de conservation",
                &format!("programme {programme} : {months} mois"),
            )
        })
    }

    /// The households whose retention period ended on or before `today`, oldest due
    /// first, held ones included (with their reason).
    pub fn retention_preview(&self, today: NaiveDate) -> Result<Vec<DueHousehold>, StoreError> {
        let conn = self.conn();
        let mut months: HashMap<String, u32> = HashMap::new();
        let now = format!("{}T23:59:59", today.format("%Y-%m-%d"));
        let mut stmt = conn.prepare(
            "SELECT h.id, h.data ->> '$.label',
               (SELECT max(n.data ->> '$.at') FROM notes n
                 WHERE n.household_id = h.id AND n.deleted_at IS NULL),
               (SELECT max(a.data ->> '$.at') FROM appointments a
                 WHERE a.household_id = h.id AND a.deleted_at IS NULL AND a.data ->> '$.at' <= ?1),
               (SELECT max(e.data ->> '$.at') FROM stage_events e JOIN cases c ON e.case_id = c.id
                 WHERE c.household_id = h.id AND e.deleted_at IS NULL AND c.deleted_at IS NULL),
               (SELECT max(c.data ->> '$.opened_on') FROM cases c
                 WHERE c.household_id = h.id AND c.deleted_at IS NULL),
               (SELECT max(c.data ->> '$.exit_date') FROM cases c
                 WHERE c.household_id = h.id AND c.deleted_at IS NULL),
               (SELECT group_concat(c.programme_id) FROM cases c
                 WHERE c.household_id = h.id AND c.deleted_at IS NULL),
               (SELECT reason FROM retention_holds r WHERE r.household_id = h.id),
               (SELECT reason FROM household_freezes f WHERE f.household_id = h.id)
             FROM households h WHERE h.deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([&now], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                [
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ],
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, label, contacts, exit, programmes, hold, freeze) = row?;
            let last_contact = contacts.into_iter().filter_map(day).max();
            let exit = day(exit);
            let household = parse_uuid(&id)?;
            let created = match last_contact.max(exit) {
                Some(_) => None,
                None => self.created_on(household)?,
            };
            let Some(reference) = last_contact.max(exit).or(created) else {
                continue;
            };
            let mut kept = 0;
            for p in programmes.as_deref().unwrap_or("").split(',') {
                let m = match months.get(p) {
                    Some(m) => *m,
                    None => {
                        let m = match parse_uuid(p) {
                            Ok(p) => self.retention_months(p)?,
                            Err(_) => DEFAULT_RETENTION_MONTHS,
                        };
                        months.insert(p.to_owned(), m);
                        m
                    }
                };
                kept = kept.max(m);
            }
            let Some(due_on) = reference.checked_add_months(Months::new(kept)) else {
                continue;
            };
            if due_on > today {
                continue;
            }
            out.push(DueHousehold {
                household,
                label: label.unwrap_or_default(),
                exit,
                last_contact: last_contact.unwrap_or(reference),
                due_on,
                months: kept,
                held: hold.or_else(|| freeze.map(|f| format!("dossier gelé : {f}"))),
                created,
            });
        }
        out.sort_by_key(|d| (d.due_on, d.household));
        Ok(out)
    }

    /// The day a household was created, as far as its record tells: its oldest field
    /// stamp (UTC day). `None` when it has no readable stamp.
    fn created_on(&self, household: Uuid) -> Result<Option<NaiveDate>, StoreError> {
        let Some(stamped) = self.stamped::<crate::domain::model::Household>(household)? else {
            return Ok(None);
        };
        Ok(stamped
            .stamps
            .values()
            .map(|s| s.hlc.wall_ms())
            .min()
            .and_then(|ms| i64::try_from(ms).ok())
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| t.date_naive()))
    }

    /// Erases every household due on `today` that is not held, through the one erasure
    /// path. Returns how many households, and what was removed.
    pub fn apply_retention(&mut self, today: NaiveDate) -> Result<(usize, Erased), StoreError> {
        let due: Vec<Uuid> = self
            .retention_preview(today)?
            .into_iter()
            .filter(|d| d.held.is_none())
            .map(|d| d.household)
            .collect();
        if due.is_empty() {
            return Ok((0, Erased::default()));
        }
        let erased = self.erase_households_here(&due)?;
        self.audit_now(
            "conservation appliquée",
            &[],
            &format!(
                "{} ménages effacés au terme de leur durée de conservation",
                due.len()
            ),
        )?;
        Ok((due.len(), erased))
    }

    /// The holds: household → (reason, since).
    pub fn retention_holds(&self) -> Result<BTreeMap<Uuid, String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT household_id, reason FROM retention_holds")?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(h, r)| Ok((parse_uuid(&h)?, r)))
            .collect()
    }
}

impl Tx<'_> {
    /// Keeps a household past its retention period, with a reason (required: litigation,
    /// ongoing support…). Audited, without the reason.
    pub fn hold_retention(&self, household: Uuid, reason: &str) -> Result<(), StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "indiquez pourquoi ce ménage est conservé (contentieux, accompagnement en cours…)."
                    .into(),
            ));
        }
        self.get::<crate::domain::model::Household>(household)?;
        self.sql().execute(
            "INSERT INTO retention_holds (household_id, reason, since) VALUES (?1, ?2, ?3) \
             ON CONFLICT(household_id) DO UPDATE SET reason = excluded.reason",
            params![household.to_string(), reason, self.now().to_rfc3339()],
        )?;
        self.audit_on(
            "conservation prolongée",
            &[AuditObject::Household(household)],
            "motif enregistré dans le dossier",
        )
    }

    /// Ends a hold. Audited.
    pub fn release_retention_hold(&self, household: Uuid) -> Result<(), StoreError> {
        let found: Option<i64> = self
            .sql()
            .query_row(
                "SELECT 1 FROM retention_holds WHERE household_id = ?1",
                [household.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_none() {
            return Err(StoreError::Invalid(
                "ce ménage n'est pas conservé à part.".into(),
            ));
        }
        self.sql().execute(
            "DELETE FROM retention_holds WHERE household_id = ?1",
            [household.to_string()],
        )?;
        self.audit_on(
            "conservation prolongée levée",
            &[AuditObject::Household(household)],
            "",
        )
    }
}
