#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a panic is the report
//! A référente's scripted day through the real `App` (issue 17), headless through
//! egui_kittest at 1366×700, on an encrypted base of 10,000 households from the demo
//! generator: unlock, the board, open households from « Ménages », the matching panel, the
//! year's report, back to the board.
//!
//! It measures the wall time of **every pass of the UI thread** (the app's logic, its
//! drawing and the commands applied after the frame — everything `App::frame` does; not
//! egui's tessellation or the GPU) and prints, per step, p50 / p99 / max and the passes over
//! 16 ms. The foil, measured in the same run: the work the unlock frame did on the UI thread
//! before this round (reading the whole board and the counts), timed directly.
//!
//! `cargo bench --bench workday` (release). `PASSERELLE_WORKDAY_HOUSEHOLDS` changes the
//! size (default 10,000). Figures, not assertions: the machine is shared and noisy.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::demo::{DemoOptions, fill};
use passerelle::store::{KdfParams, Store, StorePaths};

const PASSPHRASE: &str = "une journée de travail ordinaire";
/// A frame at 60 Hz.
const BUDGET_MS: f64 = 16.0;

/// Every pass of `App::frame` since the last drain, in milliseconds.
static PASSES_MS: Mutex<Vec<f64>> = Mutex::new(Vec::new());

fn drain() -> Vec<f64> {
    std::mem::take(&mut *PASSES_MS.lock().unwrap())
}

struct Step {
    name: &'static str,
    passes_ms: Vec<f64>,
    wall: Duration,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Steps frames until `label` shows (background threads answer asynchronously).
fn wait_for(h: &mut Harness<'_, App>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        h.step();
        if h.query_by_label(label).is_some() {
            h.run_steps(2);
            return;
        }
        assert!(Instant::now() < deadline, "« {label} » never appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(3);
}

fn run_step(
    steps: &mut Vec<Step>,
    h: &mut Harness<'_, App>,
    name: &'static str,
    script: impl FnOnce(&mut Harness<'_, App>),
) {
    drain();
    let started = Instant::now();
    script(h);
    steps.push(Step {
        name,
        passes_ms: drain(),
        wall: started.elapsed(),
    });
}

fn main() {
    let households: usize = std::env::var("PASSERELLE_WORKDAY_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    // Never the real data directory.
    let dir = tempfile::tempdir().unwrap();
    // SAFETY: single-threaded here, before any harness or worker thread exists.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("PASSERELLE_FILE_DIALOG", "0");
    }
    let paths = StorePaths::beside(dir.path().join("journee.db"));
    let started = Instant::now();
    {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        fill(
            &mut store,
            &DemoOptions {
                households,
                seed: 2026,
            },
        )
        .unwrap();
    }
    println!(
        "workday: base of {households} households built in {:.1} s (not measured)",
        started.elapsed().as_secs_f64()
    );

    // The foil: what the unlock frame did on the UI thread before (the whole board of the
    // first programme and the counts), timed directly on the same base.
    let foil_ms = {
        let store = Store::unlock(&paths, PASSPHRASE).unwrap();
        let mut runs = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let board = passerelle::app::load_board(&store, None).unwrap();
            let counts = store.summary().unwrap();
            std::hint::black_box((board, counts));
            runs.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        runs.sort_by(f64::total_cmp);
        runs[runs.len() / 2]
    };

    let app = App::with_kdf(paths.clone(), KdfParams::FLOOR);
    let mut h = Harness::builder()
        .with_size([1366.0, 700.0])
        .build_ui_state(
            |ui, app: &mut App| {
                let t = Instant::now();
                app.frame(ui);
                PASSES_MS
                    .lock()
                    .unwrap()
                    .push(t.elapsed().as_secs_f64() * 1000.0);
            },
            app,
        );
    let mut steps = Vec::new();

    run_step(&mut steps, &mut h, "déverrouiller jusqu'au tableau", |h| {
        wait_for(h, "Déverrouiller");
        h.get_by_label("Phrase de passe").click();
        h.run_steps(2);
        h.get_by_label("Phrase de passe").type_text(PASSPHRASE);
        h.run_steps(2);
        click(h, "Déverrouiller");
        wait_for(h, "Nouveau dossier");
    });
    run_step(&mut steps, &mut h, "tableau (60 images)", |h| {
        for _ in 0..60 {
            h.step();
        }
    });
    run_step(&mut steps, &mut h, "ouvrir 50 ménages", |h| {
        let mut opened = 0;
        click(h, "Ménages");
        wait_for(h, "Nouveau ménage");
        // Households named « Famille … » (sorted A-Z, the first rows of a large base are
        // households named after a person).
        h.get_by_label("Filtrer").click();
        h.run_steps(2);
        h.get_by_label("Filtrer").type_text("Famille");
        h.run_steps(3);
        while opened < 50 {
            wait_for(h, "Nouveau ménage");
            // The rows shown (the list draws only what is on screen; its view model is
            // built off the UI thread, so the rows come a few frames later).
            let deadline = Instant::now() + Duration::from_secs(120);
            let labels: Vec<String> = loop {
                let labels: Vec<String> = h
                    .query_all_by_label_contains("Famille ")
                    .filter_map(|n| {
                        let node = n.accesskit_node();
                        node.label().or_else(|| node.value())
                    })
                    .take(10)
                    .collect();
                if !labels.is_empty() {
                    break labels;
                }
                assert!(
                    Instant::now() < deadline,
                    "the list never showed households"
                );
                h.step();
                std::thread::sleep(Duration::from_millis(5));
            };
            for label in labels.iter().skip(opened % 3).take(1) {
                h.query_all_by_label(label).next().unwrap().click();
                h.run_steps(3);
                wait_for(h, "Retour à la liste");
                click(h, "Retour à la liste");
                opened += 1;
            }
        }
    });
    run_step(&mut steps, &mut h, "rapprochement (10 fois)", |h| {
        for _ in 0..10 {
            click(h, "Tableau");
            click(h, "Rapprochement");
            wait_for(h, "Règles du classement");
        }
    });
    run_step(&mut steps, &mut h, "rapport de l'année", |h| {
        click(h, "Rapports");
        wait_for(h, "Calculer");
        click(h, "Année dernière");
        click(h, "Calculer");
        h.run_steps(5);
    });
    run_step(&mut steps, &mut h, "retour au tableau", |h| {
        click(h, "Tableau");
        wait_for(h, "Nouveau dossier");
        for _ in 0..10 {
            h.step();
        }
    });

    println!(
        "workday: {households} households, 1366×700, passes of App::frame on the UI thread (ms)"
    );
    println!(
        "{:<34} {:>6} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "step", "passes", "p50", "p99", "max", ">16 ms", "wall (s)"
    );
    let mut worst = 0.0_f64;
    for step in &steps {
        let mut sorted = step.passes_ms.clone();
        sorted.sort_by(f64::total_cmp);
        let over = sorted.iter().filter(|&&ms| ms > BUDGET_MS).count();
        let max = sorted.last().copied().unwrap_or(0.0);
        worst = worst.max(max);
        println!(
            "{:<34} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>8} {:>9.2}",
            step.name,
            sorted.len(),
            percentile(&sorted, 50.0),
            percentile(&sorted, 99.0),
            max,
            over,
            step.wall.as_secs_f64()
        );
        for (i, ms) in step.passes_ms.iter().enumerate() {
            if *ms > BUDGET_MS {
                println!("    pass {i} of « {} »: {ms:.1} ms", step.name);
            }
        }
    }
    println!(
        "foil: the unlock frame before this round (whole board + counts on the UI thread): \
         {foil_ms:.1} ms; worst pass measured now: {worst:.1} ms (ratio {:.2})",
        worst / foil_ms
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("machine load (1, 5, 15 min): {}", load.trim());
    }
}
