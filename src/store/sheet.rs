//! Spreadsheet import, store side: who is already in the base (for the duplicate review)
//! and which programme an import goes into. The plan itself is written by
//! `exchange::sheet::write_plan`, through the store's transaction API.

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

impl Store {
    /// The programme an import goes into: the default one, else the first, else the
    /// default pathway (created by the import if missing).
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
}
