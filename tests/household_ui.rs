#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The household view driven through its real widgets (egui_kittest), by French labels:
//! add an adult and a child, a future birth date refused, the schooling summary, notes
//! immutable, search "helene" finds "Hélène", and a draft that survives a lock.

use std::collections::BTreeSet;
use std::sync::Once;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};
use passerelle::app::App;
use passerelle::domain::model::*;
use passerelle::store::{KdfParams, Store, StorePaths};
use uuid::Uuid;

const PASSPHRASE: &str = "le chat dort sur le toit";

fn isolate_platform_dirs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        // SAFETY: runs once, before any harness exists.
        unsafe {
            std::env::set_var("XDG_DATA_HOME", dir.join("data"));
            std::env::set_var("XDG_CONFIG_HOME", dir.join("config"));
        }
    });
}

struct Fixture {
    _dir: tempfile::TempDir,
    paths: StorePaths,
    household: Household,
}

fn child(h: Uuid, name: &str, level: SchoolingLevel, enrolment: EnrolmentStatus) -> Child {
    Child {
        id: Uuid::new_v4(),
        household_id: h,
        first_name: name.into(),
        last_name: "Martin".into(),
        birth_date: None,
        schooling_level: level,
        current_school: String::new(),
        enrolment,
        enrolment_date: None,
        childcare_need: false,
        notes: String::new(),
    }
}

/// A base with one household « Famille Martin », Hélène Martin and two children.
fn fixture() -> Fixture {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    let h = Household {
        id: Uuid::new_v4(),
        label: "Famille Martin".into(),
        housing_situation: HousingSituation::HotelSocial,
        commune: "Aurillac".into(),
        housing_demand: HousingDemand::default(),
        resources: vec![],
        barriers: BTreeSet::new(),
        referent: "Claire".into(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: false,
    };
    let helene = Adult {
        id: Uuid::new_v4(),
        household_id: h.id,
        is_reference: true,
        first_name: "Hélène".into(),
        last_name: "Martin".into(),
        birth_date: None,
        phone: String::new(),
        email: String::new(),
        situation: AdultSituation::DemandeurEmploi,
        france_travail_registered: true,
        rsa: false,
        education_level: EducationLevel::CapBep,
        qualifications: vec![],
        trades: vec!["Aide-soignante".into()],
        rome_domains: vec![RomeDomain::J],
        driving_licence: false,
        vehicle: false,
        languages: vec![],
        available_from: None,
        mobility_radius_km: 30,
        constraints: String::new(),
    };
    store
        .write(|tx| {
            tx.put(&h)?;
            tx.put(&helene)?;
            tx.put(&child(
                h.id,
                "Jules",
                SchoolingLevel::Creche,
                EnrolmentStatus::Inscrit,
            ))?;
            tx.put(&child(
                h.id,
                "Lina",
                SchoolingLevel::Ce1,
                EnrolmentStatus::Demandee,
            ))?;
            Ok(())
        })
        .unwrap();
    Fixture {
        _dir: dir,
        paths,
        household: h,
    }
}

fn harness(paths: &StorePaths) -> Harness<'static, App> {
    let app = App::with_kdf(paths.clone(), KdfParams::FLOOR);
    Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app)
}

fn wait_for(harness: &mut Harness<'_, App>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if harness.query_by_label(label).is_some() {
            harness.run_steps(2);
            return;
        }
        assert!(Instant::now() < deadline, "« {label} » never appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_for_text(harness: &mut Harness<'_, App>, part: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if harness.query_all_by_label_contains(part).next().is_some() {
            harness.run_steps(2);
            return;
        }
        assert!(Instant::now() < deadline, "no text containing « {part} »");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

fn unlock(harness: &mut Harness<'_, App>) {
    wait_for(harness, "Déverrouiller");
    type_into(harness, "Phrase de passe", PASSPHRASE);
    click(harness, "Déverrouiller");
    wait_for(harness, "Rapprochement");
}

/// Unlocks, goes to « Ménages » and opens « Famille Martin » from the list.
fn open_martin(harness: &mut Harness<'_, App>) {
    unlock(harness);
    click(harness, "Ménages");
    wait_for(harness, "Famille Martin");
    click(harness, "Famille Martin");
    wait_for(harness, "Retour à la liste");
}

#[test]
fn add_an_adult_and_a_child_through_the_form_and_the_summary_updates() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);

    click(&mut h, "Adultes");
    click(&mut h, "Ajouter un adulte");
    type_into(&mut h, "Prénom", "Karim");
    type_into(&mut h, "Nom", "Martin");
    type_into(&mut h, "Date de naissance", "12/04/1988");
    type_into(&mut h, "Métiers recherchés", "Maçon, Coffreur");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for(&mut h, "Karim Martin");
    wait_for_text(&mut h, "Adulte enregistré.");

    click(&mut h, "Enfants et scolarité");
    wait_for(&mut h, "2 enfants : 1 crèche, 1 en primaire");
    click(&mut h, "Ajouter un enfant");
    type_into(&mut h, "Prénom", "Sami");
    type_into(&mut h, "Date de naissance", "03/09/2017");
    // Enter in a field saves.
    h.key_press(Key::Enter);
    h.run_steps(3);
    wait_for(
        &mut h,
        "3 enfants : 1 crèche, 2 en primaire — 1 inscription à faire",
    );
    assert!(h.query_by_label("Sami Martin").is_some());
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let detail = store.household_detail(fx.household.id).unwrap();
    let karim = detail
        .adults
        .iter()
        .find(|a| a.first_name == "Karim")
        .unwrap();
    assert_eq!(karim.trades, ["Maçon", "Coffreur"]);
    assert_eq!(
        karim.birth_date,
        chrono::NaiveDate::from_ymd_opt(1988, 4, 12)
    );
    assert_eq!(detail.children.len(), 3);
}

#[test]
fn a_future_birth_date_shows_the_message_and_saves_nothing() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Enfants et scolarité");
    click(&mut h, "Ajouter un enfant");
    type_into(&mut h, "Prénom", "Futur");
    type_into(&mut h, "Date de naissance", "01/01/2099");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for(
        &mut h,
        "La date de naissance ne peut pas être dans le futur.",
    );
    // Esc once on a changed form only warns; the form stays.
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("Abandonner les modifications").is_some());
    drop(h);
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    assert_eq!(
        store
            .household_detail(fx.household.id)
            .unwrap()
            .children
            .len(),
        2
    );
}

#[test]
fn a_note_cannot_be_edited_once_saved_only_corrected() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Journal");
    click(&mut h, "Nouvelle note");
    type_into(
        &mut h,
        "Texte de la note (Ctrl+Entrée enregistre)",
        "Visite à l'hôtel, dossier CAF à compléter",
    );
    click(&mut h, "Enregistrer (Entrée)");
    wait_for(&mut h, "Visite à l'hôtel, dossier CAF à compléter");
    // Shown as text, not as an editable field.
    let text = "Visite à l'hôtel, dossier CAF à compléter";
    assert!(h.query_by_role_and_label(Role::Label, text).is_some());
    for role in [Role::TextInput, Role::MultilineTextInput] {
        assert!(
            h.query_all(by().value(text).role(role)).next().is_none(),
            "a saved note is not in a text field"
        );
    }
    assert!(
        h.query_by_label("Modifier").is_none(),
        "no edit button on notes"
    );
    // A correction is a new note pointing at the old one.
    click(&mut h, "Corriger");
    type_into(
        &mut h,
        "Texte de la note (Ctrl+Entrée enregistre)",
        "Visite à l'hôtel : dossier CAF complet en fait",
    );
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Correction de la note du");
    drop(h);
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let notes = store.household_detail(fx.household.id).unwrap().notes;
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].text, "Visite à l'hôtel, dossier CAF à compléter");
    assert_eq!(notes[1].corrects, Some(notes[0].id));
}

#[test]
fn search_finds_helene_by_typing_helene_and_enter_opens_the_household() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    unlock(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(3);
    let field = passerelle::ui::search::SEARCH_LABEL;
    h.get_by_label(field).type_text("helene");
    h.run_steps(3);
    wait_for(&mut h, "Hélène Martin");
    h.key_press(Key::Enter);
    h.run_steps(3);
    wait_for(&mut h, "Retour à la liste");
    assert!(h.query_by_label("Famille Martin").is_some());
    assert!(h.query_by_label(field).is_none(), "the search closes");
}

#[test]
fn the_open_form_comes_back_after_a_lock() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Adultes");
    click(&mut h, "Ajouter un adulte");
    type_into(&mut h, "Prénom", "Moussa");
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run_steps(3);
    wait_for(&mut h, "Déverrouiller");
    assert!(h.query_by_label("Moussa").is_none());
    unlock(&mut h);
    wait_for_text(&mut h, "Votre saisie en cours a été retrouvée");
    assert_eq!(h.get_by_label("Prénom").value().as_deref(), Some("Moussa"));
    click(&mut h, "Enregistrer (Entrée)");
    wait_for(&mut h, "Moussa");
    drop(h);
    let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    assert!(
        store
            .take_draft(passerelle::store::household::HOUSEHOLD_DRAFT_KEY)
            .unwrap()
            .is_none(),
        "the draft is deleted once restored"
    );
}
