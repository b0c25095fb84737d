//! Floors for the store (issue 17, DESIGN.md §8), release build: `cargo bench --bench floors`.
//!
//! The same records — the packet of 1,000 demo households, 26,611 records — written
//! (a) as raw rows into plain SQLite, (b) as raw rows into SQLCipher (same pragmas, same
//! schema, same key handling as a base), (c) through Passerelle's import and merge into
//! an empty base. Prints the three and the ratios; asserts nothing about time (a loaded
//! machine moves every figure: the load average is printed beside them).
//!
//! "Raw rows" are the rows of the real tables (id, link columns, JSON data, one stamp,
//! tombstone date, clock), serialised beforehand: the floor is SQLite's insert and
//! commit alone, without validation, merge, search index nor derived columns.

#![allow(clippy::unwrap_used)] // a benchmark: a panic is the failure report

use std::time::{Duration, Instant};

use passerelle::domain::model::*;
use passerelle::domain::record::Record;
use passerelle::exchange::packet::{self, ExportRequest, RecordLine};
use passerelle::store::{SCHEMA_VERSION, keyfile, testing};
use rusqlite::Connection;

#[path = "../tests/common/packet_fixture.rs"]
mod packet_fixture;
use packet_fixture::{HOUSEHOLDS, pin, share_registries, site};

/// Each measure is taken this many times on fresh databases; the best and the median
/// are printed (the best is the floor, the median what a worker would see).
const RUNS: usize = 5;

/// Link columns of each table (`Record::LINKS`), and the data field each one holds.
fn links(table: &str) -> &'static [&'static str] {
    match table {
        "adults" => Adult::LINKS,
        "children" => Child::LINKS,
        "cases" => Case::LINKS,
        "stage_events" => StageEvent::LINKS,
        "job_offers" => JobOffer::LINKS,
        "tutors" => Tutor::LINKS,
        "employment_follow_ups" => EmploymentFollowUp::LINKS,
        "housing_units" => HousingUnit::LINKS,
        "relay_stays" => RelayStay::LINKS,
        "proposals" => Proposal::LINKS,
        "appointments" => Appointment::LINKS,
        "attendances" => Attendance::LINKS,
        "notes" => Note::LINKS,
        "document_items" => DocumentItem::LINKS,
        "consents" => Consent::LINKS,
        _ => &[],
    }
}

/// One row ready to insert: its SQL and its values, serialised before the clock runs.
struct RawRow {
    sql: String,
    values: Vec<Option<String>>,
    hlc: i64,
}

fn raw_rows(lines: &[RecordLine]) -> Vec<RawRow> {
    lines
        .iter()
        .map(|l| {
            let cols = links(&l.table);
            let mut names = String::from("id");
            let mut marks = String::from("?1");
            let mut values = vec![l.data.get("id").and_then(|v| v.as_str()).map(String::from)];
            for c in cols {
                names.push_str(", ");
                names.push_str(c);
                values.push(
                    l.data
                        .get(*c)
                        .or_else(|| l.data.get(c.trim_end_matches("_id")))
                        .and_then(|v| v.as_str())
                        .map(String::from),
                );
                marks.push_str(&format!(", ?{}", values.len()));
            }
            // The stamp most fields share, once (as the store's compact form holds it).
            let base = l.stamps.values().max();
            values.push(Some(serde_json::to_string(&l.data).unwrap()));
            values.push(Some(serde_json::json!({ "b": base }).to_string()));
            values.push(l.deleted_at.map(|t| t.to_rfc3339()));
            let n = values.len();
            let sql = format!(
                "INSERT INTO {} ({names}, data, stamps, deleted_at, hlc) VALUES ({marks}, ?{}, ?{}, ?{}, ?{})",
                l.table,
                n - 2,
                n - 1,
                n,
                n + 1
            );
            RawRow {
                sql,
                values,
                hlc: base.map_or(0, |s| i64::try_from(s.hlc.0).unwrap_or(i64::MAX)),
            }
        })
        .collect()
}

/// Inserts every row in one transaction, cached statements, commit included.
fn insert_raw(conn: &mut Connection, rows: &[RawRow]) -> Duration {
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    for r in rows {
        let mut params: Vec<&dyn rusqlite::ToSql> =
            r.values.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
        params.push(&r.hlc);
        tx.prepare_cached(&r.sql)
            .unwrap()
            .execute(params.as_slice())
            .unwrap();
    }
    tx.commit().unwrap();
    started.elapsed()
}

fn best_and_median(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(v[0]), ms(v[v.len() / 2]))
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "inconnue".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (mut paris, households) = packet_fixture::sender(dir.path(), HOUSEHOLDS);
    println!("Charge de la machine au départ (1, 5, 15 min) : {}", load());

    let mut raw_plain = Vec::new();
    let mut raw_cipher = Vec::new();
    let mut imports = Vec::new();
    let mut merges = Vec::new();
    let mut records = 0;
    for run in 0..RUNS {
        let mut target = site(dir.path(), &format!("vide{run}.db"), "Service Aurillac");
        share_registries(&paris, &mut target);
        let to = pin(&mut paris, &target);
        pin(&mut target, &paris);
        let bytes = packet::export(
            &mut paris,
            &ExportRequest {
                partners: vec![to],
                households: households.clone(),
                include_notes: true,
                ..ExportRequest::default()
            },
        )
        .unwrap()
        .bytes;
        let lines = packet::open(&target, &bytes, None).unwrap().lines;
        records = lines.len();
        let rows = raw_rows(&lines);

        let mut plain = testing::create_plain(&dir.path().join(format!("plain{run}.db"))).unwrap();
        raw_plain.push(insert_raw(&mut plain, &rows));
        let key = keyfile::new_data_key().unwrap();
        let mut cipher = testing::create_at_version(
            &dir.path().join(format!("cipher{run}.db")),
            &key,
            SCHEMA_VERSION,
        )
        .unwrap();
        raw_cipher.push(insert_raw(&mut cipher, &rows));

        let started = Instant::now();
        let opened = packet::open(&target, &bytes, None).unwrap();
        let opened_in = started.elapsed();
        let applied = packet::apply(&mut target, &opened).unwrap();
        imports.push(started.elapsed());
        merges.push(started.elapsed() - opened_in);
        assert_eq!(
            applied.refusals().count(),
            0,
            "the bench packet is refused in part"
        );
    }
    let (plain_best, plain_med) = best_and_median(raw_plain);
    let (cipher_best, cipher_med) = best_and_median(raw_cipher);
    let (import_best, import_med) = best_and_median(imports);
    let (merge_best, merge_med) = best_and_median(merges);
    println!(
        "{records} fiches ({HOUSEHOLDS} ménages), {RUNS} passages sur des bases neuves (meilleur / médian) :"
    );
    println!("  (a) lignes brutes, SQLite en clair        {plain_best:>8.1} / {plain_med:>8.1} ms");
    println!(
        "  (b) lignes brutes, SQLCipher             {cipher_best:>8.1} / {cipher_med:>8.1} ms"
    );
    println!(
        "  (c) import + fusion Passerelle           {import_best:>8.1} / {import_med:>8.1} ms  (dont fusion seule {merge_best:.1} / {merge_med:.1} ms ; le reste : déchiffrement, signature, lecture)"
    );
    println!(
        "  SQLCipher / clair : {:.2}× (objectif ≤ 1,5×)",
        cipher_best / plain_best
    );
    println!(
        "  import / SQLCipher brut : {:.2}× (objectif ≤ 2×) ; fusion seule / SQLCipher brut : {:.2}×",
        import_best / cipher_best,
        merge_best / cipher_best
    );
    println!("  import dans une base vide : {import_best:.0} ms (objectif < 1 000 ms)");
    println!("Charge de la machine à la fin (1, 5, 15 min) : {}", load());
}
