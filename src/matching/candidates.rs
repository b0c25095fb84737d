//! From domain records to the plain candidates the matcher ranks: communes resolved to
//! coordinates (gazetteer, then what a worker entered by hand), trades folded, children's
//! schooling needs, latest proposal per pair.

use std::collections::{BTreeSet, HashMap};

use uuid::Uuid;

use super::geo::{Gazetteer, LatLon, Precision, normalise};
use super::score::{
    AdultProfile, HouseholdProfile, OfferCandidate, PastProposal, Place, UnitCandidate, fold_trade,
};
use super::{History, Target};
use crate::domain::model::*;

/// Resolves commune texts to places: the gazetteer, overridden by facts entered by hand.
pub struct Resolver<'a> {
    gazetteer: &'a Gazetteer,
    facts: HashMap<String, CommuneFact>,
    cache: HashMap<String, (Place, Option<BTreeSet<Establishment>>)>,
}

/// How a commune typed in a record is known, for the "communes à compléter" list.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneStatus {
    /// Key under which a fact is stored (INSEE code or normalised name).
    pub key: String,
    /// Name as shown ("Aurillac (15)", or the text typed).
    pub name: String,
    /// Coordinates, if known.
    pub coords: Option<LatLon>,
    /// How they were found.
    pub precision: Precision,
    /// Schools recorded.
    pub schools: Option<BTreeSet<Establishment>>,
}

impl<'a> Resolver<'a> {
    /// A resolver over `gazetteer` with the facts entered by hand.
    pub fn new(gazetteer: &'a Gazetteer, facts: &[CommuneFact]) -> Self {
        Resolver {
            gazetteer,
            facts: facts.iter().map(|f| (f.key.clone(), f.clone())).collect(),
            cache: HashMap::new(),
        }
    }

    /// The key a fact about this commune text is stored under.
    pub fn key(&self, text: &str) -> String {
        self.gazetteer
            .resolve(text)
            .map_or_else(|| normalise(text), |c| c.insee.clone())
    }

    /// Everything known about a commune text.
    pub fn status(&self, text: &str) -> CommuneStatus {
        let found = self.gazetteer.resolve(text);
        let key = found.map_or_else(|| normalise(text), |c| c.insee.clone());
        let fact = self.facts.get(&key);
        let manual = fact
            .and_then(|f| f.coords)
            .map(|(lat, lon)| LatLon::new(lat, lon));
        let (coords, precision) = match (manual, found) {
            (Some(c), _) => (Some(c), Precision::Manual),
            (None, Some(c)) => (c.coords, c.precision),
            (None, None) => (None, Precision::Unknown),
        };
        CommuneStatus {
            key,
            name: found.map_or_else(|| text.trim().to_owned(), super::geo::Commune::display),
            coords,
            precision,
            schools: fact.and_then(|f| f.schools.clone()),
        }
    }

    fn place(&mut self, text: &str) -> (Place, Option<BTreeSet<Establishment>>) {
        if let Some(hit) = self.cache.get(text) {
            return hit.clone();
        }
        let status = self.status(text);
        let shown = text.trim();
        let out = (Place::new(shown, status.coords), status.schools);
        self.cache.insert(text.to_owned(), out.clone());
        out
    }
}

/// Candidates for the matcher, with the lookup tables the views need.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// Households with an active case (or none at all).
    pub households: Vec<HouseholdProfile>,
    /// Job offers.
    pub offers: Vec<OfferCandidate>,
    /// Housing units, relay apartments left out.
    pub units: Vec<UnitCandidate>,
    /// Latest proposal per pair.
    pub history: History,
}

/// Builds the candidates from records.
#[allow(clippy::too_many_arguments)]
pub fn build(
    resolver: &mut Resolver<'_>,
    households: &[Household],
    adults: &[Adult],
    children: &[Child],
    employers: &[Employer],
    offers: &[JobOffer],
    landlords: &[Landlord],
    units: &[HousingUnit],
    proposals: &[Proposal],
    excluded_households: &BTreeSet<Uuid>,
) -> Candidates {
    let mut adults_of: HashMap<Uuid, Vec<&Adult>> = HashMap::new();
    for a in adults {
        adults_of.entry(a.household_id).or_default().push(a);
    }
    let mut children_of: HashMap<Uuid, Vec<&Child>> = HashMap::new();
    for c in children {
        children_of.entry(c.household_id).or_default().push(c);
    }
    let households = households
        .iter()
        .filter(|h| !excluded_households.contains(&h.id))
        .map(|h| {
            let adults = adults_of.get(&h.id).cloned().unwrap_or_default();
            let kids = children_of.get(&h.id).cloned().unwrap_or_default();
            HouseholdProfile {
                id: h.id,
                label: h.label.clone(),
                adults: adults.iter().map(|a| adult_profile(a)).collect(),
                persons: u32::try_from(adults.len() + kids.len()).unwrap_or(u32::MAX),
                schooling_needs: kids
                    .iter()
                    .map(|c| c.schooling_level.establishment())
                    .filter(|e| *e != Establishment::Aucun)
                    .collect(),
                resources_cents: h.monthly_resources_cents(),
                max_rent_cents: h.housing_demand.max_rent_cents,
                wished_typology: h.housing_demand.typology,
                wished: h
                    .housing_demand
                    .wished_communes
                    .iter()
                    .map(|w| resolver.place(w).0)
                    .collect(),
                needs_accessibility: h.barriers.contains(&Barrier::Sante),
            }
        })
        .collect();
    let employer_name: HashMap<Uuid, &str> =
        employers.iter().map(|e| (e.id, e.name.as_str())).collect();
    let offers = offers
        .iter()
        .map(|o| OfferCandidate {
            id: o.id,
            title: o.title.clone(),
            employer: employer_name
                .get(&o.employer_id)
                .copied()
                .unwrap_or("")
                .to_owned(),
            trade: fold_trade(if o.trade.trim().is_empty() {
                &o.title
            } else {
                &o.trade
            }),
            domain: o.rome_domain,
            place: resolver.place(&o.commune).0,
            contract: o.contract,
            hours_per_week: o.hours_per_week,
            start_date: o.start_date,
            requires_licence: o.requires_licence,
            requires_vehicle: o.requires_vehicle,
            qualification: o.qualification.clone(),
            status: o.status,
        })
        .collect();
    let landlord_name: HashMap<Uuid, &str> =
        landlords.iter().map(|l| (l.id, l.name.as_str())).collect();
    let units = units
        .iter()
        .filter(|u| !u.is_relay)
        .map(|u| {
            let (place, schools) = resolver.place(&u.commune);
            UnitCandidate {
                id: u.id,
                label: u.label.clone(),
                landlord: landlord_name
                    .get(&u.landlord_id)
                    .copied()
                    .unwrap_or("")
                    .to_owned(),
                place,
                typology: u.typology,
                surface_m2: u.surface_m2,
                total_rent_cents: u.total_rent_cents(),
                available_from: u.available_from,
                floor: u.floor,
                lift: u.lift,
                accessible: u.accessible,
                status: u.status,
                schools,
            }
        })
        .collect();
    Candidates {
        households,
        offers,
        units,
        history: history(proposals),
    }
}

fn adult_profile(a: &Adult) -> AdultProfile {
    AdultProfile {
        first_name: a.first_name.clone(),
        trades: a.trades.iter().map(|t| fold_trade(t)).collect(),
        trades_shown: a.trades.clone(),
        domains: a.rome_domains.clone(),
        qualifications: a.qualifications.clone(),
        education: a.education_level,
        licence: a.driving_licence,
        vehicle: a.vehicle,
        available_from: a.available_from,
        mobility_radius_km: a.mobility_radius_km,
    }
}

/// The latest proposal of each (household, target) pair (by date, then id).
pub fn history(proposals: &[Proposal]) -> History {
    let mut sorted: Vec<&Proposal> = proposals.iter().collect();
    sorted.sort_by_key(|p| (p.proposed_on, p.id));
    let mut out = History::new();
    for p in sorted {
        let target = match (p.offer_id, p.unit_id) {
            (Some(o), _) => Target::Offer(o),
            (None, Some(u)) => Target::Unit(u),
            (None, None) => continue,
        };
        out.insert(
            (p.household_id, target),
            PastProposal {
                status: p.status,
                proposed_on: p.proposed_on,
                decline_by: p.decline_by,
                decline_reason: p.decline_reason.clone(),
            },
        );
    }
    out
}

/// Whether a household has both an accepted offer and an accepted unit: the moment to
/// suggest « Embauche & installation ».
pub fn ready_to_move_in(history: &History, household: Uuid) -> bool {
    let accepted = |want_offer: bool| {
        history.iter().any(|((h, t), p)| {
            *h == household
                && p.status == ProposalStatus::Accepte
                && matches!(t, Target::Offer(_)) == want_offer
        })
    };
    accepted(true) && accepted(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn manual_coordinates_override_and_complete_the_gazetteer() {
        let g = Gazetteer::embedded();
        let facts = vec![CommuneFact {
            key: normalise("Lieu-dit des Granges"),
            name: "Lieu-dit des Granges".into(),
            coords: Some((44.9, 2.4)),
            schools: Some([Establishment::EcoleElementaire].into()),
        }];
        let r = Resolver::new(g, &facts);
        let s = r.status("Lieu-dit des Granges");
        assert_eq!(s.precision, Precision::Manual);
        assert_eq!(s.coords, Some(LatLon::new(44.9, 2.4)));
        let a = r.status("aurillac");
        assert_eq!(
            (a.key.as_str(), a.name.as_str(), a.precision),
            ("15014", "Aurillac (15)", Precision::Exact)
        );
        let unknown = r.status("Nulle-Part-sur-Rien");
        assert_eq!(
            (unknown.coords, unknown.precision),
            (None, Precision::Unknown)
        );
    }

    #[test]
    fn the_latest_proposal_of_a_pair_wins_and_acceptances_are_detected() {
        let h = Uuid::from_u128(1);
        let p = |id: u128, day: u32, offer: Option<u128>, unit: Option<u128>, status| Proposal {
            decided_by: String::new(),
            id: Uuid::from_u128(id),
            household_id: h,
            offer_id: offer.map(Uuid::from_u128),
            unit_id: unit.map(Uuid::from_u128),
            proposed_on: NaiveDate::from_ymd_opt(2025, 1, day).expect("date"),
            status,
            decline_by: None,
            decline_reason: String::new(),
        };
        let list = [
            p(10, 5, Some(7), None, ProposalStatus::Refuse),
            p(11, 2, Some(7), None, ProposalStatus::Accepte),
            p(12, 3, None, Some(8), ProposalStatus::Accepte),
        ];
        let hist = history(&list);
        assert_eq!(
            hist[&(h, Target::Offer(Uuid::from_u128(7)))].status,
            ProposalStatus::Refuse
        );
        assert!(!ready_to_move_in(&hist, h));
        let list = [
            p(11, 2, Some(7), None, ProposalStatus::Accepte),
            p(12, 3, None, Some(8), ProposalStatus::Accepte),
        ];
        assert!(ready_to_move_in(&history(&list), h));
    }
}
