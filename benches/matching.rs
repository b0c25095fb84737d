//! Matching budget (DESIGN.md §8): one household against 5,000 offers and 20,000 units,
//! bundles included, < 10 ms; and every household of a 1,000-household base against the
//! same. Release build: `cargo bench --bench matching`. Prints p50/p99 and, as a foil,
//! the exhaustive offer × unit pairing measured in the same run.

use std::time::Instant;

use chrono::NaiveDate;
use passerelle::domain::model::*;
use passerelle::matching::criteria::Weights;
use passerelle::matching::geo::{Gazetteer, LatLon};
use passerelle::matching::score::{
    AdultProfile, HouseholdProfile, OfferCandidate, Place, UnitCandidate, fold_trade,
};
use passerelle::matching::{Context, Filters, History, rank_for_household};
use uuid::Uuid;

/// A small deterministic generator (no dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() * items.len() as f64) as usize % items.len()]
    }
}

const TRADES: &[(&str, RomeDomain)] = &[
    ("Maçon", RomeDomain::F),
    ("Aide-soignant", RomeDomain::J),
    ("Agent d'entretien", RomeDomain::K),
    ("Cuisinier", RomeDomain::G),
    ("Cariste", RomeDomain::N),
    ("Électricien", RomeDomain::F),
    ("Vendeur", RomeDomain::D),
    ("Agent agricole", RomeDomain::A),
];

const DEPARTEMENTS: [&str; 10] = ["15", "12", "19", "43", "63", "46", "75", "93", "94", "92"];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let g = Gazetteer::embedded();
    // Real communes with coordinates: Massif central and Île-de-France.
    let places: Vec<Place> = g
        .communes()
        .iter()
        .filter(|c| DEPARTEMENTS.contains(&c.departement.as_str()))
        .filter_map(|c| c.coords.map(|x| Place::new(&c.name, Some(x))))
        .collect();
    let south: Vec<Place> = places
        .iter()
        .filter(|p| p.coords.is_some_and(|c| c.lat < 46.0))
        .cloned()
        .collect();
    let mut rng = Lcg(2014);
    let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap_or_default();
    let offers: Vec<OfferCandidate> = (0..5_000u128)
        .map(|i| {
            let (trade, domain) = *rng.pick(TRADES);
            OfferCandidate {
                id: Uuid::from_u128(1_000_000 + i),
                title: trade.into(),
                employer: "Employeur".into(),
                trade: fold_trade(trade),
                domain,
                place: rng.pick(&places).clone(),
                contract: *rng.pick(ContractKind::ALL),
                hours_per_week: 35.0,
                start_date: Some(today + chrono::Duration::days((rng.next() * 120.0) as i64)),
                requires_licence: rng.next() < 0.4,
                requires_vehicle: rng.next() < 0.2,
                qualification: if rng.next() < 0.3 {
                    "CAP".into()
                } else {
                    String::new()
                },
                status: if rng.next() < 0.8 {
                    OfferStatus::Ouvert
                } else {
                    OfferStatus::Pourvu
                },
            }
        })
        .collect();
    let units: Vec<UnitCandidate> = (0..20_000u128)
        .map(|i| {
            let typology = *rng.pick(Typology::ALL);
            UnitCandidate {
                id: Uuid::from_u128(2_000_000 + i),
                label: "rue".into(),
                landlord: "Bailleur".into(),
                place: rng.pick(&places).clone(),
                typology,
                surface_m2: 60.0,
                total_rent_cents: i64::from(typology.rooms()) * 9_000
                    + (rng.next() * 30_000.0) as i64,
                available_from: Some(today + chrono::Duration::days((rng.next() * 150.0) as i64)),
                floor: (rng.next() * 5.0) as i16,
                lift: rng.next() < 0.3,
                accessible: rng.next() < 0.2,
                status: if rng.next() < 0.7 {
                    UnitStatus::Disponible
                } else {
                    UnitStatus::Attribue
                },
                schools: None,
            }
        })
        .collect();
    let households: Vec<HouseholdProfile> = (0..1_000u128)
        .map(|i| {
            let adults = 1 + usize::from(rng.next() < 0.5);
            HouseholdProfile {
                id: Uuid::from_u128(i + 1),
                label: format!("Ménage {i}"),
                adults: (0..adults)
                    .map(|_| {
                        let (trade, domain) = *rng.pick(TRADES);
                        AdultProfile {
                            first_name: "Adulte".into(),
                            trades: vec![fold_trade(trade)],
                            trades_shown: vec![trade.into()],
                            domains: vec![domain],
                            qualifications: vec![],
                            education: *rng.pick(EducationLevel::ALL),
                            licence: rng.next() < 0.5,
                            vehicle: rng.next() < 0.2,
                            available_from: Some(today),
                            mobility_radius_km: 30,
                        }
                    })
                    .collect(),
                persons: 1 + (rng.next() * 5.0) as u32,
                schooling_needs: [Establishment::EcoleElementaire].into(),
                resources_cents: 100_000 + (rng.next() * 150_000.0) as i64,
                max_rent_cents: Some(60_000),
                wished_typology: None,
                wished: (0..2).map(|_| rng.pick(&south).clone()).collect(),
                needs_accessibility: rng.next() < 0.1,
            }
        })
        .collect();
    let (weights, filters, history) = (Weights::default(), Filters::default(), History::new());
    let ctx = Context {
        weights: &weights,
        today,
        filters: &filters,
        history: &history,
    };

    // One household at a time.
    let mut times = Vec::new();
    let mut bundles = 0;
    for h in households.iter().take(200) {
        let t = Instant::now();
        let r = rank_for_household(h, &offers, &units, &ctx, 20);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        bundles += r.bundles.len();
    }
    times.sort_by(f64::total_cmp);
    let p50 = percentile(&times, 0.5);
    println!(
        "un ménage vs 5 000 offres + 20 000 logements (avec duos) : p50 {:.2} ms, p99 {:.2} ms \
         (budget < 10 ms) ; {:.1} duos gardés en moyenne",
        p50,
        percentile(&times, 0.99),
        bundles as f64 / 200.0
    );

    // Foil: the exhaustive pairing of every open offer with every available unit within
    // 20 km (distance only, no scoring), measured in the same run.
    let t = Instant::now();
    let open: Vec<LatLon> = offers
        .iter()
        .filter(|o| o.status == OfferStatus::Ouvert)
        .filter_map(|o| o.place.coords)
        .collect();
    let free: Vec<LatLon> = units
        .iter()
        .filter(|u| u.status == UnitStatus::Disponible)
        .filter_map(|u| u.place.coords)
        .collect();
    let mut pairs = 0u64;
    for o in &open {
        for u in &free {
            if o.distance_km(*u) <= 20.0 {
                pairs += 1;
            }
        }
    }
    let foil_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "repère : appariement exhaustif offres × logements (distance seule) : {foil_ms:.0} ms, \
         {pairs} paires à moins de 20 km ; classement complet {:.0}× plus rapide",
        foil_ms / p50
    );

    // Every household of a 1,000-household base.
    let t = Instant::now();
    for h in &households {
        std::hint::black_box(rank_for_household(h, &offers, &units, &ctx, 20));
    }
    println!(
        "1 000 ménages vs 5 000 offres + 20 000 logements : {:.2} s au total",
        t.elapsed().as_secs_f64()
    );
}
