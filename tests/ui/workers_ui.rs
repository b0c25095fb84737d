#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Named workers (issue 15) through the real widgets: « Paramètres → Qui utilise cette
//! base ? » names the worker and adds a colleague; the référent·e of a new case and of a
//! household is picked from the team's workers and reads the same on the board, the
//! household list, the household page and the history; the history names who moved.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::domain::model::{Case, Household};
use passerelle::domain::programme::DEFAULT_PROGRAMME_ID;
use passerelle::store::{KdfParams, Store, StorePaths};

use crate::common;

use common::{
    PASSPHRASE, click, harness, has_text, isolate_platform_dirs, type_into, wait_for_text,
};

struct Fixture {
    _dir: tempfile::TempDir,
    paths: StorePaths,
}

/// A base from before workers had names (nobody said who uses it).
fn fixture() -> Fixture {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    drop(store);
    Fixture { _dir: dir, paths }
}

fn unlock(harness: &mut Harness<'_, App>) {
    wait_for_text(harness, "Déverrouiller");
    type_into(harness, "Phrase de passe", PASSPHRASE);
    harness.get_by_label("Déverrouiller").click();
    wait_for_text(harness, "Nouveau dossier");
}

/// Scrolls a widget of the settings page into view (the page is taller than a laptop
/// screen), then clicks it.
fn click_in_view(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run_steps(3);
    click(harness, label);
}

/// Scrolls a field into view and types into it.
fn type_in_view(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run_steps(3);
    type_into(harness, label, text);
}

/// Picks `choice` in the combo box labelled `label`.
fn pick(harness: &mut Harness<'_, App>, label: &str, choice: &str) {
    click(harness, label);
    harness.run_steps(2);
    // The open list's entry (the combo box shows the current value too).
    let entries: Vec<_> = harness.query_all_by_label(choice).collect();
    entries.last().expect("the choice in the list").click();
    harness.run_steps(3);
}

#[test]
fn settings_name_the_worker_and_the_referent_is_the_same_everywhere() {
    let fx = fixture();
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness);

    // An older base: Paramètres says nobody is named yet.
    click(&mut harness, "Paramètres");
    wait_for_text(&mut harness, "Qui utilise cette base ?");
    assert!(has_text(
        &harness,
        "Personne n'est encore indiqué pour cette base"
    ));
    // Refused without a name.
    click_in_view(&mut harness, "Enregistrer mon nom");
    wait_for_text(&mut harness, "Indiquez le prénom et le nom");
    type_in_view(&mut harness, "Prénom", "Samira");
    type_in_view(&mut harness, "Nom", "Benali");
    type_in_view(&mut harness, "Structure", "Association Toit");
    click_in_view(&mut harness, "Enregistrer mon nom");
    wait_for_text(
        &mut harness,
        "Enregistré : l'historique écrira désormais « Samira Benali ».",
    );
    assert!(!has_text(&harness, "Personne n'est encore indiqué"));
    // A colleague, for the référent·e picker.
    type_in_view(&mut harness, "Prénom de la ou du collègue", "Malik");
    type_in_view(&mut harness, "Nom de la ou du collègue", "Haddad");
    click_in_view(&mut harness, "Ajouter à l'équipe");
    wait_for_text(&mut harness, "Malik Haddad ajouté·e à l'équipe.");
    assert!(has_text(&harness, "• Malik Haddad"));
    assert!(has_text(&harness, "• Samira Benali — Association Toit"));

    // A new case: the worker is the référent·e by default; she picks her colleague.
    click(&mut harness, "Tableau");
    click(&mut harness, "Nouveau dossier");
    type_into(&mut harness, "Nom du ménage", "Famille Picker");
    let shown = harness
        .get_by_label("Référent·e du dossier")
        .accesskit_node()
        .value();
    assert_eq!(
        shown.as_deref(),
        Some("Samira Benali"),
        "default référent·e"
    );
    pick(&mut harness, "Référent·e du dossier", "Malik Haddad");
    click(&mut harness, "Créer le dossier");
    wait_for_text(&mut harness, "Retour à la liste");
    // The household page says Malik.
    assert!(has_text(&harness, "Malik Haddad"));

    // The board: the card says Malik; the history says who created it: Samira.
    click(&mut harness, "Tableau");
    harness.run_steps(3);
    let card = harness
        .query_all_by_label_contains("Famille Picker — ")
        .next()
        .and_then(|n| n.accesskit_node().label())
        .unwrap();
    assert!(card.contains("Malik Haddad"), "{card}");
    harness.get_by_label_contains("Famille Picker — ").click();
    wait_for_text(&mut harness, "Historique du parcours");
    assert!(
        has_text(&harness, "par Samira Benali"),
        "the history names the worker"
    );
    assert!(!has_text(&harness, "par Référent·e"));
    click(&mut harness, "Fermer ce panneau");

    // The household form: the référent·e is picked from the same list; the case follows.
    click(&mut harness, "Ménages");
    wait_for_text(&mut harness, "Famille Picker");
    harness
        .query_all_by_label_contains("Famille Picker")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for_text(&mut harness, "Modifier le ménage");
    click(&mut harness, "Modifier le ménage");
    pick(&mut harness, "Référent·e du ménage", "Samira Benali");
    click(&mut harness, "Enregistrer (Entrée)");
    wait_for_text(&mut harness, "Ménage enregistré.");

    // The base: household and case say Samira; the first history entry too.
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let households: Vec<Household> = store.list().unwrap();
    let h = households
        .iter()
        .find(|h| h.label == "Famille Picker")
        .unwrap();
    assert_eq!(h.referent, "Samira Benali");
    let cases: Vec<Case> = store.list_by("household_id", h.id).unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(
        cases[0].referent, "Samira Benali",
        "the case follows the household"
    );
    let card = store
        .board_cards(DEFAULT_PROGRAMME_ID)
        .unwrap()
        .into_iter()
        .find(|c| c.household_label == "Famille Picker")
        .unwrap();
    assert_eq!(card.referent, "Samira Benali");
    let rows = store.household_rows(store.now().date_naive()).unwrap();
    let row = rows.iter().find(|r| r.label == "Famille Picker").unwrap();
    assert_eq!(
        row.referent, "Samira Benali",
        "the household list says the same"
    );
    let history = store.stage_history(cases[0].id).unwrap();
    assert_eq!(history[0].by, "Samira Benali");
    // The audit contract with the data-protection code: the setting `current_worker`.
    let me = store.current_worker().unwrap().unwrap();
    assert_eq!(
        store.setting("current_worker").unwrap().as_deref(),
        Some(me.id.to_string().as_str())
    );
    assert_eq!(me.device, Some(store.site_id()));
}

/// « Paramètres → Équipe »: the status at a glance, « Synchroniser maintenant » on its
/// thread, and the folder gone said in French while the base stays usable.
#[test]
fn settings_team_shows_the_status_and_syncs() {
    let fx = fixture();
    let folder = fx._dir.path().join("Equipe");
    std::fs::create_dir_all(&folder).unwrap();
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        store
            .set_current_worker(&passerelle::domain::worker::Worker {
                id: uuid::Uuid::new_v4(),
                first_name: "Claire".into(),
                last_name: "Vidal".into(),
                structure: String::new(),
                device: None,
            })
            .unwrap();
        passerelle::team::create(&mut store, &folder).unwrap();
        store
            .create_case(&passerelle::store::board::NewCase {
                household_label: "Famille Equipe".into(),
                commune: "Aurillac".into(),
                housing_situation: passerelle::domain::model::HousingSituation::Heberge,
                programme_id: DEFAULT_PROGRAMME_ID,
                origin: String::new(),
                referent: String::new(),
            })
            .unwrap();
    }
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness);
    click(&mut harness, "Paramètres");
    harness
        .get_by_label("Synchroniser maintenant")
        .scroll_to_me();
    // The folder is read by the scan that starts at unlock, on its thread.
    wait_for_text(&mut harness, "modifications pas encore publiées");
    assert!(has_text(&harness, "Claire Vidal ("));
    click_in_view(&mut harness, "Synchroniser maintenant");
    wait_for_text(&mut harness, "Synchronisé : paquet n° 1 publié");
    harness
        .get_by_label("Synchroniser maintenant")
        .scroll_to_me();
    harness.run_steps(3);
    assert!(has_text(&harness, "Équipe : à jour"));
    assert!(folder.join("log").exists());
    // The folder gone: said in French, the base still open.
    std::fs::rename(&folder, fx._dir.path().join("ailleurs")).unwrap();
    click_in_view(&mut harness, "Synchroniser maintenant");
    wait_for_text(&mut harness, "Le dossier d'équipe est introuvable");
    assert!(harness.state().is_unlocked());
}
