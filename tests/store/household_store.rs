#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Store side of the household view: attachments inside the encrypted base (round trip,
//! size limit), drafts kept across a lock, the household list view model.

use std::collections::BTreeSet;

use passerelle::domain::model::*;
use passerelle::store::household::{HOUSEHOLD_DRAFT_KEY, MAX_ATTACHMENT_BYTES};
use passerelle::store::{KdfParams, Store, StoreError, StorePaths};
use uuid::Uuid;

const PASSPHRASE: &str = "le chat dort sur le toit";

fn household(label: &str) -> Household {
    Household {
        id: Uuid::new_v4(),
        label: label.into(),
        housing_situation: HousingSituation::HotelSocial,
        commune: "Aurillac".into(),
        housing_demand: HousingDemand::default(),
        resources: vec![],
        barriers: BTreeSet::new(),
        referent: "Claire".into(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: false,
    }
}

fn setup() -> (
    tempfile::TempDir,
    StorePaths,
    Store,
    Household,
    DocumentItem,
) {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    let h = household("Famille Martin");
    let doc = DocumentItem {
        id: Uuid::new_v4(),
        household_id: h.id,
        adult_id: None,
        kind: DocumentKind::AttestationCaf,
        status: DocumentStatus::AFournir,
        expires_on: None,
        attachment_id: None,
        notes: String::new(),
    };
    store
        .write(|tx| {
            tx.put(&h)?;
            tx.put(&doc)?;
            Ok(())
        })
        .unwrap();
    (dir, paths, store, h, doc)
}

#[test]
fn attachments_round_trip_inside_the_encrypted_base() {
    let (_dir, paths, mut store, h, doc) = setup();
    let marker = b"ATTESTATION-CAF-MARQUEUR-EN-CLAIR".repeat(100);
    let id = store.attach_file(doc.id, "caf.pdf", &marker).unwrap();
    let back = store.attachment(id).unwrap();
    assert_eq!(back.bytes, marker);
    assert_eq!(back.meta.file_name, "caf.pdf");
    assert_eq!(back.meta.size_bytes, marker.len() as u64);
    // The item now points at the file and is marked provided.
    let item: DocumentItem = store.get(doc.id).unwrap();
    assert_eq!(item.attachment_id, Some(id));
    assert_eq!(item.status, DocumentStatus::Fourni);
    let page = store.household_page(h.id).unwrap();
    assert_eq!(page.attachments.len(), 1);
    // Survives closing and reopening; never in clear on disk.
    drop(store);
    for file in std::fs::read_dir(paths.db.parent().unwrap()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(!bytes.windows(20).any(|w| w == &marker[..20]));
    }
    let store = Store::unlock(&paths, PASSPHRASE).unwrap();
    assert_eq!(store.attachment(id).unwrap().bytes, marker);
}

#[test]
fn attachments_respect_the_size_limit() {
    let (_dir, _paths, mut store, _h, doc) = setup();
    let too_big = vec![7u8; MAX_ATTACHMENT_BYTES + 1];
    let err = store.attach_file(doc.id, "scan.pdf", &too_big).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(message.contains("limite de 10 Mio"), "{message}");
    assert!(
        message.ends_with("scan.pdf"),
        "personal data goes last: {message}"
    );
    // Nothing was written.
    let item: DocumentItem = store.get(doc.id).unwrap();
    assert_eq!(item.attachment_id, None);
    assert_eq!(item.status, DocumentStatus::AFournir);
    // Exactly the limit is accepted.
    let max = vec![1u8; MAX_ATTACHMENT_BYTES];
    let id = store.attach_file(doc.id, "ok.pdf", &max).unwrap();
    assert_eq!(
        store.attachment(id).unwrap().bytes.len(),
        MAX_ATTACHMENT_BYTES
    );
    // An empty file is refused.
    assert!(store.attach_file(doc.id, "vide.pdf", &[]).is_err());
}

#[test]
fn a_draft_survives_a_lock_and_is_gone_after_unlock() {
    let (_dir, paths, mut store, _h, _doc) = setup();
    let draft = r#"{"marqueur":"BROUILLON-HELENE-EN-COURS"}"#;
    store.save_draft(HOUSEHOLD_DRAFT_KEY, draft).unwrap();
    drop(store); // the lock
    for file in std::fs::read_dir(paths.db.parent().unwrap()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(18).any(|w| w == b"BROUILLON-HELENE-E"),
            "draft in clear on disk"
        );
    }
    let mut store = Store::unlock(&paths, PASSPHRASE).unwrap();
    let (back, _saved_at) = store.take_draft(HOUSEHOLD_DRAFT_KEY).unwrap().unwrap();
    assert_eq!(back.as_str(), draft);
    // Taken once: deleted.
    assert!(store.take_draft(HOUSEHOLD_DRAFT_KEY).unwrap().is_none());
}

#[test]
fn household_rows_show_stage_contact_and_flags() {
    let (_dir, _paths, mut store, h, _doc) = setup();
    let other = household("Famille Benali");
    let child = Child {
        id: Uuid::new_v4(),
        household_id: other.id,
        first_name: "Inès".into(),
        last_name: "Benali".into(),
        birth_date: None,
        schooling_level: SchoolingLevel::Cp,
        current_school: String::new(),
        destination_school: String::new(),
        enrolment: EnrolmentStatus::AFaire,
        enrolment_date: None,
        childcare_need: false,
        notes: String::new(),
    };
    let today = store.now().date_naive();
    let consent = Consent {
        id: Uuid::new_v4(),
        household_id: other.id,
        partner_id: None,
        role: Some(PartnerRole::Bailleur),
        given_on: today,
        scope: "Dossier logement".into(),
        method: ConsentMethod::EcritSigne,
        expires_on: None,
        withdrawn_on: None,
    };
    let note = Note {
        id: Uuid::new_v4(),
        household_id: other.id,
        author: "Claire".into(),
        at: store.now(),
        text: "Premier entretien".into(),
        corrects: None,
    };
    store
        .write(|tx| {
            tx.put(&other)?;
            tx.put(&child)?;
            tx.put(&consent)?;
            tx.put(&note)?;
            Ok(())
        })
        .unwrap();
    let rows = store.household_rows(today).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].label, "Famille Benali");
    assert!(rows[0].consent_ok);
    assert_eq!(rows[0].enrolments_to_do, 1);
    assert_eq!(rows[0].last_contact, Some(today));
    assert_eq!(rows[1].id, h.id);
    assert!(!rows[1].consent_ok);
    assert_eq!(rows[1].documents_missing, 1);
    // A saved note cannot be changed: a correction is a new note.
    let mut edited = note.clone();
    edited.text = "Réécrit".into();
    assert!(matches!(
        store.write(|tx| tx.put(&edited)),
        Err(StoreError::Immutable { .. })
    ));
}

#[test]
fn an_attachment_copy_is_saved_to_the_chosen_path_without_overwriting() {
    let (_dir, _paths, mut store, _h, doc) = setup();
    let bytes = b"%PDF-1.4 bulletin de salaire".repeat(50);
    let id = store.attach_file(doc.id, "bulletin.pdf", &bytes).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("copie.pdf");

    let written = store.save_attachment_copy(id, &target, false).unwrap();
    assert_eq!(written, bytes.len() as u64);
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the plain copy is readable by its owner only"
        );
    }

    // A typed path never replaces an existing file…
    std::fs::write(&target, b"autre chose").unwrap();
    let err = store.save_attachment_copy(id, &target, false).unwrap_err();
    assert!(err.to_string().contains("existe déjà"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), b"autre chose");
    // …the native dialog, which asked, does.
    store.save_attachment_copy(id, &target, true).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), bytes);

    // An unknown attachment or an unwritable place is a clear error, not a panic.
    assert!(
        store
            .save_attachment_copy(Uuid::new_v4(), &out.path().join("x.pdf"), false)
            .is_err()
    );
    let err = store
        .save_attachment_copy(id, &out.path().join("absent").join("x.pdf"), false)
        .unwrap_err();
    assert!(err.to_string().contains("disque"), "{err}");
}

#[test]
fn a_reader_sees_committed_rows_from_another_thread_and_cannot_write() {
    let (_dir, _paths, mut store, h, _doc) = setup();
    let today = store.now().date_naive();
    let reader = store.reader().unwrap();
    let other = household("Famille Benali");
    store.write(|tx| tx.put(&other).map(|_| ())).unwrap();
    let labels = std::thread::Builder::new()
        .name("reader".into())
        .spawn(move || {
            let mut reader = reader;
            let rows = reader.household_rows(today).unwrap();
            let write = reader.set_setting("essai", "ne doit pas être écrit");
            (rows.into_iter().map(|r| r.label).collect::<Vec<_>>(), write)
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(labels.0, vec!["Famille Benali", h.label.as_str()]);
    let err = labels.1.unwrap_err();
    assert!(err.to_string().contains("readonly"), "{err}");
}
