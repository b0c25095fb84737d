//! Redaction by recipient role (DESIGN.md §5): an allowlist of fields per role and
//! table. Pure.
//!
//! A field outside the allowlist leaves as a neutral value (the blank template of its
//! table: empty text, empty list, "Autre"…) *without a stamp*: the recipient's merge
//! treats an unstamped field as "no information", so a redacted field never overwrites
//! what the recipient knows. Tables outside the allowlist do not leave at all.

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::model::*;
use crate::domain::record::{DELETED_KEY, Stamps};

/// The name an adult carries where the role does not receive names (funders).
pub const ANONYMOUS: &str = "(anonyme)";

/// Which fields of a table a role receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Every field.
    All,
    /// Only these top-level fields (the others leave blank and unstamped).
    Only(&'static [&'static str]),
}

/// Tables a packet may carry, in the order they are written (parents first).
pub const PACKET_TABLES: &[&str] = &[
    "programmes",
    "employers",
    "job_offers",
    "landlords",
    "housing_units",
    "households",
    "adults",
    "children",
    "cases",
    "stage_events",
    "tutors",
    "document_items",
    "appointments",
    "attendances",
    "notes",
    "consents",
    "proposals",
    "relay_stays",
    "employment_follow_ups",
];

const HOUSEHOLD_EMPLOYEUR: &[&str] = &["id", "label", "commune", "referent"];
const HOUSEHOLD_BAILLEUR: &[&str] = &[
    "id",
    "label",
    "housing_situation",
    "commune",
    "housing_demand",
    "resources",
    "referent",
    "caf_number",
];
/// A household for a funder: pseudonymous (its label and ids are replaced, see
/// [`Pseudonyms`]), no
/// free text (neither the référent·e's name nor the prescriber).
const HOUSEHOLD_FINANCEUR: &[&str] = &[
    "id",
    "housing_situation",
    "commune",
    "unknown_to_employment_services",
];
/// A case for a funder: the dates, programme and kind of exit the indicators count; not
/// the worker's words about the exit, nor who follows it.
const CASE_FINANCEUR: &[&str] = &[
    "id",
    "household_id",
    "programme_id",
    "opened_on",
    "exit",
    "exit_date",
    "exit_reason",
];
/// A stage move for a funder: which stage and when, not who nor why.
const STAGE_EVENT_FINANCEUR: &[&str] = &["id", "case_id", "from_stage", "to_stage", "at"];
const ADULT_EMPLOYEUR: &[&str] = &[
    "id",
    "household_id",
    "is_reference",
    "first_name",
    "last_name",
    "phone",
    "email",
    "situation",
    "france_travail_registered",
    "education_level",
    "qualifications",
    "trades",
    "rome_domains",
    "driving_licence",
    "vehicle",
    "languages",
    "available_from",
    "mobility_radius_km",
];
const ADULT_BAILLEUR: &[&str] = &[
    "id",
    "household_id",
    "is_reference",
    "first_name",
    "last_name",
    "birth_date",
    "phone",
    "email",
    "situation",
];
const CHILD_BAILLEUR: &[&str] = &[
    "id",
    "household_id",
    "first_name",
    "last_name",
    "birth_date",
    "schooling_level",
];

/// An adult for a funder: anonymous (no name, birth date nor contact), only what the
/// indicators count, so that employment follow-ups have someone to point at.
const ADULT_FINANCEUR: &[&str] = &[
    "id",
    "household_id",
    "is_reference",
    "situation",
    "france_travail_registered",
    "rsa",
];
/// A relay stay for a landlord: the dates and the dwelling, not the worker's notes.
const RELAY_STAY_BAILLEUR: &[&str] = &["id", "unit_id", "household_id", "from", "to"];
/// A follow-up for a funder: the indicator (still in post at N months, contract), not the
/// worker's notes nor which offer (and so which employer) it was.
const FOLLOW_UP_FINANCEUR: &[&str] = &[
    "id",
    "adult_id",
    "hired_on",
    "checkpoint_months",
    "checked_on",
    "still_in_post",
    "contract",
];

/// The fields of `table` that `role` receives, `None` when the table does not leave.
/// Journal notes leave only for the accompanying role, and only when the worker chose to
/// include them: an employer, a landlord or a funder never reads the journal.
pub fn allowed(role: PartnerRole, table: &str, include_notes: bool) -> Option<Fields> {
    use PartnerRole::*;
    match (table, role) {
        ("notes", Accompagnement) => include_notes.then_some(Fields::All),
        ("notes", _) => None,
        (_, Accompagnement) => PACKET_TABLES.contains(&table).then_some(Fields::All),
        ("households", Employeur) => Some(Fields::Only(HOUSEHOLD_EMPLOYEUR)),
        ("households", Bailleur) => Some(Fields::Only(HOUSEHOLD_BAILLEUR)),
        ("households", Financeur) => Some(Fields::Only(HOUSEHOLD_FINANCEUR)),
        ("adults", Employeur) => Some(Fields::Only(ADULT_EMPLOYEUR)),
        ("adults", Bailleur) => Some(Fields::Only(ADULT_BAILLEUR)),
        ("children", Bailleur) => Some(Fields::Only(CHILD_BAILLEUR)),
        ("tutors", Employeur) => Some(Fields::All),
        // An employer: the job side (offers, their proposals, follow-ups in the job).
        ("employers" | "job_offers" | "proposals" | "employment_follow_ups", Employeur) => {
            Some(Fields::All)
        }
        // A landlord: the housing side (units, their proposals, relay stays).
        ("landlords" | "housing_units" | "proposals", Bailleur) => Some(Fields::All),
        ("relay_stays", Bailleur) => Some(Fields::Only(RELAY_STAY_BAILLEUR)),
        ("employment_follow_ups", Financeur) => Some(Fields::Only(FOLLOW_UP_FINANCEUR)),
        ("adults", Financeur) => Some(Fields::Only(ADULT_FINANCEUR)),
        ("programmes", Financeur) => Some(Fields::All),
        ("cases", Financeur) => Some(Fields::Only(CASE_FINANCEUR)),
        ("stage_events", Financeur) => Some(Fields::Only(STAGE_EVENT_FINANCEUR)),
        _ => None,
    }
}

/// Whether one record of `table` leaves for `role`, beyond the table's allowlist: an
/// employer receives the proposals on job offers only, a landlord those on housing units
/// only. Pure, on the record's data.
pub fn row_allowed(role: PartnerRole, table: &str, data: &Map<String, Value>) -> bool {
    let set = |k: &str| data.get(k).is_some_and(|v| !v.is_null());
    match (table, role) {
        ("proposals", PartnerRole::Employeur) => set("offer_id"),
        ("proposals", PartnerRole::Bailleur) => set("unit_id"),
        _ => true,
    }
}

/// The neutral values of a table whose fields may be redacted.
fn blank(table: &str) -> Option<Map<String, Value>> {
    let nil = Uuid::nil();
    let value = match table {
        "households" => serde_json::to_value(Household {
            id: nil,
            label: String::new(),
            housing_situation: HousingSituation::Autre,
            commune: String::new(),
            housing_demand: HousingDemand::default(),
            resources: Vec::new(),
            barriers: BTreeSet::new(),
            referent: String::new(),
            origin: String::new(),
            caf_number: None,
            unknown_to_employment_services: false,
        }),
        "adults" => serde_json::to_value(Adult {
            situation: AdultSituation::SansActivite,
            mobility_radius_km: 0,
            // What a funder sees of an adult: a name is required by the import checks.
            ..Adult::new(nil, nil, "", ANONYMOUS)
        }),
        "children" => serde_json::to_value(Child {
            schooling_level: SchoolingLevel::NonScolarise,
            ..Child::new(nil, nil, "", "")
        }),
        "cases" => serde_json::to_value(Case {
            id: nil,
            household_id: nil,
            programme_id: nil,
            referent: String::new(),
            origin: String::new(),
            opened_on: chrono::NaiveDate::MIN,
            exit: ExitKind::Aucune,
            exit_date: None,
            exit_reason: None,
            exit_details: String::new(),
        }),
        "stage_events" => serde_json::to_value(StageEvent {
            id: nil,
            case_id: nil,
            from_stage: None,
            to_stage: nil,
            at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
            by: String::new(),
            comment: String::new(),
        }),
        "relay_stays" => serde_json::to_value(RelayStay {
            id: nil,
            unit_id: nil,
            household_id: nil,
            from: chrono::NaiveDate::MIN,
            to: chrono::NaiveDate::MIN,
            notes: String::new(),
        }),
        "employment_follow_ups" => serde_json::to_value(EmploymentFollowUp {
            id: nil,
            adult_id: nil,
            offer_id: None,
            hired_on: chrono::NaiveDate::MIN,
            checkpoint_months: 0,
            checked_on: None,
            still_in_post: false,
            contract: ContractKind::Cdi,
            notes: String::new(),
        }),
        _ => return None,
    };
    match value {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// Redacts one record for `role` in place: fields outside the allowlist become blank and
/// lose their stamp. Returns `false` when the table does not leave for this role (or has
/// no blank template, which the tests rule out).
pub fn redact(
    role: PartnerRole,
    table: &str,
    include_notes: bool,
    data: &mut Map<String, Value>,
    stamps: &mut Stamps,
) -> bool {
    match allowed(role, table, include_notes) {
        None => false,
        Some(Fields::All) => {
            // Stamps only for the fields that leave.
            stamps.retain(|k, _| k == DELETED_KEY || data.contains_key(k));
            true
        }
        Some(Fields::Only(keep)) => {
            let Some(template) = blank(table) else {
                return false;
            };
            for (field, value) in data.iter_mut() {
                if !keep.contains(&field.as_str()) {
                    *value = template.get(field).cloned().unwrap_or(Value::Null);
                    stamps.remove(field);
                }
            }
            // The tombstone is not a field: it always travels.
            stamps.retain(|k, _| k == DELETED_KEY || keep.contains(&k.as_str()));
            true
        }
    }
}

/// A deleted record leaves as its id and the tombstone's stamp, nothing else: the
/// recipient needs no more to delete its copy, and the content of a deleted record (a
/// GDPR erasure…) must not travel.
pub fn tombstone(data: &mut Map<String, Value>, stamps: &mut Stamps) {
    data.retain(|k, _| k == "id");
    stamps.retain(|k, _| k == DELETED_KEY);
}

/// Tables whose ids are shared reference data, not records about a household: a
/// funder's ids for them are ours (it groups its figures by programme, and a case points
/// at a programme, with its stages, that both sides hold under the same id).
const SHARED_IDS: &[&str] = &[
    "programmes",
    "employers",
    "job_offers",
    "landlords",
    "housing_units",
];

/// The fields of a household's records that hold the id of a household's record: the
/// record's own id and its links to its parents.
const RECORD_ID_FIELDS: &[&str] = &[
    "id",
    "household_id",
    "adult_id",
    "case_id",
    "appointment_id",
];

/// The keyed mapping of the ids a funder receives (issue 13): every id and every link of
/// the records about a household becomes `HMAC-SHA-256(key, funder ‖ id)` shaped as a
/// UUID. The key is a random secret of our base, so that nobody without it (the funder
/// included) can go from a pseudonym back to our id; `funder` is the funder's first
/// pinned fingerprint, so that two funders receive different ids for one household (they
/// cannot join their files), and one funder the same ids packet after packet (it updates
/// its figures), across a rotation of its keys. Links stay consistent: a case points at
/// its household's pseudonym. Pure.
pub struct Pseudonyms {
    key: zeroize::Zeroizing<[u8; 32]>,
    funder: String,
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pseudonyms")
            .field("funder", &self.funder)
            .finish_non_exhaustive()
    }
}

impl Pseudonyms {
    /// The mapping for `funder` (its first pinned fingerprint) under our base's `key`.
    pub fn new(key: &[u8; 32], funder: &str) -> Pseudonyms {
        Pseudonyms {
            key: zeroize::Zeroizing::new(*key),
            funder: funder.to_owned(),
        }
    }

    /// The id `funder` receives for our record `id`: a version-4-shaped UUID, like ours,
    /// so the packet format and the recipient's strict parser are unchanged.
    pub fn id(&self, id: Uuid) -> Uuid {
        use hmac::{Hmac, Mac};
        let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(&self.key[..]) else {
            // HMAC takes a key of any length: unreachable, and never our id.
            return Uuid::nil();
        };
        mac.update(b"passerelle-identifiant-financeur\n");
        mac.update(&(self.funder.len() as u64).to_le_bytes());
        mac.update(self.funder.as_bytes());
        mac.update(id.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// The name the funder sees for a household: « Ménage » and the first 8 hex digits
    /// of the household's pseudonymous id, so it reveals nothing and matches its id.
    pub fn label(&self, household: Uuid) -> String {
        pseudonym_label(self.id(household))
    }

    /// Maps the ids of one packet record in place (see [`Pseudonyms`]).
    pub fn map_record(&self, table: &str, data: &mut Map<String, Value>) {
        if SHARED_IDS.contains(&table) {
            return;
        }
        for field in RECORD_ID_FIELDS {
            if let Some(v) = data.get_mut(*field)
                && let Some(id) = v.as_str().and_then(|s| Uuid::parse_str(s).ok())
            {
                *v = Value::String(self.id(id).to_string());
            }
        }
    }
}

/// « Ménage » and the first 8 hex digits of a household's pseudonymous id.
pub fn pseudonym_label(pseudonymous_id: Uuid) -> String {
    let hex = pseudonymous_id.simple().to_string().to_uppercase();
    format!("Ménage {}", &hex[..8])
}

/// After [`redact`]: what a funder receives *in place of* our ids and a household's
/// label (see [`Pseudonyms`]). `pseudonyms` is `None` for the other roles.
pub fn substitute(
    role: PartnerRole,
    table: &str,
    pseudonyms: Option<&Pseudonyms>,
    data: &mut Map<String, Value>,
) {
    if role != PartnerRole::Financeur {
        return;
    }
    let Some(p) = pseudonyms else {
        return;
    };
    if table == "households" && data.contains_key("label") {
        let id = data
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
            .unwrap_or(Uuid::nil());
        data.insert("label".into(), Value::String(p.label(id)));
    }
    p.map_record(table, data);
}

/// [`project`] plus [`substitute`]: exactly what the recipient (of `role`; a funder with
/// its `pseudonyms`) holds after importing the record, ids mapped.
pub fn project_for<R: Serialize + DeserializeOwned>(
    role: PartnerRole,
    table: &str,
    include_notes: bool,
    pseudonyms: Option<&Pseudonyms>,
    record: &R,
) -> Option<R> {
    let Ok(Value::Object(mut data)) = serde_json::to_value(record) else {
        return None;
    };
    let mut stamps = Stamps::new();
    if !redact(role, table, include_notes, &mut data, &mut stamps) {
        return None;
    }
    substitute(role, table, pseudonyms, &mut data);
    serde_json::from_value(Value::Object(data)).ok()
}

/// The projection of a typed record on `role`'s allowlist: what the recipient holds
/// after importing it (`None` when the table does not leave).
pub fn project<R: Serialize + DeserializeOwned>(
    role: PartnerRole,
    table: &str,
    include_notes: bool,
    record: &R,
) -> Option<R> {
    let Ok(Value::Object(mut data)) = serde_json::to_value(record) else {
        return None;
    };
    let mut stamps = Stamps::new();
    if !redact(role, table, include_notes, &mut data, &mut stamps) {
        return None;
    }
    serde_json::from_value(Value::Object(data)).ok()
}

/// The French list of what leaves for a role, for the export preview.
pub fn describe(role: PartnerRole, include_notes: bool) -> Vec<(String, String)> {
    PACKET_TABLES
        .iter()
        .filter_map(|t| {
            allowed(role, t, include_notes).map(|f| {
                let what = match f {
                    Fields::All => "toutes les informations".to_owned(),
                    Fields::Only(keep) => {
                        let mut list: Vec<&str> = keep
                            .iter()
                            .filter(|k| **k != "id" && !k.ends_with("_id"))
                            .copied()
                            .collect();
                        if role == PartnerRole::Financeur && *t == "households" {
                            list.insert(0, "pseudonym");
                        }
                        list.join(", ")
                    }
                };
                (table_label_fr(t).to_owned(), what)
            })
        })
        .collect()
}

/// French name of a packet table.
pub fn table_label_fr(table: &str) -> &'static str {
    match table {
        "programmes" => "Dispositifs",
        "households" => "Ménages",
        "adults" => "Adultes",
        "children" => "Enfants",
        "cases" => "Parcours",
        "stage_events" => "Historique des étapes",
        "tutors" => "Tuteurs",
        "document_items" => "Pièces du dossier",
        "appointments" => "Rendez-vous",
        "attendances" => "Présences",
        "notes" => "Notes du journal",
        "consents" => "Consentements (par rôle)",
        "employers" => "Employeurs",
        "job_offers" => "Offres d'emploi",
        "landlords" => "Bailleurs",
        "housing_units" => "Logements",
        "proposals" => "Positionnements",
        "relay_stays" => "Séjours en appartement relais",
        "employment_follow_ups" => "Suivi dans l'emploi",
        _ => "Autres fiches",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_funder_pseudonym_is_stable_per_funder_and_differs_between_funders() {
        let h = Uuid::from_u128(42);
        let key = [7u8; 32];
        let (a, b) = (Pseudonyms::new(&key, "AAAA"), Pseudonyms::new(&key, "BBBB"));
        assert_eq!(a.id(h), Pseudonyms::new(&key, "AAAA").id(h));
        assert_ne!(a.id(h), b.id(h));
        assert_ne!(a.id(h), h);
        assert_ne!(a.id(h), a.id(Uuid::from_u128(43)));
        // Another base (another key) gives other ids to the same funder.
        assert_ne!(a.id(h), Pseudonyms::new(&[8u8; 32], "AAAA").id(h));
        assert_eq!(a.id(h).get_version_num(), 4);
        assert_ne!(a.label(h), b.label(h));
        assert!(a.label(h).starts_with("Ménage "));
        assert!(
            a.id(h)
                .simple()
                .to_string()
                .to_uppercase()
                .starts_with(&a.label(h)["Ménage ".len()..])
        );
    }

    #[test]
    fn a_funder_record_keeps_its_links_and_shared_ids() {
        let p = Pseudonyms::new(&[1u8; 32], "F");
        let (case, household, programme) =
            (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let mut data = Map::new();
        data.insert("id".into(), Value::String(case.to_string()));
        data.insert("household_id".into(), Value::String(household.to_string()));
        data.insert("programme_id".into(), Value::String(programme.to_string()));
        substitute(PartnerRole::Financeur, "cases", Some(&p), &mut data);
        assert_eq!(data["id"], Value::String(p.id(case).to_string()));
        assert_eq!(
            data["household_id"],
            Value::String(p.id(household).to_string())
        );
        assert_eq!(data["programme_id"], Value::String(programme.to_string()));
        let mut prog = Map::new();
        prog.insert("id".into(), Value::String(programme.to_string()));
        substitute(PartnerRole::Financeur, "programmes", Some(&p), &mut prog);
        assert_eq!(prog["id"], Value::String(programme.to_string()));
        // Other roles keep our ids.
        let mut other = Map::new();
        other.insert("id".into(), Value::String(case.to_string()));
        substitute(PartnerRole::Accompagnement, "cases", Some(&p), &mut other);
        assert_eq!(other["id"], Value::String(case.to_string()));
    }

    #[test]
    fn every_partial_table_has_a_blank_that_keeps_its_shape() {
        for role in PartnerRole::ALL {
            for table in PACKET_TABLES {
                if let Some(Fields::Only(keep)) = allowed(*role, table, false) {
                    let template = blank(table).expect("a blank template");
                    for k in keep {
                        assert!(template.contains_key(*k), "{table}.{k} is not a field");
                    }
                    assert!(keep.contains(&"id"));
                }
            }
        }
    }

    #[test]
    fn an_employer_gets_no_resources_and_a_landlord_no_health_barriers() {
        assert!(!HOUSEHOLD_EMPLOYEUR.contains(&"resources"));
        assert!(HOUSEHOLD_BAILLEUR.contains(&"resources"));
        assert!(!HOUSEHOLD_BAILLEUR.contains(&"barriers"));
        assert!(!ADULT_BAILLEUR.contains(&"constraints"));
        assert_eq!(allowed(PartnerRole::Employeur, "children", false), None);
        assert_eq!(allowed(PartnerRole::Bailleur, "notes", false), None);
        for role in [
            PartnerRole::Employeur,
            PartnerRole::Bailleur,
            PartnerRole::Financeur,
        ] {
            assert_eq!(
                allowed(role, "notes", true),
                None,
                "{role:?} reads no notes"
            );
        }
        assert_eq!(
            allowed(PartnerRole::Accompagnement, "notes", true),
            Some(Fields::All)
        );
        assert!(!HOUSEHOLD_FINANCEUR.contains(&"label"));
        assert!(!CASE_FINANCEUR.contains(&"exit_details"));
        assert!(!STAGE_EVENT_FINANCEUR.contains(&"comment"));
    }
}
