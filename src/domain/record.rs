//! The merge core's vocabulary (DESIGN.md §5): a record type, its per-field stamps and its
//! tombstone. Pure: the store keeps these in SQL (`store::records`), packets carry them
//! (`exchange`), and [`super::merge`] decides between two versions.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::hlc::Stamp;
use super::model::*;
use super::validate::Validate;

/// Per-field stamps of a stored record: top-level field name → stamp of its last write.
/// A tombstone adds the key [`DELETED_KEY`].
pub type Stamps = BTreeMap<String, Stamp>;

/// Key of the tombstone's stamp in [`Stamps`].
pub const DELETED_KEY: &str = "deleted_at";

/// A domain entity kept as one record with per-field stamps: in the base (one table per
/// type) and in packets (one section per type).
pub trait Record: Serialize + DeserializeOwned + Clone + Validate {
    /// Table name (see `sql/0002_records.sql`).
    const TABLE: &'static str;
    /// Foreign-key columns of the table, in the order of [`Record::link_values`].
    const LINKS: &'static [&'static str] = &[];
    /// Journal-like records (notes, stage events, attendance) never change once written:
    /// corrections are new records, and packets merge them by union.
    const IMMUTABLE: bool = false;

    /// The record's identifier.
    fn id(&self) -> Uuid;

    /// Values of the [`Record::LINKS`] columns, in the same order.
    fn link_values(&self) -> Vec<Option<Uuid>> {
        Vec::new()
    }

    /// The links as (column, value) pairs.
    fn links(&self) -> Vec<(&'static str, Option<Uuid>)> {
        Self::LINKS
            .iter()
            .copied()
            .zip(self.link_values())
            .collect()
    }
}

/// A stored record with its merge metadata (for packets and conflict views).
#[derive(Debug, Clone, PartialEq)]
pub struct Stamped<R> {
    /// The record (as last written, even when tombstoned).
    pub record: R,
    /// Per-field stamps.
    pub stamps: Stamps,
    /// Tombstone date, for a deleted record.
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Record for Programme {
    const TABLE: &'static str = "programmes";
    fn id(&self) -> Uuid {
        self.id
    }
}

impl Record for Household {
    const TABLE: &'static str = "households";
    fn id(&self) -> Uuid {
        self.id
    }
}

impl Record for Adult {
    const TABLE: &'static str = "adults";
    const LINKS: &'static [&'static str] = &["household_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.household_id)]
    }
}

impl Record for Child {
    const TABLE: &'static str = "children";
    const LINKS: &'static [&'static str] = &["household_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.household_id)]
    }
}

impl Record for Case {
    const TABLE: &'static str = "cases";
    const LINKS: &'static [&'static str] = &["household_id", "programme_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.household_id), Some(self.programme_id)]
    }
}

impl Record for StageEvent {
    const TABLE: &'static str = "stage_events";
    const LINKS: &'static [&'static str] = &["case_id"];
    const IMMUTABLE: bool = true;
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.case_id)]
    }
}

impl Record for Employer {
    const TABLE: &'static str = "employers";
    fn id(&self) -> Uuid {
        self.id
    }
}

impl Record for JobOffer {
    const TABLE: &'static str = "job_offers";
    const LINKS: &'static [&'static str] = &["employer_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.employer_id)]
    }
}

impl Record for Tutor {
    const TABLE: &'static str = "tutors";
    const LINKS: &'static [&'static str] = &["adult_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.adult_id)]
    }
}

impl Record for EmploymentFollowUp {
    const TABLE: &'static str = "employment_follow_ups";
    const LINKS: &'static [&'static str] = &["adult_id", "offer_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.adult_id), self.offer_id]
    }
}

impl Record for Landlord {
    const TABLE: &'static str = "landlords";
    fn id(&self) -> Uuid {
        self.id
    }
}

impl Record for HousingUnit {
    const TABLE: &'static str = "housing_units";
    const LINKS: &'static [&'static str] = &["landlord_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.landlord_id)]
    }
}

impl Record for RelayStay {
    const TABLE: &'static str = "relay_stays";
    const LINKS: &'static [&'static str] = &["unit_id", "household_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.unit_id), Some(self.household_id)]
    }
}

impl Record for Proposal {
    const TABLE: &'static str = "proposals";
    const LINKS: &'static [&'static str] = &["household_id", "offer_id", "unit_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.household_id), self.offer_id, self.unit_id]
    }
}

impl Record for Appointment {
    const TABLE: &'static str = "appointments";
    const LINKS: &'static [&'static str] = &["household_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![self.household_id]
    }
}

impl Record for Attendance {
    const TABLE: &'static str = "attendances";
    const LINKS: &'static [&'static str] = &["appointment_id", "adult_id"];
    const IMMUTABLE: bool = true;
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.appointment_id), Some(self.adult_id)]
    }
}

impl Record for Note {
    const TABLE: &'static str = "notes";
    const LINKS: &'static [&'static str] = &["household_id", "corrects_id"];
    const IMMUTABLE: bool = true;
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.household_id), self.corrects]
    }
}

impl Record for Partner {
    const TABLE: &'static str = "partners";
    fn id(&self) -> Uuid {
        self.id
    }
}

impl Record for DocumentItem {
    const TABLE: &'static str = "document_items";
    const LINKS: &'static [&'static str] = &["household_id", "adult_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.household_id), self.adult_id]
    }
}

impl Record for Consent {
    const TABLE: &'static str = "consents";
    const LINKS: &'static [&'static str] = &["household_id", "partner_id"];
    fn id(&self) -> Uuid {
        self.id
    }
    fn link_values(&self) -> Vec<Option<Uuid>> {
        vec![Some(self.household_id), self.partner_id]
    }
}
