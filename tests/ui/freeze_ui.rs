#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! « Gel du dossier » (issue 14) through the real widgets: freeze with a reason, the badge
//! with reason and date, edits refused, unfreeze; and at the store: edit, export and
//! matching blocked while frozen, the freeze and unfreeze in the access log.

use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::exchange::packet::{self, ExportRequest};
use passerelle::store::Store;
use passerelle::store::audit::AuditFilter;

use crate::common;

use common::household::open_martin;
use common::{PASSPHRASE, click, harness_on as harness, type_into, wait_for_text};

#[test]
fn a_frozen_household_shows_its_badge_refuses_edits_and_unfreezes() {
    let fx = common::household::fixture(&[]);
    let mut h = harness(&fx.paths);
    open_martin(&mut h);

    click(&mut h, "Geler le dossier…");
    // Refused without a reason, the dialog says so.
    click(&mut h, "Geler le dossier");
    wait_for_text(&mut h, "Indiquez le motif du gel.");
    type_into(
        &mut h,
        "Motif du gel (demande de limitation, contestation en cours…)",
        "Demande de limitation du 30/11",
    );
    click(&mut h, "Geler le dossier");
    wait_for_text(&mut h, "Dossier gelé depuis le");
    wait_for_text(&mut h, "motif : Demande de limitation du 30/11");
    assert!(h.query_by_label("Dégeler le dossier").is_some());
    // Sending and the fiche are disabled.
    let send = h.get_by_label("Envoyer à un partenaire…");
    assert!(send.accesskit_node().is_disabled());

    // An edit is refused by the store, with the French reason.
    click(&mut h, "Modifier le ménage");
    type_into(&mut h, "Nom du ménage", " bis");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Dossier gelé depuis le");
    wait_for_text(&mut h, "Rien n'a été enregistré");

    click(&mut h, "Dégeler le dossier");
    wait_for_text(&mut h, "Dossier dégelé");
    assert!(h.query_by_label("Geler le dossier…").is_some());
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let actions: Vec<String> = store
        .audit_log(&AuditFilter {
            household: Some(fx.household.id),
            ..AuditFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"gel du dossier".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"dégel du dossier".to_owned()),
        "{actions:?}"
    );
    assert!(actions.contains(&"foyer ouvert".to_owned()), "{actions:?}");
    // The reason stays in the file, never in the log.
    assert!(
        store
            .audit_log(&AuditFilter::default())
            .unwrap()
            .iter()
            .all(|e| !e.detail.contains("limitation"))
    );
}

#[test]
fn freezing_blocks_edit_export_and_matching_until_unfrozen() {
    let fx = common::household::fixture(&[]);
    let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let id = fx.household.id;
    assert!(
        store
            .write(|tx| tx.freeze_household(id, "  "))
            .unwrap_err()
            .to_string()
            .contains("motif")
    );
    store
        .write(|tx| tx.freeze_household(id, "contestation en cours"))
        .unwrap();
    assert_eq!(
        store.freeze_of(id).unwrap().unwrap().reason,
        "contestation en cours"
    );

    // Edit: the household, one of its people, a record linked through the adult.
    let mut changed = fx.household.clone();
    changed.commune = "Mauriac".into();
    let err = store.write(|tx| tx.put(&changed)).unwrap_err();
    assert!(
        err.to_string().starts_with("Dossier gelé depuis le"),
        "{err}"
    );
    let mut adult: passerelle::domain::model::Adult = store.get(fx.adult).unwrap();
    adult.phone = "0600000000".into();
    assert!(store.write(|tx| tx.put(&adult)).is_err());
    assert!(
        store
            .write(|tx| tx.delete::<passerelle::domain::model::Adult>(fx.adult))
            .is_err()
    );

    // Export: a packet is refused before anything is written.
    let out = tempfile::tempdir().unwrap();
    let req = ExportRequest {
        households: vec![id],
        ..ExportRequest::default()
    };
    let err = packet::export(&mut store, &req).unwrap_err();
    assert!(err.to_string().contains("Dossier gelé"), "{err}");
    drop(out);

    // Matching: not a candidate.
    assert!(
        store
            .matching_records()
            .unwrap()
            .households
            .iter()
            .all(|h| h.id != id)
    );

    store.write(|tx| tx.unfreeze_household(id)).unwrap();
    store.write(|tx| tx.put(&changed)).unwrap();
    assert!(
        store
            .matching_records()
            .unwrap()
            .households
            .iter()
            .any(|h| h.id == id)
    );
}
