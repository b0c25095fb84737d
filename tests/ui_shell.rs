#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The app shell driven through its real widgets, by their French labels (egui_kittest):
//! first run, recovery key, lock and unlock, Ctrl+L, idle lock, passphrase change, recovery.
//!
//! Every test works on a database in its own temporary directory, with the minimum key
//! derivation cost ([`KdfParams::FLOOR`]) so no test spends a second calibrating.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use passerelle::app::App;
use passerelle::store::{KdfParams, Store, StorePaths};

mod common;

use common::{PASSPHRASE, harness, isolate_platform_dirs, type_into, wait_for, wait_for_text};

const WRONG: &str = "le chien dort sur le toit";
const NAVIGATION: [&str; 6] = [
    "Tableau",
    "Ménages",
    "Rapprochement",
    "Échanges",
    "Rapports",
    "Paramètres",
];

struct Fixture {
    _dir: tempfile::TempDir,
    paths: StorePaths,
}

fn fixture() -> Fixture {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    Fixture { _dir: dir, paths }
}

/// A database created directly through the store (for tests that start at the lock screen).
fn existing_database(paths: &StorePaths) -> String {
    let (store, recovery_key) = Store::create(paths, PASSPHRASE, KdfParams::FLOOR).expect("create");
    drop(store);
    recovery_key.formatted()
}

/// Selects everything in a labelled field and types over it.
fn replace_in(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(2);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

/// Clicks and runs a single frame (the shell's timing tests count frames).
fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.step();
}

fn assert_main_window(harness: &Harness<'_, App>) {
    for label in NAVIGATION {
        assert!(
            harness.query_by_label(label).is_some(),
            "navigation « {label} » missing"
        );
    }
    assert!(harness.query_by_label("Verrouiller (Ctrl+L)").is_some());
    assert!(harness.state().is_unlocked());
}

fn unlock(harness: &mut Harness<'_, App>, passphrase: &str) {
    wait_for(harness, "Déverrouiller");
    type_into(harness, "Phrase de passe", passphrase);
    click(harness, "Déverrouiller");
    wait_for(harness, "Rapprochement");
}

#[test]
fn first_run_then_lock_and_unlock() {
    let fx = fixture();
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    wait_for(&mut harness, "Créer la base chiffrée");

    // A short passphrase is refused, with a French explanation, and nothing is written.
    type_into(&mut harness, "Phrase de passe", "trop court");
    type_into(&mut harness, "Confirmer la phrase de passe", "trop court");
    click(&mut harness, "Créer la base chiffrée");
    wait_for_text(&mut harness, "doit compter au moins 12 caractères");
    assert!(!fx.paths.exists());

    // Two different entries are refused too.
    replace_in(&mut harness, "Phrase de passe", PASSPHRASE);
    replace_in(&mut harness, "Confirmer la phrase de passe", WRONG);
    click(&mut harness, "Créer la base chiffrée");
    wait_for_text(&mut harness, "pas identiques");
    assert!(!fx.paths.exists());

    replace_in(&mut harness, "Confirmer la phrase de passe", PASSPHRASE);
    click(&mut harness, "Créer la base chiffrée");

    // Creation runs in the background, then the recovery key is shown once.
    wait_for(&mut harness, "J'ai noté la clé de secours");
    assert!(fx.paths.db.exists() && fx.paths.key.exists());
    assert!(
        harness
            .query_by_label_contains("Notez cette clé de secours sur papier")
            .is_some()
    );
    // « Continuer » does nothing until the key is confirmed as noted.
    click(&mut harness, "Continuer");
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label("J'ai noté la clé de secours")
            .is_some()
    );
    click(&mut harness, "J'ai noté la clé de secours");
    click(&mut harness, "Continuer");

    wait_for(&mut harness, "Commencer avec une base vide");
    assert!(
        harness
            .query_by_label("Charger des données de démonstration (ménages fictifs)")
            .is_some()
    );
    click(&mut harness, "Commencer avec une base vide");
    wait_for(&mut harness, "Rapprochement");
    assert_main_window(&harness);
    // The Tableau of an empty base says so, and how to start.
    assert!(
        harness
            .query_by_label("Aucun dossier dans ce dispositif pour l'instant.")
            .is_some()
    );

    // Lock with the button: the base is closed and the lock screen shows.
    click(&mut harness, "Verrouiller (Ctrl+L)");
    wait_for(&mut harness, "Base verrouillée");
    assert!(!harness.state().is_unlocked());
    assert!(harness.query_by_label("Rapprochement").is_none());

    // A wrong passphrase (submitted with Enter) shows the store's French message.
    type_into(&mut harness, "Phrase de passe", WRONG);
    harness.key_press(Key::Enter);
    wait_for_text(&mut harness, "incorrecte");
    assert!(!harness.state().is_unlocked());

    // The field was cleared: typing the right passphrase alone now unlocks.
    unlock(&mut harness, PASSPHRASE);
    assert_main_window(&harness);
}

#[test]
fn ctrl_l_locks() {
    let fx = fixture();
    existing_database(&fx.paths);
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness, PASSPHRASE);
    assert!(harness.state().is_unlocked());

    let ctrl = Modifiers {
        ctrl: true,
        command: true,
        ..Modifiers::NONE
    };
    harness.key_press_modifiers(ctrl, Key::L);
    wait_for(&mut harness, "Base verrouillée");
    assert!(!harness.state().is_unlocked());
}

#[test]
fn idle_timeout_locks_and_the_timer_wakes_the_ui() {
    let fx = fixture();
    existing_database(&fx.paths);
    let now = Arc::new(Mutex::new(Instant::now()));
    let mut app = App::with_kdf(fx.paths.clone(), KdfParams::FLOOR);
    let clock = Arc::clone(&now);
    app.set_clock(Arc::new(move || *clock.lock().expect("clock")));
    let mut harness = harness(app);
    unlock(&mut harness, PASSPHRASE);
    assert_eq!(harness.state().lock_delay(), Duration::from_secs(5 * 60));

    // With no input, the app asks to be woken when the delay runs out.
    harness.step();
    let delay = harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .expect("root viewport")
        .repaint_delay;
    assert!(delay <= Duration::from_secs(5 * 60), "{delay:?}");
    assert!(delay > Duration::ZERO);

    // 4 minutes idle: still open.
    *now.lock().expect("clock") += Duration::from_secs(4 * 60);
    harness.step();
    assert!(harness.state().is_unlocked());

    // Past 5 minutes: locked, with the reason.
    *now.lock().expect("clock") += Duration::from_secs(61);
    harness.step();
    wait_for(&mut harness, "Base verrouillée");
    assert!(!harness.state().is_unlocked());
    assert!(
        harness
            .query_by_label_contains("après 5 minutes sans activité")
            .is_some()
    );
}

#[test]
fn input_postpones_the_idle_lock() {
    let fx = fixture();
    existing_database(&fx.paths);
    let now = Arc::new(Mutex::new(Instant::now()));
    let mut app = App::with_kdf(fx.paths.clone(), KdfParams::FLOOR);
    let clock = Arc::clone(&now);
    app.set_clock(Arc::new(move || *clock.lock().expect("clock")));
    let mut harness = harness(app);
    unlock(&mut harness, PASSPHRASE);

    *now.lock().expect("clock") += Duration::from_secs(4 * 60);
    click(&mut harness, "Ménages");
    harness.step();
    *now.lock().expect("clock") += Duration::from_secs(4 * 60);
    harness.step();
    assert!(
        harness.state().is_unlocked(),
        "activity must reset the timer"
    );
}

#[test]
fn passphrase_change_from_settings() {
    let fx = fixture();
    existing_database(&fx.paths);
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness, PASSPHRASE);

    click(&mut harness, "Paramètres");
    wait_for(&mut harness, "Phrase de passe actuelle");
    assert!(
        harness
            .query_by_label_contains("passerelle.db.key")
            .is_some()
    );
    assert!(harness.query_by_label("Identifiant du poste").is_some());

    let new = "une autre phrase de passe";
    type_into(&mut harness, "Phrase de passe actuelle", PASSPHRASE);
    type_into(&mut harness, "Nouvelle phrase de passe", new);
    type_into(&mut harness, "Confirmer la nouvelle phrase de passe", new);
    click(&mut harness, "Changer la phrase de passe");
    wait_for_text(&mut harness, "Phrase de passe changée");

    click(&mut harness, "Verrouiller (Ctrl+L)");
    wait_for(&mut harness, "Base verrouillée");
    type_into(&mut harness, "Phrase de passe", PASSPHRASE);
    click(&mut harness, "Déverrouiller");
    wait_for_text(&mut harness, "incorrecte");
    unlock(&mut harness, new);
}

#[test]
fn recovery_key_sets_a_new_passphrase() {
    let fx = fixture();
    let recovery_key = existing_database(&fx.paths);
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    wait_for(&mut harness, "Déverrouiller");
    click(
        &mut harness,
        "Phrase de passe oubliée ? Utiliser la clé de secours",
    );
    wait_for(&mut harness, "Clé de secours");

    let new = "une phrase toute neuve";
    type_into(&mut harness, "Clé de secours", &recovery_key);
    type_into(&mut harness, "Nouvelle phrase de passe", new);
    type_into(&mut harness, "Confirmer la nouvelle phrase de passe", new);
    click(&mut harness, "Changer la phrase de passe");
    wait_for(&mut harness, "Rapprochement");
    assert_main_window(&harness);
    assert!(
        harness
            .query_by_label_contains("Nouvelle phrase de passe enregistrée")
            .is_some()
    );

    click(&mut harness, "Verrouiller (Ctrl+L)");
    unlock(&mut harness, new);
}

#[test]
fn a_wrong_recovery_key_is_refused() {
    let fx = fixture();
    existing_database(&fx.paths);
    let key_file_before = std::fs::read(&fx.paths.key).expect("key file");
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    wait_for(&mut harness, "Déverrouiller");
    click(
        &mut harness,
        "Phrase de passe oubliée ? Utiliser la clé de secours",
    );
    wait_for(&mut harness, "Clé de secours");
    type_into(&mut harness, "Clé de secours", "AAAA-BBBB-CCCC");
    type_into(
        &mut harness,
        "Nouvelle phrase de passe",
        "une phrase toute neuve",
    );
    type_into(
        &mut harness,
        "Confirmer la nouvelle phrase de passe",
        "une phrase toute neuve",
    );
    click(&mut harness, "Changer la phrase de passe");
    // The store says why in French; the screen stays, the key file is untouched.
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness.state().is_busy() {
        assert!(Instant::now() < deadline, "recovery never finished");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(2);
    assert!(harness.query_by_label("Clé de secours").is_some());
    assert!(!harness.state().is_unlocked());
    assert_eq!(
        std::fs::read(&fx.paths.key).expect("key file"),
        key_file_before
    );
    click(&mut harness, "Retour");
    wait_for(&mut harness, "Déverrouiller");
}

#[test]
fn navigation_shows_each_section() {
    let fx = fixture();
    existing_database(&fx.paths);
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness, PASSPHRASE);
    // Every section is built: « Ménages », « Rapprochement », « Échanges » (tests/exchange_ui.rs)
    // and « Rapports » (tests/report_ui.rs) have their own tests; none is a placeholder.
    for (label, heading) in [
        ("Échanges", "Échanges avec les partenaires"),
        ("Rapports", "Rapports"),
    ] {
        click(&mut harness, label);
        harness.run_steps(2);
        assert!(
            harness.query_all_by_label(heading).count() >= 1,
            "heading « {heading} » not shown"
        );
        assert!(harness.query_by_label("Bientôt disponible").is_none());
    }
}

#[test]
fn the_lock_delay_is_read_from_the_encrypted_base() {
    let fx = fixture();
    let (mut store, _key) = Store::create(&fx.paths, PASSPHRASE, KdfParams::FLOOR).expect("create");
    store
        .set_setting("ui.lock_delay_minutes", "12")
        .expect("setting");
    drop(store);
    let mut harness = harness(App::with_kdf(fx.paths.clone(), KdfParams::FLOOR));
    unlock(&mut harness, PASSPHRASE);
    assert_eq!(harness.state().lock_delay(), Duration::from_secs(12 * 60));
}
