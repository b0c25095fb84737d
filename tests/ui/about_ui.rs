#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Aide et à propos », opened from the navigation by its label: version, commit and
//! SQLCipher version, where the base and its key file are, the licences; closing it returns
//! to the work.

use egui_kittest::kittest::Queryable;
use passerelle::store::{KdfParams, Store, StorePaths};
use passerelle::ui::about::{ABOUT_LABEL, THIRD_PARTY_LICENSES};

use crate::common;

use common::{PASSPHRASE, click, harness_on, isolate_platform_dirs, unlock, wait_for};

#[test]
fn help_shows_the_build_the_data_location_and_the_licences() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    drop(Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap());
    let mut harness = harness_on(&paths);
    unlock(&mut harness);
    assert!(harness.query_by_label("Version").is_none());

    click(&mut harness, ABOUT_LABEL);
    wait_for(&mut harness, "Version");
    for expected in [
        env!("CARGO_PKG_VERSION"),
        passerelle::version::COMMIT,
        passerelle::version::sqlcipher_version(),
        paths.db.to_str().unwrap(),
        paths.key.to_str().unwrap(),
    ] {
        assert!(
            harness.query_by_label(expected).is_some(),
            "« {expected} » is not shown"
        );
    }
    assert!(passerelle::version::sqlcipher_version().starts_with("4."));
    assert!(harness.query_by_label("Sauvegarder").is_some());
    assert!(
        harness
            .query_all_by_label_contains("passerelle backup")
            .next()
            .is_some()
    );
    // The licences box shows the shipped file, from its first line.
    let first_line = THIRD_PARTY_LICENSES.lines().next().unwrap();
    assert!(harness.query_by_label(first_line).is_some(), "{first_line}");

    // « Fermer l'aide » returns to the section that was open.
    click(&mut harness, "Fermer l'aide");
    assert!(harness.query_by_label("Version").is_none());
    assert!(harness.query_by_label("Fermer l'aide").is_none());

    // A section of the navigation closes the help too.
    click(&mut harness, ABOUT_LABEL);
    wait_for(&mut harness, "Version");
    click(&mut harness, "Rapports");
    assert!(harness.query_by_label("Version").is_none());
}
