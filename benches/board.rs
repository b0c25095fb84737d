//! The board's performance budget (DESIGN.md §8, issue 3), release build:
//!
//! 1. frame CPU time (egui layout + tessellation) of the real board at 1,000, 10,000 and
//!    100,000 synthetic cards, against a naive layout of every card measured in the same
//!    run (the foil); p50/p99 and the ratio;
//! 2. the rebuild of the board's view model after a move at 10,000 cases, from an
//!    encrypted store filled by the demo generator: what the app does (the move's write
//!    transaction, then one card re-read and the columns regrouped), and, for reference,
//!    a full reload.
//!
//! `CARGO_TARGET_DIR=/work/target-release cargo bench --bench board`

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use egui::{Frame, Margin, RawInput, Rect, RichText, pos2, vec2};
use passerelle::command::Command;
use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::board::{BoardCard, MoveRequest};
use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme};
use passerelle::store::{KdfParams, Store, StorePaths};
use passerelle::ui::board::{BoardView, board_ui};
use uuid::Uuid;

/// A small deterministic generator (no dependency for a benchmark's random data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const NAMES: [&str; 8] = [
    "Famille Martin",
    "Famille Diallo",
    "Famille Nguyen",
    "Famille Haddad",
    "Famille Lefebvre",
    "Famille Traoré",
    "Famille Petit",
    "Famille Moreau",
];
const COMMUNES: [&str; 5] = [
    "Aurillac",
    "Saint-Flour",
    "Mauriac",
    "Arpajon-sur-Cère",
    "Murat",
];
const REFERENTS: [&str; 4] = ["Claire", "Malik", "Sophie", "Youssef"];

fn synthetic_cards(n: usize, today: NaiveDate) -> Vec<BoardCard> {
    let programme = default_programme();
    let mut rng = Lcg(2014);
    (0..n)
        .map(|i| {
            let stage = &programme.stages[rng.below(programme.stages.len() as u64) as usize];
            let days = rng.below(400) as i64;
            let since = Utc.from_utc_datetime(
                &(today - chrono::Duration::days(days))
                    .and_hms_opt(10, 0, 0)
                    .unwrap_or_default(),
            );
            BoardCard {
                case_id: Uuid::from_u128(i as u128 + 1),
                household_id: Uuid::from_u128(1_000_000 + i as u128),
                household_label: format!("{} {i}", NAMES[i % NAMES.len()]),
                adults: 1 + rng.below(2) as u32,
                children: rng.below(4) as u32,
                commune: COMMUNES[i % COMMUNES.len()].to_owned(),
                referent: REFERENTS[i % REFERENTS.len()].to_owned(),
                stage_id: Some(stage.id),
                stage_since: Some(since),
                opened_on: today - chrono::Duration::days(days + 10),
                active: !stage.is_exit,
                last_contact: Some(since),
                next_appointment: (rng.below(3) == 0)
                    .then(|| since + chrono::Duration::days(days + 5)),
                consent_missing: rng.below(10) == 0,
                documents_missing: rng.below(3) == 0,
                proposal_waiting: rng.below(5) == 0,
            }
        })
        .collect()
}

fn input(frame: u64) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1366.0, 768.0))),
        time: Some(frame as f64 / 60.0),
        ..RawInput::default()
    }
}

/// The naive foil: every card of every column laid out with ordinary widgets in plain
/// scroll areas (what the board would cost without `show_rows`).
fn naive_ui(ui: &mut egui::Ui, view: &BoardView) {
    egui::ScrollArea::horizontal().show(ui, |ui| {
        ui.horizontal_top(|ui| {
            for (ci, column) in view.columns.iter().enumerate() {
                ui.vertical(|ui| {
                    ui.set_width(250.0);
                    let label = column.stage.as_ref().map_or("?", |s| s.label.as_str());
                    ui.strong(format!("{label} ({})", column.cards.len()));
                    egui::ScrollArea::vertical()
                        .id_salt(("naive", ci))
                        .show(ui, |ui| {
                            for &pos in &column.cards {
                                let card = &view.cards[pos as usize];
                                let text = &view.texts[pos as usize];
                                Frame::group(ui.style()).inner_margin(Margin::same(6)).show(
                                    ui,
                                    |ui| {
                                        ui.set_width(236.0);
                                        ui.label(RichText::new(&card.household_label).strong());
                                        ui.label(&text.household);
                                        ui.label(&text.follow_up);
                                    },
                                );
                            }
                        });
                });
            }
        });
    });
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Frame times of `draw` on a fresh context: warm-up, then `frames` measured frames.
fn measure(frames: usize, mut draw: impl FnMut(&mut egui::Ui)) -> (Duration, Duration) {
    let ctx = egui::Context::default();
    passerelle::ui::apply_style(&ctx);
    let mut times = Vec::with_capacity(frames);
    for frame in 0..(frames + 5) as u64 {
        let start = Instant::now();
        let output = ctx.run_ui(input(frame), |ui| {
            egui::CentralPanel::default().show(ui, |ui| draw(ui));
        });
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        black_box(primitives);
        if frame >= 5 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn frames_bench() {
    let today = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap_or_default();
    println!(
        "Frame CPU time (layout + tessellation, 1366×768), board vs naive layout of all cards"
    );
    println!(
        "{:>8} | {:>17} | {:>17} | {:>10} | {:>9}",
        "cards", "board p50 / p99", "naive p50 / p99", "ratio p50", "build"
    );
    for n in [1_000usize, 10_000, 100_000] {
        let cards = synthetic_cards(n, today);
        let programme = default_programme();
        let start = Instant::now();
        let mut view = BoardView::new(vec![programme.clone()], programme, cards, today);
        let build = start.elapsed();
        let mut commands: Vec<Command> = Vec::new();
        let (b50, b99) = measure(300, |ui| {
            board_ui(ui, &mut view, &mut commands);
            commands.clear();
        });
        let naive_frames = match n {
            1_000 => 60,
            10_000 => 15,
            _ => 4,
        };
        let (n50, n99) = measure(naive_frames, |ui| naive_ui(ui, &view));
        println!(
            "{n:>8} | {:>7.3} / {:>6.3} ms | {:>7.1} / {:>6.1} ms | {:>9.0}× | {:>6.1} ms",
            ms(b50),
            ms(b99),
            ms(n50),
            ms(n99),
            n50.as_secs_f64() / b50.as_secs_f64(),
            ms(build)
        );
    }
}

fn rebuild_bench() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            println!("rebuild: no temporary directory ({e})");
            return;
        }
    };
    let paths = StorePaths::beside(dir.path().join("bench.db"));
    let Ok((mut store, _)) = Store::create(&paths, "phrase de passe du banc", KdfParams::FLOOR)
    else {
        println!("rebuild: store not created");
        return;
    };
    let start = Instant::now();
    if let Err(e) = fill(
        &mut store,
        &DemoOptions {
            households: 10_000,
            seed: 2014,
        },
    ) {
        println!("rebuild: demo failed: {e}");
        return;
    }
    println!(
        "\nRebuild after a move, encrypted store with 10,000 demo households (filled in {:.1} s)",
        start.elapsed().as_secs_f64()
    );

    let load = |store: &Store| {
        let programmes = store.board_programmes().unwrap_or_default();
        let programme = programmes
            .first()
            .cloned()
            .unwrap_or_else(default_programme);
        let cards = store.board_cards(programme.id).unwrap_or_default();
        BoardView::new(programmes, programme, cards, store.now().date_naive())
    };
    let mut full = Vec::new();
    let mut view = load(&store);
    for _ in 0..5 {
        let start = Instant::now();
        view = black_box(load(&store));
        full.push(start.elapsed());
    }
    full.sort();
    println!(
        "  full reload (all cards, set-based queries + view model): p50 {:.1} ms",
        ms(percentile(&full, 0.5))
    );

    let programme = view.programme.clone();
    let working: Vec<_> = programme
        .stages
        .iter()
        .filter(|s| !s.is_exit)
        .map(|s| s.id)
        .collect();
    let cases: Vec<_> = view
        .cards
        .iter()
        .filter(|c| c.active)
        .map(|c| (c.case_id, c.stage_id))
        .take(40)
        .collect();
    let mut writes = Vec::new();
    let mut rebuilds = Vec::new();
    for (case_id, current) in cases {
        let to_stage = working
            .iter()
            .copied()
            .find(|s| Some(*s) != current)
            .unwrap_or(working[0]);
        let request = MoveRequest {
            case_id,
            to_stage,
            comment: String::new(),
            exit_reason: None,
            exit_details: String::new(),
        };
        let start = Instant::now();
        if store.move_case(&request, "Banc").is_err() {
            continue;
        }
        let written = Instant::now();
        if let Ok(Some(card)) = store.board_card(DEFAULT_PROGRAMME_ID, case_id) {
            view.upsert_card(card);
        }
        rebuilds.push(written.elapsed());
        writes.push(written - start);
    }
    writes.sort();
    rebuilds.sort();
    println!(
        "  move write (one transaction: case + history entry): p50 {:.2} ms, p99 {:.2} ms",
        ms(percentile(&writes, 0.5)),
        ms(percentile(&writes, 0.99))
    );
    println!(
        "  view model rebuild after the move (one card re-read + regroup of 10,000): p50 {:.2} ms, p99 {:.2} ms  (target < 5 ms)",
        ms(percentile(&rebuilds, 0.5)),
        ms(percentile(&rebuilds, 0.99))
    );
}

fn main() {
    frames_bench();
    rebuild_bench();
}
