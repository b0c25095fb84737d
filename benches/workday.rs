#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a panic is the report
//! A référente's scripted day through the real `App` (issue 17), headless through
//! egui_kittest at 1366×700, on an encrypted base of 10,000 households from the demo
//! generator: unlock, the board, open 50 households from « Ménages », edit 20 fields, move
//! 10 cases (one an early exit), the matching panel and 10 different households matched,
//! the year's report, a 1,000-household packet received from a partner and one household
//! sent, back to the board. Everything goes through the screens, as a worker would.
//!
//! It measures the wall time of **every pass of the UI thread** (the app's logic, its
//! drawing and the commands applied after the frame — everything `App::frame` does; not
//! egui's tessellation or the GPU) and prints, per step, p50 / p99 / max and the passes over
//! 16 ms with their cause (the action of the script that was running). The foil, in the
//! same run and printed beside it: the same script again with full reloads (the whole
//! board and the counts re-read on the UI thread after every command, as the app did before
//! it patched one card or row: `App::set_full_reloads`).
//!
//! `cargo bench --bench workday` (release). `PASSERELLE_WORKDAY_HOUSEHOLDS` changes the
//! size (default 10,000). Figures, not assertions: the machine is shared and noisy.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::demo::{DemoOptions, fill};
use passerelle::domain::model::*;
use passerelle::exchange::packet::{self, ExportRequest};
use passerelle::store::{KdfParams, Store, StorePaths};

#[path = "../tests/common/packet_fixture.rs"]
mod packet_fixture;
use packet_fixture::{consent_all, share_registries};

const PASSPHRASE: &str = "une journée de travail ordinaire";
/// A frame at 60 Hz.
const BUDGET_MS: f64 = 16.0;

/// Every pass of `App::frame` since the last drain: milliseconds, and the script's action
/// running then (the cause printed beside a pass over budget).
static PASSES_MS: Mutex<Vec<(f64, String)>> = Mutex::new(Vec::new());

/// The script's current action.
static ACTION: Mutex<String> = Mutex::new(String::new());

fn drain() -> Vec<(f64, String)> {
    std::mem::take(&mut *PASSES_MS.lock().unwrap())
}

fn act(what: &str) {
    *ACTION.lock().unwrap() = what.to_owned();
}

struct Step {
    name: &'static str,
    passes_ms: Vec<(f64, String)>,
    wall: Duration,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// What the screen shows (role, label or value, place), when the script is lost.
fn dump(h: &Harness<'_, App>) {
    for n in h.root().children_recursive() {
        let a = n.accesskit_node();
        if let Some(l) = a.label().or_else(|| a.value()) {
            let r = n.rect();
            eprintln!(
                "  {:?} « {l} »{} at ({:.0}, {:.0})-({:.0}, {:.0})",
                a.role(),
                a.value().map(|v| format!(" = « {v} »")).unwrap_or_default(),
                r.min.x,
                r.min.y,
                r.max.x,
                r.max.y
            );
        }
    }
}

/// Steps frames until `label` shows (background threads answer asynchronously).
fn wait_for(h: &mut Harness<'_, App>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        h.step();
        if h.query_all_by_label(label).next().is_some() {
            h.run_steps(2);
            return;
        }
        if Instant::now() > deadline {
            dump(h);
            panic!("« {label} » never appeared");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The window the script drives.
const SCREEN: egui::Rect = egui::Rect::from_min_max(egui::Pos2::ZERO, egui::pos2(1366.0, 700.0));

fn click(h: &mut Harness<'_, App>, label: &str) {
    act(&format!("clic « {label} »"));
    // A pointer click lands where the widget is drawn: below the fold of a long page (the
    // send form's « Aperçu de l'envoi » at 1,000 households), scroll to it first, as a
    // worker does; a click at y > 700 would hit nothing and the day would wait forever.
    if !SCREEN.contains_rect(h.get_by_label(label).rect()) {
        h.get_by_label(label).scroll_to_me();
        h.run_steps(3);
    }
    h.get_by_label(label).click();
    h.run_steps(3);
}

/// Like [`wait_for`], for a label containing `part`.
fn wait_for_text(h: &mut Harness<'_, App>, part: &str) {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        h.step();
        if h.query_all_by_label_contains(part).next().is_some() {
            h.run_steps(2);
            return;
        }
        if Instant::now() > deadline {
            dump(h);
            panic!("no text with « {part} » appeared");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    // The field, not its label nor the label's text run (all three carry the text).
    fn field<'a>(h: &'a Harness<'_, App>, label: &'a str) -> egui_kittest::Node<'a> {
        use egui::accesskit::Role;
        h.query_all_by_label(label)
            .find(|n| {
                matches!(
                    n.accesskit_node().role(),
                    Role::TextInput | Role::MultilineTextInput | Role::PasswordInput
                )
            })
            .unwrap_or_else(|| panic!("no field « {label} »"))
    }
    act(&format!("saisie « {label} »"));
    // A long form: bring the field into view, as a worker scrolls.
    field(h, label).scroll_to_me();
    h.run_steps(2);
    field(h, label).click();
    h.run_steps(2);
    if !field(h, label).is_focused() {
        // A click can go to closing a popup (the combo box just above): focus it directly.
        field(h, label).focus();
        h.run_steps(2);
    }
    if !field(h, label).is_focused() {
        eprintln!("workday: the field « {label} » does not take the focus");
    }
    field(h, label).type_text(text);
    h.run_steps(2);
}

/// Chooses `path` in the in-app chooser (typed as a full path).
fn choose(h: &mut Harness<'_, App>, button: &str, path: &Path, action: &str) {
    // The section's data is read on a thread: its buttons come when it answers.
    wait_for(h, button);
    click(h, button);
    wait_for(h, passerelle::ui::file_chooser::NAME_LABEL);
    let name = passerelle::ui::file_chooser::NAME_LABEL;
    h.get_by_label(name).click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label(name).type_text(path.to_str().unwrap());
    h.run_steps(2);
    click(h, action);
}

/// The labels of the rows of the household list containing `part` (up to 10 shown).
fn list_rows(h: &mut Harness<'_, App>, part: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let labels: Vec<String> = h
            .query_all_by_label_contains(part)
            .filter_map(|n| {
                let node = n.accesskit_node();
                node.label().or_else(|| node.value())
            })
            .take(10)
            .collect();
        if !labels.is_empty() {
            return labels;
        }
        assert!(
            Instant::now() < deadline,
            "the list never showed households"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// « Ménages », filtered on `filter`.
fn households_list(h: &mut Harness<'_, App>, filter: &str) {
    click(h, "Ménages");
    // The section keeps the household opened last (« Envoyer à un partenaire… » left it
    // open): back to the list first.
    h.run_steps(2);
    if h.query_by_label("Retour à la liste").is_some() {
        click(h, "Retour à la liste");
    }
    wait_for(h, "Nouveau ménage");
    act("filtre de la liste");
    h.get_by_label("Filtrer").click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label("Filtrer").type_text(filter);
    h.run_steps(3);
}

/// The script of the day after the unlock; `round` keeps the second run (the foil) on
/// other households and another packet.
fn day(
    steps: &mut Vec<Step>,
    h: &mut Harness<'_, App>,
    round: usize,
    labels: &std::collections::HashSet<String>,
    sendable: &[String],
    packet_in: &Path,
    packet_out: &Path,
) {
    run_step(steps, h, "tableau (60 images)", |h| {
        act("tableau");
        for _ in 0..60 {
            h.step();
        }
    });
    run_step(steps, h, "ouvrir 50 ménages", |h| {
        households_list(h, "Famille");
        let mut opened = 0;
        while opened < 50 {
            wait_for(h, "Nouveau ménage");
            let labels = list_rows(h, "Famille ");
            let label = &labels[(opened + round) % labels.len()];
            act("ouvrir un ménage");
            h.query_all_by_label(label).next().unwrap().click();
            h.run_steps(3);
            wait_for(h, "Retour à la liste");
            click(h, "Retour à la liste");
            opened += 1;
        }
    });
    run_step(steps, h, "modifier 20 champs", |h| {
        for i in 0..20 {
            wait_for(h, "Nouveau ménage");
            let labels = list_rows(h, "Famille ");
            let label = &labels[(i + 3 * round) % labels.len()];
            act("ouvrir un ménage");
            h.query_all_by_label(label).next().unwrap().click();
            h.run_steps(3);
            wait_for(h, "Modifier le ménage");
            click(h, "Modifier le ménage");
            // The first field: the form stays scrolled to its top, its buttons in view.
            wait_for(h, "Nom du ménage");
            type_into(h, "Nom du ménage", &format!(" {round}{i}"));
            click(h, "Enregistrer (Entrée)");
            // Saved when the form closes; else say so and cancel it.
            let deadline = Instant::now() + Duration::from_secs(3);
            while h
                .query_all_by_label("Enregistrer (Entrée)")
                .next()
                .is_some()
                && Instant::now() < deadline
            {
                h.step();
                std::thread::sleep(Duration::from_millis(5));
            }
            if h.query_all_by_label("Enregistrer (Entrée)")
                .next()
                .is_some()
            {
                let shown: Vec<String> = h
                    .query_all_by_label_contains("")
                    .filter_map(|n| n.accesskit_node().label())
                    .filter(|l| l.len() > 40)
                    .take(3)
                    .collect();
                println!("workday: edit {i} of round {round} not saved, cancelled: {shown:?}");
                click(h, "Annuler (Échap)");
            }
            click(h, "Retour à la liste");
        }
    });
    run_step(steps, h, "déplacer 10 dossiers", |h| {
        click(h, "Tableau");
        wait_for(h, "Nouveau dossier");
        for i in 0..10 {
            let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 700.0));
            let cards: Vec<String> = h
                .query_all_by_label_contains(" — ")
                .filter(|n| screen.contains_rect(n.rect()))
                .filter_map(|n| n.accesskit_node().label())
                .filter(|l| l.contains(" depuis ") && !l.contains("Sortie anticipée depuis"))
                .take(12)
                .collect();
            let card = cards[(i + round) % cards.len()].clone();
            act("menu d'un dossier");
            h.get_by_label(&card).click_secondary();
            h.run_steps(3);
            wait_for(h, "Passer à l'étape…");
            click(h, "Passer à l'étape…");
            h.run_steps(3);
            if i == 9 {
                click(h, "Sortie anticipée");
                act("motif de sortie");
                h.get_by_role_and_label(
                    egui::accesskit::Role::ComboBox,
                    "Motif de la sortie anticipée (obligatoire)",
                )
                .click();
                h.run_steps(3);
                h.query_all_by_label("Emploi non trouvé")
                    .last()
                    .expect("the reason in the list")
                    .click();
                h.run_steps(3);
                type_into(
                    h,
                    "Précisions (obligatoire)",
                    "Banc d'essai : sortie anticipée",
                );
            } else {
                let to = ["Validation", "Diagnostic", "Recherche de postes"]
                    .into_iter()
                    .find(|s| h.query_by_label(s).is_some())
                    .unwrap();
                click(h, to);
            }
            if i == 9 && std::env::var("PASSERELLE_WORKDAY_DUMP").is_ok() {
                dump(h);
            }
            click(h, "Déplacer");
            // Moved when the dialog closes (the foil's full reload drops the undo, so that
            // is not the sign); else say why and close the dialog.
            let deadline = Instant::now() + Duration::from_secs(10);
            while h.query_all_by_label("Déplacer").next().is_some() && Instant::now() < deadline {
                h.step();
                std::thread::sleep(Duration::from_millis(5));
            }
            if h.query_all_by_label("Déplacer").next().is_some() {
                let shown: Vec<String> = h
                    .query_all_by_label_contains("")
                    .filter_map(|n| n.accesskit_node().label())
                    .filter(|l| l.len() > 30)
                    .collect();
                println!("workday: move {i} of round {round} refused, dialog closed: {shown:?}");
                click(h, "Annuler");
            }
        }
    });
    run_step(steps, h, "rapprochement (10 fois)", |h| {
        for _ in 0..10 {
            click(h, "Tableau");
            click(h, "Rapprochement");
            wait_for(h, "Règles du classement");
        }
    });
    run_step(steps, h, "rapprocher 10 ménages", |h| {
        // Waits for the section's data, then picks 10 different households in the picker.
        let deadline = Instant::now() + Duration::from_secs(120);
        while h
            .query_by_label(passerelle::ui::matching::LOADING_LABEL)
            .is_some()
        {
            assert!(Instant::now() < deadline, "the matching data never came");
            h.step();
            std::thread::sleep(Duration::from_millis(5));
        }
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 700.0));
        let mut done: Vec<String> = Vec::new();
        while done.len() < 10 {
            // The picker shows the household being matched.
            act("ouvrir la liste des ménages du rapprochement");
            let picker = {
                // The combo box showing a household's name, else the first one (the
                // household picker comes before the filters).
                let node = h
                    .query_all_by_role(egui::accesskit::Role::ComboBox)
                    .find(|n| {
                        let a = n.accesskit_node();
                        a.label()
                            .or_else(|| a.value())
                            .is_some_and(|l| labels.contains(&l))
                    })
                    .or_else(|| h.query_all_by_role(egui::accesskit::Role::ComboBox).next());
                let Some(node) = node else {
                    println!("workday: no household picker found in « Rapprochement »");
                    break;
                };
                let a = node.accesskit_node();
                let label = a.label().or_else(|| a.value()).unwrap_or_default();
                node.click();
                label
            };
            h.run_steps(3);
            // The open list lays out only the rows in view: scroll it down for a household
            // not matched yet, as a worker does.
            let mut next = None;
            for _ in 0..6 {
                next = h
                    .query_all_by_label_contains("")
                    .filter(|n| screen.contains_rect(n.rect()))
                    .filter_map(|n| n.accesskit_node().label())
                    .find(|l| labels.contains(l) && *l != picker && !done.contains(l));
                if next.is_some() {
                    break;
                }
                act("faire défiler la liste des ménages du rapprochement");
                let Some(row) = h
                    .query_all_by_role(egui::accesskit::Role::Button)
                    .chain(h.query_all_by_label_contains(""))
                    .filter(|n| screen.contains_rect(n.rect()))
                    .find(|n| {
                        n.accesskit_node()
                            .label()
                            .is_some_and(|l| labels.contains(&l))
                    })
                else {
                    break;
                };
                row.scroll_down();
                h.run_steps(3);
            }
            let Some(label) = next else {
                h.key_press(egui::Key::Escape);
                h.run_steps(2);
                break;
            };
            act("choisir un ménage à rapprocher");
            h.query_all_by_label(&label)
                .find(|n| screen.contains_rect(n.rect()))
                .unwrap()
                .click();
            h.run_steps(5);
            done.push(label);
        }
        if done.len() < 10 {
            println!(
                "workday: only {} households picked in « Rapprochement » (round {round})",
                done.len()
            );
        }
    });
    run_step(steps, h, "rapport de l'année", |h| {
        click(h, "Rapports");
        wait_for(h, "Calculer");
        click(h, "Année dernière");
        click(h, "Calculer");
        h.run_steps(5);
    });
    run_step(steps, h, "recevoir 1 000 ménages", |h| {
        click(h, "Échanges");
        click(h, "Recevoir un dossier");
        choose(h, "Ouvrir un paquet…", packet_in, "Ouvrir ce fichier");
        act("aperçu du paquet");
        wait_for(h, "Appliquer");
        click(h, "Appliquer");
        act("application du paquet");
        wait_for_text(h, "importé");
    });
    run_step(steps, h, "envoyer un ménage", |h| {
        // One of ours with consent for the partner (a household received from Aurillac has
        // none here, and its preview would refuse the packet).
        let mine = &sendable[round % sendable.len()];
        households_list(h, mine);
        wait_for(h, "Nouveau ménage");
        let rows = list_rows(h, mine);
        act("ouvrir un ménage");
        h.query_all_by_label(&rows[0]).next().unwrap().click();
        h.run_steps(3);
        wait_for(h, "Envoyer à un partenaire…");
        click(h, "Envoyer à un partenaire…");
        wait_for(h, "1 choisi");
        // The partner ticked (it may still be from the first round).
        let partner = "Aurillac Insertion (Partenaire d'accompagnement)";
        let ticked = h
            .get_by_label(partner)
            .accesskit_node()
            .toggled()
            .is_some_and(|t| t == egui::accesskit::Toggled::True);
        if !ticked {
            click(h, partner);
        }
        click(h, "Aperçu de l'envoi");
        wait_for(h, "Champs transmis, selon le rôle :");
        choose(h, "Enregistrer le paquet…", packet_out, "Enregistrer ici");
        act("écriture du paquet");
        wait_for_text(h, "Paquet enregistré");
    });
    run_step(steps, h, "retour au tableau", |h| {
        click(h, "Tableau");
        wait_for(h, "Nouveau dossier");
        act("tableau");
        for _ in 0..10 {
            h.step();
        }
    });
}

/// p50, p99, max, passes over budget.
fn figures(step: &Step) -> (f64, f64, f64, usize) {
    let mut sorted: Vec<f64> = step.passes_ms.iter().map(|p| p.0).collect();
    sorted.sort_by(f64::total_cmp);
    let over = sorted.iter().filter(|&&ms| ms > BUDGET_MS).count();
    (
        percentile(&sorted, 50.0),
        percentile(&sorted, 99.0),
        sorted.last().copied().unwrap_or(0.0),
        over,
    )
}

fn run_step(
    steps: &mut Vec<Step>,
    h: &mut Harness<'_, App>,
    name: &'static str,
    script: impl FnOnce(&mut Harness<'_, App>),
) {
    // `PASSERELLE_WORKDAY_STEPS=envoyer,rapport`: only those steps (and the unlock), to
    // look at one step without the whole day.
    if let Ok(only) = std::env::var("PASSERELLE_WORKDAY_STEPS")
        && !name.starts_with("déverrouiller")
        && !only.split(',').any(|part| name.contains(part.trim()))
    {
        return;
    }
    drain();
    eprintln!("workday: {name}");
    let started = Instant::now();
    script(h);
    let step = Step {
        name,
        passes_ms: drain(),
        wall: started.elapsed(),
    };
    // Printed at once: a run that stops later still tells this much.
    let (p50, p99, max, over) = figures(&step);
    let worst = step
        .passes_ms
        .iter()
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|p| p.1.clone())
        .unwrap_or_default();
    eprintln!(
        "workday: {name}: {} passes, p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms \
         (during: {worst}), {over} over 16 ms, {:.2} s",
        step.passes_ms.len(),
        step.wall.as_secs_f64()
    );
    steps.push(step);
}

fn main() {
    let households: usize = std::env::var("PASSERELLE_WORKDAY_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    // Never the real data directory.
    let dir = tempfile::tempdir().unwrap();
    // SAFETY: single-threaded here, before any harness or worker thread exists.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("PASSERELLE_FILE_DIALOG", "0");
    }
    let paths = StorePaths::beside(dir.path().join("journee.db"));
    let started = Instant::now();
    // The partner « Aurillac Insertion » sends two packets of 1,000 households (one per
    // round); both installations pinned each other's card.
    let packets = [dir.path().join("recu-1.age"), dir.path().join("recu-2.age")];
    let sent = [
        dir.path().join("envoi-1.age"),
        dir.path().join("envoi-2.age"),
    ];
    let (labels, sendable): (std::collections::HashSet<String>, Vec<String>) = {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        fill(
            &mut store,
            &DemoOptions {
                households,
                seed: 2026,
            },
        )
        .unwrap();
        consent_all(&mut store, PartnerRole::Accompagnement);
        let other_paths = StorePaths::beside(dir.path().join("aurillac.db"));
        let (mut other, _) = Store::create(&other_paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        fill(
            &mut other,
            &DemoOptions {
                households: 2_000,
                seed: 17,
            },
        )
        .unwrap();
        let theirs = consent_all(&mut other, PartnerRole::Accompagnement);
        share_registries(&other, &mut store);
        packet::ensure_identity(&mut store, Some("Relais Paris")).unwrap();
        packet::ensure_identity(&mut other, Some("Aurillac Insertion")).unwrap();
        let card = packet::identity(&other).unwrap().contact_card();
        packet::add_partner(&mut store, &card, PartnerRole::Accompagnement, "").unwrap();
        let card = packet::identity(&store).unwrap().contact_card();
        let to_paris = packet::add_partner(&mut other, &card, PartnerRole::Accompagnement, "")
            .unwrap()
            .id;
        for (i, path) in packets.iter().enumerate() {
            let out = packet::export(
                &mut other,
                &ExportRequest {
                    partners: vec![to_paris],
                    role: Some(PartnerRole::Accompagnement),
                    households: theirs[i * 1_000..(i + 1) * 1_000].to_vec(),
                    include_notes: true,
                    ..ExportRequest::default()
                },
            )
            .unwrap();
            std::fs::write(path, out.bytes).unwrap();
        }
        // The households sent, one per round: ours, with consent for the partner, under a
        // name no received household has (a received one has no consent here and its
        // preview would refuse the packet).
        let mut sendable = Vec::new();
        let mut mine = store.list::<Household>().unwrap();
        mine.truncate(2);
        store
            .write(|tx| {
                for (i, h) in mine.iter_mut().enumerate() {
                    h.label = format!("Famille Envoi-{}", i + 1);
                    sendable.push(h.label.clone());
                    tx.put(h)?;
                }
                Ok(())
            })
            .unwrap();
        let ours: std::collections::HashSet<String> = store
            .list::<Household>()
            .unwrap()
            .into_iter()
            .map(|h| h.label)
            .collect();
        (ours, sendable)
    };
    println!(
        "workday: base of {households} households and two packets of 1,000 built in {:.1} s \
         (not measured)",
        started.elapsed().as_secs_f64()
    );

    let app = App::with_kdf(paths.clone(), KdfParams::FLOOR);
    let mut h = Harness::builder()
        .with_size([1366.0, 700.0])
        .build_ui_state(
            |ui, app: &mut App| {
                let t = Instant::now();
                app.frame(ui);
                let action = ACTION.lock().unwrap().clone();
                PASSES_MS
                    .lock()
                    .unwrap()
                    .push((t.elapsed().as_secs_f64() * 1000.0, action));
            },
            app,
        );
    let mut steps = Vec::new();

    run_step(&mut steps, &mut h, "déverrouiller jusqu'au tableau", |h| {
        wait_for(h, "Déverrouiller");
        type_into(h, "Phrase de passe", PASSPHRASE);
        let clicked = Instant::now();
        click(h, "Déverrouiller");
        act("chargement du tableau");
        wait_for(h, "Nouveau dossier");
        // Issue 17: unlock to a usable board = key derivation (here the floor parameters,
        // not the ~0.7 s calibrated at creation) + under 300 ms.
        println!(
            "workday: from « Déverrouiller » to the board: {:.0} ms (key derivation at the \
             floor parameters included)",
            clicked.elapsed().as_secs_f64() * 1000.0
        );
    });
    day(
        &mut steps,
        &mut h,
        0,
        &labels,
        &sendable,
        &packets[0],
        &sent[0],
    );

    // The foil: the same script again, with full reloads after every command.
    h.state_mut().set_full_reloads(true);
    let mut foil = Vec::new();
    day(
        &mut foil,
        &mut h,
        1,
        &labels,
        &sendable,
        &packets[1],
        &sent[1],
    );

    println!(
        "workday: {households} households, 1366×700, passes of App::frame on the UI thread \
         (ms); foil: the same script with the whole board and the counts re-read after every \
         command"
    );
    println!(
        "{:<32} {:>6} {:>7} {:>7} {:>7} {:>6} {:>8} | {:>7} {:>7} {:>7} {:>6} | {:>9}",
        "step",
        "passes",
        "p50",
        "p99",
        "max",
        ">16ms",
        "wall s",
        "foil50",
        "foil99",
        "foilmax",
        ">16ms",
        "max ratio"
    );
    let mut worst = 0.0_f64;
    let mut foil_worst = 0.0_f64;
    for step in &steps {
        let (p50, p99, max, over) = figures(step);
        worst = worst.max(max);
        let other = foil.iter().find(|f| f.name == step.name);
        let line = format!(
            "{:<32} {:>6} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>8.2}",
            step.name,
            step.passes_ms.len(),
            p50,
            p99,
            max,
            over,
            step.wall.as_secs_f64()
        );
        match other {
            Some(f) => {
                let (f50, f99, fmax, fover) = figures(f);
                foil_worst = foil_worst.max(fmax);
                println!(
                    "{line} | {f50:>7.2} {f99:>7.2} {fmax:>7.2} {fover:>6} | {:>8.1}×",
                    fmax / max.max(0.001)
                );
            }
            None => println!("{line} |"),
        }
    }
    for (title, list) in [("this round", &steps), ("foil", &foil)] {
        for step in list {
            for (i, (ms, cause)) in step.passes_ms.iter().enumerate() {
                if *ms > BUDGET_MS {
                    println!(
                        "    {title}: pass {i} of « {} »: {ms:.1} ms, during: {cause}",
                        step.name
                    );
                }
            }
        }
    }
    println!(
        "worst pass: {worst:.1} ms; with full reloads: {foil_worst:.1} ms (ratio {:.1})",
        foil_worst / worst.max(0.001)
    );
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("machine load (1, 5, 15 min): {}", load.trim());
    }
}
