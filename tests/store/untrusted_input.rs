#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The CI-side guard of the fuzz targets (`fuzz/`, run with cargo-fuzz where a nightly
//! toolchain exists): random and mutated bytes through the spreadsheet reader and the
//! packet reader's layers must end in a clean error or a result, never a panic.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use passerelle::domain::model::PartnerRole;
use passerelle::domain::programme::default_programme;
use passerelle::exchange::packet::{
    self, FORMAT_NAME, FORMAT_VERSION, Identity, Manifest, Recipient, Sender,
};
use passerelle::exchange::sheet::{Mapping, build_plan, find_duplicates, read_sheet};
use passerelle::exchange::tabular::{Cell, Table, to_xlsx};
use passerelle::store::SCHEMA_VERSION;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn sheet_all_the_way(bytes: &[u8]) {
    if let Ok(sheet) = read_sheet(bytes) {
        let mapping = Mapping::auto(&sheet.headers);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let plan = build_plan(&sheet, &mapping, &default_programme(), today);
        let _ = find_duplicates(&plan, &[]);
    }
}

fn xlsx_seed() -> Vec<u8> {
    let mut t = Table::new(
        "Suivi",
        &[
            "Nom",
            "Prénom",
            "Date de naissance",
            "Étape",
            "Niveau scolaire",
        ],
    );
    t.rows.push(vec![
        Cell::from("Diallo"),
        Cell::from("Awa"),
        Cell::Date(NaiveDate::from_ymd_opt(1988, 3, 12).unwrap()),
        Cell::from("Diagnostic"),
        Cell::Empty,
    ]);
    t.rows.push(vec![
        Cell::from("Diallo"),
        Cell::from("Moussa"),
        Cell::Number(42_000.0),
        Cell::Empty,
        Cell::from("CM2"),
    ]);
    to_xlsx(&[t]).unwrap()
}

const CSV_SEED: &str = "N° ménage;Nom;Prénom;Date de naissance;Étape;Sortie;Motif de sortie\n\
1;Diallo;Awa;12/03/1988;Sortie anticipée;anticipée;Abandon\n\
1;Diallo;Moussa;05/06/2015;;;\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn sheet_reader_survives_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        sheet_all_the_way(&bytes);
    }

    #[test]
    fn sheet_reader_survives_mutated_files(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        which in 0..3u8,
    ) {
        let mut bytes = match which {
            0 => xlsx_seed(),
            1 => std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/suivi.ods")).unwrap(),
            _ => CSV_SEED.as_bytes().to_vec(),
        };
        for (at, value) in flips {
            let i = at % bytes.len();
            bytes[i] = value;
        }
        sheet_all_the_way(&bytes);
    }
}

/// The same three layers as the `packet_reader` fuzz target.
struct Keys {
    me: Identity,
    sender: Identity,
    partners: Vec<passerelle::domain::model::Partner>,
}

fn keys() -> Keys {
    let me = Identity::generate("Nous").unwrap();
    let sender = Identity::generate("Partenaire").unwrap();
    let partner = sender
        .contact_card()
        .to_partner(PartnerRole::Accompagnement, "");
    Keys {
        me,
        sender,
        partners: vec![partner],
    }
}

fn signed_archive(k: &Keys, records: &[u8]) -> Vec<u8> {
    let packet_id = uuid::Uuid::from_u128(7);
    let manifest = Manifest {
        format: FORMAT_NAME.to_owned(),
        format_version: FORMAT_VERSION,
        schema_version: SCHEMA_VERSION,
        packet_id,
        created_at: Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap(),
        sender: Sender {
            organisation: "Partenaire".to_owned(),
            key_id: k.sender.key_id(),
            site: uuid::Uuid::from_u128(9),
        },
        recipients: vec![Recipient {
            organisation: "Nous".to_owned(),
            role: PartnerRole::Accompagnement,
            age_recipient: Some(k.me.age_recipient()),
        }],
        purpose: String::new(),
        counts: BTreeMap::new(),
        files: BTreeMap::from([(
            "records.jsonl".to_owned(),
            hex::encode(Sha256::digest(records)),
        )]),
    };
    let manifest = serde_json::to_vec(&manifest).unwrap();
    let signature = k.sender.sign_manifest(&manifest, packet_id).unwrap();
    packet::build_archive(
        &[
            ("manifest.json", &manifest),
            ("manifest.json.minisig", signature.as_bytes()),
            ("records.jsonl", records),
        ],
        0,
    )
    .unwrap()
}

#[test]
fn the_harness_archive_is_accepted_so_the_record_layer_is_really_reached() {
    let k = keys();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    let (manifest, sender, lines) =
        packet::open_decrypted(&signed_archive(&k, b""), &k.me, &k.partners, false, now).unwrap();
    assert_eq!(manifest.sender.organisation, "Partenaire");
    assert_eq!(sender.organisation, "Partenaire");
    assert!(lines.is_empty());
    let err = packet::open_decrypted(
        &signed_archive(&k, b"{\"x\":1}\n"),
        &k.me,
        &k.partners,
        false,
        now,
    )
    .unwrap_err();
    assert!(err.to_string().contains("Fiche n° 1"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn packet_layers_survive_random_and_mutated_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..1024),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let k = keys();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        prop_assert!(packet::open_with(&bytes, &k.me, &k.partners, Some("phrase"), now).is_err());
        let _ = packet::open_decrypted(&bytes, &k.me, &k.partners, false, now);
        let _ = packet::open_decrypted(&signed_archive(&k, &bytes), &k.me, &k.partners, false, now);
        let mut tar = signed_archive(&k, b"");
        for (at, value) in flips {
            let i = at % tar.len();
            tar[i] = value;
        }
        let _ = packet::open_decrypted(&tar, &k.me, &k.partners, false, now);
    }
}
