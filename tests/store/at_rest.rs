//! Nothing personal in plaintext on disk: after loading the demo, neither the database nor
//! its WAL holds any of the demo's names as bytes, and the file has no SQLite header.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::model::{Adult, Child, Household};
use passerelle::store::{KdfParams, Store, StorePaths};

/// Words of at least four letters, ASCII-lower-cased. Non-ASCII bytes count as letters so
/// that an accented name in UTF-8 stays one word.
fn words(bytes: &[u8]) -> HashSet<Vec<u8>> {
    bytes
        .to_ascii_lowercase()
        .split(|b| !(b.is_ascii_alphabetic() || *b >= 0x80))
        .filter(|w| w.len() >= 4)
        .map(<[u8]>::to_vec)
        .collect()
}

fn assert_no_name_in_clear(dir: &Path, names: &HashSet<Vec<u8>>, phase: &str) {
    let mut seen_files = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        seen_files += 1;
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{} is plain SQLite",
            path.display()
        );
        // Stored in clear (JSON, FTS tokens), every word of a name would stand as a whole
        // run of letters.
        let leaked: Vec<String> = words(&bytes)
            .intersection(names)
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect();
        assert!(
            leaked.is_empty(),
            "base {phase}: {} holds {leaked:?} in clear",
            path.display()
        );
    }
    assert!(seen_files >= 2);
}

#[test]
fn demo_names_never_reach_the_disk_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (mut store, _) =
        Store::create(&paths, "phrase de passe du test", KdfParams::FLOOR).unwrap();
    fill(&mut store, &DemoOptions::default()).unwrap();

    let mut names: Vec<String> = store
        .list::<Household>()
        .unwrap()
        .into_iter()
        .map(|h| h.label)
        .collect();
    for a in store.list::<Adult>().unwrap() {
        names.push(a.first_name);
        names.push(a.last_name);
    }
    names.extend(
        store
            .list::<Child>()
            .unwrap()
            .into_iter()
            .map(|c| c.first_name),
    );
    // Words of six bytes or more: a leak in clear would show every name, long ones
    // included, while a four-letter name also turns up by chance in the ciphertext (a
    // run of random bytes that reads « hugo »: about one run of this test in fifty to a
    // hundred failed so).
    let names: HashSet<Vec<u8>> = names
        .iter()
        .flat_map(|n| words(n.as_bytes()))
        .filter(|w| w.len() >= 6 && w != b"famille")
        .collect();
    assert!(
        names.len() > 30,
        "the demo should hold many long names, got {}",
        names.len()
    );

    // With the WAL full of fresh pages (store open), then after the checkpoint on close.
    assert_no_name_in_clear(dir.path(), &names, "ouverte");
    drop(store);
    assert_no_name_in_clear(dir.path(), &names, "fermée");
}
