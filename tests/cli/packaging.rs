#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! What the package ships beside the binary stays true to the sources: the third-party
//! licences file matches Cargo.lock and names every crate compiled in; the AppStream
//! metadata launches the desktop entry we ship.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

const LICENCES: &str = include_str!("../../assets/THIRD-PARTY-LICENSES.txt");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The file records the hash of the Cargo.lock it was generated from: a dependency added,
/// removed or upgraded without rerunning packaging/licences.sh fails here.
#[test]
fn third_party_licences_were_generated_from_this_cargo_lock() {
    let lock = std::fs::read(root().join("Cargo.lock")).unwrap();
    let hash = hex::encode(Sha256::digest(&lock));
    let recorded = LICENCES
        .lines()
        .find_map(|l| l.strip_prefix("Cargo.lock SHA-256 : "))
        .expect("no « Cargo.lock SHA-256 : » line in assets/THIRD-PARTY-LICENSES.txt");
    assert_eq!(
        recorded.trim(),
        hash,
        "assets/THIRD-PARTY-LICENSES.txt is stale: run bash packaging/licences.sh"
    );
}

/// Every crate of the normal build (normal and build dependencies of the binary, features
/// resolved as `cargo build` does, for this platform) is listed as « - nom version », as
/// cargo-about writes it. `cargo tree` rather than `cargo metadata`: the latter unifies the
/// features the test-only crates enable (wgpu through egui_kittest), which are not built.
#[test]
fn third_party_licences_name_every_crate_of_the_build() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["tree", "--locked", "-e", "normal,build"])
        .args(["--target", "x86_64-unknown-linux-gnu"])
        .args(["--prefix", "none", "--format", "{p}"])
        .current_dir(root())
        .output()
        .unwrap();
    if !output.status.success() {
        // Offline with a cold cargo cache: cargo cannot see every manifest.
        assert!(
            std::env::var_os("PASSERELLE_REQUIRE_EXTERNAL").is_none(),
            "cargo tree failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        eprintln!("SKIPPED: cargo tree failed (offline?)");
        return;
    }
    let tree = String::from_utf8(output.stdout).unwrap();
    let crates: BTreeSet<(String, String)> = tree
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            Some((name.to_owned(), version.to_owned()))
        })
        .filter(|(name, _)| name != env!("CARGO_PKG_NAME"))
        .collect();
    assert!(crates.len() > 100, "only {} crates found", crates.len());
    let missing: Vec<String> = crates
        .iter()
        .filter(|(name, version)| !LICENCES.contains(&format!("  - {name} {version}")))
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    assert!(
        missing.is_empty(),
        "not in assets/THIRD-PARTY-LICENSES.txt (run bash packaging/licences.sh): {missing:?}"
    );
}

/// Fonts and the gazetteer are not crates: their notices are in the file too.
#[test]
fn third_party_licences_cover_fonts_and_data() {
    for needle in [
        "DejaVu",
        "Bitstream Vera",
        "Hack",
        "Ubuntu Font Licence",
        "SIL OPEN FONT LICENSE",
        "@etalab/decoupage-administratif",
        "GeoNames",
        "CC-BY-4.0",
        "SQLCipher",
        "OpenSSL",
    ] {
        assert!(LICENCES.contains(needle), "« {needle} » missing");
    }
}

/// The software centre starts what the desktop entry names, and the entry is the one the
/// package installs.
#[test]
fn appstream_launchable_is_the_shipped_desktop_entry() {
    let metainfo =
        std::fs::read_to_string(root().join("packaging/fr.passerelle.Passerelle.metainfo.xml"))
            .unwrap();
    let launchable = metainfo
        .split("<launchable type=\"desktop-id\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap();
    assert!(
        root().join("packaging").join(launchable).exists(),
        "{launchable}"
    );
    assert!(metainfo.contains("<id>fr.passerelle.Passerelle</id>"));
    let cargo_toml = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(cargo_toml.contains(&format!("\"packaging/{launchable}\"")));
    assert!(cargo_toml.contains("\"packaging/fr.passerelle.Passerelle.metainfo.xml\""));
    // Every screenshot the metadata names is committed.
    for name in metainfo
        .split("<image ")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().rsplit('/').next().unwrap())
    {
        let file = root().join("assets/screenshots").join(name);
        let size = std::fs::metadata(&file).map_or(0, |m| m.len());
        assert!(
            size > 0 && size <= 300 * 1024,
            "{}: {size} bytes",
            file.display()
        );
    }
}
