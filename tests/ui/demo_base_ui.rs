#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The demo base (issue 14): « Essayer avec des données fictives » at the first run opens a
//! separate base (`demo.db` beside the real one), marked by a band on the board, household
//! and settings screens; the real base gets no fictitious household; « Supprimer la base de
//! démonstration… » (confirmed) deletes its files and goes back to the real base.

use egui_kittest::kittest::Queryable;
use passerelle::app::demo_base::{DEMO_PASSPHRASE, demo_paths};
use passerelle::domain::model::Household;
use passerelle::store::{Store, StorePaths};
use passerelle::ui::shell::{DEMO_BAND, DEMO_DELETE_LABEL};

use crate::common;

use common::{PASSPHRASE, click, harness_on, type_into, wait_for, wait_for_text};

fn assert_band(h: &egui_kittest::Harness<'static, passerelle::app::App>, screen: &str) {
    assert!(
        h.query_by_label(DEMO_BAND).is_some(),
        "no demo band on the {screen} screen"
    );
}

#[test]
fn the_demo_is_a_separate_marked_base_deleted_in_one_click() {
    common::isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let real = StorePaths::beside(dir.path().join("base.db"));
    let demo = demo_paths(&real);
    let mut h = harness_on(&real);

    // First run of the real base, up to the demo choice.
    wait_for(&mut h, "Créer la base chiffrée");
    type_into(&mut h, "Phrase de passe", PASSPHRASE);
    type_into(&mut h, "Confirmer la phrase de passe", PASSPHRASE);
    click(&mut h, "Créer la base chiffrée");
    wait_for(&mut h, "J'ai noté la clé de secours");
    click(&mut h, "J'ai noté la clé de secours");
    click(&mut h, "Continuer");
    wait_for(&mut h, "Qui utilise cette base ?");
    type_into(&mut h, "Prénom", "Samira");
    type_into(&mut h, "Nom", "Benali");
    type_into(&mut h, "Structure", "Association Toit");
    click(&mut h, "Continuer");
    wait_for(&mut h, passerelle::ui::first_run::DEMO_LABEL);
    click(&mut h, passerelle::ui::first_run::DEMO_LABEL);

    // The demo base opens, filled, with the band on the board.
    wait_for_text(&mut h, "Données de démonstration créées");
    assert_band(&h, "board");
    assert!(demo.db.exists() && demo.key.exists());
    // Somebody fictitious uses the demo; the real worker's name never enters it.
    {
        let store =
            Store::unlock(&demo, &zeroize::Zeroizing::new(DEMO_PASSPHRASE.to_owned())).unwrap();
        let who = store
            .current_worker()
            .unwrap()
            .expect("a demo worker is named");
        assert_ne!(who.last_name, "Benali");
        assert!(who.structure.contains("démonstration"));
    }

    // A household of the demo, opened from the list: the band is still there.
    let first = {
        let store =
            Store::unlock(&demo, &zeroize::Zeroizing::new(DEMO_PASSPHRASE.to_owned())).unwrap();
        let mut households = store.list::<Household>().unwrap();
        assert!(households.len() >= 10, "the demo holds households");
        households.sort_by(|a, b| a.label.cmp(&b.label));
        households.remove(0).label
    };
    click(&mut h, "Ménages");
    wait_for(&mut h, &first);
    click(&mut h, &first);
    wait_for(&mut h, "Retour à la liste");
    assert_band(&h, "household");

    click(&mut h, "Paramètres");
    wait_for_text(&mut h, "Sauvegarde");
    assert_band(&h, "settings");
    // Its passphrase is fixed and it never joins a team: those sections are replaced.
    assert!(h.query_by_label("Changer la phrase de passe").is_none());
    assert!(h.query_by_label("Changer la clé de chiffrement…").is_none());
    assert!(h.query_by_label("Créer l'équipe").is_none());
    assert!(
        h.query_by_label(passerelle::ui::settings::DEMO_SETTINGS_NOTE)
            .is_some()
    );
    assert!(
        h.query_by_label(passerelle::ui::settings::DEMO_TEAM_NOTE)
            .is_some()
    );

    // Deleting asks first; « Annuler » keeps it.
    click(&mut h, DEMO_DELETE_LABEL);
    wait_for(&mut h, "Supprimer la base de démonstration ?");
    click(&mut h, "Annuler");
    assert!(demo.db.exists());
    click(&mut h, DEMO_DELETE_LABEL);
    wait_for(&mut h, "Supprimer la base de démonstration ?");
    click(&mut h, "Supprimer");
    wait_for_text(&mut h, "Base de démonstration supprimée");
    // Back on the real base's lock screen.
    wait_for(&mut h, "Déverrouiller");
    assert!(h.query_by_label(DEMO_BAND).is_none());
    assert!(!demo.db.exists() && !demo.key.exists());
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("demo"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The demo can be tried again from the lock screen, without the real passphrase; locking
    // it comes back here.
    click(&mut h, passerelle::ui::first_run::DEMO_LABEL);
    wait_for_text(&mut h, "Données de démonstration créées");
    assert_band(&h, "board");
    click(&mut h, "Verrouiller (Ctrl+L)");
    wait_for(&mut h, "Déverrouiller");
    assert!(h.query_by_label(DEMO_BAND).is_none());
    assert!(
        h.query_by_label_contains("base.db").is_some()
            && h.query_by_label_contains("demo.db").is_none(),
        "the lock screen is the real base's"
    );
    assert!(demo.db.exists(), "locking keeps the demo base");

    // The real base has no demo household, and opens as before.
    type_into(&mut h, "Phrase de passe", PASSPHRASE);
    click(&mut h, "Déverrouiller");
    wait_for(&mut h, "Rapprochement");
    assert!(h.query_by_label(DEMO_BAND).is_none());
    drop(h);
    let store = Store::unlock(&real, PASSPHRASE).unwrap();
    assert_eq!(store.list::<Household>().unwrap().len(), 0);
}
