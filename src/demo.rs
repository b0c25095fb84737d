//! Realistic, entirely fictitious demo data (`passerelle demo`).
//!
//! Households from Île-de-France (and a few local tenants) accompanied toward a durable job
//! and housing in Cantal, as in seed 002: cases spread over the whole pathway with
//! plausible histories over the last 18 months, early exits with reasons, employers and
//! offers, landlords and units (with a relay apartment), appointments with attendance,
//! notes, documents, consents and proposals. Names are drawn from lists of common first
//! and last names of various origins; no real person is described.
//!
//! Deterministic for a seed (dates are relative to the transaction's "today"), and written
//! in one transaction so that a failure leaves the database as it was.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::domain::model::*;
use crate::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};
use crate::store::{Store, StoreError, Tx};

/// Options of the demo generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of households.
    pub households: usize,
    /// Random seed: the same seed gives the same people.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            households: 40,
            seed: 2014,
        }
    }
}

/// What the generator wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoReport {
    /// Households.
    pub households: usize,
    /// Adults.
    pub adults: usize,
    /// Children.
    pub children: usize,
    /// Cases.
    pub cases: usize,
    /// Stage events.
    pub stage_events: usize,
    /// Cases that left early.
    pub early_exits: usize,
    /// Employers.
    pub employers: usize,
    /// Job offers.
    pub job_offers: usize,
    /// Landlords.
    pub landlords: usize,
    /// Housing units (relay apartment included).
    pub housing_units: usize,
    /// Relay stays.
    pub relay_stays: usize,
    /// Proposals.
    pub proposals: usize,
    /// Appointments.
    pub appointments: usize,
    /// Attendance records.
    pub attendances: usize,
    /// Journal notes.
    pub notes: usize,
    /// Document checklist items.
    pub documents: usize,
    /// Consents.
    pub consents: usize,
    /// Partners.
    pub partners: usize,
    /// Tutors.
    pub tutors: usize,
    /// Employment follow-up checkpoints.
    pub follow_ups: usize,
}

impl fmt::Display for DemoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Données de démonstration créées : {} ménages ({} adultes, {} enfants), {} parcours \
             ({} sorties anticipées, {} changements d'étape), {} employeurs, {} offres, \
             {} bailleurs, {} logements, {} rendez-vous, {} notes, {} pièces, {} consentements",
            self.households,
            self.adults,
            self.children,
            self.cases,
            self.early_exits,
            self.stage_events,
            self.employers,
            self.job_offers,
            self.landlords,
            self.housing_units,
            self.appointments,
            self.notes,
            self.documents,
            self.consents,
        )
    }
}

/// A real French commune, with rough coordinates (for demo data and tests of distances).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoCommune {
    /// Name.
    pub name: &'static str,
    /// INSEE code.
    pub insee: &'static str,
    /// Latitude (degrees).
    pub lat: f64,
    /// Longitude (degrees).
    pub lon: f64,
}

const fn commune(name: &'static str, insee: &'static str, lat: f64, lon: f64) -> DemoCommune {
    DemoCommune {
        name,
        insee,
        lat,
        lon,
    }
}

/// Destination communes, in Cantal.
pub const CANTAL: &[DemoCommune] = &[
    commune("Aurillac", "15014", 44.9264, 2.4397),
    commune("Arpajon-sur-Cère", "15012", 44.9036, 2.4572),
    commune("Ytrac", "15267", 44.9117, 2.3636),
    commune("Naucelles", "15140", 44.9578, 2.4181),
    commune("Saint-Flour", "15187", 45.0339, 3.0931),
    commune("Mauriac", "15120", 45.2186, 2.3336),
    commune("Riom-ès-Montagnes", "15162", 45.2822, 2.6597),
    commune("Murat", "15138", 45.1103, 2.8681),
    commune("Maurs", "15122", 44.7106, 2.1983),
    commune("Vic-sur-Cère", "15258", 44.9806, 2.6253),
];

/// Origin communes, in Île-de-France.
pub const ILE_DE_FRANCE: &[DemoCommune] = &[
    commune("Paris", "75056", 48.8566, 2.3522),
    commune("Saint-Denis", "93066", 48.9362, 2.3574),
    commune("Montreuil", "93048", 48.8638, 2.4485),
    commune("Nanterre", "92050", 48.8924, 2.2069),
    commune("Aubervilliers", "93001", 48.9146, 2.3821),
    commune("Bobigny", "93008", 48.9077, 2.4397),
    commune("Créteil", "94028", 48.7904, 2.4556),
    commune("Ivry-sur-Seine", "94041", 48.8157, 2.3849),
    commune("Vitry-sur-Seine", "94081", 48.7875, 2.3928),
    commune("Argenteuil", "95018", 48.9472, 2.2467),
    commune("Sarcelles", "95585", 48.9973, 2.3808),
];

const FIRST_F: &[&str] = &[
    "Hélène",
    "Aïssatou",
    "Fatoumata",
    "Nadia",
    "Samira",
    "Marie",
    "Sophie",
    "Amina",
    "Yasmine",
    "Nathalie",
    "Mariam",
    "Olena",
    "Ana",
    "Fatima",
    "Khadija",
    "Awa",
    "Sandrine",
    "Céline",
    "Émilie",
    "Leïla",
    "Zeynep",
    "Mihaela",
    "Rokia",
    "Chantal",
    "Thi Lan",
    "Aurélie",
    "Kadiatou",
    "Nour",
    "Maria",
    "Soraya",
];
const FIRST_M: &[&str] = &[
    "Jérôme",
    "Mamadou",
    "Karim",
    "Youssef",
    "Mehdi",
    "Julien",
    "Thomas",
    "Ibrahima",
    "Moussa",
    "Sébastien",
    "Nicolas",
    "Ahmed",
    "Oleksandr",
    "Dragan",
    "Rachid",
    "Franck",
    "Kévin",
    "Samuel",
    "Abdoulaye",
    "Bilal",
    "Cédric",
    "Loïc",
    "Tiago",
    "Florin",
    "Van Duc",
    "Hamza",
    "Grégory",
    "Souleymane",
    "José",
    "Mustafa",
];
const FIRST_CHILD: &[&str] = &[
    "Inès", "Noé", "Lina", "Adam", "Emma", "Mohamed", "Jade", "Rayan", "Chloé", "Ibrahim", "Léna",
    "Nolan", "Sarah", "Ismaël", "Maïssa", "Kenza", "Lucas", "Aya", "Hugo", "Fatou", "Élise",
    "Yanis", "Zoé", "Naël", "Manon", "Aminata", "Timéo", "Louna", "Eden", "Mila",
];
const LAST: &[&str] = &[
    "Martin",
    "Bernard",
    "Diallo",
    "Traoré",
    "Benali",
    "Haddad",
    "Nguyen",
    "Petit",
    "Moreau",
    "Lefèvre",
    "Camara",
    "Koné",
    "Mendy",
    "Da Silva",
    "Ferreira",
    "Kovalenko",
    "Popescu",
    "Yilmaz",
    "Cissé",
    "Sow",
    "Bouzid",
    "Mansouri",
    "Girard",
    "Roux",
    "Fontaine",
    "Dubois",
    "N'Diaye",
    "Keita",
    "Rakotomalala",
    "Pereira",
    "Santos",
    "Hamidi",
    "Chevalier",
    "Garnier",
    "Fofana",
    "Touré",
    "Benchikh",
    "Laurent",
    "Lambert",
    "Tran",
    "Pham",
    "Petrović",
    "Boyer",
];

/// Trades sought / offered, with their ROME domain and a typical contract.
const TRADES: &[(&str, RomeDomain)] = &[
    ("Maçon·ne", RomeDomain::F),
    ("Aide à domicile", RomeDomain::K),
    ("Aide-soignant·e", RomeDomain::J),
    ("Cuisinier·ère", RomeDomain::G),
    ("Commis de cuisine", RomeDomain::G),
    ("Serveur·se", RomeDomain::G),
    ("Menuisier·ère", RomeDomain::F),
    ("Agent·e d'entretien", RomeDomain::K),
    ("Conducteur·rice poids lourd", RomeDomain::N),
    ("Préparateur·rice de commandes", RomeDomain::N),
    ("Boulanger·ère", RomeDomain::D),
    ("Boucher·ère", RomeDomain::D),
    ("Électricien·ne du bâtiment", RomeDomain::F),
    ("Plombier·ère chauffagiste", RomeDomain::F),
    ("Agent·e de service hospitalier", RomeDomain::J),
    ("Auxiliaire de vie", RomeDomain::K),
    ("Ouvrier·ère agricole", RomeDomain::A),
    ("Mécanicien·ne automobile", RomeDomain::I),
    ("Gardien·ne d'immeuble", RomeDomain::K),
    ("Vendeur·se en alimentation", RomeDomain::D),
    ("Couvreur·se", RomeDomain::F),
    ("Fromager·ère", RomeDomain::H),
];

const EMPLOYER_STEMS: &[&str] = &[
    "Menuiserie",
    "Boulangerie",
    "Transports",
    "EHPAD",
    "Hôtel-restaurant",
    "Fromagerie",
    "Bâtiment",
    "Garage",
    "Scierie",
    "Aide à domicile",
    "Boucherie",
    "Supérette",
    "Plomberie",
    "Couverture",
    "Propreté",
];
const EMPLOYER_NAMES: &[&str] = &[
    "de la Jordanne",
    "du Cantal",
    "des Monts",
    "du Puy Mary",
    "de la Cère",
    "Delpuech",
    "Vermenouze",
    "du Lioran",
    "des Volcans",
    "Lacoste",
    "du Gravier",
    "Rouquet",
    "de l'Authre",
    "Chambon",
    "des Carmes",
];
const STREETS: &[&str] = &[
    "rue des Carmes",
    "avenue de la République",
    "rue du Prince",
    "rue de la Jordanne",
    "boulevard de Canteloube",
    "rue Paul-Doumer",
    "place du Square",
    "rue Victor-Hugo",
    "résidence Marmiers",
    "cité de Belbex",
    "rue des Frères-Charmes",
    "allée des Tilleuls",
];
const REFERENTS: &[&str] = &[
    "Claire Vidal",
    "Mathieu Roche",
    "Sonia Bayle",
    "Karima Aït-Ali",
];
const ORIGINS: &[&str] = &[
    "Samu social de Paris",
    "Association Charonne",
    "Toit et Joie",
    "Hôtel social 93",
    "Aurore – équipe parisienne",
    "Service social de Polygone",
];
const NOTE_TEXTS: &[&str] = &[
    "Entretien de diagnostic : projet de départ en Cantal confirmé par les deux adultes.",
    "Appel de l'employeur : retour positif après la journée découverte.",
    "Point sur les pièces : titre de séjour à renouveler avant le dépôt du dossier logement.",
    "Visite à l'hôtel social ; les enfants sont scolarisés, inquiétude sur le changement d'école.",
    "Rencontre avec le chef de service à Paris, présentation des postes repérés.",
    "Séjour découverte bien passé, visite de l'école et du logement proposé.",
    "Dossier CAF transféré, ouverture des droits en cours à Aurillac.",
    "Inscription à la crèche demandée, réponse attendue sous quinze jours.",
    "Premier mois dans l'emploi : bonne intégration, horaires compatibles avec l'école.",
];
const DECLINE_REASONS: &[&str] = &[
    "Trop éloigné de l'école",
    "Horaires incompatibles avec la garde des enfants",
    "Profil retenu sur un autre poste",
    "Logement sans ascenseur, au 4e étage",
    "Loyer trop élevé au regard des ressources",
];

/// Contracts of the offers: durable ones first, as in the programmes.
const CONTRACT_MIX: &[ContractKind] = &[
    ContractKind::Cdi,
    ContractKind::Cdi,
    ContractKind::CddLong,
    ContractKind::CddCourt,
    ContractKind::Interim,
    ContractKind::Alternance,
    ContractKind::ContratPro,
];

/// Offer statuses, mostly open.
const OFFER_STATUS_MIX: &[OfferStatus] = &[
    OfferStatus::Ouvert,
    OfferStatus::Ouvert,
    OfferStatus::Ouvert,
    OfferStatus::Reserve,
    OfferStatus::Pourvu,
    OfferStatus::Clos,
];

/// Typologies of the social housing stock, T3–T4 most common.
const TYPOLOGY_MIX: &[Typology] = &[
    Typology::T2,
    Typology::T3,
    Typology::T3,
    Typology::T4,
    Typology::T4,
    Typology::T5,
    Typology::T1,
    Typology::T6,
];

/// Unit statuses, mostly available.
const UNIT_STATUS_MIX: &[UnitStatus] = &[
    UnitStatus::Disponible,
    UnitStatus::Disponible,
    UnitStatus::Reserve,
    UnitStatus::Attribue,
    UnitStatus::Indisponible,
];

/// Adults' situations, mostly job seekers.
const SITUATION_MIX: &[AdultSituation] = &[
    AdultSituation::DemandeurEmploi,
    AdultSituation::DemandeurEmploi,
    AdultSituation::Salarie,
    AdultSituation::SansActivite,
    AdultSituation::Formation,
];

/// Second languages spoken.
const SECOND_LANGUAGES: &[&str] = &[
    "arabe",
    "wolof",
    "bambara",
    "portugais",
    "ukrainien",
    "roumain",
    "turc",
    "anglais",
    "tamoul",
];

/// Main resource of a household.
const MAIN_RESOURCE_MIX: &[ResourceSource] = &[
    ResourceSource::Rsa,
    ResourceSource::Salaire,
    ResourceSource::Are,
];

/// Housing situations of local tenants (seed 004).
const LOCAL_HOUSING_MIX: &[HousingSituation] = &[
    HousingSituation::LocataireImpayes,
    HousingSituation::LocataireParcSocial,
    HousingSituation::Heberge,
];

/// Housing situations of households from Île-de-France (seed 002).
const IDF_HOUSING_MIX: &[HousingSituation] = &[
    HousingSituation::HotelSocial,
    HousingSituation::HotelSocial,
    HousingSituation::Heberge,
    HousingSituation::Chrs,
    HousingSituation::CentreHebergement,
    HousingSituation::SansLogement,
    HousingSituation::LogementInsalubre,
];

/// Attendance: about 90 % present, as in seed 004.
const ATTENDANCE_MIX: &[AttendanceStatus] = &[
    AttendanceStatus::Present,
    AttendanceStatus::Present,
    AttendanceStatus::Present,
    AttendanceStatus::Present,
    AttendanceStatus::Absent,
    AttendanceStatus::Excuse,
];

/// Document statuses (expired ones are derived from the expiry date).
const DOCUMENT_STATUS_MIX: &[DocumentStatus] = &[
    DocumentStatus::Fourni,
    DocumentStatus::Fourni,
    DocumentStatus::AFournir,
];

/// A deterministic UUID (v4 format) from the generator.
fn uuid(rng: &mut StdRng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

/// One element of a non-empty constant list.
fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A time of day during office hours on `date`.
fn office_time(rng: &mut StdRng, date: NaiveDate) -> DateTime<Utc> {
    let minutes = rng.random_range(8 * 60..18 * 60);
    let naive = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minutes);
    naive.and_utc()
}

/// Typical age (in years) for a school level; apprentices may be adults.
fn age_for(rng: &mut StdRng, level: SchoolingLevel) -> i64 {
    use SchoolingLevel::*;
    match level {
        Creche => rng.random_range(0..3),
        MaternellePs => 3,
        MaternelleMs => 4,
        MaternelleGs => 5,
        Cp => 6,
        Ce1 => 7,
        Ce2 => 8,
        Cm1 => 9,
        Cm2 => 10,
        Sixieme => 11,
        Cinquieme => 12,
        Quatrieme => 13,
        Troisieme => 14,
        Lycee => rng.random_range(15..18),
        Apprentissage => rng.random_range(16..20),
        NonScolarise => rng.random_range(0..3),
    }
}

/// Shared pools the households draw from.
struct World {
    programme: Programme,
    offers: Vec<JobOffer>,
    units: Vec<HousingUnit>,
    relay: HousingUnit,
    partners: Vec<Partner>,
}

/// Fills the store with fictitious data, in one transaction.
pub fn fill(store: &mut Store, options: &DemoOptions) -> Result<DemoReport, StoreError> {
    store.write(|tx| {
        // A large demo is one big transaction: a page cache that holds it avoids spilling
        // (and re-encrypting) pages to the WAL mid-transaction, and a statement cache that
        // holds every table's statements avoids re-parsing SQL for each record.
        let conn = tx.sql();
        let previous_cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.set_prepared_statement_cache_capacity(256);
        conn.execute_batch("PRAGMA cache_size = -262144")?;
        let result = fill_in(tx, options);
        tx.sql()
            .execute_batch(&format!("PRAGMA cache_size = {previous_cache}"))?;
        result
    })
}

fn fill_in(tx: &Tx<'_>, options: &DemoOptions) -> Result<DemoReport, StoreError> {
    // One summary entry at the end, not one per fictitious record.
    tx.without_record_audit();
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut report = DemoReport::default();
    let world = world(tx, &mut rng, options.households, &mut report)?;
    demo_schools(tx)?;
    demo_workers(tx)?;
    for index in 0..options.households {
        household(tx, &mut rng, &world, index, &mut report)?;
    }
    tx.audit(
        "données de démonstration",
        &format!("{} ménages", report.households),
    )?;
    Ok(report)
}

/// The demo's référent·es as workers of the team, so the référent·e picker offers them
/// (fixed ids: loading the demo twice does not duplicate them).
fn demo_workers(tx: &Tx<'_>) -> Result<(), StoreError> {
    for (i, name) in REFERENTS.iter().enumerate() {
        let (first, last) = name.split_once(' ').unwrap_or((name, ""));
        tx.put_worker(&crate::domain::worker::Worker {
            id: Uuid::from_u128(0xdec0_0000_0000_4000_8000_0000_0000_0000 + i as u128),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            structure: "Association Passerelle (démonstration)".to_owned(),
            device: None,
        })?;
    }
    Ok(())
}

/// Establishments of the Cantal destination communes, for the schooling criterion of the
/// matching (plausible for the demo: the larger towns have every level, the villages an
/// école).
fn demo_schools(tx: &Tx<'_>) -> Result<(), StoreError> {
    use Establishment::*;
    let towns = ["Aurillac", "Saint-Flour", "Mauriac"];
    let bourgs = [
        "Arpajon-sur-Cère",
        "Riom-ès-Montagnes",
        "Murat",
        "Maurs",
        "Vic-sur-Cère",
    ];
    for place in CANTAL {
        let schools: BTreeSet<Establishment> = if towns.contains(&place.name) {
            [
                Creche,
                EcoleMaternelle,
                EcoleElementaire,
                College,
                Lycee,
                Cfa,
            ]
            .into()
        } else if bourgs.contains(&place.name) {
            [Creche, EcoleMaternelle, EcoleElementaire, College].into()
        } else {
            [EcoleMaternelle, EcoleElementaire].into()
        };
        tx.set_commune_schools(place.insee, place.name, &schools)?;
    }
    Ok(())
}

fn world(
    tx: &Tx<'_>,
    rng: &mut StdRng,
    households: usize,
    report: &mut DemoReport,
) -> Result<World, StoreError> {
    // Keep a programme the user has already edited: the demo only adds what is missing.
    let programme = match tx.find::<Programme>(DEFAULT_PROGRAMME_ID)? {
        Some(p) => p,
        None => {
            let p = default_programme();
            tx.put(&p)?;
            p
        }
    };

    let partners = vec![
        Partner {
            id: uuid(rng),
            organisation: "Aurore – pôle insertion (démo)".into(),
            role: PartnerRole::Accompagnement,
            age_public_key: String::new(),
            minisign_public_key: String::new(),
            fingerprint: String::new(),
            contact: "Aurillac".into(),
            trust: Default::default(),
        },
        Partner {
            id: uuid(rng),
            organisation: "Polygone (démo)".into(),
            role: PartnerRole::Bailleur,
            age_public_key: String::new(),
            minisign_public_key: String::new(),
            fingerprint: String::new(),
            contact: "Service attributions, Aurillac".into(),
            trust: Default::default(),
        },
        Partner {
            id: uuid(rng),
            organisation: "DDETS du Cantal (démo)".into(),
            role: PartnerRole::Financeur,
            age_public_key: String::new(),
            minisign_public_key: String::new(),
            fingerprint: String::new(),
            contact: "Aurillac".into(),
            trust: Default::default(),
        },
    ];
    for p in &partners {
        tx.put(p)?;
    }
    report.partners = partners.len();

    let today = tx.today();
    let employer_count = (households / 4).max(6);
    let mut offers = Vec::new();
    for _ in 0..employer_count {
        let place = pick(rng, CANTAL);
        let stem = pick(rng, EMPLOYER_STEMS);
        let employer = Employer {
            id: uuid(rng),
            name: format!("{stem} {}", pick(rng, EMPLOYER_NAMES)),
            siret: Some(format!(
                "{:014}",
                rng.random_range(10_000_000_000_000u64..99_999_999_999_999)
            )),
            sector: (*stem).to_owned(),
            commune: place.name.into(),
            contact_name: format!("{} {}", pick(rng, FIRST_F), pick(rng, LAST)),
            phone: format!(
                "04 71 {:02} {:02} {:02}",
                rng.random_range(0..100),
                rng.random_range(0..100),
                rng.random_range(0..100)
            ),
            email: String::new(),
        };
        tx.put(&employer)?;
        report.employers += 1;
        for _ in 0..rng.random_range(1..=3) {
            let (trade, domain) = *pick(rng, TRADES);
            let contract = *pick(rng, CONTRACT_MIX);
            let offer = JobOffer {
                id: uuid(rng),
                employer_id: employer.id,
                title: trade.into(),
                trade: trade.into(),
                rome_domain: domain,
                commune: employer.commune.clone(),
                contract,
                hours_per_week: *pick(rng, &[35.0, 35.0, 39.0, 28.0, 24.5]),
                start_date: Some(today + Duration::days(rng.random_range(-60..120))),
                requires_licence: rng.random_bool(0.4),
                requires_vehicle: rng.random_bool(0.2),
                qualification: if rng.random_bool(0.3) {
                    "CAP ou expérience équivalente".into()
                } else {
                    String::new()
                },
                positions: rng.random_range(1..=3),
                status: *pick(rng, OFFER_STATUS_MIX),
            };
            tx.put(&offer)?;
            offers.push(offer);
        }
    }
    report.job_offers = offers.len();

    let landlords = [
        ("Polygone", true, "Aurillac"),
        ("Cantal Habitat", true, "Aurillac"),
        ("SCI des Carmes", false, "Saint-Flour"),
    ];
    let mut landlord_ids = Vec::new();
    for (name, social, place) in landlords {
        let l = Landlord {
            id: uuid(rng),
            name: name.into(),
            social,
            commune: place.into(),
            contact_name: "Service attributions".into(),
            phone: String::new(),
            email: String::new(),
        };
        tx.put(&l)?;
        landlord_ids.push(l.id);
    }
    report.landlords = landlord_ids.len();

    let relay = HousingUnit {
        id: uuid(rng),
        landlord_id: landlord_ids[0],
        label: "Appartement relais, 26 rue de la Jordanne".into(),
        commune: "Aurillac".into(),
        typology: Typology::T4,
        surface_m2: 78.0,
        rent_cents: 0,
        charges_cents: 0,
        available_from: None,
        floor: 1,
        lift: false,
        accessible: false,
        is_relay: true,
        status: UnitStatus::Disponible,
    };
    tx.put(&relay)?;
    let mut units = Vec::new();
    for _ in 0..(households / 2).max(8) {
        let typology = *pick(rng, TYPOLOGY_MIX);
        let rooms = f32::from(typology.rooms());
        let surface = (rooms * 18.0 + rng.random_range(0.0..12.0f32)).round();
        let floor = rng.random_range(0..6);
        let unit = HousingUnit {
            id: uuid(rng),
            landlord_id: *pick(rng, &landlord_ids),
            label: format!("{} {}", rng.random_range(1..80), pick(rng, STREETS)),
            commune: pick(rng, CANTAL).name.into(),
            typology,
            surface_m2: surface,
            rent_cents: (i64::from(typology.rooms()) * 8_000 + rng.random_range(12_000..20_000))
                / 100
                * 100,
            charges_cents: rng.random_range(30..90) * 100,
            available_from: Some(today + Duration::days(rng.random_range(-30..150))),
            floor,
            lift: floor >= 3 && rng.random_bool(0.6),
            accessible: floor == 0 && rng.random_bool(0.5),
            is_relay: false,
            status: *pick(rng, UNIT_STATUS_MIX),
        };
        tx.put(&unit)?;
        units.push(unit);
    }
    report.housing_units = units.len() + 1;

    Ok(World {
        programme,
        offers,
        units,
        relay,
        partners,
    })
}

/// Target stage index of the household's case: the first ten households cover every stage
/// (the board never shows an empty demo column), the others follow a realistic funnel.
fn target_stage(rng: &mut StdRng, index: usize, stages: usize) -> usize {
    if index < stages {
        return index;
    }
    let weights = [12, 14, 12, 10, 8, 6, 8, 14, 8, 8];
    let total: u32 = weights.iter().take(stages).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (i, w) in weights.iter().enumerate().take(stages) {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    0
}

/// The household's adults (one or two), drawn in the order the seed always gave them.
fn adults(
    rng: &mut StdRng,
    household_id: Uuid,
    last_name: &str,
    couple: bool,
    today: NaiveDate,
) -> Vec<Adult> {
    let mut adults = Vec::new();
    let genders: &[bool] = if couple {
        &[true, false]
    } else if rng.random_bool(0.75) {
        &[true]
    } else {
        &[false]
    };
    for (i, female) in genders.iter().enumerate() {
        let (trade, domain) = *pick(rng, TRADES);
        let age = rng.random_range(21..56);
        let licence = rng.random_bool(0.5);
        adults.push(Adult {
            id: uuid(rng),
            household_id,
            is_reference: i == 0,
            first_name: (*pick(rng, if *female { FIRST_F } else { FIRST_M })).to_owned(),
            last_name: last_name.to_owned(),
            birth_date: Some(today - Duration::days(age * 365 + rng.random_range(0..365))),
            phone: format!(
                "06 {:02} {:02} {:02} {:02}",
                rng.random_range(0..100),
                rng.random_range(0..100),
                rng.random_range(0..100),
                rng.random_range(0..100)
            ),
            email: String::new(),
            situation: *pick(rng, SITUATION_MIX),
            france_travail_registered: rng.random_bool(0.7),
            rsa: rng.random_bool(0.5),
            education_level: *pick(rng, EducationLevel::ALL),
            qualifications: if rng.random_bool(0.4) {
                vec![format!("Expérience : {trade}")]
            } else {
                vec![]
            },
            trades: vec![trade.to_owned()],
            rome_domains: vec![domain],
            driving_licence: licence,
            vehicle: licence && rng.random_bool(0.4),
            languages: if rng.random_bool(0.6) {
                vec!["français".into()]
            } else {
                vec!["français".into(), (*pick(rng, SECOND_LANGUAGES)).into()]
            },
            available_from: Some(today + Duration::days(rng.random_range(0..90))),
            mobility_radius_km: *pick(rng, &[10, 20, 30, 50, 80]),
            constraints: String::new(),
        });
    }
    adults
}

/// The household's children (none to four), with their schooling where it lives.
fn children(
    rng: &mut StdRng,
    household_id: Uuid,
    last_name: &str,
    place: &DemoCommune,
    today: NaiveDate,
) -> Vec<Child> {
    let child_count = *pick(rng, &[0usize, 1, 1, 2, 2, 2, 3, 3, 4]);
    let mut children = Vec::new();
    for _ in 0..child_count {
        let level = *pick(rng, SchoolingLevel::ALL);
        let age = age_for(rng, level);
        let enrolment = *pick(rng, EnrolmentStatus::ALL);
        children.push(Child {
            id: uuid(rng),
            household_id,
            first_name: (*pick(rng, FIRST_CHILD)).to_owned(),
            last_name: last_name.to_owned(),
            birth_date: Some(today - Duration::days(age * 365 + rng.random_range(1..360))),
            schooling_level: level,
            current_school: match level.establishment() {
                Establishment::Aucun => String::new(),
                e => format!("{} de {}", e.label_fr(), place.name),
            },
            destination_school: String::new(),
            enrolment,
            enrolment_date: (enrolment != EnrolmentStatus::AFaire)
                .then(|| today - Duration::days(rng.random_range(1..60))),
            childcare_need: matches!(level, SchoolingLevel::Creche | SchoolingLevel::NonScolarise)
                || rng.random_bool(0.2),
            notes: String::new(),
        });
    }
    children
}

fn household(
    tx: &Tx<'_>,
    rng: &mut StdRng,
    world: &World,
    index: usize,
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    let today = tx.today();
    let referent = *pick(rng, REFERENTS);
    let origin = *pick(rng, ORIGINS);
    let local = rng.random_bool(0.12);
    let place = if local {
        pick(rng, CANTAL)
    } else {
        pick(rng, ILE_DE_FRANCE)
    };
    let last_name = *pick(rng, LAST);
    let couple = rng.random_bool(0.55);
    let household_id = uuid(rng);

    let adults = adults(rng, household_id, last_name, couple, today);
    let reference = adults
        .first()
        .map(|a| a.first_name.clone())
        .unwrap_or_default();

    let children = children(rng, household_id, last_name, place, today);

    let size = adults.len() + children.len();
    let typology =
        Typology::from_rooms(u8::try_from(size.clamp(1, 6)).unwrap_or(3)).unwrap_or(Typology::T3);
    let mut resources = vec![Resource {
        source: *pick(rng, MAIN_RESOURCE_MIX),
        monthly_cents: rng.random_range(50_000..140_000),
    }];
    if !children.is_empty() {
        resources.push(Resource {
            source: ResourceSource::Caf,
            monthly_cents: rng.random_range(15_000..60_000),
        });
    }
    let mut barriers = BTreeSet::new();
    for b in Barrier::ALL {
        if rng.random_bool(0.2) {
            barriers.insert(*b);
        }
    }
    let wished: Vec<String> = (0..rng.random_range(1..=3))
        .map(|_| pick(rng, CANTAL).name.to_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let household = Household {
        id: household_id,
        label: if couple || !children.is_empty() {
            format!("Famille {last_name}")
        } else {
            format!("{reference} {last_name}")
        },
        housing_situation: if local {
            *pick(rng, LOCAL_HOUSING_MIX)
        } else {
            *pick(rng, IDF_HOUSING_MIX)
        },
        commune: place.name.into(),
        housing_demand: HousingDemand {
            typology: Some(typology),
            unique_number: rng.random_bool(0.7).then(|| {
                format!(
                    "{}{:011}",
                    &place.insee[..2],
                    rng.random_range(0..99_999_999_999u64)
                )
            }),
            unique_number_date: Some(today - Duration::days(rng.random_range(30..1500))),
            wished_communes: wished,
            max_rent_cents: Some(rng.random_range(35..70) * 1_000),
        },
        resources,
        barriers,
        referent: referent.into(),
        origin: origin.into(),
        caf_number: (!children.is_empty())
            .then(|| format!("{:07}", rng.random_range(0..9_999_999))),
        unknown_to_employment_services: rng.random_bool(0.2),
    };
    tx.put(&household)?;
    report.households += 1;
    for a in &adults {
        tx.put(a)?;
    }
    for c in &children {
        tx.put(c)?;
    }
    report.adults += adults.len();
    report.children += children.len();

    // Case and its history.
    let stages = &world.programme.stages;
    let opened_on = today - Duration::days(rng.random_range(20..540));
    let target = target_stage(rng, index, stages.len());
    let early = stages.get(target).is_some_and(|s| s.is_early_exit);
    // An early exit leaves from some working stage; otherwise walk up to the target.
    let walk_to = if early {
        rng.random_range(0..7).min(target.saturating_sub(1))
    } else {
        target
    };
    let mut path: Vec<usize> = (0..=walk_to).collect();
    if early {
        path.push(target);
    }
    let span = (today - opened_on).num_days().max(1);
    // Moves happen up to yesterday, so that no stage event is in the future.
    let mut offsets: Vec<i64> = (0..path.len())
        .map(|i| if i == 0 { 0 } else { rng.random_range(1..span) })
        .collect();
    offsets.sort_unstable();
    let case_id = uuid(rng);
    let mut previous: Option<Uuid> = None;
    let mut last_at = office_time(rng, opened_on);
    let mut events = Vec::new();
    for (step, offset) in path.iter().zip(&offsets) {
        let Some(stage) = stages.get(*step) else {
            continue;
        };
        let mut at = office_time(rng, opened_on + Duration::days(*offset));
        // Strictly increasing times: the current stage must not depend on a tie-break.
        // Small bumps keep even nine moves on one day before midnight.
        if at <= last_at && previous.is_some() {
            at = last_at + Duration::minutes(rng.random_range(10..30));
        }
        last_at = at;
        events.push(StageEvent {
            id: uuid(rng),
            case_id,
            from_stage: previous,
            to_stage: stage.id,
            at,
            by: referent.into(),
            comment: if stage.is_early_exit {
                "Sortie du dispositif".into()
            } else {
                String::new()
            },
        });
        previous = Some(stage.id);
    }
    let exit_date = last_at.date_naive().max(opened_on);
    let (exit, exit_reason) = if early {
        (ExitKind::Anticipee, Some(*pick(rng, EarlyExitReason::ALL)))
    } else if stages.get(target).is_some_and(|s| s.is_exit) {
        (ExitKind::DroitCommun, None)
    } else {
        (ExitKind::Aucune, None)
    };
    let case = Case {
        id: case_id,
        household_id,
        programme_id: world.programme.id,
        referent: referent.into(),
        origin: origin.into(),
        opened_on,
        exit,
        exit_date: (exit != ExitKind::Aucune).then_some(exit_date),
        exit_reason,
        exit_details: if early {
            "Décision prise avec le ménage.".into()
        } else {
            String::new()
        },
    };
    tx.put(&case)?;
    for e in &events {
        tx.put(e)?;
    }
    report.cases += 1;
    report.stage_events += events.len();
    report.early_exits += usize::from(early);

    // How far the household went on the pathway (the default one: 4 = séjour découverte,
    // 6 = embauche & installation).
    let reached = walk_to;

    // Discovery stay in the relay apartment.
    if reached >= 4 {
        let from = opened_on + Duration::days(span / 2);
        let stay = RelayStay {
            id: uuid(rng),
            unit_id: world.relay.id,
            household_id,
            from,
            to: from + Duration::days(rng.random_range(3..=5)),
            notes: "Visite de l'école, de l'employeur et du quartier.".into(),
        };
        tx.put(&stay)?;
        report.relay_stays += 1;
    }

    let story = Story {
        household_id,
        referent,
        opened_on,
        span,
        reached,
    };
    proposals(tx, rng, world, &story, &adults, report)?;
    appointments_and_notes(tx, rng, &story, place.name, &adults, report)?;

    // Document checklist.
    let mut kinds = vec![
        DocumentKind::Identite,
        DocumentKind::AttestationCaf,
        DocumentKind::AvisImposition,
    ];
    if rng.random_bool(0.4) {
        kinds.push(DocumentKind::TitreSejour);
    }
    if household.housing_demand.unique_number.is_some() {
        kinds.push(DocumentKind::NumeroUnique);
    }
    if reached >= 6 {
        kinds.push(DocumentKind::BulletinsSalaire);
    }
    for kind in kinds {
        let expires_on = (kind == DocumentKind::TitreSejour)
            .then(|| today + Duration::days(rng.random_range(-30..700)));
        let status = if expires_on.is_some_and(|e| e < today) {
            DocumentStatus::Expire
        } else {
            *pick(rng, DOCUMENT_STATUS_MIX)
        };
        tx.put(&DocumentItem {
            id: uuid(rng),
            household_id,
            adult_id: adults
                .first()
                .map(|a| a.id)
                .filter(|_| matches!(kind, DocumentKind::Identite | DocumentKind::TitreSejour)),
            kind,
            status,
            expires_on,
            attachment_id: None,
            notes: String::new(),
        })?;
        report.documents += 1;
    }

    // Consent to share with the accompanying partners, and often with the landlord.
    let given_on = opened_on;
    tx.put(&Consent {
        id: uuid(rng),
        household_id,
        partner_id: None,
        role: Some(PartnerRole::Accompagnement),
        given_on,
        scope: "Suivi du parcours logement et emploi".into(),
        method: ConsentMethod::EcritSigne,
        expires_on: Some(given_on + Duration::days(730)),
        withdrawn_on: None,
    })?;
    report.consents += 1;
    if let Some(landlord) = world
        .partners
        .iter()
        .find(|p| p.role == PartnerRole::Bailleur)
        && rng.random_bool(0.6)
    {
        tx.put(&Consent {
            id: uuid(rng),
            household_id,
            partner_id: Some(landlord.id),
            role: None,
            given_on,
            scope: "Dossier de demande de logement".into(),
            method: *pick(rng, ConsentMethod::ALL),
            expires_on: None,
            withdrawn_on: None,
        })?;
        report.consents += 1;
    }
    Ok(())
}

/// What the rest of a demo household's history hangs on.
struct Story<'a> {
    household_id: Uuid,
    referent: &'a str,
    opened_on: NaiveDate,
    /// Days from the opening to today (at least 1).
    span: i64,
    /// How far the household went on the pathway (index of the stage reached).
    reached: usize,
}

/// Proposals (accepted once validated, otherwise proposed / interviewed / declined) and,
/// for a household hired, its tutor and the follow-up checkpoints already due.
fn proposals(
    tx: &Tx<'_>,
    rng: &mut StdRng,
    world: &World,
    story: &Story<'_>,
    adults: &[Adult],
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    let Story {
        household_id,
        referent,
        opened_on,
        span,
        reached,
    } = *story;
    let today = tx.today();
    if reached >= 2 && !world.offers.is_empty() {
        let offer = pick(rng, &world.offers);
        let status = if reached >= 5 {
            ProposalStatus::Accepte
        } else {
            *pick(rng, ProposalStatus::ALL)
        };
        let declined = status == ProposalStatus::Refuse;
        let proposal = Proposal {
            decided_by: referent.into(),
            id: uuid(rng),
            household_id,
            offer_id: Some(offer.id),
            unit_id: None,
            proposed_on: opened_on + Duration::days(span / 3),
            status,
            decline_by: declined.then(|| *pick(rng, &[DeclineBy::Menage, DeclineBy::Employeur])),
            decline_reason: if declined {
                (*pick(rng, DECLINE_REASONS)).into()
            } else {
                String::new()
            },
        };
        tx.put(&proposal)?;
        report.proposals += 1;
        if reached >= 5 && !world.units.is_empty() {
            let unit = pick(rng, &world.units);
            tx.put(&Proposal {
                decided_by: referent.into(),
                id: uuid(rng),
                household_id,
                offer_id: None,
                unit_id: Some(unit.id),
                proposed_on: opened_on + Duration::days(span / 2),
                status: ProposalStatus::Accepte,
                decline_by: None,
                decline_reason: String::new(),
            })?;
            report.proposals += 1;
        }

        // Hired: a tutor and the follow-up checkpoints already due.
        if reached >= 6
            && let Some(adult) = adults.first()
        {
            let hired_on = (opened_on + Duration::days(span * 2 / 3)).min(today);
            tx.put(&Tutor {
                id: uuid(rng),
                adult_id: adult.id,
                name: format!("{} {}", pick(rng, FIRST_M), pick(rng, LAST)),
                organisation: offer.commune.clone(),
                phone: String::new(),
                since: Some(hired_on),
            })?;
            report.tutors += 1;
            for months in [1u8, 3, 6, 12] {
                let due = hired_on + Duration::days(i64::from(months) * 30);
                if due > today {
                    break;
                }
                tx.put(&EmploymentFollowUp {
                    id: uuid(rng),
                    adult_id: adult.id,
                    offer_id: Some(offer.id),
                    hired_on,
                    checkpoint_months: months,
                    checked_on: Some(due),
                    still_in_post: rng.random_bool(0.85),
                    contract: if offer.contract.is_durable() {
                        offer.contract
                    } else {
                        ContractKind::Cdi
                    },
                    notes: String::new(),
                })?;
                report.follow_ups += 1;
            }
        }
    }
    Ok(())
}

/// Appointments (with attendance when they are past) and journal notes.
fn appointments_and_notes(
    tx: &Tx<'_>,
    rng: &mut StdRng,
    story: &Story<'_>,
    place: &str,
    adults: &[Adult],
    report: &mut DemoReport,
) -> Result<(), StoreError> {
    let Story {
        household_id,
        referent,
        opened_on,
        span,
        ..
    } = *story;
    let now = tx.now();
    // Appointments, with attendance when they are past.
    for _ in 0..rng.random_range(1..=3) {
        let date = opened_on + Duration::days(rng.random_range(0..span + 30));
        let appointment = Appointment {
            id: uuid(rng),
            household_id: Some(household_id),
            at: office_time(rng, date),
            kind: *pick(rng, AppointmentKind::ALL),
            place: if rng.random_bool(0.5) {
                format!("Hôtel social, {place}")
            } else {
                "Aurore, 26 rue de la Jordanne, Aurillac".into()
            },
            notes: String::new(),
        };
        tx.put(&appointment)?;
        report.appointments += 1;
        if appointment.at < now {
            for adult in adults {
                tx.put(&Attendance {
                    by: referent.into(),
                    id: uuid(rng),
                    appointment_id: appointment.id,
                    adult_id: adult.id,
                    status: *pick(rng, ATTENDANCE_MIX),
                })?;
                report.attendances += 1;
            }
        }
    }

    // Journal.
    for _ in 0..rng.random_range(1..=3) {
        let date = opened_on + Duration::days(rng.random_range(0..span));
        tx.put(&Note {
            id: uuid(rng),
            household_id,
            author: referent.into(),
            at: office_time(rng, date).min(now),
            text: (*pick(rng, NOTE_TEXTS)).into(),
            corrects: None,
        })?;
        report.notes += 1;
    }
    Ok(())
}
