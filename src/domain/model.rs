//! The entities of DESIGN.md §2, as plain serde structs.
//!
//! Every record has a random `id: Uuid` (records are matched by UUID only when packets
//! merge), money is in integer cents (`i64`, never floats), calendar dates are
//! `NaiveDate` and instants are `DateTime<Utc>`. Links between records are plain `Uuid`
//! fields named `*_id`; the store turns them into real foreign keys.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Declares a field-less enum with its French UI labels and an `ALL` list for pickers.
///
/// The serde names are snake_case English so that stored JSON and packets do not change
/// when a French label is reworded.
macro_rules! fr_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($variant:ident => $label:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(#[doc = $label] $variant),+
        }

        impl $name {
            /// Every variant, in the order a picker shows them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The French label shown in the user interface.
            pub fn label_fr(&self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }
    };
}

// ---------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------

fr_enum! {
    /// Where the household lives today.
    pub enum HousingSituation {
        HotelSocial => "Hôtel social",
        Heberge => "Hébergé·e chez un tiers",
        Chrs => "CHRS",
        CentreHebergement => "Centre d'hébergement d'urgence",
        SansLogement => "Sans logement",
        LocataireImpayes => "Locataire en impayés",
        LocataireParcSocial => "Locataire du parc social",
        LocataireParcPrive => "Locataire du parc privé",
        LogementInsalubre => "Logement insalubre ou suroccupé",
        Autre => "Autre",
    }
}

fr_enum! {
    /// Dwelling size, by number of main rooms.
    pub enum Typology {
        T1 => "T1",
        T2 => "T2",
        T3 => "T3",
        T4 => "T4",
        T5 => "T5",
        T6 => "T6",
    }
}

impl Typology {
    /// Number of main rooms (1 to 6).
    pub fn rooms(self) -> u8 {
        match self {
            Typology::T1 => 1,
            Typology::T2 => 2,
            Typology::T3 => 3,
            Typology::T4 => 4,
            Typology::T5 => 5,
            Typology::T6 => 6,
        }
    }

    /// The typology with this number of rooms; `None` outside T1–T6.
    pub fn from_rooms(rooms: u8) -> Option<Typology> {
        Typology::ALL
            .get(usize::from(rooms).checked_sub(1)?)
            .copied()
    }
}

fr_enum! {
    /// Source of a monthly income.
    pub enum ResourceSource {
        Salaire => "Salaire",
        Rsa => "RSA",
        Are => "ARE (allocation chômage)",
        Caf => "Prestations CAF",
        Aah => "AAH",
        Pension => "Pension / retraite",
        Autre => "Autre",
    }
}

fr_enum! {
    /// Obstacles to employment or housing that the support has to address.
    pub enum Barrier {
        Mobilite => "Mobilité",
        LangueFrancaise => "Langue française",
        GardeEnfants => "Garde d'enfants",
        Sante => "Santé",
        Dettes => "Dettes",
        Logement => "Logement",
        DroitsAdministratifs => "Droits administratifs",
        Numerique => "Numérique",
    }
}

fr_enum! {
    /// An adult's situation regarding work and benefits.
    pub enum AdultSituation {
        DemandeurEmploi => "Demandeur·se d'emploi",
        Salarie => "Salarié·e",
        Formation => "En formation",
        Independant => "Indépendant·e",
        SansActivite => "Sans activité",
        Retraite => "Retraité·e",
    }
}

fr_enum! {
    /// Highest level of education (French nomenclature, simplified).
    pub enum EducationLevel {
        Aucun => "Aucun diplôme",
        Brevet => "Brevet",
        CapBep => "CAP / BEP",
        Bac => "Baccalauréat",
        BacPlus2 => "Bac + 2",
        BacPlus3 => "Bac + 3 et plus",
        DiplomeEtranger => "Diplôme étranger",
    }
}

fr_enum! {
    /// The 14 domains (letters A–N) of France Travail's ROME job nomenclature.
    pub enum RomeDomain {
        A => "A – Agriculture, pêche, espaces verts, soins aux animaux",
        B => "B – Arts et façonnage d'ouvrages d'art",
        C => "C – Banque, assurance, immobilier",
        D => "D – Commerce, vente, grande distribution",
        E => "E – Communication, média, multimédia",
        F => "F – Construction, bâtiment, travaux publics",
        G => "G – Hôtellerie-restauration, tourisme, loisirs",
        H => "H – Industrie",
        I => "I – Installation, maintenance",
        J => "J – Santé",
        K => "K – Services à la personne et à la collectivité",
        L => "L – Spectacle",
        M => "M – Support à l'entreprise",
        N => "N – Transport, logistique",
    }
}

impl RomeDomain {
    /// The domain's letter, as written in ROME codes ("F1703" is in domain F).
    pub fn letter(self) -> char {
        self.label_fr().chars().next().unwrap_or('?')
    }

    /// The domain for a letter (case-insensitive), e.g. from the first letter of a ROME code.
    pub fn from_letter(letter: char) -> Option<RomeDomain> {
        let upper = letter.to_ascii_uppercase();
        RomeDomain::ALL
            .iter()
            .copied()
            .find(|d| d.letter() == upper)
    }
}

fr_enum! {
    /// A child's school level (or childcare) this school year.
    pub enum SchoolingLevel {
        Creche => "Crèche / assistante maternelle",
        MaternellePs => "Maternelle – petite section",
        MaternelleMs => "Maternelle – moyenne section",
        MaternelleGs => "Maternelle – grande section",
        Cp => "CP",
        Ce1 => "CE1",
        Ce2 => "CE2",
        Cm1 => "CM1",
        Cm2 => "CM2",
        Sixieme => "6e",
        Cinquieme => "5e",
        Quatrieme => "4e",
        Troisieme => "3e",
        Lycee => "Lycée",
        Apprentissage => "Apprentissage",
        NonScolarise => "Non scolarisé",
    }
}

impl SchoolingLevel {
    /// The level a child born on `birth` is expected at on `today`, by the French school
    /// year (it starts in September; a child enters « petite section » the September of the
    /// year it turns 3). The form offers it as a starting point; the worker can change it.
    pub fn expected_for(birth: NaiveDate, today: NaiveDate) -> SchoolingLevel {
        use SchoolingLevel::*;
        let school_year = if today.month() >= 9 {
            today.year()
        } else {
            today.year() - 1
        };
        match school_year - birth.year() {
            i32::MIN..=2 => Creche,
            3 => MaternellePs,
            4 => MaternelleMs,
            5 => MaternelleGs,
            6 => Cp,
            7 => Ce1,
            8 => Ce2,
            9 => Cm1,
            10 => Cm2,
            11 => Sixieme,
            12 => Cinquieme,
            13 => Quatrieme,
            14 => Troisieme,
            15..=17 => Lycee,
            _ => NonScolarise,
        }
    }

    /// The kind of establishment the destination commune must offer for this level
    /// (used by matching: "schooling available nearby").
    pub fn establishment(self) -> Establishment {
        use SchoolingLevel::*;
        match self {
            Creche => Establishment::Creche,
            MaternellePs | MaternelleMs | MaternelleGs => Establishment::EcoleMaternelle,
            Cp | Ce1 | Ce2 | Cm1 | Cm2 => Establishment::EcoleElementaire,
            Sixieme | Cinquieme | Quatrieme | Troisieme => Establishment::College,
            Lycee => Establishment::Lycee,
            Apprentissage => Establishment::Cfa,
            NonScolarise => Establishment::Aucun,
        }
    }
}

fr_enum! {
    /// Kind of establishment a child attends.
    pub enum Establishment {
        Creche => "Crèche",
        EcoleMaternelle => "École maternelle",
        EcoleElementaire => "École élémentaire",
        College => "Collège",
        Lycee => "Lycée",
        Cfa => "CFA",
        Aucun => "Aucun",
    }
}

fr_enum! {
    /// Enrolment of a child in a school of the destination commune.
    pub enum EnrolmentStatus {
        AFaire => "À faire",
        Demandee => "Demandée",
        Inscrit => "Inscrit·e",
    }
}

fr_enum! {
    /// How a case has left the programme, if it has.
    pub enum ExitKind {
        Aucune => "En cours",
        DroitCommun => "Sortie positive (droit commun)",
        Anticipee => "Sortie anticipée",
    }
}

fr_enum! {
    /// Why a case left the programme early.
    pub enum EarlyExitReason {
        EmploiNonTrouve => "Emploi non trouvé",
        LogementRefuse => "Logement refusé",
        RetourIleDeFrance => "Retour en Île-de-France",
        Demenagement => "Déménagement",
        Abandon => "Abandon",
        Autre => "Autre",
    }
}

fr_enum! {
    /// Employment contract types; CDI and CDD of 6 months or more are "durable".
    pub enum ContractKind {
        Cdi => "CDI",
        CddLong => "CDD ≥ 6 mois",
        CddCourt => "CDD court",
        Interim => "Intérim",
        Alternance => "Alternance",
        ContratPro => "Contrat de professionnalisation",
    }
}

impl ContractKind {
    /// Whether the contract counts as a durable job for the programme and its funders
    /// (CDI or CDD of six months or more, as in seeds 000 and 002).
    pub fn is_durable(self) -> bool {
        matches!(self, ContractKind::Cdi | ContractKind::CddLong)
    }
}

fr_enum! {
    /// Lifecycle of a job offer.
    pub enum OfferStatus {
        Ouvert => "Ouvert",
        Reserve => "Réservé",
        Pourvu => "Pourvu",
        Clos => "Clos",
    }
}

fr_enum! {
    /// Lifecycle of a housing unit in the programme's pool.
    pub enum UnitStatus {
        Disponible => "Disponible",
        Reserve => "Réservé",
        Attribue => "Attribué",
        Indisponible => "Indisponible",
    }
}

fr_enum! {
    /// Where a proposal (positionnement) stands.
    pub enum ProposalStatus {
        Propose => "Proposé",
        Entretien => "Entretien",
        Accepte => "Accepté",
        Refuse => "Refusé",
    }
}

fr_enum! {
    /// Who declined a proposal.
    pub enum DeclineBy {
        Menage => "Le ménage",
        Employeur => "L'employeur",
        Bailleur => "Le bailleur",
        Referent => "Le ou la référent·e",
    }
}

fr_enum! {
    /// Kind of appointment or collective event.
    pub enum AppointmentKind {
        Entretien => "Entretien",
        VisiteDomicile => "Visite à domicile",
        JobDating => "Job dating",
        SpeedCoaching => "Speed coaching",
        DecouverteMetier => "Journée découverte métier",
        SejourDecouverte => "Séjour découverte",
    }
}

fr_enum! {
    /// Whether a person came to an appointment.
    pub enum AttendanceStatus {
        Present => "Présent·e",
        Absent => "Absent·e",
        Excuse => "Excusé·e",
    }
}

fr_enum! {
    /// Kind of document in a household's checklist.
    pub enum DocumentKind {
        Identite => "Pièce d'identité",
        TitreSejour => "Titre de séjour",
        AttestationCaf => "Attestation CAF",
        AvisImposition => "Avis d'imposition",
        BulletinsSalaire => "Bulletins de salaire",
        NumeroUnique => "Numéro unique de demande",
        Autre => "Autre",
    }
}

fr_enum! {
    /// Where a document of the checklist stands.
    pub enum DocumentStatus {
        AFournir => "À fournir",
        Fourni => "Fourni",
        Expire => "Expiré",
    }
}

fr_enum! {
    /// The role of a partner organisation, which decides what it may receive (§5).
    pub enum PartnerRole {
        Accompagnement => "Partenaire d'accompagnement",
        Employeur => "Employeur",
        Bailleur => "Bailleur",
        Financeur => "Financeur",
    }
}

fr_enum! {
    /// How a consent was collected.
    pub enum ConsentMethod {
        EcritSigne => "Écrit signé",
        Oral => "Oral, noté par le ou la référent·e",
        Courriel => "Courriel",
    }
}

// ---------------------------------------------------------------------------------------
// Programme
// ---------------------------------------------------------------------------------------

/// A programme (dispositif): its own ordered pathway of stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    /// Identifier.
    pub id: Uuid,
    /// Name, e.g. "Un toit, un emploi".
    pub name: String,
    /// Territory covered, e.g. "Paris → Cantal".
    pub territory: String,
    /// Stages in pathway order; stages are archived, never removed, so history stays readable.
    pub stages: Vec<Stage>,
    /// Number of households the funders expect per year.
    pub yearly_target: u32,
    /// A case that stays longer than this in one stage is shown as stale.
    pub stale_after_days: u32,
}

/// One stage of a programme's pathway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// Identifier, referenced by stage events.
    pub id: Uuid,
    /// Label shown on the kanban column.
    pub label: String,
    /// Hidden from pickers and boards; kept for history.
    pub archived: bool,
    /// Reaching this stage ends the case (positive exit or early exit).
    pub is_exit: bool,
    /// This exit stage is the early exit ("sortie anticipée"), reachable from any stage.
    #[serde(default)]
    pub is_early_exit: bool,
}

// ---------------------------------------------------------------------------------------
// Household and its members
// ---------------------------------------------------------------------------------------

/// A household's demand for social housing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HousingDemand {
    /// Wished typology.
    pub typology: Option<Typology>,
    /// "Numéro unique" of the social housing demand.
    pub unique_number: Option<String>,
    /// Date the numéro unique was registered.
    pub unique_number_date: Option<NaiveDate>,
    /// Wished communes, by name or INSEE code.
    pub wished_communes: Vec<String>,
    /// Maximum rent including charges, in cents per month.
    pub max_rent_cents: Option<i64>,
}

/// One monthly income of a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// Where the money comes from.
    pub source: ResourceSource,
    /// Amount per month, in cents.
    pub monthly_cents: i64,
}

/// A household (ménage) accompanied by one or more programmes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    /// Identifier.
    pub id: Uuid,
    /// Reference label, usually "Famille NOM" or the reference person's name.
    pub label: String,
    /// Where the household lives today.
    pub housing_situation: HousingSituation,
    /// Commune where the household lives today (name or INSEE code).
    pub commune: String,
    /// Social housing demand.
    pub housing_demand: HousingDemand,
    /// Monthly resources by source.
    pub resources: Vec<Resource>,
    /// Obstacles to address.
    pub barriers: BTreeSet<Barrier>,
    /// Name of the référent·e in charge.
    pub referent: String,
    /// Prescriber / sending structure (e.g. "Samu social de Paris").
    pub origin: String,
    /// CAF beneficiary number, used by the duplicate review of imports.
    pub caf_number: Option<String>,
    /// Known to no employment institution (an indicator of seed 004).
    pub unknown_to_employment_services: bool,
}

impl Household {
    /// Total monthly resources in cents.
    pub fn monthly_resources_cents(&self) -> i64 {
        self.resources.iter().map(|r| r.monthly_cents).sum()
    }
}

/// An adult member of a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adult {
    /// Identifier.
    pub id: Uuid,
    /// Household this adult belongs to.
    pub household_id: Uuid,
    /// Whether this adult is the household's reference person.
    pub is_reference: bool,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date, if known.
    pub birth_date: Option<NaiveDate>,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Situation regarding work.
    pub situation: AdultSituation,
    /// Registered with France Travail.
    pub france_travail_registered: bool,
    /// Receives the RSA.
    pub rsa: bool,
    /// Highest education level.
    pub education_level: EducationLevel,
    /// Qualifications and diplomas (free text items).
    pub qualifications: Vec<String>,
    /// Trades sought (free text, e.g. "Maçon·ne", "Aide-soignant·e").
    pub trades: Vec<String>,
    /// ROME domains of the trades sought.
    pub rome_domains: Vec<RomeDomain>,
    /// Holds a driving licence (B).
    pub driving_licence: bool,
    /// Has a vehicle.
    pub vehicle: bool,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Date from which the adult can start a job.
    pub available_from: Option<NaiveDate>,
    /// How far from home the adult accepts to work, in km (0–500).
    pub mobility_radius_km: u32,
    /// Other constraints (hours, health…), free text.
    pub constraints: String,
}

impl Adult {
    /// A new adult of `household_id` known by name only: not the reference person, no
    /// dates, contact, diploma or trade; job seeker, 30 km of mobility. The blank the
    /// household form, the spreadsheet import and the packets' redaction start from, so a
    /// default lives in one place.
    pub fn new(household_id: Uuid, id: Uuid, first_name: &str, last_name: &str) -> Adult {
        Adult {
            id,
            household_id,
            is_reference: false,
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            birth_date: None,
            phone: String::new(),
            email: String::new(),
            situation: AdultSituation::DemandeurEmploi,
            france_travail_registered: false,
            rsa: false,
            education_level: EducationLevel::Aucun,
            qualifications: Vec::new(),
            trades: Vec::new(),
            rome_domains: Vec::new(),
            driving_licence: false,
            vehicle: false,
            languages: Vec::new(),
            available_from: None,
            mobility_radius_km: 30,
            constraints: String::new(),
        }
    }

    /// "First LAST" display name.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

/// A child of a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    /// Identifier.
    pub id: Uuid,
    /// Household this child belongs to.
    pub household_id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name (often the household's).
    pub last_name: String,
    /// Birth date, if known.
    pub birth_date: Option<NaiveDate>,
    /// School level this year.
    pub schooling_level: SchoolingLevel,
    /// Current school or childcare.
    pub current_school: String,
    /// School (or childcare) at the destination commune, once known. Absent from records
    /// written before it existed.
    #[serde(default)]
    pub destination_school: String,
    /// Enrolment at the destination commune.
    pub enrolment: EnrolmentStatus,
    /// Date of the enrolment step (request or confirmation).
    pub enrolment_date: Option<NaiveDate>,
    /// Needs childcare (crèche, périscolaire) for the parents to work.
    pub childcare_need: bool,
    /// Free notes.
    pub notes: String,
}

impl Child {
    /// A new child of `household_id` known by name only: no birth date, in CP, enrolment
    /// at the destination « à faire », no childcare need. The blank the household form,
    /// the spreadsheet import and the packets' redaction start from.
    pub fn new(household_id: Uuid, id: Uuid, first_name: &str, last_name: &str) -> Child {
        Child {
            id,
            household_id,
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            birth_date: None,
            schooling_level: SchoolingLevel::Cp,
            current_school: String::new(),
            destination_school: String::new(),
            enrolment: EnrolmentStatus::AFaire,
            enrolment_date: None,
            childcare_need: false,
            notes: String::new(),
        }
    }

    /// "First LAST" display name.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

// ---------------------------------------------------------------------------------------
// Case and pathway
// ---------------------------------------------------------------------------------------

/// A case (parcours): one household in one programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Identifier.
    pub id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// The programme.
    pub programme_id: Uuid,
    /// Référent·e in charge of this case.
    pub referent: String,
    /// Prescriber that oriented the household to this programme.
    pub origin: String,
    /// Date the orientation was received.
    pub opened_on: NaiveDate,
    /// How the case ended, if it has.
    pub exit: ExitKind,
    /// Date of the exit, when there is one.
    pub exit_date: Option<NaiveDate>,
    /// Reason of an early exit.
    pub exit_reason: Option<EarlyExitReason>,
    /// Free text about the exit.
    pub exit_details: String,
}

impl Case {
    /// Whether the case is still being followed.
    pub fn is_active(&self) -> bool {
        self.exit == ExitKind::Aucune
    }

    /// A new case in `programme`, followed, at the programme's first active stage, with
    /// the event that puts it there. The one way a case is opened (the board's « Nouveau
    /// dossier », a household created from its list, a spreadsheet row), so they share the
    /// rule: `None` when the programme has no active stage, since a case without a stage
    /// would be on no column of the board.
    pub fn open(programme: &Programme, opening: CaseOpening) -> Option<(Case, StageEvent)> {
        let first = programme.first_stage()?;
        let case = Case {
            id: Uuid::new_v4(),
            household_id: opening.household_id,
            programme_id: programme.id,
            referent: opening.referent,
            origin: opening.origin,
            opened_on: opening.opened_on,
            exit: ExitKind::Aucune,
            exit_date: None,
            exit_reason: None,
            exit_details: String::new(),
        };
        let event = StageEvent {
            id: Uuid::new_v4(),
            case_id: case.id,
            from_stage: None,
            to_stage: first.id,
            at: opening.at,
            by: opening.by,
            comment: opening.comment,
        };
        Some((case, event))
    }
}

/// What [`Case::open`] needs beside the programme: whose case, who follows it, when and
/// by whom it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseOpening {
    /// The household.
    pub household_id: Uuid,
    /// Référent·e in charge.
    pub referent: String,
    /// Prescriber that oriented the household.
    pub origin: String,
    /// Date the orientation was received.
    pub opened_on: NaiveDate,
    /// When the case entered its first stage.
    pub at: DateTime<Utc>,
    /// Who opened it.
    pub by: String,
    /// The first event's comment (« Dossier créé », « Importé d'un tableur »…).
    pub comment: String,
}

/// One move of a case from a stage to another. Immutable: corrections are new events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEvent {
    /// Identifier.
    pub id: Uuid,
    /// The case that moved.
    pub case_id: Uuid,
    /// Previous stage (`None` for the case's first event).
    pub from_stage: Option<Uuid>,
    /// New stage.
    pub to_stage: Uuid,
    /// When the move happened.
    pub at: DateTime<Utc>,
    /// Who moved it.
    pub by: String,
    /// Why, free text.
    pub comment: String,
}

// ---------------------------------------------------------------------------------------
// Employment
// ---------------------------------------------------------------------------------------

/// An employer partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employer {
    /// Identifier.
    pub id: Uuid,
    /// Company or organisation name.
    pub name: String,
    /// SIRET number, if known.
    pub siret: Option<String>,
    /// Sector of activity, free text.
    pub sector: String,
    /// Commune of the workplace.
    pub commune: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact phone.
    pub phone: String,
    /// Contact e-mail.
    pub email: String,
}

/// A job offer from an employer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobOffer {
    /// Identifier.
    pub id: Uuid,
    /// The employer.
    pub employer_id: Uuid,
    /// Job title.
    pub title: String,
    /// Trade, free text.
    pub trade: String,
    /// ROME domain of the trade.
    pub rome_domain: RomeDomain,
    /// Commune of the workplace.
    pub commune: String,
    /// Contract type.
    pub contract: ContractKind,
    /// Weekly hours (part-time jobs may be e.g. 24.5).
    pub hours_per_week: f32,
    /// Start date, if fixed.
    pub start_date: Option<NaiveDate>,
    /// A driving licence is required.
    pub requires_licence: bool,
    /// A vehicle is required (no public transport at those hours).
    pub requires_vehicle: bool,
    /// Required qualification, free text (empty when none).
    pub qualification: String,
    /// Number of positions.
    pub positions: u32,
    /// Status.
    pub status: OfferStatus,
}

/// A tutor (tuteur / parrain) accompanying an adult into a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tutor {
    /// Identifier.
    pub id: Uuid,
    /// The adult accompanied.
    pub adult_id: Uuid,
    /// Tutor's name.
    pub name: String,
    /// Tutor's organisation (often the employer).
    pub organisation: String,
    /// Contact phone.
    pub phone: String,
    /// Since when.
    pub since: Option<NaiveDate>,
}

/// A follow-up checkpoint after hiring (1, 3, 6 or 12 months).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmploymentFollowUp {
    /// Identifier.
    pub id: Uuid,
    /// The adult hired.
    pub adult_id: Uuid,
    /// The offer that led to the hiring, if it came from the programme.
    pub offer_id: Option<Uuid>,
    /// Hiring date.
    pub hired_on: NaiveDate,
    /// Months after hiring: 1, 3, 6 or 12.
    pub checkpoint_months: u8,
    /// Date the checkpoint was done.
    pub checked_on: Option<NaiveDate>,
    /// Still in post at the checkpoint.
    pub still_in_post: bool,
    /// Contract at the checkpoint.
    pub contract: ContractKind,
    /// Free notes.
    pub notes: String,
}

// ---------------------------------------------------------------------------------------
// Housing
// ---------------------------------------------------------------------------------------

/// A landlord partner (usually a bailleur social).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Landlord {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Social landlord (HLM) rather than private.
    pub social: bool,
    /// Commune of the agency.
    pub commune: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact phone.
    pub phone: String,
    /// Contact e-mail.
    pub email: String,
}

/// A dwelling offered by a landlord (or a relay apartment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HousingUnit {
    /// Identifier.
    pub id: Uuid,
    /// The landlord.
    pub landlord_id: Uuid,
    /// Short label or address, e.g. "12 rue des Carmes, bât. B".
    pub label: String,
    /// Commune.
    pub commune: String,
    /// Typology.
    pub typology: Typology,
    /// Surface in m².
    pub surface_m2: f32,
    /// Rent excluding charges, in cents per month.
    pub rent_cents: i64,
    /// Charges, in cents per month.
    pub charges_cents: i64,
    /// Available from.
    pub available_from: Option<NaiveDate>,
    /// Floor (0 = ground floor, negative below).
    pub floor: i16,
    /// The building has a lift.
    pub lift: bool,
    /// Accessible to a person with reduced mobility.
    pub accessible: bool,
    /// A relay apartment for discovery stays, not a permanent dwelling.
    pub is_relay: bool,
    /// Status.
    pub status: UnitStatus,
}

impl HousingUnit {
    /// Rent plus charges, in cents per month.
    pub fn total_rent_cents(&self) -> i64 {
        self.rent_cents + self.charges_cents
    }
}

/// A discovery stay of a household in a relay apartment (3 to 5 days normally).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayStay {
    /// Identifier.
    pub id: Uuid,
    /// The relay apartment.
    pub unit_id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// Arrival date.
    pub from: NaiveDate,
    /// Departure date.
    pub to: NaiveDate,
    /// Free notes.
    pub notes: String,
}

impl RelayStay {
    /// Number of nights.
    pub fn nights(&self) -> i64 {
        (self.to - self.from).num_days()
    }
}

// ---------------------------------------------------------------------------------------
// Proposals, appointments
// ---------------------------------------------------------------------------------------

/// A proposal (positionnement) of a household on a job offer or a housing unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Identifier.
    pub id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// The job offer, for a job proposal.
    pub offer_id: Option<Uuid>,
    /// The housing unit, for a housing proposal.
    pub unit_id: Option<Uuid>,
    /// Date of the proposal.
    pub proposed_on: NaiveDate,
    /// Status.
    pub status: ProposalStatus,
    /// Who declined, when refused.
    pub decline_by: Option<DeclineBy>,
    /// Why it was declined, free text.
    pub decline_reason: String,
    /// The worker who recorded the proposal's last decision (absent from older records).
    #[serde(default)]
    pub decided_by: String,
}

/// An appointment or a collective event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    /// Identifier.
    pub id: Uuid,
    /// The household concerned (`None` for a collective event).
    pub household_id: Option<Uuid>,
    /// Date and time.
    pub at: DateTime<Utc>,
    /// Kind.
    pub kind: AppointmentKind,
    /// Place.
    pub place: String,
    /// Free notes.
    pub notes: String,
}

/// Whether an adult attended an appointment. Immutable: a correction is a new record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// Identifier.
    pub id: Uuid,
    /// The appointment.
    pub appointment_id: Uuid,
    /// The person.
    pub adult_id: Uuid,
    /// Attendance.
    pub status: AttendanceStatus,
    /// The worker who recorded it (absent from older records).
    #[serde(default)]
    pub by: String,
}

// ---------------------------------------------------------------------------------------
// Journal, documents, consent, partners
// ---------------------------------------------------------------------------------------

/// A journal entry about a household. Immutable: a correction is a new note that
/// points at the note it corrects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Identifier.
    pub id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// Author's name.
    pub author: String,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// Text.
    pub text: String,
    /// The note this one corrects, if any.
    pub corrects: Option<Uuid>,
}

/// An item of a household's document checklist (status only; the file is optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentItem {
    /// Identifier.
    pub id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// The adult the document is about, if a person's document.
    pub adult_id: Option<Uuid>,
    /// Kind of document.
    pub kind: DocumentKind,
    /// Status.
    pub status: DocumentStatus,
    /// Expiry date (titre de séjour…).
    pub expires_on: Option<NaiveDate>,
    /// Attached encrypted file, if any.
    pub attachment_id: Option<Uuid>,
    /// Free notes.
    pub notes: String,
}

/// A household's recorded consent to share its data with a partner or a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Identifier.
    pub id: Uuid,
    /// The household.
    pub household_id: Uuid,
    /// A specific partner organisation…
    pub partner_id: Option<Uuid>,
    /// …or every partner with this role.
    pub role: Option<PartnerRole>,
    /// Date given.
    pub given_on: NaiveDate,
    /// What may be shared, in the household's words or the form's.
    pub scope: String,
    /// How it was collected.
    pub method: ConsentMethod,
    /// Expiry date, if any.
    pub expires_on: Option<NaiveDate>,
    /// Date withdrawn, if it was.
    pub withdrawn_on: Option<NaiveDate>,
}

impl Consent {
    /// Whether the consent is in force on `today`.
    pub fn is_valid_on(&self, today: NaiveDate) -> bool {
        self.given_on <= today
            && self.withdrawn_on.is_none_or(|w| w > today)
            && self.expires_on.is_none_or(|e| e >= today)
    }

    /// Whether this consent covers sharing with `partner` on `today`: a consent naming a
    /// partner covers that partner only (whatever role it also names: the household
    /// agreed to *that* organisation); a consent without a partner covers every partner
    /// pinned with its role.
    pub fn covers(&self, partner: &Partner, today: NaiveDate) -> bool {
        self.is_valid_on(today)
            && match self.partner_id {
                Some(id) => id == partner.id,
                None => self.role == Some(partner.role),
            }
    }

    /// Whether this consent covers sharing with anyone of `role` reached without a pinned
    /// card (a passphrase packet, a fiche for no partner of the directory): only a
    /// consent given to the role itself does.
    pub fn covers_role(&self, role: PartnerRole, today: NaiveDate) -> bool {
        self.is_valid_on(today) && self.partner_id.is_none() && self.role == Some(role)
    }
}

/// A partner organisation that exchanges case packets with us.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// Identifier.
    pub id: Uuid,
    /// Organisation name.
    pub organisation: String,
    /// Role, which decides the redaction of exports.
    pub role: PartnerRole,
    /// age X25519 public key ("age1…").
    pub age_public_key: String,
    /// minisign Ed25519 public key (base64).
    pub minisign_public_key: String,
    /// Fingerprint checked out of band when the contact card was received.
    pub fingerprint: String,
    /// Contact person or address.
    pub contact: String,
    /// Revocation, link to a registry record, replaced keys, pinned site.
    #[serde(default)]
    pub trust: PartnerTrust,
}

/// What the directory knows about a partner beyond its card: set by the worker (link,
/// revocation) or learnt from its packets (site). Absent from older bases: all default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerTrust {
    /// Revoked on this date: its packets signed after it are refused, nothing is sent to it.
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
    /// The `Employer` (for an employer) or `Landlord` (for a landlord) record this partner
    /// is: it then receives only the proposals about its own offers or units.
    #[serde(default)]
    pub linked_record: Option<Uuid>,
    /// Fingerprints of earlier cards of this partner, replaced by a re-pin (rotation).
    #[serde(default)]
    pub replaced_fingerprints: Vec<String>,
    /// The site id its packets carry, learnt from the first one: a later packet
    /// claiming another site is refused.
    #[serde(default)]
    pub site: Option<Uuid>,
}

impl Partner {
    /// Whether the partner is revoked (on or before `now`).
    pub fn is_revoked(&self, now: DateTime<Utc>) -> bool {
        self.trust.revoked_at.is_some_and(|r| r <= now)
    }
}

/// What a worker recorded about a commune (stored in the base, read by the matching).
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneFact {
    /// INSEE code, or the normalised name for a commune the gazetteer does not know.
    pub key: String,
    /// Name as shown.
    pub name: String,
    /// Coordinates given by hand (latitude, longitude).
    pub coords: Option<(f64, f64)>,
    /// Establishments known in the commune.
    pub schools: Option<BTreeSet<Establishment>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_opens_at_the_first_active_stage_or_not_at_all() {
        use chrono::TimeZone;
        let mut programme = crate::domain::programme::default_programme();
        let opening = || CaseOpening {
            household_id: Uuid::new_v4(),
            referent: "Claire Vidal".into(),
            origin: "SIAO".into(),
            opened_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            at: Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap(),
            by: "Claire Vidal".into(),
            comment: "Dossier créé".into(),
        };
        let o = opening();
        let (case, event) = Case::open(&programme, o.clone()).unwrap();
        assert!(case.is_active());
        assert_eq!(
            (case.household_id, case.programme_id),
            (o.household_id, programme.id)
        );
        assert_eq!(event.case_id, case.id);
        assert_eq!(event.from_stage, None);
        assert_eq!(event.to_stage, programme.stages[0].id);
        assert_eq!((event.at, event.comment.as_str()), (o.at, "Dossier créé"));
        // The first stage archived: the case starts at the next one.
        programme.stages[0].archived = true;
        let (_, event) = Case::open(&programme, opening()).unwrap();
        assert_eq!(event.to_stage, programme.stages[1].id);
        // Nothing but exits left: no case.
        for s in programme.stages.iter_mut().filter(|s| !s.is_exit) {
            s.archived = true;
        }
        assert!(Case::open(&programme, opening()).is_none());
    }

    #[test]
    fn every_enum_lists_distinct_labels() {
        fn check<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str) {
            let labels: BTreeSet<_> = all.iter().map(|v| label(*v)).collect();
            assert_eq!(labels.len(), all.len());
            assert!(labels.iter().all(|l| !l.is_empty()));
        }
        check(HousingSituation::ALL, |v| v.label_fr());
        check(Typology::ALL, |v| v.label_fr());
        check(ResourceSource::ALL, |v| v.label_fr());
        check(Barrier::ALL, |v| v.label_fr());
        check(SchoolingLevel::ALL, |v| v.label_fr());
        check(RomeDomain::ALL, |v| v.label_fr());
        check(ContractKind::ALL, |v| v.label_fr());
        check(EarlyExitReason::ALL, |v| v.label_fr());
        check(AppointmentKind::ALL, |v| v.label_fr());
        check(DocumentKind::ALL, |v| v.label_fr());
        check(PartnerRole::ALL, |v| v.label_fr());
    }

    #[test]
    fn durable_contracts_are_cdi_and_long_cdd() {
        let durable: Vec<_> = ContractKind::ALL
            .iter()
            .filter(|c| c.is_durable())
            .collect();
        assert_eq!(durable, [&ContractKind::Cdi, &ContractKind::CddLong]);
    }

    #[test]
    fn rome_letters_cover_a_to_n() {
        let letters: String = RomeDomain::ALL.iter().map(|d| d.letter()).collect();
        assert_eq!(letters, "ABCDEFGHIJKLMN");
        assert_eq!(RomeDomain::from_letter('f'), Some(RomeDomain::F));
        assert_eq!(RomeDomain::from_letter('Z'), None);
    }

    #[test]
    fn typology_rooms_round_trip() {
        for t in Typology::ALL {
            assert_eq!(Typology::from_rooms(t.rooms()), Some(*t));
        }
        assert_eq!(Typology::from_rooms(0), None);
        assert_eq!(Typology::from_rooms(7), None);
    }

    #[test]
    fn enums_serialize_as_stable_snake_case() {
        let json = serde_json::to_string(&SchoolingLevel::MaternellePs).expect("json");
        assert_eq!(json, "\"maternelle_ps\"");
        let json = serde_json::to_string(&ContractKind::CddLong).expect("json");
        assert_eq!(json, "\"cdd_long\"");
    }

    #[test]
    fn consent_validity_respects_withdrawal_and_expiry() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).expect("date");
        let partner = Partner {
            id: Uuid::from_u128(7),
            organisation: "Polygone".into(),
            role: PartnerRole::Bailleur,
            age_public_key: String::new(),
            minisign_public_key: String::new(),
            fingerprint: String::new(),
            contact: String::new(),
            trust: PartnerTrust::default(),
        };
        let mut c = Consent {
            id: Uuid::from_u128(1),
            household_id: Uuid::from_u128(2),
            partner_id: None,
            role: Some(PartnerRole::Bailleur),
            given_on: d(1, 10),
            scope: "Dossier logement".into(),
            method: ConsentMethod::EcritSigne,
            expires_on: Some(d(12, 31)),
            withdrawn_on: None,
        };
        assert!(!c.covers(&partner, d(1, 9)));
        assert!(c.covers(&partner, d(6, 1)));
        c.withdrawn_on = Some(d(6, 1));
        assert!(!c.covers(&partner, d(6, 1)));
        c.withdrawn_on = None;
        c.role = Some(PartnerRole::Employeur);
        assert!(!c.covers(&partner, d(6, 1)));
        c.partner_id = Some(partner.id);
        assert!(c.covers(&partner, d(6, 1)));
        // A consent naming another partner does not cover this one, even for its role.
        c.partner_id = Some(Uuid::from_u128(8));
        c.role = Some(PartnerRole::Bailleur);
        assert!(!c.covers(&partner, d(6, 1)));
        assert!(!c.covers_role(PartnerRole::Bailleur, d(6, 1)));
        c.partner_id = None;
        assert!(c.covers_role(PartnerRole::Bailleur, d(6, 1)));
    }
}
