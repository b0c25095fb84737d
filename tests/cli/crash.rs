//! kill -9 in the middle of a stream of committed writes, at random moments: every write
//! the child reported as committed is there afterwards, and both integrity checks pass.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use passerelle::store::{KdfParams, Store, StorePaths};
use rand::Rng;

const PASS: &str = "phrase de passe du test de crash";
const CHILD_ENV: &str = "PASSERELLE_CRASH_CHILD_DB";

/// Not a test on its own: the body of the child process, which writes until killed.
#[test]
#[ignore = "child process of the crash tests, started by them with --ignored"]
fn crash_child_writer() {
    let Ok(db) = std::env::var(CHILD_ENV) else {
        return;
    };
    let paths = StorePaths::beside(db);
    let mut store = Store::unlock(&paths, PASS).expect("unlock in child");
    let start = store
        .audit_entries(usize::MAX >> 1)
        .unwrap()
        .iter()
        .filter(|e| e.2 == "crash")
        .count() as u64;
    for i in start.. {
        store
            .write(|tx| {
                tx.audit("crash", &format!("ligne {i}"))?;
                tx.audit("crash-pair", &format!("ligne {i}"))
            })
            .expect("write in child");
        // Printed only after the commit returned: the parent counts on it.
        println!("committed {i}");
    }
}

#[test]
fn sigkill_during_writes_loses_no_committed_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let paths = StorePaths::beside(&db);
    drop(Store::create(&paths, PASS, KdfParams::FLOOR).unwrap());
    let exe = std::env::current_exe().unwrap();
    let mut rng = rand::rng();
    let mut highest_committed: Option<u64> = None;
    for round in 0..5 {
        let mut child = Command::new(&exe)
            .args(child_args("crash_child_writer"))
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::Builder::new()
            .name("crash-child-stdout".into())
            .spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if let Some(n) = line.strip_prefix("committed ") {
                        let _ = tx.send(n.parse::<u64>().unwrap());
                    }
                }
            })
            .unwrap();
        // Wait for the first commit, then kill at a random moment of the stream.
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("child never committed");
        let delay = Duration::from_millis(rng.random_range(5..300));
        let started = Instant::now();
        while started.elapsed() < delay {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        let mut last = first;
        while let Ok(n) = rx.try_recv() {
            last = n;
        }
        highest_committed = Some(last);

        let store = Store::unlock(&paths, PASS).unwrap();
        let entries = store.audit_entries(usize::MAX >> 1).unwrap();
        let rows = |action: &str| {
            entries
                .iter()
                .filter(|e| e.2 == action)
                .map(|e| e.3.clone())
                .collect::<std::collections::HashSet<_>>()
        };
        let (rows, pairs) = (rows("crash"), rows("crash-pair"));
        for i in 0..=last {
            assert!(
                rows.contains(&format!("ligne {i}")),
                "round {round}: row {i} lost"
            );
        }
        // Atomicity: each transaction wrote two rows; never one without the other.
        assert_eq!(rows, pairs, "round {round}: a transaction was half applied");
        assert!(store.check().unwrap().ok);
    }
    assert!(highest_committed.unwrap() > 0);
}

const PASS_A: &str = "première phrase de passe";
const PASS_B: &str = "seconde phrase de passe";
const CHANGE_ENV: &str = "PASSERELLE_CRASH_CHANGE_DB";
const BACKUP_ENV: &str = "PASSERELLE_CRASH_BACKUP_DB";

/// Child body: changes the passphrase back and forth until killed.
#[test]
#[ignore = "child process of the crash tests, started by them with --ignored"]
fn crash_child_passphrase_changer() {
    let Ok(db) = std::env::var(CHANGE_ENV) else {
        return;
    };
    let paths = StorePaths::beside(db);
    let (store, mut current) = match Store::unlock(&paths, PASS_A) {
        Ok(s) => (s, PASS_A),
        Err(_) => (
            Store::unlock(&paths, PASS_B).expect("unlock in child"),
            PASS_B,
        ),
    };
    loop {
        let next = if current == PASS_A { PASS_B } else { PASS_A };
        store
            .change_passphrase(current, next, KdfParams::FLOOR)
            .expect("change");
        println!("changed");
        current = next;
    }
}

/// Child body: writes backups `copie-N.db` until killed.
#[test]
#[ignore = "child process of the crash tests, started by them with --ignored"]
fn crash_child_backup_writer() {
    let Ok(db) = std::env::var(BACKUP_ENV) else {
        return;
    };
    let paths = StorePaths::beside(&db);
    let store = Store::unlock(&paths, PASS).expect("unlock in child");
    let dir = std::path::Path::new(&db).parent().unwrap().join("copies");
    // Names unique across rounds: a killed round leaves its files behind.
    let round = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    for i in 0.. {
        store
            .backup(&dir.join(format!("copie-{round}-{i}.db")))
            .expect("backup");
        println!("backup {i}");
    }
}

/// The arguments that make this test binary run only the child test `name` (a function of
/// this module): its full path in the binary, and `--ignored` because the children are
/// ignored so that they never count as tests that passed.
fn child_args(name: &str) -> [String; 5] {
    // `module_path!()` is « crate::crash »; the harness names tests without the crate.
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    [
        "--exact".to_owned(),
        format!("{module}::{name}"),
        "--ignored".to_owned(),
        "--nocapture".to_owned(),
        "--test-threads=1".to_owned(),
    ]
}

/// Spawns this test binary running `child_test` with `env=db`, waits for its first line,
/// lets it run a random while, and kills it with SIGKILL.
fn run_and_kill(child_test: &str, env: &str, db: &std::path::Path, max_delay_ms: u64) {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(&exe)
        .args(child_args(child_test))
        .env(env, db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::Builder::new()
        .name("crash-child-stdout".into())
        .spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("changed")
                    || line.starts_with("backup ")
                    || line.starts_with("rekeyed")
                {
                    let _ = tx.send(());
                }
            }
        })
        .unwrap();
    rx.recv_timeout(Duration::from_secs(60))
        .expect("child made no progress");
    std::thread::sleep(Duration::from_millis(
        rand::rng().random_range(1..max_delay_ms),
    ));
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
}

#[test]
fn sigkill_during_passphrase_change_leaves_exactly_one_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("change.db");
    let paths = StorePaths::beside(&db);
    drop(Store::create(&paths, PASS_A, KdfParams::FLOOR).unwrap());
    for round in 0..4 {
        run_and_kill("crash_child_passphrase_changer", CHANGE_ENV, &db, 700);
        let a = Store::unlock(&paths, PASS_A).is_ok();
        let b = Store::unlock(&paths, PASS_B).is_ok();
        assert!(a ^ b, "round {round}: A works: {a}, B works: {b}");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        // A temporary key file left by the kill is removed by the unlock that follows.
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[test]
fn sigkill_during_backup_leaves_no_half_backup_under_its_final_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("source.db");
    let paths = StorePaths::beside(&db);
    let (mut store, _) = Store::create(&paths, PASS, KdfParams::FLOOR).unwrap();
    for i in 0..200 {
        store
            .set_setting(&format!("k{i}"), &"x".repeat(500))
            .unwrap();
    }
    drop(store);
    for _ in 0..3 {
        run_and_kill("crash_child_backup_writer", BACKUP_ENV, &db, 400);
    }
    let copies = dir.path().join("copies");
    let mut complete = 0;
    for entry in std::fs::read_dir(&copies).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".db") {
            // Every file under a final name is a whole, verified, encrypted backup.
            let copy = Store::unlock(&StorePaths::beside(&path), PASS).unwrap();
            assert!(copy.check().unwrap().ok);
            // Each backup is logged in the source's access log after it is verified, so
            // backups differ by those entries: compare the data, and the log's chain.
            for i in 0..200 {
                assert_eq!(
                    copy.setting(&format!("k{i}")).unwrap().as_deref(),
                    Some("x".repeat(500).as_str()),
                    "{name}"
                );
            }
            assert!(
                copy.verify_audit_chain().unwrap().broken.is_none(),
                "{name}"
            );
            complete += 1;
        }
    }
    assert!(complete >= 1);
}

const REKEY_ENV: &str = "PASSERELLE_CRASH_REKEY_DB";

/// Child body: rotates the data key again and again until killed.
#[test]
#[ignore = "child process of the crash tests, started by them with --ignored"]
fn crash_child_rekeyer() {
    let Ok(db) = std::env::var(REKEY_ENV) else {
        return;
    };
    let paths = StorePaths::beside(db);
    let mut store = Store::unlock(&paths, PASS).expect("unlock in child");
    loop {
        let rotation = store.rotate_key(PASS, KdfParams::FLOOR);
        rotation.result.expect("rotation");
        store = rotation.store.expect("store back");
        println!("rekeyed");
    }
}

#[test]
fn sigkill_during_key_rotation_leaves_one_key_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rekey.db");
    let paths = StorePaths::beside(&db);
    let (mut store, _) = Store::create(&paths, PASS, KdfParams::FLOOR).unwrap();
    for i in 0..200 {
        store
            .set_setting(&format!("k{i}"), &"x".repeat(500))
            .unwrap();
    }
    drop(store);
    for round in 0..5 {
        run_and_kill("crash_child_rekeyer", REKEY_ENV, &db, 2500);
        // The passphrase always opens the base (finishing an interrupted swap if needed),
        // with every row, and the page-by-page check passes.
        let store = Store::unlock(&paths, PASS).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(store.check().unwrap().ok, "round {round}");
        for i in [0, 99, 199] {
            assert_eq!(
                store.setting(&format!("k{i}")).unwrap().map(|v| v.len()),
                Some(500),
                "round {round}"
            );
        }
        drop(store);
        // Whatever the kill left beside the base was removed or used by the unlock.
        let leftovers: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".db.rekey") || n.ends_with(".next") || n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}
