//! Validation rules of the domain records.
//!
//! Pure functions: "today" is a parameter, never read from a clock, so that the rules are
//! testable and a laptop with a wrong clock is the caller's problem, not the rule's.
//! Messages are French, shown to the user as they are.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::model::*;

/// Widest mobility radius accepted, in km (beyond, the value is surely a typo).
pub const MAX_MOBILITY_RADIUS_KM: u32 = 500;
/// Checkpoints of the employment follow-up, in months after hiring.
pub const FOLLOW_UP_CHECKPOINTS: [u8; 4] = [1, 3, 6, 12];
/// Longest relay stay accepted, in nights (a discovery stay normally lasts 3–5 days).
pub const MAX_RELAY_STAY_NIGHTS: i64 = 31;
/// Normal length of a discovery stay, in nights, for a soft warning in the UI.
pub const NORMAL_RELAY_STAY_NIGHTS: std::ops::RangeInclusive<i64> = 2..=5;

/// One broken rule: which field, and what is wrong (in French).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Name of the field (as in the record's struct).
    pub field: &'static str,
    /// French message for the user.
    pub message: String,
}

impl ValidationError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        ValidationError {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Joins messages into one French sentence list, for `StoreError::Invalid`.
pub fn join_messages(errors: &[ValidationError]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// A record that can check its own consistency.
pub trait Validate {
    /// Every broken rule (empty when the record is valid), given today's date.
    fn validate(&self, today: NaiveDate) -> Vec<ValidationError>;
}

/// Collects errors with small helpers, so each rule is one line.
#[derive(Default)]
struct Errors(Vec<ValidationError>);

impl Errors {
    fn check(&mut self, ok: bool, field: &'static str, message: impl Into<String>) {
        if !ok {
            self.0.push(ValidationError::new(field, message));
        }
    }

    fn not_blank(&mut self, value: &str, field: &'static str, what: &str) {
        self.check(
            !value.trim().is_empty(),
            field,
            format!("{what} est obligatoire."),
        );
    }

    fn amount(&mut self, cents: i64, field: &'static str, what: &str) {
        self.check(
            cents >= 0,
            field,
            format!("{what} ne peut pas être négatif."),
        );
    }

    fn not_future(
        &mut self,
        date: Option<NaiveDate>,
        today: NaiveDate,
        field: &'static str,
        what: &str,
    ) {
        if let Some(d) = date {
            self.check(
                d <= today,
                field,
                format!("{what} ne peut pas être dans le futur."),
            );
        }
    }

    fn birth_date(&mut self, date: Option<NaiveDate>, today: NaiveDate, field: &'static str) {
        self.not_future(date, today, field, "La date de naissance");
        if let Some(d) = date {
            self.check(
                age_on(d, today) <= 120,
                field,
                "La date de naissance donne plus de 120 ans : vérifiez l'année.",
            );
        }
    }

    fn done(self) -> Vec<ValidationError> {
        self.0
    }
}

/// Age in whole years on `today` (0 if born after `today`).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Whether a relay stay has an unusual length (outside 3–5 days), for a soft warning.
pub fn relay_stay_is_unusual(stay: &RelayStay) -> bool {
    !NORMAL_RELAY_STAY_NIGHTS.contains(&stay.nights())
}

impl Validate for Programme {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.name, "name", "Le nom du dispositif");
        e.check(
            !self.stages.is_empty(),
            "stages",
            "Le dispositif doit avoir au moins une étape.",
        );
        e.check(
            self.stages.iter().all(|s| !s.label.trim().is_empty()),
            "stages",
            "Chaque étape doit avoir un libellé.",
        );
        let ids: BTreeSet<_> = self.stages.iter().map(|s| s.id).collect();
        e.check(
            ids.len() == self.stages.len(),
            "stages",
            "Deux étapes ont le même identifiant.",
        );
        e.check(
            self.stages.iter().any(|s| !s.archived && !s.is_exit),
            "stages",
            "Le dispositif doit avoir au moins une étape active hors sortie.",
        );
        e.check(
            self.stages.iter().all(|s| s.is_exit || !s.is_early_exit),
            "stages",
            "Une étape de sortie anticipée doit être une étape de sortie.",
        );
        e.check(
            self.stale_after_days >= 1,
            "stale_after_days",
            "Le délai d'alerte doit être d'au moins un jour.",
        );
        e.done()
    }
}

impl Validate for Household {
    fn validate(&self, today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.label, "label", "Le nom du ménage");
        e.check(
            self.resources.iter().all(|r| r.monthly_cents >= 0),
            "resources",
            "Un montant de ressources ne peut pas être négatif.",
        );
        if let Some(max) = self.housing_demand.max_rent_cents {
            e.amount(max, "housing_demand", "Le loyer maximal");
        }
        e.not_future(
            self.housing_demand.unique_number_date,
            today,
            "housing_demand",
            "La date du numéro unique",
        );
        if let Some(n) = &self.housing_demand.unique_number {
            e.check(
                !n.trim().is_empty(),
                "housing_demand",
                "Le numéro unique est vide.",
            );
        }
        e.check(
            self.housing_demand
                .wished_communes
                .iter()
                .all(|c| !c.trim().is_empty()),
            "housing_demand",
            "Une commune souhaitée est vide.",
        );
        e.done()
    }
}

impl Validate for Adult {
    fn validate(&self, today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            !(self.first_name.trim().is_empty() && self.last_name.trim().is_empty()),
            "last_name",
            "Le nom ou le prénom de l'adulte est obligatoire.",
        );
        e.birth_date(self.birth_date, today, "birth_date");
        if let Some(b) = self.birth_date {
            e.check(
                age_on(b, today) >= 16,
                "birth_date",
                "Un adulte accompagné a au moins 16 ans : vérifiez la date de naissance.",
            );
        }
        e.check(
            self.mobility_radius_km <= MAX_MOBILITY_RADIUS_KM,
            "mobility_radius_km",
            format!("Le rayon de mobilité doit être entre 0 et {MAX_MOBILITY_RADIUS_KM} km."),
        );
        e.check(
            self.household_id != uuid::Uuid::nil(),
            "household_id",
            "L'adulte doit appartenir à un ménage.",
        );
        e.done()
    }
}

impl Validate for Child {
    fn validate(&self, today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.first_name, "first_name", "Le prénom de l'enfant");
        e.birth_date(self.birth_date, today, "birth_date");
        if let Some(b) = self.birth_date {
            e.check(
                age_on(b, today) < 18 || self.schooling_level == SchoolingLevel::Apprentissage,
                "birth_date",
                "Un enfant a moins de 18 ans (sauf en apprentissage) : enregistrez-le comme adulte.",
            );
        }
        e.check(
            self.household_id != uuid::Uuid::nil(),
            "household_id",
            "L'enfant doit appartenir à un ménage.",
        );
        e.check(
            self.enrolment_date.is_none() || self.enrolment != EnrolmentStatus::AFaire,
            "enrolment_date",
            "Une inscription « à faire » n'a pas encore de date.",
        );
        e.done()
    }
}

impl Validate for Case {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        match self.exit {
            ExitKind::Aucune => {
                e.check(
                    self.exit_date.is_none() && self.exit_reason.is_none(),
                    "exit",
                    "Un parcours en cours n'a ni date ni motif de sortie.",
                );
            }
            ExitKind::DroitCommun => {
                e.check(
                    self.exit_date.is_some(),
                    "exit_date",
                    "La date de sortie est obligatoire.",
                );
                e.check(
                    self.exit_reason.is_none(),
                    "exit_reason",
                    "Une sortie positive n'a pas de motif de sortie anticipée.",
                );
            }
            ExitKind::Anticipee => {
                e.check(
                    self.exit_date.is_some(),
                    "exit_date",
                    "La date de sortie est obligatoire.",
                );
                e.check(
                    self.exit_reason.is_some(),
                    "exit_reason",
                    "Le motif de la sortie anticipée est obligatoire.",
                );
            }
        }
        if let Some(d) = self.exit_date {
            e.check(
                d >= self.opened_on,
                "exit_date",
                "La date de sortie précède l'ouverture du parcours.",
            );
        }
        e.done()
    }
}

impl Validate for StageEvent {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            self.from_stage != Some(self.to_stage),
            "to_stage",
            "L'étape d'arrivée est la même que l'étape de départ.",
        );
        e.done()
    }
}

impl Validate for Employer {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.name, "name", "Le nom de l'employeur");
        if let Some(siret) = &self.siret {
            let digits: String = siret.chars().filter(|c| !c.is_whitespace()).collect();
            e.check(
                digits.len() == 14 && digits.chars().all(|c| c.is_ascii_digit()),
                "siret",
                "Le SIRET compte 14 chiffres.",
            );
        }
        e.done()
    }
}

impl Validate for JobOffer {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.title, "title", "L'intitulé du poste");
        e.check(
            self.hours_per_week > 0.0 && self.hours_per_week <= 48.0,
            "hours_per_week",
            "La durée hebdomadaire doit être entre 0 et 48 heures.",
        );
        e.check(
            self.positions >= 1,
            "positions",
            "Le nombre de postes est d'au moins 1.",
        );
        e.done()
    }
}

impl Validate for Tutor {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.name, "name", "Le nom du tuteur ou de la tutrice");
        e.done()
    }
}

impl Validate for EmploymentFollowUp {
    fn validate(&self, today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            FOLLOW_UP_CHECKPOINTS.contains(&self.checkpoint_months),
            "checkpoint_months",
            "Le point de suivi est à 1, 3, 6 ou 12 mois.",
        );
        e.not_future(
            self.checked_on,
            today,
            "checked_on",
            "La date du point de suivi",
        );
        if let Some(d) = self.checked_on {
            e.check(
                d >= self.hired_on,
                "checked_on",
                "Le point de suivi précède l'embauche.",
            );
        }
        e.done()
    }
}

impl Validate for Landlord {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.name, "name", "Le nom du bailleur");
        e.done()
    }
}

impl Validate for HousingUnit {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.commune, "commune", "La commune du logement");
        e.amount(self.rent_cents, "rent_cents", "Le loyer");
        e.amount(
            self.charges_cents,
            "charges_cents",
            "Le montant des charges",
        );
        e.check(
            self.surface_m2 > 0.0 && self.surface_m2 <= 400.0,
            "surface_m2",
            "La surface doit être entre 0 et 400 m².",
        );
        e.check(
            (-3..=60).contains(&self.floor),
            "floor",
            "L'étage doit être entre -3 et 60.",
        );
        e.done()
    }
}

impl Validate for RelayStay {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            self.to > self.from,
            "to",
            "La fin du séjour doit être après son début.",
        );
        e.check(
            self.nights() <= MAX_RELAY_STAY_NIGHTS,
            "to",
            format!("Un séjour en appartement relais dure au plus {MAX_RELAY_STAY_NIGHTS} nuits."),
        );
        e.done()
    }
}

impl Validate for Proposal {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            self.offer_id.is_some() != self.unit_id.is_some(),
            "offer_id",
            "Un positionnement porte soit sur une offre d'emploi, soit sur un logement.",
        );
        if self.status == ProposalStatus::Refuse {
            e.check(
                self.decline_by.is_some(),
                "decline_by",
                "Indiquez qui a refusé.",
            );
        } else {
            e.check(
                self.decline_by.is_none(),
                "decline_by",
                "Seul un positionnement refusé a un auteur de refus.",
            );
        }
        e.done()
    }
}

impl Validate for Appointment {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            self.household_id.is_some()
                || matches!(
                    self.kind,
                    AppointmentKind::JobDating
                        | AppointmentKind::SpeedCoaching
                        | AppointmentKind::DecouverteMetier
                ),
            "household_id",
            "Ce rendez-vous doit concerner un ménage.",
        );
        e.done()
    }
}

impl Validate for Attendance {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        Vec::new()
    }
}

impl Validate for Note {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(&self.text, "text", "Le texte de la note");
        e.not_blank(&self.author, "author", "L'auteur de la note");
        e.check(
            self.corrects != Some(self.id),
            "corrects",
            "Une note ne peut pas se corriger elle-même.",
        );
        e.done()
    }
}

impl Validate for DocumentItem {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            self.attachment_id.is_none() || self.status != DocumentStatus::AFournir,
            "status",
            "Une pièce jointe est attachée : la pièce n'est plus « à fournir ».",
        );
        e.done()
    }
}

impl Validate for Consent {
    fn validate(&self, today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.check(
            self.partner_id.is_some() || self.role.is_some(),
            "partner_id",
            "Le consentement doit viser un partenaire ou un rôle.",
        );
        e.not_future(
            Some(self.given_on),
            today,
            "given_on",
            "La date du consentement",
        );
        e.not_blank(&self.scope, "scope", "L'objet du consentement");
        if let Some(x) = self.expires_on {
            e.check(
                x > self.given_on,
                "expires_on",
                "L'échéance doit suivre la date du consentement.",
            );
        }
        if let Some(w) = self.withdrawn_on {
            e.check(
                w >= self.given_on,
                "withdrawn_on",
                "Le retrait précède le consentement.",
            );
        }
        e.done()
    }
}

impl Validate for Partner {
    fn validate(&self, _today: NaiveDate) -> Vec<ValidationError> {
        let mut e = Errors::default();
        e.not_blank(
            &self.organisation,
            "organisation",
            "Le nom de l'organisation",
        );
        e.done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    const TODAY: (i32, u32, u32) = (2026, 3, 15);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    /// The fields in error, for table assertions.
    fn fields(errors: Vec<ValidationError>) -> Vec<&'static str> {
        errors.into_iter().map(|e| e.field).collect()
    }

    fn adult() -> Adult {
        Adult {
            id: Uuid::from_u128(1),
            household_id: Uuid::from_u128(2),
            is_reference: true,
            first_name: "Hélène".into(),
            last_name: "Martin".into(),
            birth_date: Some(d(1988, 4, 2)),
            phone: String::new(),
            email: String::new(),
            situation: AdultSituation::DemandeurEmploi,
            france_travail_registered: true,
            rsa: false,
            education_level: EducationLevel::CapBep,
            qualifications: vec![],
            trades: vec!["Aide-soignante".into()],
            rome_domains: vec![RomeDomain::J],
            driving_licence: true,
            vehicle: false,
            languages: vec!["français".into()],
            available_from: None,
            mobility_radius_km: 30,
            constraints: String::new(),
        }
    }

    fn child() -> Child {
        Child {
            id: Uuid::from_u128(3),
            household_id: Uuid::from_u128(2),
            first_name: "Inès".into(),
            last_name: "Martin".into(),
            birth_date: Some(d(2015, 9, 1)),
            schooling_level: SchoolingLevel::Cm1,
            current_school: "École Jean-Jaurès".into(),
            destination_school: String::new(),
            enrolment: EnrolmentStatus::AFaire,
            enrolment_date: None,
            childcare_need: false,
            notes: String::new(),
        }
    }

    #[test]
    fn adult_rules() {
        type Edit = fn(&mut Adult);
        let table: &[(&str, Edit, &[&str])] = &[
            ("valid", |_| {}, &[]),
            (
                "born tomorrow",
                |a| a.birth_date = Some(d(2026, 3, 16)),
                &["birth_date", "birth_date"],
            ),
            (
                "born today is too young",
                |a| a.birth_date = Some(d(2026, 3, 15)),
                &["birth_date"],
            ),
            (
                "born 1880",
                |a| a.birth_date = Some(d(1880, 1, 1)),
                &["birth_date"],
            ),
            ("no birth date is fine", |a| a.birth_date = None, &[]),
            ("radius 500 ok", |a| a.mobility_radius_km = 500, &[]),
            (
                "radius 501",
                |a| a.mobility_radius_km = 501,
                &["mobility_radius_km"],
            ),
            (
                "no name",
                |a| {
                    a.first_name = " ".into();
                    a.last_name = String::new();
                },
                &["last_name"],
            ),
            (
                "no household",
                |a| a.household_id = Uuid::nil(),
                &["household_id"],
            ),
        ];
        for (name, edit, expected) in table {
            let mut a = adult();
            edit(&mut a);
            assert_eq!(fields(a.validate(today())), *expected, "{name}");
        }
    }

    #[test]
    fn child_rules() {
        type Edit = fn(&mut Child);
        let table: &[(&str, Edit, &[&str])] = &[
            ("valid", |_| {}, &[]),
            (
                "born in the future",
                |c| c.birth_date = Some(d(2027, 1, 1)),
                &["birth_date"],
            ),
            ("17 years old", |c| c.birth_date = Some(d(2008, 3, 16)), &[]),
            (
                "18 today",
                |c| c.birth_date = Some(d(2008, 3, 15)),
                &["birth_date"],
            ),
            (
                "19 in apprenticeship",
                |c| {
                    c.birth_date = Some(d(2007, 1, 1));
                    c.schooling_level = SchoolingLevel::Apprentissage;
                },
                &[],
            ),
            (
                "no first name",
                |c| c.first_name = String::new(),
                &["first_name"],
            ),
            (
                "dated enrolment still to do",
                |c| c.enrolment_date = Some(d(2026, 3, 1)),
                &["enrolment_date"],
            ),
            (
                "dated enrolment requested",
                |c| {
                    c.enrolment_date = Some(d(2026, 3, 1));
                    c.enrolment = EnrolmentStatus::Demandee;
                },
                &[],
            ),
        ];
        for (name, edit, expected) in table {
            let mut c = child();
            edit(&mut c);
            assert_eq!(fields(c.validate(today())), *expected, "{name}");
        }
    }

    #[test]
    fn money_is_never_negative() {
        let mut h = Household {
            id: Uuid::from_u128(2),
            label: "Famille Martin".into(),
            housing_situation: HousingSituation::HotelSocial,
            commune: "Paris".into(),
            housing_demand: HousingDemand::default(),
            resources: vec![Resource {
                source: ResourceSource::Rsa,
                monthly_cents: 63_500,
            }],
            barriers: BTreeSet::new(),
            referent: "Claire".into(),
            origin: "Samu social".into(),
            caf_number: None,
            unknown_to_employment_services: false,
        };
        assert!(h.validate(today()).is_empty());
        h.resources.push(Resource {
            source: ResourceSource::Caf,
            monthly_cents: -1,
        });
        assert_eq!(fields(h.validate(today())), ["resources"]);
        h.resources.pop();
        h.housing_demand.max_rent_cents = Some(-500);
        assert_eq!(fields(h.validate(today())), ["housing_demand"]);
        h.housing_demand.max_rent_cents = Some(0);
        h.housing_demand.unique_number_date = Some(d(2026, 4, 1));
        assert_eq!(fields(h.validate(today())), ["housing_demand"]);
        h.housing_demand.unique_number_date = None;
        h.label = "  ".into();
        assert_eq!(fields(h.validate(today())), ["label"]);
    }

    #[test]
    fn relay_stay_rules() {
        let stay = |from: NaiveDate, to: NaiveDate| RelayStay {
            id: Uuid::from_u128(1),
            unit_id: Uuid::from_u128(2),
            household_id: Uuid::from_u128(3),
            from,
            to,
            notes: String::new(),
        };
        let table: &[(NaiveDate, NaiveDate, &[&str], bool)] = &[
            (d(2026, 3, 2), d(2026, 3, 6), &[], false),
            (d(2026, 3, 2), d(2026, 3, 2), &["to"], true),
            (d(2026, 3, 6), d(2026, 3, 2), &["to"], true),
            (d(2026, 3, 1), d(2026, 3, 20), &[], true),
            (d(2026, 3, 1), d(2026, 5, 1), &["to"], true),
        ];
        for (from, to, expected, unusual) in table {
            let s = stay(*from, *to);
            assert_eq!(fields(s.validate(today())), *expected, "{from} → {to}");
            assert_eq!(relay_stay_is_unusual(&s), *unusual, "{from} → {to}");
        }
    }

    #[test]
    fn follow_up_checkpoints() {
        for months in 0..=13u8 {
            let f = EmploymentFollowUp {
                id: Uuid::from_u128(1),
                adult_id: Uuid::from_u128(2),
                offer_id: None,
                hired_on: d(2025, 1, 6),
                checkpoint_months: months,
                checked_on: None,
                still_in_post: true,
                contract: ContractKind::Cdi,
                notes: String::new(),
            };
            let ok = [1, 3, 6, 12].contains(&months);
            assert_eq!(f.validate(today()).is_empty(), ok, "{months} mois");
        }
    }

    #[test]
    fn case_exit_consistency() {
        let base = Case {
            id: Uuid::from_u128(1),
            household_id: Uuid::from_u128(2),
            programme_id: Uuid::from_u128(3),
            referent: "Claire".into(),
            origin: "Aurore".into(),
            opened_on: d(2025, 1, 1),
            exit: ExitKind::Aucune,
            exit_date: None,
            exit_reason: None,
            exit_details: String::new(),
        };
        assert!(base.validate(today()).is_empty());
        let early_without_reason = Case {
            exit: ExitKind::Anticipee,
            exit_date: Some(d(2025, 6, 1)),
            ..base.clone()
        };
        assert_eq!(
            fields(early_without_reason.validate(today())),
            ["exit_reason"]
        );
        let early = Case {
            exit_reason: Some(EarlyExitReason::RetourIleDeFrance),
            ..early_without_reason
        };
        assert!(early.validate(today()).is_empty());
        let before_opening = Case {
            exit_date: Some(d(2024, 12, 1)),
            ..early
        };
        assert_eq!(fields(before_opening.validate(today())), ["exit_date"]);
        let positive = Case {
            exit: ExitKind::DroitCommun,
            exit_date: Some(d(2026, 1, 1)),
            ..base.clone()
        };
        assert!(positive.validate(today()).is_empty());
        let open_with_date = Case {
            exit_date: Some(d(2026, 1, 1)),
            ..base
        };
        assert_eq!(fields(open_with_date.validate(today())), ["exit"]);
    }

    #[test]
    fn proposal_targets_exactly_one_thing() {
        let mut p = Proposal {
            decided_by: String::new(),
            id: Uuid::from_u128(1),
            household_id: Uuid::from_u128(2),
            offer_id: Some(Uuid::from_u128(3)),
            unit_id: None,
            proposed_on: d(2026, 1, 1),
            status: ProposalStatus::Propose,
            decline_by: None,
            decline_reason: String::new(),
        };
        assert!(p.validate(today()).is_empty());
        p.unit_id = Some(Uuid::from_u128(4));
        assert_eq!(fields(p.validate(today())), ["offer_id"]);
        p.unit_id = None;
        p.status = ProposalStatus::Refuse;
        assert_eq!(fields(p.validate(today())), ["decline_by"]);
        p.decline_by = Some(DeclineBy::Menage);
        assert!(p.validate(today()).is_empty());
    }

    #[test]
    fn housing_unit_amounts_and_bounds() {
        let mut u = HousingUnit {
            id: Uuid::from_u128(1),
            landlord_id: Uuid::from_u128(2),
            label: "Résidence du Cère".into(),
            commune: "Aurillac".into(),
            typology: Typology::T3,
            surface_m2: 64.0,
            rent_cents: 38_000,
            charges_cents: 6_000,
            available_from: None,
            floor: 2,
            lift: false,
            accessible: false,
            is_relay: false,
            status: UnitStatus::Disponible,
        };
        assert!(u.validate(today()).is_empty());
        u.rent_cents = -1;
        u.surface_m2 = 0.0;
        assert_eq!(fields(u.validate(today())), ["rent_cents", "surface_m2"]);
    }

    #[test]
    fn consent_and_note_rules() {
        let c = Consent {
            id: Uuid::from_u128(1),
            household_id: Uuid::from_u128(2),
            partner_id: None,
            role: None,
            given_on: d(2026, 4, 1),
            scope: String::new(),
            method: ConsentMethod::Oral,
            expires_on: Some(d(2026, 1, 1)),
            withdrawn_on: None,
        };
        assert_eq!(
            fields(c.validate(today())),
            ["partner_id", "given_on", "scope", "expires_on"]
        );
        let n = Note {
            id: Uuid::from_u128(5),
            household_id: Uuid::from_u128(2),
            author: "Claire".into(),
            at: Utc
                .with_ymd_and_hms(2026, 3, 1, 10, 0, 0)
                .single()
                .expect("time"),
            text: String::new(),
            corrects: Some(Uuid::from_u128(5)),
        };
        assert_eq!(fields(n.validate(today())), ["text", "corrects"]);
    }

    #[test]
    fn age_counts_birthdays() {
        assert_eq!(age_on(d(2000, 3, 15), today()), 26);
        assert_eq!(age_on(d(2000, 3, 16), today()), 25);
        assert_eq!(age_on(d(2030, 1, 1), today()), 0);
        assert_eq!(age_on(d(2000, 2, 29), d(2001, 2, 28)), 0);
    }

    #[test]
    fn messages_are_joined_for_the_store() {
        let errors = vec![
            ValidationError::new("a", "Premier."),
            ValidationError::new("b", "Second."),
        ];
        assert_eq!(join_messages(&errors), "Premier. ; Second.");
    }
}
