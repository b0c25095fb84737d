#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Paramètres → Équipe » through the real widgets (issue 15): a coordinator creates the
//! team, a colleague joins and reads her fingerprint, the coordinator admits her (a wrong
//! fingerprint refused), then revokes her and is told to change the key; and the automatic
//! sync: a change made in one base appears in the other without any button, and locking
//! or quitting publishes what is pending.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use passerelle::app::App;
use passerelle::domain::programme::DEFAULT_PROGRAMME_ID;
use passerelle::store::{KdfParams, Store, StorePaths};
use passerelle::ui::shell::LOCK_LABEL;

use crate::common;

use common::{
    PASSPHRASE, click, harness, isolate_platform_dirs, type_into, wait_for, wait_for_text,
};

/// One base in a temp dir, named after its worker.
fn base(dir: &Path, name: &str, first: &str, last: &str) -> StorePaths {
    let paths = StorePaths::beside(dir.join(format!("{name}.db")));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    store
        .set_current_worker(&passerelle::domain::worker::Worker {
            id: uuid::Uuid::new_v4(),
            first_name: first.into(),
            last_name: last.into(),
            structure: "Association Un Toit".into(),
            device: None,
        })
        .unwrap();
    paths
}

fn open(paths: &StorePaths) -> Harness<'static, App> {
    let mut h = harness(App::with_kdf(paths.clone(), KdfParams::FLOOR));
    wait_for(&mut h, "Déverrouiller");
    type_into(&mut h, "Phrase de passe", PASSPHRASE);
    click(&mut h, "Déverrouiller");
    wait_for_text(&mut h, "Nouveau dossier");
    h
}

fn has_text(harness: &Harness<'_, App>, part: &str) -> bool {
    harness.query_all_by_label_contains(part).next().is_some()
}

fn in_view(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run_steps(3);
}

fn click_in_view(harness: &mut Harness<'_, App>, label: &str) {
    in_view(harness, label);
    click(harness, label);
}

fn settings(harness: &mut Harness<'_, App>) {
    click(harness, "Paramètres");
    harness.run_steps(3);
}

/// Types the shared folder and clicks `button` (« Créer l'équipe », « Rejoindre… »).
fn setup(harness: &mut Harness<'_, App>, folder: &Path, button: &str) {
    in_view(harness, "Dossier partagé de l'équipe");
    type_into(
        harness,
        "Dossier partagé de l'équipe",
        &folder.display().to_string(),
    );
    click_in_view(harness, button);
}

fn new_case(paths: &StorePaths, label: &str) {
    let mut store = Store::unlock(paths, PASSPHRASE).unwrap();
    store
        .create_case(&passerelle::store::board::NewCase {
            household_label: label.into(),
            commune: "Aurillac".into(),
            housing_situation: passerelle::domain::model::HousingSituation::Heberge,
            programme_id: DEFAULT_PROGRAMME_ID,
            origin: String::new(),
            referent: String::new(),
        })
        .unwrap();
}

fn log_of(folder: &Path, paths: &StorePaths) -> PathBuf {
    let site = Store::unlock(paths, PASSPHRASE).unwrap().site_id();
    folder.join("log").join(site.to_string())
}

fn packets(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".age"))
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn create_join_admit_and_revoke_from_the_app() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Equipe partagee");
    std::fs::create_dir_all(&folder).unwrap();
    let a = base(dir.path(), "a", "Claire", "Vidal");
    let b = base(dir.path(), "b", "Samira", "Benali");

    // A creates the team.
    let mut ha = open(&a);
    settings(&mut ha);
    assert!(has_text(&ha, "ne fait partie d'aucune équipe"));
    setup(&mut ha, &folder, "Créer l'équipe");
    wait_for_text(&mut ha, "Équipe créée dans");
    wait_for_text(&mut ha, "En attente d'admission");
    assert!(folder.join("team.json").is_file());

    // B joins: its card is written, its fingerprint shown big, with the spelling.
    let mut hb = open(&b);
    settings(&mut hb);
    setup(&mut hb, &folder, "Rejoindre une équipe");
    wait_for_text(&mut hb, "Carte déposée dans le dossier");
    wait_for_text(&mut hb, "Lisez cette empreinte au téléphone");
    let card = {
        let store = Store::unlock(&b, PASSPHRASE).unwrap();
        passerelle::team::own_card(&store).unwrap().unwrap()
    };
    assert!(hb.query_by_label(&card.fingerprint).is_some());
    assert!(has_text(&hb, "B comme Berthe"));
    assert!(has_text(&hb, "attend son admission"));

    // A sees the card waiting; a wrong fingerprint is refused, nothing written.
    click_in_view(&mut ha, "Relire le dossier");
    wait_for_text(&mut ha, "Samira Benali, Association Un Toit");
    click_in_view(&mut ha, "Admettre…");
    wait_for(&mut ha, "Empreinte lue au téléphone");
    type_into(&mut ha, "Empreinte lue au téléphone", "0000 1111 2222 3333");
    click(&mut ha, "Admettre");
    wait_for_text(&mut ha, "ne correspond pas à la carte");
    {
        let store = Store::unlock(&a, PASSPHRASE).unwrap();
        let roster = passerelle::team::held_roster(&store).unwrap().unwrap();
        assert_eq!(roster.members.len(), 1, "refused: nothing admitted");
    }
    // Échap closes the dialog.
    ha.key_press(egui::Key::Escape);
    ha.run_steps(3);
    assert!(ha.query_by_label("Empreinte lue au téléphone").is_none());
    click_in_view(&mut ha, "Admettre…");
    wait_for(&mut ha, "Empreinte lue au téléphone");
    // Read over the phone in lower case, with dashes: the same fingerprint.
    let spoken = card.fingerprint.to_lowercase().replace(' ', "-");
    type_into(&mut ha, "Empreinte lue au téléphone", &spoken);
    // Entrée validates.
    ha.key_press(egui::Key::Enter);
    wait_for_text(&mut ha, "Samira Benali admis·e dans l'équipe");
    wait_for_text(&mut ha, "Aucune carte en attente");

    // B learns it is admitted at its next sync.
    click_in_view(&mut hb, "Synchroniser maintenant");
    wait_for_text(&mut hb, "Synchronisé");
    wait_for_text(&mut hb, "Équipe : à jour");
    assert!(hb.query_by_label(&card.fingerprint).is_none());

    // A revokes B (lost laptop): advice to change the key, kept until dismissed.
    click_in_view(&mut ha, "Retirer de l'équipe…");
    wait_for(&mut ha, "Ordinateur perdu ou volé");
    click(&mut ha, "Retirer de l'équipe");
    wait_for_text(&mut ha, "ne fait plus partie de l'équipe");
    wait_for_text(&mut ha, "changez la clé de chiffrement de la base");
    {
        let store = Store::unlock(&a, PASSPHRASE).unwrap();
        let roster = passerelle::team::held_roster(&store).unwrap().unwrap();
        let m = roster.member(card.device).unwrap();
        assert!(m.revoked_at.is_some());
        let audit = store.audit_entries(20).unwrap();
        assert!(
            audit
                .iter()
                .any(|(_, _, action, detail)| action == "équipe révocation"
                    && detail.contains("ordinateur perdu")),
            "{audit:?}"
        );
    }
    // The advice survives a lock.
    click(&mut ha, LOCK_LABEL);
    wait_for(&mut ha, "Déverrouiller");
    type_into(&mut ha, "Phrase de passe", PASSPHRASE);
    click(&mut ha, "Déverrouiller");
    wait_for_text(&mut ha, "changez la clé de chiffrement de la base");
    click_in_view(&mut ha, "Aller au changement de clé");
    wait_for(&mut ha, "Phrase de passe actuelle (pour confirmer)");
    click_in_view(&mut ha, "C'est noté");
    ha.run_steps(3);
    assert!(!has_text(&ha, "changez la clé de chiffrement de la base"));
    let store = Store::unlock(&a, PASSPHRASE).unwrap();
    assert_eq!(
        store.setting("team.rekey_advice").unwrap().as_deref(),
        Some("")
    );
}

/// A and B in one team, set up with the engine (the screens are tested above).
fn team_of_two(dir: &Path) -> (PathBuf, StorePaths, StorePaths) {
    let folder = dir.join("Equipe");
    std::fs::create_dir_all(&folder).unwrap();
    let a = base(dir, "a", "Claire", "Vidal");
    let b = base(dir, "b", "Samira", "Benali");
    let mut sa = Store::unlock(&a, PASSPHRASE).unwrap();
    let mut sb = Store::unlock(&b, PASSPHRASE).unwrap();
    passerelle::team::create(&mut sa, &folder).unwrap();
    let (_, card) = passerelle::team::join(&mut sb, &folder).unwrap();
    passerelle::team::admit(&mut sa, &card.device.to_string()).unwrap();
    // Both start up to date (A's own registry stamps published, B has the roster).
    passerelle::team::sync(&mut sa).unwrap();
    passerelle::team::sync(&mut sb).unwrap();
    passerelle::team::sync(&mut sa).unwrap();
    (folder, a, b)
}

#[test]
fn a_change_in_a_appears_in_b_without_any_button() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let (folder, a, b) = team_of_two(dir.path());
    let log_a = log_of(&folder, &a);
    let before = packets(&log_a);
    let mut ha = open(&a);
    let mut hb = open(&b);
    ha.state_mut()
        .set_team_sync_interval(Duration::from_millis(300));
    hb.state_mut()
        .set_team_sync_interval(Duration::from_millis(300));
    // A change in A (another connection: the window's base does not know it).
    new_case(&a, "Famille Automatique");
    // Only frames: A publishes after the window, B applies, its board shows the case.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !has_text(&hb, "Famille Automatique") {
        assert!(
            Instant::now() < deadline,
            "the change never reached B (packets of A: {})",
            packets(&log_a)
        );
        ha.step();
        hb.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(packets(&log_a), before + 1, "one packet for the window");
    let sb = Store::unlock(&b, PASSPHRASE).unwrap();
    let households: Vec<passerelle::domain::model::Household> = sb.list().unwrap();
    assert!(households.iter().any(|h| h.label == "Famille Automatique"));
}

#[test]
fn lock_and_quit_publish_what_is_pending() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let (folder, a, _b) = team_of_two(dir.path());
    let log_a = log_of(&folder, &a);
    let before = packets(&log_a);
    // The default window (30 s): nothing is published by the scan during this test.
    let mut ha = open(&a);
    ha.run_steps(5);
    new_case(&a, "Famille Verrou");
    click(&mut ha, LOCK_LABEL);
    wait_for(&mut ha, "Déverrouiller");
    let deadline = Instant::now() + Duration::from_secs(15);
    while packets(&log_a) == before {
        assert!(Instant::now() < deadline, "the lock published nothing");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(packets(&log_a), before + 1);

    // At quit: published before the window closes (bounded wait).
    type_into(&mut ha, "Phrase de passe", PASSPHRASE);
    click(&mut ha, "Déverrouiller");
    wait_for_text(&mut ha, "Nouveau dossier");
    new_case(&a, "Famille Fermeture");
    eframe::App::on_exit(ha.state_mut(), None);
    assert_eq!(packets(&log_a), before + 2, "quit published");
}
