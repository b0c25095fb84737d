#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Paramètres → Sauvegarde » (issue 14) through the real widgets: the reminder at unlock
//! after 7 days without a backup, « Sauvegarder maintenant… » to a folder chosen in the
//! in-app chooser, the copy opening with the same passphrase, the date shown and kept in
//! the base, the refusal of an existing name.

use chrono::{Duration, Utc};
use egui_kittest::kittest::Queryable;
use passerelle::store::{KdfParams, LAST_BACKUP_SETTING, Store, StorePaths};

use crate::common;

use common::{PASSPHRASE, click, harness_on, unlock, wait_for_text};

const NO_DIALOG: &[(&str, &str)] = &[("PASSERELLE_FILE_DIALOG", "0")];

fn open_backup_section(h: &mut egui_kittest::Harness<'static, passerelle::app::App>) {
    click(h, "Paramètres");
    h.get_by_label("Sauvegarder maintenant…").scroll_to_me();
    h.run_steps(3);
}

fn back_up_to(
    h: &mut egui_kittest::Harness<'static, passerelle::app::App>,
    dest: &std::path::Path,
) {
    click(h, "Sauvegarder maintenant…");
    wait_for_text(h, "Enregistrer la sauvegarde chiffrée");
    // The name field is pre-filled with today's name: replace it with the full path.
    h.get_by_label(passerelle::ui::file_chooser::NAME_LABEL)
        .click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label(passerelle::ui::file_chooser::NAME_LABEL)
        .type_text(&dest.display().to_string());
    h.run_steps(2);
    click(h, "Enregistrer ici");
}

#[test]
fn a_backup_made_from_settings_is_verified_dated_and_ends_the_reminder() {
    common::isolate_platform_dirs_with(NO_DIALOG);
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        let ten_days_ago = (Utc::now() - Duration::days(10)).to_rfc3339();
        store
            .set_setting(LAST_BACKUP_SETTING, &ten_days_ago)
            .unwrap();
    }
    let mut h = harness_on(&paths);
    unlock(&mut h);
    wait_for_text(&mut h, "Aucune sauvegarde depuis 10 jours");
    open_backup_section(&mut h);
    wait_for_text(&mut h, "Dernière sauvegarde : le ");
    wait_for_text(&mut h, "Aucune sauvegarde depuis 10 jours.");

    let usb = tempfile::tempdir().unwrap();
    let dest = usb.path().join("copie.db");
    back_up_to(&mut h, &dest);
    wait_for_text(&mut h, "Sauvegarde chiffrée écrite et vérifiée");
    let today = chrono::Local::now().format("le %d/%m/%Y à ").to_string();
    wait_for_text(&mut h, &format!("Dernière sauvegarde : {today}"));
    // Neither the section's warning nor the unlock banner remain.
    assert!(
        h.query_all_by_label_contains("Aucune sauvegarde depuis")
            .next()
            .is_none(),
        "the reminder stays after a backup"
    );

    // The same name again: refused in French, the first copy untouched.
    let before = std::fs::read(&dest).unwrap();
    h.get_by_label("Sauvegarder maintenant…").scroll_to_me();
    h.run_steps(3);
    back_up_to(&mut h, &dest);
    wait_for_text(&mut h, "existe déjà. Choisissez un autre nom");
    assert_eq!(std::fs::read(&dest).unwrap(), before);
    drop(h);

    // The copy opens with the same passphrase and holds the same data.
    let copy = Store::unlock(&StorePaths::beside(&dest), PASSPHRASE).unwrap();
    copy.check().unwrap();
    let store = Store::unlock(&paths, PASSPHRASE).unwrap();
    let last = store.last_backup().unwrap().unwrap();
    // The copy was taken (and compared row by row by the store) before the date moved.
    assert!(copy.last_backup().unwrap().unwrap() < last);
    assert!(copy.verify_audit_chain().unwrap().broken.is_none());
    assert!((Utc::now() - last).num_minutes() < 5);
    assert_eq!(store.days_without_backup().unwrap(), 0);
    assert!(
        store
            .audit_entries(50)
            .unwrap()
            .iter()
            .any(|(_, _, action, detail)| action == "sauvegarde" && detail.contains("copie.db"))
    );
    let names: Vec<String> = std::fs::read_dir(usb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the copy is owner-only");
    }
}

#[test]
fn a_base_never_backed_up_is_reminded_only_after_a_week() {
    common::isolate_platform_dirs_with(NO_DIALOG);
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    assert_eq!(store.last_backup().unwrap(), None);
    assert_eq!(store.days_without_backup().unwrap(), 0);
    let in_nine_days = Utc::now() + Duration::days(9);
    store.set_clock(std::sync::Arc::new(move || in_nine_days));
    assert_eq!(store.days_without_backup().unwrap(), 9);
    drop(store);

    let mut h = harness_on(&paths);
    unlock(&mut h);
    open_backup_section(&mut h);
    wait_for_text(&mut h, "Aucune sauvegarde n'a encore été faite.");
    assert!(
        h.query_all_by_label_contains("Aucune sauvegarde depuis")
            .next()
            .is_none(),
        "a base made today is not reminded"
    );
}

#[test]
fn a_failed_backup_says_why_in_french_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    // The « folder » is a file: what a USB key unplugged and replaced by something else, or
    // a mistyped path, looks like to the copy.
    let not_a_folder = dir.path().join("cle");
    std::fs::write(&not_a_folder, b"x").unwrap();
    let err = store
        .backup(&not_a_folder.join("copie.db"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("n'est plus accessible"), "{err}");
    assert!(!err.contains("os error"), "raw system error shown: {err}");
    assert_eq!(store.last_backup().unwrap(), None);
    assert!(!dir.path().join("cle").join("copie.db").exists());
}
