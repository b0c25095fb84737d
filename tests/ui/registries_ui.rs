#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The registries of the « Rapprochement » section driven through their real widgets
//! (egui_kittest, by labels): an offer's status edited to « Pourvu », a relay booking
//! cancelled, an employer with offers refused deletion, each checked in the store.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::demo::{self, DemoOptions};
use passerelle::domain::model::{Employer, JobOffer, OfferStatus, RelayStay};
use passerelle::store::{KdfParams, Store, StorePaths};

use crate::common;

use common::{
    PASSPHRASE, click, harness_on, isolate_platform_dirs, open_matching, unlock, wait_for,
};

/// A demo base, unlocked, on the « Rapprochement » section's given tab.
fn open_on(dir: &tempfile::TempDir, tab: &str) -> (Harness<'static, App>, StorePaths) {
    isolate_platform_dirs();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        demo::fill(
            &mut store,
            &DemoOptions {
                households: 12,
                seed: 7,
            },
        )
        .unwrap();
    }
    let mut harness = harness_on(&paths);
    unlock(&mut harness);
    open_matching(&mut harness);
    click(&mut harness, tab);
    (harness, paths)
}

fn reopen(paths: &StorePaths) -> Store {
    Store::unlock(paths, PASSPHRASE).unwrap()
}

#[test]
fn an_offer_is_marked_filled_through_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, paths) = open_on(&dir, "Employeurs et offres");
    let first: JobOffer = {
        let store = reopen(&paths);
        store.list::<JobOffer>().unwrap().remove(0)
    };
    assert_ne!(first.status, OfferStatus::Pourvu);

    // The first row's « Modifier » opens the offer's form, filled.
    harness
        .query_all_by_label("Modifier")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(&mut harness, "Enregistrer l'offre");
    // The form is longer than the window: bring the field into view, as a worker scrolls.
    harness
        .get_by_role_and_label(Role::ComboBox, "Statut")
        .scroll_to_me();
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::ComboBox, "Statut")
        .click();
    harness.run_steps(3);
    harness
        .query_all_by_label("Pourvu")
        .find(|n| n.accesskit_node().role() != Role::Label)
        .unwrap()
        .click();
    harness.run_steps(3);
    harness.get_by_label("Enregistrer l'offre").scroll_to_me();
    harness.run_steps(3);
    click(&mut harness, "Enregistrer l'offre");
    wait_for(&mut harness, "Offre enregistrée.");

    let store = reopen(&paths);
    let saved: JobOffer = store.get(first.id).unwrap();
    assert_eq!(saved.status, OfferStatus::Pourvu);
    assert_eq!(saved.title, first.title, "only the status changed");
    assert_eq!(saved.employer_id, first.employer_id);
}

#[test]
fn a_relay_booking_is_cancelled_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, paths) = open_on(&dir, "Appartements relais");
    let stays_before: Vec<RelayStay> = reopen(&paths).list().unwrap();
    assert!(!stays_before.is_empty(), "the demo books discovery stays");

    // The first click only asks; « Non, le garder » keeps it.
    harness
        .query_all_by_label("Annuler ce séjour")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(&mut harness, "Oui, annuler le séjour");
    click(&mut harness, "Non, le garder");
    assert!(harness.query_by_label("Oui, annuler le séjour").is_none());
    assert_eq!(
        reopen(&paths).list::<RelayStay>().unwrap().len(),
        stays_before.len()
    );

    harness
        .query_all_by_label("Annuler ce séjour")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(&mut harness, "Oui, annuler le séjour");
    click(&mut harness, "Oui, annuler le séjour");
    wait_for(
        &mut harness,
        "Séjour découverte annulé : les dates sont de nouveau libres.",
    );

    let store = reopen(&paths);
    let after: Vec<RelayStay> = store.list().unwrap();
    assert_eq!(after.len(), stays_before.len() - 1);
    let gone: Vec<&RelayStay> = stays_before
        .iter()
        .filter(|s| !after.iter().any(|a| a.id == s.id))
        .collect();
    assert_eq!(gone.len(), 1);
    // A tombstone: hidden, not erased, and not listed any more.
    assert!(store.find::<RelayStay>(gone[0].id).unwrap().is_none());
    assert_eq!(
        harness.query_all_by_label("Annuler ce séjour").count(),
        after
            .iter()
            .filter(|s| s.unit_id == gone[0].unit_id)
            .count()
    );
}

#[test]
fn an_employer_with_offers_is_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, paths) = open_on(&dir, "Employeurs et offres");
    let employers: Vec<Employer> = reopen(&paths).list().unwrap();
    click(&mut harness, &format!("Employeurs ({})", employers.len()));
    harness
        .query_all_by_label("Supprimer l'employeur")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    // Échap closes the question without deleting anything.
    assert!(harness.query_by_label("Oui, supprimer").is_some());
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert!(harness.query_by_label("Oui, supprimer").is_none());
    harness
        .query_all_by_label("Supprimer l'employeur")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    click(&mut harness, "Oui, supprimer");
    harness.run_steps(3);
    assert!(
        harness
            .query_all_by_label_contains("supprimez-les d'abord")
            .next()
            .is_some(),
        "the refusal says what to do"
    );
    assert_eq!(
        reopen(&paths).list::<Employer>().unwrap().len(),
        employers.len()
    );
}

#[test]
fn the_global_search_opens_an_employer_and_a_unit_in_their_registry() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, paths) = open_on(&dir, "Employeurs et offres");
    let (employer, unit) = {
        let store = reopen(&paths);
        let employer = store.list::<Employer>().unwrap().remove(0);
        let unit = store
            .list::<passerelle::domain::model::HousingUnit>()
            .unwrap()
            .remove(0);
        (employer, unit)
    };
    click(&mut harness, "Tableau");
    let field = passerelle::ui::search::SEARCH_LABEL;

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run_steps(3);
    harness.get_by_label(field).type_text(&employer.name);
    harness.run_steps(3);
    wait_for(&mut harness, "Employeurs");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert!(harness.query_by_label(field).is_none(), "the search closed");
    assert_eq!(
        harness
            .get_by_label("Nom de l'employeur")
            .value()
            .as_deref(),
        Some(employer.name.as_str())
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run_steps(3);
    // The last query is still there, selected over: typing replaces it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(2);
    harness.get_by_label(field).type_text(&unit.label);
    harness.run_steps(3);
    wait_for(&mut harness, "Logements");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert_eq!(
        harness
            .get_by_label("Adresse ou libellé")
            .value()
            .as_deref(),
        Some(unit.label.as_str())
    );
}
