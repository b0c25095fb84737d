#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Helpers shared by the egui_kittest UI tests. Each test binary compiles this module on its
//! own, so helpers a given binary does not use are marked `#[allow(dead_code)]`.

use std::sync::Once;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::store::{KdfParams, StorePaths};

#[allow(dead_code)]
pub mod household;

#[allow(dead_code)]
pub const PASSPHRASE: &str = "le chat dort sur le toit";

/// Points the platform directories at a throwaway place once for the whole process, so no
/// test can touch the real data or config directory even by accident.
#[allow(dead_code)]
pub fn isolate_platform_dirs() {
    isolate_platform_dirs_with(&[]);
}

/// The environment every UI test of this binary runs in. The tests of many files share one
/// process (tests/ui/main.rs) and the environment is per process, so it is set once, the
/// same for all: our own data, config and home folders (the in-app chooser opens in
/// [`home`]), and the in-app chooser rather than the desktop's dialog.
fn shared_env(dir: &std::path::Path) -> [(&'static str, std::path::PathBuf); 4] {
    [
        ("XDG_DATA_HOME", dir.join("data")),
        ("XDG_CONFIG_HOME", dir.join("config")),
        ("HOME", dir.join("home")),
        ("PASSERELLE_FILE_DIALOG", "0".into()),
    ]
}

/// The home folder of this test process (set by [`isolate_platform_dirs`]), where the in-app
/// chooser opens when nothing else was chosen, emptied for the caller, with the guard that
/// keeps it to the caller until dropped: the files another test wrote there would be listed
/// in the chooser (and tests that pick « the folder shown » must not see each other's files).
#[allow(dead_code)]
pub fn home() -> (std::path::PathBuf, std::sync::MutexGuard<'static, ()>) {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A test that failed while holding it leaves it poisoned: the next one still runs.
    let turn = TURN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    isolate_platform_dirs();
    let home = std::path::PathBuf::from(
        std::env::var_os("HOME").expect("HOME set by isolate_platform_dirs"),
    );
    for entry in std::fs::read_dir(&home).expect("home folder") {
        let path = entry.expect("home entry").path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("empty the home folder");
        } else {
            std::fs::remove_file(&path).expect("empty the home folder");
        }
    }
    (home, turn)
}

/// Like [`isolate_platform_dirs`], checking that `extra` environment variables have these
/// values: the environment is set once for the whole process ([`shared_env`]), so a test
/// asking for a different value fails here instead of racing the other tests.
#[allow(dead_code)]
pub fn isolate_platform_dirs_with(extra: &[(&str, &str)]) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        std::fs::create_dir_all(dir.join("home")).expect("home folder");
        // SAFETY: runs once, before this binary's first harness; the tests that run
        // meanwhile do not write the environment (only this function does).
        #[allow(unsafe_code)]
        unsafe {
            for (key, value) in shared_env(&dir) {
                std::env::set_var(key, value);
            }
        }
    });
    for (key, value) in extra {
        assert_eq!(
            std::env::var_os(key).as_deref(),
            Some(std::ffi::OsStr::new(value)),
            "{key}: the environment is shared by every test of the binary (common::shared_env)"
        );
    }
}

/// A 1366×768 harness driving `app`.
#[allow(dead_code)]
pub fn harness(app: App) -> Harness<'static, App> {
    // No App without isolated platform directories, whichever test of the binary runs first.
    isolate_platform_dirs();
    Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app)
}

/// A harness on the base at `paths`, with the minimum key derivation cost.
#[allow(dead_code)]
pub fn harness_on(paths: &StorePaths) -> Harness<'static, App> {
    isolate_platform_dirs();
    harness(App::with_kdf(paths.clone(), KdfParams::FLOOR))
}

/// Steps the UI until a widget with this exact label appears (background threads report
/// asynchronously); fails after 30 s.
#[allow(dead_code)]
pub fn wait_for(harness: &mut Harness<'_, App>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if harness.query_by_label(label).is_some() {
            // A few more frames so that layout settles before the next click.
            harness.run_steps(2);
            return;
        }
        assert!(Instant::now() < deadline, "« {label} » never appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Steps until no widget is labelled `label` any more (what a background read replaces),
/// at most 30 s; `why` says what it means if it stays.
#[allow(dead_code)]
pub fn wait_until_gone(harness: &mut Harness<'_, App>, label: &str, why: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if harness.query_by_label(label).is_none() {
            return;
        }
        assert!(Instant::now() < deadline, "« {label} » still shown: {why}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether a label containing `part` is shown now.
#[allow(dead_code)]
pub fn has_text(harness: &Harness<'_, App>, part: &str) -> bool {
    harness.query_all_by_label_contains(part).next().is_some()
}

/// Like [`wait_for`], for a label that contains `part` (error messages). On failure, prints
/// every label shown.
#[allow(dead_code)]
pub fn wait_for_text(harness: &mut Harness<'_, App>, part: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if harness.query_all_by_label_contains(part).next().is_some() {
            harness.run_steps(2);
            return;
        }
        if Instant::now() > deadline {
            for n in harness.root().children_recursive() {
                if let Some(l) = n.accesskit_node().label() {
                    eprintln!("{l}");
                }
            }
            panic!("no text containing « {part} » appeared");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Opens « Rapprochement » and waits until its data, read in the background, is shown.
#[allow(dead_code)]
pub fn open_matching(harness: &mut Harness<'_, App>) {
    click(harness, "Rapprochement");
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness
        .query_by_label(passerelle::ui::matching::LOADING_LABEL)
        .is_some()
    {
        assert!(Instant::now() < deadline, "the matching data never came");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(2);
    settle_ranking(harness);
}

/// Steps the UI until the « Rapprochement » ranking made on its thread is shown (after a
/// household chosen or a filter moved); fails after 30 s.
#[allow(dead_code)]
pub fn settle_ranking(harness: &mut Harness<'_, App>) {
    // The frame that applies the choice starts the ranking; the next one says so.
    harness.run_steps(2);
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness
        .query_by_label(passerelle::ui::matching::RANKING_LABEL)
        .is_some()
    {
        assert!(Instant::now() < deadline, "the ranking never came");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(2);
}

/// Clicks into a labelled field and types.
#[allow(dead_code)]
pub fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

/// Clicks a labelled widget and runs three frames.
#[allow(dead_code)]
pub fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

/// Unlocks with [`PASSPHRASE`] and waits for the main window (« Rapprochement »).
#[allow(dead_code)]
pub fn unlock(harness: &mut Harness<'_, App>) {
    wait_for(harness, "Déverrouiller");
    type_into(harness, "Phrase de passe", PASSPHRASE);
    click(harness, "Déverrouiller");
    wait_for(harness, "Rapprochement");
}

/// The text of a PDF (`pdftotext -layout`), or `None` when poppler-utils is missing and
/// not required (`.ci/run` installs it and sets `PASSERELLE_REQUIRE_EXTERNAL`).
#[allow(dead_code)]
pub fn pdf_text(path: &std::path::Path) -> Option<String> {
    match std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
        _ if std::env::var_os("PASSERELLE_REQUIRE_EXTERNAL").is_none() => {
            eprintln!("pdftotext absent : lecture du PDF non vérifiée");
            None
        }
        _ => panic!("pdftotext is required (poppler-utils)"),
    }
}
