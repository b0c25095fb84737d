//! Bundles: one offer and one unit within commuting distance of each other, for one
//! household — "un logement à proximité du nouvel employeur".
//!
//! All offer × unit pairs would be 10⁸ for 5,000 offers and 20,000 units. Two prunings
//! keep it exact and fast:
//! - units go in a grid of cells at least the commuting distance wide, so an offer only
//!   looks at the 3 × 3 cells around it, each sorted by unit score;
//! - offers are visited best first, and a bundle's score is bounded by its offer's and
//!   its unit's scores: once the bound falls below the k-th bundle kept, the rest can be
//!   skipped (the next offers and the rest of a cell).
//!
//! A pair is worth its weaker half: a good job does not make a dwelling the household
//! cannot pay any better. A pair with a rédhibitoire half is ranked after every other
//! (its ranking key is lowered by [`ASIDE_PENALTY`], which keeps the bound exact).

use std::collections::{BinaryHeap, HashMap};

use uuid::Uuid;

use super::Context;
use super::criteria::Check;
use super::geo::LatLon;
use super::score::{self, HouseholdProfile, OfferCandidate, UnitCandidate};

/// km per degree of latitude.
const KM_PER_DEGREE: f64 = 111.2;

/// A unit in the grid: position as a unit vector, ranking key, index, score.
type PlacedUnit = ([f64; 3], f32, usize, f32);

/// Subtracted from the ranking key of a set-aside offer or unit: more than any score, so
/// that a pair with a rédhibitoire half comes after every other pair.
const ASIDE_PENALTY: f32 = 1000.0;

/// Ranking key of a scored candidate: its score, lowered when it is set aside.
fn key(score: f32, set_aside: bool) -> f32 {
    if set_aside {
        score - ASIDE_PENALTY
    } else {
        score
    }
}

/// One job + home bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct BundleSuggestion {
    /// The offer.
    pub offer: Uuid,
    /// The unit.
    pub unit: Uuid,
    /// Distance between the workplace and the dwelling, km.
    pub commute_km: f64,
    /// Bundle score, 0–100 (see [`bundle_score`]): never above the weaker half.
    pub score: f32,
    /// The offer or the unit is set aside (a rédhibitoire criterion): « à écarter ».
    pub set_aside: bool,
    /// The offer's score for this household.
    pub offer_score: f32,
    /// The unit's score for this household.
    pub unit_score: f32,
    /// The offer's criteria (filled for the shown bundles).
    pub offer_checks: Vec<Check>,
    /// The unit's criteria (filled for the shown bundles).
    pub unit_checks: Vec<Check>,
    /// The commuting criterion.
    pub commute: Check,
}

/// Points taken off a pair whose commute is only partly met (farther than half the limit),
/// for a commute weight `trajet_weight` (5 points with the default weight 2).
pub fn commute_penalty(commute_value: f32, trajet_weight: f32) -> f32 {
    (1.0 - commute_value).max(0.0) * 5.0 * trajet_weight.max(0.0)
}

/// A bundle's score: its weaker half (the lower of the offer's and the unit's scores),
/// less [`commute_penalty`] for a long commute; never above either half.
pub fn bundle_score(offer: f32, unit: f32, commute_value: f32, trajet_weight: f32) -> f32 {
    (offer.min(unit) - commute_penalty(commute_value, trajet_weight)).max(0.0)
}

/// How a bundle's score is built, in French: « emploi 70 % · logement 67 % ; score de la
/// paire : 67 % », with « · trajet 14 km : 5 points de moins » when the commute lowers it.
/// (No arrow or minus sign: the bundled fonts have neither glyph.)
pub fn score_explained_fr(b: &BundleSuggestion, trajet_weight: f32) -> String {
    let penalty = commute_penalty(b.commute.status.value(), trajet_weight);
    let mut text = format!(
        "emploi {:.0} % · logement {:.0} %",
        b.offer_score, b.unit_score
    );
    if penalty > 0.0 {
        text.push_str(&format!(
            " · trajet {:.0} km : {penalty:.0} points de moins",
            b.commute_km
        ));
    }
    text.push_str(&format!(" ; score de la paire : {:.0} %", b.score));
    text
}

#[derive(PartialEq)]
struct Kept {
    score: f32,
    offer: usize,
    unit: usize,
    km: f64,
    offer_score: f32,
    unit_score: f32,
}

impl Eq for Kept {}

impl Ord for Kept {
    // A min-heap on score (the worst kept bundle on top), ties by index for determinism.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.offer.cmp(&other.offer))
            .then(self.unit.cmp(&other.unit))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `k` bundles. `scored_offers` are (index, score, adult, km, set aside) of the
/// eligible offers, `scored_units` (index, score, km, set aside) of the eligible units;
/// declined offers and units are left out (a bundle with a refused half is no proposal).
/// Each bundle comes with the indices of its offer and unit (to explain it).
pub(crate) fn best_bundles(
    h: &HouseholdProfile,
    offers: &[OfferCandidate],
    units: &[UnitCandidate],
    scored_offers: &[super::ScoredOffer],
    scored_units: &[super::ScoredUnit],
    ctx: &Context<'_>,
    k: usize,
) -> Vec<(BundleSuggestion, usize, usize)> {
    let limit_km = ctx.filters.commute_km.max(0.1);
    let trajet = ctx.weights.trajet;

    let mut placed: Vec<(LatLon, PlacedUnit)> = scored_units
        .iter()
        .filter(|&&(i, _, _, _)| !super::declined(ctx, h.id, super::Target::Unit(units[i].id)))
        .filter_map(|&(i, s, _, aside)| {
            let place = &units[i].place;
            Some((place.coords?, (place.xyz()?, key(s, aside), i, s)))
        })
        .collect();
    if placed.is_empty() || k == 0 {
        return Vec::new();
    }
    let max_abs_lat = placed
        .iter()
        .map(|p| p.0.lat.abs())
        .fold(0.0f64, f64::max)
        .min(85.0);
    let cell_lat = limit_km / KM_PER_DEGREE;
    // Cells are at least `limit_km` wide everywhere: a degree of longitude is shortest at
    // the highest latitude present.
    let cell_lon = limit_km / (KM_PER_DEGREE * max_abs_lat.to_radians().cos().max(0.01));
    let cell_of = |c: LatLon| {
        (
            (c.lat / cell_lat).floor() as i64,
            (c.lon / cell_lon).floor() as i64,
        )
    };
    placed.sort_by(|a, b| b.1.1.total_cmp(&a.1.1));
    let best_unit = placed[0].1.1;
    let mut grid: HashMap<(i64, i64), Vec<PlacedUnit>> = HashMap::new();
    for (at, p) in placed {
        grid.entry(cell_of(at)).or_default().push(p);
    }
    // The commuting limit as a squared chord: pairs beyond it are skipped without an
    // arcsine (a margin keeps the boundary to the exact test below).
    let limit_chord2 = {
        let half =
            (limit_km / (2.0 * super::geo::EARTH_RADIUS_KM)).min(std::f64::consts::FRAC_PI_2);
        (2.0 * half.sin()).powi(2) * (1.0 + 1e-9)
    };

    let mut order: Vec<(usize, f32, f32)> = scored_offers
        .iter()
        .filter(|o| !super::declined(ctx, h.id, super::Target::Offer(offers[o.0].id)))
        .filter(|o| offers[o.0].place.coords.is_some())
        .map(|o| (o.0, key(o.1, o.4), o.1))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));

    let mut heap: BinaryHeap<Kept> = BinaryHeap::with_capacity(k + 1);
    let floor = |heap: &BinaryHeap<Kept>| {
        if heap.len() < k {
            f32::MIN
        } else {
            heap.peek().map_or(f32::MIN, |w| w.score)
        }
    };
    // The bound of a pair is the lower of its halves' keys; a pair that only ties the
    // k-th kept cannot replace it, hence `<=` once the heap is full.
    let beaten = |bound: f32, heap: &BinaryHeap<Kept>| {
        let f = floor(heap);
        bound < f || (heap.len() >= k && bound <= f)
    };
    for &(oi, offer_key, offer_score) in &order {
        if beaten(offer_key.min(best_unit), &heap) {
            break;
        }
        let (Some(at), Some(at_xyz)) = (offers[oi].place.coords, offers[oi].place.xyz()) else {
            continue;
        };
        let (cy, cx) = cell_of(at);
        for dy in -1..=1 {
            for dx in -1..=1 {
                let Some(cell) = grid.get(&(cy + dy, cx + dx)) else {
                    continue;
                };
                for &(xyz, unit_key, ui, unit_score) in cell {
                    if beaten(offer_key.min(unit_key), &heap) {
                        break;
                    }
                    let c2 = super::geo::chord2(at_xyz, xyz);
                    if c2 > limit_chord2 {
                        continue;
                    }
                    let km = super::geo::km_from_chord2(c2);
                    if km > limit_km {
                        continue;
                    }
                    let commute = score::check_commute(km, limit_km, false);
                    // The key, not clamped at 0, keeps set-aside pairs below the others.
                    let s =
                        offer_key.min(unit_key) - commute_penalty(commute.status.value(), trajet);
                    if heap.len() < k {
                        heap.push(Kept {
                            score: s,
                            offer: oi,
                            unit: ui,
                            km,
                            offer_score,
                            unit_score,
                        });
                    } else if s > floor(&heap) {
                        heap.pop();
                        heap.push(Kept {
                            score: s,
                            offer: oi,
                            unit: ui,
                            km,
                            offer_score,
                            unit_score,
                        });
                    }
                }
            }
        }
    }

    let mut kept = heap.into_vec();
    kept.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.km.total_cmp(&b.km))
            .then(a.offer.cmp(&b.offer))
            .then(a.unit.cmp(&b.unit))
    });
    kept.into_iter()
        .map(|b| {
            let (offer_score, unit_score) = (b.offer_score, b.unit_score);
            let commute = score::check_commute(b.km, limit_km, false);
            let bundle = BundleSuggestion {
                offer: offers[b.offer].id,
                unit: units[b.unit].id,
                commute_km: b.km,
                score: bundle_score(offer_score, unit_score, commute.status.value(), trajet),
                set_aside: b.score < -ASIDE_PENALTY / 2.0,
                offer_score,
                unit_score,
                offer_checks: Vec::new(),
                unit_checks: Vec::new(),
                commute,
            };
            (bundle, b.offer, b.unit)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::score::tests::{household, offer, place, unit};
    use super::super::{Filters, History, rank_for_household};
    use super::*;
    use crate::matching::criteria::{Status, Weights};

    fn ctx<'a>(w: &'a Weights, f: &'a Filters, h: &'a History) -> Context<'a> {
        Context {
            weights: w,
            today: super::super::score::tests::d(2, 1),
            filters: f,
            history: h,
        }
    }

    #[test]
    fn bundles_pair_only_offers_and_units_within_the_commuting_distance() {
        // Offer in Ytrac; units in Arpajon (~7 km), Saint-Flour (~57 km), Murat (~38 km).
        let units = vec![
            UnitCandidate {
                id: Uuid::from_u128(21),
                place: place("Arpajon-sur-Cère", 44.9036, 2.4572),
                ..unit()
            },
            UnitCandidate {
                id: Uuid::from_u128(22),
                place: place("Saint-Flour", 45.0339, 3.0931),
                ..unit()
            },
            UnitCandidate {
                id: Uuid::from_u128(23),
                place: place("Murat", 45.1103, 2.8681),
                ..unit()
            },
        ];
        let (w, h) = (Weights::default(), History::new());
        let f = Filters::default();
        let r = rank_for_household(&household(), &[offer()], &units, &ctx(&w, &f, &h), 10);
        let pairs: Vec<_> = r
            .bundles
            .iter()
            .map(|b| (b.unit, b.commute_km.round()))
            .collect();
        assert_eq!(pairs, [(Uuid::from_u128(21), 7.0)]);
        let b = &r.bundles[0];
        assert_eq!(b.commute.status, Status::Met);
        assert_eq!(
            b.commute.explained(),
            "7 km entre l'emploi et le logement ✓"
        );
        assert!(!b.offer_checks.is_empty() && !b.unit_checks.is_empty());
        // Widening the commute to 50 km brings Murat in (38 km), not Saint-Flour.
        let f = Filters {
            commute_km: 50.0,
            ..Filters::default()
        };
        let r = rank_for_household(&household(), &[offer()], &units, &ctx(&w, &f, &h), 10);
        let mut got: Vec<_> = r.bundles.iter().map(|b| b.unit).collect();
        got.sort();
        assert_eq!(got, [Uuid::from_u128(21), Uuid::from_u128(23)]);
    }

    #[test]
    fn pruned_bundles_equal_the_exhaustive_pairs() {
        // A deterministic scatter of offers and units over Cantal: the grid and the
        // score bound must keep exactly the best pairs a full scan finds.
        let mut offers = Vec::new();
        let mut units = Vec::new();
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        for i in 0..60 {
            let (lat, lon) = (44.6 + next() * 0.7, 2.0 + next() * 1.1);
            offers.push(OfferCandidate {
                id: Uuid::from_u128(1000 + i),
                place: place("X", lat, lon),
                requires_licence: next() < 0.3,
                start_date: Some(super::super::score::tests::d(2, 1 + (next() * 27.0) as u32)),
                ..offer()
            });
        }
        for i in 0..200 {
            let (lat, lon) = (44.6 + next() * 0.7, 2.0 + next() * 1.1);
            let rooms = 1 + (next() * 5.0) as u8;
            units.push(UnitCandidate {
                id: Uuid::from_u128(5000 + i),
                place: place("Y", lat, lon),
                typology: crate::domain::model::Typology::from_rooms(rooms)
                    .unwrap_or(crate::domain::model::Typology::T3),
                total_rent_cents: 30_000 + (next() * 40_000.0) as i64,
                ..unit()
            });
        }
        let mut h = household();
        h.adults[0].licence = false;
        let (w, hist, f) = (Weights::default(), History::new(), Filters::default());
        let c = ctx(&w, &f, &hist);
        let r = rank_for_household(&h, &offers, &units, &c, 15);
        // Exhaustive reference.
        let mut all = Vec::new();
        for o in &offers {
            let (oc, os, _, _) = super::super::offer_checks(&h, o, &c, false);
            for u in &units {
                let (uc, us, _) = super::super::unit_checks(&h, u, &c, false);
                let km = o
                    .place
                    .coords
                    .expect("c")
                    .distance_km(u.place.coords.expect("c"));
                if km <= 20.0 {
                    let v = score::check_commute(km, 20.0, false).status.value();
                    let aside =
                        super::super::any_eliminatory(&oc) || super::super::any_eliminatory(&uc);
                    all.push((aside, bundle_score(os, us, v, w.trajet)));
                }
            }
        }
        // Set-aside pairs last, then by score.
        all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        let got: Vec<(bool, f32)> = r.bundles.iter().map(|b| (b.set_aside, b.score)).collect();
        assert_eq!(got.len(), 15);
        for (g, e) in got.iter().zip(&all) {
            assert!(
                g.0 == e.0 && (g.1 - e.1).abs() < 1e-4,
                "{got:?} vs {:?}",
                &all[..15]
            );
        }
    }

    #[test]
    fn bundle_score_is_its_weaker_half_less_a_long_commute() {
        // The pair: job 70 %, flat 67 % scored 79 %; now 67 %.
        assert_eq!(bundle_score(70.0, 67.0, 1.0, 2.0), 67.0);
        assert_eq!(bundle_score(80.0, 60.0, 1.0, 2.0), 60.0);
        assert_eq!(bundle_score(80.0, 60.0, 0.5, 2.0), 55.0);
        assert_eq!(bundle_score(80.0, 60.0, 0.5, 0.0), 60.0);
        assert_eq!(bundle_score(3.0, 60.0, 0.5, 5.0), 0.0);
        for (o, u, c) in [(100.0, 0.0, 1.0), (55.5, 90.0, 0.5), (12.0, 12.0, 1.0)] {
            assert!(bundle_score(o, u, c, 2.0) <= o.min(u));
        }
    }
}
