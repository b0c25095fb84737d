//! The candidates as plain structs, and the judgement of each criterion.
//!
//! Every `check_*` function is pure and table-tested. With `explain == false` they leave
//! the reason empty: ranking 25,000 candidates must not format 25,000 sentences, only the
//! shown ones are explained (see [`super::explain`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::criteria::{Check, Criterion, Status};
use super::geo::LatLon;
use crate::domain::model::{
    ContractKind, DeclineBy, EducationLevel, Establishment, OfferStatus, ProposalStatus,
    RomeDomain, Typology, UnitStatus,
};

/// A place: the commune as typed, and its coordinates when the gazetteer (or a worker)
/// knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Commune name as shown.
    pub name: String,
    /// Normalised name (see [`super::geo::normalise`]), computed once.
    pub key: String,
    /// Coordinates.
    pub coords: Option<LatLon>,
    /// `coords` as a unit vector, computed once here rather than per pair when ranking
    /// (a sine and a cosine per pair were a third of the ranking's time). Private: a place
    /// is made by [`Place::new`], which keeps both in step.
    xyz: Option<[f64; 3]>,
}

impl Place {
    /// A place named `name` at `coords`.
    pub fn new(name: &str, coords: Option<LatLon>) -> Place {
        Place {
            name: name.to_owned(),
            key: super::geo::normalise(name),
            coords,
            xyz: coords.map(LatLon::unit_vector),
        }
    }

    /// The place as a unit vector, when its coordinates are known.
    pub(crate) fn xyz(&self) -> Option<[f64; 3]> {
        self.xyz
    }
}

/// The wished commune nearest to a place, and how far, km (see [`nearest_wished`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Nearest {
    /// The household wished no commune.
    NoWish,
    /// The place is a wished commune (index in `wished`).
    Wished(usize),
    /// The place's position is unknown.
    PlaceUnknown,
    /// No wished commune has a known position.
    WishedUnknown,
    /// The nearest wished commune (index) and its distance, km.
    Near(usize, f64),
}

/// The wished commune nearest to `target`: computed once per offer or unit, then judged
/// against each adult's radius by [`distance_check`].
pub(crate) fn nearest_wished(household: &HouseholdProfile, target: &Place) -> Nearest {
    if household.wished.is_empty() {
        return Nearest::NoWish;
    }
    if let Some(i) = household.wished.iter().position(|w| w.key == target.key) {
        return Nearest::Wished(i);
    }
    let Some(at) = target.xyz else {
        return Nearest::PlaceUnknown;
    };
    let nearest = household
        .wished
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.xyz.map(|c| (super::geo::chord2(c, at), i)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        Some((c2, i)) => Nearest::Near(i, super::geo::km_from_chord2(c2)),
        None => Nearest::WishedUnknown,
    }
}

/// What matching needs of an adult.
#[derive(Debug, Clone, PartialEq)]
pub struct AdultProfile {
    /// First name, for explanations ("maçon·ne recherché par Awa").
    pub first_name: String,
    /// Trades sought, normalised (see [`fold_trade`]).
    pub trades: Vec<String>,
    /// Trades as typed, for explanations.
    pub trades_shown: Vec<String>,
    /// ROME domains of the trades.
    pub domains: Vec<RomeDomain>,
    /// Qualifications, as typed.
    pub qualifications: Vec<String>,
    /// Education level.
    pub education: EducationLevel,
    /// Holds a B licence.
    pub licence: bool,
    /// Has a vehicle.
    pub vehicle: bool,
    /// Available from.
    pub available_from: Option<NaiveDate>,
    /// Accepted distance to work, km.
    pub mobility_radius_km: u32,
}

/// What matching needs of a household.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdProfile {
    /// Household id.
    pub id: Uuid,
    /// Label ("Famille Diallo").
    pub label: String,
    /// Adults (job seekers and others).
    pub adults: Vec<AdultProfile>,
    /// Number of persons (adults + children).
    pub persons: u32,
    /// Establishments the children need (crèche, école…), without "Aucun".
    pub schooling_needs: BTreeSet<Establishment>,
    /// Monthly resources, cents.
    pub resources_cents: i64,
    /// Maximum rent including charges, cents.
    pub max_rent_cents: Option<i64>,
    /// Wished typology.
    pub wished_typology: Option<Typology>,
    /// Wished communes (destination area).
    pub wished: Vec<Place>,
    /// A health barrier: the dwelling should be accessible.
    pub needs_accessibility: bool,
}

/// What matching needs of a job offer.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferCandidate {
    /// Offer id.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Employer name.
    pub employer: String,
    /// Trade, normalised.
    pub trade: String,
    /// ROME domain.
    pub domain: RomeDomain,
    /// Workplace.
    pub place: Place,
    /// Contract.
    pub contract: ContractKind,
    /// Weekly hours.
    pub hours_per_week: f32,
    /// Start date.
    pub start_date: Option<NaiveDate>,
    /// A licence is required.
    pub requires_licence: bool,
    /// A vehicle is required.
    pub requires_vehicle: bool,
    /// Required qualification (empty: none).
    pub qualification: String,
    /// Status.
    pub status: OfferStatus,
}

/// What matching needs of a housing unit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCandidate {
    /// Unit id.
    pub id: Uuid,
    /// Label (address).
    pub label: String,
    /// Landlord name.
    pub landlord: String,
    /// Where.
    pub place: Place,
    /// Typology.
    pub typology: Typology,
    /// Surface, m².
    pub surface_m2: f32,
    /// Rent plus charges, cents per month.
    pub total_rent_cents: i64,
    /// Available from.
    pub available_from: Option<NaiveDate>,
    /// Floor.
    pub floor: i16,
    /// Lift.
    pub lift: bool,
    /// Accessible to a person with reduced mobility.
    pub accessible: bool,
    /// Status.
    pub status: UnitStatus,
    /// Establishments known in the commune (`None`: not recorded).
    pub schools: Option<BTreeSet<Establishment>>,
}

/// The latest proposal of a (household, offer or unit) pair, as matching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastProposal {
    /// Status.
    pub status: ProposalStatus,
    /// Date proposed.
    pub proposed_on: NaiveDate,
    /// Who declined.
    pub decline_by: Option<DeclineBy>,
    /// Why.
    pub decline_reason: String,
}

/// A trade reduced for comparison: lower case, no accents, no inclusive-writing suffix
/// ("Aide-soignant·e" → "aide soignant").
pub fn fold_trade(trade: &str) -> String {
    let base: String = trade
        .split(['·', '(', '/'])
        .next()
        .unwrap_or(trade)
        .to_owned();
    super::geo::normalise(&base)
}

/// Whether two folded trades designate the same job: equal, or one contains the other
/// on word boundaries ("macon" in "macon coffreur").
pub fn same_trade(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    // `short` occurs in `long` as whole words (both are folded: words split by one space).
    if a == b {
        return true;
    }
    let contains = |long: &str, short: &str| {
        long.len() > short.len()
            && long.match_indices(short).any(|(at, _)| {
                let before = at == 0 || long.as_bytes()[at - 1] == b' ';
                let end = at + short.len();
                let after = end == long.len() || long.as_bytes()[end] == b' ';
                before && after
            })
    };
    contains(a, b) || contains(b, a)
}

fn dmy(date: NaiveDate) -> String {
    crate::domain::text::format_date_fr(Some(date))
}

/// Words (lower case, accents kept) whose initial h is mute, so that « de » elides before
/// them. Most place names in h have an aspirated h (« de Hautefort »), hence a short list
/// rather than a rule.
const MUTE_H: [&str; 10] = [
    "hyères",
    "hendaye",
    "harfleur",
    "hazebrouck",
    "hénin",
    "hérouville",
    "heure",
    "hôpital",
    "hôtel",
    "habitation",
];

/// « de » before a name, the French way: « d'Ytrac », « d'Aurillac », « d'école », « du
/// Rouget » (for « Le Rouget »), « des Ternes » (for « Les Ternes »), « de Saint-Flour ».
pub fn de_fr(name: &str) -> String {
    let name = name.trim();
    if let Some(rest) = name
        .strip_prefix("Le ")
        .or_else(|| name.strip_prefix("le "))
    {
        return format!("du {rest}");
    }
    if let Some(rest) = name
        .strip_prefix("Les ")
        .or_else(|| name.strip_prefix("les "))
    {
        return format!("des {rest}");
    }
    let lower = name.to_lowercase();
    let first = lower.chars().next();
    let vowel = first.is_some_and(|c| "aàâäeéèêëiîïoôöuùûüyœæ".contains(c));
    let mute_h = first == Some('h') && MUTE_H.iter().any(|w| lower.starts_with(w));
    if vowel || mute_h {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

fn euros(cents: i64) -> String {
    let euros = cents / 100;
    if euros >= 1000 {
        format!("{} {:03} €", euros / 1000, euros % 1000)
    } else {
        format!("{euros} €")
    }
}

fn check(
    criterion: Criterion,
    status: Status,
    explain: bool,
    reason: impl FnOnce() -> String,
) -> Check {
    Check {
        criterion,
        status,
        reason: if explain { reason() } else { String::new() },
        eliminatory: false,
    }
}

/// The same check, marked rédhibitoire.
fn eliminatory(mut c: Check) -> Check {
    c.eliminatory = true;
    c
}

mod offers;
mod units;
pub use offers::*;
pub use units::*;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).expect("date")
    }

    pub(crate) fn place(name: &str, lat: f64, lon: f64) -> Place {
        Place::new(name, Some(LatLon::new(lat, lon)))
    }

    pub(crate) fn adult() -> AdultProfile {
        AdultProfile {
            first_name: "Awa".into(),
            trades: vec![fold_trade("Maçon·ne")],
            trades_shown: vec!["Maçon·ne".into()],
            domains: vec![RomeDomain::F],
            qualifications: vec![],
            education: EducationLevel::Aucun,
            licence: true,
            vehicle: false,
            available_from: Some(d(3, 1)),
            mobility_radius_km: 20,
        }
    }

    pub(crate) fn household() -> HouseholdProfile {
        HouseholdProfile {
            id: Uuid::from_u128(1),
            label: "Famille Diallo".into(),
            adults: vec![adult()],
            persons: 4,
            schooling_needs: [Establishment::EcoleElementaire, Establishment::College].into(),
            resources_cents: 150_000,
            max_rent_cents: Some(60_000),
            wished_typology: Some(Typology::T3),
            wished: vec![place("Aurillac", 44.9264, 2.4397)],
            needs_accessibility: false,
        }
    }

    pub(crate) fn offer() -> OfferCandidate {
        OfferCandidate {
            id: Uuid::from_u128(10),
            title: "Maçon·ne".into(),
            employer: "BTP Cantal".into(),
            trade: fold_trade("Maçon"),
            domain: RomeDomain::F,
            place: place("Ytrac", 44.9117, 2.3636),
            contract: ContractKind::Cdi,
            hours_per_week: 35.0,
            start_date: Some(d(3, 15)),
            requires_licence: false,
            requires_vehicle: false,
            qualification: String::new(),
            status: OfferStatus::Ouvert,
        }
    }

    pub(crate) fn unit() -> UnitCandidate {
        UnitCandidate {
            id: Uuid::from_u128(20),
            label: "12 rue des Carmes".into(),
            landlord: "Polygone".into(),
            place: place("Arpajon-sur-Cère", 44.9036, 2.4572),
            typology: Typology::T3,
            surface_m2: 65.0,
            total_rent_cents: 51_000,
            available_from: Some(d(3, 1)),
            floor: 2,
            lift: false,
            accessible: false,
            status: UnitStatus::Disponible,
            schools: Some([Establishment::EcoleElementaire, Establishment::College].into()),
        }
    }

    #[test]
    fn trade() {
        let cases: &[(&str, RomeDomain, Status, &str)] = &[
            (
                "Maçon",
                RomeDomain::F,
                Status::Met,
                "Maçon·ne : métier recherché par Awa",
            ),
            (
                "maçon coffreur",
                RomeDomain::F,
                Status::Met,
                "Maçon·ne : métier recherché par Awa",
            ),
            (
                "Peintre en bâtiment",
                RomeDomain::F,
                Status::Partly,
                "même domaine que le métier recherché par Awa (F – Construction, bâtiment, travaux publics)",
            ),
            (
                "Aide-soignant·e",
                RomeDomain::J,
                Status::NotMet,
                "Aide-soignant·e ne correspond pas au métier recherché par Awa (Maçon·ne)",
            ),
        ];
        for (title, domain, status, reason) in cases {
            let o = OfferCandidate {
                title: (*title).into(),
                trade: fold_trade(title),
                domain: *domain,
                ..offer()
            };
            let c = check_trade(&adult(), &o, true);
            assert_eq!((c.status, c.reason.as_str()), (*status, *reason), "{title}");
            // A trade neither sought nor in the same domain is rédhibitoire.
            assert_eq!(c.eliminatory, *status == Status::NotMet, "{title}");
        }
    }

    #[test]
    fn qualification() {
        let cases: &[(&str, EducationLevel, &[&str], Option<Status>)] = &[
            ("", EducationLevel::Aucun, &[], None),
            ("CAP maçon", EducationLevel::CapBep, &[], Some(Status::Met)),
            (
                "CAP maçon",
                EducationLevel::Aucun,
                &["Expérience : maçon"],
                Some(Status::Partly),
            ),
            (
                "CAP maçon",
                EducationLevel::DiplomeEtranger,
                &[],
                Some(Status::Partly),
            ),
            (
                "CAP maçon",
                EducationLevel::Brevet,
                &[],
                Some(Status::NotMet),
            ),
        ];
        for (required, education, quals, expected) in cases {
            let a = AdultProfile {
                education: *education,
                qualifications: quals.iter().map(std::string::ToString::to_string).collect(),
                ..adult()
            };
            let o = OfferCandidate {
                qualification: (*required).into(),
                ..offer()
            };
            assert_eq!(
                check_qualification(&a, &o, true).map(|c| c.status),
                *expected,
                "{required} {education:?}"
            );
        }
    }

    #[test]
    fn contract() {
        let cases = [
            (
                ContractKind::Cdi,
                Status::Met,
                "CDI, temps plein : emploi durable",
            ),
            (
                ContractKind::CddLong,
                Status::Met,
                "CDD ≥ 6 mois, temps plein : emploi durable",
            ),
            (
                ContractKind::Alternance,
                Status::Partly,
                "Alternance, temps plein : formation en emploi, pas encore durable",
            ),
            (
                ContractKind::CddCourt,
                Status::NotMet,
                "CDD court, temps plein : pas un emploi durable",
            ),
            (
                ContractKind::Interim,
                Status::NotMet,
                "Intérim, temps plein : pas un emploi durable",
            ),
        ];
        for (contract, status, reason) in cases {
            let c = check_contract(
                &OfferCandidate {
                    contract,
                    ..offer()
                },
                true,
            );
            assert_eq!((c.status, c.reason.as_str()), (status, reason));
        }
        let part_time = check_contract(
            &OfferCandidate {
                hours_per_week: 24.5,
                ..offer()
            },
            true,
        );
        assert_eq!(part_time.reason, "CDI, 24.5 h par semaine : emploi durable");
    }

    #[test]
    fn licence_and_vehicle() {
        // (requires licence, requires vehicle, has licence, has vehicle) → status, reason
        let cases = [
            ((false, false, false, false), None),
            (
                (true, false, false, false),
                Some((Status::NotMet, "permis B exigé, non détenu")),
            ),
            (
                (true, false, true, false),
                Some((Status::Met, "permis B exigé, détenu")),
            ),
            (
                (false, true, true, false),
                Some((
                    Status::Partly,
                    "véhicule exigé : permis détenu, pas de véhicule",
                )),
            ),
            (
                (true, true, true, true),
                Some((Status::Met, "permis B et véhicule exigés, détenus")),
            ),
            (
                (false, true, false, false),
                Some((Status::NotMet, "permis B exigé, non détenu")),
            ),
        ];
        for ((rl, rv, hl, hv), expected) in cases {
            let o = OfferCandidate {
                requires_licence: rl,
                requires_vehicle: rv,
                ..offer()
            };
            let a = AdultProfile {
                licence: hl,
                vehicle: hv,
                ..adult()
            };
            let got = check_licence(&a, &o, true);
            assert_eq!(
                got.as_ref().map(|c| (c.status, c.reason.as_str())),
                expected,
                "{rl} {rv} {hl} {hv}"
            );
            // Only a missing licence is rédhibitoire (a missing vehicle can be solved).
            assert_eq!(
                got.is_some_and(|c| c.eliminatory),
                (rl || rv) && !hl,
                "{rl} {rv} {hl} {hv}"
            );
        }
    }

    #[test]
    fn start_date() {
        let today = d(2, 1);
        let cases = [
            (Some(d(3, 1)), Some(d(3, 15)), Status::Met),
            (Some(d(3, 20)), Some(d(3, 15)), Status::Partly),
            (Some(d(5, 1)), Some(d(3, 15)), Status::NotMet),
            (Some(d(3, 1)), None, Status::Partly),
            // A start in the past means "as soon as possible".
            (None, Some(d(1, 1)), Status::Met),
        ];
        for (available, start, status) in cases {
            let a = AdultProfile {
                available_from: available,
                ..adult()
            };
            let o = OfferCandidate {
                start_date: start,
                ..offer()
            };
            assert_eq!(
                check_start(&a, &o, today, true).status,
                status,
                "{available:?} {start:?}"
            );
        }
        let c = check_start(&adult(), &offer(), today, true);
        assert_eq!(
            c.reason,
            "début le 15/03/2025, Awa disponible le 01/03/2025"
        );
    }

    #[test]
    fn de_elides_before_a_vowel_or_a_mute_h() {
        assert_eq!(de_fr("Ytrac"), "d'Ytrac");
        assert_eq!(de_fr("Aurillac"), "d'Aurillac");
        assert_eq!(de_fr("Arpajon-sur-Cère"), "d'Arpajon-sur-Cère");
        assert_eq!(de_fr("Égliseneuve"), "d'Égliseneuve");
        assert_eq!(de_fr("Hyères"), "d'Hyères");
        assert_eq!(de_fr("école maternelle"), "d'école maternelle");
        assert_eq!(de_fr("Saint-Flour"), "de Saint-Flour");
        assert_eq!(de_fr("Hautefort"), "de Hautefort");
        assert_eq!(de_fr("Le Rouget-Pers"), "du Rouget-Pers");
        assert_eq!(de_fr("Les Ternes"), "des Ternes");
        assert_eq!(de_fr("La Ségalassière"), "de La Ségalassière");
        // What the worker reads under a card.
        let mut h = household();
        h.wished = vec![place("Ytrac", 44.9117, 2.3636)];
        let (c, _) = check_distance(&h, &place("Aurillac", 44.9264, 2.4397), 20.0, true);
        assert_eq!(
            c.reason,
            "Aurillac à 6 km d'Ytrac (souhaitée ; rayon 20 km)"
        );
    }

    #[test]
    fn distance() {
        let h = household();
        let cases = [
            (
                place("Aurillac", 0.0, 0.0),
                Status::Met,
                "Aurillac : commune souhaitée",
            ),
            (
                place("Ytrac", 44.9117, 2.3636),
                Status::Met,
                "Ytrac à 6 km d'Aurillac (souhaitée ; rayon 20 km)",
            ),
            (
                place("Saint-Flour", 45.0339, 3.0931),
                Status::Partly,
                "Saint-Flour à 53 km d'Aurillac (souhaitée ; rayon 30 km)",
            ),
            (
                place("Paris", 48.8566, 2.3522),
                Status::NotMet,
                "Paris à 437 km d'Aurillac (souhaitée ; rayon 30 km)",
            ),
            (
                Place::new("Lieu-dit", None),
                Status::Partly,
                "distance inconnue : position de Lieu-dit à saisir",
            ),
        ];
        for (i, (target, status, reason)) in cases.into_iter().enumerate() {
            let radius = if i == 1 { 20.0 } else { 30.0 };
            let (c, _) = check_distance(&h, &target, radius, true);
            assert_eq!((c.status, c.reason.as_str()), (status, reason));
        }
        let nowhere = HouseholdProfile {
            wished: vec![],
            ..household()
        };
        assert_eq!(
            check_distance(&nowhere, &place("Ytrac", 1.0, 1.0), 20.0, true)
                .0
                .status,
            Status::Partly
        );
    }

    #[test]
    fn history() {
        let p = |status, by, reason: &str| PastProposal {
            status,
            proposed_on: d(1, 10),
            decline_by: by,
            decline_reason: reason.into(),
        };
        let cases = [
            (
                p(
                    ProposalStatus::Refuse,
                    Some(DeclineBy::Menage),
                    "trop loin de l'école",
                ),
                Status::NotMet,
                "refusé par le ménage : « trop loin de l'école »",
            ),
            (
                p(ProposalStatus::Refuse, Some(DeclineBy::Employeur), ""),
                Status::NotMet,
                "refusé par l'employeur (positionné le 10/01/2025)",
            ),
            (
                p(ProposalStatus::Entretien, None, ""),
                Status::Partly,
                "déjà positionné le 10/01/2025 (entretien)",
            ),
            (
                p(ProposalStatus::Accepte, None, ""),
                Status::Met,
                "accepté (positionné le 10/01/2025)",
            ),
        ];
        for (past, status, reason) in cases {
            let c = check_history(Some(&past), true).expect("check");
            assert_eq!((c.status, c.reason.as_str()), (status, reason));
        }
        assert!(check_history(None, true).is_none());
    }

    #[test]
    fn typology() {
        let cases = [
            (4, Typology::T3, Status::Met, "T3 pour 4 personnes"),
            (
                4,
                Typology::T2,
                Status::NotMet,
                "T2 pour 4 personnes : trop petit",
            ),
            (
                4,
                Typology::T5,
                Status::Partly,
                "T5 pour 4 personnes : plus grand que nécessaire",
            ),
            (
                4,
                Typology::T1,
                Status::NotMet,
                "T1 pour 4 personnes : trop petit",
            ),
            (1, Typology::T1, Status::Met, "T1 pour 1 personne"),
            (
                1,
                Typology::T4,
                Status::NotMet,
                "T4 pour 1 personne : plus grand que nécessaire",
            ),
            (7, Typology::T6, Status::Met, "T6 pour 7 personnes"),
        ];
        for (persons, typology, status, reason) in cases {
            let h = HouseholdProfile {
                persons,
                ..household()
            };
            let c = check_typology(&h, &UnitCandidate { typology, ..unit() }, true);
            assert_eq!(
                (c.status, c.reason.as_str()),
                (status, reason),
                "{persons} {typology:?}"
            );
            assert_eq!(c.explained(), format!("{reason} {}", status.mark()));
            // Too small is rédhibitoire; larger than needed is not.
            assert_eq!(c.eliminatory, reason.ends_with("trop petit"), "{reason}");
        }
    }

    #[test]
    fn rent() {
        // resources 1 500 €, max 600 €
        let cases = [
            (
                45_000,
                Status::Met,
                "loyer 30 % des ressources (450 € / 1 500 €)",
            ),
            (
                51_000,
                Status::Partly,
                "loyer 34 % des ressources (510 € / 1 500 €)",
            ),
            (
                70_000,
                Status::NotMet,
                "loyer 47 % des ressources (700 € / 1 500 €), au-dessus du maximum de 600 €, \
                 au-dessus du plafond de 40 %",
            ),
        ];
        for (rent, status, reason) in cases {
            let c = check_rent(
                &household(),
                &UnitCandidate {
                    total_rent_cents: rent,
                    ..unit()
                },
                40,
                true,
            );
            assert_eq!((c.status, c.reason.as_str()), (status, reason));
            // Above the programme's ceiling, and only then, the unit is set aside.
            assert_eq!(c.eliminatory, rent == 70_000, "{reason}");
            if rent == 51_000 {
                assert_eq!(
                    c.explained(),
                    "loyer 34 % des ressources (510 € / 1 500 €) ~"
                );
            }
        }
        // Within 30 % but over the household's maximum: partly.
        let rich = HouseholdProfile {
            resources_cents: 300_000,
            max_rent_cents: Some(40_000),
            ..household()
        };
        assert_eq!(check_rent(&rich, &unit(), 40, true).status, Status::Partly);
        let unknown = HouseholdProfile {
            resources_cents: 0,
            ..household()
        };
        assert_eq!(
            check_rent(&unknown, &unit(), 40, true).status,
            Status::Partly
        );
    }

    #[test]
    fn unit_availability() {
        let today = d(2, 1);
        let cases = [
            (None, Status::Met, "libre dès maintenant"),
            (Some(d(1, 1)), Status::Met, "libre dès maintenant"),
            (Some(d(2, 20)), Status::Met, "libre le 20/02/2025"),
            (Some(d(4, 1)), Status::Partly, "libre le 01/04/2025"),
            (Some(d(8, 1)), Status::NotMet, "libre le 01/08/2025"),
        ];
        for (from, status, reason) in cases {
            let c = check_unit_available(
                &UnitCandidate {
                    available_from: from,
                    ..unit()
                },
                today,
                true,
            );
            assert_eq!((c.status, c.reason.as_str()), (status, reason));
        }
    }

    #[test]
    fn accessibility() {
        let needs = HouseholdProfile {
            needs_accessibility: true,
            ..household()
        };
        let cases = [
            ((true, 3, false), Status::Met),
            ((false, 0, false), Status::Partly),
            ((false, 4, true), Status::Partly),
            ((false, 3, false), Status::NotMet),
        ];
        for ((accessible, floor, lift), status) in cases {
            let u = UnitCandidate {
                accessible,
                floor,
                lift,
                ..unit()
            };
            assert_eq!(
                check_accessibility(&needs, &u, true).map(|c| c.status),
                Some(status)
            );
        }
        assert!(check_accessibility(&household(), &unit(), true).is_none());
        let u = UnitCandidate { floor: 3, ..unit() };
        assert_eq!(
            check_accessibility(&needs, &u, true).map(|c| c.reason),
            Some("étage 3 sans ascenseur (santé)".into())
        );
    }

    #[test]
    #[allow(clippy::type_complexity)] // a table of cases reads best inline
    fn schooling() {
        use Establishment::*;
        let cases: &[(Option<&[Establishment]>, Option<Status>, &str)] = &[
            (
                Some(&[EcoleElementaire, College, Lycee]),
                Some(Status::Met),
                "école élémentaire, collège à Arpajon-sur-Cère",
            ),
            (
                Some(&[EcoleElementaire]),
                Some(Status::Partly),
                "pas de collège à Arpajon-sur-Cère",
            ),
            (
                Some(&[]),
                Some(Status::NotMet),
                "pas d'école élémentaire, collège à Arpajon-sur-Cère",
            ),
            (
                None,
                Some(Status::Partly),
                "établissements d'Arpajon-sur-Cère non renseignés",
            ),
        ];
        for (schools, status, reason) in cases {
            let u = UnitCandidate {
                schools: schools.map(|s| s.iter().copied().collect()),
                ..unit()
            };
            let c = check_schooling(&household(), &u, true);
            assert_eq!(c.as_ref().map(|c| c.status), *status);
            assert_eq!(c.map(|c| c.reason).as_deref(), Some(*reason));
        }
        let no_children = HouseholdProfile {
            schooling_needs: BTreeSet::new(),
            ..household()
        };
        assert!(check_schooling(&no_children, &unit(), true).is_none());
    }

    #[test]
    fn commute() {
        let cases = [
            (4.0, Status::Met),
            (10.0, Status::Met),
            (15.0, Status::Partly),
            (20.0, Status::Partly),
            (21.0, Status::NotMet),
        ];
        for (km, status) in cases {
            assert_eq!(check_commute(km, 20.0, false).status, status, "{km}");
        }
        assert_eq!(
            check_commute(12.4, 20.0, true).explained(),
            "12 km entre l'emploi et le logement ~"
        );
    }

    #[test]
    fn reasons_are_empty_without_explain() {
        assert!(check_trade(&adult(), &offer(), false).reason.is_empty());
        assert!(
            check_rent(&household(), &unit(), 40, false)
                .reason
                .is_empty()
        );
    }

    #[test]
    fn trades_match_on_words() {
        assert!(same_trade("macon", "macon"));
        assert!(same_trade("macon coffreur", "macon"));
        assert!(!same_trade("maconnerie", "macon"));
        assert!(!same_trade("", "macon"));
        assert_eq!(fold_trade("Aide-soignant·e"), "aide soignant");
    }
}
