//! Packet budgets (DESIGN.md §8, issue 6), release build:
//! `CARGO_TARGET_DIR=/work/target-release cargo bench --bench exchange`.
//!
//! Export of 1,000 demo households (< 1 s), import + merge into an empty database and
//! into a diverged one (< 2 s), re-import of the same packet, a no-op (< 0.5 s).

#![allow(clippy::unwrap_used)] // a benchmark: a panic is the failure report

use std::time::{Duration, Instant};

use passerelle::domain::model::*;
use passerelle::exchange::packet::{self, ExportRequest};
use passerelle::store::Store;
use uuid::Uuid;

#[path = "../tests/common/packet_fixture.rs"]
mod packet_fixture;
use packet_fixture::{HOUSEHOLDS, pin, share_registries, site};

fn export(store: &mut Store, to: Uuid, households: &[Uuid]) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let out = packet::export(
        store,
        &ExportRequest {
            partners: vec![to],
            role: Some(PartnerRole::Accompagnement),
            households: households.to_vec(),
            include_notes: true,
            ..ExportRequest::default()
        },
    )
    .unwrap();
    (out.bytes, started.elapsed())
}

fn import(store: &mut Store, bytes: &[u8]) -> (packet::Preview, Duration) {
    let started = Instant::now();
    let opened = packet::open(store, bytes, None).unwrap();
    let applied = packet::apply(store, &opened).unwrap();
    (applied, started.elapsed())
}

/// Edits `n` households' commune on one side (new stamps from that site).
fn diverge(store: &mut Store, households: &[Uuid], commune: &str) {
    store
        .write(|tx| {
            for h in households {
                let mut r: Household = tx.get(*h)?;
                r.commune = commune.into();
                tx.put(&r)?;
            }
            Ok(())
        })
        .unwrap();
}

fn report(what: &str, took: Duration, budget_ms: u128) -> bool {
    let ms = took.as_secs_f64() * 1000.0;
    let ok = took.as_millis() < budget_ms;
    println!(
        "{what:<58} {ms:>8.1} ms  (budget {budget_ms} ms, {:.2}× du budget) {}",
        ms / budget_ms as f64,
        if ok { "OK" } else { "DÉPASSÉ" }
    );
    ok
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (mut paris, households) = packet_fixture::sender(dir.path(), HOUSEHOLDS);
    let mut empty = site(dir.path(), "aurillac.db", "Service Aurillac");
    let mut diverged = site(dir.path(), "cantal.db", "Service Cantal");
    share_registries(&paris, &mut empty);
    share_registries(&paris, &mut diverged);
    println!(
        "Base de démonstration : {} ménages ({:.1} s)",
        households.len(),
        started.elapsed().as_secs_f64()
    );
    let to_empty = pin(&mut paris, &empty);
    let to_diverged = pin(&mut paris, &diverged);
    pin(&mut empty, &paris);
    pin(&mut diverged, &paris);

    let mut ok = true;
    let (bytes, took) = export(&mut paris, to_empty, &households);
    let lines: usize = packet::open(&empty, &bytes, None).unwrap().lines.len();
    println!("Paquet : {lines} fiches, {} Kio", bytes.len() / 1024);
    ok &= report("Export de 1 000 ménages", took, 1_000);

    let (applied, took) = import(&mut empty, &bytes);
    let (n, u, c, s) = applied.counts();
    assert_eq!(
        applied.refusals().count(),
        0,
        "refusals in the bench packet"
    );
    ok &= report(
        &format!("Import + fusion, base vide ({n} nouvelles)"),
        took,
        2_000,
    );
    let (again, took) = import(&mut empty, &bytes);
    assert!(again.already_imported.is_some());
    ok &= report("Ré-import du même paquet (sans effet)", took, 500);
    let _ = (u, c, s);

    // Diverged: the partner has the file and edited 300 households; Paris edited 300
    // others and 100 of the same, then sends everything again.
    let (first, _) = export(&mut paris, to_diverged, &households);
    import(&mut diverged, &first);
    diverge(&mut diverged, &households[..400], "Aurillac");
    diverge(&mut paris, &households[300..700], "Saint-Flour");
    let (second, _) = export(&mut paris, to_diverged, &households);
    let (applied, took) = import(&mut diverged, &second);
    let (n, u, c, s) = applied.counts();
    ok &= report(
        &format!("Import + fusion, base divergente ({u} màj, {c} conflits, {s} inch.)"),
        took,
        2_000,
    );
    let _ = n;
    let (again, took) = import(&mut diverged, &second);
    assert!(again.already_imported.is_some());
    ok &= report("Ré-import dans la base divergente (sans effet)", took, 500);
    if !ok {
        println!("Au moins un budget est dépassé.");
    }
}
