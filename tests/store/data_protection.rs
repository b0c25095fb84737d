#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Data protection (issue 14): the hash-chained access log (edits, deletions, insertions
//! detected; pruning behind a sealed checkpoint), and real erasure read at the level of
//! the database's bytes.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use aes::cipher::{BlockDecrypt, KeyInit, generic_array::GenericArray};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use passerelle::demo::{self, DemoOptions};
use passerelle::domain::model::*;
use passerelle::store::audit::{AuditFilter, AuditObject};
use passerelle::store::records::PutOutcome;
use passerelle::store::{KdfParams, Store, StorePaths, testing};
use uuid::Uuid;

const PASS: &str = "une phrase de passe de test";

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).single().unwrap()
}

fn new_store(dir: &tempfile::TempDir) -> (Store, String) {
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (store, recovery) = Store::create(&paths, PASS, KdfParams::FLOOR).unwrap();
    let hex = Store::raw_key_hex(&recovery.formatted()).unwrap();
    (store, hex.to_string())
}

fn fixed(store: &mut Store, when: DateTime<Utc>) {
    store.set_clock(Arc::new(move || when));
}

// ----- the chain --------------------------------------------------------------------------

/// A base with a few entries: creation, then five entries naming households.
fn logged(dir: &tempfile::TempDir) -> Store {
    let (mut store, _) = new_store(dir);
    for i in 0..5u128 {
        store
            .audit_now(
                "foyer ouvert",
                &[AuditObject::Household(Uuid::from_u128(i))],
                "",
            )
            .unwrap();
    }
    store
}

/// « Looked at » entries skip the disk flush (issue 17: 40–116 ms on a loaded laptop, on
/// the UI thread); everything after them is flushed as before, and they join the chain.
#[test]
fn a_household_looked_at_is_logged_in_the_chain_and_later_writes_are_flushed_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    let synchronous = |store: &Store| -> i64 {
        testing::conn(store)
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(synchronous(&store), 2, "FULL by default");
    store
        .audit_consulted(
            "foyer ouvert",
            &[AuditObject::Household(Uuid::from_u128(7))],
        )
        .unwrap();
    assert_eq!(synchronous(&store), 2, "FULL again after the entry");
    let e = store.audit_log(&AuditFilter::default()).unwrap();
    let last = e.last().unwrap();
    assert_eq!(last.action, "foyer ouvert");
    assert_eq!(last.objects, format!("foyer:{}", Uuid::from_u128(7)));
    assert_eq!(store.verify_audit_chain().unwrap().broken, None);
}

#[test]
fn an_untouched_chain_verifies_and_entries_carry_worker_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = logged(&dir);
    let report = store.verify_audit_chain().unwrap();
    assert_eq!(report.broken, None, "{report}");
    assert_eq!(report.entries, 6);
    let e = store.audit_log(&AuditFilter::default()).unwrap();
    assert_eq!(e[1].actor, "local");
    assert_eq!(e[1].objects, format!("foyer:{}", Uuid::from_u128(0)));
    assert_eq!(e[2].prev_hash, e[1].hash);

    // The worker comes from the settings key the team section sets.
    store.set_setting("current_worker", "w-42").unwrap();
    store.audit_now("verrouillage", &[], "").unwrap();
    let last = store.audit_log(&AuditFilter::default()).unwrap();
    assert_eq!(last.last().unwrap().actor, "w-42");
    let only = store
        .audit_log(&AuditFilter {
            worker: Some("w-42".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(only.len(), 1);
    let one = store
        .audit_log(&AuditFilter {
            household: Some(Uuid::from_u128(3)),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(one.len(), 1);
    assert!(store.verify_audit_chain().unwrap().broken.is_none());
}

#[test]
fn an_edited_entry_is_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = logged(&dir);
    testing::conn(&store)
        .execute(
            "UPDATE audit_log SET detail = 'rien à voir' WHERE id = 3",
            [],
        )
        .unwrap();
    let report = store.verify_audit_chain().unwrap();
    let broken = report.broken.clone().expect("edit detected");
    assert_eq!(broken.id, 3);
    assert!(
        report.to_string().contains("modifiée après coup"),
        "{report}"
    );
}

#[test]
fn a_deleted_entry_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let store = logged(&dir);
    testing::conn(&store)
        .execute("DELETE FROM audit_log WHERE id = 3", [])
        .unwrap();
    let report = store.verify_audit_chain().unwrap();
    assert_eq!(report.broken.clone().expect("deletion detected").id, 4);
    assert!(
        report.to_string().contains("supprimée ou insérée"),
        "{report}"
    );
}

#[test]
fn the_first_entries_deleted_without_checkpoint_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let store = logged(&dir);
    testing::conn(&store)
        .execute("DELETE FROM audit_log WHERE id <= 2", [])
        .unwrap();
    let report = store.verify_audit_chain().unwrap();
    assert_eq!(report.broken.clone().expect("detected").id, 3);
    assert!(report.to_string().contains("origine"), "{report}");
}

#[test]
fn an_inserted_entry_is_detected_even_with_a_correct_hash_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = logged(&dir);
    let conn = testing::conn(&store);
    let prev: String = conn
        .query_row("SELECT hash FROM audit_log WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    // Slipped in between 2 and 3, well chained to 2 and with its own hash right.
    conn.execute("UPDATE audit_log SET id = id + 100 WHERE id >= 3", [])
        .unwrap();
    let (when, actor, action) = ("2026-01-01T00:00:00+00:00", "local", "export paquet");
    let hash = passerelle::store::audit::entry_hash(&prev, when, actor, action, "", "faux");
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, objects, detail, prev_hash, hash) \
         VALUES (3, ?1, ?2, ?3, '', 'faux', ?4, ?5)",
        rusqlite::params![when, actor, action, prev, hash],
    )
    .unwrap();
    let report = store.verify_audit_chain().unwrap();
    assert_eq!(report.broken.clone().expect("insertion detected").id, 103);
    assert!(
        report.to_string().contains("supprimée ou insérée"),
        "{report}"
    );

    // At the end, with a made-up link, too.
    let dir = tempfile::tempdir().unwrap();
    let store = logged(&dir);
    testing::conn(&store)
        .execute(
            "INSERT INTO audit_log (at, actor, action, detail, prev_hash, hash) \
             VALUES ('2026-01-01T00:00:00+00:00', 'local', 'x', '', 'ab', 'cd')",
            [],
        )
        .unwrap();
    assert_eq!(store.verify_audit_chain().unwrap().broken.unwrap().id, 7);
}

#[test]
fn old_entries_are_pruned_behind_a_sealed_checkpoint_that_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    fixed(&mut store, at(2025, 1, 10));
    for _ in 0..4 {
        store.audit_now("foyer ouvert", &[], "").unwrap();
    }
    fixed(&mut store, at(2025, 6, 10));
    store.audit_now("verrouillage", &[], "").unwrap();
    // Thirteen months after the first entries: they go, with everything logged before
    // them (the creation entry, stamped with the real clock); the June one stays.
    fixed(&mut store, at(2026, 2, 20));
    assert_eq!(store.audit_keep_months().unwrap(), 12);
    assert_eq!(store.prune_audit_log().unwrap(), 5);
    let entries = store.audit_log(&AuditFilter::default()).unwrap();
    let checkpoint = entries.last().unwrap();
    assert_eq!(checkpoint.action, "point de contrôle");
    assert!(
        checkpoint.detail.contains("20/02/2025"),
        "{}",
        checkpoint.detail
    );
    assert_eq!(entries.len(), 2, "the June entry and the checkpoint");
    let report = store.verify_audit_chain().unwrap();
    assert_eq!(report.broken, None, "{report}");

    // Removing one more entry from the start is seen: it is not what the checkpoint says.
    let first = entries[0].id;
    testing::conn(&store)
        .execute("DELETE FROM audit_log WHERE id = ?1", [first])
        .unwrap();
    let report = store.verify_audit_chain().unwrap();
    assert!(report.to_string().contains("point de contrôle"), "{report}");

    // A forged checkpoint (another anchor) fails its seal.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    fixed(&mut store, at(2030, 1, 1));
    store.audit_now("foyer ouvert", &[], "").unwrap();
    store.write(|tx| tx.prune_audit(at(2029, 12, 1))).unwrap();
    assert!(store.verify_audit_chain().unwrap().broken.is_none());
    testing::conn(&store)
        .execute(
            "UPDATE audit_log SET detail = replace(detail, 'retirées=', 'retirées=9') \
             WHERE action = 'point de contrôle'",
            [],
        )
        .unwrap();
    let report = store.verify_audit_chain().unwrap();
    assert!(report.to_string().contains("sceau"), "{report}");
}

#[test]
fn record_changes_are_logged_with_field_names_never_values() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    let h = household(7, "Famille Olivarez");
    store.write(|tx| tx.put(&h)).unwrap();
    let mut changed = h.clone();
    changed.commune = "Mauriac".into();
    store.write(|tx| tx.put(&changed)).unwrap();
    let entries = store.audit_log(&AuditFilter::default()).unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.action, "fiche modifiée");
    assert_eq!(last.detail, "households : commune");
    assert_eq!(last.objects, format!("foyer:{}", h.id));
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains("Olivarez") && !e.detail.contains("Mauriac"))
    );
}

// ----- erasure ----------------------------------------------------------------------------

fn household(n: u128, label: &str) -> Household {
    Household {
        id: Uuid::from_u128(n),
        label: label.into(),
        housing_situation: HousingSituation::HotelSocial,
        commune: "Saint-Flour".into(),
        housing_demand: HousingDemand::default(),
        resources: vec![],
        barriers: BTreeSet::new(),
        referent: "Claire".into(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: false,
    }
}

fn adult(n: u128, household: Uuid, first: &str, last: &str) -> Adult {
    Adult {
        id: Uuid::from_u128(n),
        household_id: household,
        is_reference: true,
        first_name: first.into(),
        last_name: last.into(),
        birth_date: None,
        phone: "0611223344".into(),
        email: String::new(),
        situation: AdultSituation::DemandeurEmploi,
        france_travail_registered: false,
        rsa: false,
        education_level: EducationLevel::CapBep,
        qualifications: vec![],
        trades: vec![],
        rome_domains: vec![],
        driving_licence: false,
        vehicle: false,
        languages: vec![],
        available_from: None,
        mobility_radius_km: 30,
        constraints: String::new(),
    }
}

fn child(n: u128, household: Uuid, first: &str, last: &str) -> Child {
    Child {
        id: Uuid::from_u128(n),
        household_id: household,
        first_name: first.into(),
        last_name: last.into(),
        birth_date: None,
        schooling_level: SchoolingLevel::Ce1,
        current_school: String::new(),
        destination_school: String::new(),
        enrolment: EnrolmentStatus::Demandee,
        enrolment_date: None,
        childcare_need: false,
        notes: "allergie signalée par Vermicellia".into(),
    }
}

/// Decrypts every page of an SQLCipher 4 file and of its WAL with the raw key: AES-256-CBC,
/// 4096-byte pages whose last 80 bytes are the IV (16) and the HMAC (64); page 1 starts
/// with the 16-byte salt in clear. With a raw 32-byte key SQLCipher uses the key itself
/// for AES, so this reads exactly what SQLite wrote, free pages included — which a logical
/// copy (`sqlcipher_export`, `VACUUM INTO`) would not show.
fn plaintext_pages(db: &Path, hex_key: &str) -> Vec<u8> {
    let key = hex::decode(hex_key).unwrap();
    let cipher = aes::Aes256::new(GenericArray::from_slice(&key));
    let decrypt_page = |page: &[u8], first: bool, out: &mut Vec<u8>| {
        const SIZE: usize = 4096;
        const RESERVE: usize = 80;
        assert_eq!(page.len(), SIZE);
        let start = if first { 16 } else { 0 };
        let iv = &page[SIZE - RESERVE..SIZE - RESERVE + 16];
        let body = &page[start..SIZE - RESERVE];
        let mut prev: Vec<u8> = iv.to_vec();
        for block in body.chunks(16) {
            let mut b = GenericArray::clone_from_slice(block);
            cipher.decrypt_block(&mut b);
            for (x, p) in b.iter_mut().zip(&prev) {
                *x ^= p;
            }
            out.extend_from_slice(&b);
            prev = block.to_vec();
        }
    };
    let mut out = Vec::new();
    let bytes = std::fs::read(db).unwrap();
    for (i, page) in bytes.chunks(4096).enumerate() {
        decrypt_page(page, i == 0, &mut out);
    }
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(wal) = std::fs::read(wal)
        && wal.len() > 32
    {
        // WAL: a 32-byte header, then frames of a 24-byte header and one page.
        for frame in wal[32..].chunks(24 + 4096) {
            if frame.len() == 24 + 4096 {
                let page_no = u32::from_be_bytes(frame[0..4].try_into().unwrap());
                decrypt_page(&frame[24..], page_no == 1, &mut out);
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.to_lowercase();
    let hay = String::from_utf8_lossy(haystack).to_lowercase();
    hay.contains(&needle)
}

/// Strings of the household erased below: whole words and tails (FTS5 stores terms
/// prefix-compressed, so a tail is what would survive in a segment).
const SECRETS: &[&str] = &[
    "Ermenegildus",
    "Zorglubesque",
    "lubesque",
    "Quentinophe",
    "tinophe",
    "Vermicellia",
    "micellia",
    "Xylophanie",
    "lophanie",
    "PIECE-XYZZY-ORIGINALE",
    "Famille Zorglubesque",
];

#[test]
fn erasing_a_household_leaves_none_of_its_bytes_in_the_base_or_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, hex_key) = new_store(&dir);
    fixed(&mut store, at(2026, 3, 1));
    demo::fill(
        &mut store,
        &DemoOptions {
            households: 15,
            seed: 7,
        },
    )
    .unwrap();
    let h = household(9001, "Famille Zorglubesque");
    let doc = DocumentItem {
        id: Uuid::from_u128(9004),
        household_id: h.id,
        adult_id: Some(Uuid::from_u128(9002)),
        kind: DocumentKind::Identite,
        status: DocumentStatus::AFournir,
        expires_on: None,
        attachment_id: None,
        notes: String::new(),
    };
    store
        .write(|tx| {
            tx.put(&h)?;
            tx.put(&adult(9002, h.id, "Quentinophe", "Zorglubesque"))?;
            tx.put(&child(9003, h.id, "Xylophanie", "Zorglubesque"))?;
            tx.put(&Note {
                id: Uuid::from_u128(9005),
                household_id: h.id,
                author: "Claire".into(),
                at: at(2026, 2, 1),
                text: "Quentinophe a rappelé".into(),
                corrects: None,
            })?;
            tx.put(&doc)
        })
        .unwrap();
    store
        .attach_file(doc.id, "cni.pdf", b"PIECE-XYZZY-ORIGINALE %PDF")
        .unwrap();
    // An adult of the household deleted by a partner's packet: its old content waits in
    // the 30-day undo (issue 13) and must go with the household.
    testing::conn(&store)
        .execute(
            "INSERT INTO packet_deletions (packet_id, partner_id, table_name, record_id, \
             household_id, label, data, stamps, deleted_at, until) VALUES ('p', 'x', \
             'adults', ?1, ?2, 'Famille Zorglubesque', '{\"first_name\":\"Ermenegildus\"}', \
             '{}', '2026-02-01T00:00:00Z', '2026-03-03T00:00:00Z')",
            [Uuid::from_u128(9006).to_string(), h.id.to_string()],
        )
        .unwrap();
    let stamped = store.stamped::<Household>(h.id).unwrap().unwrap();
    let others_before: Vec<Household> = store.list().unwrap();
    store.truncate_wal().unwrap();

    // Positive control: the decryption works and sees the household.
    let db = store.paths().db.clone();
    let before = plaintext_pages(&db, &hex_key);
    for s in SECRETS {
        assert!(contains(&before, s), "decryption does not see « {s} »");
    }

    let erased = store.erase_households(&[h.id]).unwrap();
    assert!(erased.records >= 5, "{erased:?}");
    assert_eq!(erased.attachments, 1);
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    assert_eq!(
        std::fs::metadata(&wal).map_or(0, |m| m.len()),
        0,
        "WAL truncated"
    );
    let after = plaintext_pages(&db, &hex_key);
    for s in SECRETS {
        assert!(!contains(&after, s), "« {s} » still in the base's bytes");
    }
    // The others are untouched, search has forgotten the household, the tombstone holds.
    assert_eq!(
        store.list::<Household>().unwrap().len(),
        others_before.len() - 1
    );
    assert!(store.search("Zorglubesque", 10).unwrap().is_empty());
    assert!(store.is_erased(h.id).unwrap());
    assert!(store.is_erased(Uuid::from_u128(9002)).unwrap());
    // A packet replaying the household, or a new adult of it, brings nothing back.
    let outcome = store.write(|tx| tx.put_merged(&stamped)).unwrap();
    assert_eq!(outcome, PutOutcome::Unchanged);
    let newcomer = passerelle::domain::record::Stamped {
        record: adult(9100, h.id, "Autre", "Personne"),
        stamps: Default::default(),
        deleted_at: None,
    };
    assert_eq!(
        store.write(|tx| tx.put_merged(&newcomer)).unwrap(),
        PutOutcome::Unchanged
    );
    assert!(store.find::<Household>(h.id).unwrap().is_none());
    assert!(store.check().unwrap().ok);
    // The erasure is in the log with the id only.
    let log = store.audit_log(&AuditFilter {
        household: Some(h.id),
        action: Some("effacement".into()),
        ..AuditFilter::default()
    });
    assert_eq!(log.unwrap().len(), 1);
    assert!(store.verify_audit_chain().unwrap().broken.is_none());
}

#[test]
fn erasing_one_person_keeps_the_household_and_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, hex_key) = new_store(&dir);
    let h = household(1, "Famille Durandal");
    store
        .write(|tx| {
            tx.put(&h)?;
            tx.put(&adult(2, h.id, "Gontrandine", "Durandal"))?;
            tx.put(&adult(3, h.id, "Bertilde", "Durandal"))?;
            tx.put(&child(4, h.id, "Anatolius", "Durandal"))
        })
        .unwrap();
    store.erase_person(Uuid::from_u128(2)).unwrap();
    store.erase_person(Uuid::from_u128(4)).unwrap();
    assert!(store.find::<Adult>(Uuid::from_u128(2)).unwrap().is_none());
    assert!(store.find::<Adult>(Uuid::from_u128(3)).unwrap().is_some());
    assert!(store.find::<Child>(Uuid::from_u128(4)).unwrap().is_none());
    assert!(store.find::<Household>(h.id).unwrap().is_some());
    let bytes = plaintext_pages(&store.paths().db, &hex_key);
    assert!(!contains(&bytes, "Gontrandine"));
    assert!(!contains(&bytes, "Anatolius"));
    assert!(contains(&bytes, "Bertilde"), "the other adult stays");
    assert!(
        store.erase_person(Uuid::from_u128(2)).is_err(),
        "already gone"
    );
}

#[test]
fn entries_written_before_the_chain_are_sealed_once_at_upgrade() {
    use passerelle::store::keyfile;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ancienne.db");
    let key = keyfile::new_data_key().unwrap();
    {
        let conn = testing::create_at_version(&db, &key, 9).unwrap();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('site_id', ?1)",
            [Uuid::new_v4().to_string()],
        )
        .unwrap();
        for action in ["création", "export paquet", "import paquet"] {
            conn.execute(
                "INSERT INTO audit_log (at, actor, action, detail) \
                 VALUES ('2026-01-05T10:00:00+00:00', 'local', ?1, '')",
                [action],
            )
            .unwrap();
        }
    }
    let paths = StorePaths::beside(&db);
    std::fs::write(
        &paths.key,
        keyfile::wrap(&key, PASS, KdfParams::FLOOR).unwrap(),
    )
    .unwrap();
    let mut store = Store::unlock(&paths, PASS).unwrap();
    store.audit_now("foyer ouvert", &[], "").unwrap();
    let report = store.verify_audit_chain().unwrap();
    assert_eq!((report.entries, report.broken), (4, None));
    // Sealed once: an entry whose hash is blanked afterwards is a break, not "legacy".
    testing::conn(&store)
        .execute("UPDATE audit_log SET hash = '' WHERE id = 2", [])
        .unwrap();
    drop(store);
    let store = Store::unlock(&paths, PASS).unwrap();
    assert_eq!(store.verify_audit_chain().unwrap().broken.unwrap().id, 2);
}

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    let pf = dir.join("phrase.txt");
    std::fs::write(&pf, format!("{PASS}\n")).unwrap();
    let home = dir.join("home");
    std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(dir.join("p.db"))
        .arg("--passphrase-file")
        .arg(&pf)
        .args(args)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .output()
        .unwrap()
}

#[test]
fn the_command_line_checks_the_chain_exports_the_log_and_erases() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    let h = household(5, "Famille Castafiore");
    store
        .write(|tx| {
            tx.put(&h)?;
            tx.put(&adult(6, h.id, "Bianca", "Castafiore"))
        })
        .unwrap();
    drop(store);
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };

    let out = cli(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Journal d'accès intègre"),
        "{}",
        text(&out)
    );

    let id = h.id.to_string();
    let out = cli(
        dir.path(),
        &["audit", "--household", &id, "--format", "json"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries.len(), 2, "household and adult created");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Castafiore"));
    let out = cli(
        dir.path(),
        &["audit", "--from", "01/01/2000", "--format", "csv"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("fiche créée"));

    // A frozen household (a legal hold) is not erased, not even from the command line,
    // nor one of its members.
    {
        let mut store = Store::unlock(&StorePaths::beside(dir.path().join("p.db")), PASS).unwrap();
        store
            .write(|tx| tx.freeze_household(h.id, "contentieux en cours"))
            .unwrap();
    }
    let person = Uuid::from_u128(6).to_string();
    for args in [
        ["erase", "--household", id.as_str()],
        ["erase", "--person", person.as_str()],
    ] {
        let out = cli(dir.path(), &args);
        assert!(!out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("il ne peut pas être effacé tant qu'il est gelé"),
            "{}",
            text(&out)
        );
    }
    {
        let mut store = Store::unlock(&StorePaths::beside(dir.path().join("p.db")), PASS).unwrap();
        assert!(store.find::<Household>(h.id).unwrap().is_some());
        assert!(store.find::<Adult>(Uuid::from_u128(6)).unwrap().is_some());
        store.write(|tx| tx.unfreeze_household(h.id)).unwrap();
    }

    let out = cli(dir.path(), &["erase", "--household", &id]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Effacement terminé : 2 fiches supprimées"),
        "{}",
        text(&out)
    );
    let store = Store::unlock(&StorePaths::beside(dir.path().join("p.db")), PASS).unwrap();
    assert!(store.find::<Household>(h.id).unwrap().is_none());
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"export du journal d'accès".to_owned()));
    assert!(actions.contains(&"effacement".to_owned()));
    assert!(actions.contains(&"déverrouillage".to_owned()));
    testing::conn(&store)
        .execute("UPDATE audit_log SET actor = 'quelqu-un' WHERE id = 2", [])
        .unwrap();
    drop(store);
    let out = cli(dir.path(), &["check"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("Journal d'accès altéré : l'entrée n° 2"),
        "{}",
        text(&out)
    );
}

// ----- retention --------------------------------------------------------------------------

#[test]
fn a_household_never_followed_counts_from_its_creation() {
    use chrono::{Duration, Months};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    // The clock stamps never go back, and the base was just created: the fixed clock
    // starts a little after the real one. D is created on day 0 and E 500 days later;
    // neither has a case, a note or an appointment. D's name is corrected with E: its
    // oldest stamp still says when it was created.
    let start = (Utc::now() + Duration::days(10)).date_naive();
    let at_day = |day: NaiveDate| Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap());
    let e_day = start + Duration::days(500);
    let (d, e) = (
        household(41, "Famille Durand"),
        household(42, "Famille Evrard"),
    );
    fixed(&mut store, at_day(start));
    store.write(|tx| tx.put(&d).map(|_| ())).unwrap();
    fixed(&mut store, at_day(e_day));
    let mut renamed = d.clone();
    renamed.label = "Famille Durand-Roux".into();
    store
        .write(|tx| {
            tx.put(&renamed)?;
            tx.put(&e).map(|_| ())
        })
        .unwrap();
    let d_due = start + Months::new(24);
    let e_due = e_day + Months::new(24);
    fixed(&mut store, at_day(d_due));
    assert!(
        store
            .retention_preview(d_due.pred_opt().unwrap())
            .unwrap()
            .is_empty(),
        "nothing due the day before"
    );
    let due = store.retention_preview(d_due).unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].household, d.id);
    assert_eq!(due[0].created, Some(start));
    assert_eq!(
        due[0].why(),
        format!(
            "aucun suivi ni contact enregistré, créé le {} ; à effacer depuis le {} (24 mois)",
            start.format("%d/%m/%Y"),
            d_due.format("%d/%m/%Y")
        )
    );
    // E is due the day its 24 months end, not before.
    let ids = |day: NaiveDate| -> Vec<Uuid> {
        store
            .retention_preview(day)
            .unwrap()
            .into_iter()
            .map(|x| x.household)
            .collect()
    };
    assert!(!ids(e_due.pred_opt().unwrap()).contains(&e.id));
    assert!(ids(e_due).contains(&e.id));
    let (n, _) = store.apply_retention(d_due).unwrap();
    assert_eq!(n, 1);
    assert!(store.find::<Household>(d.id).unwrap().is_none());
    assert!(store.find::<Household>(e.id).unwrap().is_some());
}

fn case_of(n: u128, household: Uuid, opened: NaiveDate, exit: Option<NaiveDate>) -> Case {
    use passerelle::domain::programme::DEFAULT_PROGRAMME_ID;
    Case {
        id: Uuid::from_u128(n),
        household_id: household,
        programme_id: DEFAULT_PROGRAMME_ID,
        referent: "Claire".into(),
        origin: String::new(),
        opened_on: opened,
        exit: if exit.is_some() {
            ExitKind::Anticipee
        } else {
            ExitKind::Aucune
        },
        exit_date: exit,
        exit_reason: exit.map(|_| EarlyExitReason::EmploiNonTrouve),
        exit_details: String::new(),
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn retention_lists_due_households_with_why_keeps_held_ones_and_not_due_ones() {
    use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};
    use passerelle::domain::report::Period;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    fixed(&mut store, at(2026, 11, 30));
    let (a, b, c) = (
        household(1, "Famille Arnoux"),
        household(2, "Famille Bellec"),
        household(3, "Famille Carrel"),
    );
    store
        .write(|tx| {
            tx.put(&default_programme())?;
            for h in [&a, &b, &c] {
                tx.put(h)?;
            }
            tx.put(&adult(11, a.id, "Paul", "Arnoux"))?;
            tx.put(&case_of(21, a.id, ymd(2023, 1, 10), Some(ymd(2024, 3, 12))))?;
            tx.put(&Note {
                id: Uuid::from_u128(31),
                household_id: a.id,
                author: "Claire".into(),
                at: at(2024, 5, 2),
                text: "appel".into(),
                corrects: None,
            })?;
            tx.put(&case_of(22, b.id, ymd(2023, 2, 1), Some(ymd(2024, 1, 15))))?;
            tx.put(&case_of(23, c.id, ymd(2025, 6, 1), None))
        })
        .unwrap();
    assert_eq!(store.retention_months(DEFAULT_PROGRAMME_ID).unwrap(), 24);
    store
        .write(|tx| tx.hold_retention(b.id, "contentieux prud'homal"))
        .unwrap();
    let today = ymd(2026, 11, 30);
    let due = store.retention_preview(today).unwrap();
    assert_eq!(due.len(), 2, "{due:?}");
    let first = due.iter().find(|d| d.household == a.id).unwrap();
    assert_eq!(
        first.why(),
        "sortie le 12/03/2024, dernier contact le 02/05/2024 ; à effacer depuis le 02/05/2026 (24 mois)"
    );
    assert!(first.held.is_none());
    let held = due.iter().find(|d| d.household == b.id).unwrap();
    assert_eq!(held.held.as_deref(), Some("contentieux prud'homal"));
    assert!(due.iter().all(|d| d.household != c.id), "C is not due");
    // Not due the day before A's date under a longer period.
    store
        .set_retention_months(DEFAULT_PROGRAMME_ID, 36)
        .unwrap();
    assert!(
        store
            .retention_preview(today)
            .unwrap()
            .iter()
            .all(|d| d.household != a.id)
    );
    store
        .set_retention_months(DEFAULT_PROGRAMME_ID, 24)
        .unwrap();

    let period = Period {
        from: ymd(2023, 1, 1),
        to: ymd(2024, 12, 31),
    };
    let report_before = store.report(DEFAULT_PROGRAMME_ID, period).unwrap();
    let (n, erased) = store.apply_retention(today).unwrap();
    assert_eq!(n, 1);
    assert!(erased.records >= 4, "{erased:?}");
    assert!(store.find::<Household>(a.id).unwrap().is_none());
    assert!(store.find::<Household>(b.id).unwrap().is_some(), "held");
    assert!(store.find::<Household>(c.id).unwrap().is_some(), "not due");
    assert_eq!(
        store.report(DEFAULT_PROGRAMME_ID, period).unwrap(),
        report_before,
        "the anonymous counts of past months are kept"
    );
    // Releasing the hold makes B due at the next apply.
    store.write(|tx| tx.release_retention_hold(b.id)).unwrap();
    assert_eq!(store.apply_retention(today).unwrap().0, 1);
    assert!(store.find::<Household>(b.id).unwrap().is_none());
    assert!(store.verify_audit_chain().unwrap().broken.is_none());
}

// ----- right of access --------------------------------------------------------------------

#[test]
fn the_access_file_holds_everything_on_the_person_and_nothing_of_the_others() {
    use passerelle::exchange::access;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir);
    let h = household(1, "Famille Durandal");
    store
        .write(|tx| {
            tx.put(&h)?;
            tx.put(&adult(2, h.id, "Gontrandine", "Durandal"))?;
            tx.put(&adult(3, h.id, "Bertilde", "Durandal"))?;
            tx.put(&child(4, h.id, "Anatolius", "Durandal"))?;
            for (n, text) in [
                (5, "Gontrandine a trouvé une formation"),
                (6, "Bertilde cherche un logement"),
            ] {
                tx.put(&Note {
                    id: Uuid::from_u128(n),
                    household_id: h.id,
                    author: "Claire".into(),
                    at: at(2026, 2, 1),
                    text: text.into(),
                    corrects: None,
                })?;
            }
            Ok(())
        })
        .unwrap();
    let data = access::person_data(&store, Uuid::from_u128(2)).unwrap();
    let json = String::from_utf8(access::to_json(&data).unwrap()).unwrap();
    assert!(json.contains("Gontrandine"));
    assert!(json.contains("0611223344"), "her phone");
    assert!(json.contains("Gontrandine a trouvé une formation"));
    assert!(json.contains("1 autre adulte, 1 autre enfant : masqués"));
    for other in ["Bertilde", "Anatolius", "cherche un logement"] {
        assert!(
            !json.contains(other),
            "« {other} » leaked into the access file"
        );
    }
    let pdf = access::to_pdf(&data, ymd(2026, 11, 30)).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let child = access::person_data(&store, Uuid::from_u128(4)).unwrap();
    assert_eq!(child.kind, "Enfant");
    assert!(
        !access::to_json(&child)
            .unwrap()
            .windows(11)
            .any(|w| w == b"Gontrandine")
    );
    assert!(access::person_data(&store, Uuid::from_u128(99)).is_err());
    drop(store);

    // From the command line: two files, owner-only, the access logged.
    let out = dir.path().join("acces");
    let o = cli(
        dir.path(),
        &[
            "access",
            "--person",
            &Uuid::from_u128(2).to_string(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf_path = out.join(format!("acces-{}.pdf", Uuid::from_u128(2)));
    let json_path = out.join(format!("acces-{}.json", Uuid::from_u128(2)));
    assert!(pdf_path.exists() && json_path.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&json_path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let store = Store::unlock(&StorePaths::beside(dir.path().join("p.db")), PASS).unwrap();
    let log = store
        .audit_log(&AuditFilter {
            action: Some("droit d'accès".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(log.len(), 1);
    assert!(
        log[0]
            .objects
            .contains(&format!("personne:{}", Uuid::from_u128(2)))
    );
    assert!(!log[0].detail.contains("Gontrandine"));
}
