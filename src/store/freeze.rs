//! « Gel du dossier » (restriction of processing, issue 14): a frozen household cannot be
//! edited, exported or matched until it is unfrozen. The store refuses every write to its
//! records ([`check_not_frozen`], called by `Tx::put` and `Tx::delete`); the exports and
//! the matching ask [`Store::freeze_of`] before they start. Packets received from partners
//! still merge (the restriction binds what we do, not what others send).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::audit::AuditObject;
use super::records::parse_uuid;
use super::{Store, StoreError, Tx};

/// A household's freeze.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freeze {
    /// Why (typed by the worker; kept in the base, never in the access log).
    pub reason: String,
    /// Since when.
    pub since: NaiveDate,
}

impl Freeze {
    /// The badge text: « Dossier gelé depuis le 12/03/2026 — motif : … ».
    pub fn badge(&self) -> String {
        format!(
            "Dossier gelé depuis le {} — motif : {}",
            self.since.format("%d/%m/%Y"),
            self.reason
        )
    }
}

pub(crate) fn freeze_in(conn: &Connection, household: Uuid) -> Result<Option<Freeze>, StoreError> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT reason, since FROM household_freezes WHERE household_id = ?1")?
        .query_row([household.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(reason, since)| Freeze {
        reason,
        since: DateTime::parse_from_rfc3339(&since)
            .map(|d| d.date_naive())
            .unwrap_or_default(),
    }))
}

/// The household a record belongs to, from its links: directly (`household_id`), or
/// through its case, adult or appointment.
pub(crate) fn household_of(
    conn: &Connection,
    links: &[&str],
    values: &[Option<Uuid>],
) -> Result<Option<Uuid>, StoreError> {
    for (col, value) in links.iter().zip(values) {
        let Some(v) = value else { continue };
        let table = match *col {
            "household_id" => return Ok(Some(*v)),
            "case_id" => "cases",
            "adult_id" => "adults",
            "appointment_id" => "appointments",
            _ => continue,
        };
        let found: Option<Option<String>> = conn
            .prepare_cached(&format!("SELECT household_id FROM {table} WHERE id = ?1"))?
            .query_row([v.to_string()], |r| r.get(0))
            .optional()?;
        if let Some(Some(h)) = found {
            return Ok(Some(parse_uuid(&h)?));
        }
    }
    Ok(None)
}

/// Refuses a write to a frozen household's records ([`StoreError::Frozen`]).
pub(crate) fn check_not_frozen(
    conn: &Connection,
    household: Option<Uuid>,
) -> Result<(), StoreError> {
    let Some(h) = household else {
        return Ok(());
    };
    match freeze_in(conn, h)? {
        Some(f) => Err(StoreError::Frozen {
            since: f.since.format("%d/%m/%Y").to_string(),
        }),
        None => Ok(()),
    }
}

/// Refuses the erasure of a frozen household or of one of its members
/// ([`StoreError::FrozenErase`]): a freeze is often a legal hold (litigation, a person's
/// request to keep the data while a claim is examined), so nothing may erase it — not
/// the retention, not an erasure on request, not the command line.
pub(crate) fn check_not_frozen_for_erasure(
    conn: &Connection,
    household: Uuid,
) -> Result<(), StoreError> {
    match freeze_in(conn, household)? {
        Some(f) => Err(StoreError::FrozenErase {
            since: f.since.format("%d/%m/%Y").to_string(),
        }),
        None => Ok(()),
    }
}

impl Tx<'_> {
    /// Freezes a household with a reason (required). Audited, without the reason.
    pub fn freeze_household(&self, household: Uuid, reason: &str) -> Result<(), StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "indiquez le motif du gel (par exemple : demande de limitation de la personne, contestation en cours).".into(),
            ));
        }
        self.get::<crate::domain::model::Household>(household)?;
        self.sql().execute(
            "INSERT INTO household_freezes (household_id, reason, since) VALUES (?1, ?2, ?3) \
             ON CONFLICT(household_id) DO UPDATE SET reason = excluded.reason",
            params![household.to_string(), reason, self.now().to_rfc3339()],
        )?;
        self.audit_on(
            "gel du dossier",
            &[AuditObject::Household(household)],
            "motif enregistré dans le dossier",
        )
    }

    /// Unfreezes a household. Audited.
    pub fn unfreeze_household(&self, household: Uuid) -> Result<(), StoreError> {
        let n = self.sql().execute(
            "DELETE FROM household_freezes WHERE household_id = ?1",
            [household.to_string()],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid("ce dossier n'est pas gelé.".into()));
        }
        self.audit_on("dégel du dossier", &[AuditObject::Household(household)], "")
    }
}

impl Store {
    /// The household's freeze, if frozen.
    pub fn freeze_of(&self, household: Uuid) -> Result<Option<Freeze>, StoreError> {
        freeze_in(self.conn(), household)
    }

    /// Refuses with [`StoreError::Frozen`] if the household is frozen (exports, matching).
    pub fn ensure_not_frozen(&self, household: Uuid) -> Result<(), StoreError> {
        check_not_frozen(self.conn(), Some(household))
    }

    /// The frozen households' ids.
    pub fn frozen_households(&self) -> Result<BTreeSet<Uuid>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT household_id FROM household_freezes")?;
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.iter().map(|s| parse_uuid(s)).collect()
    }
}
