#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Team sync (issue 15) through the shared folder, the sync engine played by the test:
//! each device has its own replica of the folder and the test copies files between them,
//! out of order, twice, truncated first, as conflict copies, late. After every file has
//! travelled the bases hold the same records; nothing is applied twice; nothing from a
//! revoked or unknown device is applied.

use std::path::{Path, PathBuf};

use chrono::Utc;
use passerelle::domain::model::{Case, Household, HousingSituation, Note, StageEvent};
use passerelle::domain::programme::DEFAULT_PROGRAMME_ID;
use passerelle::domain::worker::Worker;
use passerelle::store::board::NewCase;
use passerelle::store::{KdfParams, Store, StorePaths};
use passerelle::team::{self, TeamError};
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

const PASSPHRASE: &str = "le chat dort sur le toit";

struct Dev {
    _dir: tempfile::TempDir,
    store: Store,
    replica: PathBuf,
}

fn dev(first: &str, last: &str) -> Dev {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("base").join("passerelle.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    store
        .set_current_worker(&Worker {
            id: Uuid::new_v4(),
            first_name: first.into(),
            last_name: last.into(),
            structure: "Association Toit".into(),
            device: None,
        })
        .unwrap();
    let replica = dir.path().join("Equipe");
    std::fs::create_dir_all(&replica).unwrap();
    Dev {
        _dir: dir,
        store,
        replica,
    }
}

/// Every file under `root`, as paths relative to it.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The engine copies one file as it should: a temporary name, then a rename.
fn travel(from: &Path, to: &Path, rel: &Path) {
    let target = to.join(rel);
    let data = std::fs::read(from.join(rel)).unwrap();
    if std::fs::read(&target).ok().as_deref() == Some(&data[..]) {
        return;
    }
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let name = rel.file_name().unwrap().to_str().unwrap();
    let tmp = target.with_file_name(format!(".syncthing.{name}.tmp"));
    std::fs::write(&tmp, &data).unwrap();
    std::fs::rename(&tmp, &target).unwrap();
}

/// Every file of every replica reaches every other one.
fn settle(devs: &[&Dev]) {
    for a in devs {
        for rel in files(&a.replica) {
            for b in devs {
                if a.replica != b.replica && !b.replica.join(&rel).exists() {
                    travel(&a.replica, &b.replica, &rel);
                } else if a.replica != b.replica && rel.starts_with("ack") {
                    // An acknowledgement is rewritten by its device: the newer one wins.
                    let at =
                        |r: &Path| std::fs::metadata(r.join(&rel)).unwrap().modified().unwrap();
                    if at(&a.replica) > at(&b.replica) {
                        travel(&a.replica, &b.replica, &rel);
                    }
                }
            }
        }
    }
}

/// A team of three: A coordinates, B and C join and are admitted.
fn team_of_three() -> (Dev, Dev, Dev) {
    let mut a = dev("Claire", "Vidal");
    let mut b = dev("Malik", "Haddad");
    let mut c = dev("Samira", "Benali");
    team::create(&mut a.store, &a.replica).unwrap();
    settle(&[&a, &b, &c]);
    let (team_b, card_b) = team::join(&mut b.store, &b.replica).unwrap();
    let (_, card_c) = team::join(&mut c.store, &c.replica).unwrap();
    let team_a = a.store.team_config().unwrap().unwrap();
    assert_eq!(team_b.team, team_a.team_id);
    settle(&[&a, &b, &c]);
    // The coordinator compares the fingerprint read over the phone.
    let seen = team::preview_card(&a.store, &card_b.device.to_string()).unwrap();
    assert_eq!(seen.fingerprint, card_b.fingerprint);
    team::admit(&mut a.store, &card_b.device.to_string()).unwrap();
    team::admit(&mut a.store, &card_c.device.to_string()).unwrap();
    settle(&[&a, &b, &c]);
    for d in [&mut b, &mut c] {
        assert_eq!(team::refresh_roster(&mut d.store).unwrap(), 3);
    }
    (a, b, c)
}

fn new_household(store: &mut Store, label: &str) -> Uuid {
    store
        .create_case(&NewCase {
            household_label: label.into(),
            commune: "Aurillac".into(),
            housing_situation: HousingSituation::Heberge,
            programme_id: DEFAULT_PROGRAMME_ID,
            origin: "SIAO".into(),
            referent: String::new(),
        })
        .unwrap()
        .household_id
}

fn rename(store: &mut Store, id: Uuid, label: &str) {
    let mut h: Household = store.get(id).unwrap();
    h.label = label.into();
    store.write(|tx| tx.put(&h).map(|_| ())).unwrap();
}

fn note(store: &mut Store, household: Uuid, text: &str) {
    let n = Note {
        id: Uuid::new_v4(),
        household_id: household,
        author: "x".into(),
        at: Utc::now(),
        text: text.into(),
        corrects: None,
    };
    store.write(|tx| tx.put(&n).map(|_| ())).unwrap();
}

/// What must be equal on every base.
fn snapshot(store: &Store) -> String {
    let mut h: Vec<(Uuid, String, String)> = store
        .list::<Household>()
        .unwrap()
        .into_iter()
        .map(|h| (h.id, h.label, h.referent))
        .collect();
    h.sort();
    let mut n: Vec<(Uuid, String)> = store
        .list::<Note>()
        .unwrap()
        .into_iter()
        .map(|n| (n.id, n.text))
        .collect();
    n.sort();
    let mut c: Vec<Uuid> = store.list::<Case>().unwrap().iter().map(|c| c.id).collect();
    c.sort();
    let mut e: Vec<(Uuid, String)> = store
        .list::<StageEvent>()
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.by))
        .collect();
    e.sort();
    format!("{h:?}\n{n:?}\n{c:?}\n{e:?}")
}

#[test]
fn a_household_made_in_a_reaches_b_and_an_edit_in_b_comes_back() {
    let (mut a, mut b, c) = team_of_three();
    let id = new_household(&mut a.store, "Famille Equipe");
    let published = team::sync(&mut a.store).unwrap().published.unwrap();
    assert_eq!(published.seq, 1);
    assert!(published.records >= 3, "household, case, first stage event");
    #[cfg(unix)]
    {
        // The folders we create in the shared folder are owner-only, like our files.
        use std::os::unix::fs::PermissionsExt;
        for sub in ["log", "roster"] {
            let mode = std::fs::metadata(a.replica.join(sub))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "{sub}/ is open to others: {mode:o}");
        }
    }
    // Nothing new: no second packet (one per sync window, none when idle).
    assert!(team::sync(&mut a.store).unwrap().published.is_none());
    settle(&[&a, &b, &c]);
    let report = team::sync(&mut b.store).unwrap();
    assert_eq!(report.applied.applied.len(), 1);
    let h: Household = b.store.get(id).unwrap();
    assert_eq!(h.label, "Famille Equipe");
    // The history names the worker who created it on A.
    let events = b.store.list::<StageEvent>().unwrap();
    assert!(events.iter().any(|e| e.by == "Claire Vidal"));
    rename(&mut b.store, id, "Famille Equipe-Modifiee");
    team::sync(&mut b.store).unwrap();
    settle(&[&a, &b, &c]);
    team::sync(&mut a.store).unwrap();
    let h: Household = a.store.get(id).unwrap();
    assert_eq!(h.label, "Famille Equipe-Modifiee");
    // Applying again changes nothing and applies nothing twice.
    let again = team::sync(&mut a.store).unwrap();
    assert!(again.applied.applied.is_empty());
    let status = team::status(&a.store).unwrap().unwrap();
    assert_eq!(status.unpublished, 0);
    assert_eq!(status.members.len(), 3);
    assert!(status.folder_problem.is_none());
}

#[test]
fn a_gap_is_held_two_contents_alert_and_the_folder_missing_is_said() {
    let (mut a, mut b, _c) = team_of_three();
    new_household(&mut a.store, "Famille Un");
    team::sync(&mut a.store).unwrap();
    new_household(&mut a.store, "Famille Deux");
    team::sync(&mut a.store).unwrap();
    let me = a.store.site_id().to_string();
    let one = PathBuf::from("log").join(&me).join("1.age");
    let two = PathBuf::from("log").join(&me).join("2.age");
    // Only n° 2 arrives: held, nothing applied.
    travel(&a.replica, &b.replica, &two);
    let r = team::apply(&mut b.store).unwrap();
    assert!(r.applied.is_empty());
    assert_eq!(r.held, vec![(a.store.site_id(), 1)]);
    // N° 1 arrives truncated (an engine writing in place): still held, no harm.
    let full = std::fs::read(a.replica.join(&one)).unwrap();
    std::fs::write(b.replica.join(&one), &full[..full.len() / 2]).unwrap();
    let r = team::apply(&mut b.store).unwrap();
    assert!(r.applied.is_empty(), "{r:?}");
    // Then whole: both apply, in order.
    std::fs::write(b.replica.join(&one), &full).unwrap();
    let r = team::apply(&mut b.store).unwrap();
    assert_eq!(r.applied.len(), 2);
    assert_eq!(b.store.list::<Household>().unwrap().len(), 2);
    // A second content for n° 1 (a restored laptop): an alert, nothing applied.
    let other = std::fs::read(a.replica.join(&two)).unwrap();
    std::fs::write(b.replica.join(&one), &other).unwrap();
    let r = team::apply(&mut b.store).unwrap();
    assert_eq!(r.alerts.len(), 1, "{r:?}");
    assert!(r.alerts[0].contains("deux contenus"));
    // The folder gone: a clear French message, the base untouched.
    std::fs::rename(&b.replica, b.replica.with_extension("ailleurs")).unwrap();
    let err = team::sync(&mut b.store).unwrap_err();
    assert!(matches!(err, TeamError::FolderMissing(_)), "{err}");
    assert!(err.to_string().contains("Votre travail continue"), "{err}");
    let status = team::status(&b.store).unwrap().unwrap();
    assert!(status.folder_problem.is_some());
}

/// A restored laptop publishes again a number it had already used, with a content of
/// exactly the same size: the hash of what was applied tells them apart.
#[test]
fn a_second_content_of_the_same_size_raises_the_alert() {
    let (mut a, mut b, _c) = team_of_three();
    let me = a.store.site_id().to_string();
    new_household(&mut a.store, "Famille Restauree");
    let published = team::sync(&mut a.store).unwrap().published.unwrap();
    assert_eq!(published.seq, 1);
    settle(&[&a, &b]);
    let r = team::apply(&mut b.store).unwrap();
    assert_eq!(r.applied.len(), 1);
    let path = b.replica.join("log").join(&me).join("1.age");
    let first = std::fs::read(&path).unwrap();
    // The laptop restored from a backup writes n° 1 again: the same records, signed
    // again (new packet id, new signature), compressed to the very same size.
    let recipients = team::held_roster(&a.store).unwrap().unwrap().recipients();
    let second = (0..2000)
        .map(|_| {
            passerelle::exchange::packet::team::export_team(&a.store, &recipients, 0, "journal")
                .unwrap()
                .unwrap()
                .bytes
        })
        .find(|bytes| bytes.len() == first.len() && *bytes != first)
        .expect("a second packet of the same size");
    // Nothing changed: nothing read again, no alert.
    let r = team::apply(&mut b.store).unwrap();
    assert!(r.alerts.is_empty(), "{r:?}");
    // The same content copied again by the engine (a new date): no alert either.
    std::fs::write(&path, &first).unwrap();
    let r = team::apply(&mut b.store).unwrap();
    assert!(r.alerts.is_empty(), "{r:?}");
    std::fs::write(&path, &second).unwrap();
    let r = team::apply(&mut b.store).unwrap();
    assert_eq!(r.alerts.len(), 1, "{r:?}");
    assert!(r.alerts[0].contains("deux contenus"), "{r:?}");
    assert!(r.applied.is_empty());
}

/// The engine carries removals too: what `owner` removed from its own log and snapshot
/// directories disappears from the other replicas.
fn propagate_removals(owner: &Dev, devs: &[&Dev]) {
    let me = owner.store.site_id().to_string();
    for sub in [
        PathBuf::from("log").join(&me),
        PathBuf::from("snapshot").join(&me),
    ] {
        for d in devs {
            if d.replica == owner.replica {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(d.replica.join(&sub)) else {
                continue;
            };
            for e in entries.flatten() {
                if !owner.replica.join(&sub).join(e.file_name()).exists() {
                    std::fs::remove_file(e.path()).unwrap();
                }
            }
        }
    }
}

fn log_files(dev: &Dev, of: &Dev) -> Vec<String> {
    let dir = dev.replica.join("log").join(of.store.site_id().to_string());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Old packets leave the folder only once the latest snapshot covers them and every
/// current member acknowledged them; a member admitted late starts from a snapshot it
/// can read, then follows the log.
#[test]
fn packets_go_once_everyone_has_them_and_a_late_member_starts_from_the_snapshot() {
    let (mut a, mut b, mut c) = team_of_three();
    new_household(&mut a.store, "Famille A1");
    new_household(&mut b.store, "Famille B1");
    new_household(&mut c.store, "Famille C1");
    for _ in 0..2 {
        for d in [&mut a, &mut b, &mut c] {
            team::sync(&mut d.store).unwrap();
        }
        settle(&[&a, &b, &c]);
    }
    // B writes two more packets; only A gets them (C is away), A takes a snapshot.
    new_household(&mut b.store, "Famille B2");
    team::sync(&mut b.store).unwrap();
    new_household(&mut b.store, "Famille B3");
    assert_eq!(team::sync(&mut b.store).unwrap().published.unwrap().seq, 3);
    settle(&[&a, &b]);
    team::sync(&mut a.store).unwrap();
    let snap = team::snapshot::write_snapshot(&mut a.store).unwrap();
    assert!(snap.records >= 12, "{snap:?}");
    assert_eq!(snap.recipients, 3);
    settle(&[&a, &b]);
    // C acknowledged only n° 1 of B: only n° 1 goes.
    assert_eq!(team::snapshot::removable_up_to(&b.store).unwrap(), 1);
    let r = team::sync(&mut b.store).unwrap();
    assert_eq!(r.removed, 1);
    assert_eq!(log_files(&b, &b), ["2.age", "3.age"]);
    propagate_removals(&b, &[&a, &b, &c]);
    // C comes back, applies 2 and 3, acknowledges: 2 goes, 3 stays (its number stays
    // taken).
    settle(&[&a, &b, &c]);
    let r = team::sync(&mut c.store).unwrap();
    assert_eq!(
        r.applied.applied,
        vec![(b.store.site_id(), 2), (b.store.site_id(), 3)]
    );
    settle(&[&a, &b, &c]);
    assert_eq!(team::sync(&mut b.store).unwrap().removed, 1);
    assert_eq!(log_files(&b, &b), ["3.age"]);
    propagate_removals(&b, &[&a, &b, &c]);
    // A revoked member's acknowledgement does not count, and nothing is removed while
    // a current member has not acknowledged: D joins late.
    let mut d = dev("Nadia", "Rousseau");
    settle(&[&a, &b, &c, &d]);
    let (_, card) = team::join(&mut d.store, &d.replica).unwrap();
    settle(&[&a, &b, &c, &d]);
    team::admit(&mut a.store, &card.device.to_string()).unwrap();
    settle(&[&a, &b, &c, &d]);
    team::refresh_roster(&mut b.store).unwrap();
    // The latest snapshot is not for D: nothing may go any more.
    assert_eq!(team::snapshot::removable_up_to(&b.store).unwrap(), 0);
    new_household(&mut a.store, "Famille A2");
    team::publish(&mut a.store).unwrap();
    settle(&[&a, &b, &c, &d]);
    // D cannot read what was written before its admission, nor the snapshot: it waits.
    let r = team::sync(&mut d.store).unwrap();
    assert!(r.applied.applied.is_empty(), "{r:?}");
    assert!(r.applied.snapshot.is_none());
    assert!(d.store.list::<Household>().unwrap().is_empty());
    let before_admission = |dev: &Dev| {
        team::status(&dev.store)
            .unwrap()
            .unwrap()
            .alerts
            .iter()
            .filter(|a| a.contains("avant votre admission"))
            .count()
    };
    assert!(before_admission(&d) > 0, "D is told why it waits");
    // A's next sync writes a snapshot for everyone (D was missing from the latest).
    let r = team::sync(&mut a.store).unwrap();
    let written = r.snapshot.expect("a snapshot for the new member");
    assert_eq!(written.recipients, 4);
    propagate_removals(&a, &[&a, &b, &c, &d]);
    settle(&[&a, &b, &c, &d]);
    let r = team::sync(&mut d.store).unwrap();
    assert_eq!(r.applied.snapshot, Some(written.seq), "{r:?}");
    assert_eq!(snapshot(&d.store), snapshot(&a.store));
    // The wait is over: the alerts are settled, and A's line says where its work came from.
    assert_eq!(before_admission(&d), 0);
    let status = team::status(&d.store).unwrap().unwrap();
    let lines = team::status_lines(&status, chrono::Utc::now());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Claire") && l.contains("reçu par l'instantané")),
        "{lines:?}"
    );
    // Then the log after it, each packet once.
    new_household(&mut b.store, "Famille B4");
    team::sync(&mut b.store).unwrap();
    settle(&[&a, &b, &c, &d]);
    let r = team::sync(&mut d.store).unwrap();
    assert_eq!(r.applied.applied, vec![(b.store.site_id(), 4)]);
    team::sync(&mut a.store).unwrap();
    assert_eq!(snapshot(&d.store), snapshot(&a.store));
    // Everyone acknowledges; B's log keeps only its last packet, then C is revoked and
    // B's packets go without waiting for C.
    for _ in 0..2 {
        for dev in [&mut a, &mut b, &mut c, &mut d] {
            team::sync(&mut dev.store).unwrap();
        }
        settle(&[&a, &b, &c, &d]);
    }
    team::revoke(&mut a.store, &c.store.site_id().to_string()[..8]).unwrap();
    new_household(&mut b.store, "Famille B5");
    team::sync(&mut b.store).unwrap();
    settle(&[&a, &b, &c, &d]);
    for dev in [&mut a, &mut d] {
        team::sync(&mut dev.store).unwrap();
    }
    team::snapshot::write_snapshot(&mut a.store).unwrap();
    propagate_removals(&a, &[&a, &b, &c, &d]);
    settle(&[&a, &b, &c, &d]);
    // C (revoked) never applied n° 5: B removes it all the same.
    assert!(team::sync(&mut c.store).is_ok());
    team::sync(&mut b.store).unwrap();
    assert_eq!(log_files(&b, &b), ["5.age"]);
}

/// B applied a packet C published after its revocation, before the new roster reached B:
/// when it arrives, an alert names the records that packet carried.
#[test]
fn a_packet_of_a_revoked_device_applied_before_the_roster_is_named() {
    let (mut a, mut b, mut c) = team_of_three();
    new_household(&mut c.store, "Famille Avant");
    team::sync(&mut c.store).unwrap();
    settle(&[&a, &b, &c]);
    team::sync(&mut a.store).unwrap();
    team::sync(&mut b.store).unwrap();
    team::revoke(&mut a.store, &c.store.site_id().to_string()[..8]).unwrap();
    // C does not know; its next packet reaches B before the new roster does.
    let late = new_household(&mut c.store, "Famille Tardive");
    assert_eq!(team::publish(&mut c.store).unwrap().unwrap().seq, 2);
    settle(&[&b, &c]);
    let r = team::apply(&mut b.store).unwrap();
    assert_eq!(r.applied, vec![(c.store.site_id(), 2)]);
    assert!(b.store.find::<Household>(late).unwrap().is_some());
    // The roster arrives: an alert names the household (and its case) by id.
    settle(&[&a, &b]);
    team::sync(&mut b.store).unwrap();
    let alerts = team::status(&b.store).unwrap().unwrap().alerts;
    let alert = alerts
        .iter()
        .find(|a| a.contains("révoqué") && a.contains("avant que la nouvelle liste"))
        .unwrap_or_else(|| panic!("{alerts:?}"));
    assert!(alert.contains(&format!("households {late}")), "{alert}");
    assert!(alert.contains("cases "), "{alert}");
    assert!(!alert.contains("Tardive"), "ids only: {alert}");
    // A never applied it.
    team::sync(&mut a.store).unwrap();
    settle(&[&a, &c]);
    team::sync(&mut a.store).unwrap();
    assert!(a.store.find::<Household>(late).unwrap().is_none());
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    Normal,
    Truncated,
    ConflictCopy,
    Twice,
    Later,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    /// Random edits on three devices, files carried in random order and ways; a fourth,
    /// unknown device writes into the folder; C is revoked half way. In the end every base
    /// holds the same records, no packet is applied twice, and nothing written by C after
    /// its revocation nor by the unknown device is anywhere.
    #[test]
    fn three_bases_converge_whatever_the_engine_does(seed in any::<u64>(), rounds in 3usize..6) {
        let mut rng = StdRng::seed_from_u64(seed);
        let (mut a, mut b, mut c) = team_of_three();
        // An unknown device, never admitted: its log is in the folder.
        let mut d = dev("Inconnu", "Intrus");
        std::fs::copy(a.replica.join("team.json"), d.replica.join("team.json")).unwrap();
        team::join(&mut d.store, &d.replica).unwrap();
        new_household(&mut d.store, "Famille Intruse");
        let _ = team::publish(&mut d.store); // refused: not admitted; write its log by hand
        let d_log = d.replica.join("log").join(d.store.site_id().to_string());
        std::fs::create_dir_all(&d_log).unwrap();
        std::fs::write(d_log.join("1.age"), b"pas un paquet").unwrap();

        let mut households: Vec<Uuid> = Vec::new();
        let mut revoked_labels: Vec<String> = Vec::new();
        let mut after_revocation: Vec<Uuid> = Vec::new();
        let mut pending: Vec<(usize, PathBuf)> = Vec::new();
        let revoke_at = rounds / 2;
        for round in 0..rounds {
            if round == revoke_at {
                // Everything written so far reaches A first; then A revokes C.
                settle(&[&a, &b, &c]);
                team::apply(&mut a.store).unwrap();
                team::revoke(&mut a.store, &c.store.site_id().to_string()[..8]).unwrap();
                // The new roster reaches B before anything C writes later.
                settle(&[&a, &b]);
                team::refresh_roster(&mut b.store).unwrap();
            }
            for (i, dev) in [&mut a, &mut b, &mut c].into_iter().enumerate() {
                for _ in 0..rng.random_range(1..=3) {
                    let label = format!("Famille R{round}D{i}N{}", rng.random_range(0..1000));
                    match rng.random_range(0..3) {
                        0 if !households.is_empty() => {
                            let h = households[rng.random_range(0..households.len())];
                            if dev.store.find::<Household>(h).unwrap().is_some() {
                                rename(&mut dev.store, h, &label);
                            }
                        }
                        1 if !households.is_empty() => {
                            let h = households[rng.random_range(0..households.len())];
                            if dev.store.find::<Household>(h).unwrap().is_some() {
                                note(&mut dev.store, h, &label);
                            }
                        }
                        _ => {
                            let id = new_household(&mut dev.store, &label);
                            if i == 2 && round >= revoke_at {
                                revoked_labels.push(label);
                            } else {
                                if round >= revoke_at {
                                    after_revocation.push(id);
                                }
                                households.push(id);
                            }
                        }
                    }
                }
                // C does not know yet that it was revoked: it still publishes.
                let _ = team::publish(&mut dev.store).unwrap();
            }
            // The engine: each new log file to each other replica, in some way.
            let replicas = [a.replica.clone(), b.replica.clone(), c.replica.clone()];
            for (from, root) in replicas.iter().enumerate() {
                let mut logs: Vec<PathBuf> =
                    files(root).into_iter().filter(|p| p.starts_with("log")).collect();
                // Out of order.
                for k in (1..logs.len()).rev() {
                    logs.swap(k, rng.random_range(0..=k));
                }
                for rel in logs {
                    for (to, dest) in replicas.iter().enumerate() {
                        if to == from || dest.join(&rel).exists() {
                            continue;
                        }
                        let mode = match rng.random_range(0..5) {
                            0 => Mode::Normal,
                            1 => Mode::Truncated,
                            2 => Mode::ConflictCopy,
                            3 => Mode::Twice,
                            _ => Mode::Later,
                        };
                        let data = std::fs::read(root.join(&rel)).unwrap();
                        let target = dest.join(&rel);
                        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                        match mode {
                            Mode::Normal => travel(root, dest, &rel),
                            Mode::Twice => {
                                travel(root, dest, &rel);
                                travel(root, dest, &rel);
                            }
                            Mode::Truncated => {
                                std::fs::write(&target, &data[..data.len() / 3]).unwrap();
                                pending.push((to, rel.clone()));
                            }
                            Mode::ConflictCopy => {
                                let name = rel.file_stem().unwrap().to_str().unwrap();
                                let copy = target.with_file_name(format!(
                                    "{name}.sync-conflict-20261130-101010-ABCDEFG.age"
                                ));
                                std::fs::write(copy, b"autre contenu").unwrap();
                                pending.push((to, rel.clone()));
                            }
                            Mode::Later => pending.push((to, rel.clone())),
                        }
                    }
                }
            }
            for dev in [&mut a, &mut b, &mut c] {
                team::apply(&mut dev.store).unwrap();
            }
            // Some of what was late arrives now (whole).
            pending.retain(|(to, rel)| {
                if rng.random_bool(0.5) {
                    let src = replicas.iter().find(|r| r.join(rel).exists() && *r != &replicas[*to]);
                    if let Some(src) = src {
                        let data = std::fs::read(src.join(rel)).unwrap();
                        std::fs::write(replicas[*to].join(rel), data).unwrap();
                        return false;
                    }
                }
                true
            });
        }
        // Everything travels; every device syncs until nothing moves.
        for (to, rel) in std::mem::take(&mut pending) {
            let replicas = [&a.replica, &b.replica, &c.replica];
            let src = replicas.iter().enumerate().find(|(i, r)| *i != to && r.join(&rel).exists()
                && std::fs::read(r.join(&rel)).map_or(0, |d| d.len()) > 0);
            if let Some((_, src)) = src {
                let data = std::fs::read(src.join(&rel)).unwrap();
                std::fs::write(replicas[to].join(&rel), data).unwrap();
            }
        }
        // Each sync also acknowledges, and removes what every member has (the engine
        // carries the removals): the bases must converge all the same.
        for _ in 0..3 {
            settle(&[&a, &b, &c]);
            for dev in [&mut a, &mut b, &mut c] {
                team::sync(&mut dev.store).unwrap();
            }
            for owner in [&a, &b, &c] {
                propagate_removals(owner, &[&a, &b, &c]);
            }
        }
        // A and B agree on everything (C is revoked: it keeps its own later writes).
        prop_assert_eq!(snapshot(&a.store), snapshot(&b.store));
        // Nothing from the unknown device, nothing C wrote after its revocation.
        for store in [&a.store, &b.store] {
            let labels: Vec<String> =
                store.list::<Household>().unwrap().into_iter().map(|h| h.label).collect();
            prop_assert!(!labels.iter().any(|l| l == "Famille Intruse"));
            for l in &revoked_labels {
                prop_assert!(!labels.contains(l), "{l} from the revoked device was applied");
            }
        }
        // Nothing applied twice: one row per (device, sequence), and each log's packets
        // applied at most once (the sequences are distinct by the key).
        for (store, others) in [(&a.store, [&b, &c]), (&b.store, [&a, &c])] {
            for other in others {
                let applied = store.team_applied(other.store.site_id()).unwrap();
                let mut seqs: Vec<u64> = applied.iter().map(|x| x.seq).collect();
                seqs.dedup();
                prop_assert_eq!(seqs.len(), applied.len());
            }
        }
        // The revoked device reads nothing written after its revocation.
        for h in &after_revocation {
            prop_assert!(c.store.find::<Household>(*h).unwrap().is_none());
        }
        // A fourth device admitted late (old packets removed, others unreadable to it)
        // converges from the coordinator's snapshot and the log after it.
        let mut e = dev("Nadia", "Rousseau");
        settle(&[&a, &b, &c, &e]);
        let (_, card) = team::join(&mut e.store, &e.replica).unwrap();
        settle(&[&a, &b, &c, &e]);
        team::admit(&mut a.store, &card.device.to_string()).unwrap();
        new_household(&mut b.store, "Famille Apres Admission");
        for _ in 0..3 {
            settle(&[&a, &b, &c, &e]);
            for dev in [&mut a, &mut b, &mut e] {
                team::sync(&mut dev.store).unwrap();
            }
            for owner in [&a, &b, &e] {
                propagate_removals(owner, &[&a, &b, &c, &e]);
            }
        }
        prop_assert!(e.store.team_floor(a.store.site_id()).unwrap() > 0, "from a snapshot");
        prop_assert_eq!(snapshot(&e.store), snapshot(&a.store));
        prop_assert_eq!(snapshot(&b.store), snapshot(&a.store));
        for other in [&a, &b] {
            let applied = e.store.team_applied(other.store.site_id()).unwrap();
            let mut seqs: Vec<u64> = applied.iter().map(|x| x.seq).collect();
            seqs.dedup();
            prop_assert_eq!(seqs.len(), applied.len());
        }
    }
}

/// A snapshot is the coordinator's whole base (109 MB at 10,000 households, team bench):
/// it gets its own size limit, checked before decrypting, while a log packet keeps 64 MiB.
#[test]
fn a_snapshot_may_be_larger_than_a_log_packet() {
    use passerelle::exchange::packet::{self, PacketError, team as tpacket};
    let mut a = dev("Claire", "Vidal");
    team::create(&mut a.store, &a.replica).unwrap();
    let roster = team::held_roster(&a.store).unwrap().unwrap();
    let coordinator = roster.members[0].as_partner();
    let big = vec![b'x'; packet::MAX_PACKET_BYTES + 1];
    assert!(matches!(
        tpacket::open_team(&a.store, &big, std::slice::from_ref(&coordinator)),
        Err(PacketError::TooLarge { .. })
    ));
    // Past the size check: refused for what it is (not an age file), not for its size.
    let opened = tpacket::open_snapshot(&a.store, &big, &coordinator);
    assert!(
        !matches!(opened, Err(PacketError::TooLarge { .. })),
        "a 64 MiB snapshot is refused for its size"
    );
    assert!(opened.is_err());
    let huge = vec![b'x'; packet::MAX_SNAPSHOT_BYTES + 1];
    assert!(matches!(
        tpacket::open_snapshot(&a.store, &huge, &coordinator),
        Err(PacketError::TooLarge { .. })
    ));
}

/// Every file under `root` holds none of `needles` in clear (nor, for ids, their bytes).
fn folder_holds_none(root: &Path, needles: &[String]) {
    for rel in files(root) {
        let bytes = std::fs::read(root.join(&rel)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for n in needles {
            assert!(
                !text.contains(n.as_str()),
                "{n} in clear in {}",
                rel.display()
            );
        }
    }
}

fn households_of(store: &Store) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = store
        .list::<Household>()
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

/// A household erased on request on A is erased on B and C (audited there with the
/// device that asked); edits B published before it saw the erasure, applied before or
/// after the notice, bring nothing back anywhere; a member admitted afterwards starts from
/// a snapshot without it and refuses it. An erasure on a member reaches the coordinator,
/// whose next snapshot is due at once.
#[test]
fn an_erasure_reaches_every_laptop_and_nothing_brings_it_back() {
    let (mut a, mut b, mut c) = team_of_three();
    let gone = new_household(&mut a.store, "Famille Effacee");
    note(&mut a.store, gone, "entretien confidentiel");
    let kept = new_household(&mut a.store, "Famille Gardee");
    let other = new_household(&mut c.store, "Famille De Samira");
    for _ in 0..2 {
        for d in [&mut a, &mut b, &mut c] {
            team::sync(&mut d.store).unwrap();
        }
        settle(&[&a, &b, &c]);
    }
    for d in [&a, &b, &c] {
        assert_eq!(households_of(&d.store).len(), 3);
    }
    let note_id = b.store.list::<Note>().unwrap()[0].id;
    // B edits it and publishes; only C gets that packet before the erasure.
    rename(&mut b.store, gone, "Famille Effacee-Modifiee-Par-B");
    team::sync(&mut b.store).unwrap();
    settle(&[&b, &c]);
    team::sync(&mut c.store).unwrap();
    let h: Household = c.store.get(gone).unwrap();
    assert_eq!(h.label, "Famille Effacee-Modifiee-Par-B");
    // A erases it on request (the status counts it until it is published), and publishes
    // the notice (ids only, encrypted).
    a.store.erase_households(&[gone]).unwrap();
    assert_eq!(team::status(&a.store).unwrap().unwrap().unpublished, 1);
    let r = team::sync(&mut a.store).unwrap();
    assert_eq!(team::status(&a.store).unwrap().unwrap().unpublished, 0);
    assert_eq!(r.erasures_published, 1);
    let notice = a
        .replica
        .join("erase")
        .join(a.store.site_id().to_string())
        .join("1.age");
    assert!(notice.is_file());
    folder_holds_none(&a.replica, &[gone.to_string(), "Effacee".into()]);
    // B, not having seen it yet, edits the household again and publishes.
    rename(&mut b.store, gone, "Famille Effacee-Encore");
    note(&mut b.store, gone, "ajoutee avant de voir l'effacement");
    team::sync(&mut b.store).unwrap();
    settle(&[&a, &b, &c]);
    // C: the notice, then B's packet, in one sync; A: B's packet after its own erasure;
    // B: the notice.
    let r = team::sync(&mut c.store).unwrap();
    assert!(r.applied.erasures >= 1, "{r:?}");
    for d in [&mut a, &mut b, &mut c] {
        team::sync(&mut d.store).unwrap();
    }
    for d in [&a, &b, &c] {
        let mut want = vec![kept, other];
        want.sort();
        assert_eq!(households_of(&d.store), want);
        assert!(d.store.is_erased(gone).unwrap());
        assert!(d.store.is_erased(note_id).unwrap());
        assert!(
            d.store
                .list::<Note>()
                .unwrap()
                .iter()
                .all(|n| n.household_id != gone),
            "a note of the erased household came back"
        );
    }
    // B's audit says who asked, ids only.
    let entries = b
        .store
        .audit_log(&passerelle::store::audit::AuditFilter::default())
        .unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == "effacement demandé par l'équipe")
        .expect("the erasure is audited on B");
    assert!(entry.detail.contains(&a.store.site_id().to_string()));
    assert!(entry.objects.contains(&gone.to_string()));
    // Applying again applies nothing.
    assert_eq!(team::sync(&mut c.store).unwrap().applied.erasures, 0);

    // B erases C's household: the coordinator applies it and its snapshot is due at once.
    b.store.erase_households(&[other]).unwrap();
    team::sync(&mut b.store).unwrap();
    settle(&[&a, &b, &c]);
    let r = team::sync(&mut a.store).unwrap();
    assert_eq!(r.applied.erasures, 1);
    assert!(r.snapshot.is_some(), "an erasure makes the snapshot due");
    assert_eq!(households_of(&a.store), vec![kept]);

    // D joins late and starts from a snapshot: neither household, both refused.
    let mut d = dev("Nadia", "Rousseau");
    settle(&[&a, &b, &c, &d]);
    let (_, card) = team::join(&mut d.store, &d.replica).unwrap();
    settle(&[&a, &b, &c, &d]);
    team::admit(&mut a.store, &card.device.to_string()).unwrap();
    let r = team::sync(&mut a.store).unwrap();
    assert!(r.snapshot.is_some());
    let lines = passerelle::exchange::packet::team::snapshot_lines(&a.store).unwrap();
    assert!(lines.iter().all(|l| {
        let id = l.data.get("id").and_then(|v| v.as_str()).unwrap_or("");
        let hh = l
            .data
            .get("household_id")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        ![gone.to_string(), other.to_string()]
            .iter()
            .any(|g| g == id || g == hh)
    }));
    propagate_removals(&a, &[&a, &b, &c, &d]);
    settle(&[&a, &b, &c, &d]);
    let r = team::sync(&mut d.store).unwrap();
    assert!(r.applied.snapshot.is_some(), "{r:?}");
    assert_eq!(households_of(&d.store), vec![kept]);
    assert!(d.store.is_erased(gone).unwrap());
    assert!(d.store.is_erased(other).unwrap());
    folder_holds_none(&a.replica, &[gone.to_string(), other.to_string()]);
}

/// A household frozen on the receiving laptop is not erased there (issue 14's freeze):
/// an alert says so, and the erasure is applied once the freeze is lifted. A revoked
/// member's notice erases nothing.
#[test]
fn a_freeze_holds_a_team_erasure_and_a_revoked_member_erases_nothing() {
    let (mut a, mut b, mut c) = team_of_three();
    let frozen = new_household(&mut a.store, "Famille Gelee");
    let safe = new_household(&mut a.store, "Famille Protegee");
    for _ in 0..2 {
        for d in [&mut a, &mut b, &mut c] {
            team::sync(&mut d.store).unwrap();
        }
        settle(&[&a, &b, &c]);
    }
    b.store
        .write(|tx| tx.freeze_household(frozen, "contestation en cours"))
        .unwrap();
    a.store.erase_households(&[frozen]).unwrap();
    team::sync(&mut a.store).unwrap();
    settle(&[&a, &b, &c]);
    let r = team::sync(&mut b.store).unwrap();
    assert_eq!(r.applied.erasures, 0);
    assert!(
        r.applied.alerts.iter().any(|a| a.contains("gelé")),
        "{:?}",
        r.applied.alerts
    );
    assert!(b.store.get::<Household>(frozen).is_ok());
    // C is not frozen: erased there.
    team::sync(&mut c.store).unwrap();
    assert!(c.store.get::<Household>(frozen).is_err());
    // The freeze lifted, the next sync applies it.
    b.store.write(|tx| tx.unfreeze_household(frozen)).unwrap();
    let r = team::sync(&mut b.store).unwrap();
    assert!(r.applied.erasures >= 1, "{r:?}");
    assert!(b.store.get::<Household>(frozen).is_err());

    // C is revoked; a notice it writes afterwards (its laptop stolen) erases nothing.
    team::revoke(&mut a.store, &c.store.site_id().to_string()).unwrap();
    c.store.erase_households(&[safe]).unwrap();
    // The stolen laptop has not seen its revocation.
    team::erasure::publish_erasures(&mut c.store).unwrap();
    settle(&[&a, &b, &c]);
    for d in [&mut a, &mut b] {
        let r = team::sync(&mut d.store).unwrap();
        assert_eq!(r.applied.erasures, 0);
        assert!(d.store.get::<Household>(safe).is_ok());
    }
}

/// Issue 13 in a team: the coordinator's funder pseudonym key is sealed to each member
/// (never in clear in the folder), adopted at its next sync, and two members sending the
/// same household to one funder give it the same ids. Before adopting it a member does
/// not send to a funder; a laptop that had its own key is told what changes.
#[test]
fn two_members_give_a_funder_the_same_ids_and_the_key_never_lies_in_clear() {
    use passerelle::domain::model::{Consent, ConsentMethod, PartnerRole};
    use passerelle::exchange::packet::{self, ExportRequest, PacketError};
    let (mut a, mut b, mut c) = team_of_three();
    // C had prepared funder packets on its own before (its own key exists).
    let own_c = c.store.funder_pseudonym_key().unwrap();
    let mut funder = dev("Financeur", "DDETS");
    packet::ensure_identity(&mut funder.store, Some("DDETS du Cantal")).unwrap();
    let card = |s: &Store| {
        packet::ContactCard::parse(&packet::identity(s).unwrap().contact_card().to_json()).unwrap()
    };
    let to_funder = packet::add_partner(
        &mut a.store,
        &card(&funder.store),
        PartnerRole::Financeur,
        "",
    )
    .unwrap()
    .id;
    for d in [&a, &b] {
        packet::add_partner(
            &mut funder.store,
            &card(&d.store),
            PartnerRole::Accompagnement,
            "",
        )
        .unwrap();
    }
    let h = new_household(&mut a.store, "Famille Financee");
    a.store
        .write(|tx| {
            tx.put(&Consent {
                id: Uuid::new_v4(),
                household_id: h,
                partner_id: None,
                role: Some(PartnerRole::Financeur),
                given_on: Utc::now().date_naive(),
                scope: "Dossier".into(),
                method: ConsentMethod::EcritSigne,
                expires_on: None,
                withdrawn_on: None,
            })
            .map(|_| ())
        })
        .unwrap();
    let partner: passerelle::domain::model::Partner = a.store.get(to_funder).unwrap();
    // B has not synced since its admission: no funder send yet.
    let err = packet::funder_pseudonyms(&b.store, Some(&partner)).unwrap_err();
    assert!(matches!(err, PacketError::TeamFunderKeyMissing), "{err}");
    assert!(err.to_string().contains("Synchronisez l'équipe"), "{err}");
    team::sync(&mut a.store).unwrap();
    settle(&[&a, &b, &c]);
    for d in [&mut b, &mut c] {
        team::sync(&mut d.store).unwrap();
    }
    let key = a.store.funder_pseudonym_key().unwrap();
    assert_eq!(*b.store.funder_pseudonym_key().unwrap(), *key);
    assert_eq!(*c.store.funder_pseudonym_key().unwrap(), *key);
    assert_ne!(*own_c, *key);
    // C is told that its earlier funder ids change.
    let status = team::status(&c.store).unwrap().unwrap();
    assert!(
        status.alerts.iter().any(|a| a.contains("clé commune")),
        "{:?}",
        status.alerts
    );
    assert!(team::status(&b.store).unwrap().unwrap().alerts.is_empty());
    // A and B send the same household to the funder: the same pseudonymous ids.
    let export = |s: &mut Store| {
        packet::export(
            s,
            &ExportRequest {
                partners: vec![to_funder],
                role: Some(PartnerRole::Financeur),
                households: vec![h],
                purpose: "rapport".into(),
                ..ExportRequest::default()
            },
        )
        .unwrap()
        .bytes
    };
    let ids = |bytes: &[u8]| {
        let mut v: Vec<(String, String)> = packet::open(&funder.store, bytes, None)
            .unwrap()
            .lines
            .iter()
            .map(|l| (l.table.clone(), l.data["id"].as_str().unwrap().to_owned()))
            .collect();
        v.sort();
        v
    };
    let from_a = ids(&export(&mut a.store));
    let from_b = ids(&export(&mut b.store));
    assert!(from_a.iter().any(|(t, _)| t == "households"));
    assert_eq!(from_a, from_b);
    assert!(from_a.iter().all(|(_, id)| *id != h.to_string()));
    // The key is nowhere in clear in the folder, neither as text nor as bytes.
    folder_holds_none(&a.replica, &[hex::encode(&key[..])]);
    for rel in files(&a.replica) {
        let bytes = std::fs::read(a.replica.join(&rel)).unwrap();
        assert!(
            !bytes.windows(32).any(|w| w == &key[..]),
            "key bytes in {}",
            rel.display()
        );
    }
    assert!(a.replica.join("keys").is_dir());
}

/// A snapshot is written in parts (a new laptop merges one part at a time instead of the
/// whole base): a late member applies every part, then follows the log; an older
/// snapshot's parts leave the folder with it.
#[test]
fn a_snapshot_in_parts_is_applied_whole() {
    let (mut a, mut b, c) = team_of_three();
    for i in 0..4 {
        let h = new_household(&mut a.store, &format!("Famille Partie {i}"));
        note(&mut a.store, h, "entretien");
    }
    team::sync(&mut a.store).unwrap();
    let first = team::snapshot::write_snapshot_in_parts(&mut a.store, 5).unwrap();
    assert!(first.parts >= 3, "{first:?}");
    let mut d = dev("Nadia", "Rousseau");
    settle(&[&a, &b, &c, &d]);
    let (_, card) = team::join(&mut d.store, &d.replica).unwrap();
    settle(&[&a, &b, &c, &d]);
    team::admit(&mut a.store, &card.device.to_string()).unwrap();
    let snap = team::snapshot::write_snapshot_in_parts(&mut a.store, 5).unwrap();
    assert_eq!(snap.records, first.records);
    let dir = a
        .replica
        .join("snapshot")
        .join(a.store.site_id().to_string());
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with(&format!("{}.", snap.seq))),
        "the older snapshot's parts stay: {names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".age")).count(),
        snap.parts
    );
    propagate_removals(&a, &[&a, &b, &c, &d]);
    settle(&[&a, &b, &c, &d]);
    // A part missing: nothing is applied.
    let part = d
        .replica
        .join("snapshot")
        .join(a.store.site_id().to_string())
        .join(format!("{}.partie2.age", snap.seq));
    let kept = std::fs::read(&part).unwrap();
    std::fs::remove_file(&part).unwrap();
    let r = team::sync(&mut d.store).unwrap();
    assert!(r.applied.snapshot.is_none(), "{r:?}");
    assert!(d.store.list::<Household>().unwrap().is_empty());
    std::fs::write(&part, kept).unwrap();
    let r = team::sync(&mut d.store).unwrap();
    assert_eq!(r.applied.snapshot, Some(snap.seq), "{r:?}");
    assert_eq!(snapshot(&d.store), snapshot(&a.store));
    // Then the log after it.
    new_household(&mut b.store, "Famille Apres");
    team::sync(&mut b.store).unwrap();
    settle(&[&a, &b, &c, &d]);
    team::sync(&mut d.store).unwrap();
    team::sync(&mut a.store).unwrap();
    assert_eq!(snapshot(&d.store), snapshot(&a.store));
}
