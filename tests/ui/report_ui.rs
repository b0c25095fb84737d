#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! The « Rapports » section driven through its real widgets (egui_kittest), by labels:
//! open it on the demo data, the key figures match the store's report; change the period
//! (typed dates, then a preset) and the figures and tables change; an export writes a CSV
//! after the « not encrypted » warning.

use chrono::Datelike;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use passerelle::demo::{self, DemoOptions};
use passerelle::domain::programme::DEFAULT_PROGRAMME_ID;
use passerelle::domain::report::Period;
use passerelle::exchange::report::report_tables;
use passerelle::exchange::tabular;
use passerelle::store::{KdfParams, Store, StorePaths};

use crate::common;

use common::{PASSPHRASE, click, harness_on, isolate_platform_dirs_with, unlock, wait_for};

fn replace_text(
    harness: &mut egui_kittest::Harness<'_, passerelle::app::App>,
    label: &str,
    text: &str,
) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(2);
}

#[test]
fn open_reports_change_period_and_export() {
    // No native dialog, and the home folder of the test binary, ours until the end: the in-app
    // chooser opens there.
    let (home, _turn) = common::home();
    isolate_platform_dirs_with(&[
        ("PASSERELLE_FILE_DIALOG", "0"),
        ("HOME", home.to_str().unwrap()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (mut store, _) = Store::create(&paths, PASSPHRASE, KdfParams::FLOOR).unwrap();
    demo::fill(&mut store, &DemoOptions::default()).unwrap();
    let today = store.now().date_naive();
    let twelve = store
        .report(DEFAULT_PROGRAMME_ID, Period::last_twelve_months(today))
        .unwrap();
    let last_year = store
        .report(
            DEFAULT_PROGRAMME_ID,
            Period::year(today.year() - 1).unwrap(),
        )
        .unwrap();
    drop(store);
    assert!(
        twelve.funnel.entered > 0,
        "the demo has entries in the last 12 months"
    );

    let mut harness = harness_on(&paths);
    unlock(&mut harness);
    click(&mut harness, "Rapports");
    wait_for(
        &mut harness,
        &format!("Ménages entrés : {}", twelve.funnel.entered),
    );
    wait_for(
        &mut harness,
        &format!("Embauches : {}", twelve.outcomes.hires),
    );
    // Funders count people: accompanied households, adults and children, each figure
    // shown once (its number and its label, not the number again in the label).
    assert!(twelve.people.persons() > 0, "{:?}", twelve.people);
    wait_for(
        &mut harness,
        &format!("Personnes accompagnées : {}", twelve.people.persons()),
    );
    wait_for(
        &mut harness,
        &format!("dont enfants : {}", twelve.people.children),
    );
    assert!(
        harness
            .query_all_by_label_contains("adultes et")
            .next()
            .is_some(),
        "the households entered with their size"
    );
    // Full stage names, and the funnel that counts flows says so.
    wait_for(&mut harness, "Entrés");
    if let Some(note) = twelve.funnel.flows_note_fr(twelve.period.from) {
        wait_for(&mut harness, &note);
    }
    // Charts and their tables are there.
    wait_for(&mut harness, "Médiane (jours)");
    wait_for(&mut harness, "Tous les indicateurs");

    // A period without data: the empty state.
    replace_text(&mut harness, "Du", "01/01/2001");
    replace_text(&mut harness, "Au", "31/12/2001");
    click(&mut harness, "Calculer");
    wait_for(&mut harness, "Ménages entrés : 0");
    assert!(
        harness
            .query_all_by_label_contains("Aucune donnée sur cette période")
            .next()
            .is_some()
    );

    // A preset: last year.
    click(&mut harness, "Année dernière");
    wait_for(
        &mut harness,
        &format!("Ménages entrés : {}", last_year.funnel.entered),
    );
    wait_for(
        &mut harness,
        &format!(
            "Sorties anticipées : {}",
            last_year.funnel.early_exits_total
        ),
    );

    // A typing error is explained.
    replace_text(&mut harness, "Du", "32/13/2020");
    click(&mut harness, "Calculer");
    wait_for(
        &mut harness,
        "Date de début illisible : écrivez-la jj/mm/aaaa (par exemple 01/01/2025).",
    );

    // Export the shown report (last year) as CSV, after the warning.
    let out = dir.path().join("rapport.csv");
    click(&mut harness, "CSV");
    replace_text(&mut harness, "Fichier à écrire", out.to_str().unwrap());
    click(&mut harness, "Exporter…");
    wait_for(&mut harness, "Écrire le fichier non chiffré");
    assert!(!out.exists(), "nothing written before the confirmation");
    click(&mut harness, "Écrire le fichier non chiffré");
    harness.run_steps(3);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        tabular::to_csv(&report_tables(&last_year)).unwrap()
    );
    assert!(
        harness
            .query_all_by_label_contains("Rapport exporté (non chiffré)")
            .next()
            .is_some()
    );

    // Without a native dialog, « Choisir l'emplacement… » opens the in-app chooser (in the
    // home folder here: there is no Documents), the suggested name filled in; no path typed.
    click(&mut harness, "PDF");
    click(&mut harness, "Choisir l'emplacement…");
    wait_for(&mut harness, "Enregistrer ici");
    click(&mut harness, "Enregistrer ici");
    harness.run_steps(2);
    let expected = home.join(format!(
        "rapport-{}-{}-{}.pdf",
        last_year
            .programme
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .to_lowercase(),
        last_year.period.from.format("%Y%m%d"),
        last_year.period.to.format("%Y%m%d")
    ));
    assert!(
        harness.query_by_label("Enregistrer ici").is_none(),
        "the chooser closes once a place is chosen"
    );
    click(&mut harness, "Exporter…");
    click(&mut harness, "Écrire le fichier non chiffré");
    harness.run_steps(3);
    let pdf = std::fs::read(&expected).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF was written where chosen");
    // The export is in the access log: programme, period, format, destination; no
    // personal data (the figures are counts).
    drop(harness);
    {
        let store = Store::unlock(&paths, PASSPHRASE).unwrap();
        let logged = store
            .audit_log(&passerelle::store::audit::AuditFilter {
                action: Some("export rapport".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(logged.len(), 2, "the CSV then the PDF: {logged:?}");
        let detail = &logged[0].detail;
        assert!(
            detail.contains(&format!("programme {DEFAULT_PROGRAMME_ID}"))
                && detail.contains(&format!(
                    "période du {} au {}",
                    last_year.period.from.format("%d/%m/%Y"),
                    last_year.period.to.format("%d/%m/%Y")
                ))
                && detail.contains("csv")
                && detail.contains(out.to_str().unwrap()),
            "{detail}"
        );
        assert!(logged[0].objects.is_empty(), "no household named");
    }
}
