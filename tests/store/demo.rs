//! The demo generator: fills a real store in one transaction, deterministically.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::sync::Arc;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use passerelle::demo::{self, DemoOptions};
use passerelle::domain::model::*;
use passerelle::domain::programme::DEFAULT_PROGRAMME_ID;
use passerelle::store::keyfile::KdfParams;
use passerelle::store::{Store, StorePaths};
use tempfile::TempDir;

fn new_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (mut store, _recovery) =
        Store::create(&paths, "une phrase de test", KdfParams::FLOOR).unwrap();
    store.set_clock(Arc::new(|| {
        Utc.with_ymd_and_hms(2026, 3, 15, 8, 0, 0).single().unwrap()
    }));
    (dir, store)
}

fn names(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .list::<Adult>()
        .unwrap()
        .iter()
        .map(Adult::display_name)
        .collect();
    names.extend(
        store
            .list::<Child>()
            .unwrap()
            .iter()
            .map(Child::display_name),
    );
    names
}

#[test]
fn demo_fills_and_counts_match() {
    let (_dir, mut store) = new_store();
    let report = demo::fill(&mut store, &DemoOptions::default()).unwrap();
    assert_eq!(report.households, 40);
    assert_eq!(store.count::<Household>().unwrap(), 40);
    assert_eq!(store.count::<Adult>().unwrap() as usize, report.adults);
    assert_eq!(store.count::<Child>().unwrap() as usize, report.children);
    assert_eq!(store.count::<Case>().unwrap() as usize, report.cases);
    assert_eq!(
        store.count::<StageEvent>().unwrap() as usize,
        report.stage_events
    );
    assert_eq!(
        store.count::<Employer>().unwrap() as usize,
        report.employers
    );
    assert_eq!(
        store.count::<JobOffer>().unwrap() as usize,
        report.job_offers
    );
    assert_eq!(
        store.count::<HousingUnit>().unwrap() as usize,
        report.housing_units
    );
    assert_eq!(
        store.count::<Appointment>().unwrap() as usize,
        report.appointments
    );
    assert_eq!(
        store.count::<Attendance>().unwrap() as usize,
        report.attendances
    );
    assert_eq!(store.count::<Note>().unwrap() as usize, report.notes);
    assert_eq!(
        store.count::<DocumentItem>().unwrap() as usize,
        report.documents
    );
    assert_eq!(store.count::<Consent>().unwrap() as usize, report.consents);
    assert_eq!(
        store.count::<Proposal>().unwrap() as usize,
        report.proposals
    );
    assert_eq!(
        store.count::<RelayStay>().unwrap() as usize,
        report.relay_stays
    );
    assert_eq!(
        store.count::<EmploymentFollowUp>().unwrap() as usize,
        report.follow_ups
    );
    assert!(report.early_exits >= 1);
    assert!(
        report
            .to_string()
            .starts_with("Données de démonstration créées : 40 ménages")
    );

    // Every stage of the pathway holds at least one case, every case has a stage.
    let summary = store.summary().unwrap();
    assert_eq!(summary.households, 40);
    assert_eq!(summary.per_stage.len(), 10);
    assert!(
        summary.per_stage.iter().all(|s| s.count >= 1),
        "{:?}",
        summary.per_stage
    );
    assert_eq!(summary.per_stage.iter().map(|s| s.count).sum::<u64>(), 40);
    let cards = store.programme_cases(DEFAULT_PROGRAMME_ID).unwrap();
    assert_eq!(cards.len(), 40);
    assert!(cards.iter().all(|c| c.current.is_some()));
    assert!(cards.iter().all(|c| !c.household_label.is_empty()));
    // Histories are chronological and end where the board says.
    for card in &cards {
        let history = store.stage_history(card.case.id).unwrap();
        assert_eq!(
            history.last().map(|e| e.to_stage),
            card.current.map(|c| c.stage_id)
        );
        assert!(
            history
                .windows(2)
                .all(|w| w[0].at < w[1].at && w[1].from_stage == Some(w[0].to_stage))
        );
    }

    // Children of every school level, and a relay apartment.
    let levels: std::collections::BTreeSet<_> = store
        .list::<Child>()
        .unwrap()
        .iter()
        .map(|c| c.schooling_level)
        .collect();
    assert!(levels.len() >= 10, "{levels:?}");
    assert_eq!(
        store
            .list::<HousingUnit>()
            .unwrap()
            .iter()
            .filter(|u| u.is_relay)
            .count(),
        1
    );

    // The search finds demo people and communes.
    assert!(!store.search("aurillac", 5).unwrap().is_empty());
}

#[test]
fn same_seed_same_people_other_seed_other_people() {
    let (_a, mut first) = new_store();
    let (_b, mut second) = new_store();
    let (_c, mut third) = new_store();
    let options = DemoOptions {
        households: 15,
        seed: 7,
    };
    let r1 = demo::fill(&mut first, &options).unwrap();
    let r2 = demo::fill(&mut second, &options).unwrap();
    let r3 = demo::fill(
        &mut third,
        &DemoOptions {
            households: 15,
            seed: 8,
        },
    )
    .unwrap();
    assert_eq!(r1, r2);
    assert_eq!(names(&first), names(&second));
    assert_ne!(names(&first), names(&third));
    assert_eq!(r3.households, 15);
}

#[test]
fn demo_keeps_an_edited_programme_and_runs_twice() {
    let (_dir, mut store) = new_store();
    demo::fill(
        &mut store,
        &DemoOptions {
            households: 3,
            seed: 1,
        },
    )
    .unwrap();
    let mut programme = store.get::<Programme>(DEFAULT_PROGRAMME_ID).unwrap();
    programme.yearly_target = 99;
    store.write(|tx| tx.put(&programme)).unwrap();
    demo::fill(
        &mut store,
        &DemoOptions {
            households: 3,
            seed: 2,
        },
    )
    .unwrap();
    assert_eq!(
        store
            .get::<Programme>(DEFAULT_PROGRAMME_ID)
            .unwrap()
            .yearly_target,
        99
    );
    assert_eq!(store.count::<Household>().unwrap(), 6);
}

/// The §8-style budget: a large demo in one transaction. Debug builds are much slower
/// than release; run with `cargo test --test store demo:: -- --ignored` to measure.
#[test]
#[ignore = "slow in debug builds; run on demand"]
fn ten_thousand_households_in_seconds() {
    let (_dir, mut store) = new_store();
    let started = Instant::now();
    let report = demo::fill(
        &mut store,
        &DemoOptions {
            households: 10_000,
            seed: 3,
        },
    )
    .unwrap();
    let elapsed = started.elapsed();
    eprintln!("{report} en {:.1} s", elapsed.as_secs_f64());
    assert_eq!(store.count::<Household>().unwrap(), 10_000);

    // Reads the views do at that size (debug build: release is several times faster).
    let started = Instant::now();
    let cards = store.programme_cases(DEFAULT_PROGRAMME_ID).unwrap();
    eprintln!(
        "tableau : {} parcours en {:?}",
        cards.len(),
        started.elapsed()
    );
    let started = Instant::now();
    let summary = store.summary().unwrap();
    eprintln!(
        "résumé : {} parcours actifs en {:?}",
        summary.active_cases,
        started.elapsed()
    );
    for q in ["a", "mar", "helene", "aurillac", "famille diallo"] {
        let started = Instant::now();
        let hits = store.search(q, 20).unwrap();
        eprintln!(
            "recherche {q:?} : {} résultats en {:?}",
            hits.len(),
            started.elapsed()
        );
    }
}
