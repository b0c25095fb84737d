#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The household view's follow-up forms driven through real widgets (egui_kittest), by
//! French labels: an employment follow-up checkpoint in « Parcours », a tutor in
//! « Adultes », and the « Ménage » form's keyboard order.

use egui::Key;
use egui_kittest::kittest::Queryable;
use passerelle::domain::model::*;
use passerelle::store::Store;
use uuid::Uuid;

use crate::common;

use common::household::{Fixture, open_martin};
use common::{PASSPHRASE, click, harness_on as harness, type_into, wait_for, wait_for_text};

fn fixture() -> Fixture {
    // No native file dialog: the typed-path fallback, whatever this machine has.
    common::household::fixture(&[("PASSERELLE_FILE_DIALOG", "0")])
}

#[test]
fn record_an_employment_follow_up_checkpoint_through_the_form() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Parcours");
    wait_for_text(&mut h, "Pas encore de point de suivi");
    click(&mut h, "Ajouter un point de suivi dans l'emploi");
    wait_for(&mut h, "Nouveau point de suivi dans l'emploi");
    // The only adult is pre-selected; the first checkpoint is « 1 mois ».
    type_into(&mut h, "Date d'embauche", "02/03/2020");
    type_into(&mut h, "Date du point de suivi", "01/04/2020");
    click(&mut h, "Contrat");
    click(&mut h, "CDD ≥ 6 mois");
    type_into(&mut h, "Commentaire", "Bonne intégration dans l'équipe");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Point de suivi dans l'emploi enregistré.");
    wait_for_text(&mut h, "point à 1 mois : fait le 01/04/2020");

    // The next one comes pre-filled: same adult and hiring, 3 months.
    click(&mut h, "Ajouter un point de suivi dans l'emploi");
    wait_for(&mut h, "Nouveau point de suivi dans l'emploi");
    type_into(&mut h, "Date du point de suivi", "01/01/2019");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for(&mut h, "Le point de suivi précède l'embauche.");
    // Erase the wrong date, then type the right one.
    h.get_by_label("Date du point de suivi").click();
    h.run_steps(2);
    h.key_press(Key::End);
    for _ in 0..12 {
        h.key_press(Key::Backspace);
    }
    h.run_steps(2);
    h.get_by_label("Date du point de suivi")
        .type_text("02/06/2020");
    h.run_steps(2);
    click(&mut h, "En poste");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(
        &mut h,
        "point à 3 mois : fait le 02/06/2020 : plus en poste",
    );
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let mut follow_ups = store.household_page(fx.household.id).unwrap().follow_ups;
    follow_ups.sort_by_key(|f| f.checkpoint_months);
    assert_eq!(follow_ups.len(), 2);
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let first = &follow_ups[0];
    assert_eq!(first.adult_id, fx.adult);
    assert_eq!(first.checkpoint_months, 1);
    assert_eq!(first.hired_on, d(2020, 3, 2));
    assert_eq!(first.checked_on, Some(d(2020, 4, 1)));
    assert!(first.still_in_post);
    assert_eq!(first.contract, ContractKind::CddLong);
    assert_eq!(first.notes, "Bonne intégration dans l'équipe");
    let second = &follow_ups[1];
    assert_eq!(second.checkpoint_months, 3);
    assert_eq!(second.hired_on, d(2020, 3, 2));
    assert_eq!(second.checked_on, Some(d(2020, 6, 2)));
    assert!(!second.still_in_post);
}

#[test]
fn add_then_edit_a_tutor_through_the_form() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Adultes");
    wait_for(&mut h, "Pas de tuteur·rice en emploi.");
    click(&mut h, "Ajouter un tuteur");
    wait_for(&mut h, "Nouveau tuteur ou tutrice");
    // A tutor without a name is refused.
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Le nom du tuteur ou de la tutrice");
    type_into(&mut h, "Nom du tuteur ou de la tutrice", "Marc Dupuy");
    type_into(&mut h, "Organisation (employeur)", "EHPAD Les Tilleuls");
    type_into(&mut h, "Téléphone", "04 71 00 00 00");
    type_into(&mut h, "Tuteur depuis le", "15/03/2021");
    h.key_press(Key::Enter);
    h.run_steps(3);
    wait_for_text(&mut h, "Tuteur·rice : Marc Dupuy (EHPAD Les Tilleuls)");

    click(&mut h, "Modifier le tuteur");
    wait_for(&mut h, "Modifier le tuteur ou la tutrice");
    type_into(&mut h, "Téléphone", " poste 12");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "poste 12");
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let tutors = store.household_page(fx.household.id).unwrap().tutors;
    assert_eq!(tutors.len(), 1, "editing changes the tutor, it adds none");
    let t = &tutors[0];
    assert_eq!(t.adult_id, fx.adult);
    assert_eq!(t.name, "Marc Dupuy");
    assert_eq!(t.organisation, "EHPAD Les Tilleuls");
    assert_eq!(t.phone, "04 71 00 00 00 poste 12");
    assert_eq!(t.since, chrono::NaiveDate::from_ymd_opt(2021, 3, 15));
}

#[test]
fn the_household_form_keeps_tab_inside_and_enter_saves() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Modifier le ménage");
    wait_for(&mut h, "Numéro CAF");

    // A new resource line takes the cursor: its amount is typed at once.
    click(&mut h, "Ajouter une ressource");
    assert!(h.get_by_label("Montant").is_focused());
    h.get_by_label("Montant").type_text("612,40");
    h.run_steps(2);

    // Tab from the last field comes back to the first one, not to the left navigation.
    // (The field is below the fold of the 768 px window: focus it rather than click it.)
    h.get_by_label("Numéro CAF").focus();
    h.run_steps(3);
    h.get_by_label("Numéro CAF").type_text("1234567");
    h.run_steps(2);
    h.key_press(Key::Tab);
    h.run_steps(3);
    assert!(h.get_by_label("Nom du ménage").is_focused());
    assert!(!h.get_by_label("Numéro CAF").is_focused());
    // Shift+Tab from the last field goes to the one before it.
    h.get_by_label("Numéro CAF").focus();
    h.run_steps(3);
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    h.run_steps(3);
    assert!(
        h.query_all_by_label("Origine / prescripteur")
            .any(|n| n.is_focused())
    );

    // Enter saves the form.
    h.key_press(Key::Enter);
    h.run_steps(3);
    wait_for_text(&mut h, "Ménage enregistré.");
    assert!(h.query_by_label("Ménages").is_some());
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let saved = store.household_detail(fx.household.id).unwrap().household;
    assert_eq!(saved.caf_number.as_deref(), Some("1234567"));
    assert_eq!(saved.resources.len(), 1);
    assert_eq!(saved.resources[0].monthly_cents, 61_240);
}

#[test]
fn without_a_native_dialog_an_attachment_copy_is_saved_to_a_typed_path_with_a_warning() {
    let fx = fixture();
    let doc = DocumentItem {
        id: Uuid::new_v4(),
        household_id: fx.household.id,
        adult_id: None,
        kind: DocumentKind::AttestationCaf,
        status: DocumentStatus::AFournir,
        expires_on: None,
        attachment_id: None,
        notes: String::new(),
    };
    let bytes = b"attestation CAF de test".repeat(20);
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        store.write(|tx| tx.put(&doc).map(|_| ())).unwrap();
        store.attach_file(doc.id, "caf.pdf", &bytes).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("copie-caf.pdf");

    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Pièces");
    click(&mut h, "Modifier");
    wait_for(&mut h, "Modifier la pièce");
    // No button that would do nothing: the path is typed.
    assert!(h.query_by_label("Choisir un fichier…").is_none());
    assert!(h.query_by_label("Enregistrer une copie…").is_none());
    wait_for_text(&mut h, "n'est PAS chiffrée");
    type_into(
        &mut h,
        "Enregistrer une copie vers (chemin complet)",
        target.to_str().unwrap(),
    );
    click(&mut h, "Enregistrer une copie");
    wait_for_text(&mut h, "Copie enregistrée");
    wait_for_text(&mut h, "cette copie n'est PAS chiffrée");
    assert_eq!(std::fs::read(&target).unwrap(), bytes);

    // A second time to the same path: refused, the file is kept.
    click(&mut h, "Enregistrer une copie");
    wait_for_text(&mut h, "existe déjà");
}

/// Types `text` into whatever has the keyboard focus, as a keyboard would.
fn keys(h: &mut egui_kittest::Harness<'_, passerelle::app::App>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run_steps(2);
}

/// Presses Tab until the widget labelled `label` has the focus (at most `max` times):
/// it must be reachable from the keyboard, in the form's order.
fn tab_to(h: &mut egui_kittest::Harness<'_, passerelle::app::App>, label: &str, max: usize) {
    for _ in 0..max {
        if h.query_all_by_label(label).any(|n| n.is_focused()) {
            return;
        }
        h.key_press(Key::Tab);
        h.run_steps(2);
    }
    assert!(
        h.query_all_by_label(label).any(|n| n.is_focused()),
        "« {label} » not reached with {max} Tab"
    );
}

#[test]
fn an_adult_and_a_child_are_filled_with_the_keyboard_only() {
    let fx = fixture();
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Adultes");

    // From here on, no mouse: Tab, Space, Enter and typing.
    tab_to(&mut h, "Ajouter un adulte", 40);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(
        h.get_by_label("Prénom").is_focused(),
        "the form opens on its first field"
    );
    keys(&mut h, "Karim");
    tab_to(&mut h, "Nom", 1);
    keys(&mut h, "Martin");
    tab_to(&mut h, "Date de naissance", 1);
    keys(&mut h, "12/04/1988");
    tab_to(&mut h, "Téléphone", 4);
    keys(&mut h, "06 00 00 00 00");
    tab_to(&mut h, "Permis B", 30);
    h.key_press(Key::Space);
    h.run_steps(2);
    tab_to(&mut h, "Contraintes", 6);
    keys(&mut h, "Horaires de crèche");
    // Tab from the last field comes back to the first one, not to the navigation.
    h.key_press(Key::Tab);
    h.run_steps(3);
    assert!(h.get_by_label("Prénom").is_focused());
    h.key_press(Key::Enter);
    h.run_steps(3);
    wait_for_text(&mut h, "Adulte enregistré.");

    click(&mut h, "Enfants et scolarité");
    tab_to(&mut h, "Ajouter un enfant", 40);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(h.get_by_label("Prénom").is_focused());
    keys(&mut h, "Sami");
    tab_to(&mut h, "Date de naissance", 2);
    keys(&mut h, "03/09/2017");
    tab_to(&mut h, "École ou mode de garde actuel", 4);
    keys(&mut h, "École Jules Ferry");
    tab_to(&mut h, "Besoin de garde", 6);
    h.key_press(Key::Space);
    h.run_steps(2);
    tab_to(&mut h, "Notes", 2);
    keys(&mut h, "Cantine le midi");
    h.key_press(Key::Tab);
    h.run_steps(3);
    assert!(
        h.get_by_label("Prénom").is_focused(),
        "Tab from Notes wraps in the form"
    );
    h.key_press(Key::Enter);
    h.run_steps(3);
    wait_for_text(&mut h, "Enfant enregistré.");
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let detail = store.household_detail(fx.household.id).unwrap();
    let karim = detail
        .adults
        .iter()
        .find(|a| a.first_name == "Karim")
        .unwrap();
    assert_eq!(karim.last_name, "Martin");
    assert_eq!(
        karim.birth_date,
        chrono::NaiveDate::from_ymd_opt(1988, 4, 12)
    );
    assert_eq!(karim.phone, "06 00 00 00 00");
    assert!(karim.driving_licence);
    assert_eq!(karim.constraints, "Horaires de crèche");
    let sami = detail
        .children
        .iter()
        .find(|c| c.first_name == "Sami")
        .unwrap();
    assert_eq!(sami.birth_date, chrono::NaiveDate::from_ymd_opt(2017, 9, 3));
    assert_eq!(sami.current_school, "École Jules Ferry");
    assert!(sami.childcare_need);
    assert_eq!(sami.notes, "Cantine le midi");
}

#[test]
fn a_child_is_deleted_after_confirmation_and_an_adult_with_a_tutor_is_kept() {
    let fx = fixture();
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        let tutor = Tutor {
            id: Uuid::new_v4(),
            adult_id: fx.adult,
            name: "Marc Dupuy".into(),
            organisation: String::new(),
            phone: String::new(),
            since: None,
        };
        store.write(|tx| tx.put(&tutor).map(|_| ())).unwrap();
    }
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Enfants et scolarité");
    let before = {
        let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        store.household_detail(fx.household.id).unwrap().children
    };
    let child = &before[0];
    h.query_all_by_label("Modifier").next().unwrap().click();
    h.run_steps(3);
    click(&mut h, "Supprimer…");
    wait_for_text(&mut h, "Supprimer cet enfant ? C'est définitif");
    // Échap closes the question, not the form; « Non, garder » too.
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("Oui, supprimer").is_none());
    assert!(h.query_by_label("Enregistrer (Entrée)").is_some());
    click(&mut h, "Supprimer…");
    click(&mut h, "Oui, supprimer");
    wait_for_text(&mut h, "Enfant supprimé.");

    // The adult has a tutor: refused, nothing deleted, the reason given.
    click(&mut h, "Adultes");
    h.query_all_by_label("Modifier").next().unwrap().click();
    h.run_steps(3);
    click(&mut h, "Supprimer…");
    click(&mut h, "Oui, supprimer");
    wait_for_text(&mut h, "Rien n'a été supprimé");
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let detail = store.household_detail(fx.household.id).unwrap();
    assert_eq!(detail.children.len(), before.len() - 1);
    assert!(detail.children.iter().all(|c| c.id != child.id));
    assert!(detail.adults.iter().any(|a| a.id == fx.adult));
}

#[test]
fn a_consent_names_one_partner_of_the_directory() {
    let fx = fixture();
    let partner = Partner {
        id: Uuid::new_v4(),
        organisation: "Mission locale d'Aurillac".into(),
        role: PartnerRole::Accompagnement,
        age_public_key: String::new(),
        minisign_public_key: String::new(),
        fingerprint: String::new(),
        contact: String::new(),
        trust: Default::default(),
    };
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        store.write(|tx| tx.put(&partner).map(|_| ())).unwrap();
    }
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Consentements");
    click(&mut h, "Nouveau consentement");
    click(&mut h, "Partenaire (rôle)");
    click(&mut h, "Non renseigné");
    click(&mut h, "Partenaire désigné");
    click(
        &mut h,
        "Mission locale d'Aurillac (Partenaire d'accompagnement)",
    );
    type_into(&mut h, "Portée", "Parcours emploi");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Consentement enregistré.");
    wait_for(
        &mut h,
        "Mission locale d'Aurillac (Partenaire d'accompagnement)",
    );
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let consents = store.household_detail(fx.household.id).unwrap().consents;
    let c = consents
        .iter()
        .find(|c| c.scope == "Parcours emploi")
        .unwrap();
    assert_eq!(c.partner_id, Some(partner.id));
    assert_eq!(c.role, None);
}

#[test]
fn a_follow_up_checkpoint_is_linked_to_the_offer_of_the_hiring() {
    let fx = fixture();
    let employer = Employer {
        id: Uuid::new_v4(),
        name: "Restaurant Le Cantalou".into(),
        siret: None,
        sector: "Restauration".into(),
        commune: "Aurillac".into(),
        contact_name: String::new(),
        phone: String::new(),
        email: String::new(),
    };
    let offer = JobOffer {
        id: Uuid::new_v4(),
        employer_id: employer.id,
        title: "Commis de cuisine".into(),
        trade: "Cuisine".into(),
        rome_domain: RomeDomain::G,
        commune: "Aurillac".into(),
        contract: ContractKind::Cdi,
        hours_per_week: 35.0,
        start_date: None,
        requires_licence: false,
        requires_vehicle: false,
        qualification: String::new(),
        positions: 1,
        status: OfferStatus::Pourvu,
    };
    let proposal = Proposal {
        decided_by: String::new(),
        id: Uuid::new_v4(),
        household_id: fx.household.id,
        offer_id: Some(offer.id),
        unit_id: None,
        proposed_on: chrono::NaiveDate::from_ymd_opt(2020, 2, 1).unwrap(),
        status: ProposalStatus::Accepte,
        decline_by: None,
        decline_reason: String::new(),
    };
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        store
            .write(|tx| {
                tx.put(&employer)?;
                tx.put(&offer)?;
                tx.put(&proposal).map(|_| ())
            })
            .unwrap();
    }
    let mut h = harness(&fx.paths);
    open_martin(&mut h);
    click(&mut h, "Parcours");
    click(&mut h, "Ajouter un point de suivi dans l'emploi");
    type_into(&mut h, "Date d'embauche", "02/03/2020");
    click(&mut h, "Offre d'emploi");
    click(&mut h, "Commis de cuisine – Aurillac (CDI)");
    click(&mut h, "Enregistrer (Entrée)");
    wait_for_text(&mut h, "Point de suivi dans l'emploi enregistré.");
    wait_for_text(&mut h, "(Commis de cuisine – Aurillac (CDI))");
    drop(h);

    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let follow_ups = store.household_page(fx.household.id).unwrap().follow_ups;
    assert_eq!(follow_ups.len(), 1);
    assert_eq!(follow_ups[0].offer_id, Some(offer.id));
}

#[test]
fn a_fiche_de_liaison_for_an_employer_is_written_as_a_pdf_without_the_family() {
    let fx = fixture();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("fiche-martin.pdf");
    let write_fiche = |h: &mut egui_kittest::Harness<'_, passerelle::app::App>| {
        open_martin(h);
        click(h, "Fiche de liaison (PDF)…");
        wait_for_text(h, "ce PDF n'est PAS chiffré");
        click(h, "Rôle du destinataire");
        click(h, "Employeur");
        let name = passerelle::ui::file_chooser::NAME_LABEL;
        h.get_by_label(name).click();
        h.run_steps(2);
        h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
        h.get_by_label(name).type_text(file.to_str().unwrap());
        h.run_steps(2);
        click(h, "Enregistrer ici");
    };
    // Without a consent to the employer role: the same refusal as a packet.
    let mut h = harness(&fx.paths);
    write_fiche(&mut h);
    wait_for_text(&mut h, "La fiche n'a pas été écrite");
    wait_for_text(
        &mut h,
        "pas de consentement en cours pour le rôle « Employeur »",
    );
    drop(h);
    assert!(!file.exists(), "nothing written without consent");
    {
        let mut store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
        let c = Consent {
            id: Uuid::new_v4(),
            household_id: fx.household.id,
            partner_id: None,
            role: Some(PartnerRole::Employeur),
            given_on: chrono::Utc::now().date_naive() - chrono::Days::new(1),
            scope: "Candidature".into(),
            method: ConsentMethod::EcritSigne,
            expires_on: None,
            withdrawn_on: None,
        };
        store.write(|tx| tx.put(&c).map(|_| ())).unwrap();
    }
    let mut h = harness(&fx.paths);
    write_fiche(&mut h);
    wait_for_text(&mut h, "Fiche de liaison enregistrée");
    drop(h);

    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let Some(text) = common::pdf_text(&file) else {
        return;
    };
    assert!(text.contains("Fiche de liaison — Famille Martin"), "{text}");
    assert!(text.contains("Employeur"), "{text}");
    assert!(text.contains("Aide-soignante"), "{text}");
    assert!(!text.contains("Enfants et scolarité"), "{text}");
    // The export is audited, without names.
    let store = Store::unlock(&fx.paths, PASSPHRASE).unwrap();
    let audit = store.audit_entries(50).unwrap();
    assert!(audit.iter().any(|e| e.2 == "fiche de liaison"
        && e.3.contains("rôle Employeur")
        && e.3.contains("sans partenaire épinglé")
        && !e.3.contains("Martin")));
}
