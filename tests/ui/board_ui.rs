#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The board driven through its real widgets (egui_kittest), by their French labels:
//! create a case, move it with the context menu, see the move in the history, an early
//! exit refused without a reason, undo with Ctrl+Z, a filter hiding a card.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::domain::model::HousingSituation;
use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_stage_id};
use passerelle::store::board::NewCase;
use passerelle::store::{KdfParams, Store, StorePaths};

use crate::common;

use common::{PASSPHRASE, click, harness, isolate_platform_dirs, type_into, wait_for_text};

struct Fixture {
    _dir: tempfile::TempDir,
    paths: StorePaths,
}

/// A base with one case already on the board ("Famille Déjà-là").
fn fixture() -> Fixture {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    store
        .create_case(&NewCase {
            household_label: "Famille Dejala".into(),
            commune: "Saint-Flour".into(),
            housing_situation: HousingSituation::Heberge,
            programme_id: DEFAULT_PROGRAMME_ID,
            origin: "SIAO".into(),
            referent: "Malik".into(),
        })
        .unwrap();
    drop(store);
    Fixture { _dir: dir, paths }
}

/// Unlocks and waits for the board (« Nouveau dossier »).
fn unlock(harness: &mut Harness<'_, App>) {
    wait_for_text(harness, "Déverrouiller");
    type_into(harness, "Phrase de passe", PASSPHRASE);
    harness.get_by_label("Déverrouiller").click();
    wait_for_text(harness, "Nouveau dossier");
}

/// The accessible label of the card of `household` (it says the stage and the flags).
fn card_label(harness: &Harness<'_, App>, household: &str) -> Option<String> {
    harness
        .query_all_by_label_contains(&format!("{household} — "))
        .next()
        .and_then(|n| n.accesskit_node().label())
}

fn open_base(paths: &StorePaths) -> Store {
    Store::unlock(paths, PASSPHRASE).unwrap()
}

#[test]
fn create_move_history_early_exit_and_undo() {
    let fx = fixture();
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness);
    assert!(card_label(&harness, "Famille Dejala").is_some());

    // Create a case: it appears at the first stage and opens.
    click(&mut harness, "Nouveau dossier");
    type_into(&mut harness, "Nom du ménage", "Famille Kittest");
    type_into(&mut harness, "Commune actuelle", "Aurillac");
    type_into(
        &mut harness,
        "Orienté par (prescripteur)",
        "Samu social de Paris",
    );
    click(&mut harness, "Créer le dossier");
    // The household page opens, to fill in the rest; the board keeps the new case open.
    wait_for_text(&mut harness, "Retour à la liste");
    assert!(
        harness
            .query_all_by_label_contains("Famille Kittest")
            .next()
            .is_some()
    );
    click(&mut harness, "Tableau");
    wait_for_text(
        &mut harness,
        "Dossier créé à la première étape du parcours.",
    );
    let label = card_label(&harness, "Famille Kittest").expect("the new card");
    assert!(label.contains("Orientation reçue depuis 0 jour"), "{label}");
    assert!(label.contains("consentement manquant"), "{label}");
    assert!(
        harness
            .query_all_by_label_contains("entrée à l'étape « Orientation reçue »")
            .next()
            .is_some()
    );
    click(&mut harness, "Fermer ce panneau");

    // Move it with the context menu.
    harness
        .get_by_label_contains("Famille Kittest — ")
        .click_secondary();
    harness.run_steps(3);
    click(&mut harness, "Passer à l'étape…");
    click(&mut harness, "Diagnostic");
    type_into(
        &mut harness,
        "Commentaire (facultatif)",
        "Premier entretien",
    );
    click(&mut harness, "Déplacer");
    wait_for_text(&mut harness, "Annuler le déplacement (Ctrl+Z)");
    let label = card_label(&harness, "Famille Kittest").unwrap();
    assert!(label.contains("Diagnostic depuis"), "{label}");

    // The history has the move: open the card.
    harness.get_by_label_contains("Famille Kittest — ").click();
    wait_for_text(&mut harness, "Historique du parcours");
    assert!(
        harness
            .query_all_by_label_contains(
                "de « Orientation reçue » à « Diagnostic » — par Référent·e — « Premier entretien »"
            )
            .next()
            .is_some(),
        "the move is in the history"
    );
    click(&mut harness, "Fermer ce panneau");

    // Early exit without a reason: refused, nothing moves.
    harness
        .get_by_label_contains("Famille Kittest — ")
        .click_secondary();
    harness.run_steps(3);
    click(&mut harness, "Passer à l'étape…");
    click(&mut harness, "Sortie anticipée");
    click(&mut harness, "Déplacer");
    wait_for_text(&mut harness, "Une sortie anticipée demande un motif");
    click(&mut harness, "Annuler");
    let label = card_label(&harness, "Famille Kittest").unwrap();
    assert!(label.contains("Diagnostic depuis"), "{label}");

    // Undo the last move with Ctrl+Z: back to the first stage.
    let ctrl = Modifiers {
        ctrl: true,
        command: true,
        ..Modifiers::NONE
    };
    harness.key_press_modifiers(ctrl, Key::Z);
    wait_for_text(&mut harness, "Déplacement annulé");
    let label = card_label(&harness, "Famille Kittest").unwrap();
    assert!(label.contains("Orientation reçue depuis"), "{label}");

    // The base agrees: one event left, the case at the first stage.
    let store = open_base(&fx.paths);
    let card = store
        .board_cards(DEFAULT_PROGRAMME_ID)
        .unwrap()
        .into_iter()
        .find(|c| c.household_label == "Famille Kittest")
        .unwrap();
    assert_eq!(card.stage_id, Some(default_stage_id(0)));
    assert_eq!(store.stage_history(card.case_id).unwrap().len(), 1);
    assert_eq!(card.commune, "Aurillac");
}

#[test]
fn a_filter_hides_a_card() {
    let fx = fixture();
    {
        let mut store = open_base(&fx.paths);
        store
            .create_case(&NewCase {
                household_label: "Famille Visible".into(),
                commune: "Mauriac".into(),
                housing_situation: HousingSituation::HotelSocial,
                programme_id: DEFAULT_PROGRAMME_ID,
                origin: String::new(),
                referent: "Claire".into(),
            })
            .unwrap();
    }
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness);
    assert!(card_label(&harness, "Famille Dejala").is_some());
    assert!(card_label(&harness, "Famille Visible").is_some());

    // Full-text search.
    type_into(&mut harness, "Rechercher", "Mauriac");
    harness.run_steps(3);
    assert!(card_label(&harness, "Famille Visible").is_some());
    assert!(
        card_label(&harness, "Famille Dejala").is_none(),
        "the search hides the other card"
    );
    click(&mut harness, "Effacer les filtres");
    assert!(card_label(&harness, "Famille Dejala").is_some());
}

/// A harness the size of a laptop screen after the taskbar and title bar.
fn laptop_harness(paths: &StorePaths) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1366.0, 700.0])
        .build_ui_state(
            |ui, app: &mut App| app.frame(ui),
            App::with_kdf(paths.clone(), KdfParams::FLOOR),
        )
}

/// Whether the widget labelled `label` lies wholly inside the 1366×700 screen.
fn on_screen(harness: &Harness<'_, App>, label: &str) -> bool {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 700.0));
    harness
        .query_by_label(label)
        .is_some_and(|node| screen.contains_rect(node.rect()))
}

#[test]
fn the_move_dialog_fits_a_laptop_screen_and_escape_cancels_it() {
    let fx = fixture();
    let mut harness = laptop_harness(&fx.paths);
    unlock(&mut harness);
    harness
        .get_by_label_contains("Famille Dejala — ")
        .click_secondary();
    harness.run_steps(3);
    click(&mut harness, "Passer à l'étape…");
    // The dialog settles its size in its first frames.
    harness.run_steps(3);
    click(&mut harness, "Sortie anticipée");
    // Refused without a reason: the error shows, and so do the title and both buttons.
    click(&mut harness, "Déplacer");
    wait_for_text(&mut harness, "Une sortie anticipée demande un motif");
    harness.run_steps(2);
    for label in ["Passer à l'étape…", "Déplacer", "Annuler"] {
        assert!(on_screen(&harness, label), "« {label} » off screen");
    }
    // The refusal shows above the buttons, not scrolled away in the body.
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 700.0));
    let error = harness
        .query_all_by_label_contains("Une sortie anticipée demande un motif")
        .next()
        .expect("the refusal");
    assert!(screen.contains_rect(error.rect()), "{:?}", error.rect());
    let button = harness.get_by_label("Déplacer").rect();
    assert!(error.rect().bottom() <= button.top(), "above the buttons");
    // Échap closes it, and nothing moved.
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert!(harness.query_by_label("Déplacer").is_none());
    let label = card_label(&harness, "Famille Dejala").unwrap();
    assert!(label.contains("Orientation reçue"), "{label}");
}

#[test]
fn new_case_takes_the_focus_and_enter_creates_it() {
    let fx = fixture();
    let mut harness = laptop_harness(&fx.paths);
    unlock(&mut harness);
    click(&mut harness, "Nouveau dossier");
    harness.run_steps(2);
    // Typed straight away, without clicking the field; Entrée validates.
    harness.get_by_label("Nom du ménage").type_text("");
    assert!(harness.get_by_label("Nom du ménage").is_focused());
    harness
        .get_by_label("Nom du ménage")
        .type_text("Famille Entree");
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    wait_for_text(&mut harness, "Retour à la liste");
    let store = open_base(&fx.paths);
    assert!(
        store
            .board_cards(DEFAULT_PROGRAMME_ID)
            .unwrap()
            .iter()
            .any(|c| c.household_label == "Famille Entree")
    );
}

#[test]
fn the_card_says_what_the_household_page_says_without_a_reload() {
    let fx = fixture();
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness);
    click(&mut harness, "Nouveau dossier");
    type_into(&mut harness, "Nom du ménage", "Famille Fraiche");
    click(&mut harness, "Créer le dossier");
    wait_for_text(&mut harness, "Retour à la liste");
    click(&mut harness, "Adultes");
    click(&mut harness, "Ajouter un adulte");
    type_into(&mut harness, "Prénom", "Ana");
    type_into(&mut harness, "Nom", "Fraiche");
    click(&mut harness, "Enregistrer (Entrée)");
    wait_for_text(&mut harness, "Adulte enregistré.");
    click(&mut harness, "Tableau");
    harness.run_steps(3);
    let label = card_label(&harness, "Famille Fraiche").unwrap();
    assert!(label.contains("1 adulte · 0 enfant"), "{label}");
}

#[test]
fn compact_mode_shows_every_stage_on_a_laptop_screen_and_the_legend_explains_the_marks() {
    let fx = fixture();
    let mut harness = laptop_harness(&fx.paths);
    unlock(&mut harness);
    // Detailed cards: the last stage is off to the right (the board scrolls).
    let last = |h: &Harness<'_, App>| {
        h.query_all_by_label_contains("Sortie anticipée (")
            .next()
            .map(|n| n.rect().right())
    };
    assert!(last(&harness).is_none_or(|right| right > 1366.0));
    click(&mut harness, "Cartes compactes");
    harness.run_steps(3);
    let right = last(&harness).expect("the last column's header");
    assert!(right <= 1366.0, "last column ends at {right}");
    assert!(on_screen(&harness, "Cartes détaillées"));

    click(&mut harness, "Légende");
    harness.run_steps(2);
    // (« Consentement manquant » and « Pièces manquantes » are also the filters' labels.)
    for words in [
        "Consentement manquant",
        "Pièces manquantes",
        "Proposition en attente de réponse",
    ] {
        assert!(
            harness.query_all_by_label(words).count() >= 1,
            "« {words} »"
        );
    }
    assert!(
        harness
            .query_by_label("Proposition en attente de réponse")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("jours passés dans l'étape")
            .is_some()
    );
}
