#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The household view driven through its real widgets (egui_kittest), by French labels:
//! add an adult and a child, a future birth date refused, the schooling summary, notes
//! immutable, search "helene" finds "Hélène", and a draft that survives a lock.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{Queryable, by};
use passerelle::store::Store;

use crate::common;

use common::household::{Fixture, open_martin};
use common::{
    PASSPHRASE, click, harness_on as harness, type_into, unlock, wait_for, wait_for_text,
};

fn fixture() -> Fixture {
    common::household::fixture(&[])
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
    // Eight years old (by the school year): the level follows the birth date (primaire).
    let born = {
        use chrono::Datelike;
        format!("01/01/{}", chrono::Local::now().date_naive().year() - 8)
    };
    type_into(&mut h, "Date de naissance", &born);
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

#[test]
fn the_calendar_is_french_opens_on_today_and_valider_fills_the_field() {
    use chrono::Datelike;
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Adultes");
    click(&mut h, "Ajouter un adulte");
    h.query_all_by_label("Calendrier").next().unwrap().click();
    h.run_steps(3);
    // Monday first, French names, today's month (not 01/01/2000), no English.
    let today = chrono::Local::now().date_naive();
    let months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let month = format!("{} {}", months[today.month0() as usize], today.year());
    for label in [
        "lun.",
        "dim.",
        month.as_str(),
        "Annuler",
        "Valider",
        "Aujourd'hui",
    ] {
        assert!(h.query_by_label(label).is_some(), "« {label} » missing");
    }
    for english in ["Mo", "January", "Cancel", "Save"] {
        assert!(h.query_by_label(english).is_none(), "« {english} » shown");
    }
    // A year back, the 15th, « Valider »: the field reads jj/mm/aaaa.
    click(&mut h, "«");
    let day = format!(
        "15 {} {}",
        months[today.month0() as usize],
        today.year() - 1
    );
    click(&mut h, &day);
    click(&mut h, "Valider");
    h.run_steps(2);
    let field = h
        .get_by_role_and_label(Role::TextInput, "Date de naissance")
        .value()
        .unwrap_or_default();
    assert_eq!(
        field,
        format!("15/{:02}/{}", today.month(), today.year() - 1)
    );
    assert!(h.query_by_label("lun.").is_none(), "closed after Valider");

    // Échap closes it without changing the field.
    h.query_all_by_label("Calendrier").next().unwrap().click();
    h.run_steps(3);
    assert!(h.query_by_label("lun.").is_some());
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("lun.").is_none());
    // …and only the calendar: the form is still open, its date kept.
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Date de naissance")
            .is_some()
    );
}

#[test]
fn a_success_message_goes_away_by_itself_and_with_the_screen() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Adultes");
    click(&mut h, "Ajouter un adulte");
    type_into(&mut h, "Prénom", "Karim");
    type_into(&mut h, "Nom", "Martin");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Adulte enregistré.");
    // Still there a moment later…
    let now = h.ctx.input(|i| i.time);
    h.input_mut().time = Some(now + 2.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Adulte enregistré.").is_some());
    // …gone once its time is over.
    h.input_mut().time = Some(now + 2.0 + passerelle::ui::SUCCESS_SECS);
    h.run_steps(2);
    h.input_mut().time = None;
    h.run_steps(2);
    assert!(h.query_by_label_contains("Adulte enregistré.").is_none());

    // A message does not follow the worker to another section either.
    click(&mut h, "Ajouter un adulte");
    type_into(&mut h, "Prénom", "Lina");
    type_into(&mut h, "Nom", "Martin");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Adulte enregistré.");
    click(&mut h, "Tableau");
    h.run_steps(2);
    click(&mut h, "Ménages");
    h.run_steps(3);
    assert!(h.query_by_label_contains("Adulte enregistré.").is_none());
}

#[test]
fn after_unlock_the_worker_is_back_on_her_household_and_tab() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Adultes");
    wait_for(&mut h, "Ajouter un adulte");
    click(&mut h, "Verrouiller (Ctrl+L)");
    wait_for(&mut h, "Déverrouiller");
    unlock(&mut h);
    wait_for(&mut h, "Ajouter un adulte");
    assert!(h.query_by_label("Retour à la liste").is_some());
}

#[test]
fn a_new_consent_asks_how_it_was_collected_and_has_nothing_to_withdraw() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Consentements");
    click(&mut h, "Nouveau consentement");
    h.run_steps(2);
    assert!(h.query_by_label("Forme du recueil").is_some());
    assert!(h.query_by_label("Recueilli par").is_none());
    assert!(h.query_by_label("Retiré le").is_none());
}

#[test]
fn communes_are_picked_from_the_gazetteer_in_the_household_form() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Modifier le ménage");
    let field = "Communes souhaitées (séparées par des virgules)";
    h.get_by_role_and_label(Role::TextInput, field).click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("Murat (15), Auril");
    h.run_steps(3);
    h.query_all_by_label_contains("Aurillac (15)")
        .next()
        .expect("a suggestion from the gazetteer")
        .click();
    h.run_steps(3);
    let value = h
        .get_by_role_and_label(Role::TextInput, field)
        .value()
        .unwrap_or_default();
    assert_eq!(value, "Murat (15), Aurillac (15)");
}

#[test]
fn the_destination_school_is_recorded_and_shown() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Enfants et scolarité");
    click(&mut h, "Ajouter un enfant");
    type_into(&mut h, "Prénom", "Inès");
    type_into(
        &mut h,
        "École ou mode de garde à destination",
        "École du Centre, Aurillac",
    );
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Enfant enregistré.");
    wait_for_text(&mut h, "— École du Centre, Aurillac");
    drop(h);
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let detail = store.household_detail(fx.household.id).unwrap();
    let ines = detail
        .children
        .iter()
        .find(|c| c.first_name == "Inès")
        .unwrap();
    assert_eq!(ines.destination_school, "École du Centre, Aurillac");
}

/// The list is read on a thread that opens its own connection to the base: when that
/// connection cannot open (here the base's file was moved away while the app had it
/// open), « Ménages » says so in French instead of loading for ever or retrying at every
/// frame, and entering the section again retries.
#[test]
fn a_list_that_cannot_be_read_says_so_and_entering_the_section_again_retries() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    unlock(&mut h);
    let moved = fx.paths.db.with_extension("ailleurs");
    std::fs::rename(&fx.paths.db, &moved).unwrap();

    click(&mut h, "Ménages");
    wait_for_text(&mut h, "La liste des ménages n'a pas pu être lue.");
    assert!(h.query_by_label("Famille Martin").is_none());
    // Not « no household yet »: that would be false.
    assert!(!common::has_text(&h, "Aucun ménage pour le moment"));
    // Said once: no new reading started at every frame.
    h.run_steps(20);
    assert!(
        common::has_text(&h, "La liste des ménages n'a pas pu être lue."),
        "the message stays"
    );

    std::fs::rename(&moved, &fx.paths.db).unwrap();
    click(&mut h, "Tableau");
    click(&mut h, "Ménages");
    wait_for(&mut h, "Famille Martin");
    assert!(!common::has_text(
        &h,
        "La liste des ménages n'a pas pu être lue."
    ));
}
