#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The board's store side: moves and their history with a fixed clock, undo, early exit,
//! new cases, programme settings (a stage in use cannot be deleted), and the set-based
//! card query checked against the records one household at a time.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::board::MoveRequest;
use passerelle::domain::model::*;
use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_stage_id};
use passerelle::store::board::NewCase;
use passerelle::store::{KdfParams, Store, StoreError, StorePaths};
use uuid::Uuid;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    now: Arc<Mutex<DateTime<Utc>>>,
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).single().unwrap()
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (mut store, _) = Store::create(&paths, "une phrase de passe", KdfParams::FLOOR).unwrap();
    let now = Arc::new(Mutex::new(t0()));
    let clock = Arc::clone(&now);
    store.set_clock(Arc::new(move || *clock.lock().unwrap()));
    Fixture {
        _dir: dir,
        store,
        now,
    }
}

fn advance(fx: &Fixture, days: i64) {
    *fx.now.lock().unwrap() += Duration::days(days);
}

fn new_case(fx: &mut Fixture, label: &str) -> Uuid {
    fx.store
        .create_case(&NewCase {
            household_label: label.into(),
            commune: "Aurillac".into(),
            housing_situation: HousingSituation::HotelSocial,
            programme_id: DEFAULT_PROGRAMME_ID,
            origin: "Samu social de Paris".into(),
            referent: "Claire".into(),
        })
        .unwrap()
        .case_id
}

fn to(case_id: Uuid, stage: usize) -> MoveRequest {
    MoveRequest {
        case_id,
        to_stage: default_stage_id(stage),
        comment: String::new(),
        exit_reason: None,
        exit_details: String::new(),
    }
}

#[test]
fn history_order_and_days_in_stage_with_a_fixed_clock() {
    let mut fx = fixture();
    let case = new_case(&mut fx, "Famille Horloge");
    advance(&fx, 3);
    let mut request = to(case, 1);
    request.comment = "Premier entretien fait".into();
    fx.store.move_case(&request, "Claire").unwrap();
    advance(&fx, 2);
    fx.store.move_case(&to(case, 2), "Malik").unwrap();
    // Going back a stage is allowed, and recorded.
    advance(&fx, 1);
    fx.store.move_case(&to(case, 1), "Malik").unwrap();
    advance(&fx, 7);

    let history = fx.store.stage_history(case).unwrap();
    let steps: Vec<_> = history
        .iter()
        .map(|e| (e.from_stage, e.to_stage, e.by.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            (None, default_stage_id(0), "Claire"),
            (Some(default_stage_id(0)), default_stage_id(1), "Claire"),
            (Some(default_stage_id(1)), default_stage_id(2), "Malik"),
            (Some(default_stage_id(2)), default_stage_id(1), "Malik"),
        ]
    );
    assert_eq!(history[1].comment, "Premier entretien fait");
    assert_eq!(history[1].at, t0() + Duration::days(3));

    let card = fx
        .store
        .board_card(DEFAULT_PROGRAMME_ID, case)
        .unwrap()
        .unwrap();
    assert_eq!(card.stage_id, Some(default_stage_id(1)));
    assert_eq!(card.days_in_stage(fx.store.now().date_naive()), 7);
    assert!(card.active);
    assert!(card.consent_missing, "no consent recorded yet");
    assert!(!card.documents_missing && !card.proposal_waiting);
    assert_eq!((card.adults, card.children), (0, 0));
}

#[test]
fn early_exit_needs_a_reason_and_undo_restores_the_stage() {
    let mut fx = fixture();
    let case = new_case(&mut fx, "Famille Sortie");
    advance(&fx, 5);
    fx.store.move_case(&to(case, 1), "Claire").unwrap();
    advance(&fx, 10);

    let refused = fx.store.move_case(&to(case, 9), "Claire").unwrap_err();
    assert!(
        matches!(&refused, StoreError::Invalid(m) if m.contains("motif")),
        "{refused}"
    );
    assert_eq!(
        fx.store.stage_history(case).unwrap().len(),
        2,
        "nothing written"
    );

    let mut exit = to(case, 9);
    exit.exit_reason = Some(EarlyExitReason::RetourIleDeFrance);
    exit.exit_details = "Rejoint sa famille à Créteil".into();
    let done = fx.store.move_case(&exit, "Claire").unwrap();
    let case_record: Case = fx.store.get(case).unwrap();
    assert_eq!(case_record.exit, ExitKind::Anticipee);
    assert_eq!(
        case_record.exit_reason,
        Some(EarlyExitReason::RetourIleDeFrance)
    );
    assert_eq!(case_record.exit_date, Some(fx.store.now().date_naive()));

    fx.store.undo_move(&done).unwrap();
    let card = fx
        .store
        .board_card(DEFAULT_PROGRAMME_ID, case)
        .unwrap()
        .unwrap();
    assert_eq!(card.stage_id, Some(default_stage_id(1)));
    // Back in the previous stage since the same day, not since the undo.
    assert_eq!(card.days_in_stage(fx.store.now().date_naive()), 10);
    assert!(card.active);
    let case_record: Case = fx.store.get(case).unwrap();
    assert_eq!(case_record.exit, ExitKind::Aucune);
    assert_eq!(fx.store.stage_history(case).unwrap().len(), 2);
}

#[test]
fn a_stage_in_use_cannot_be_deleted_but_can_be_archived() {
    let mut fx = fixture();
    let case = new_case(&mut fx, "Famille Étape");
    fx.store.move_case(&to(case, 1), "Claire").unwrap();
    let mut programme: Programme = fx.store.get(DEFAULT_PROGRAMME_ID).unwrap();

    // Diagnostic is the current stage; Orientation reçue is in the history only.
    for used in [1, 0] {
        let mut edited = programme.clone();
        edited.stages.retain(|s| s.id != default_stage_id(used));
        let err = fx.store.save_programme(&edited).unwrap_err();
        assert!(
            err.to_string().contains("ne peut pas être supprimée"),
            "{err}"
        );
        assert!(fx.store.stage_use_count(default_stage_id(used)).unwrap() > 0);
    }
    let unchanged: Programme = fx.store.get(DEFAULT_PROGRAMME_ID).unwrap();
    assert_eq!(unchanged, programme);

    // Never used: deleted. Used: archived instead. Settings saved together.
    programme.stages.retain(|s| s.id != default_stage_id(4));
    programme.stages[0].archived = true;
    programme.yearly_target = 20;
    programme.stale_after_days = 30;
    fx.store.save_programme(&programme).unwrap();
    let saved: Programme = fx.store.get(DEFAULT_PROGRAMME_ID).unwrap();
    assert_eq!(saved, programme);
    assert_eq!(saved.stages.len(), 9);
}

#[test]
fn board_cards_match_the_records_household_by_household() {
    let mut fx = fixture();
    *fx.now.lock().unwrap() = Utc::now();
    fill(
        &mut fx.store,
        &DemoOptions {
            households: 60,
            seed: 7,
        },
    )
    .unwrap();
    let now = fx.store.now();
    let today = now.date_naive();
    let cards = fx.store.board_cards(DEFAULT_PROGRAMME_ID).unwrap();
    assert_eq!(cards.len(), 60);
    let mut seen_flags = [false; 3];
    for card in &cards {
        let d = fx.store.household_detail(card.household_id).unwrap();
        let case = d.cases.iter().find(|c| c.id == card.case_id).unwrap();
        assert_eq!(card.household_label, d.household.label);
        assert_eq!(card.commune, d.household.commune);
        assert_eq!(card.referent, case.referent);
        assert_eq!(card.active, case.is_active());
        assert_eq!(card.adults as usize, d.adults.len());
        assert_eq!(card.children as usize, d.children.len());
        let next = d
            .appointments
            .iter()
            .map(|a| a.at)
            .filter(|t| *t >= now)
            .min();
        assert_eq!(card.next_appointment, next);
        let last = d
            .appointments
            .iter()
            .map(|a| a.at)
            .filter(|t| *t < now)
            .chain(d.notes.iter().map(|n| n.at))
            .max();
        assert_eq!(card.last_contact, last);
        let consent = d.consents.iter().any(|c| c.is_valid_on(today));
        assert_eq!(card.consent_missing, !consent);
        let docs = d
            .documents
            .iter()
            .any(|x| matches!(x.status, DocumentStatus::AFournir | DocumentStatus::Expire));
        assert_eq!(card.documents_missing, docs);
        let waiting = d.proposals.iter().any(|p| {
            matches!(
                p.status,
                ProposalStatus::Propose | ProposalStatus::Entretien
            )
        });
        assert_eq!(card.proposal_waiting, waiting);
        let history = fx.store.stage_history(card.case_id).unwrap();
        assert_eq!(card.stage_id, history.last().map(|e| e.to_stage));
        seen_flags[0] |= docs;
        seen_flags[1] |= waiting;
        seen_flags[2] |= next.is_some();
    }
    assert_eq!(seen_flags, [true; 3], "the demo exercises the flags");
}
