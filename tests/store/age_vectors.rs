//! The age test vectors shipped inside the `age` crate's package
//! (`tests/testdata/testkit`, C2SP/CCTV) run through the app's own decrypt wrapper
//! (`packet::decrypt`), each with its expected outcome. Required in CI
//! (`PASSERELLE_REQUIRE_EXTERNAL=1`); skipped elsewhere when cargo's source cache is not
//! where expected.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::io::Read;
use std::path::PathBuf;
use std::str::FromStr;

use passerelle::exchange::packet::{self, PacketError};
use sha2::Digest;

fn testkit_dir() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let src = home.join("registry").join("src");
    std::fs::read_dir(src).ok()?.flatten().find_map(|index| {
        let dir = index.path().join("age-0.12.1/tests/testdata/testkit");
        dir.is_dir().then_some(dir)
    })
}

struct Vector {
    expect: String,
    payload_sha256: Option<String>,
    identity: Option<String>,
    passphrase: Option<String>,
    body: Vec<u8>,
}

fn parse(bytes: &[u8]) -> Vector {
    let split = bytes.windows(2).position(|w| w == b"\n\n").unwrap();
    let head = std::str::from_utf8(&bytes[..split]).unwrap();
    let mut body = bytes[split + 2..].to_vec();
    let mut v = Vector {
        expect: String::new(),
        payload_sha256: None,
        identity: None,
        passphrase: None,
        body: Vec::new(),
    };
    let mut compressed = false;
    for line in head.lines() {
        let (k, val) = line.split_once(": ").unwrap();
        match k {
            "expect" => v.expect = val.to_owned(),
            "payload" => v.payload_sha256 = Some(val.to_owned()),
            "identity" => v.identity = Some(val.to_owned()),
            "passphrase" => v.passphrase = Some(val.to_owned()),
            "compressed" => compressed = true,
            _ => {}
        }
    }
    if compressed {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(&body[..])
            .read_to_end(&mut out)
            .unwrap();
        body = out;
    }
    v.body = body;
    v
}

#[test]
fn the_age_test_vectors_have_their_expected_outcome_through_the_app_wrapper() {
    let Some(dir) = testkit_dir() else {
        assert!(
            std::env::var_os("PASSERELLE_REQUIRE_EXTERNAL").is_none(),
            "the age crate's testkit was not found in cargo's source cache"
        );
        eprintln!("SKIPPED: age-0.12.1 testkit not found in cargo's source cache");
        return;
    };
    let mut count = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let v = parse(&std::fs::read(&path).unwrap());
        let identity = v
            .identity
            .as_deref()
            .map(|i| age::x25519::Identity::from_str(i).unwrap());
        let result = packet::decrypt(&v.body, identity.as_ref(), v.passphrase.as_deref());
        match (v.expect.as_str(), result) {
            ("success", Ok(plain)) => {
                let sha = hex::encode(sha2::Sha256::digest(&plain));
                assert_eq!(Some(sha), v.payload_sha256, "{name}: wrong payload");
            }
            ("no match", Err(PacketError::NotForUs | PacketError::WrongPassphrase)) => {}
            (
                "header failure" | "payload failure" | "HMAC failure" | "armor failure",
                Err(PacketError::Damaged(_) | PacketError::ExcessiveWork),
            ) => {}
            // A vector whose identity cannot open the file but whose header is broken
            // elsewhere may be reported as "not for us": still a refusal.
            ("header failure", Err(PacketError::NotForUs | PacketError::WrongPassphrase)) => {}
            // Known, documented deviation of the age crate (see its tests/testkit.rs):
            // legacy stanzas without an explicit short final line are still accepted.
            ("header failure", Ok(_))
                if ["stanza_missing_body", "stanza_missing_final_line"]
                    .contains(&name.as_str()) => {}
            (expect, got) => panic!("{name}: expected {expect}, got {got:?}"),
        }
        count += 1;
    }
    assert_eq!(count, 123, "the age 0.12.1 package ships 123 vectors");
}
