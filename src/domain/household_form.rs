//! The household view's forms: what the user typed (text, as typed), turned into records
//! with French messages per field, and the summaries the view shows.
//!
//! Pure: "today" and the time-zone offset are parameters. Forms keep the raw text of
//! dates and amounts so that a draft saved before an automatic lock comes back exactly
//! as it was typed, mistakes included.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::*;
use super::text::{euros_input, format_date_fr, parse_date_fr, parse_euros};
use super::validate::{Validate, ValidationError};

/// Splits a comma- or semicolon-separated list, trimming blanks.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A list as it is typed back: "a, b, c".
pub fn join_list(items: &[String]) -> String {
    items.join(", ")
}

/// Age as shown next to a birth date: "4 ans", "8 mois".
pub fn age_fr(birth: NaiveDate, today: NaiveDate) -> String {
    let years = super::validate::age_on(birth, today);
    if years >= 2 {
        return format!("{years} ans");
    }
    let months = (today.year() - birth.year()) * 12 + today.month() as i32
        - birth.month() as i32
        - i32::from(today.day() < birth.day());
    match months.max(0) {
        m if m >= 12 => format!("{years} an"),
        m => format!("{m} mois"),
    }
}

/// Group of a school level in the household's schooling summary.
fn schooling_group(level: SchoolingLevel) -> (u8, &'static str, &'static str) {
    use SchoolingLevel::*;
    match level {
        Creche => (0, "crèche", "crèche"),
        MaternellePs | MaternelleMs | MaternelleGs => (1, "en maternelle", "en maternelle"),
        Cp | Ce1 | Ce2 | Cm1 | Cm2 => (2, "en primaire", "en primaire"),
        Sixieme | Cinquieme | Quatrieme | Troisieme => (3, "au collège", "au collège"),
        Lycee => (4, "au lycée", "au lycée"),
        Apprentissage => (5, "en apprentissage", "en apprentissage"),
        NonScolarise => (6, "non scolarisé", "non scolarisés"),
    }
}

/// The household's schooling in one line, e.g.
/// « 3 enfants : 1 crèche, 2 en primaire — 1 inscription à faire ».
pub fn schooling_summary(children: &[Child]) -> String {
    if children.is_empty() {
        return "Aucun enfant".to_owned();
    }
    let mut groups: std::collections::BTreeMap<u8, (usize, &str, &str)> = Default::default();
    for child in children {
        let (order, one, many) = schooling_group(child.schooling_level);
        groups.entry(order).or_insert((0, one, many)).0 += 1;
    }
    let parts: Vec<String> = groups
        .values()
        .map(|(n, one, many)| super::text::count(*n, one, many))
        .collect();
    let n = children.len();
    let mut line = format!(
        "{} : {}",
        super::text::count(n, "enfant", "enfants"),
        parts.join(", ")
    );
    let to_do = children
        .iter()
        .filter(|c| c.enrolment == EnrolmentStatus::AFaire)
        .count();
    if to_do > 0 {
        line.push_str(&format!(
            " — {} à faire",
            super::text::count(to_do, "inscription", "inscriptions")
        ));
    }
    line
}

/// The household's composition in one line: « 2 adultes, 3 enfants ».
pub fn composition_summary(adults: usize, children: usize) -> String {
    let a = super::text::count(adults, "adulte", "adultes");
    match children {
        0 => format!("{a}, sans enfant"),
        n => format!("{a}, {}", super::text::count(n, "enfant", "enfants")),
    }
}

/// French messages by field name, from parsing and from the record's own validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_owned(), message.into()));
    }

    fn extend(&mut self, errors: Vec<ValidationError>) {
        for e in errors {
            self.add(e.field, e.message);
        }
    }

    /// Messages about one field (the view shows them under it).
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parses a date field, recording its error under `field`.
fn date_field(errors: &mut FieldErrors, field: &str, text: &str) -> Option<NaiveDate> {
    match parse_date_fr(text) {
        Ok(d) => d,
        Err(m) => {
            errors.add(field, m);
            None
        }
    }
}

fn finish<R: Validate>(
    record: R,
    mut errors: FieldErrors,
    today: NaiveDate,
) -> Result<R, FieldErrors> {
    errors.extend(record.validate(today));
    if errors.is_empty() {
        Ok(record)
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------

/// One monthly income line as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceLine {
    /// Source.
    pub source: ResourceSource,
    /// Amount in euros, as typed.
    pub amount: String,
}

/// The « Ménage » form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdForm {
    /// The household (kept whole so fields the form does not show are not lost).
    pub base: Household,
    /// Label.
    pub label: String,
    /// Commune.
    pub commune: String,
    /// Housing situation.
    pub housing_situation: HousingSituation,
    /// Typology wished.
    pub typology: Option<Typology>,
    /// Numéro unique.
    pub unique_number: String,
    /// Date of the numéro unique, as typed.
    pub unique_number_date: String,
    /// Wished communes, comma-separated.
    pub wished_communes: String,
    /// Max rent in euros, as typed.
    pub max_rent: String,
    /// Monthly resources.
    pub resources: Vec<ResourceLine>,
    /// Barriers.
    pub barriers: BTreeSet<Barrier>,
    /// Referent.
    pub referent: String,
    /// Origin / prescriber.
    pub origin: String,
    /// CAF number.
    pub caf_number: String,
}

impl HouseholdForm {
    /// The form filled from a household.
    pub fn from_record(h: &Household) -> Self {
        let d = &h.housing_demand;
        HouseholdForm {
            base: h.clone(),
            label: h.label.clone(),
            commune: h.commune.clone(),
            housing_situation: h.housing_situation,
            typology: d.typology,
            unique_number: d.unique_number.clone().unwrap_or_default(),
            unique_number_date: format_date_fr(d.unique_number_date),
            wished_communes: join_list(&d.wished_communes),
            max_rent: euros_input(d.max_rent_cents),
            resources: h
                .resources
                .iter()
                .map(|r| ResourceLine {
                    source: r.source,
                    amount: euros_input(Some(r.monthly_cents)),
                })
                .collect(),
            barriers: h.barriers.clone(),
            referent: h.referent.clone(),
            origin: h.origin.clone(),
            caf_number: h.caf_number.clone().unwrap_or_default(),
        }
    }

    /// The household as typed, or every problem in French.
    pub fn to_record(&self, today: NaiveDate) -> Result<Household, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut h = self.base.clone();
        h.label = self.label.trim().to_owned();
        h.commune = self.commune.trim().to_owned();
        h.housing_situation = self.housing_situation;
        h.housing_demand.typology = self.typology;
        let n = self.unique_number.trim();
        h.housing_demand.unique_number = (!n.is_empty()).then(|| n.to_owned());
        h.housing_demand.unique_number_date =
            date_field(&mut errors, "unique_number_date", &self.unique_number_date);
        h.housing_demand.wished_communes = split_list(&self.wished_communes);
        h.housing_demand.max_rent_cents = match parse_euros(&self.max_rent) {
            Ok(c) => c,
            Err(m) => {
                errors.add("max_rent", m);
                None
            }
        };
        h.resources.clear();
        for line in &self.resources {
            match parse_euros(&line.amount) {
                Ok(Some(c)) => h.resources.push(Resource {
                    source: line.source,
                    monthly_cents: c,
                }),
                Ok(None) => {}
                Err(m) => errors.add("resources", m),
            }
        }
        h.barriers = self.barriers.clone();
        h.referent = self.referent.trim().to_owned();
        h.origin = self.origin.trim().to_owned();
        let caf = self.caf_number.trim();
        h.caf_number = (!caf.is_empty()).then(|| caf.to_owned());
        // Map the record's field names to the form's.
        let mut record_errors = FieldErrors::default();
        record_errors.extend(h.validate(today));
        for (field, message) in record_errors.0 {
            let field = match (field.as_str(), message.as_str()) {
                ("housing_demand", m) if m.contains("loyer") => "max_rent",
                ("housing_demand", m) if m.contains("date") => "unique_number_date",
                ("housing_demand", m) if m.contains("commune") => "wished_communes",
                ("housing_demand", _) => "unique_number",
                (f, _) => f,
            }
            .to_owned();
            errors.0.push((field, message));
        }
        if errors.is_empty() {
            Ok(h)
        } else {
            Err(errors)
        }
    }
}

/// The form of one adult.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdultForm {
    /// Identifier (a new adult gets a fresh one when the form opens).
    pub id: Uuid,
    /// Household.
    pub household_id: Uuid,
    /// Whether this adult exists in the base already.
    pub existing: bool,
    /// Reference person.
    pub is_reference: bool,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date as typed.
    pub birth_date: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Situation.
    pub situation: AdultSituation,
    /// France Travail registration.
    pub france_travail_registered: bool,
    /// RSA.
    pub rsa: bool,
    /// Education level.
    pub education_level: EducationLevel,
    /// Qualifications, comma-separated.
    pub qualifications: String,
    /// Trades sought, comma-separated.
    pub trades: String,
    /// ROME domains of the trades.
    pub rome_domains: BTreeSet<RomeDomain>,
    /// Driving licence.
    pub driving_licence: bool,
    /// Vehicle.
    pub vehicle: bool,
    /// Languages, comma-separated.
    pub languages: String,
    /// Availability date as typed.
    pub available_from: String,
    /// Mobility radius in km, as typed.
    pub mobility_radius_km: String,
    /// Constraints.
    pub constraints: String,
}

impl AdultForm {
    /// An empty form for a new adult of `household_id`.
    pub fn new(household_id: Uuid, id: Uuid, is_reference: bool) -> Self {
        let adult = Adult {
            is_reference,
            ..Adult::new(household_id, id, "", "")
        };
        AdultForm {
            existing: false,
            ..AdultForm::from_record(&adult)
        }
    }

    /// The form filled from an adult.
    pub fn from_record(a: &Adult) -> Self {
        AdultForm {
            id: a.id,
            household_id: a.household_id,
            existing: true,
            is_reference: a.is_reference,
            first_name: a.first_name.clone(),
            last_name: a.last_name.clone(),
            birth_date: format_date_fr(a.birth_date),
            phone: a.phone.clone(),
            email: a.email.clone(),
            situation: a.situation,
            france_travail_registered: a.france_travail_registered,
            rsa: a.rsa,
            education_level: a.education_level,
            qualifications: join_list(&a.qualifications),
            trades: join_list(&a.trades),
            rome_domains: a.rome_domains.iter().copied().collect(),
            driving_licence: a.driving_licence,
            vehicle: a.vehicle,
            languages: join_list(&a.languages),
            available_from: format_date_fr(a.available_from),
            mobility_radius_km: a.mobility_radius_km.to_string(),
            constraints: a.constraints.clone(),
        }
    }

    /// The adult as typed, or every problem in French.
    pub fn to_record(&self, today: NaiveDate) -> Result<Adult, FieldErrors> {
        let mut errors = FieldErrors::default();
        let radius = self.mobility_radius_km.trim();
        let mobility_radius_km = if radius.is_empty() {
            0
        } else {
            radius.parse::<u32>().unwrap_or_else(|_| {
                errors.add(
                    "mobility_radius_km",
                    "Rayon illisible : tapez un nombre de kilomètres, par exemple 30.",
                );
                0
            })
        };
        let adult = Adult {
            id: self.id,
            household_id: self.household_id,
            is_reference: self.is_reference,
            first_name: self.first_name.trim().to_owned(),
            last_name: self.last_name.trim().to_owned(),
            birth_date: date_field(&mut errors, "birth_date", &self.birth_date),
            phone: self.phone.trim().to_owned(),
            email: self.email.trim().to_owned(),
            situation: self.situation,
            france_travail_registered: self.france_travail_registered,
            rsa: self.rsa,
            education_level: self.education_level,
            qualifications: split_list(&self.qualifications),
            trades: split_list(&self.trades),
            rome_domains: self.rome_domains.iter().copied().collect(),
            driving_licence: self.driving_licence,
            vehicle: self.vehicle,
            languages: split_list(&self.languages),
            available_from: date_field(&mut errors, "available_from", &self.available_from),
            mobility_radius_km,
            constraints: self.constraints.trim().to_owned(),
        };
        finish(adult, errors, today)
    }
}

/// The form of one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildForm {
    /// Identifier.
    pub id: Uuid,
    /// Household.
    pub household_id: Uuid,
    /// Whether this child exists in the base already.
    pub existing: bool,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date as typed.
    pub birth_date: String,
    /// School level.
    pub schooling_level: SchoolingLevel,
    /// Current school.
    pub current_school: String,
    /// School at the destination commune.
    #[serde(default)]
    pub destination_school: String,
    /// Enrolment at destination.
    pub enrolment: EnrolmentStatus,
    /// Date of the enrolment step, as typed.
    pub enrolment_date: String,
    /// Childcare need.
    pub childcare_need: bool,
    /// Notes.
    pub notes: String,
    /// The level was chosen by hand (or comes from the base): the birth date no longer
    /// sets it.
    #[serde(default)]
    pub level_by_hand: bool,
}

impl ChildForm {
    /// Follows the birth date with the expected level until the worker picks one herself.
    pub fn follow_birth_date(&mut self, today: NaiveDate) {
        if self.level_by_hand {
            return;
        }
        if let Ok(Some(birth)) = parse_date_fr(&self.birth_date)
            && birth <= today
        {
            self.schooling_level = SchoolingLevel::expected_for(birth, today);
        }
    }

    /// An empty form for a new child (last name preset to the household's).
    pub fn new(household_id: Uuid, id: Uuid, last_name: &str) -> Self {
        ChildForm {
            existing: false,
            level_by_hand: false,
            ..ChildForm::from_record(&Child::new(household_id, id, "", last_name))
        }
    }

    /// The form filled from a child.
    pub fn from_record(c: &Child) -> Self {
        ChildForm {
            id: c.id,
            household_id: c.household_id,
            existing: true,
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            birth_date: format_date_fr(c.birth_date),
            schooling_level: c.schooling_level,
            current_school: c.current_school.clone(),
            destination_school: c.destination_school.clone(),
            enrolment: c.enrolment,
            enrolment_date: format_date_fr(c.enrolment_date),
            childcare_need: c.childcare_need,
            notes: c.notes.clone(),
            level_by_hand: true,
        }
    }

    /// The child as typed, or every problem in French.
    pub fn to_record(&self, today: NaiveDate) -> Result<Child, FieldErrors> {
        let mut errors = FieldErrors::default();
        let child = Child {
            id: self.id,
            household_id: self.household_id,
            first_name: self.first_name.trim().to_owned(),
            last_name: self.last_name.trim().to_owned(),
            birth_date: date_field(&mut errors, "birth_date", &self.birth_date),
            schooling_level: self.schooling_level,
            current_school: self.current_school.trim().to_owned(),
            destination_school: self.destination_school.trim().to_owned(),
            enrolment: self.enrolment,
            enrolment_date: date_field(&mut errors, "enrolment_date", &self.enrolment_date),
            childcare_need: self.childcare_need,
            notes: self.notes.trim().to_owned(),
        };
        finish(child, errors, today)
    }
}

/// A new journal note (notes are never edited: a correction is a new note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteForm {
    /// Identifier of the note to be written.
    pub id: Uuid,
    /// Household.
    pub household_id: Uuid,
    /// Author.
    pub author: String,
    /// Text.
    pub text: String,
    /// The note it corrects.
    pub corrects: Option<Uuid>,
}

impl NoteForm {
    /// The note as typed, written at `at`.
    pub fn to_record(&self, at: DateTime<Utc>) -> Result<Note, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.text.trim().is_empty() {
            errors.add(
                "text",
                "La note est vide : écrivez quelques mots avant d'enregistrer.",
            );
        }
        let note = Note {
            id: self.id,
            household_id: self.household_id,
            author: self.author.trim().to_owned(),
            at,
            text: self.text.trim().to_owned(),
            corrects: self.corrects,
        };
        finish(note, errors, at.date_naive())
    }
}

/// An appointment and the attendance of each adult.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentForm {
    /// The appointment (fields the form does not show are kept).
    pub base: Appointment,
    /// Whether it exists in the base already.
    pub existing: bool,
    /// Date as typed.
    pub date: String,
    /// Time as typed (hh:mm).
    pub time: String,
    /// Kind.
    pub kind: AppointmentKind,
    /// Place.
    pub place: String,
    /// Notes.
    pub notes: String,
    /// Attendance per adult (id, display name, status), `None` while unknown.
    pub attendance: Vec<(Uuid, String, Option<AttendanceStatus>)>,
}

impl AppointmentForm {
    /// The form for `a`, shown in the time zone `offset`.
    pub fn from_record(
        a: &Appointment,
        existing: bool,
        offset: FixedOffset,
        attendance: Vec<(Uuid, String, Option<AttendanceStatus>)>,
    ) -> Self {
        let local = a.at.with_timezone(&offset);
        AppointmentForm {
            base: a.clone(),
            existing,
            date: format_date_fr(Some(local.date_naive())),
            time: local.format("%H:%M").to_string(),
            kind: a.kind,
            place: a.place.clone(),
            notes: a.notes.clone(),
            attendance,
        }
    }

    /// The appointment as typed (time read in the zone `offset`), or the problems.
    pub fn to_record(
        &self,
        today: NaiveDate,
        offset: FixedOffset,
    ) -> Result<Appointment, FieldErrors> {
        let mut errors = FieldErrors::default();
        let date = date_field(&mut errors, "date", &self.date);
        if date.is_none() && !errors.0.iter().any(|(f, _)| f == "date") {
            errors.add("date", "La date du rendez-vous est obligatoire.");
        }
        let time = match NaiveTime::parse_from_str(self.time.trim(), "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(self.time.trim(), "%Hh%M"))
            .or_else(|_| {
                NaiveTime::parse_from_str(
                    &format!("{}:00", self.time.trim().trim_end_matches('h')),
                    "%H:%M",
                )
            }) {
            Ok(t) => t,
            Err(_) => {
                errors.add(
                    "time",
                    "Heure illisible : tapez-la sous la forme hh:mm (par exemple 14:30).",
                );
                NaiveTime::MIN
            }
        };
        let mut a = self.base.clone();
        if let Some(date) = date {
            match offset.from_local_datetime(&date.and_time(time)).single() {
                Some(t) => a.at = t.with_timezone(&Utc),
                None => errors.add("time", "Cette heure n'existe pas ce jour-là."),
            }
        }
        a.kind = self.kind;
        a.place = self.place.trim().to_owned();
        a.notes = self.notes.trim().to_owned();
        finish(a, errors, today)
    }
}

/// An item of the documents checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentForm {
    /// The item (fields the form does not show are kept).
    pub base: DocumentItem,
    /// Whether it exists in the base already.
    pub existing: bool,
    /// Kind.
    pub kind: DocumentKind,
    /// Status.
    pub status: DocumentStatus,
    /// Expiry as typed.
    pub expires_on: String,
    /// Notes.
    pub notes: String,
    /// A file to attach, by path (read when saving).
    pub attach_path: String,
    /// Where to save a copy of the attached file, typed (without a native dialog).
    #[serde(default)]
    pub copy_path: String,
}

impl DocumentForm {
    /// The form for `d`.
    pub fn from_record(d: &DocumentItem, existing: bool) -> Self {
        DocumentForm {
            base: d.clone(),
            existing,
            kind: d.kind,
            status: d.status,
            expires_on: format_date_fr(d.expires_on),
            notes: d.notes.clone(),
            attach_path: String::new(),
            copy_path: String::new(),
        }
    }

    /// The item as typed, or the problems.
    pub fn to_record(&self, today: NaiveDate) -> Result<DocumentItem, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut d = self.base.clone();
        d.kind = self.kind;
        d.status = self.status;
        d.expires_on = date_field(&mut errors, "expires_on", &self.expires_on);
        d.notes = self.notes.trim().to_owned();
        finish(d, errors, today)
    }
}

/// A consent given to a partner role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentForm {
    /// The consent (fields the form does not show are kept).
    pub base: Consent,
    /// Whether it exists in the base already.
    pub existing: bool,
    /// Role covered.
    pub role: Option<PartnerRole>,
    /// Date given, as typed.
    pub given_on: String,
    /// Scope.
    pub scope: String,
    /// How it was collected.
    pub method: ConsentMethod,
    /// Expiry as typed.
    pub expires_on: String,
    /// Withdrawal as typed.
    pub withdrawn_on: String,
}

impl ConsentForm {
    /// The form for `c`.
    pub fn from_record(c: &Consent, existing: bool) -> Self {
        ConsentForm {
            base: c.clone(),
            existing,
            role: c.role,
            given_on: format_date_fr(Some(c.given_on)),
            scope: c.scope.clone(),
            method: c.method,
            expires_on: format_date_fr(c.expires_on),
            withdrawn_on: format_date_fr(c.withdrawn_on),
        }
    }

    /// The consent as typed, or the problems.
    pub fn to_record(&self, today: NaiveDate) -> Result<Consent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut c = self.base.clone();
        c.role = self.role;
        match date_field(&mut errors, "given_on", &self.given_on) {
            Some(d) => c.given_on = d,
            None if !errors.0.iter().any(|(f, _)| f == "given_on") => {
                errors.add("given_on", "La date du consentement est obligatoire.");
            }
            None => {}
        }
        if c.given_on > today {
            errors.add(
                "given_on",
                "La date du consentement ne peut pas être dans le futur.",
            );
        }
        if c.role.is_none() && c.partner_id.is_none() {
            errors.add(
                "role",
                "Choisissez le rôle du partenaire concerné, ou un partenaire désigné.",
            );
        }
        c.scope = self.scope.trim().to_owned();
        c.method = self.method;
        c.expires_on = date_field(&mut errors, "expires_on", &self.expires_on);
        c.withdrawn_on = date_field(&mut errors, "withdrawn_on", &self.withdrawn_on);
        finish(c, errors, today)
    }
}

/// An employment follow-up checkpoint after hiring (« Parcours »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpForm {
    /// The checkpoint (fields the form does not show, like the offer, are kept).
    pub base: EmploymentFollowUp,
    /// The household of the adult (the record itself only knows the adult).
    pub household_id: Uuid,
    /// Whether it exists in the base already.
    pub existing: bool,
    /// The adult hired.
    pub adult_id: Option<Uuid>,
    /// Months after hiring: 1, 3, 6 or 12.
    pub checkpoint_months: u8,
    /// Hiring date, as typed.
    pub hired_on: String,
    /// Date of the checkpoint, as typed.
    pub checked_on: String,
    /// Still in post at the checkpoint.
    pub still_in_post: bool,
    /// Contract at the checkpoint.
    pub contract: ContractKind,
    /// Comment.
    pub notes: String,
}

impl FollowUpForm {
    /// A new checkpoint for `household_id`; `adult` and `hired_on` pre-fill the adult
    /// and the hiring date of an earlier checkpoint, so the next one is quick to record.
    pub fn new(
        household_id: Uuid,
        id: Uuid,
        adult: Option<Uuid>,
        hired_on: Option<NaiveDate>,
        checkpoint_months: u8,
    ) -> Self {
        FollowUpForm {
            base: EmploymentFollowUp {
                id,
                adult_id: adult.unwrap_or_default(),
                offer_id: None,
                hired_on: hired_on.unwrap_or_default(),
                checkpoint_months,
                checked_on: None,
                still_in_post: true,
                contract: ContractKind::Cdi,
                notes: String::new(),
            },
            household_id,
            existing: false,
            adult_id: adult,
            checkpoint_months,
            hired_on: format_date_fr(hired_on),
            checked_on: String::new(),
            still_in_post: true,
            contract: ContractKind::Cdi,
            notes: String::new(),
        }
    }

    /// The form for `f`.
    pub fn from_record(f: &EmploymentFollowUp, household_id: Uuid) -> Self {
        FollowUpForm {
            base: f.clone(),
            household_id,
            existing: true,
            adult_id: Some(f.adult_id),
            checkpoint_months: f.checkpoint_months,
            hired_on: format_date_fr(Some(f.hired_on)),
            checked_on: format_date_fr(f.checked_on),
            still_in_post: f.still_in_post,
            contract: f.contract,
            notes: f.notes.clone(),
        }
    }

    /// The checkpoint as typed, or the problems.
    pub fn to_record(&self, today: NaiveDate) -> Result<EmploymentFollowUp, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut f = self.base.clone();
        match self.adult_id {
            Some(id) => f.adult_id = id,
            None => errors.add("adult_id", "Choisissez l'adulte embauché·e."),
        }
        match date_field(&mut errors, "hired_on", &self.hired_on) {
            Some(d) => f.hired_on = d,
            None if !errors.0.iter().any(|(k, _)| k == "hired_on") => {
                errors.add("hired_on", "La date d'embauche est obligatoire.");
            }
            None => {}
        }
        if f.hired_on > today {
            errors.add(
                "hired_on",
                "La date d'embauche ne peut pas être dans le futur.",
            );
        }
        f.checkpoint_months = self.checkpoint_months;
        f.checked_on = date_field(&mut errors, "checked_on", &self.checked_on);
        f.still_in_post = self.still_in_post;
        f.contract = self.contract;
        f.notes = self.notes.trim().to_owned();
        finish(f, errors, today)
    }
}

/// The tutor of an adult at work (« Adultes »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TutorForm {
    /// The tutor (fields the form does not show are kept).
    pub base: Tutor,
    /// The household of the adult.
    pub household_id: Uuid,
    /// Whether it exists in the base already.
    pub existing: bool,
    /// Name.
    pub name: String,
    /// Organisation (often the employer).
    pub organisation: String,
    /// Phone.
    pub phone: String,
    /// Since when, as typed.
    pub since: String,
}

impl TutorForm {
    /// A new tutor for `adult_id`.
    pub fn new(household_id: Uuid, adult_id: Uuid, id: Uuid) -> Self {
        let base = Tutor {
            id,
            adult_id,
            name: String::new(),
            organisation: String::new(),
            phone: String::new(),
            since: None,
        };
        let mut form = TutorForm::from_record(&base, household_id);
        form.existing = false;
        form
    }

    /// The form for `t`.
    pub fn from_record(t: &Tutor, household_id: Uuid) -> Self {
        TutorForm {
            base: t.clone(),
            household_id,
            existing: true,
            name: t.name.clone(),
            organisation: t.organisation.clone(),
            phone: t.phone.clone(),
            since: format_date_fr(t.since),
        }
    }

    /// The tutor as typed, or the problems.
    pub fn to_record(&self, today: NaiveDate) -> Result<Tutor, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut t = self.base.clone();
        t.name = self.name.trim().to_owned();
        t.organisation = self.organisation.trim().to_owned();
        t.phone = self.phone.trim().to_owned();
        t.since = date_field(&mut errors, "since", &self.since);
        if t.since.is_some_and(|d| d > today) {
            errors.add("since", "La date de début ne peut pas être dans le futur.");
        }
        finish(t, errors, today)
    }
}

/// The form being edited on the household page: what a draft saved before an automatic
/// lock holds, and what [`crate::command::household::HouseholdCommand::Save`] carries.
// One draft exists at a time and travels boxed in commands: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Draft {
    /// « Ménage ».
    Household(HouseholdForm),
    /// One adult.
    Adult(AdultForm),
    /// One child.
    Child(ChildForm),
    /// A new note.
    Note(NoteForm),
    /// An appointment.
    Appointment(AppointmentForm),
    /// A checklist item.
    Document(DocumentForm),
    /// A consent.
    Consent(ConsentForm),
    /// An employment follow-up checkpoint.
    FollowUp(FollowUpForm),
    /// An adult's tutor.
    Tutor(TutorForm),
}

/// A record of the household page that the worker may delete (a tombstone: it is hidden
/// everywhere and no partner's packet brings it back). Notes, stage events and attendance
/// are immutable and the household and its checklist stay: they are not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletable {
    /// An adult (refused while follow-ups or a tutor point at them).
    Adult(Uuid),
    /// A child.
    Child(Uuid),
    /// An appointment (refused once attendance was recorded: it happened).
    Appointment(Uuid),
    /// A consent entered by mistake (a consent withdrawn is recorded as such instead).
    Consent(Uuid),
    /// An employment follow-up checkpoint.
    FollowUp(Uuid),
    /// A tutor.
    Tutor(Uuid),
}

impl Deletable {
    /// What the confirmation names: « cet adulte », « ce point de suivi »…
    pub fn what_fr(self) -> &'static str {
        match self {
            Deletable::Adult(_) => "cet adulte",
            Deletable::Child(_) => "cet enfant",
            Deletable::Appointment(_) => "ce rendez-vous",
            Deletable::Consent(_) => "ce consentement",
            Deletable::FollowUp(_) => "ce point de suivi",
            Deletable::Tutor(_) => "ce tuteur ou cette tutrice",
        }
    }

    /// What the page says once it is done.
    pub fn done_fr(self) -> &'static str {
        match self {
            Deletable::Adult(_) => "Adulte supprimé.",
            Deletable::Child(_) => "Enfant supprimé.",
            Deletable::Appointment(_) => "Rendez-vous supprimé.",
            Deletable::Consent(_) => "Consentement supprimé.",
            Deletable::FollowUp(_) => "Point de suivi supprimé.",
            Deletable::Tutor(_) => "Tuteur ou tutrice supprimé·e.",
        }
    }
}

impl Draft {
    /// The record this form edits, when it exists already and may be deleted.
    pub fn deletable(&self) -> Option<Deletable> {
        match self {
            Draft::Adult(f) if f.existing => Some(Deletable::Adult(f.id)),
            Draft::Child(f) if f.existing => Some(Deletable::Child(f.id)),
            Draft::Appointment(f) if f.existing => Some(Deletable::Appointment(f.base.id)),
            Draft::Consent(f) if f.existing => Some(Deletable::Consent(f.base.id)),
            Draft::FollowUp(f) if f.existing => Some(Deletable::FollowUp(f.base.id)),
            Draft::Tutor(f) if f.existing => Some(Deletable::Tutor(f.base.id)),
            _ => None,
        }
    }

    /// The household the draft is about.
    pub fn household_id(&self) -> Uuid {
        match self {
            Draft::Household(f) => f.base.id,
            Draft::Adult(f) => f.household_id,
            Draft::Child(f) => f.household_id,
            Draft::Note(f) => f.household_id,
            Draft::Appointment(f) => f.base.household_id.unwrap_or_default(),
            Draft::Document(f) => f.base.household_id,
            Draft::Consent(f) => f.base.household_id,
            Draft::FollowUp(f) => f.household_id,
            Draft::Tutor(f) => f.household_id,
        }
    }

    /// French title of the form.
    pub fn title(&self) -> &'static str {
        match self {
            Draft::Household(_) => "Modifier le ménage",
            Draft::Adult(f) if f.existing => "Modifier l'adulte",
            Draft::Adult(_) => "Nouvel adulte",
            Draft::Child(f) if f.existing => "Modifier l'enfant",
            Draft::Child(_) => "Nouvel enfant",
            Draft::Note(f) if f.corrects.is_some() => "Corriger une note",
            Draft::Note(_) => "Nouvelle note",
            Draft::Appointment(f) if f.existing => "Modifier le rendez-vous",
            Draft::Appointment(_) => "Nouveau rendez-vous",
            Draft::Document(f) if f.existing => "Modifier la pièce",
            Draft::Document(_) => "Nouvelle pièce",
            Draft::Consent(f) if f.existing => "Modifier le consentement",
            Draft::Consent(_) => "Nouveau consentement",
            Draft::FollowUp(f) if f.existing => "Modifier le point de suivi dans l'emploi",
            Draft::FollowUp(_) => "Nouveau point de suivi dans l'emploi",
            Draft::Tutor(f) if f.existing => "Modifier le tuteur ou la tutrice",
            Draft::Tutor(_) => "Nouveau tuteur ou tutrice",
        }
    }
}

/// Consent warnings for the household page: roles without a valid consent, expired ones.
pub fn consent_warnings(consents: &[Consent], today: NaiveDate) -> Vec<String> {
    let mut warnings = Vec::new();
    if !consents.iter().any(|c| c.is_valid_on(today)) {
        warnings.push(
            "Aucun consentement en cours : rien ne peut être partagé avec un partenaire."
                .to_owned(),
        );
    }
    for c in consents {
        if let Some(e) = c.expires_on
            && e < today
            && c.withdrawn_on.is_none()
        {
            let who = c.role.map_or("un partenaire", |r| r.label_fr());
            warnings.push(format!(
                "Consentement expiré le {} ({who}) : à renouveler.",
                format_date_fr(Some(e))
            ));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn a_new_person_typed_by_name_only_saves_as_the_domain_blank() {
        let today = d(2026, 11, 30);
        let (household, id) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut adult = AdultForm::new(household, id, true);
        assert!(!adult.existing);
        adult.first_name = " Samira ".to_owned();
        adult.last_name = "Benali".to_owned();
        let saved = adult.to_record(today).expect("a name is enough");
        let blank = Adult::new(household, id, "Samira", "Benali");
        assert_eq!(
            saved,
            Adult {
                is_reference: true,
                ..blank
            }
        );

        let mut child = ChildForm::new(household, id, "Benali");
        assert!(!child.existing && !child.level_by_hand);
        child.first_name = "Yanis".to_owned();
        let saved = child.to_record(today).expect("a name is enough");
        assert_eq!(saved, Child::new(household, id, "Yanis", "Benali"));
    }

    #[test]
    fn the_school_level_follows_the_birth_date_until_chosen_by_hand() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Born in 2025: a baby, not « 5e ».
        assert_eq!(
            SchoolingLevel::expected_for(d(2025, 6, 1), today),
            SchoolingLevel::Creche
        );
        assert_eq!(
            SchoolingLevel::expected_for(d(2023, 12, 31), today),
            SchoolingLevel::MaternellePs
        );
        assert_eq!(
            SchoolingLevel::expected_for(d(2020, 1, 1), today),
            SchoolingLevel::Cp
        );
        assert_eq!(
            SchoolingLevel::expected_for(d(2015, 3, 1), today),
            SchoolingLevel::Sixieme
        );
        assert_eq!(
            SchoolingLevel::expected_for(d(2010, 3, 1), today),
            SchoolingLevel::Lycee
        );
        // Before September, the school year began the year before.
        let june = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        assert_eq!(
            SchoolingLevel::expected_for(d(2020, 1, 1), june),
            SchoolingLevel::MaternelleGs
        );

        let mut form = ChildForm::new(Uuid::new_v4(), Uuid::new_v4(), "Martin");
        form.birth_date = "01/06/2025".into();
        form.follow_birth_date(today);
        assert_eq!(form.schooling_level, SchoolingLevel::Creche);
        form.level_by_hand = true;
        form.schooling_level = SchoolingLevel::NonScolarise;
        form.birth_date = "01/01/2020".into();
        form.follow_birth_date(today);
        assert_eq!(form.schooling_level, SchoolingLevel::NonScolarise);
    }

    fn child(level: SchoolingLevel, enrolment: EnrolmentStatus) -> Child {
        Child {
            id: Uuid::new_v4(),
            household_id: Uuid::from_u128(1),
            first_name: "A".into(),
            last_name: String::new(),
            birth_date: None,
            schooling_level: level,
            current_school: String::new(),
            destination_school: String::new(),
            enrolment,
            enrolment_date: None,
            childcare_need: false,
            notes: String::new(),
        }
    }

    #[test]
    fn schooling_summary_groups_levels() {
        use EnrolmentStatus::*;
        let children = [
            child(SchoolingLevel::Creche, Inscrit),
            child(SchoolingLevel::Cp, AFaire),
            child(SchoolingLevel::Cm2, Demandee),
        ];
        assert_eq!(
            schooling_summary(&children),
            "3 enfants : 1 crèche, 2 en primaire — 1 inscription à faire"
        );
        assert_eq!(schooling_summary(&[]), "Aucun enfant");
    }

    #[test]
    fn a_future_birth_date_is_refused_with_a_french_message() {
        let mut form = ChildForm::new(Uuid::from_u128(1), Uuid::from_u128(2), "X");
        form.first_name = "Léa".into();
        form.birth_date = "01/01/2030".into();
        let errors = form.to_record(d(2025, 6, 1)).unwrap_err();
        let messages: Vec<_> = errors.for_field("birth_date").collect();
        assert_eq!(
            messages,
            ["La date de naissance ne peut pas être dans le futur."]
        );
    }

    #[test]
    fn a_negative_resource_is_refused() {
        let h = Household {
            id: Uuid::from_u128(1),
            label: "Famille T".into(),
            housing_situation: HousingSituation::HotelSocial,
            commune: String::new(),
            housing_demand: HousingDemand::default(),
            resources: vec![],
            barriers: BTreeSet::new(),
            referent: String::new(),
            origin: String::new(),
            caf_number: None,
            unknown_to_employment_services: false,
        };
        let mut form = HouseholdForm::from_record(&h);
        form.resources.push(ResourceLine {
            source: ResourceSource::Rsa,
            amount: "-20".into(),
        });
        form.max_rent = "-1".into();
        let errors = form.to_record(d(2025, 1, 1)).unwrap_err();
        assert!(errors.for_field("resources").next().is_some());
        assert!(errors.for_field("max_rent").next().is_some());
        assert_eq!(
            HouseholdForm::from_record(&h).to_record(d(2025, 1, 1)),
            Ok(h)
        );
    }

    #[test]
    fn appointments_keep_local_time() {
        let paris = FixedOffset::east_opt(3600).expect("offset");
        let base = Appointment {
            id: Uuid::from_u128(3),
            household_id: Some(Uuid::from_u128(1)),
            at: Utc::now(),
            kind: AppointmentKind::Entretien,
            place: String::new(),
            notes: String::new(),
        };
        let mut form = AppointmentForm::from_record(&base, false, paris, vec![]);
        form.date = "10/02/2025".into();
        form.time = "14h30".into();
        let a = form.to_record(d(2025, 1, 1), paris).expect("valid");
        assert_eq!(a.at.to_rfc3339(), "2025-02-10T13:30:00+00:00");
        let back = AppointmentForm::from_record(&a, true, paris, vec![]);
        assert_eq!(
            (back.date.as_str(), back.time.as_str()),
            ("10/02/2025", "14:30")
        );
    }
}
