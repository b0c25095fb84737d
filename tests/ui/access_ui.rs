#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Données de … » (right of access, issue 14) from the household page: the warning, the
//! folder, two files about that person only, and the access in the log.

use passerelle::store::Store;
use passerelle::store::audit::AuditFilter;

use crate::common;

use common::household::open_martin;
use common::{PASSPHRASE, click, harness_on as harness, wait_for, wait_for_text};
use egui_kittest::kittest::Queryable;

#[test]
fn the_data_of_one_adult_are_written_after_the_warning_without_the_children() {
    // The home folder of the test binary, ours until the end: the in-app chooser
    // opens there.
    let (home, _turn) = common::home();
    let fx = common::household::fixture(&[("HOME", home.to_str().unwrap())]);
    let folder = home.clone();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Adultes");
    click(&mut h, "Données de Hélène Martin…");
    wait_for_text(&mut h, "ces deux fichiers ne sont PAS chiffrés");
    click(&mut h, "Écrire le PDF et le JSON");
    wait_for_text(&mut h, "Choisissez le dossier");
    // The folder is chosen in the in-app chooser, not typed.
    click(&mut h, "Choisir le dossier…");
    wait_for(&mut h, "Enregistrer ici");
    click(&mut h, "Enregistrer ici");
    assert!(h.query_by_label("Enregistrer ici").is_none());
    click(&mut h, "Écrire le PDF et le JSON");
    wait_for_text(&mut h, "Données écrites");
    drop(h);

    let json = std::fs::read_to_string(folder.join(format!("acces-{}.json", fx.adult))).unwrap();
    assert!(json.contains("Hélène"));
    assert!(json.contains("2 autres enfants"), "{json}");
    assert!(!json.contains("Jules") && !json.contains("Lina"), "{json}");
    let pdf = std::fs::read(folder.join(format!("acces-{}.pdf", fx.adult))).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let log = store
        .audit_log(&AuditFilter {
            action: Some("droit d'accès".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
}
