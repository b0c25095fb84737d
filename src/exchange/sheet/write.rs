//! Writing an import plan: every planned household, with its people, case, stage events,
//! hirings and leases, in one transaction (all of them or none), and one audit entry that
//! holds counts only.

use uuid::Uuid;

use super::PlannedHousehold;
use crate::domain::model::*;
use crate::domain::programme::default_programme;
use crate::domain::text::count;
use crate::store::{Store, StoreError};

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SheetImportReport {
    /// Households created.
    pub households: usize,
    /// Adults created.
    pub adults: usize,
    /// Children created.
    pub children: usize,
    /// Households left out by the worker (duplicates).
    pub skipped: usize,
    /// Hirings recorded (with their one-month checkpoint to do).
    pub hirings: usize,
    /// Leases recorded (a dwelling let to the household, its proposal accepted).
    pub leases: usize,
}

impl std::fmt::Display for SheetImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {}) ; {}.",
            count(self.households, "ménage importé", "ménages importés"),
            count(self.adults, "adulte", "adultes"),
            count(self.children, "enfant", "enfants"),
            count(self.skipped, "ménage ignoré", "ménages ignorés")
        )?;
        if self.hirings + self.leases > 0 {
            write!(
                f,
                " Enregistrés : {} et {}.",
                count(self.hirings, "embauche", "embauches"),
                count(self.leases, "bail", "baux")
            )?;
        }
        Ok(())
    }
}

/// Writes the planned households (all of them or none: one transaction), creating the
/// programme if the base has none, with an audit entry that holds counts only.
pub fn write_plan(
    store: &mut Store,
    households: &[&PlannedHousehold],
    skipped: usize,
) -> Result<SheetImportReport, StoreError> {
    let needs_programme = store.list::<Programme>()?.is_empty();
    let mut report = SheetImportReport {
        skipped,
        ..SheetImportReport::default()
    };
    let mut sheet_landlord: Option<Uuid> = None;
    store.write(|tx| {
        // The import is logged once below, with its counts.
        tx.without_record_audit();
        if needs_programme {
            tx.put(&default_programme())?;
        }
        for h in households {
            tx.put(&h.household)?;
            for a in &h.adults {
                tx.put(a)?;
            }
            for c in &h.children {
                tx.put(c)?;
            }
            tx.put(&h.case)?;
            for e in &h.events {
                tx.put(e)?;
            }
            for f in &h.hirings {
                tx.put(f)?;
                report.hirings += 1;
            }
            if let Some((signed_on, commune)) = &h.lease {
                // The model knows a household is housed by an accepted proposal on a
                // dwelling: the lease becomes a let dwelling of one landlord standing
                // for those the sheet does not name, and its accepted proposal.
                let landlord_id = match sheet_landlord {
                    Some(id) => id,
                    None => {
                        let l = Landlord {
                            id: Uuid::new_v4(),
                            name: "Bailleur non précisé (import tableur)".to_owned(),
                            social: true,
                            commune: String::new(),
                            contact_name: String::new(),
                            phone: String::new(),
                            email: String::new(),
                        };
                        tx.put(&l)?;
                        sheet_landlord = Some(l.id);
                        l.id
                    }
                };
                let persons = h.adults.len() + h.children.len();
                let rooms = u8::try_from(persons.clamp(1, 6)).unwrap_or(3);
                let typology = h
                    .household
                    .housing_demand
                    .typology
                    .or_else(|| Typology::from_rooms(rooms))
                    .unwrap_or(Typology::T3);
                let unit = HousingUnit {
                    id: Uuid::new_v4(),
                    landlord_id,
                    label: format!(
                        "Logement de {} (import tableur : surface et loyer à compléter)",
                        h.household.label
                    ),
                    commune: commune.clone(),
                    typology,
                    // The sheet gives no surface and a dwelling needs one: the usual
                    // surface of its typology, to complete (said in its label).
                    surface_m2: 10.0 + 15.0 * f32::from(typology.rooms()),
                    rent_cents: 0,
                    charges_cents: 0,
                    available_from: Some(*signed_on),
                    floor: 0,
                    lift: false,
                    accessible: false,
                    is_relay: false,
                    status: UnitStatus::Attribue,
                };
                tx.put(&unit)?;
                tx.put(&Proposal {
                    decided_by: String::new(),
                    id: Uuid::new_v4(),
                    household_id: h.household.id,
                    offer_id: None,
                    unit_id: Some(unit.id),
                    proposed_on: *signed_on,
                    status: ProposalStatus::Accepte,
                    decline_by: None,
                    decline_reason: String::new(),
                })?;
                report.leases += 1;
            }
            report.households += 1;
            report.adults += h.adults.len();
            report.children += h.children.len();
        }
        tx.audit(
            "import tableur",
            &format!(
                "{}, {}, {} créés ; {} ; {}, {}",
                count(report.households, "ménage", "ménages"),
                count(report.adults, "adulte", "adultes"),
                count(report.children, "enfant", "enfants"),
                count(report.skipped, "ignoré", "ignorés"),
                count(report.hirings, "embauche", "embauches"),
                count(report.leases, "bail", "baux")
            ),
        )?;
        Ok(())
    })?;
    Ok(report)
}
