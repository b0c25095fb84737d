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
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();

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

    // The ids come from the « households » listing, as a script would get them.
    let listed = paris.ok(&["households", "--format", "csv"]);
    let mut lines = listed.lines();
    assert_eq!(lines.next(), Some("id,nom,etape,referent"));
    let households: Vec<String> = lines
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    let mut expected: Vec<String> = paris
        .store()
        .list::<Household>()
        .unwrap()
        .iter()
        .map(|h| h.id.to_string())
        .collect();
    let mut got = households.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let json: serde_json::Value =
        serde_json::from_str(&paris.ok(&["households", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), households.len());
    assert!(json[0]["nom"].is_string() && json[0]["etape"].is_string());
    // The role comes from the pinned card: another one is refused.
    let out = paris.run(&[
        "export",
        "--to",
        "Service Aurillac",
        "--role",
        "employeur",
        "-o",
        &p("autre.age"),
        "--household",
        &households[0],
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("épinglé comme"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A one-character packet passphrase is refused.
    std::fs::write(p("court.txt"), "x\n").unwrap();
    let out = paris.run(&[
        "export",
        "--role",
        "accompagnement",
        "--packet-passphrase-file",
        &p("court.txt"),
        "-o",
        &p("court.age"),
        "--household",
        &households[0],
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("trop courte"));
    assert!(!Path::new(&p("court.age")).exists());
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

    // The access log records the command's unlock (issue 14): compare everything else.
    let before = aurillac.store().content_fingerprint().unwrap();
    let dry = aurillac.ok(&["import", &out_file, "--dry-run"]);
    assert!(dry.contains("Simulation"), "{dry}");
    assert!(dry.contains("Nouvelle — Ménages"), "{dry}");
    assert_eq!(
        aurillac.store().content_fingerprint().unwrap(),
        before,
        "dry run wrote"
    );

    // Aurillac's key, for `age -d -i` (owner-only file).
    let key = p("ma-cle-age.txt");
    let said = aurillac.ok(&["export-age-key", "-o", &key]);
    assert!(said.contains("Clé secrète écrite"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .lines()
            .any(|l| l.starts_with("AGE-SECRET-KEY-1"))
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

    // Revoked: Aurillac refuses Paris's later packets, with the date.
    let revoked = aurillac.ok(&["revoke-partner", "Samu social de Paris"]);
    assert!(revoked.contains("est révoqué"), "{revoked}");
    let later = p("apres.age");
    paris.ok(&[
        "export",
        "--to",
        "Service Aurillac",
        "-o",
        &later,
        "--household",
        &households[0],
    ]);
    let out = aurillac.run(&["import", &later]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a été révoqué le"), "{err}");
}
