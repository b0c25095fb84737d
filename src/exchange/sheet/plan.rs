//! The columns the import knows ([`Field`]), the mapping of headers to them, and the plan:
//! rows grouped into households, every cell read and every record checked.

use super::*;

// ---------------------------------------------------------------------------------------
// Fields and mapping
// ---------------------------------------------------------------------------------------

macro_rules! fields {
    ($( $variant:ident => $header:literal [$($syn:literal),*] : $doc:literal ),+ $(,)?) => {
        /// A field of the import: what a column holds. The header is the documented French
        /// column name (README « Importer un tableur »).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field {
            $(#[doc = $doc] $variant),+
        }

        impl Field {
            /// Every field, in the documented column order.
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            /// The documented French header.
            pub fn header_fr(self) -> &'static str {
                match self { $(Field::$variant => $header),+ }
            }

            /// Other headers read as this field (already folded: lowercase, no accents).
            fn synonyms(self) -> &'static [&'static str] {
                match self { $(Field::$variant => &[$($syn),*]),+ }
            }
        }
    };
}

fields! {
    HouseholdKey => "N° ménage" ["n menage", "no menage", "numero menage", "numero de menage", "id menage", "menage n", "dossier", "n dossier", "numero de dossier"]
        : "Groups the rows of one household (any text: a number, a file reference).",
    Label => "Nom de référence" ["nom du menage", "menage", "famille", "nom de famille du menage", "reference"]
        : "Household label (e.g. « Famille Diallo »).",
    Commune => "Commune" ["ville", "commune actuelle", "lieu de vie", "commune de residence"]
        : "Commune where the household lives today.",
    HousingSituation => "Situation de logement" ["logement", "situation logement", "hebergement", "logement actuel"]
        : "Housing situation today (Hôtel social, CHRS…).",
    Typology => "Typologie" ["typologie souhaitee", "type de logement", "logement souhaite"]
        : "Wished typology T1–T6.",
    UniqueNumber => "Numéro unique" ["numero unique de demande", "nud", "n unique", "numero unique demande"]
        : "Numéro unique of the social housing demand.",
    CafNumber => "N° CAF" ["numero caf", "caf", "n allocataire", "numero allocataire", "numero d allocataire"]
        : "CAF beneficiary number (duplicate review).",
    Referent => "Référent·e" ["referent", "referente", "referent e", "charge de mission", "travailleur social"]
        : "Référent·e in charge.",
    Origin => "Orienteur" ["prescripteur", "structure d origine", "origine", "orientation"]
        : "Prescriber / sending structure.",
    MaxRent => "Loyer maximal" ["loyer max", "loyer maximum"]
        : "Maximum rent including charges, in euros.",
    PersonKind => "Type de personne" ["type", "adulte ou enfant", "personne", "statut personne"]
        : "« Adulte » or « Enfant » (else: a child when a school level is given).",
    LastName => "Nom" ["nom de famille", "nom de naissance", "nom usage"]
        : "Person's last name.",
    FirstName => "Prénom" ["prenoms"]
        : "Person's first name.",
    BirthDate => "Date de naissance" ["ne le", "nee le", "ne e le", "naissance", "ddn"]
        : "Birth date.",
    Situation => "Situation" ["situation professionnelle", "situation emploi", "statut"]
        : "Adult's situation regarding work.",
    Phone => "Téléphone" ["tel", "portable", "telephone portable"]
        : "Adult's phone.",
    Email => "Courriel" ["email", "e mail", "mail", "adresse mail", "adresse electronique"]
        : "Adult's e-mail.",
    SchoolingLevel => "Niveau scolaire" ["classe", "scolarite", "niveau", "niveau de scolarite"]
        : "Child's school level this year.",
    School => "École" ["ecole actuelle", "etablissement", "etablissement scolaire"]
        : "Child's current school.",
    OpenedOn => "Date d'orientation" ["date d entree dans le dispositif", "date d ouverture", "orientation recue le", "date orientation"]
        : "Date the orientation was received (case opening).",
    Stage => "Étape" ["etape du parcours", "etape actuelle", "phase"]
        : "Current stage of the pathway (name of a programme stage).",
    StageDate => "Date d'entrée" ["date d entree dans l etape", "depuis le", "date etape", "date d entree etape"]
        : "Date the case entered the current stage.",
    Exit => "Sortie" ["type de sortie", "sortie du dispositif"]
        : "« Positive » (droit commun) or « Anticipée », empty while followed.",
    ExitDate => "Date de sortie" []
        : "Date of the exit.",
    ExitReason => "Motif de sortie" ["motif", "raison de la sortie", "motif sortie"]
        : "Reason of an early exit.",
    HiredOn => "Date d'embauche" ["date embauche", "embauche le", "embauche", "date de l embauche"]
        : "Adult's hiring date (the programme's outcome).",
    Employer => "Employeur" ["entreprise", "employeur actuel", "nom de l employeur"]
        : "Adult's employer at hiring.",
    Contract => "Contrat" ["type de contrat", "contrat de travail", "nature du contrat"]
        : "Adult's contract at hiring (CDI, CDD ≥ 6 mois, CDD court, intérim…).",
    LeaseDate => "Date du bail" ["bail signe le", "date de signature du bail", "date bail", "signature du bail", "date d entree dans le logement"]
        : "Date the household's lease at destination was signed.",
    DestinationCommune => "Commune de destination" ["commune d arrivee", "commune du logement", "lieu de relogement", "commune de relogement"]
        : "Commune of the household's dwelling at destination.",
}

/// Lowercase, without accents or punctuation, single spaces: how headers and choice values
/// are compared (« Date d'entrée » = « DATE D ENTREE »).
pub use crate::domain::text::fold_words as fold;

impl Field {
    /// The field a header names (documented name or synonym), if any.
    pub fn from_header(header: &str) -> Option<Field> {
        let folded = fold(header);
        if folded.is_empty() {
            return None;
        }
        Field::ALL
            .iter()
            .copied()
            .find(|f| fold(f.header_fr()) == folded || f.synonyms().contains(&folded.as_str()))
    }
}

/// Which field each column feeds (`None`: « ignorer »).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping(pub Vec<Option<Field>>);

impl Mapping {
    /// Recognises the documented headers and their synonyms; other columns are ignored
    /// until the worker maps them. A field named twice keeps its first column.
    pub fn auto(headers: &[String]) -> Mapping {
        let mut seen = BTreeSet::new();
        Mapping(
            headers
                .iter()
                .map(|h| Field::from_header(h).filter(|f| seen.insert(*f)))
                .collect(),
        )
    }

    /// Applies `En-tête=champ` overrides (champ: a documented header or a synonym, or
    /// « ignorer »). Unknown headers or fields are French errors.
    pub fn apply_overrides(
        &mut self,
        headers: &[String],
        overrides: &[String],
    ) -> Result<(), String> {
        for o in overrides {
            let Some((header, field)) = o.split_once('=') else {
                return Err(format!(
                    "correspondance « {o} » illisible : écrivez « En-tête=champ », par exemple \
                     « Ville=Commune » ou « Remarques=ignorer »."
                ));
            };
            let wanted = fold(header);
            let Some(column) = headers.iter().position(|h| fold(h) == wanted) else {
                return Err(format!(
                    "aucune colonne « {} » dans le fichier (colonnes : {}).",
                    header.trim(),
                    headers.join(", ")
                ));
            };
            let field = if fold(field) == "ignorer" {
                None
            } else {
                Some(Field::from_header(field).ok_or_else(|| {
                    format!(
                        "champ « {} » inconnu : choisissez parmi {} ou « ignorer ».",
                        field.trim(),
                        Field::ALL
                            .iter()
                            .map(|f| f.header_fr())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?)
            };
            self.set(column, field);
        }
        Ok(())
    }

    /// Maps `column` to `field` (a field already mapped elsewhere is moved here).
    pub fn set(&mut self, column: usize, field: Option<Field>) {
        if let Some(f) = field {
            for other in &mut self.0 {
                if *other == Some(f) {
                    *other = None;
                }
            }
        }
        if let Some(slot) = self.0.get_mut(column) {
            *slot = field;
        }
    }

    /// The column of `field`, if mapped.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.0.iter().position(|f| *f == Some(field))
    }

    /// Why the mapping cannot be used yet (French), or `None`.
    pub fn missing(&self) -> Option<String> {
        let has = |f| self.column_of(f).is_some();
        if !has(Field::Label) && !has(Field::LastName) {
            return Some(
                "Aucune colonne « Nom de référence » ni « Nom » : indiquez quelle colonne \
                 porte le nom du ménage ou des personnes."
                    .to_owned(),
            );
        }
        None
    }
}

// ---------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------

/// A French message about one cell: « ligne 12, colonne « Date de naissance » : … ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// Spreadsheet line.
    pub line: usize,
    /// Header of the column as written in the file (or the field's name).
    pub column: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ligne {}, colonne « {} » : {}",
            self.line, self.column, self.message
        )
    }
}

/// One household to create, with its members and its case.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedHousehold {
    /// Spreadsheet lines it comes from.
    pub lines: Vec<usize>,
    /// The household.
    pub household: Household,
    /// Its adults (the first is the reference person).
    pub adults: Vec<Adult>,
    /// Its children.
    pub children: Vec<Child>,
    /// Its case in the programme.
    pub case: Case,
    /// Stage history of the case, oldest first.
    pub events: Vec<StageEvent>,
    /// Hirings read from the adults' rows (a one-month checkpoint to do, so that the
    /// hiring counts as the programme's outcome and its follow-up is planned).
    pub hirings: Vec<EmploymentFollowUp>,
    /// The lease at destination: (date, commune), when the sheet gives its date.
    pub lease: Option<(NaiveDate, String)>,
}

/// What an import would create, or why it cannot.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Households, in file order.
    pub households: Vec<PlannedHousehold>,
    /// Errors; the import is refused while there is one.
    pub errors: Vec<CellError>,
    /// More errors than [`MAX_ERRORS`] were found (the rest are not listed).
    pub errors_truncated: bool,
}

impl Plan {
    /// Number of adults and children planned.
    pub fn people(&self) -> (usize, usize) {
        self.households.iter().fold((0, 0), |(a, c), h| {
            (a + h.adults.len(), c + h.children.len())
        })
    }
}

pub(super) struct RowReader<'a> {
    sheet: &'a RawSheet,
    mapping: &'a Mapping,
    errors: Vec<CellError>,
}

impl RowReader<'_> {
    fn header(&self, field: Field) -> String {
        self.mapping
            .column_of(field)
            .and_then(|c| self.sheet.headers.get(c))
            .cloned()
            .unwrap_or_else(|| field.header_fr().to_owned())
    }

    fn error(&mut self, line: usize, field: Field, message: impl Into<String>) {
        let column = self.header(field);
        self.errors.push(CellError {
            line,
            column,
            message: message.into(),
        });
    }

    fn cell<'r>(&self, row: &'r RawRow, field: Field) -> Option<&'r SheetCell> {
        let c = self.mapping.column_of(field)?;
        row.cells.get(c).filter(|c| !c.is_blank())
    }

    fn text(&self, row: &RawRow, field: Field) -> String {
        self.cell(row, field)
            .map(SheetCell::text)
            .unwrap_or_default()
    }

    fn date(&mut self, row: &RawRow, field: Field, today: NaiveDate) -> Option<NaiveDate> {
        let date = match self.cell(row, field)? {
            SheetCell::Date(d) => Some(*d),
            // A date cell without date format: Excel's day serial (1 = 01/01/1900).
            SheetCell::Number(x) if x.fract() == 0.0 && (1.0..=110_000.0).contains(x) => {
                NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|d| d.checked_add_days(chrono::Days::new(*x as u64)))
            }
            SheetCell::Number(x) => {
                let x = *x;
                self.error(
                    row.line,
                    field,
                    format!("un nombre ({x}) au lieu d'une date : écrivez jj/mm/aaaa."),
                );
                return None;
            }
            SheetCell::Bool(_) => {
                self.error(
                    row.line,
                    field,
                    "oui/non au lieu d'une date : écrivez jj/mm/aaaa.",
                );
                return None;
            }
            SheetCell::Text(s) => match parse_date_fr(s) {
                Ok(d) => d,
                Err(_) if looks_like_date(s) => {
                    let shown = s.trim().to_owned();
                    self.error(
                        row.line,
                        field,
                        format!("date impossible ({shown}) : vérifiez-la."),
                    );
                    return None;
                }
                Err(_) => {
                    let shown = short(s);
                    self.error(
                        row.line,
                        field,
                        format!("date illisible (« {shown} ») : écrivez jj/mm/aaaa."),
                    );
                    return None;
                }
            },
            SheetCell::Empty => None,
        }?;
        if date > today {
            let shown = date.format("%d/%m/%Y");
            self.error(
                row.line,
                field,
                format!("date dans le futur ({shown}) : vérifiez l'année."),
            );
            return None;
        }
        Some(date)
    }

    fn choice<T: Copy>(
        &mut self,
        row: &RawRow,
        field: Field,
        all: &[T],
        label: impl Fn(T) -> &'static str,
        extra: &[(&str, T)],
    ) -> Option<T> {
        let raw = self.text(row, field);
        if raw.is_empty() {
            return None;
        }
        let folded = fold(&raw);
        let found = all
            .iter()
            .copied()
            .find(|v| {
                let l = fold(label(*v));
                l == folded || l.starts_with(&format!("{folded} "))
            })
            .or_else(|| {
                extra
                    .iter()
                    .find(|(k, _)| fold(k) == folded)
                    .map(|(_, v)| *v)
            });
        if found.is_none() {
            let choices: Vec<&str> = all.iter().map(|v| label(*v)).collect();
            let shown = short(&raw);
            self.error(
                row.line,
                field,
                format!(
                    "valeur inconnue « {shown} » : choisissez parmi {}.",
                    choices.join(", ")
                ),
            );
        }
        found
    }
}

pub(super) fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Three groups of digits: a date that parses but does not exist (31/02/2019).
pub(super) fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The instant of the `step`-th move of an imported pathway on `date`: 09:00, 12:00,
/// 15:00 UTC, so that moves given on the same day keep their order (the current stage is
/// the latest move).
pub(super) fn at_step(date: NaiveDate, step: u32) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(9 + 3 * step.min(4), 0, 0).unwrap_or(NaiveTime::MIN))
        .and_utc()
}

/// Normalises a CAF number for comparison (digits and letters only, uppercase).
pub fn normalise_caf(caf: &str) -> String {
    caf.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

pub(super) const HOUSEHOLD_FIELDS: [Field; 10] = [
    Field::Label,
    Field::Commune,
    Field::HousingSituation,
    Field::Typology,
    Field::UniqueNumber,
    Field::CafNumber,
    Field::Referent,
    Field::Origin,
    Field::MaxRent,
    Field::OpenedOn,
];

/// Reads every row with `mapping` into households to create in `programme`'s pathway;
/// every error is listed (at most [`MAX_ERRORS`]) with its line and column.
///
/// Rows with the same « N° ménage » (or, without that column, the same « Nom de
/// référence ») form one household; household columns are read from the first row that
/// fills them. A row is a child when « Type de personne » says so, or when it has a
/// « Niveau scolaire »; a row without « Nom » nor « Prénom » only describes the household.
pub fn build_plan(
    sheet: &RawSheet,
    mapping: &Mapping,
    programme: &Programme,
    today: NaiveDate,
) -> Plan {
    let mut r = RowReader {
        sheet,
        mapping,
        errors: Vec::new(),
    };
    if let Some(message) = mapping.missing() {
        r.errors.push(CellError {
            line: 1,
            column: "—".to_owned(),
            message,
        });
        return Plan {
            errors: r.errors,
            ..Plan::default()
        };
    }
    // Group rows by household key, keeping file order.
    let mut groups: Vec<Vec<&RawRow>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &sheet.rows {
        let key = {
            let k = r.text(row, Field::HouseholdKey);
            let k = if k.is_empty() {
                r.text(row, Field::Label)
            } else {
                k
            };
            if k.is_empty() {
                // No key at all: the person's own household (« Famille NOM »).
                format!("\u{0}{}", row.line)
            } else {
                fold(&k)
            }
        };
        match index.get(&key) {
            Some(&i) => groups[i].push(row),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![row]);
            }
        }
    }
    let mut households = Vec::new();
    for rows in groups {
        if let Some(h) = plan_household(&mut r, &rows, programme, today) {
            households.push(h);
        }
        if r.errors.len() > MAX_ERRORS {
            break;
        }
    }
    let errors_truncated = r.errors.len() > MAX_ERRORS;
    let mut errors = r.errors;
    errors.sort_by_key(|e| e.line);
    errors.truncate(MAX_ERRORS);
    Plan {
        households: if errors.is_empty() {
            households
        } else {
            Vec::new()
        },
        errors,
        errors_truncated,
    }
}

pub(super) fn first_filled<'a>(
    r: &RowReader<'_>,
    rows: &[&'a RawRow],
    field: Field,
) -> Option<&'a RawRow> {
    rows.iter()
        .copied()
        .find(|row| r.cell(row, field).is_some())
}

pub(super) fn plan_household(
    r: &mut RowReader<'_>,
    rows: &[&RawRow],
    programme: &Programme,
    today: NaiveDate,
) -> Option<PlannedHousehold> {
    let first = rows.first()?;
    let errors_before = r.errors.len();
    let household_id = Uuid::new_v4();
    // Household columns: from the first row that fills each.
    let mut values: BTreeMap<Field, &RawRow> = BTreeMap::new();
    for f in HOUSEHOLD_FIELDS.iter().chain(&[
        Field::Stage,
        Field::StageDate,
        Field::Exit,
        Field::ExitDate,
        Field::ExitReason,
        Field::LeaseDate,
        Field::DestinationCommune,
    ]) {
        if let Some(row) = first_filled(r, rows, *f) {
            values.insert(*f, row);
        }
    }
    let row_of = |f: Field| values.get(&f).copied().unwrap_or(first);
    let housing_situation = r
        .choice(
            row_of(Field::HousingSituation),
            Field::HousingSituation,
            HousingSituation::ALL,
            |v| v.label_fr(),
            &[
                ("hotel", HousingSituation::HotelSocial),
                ("heberge", HousingSituation::Heberge),
                ("hebergee", HousingSituation::Heberge),
                ("chez un tiers", HousingSituation::Heberge),
                ("115", HousingSituation::CentreHebergement),
                ("chu", HousingSituation::CentreHebergement),
                ("sans abri", HousingSituation::SansLogement),
                ("rue", HousingSituation::SansLogement),
            ],
        )
        .unwrap_or(HousingSituation::Autre);
    let typology = r.choice(
        row_of(Field::Typology),
        Field::Typology,
        Typology::ALL,
        |v| v.label_fr(),
        &[
            ("1", Typology::T1),
            ("2", Typology::T2),
            ("3", Typology::T3),
            ("4", Typology::T4),
            ("5", Typology::T5),
            ("6", Typology::T6),
        ],
    );
    let max_rent_cents = {
        let row = row_of(Field::MaxRent);
        let raw = r.text(row, Field::MaxRent);
        match parse_euros(&raw) {
            Ok(v) => v,
            Err(_) => {
                let shown = short(&raw);
                r.error(
                    row.line,
                    Field::MaxRent,
                    format!("montant illisible (« {shown} ») : écrivez des euros, par exemple 650 ou 650,50."),
                );
                None
            }
        }
    };
    let opt = |s: String| if s.is_empty() { None } else { Some(s) };
    let mut label = r.text(row_of(Field::Label), Field::Label);
    let household_fields_row = row_of(Field::Referent);
    let referent = r.text(household_fields_row, Field::Referent);
    let origin = r.text(row_of(Field::Origin), Field::Origin);

    // People.
    let mut adults: Vec<Adult> = Vec::new();
    let mut hirings: Vec<EmploymentFollowUp> = Vec::new();
    let mut children: Vec<Child> = Vec::new();
    for row in rows {
        match plan_person(r, row, household_id, adults.is_empty(), today) {
            Some(Person::Adult(adult, hired)) => {
                hirings.extend(hired);
                adults.push(adult);
            }
            Some(Person::Child(child)) => children.push(child),
            None => {}
        }
    }
    if label.is_empty() {
        let name = adults
            .first()
            .map(|a| a.last_name.clone())
            .or_else(|| children.first().map(|c| c.last_name.clone()))
            .unwrap_or_default();
        if !name.is_empty() {
            label = format!("Famille {}", name.to_uppercase());
        }
    }
    let household = Household {
        id: household_id,
        label,
        housing_situation,
        commune: r.text(row_of(Field::Commune), Field::Commune),
        housing_demand: HousingDemand {
            typology,
            unique_number: opt(r.text(row_of(Field::UniqueNumber), Field::UniqueNumber)),
            unique_number_date: None,
            wished_communes: Vec::new(),
            max_rent_cents,
        },
        resources: Vec::new(),
        barriers: BTreeSet::new(),
        referent: referent.clone(),
        origin: origin.clone(),
        caf_number: opt(r.text(row_of(Field::CafNumber), Field::CafNumber)),
        unknown_to_employment_services: false,
    };
    for e in household.validate(today) {
        let field = match e.field {
            "label" => Field::Label,
            "resources" => Field::MaxRent,
            _ => Field::MaxRent,
        };
        r.error(first.line, field, lower_first(&e.message));
    }

    // Case and pathway.
    let opened_row = row_of(Field::OpenedOn);
    let opened = r.date(opened_row, Field::OpenedOn, today);
    let stage_row = row_of(Field::Stage);
    let stage_label = r.text(stage_row, Field::Stage);
    let stage = find_stage(r, programme, stage_row, &stage_label);
    let stage_date_row = row_of(Field::StageDate);
    let stage_date = r.date(stage_date_row, Field::StageDate, today);
    let exit_row = row_of(Field::Exit);
    let mut exit = read_exit(r, exit_row);
    let exit_date_row = row_of(Field::ExitDate);
    let mut exit_date = r.date(exit_date_row, Field::ExitDate, today);
    let reason_row = row_of(Field::ExitReason);
    let exit_reason = r.choice(
        reason_row,
        Field::ExitReason,
        EarlyExitReason::ALL,
        |v| v.label_fr(),
        &[],
    );
    if let Some(s) = &stage
        && s.is_exit
        && exit == ExitKind::Aucune
    {
        exit = if s.is_early_exit {
            ExitKind::Anticipee
        } else {
            ExitKind::DroitCommun
        };
        exit_date = exit_date.or(stage_date);
    }
    let opened_on = opened.or(stage_date).or(exit_date).unwrap_or(today);
    let by = if referent.is_empty() {
        "Import tableur".to_owned()
    } else {
        referent.clone()
    };
    let opening = CaseOpening {
        household_id,
        referent: referent.clone(),
        origin,
        opened_on,
        at: at_step(opened_on, 0),
        by: by.clone(),
        comment: "Importé d'un tableur".to_owned(),
    };
    let Some((mut case, opened_event)) = Case::open(programme, opening) else {
        r.error(
            stage_row.line,
            Field::Stage,
            format!(
                "le parcours « {} » n'a aucune étape active : réactivez-en une dans les étapes \
                 du parcours avant d'importer.",
                programme.name
            ),
        );
        return None;
    };
    case.exit = exit;
    case.exit_date = exit_date;
    case.exit_reason = exit_reason;
    for e in case.validate(today) {
        let field = match e.field {
            "exit_reason" => Field::ExitReason,
            "exit_date" => Field::ExitDate,
            _ => Field::Exit,
        };
        r.error(exit_row.line, field, lower_first(&e.message));
    }
    if let (Some(d), Some(o)) = (stage_date, opened)
        && d < o
    {
        r.error(
            stage_date_row.line,
            Field::StageDate,
            "la date d'entrée dans l'étape précède la date d'orientation.",
        );
    }
    // The moves after the opening: to the stage the sheet gives, then to its exit.
    let first_stage = opened_event.to_stage;
    let event = |from: Uuid, to: Uuid, at: NaiveDate, comment: &str| StageEvent {
        id: Uuid::new_v4(),
        case_id: case.id,
        from_stage: Some(from),
        to_stage: to,
        at: at_step(at, if from == first_stage { 1 } else { 2 }),
        by: by.clone(),
        comment: comment.to_owned(),
    };
    let mut events = vec![opened_event];
    let mut last = first_stage;
    if let Some(s) = &stage
        && s.id != first_stage
    {
        let at = stage_date.unwrap_or(opened_on).max(opened_on);
        events.push(event(last, s.id, at, "Étape indiquée dans le tableur"));
        last = s.id;
    }
    let exit_stage = match exit {
        ExitKind::DroitCommun => programme.positive_exit_stage(),
        ExitKind::Anticipee => programme.early_exit_stage(),
        ExitKind::Aucune => None,
    };
    if let (Some(x), Some(d)) = (exit_stage, case.exit_date)
        && x.id != last
    {
        events.push(event(
            last,
            x.id,
            d.max(opened_on),
            "Sortie indiquée dans le tableur",
        ));
    }
    let lease = read_lease(
        r,
        row_of(Field::LeaseDate),
        row_of(Field::DestinationCommune),
        opened_on,
        today,
    );
    let ok = r.errors.len() == errors_before;
    ok.then(|| PlannedHousehold {
        lines: rows.iter().map(|row| row.line).collect(),
        household,
        adults,
        children,
        case,
        events,
        hirings,
        lease,
    })
}

/// The stage the sheet names, by its label folded (accents, case) or a unique prefix; an
/// unknown one is said with the stages to choose from.
fn find_stage(
    r: &mut RowReader<'_>,
    programme: &Programme,
    stage_row: &RawRow,
    stage_label: &str,
) -> Option<Stage> {
    if stage_label.is_empty() {
        None
    } else {
        let wanted = fold(stage_label);
        let found = programme
            .stages
            .iter()
            .find(|s| fold(&s.label) == wanted)
            .or_else(|| {
                // « Diagnostic », « 2 - Diagnostic », « Droit commun »: a unique prefix match.
                let matches: Vec<&Stage> = programme
                    .active_stages()
                    .filter(|s| {
                        let l = fold(&s.label);
                        l.starts_with(&wanted) || wanted.ends_with(&l)
                    })
                    .collect();
                (matches.len() == 1).then(|| matches[0])
            });
        if found.is_none() {
            let names: Vec<&str> = programme
                .active_stages()
                .map(|s| s.label.as_str())
                .collect();
            let shown = short(stage_label);
            r.error(
                stage_row.line,
                Field::Stage,
                format!(
                    "étape inconnue « {shown} » dans le parcours « {} » : choisissez parmi {}.",
                    programme.name,
                    names.join(", ")
                ),
            );
        }
        found.cloned()
    }
}

/// The kind of exit the sheet gives (none when it says nothing).
fn read_exit(r: &mut RowReader<'_>, exit_row: &RawRow) -> ExitKind {
    r.choice(
        exit_row,
        Field::Exit,
        ExitKind::ALL,
        |v| v.label_fr(),
        &[
            ("positive", ExitKind::DroitCommun),
            ("droit commun", ExitKind::DroitCommun),
            ("sortie positive", ExitKind::DroitCommun),
            ("anticipee", ExitKind::Anticipee),
            ("abandon", ExitKind::Anticipee),
            ("non", ExitKind::Aucune),
            ("aucune", ExitKind::Aucune),
        ],
    )
    .unwrap_or(ExitKind::Aucune)
}

/// The lease signed at the destination, with its commune; a date without commune, or
/// before the orientation, is said.
fn read_lease(
    r: &mut RowReader<'_>,
    lease_row: &RawRow,
    commune_row: &RawRow,
    opened_on: NaiveDate,
    today: NaiveDate,
) -> Option<(NaiveDate, String)> {
    let lease = r.date(lease_row, Field::LeaseDate, today).map(|d| {
        let commune = r.text(commune_row, Field::DestinationCommune);
        (d, commune)
    });
    if lease.as_ref().is_some_and(|l| l.1.trim().is_empty()) {
        r.error(
            lease_row.line,
            Field::DestinationCommune,
            "la date du bail est donnée sans la commune de destination : indiquez-la.",
        );
    }
    if let Some((d, _)) = lease
        && d < opened_on
    {
        r.error(
            lease_row.line,
            Field::LeaseDate,
            "la date du bail précède la date d'orientation : le relogement ne compterait pas \
             comme un résultat du programme.",
        );
    }
    lease
}

/// A person read from one row of a household.
enum Person {
    /// An adult, and the hiring the row records, if any.
    Adult(Adult, Option<EmploymentFollowUp>),
    /// A child.
    Child(Child),
}

/// Reads the person of `row` (an adult or a child, from « Adulte / enfant » or, when empty,
/// from a school level), with the row's errors; `None` for a row that names nobody.
/// `is_reference`: the first adult of the household is its reference person.
fn plan_person(
    r: &mut RowReader<'_>,
    row: &RawRow,
    household_id: Uuid,
    is_reference: bool,
    today: NaiveDate,
) -> Option<Person> {
    let last = r.text(row, Field::LastName);
    let first_name = r.text(row, Field::FirstName);
    if last.is_empty() && first_name.is_empty() {
        for f in [Field::BirthDate, Field::SchoolingLevel, Field::Situation] {
            if r.cell(row, f).is_some() {
                r.error(
                    row.line,
                    Field::LastName,
                    "le nom ou le prénom de la personne est obligatoire.",
                );
                break;
            }
        }
        return None;
    }
    let birth = r.date(row, Field::BirthDate, today);
    let kind = fold(&r.text(row, Field::PersonKind));
    let is_child = match kind.as_str() {
        "" => r.cell(row, Field::SchoolingLevel).is_some(),
        k if k.starts_with("enfant") => true,
        k if k.starts_with("adulte") || k.starts_with("parent") => false,
        _ => {
            let shown = short(&r.text(row, Field::PersonKind));
            r.error(
                row.line,
                Field::PersonKind,
                format!("valeur inconnue « {shown} » : écrivez « Adulte » ou « Enfant »."),
            );
            false
        }
    };
    let before = r.errors.len();
    if is_child {
        let level = r
            .choice(
                row,
                Field::SchoolingLevel,
                SchoolingLevel::ALL,
                |v| v.label_fr(),
                &[
                    ("creche", SchoolingLevel::Creche),
                    ("ps", SchoolingLevel::MaternellePs),
                    ("petite section", SchoolingLevel::MaternellePs),
                    ("ms", SchoolingLevel::MaternelleMs),
                    ("moyenne section", SchoolingLevel::MaternelleMs),
                    ("gs", SchoolingLevel::MaternelleGs),
                    ("grande section", SchoolingLevel::MaternelleGs),
                    ("6eme", SchoolingLevel::Sixieme),
                    ("5eme", SchoolingLevel::Cinquieme),
                    ("4eme", SchoolingLevel::Quatrieme),
                    ("3eme", SchoolingLevel::Troisieme),
                    ("seconde", SchoolingLevel::Lycee),
                    ("premiere", SchoolingLevel::Lycee),
                    ("terminale", SchoolingLevel::Lycee),
                    ("non scolarise e", SchoolingLevel::NonScolarise),
                ],
            )
            .unwrap_or(SchoolingLevel::NonScolarise);
        let child = Child {
            birth_date: birth,
            schooling_level: level,
            current_school: r.text(row, Field::School),
            ..Child::new(household_id, Uuid::new_v4(), &first_name, &last)
        };
        if r.errors.len() == before {
            for e in child.validate(today) {
                let field = match e.field {
                    "birth_date" => Field::BirthDate,
                    "first_name" => Field::FirstName,
                    _ => Field::LastName,
                };
                r.error(row.line, field, lower_first(&e.message));
            }
        }
        Some(Person::Child(child))
    } else {
        let situation = r
            .choice(
                row,
                Field::Situation,
                AdultSituation::ALL,
                |v| v.label_fr(),
                &[
                    ("demandeur d emploi", AdultSituation::DemandeurEmploi),
                    ("demandeuse d emploi", AdultSituation::DemandeurEmploi),
                    ("de", AdultSituation::DemandeurEmploi),
                    ("salarie", AdultSituation::Salarie),
                    ("salariee", AdultSituation::Salarie),
                    ("en emploi", AdultSituation::Salarie),
                    ("formation", AdultSituation::Formation),
                    ("independant", AdultSituation::Independant),
                    ("retraite", AdultSituation::Retraite),
                ],
            )
            .unwrap_or(AdultSituation::DemandeurEmploi);
        let adult = Adult {
            is_reference,
            birth_date: birth,
            phone: r.text(row, Field::Phone),
            email: r.text(row, Field::Email),
            situation,
            france_travail_registered: situation == AdultSituation::DemandeurEmploi,
            ..Adult::new(household_id, Uuid::new_v4(), &first_name, &last)
        };
        if r.errors.len() == before {
            for e in adult.validate(today) {
                let field = match e.field {
                    "birth_date" => Field::BirthDate,
                    _ => Field::LastName,
                };
                r.error(row.line, field, lower_first(&e.message));
            }
        }
        let hired = r
            .date(row, Field::HiredOn, today)
            .map(|hired_on| hiring(r, row, adult.id, hired_on));
        Some(Person::Adult(adult, hired))
    }
}

/// The hiring of an adult's row: its date, its contract (a short CDD when the column is
/// empty, said in the notes, so that it is never counted as durable by guess) and its
/// employer in the notes (the follow-up has no employer field).
pub(super) fn hiring(
    r: &mut RowReader<'_>,
    row: &RawRow,
    adult_id: Uuid,
    hired_on: NaiveDate,
) -> EmploymentFollowUp {
    let contract = r.choice(
        row,
        Field::Contract,
        ContractKind::ALL,
        |v| v.label_fr(),
        &[
            ("cdd long", ContractKind::CddLong),
            ("cdd 6 mois", ContractKind::CddLong),
            ("cdd de 6 mois", ContractKind::CddLong),
            ("cdd", ContractKind::CddCourt),
            ("interim", ContractKind::Interim),
            ("alternance", ContractKind::Alternance),
            ("apprentissage", ContractKind::Alternance),
            ("contrat pro", ContractKind::ContratPro),
        ],
    );
    let employer = r.text(row, Field::Employer);
    let mut notes = Vec::new();
    if !employer.is_empty() {
        notes.push(format!("Employeur : {employer}"));
    }
    if contract.is_none() {
        notes.push("contrat non précisé dans le tableur".to_owned());
    }
    notes.push("(import tableur)".to_owned());
    EmploymentFollowUp {
        id: Uuid::new_v4(),
        adult_id,
        offer_id: None,
        hired_on,
        checkpoint_months: 1,
        checked_on: None,
        still_in_post: false,
        contract: contract.unwrap_or(ContractKind::CddCourt),
        notes: notes.join(" ; "),
    }
}

pub(super) fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
