#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The « Rapprochement » panel driven through its real widgets (egui_kittest): open it on a
//! demo household, see ranked offers with their explanations, create a proposal, decline
//! it with a reason, and see it ranked down.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use passerelle::app::App;
use passerelle::demo::{self, DemoOptions};
use passerelle::domain::model::{Adult, Household};
use passerelle::store::{KdfParams, Store, StorePaths};

use crate::common;

use common::{
    PASSPHRASE, click, harness, isolate_platform_dirs, open_matching, settle_ranking, unlock,
    wait_for,
};

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
            Some((rank.parse::<usize>().ok()?, rest.to_owned()))
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
                // Enough employers that the first household has several offers it can
                // take (the others are « à écarter »).
                households: 12,
                seed: 15,
            },
        )
        .unwrap();
    }
    let app = App::with_kdf(paths, KdfParams::FLOOR);
    let mut harness = harness(app);
    unlock(&mut harness);
    open_matching(&mut harness);

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

    // Cards are short: the met criteria wait for « Détails ».
    let marks = |h: &Harness<'_, App>| h.query_all_by_label("critère rempli").count();
    let collapsed = marks(&harness);
    harness
        .query_all_by_label("Détails")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    assert!(
        marks(&harness) > collapsed,
        "« Détails » shows every criterion of the card"
    );
    assert!(harness.query_by_label("Masquer les détails").is_some());

    // The rédhibitoire criteria put candidates « à écarter », with their reason.
    assert!(
        harness
            .query_all_by_label_contains("À écarter (")
            .next()
            .is_some(),
        "a group « À écarter »"
    );
    assert!(
        harness
            .query_all_by_label_contains("à écarter : ")
            .next()
            .is_some()
    );
    // The rules are written in the panel's help.
    click(&mut harness, "Règles du classement");
    harness.run_steps(10);
    assert!(
        harness
            .query_all_by_label_contains(
                "le score d'une paire est celui de sa moitié la plus faible"
            )
            .next()
            .is_some()
    );

    // « Positionner » the first offer, undo it from the message, then position it again.
    let first = before[0].clone();
    harness
        .query_all_by_label("Positionner")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(&mut harness, "Positionné : Proposé");
    click(&mut harness, "Annuler");
    wait_for(&mut harness, "Positionnement annulé.");
    assert!(harness.query_by_label("Positionné : Proposé").is_none());
    assert_eq!(card_titles(&harness)[0], first);
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

/// The text of the first label that contains `part`.
fn label_containing(harness: &Harness<'_, App>, part: &str) -> Option<String> {
    harness.query_all_by_label_contains(part).next().map(|n| {
        let node = n.accesskit_node();
        node.label().or_else(|| node.value()).unwrap_or_default()
    })
}

/// Issue 17: another household chosen (or a filter moved) is ranked on
/// « passerelle-classement », not in the frame; the lists that come are that household's
/// own, and a filter changes what is examined.
#[test]
fn another_household_is_ranked_in_the_background_and_shows_its_own_offers() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    let (households, adults) = {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        demo::fill(
            &mut store,
            &DemoOptions {
                households: 12,
                seed: 15,
            },
        )
        .unwrap();
        (
            store.list::<Household>().unwrap(),
            store.list::<Adult>().unwrap(),
        )
    };
    // The picker names a household by its label, with its commune when another one has
    // the same label.
    let named = |h: &Household, shown: &str| {
        h.label == shown || format!("{} ({})", h.label, h.commune) == shown
    };
    let first_names = |label: &str| -> Vec<String> {
        let h = households.iter().find(|h| named(h, label)).unwrap();
        adults
            .iter()
            .filter(|a| a.household_id == h.id)
            .map(|a| a.first_name.clone())
            .collect()
    };
    let app = App::with_kdf(paths, KdfParams::FLOOR);
    let mut harness = harness(app);
    unlock(&mut harness);
    open_matching(&mut harness);

    // The household shown first, and one whose adults have other first names.
    let picker = |h: &Harness<'_, App>| {
        h.query_all_by_role(egui::accesskit::Role::ComboBox)
            .find_map(|n| {
                let a = n.accesskit_node();
                a.label()
                    .or_else(|| a.value())
                    .filter(|l| households.iter().any(|h| named(h, l)))
            })
            .unwrap()
    };
    let first = picker(&harness);
    let first_adults = first_names(&first);
    assert!(
        first_adults
            .iter()
            .any(|n| label_containing(&harness, &format!("pour {n}")).is_some()),
        "the first household's offers name its adults"
    );

    harness
        .query_all_by_role(egui::accesskit::Role::ComboBox)
        .find(|n| n.accesskit_node().value().as_deref() == Some(first.as_str()))
        .unwrap()
        .click();
    harness.run_steps(2);
    // The open list lays out the rows in view only: one of those.
    let other = households
        .iter()
        .flat_map(|h| [h.label.clone(), format!("{} ({})", h.label, h.commune)])
        .find(|l| {
            *l != first
                && harness.query_by_label(l).is_some()
                && !first_names(l).is_empty()
                && first_names(l).iter().all(|n| !first_adults.contains(n))
        })
        .unwrap();
    harness.get_by_label(&other).click();
    // Ranked on its task (`passerelle-classement`): its answer is taken by `App::logic`
    // before a frame is drawn, so a quick thread shows the offers in the next frame
    // already, a slow one shows « Classement… » meanwhile.
    settle_ranking(&mut harness);
    assert_eq!(picker(&harness), other);
    let other_adults = first_names(&other);
    assert!(
        other_adults
            .iter()
            .any(|n| label_containing(&harness, &format!("pour {n}")).is_some()),
        "the offers shown are ranked for {other}"
    );
    assert!(
        first_adults
            .iter()
            .all(|n| label_containing(&harness, &format!("pour {n}")).is_none()),
        "nothing of {first}'s ranking is left"
    );

    // A filter: durable contracts only examines fewer offers (the demo has short ones).
    let examined = |h: &Harness<'_, App>| -> usize {
        let l = label_containing(h, "offres et ").unwrap();
        l.split_whitespace().next().unwrap().parse().unwrap()
    };
    let before = examined(&harness);
    click(&mut harness, "Contrats durables seulement");
    settle_ranking(&mut harness);
    assert!(
        examined(&harness) < before,
        "{before} offers examined before the filter, as many after"
    );
}

/// Issue 16: a job + home pair shows how its score is built, is positioned with one
/// action, can be undone from the message, and « Refusé… » opens its form in the pair's
/// own card (it opened in another tab, and looked dead).
#[test]
fn a_pair_is_positioned_with_one_action_undone_and_declined_in_place() {
    isolate_platform_dirs();
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("passerelle.db"));
    {
        let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
        demo::fill(
            &mut store,
            &DemoOptions {
                // The first household has several job + home pairs it can take.
                households: 20,
                seed: 22,
            },
        )
        .unwrap();
    }
    let app = App::with_kdf(paths, KdfParams::FLOOR);
    let mut harness = harness(app);
    unlock(&mut harness);
    open_matching(&mut harness);
    let pairs = harness
        .query_all_by_label_contains("Emploi + logement (")
        .next()
        .map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value()).unwrap_or_default()
        })
        .unwrap();
    assert_ne!(
        pairs, "Emploi + logement (0)",
        "the demo household has pairs"
    );
    harness
        .query_all_by_label_contains("Emploi + logement (")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    assert_eq!(
        harness.query_all_by_label("Positionné : Proposé").count(),
        0
    );

    // The score is the weaker half, and says so.
    let summary = harness
        .query_all_by_label_contains("score de la paire :")
        .next()
        .map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value()).unwrap_or_default()
        })
        .unwrap();
    let percents: Vec<f32> = summary
        .split(" %")
        .filter_map(|p| p.rsplit(' ').next()?.parse().ok())
        .collect();
    assert_eq!(percents.len(), 3, "{summary}");
    assert!(
        percents[2] <= percents[0].min(percents[1]),
        "the pair scores above its weaker half: {summary}"
    );

    // One action for the pair; undone within 30 s from the message.
    harness
        .query_all_by_label("Positionner les deux")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(
        &mut harness,
        "Ménage positionné sur l'offre et sur le logement (statut « Proposé »).",
    );
    // Both halves are proposed (shown on every pair that shares one of them).
    assert!(harness.query_all_by_label("Positionné : Proposé").count() >= 2);
    click(&mut harness, "Annuler");
    wait_for(&mut harness, "Positionnement annulé.");
    assert_eq!(
        harness.query_all_by_label("Positionné : Proposé").count(),
        0
    );

    // Positioned again, then the job declined from the pair's card: the form is here.
    harness
        .query_all_by_label("Positionner les deux")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(
        &mut harness,
        "Ménage positionné sur l'offre et sur le logement (statut « Proposé »).",
    );
    harness
        .query_all_by_label("Refusé…")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    wait_for(&mut harness, "Raison du refus");
    assert!(
        harness
            .query_all_by_label_contains("Emploi + logement (")
            .next()
            .is_some(),
        "still in the « Emploi + logement » tab"
    );
    click(&mut harness, "L'employeur");
    harness.get_by_label("Raison du refus").click();
    harness.run_steps(2);
    harness
        .get_by_label("Raison du refus")
        .type_text("poste pourvu en interne");
    harness.run_steps(2);
    click(&mut harness, "Enregistrer le refus");
    wait_for(&mut harness, "Positionnement passé à « Refusé ».");
}
