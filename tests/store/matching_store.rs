//! Matching's store: proposals and their statuses, relay bookings (overlaps refused),
//! commune coordinates by hand, weights in the settings, candidates from the demo.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use passerelle::demo::{self, DemoOptions};
use passerelle::domain::model::*;
use passerelle::matching::candidates::{self, Resolver};
use passerelle::matching::criteria::{WEIGHTS_SETTING, Weights};
use passerelle::matching::geo::{Gazetteer, Precision};
use passerelle::matching::{self, Context, Filters, Target};
use passerelle::store::keyfile::KdfParams;
use passerelle::store::{Store, StoreError, StorePaths};
use tempfile::TempDir;

fn demo_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (mut store, _) = Store::create(&paths, "une phrase de test", KdfParams::FLOOR).unwrap();
    store.set_clock(Arc::new(|| {
        Utc.with_ymd_and_hms(2026, 3, 15, 8, 0, 0).single().unwrap()
    }));
    demo::fill(
        &mut store,
        &DemoOptions {
            households: 10,
            seed: 3,
        },
    )
    .unwrap();
    (dir, store)
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

#[test]
fn proposals_move_through_their_statuses_and_a_refusal_needs_who_and_why() {
    let (_dir, mut store) = demo_store();
    let household = store.list::<Household>().unwrap()[0].id;
    let offer = store.list::<JobOffer>().unwrap()[0].id;
    let p = store
        .write(|tx| tx.propose(household, Some(offer), None))
        .unwrap();
    assert_eq!(p.status, ProposalStatus::Propose);
    // No second proposal of the same pair while one is under way.
    let err = store
        .write(|tx| tx.propose(household, Some(offer), None))
        .unwrap_err();
    assert!(err.to_string().contains("déjà positionné"), "{err}");
    store
        .write(|tx| tx.set_proposal_status(p.id, ProposalStatus::Entretien, None, ""))
        .unwrap();
    let err = store
        .write(|tx| tx.set_proposal_status(p.id, ProposalStatus::Refuse, None, "loin"))
        .unwrap_err();
    assert!(err.to_string().contains("qui a refusé"), "{err}");
    let err = store
        .write(|tx| {
            tx.set_proposal_status(
                p.id,
                ProposalStatus::Refuse,
                Some(DeclineBy::Employeur),
                " ",
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("raison"), "{err}");
    store
        .write(|tx| {
            tx.set_proposal_status(
                p.id,
                ProposalStatus::Refuse,
                Some(DeclineBy::Employeur),
                "poste pourvu en interne",
            )
        })
        .unwrap();
    let stored: Proposal = store.get(p.id).unwrap();
    assert_eq!(
        (stored.status, stored.decline_by),
        (ProposalStatus::Refuse, Some(DeclineBy::Employeur))
    );
    assert_eq!(stored.decline_reason, "poste pourvu en interne");

    // The matcher sees the refusal: the pair is declined and explained.
    let records = store.matching_records().unwrap();
    let hist = candidates::history(&records.proposals);
    assert_eq!(
        hist[&(household, Target::Offer(offer))].status,
        ProposalStatus::Refuse
    );
}

#[test]
fn overlapping_relay_stays_are_refused_with_the_dates() {
    let (_dir, mut store) = demo_store();
    let relay = store
        .list::<HousingUnit>()
        .unwrap()
        .into_iter()
        .find(|u| u.is_relay)
        .unwrap();
    let household = store.list::<Household>().unwrap()[1].id;
    let stay = |from, to| RelayStay {
        id: uuid::Uuid::new_v4(),
        unit_id: relay.id,
        household_id: household,
        from,
        to,
        notes: String::new(),
    };
    store
        .write(|tx| tx.book_relay_stay(&stay(d(6, 1), d(6, 5))))
        .unwrap();
    let err = store
        .write(|tx| tx.book_relay_stay(&stay(d(6, 4), d(6, 7))))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(
        err.to_string()
            .contains("déjà réservé du 01/06/2026 au 05/06/2026"),
        "{err}"
    );
    // The day of departure may be the next arrival.
    store
        .write(|tx| tx.book_relay_stay(&stay(d(6, 5), d(6, 9))))
        .unwrap();
    // Only relay apartments take discovery stays.
    let plain = store
        .list::<HousingUnit>()
        .unwrap()
        .into_iter()
        .find(|u| !u.is_relay)
        .unwrap();
    let mut s = stay(d(7, 1), d(7, 4));
    s.unit_id = plain.id;
    assert!(
        store
            .write(|tx| tx.book_relay_stay(&s))
            .unwrap_err()
            .to_string()
            .contains("pas un appartement relais")
    );
}

#[test]
fn commune_coordinates_by_hand_and_weights_are_kept_in_the_base() {
    let (_dir, mut store) = demo_store();
    let err = store
        .write(|tx| tx.set_commune_coords("x", "X", 95.0, 2.0))
        .unwrap_err();
    assert!(err.to_string().contains("latitude"), "{err}");
    store
        .write(|tx| {
            tx.set_commune_coords("lieu dit des granges", "Lieu-dit des Granges", 44.95, 2.41)
        })
        .unwrap();
    let facts = store.commune_facts().unwrap();
    let r = Resolver::new(Gazetteer::embedded(), &facts);
    let s = r.status("Lieu-dit des Granges");
    assert_eq!(s.precision, Precision::Manual);
    // The demo recorded the schools of Cantal communes.
    assert!(
        r.status("Aurillac")
            .schools
            .unwrap()
            .contains(&Establishment::College)
    );

    let saved =
        |store: &Store| Weights::from_setting(store.setting(WEIGHTS_SETTING).unwrap().as_deref());
    assert_eq!(saved(&store), Weights::default());
    let w = Weights {
        metier: 5.0,
        loyer: 0.5,
        ..Weights::default()
    };
    store
        .set_setting(WEIGHTS_SETTING, &w.to_setting().unwrap())
        .unwrap();
    assert_eq!(saved(&store), w);
    // A value that does not read (hand-edited, older) gives the defaults, never an error.
    store
        .set_setting(WEIGHTS_SETTING, "{\"metier\": \"beaucoup\"")
        .unwrap();
    assert_eq!(saved(&store), Weights::default());
    // Out-of-range weights come back clamped.
    store
        .set_setting(WEIGHTS_SETTING, "{\"metier\": 40.0}")
        .unwrap();
    assert_eq!(saved(&store).metier, Weights::MAX);
}

#[test]
fn demo_households_get_explained_suggestions_with_real_distances() {
    let (_dir, store) = demo_store();
    let rec = store.matching_records().unwrap();
    let mut resolver = Resolver::new(Gazetteer::embedded(), &rec.commune_facts);
    let c = candidates::build(
        &mut resolver,
        &rec.households,
        &rec.adults,
        &rec.children,
        &rec.employers,
        &rec.offers,
        &rec.landlords,
        &rec.units,
        &rec.proposals,
        &Default::default(),
    );
    assert!(
        c.offers.iter().all(|o| o.place.coords.is_some()),
        "demo communes are in the gazetteer"
    );
    let (w, f) = (Weights::default(), Filters::default());
    let ctx = Context {
        weights: &w,
        today: d(3, 15),
        filters: &f,
        history: &c.history,
    };
    let r = matching::rank_for_household(&c.households[0], &c.offers, &c.units, &ctx, 10);
    let open = c
        .offers
        .iter()
        .filter(|o| o.status == OfferStatus::Ouvert)
        .count();
    assert_eq!(r.offers.len(), open.min(10), "every open offer is ranked");
    for s in r.offers.iter().chain(&r.units) {
        assert!(
            s.checks.iter().all(|c| !c.reason.is_empty()),
            "every criterion has its reason"
        );
    }
    assert!(r.offers.windows(2).all(|p| p[0].declined <= p[1].declined));
}

#[test]
fn registries_delete_as_tombstones_children_first_and_cancel_bookings() {
    let (_dir, mut store) = demo_store();
    // An employer with offers stays; its offers go first, then it can go.
    let employer = store.list::<Employer>().unwrap()[0].clone();
    let offers: Vec<JobOffer> = store.list_by("employer_id", employer.id).unwrap();
    assert!(!offers.is_empty());
    let err = store
        .write(|tx| tx.delete_employer(employer.id))
        .unwrap_err();
    assert!(err.to_string().contains("supprimez-les d'abord"), "{err}");
    for o in &offers {
        store.write(|tx| tx.delete_offer(o.id)).unwrap();
    }
    store.write(|tx| tx.delete_employer(employer.id)).unwrap();
    assert!(store.find::<Employer>(employer.id).unwrap().is_none());
    // A tombstone cannot be edited back to life.
    assert!(matches!(
        store.write(|tx| tx.put(&employer)),
        Err(StoreError::NotFound { .. })
    ));

    // A relay apartment with a stay to come is kept until the stay is cancelled.
    let relay = store
        .list::<HousingUnit>()
        .unwrap()
        .into_iter()
        .find(|u| u.is_relay)
        .unwrap();
    for s in store.list_by::<RelayStay>("unit_id", relay.id).unwrap() {
        store.write(|tx| tx.cancel_relay_stay(s.id)).unwrap();
    }
    let household = store.list::<Household>().unwrap()[0].id;
    let stay = RelayStay {
        id: uuid::Uuid::new_v4(),
        unit_id: relay.id,
        household_id: household,
        from: d(4, 1),
        to: d(4, 4),
        notes: String::new(),
    };
    store.write(|tx| tx.book_relay_stay(&stay)).unwrap();
    let err = store.write(|tx| tx.delete_unit(relay.id)).unwrap_err();
    assert!(err.to_string().contains("annulez d'abord"), "{err}");
    store.write(|tx| tx.cancel_relay_stay(stay.id)).unwrap();
    // The dates are free again.
    let again = RelayStay {
        id: uuid::Uuid::new_v4(),
        ..stay.clone()
    };
    store.write(|tx| tx.book_relay_stay(&again)).unwrap();
    store.write(|tx| tx.cancel_relay_stay(again.id)).unwrap();
    store.write(|tx| tx.delete_unit(relay.id)).unwrap();
    assert!(store.find::<HousingUnit>(relay.id).unwrap().is_none());

    // Editing a unit's status is a plain validated put.
    let mut unit = store
        .list::<HousingUnit>()
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    unit.status = UnitStatus::Attribue;
    store.write(|tx| tx.put(&unit)).unwrap();
    assert_eq!(
        store.get::<HousingUnit>(unit.id).unwrap().status,
        UnitStatus::Attribue
    );
    unit.commune = " ".into();
    assert!(matches!(
        store.write(|tx| tx.put(&unit)),
        Err(StoreError::Invalid(_))
    ));
}
