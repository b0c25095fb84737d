//! Case packets through the command line, between two installations on this machine:
//! `contact-card`, `add-partner`, `export`, `import --dry-run`, `import`, replay.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::model::Household;
use passerelle::store::{KdfParams, Store, StorePaths};

const PASS: &str = "une phrase de passe de test";

struct Install {
    db: PathBuf,
    pass: PathBuf,
    home: PathBuf,
}

impl Install {
    fn new(dir: &Path, name: &str, demo: usize) -> Install {
        let db = dir.join(name).join("p.db");
        let paths = StorePaths::beside(&db);
        let (mut store, _) = Store::create(&paths, PASS, KdfParams::FLOOR).unwrap();
        if demo > 0 {
            fill(
                &mut store,
                &DemoOptions {
                    households: demo,
                    seed: 5,
                },
            )
            .unwrap();
        }
        let pass = dir.join(format!("{name}.pass"));
        std::fs::write(&pass, format!("{PASS}\n")).unwrap();
        Install {
            db,
            pass,
            home: dir.join(format!("{name}-home")),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--db")
            .arg(&self.db)
            .arg("--passphrase-file")
            .arg(&self.pass)
            .args(args)
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8_lossy(&out.stderr)
    }

    fn store(&self) -> Store {
        Store::unlock(&StorePaths::beside(&self.db), PASS).unwrap()
    }
}

#[test]
fn two_installations_exchange_cards_and_a_packet_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let paris = Install::new(dir.path(), "paris", 3);
    let aurillac = Install::new(dir.path(), "aurillac", 0);
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    // Without an organisation name the first time: a clear refusal.
    let out = paris.run(&["contact-card"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("organisation"));

    let text = paris.ok(&[
        "contact-card",
        "--organisation",
        "Samu social de Paris",
        "-o",
        &p("paris.card"),
    ]);
    assert!(text.contains("Empreinte"));
    aurillac.ok(&[
        "contact-card",
        "--organisation",
        "Service Aurillac",
        "-o",
        &p("aurillac.card"),
    ]);
    let added = paris.ok(&[
        "add-partner",
        &p("aurillac.card"),
        "--role",
        "accompagnement",
    ]);
    assert!(
        added.contains("Partenaire ajouté : Service Aurillac"),
        "{added}"
    );
    assert!(added.contains("Empreinte"));
    aurillac.ok(&["add-partner", &p("paris.card"), "--role", "accompagnement"]);

    let households: Vec<String> = paris
        .store()
        .list::<Household>()
        .unwrap()
        .iter()
        .map(|h| h.id.to_string())
        .collect();
    let mut args = vec![
        "export",
        "--to",
        "Service Aurillac",
        "--role",
        "accompagnement",
        "-o",
    ];
    let out_file = p("paquet.age");
    args.push(&out_file);
    args.push("--household");
    for h in &households {
        args.push(h);
    }
    let written = paris.ok(&args);
    assert!(written.contains("Paquet écrit"), "{written}");

    let before = aurillac.store().fingerprint().unwrap();
    let dry = aurillac.ok(&["import", &out_file, "--dry-run"]);
    assert!(dry.contains("Simulation"), "{dry}");
    assert!(dry.contains("Nouvelle — Ménages"), "{dry}");
    assert_eq!(
        aurillac.store().fingerprint().unwrap(),
        before,
        "dry run wrote"
    );

    let done = aurillac.ok(&["import", &out_file]);
    assert!(done.contains("Import terminé"), "{done}");
    assert_eq!(aurillac.store().count::<Household>().unwrap(), 3);
    let again = aurillac.ok(&["import", &out_file]);
    assert!(again.contains("déjà été importé"), "{again}");

    // An unknown role and a bad packet: French messages, non-zero exit.
    let out = paris.run(&[
        "export",
        "--to",
        "Service Aurillac",
        "--role",
        "voisin",
        "-o",
        &p("x"),
        "--household",
        &households[0],
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("rôle inconnu"));
    std::fs::write(p("faux.age"), b"pas un paquet").unwrap();
    let out = aurillac.run(&["import", &p("faux.age")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("endommagé"));
}
