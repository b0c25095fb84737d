//! The « Rapprochement » panel driven through its real widgets (egui_kittest): open it on a
//! demo household, see ranked offers with their explanations, create a proposal, decline
//! it with a reason, and see it ranked down.

#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report

use std::sync::Once;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::demo::{self, DemoOptions};
use passerelle::store::{KdfParams, Store, StorePaths};

const PASSPHRASE: &str = "le chat dort sur le toit";

fn isolate_platform_dirs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        // SAFETY: runs once, before any harness exists; nothing else reads the environment.
        unsafe {
            std::env::set_var("XDG_DATA_HOME", dir.join("data"));
            std::env::set_var("XDG_CONFIG_HOME", dir.join("config"));
        }
    });
}

fn wait_for(harness: &mut Harness<'_, App>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if harness.query_by_label(label).is_some() {
            harness.run_steps(2);
            return;
        }
        assert!(Instant::now() < deadline, "« {label} » never appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

/// Labels of the shown cards' titles ("1. Maçon·ne — …"), in order.
fn card_titles(harness: &Harness<'_, App>) -> Vec<String> {
    let mut titles: Vec<(usize, String)> = harness
        .query_all_by_label_contains(". ")
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .filter_map(|l| {
            let (rank, rest) = l.split_once(". ")?;
            Some((rank.parse::<usize>().ok()?, rest.to_string()))
        })
        .collect();
    titles.sort();
    titles.dedup();
    titles.into_iter().map(|t| t.1).collect()
}

#[test]
fn rank_explain_propose_decline_and_rank_down() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        demo::fill(
            &mut store,
            &DemoOptions {
                households: 12,
                seed: 7,
            },
        )
        .unwrap();
    }
    let app = App::with_kdf(paths, KdfParams::FLOOR);
    let mut harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app);
    wait_for(&mut harness, "Déverrouiller");
    harness.get_by_label("Phrase de passe").click();
    harness.run_steps(2);
    harness
        .get_by_label("Phrase de passe")
        .type_text(PASSPHRASE);
    harness.run_steps(2);
    click(&mut harness, "Déverrouiller");
    wait_for(&mut harness, "Rapprochement");
    click(&mut harness, "Rapprochement");

    // A household is chosen, the offers are ranked, every criterion explained.
    assert!(
        harness
            .query_all_by_label_contains("Offres d'emploi (")
            .next()
            .is_some()
    );
    let before = card_titles(&harness);
    assert!(!before.is_empty(), "no ranked offer");
    let summaries = harness.query_all_by_label_contains("critère").count();
    assert!(
        summaries >= before.len(),
        "every card says how many criteria are met"
    );
    assert!(
        harness
            .query_all_by_label_contains("emploi durable")
            .next()
            .is_some()
            || harness
                .query_all_by_label_contains("pas un emploi durable")
                .next()
                .is_some()
    );
    assert!(
        harness
            .query_all_by_label_contains("métier recherché par")
            .next()
            .is_some()
            || harness
                .query_all_by_label_contains("ne correspond pas au métier")
                .next()
                .is_some(),
        "the trade criterion is explained"
    );

    // « Positionner » the first offer.
    let first = before[0].clone();
    harness
        .query_all_by_label("Positionner")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(&mut harness, "Positionné : Proposé");
    assert!(
        harness
            .query_by_label("Positionnement créé (statut « Proposé »).")
            .is_some()
    );

    // Decline it, by the household, with a reason.
    // The first card's button (another demo proposal may be under way further down).
    harness
        .query_all_by_label("Refusé…")
        .next()
        .unwrap()
        .scroll_to_me();
    harness.run_steps(3);
    harness
        .query_all_by_label("Refusé…")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(&mut harness, "Raison du refus");
    click(&mut harness, "Le ménage");
    harness.get_by_label("Raison du refus").click();
    harness.run_steps(2);
    harness
        .get_by_label("Raison du refus")
        .type_text("horaires incompatibles avec l'école");
    harness.run_steps(2);
    click(&mut harness, "Enregistrer le refus");
    wait_for(&mut harness, "Positionnement passé à « Refusé ».");

    // Shown as declined, with its reason, and no longer first.
    let after = card_titles(&harness);
    assert_ne!(after[0], first, "the declined offer is still first");
    assert_eq!(
        after.last(),
        Some(&first),
        "the declined offer is ranked last"
    );
    assert!(harness.query_by_label("Déjà refusé").is_some());
    assert!(
        harness
            .query_all_by_label_contains(
                "refusé par le ménage : « horaires incompatibles avec l'école »"
            )
            .next()
            .is_some()
    );
}
