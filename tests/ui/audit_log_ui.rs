#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Paramètres → Journal d'accès » (issue 14) through the real widgets: the chain's
//! verification, a filter, and the export for the DPO (no names in it).

use egui_kittest::kittest::Queryable;
use passerelle::store::Store;
use passerelle::store::audit::AuditFilter;

use crate::common;

use common::household::open_martin;
use common::{PASSPHRASE, click, harness_on as harness, type_into, wait_for, wait_for_text};

#[test]
fn the_journal_shows_the_chain_filters_and_exports_without_names() {
    // No native dialog, and the home folder of the test binary, ours until the end: the in-app
    // chooser opens there.
    let (home, _turn) = common::home();
    let fx = common::household::fixture(&[
        ("PASSERELLE_FILE_DIALOG", "0"),
        ("HOME", home.to_str().unwrap()),
    ]);
    let file = home.join("journal-acces.csv");
    // An earlier export lies in the folder: one more line in the chooser's list (its
    // « Enregistrer ici » then fell out of the dialog's view and the click did nothing).
    std::fs::write(home.join("journal-precedent.json"), b"[]").unwrap();
    for n in 1..=4 {
        std::fs::write(home.join(format!("journal-{n}.csv")), b"x").unwrap();
    }
    let mut h = harness(&fx.paths);
    // A laptop screen after the taskbar.
    h.set_size(egui::vec2(1366.0, 700.0));
    open_martin(&mut h);
    click(&mut h, "Paramètres");
    h.get_by_label("Journal d'accès…").scroll_to_me();
    h.run_steps(3);
    click(&mut h, "Journal d'accès…");
    wait_for_text(&mut h, "Journal d'accès intègre");
    wait_for_text(&mut h, "foyer ouvert");
    // Times in local time, as the worker's clock shows them (the export keeps UTC).
    wait_for_text(&mut h, "Date (heure locale)");

    type_into(&mut h, "Action (exacte)", "foyer ouvert");
    click(&mut h, "Filtrer");
    wait_for_text(&mut h, "1 entrée ci-dessous");
    // The place is chosen in the in-app chooser (suggested name kept), not typed.
    click(&mut h, "Choisir l'emplacement…");
    wait_for(&mut h, "Enregistrer ici");
    wait_for_text(&mut h, "journal-precedent.json");
    // The dialog fits a laptop screen (1366 x 700): its own buttons, and the chooser's.
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 700.0));
    for label in ["Filtrer", "Fermer", "Enregistrer ici"] {
        let rect = h.get_by_label(label).rect();
        assert!(screen.contains_rect(rect), "{label} at {rect:?}");
    }
    click(&mut h, "Enregistrer ici");
    assert!(
        h.query_by_label("Enregistrer ici").is_none(),
        "the chooser closes once a place is chosen"
    );
    click(&mut h, "Exporter en CSV");
    wait_for_text(&mut h, "1 entrée écrite dans");
    assert!(file.exists(), "written where chosen");

    // A date that does not parse is refused, for the filter and the export.
    type_into(&mut h, "Du", "32/13/2026");
    click(&mut h, "Filtrer");
    wait_for_text(&mut h, "Date « Du » illisible");
    click(&mut h, "Exporter en JSON");
    wait_for_text(&mut h, "Date « Du » illisible");
    drop(h);

    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.contains("foyer ouvert"), "{csv}");
    assert!(!csv.contains("déverrouillage"), "filtered on the action");
    assert!(csv.contains(&format!("foyer:{}", fx.household.id)));
    assert!(!csv.contains("Martin"), "no name in the export");
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    assert!(
        store
            .audit_log(&AuditFilter {
                action: Some("export du journal d'accès".into()),
                ..AuditFilter::default()
            })
            .unwrap()
            .len()
            == 1
    );
}
