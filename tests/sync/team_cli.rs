//! `passerelle team …` run as real processes (issue 15): create, join, admit with the
//! fingerprint, sync both ways, status; and kill -9 while publishing leaves no half file
//! under a final name (the next run continues).

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const PASS: &str = "une phrase de passe de test";

struct Base {
    dir: tempfile::TempDir,
}

impl Base {
    fn new() -> Self {
        let b = Base {
            dir: tempfile::tempdir().unwrap(),
        };
        fs::write(b.dir.path().join("pass"), format!("{PASS}\n")).unwrap();
        let out = b.run(&["init"]);
        assert!(out.status.success(), "{}", err(&out));
        b
    }

    fn command(&self, args: &[&str]) -> Command {
        let home = self.dir.path().join("home");
        let mut c = Command::new(env!("CARGO_BIN_EXE_passerelle"));
        c.arg("--db")
            .arg(self.dir.path().join("base").join("passerelle.db"))
            .arg("--passphrase-file")
            .arg(self.dir.path().join("pass"))
            .args(args)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", err(&out));
        String::from_utf8(out.stdout).unwrap()
    }
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn after<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.split_once(prefix).map(|(_, r)| r.trim()))
        .unwrap_or_else(|| panic!("« {prefix} » not in {text}"))
}

fn team_of_two(folder: &Path) -> (Base, Base) {
    let a = Base::new();
    let b = Base::new();
    let f = folder.to_str().unwrap();
    let out = a.ok(&[
        "team", "create", "--folder", f, "--prenom", "Claire", "--nom", "Vidal",
    ]);
    assert!(out.contains("Équipe créée"), "{out}");
    let out = b.ok(&[
        "team", "join", "--folder", f, "--prenom", "Malik", "--nom", "Haddad",
    ]);
    let fingerprint = after(
        &out,
        "Empreinte de ce poste (à lire au téléphone à la coordination) :",
    );
    let card = fs::read_dir(folder.join("cards"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    // A wrong fingerprint is refused; the right one admits.
    let bad = a.run(&[
        "team",
        "admit",
        card.to_str().unwrap(),
        "--fingerprint",
        "0000",
    ]);
    assert!(!bad.status.success());
    assert!(err(&bad).contains("ne correspond pas"), "{}", err(&bad));
    let out = a.ok(&[
        "team",
        "admit",
        card.to_str().unwrap(),
        "--fingerprint",
        fingerprint,
    ]);
    assert!(out.contains("Malik Haddad"), "{out}");
    assert!(out.contains("version 2"), "{out}");
    (a, b)
}

#[test]
fn create_join_admit_sync_and_status() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Equipe");
    fs::create_dir_all(&folder).unwrap();
    let (a, b) = team_of_two(&folder);
    a.ok(&["demo", "--households", "3"]);
    let out = a.ok(&["team", "status"]);
    assert!(out.contains("pas encore publiée"), "{out}");
    let out = a.ok(&["team", "sync"]);
    assert!(out.contains("Publié : paquet n° 1"), "{out}");
    let out = b.ok(&["team", "sync"]);
    assert!(out.contains("\n1 paquet appliqué."), "{out}");
    let households = b.ok(&["households"]);
    assert_eq!(households.lines().count(), 4, "header + 3: {households}");
    let out = b.ok(&["team", "status"]);
    assert!(out.contains("Équipe : à jour"), "{out}");
    assert!(out.contains("Claire Vidal"), "{out}");
    assert!(
        out.contains("dernière synchronisation à l'instant"),
        "{out}"
    );
    // Revocation by the coordinator, refused to a member.
    let refused = b.run(&["team", "revoke", "Claire Vidal"]);
    assert!(!refused.status.success());
    assert!(err(&refused).contains("Seul le poste qui a créé l'équipe"));
    let out = a.ok(&["team", "revoke", "Malik Haddad"]);
    assert!(out.contains("révoqué·e"), "{out}");
    // The folder gone: a clear message, exit code non-zero, nothing lost.
    fs::rename(&folder, shared.path().join("ailleurs")).unwrap();
    let gone = a.run(&["team", "sync"]);
    assert!(!gone.status.success());
    assert!(
        err(&gone).contains("Le dossier d'équipe est introuvable"),
        "{}",
        err(&gone)
    );
}

/// kill -9 of `team sync` while it publishes, many times at different moments: every
/// file under a final name is a whole packet (the other base applies them all, none is
/// held as incomplete), and a later run publishes what was not.
#[test]
fn kill_during_publish_leaves_no_half_packet() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Equipe");
    fs::create_dir_all(&folder).unwrap();
    let (a, b) = team_of_two(&folder);
    for round in 0..6u64 {
        a.ok(&["demo", "--households", "40", "--seed", &round.to_string()]);
        let mut child = a.command(&["team", "sync"]).spawn().unwrap();
        // Unlocking takes a moment; the publication comes after it.
        std::thread::sleep(Duration::from_millis(500 + 400 * round));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
    }
    a.ok(&["team", "sync"]);
    let log = folder.join("log");
    let names: Vec<PathBuf> = fs::read_dir(&log)
        .unwrap()
        .flat_map(|d| fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    let finals = names
        .iter()
        .filter(|p| !p.file_name().unwrap().to_str().unwrap().starts_with('.'))
        .count();
    assert!(finals >= 1);
    let out = b.ok(&["team", "sync"]);
    assert!(
        !out.contains("En attente"),
        "a half packet under a final name: {out}"
    );
    assert!(
        out.contains(&format!(
            "\n{}.",
            passerelle::domain::text::count(finals, "paquet appliqué", "paquets appliqués")
        )),
        "{out}"
    );
    // Everything A has reached B.
    assert_eq!(a.ok(&["households"]), b.ok(&["households"]));
}

/// kill -9 of `team sync` while it applies the other device's packets, at different
/// moments: the next run continues, and in the end the base holds what the other has,
/// nothing twice.
#[test]
fn kill_during_apply_then_the_next_run_continues() {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("Equipe");
    fs::create_dir_all(&folder).unwrap();
    let (a, b) = team_of_two(&folder);
    for round in 0..5u64 {
        a.ok(&["demo", "--households", "30", "--seed", &round.to_string()]);
        a.ok(&["team", "sync"]);
    }
    for round in 0..5u64 {
        let mut child = b.command(&["team", "sync"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(500 + 300 * round));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
    }
    let out = b.ok(&["team", "sync"]);
    assert!(!out.contains("En attente"), "{out}");
    assert!(!out.contains("Refusé"), "{out}");
    assert_eq!(a.ok(&["households"]), b.ok(&["households"]));
    let again = b.ok(&["team", "sync"]);
    assert!(again.contains("\n0 paquet appliqué."), "{again}");
}

/// From a terminal, a base with nobody named is told which options name the worker, and
/// nothing is written to the folder.
#[test]
fn create_without_a_name_says_which_options_and_writes_nothing() {
    let a = Base::new();
    let folder = tempfile::tempdir().unwrap();
    let f = folder.path();
    let out = a.run(&["team", "create", "--folder", f.to_str().unwrap()]);
    assert!(!out.status.success());
    let e = err(&out);
    assert!(e.contains("--prenom") && e.contains("--nom"), "{e}");
    assert!(
        !f.join("team.json").exists(),
        "nothing written to the folder"
    );
    // Named, the same command creates the team.
    let out = a.ok(&[
        "team",
        "create",
        "--folder",
        f.to_str().unwrap(),
        "--prenom",
        "Claire",
        "--nom",
        "Vidal",
    ]);
    assert!(out.contains("Équipe créée"), "{out}");
}
