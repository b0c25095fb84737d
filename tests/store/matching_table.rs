#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The ranking a référente expects, case by case (issue #16, « Matching she believes »):
//! 20 hand-written household × offer × unit cases, each with the order she would give and
//! the candidates she would set aside, with their reason.
//!
//! Each case names its candidates; `kept` is the order of the suggestions kept, `aside` the
//! candidates put « à écarter » (any order) with a word of their reason.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use passerelle::domain::model::{
    ContractKind, DeclineBy, EducationLevel, Establishment, OfferStatus, ProposalStatus,
    RomeDomain, Typology, UnitStatus,
};
use passerelle::matching::criteria::Weights;
use passerelle::matching::geo::LatLon;
use passerelle::matching::score::{
    AdultProfile, HouseholdProfile, OfferCandidate, PastProposal, Place, UnitCandidate, fold_trade,
};
use passerelle::matching::{Context, Filters, History, Target, rank_for_household, summary_fr};
use uuid::Uuid;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap()
}

fn place(name: &str) -> Place {
    let (lat, lon) = match name {
        "Aurillac" => (44.9264, 2.4397),
        "Ytrac" => (44.9117, 2.3636),
        "Arpajon-sur-Cère" => (44.9036, 2.4572),
        "Jussac" => (45.0090, 2.4230),
        "Murat" => (45.1103, 2.8681),
        "Saint-Flour" => (45.0339, 3.0931),
        other => panic!("unknown commune {other}"),
    };
    Place::new(name, Some(LatLon::new(lat, lon)))
}

fn adult(name: &str, trade: &str, domain: RomeDomain) -> AdultProfile {
    AdultProfile {
        first_name: name.into(),
        trades: vec![fold_trade(trade)],
        trades_shown: vec![trade.into()],
        domains: vec![domain],
        qualifications: vec![],
        education: EducationLevel::CapBep,
        licence: true,
        vehicle: false,
        available_from: Some(d(3, 1)),
        mobility_radius_km: 20,
    }
}

/// Awa, maçonne, licence B, no car; 4 persons, 1 500 € a month, wishes Aurillac.
fn awa() -> HouseholdProfile {
    HouseholdProfile {
        id: Uuid::from_u128(1),
        label: "Famille Diallo".into(),
        adults: vec![adult("Awa", "Maçon·ne", RomeDomain::F)],
        persons: 4,
        schooling_needs: [Establishment::EcoleElementaire].into(),
        resources_cents: 150_000,
        max_rent_cents: Some(60_000),
        wished_typology: Some(Typology::T3),
        wished: vec![place("Aurillac")],
        needs_accessibility: false,
    }
}

fn id_of(name: &str) -> Uuid {
    // A stable id per name: its bytes, folded.
    let mut v: u128 = 7;
    for b in name.bytes() {
        v = v.wrapping_mul(131).wrapping_add(u128::from(b));
    }
    Uuid::from_u128(v)
}

fn offer(name: &str, title: &str, domain: RomeDomain, commune: &str) -> OfferCandidate {
    OfferCandidate {
        id: id_of(name),
        title: title.into(),
        employer: name.into(),
        trade: fold_trade(title),
        domain,
        place: place(commune),
        contract: ContractKind::Cdi,
        hours_per_week: 35.0,
        start_date: Some(d(3, 15)),
        requires_licence: false,
        requires_vehicle: false,
        qualification: String::new(),
        status: OfferStatus::Ouvert,
    }
}

fn unit(name: &str, typology: Typology, rent_euros: i64, commune: &str) -> UnitCandidate {
    UnitCandidate {
        id: id_of(name),
        label: name.into(),
        landlord: "Polygone".into(),
        place: place(commune),
        typology,
        surface_m2: 60.0,
        total_rent_cents: rent_euros * 100,
        available_from: Some(d(3, 1)),
        floor: 1,
        lift: false,
        accessible: false,
        status: UnitStatus::Disponible,
        schools: Some([Establishment::EcoleElementaire].into()),
    }
}

/// What is ranked in a case.
enum Kind {
    Offers,
    Units,
    Pairs,
}

struct Case {
    what: &'static str,
    household: HouseholdProfile,
    offers: Vec<OfferCandidate>,
    units: Vec<UnitCandidate>,
    history: History,
    filters: Filters,
    kind: Kind,
    /// Names (employer of an offer, label of a unit, "offre + logement" of a pair) of the
    /// suggestions kept, best first.
    kept: Vec<&'static str>,
    /// Names set aside, each with a word of its reason.
    aside: Vec<(&'static str, &'static str)>,
}

fn case(what: &'static str, kind: Kind) -> Case {
    Case {
        what,
        household: awa(),
        offers: vec![],
        units: vec![],
        history: History::new(),
        filters: Filters::default(),
        kind,
        kept: vec![],
        aside: vec![],
    }
}

fn past(status: ProposalStatus) -> PastProposal {
    PastProposal {
        status,
        proposed_on: d(1, 10),
        decline_by: (status == ProposalStatus::Refuse).then_some(DeclineBy::Menage),
        decline_reason: if status == ProposalStatus::Refuse {
            "horaires de nuit".into()
        } else {
            String::new()
        },
    }
}

fn cases() -> Vec<Case> {
    use RomeDomain::*;
    use Typology::*;
    let mut all = Vec::new();

    // --- offers ---------------------------------------------------------------------
    let mut c = case("maçon vs car mechanic (the issue)", Kind::Offers);
    c.offers = vec![
        offer("BTP Cantal", "Maçon", F, "Ytrac"),
        offer("Garage Central", "Mécanicien automobile", I, "Aurillac"),
    ];
    c.kept = vec!["BTP Cantal"];
    c.aside = vec![("Garage Central", "ne correspond pas au métier")];
    all.push(c);

    let mut c = case(
        "the right trade in interim beats the wrong trade in CDI",
        Kind::Offers,
    );
    let mut interim = offer("Intérim BTP", "Maçon", F, "Ytrac");
    interim.contract = ContractKind::Interim;
    c.offers = vec![interim, offer("Caisse Auchan", "Caissier", D, "Aurillac")];
    c.kept = vec!["Intérim BTP"];
    c.aside = vec![("Caisse Auchan", "ne correspond pas")];
    all.push(c);

    let mut c = case(
        "the trade sought before a trade of its domain",
        Kind::Offers,
    );
    c.offers = vec![
        offer("Coffrages 15", "Coffreur bancheur", F, "Ytrac"),
        offer("BTP Cantal", "Maçon", F, "Ytrac"),
    ];
    c.kept = vec!["BTP Cantal", "Coffrages 15"];
    all.push(c);

    let mut c = case("licence required and not held: set aside", Kind::Offers);
    c.household.adults[0].licence = false;
    let mut driving = offer("BTP Mobile", "Maçon", F, "Ytrac");
    driving.requires_licence = true;
    c.offers = vec![
        driving,
        offer("Peinture 15", "Peintre en bâtiment", F, "Aurillac"),
    ];
    c.kept = vec!["Peinture 15"];
    c.aside = vec![("BTP Mobile", "permis B exigé, non détenu")];
    all.push(c);

    let mut c = case(
        "a car required, licence held: after, not set aside",
        Kind::Offers,
    );
    let mut car = offer("BTP Mobile", "Maçon", F, "Ytrac");
    car.requires_vehicle = true;
    c.offers = vec![car, offer("BTP Cantal", "Maçon", F, "Ytrac")];
    c.kept = vec!["BTP Cantal", "BTP Mobile"];
    all.push(c);

    let mut c = case("nearer the wished commune first", Kind::Offers);
    c.offers = vec![
        offer("BTP Planèze", "Maçon", F, "Saint-Flour"),
        offer("BTP Aurillac", "Maçon", F, "Aurillac"),
    ];
    c.kept = vec!["BTP Aurillac", "BTP Planèze"];
    all.push(c);

    let mut c = case(
        "two adults: each offer for the adult it suits",
        Kind::Offers,
    );
    c.household
        .adults
        .push(adult("Karim", "Aide-soignant·e", J));
    c.offers = vec![
        offer("BTP Cantal", "Maçon", F, "Ytrac"),
        offer("EHPAD Les Tilleuls", "Aide-soignant", J, "Aurillac"),
        offer("Caisse Auchan", "Caissier", D, "Aurillac"),
    ];
    c.kept = vec!["EHPAD Les Tilleuls", "BTP Cantal"];
    c.aside = vec![("Caisse Auchan", "ne correspond pas au métier")];
    all.push(c);

    let mut c = case(
        "déjà positionné is information, not a lower score",
        Kind::Offers,
    );
    let proposed = offer("BTP Aurillac", "Maçon", F, "Aurillac");
    c.history.insert(
        (c.household.id, Target::Offer(proposed.id)),
        past(ProposalStatus::Entretien),
    );
    c.offers = vec![offer("BTP Cantal", "Maçon", F, "Ytrac"), proposed];
    c.kept = vec!["BTP Aurillac", "BTP Cantal"];
    all.push(c);

    let mut c = case("a declined offer after a worse one", Kind::Offers);
    let declined = offer("BTP Aurillac", "Maçon", F, "Aurillac");
    c.history.insert(
        (c.household.id, Target::Offer(declined.id)),
        past(ProposalStatus::Refuse),
    );
    let mut cdd = offer("BTP Court", "Maçon", F, "Ytrac");
    cdd.contract = ContractKind::CddCourt;
    c.offers = vec![declined, cdd];
    c.kept = vec!["BTP Court", "BTP Aurillac"];
    all.push(c);

    let mut c = case("a household without adults takes no job", Kind::Offers);
    c.household.adults.clear();
    c.offers = vec![offer("BTP Cantal", "Maçon", F, "Ytrac")];
    c.aside = vec![("BTP Cantal", "aucun adulte")];
    all.push(c);

    // --- units ----------------------------------------------------------------------
    let mut c = case("a T2 is too small for four", Kind::Units);
    c.units = vec![
        unit("T2 rue Gambetta", T2, 400, "Aurillac"),
        unit("T3 rue des Carmes", T3, 510, "Arpajon-sur-Cère"),
    ];
    c.kept = vec!["T3 rue des Carmes"];
    c.aside = vec![("T2 rue Gambetta", "trop petit")];
    all.push(c);

    let mut c = case("49 % of the resources is above the ceiling", Kind::Units);
    c.units = vec![
        unit("T3 avenue de la République", T3, 735, "Aurillac"),
        unit("T4 rue du Buis", T4, 560, "Arpajon-sur-Cère"),
    ];
    c.kept = vec!["T4 rue du Buis"];
    c.aside = vec![("T3 avenue de la République", "49 %")];
    all.push(c);

    let mut c = case("larger than needed: after, not set aside", Kind::Units);
    c.units = vec![
        unit("T5 route de Vic", T5, 420, "Aurillac"),
        unit("T3 rue des Carmes", T3, 420, "Aurillac"),
    ];
    c.kept = vec!["T3 rue des Carmes", "T5 route de Vic"];
    all.push(c);

    let mut c = case("a programme with a 35 % ceiling", Kind::Units);
    c.filters.effort_ceiling_pct = 35;
    c.units = vec![
        unit("T3 rue Victor Hugo", T3, 540, "Aurillac"),
        unit("T3 rue des Carmes", T3, 450, "Aurillac"),
    ];
    c.kept = vec!["T3 rue des Carmes"];
    c.aside = vec![("T3 rue Victor Hugo", "plafond de 35 %")];
    all.push(c);

    let mut c = case("in the wished area before 38 km away", Kind::Units);
    c.units = vec![
        unit("T3 place de Murat", T3, 450, "Murat"),
        unit("T3 rue des Carmes", T3, 450, "Aurillac"),
    ];
    c.kept = vec!["T3 rue des Carmes", "T3 place de Murat"];
    all.push(c);

    let mut c = case(
        "health barrier: accessible first, stairs not set aside",
        Kind::Units,
    );
    c.household.needs_accessibility = true;
    let mut stairs = unit("T3 3e étage", T3, 450, "Aurillac");
    stairs.floor = 3;
    let mut level = unit("T3 plain-pied", T3, 450, "Aurillac");
    level.accessible = true;
    c.units = vec![stairs, level];
    c.kept = vec!["T3 plain-pied", "T3 3e étage"];
    all.push(c);

    let mut c = case("one person: a T1 before a T4", Kind::Units);
    c.household.persons = 1;
    c.household.schooling_needs = BTreeSet::new();
    c.household.resources_cents = 120_000;
    c.units = vec![
        unit("T4 rue du Buis", T4, 350, "Aurillac"),
        unit("T1 rue Gambetta", T1, 350, "Aurillac"),
    ];
    c.kept = vec!["T1 rue Gambetta", "T4 rue du Buis"];
    all.push(c);

    // --- job + home pairs -----------------------------------------------------------
    let mut c = case(
        "pair with licence missing and 49 % rent (the issue) set aside",
        Kind::Pairs,
    );
    c.household.adults[0].licence = false;
    let mut driving = offer("BTP Mobile", "Maçon", F, "Ytrac");
    driving.requires_licence = true;
    c.offers = vec![driving, offer("BTP Cantal", "Maçon", F, "Ytrac")];
    c.units = vec![
        unit("T3 avenue de la République", T3, 735, "Arpajon-sur-Cère"),
        unit("T3 rue des Carmes", T3, 510, "Arpajon-sur-Cère"),
    ];
    c.kept = vec!["BTP Cantal + T3 rue des Carmes"];
    c.aside = vec![
        ("BTP Mobile + T3 avenue de la République", "permis"),
        ("BTP Mobile + T3 rue des Carmes", "permis"),
        ("BTP Cantal + T3 avenue de la République", "49 %"),
    ];
    all.push(c);

    let mut c = case("the car-mechanic pair set aside", Kind::Pairs);
    c.offers = vec![
        offer("Garage Central", "Mécanicien automobile", I, "Aurillac"),
        offer("BTP Cantal", "Maçon", F, "Ytrac"),
    ];
    c.units = vec![unit("T3 rue des Carmes", T3, 510, "Arpajon-sur-Cère")];
    c.kept = vec!["BTP Cantal + T3 rue des Carmes"];
    c.aside = vec![("Garage Central + T3 rue des Carmes", "métier")];
    all.push(c);

    let mut c = case("the shorter commute first", Kind::Pairs);
    c.offers = vec![offer("BTP Cantal", "Maçon", F, "Ytrac")];
    c.units = vec![
        unit("T3 Jussac", T3, 450, "Jussac"),
        unit("T3 rue des Carmes", T3, 450, "Arpajon-sur-Cère"),
    ];
    c.kept = vec!["BTP Cantal + T3 rue des Carmes", "BTP Cantal + T3 Jussac"];
    all.push(c);

    all
}

#[test]
fn twenty_cases_ranked_as_a_referente_would() {
    let weights = Weights::default();
    let all = cases();
    assert_eq!(all.len(), 20);
    for c in all {
        let ctx = Context {
            weights: &weights,
            today: d(2, 1),
            filters: &c.filters,
            history: &c.history,
        };
        let r = rank_for_household(&c.household, &c.offers, &c.units, &ctx, 10);
        let offer_name = |id: Uuid| {
            c.offers
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.employer.clone())
                .unwrap()
        };
        let unit_name = |id: Uuid| {
            c.units
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.label.clone())
                .unwrap()
        };
        // (name, set aside, reasons) in the ranking's order.
        let ranked: Vec<(String, bool, String)> = match c.kind {
            Kind::Offers | Kind::Units => {
                let list = if matches!(c.kind, Kind::Offers) {
                    &r.offers
                } else {
                    &r.units
                };
                list.iter()
                    .map(|s| {
                        let name = match s.target {
                            Target::Offer(id) => offer_name(id),
                            Target::Unit(id) => unit_name(id),
                        };
                        // The history is information: never counted « en partie ».
                        if s.checks.iter().all(|ch| {
                            ch.status == passerelle::matching::criteria::Status::Met || ch.is_info()
                        }) {
                            assert!(
                                summary_fr(s.score, &s.checks, s.declined).contains("0 en partie"),
                                "{}: {name}",
                                c.what
                            );
                        }
                        (name, s.set_aside, s.set_aside_reasons().join(" ; "))
                    })
                    .collect()
            }
            Kind::Pairs => r
                .bundles
                .iter()
                .map(|b| {
                    // A pair never scores above its weaker half.
                    assert!(
                        b.score <= b.offer_score.min(b.unit_score) + 1e-4,
                        "{}: {b:?}",
                        c.what
                    );
                    let mut reasons: Vec<String> = b
                        .offer_checks
                        .iter()
                        .chain(&b.unit_checks)
                        .filter(|ch| ch.eliminatory)
                        .map(|ch| ch.reason.clone())
                        .collect();
                    reasons.sort();
                    (
                        format!("{} + {}", offer_name(b.offer), unit_name(b.unit)),
                        b.set_aside,
                        reasons.join(" ; "),
                    )
                })
                .collect(),
        };
        let kept: Vec<&str> = ranked
            .iter()
            .filter(|r| !r.1)
            .map(|r| r.0.as_str())
            .collect();
        assert_eq!(kept, c.kept, "{}: {ranked:#?}", c.what);
        // Every set-aside suggestion comes after every kept one.
        let first_aside = ranked.iter().position(|r| r.1).unwrap_or(ranked.len());
        assert!(
            ranked[first_aside..].iter().all(|r| r.1),
            "{}: {ranked:#?}",
            c.what
        );
        let aside: BTreeSet<&str> = ranked
            .iter()
            .filter(|r| r.1)
            .map(|r| r.0.as_str())
            .collect();
        let expected: BTreeSet<&str> = c.aside.iter().map(|a| a.0).collect();
        assert_eq!(aside, expected, "{}: {ranked:#?}", c.what);
        for (name, word) in &c.aside {
            let got = ranked.iter().find(|r| r.0 == *name).unwrap();
            assert!(
                got.2.contains(word),
                "{}: {name} set aside for « {} », expected « {word} »",
                c.what,
                got.2
            );
        }
    }
}

#[test]
fn the_issue_pair_scores_its_weaker_half_and_says_how() {
    use passerelle::matching::bundle::{BundleSuggestion, bundle_score, score_explained_fr};
    use passerelle::matching::criteria::{Check, Criterion, Status};
    let b = BundleSuggestion {
        offer: Uuid::from_u128(1),
        unit: Uuid::from_u128(2),
        commute_km: 7.0,
        score: bundle_score(70.0, 67.0, 1.0, 2.0),
        set_aside: false,
        offer_score: 70.0,
        unit_score: 67.0,
        offer_checks: vec![],
        unit_checks: vec![],
        commute: Check {
            criterion: Criterion::Trajet,
            status: Status::Met,
            reason: String::new(),
            eliminatory: false,
        },
    };
    assert_eq!(
        score_explained_fr(&b, 2.0),
        "emploi 70 % · logement 67 % ; score de la paire : 67 %"
    );
    let far = BundleSuggestion {
        commute_km: 14.0,
        score: bundle_score(70.0, 67.0, 0.5, 2.0),
        commute: Check {
            status: Status::Partly,
            ..b.commute.clone()
        },
        ..b
    };
    assert_eq!(
        score_explained_fr(&far, 2.0),
        "emploi 70 % · logement 67 % · trajet 14 km : 5 points de moins ; score de la paire : 62 %"
    );
}
