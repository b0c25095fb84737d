//! Embeds the git commit the binary is built from, for `passerelle --version` and « À propos ».
//!
//! A build from a source archive (no `.git`, or no `git` program) must still work: the commit
//! is then « inconnu » rather than a build failure.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The repository holding this crate, if any: a source archive unpacked inside some other
/// repository must not borrow that repository's commit.
fn own_repository() -> bool {
    let Some(top) = git(&["rev-parse", "--show-toplevel"]) else {
        return false;
    };
    let Ok(manifest) = std::env::var("CARGO_MANIFEST_DIR") else {
        return false;
    };
    match (std::fs::canonicalize(top), std::fs::canonicalize(manifest)) {
        (Ok(top), Ok(manifest)) => top == manifest,
        _ => false,
    }
}

fn main() {
    let commit = own_repository()
        .then(|| git(&["rev-parse", "--short", "HEAD"]))
        .flatten()
        .unwrap_or_else(|| "inconnu".to_owned());
    println!("cargo:rustc-env=PASSERELLE_COMMIT={commit}");
    // Rebuild when HEAD moves (checkout, commit): HEAD itself and the branch it points to.
    // `--git-path` resolves both inside a linked worktree too.
    // Only files that exist: cargo counts a missing one as changed at every build, and
    // `packed-refs` is absent from a repository whose refs were never packed, which
    // recompiled the whole crate for every test and bench run (12–15 min per release
    // bench build).
    for name in ["HEAD", "packed-refs"] {
        if let Some(path) = git(&["rev-parse", "--git-path", name])
            && PathBuf::from(&path).exists()
        {
            println!("cargo:rerun-if-changed={}", PathBuf::from(path).display());
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &branch])
    {
        println!("cargo:rerun-if-changed={}", PathBuf::from(path).display());
    }
    println!("cargo:rerun-if-changed=build.rs");
}
