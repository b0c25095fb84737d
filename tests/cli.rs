//! The command line, run as a real process: `init`, `check`, `backup`, `recover`.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PASS: &str = "une phrase de passe de test";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("base").join("passerelle.db")
    }

    fn pass_file(&self, pass: &str) -> PathBuf {
        let p = self.dir.path().join(format!("pass-{}", pass.len()));
        fs::write(&p, format!("{pass}\n")).unwrap();
        p
    }

    /// Runs the binary with `--db` and the XDG directories inside the temp dir, so a test
    /// can never touch the real data directory.
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let home = self.dir.path().join("home");
        let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn init(&self) -> String {
        let pf = self.pass_file(PASS);
        let out = self.run(&["--passphrase-file", pf.to_str().unwrap(), "init"], "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), fs::read(p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn init_prints_the_recovery_key_alone_on_stdout() {
    let env = Env::new();
    let stdout = env.init();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "stdout must hold only the recovery key: {stdout:?}"
    );
    let groups: Vec<&str> = lines[0].split('-').collect();
    assert_eq!(groups.len(), 14);
    assert!(
        groups
            .iter()
            .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric()))
    );
    assert!(env.db().exists());
    // A second init refuses and leaves everything alone.
    let before = files(env.db().parent().unwrap());
    let pf = env.pass_file(PASS);
    let out = env.run(&["--passphrase-file", pf.to_str().unwrap(), "init"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("existe déjà"), "{}", stderr(&out));
    assert_eq!(before, files(env.db().parent().unwrap()));
}

#[test]
fn short_passphrase_is_refused_by_init() {
    let env = Env::new();
    let out = env.run(&["init"], "court\n");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("au moins 12 caractères"));
    assert!(!env.db().exists());
}

#[test]
fn check_reads_the_passphrase_from_stdin_and_wrong_one_exits_3() {
    let env = Env::new();
    env.init();
    let out = env.run(&["check"], &format!("{PASS}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Base intègre"));

    let before = files(env.db().parent().unwrap());
    let out = env.run(&["check"], "mauvaise phrase de passe\n");
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("Phrase de passe incorrecte"));
    assert_eq!(
        before,
        files(env.db().parent().unwrap()),
        "a wrong passphrase modifies nothing"
    );
}

#[test]
fn check_without_database_says_to_run_init() {
    let env = Env::new();
    let out = env.run(&["check"], &format!("{PASS}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("passerelle init"));
    assert!(!env.db().exists(), "check never creates a database");
}

#[test]
fn backup_writes_an_encrypted_copy_and_its_key_file() {
    let env = Env::new();
    env.init();
    let dest = env.dir.path().join("sauvegarde.db");
    let out = env.run(&["backup", dest.to_str().unwrap()], &format!("{PASS}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = fs::read(&dest).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(env.dir.path().join("sauvegarde.db.key").exists());
}

#[test]
fn recover_sets_a_new_passphrase_from_the_recovery_key() {
    let env = Env::new();
    let recovery = env.init();
    let out = env.run(
        &["recover"],
        &format!("{}\nnouvelle phrase de passe\n", recovery.trim()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        env.run(&["check"], &format!("{PASS}\n")).status.code(),
        Some(3)
    );
    assert!(
        env.run(&["check"], "nouvelle phrase de passe\n")
            .status
            .success()
    );
    // A miscopied recovery key is caught by its checksum.
    let mut bad: Vec<char> = recovery.trim().chars().collect();
    bad[0] = if bad[0] == 'A' { 'B' } else { 'A' };
    let bad: String = bad.into_iter().collect();
    let out = env.run(&["recover"], &format!("{bad}\nencore une autre phrase\n"));
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("Clé de secours"));
}

/// The data outlives the app: PyPI's `sqlcipher3` (an SQLCipher 4 client that shares no
/// code path with the store) opens the database with the raw key printed by
/// `recover --print-raw-key`. Required in CI (`PASSERELLE_REQUIRE_EXTERNAL=1`, which the
/// test script sets after installing the client); skipped with a message elsewhere.
#[test]
fn independent_sqlcipher_client_opens_the_database_with_the_recovery_key() {
    let env = Env::new();
    let recovery = env.init();
    let out = env.run(&["recover", "--print-raw-key"], &recovery);
    assert!(out.status.success(), "{}", stderr(&out));
    let hex = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(hex.len(), 64);
    let has_client = Command::new("python3")
        .args(["-c", "import sqlcipher3"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_client {
        assert!(
            std::env::var_os("PASSERELLE_REQUIRE_EXTERNAL").is_none(),
            "sqlcipher3 (PyPI sqlcipher3-binary) is required here but not installed"
        );
        eprintln!("SKIPPED: python3 sqlcipher3 not installed (run the README's test command)");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/read_with_sqlcipher.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(env.db())
        .arg(&hex)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("tables:") && text.contains("meta") && text.contains("site_id: "),
        "{text}"
    );
    // And a wrong key does not open it.
    let wrong = "00".repeat(32);
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/read_with_sqlcipher.py"))
        .arg(env.db())
        .arg(wrong)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// `--version` names the exact build: version, commit (the one checked out, as build.rs saw
/// it) and the SQLCipher library linked in; it touches no base.
#[test]
fn version_names_the_commit_and_the_sqlcipher_library() {
    let env = Env::new();
    let out = env.run(&["--version"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        format!("passerelle {}", env!("CARGO_PKG_VERSION")),
        "{text}"
    );
    let commit = lines[1].strip_prefix("commit : ").expect(&text);
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_owned());
    match head {
        Some(head) => assert_eq!(commit, head, "{text}"),
        None => assert_eq!(commit, "inconnu", "{text}"),
    }
    let cipher = lines[2].strip_prefix("SQLCipher : ").expect(&text);
    assert!(cipher.starts_with("4."), "{text}");
    assert!(!env.db().exists() && !env.db().parent().unwrap().exists());
    // `-V` is the same.
    let short = env.run(&["-V"], "");
    assert_eq!(String::from_utf8(short.stdout).unwrap(), text);
}
