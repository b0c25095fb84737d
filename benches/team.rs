#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a panic is the report
//! Team sync figures (issue 15), release build: `cargo bench --bench team`.
//!
//! - bytes of a published packet for 1, 10 and 30 members, for one edit and per edit of a
//!   60-edit packet;
//! - applying one working day of a 30-worker team (30 devices × 60 edits, published as 12
//!   packets of 5 edits each) on a base of 10,000 demo households;
//! - one sync pass over a folder of 30,000 log files when nothing is new.
//!
//! - the coordinator's snapshot of the whole base, and a new laptop applying it: time and
//!   peak memory (the process's resident high-water mark, reset before each step through
//!   `/proc/self/clear_refs`, Linux).
//!
//! `PASSERELLE_TEAM_HOUSEHOLDS` changes the size of the base (default 10,000);
//! `PASSERELLE_TEAM_ONLY_SNAPSHOT=1` measures the snapshot alone (no working day). Figures,
//! not assertions: the machine is shared and noisy.

use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::model::{Household, Note};
use passerelle::domain::worker::Worker;
use passerelle::exchange::packet::team as tpacket;
use passerelle::store::{KdfParams, Store, StorePaths};
use passerelle::team;
use uuid::Uuid;

const PASSPHRASE: &str = "banc d'essai de l'équipe";
const WORKERS: usize = 30;
const EDITS: usize = 60;
const PER_PACKET: usize = 5;
const SCAN_FILES: usize = 30_000;

fn base(dir: &Path, name: &str, first: &str) -> Store {
    let paths = StorePaths::beside(dir.join(name).join("passerelle.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    store
        .set_current_worker(&Worker {
            id: Uuid::new_v4(),
            first_name: first.into(),
            last_name: "Banc".into(),
            structure: "Association Toit".into(),
            device: None,
        })
        .unwrap();
    store
}

fn rename(store: &mut Store, id: Uuid, label: String) {
    let mut h: Household = store.get(id).unwrap();
    h.label = label;
    store.write(|tx| tx.put(&h).map(|_| ())).unwrap();
}

fn note(store: &mut Store, household: Uuid, text: String) {
    let n = Note {
        id: Uuid::new_v4(),
        household_id: household,
        author: "Banc".into(),
        at: Utc::now(),
        text,
        corrects: None,
    };
    store.write(|tx| tx.put(&n).map(|_| ())).unwrap();
}

/// Resets the process's peak resident memory to its current size (Linux; elsewhere
/// nothing happens and the peak is the whole run's).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory since the last [`reset_peak`], in MB (`VmHWM`).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The process's resident memory now, in MB (`VmRSS`).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// A new laptop: admitted, then the coordinator's snapshot of the whole base, which the new
/// member applies before following the logs. Time and peak memory of both steps.
fn snapshot_figures(coord: &mut Store, dir: &Path, folder: &Path, households: usize) {
    let mut late = base(dir, "nouveau", "Nadia");
    let (_, card) = team::join(&mut late, folder).unwrap();
    team::admit(coord, &card.device.to_string()).unwrap();
    team::refresh_roster(&mut late).unwrap();
    let before = rss_mb();
    reset_peak();
    let t = Instant::now();
    let snap = team::snapshot::write_snapshot(coord).unwrap();
    println!(
        "instantané de la coordination ({households} ménages, {} fiches en {} parties, {} \
         membres) : {:.1} s, {:.1} Mo ; mémoire résidente {before:.0} Mo avant, pic {:.0} Mo",
        snap.records,
        snap.parts,
        snap.recipients,
        t.elapsed().as_secs_f64(),
        snap.bytes as f64 / 1e6,
        peak_mb()
    );
    // Applied by a process of its own, as on the new laptop: this one's allocator keeps
    // the memory the coordinator's side used, which would hide the applying's peak.
    let db = dir.join("nouveau").join("passerelle.db");
    drop(late);
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--bench")
        .env("PASSERELLE_TEAM_APPLY_ONLY", &db)
        .env("PASSERELLE_TEAM_SNAPSHOT_SEQ", snap.seq.to_string())
        .output()
        .unwrap();
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
}

/// The new laptop's side, in its own process: opens its base, applies the snapshot.
fn apply_only(db: &Path) {
    let seq: u64 = std::env::var("PASSERELLE_TEAM_SNAPSHOT_SEQ")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut late = Store::unlock(&StorePaths::beside(db.to_path_buf()), PASSPHRASE).unwrap();
    let before = rss_mb();
    reset_peak();
    let t = Instant::now();
    let r = team::apply(&mut late).unwrap();
    println!(
        "nouveau poste (processus à part) : instantané {} en {:.1} s ({} ménages ; paquets en \
         attente : {}) ; mémoire résidente {before:.0} Mo avant, pic {:.0} Mo",
        if r.snapshot == Some(seq) {
            "appliqué sur une base vide"
        } else {
            "NON appliqué"
        },
        t.elapsed().as_secs_f64(),
        late.count::<Household>().unwrap(),
        r.held.len(),
        peak_mb()
    );
}

fn main() {
    if let Some(db) = std::env::var_os("PASSERELLE_TEAM_APPLY_ONLY") {
        apply_only(Path::new(&db));
        return;
    }
    let households: usize = std::env::var("PASSERELLE_TEAM_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Equipe");
    std::fs::create_dir_all(&folder).unwrap();

    // The coordinator's base: the whole caseload.
    let t = Instant::now();
    let mut coord = base(dir.path(), "coordination", "Claire");
    fill(
        &mut coord,
        &DemoOptions {
            households,
            seed: 2015,
        },
    )
    .unwrap();
    println!(
        "base de la coordination : {households} ménages remplis en {:.1} s",
        t.elapsed().as_secs_f64()
    );
    team::create(&mut coord, &folder).unwrap();
    if std::env::var("PASSERELLE_TEAM_ONLY_SNAPSHOT").is_ok_and(|v| v == "1") {
        // The coordinator's log holds the caseload (as at the team's start): a new member
        // cannot read it (written before its admission) and takes the snapshot.
        let t = Instant::now();
        let p = team::publish(&mut coord).unwrap().expect("the caseload");
        println!(
            "journal de la coordination : {} fiches publiées en {:.1} s",
            p.records,
            t.elapsed().as_secs_f64()
        );
        snapshot_figures(&mut coord, dir.path(), &folder, households);
        return;
    }

    // Thirty workers join; each holds the 60 households it works on (copied with their
    // stamps, as a snapshot would have brought them).
    let t = Instant::now();
    let all: Vec<Uuid> = coord
        .list::<Household>()
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    let mut workers: Vec<(Store, Vec<Uuid>)> = Vec::new();
    for w in 0..WORKERS {
        let mut store = base(dir.path(), &format!("poste{w}"), &format!("Travailleur{w}"));
        let (_, card) = team::join(&mut store, &folder).unwrap();
        team::admit(&mut coord, &card.device.to_string()).unwrap();
        let mine: Vec<Uuid> = all.iter().skip(w * EDITS).take(EDITS).copied().collect();
        let copies: Vec<_> = mine
            .iter()
            .map(|id| coord.stamped::<Household>(*id).unwrap().unwrap())
            .collect();
        store
            .write(|tx| {
                for c in &copies {
                    tx.put_merged(c)?;
                }
                Ok(())
            })
            .unwrap();
        workers.push((store, mine));
    }
    for (store, _) in &mut workers {
        team::refresh_roster(store).unwrap();
    }
    // The coordinator publishes what it created (the demo) once, as at the team's start;
    // not part of the day.
    team::publish(&mut coord).unwrap();
    println!(
        "{WORKERS} postes admis et préparés en {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // One working day: 12 sync windows, 5 edits each (3 renames, 2 notes) per worker.
    let t = Instant::now();
    for round in 0..EDITS / PER_PACKET {
        for (w, (store, mine)) in workers.iter_mut().enumerate() {
            for k in 0..PER_PACKET {
                let h = mine[(round * PER_PACKET + k) % mine.len()];
                if k < 3 {
                    rename(store, h, format!("Famille P{w}R{round}K{k}"));
                } else {
                    note(
                        store,
                        h,
                        format!("Entretien du jour, poste {w}, fenêtre {round}"),
                    );
                }
            }
            team::publish(store).unwrap().expect("a packet");
        }
    }
    let packets = WORKERS * EDITS / PER_PACKET;
    let published_ms = ms(t);
    let log_bytes: u64 = team::folder::scan_logs(&folder)
        .unwrap()
        .iter()
        .filter(|(d, _)| *d != coord.site_id())
        .flat_map(|(_, l)| l.packets.iter().map(|p| p.2))
        .sum();
    println!(
        "journée : {packets} paquets publiés par {WORKERS} postes en {:.1} s ({:.0} ms par \
         paquet), {} octets au total ({:.0} octets par modification)",
        published_ms / 1000.0,
        published_ms / packets as f64,
        log_bytes,
        log_bytes as f64 / (WORKERS * EDITS) as f64
    );

    let t = Instant::now();
    let r = team::apply(&mut coord).unwrap();
    let apply_ms = ms(t);
    println!("paquets appliqués : {} sur {packets}", r.applied.len());
    println!(
        "appliquer la journée ({packets} paquets, {} modifications) sur {households} ménages : \
         {:.1} s ({:.1} ms par paquet)",
        WORKERS * EDITS,
        apply_ms / 1000.0,
        apply_ms / packets as f64
    );

    snapshot_figures(&mut coord, dir.path(), &folder, households);

    // Bytes of one packet for 1, 10 and 30 members: one edit, then 60 edits.
    let recipients = team::held_roster(&coord).unwrap().unwrap().recipients();
    let (store, mine) = &mut workers[0];
    let since = store.team_config().unwrap().unwrap().published_hlc;
    rename(store, mine[0], "Famille Une Modification".into());
    let one: Vec<(usize, usize)> = [1, 10, 30]
        .iter()
        .map(|n| {
            let p = tpacket::export_team(store, &recipients[..*n], since, "banc")
                .unwrap()
                .unwrap();
            (*n, p.bytes.len())
        })
        .collect();
    for (i, h) in mine.iter().enumerate().skip(1) {
        rename(store, *h, format!("Famille Soixante M{i:02}"));
    }
    for (n, bytes) in one {
        let p = tpacket::export_team(store, &recipients[..n], since, "banc")
            .unwrap()
            .unwrap();
        println!(
            "paquet pour {n} membre(s) : 1 modification {bytes} octets ; {} modifications \
             {} octets, soit {:.0} octets par modification",
            p.records,
            p.bytes.len(),
            p.bytes.len() as f64 / p.records as f64
        );
    }

    // A folder of 30,000 log files, all applied already: one sync pass finds nothing.
    let per_device = SCAN_FILES / WORKERS;
    let t = Instant::now();
    let mut marks = Vec::with_capacity(SCAN_FILES);
    for (store, _) in &workers {
        let device = store.site_id();
        let dir = team::folder::log_dir(&folder, device);
        let first = store.team_config().unwrap().unwrap().next_seq;
        for seq in first..first + u64::try_from(per_device).unwrap() {
            let path = dir.join(team::folder::packet_name(seq));
            std::fs::write(&path, format!("paquet {seq} déjà appliqué")).unwrap();
            let meta = std::fs::metadata(&path).unwrap();
            marks.push((device, seq, meta.len(), team::folder::mtime_ns(&meta)));
        }
    }
    coord
        .write(|tx| {
            for (device, seq, size, mtime) in &marks {
                tx.team_mark_applied(*device, *seq, "banc", *size, Uuid::nil())?;
                tx.team_set_mtime(*device, *seq, *mtime)?;
            }
            Ok(())
        })
        .unwrap();
    let files: usize = team::folder::scan_logs(&folder)
        .unwrap()
        .iter()
        .map(|(_, l)| l.packets.len())
        .sum();
    println!(
        "dossier de {files} fichiers préparé en {:.1} s",
        t.elapsed().as_secs_f64()
    );
    for pass in 1..=3 {
        let t = Instant::now();
        let listed = team::folder::scan_logs(&folder).unwrap().len();
        let scan_ms = ms(t);
        let t = Instant::now();
        let r = team::apply(&mut coord).unwrap();
        let apply_ms = ms(t);
        let found = r.applied.len() + r.alerts.len();
        println!(
            "passage {pass} sur {files} fichiers sans nouveauté : lecture du dossier \
             ({listed} journaux) {scan_ms:.0} ms, synchronisation complète (lecture, \
             comparaison, rien à appliquer) {apply_ms:.0} ms ; trouvé à appliquer ou \
             signaler : {found}"
        );
    }
}
