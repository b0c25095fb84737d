//! Spreadsheet import, store side: who is already in the base (for the duplicate review)
//! and writing an import plan in one transaction.

use crate::domain::text::count;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{Store, StoreError};
use crate::domain::model::*;
use crate::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};

/// A person (or a household's CAF number) already in the base, for the duplicate review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPerson {
    /// Their household.
    pub household_id: Uuid,
    /// The household's label, to show which one it is.
    pub household_label: String,
    /// First name (empty for a CAF-only entry).
    pub first_name: String,
    /// Last name (empty for a CAF-only entry).
    pub last_name: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// The household's CAF number.
    pub caf_number: Option<String>,
}

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

impl Store {
    /// The programme an import goes into: the default one, else the first, else the
    /// default pathway (created by [`Store::import_households`] if missing).
    pub fn import_programme(&self) -> Result<Programme, StoreError> {
        if let Some(p) = self.find::<Programme>(DEFAULT_PROGRAMME_ID)? {
            return Ok(p);
        }
        Ok(self
            .list::<Programme>()?
            .into_iter()
            .next()
            .unwrap_or_else(default_programme))
    }

    /// Every live adult and child with their household, and every household's CAF number.
    pub fn known_people(&self) -> Result<Vec<KnownPerson>, StoreError> {
        let households: Vec<Household> = self.list()?;
        let labels: std::collections::HashMap<Uuid, &Household> =
            households.iter().map(|h| (h.id, h)).collect();
        let entry = |household_id: Uuid, first: &str, last: &str, birth| KnownPerson {
            household_id,
            household_label: labels
                .get(&household_id)
                .map(|h| h.label.clone())
                .unwrap_or_default(),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            birth_date: birth,
            caf_number: None,
        };
        let mut out: Vec<KnownPerson> = households
            .iter()
            .filter(|h| h.caf_number.is_some())
            .map(|h| KnownPerson {
                caf_number: h.caf_number.clone(),
                ..entry(h.id, "", "", None)
            })
            .collect();
        for a in self.list::<Adult>()? {
            if labels.contains_key(&a.household_id) {
                out.push(entry(
                    a.household_id,
                    &a.first_name,
                    &a.last_name,
                    a.birth_date,
                ));
            }
        }
        for c in self.list::<Child>()? {
            if labels.contains_key(&c.household_id) {
                out.push(entry(
                    c.household_id,
                    &c.first_name,
                    &c.last_name,
                    c.birth_date,
                ));
            }
        }
        Ok(out)
    }

    /// Writes the planned households (all of them or none: one transaction), creating the
    /// programme if the base has none, with an audit entry that holds counts only.
    pub fn import_households(
        &mut self,
        households: &[&crate::exchange::sheet::PlannedHousehold],
        skipped: usize,
    ) -> Result<SheetImportReport, StoreError> {
        let needs_programme = self.list::<Programme>()?.is_empty();
        let mut report = SheetImportReport {
            skipped,
            ..SheetImportReport::default()
        };
        let mut sheet_landlord: Option<Uuid> = None;
        self.write(|tx| {
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
                    "{} ménages, {} adultes, {} enfants créés ; {} ignorés ; {} embauches, {} baux",
                    report.households,
                    report.adults,
                    report.children,
                    report.skipped,
                    report.hirings,
                    report.leases
                ),
            )?;
            Ok(())
        })?;
        Ok(report)
    }
}
