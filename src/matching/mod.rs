//! Matching households with job offers, housing units, and job + home bundles (DESIGN.md
//! §6). Pure: no egui, no rusqlite, no clock, no file system (the gazetteer is compiled in).
//!
//! Every suggestion carries each criterion as met / partly / not met with its reason in
//! French, never a bare number. The score is the weighted share of criteria met (see
//! [`criteria::Weights`]); a pair declined earlier is ranked after every other suggestion.
//!
//! Criteria a worker treats as rédhibitoires (trade neither sought nor in the same ROME
//! domain, licence required and not held, rent effort above the programme's ceiling, unit
//! too small) put a candidate « à écarter », in a group of its own after the others,
//! whatever its score: a high share of minor criteria must not hide a deal-breaker.
//! An earlier proposal (« déjà positionné ») is information, not a criterion.
//!
//! Ranking runs without formatting reasons, keeps the top `k`, then explains only those:
//! one household against 5,000 offers and 20,000 units with bundles stays well under 10 ms
//! (see `benches/matching.rs`).

pub mod bundle;
pub mod candidates;
pub mod criteria;
pub mod geo;
pub mod score;

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::model::{OfferStatus, ProposalStatus, Typology, UnitStatus};
pub use bundle::BundleSuggestion;
use criteria::{Check, Criterion, Status, Weights};
use score::{HouseholdProfile, OfferCandidate, PastProposal, UnitCandidate};

/// Commuting distance of bundles by default, km (the "20 km, adjustable").
pub const DEFAULT_COMMUTE_KM: f64 = 20.0;

/// Accepted distance to work when an adult's mobility radius is not set, km.
pub const DEFAULT_RADIUS_KM: f64 = 30.0;

/// Distance to the wished communes within which a dwelling fully meets the criterion, km.
pub const HOUSING_RADIUS_KM: f64 = 15.0;

/// Rent effort (rent + charges over resources) above which a dwelling is set aside, in
/// percent: the usual ceiling of the programmes (and of the social landlords' files).
pub const DEFAULT_EFFORT_CEILING_PCT: u32 = 40;

/// What the worker narrowed the lists to.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    /// Only CDI and CDD ≥ 6 months.
    pub durable_only: bool,
    /// Leave out offers and units farther than this from the wished communes (km).
    pub max_distance_km: Option<f64>,
    /// Only units of this typology.
    pub typology: Option<Typology>,
    /// Greatest distance between the job and the home of a bundle, km.
    pub commute_km: f64,
    /// The programme's ceiling of rent effort, percent: above it a unit is set aside.
    pub effort_ceiling_pct: u32,
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            durable_only: false,
            max_distance_km: None,
            typology: None,
            commute_km: DEFAULT_COMMUTE_KM,
            effort_ceiling_pct: DEFAULT_EFFORT_CEILING_PCT,
        }
    }
}

/// The target of a suggestion or a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A job offer.
    Offer(Uuid),
    /// A housing unit.
    Unit(Uuid),
}

/// Latest proposals by (household, target).
pub type History = HashMap<(Uuid, Target), PastProposal>;

/// Everything the ranking needs besides the candidates.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Criterion weights.
    pub weights: &'a Weights,
    /// Today (availability).
    pub today: NaiveDate,
    /// Filters.
    pub filters: &'a Filters,
    /// Earlier proposals.
    pub history: &'a History,
}

/// One ranked offer or unit, with its explained criteria.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The offer or unit.
    pub target: Target,
    /// The household (for reverse views).
    pub household: Uuid,
    /// Weighted share of criteria met, 0–100.
    pub score: f32,
    /// The pair was declined before: ranked after the others.
    pub declined: bool,
    /// A rédhibitoire criterion failed: shown « à écarter », after every other suggestion
    /// (the reasons are the checks marked [`Check::eliminatory`]).
    pub set_aside: bool,
    /// Index of the adult the offer suits best (offers only).
    pub adult: Option<usize>,
    /// Distance to the nearest wished commune, km, when known.
    pub distance_km: Option<f64>,
    /// Every criterion, in [`Criterion::ALL`] order, with its reason.
    pub checks: Vec<Check>,
}

impl Suggestion {
    /// Criteria met, partly met, not met.
    pub fn counts(&self) -> (usize, usize, usize) {
        counts(&self.checks)
    }

    /// Why it is set aside: the reasons of its rédhibitoire checks.
    pub fn set_aside_reasons(&self) -> Vec<String> {
        set_aside_reasons(&self.checks)
    }
}

/// The reasons of the rédhibitoire checks among `checks`.
pub fn set_aside_reasons(checks: &[Check]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| c.eliminatory)
        .map(|c| c.reason.clone())
        .collect()
}

/// Whether one of `checks` is rédhibitoire.
fn any_eliminatory(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.eliminatory)
}

/// (met, partly, not met) among checks; information (an earlier proposal) is not counted.
pub fn counts(checks: &[Check]) -> (usize, usize, usize) {
    checks
        .iter()
        .filter(|c| !c.is_info())
        .fold((0, 0, 0), |(m, p, n), c| match c.status {
            Status::Met => (m + 1, p, n),
            Status::Partly => (m, p + 1, n),
            Status::NotMet => (m, p, n + 1),
        })
}

/// The three lists for one household.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    /// Offers, best first.
    pub offers: Vec<Suggestion>,
    /// Units, best first.
    pub units: Vec<Suggestion>,
    /// Offer + unit bundles within commuting distance, best first.
    pub bundles: Vec<BundleSuggestion>,
    /// Offers considered (open, passing the filters).
    pub offers_considered: usize,
    /// Units considered.
    pub units_considered: usize,
}

/// An eligible offer as ranked: (index, score, best adult, distance km, set aside).
pub(crate) type ScoredOffer = (usize, f32, Option<usize>, Option<f64>, bool);

/// An eligible unit as ranked: (index, score, distance km, set aside).
pub(crate) type ScoredUnit = (usize, f32, Option<f64>, bool);

/// Checks, score, best adult and distance of an offer for a household.
type OfferScored = (Vec<Check>, f32, Option<usize>, Option<f64>);

/// Fills `checks` with an offer's criteria for one adult (`nearest`: the wished commune
/// nearest to the workplace, found once per offer); returns the distance, km.
#[allow(clippy::too_many_arguments)] // the pieces of one judgement, kept apart to be computed once
fn fill_offer_checks(
    checks: &mut Vec<Check>,
    h: &HouseholdProfile,
    adult: &score::AdultProfile,
    o: &OfferCandidate,
    nearest: score::Nearest,
    past: Option<&PastProposal>,
    ctx: &Context<'_>,
    explain: bool,
) -> Option<f64> {
    let radius = if adult.mobility_radius_km == 0 {
        DEFAULT_RADIUS_KM
    } else {
        f64::from(adult.mobility_radius_km)
    };
    let (distance, km) = score::distance_check(h, &o.place, nearest, radius, explain);
    checks.clear();
    checks.push(score::check_trade(adult, o, explain));
    checks.extend(score::check_qualification(adult, o, explain));
    checks.push(score::check_contract(o, explain));
    checks.extend(score::check_licence(adult, o, explain));
    checks.push(score::check_start(adult, o, ctx.today, explain));
    checks.push(distance);
    checks.extend(score::check_history(past, explain));
    km
}

/// Whether an adult's checks (`aside`, `score`) beat the best adult so far: an adult for
/// whom nothing is rédhibitoire first, then the higher score.
fn better_adult(aside: bool, score: f32, best: Option<(bool, f32)>) -> bool {
    best.is_none_or(|(b_aside, b_score)| {
        (!aside && b_aside) || (aside == b_aside && score > b_score)
    })
}

/// Scores (without or with reasons) of an offer for a household: the best adult, an adult
/// for whom nothing is rédhibitoire first.
fn offer_checks(
    h: &HouseholdProfile,
    o: &OfferCandidate,
    ctx: &Context<'_>,
    explain: bool,
) -> OfferScored {
    let past = ctx.history.get(&(h.id, Target::Offer(o.id)));
    let nearest = score::nearest_wished(h, &o.place);
    let mut best: Option<OfferScored> = None;
    for (i, adult) in h.adults.iter().enumerate() {
        let mut checks = Vec::with_capacity(7);
        let km = fill_offer_checks(&mut checks, h, adult, o, nearest, past, ctx, explain);
        let s = criteria::score_percent(&checks, ctx.weights);
        if better_adult(
            any_eliminatory(&checks),
            s,
            best.as_ref().map(|b| (any_eliminatory(&b.0), b.1)),
        ) {
            best = Some((checks, s, Some(i), km));
        }
    }
    best.unwrap_or_else(|| no_adult_checks(o, past, explain))
}

/// A household without adults cannot take a job; still show why.
fn no_adult_checks(o: &OfferCandidate, past: Option<&PastProposal>, explain: bool) -> OfferScored {
    let mut checks = vec![Check {
        criterion: Criterion::Metier,
        status: Status::NotMet,
        reason: if explain {
            "aucun adulte dans le ménage".to_owned()
        } else {
            String::new()
        },
        eliminatory: true,
    }];
    checks.push(score::check_contract(o, explain));
    checks.extend(score::check_history(past, explain));
    (checks, 0.0, None, None)
}

/// [`offer_checks`] without reasons, for ranking: (score, best adult, km, set aside), the
/// checks written in `scratch` (no allocation per offer and adult).
fn offer_rank(
    h: &HouseholdProfile,
    o: &OfferCandidate,
    ctx: &Context<'_>,
    scratch: &mut Vec<Check>,
) -> (f32, Option<usize>, Option<f64>, bool) {
    let past = ctx.history.get(&(h.id, Target::Offer(o.id)));
    let nearest = score::nearest_wished(h, &o.place);
    let mut best: Option<(f32, Option<usize>, Option<f64>, bool)> = None;
    for (i, adult) in h.adults.iter().enumerate() {
        let km = fill_offer_checks(scratch, h, adult, o, nearest, past, ctx, false);
        let s = criteria::score_percent(scratch, ctx.weights);
        let aside = any_eliminatory(scratch);
        if better_adult(aside, s, best.map(|b| (b.3, b.0))) {
            best = Some((s, Some(i), km, aside));
        }
    }
    best.unwrap_or_else(|| {
        let (checks, s, adult, km) = no_adult_checks(o, past, false);
        (s, adult, km, any_eliminatory(&checks))
    })
}

/// Fills `checks` with a unit's criteria for a household; returns the distance, km.
fn fill_unit_checks(
    checks: &mut Vec<Check>,
    h: &HouseholdProfile,
    u: &UnitCandidate,
    ctx: &Context<'_>,
    explain: bool,
) -> Option<f64> {
    let past = ctx.history.get(&(h.id, Target::Unit(u.id)));
    let (distance, km) = score::check_distance(h, &u.place, HOUSING_RADIUS_KM, explain);
    checks.clear();
    checks.push(score::check_unit_available(u, ctx.today, explain));
    checks.push(distance);
    checks.push(score::check_typology(h, u, explain));
    checks.push(score::check_rent(
        h,
        u,
        ctx.filters.effort_ceiling_pct,
        explain,
    ));
    checks.extend(score::check_accessibility(h, u, explain));
    checks.extend(score::check_schooling(h, u, explain));
    checks.extend(score::check_history(past, explain));
    km
}

/// Checks of a unit for a household.
fn unit_checks(
    h: &HouseholdProfile,
    u: &UnitCandidate,
    ctx: &Context<'_>,
    explain: bool,
) -> (Vec<Check>, f32, Option<f64>) {
    let mut checks = Vec::with_capacity(7);
    let km = fill_unit_checks(&mut checks, h, u, ctx, explain);
    let s = criteria::score_percent(&checks, ctx.weights);
    (checks, s, km)
}

fn declined(ctx: &Context<'_>, household: Uuid, target: Target) -> bool {
    ctx.history
        .get(&(household, target))
        .is_some_and(|p| p.status == ProposalStatus::Refuse)
}

fn has_history(ctx: &Context<'_>, household: Uuid, target: Target) -> bool {
    ctx.history.contains_key(&(household, target))
}

/// Whether an offer is shown to this household: open (or already proposed to it), and
/// passing the filters.
fn offer_eligible(h: &HouseholdProfile, o: &OfferCandidate, ctx: &Context<'_>) -> bool {
    (o.status == OfferStatus::Ouvert || has_history(ctx, h.id, Target::Offer(o.id)))
        && (!ctx.filters.durable_only || o.contract.is_durable())
}

fn unit_eligible(h: &HouseholdProfile, u: &UnitCandidate, ctx: &Context<'_>) -> bool {
    (u.status == UnitStatus::Disponible || has_history(ctx, h.id, Target::Unit(u.id)))
        && ctx.filters.typology.is_none_or(|t| t == u.typology)
}

fn within_max(km: Option<f64>, ctx: &Context<'_>) -> bool {
    match (ctx.filters.max_distance_km, km) {
        (Some(max), Some(km)) => km <= max,
        _ => true,
    }
}

/// Ranking order: set aside last, then declined, then higher score, nearer, then id
/// (stable output).
fn order(a: &Suggestion, b: &Suggestion) -> std::cmp::Ordering {
    a.set_aside
        .cmp(&b.set_aside)
        .then(a.declined.cmp(&b.declined))
        .then(b.score.total_cmp(&a.score))
        .then(
            a.distance_km
                .unwrap_or(f64::MAX)
                .total_cmp(&b.distance_km.unwrap_or(f64::MAX)),
        )
        .then(a.target.cmp(&b.target))
        .then(a.household.cmp(&b.household))
}

/// The best `k` of the suggestions kept, then the best `k` of those set aside, so that the
/// « à écarter » group still shows why the rest was left out.
fn top_k_grouped(all: Vec<Suggestion>, k: usize) -> Vec<Suggestion> {
    let (aside, kept): (Vec<Suggestion>, Vec<Suggestion>) =
        all.into_iter().partition(|s| s.set_aside);
    let mut out = top_k(kept, k);
    out.extend(top_k(aside, k));
    out
}

/// Keeps the best `k` (in [`order`]) and sorts them.
fn top_k(mut all: Vec<Suggestion>, k: usize) -> Vec<Suggestion> {
    if all.len() > k && k > 0 {
        all.select_nth_unstable_by(k - 1, order);
        all.truncate(k);
    }
    all.sort_by(order);
    all
}

/// A candidate as ranked, before it is explained: enough for [`order`] without building
/// a [`Suggestion`] for each of 25,000 candidates.
#[derive(Clone, Copy)]
struct Light {
    index: usize,
    target: Target,
    score: f32,
    adult: Option<usize>,
    km: Option<f64>,
    set_aside: bool,
    declined: bool,
}

/// [`order`] on light candidates of one household.
fn light_order(a: &Light, b: &Light) -> std::cmp::Ordering {
    a.set_aside
        .cmp(&b.set_aside)
        .then(a.declined.cmp(&b.declined))
        .then(b.score.total_cmp(&a.score))
        .then(
            a.km.unwrap_or(f64::MAX)
                .total_cmp(&b.km.unwrap_or(f64::MAX)),
        )
        .then(a.target.cmp(&b.target))
}

/// [`top_k_grouped`] on light candidates: the best `k` kept, then the best `k` set aside.
fn light_top_k_grouped(all: &[Light], k: usize) -> Vec<Light> {
    let top = |mut v: Vec<Light>| {
        if v.len() > k && k > 0 {
            v.select_nth_unstable_by(k - 1, light_order);
            v.truncate(k);
        }
        v.sort_by(light_order);
        v
    };
    let (aside, kept): (Vec<Light>, Vec<Light>) = all.iter().partition(|l| l.set_aside);
    let mut out = top(kept);
    out.extend(top(aside));
    out
}

/// Ranks offers, units and bundles for one household; the best `k` of each list,
/// explained.
///
/// Per candidate it only scores (no reason formatted, no allocation, the distance from
/// each place's precomputed position); suggestions are built and explained for the kept
/// ones only. Same order and same results as explaining them all.
pub fn rank_for_household(
    h: &HouseholdProfile,
    offers: &[OfferCandidate],
    units: &[UnitCandidate],
    ctx: &Context<'_>,
    k: usize,
) -> Ranking {
    // Most households have no earlier proposal: an empty history then answers every
    // lookup without hashing the pair.
    let no_history = History::new();
    let ctx = &if ctx.history.keys().any(|(id, _)| *id == h.id) {
        *ctx
    } else {
        Context {
            history: &no_history,
            ..*ctx
        }
    };
    let mut scratch: Vec<Check> = Vec::with_capacity(8);
    let mut scored_offers: Vec<ScoredOffer> = Vec::with_capacity(offers.len());
    for (i, o) in offers.iter().enumerate() {
        if !offer_eligible(h, o, ctx) {
            continue;
        }
        let (score, adult, km, aside) = offer_rank(h, o, ctx, &mut scratch);
        if !within_max(km, ctx) {
            continue;
        }
        scored_offers.push((i, score, adult, km, aside));
    }
    let mut scored_units: Vec<ScoredUnit> = Vec::with_capacity(units.len());
    for (i, u) in units.iter().enumerate() {
        if !unit_eligible(h, u, ctx) {
            continue;
        }
        let km = fill_unit_checks(&mut scratch, h, u, ctx, false);
        if !within_max(km, ctx) {
            continue;
        }
        let score = criteria::score_percent(&scratch, ctx.weights);
        scored_units.push((i, score, km, any_eliminatory(&scratch)));
    }

    let light_offers: Vec<Light> = scored_offers
        .iter()
        .map(|&(i, score, adult, km, set_aside)| Light {
            index: i,
            target: Target::Offer(offers[i].id),
            score,
            adult,
            km,
            set_aside,
            declined: declined(ctx, h.id, Target::Offer(offers[i].id)),
        })
        .collect();
    let light_units: Vec<Light> = scored_units
        .iter()
        .map(|&(i, score, km, set_aside)| Light {
            index: i,
            target: Target::Unit(units[i].id),
            score,
            adult: None,
            km,
            set_aside,
            declined: declined(ctx, h.id, Target::Unit(units[i].id)),
        })
        .collect();
    let suggestion = |l: &Light, checks: Vec<Check>| Suggestion {
        target: l.target,
        household: h.id,
        score: l.score,
        declined: l.declined,
        set_aside: l.set_aside,
        adult: l.adult,
        distance_km: l.km,
        checks,
    };
    let mut ranking = Ranking {
        offers_considered: light_offers.len(),
        units_considered: light_units.len(),
        offers: light_top_k_grouped(&light_offers, k)
            .iter()
            .map(|l| suggestion(l, offer_checks(h, &offers[l.index], ctx, true).0))
            .collect(),
        units: light_top_k_grouped(&light_units, k)
            .iter()
            .map(|l| suggestion(l, unit_checks(h, &units[l.index], ctx, true).0))
            .collect(),
        bundles: Vec::new(),
    };
    for (mut b, oi, ui) in
        bundle::best_bundles(h, offers, units, &scored_offers, &scored_units, ctx, k)
    {
        b.offer_checks = offer_checks(h, &offers[oi], ctx, true).0;
        b.unit_checks = unit_checks(h, &units[ui], ctx, true).0;
        b.commute = score::check_commute(b.commute_km, ctx.filters.commute_km, true);
        b.set_aside = any_eliminatory(&b.offer_checks) || any_eliminatory(&b.unit_checks);
        ranking.bundles.push(b);
    }
    ranking
}

/// Reverse view: the households best suited to an offer, explained.
pub fn rank_households_for_offer(
    households: &[HouseholdProfile],
    offer: &OfferCandidate,
    ctx: &Context<'_>,
    k: usize,
) -> Vec<Suggestion> {
    let all: Vec<Suggestion> = households
        .iter()
        .map(|h| {
            let (checks, score, adult, km) = offer_checks(h, offer, ctx, false);
            Suggestion {
                target: Target::Offer(offer.id),
                household: h.id,
                score,
                declined: declined(ctx, h.id, Target::Offer(offer.id)),
                set_aside: any_eliminatory(&checks),
                adult,
                distance_km: km,
                checks: Vec::new(),
            }
        })
        .collect();
    let mut top = top_k_grouped(all, k);
    let by_id: HashMap<Uuid, &HouseholdProfile> = households.iter().map(|h| (h.id, h)).collect();
    for s in &mut top {
        if let Some(h) = by_id.get(&s.household) {
            s.checks = offer_checks(h, offer, ctx, true).0;
        }
    }
    top
}

/// Reverse view: the households best suited to a unit, explained.
pub fn rank_households_for_unit(
    households: &[HouseholdProfile],
    unit: &UnitCandidate,
    ctx: &Context<'_>,
    k: usize,
) -> Vec<Suggestion> {
    let all: Vec<Suggestion> = households
        .iter()
        .map(|h| {
            let (checks, score, km) = unit_checks(h, unit, ctx, false);
            Suggestion {
                target: Target::Unit(unit.id),
                household: h.id,
                score,
                declined: declined(ctx, h.id, Target::Unit(unit.id)),
                set_aside: any_eliminatory(&checks),
                adult: None,
                distance_km: km,
                checks: Vec::new(),
            }
        })
        .collect();
    let mut top = top_k_grouped(all, k);
    let by_id: HashMap<Uuid, &HouseholdProfile> = households.iter().map(|h| (h.id, h)).collect();
    for s in &mut top {
        if let Some(h) = by_id.get(&s.household) {
            s.checks = unit_checks(h, unit, ctx, true).0;
        }
    }
    top
}

/// A one-line French summary of why a suggestion ranks where it does:
/// "78 % — 5 critères remplis, 1 en partie, 1 non rempli".
pub fn summary_fr(score: f32, checks: &[Check], declined: bool) -> String {
    let (m, p, n) = counts(checks);
    let plural = |n: usize, one: &str, many: &str| {
        if n > 1 {
            many.to_owned()
        } else {
            one.to_owned()
        }
    };
    let mut text = format!(
        "{:.0} % — {m} {}, {p} en partie, {n} {}",
        score,
        plural(m, "critère rempli", "critères remplis"),
        plural(n, "non rempli", "non remplis"),
    );
    let reasons = set_aside_reasons(checks);
    if !reasons.is_empty() {
        text.push_str(&format!(" — à écarter : {}", reasons.join(" ; ")));
    } else if declined {
        text.push_str(" — déjà refusé, placé en fin de liste");
    }
    text
}

/// The criterion of a check, for callers that only hold checks.
pub fn criterion_of(check: &Check) -> Criterion {
    check.criterion
}

#[cfg(test)]
mod tests {
    use super::score::tests::{d, household, offer, place, unit};
    use super::*;
    use crate::domain::model::{ContractKind, DeclineBy};

    fn ctx<'a>(weights: &'a Weights, filters: &'a Filters, history: &'a History) -> Context<'a> {
        Context {
            weights,
            today: d(2, 1),
            filters,
            history,
        }
    }

    #[test]
    fn a_declined_offer_is_ranked_after_a_worse_one() {
        let good = offer();
        let worse = OfferCandidate {
            id: Uuid::from_u128(11),
            contract: ContractKind::Interim,
            ..offer()
        };
        let h = household();
        let (w, f) = (Weights::default(), Filters::default());
        let mut history = History::new();
        let r = rank_for_household(
            &h,
            &[good.clone(), worse.clone()],
            &[],
            &ctx(&w, &f, &history),
            10,
        );
        assert_eq!(r.offers[0].target, Target::Offer(good.id));
        history.insert(
            (h.id, Target::Offer(good.id)),
            PastProposal {
                status: ProposalStatus::Refuse,
                proposed_on: d(1, 5),
                decline_by: Some(DeclineBy::Menage),
                decline_reason: "horaires de nuit".into(),
            },
        );
        let r = rank_for_household(
            &h,
            &[good.clone(), worse.clone()],
            &[],
            &ctx(&w, &f, &history),
            10,
        );
        assert_eq!(r.offers[0].target, Target::Offer(worse.id));
        assert!(r.offers[1].declined);
        let reasons: Vec<_> = r.offers[1].checks.iter().map(Check::explained).collect();
        assert!(
            reasons.contains(&"refusé par le ménage : « horaires de nuit » ✗".to_owned()),
            "{reasons:?}"
        );
        assert!(summary_fr(r.offers[1].score, &r.offers[1].checks, true).contains("déjà refusé"));
    }

    #[test]
    fn filters_leave_out_short_contracts_far_places_and_other_typologies() {
        let far = OfferCandidate {
            id: Uuid::from_u128(12),
            place: place("Paris", 48.8566, 2.3522),
            ..offer()
        };
        let short = OfferCandidate {
            id: Uuid::from_u128(13),
            contract: ContractKind::CddCourt,
            ..offer()
        };
        let t5 = UnitCandidate {
            id: Uuid::from_u128(21),
            typology: Typology::T5,
            ..unit()
        };
        let h = household();
        let w = Weights::default();
        let history = History::new();
        let f = Filters {
            durable_only: true,
            max_distance_km: Some(50.0),
            typology: Some(Typology::T3),
            commute_km: 20.0,
            ..Filters::default()
        };
        let r = rank_for_household(
            &h,
            &[offer(), far, short],
            &[unit(), t5],
            &ctx(&w, &f, &history),
            10,
        );
        assert_eq!(
            r.offers.iter().map(|s| s.target).collect::<Vec<_>>(),
            [Target::Offer(offer().id)]
        );
        assert_eq!(
            r.units.iter().map(|s| s.target).collect::<Vec<_>>(),
            [Target::Unit(unit().id)]
        );
    }

    #[test]
    fn closed_offers_and_let_units_are_left_out_unless_already_proposed() {
        let closed = OfferCandidate {
            status: OfferStatus::Pourvu,
            ..offer()
        };
        let h = household();
        let (w, f) = (Weights::default(), Filters::default());
        let mut history = History::new();
        assert!(
            rank_for_household(
                &h,
                std::slice::from_ref(&closed),
                &[],
                &ctx(&w, &f, &history),
                10
            )
            .offers
            .is_empty()
        );
        history.insert(
            (h.id, Target::Offer(closed.id)),
            PastProposal {
                status: ProposalStatus::Entretien,
                proposed_on: d(1, 5),
                decline_by: None,
                decline_reason: String::new(),
            },
        );
        assert_eq!(
            rank_for_household(&h, &[closed], &[], &ctx(&w, &f, &history), 10)
                .offers
                .len(),
            1
        );
    }

    #[test]
    fn the_first_offer_is_the_one_with_more_criteria_met_and_says_so() {
        let h = household();
        let fits = offer();
        let needs_licence_far = OfferCandidate {
            id: Uuid::from_u128(14),
            requires_licence: true,
            place: place("Saint-Flour", 45.0339, 3.0931),
            ..offer()
        };
        let mut no_licence = h.clone();
        no_licence.adults[0].licence = false;
        let (w, f, history) = (Weights::default(), Filters::default(), History::new());
        let r = rank_for_household(
            &no_licence,
            &[needs_licence_far, fits.clone()],
            &[],
            &ctx(&w, &f, &history),
            10,
        );
        assert_eq!(r.offers[0].target, Target::Offer(fits.id));
        assert_eq!(r.offers[0].score, 100.0);
        let second: Vec<_> = r.offers[1].checks.iter().map(Check::explained).collect();
        assert!(
            second.contains(&"permis B exigé, non détenu ✗".to_owned()),
            "{second:?}"
        );
        assert_eq!(
            summary_fr(100.0, &r.offers[0].checks, false),
            "100 % — 4 critères remplis, 0 en partie, 0 non rempli"
        );
    }

    #[test]
    fn reverse_views_rank_households() {
        let h1 = household();
        let mut h2 = household();
        h2.id = Uuid::from_u128(2);
        h2.adults[0].trades = vec!["aide soignant".into()];
        h2.adults[0].domains = vec![crate::domain::model::RomeDomain::J];
        let (w, f, history) = (Weights::default(), Filters::default(), History::new());
        let r = rank_households_for_offer(
            &[h2.clone(), h1.clone()],
            &offer(),
            &ctx(&w, &f, &history),
            10,
        );
        assert_eq!(r[0].household, h1.id);
        assert!(!r[0].checks.is_empty());
        let mut big = household();
        big.id = Uuid::from_u128(3);
        big.persons = 7;
        let r = rank_households_for_unit(&[big, h1.clone()], &unit(), &ctx(&w, &f, &history), 10);
        assert_eq!(r[0].household, h1.id);
    }
}
