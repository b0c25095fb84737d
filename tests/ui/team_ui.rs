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
    PASSPHRASE, click, harness, has_text, isolate_platform_dirs, type_into, wait_for, wait_for_text,
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
    std::fs::read_dir(dir).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".age"))
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .count()
    })
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
    // The packet written at lock (by a thread that had dropped the key) is recorded by
    // the first task after the unlock: its changes are not sent again.
    let unpublished = || {
        let store = Store::unlock(&a, PASSPHRASE).unwrap();
        passerelle::team::status(&store)
            .unwrap()
            .unwrap()
            .unpublished
    };
    step_until(&mut [&mut ha], Duration::from_secs(15), "recorded", |_| {
        unpublished() == 0
    });
    new_case(&a, "Famille Fermeture");
    eframe::App::on_exit(ha.state_mut(), None);
    assert_eq!(packets(&log_a), before + 2, "quit published");
    assert_eq!(unpublished(), 0, "quit recorded its packet");
}

/// Steps both windows (or one) until `done`, at most `limit`; returns how long it took.
fn step_until(
    harnesses: &mut [&mut Harness<'_, App>],
    limit: Duration,
    what: &str,
    mut done: impl FnMut(&mut [&mut Harness<'_, App>]) -> bool,
) -> Duration {
    let start = Instant::now();
    while !done(harnesses) {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        for h in harnesses.iter_mut() {
            h.step();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    start.elapsed()
}

#[test]
fn a_packet_arriving_in_the_folder_is_applied_without_waiting_for_the_scan() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let (folder, a, b) = team_of_two(dir.path());
    // A's packet, made aside: the test plays the engine that brings it later.
    new_case(&a, "Famille Surveillée");
    let packet = {
        let mut sa = Store::unlock(&a, PASSPHRASE).unwrap();
        let seq = passerelle::team::publish(&mut sa).unwrap().unwrap().seq;
        let path = log_of(&folder, &a).join(format!("{seq}.age"));
        let aside = dir.path().join(format!("{seq}.age"));
        std::fs::rename(&path, &aside).unwrap();
        (aside, path)
    };
    let mut hb = open(&b);
    // Ten minutes between scans: only the watch can explain an apply within seconds.
    hb.state_mut()
        .set_team_sync_interval(Duration::from_secs(600));
    settings(&mut hb);
    step_until(&mut [&mut hb], Duration::from_secs(20), "watch", |h| {
        h[0].state().team_folder_watched()
    });
    wait_for_text(
        &mut hb,
        "ce qui arrive dans le dossier est appliqué aussitôt",
    );
    // The board shows what is applied.
    click(&mut hb, "Tableau");
    wait_for_text(&mut hb, "Nouveau dossier");
    // The first scan (at unlock) is over and found nothing.
    hb.run_steps(10);
    std::thread::sleep(Duration::from_millis(300));
    hb.run_steps(10);
    assert!(!has_text(&hb, "Famille Surveillée"));

    // Syncthing's way: a temporary name first (skipped, as by the scan)…
    let (aside, path) = packet;
    let temporary = path.with_file_name(format!(
        ".syncthing.{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::copy(&aside, &temporary).unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(2500) {
        hb.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !has_text(&hb, "Famille Surveillée"),
        "a temporary file applied"
    );
    // … then the final rename: applied within seconds.
    std::fs::rename(&temporary, &path).unwrap();
    let took = step_until(&mut [&mut hb], Duration::from_secs(8), "apply", |h| {
        h[0].query_all_by_label_contains("Famille Surveillée")
            .next()
            .is_some()
    });
    eprintln!("packet applied {took:?} after its final rename");
    let sb = Store::unlock(&b, PASSPHRASE).unwrap();
    let households: Vec<passerelle::domain::model::Household> = sb.list().unwrap();
    assert!(households.iter().any(|h| h.label == "Famille Surveillée"));
}

#[test]
fn the_sync_interval_is_chosen_in_the_settings_and_applies_at_once() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let (_folder, a, _b) = team_of_two(dir.path());
    let last_sync = |paths: &StorePaths| {
        Store::unlock(paths, PASSPHRASE)
            .unwrap()
            .team_config()
            .unwrap()
            .unwrap()
            .last_sync
    };
    let mut ha = open(&a);
    settings(&mut ha);
    wait_for_text(&mut ha, "relu toutes les 30 s");
    in_view(&mut ha, passerelle::ui::team::INTERVAL_LABEL);
    click(&mut ha, "10 s");
    ha.run_steps(3);
    wait_for_text(&mut ha, "relu toutes les 10 s");
    assert_eq!(
        Store::unlock(&a, PASSPHRASE)
            .unwrap()
            .setting("team.sync_interval_seconds")
            .unwrap()
            .as_deref(),
        Some("10")
    );
    // Effective without a restart: scans now come every 10 s, not 30 s.
    let before = last_sync(&a);
    let took = step_until(&mut [&mut ha], Duration::from_secs(20), "a scan", |_| {
        last_sync(&a) != before
    });
    assert!(took < Duration::from_secs(15), "{took:?}");
    // Kept in the base: still 10 s after a lock.
    click(&mut ha, LOCK_LABEL);
    wait_for(&mut ha, "Déverrouiller");
    type_into(&mut ha, "Phrase de passe", PASSPHRASE);
    click(&mut ha, "Déverrouiller");
    // Back on « Paramètres », where the lock left it.
    wait_for(&mut ha, LOCK_LABEL);
    wait_for_text(&mut ha, "relu toutes les 10 s");
    // Picked again: nothing changes (already the period).
    click(&mut ha, "10 s");
    ha.run_steps(3);
    assert!(has_text(&ha, "relu toutes les 10 s"));
}

/// A share that stops answering, played by a named pipe where a roster version is
/// expected: opening it for reading blocks the sync thread inside a real system call
/// until the test writes into it (the share comes back).
#[cfg(unix)]
#[test]
fn a_team_folder_that_does_not_answer_holds_neither_the_window_nor_the_lock_nor_quit() {
    use std::io::Write;
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let (folder, a, b) = team_of_two(dir.path());
    let log_b = log_of(&folder, &b);
    let before = packets(&log_b);
    new_case(&b, "Famille Patiente");
    let pipe = folder.join("roster").join("99.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());

    let mut hb = open(&b);
    hb.state_mut().set_team_hung_after(Duration::from_secs(1));
    settings(&mut hb);
    wait_for_text(&mut hb, "Le dossier d'équipe ne répond pas");
    // The window goes on: another screen opens at once.
    let start = Instant::now();
    click(&mut hb, "Ménages");
    hb.run_steps(3);
    assert!(start.elapsed() < Duration::from_secs(2));

    // The lock is immediate, though a sync is blocked and a publication is due.
    let start = Instant::now();
    click(&mut hb, LOCK_LABEL);
    wait_for(&mut hb, "Déverrouiller");
    let lock = start.elapsed();
    assert!(lock < Duration::from_secs(2), "lock took {lock:?}");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(packets(&log_b), before, "nothing reached the folder");
    {
        let sb = Store::unlock(&b, PASSPHRASE).unwrap();
        let status = passerelle::team::status(&sb).unwrap().unwrap();
        assert!(status.unpublished > 0, "the change stays pending");
    }

    // Unlocked again: the folder still hangs, « Synchroniser maintenant » says so at once.
    type_into(&mut hb, "Phrase de passe", PASSPHRASE);
    click(&mut hb, "Déverrouiller");
    wait_for(&mut hb, LOCK_LABEL);
    settings(&mut hb);
    click_in_view(&mut hb, "Synchroniser maintenant");
    wait_for_text(&mut hb, "Le dossier d'équipe ne répond pas");

    // Quit does not wait for the folder more than a few seconds.
    let start = Instant::now();
    eframe::App::on_exit(hb.state_mut(), None);
    let quit = start.elapsed();
    assert!(quit < Duration::from_secs(5), "quit took {quit:?}");
    eprintln!("lock {lock:?}, quit {quit:?} with the folder hung");

    // The share comes back: the blocked read gets an answer (not a roster), and what was
    // pending is published.
    let mut writer = std::fs::OpenOptions::new().write(true).open(&pipe).unwrap();
    std::fs::remove_file(&pipe).unwrap();
    writer.write_all(b"{}").unwrap();
    drop(writer);
    let deadline = Instant::now() + Duration::from_secs(20);
    while packets(&log_b) == before {
        assert!(
            Instant::now() < deadline,
            "the pending change was never published"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut sa = Store::unlock(&a, PASSPHRASE).unwrap();
    passerelle::team::sync(&mut sa).unwrap();
    let households: Vec<passerelle::domain::model::Household> = sa.list().unwrap();
    assert!(households.iter().any(|h| h.label == "Famille Patiente"));
}

#[test]
fn a_folder_that_cannot_be_watched_falls_back_to_the_scan_and_says_so() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let (folder, _a, b) = team_of_two(dir.path());
    // The disk is not plugged in yet.
    let away = dir.path().join("ailleurs");
    std::fs::rename(&folder, &away).unwrap();
    let mut hb = open(&b);
    hb.state_mut()
        .set_team_sync_interval(Duration::from_millis(500));
    settings(&mut hb);
    wait_for_text(
        &mut hb,
        "Surveillance du dossier impossible (dossier introuvable) : il est seulement relu",
    );
    assert!(!hb.state().team_folder_watched());
    wait_for_text(&mut hb, "Le dossier d'équipe est introuvable");
    // It comes back: the watch is tried again at the next interval.
    std::fs::rename(&away, &folder).unwrap();
    wait_for_text(
        &mut hb,
        "ce qui arrive dans le dossier est appliqué aussitôt",
    );
    assert!(hb.state().team_folder_watched());
    // The scan's earlier failure goes once the folder answers.
    let start = Instant::now();
    while has_text(&hb, "Le dossier d'équipe est introuvable") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the old failure stays"
        );
        hb.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The sync opens its own connection on its thread (not in a frame): when it cannot (the
/// base's file moved away while the window has it open), « Synchroniser maintenant » says
/// why in French, nothing else changes, and the next sync works once it is back.
#[test]
fn a_sync_whose_connection_cannot_open_says_why_and_the_next_one_works() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let (_folder, _a, b) = team_of_two(dir.path());
    let mut hb = open(&b);
    settings(&mut hb);
    // The automatic scan at unlock first: it must not be the one that meets the move.
    wait_for_text(&mut hb, "Équipe : à jour");
    let moved = b.db.with_extension("ailleurs");
    std::fs::rename(&b.db, &moved).unwrap();
    click_in_view(&mut hb, "Synchroniser maintenant");
    wait_for_text(&mut hb, "La base de données est introuvable");
    assert!(
        hb.state().is_unlocked(),
        "the window's own connection stays"
    );

    std::fs::rename(&moved, &b.db).unwrap();
    click_in_view(&mut hb, "Synchroniser maintenant");
    wait_for_text(&mut hb, "Synchronisé");
    assert!(!has_text(&hb, "La base de données est introuvable"));
}
