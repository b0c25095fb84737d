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
        .filter(|e| e.1 == "crash")
        .count() as u64;
    for i in start.. {
        store
            .write(|tx| {
                tx.audit("crash", "écriture", &format!("ligne {i}"))?;
                tx.audit("crash-pair", "écriture", &format!("ligne {i}"))
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
            .args([
                "--exact",
                "crash_child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("committed ") {
                    let _ = tx.send(n.parse::<u64>().unwrap());
                }
            }
        });
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
        let rows = |actor: &str| {
            entries
                .iter()
                .filter(|e| e.1 == actor)
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
