#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The « Échanges » section driven through the real App (egui_kittest, by labels), with two
//! encrypted installations in temporary folders: identities, contact cards exchanged through
//! the in-app file chooser, a household sent with its preview, received with its preview,
//! applied, the « modifié depuis votre dernière visite » mark shown then gone once opened;
//! a conflict resolved through the screen; a broken packet refused with nothing changed.

use crate::common;

use std::path::Path;

use chrono::Utc;
use common::household::fixture;
use common::{
    PASSPHRASE, click, harness_on, type_into, unlock, wait_for, wait_for_text, wait_until_gone,
};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::domain::model::*;
use passerelle::exchange::packet::{self, ExportRequest};
use passerelle::store::{Store, StorePaths};
use passerelle::ui::file_chooser::NAME_LABEL;
use uuid::Uuid;

/// No native dialog in tests: every « Choisir… » opens the in-app chooser.
const NO_DIALOG: &[(&str, &str)] = &[("PASSERELLE_FILE_DIALOG", "0")];

fn consent(store: &mut Store, household: Uuid, role: PartnerRole) {
    let c = Consent {
        id: Uuid::new_v4(),
        household_id: household,
        partner_id: None,
        role: Some(role),
        given_on: Utc::now().date_naive() - chrono::Days::new(1),
        scope: "suivi du parcours".into(),
        method: ConsentMethod::EcritSigne,
        expires_on: None,
        withdrawn_on: None,
    };
    store.write(|tx| tx.put(&c).map(|_| ())).unwrap();
}

/// Chooses `path` in the in-app chooser (typed as a full path) with the chooser's button.
fn choose(h: &mut Harness<'_, App>, button: &str, path: &Path, action: &str) {
    click(h, button);
    wait_for(h, NAME_LABEL);
    // Replace the suggested name with the full path.
    h.get_by_label(NAME_LABEL).click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label(NAME_LABEL).type_text(path.to_str().unwrap());
    h.run_steps(2);
    click(h, action);
}

fn create_identity(h: &mut Harness<'_, App>, org: &str) {
    click(h, "Échanges");
    wait_for(h, "Nom de votre structure");
    type_into(h, "Nom de votre structure", org);
    click(h, "Créer l'identité");
    wait_for(h, "Exporter ma carte de contact…");
}

fn export_card(h: &mut Harness<'_, App>, path: &Path) {
    choose(h, "Exporter ma carte de contact…", path, "Enregistrer ici");
    wait_for_text(h, "Carte de contact enregistrée");
    assert!(path.is_file());
}

fn pin_card(h: &mut Harness<'_, App>, path: &Path, fingerprint: &str) {
    choose(
        h,
        "Importer la carte d'un partenaire…",
        path,
        "Ouvrir ce fichier",
    );
    wait_for(h, "L'empreinte est la bonne : épingler");
    // The fingerprint to read over the phone is on screen, in full.
    assert!(h.query_by_label(fingerprint).is_some(), "fingerprint shown");
    click(h, "L'empreinte est la bonne : épingler");
    wait_for_text(h, "est épinglé comme");
}

fn card_fingerprint(path: &Path) -> String {
    packet::ContactCard::parse(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .fingerprint
}

#[test]
fn two_installations_exchange_cards_and_a_household_through_the_gui() {
    let paris_fx = fixture(NO_DIALOG);
    let martin = paris_fx.household.id;
    {
        let mut store = Store::unlock(&paris_fx.paths, PASSPHRASE).unwrap();
        consent(&mut store, martin, PartnerRole::Accompagnement);
    }
    let files = tempfile::tempdir().unwrap();
    let aurillac_dir = tempfile::tempdir().unwrap();
    let aurillac_paths = StorePaths::beside(aurillac_dir.path().join("a.db"));
    Store::create(
        &aurillac_paths,
        PASSPHRASE,
        passerelle::store::KdfParams::FLOOR,
    )
    .unwrap();

    let mut paris = harness_on(&paris_fx.paths);
    unlock(&mut paris);
    let mut aurillac = harness_on(&aurillac_paths);
    unlock(&mut aurillac);

    // Identities and cards, both ways.
    create_identity(&mut paris, "Association Paris Relais");
    create_identity(&mut aurillac, "Service insertion Aurillac");
    let paris_card = files.path().join("paris.card");
    let aurillac_card = files.path().join("aurillac.card");
    export_card(&mut paris, &paris_card);
    export_card(&mut aurillac, &aurillac_card);
    pin_card(&mut aurillac, &paris_card, &card_fingerprint(&paris_card));
    pin_card(
        &mut paris,
        &aurillac_card,
        &card_fingerprint(&aurillac_card),
    );
    // The partner is in the directory once the section's data, read again on its own
    // thread after the pin, comes back (asserting at once failed under load).
    wait_for(&mut paris, "Service insertion Aurillac");

    // Paris sends « Famille Martin », after a preview of what leaves.
    // From the household's page: « Envoyer à un partenaire… » opens the form with it chosen.
    click(&mut paris, "Ménages");
    wait_for(&mut paris, "Famille Martin");
    click(&mut paris, "Famille Martin");
    wait_for(&mut paris, "Envoyer à un partenaire…");
    click(&mut paris, "Envoyer à un partenaire…");
    wait_for(&mut paris, "Famille Martin — Aurillac");
    wait_for(&mut paris, "1 choisi");
    click(
        &mut paris,
        "Service insertion Aurillac (Partenaire d'accompagnement)",
    );
    click(&mut paris, "Aperçu de l'envoi");
    wait_for(&mut paris, "Champs transmis, selon le rôle :");
    wait_for_text(&mut paris, "Famille Martin (");
    assert!(
        paris
            .query_by_label("Envoi impossible : consentement manquant")
            .is_none()
    );
    let packet_path = files.path().join("martin.age");
    choose(
        &mut paris,
        "Enregistrer le paquet…",
        &packet_path,
        "Enregistrer ici",
    );
    wait_for_text(&mut paris, "Paquet enregistré");
    assert!(packet_path.is_file());

    // Aurillac opens it: preview first, nothing written before « Appliquer ».
    click(&mut aurillac, "Recevoir un dossier");
    choose(
        &mut aurillac,
        "Ouvrir un paquet…",
        &packet_path,
        "Ouvrir ce fichier",
    );
    wait_for(&mut aurillac, "Appliquer");
    wait_for_text(&mut aurillac, "nouvelles fiches");
    assert!(
        aurillac.query_by_label("Famille Martin").is_some(),
        "the preview lists the household"
    );
    click(&mut aurillac, "Appliquer");
    wait_for_text(&mut aurillac, "importé :");

    // The list flags it; opening it shows the mark once, then it is gone.
    click(&mut aurillac, "Ménages");
    wait_for_text(&mut aurillac, "modifié depuis votre dernière visite");
    click(&mut aurillac, "Famille Martin");
    wait_for_text(
        &mut aurillac,
        "Modifié depuis votre dernière visite : paquet de Association Paris Relais",
    );
    click(&mut aurillac, "Retour à la liste");
    wait_for(&mut aurillac, "Famille Martin");
    assert!(
        aurillac
            .query_all_by_label_contains("modifié depuis votre dernière visite")
            .next()
            .is_none(),
        "the mark is gone once opened"
    );
}

#[test]
fn a_conflict_is_resolved_field_by_field_through_the_screen() {
    let fx = fixture(NO_DIALOG);
    let martin = fx.household.id;
    let files = tempfile::tempdir().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let other_paths = StorePaths::beside(other_dir.path().join("a.db"));
    // Store-level setup: both sides know each other, Aurillac has the household, then
    // both change its commune; Aurillac sends it back.
    let back = {
        let mut paris = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        consent(&mut paris, martin, PartnerRole::Accompagnement);
        let (mut aurillac, _) = Store::create(
            &other_paths,
            PASSPHRASE,
            passerelle::store::KdfParams::FLOOR,
        )
        .unwrap();
        packet::ensure_identity(&mut paris, Some("Paris Relais")).unwrap();
        packet::ensure_identity(&mut aurillac, Some("Aurillac Insertion")).unwrap();
        let a = packet::add_partner(
            &mut paris,
            &packet::identity(&aurillac).unwrap().contact_card(),
            PartnerRole::Accompagnement,
            "",
        )
        .unwrap();
        let p = packet::add_partner(
            &mut aurillac,
            &packet::identity(&paris).unwrap().contact_card(),
            PartnerRole::Accompagnement,
            "",
        )
        .unwrap();
        let req = |to| ExportRequest {
            partners: vec![to],
            role: Some(PartnerRole::Accompagnement),
            households: vec![martin],
            ..ExportRequest::default()
        };
        let first = packet::export(&mut paris, &req(a.id)).unwrap();
        let opened = packet::open(&aurillac, &first.bytes, None).unwrap();
        packet::apply(&mut aurillac, &opened).unwrap();
        for (store, commune) in [
            (&mut paris, "Vic-sur-Cère"),
            (&mut aurillac, "Arpajon-sur-Cère"),
        ] {
            let mut h: Household = store.get(martin).unwrap();
            h.commune = commune.into();
            store.write(|tx| tx.put(&h).map(|_| ())).unwrap();
        }
        // Consents are collected by each organisation, never taken from a packet.
        consent(&mut aurillac, martin, PartnerRole::Accompagnement);
        packet::export(&mut aurillac, &req(p.id)).unwrap().bytes
    };
    let back_path = files.path().join("retour.age");
    std::fs::write(&back_path, back).unwrap();

    let mut h = harness_on(&fx.paths);
    unlock(&mut h);
    click(&mut h, "Échanges");
    click(&mut h, "Recevoir un dossier");
    choose(&mut h, "Ouvrir un paquet…", &back_path, "Ouvrir ce fichier");
    wait_for(&mut h, "Appliquer");
    wait_for_text(&mut h, "1 en conflit");
    wait_for_text(
        &mut h,
        "commune : la vôtre « Vic-sur-Cère », la leur « Arpajon-sur-Cère »",
    );
    click(&mut h, "Appliquer");
    // With a conflict, the screen goes to « Conflits », showing both values and who.
    wait_for(&mut h, "Prendre la leur");
    assert!(h.query_by_label("Vic-sur-Cère").is_some());
    assert!(h.query_by_label("Arpajon-sur-Cère").is_some());
    wait_for_text(&mut h, "Aurillac Insertion, le ");
    click(&mut h, "Prendre la leur");
    wait_for_text(&mut h, "Conflit résolu.");
    wait_for_text(&mut h, "Aucun conflit à résoudre");
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let household: Household = store.get(martin).unwrap();
    assert_eq!(household.commune, "Arpajon-sur-Cère");
    assert!(store.open_conflicts().unwrap().is_empty());
}

#[test]
fn a_broken_packet_shows_a_french_message_and_changes_nothing() {
    let fx = fixture(NO_DIALOG);
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        packet::ensure_identity(&mut store, Some("Paris Relais")).unwrap();
    }
    // Every unlock adds an audit line, so the database's own fingerprint cannot be
    // compared across sessions: compare what an import could change instead.
    let content = |store: &Store| {
        (
            store.list::<Household>().unwrap(),
            store.list::<Adult>().unwrap(),
            store.list::<Child>().unwrap(),
            store.list::<Partner>().unwrap(),
        )
    };
    let before = content(&Store::unlock(&fx.paths, PASSPHRASE).unwrap());
    let files = tempfile::tempdir().unwrap();
    let broken = files.path().join("abime.age");
    std::fs::write(&broken, b"age-encryption.org/v1\n-> X25519 tronque\n").unwrap();

    let mut h = harness_on(&fx.paths);
    unlock(&mut h);
    click(&mut h, "Échanges");
    click(&mut h, "Recevoir un dossier");
    choose(&mut h, "Ouvrir un paquet…", &broken, "Ouvrir ce fichier");
    wait_for(&mut h, "Paquet refusé");
    wait_for_text(&mut h, "Votre base n'a pas été modifiée.");
    assert!(h.query_by_label("Appliquer").is_none());
    drop(h);
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let after = content(&store);
    assert!(store.packet_log(10).unwrap().is_empty());
    assert!(store.open_conflicts().unwrap().is_empty());
    assert!(store.changed_households().unwrap().is_empty());
    assert!(
        store
            .audit_entries(100)
            .unwrap()
            .iter()
            .all(|(_, _, action, _)| action != "import paquet")
    );
    assert_eq!(before, after, "a broken packet changes nothing");
}

/// Store-level setup of two installations that know each other: Paris (the fixture) pins
/// Aurillac with `role`, Aurillac pins Paris as accompanying. Returns Aurillac's store and
/// the partner ids (Aurillac at Paris, Paris at Aurillac).
fn pair_on(fx_paths: &StorePaths, other: &StorePaths, role: PartnerRole) -> (Store, Uuid, Uuid) {
    let mut paris = Store::unlock(fx_paths, PASSPHRASE).unwrap();
    let (mut aurillac, _) =
        Store::create(other, PASSPHRASE, passerelle::store::KdfParams::FLOOR).unwrap();
    packet::ensure_identity(&mut paris, Some("Paris Relais")).unwrap();
    packet::ensure_identity(&mut aurillac, Some("Aurillac Insertion")).unwrap();
    let a = packet::add_partner(
        &mut paris,
        &packet::identity(&aurillac).unwrap().contact_card(),
        role,
        "",
    )
    .unwrap();
    let p = packet::add_partner(
        &mut aurillac,
        &packet::identity(&paris).unwrap().contact_card(),
        PartnerRole::Accompagnement,
        "",
    )
    .unwrap();
    (aurillac, a.id, p.id)
}

/// Issue 13 through the send screen: an employer partner gets its pinned role (no role to
/// choose), and a household that only consented to accompaniment is refused.
#[test]
fn the_send_screen_uses_the_pinned_role_and_refuses_without_its_consent() {
    let fx = fixture(NO_DIALOG);
    let other_dir = tempfile::tempdir().unwrap();
    let other = StorePaths::beside(other_dir.path().join("a.db"));
    {
        let mut paris = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        consent(&mut paris, fx.household.id, PartnerRole::Accompagnement);
    }
    drop(pair_on(&fx.paths, &other, PartnerRole::Employeur));
    let mut h = harness_on(&fx.paths);
    unlock(&mut h);
    click(&mut h, "Échanges");
    click(&mut h, "Envoyer un dossier");
    wait_for_text(&mut h, "Famille Martin — Aurillac");
    h.get_by_label_contains("Famille Martin — Aurillac").click();
    h.run_steps(2);
    click(&mut h, "Aurillac Insertion (Employeur)");
    wait_for_text(&mut h, "Rôle : Employeur (celui de la carte épinglée");
    assert!(
        h.query_by_label("Rôle du destinataire (décide des champs envoyés)")
            .is_none(),
        "no free role for a pinned partner"
    );
    click(&mut h, "Aperçu de l'envoi");
    wait_for(&mut h, "Envoi impossible : consentement manquant");
    wait_for_text(&mut h, "Export refusé");
    assert!(
        h.get_by_label("Enregistrer le paquet…")
            .accesskit_node()
            .is_disabled(),
        "nothing can be written"
    );
    // A passphrase packet asks its role explicitly.
    click(&mut h, "Modifier l'envoi");
    click(
        &mut h,
        "Partenaire sans carte de contact : protéger le paquet par une phrase de passe",
    );
    wait_for(&mut h, "Rôle du destinataire (décide des champs envoyés)");
}

/// Issue 13 through the receive screen: a packet deleting a household shows its
/// « suppressions », applies without them unless the box is ticked; a partner's consent
/// is shown as information, never taken. Then the partner is revoked from the directory.
#[test]
fn the_receive_screen_lists_deletions_applied_only_when_ticked_and_restores_them() {
    let fx = fixture(NO_DIALOG);
    let martin = fx.household.id;
    let files = tempfile::tempdir().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let other = StorePaths::beside(other_dir.path().join("a.db"));
    {
        let mut paris = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        consent(&mut paris, martin, PartnerRole::Accompagnement);
    }
    let (mut aurillac, a, p) = pair_on(&fx.paths, &other, PartnerRole::Accompagnement);
    let packets: Vec<std::path::PathBuf> = {
        let mut paris = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        let first = packet::export(
            &mut paris,
            &ExportRequest {
                partners: vec![a],
                households: vec![martin],
                ..ExportRequest::default()
            },
        )
        .unwrap();
        let opened = packet::open(&aurillac, &first.bytes, None).unwrap();
        packet::apply(&mut aurillac, &opened).unwrap();
        consent(&mut aurillac, martin, PartnerRole::Accompagnement);
        aurillac.write(|tx| tx.delete::<Household>(martin)).unwrap();
        (0..2)
            .map(|i| {
                let bytes = packet::export(
                    &mut aurillac,
                    &ExportRequest {
                        partners: vec![p],
                        households: vec![martin],
                        ..ExportRequest::default()
                    },
                )
                .unwrap()
                .bytes;
                let path = files.path().join(format!("suppression-{i}.age"));
                std::fs::write(&path, bytes).unwrap();
                path
            })
            .collect()
    };
    let mut h = harness_on(&fx.paths);
    unlock(&mut h);
    click(&mut h, "Échanges");
    click(&mut h, "Recevoir un dossier");
    choose(
        &mut h,
        "Ouvrir un paquet…",
        &packets[0],
        "Ouvrir ce fichier",
    );
    wait_for(&mut h, "Appliquer");
    wait_for_text(
        &mut h,
        "Suppressions : 1 fiche supprimée chez le partenaire",
    );
    wait_for_text(&mut h, "Famille Martin — Ménages : Famille Martin");
    wait_for_text(&mut h, "consentement enregistré chez Aurillac Insertion");
    click(&mut h, "Appliquer");
    wait_for_text(&mut h, "1 suppression non appliquée");
    {
        let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        assert!(store.find::<Household>(martin).unwrap().is_some(), "kept");
        assert!(
            store
                .list::<Consent>()
                .unwrap()
                .iter()
                .all(|c| c.scope == "suivi du parcours" && c.household_id == martin),
        );
        assert_eq!(
            store.list::<Consent>().unwrap().len(),
            1,
            "theirs not taken"
        );
    }
    // The second packet, with the box ticked.
    choose(
        &mut h,
        "Ouvrir un paquet…",
        &packets[1],
        "Ouvrir ce fichier",
    );
    wait_for(&mut h, "Supprimer aussi ces fiches de ma base");
    click(&mut h, "Supprimer aussi ces fiches de ma base");
    click(&mut h, "Appliquer");
    wait_for_text(&mut h, "1 suppression appliquée");
    {
        let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        assert!(store.find::<Household>(martin).unwrap().is_none());
    }

    // « Suppressions reçues »: the household, who deleted it, until when; « Restaurer »
    // brings it back as it was.
    wait_for(&mut h, "Suppressions reçues");
    wait_for_text(&mut h, "Supprimé par Aurillac Insertion le ");
    wait_for(&mut h, "Famille Martin");
    wait_for_text(&mut h, "Ménages : Famille Martin");
    h.get_by_label("Restaurer").scroll_to_me();
    h.get_by_label("Restaurer").click_accesskit();
    h.run_steps(3);
    wait_for_text(&mut h, "1 fiche restaurée");
    // The section's data is read again in the background after the restore.
    wait_until_gone(&mut h, "Suppressions reçues", "nothing left to restore");
    {
        let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        assert_eq!(
            store.get::<Household>(martin).unwrap().label,
            "Famille Martin"
        );
        assert_eq!(
            store.audit_entries(1).unwrap()[0].2,
            "suppression reçue annulée"
        );
        // Deleted again for the rest of the test (the revocation below).
        drop(store);
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        store.write(|tx| tx.delete::<Household>(martin)).unwrap();
    }

    // The directory: revoke Aurillac, confirmed.
    click(&mut h, "Identité et partenaires");
    click(&mut h, "Aurillac Insertion");
    // The actions are below the directory (scrolled to, as a worker does; the scroll
    // is animated, so the buttons are pressed through accessibility, not a position).
    h.get_by_label("Révoquer ce partenaire…").scroll_to_me();
    h.get_by_label("Révoquer ce partenaire…").click_accesskit();
    h.run_steps(3);
    wait_for(&mut h, "Confirmer la révocation");
    h.get_by_label("Confirmer la révocation").click_accesskit();
    h.run_steps(3);
    wait_for_text(&mut h, "est révoqué");
    wait_for_text(&mut h, "Révoqué le ");
    drop(h);
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    assert!(
        store.find::<Household>(martin).unwrap().is_none(),
        "deleted"
    );
    assert!(store.get::<Partner>(a).unwrap().trust.revoked_at.is_some());
}

/// Issue 16: a partner without a contact card is shown « sans carte » and cannot be chosen;
/// a generated passphrase is readable words, shown in clear until the worker says it was
/// given.
#[test]
fn a_partner_without_a_card_is_not_choosable_and_a_passphrase_can_be_generated() {
    let fx = fixture(NO_DIALOG);
    {
        let mut paris = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        packet::ensure_identity(&mut paris, Some("Paris Relais")).unwrap();
        // A directory entry made for a consent: no keys.
        paris
            .write(|tx| {
                tx.put(&Partner {
                    id: Uuid::new_v4(),
                    organisation: "Mission locale sans carte".into(),
                    role: PartnerRole::Accompagnement,
                    age_public_key: String::new(),
                    minisign_public_key: String::new(),
                    fingerprint: String::new(),
                    contact: String::new(),
                    trust: PartnerTrust::default(),
                })
                .map(|_| ())
            })
            .unwrap();
    }
    let mut h = harness_on(&fx.paths);
    unlock(&mut h);
    click(&mut h, "Échanges");
    click(&mut h, "Envoyer un dossier");
    let label = "Mission locale sans carte (Partenaire d'accompagnement) — sans carte";
    wait_for(&mut h, label);
    assert!(h.get_by_label(label).accesskit_node().is_disabled());

    click(
        &mut h,
        "Partenaire sans carte de contact : protéger le paquet par une phrase de passe",
    );
    click(&mut h, "Générer une phrase de passe à dicter");
    h.run_steps(2);
    let passphrases = |h: &Harness<'_, App>| -> Vec<String> {
        h.query_all_by_label_contains("-")
            .filter_map(|n| {
                n.accesskit_node()
                    .label()
                    .or_else(|| n.accesskit_node().value())
            })
            .filter(|l| {
                l.split('-').count() == 6 && l.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
            .collect()
    };
    let shown = passphrases(&h);
    assert_eq!(shown.len(), 1, "one passphrase of six words: {shown:?}");
    assert!(
        h.query_by_label("Phrase de passe du paquet").is_none(),
        "not masked"
    );
    click(&mut h, "C'est transmis : effacer la phrase de passe");
    h.run_steps(2);
    assert!(passphrases(&h).is_empty());
    assert!(
        h.query_by_label("Générer une phrase de passe à dicter")
            .is_some()
    );
}

/// Issue 17: the send form lays out only the households in view (11,000 checkboxes drawn
/// at every frame took 60 to 80 ms per frame), and one far down the list is still found
/// with the filter and chosen.
#[test]
fn the_send_list_draws_only_the_rows_in_view_and_the_filter_reaches_the_others() {
    let fx = fixture(NO_DIALOG);
    {
        let mut paris = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        packet::ensure_identity(&mut paris, Some("Paris Relais")).unwrap();
        paris
            .write(|tx| {
                for i in 0..300 {
                    tx.put(&Household {
                        id: Uuid::new_v4(),
                        label: format!("Famille Essai {i:03}"),
                        commune: "Brioude".into(),
                        ..fx.household.clone()
                    })?;
                }
                Ok(())
            })
            .unwrap();
    }
    let mut h = harness_on(&fx.paths);
    unlock(&mut h);
    click(&mut h, "Échanges");
    click(&mut h, "Envoyer un dossier");
    wait_for_text(&mut h, "Famille Essai 000 — Brioude");
    let drawn = h
        .query_all_by_label_contains("Famille Essai")
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .count();
    assert!(
        (1..40).contains(&drawn),
        "only the rows in view are laid out, not 300: {drawn}"
    );
    // « Famille Martin » sorts after the 300 others: out of view, then found by the filter.
    assert!(
        h.query_by_label_contains("Famille Martin — Aurillac")
            .is_none()
    );
    let search = || egui::accesskit::Role::TextInput;
    h.get_by_role_and_label(search(), "Rechercher un ménage")
        .click();
    h.run_steps(2);
    h.get_by_role_and_label(search(), "Rechercher un ménage")
        .type_text("martin");
    h.run_steps(2);
    wait_for_text(&mut h, "Famille Martin — Aurillac");
    h.get_by_label_contains("Famille Martin — Aurillac").click();
    h.run_steps(2);
    wait_for(&mut h, "1 choisi");
}

/// Entrée in « Nom de votre structure » creates the identity, as the button does; an empty
/// name with Entrée creates nothing.
#[test]
fn the_identity_is_created_with_enter_in_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("e.db"));
    Store::create(&paths, PASSPHRASE, passerelle::store::KdfParams::FLOOR).unwrap();
    let mut h = harness_on(&paths);
    unlock(&mut h);
    click(&mut h, "Échanges");
    wait_for(&mut h, "Nom de votre structure");
    h.get_by_label("Nom de votre structure").click();
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert!(
        h.query_by_label("Exporter ma carte de contact…").is_none(),
        "no identity without a name"
    );
    type_into(
        &mut h,
        "Nom de votre structure",
        "Association Relais (essai)",
    );
    h.key_press(egui::Key::Enter);
    wait_for(&mut h, "Exporter ma carte de contact…");
    wait_for(&mut h, "Association Relais (essai)");
}
