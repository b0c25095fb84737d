#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Erasure on request from the app (issue 14) through the real widgets: a person, then the
//! whole household, each behind a dialog that says what disappears for good and asks for
//! the household's name (or « EFFACER »); Échap cancels; a frozen household is refused.

use std::time::{Duration, Instant};

use egui::Key;
use egui_kittest::kittest::Queryable;
use passerelle::domain::model::{Adult, Child, Household};
use passerelle::store::Store;
use passerelle::store::audit::AuditFilter;

use crate::common;

use common::household::open_martin;
use common::{PASSPHRASE, click, harness_on as harness, type_into, wait_for, wait_for_text};

fn children_of(store: &Store, household: uuid::Uuid) -> usize {
    store
        .list::<Child>()
        .unwrap()
        .into_iter()
        .filter(|c| c.household_id == household)
        .count()
}

#[test]
fn a_person_then_the_household_are_erased_only_once_typed_and_the_list_comes_back() {
    let fx = common::household::fixture(&[]);
    let mut h = harness(&fx.paths);
    open_martin(&mut h);

    // A child: nothing goes without « EFFACER » typed; Échap closes without erasing.
    click(&mut h, "Enfants et scolarité");
    h.query_all_by_label("Effacer cette personne…")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    wait_for_text(&mut h, "sera effacé pour de bon");
    click(&mut h, "Effacer la personne");
    wait_for_text(&mut h, "Rien n'a été effacé : tapez exactement « EFFACER »");
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("Effacer la personne").is_none());
    h.query_all_by_label("Effacer cette personne…")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    type_into(&mut h, "Pour confirmer, tapez « EFFACER »", "effacer");
    click(&mut h, "Effacer la personne");
    wait_for_text(&mut h, "Personne effacée pour de bon");
    assert_eq!(h.query_all_by_label("Effacer cette personne…").count(), 1);

    // The household (« Ménage » tab): its name must be typed; a wrong name erases nothing.
    click(&mut h, "Ménage");
    click(&mut h, "Effacer définitivement ce ménage…");
    wait_for_text(
        &mut h,
        "Tout le dossier « Famille Martin » sera effacé pour de bon",
    );
    wait_for_text(&mut h, "1 adulte, 1 enfant");
    type_into(
        &mut h,
        "Pour confirmer, tapez « Famille Martin »",
        "Famille Marti",
    );
    click(&mut h, "Effacer le ménage");
    wait_for_text(
        &mut h,
        "Rien n'a été effacé : tapez exactement « Famille Martin »",
    );
    type_into(&mut h, "Pour confirmer, tapez « Famille Martin »", "n");
    click(&mut h, "Effacer le ménage");
    wait_for_text(&mut h, "Ménage effacé pour de bon");
    // Back on the list, which no longer shows it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.query_by_label("Famille Martin").is_some() {
        assert!(
            Instant::now() < deadline,
            "the list still shows the household"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    assert!(h.query_by_label("Retour à la liste").is_none());
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    assert!(store.find::<Household>(fx.household.id).unwrap().is_none());
    assert!(store.find::<Adult>(fx.adult).unwrap().is_none());
    assert_eq!(children_of(&store, fx.household.id), 0);
    assert!(store.is_erased(fx.household.id).unwrap());
    let log = store.audit_log(&AuditFilter::default()).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"effacement d'une personne"),
        "{actions:?}"
    );
    assert!(actions.contains(&"effacement"), "{actions:?}");
    // Ids only in the log: no name of the household or of its people.
    for e in &log {
        for name in ["Martin", "Hélène", "Jules", "Lina"] {
            assert!(
                !e.detail.contains(name) && !e.objects.contains(name),
                "{e:?}"
            );
        }
    }
}

#[test]
fn a_frozen_household_is_not_erased_from_the_app() {
    let fx = common::household::fixture(&[]);
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        store
            .write(|tx| tx.freeze_household(fx.household.id, "contentieux en cours"))
            .unwrap();
    }
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Effacer définitivement ce ménage…");
    wait_for_text(
        &mut h,
        "l'effacement sera refusé tant que le dossier est gelé",
    );
    type_into(
        &mut h,
        "Pour confirmer, tapez « Famille Martin »",
        "Famille Martin",
    );
    click(&mut h, "Effacer le ménage");
    wait_for_text(&mut h, "il ne peut pas être effacé tant qu'il est gelé");
    wait_for(&mut h, "Annuler");
    click(&mut h, "Annuler");
    // A person of the household neither.
    click(&mut h, "Enfants et scolarité");
    h.query_all_by_label("Effacer cette personne…")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    type_into(&mut h, "Pour confirmer, tapez « EFFACER »", "EFFACER");
    click(&mut h, "Effacer la personne");
    wait_for_text(&mut h, "il ne peut pas être effacé tant qu'il est gelé");
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    assert!(store.find::<Household>(fx.household.id).unwrap().is_some());
    assert_eq!(children_of(&store, fx.household.id), 2);
    assert!(
        store
            .audit_log(&AuditFilter {
                action: Some("effacement".into()),
                ..AuditFilter::default()
            })
            .unwrap()
            .is_empty()
    );
}
