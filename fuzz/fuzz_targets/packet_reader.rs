//! Packet reader: the first byte picks the layer fuzzed, so that the fuzzer reaches past
//! the cryptography it cannot forge.
//!
//! - `0`: the whole opening path from the file's bytes (age binary or armored, scrypt or
//!   X25519 header parsing, size caps) — `packet::open_with`.
//! - `1`: the decrypted bytes (strict tar: paths, links, duplicates, sizes; signature
//!   and manifest parsing) — `packet::open_decrypted`.
//! - else: `records.jsonl` as given, inside an archive this harness signs with a pinned
//!   partner's key and a manifest addressed to us, so the record checks (JSON, tables,
//!   stamps from the future, domain validation) run on every input.
//!
//! The identities are generated once per process: inputs stay reproducible because none
//! of the three layers depends on the key values (the fuzzer cannot encrypt to us or sign).
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use passerelle::store::SCHEMA_VERSION;
use sha2::{Digest, Sha256};
use passerelle::domain::model::{Partner, PartnerRole};
use passerelle::exchange::packet::{
    self, FORMAT_NAME, FORMAT_VERSION, Identity, Manifest, Recipient, Sender,
};

struct Keys {
    me: Identity,
    sender: Identity,
    partners: Vec<Partner>,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let me = Identity::generate("Nous").expect("identity");
        let sender = Identity::generate("Partenaire").expect("identity");
        let partner = sender
            .contact_card()
            .to_partner(PartnerRole::Accompagnement, "");
        Keys {
            me,
            sender,
            partners: vec![partner],
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let k = keys();
    let now = Utc
        .with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
        .single()
        .expect("time");
    match mode {
        0 => {
            let _ = packet::open_with(rest, &k.me, &k.partners, Some("phrase"), now);
        }
        1 => {
            let _ = packet::open_decrypted(rest, &k.me, &k.partners, false, now);
        }
        _ => {
            let packet_id = uuid::Uuid::from_u128(7);
            let manifest = Manifest {
                format: FORMAT_NAME.to_owned(),
                format_version: FORMAT_VERSION,
                schema_version: SCHEMA_VERSION,
                packet_id,
                created_at: now,
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
                    hex::encode(Sha256::digest(rest)),
                )]),
            };
            let manifest = serde_json::to_vec(&manifest).expect("json");
            let signature = k.sender.sign_manifest(&manifest, packet_id).expect("sign");
            let Ok(tar) = packet::build_archive(
                &[
                    ("manifest.json", &manifest),
                    ("manifest.json.minisig", signature.as_bytes()),
                    ("records.jsonl", rest),
                ],
                0,
            ) else {
                return;
            };
            let _ = packet::open_decrypted(&tar, &k.me, &k.partners, false, now);
        }
    }
});
