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
    // The date of the last backup is kept in the base, for the app's 7-day reminder.
    let store =
        passerelle::store::Store::unlock(&passerelle::store::StorePaths::beside(env.db()), PASS)
            .unwrap();
    assert!(store.last_backup().unwrap().is_some());
    assert_eq!(store.days_without_backup().unwrap(), 0);
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
    let hex = String::from_utf8(out.stdout).unwrap().trim().to_owned();
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

// ----- issue 11: private files, the machine's faults, closed pipes, key rotation --------

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn files_written_by_init_backup_and_exports_are_owner_only() {
    let env = Env::new();
    env.init();
    assert_eq!(mode(env.db().parent().unwrap()), 0o700);
    assert_eq!(mode(&env.db()), 0o600);
    assert_eq!(mode(&env.dir.path().join("base/passerelle.db.key")), 0o600);
    let dest = env.dir.path().join("copies/sauvegarde.db");
    let out = env.run(&["backup", dest.to_str().unwrap()], &format!("{PASS}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&dest), 0o600);
    assert_eq!(
        mode(&env.dir.path().join("copies/sauvegarde.db.key")),
        0o600
    );
    let csv = env.dir.path().join("liste.csv");
    let out = env.run(
        &[
            "export-sheet",
            "--format",
            "csv",
            "-o",
            csv.to_str().unwrap(),
        ],
        &format!("{PASS}\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&csv), 0o600);
}

/// A small tmpfs of our own (root only: CI runs as root). Unmounted when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts `size_kib` of tmpfs at `dir`; `None` (the test is skipped, and said so) where
    /// mounting is not allowed, unless CI asked for every external check.
    fn mount(dir: &Path, size_kib: u32) -> Option<Tmpfs> {
        fs::create_dir_all(dir).unwrap();
        let mounted = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size_kib}k,mode=0700"),
                "tmpfs",
            ])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            assert!(
                std::env::var_os("PASSERELLE_REQUIRE_EXTERNAL").is_none(),
                "mount -t tmpfs is needed for the full-disk and read-only tests"
            );
            eprintln!("test ignoré : impossible de monter un tmpfs ici (pas root ?)");
            return None;
        }
        Some(Tmpfs {
            dir: dir.to_path_buf(),
        })
    }

    fn remount_read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Fills the file system, leaving about `free_kib`.
    fn fill_leaving(&self, free_kib: u64) {
        let out = Command::new("df")
            .args(["-k", "--output=avail"])
            .arg(&self.dir)
            .output()
            .unwrap();
        let avail: u64 = String::from_utf8_lossy(&out.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let fill = avail.saturating_sub(free_kib) as usize * 1024;
        fs::write(self.dir.join("remplissage"), vec![0u8; fill]).unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Runs the CLI on the base at `db`.
fn run_on(env: &Env, db: &Path, args: &[&str]) -> Output {
    let pf = env.pass_file(PASS);
    let mut all = vec![
        "--db",
        db.to_str().unwrap(),
        "--passphrase-file",
        pf.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let out = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(&all)
        .env("HOME", env.dir.path().join("home"))
        .env("XDG_DATA_HOME", env.dir.path().join("home/data"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("home/config"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        !stderr(&out).contains("panicked") && !stderr(&out).contains("RUST_BACKTRACE"),
        "{}",
        stderr(&out)
    );
    out
}

#[test]
fn a_full_disk_is_named_and_leaves_nothing_behind() {
    let env = Env::new();
    // Too small for a new base: init fails cleanly, no `.creating`, no lone key file.
    let Some(tiny) = Tmpfs::mount(&env.dir.path().join("petit"), 64) else {
        return;
    };
    let db = tiny.dir.join("passerelle.db");
    let out = run_on(&env, &db, &["init"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Le disque est plein"),
        "{}",
        stderr(&out)
    );
    let left: Vec<_> = fs::read_dir(&tiny.dir).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");

    // A base that fills its disk: demo and backup say so, and the base is intact.
    let Some(disk) = Tmpfs::mount(&env.dir.path().join("disque"), 4096) else {
        return;
    };
    let db = disk.dir.join("passerelle.db");
    assert!(run_on(&env, &db, &["init"]).status.success());
    disk.fill_leaving(8);
    for args in [
        vec!["demo", "--households", "200"],
        vec!["backup", disk.dir.join("copie.db").to_str().unwrap()],
    ] {
        let out = run_on(&env, &db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let text = stderr(&out);
        assert!(text.contains("Le disque est plein"), "{args:?}: {text}");
        assert!(!text.contains("endommagée"), "{args:?}: {text}");
    }
    assert!(!disk.dir.join("copie.db").exists());
    assert!(!disk.dir.join("copie.db.partial").exists());
    fs::remove_file(disk.dir.join("remplissage")).unwrap();
    let out = run_on(&env, &db, &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_read_only_folder_is_named_and_nothing_is_written() {
    let env = Env::new();
    let Some(disk) = Tmpfs::mount(&env.dir.path().join("usb"), 4096) else {
        return;
    };
    let db = disk.dir.join("passerelle.db");
    assert!(run_on(&env, &db, &["init"]).status.success());
    let before = files(&disk.dir);
    disk.remount_read_only();
    let csv = env.dir.path().join("liste.csv");
    for args in [
        vec!["check"],
        vec!["demo", "--households", "3"],
        vec!["export-sheet", "-o", csv.to_str().unwrap()],
        vec!["backup", disk.dir.join("copie.db").to_str().unwrap()],
    ] {
        let out = run_on(&env, &db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let text = stderr(&out);
        assert!(text.contains("lecture seule"), "{args:?}: {text}");
        assert!(!text.contains("endommagée"), "{args:?}: {text}");
    }
    assert_eq!(before, files(&disk.dir));
}

#[test]
fn a_reader_that_goes_away_ends_the_program_quietly() {
    let env = Env::new();
    env.init();
    let pf = env.pass_file(PASS);
    let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(env.db())
        .args(["--passphrase-file", pf.to_str().unwrap(), "check"])
        .env("XDG_DATA_HOME", env.dir.path().join("home/data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -0`: the reading end is closed before anything is printed.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn rekey_prints_a_new_recovery_key_and_the_old_one_stops_working() {
    let env = Env::new();
    let old = env.init();
    let pf = env.pass_file(PASS);
    let out = env.run(&["--passphrase-file", pf.to_str().unwrap(), "rekey"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let new = String::from_utf8(out.stdout).unwrap();
    assert_eq!(new.lines().count(), 1);
    assert_ne!(new.trim(), old.trim());
    let out = env.run(&["check"], &format!("{PASS}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let new_pass = "encore une autre phrase";
    let out = env.run(&["recover"], &format!("{}\n{new_pass}\n", old.trim()));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let out = env.run(&["recover"], &format!("{}\n{new_pass}\n", new.trim()));
    assert!(out.status.success(), "{}", stderr(&out));
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
