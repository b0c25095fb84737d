#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Reports end to end: the store loads the facts of hand-built records and the figures are
//! the expected ones; purging households keeps past figures (anonymous monthly counts);
//! the `report` subcommand prints the same table as the GUI's export.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use passerelle::demo::{self, DemoOptions};
use passerelle::domain::model::*;
use passerelle::domain::programme::{DEFAULT_PROGRAMME_ID, default_programme, default_stage_id};
use passerelle::domain::report::Period;
use passerelle::exchange::report::report_tables;
use passerelle::exchange::tabular;
use passerelle::store::{KdfParams, Store, StorePaths};
use uuid::Uuid;

use crate::common;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn new_store(dir: &tempfile::TempDir) -> Store {
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (mut store, _) = Store::create(&paths, "une phrase de passe", KdfParams::FLOOR).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 2, 10, 9, 0, 0).single().unwrap();
    store.set_clock(Arc::new(move || now));
    store
}

fn household(n: u128, unknown: bool) -> Household {
    Household {
        id: Uuid::from_u128(n),
        label: format!("Famille {n}"),
        housing_situation: HousingSituation::HotelSocial,
        commune: "Saint-Denis".into(),
        housing_demand: HousingDemand::default(),
        resources: vec![],
        barriers: BTreeSet::new(),
        referent: "Claire".into(),
        origin: String::new(),
        caf_number: None,
        unknown_to_employment_services: unknown,
    }
}

fn adult(n: u128, household: Uuid) -> Adult {
    Adult {
        id: Uuid::from_u128(n),
        household_id: household,
        is_reference: true,
        first_name: "Prénom".into(),
        last_name: "Nom".into(),
        birth_date: None,
        phone: String::new(),
        email: String::new(),
        situation: AdultSituation::DemandeurEmploi,
        france_travail_registered: false,
        rsa: false,
        education_level: EducationLevel::CapBep,
        qualifications: vec![],
        trades: vec![],
        rome_domains: vec![],
        driving_licence: false,
        vehicle: false,
        languages: vec![],
        available_from: None,
        mobility_radius_km: 30,
        constraints: String::new(),
    }
}

fn event(case: Uuid, n: u128, stage: usize, on: NaiveDate) -> StageEvent {
    StageEvent {
        id: Uuid::from_u128(n),
        case_id: case,
        from_stage: None,
        to_stage: default_stage_id(stage),
        at: Utc.from_utc_datetime(&on.and_hms_opt(10, 0, 0).unwrap()),
        by: "Claire".into(),
        comment: String::new(),
    }
}

/// Two households of the default programme, written through the store:
/// A (unknown to employment services) entered 15/01/2025, hired in CDI 01/06/2025 with
/// its 1-month checkpoint, housed 20/06/2025, one child enrolled 01/09/2025, one interview;
/// B entered 10/12/2024 and left early (Emploi non trouvé) on 10/03/2025.
fn build(store: &mut Store) {
    store
        .write(|tx| {
            tx.put(&default_programme())?;
            let a = household(1, true);
            let b = household(2, false);
            tx.put(&a)?;
            tx.put(&b)?;
            tx.put(&adult(11, a.id))?;
            tx.put(&adult(21, b.id))?;
            let case_a = Case {
                id: Uuid::from_u128(100),
                household_id: a.id,
                programme_id: DEFAULT_PROGRAMME_ID,
                referent: "Claire".into(),
                origin: String::new(),
                opened_on: d(2025, 1, 15),
                exit: ExitKind::Aucune,
                exit_date: None,
                exit_reason: None,
                exit_details: String::new(),
            };
            let case_b = Case {
                id: Uuid::from_u128(200),
                household_id: b.id,
                opened_on: d(2024, 12, 10),
                exit: ExitKind::Anticipee,
                exit_date: Some(d(2025, 3, 10)),
                exit_reason: Some(EarlyExitReason::EmploiNonTrouve),
                ..case_a.clone()
            };
            tx.put(&case_a)?;
            tx.put(&case_b)?;
            tx.put(&event(case_a.id, 101, 0, d(2025, 1, 15)))?;
            tx.put(&event(case_a.id, 102, 1, d(2025, 2, 14)))?;
            tx.put(&event(case_a.id, 103, 6, d(2025, 6, 1)))?;
            tx.put(&event(case_b.id, 201, 0, d(2024, 12, 10)))?;
            tx.put(&event(case_b.id, 202, 9, d(2025, 3, 10)))?;
            tx.put(&EmploymentFollowUp {
                id: Uuid::from_u128(300),
                adult_id: Uuid::from_u128(11),
                offer_id: None,
                hired_on: d(2025, 6, 1),
                checkpoint_months: 1,
                checked_on: Some(d(2025, 7, 1)),
                still_in_post: true,
                contract: ContractKind::Cdi,
                notes: String::new(),
            })?;
            let landlord = Landlord {
                id: Uuid::from_u128(400),
                name: "Polygone".into(),
                social: true,
                commune: "Aurillac".into(),
                contact_name: String::new(),
                phone: String::new(),
                email: String::new(),
            };
            tx.put(&landlord)?;
            let unit = HousingUnit {
                id: Uuid::from_u128(401),
                landlord_id: landlord.id,
                label: "Logement".into(),
                commune: "Aurillac".into(),
                typology: Typology::T3,
                surface_m2: 60.0,
                rent_cents: 40_000,
                charges_cents: 5_000,
                available_from: None,
                floor: 0,
                lift: false,
                accessible: false,
                is_relay: false,
                status: UnitStatus::Attribue,
            };
            tx.put(&unit)?;
            tx.put(&Proposal {
                decided_by: String::new(),
                id: Uuid::from_u128(402),
                household_id: a.id,
                offer_id: None,
                unit_id: Some(unit.id),
                proposed_on: d(2025, 6, 20),
                status: ProposalStatus::Accepte,
                decline_by: None,
                decline_reason: String::new(),
            })?;
            tx.put(&Child {
                id: Uuid::from_u128(500),
                household_id: a.id,
                first_name: "Enfant".into(),
                last_name: "Nom".into(),
                birth_date: None,
                schooling_level: SchoolingLevel::Cp,
                current_school: String::new(),
                destination_school: String::new(),
                enrolment: EnrolmentStatus::Inscrit,
                enrolment_date: Some(d(2025, 9, 1)),
                childcare_need: false,
                notes: String::new(),
            })?;
            let interview = Appointment {
                id: Uuid::from_u128(600),
                household_id: Some(a.id),
                at: Utc.with_ymd_and_hms(2025, 2, 3, 10, 0, 0).single().unwrap(),
                kind: AppointmentKind::Entretien,
                place: String::new(),
                notes: String::new(),
            };
            tx.put(&interview)?;
            tx.put(&Attendance {
                by: String::new(),
                id: Uuid::from_u128(601),
                appointment_id: interview.id,
                adult_id: Uuid::from_u128(11),
                status: AttendanceStatus::Present,
            })?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn store_report_of_hand_built_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir);
    build(&mut store);
    let r = store
        .report(DEFAULT_PROGRAMME_ID, Period::year(2025).unwrap())
        .unwrap();
    assert_eq!(r.programme, "Un toit, un emploi");
    assert_eq!(r.funnel.entered, 1);
    assert_eq!(r.funnel.stages[0].reached, 1);
    assert_eq!(r.funnel.stages[1].reached, 1);
    assert_eq!(r.funnel.stages[6].reached, 1);
    assert_eq!(r.funnel.early_exits_total, 1);
    assert!(
        r.funnel
            .early_exits
            .contains(&("Emploi non trouvé".to_owned(), 1))
    );
    assert_eq!(r.funnel.in_progress_at_end, 1);
    // Stays ended in 2025: A's Orientation (30 d) and Diagnostic (107 d), B's (90 d).
    assert_eq!(r.funnel.stages[0].days_quartiles, Some((30, 30, 90)));
    assert_eq!(r.funnel.stages[1].days_quartiles, Some((107, 107, 107)));
    assert_eq!(r.outcomes.hires, 1);
    assert_eq!(r.outcomes.households_employed_durable, 1);
    assert_eq!(r.outcomes.households_housed, 1);
    assert_eq!(r.outcomes.children_enrolled, 1);
    assert_eq!((r.retention[0].checked, r.retention[0].in_post), (1, 1));
    assert_eq!(r.activity.appointments_total, 1);
    assert_eq!(r.activity.attendance_rate(), Some(1.0));
    assert_eq!(r.activity.entered_unknown_to_employment, 1);

    let r2024 = store
        .report(DEFAULT_PROGRAMME_ID, Period::year(2024).unwrap())
        .unwrap();
    assert_eq!(r2024.funnel.entered, 1);
    assert_eq!(r2024.funnel.in_progress_at_end, 1);
    assert_eq!(r2024.outcomes.hires, 0);
}

#[test]
fn unknown_programme_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(&dir);
    assert!(
        store
            .report(Uuid::from_u128(77), Period::year(2025).unwrap())
            .is_err()
    );
    // The default programme works on an empty base (never saved yet).
    let r = store
        .report(DEFAULT_PROGRAMME_ID, Period::year(2025).unwrap())
        .unwrap();
    assert!(r.is_empty());
}

#[test]
fn past_figures_survive_the_purge_of_households() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(&dir);
    build(&mut store);
    demo::fill(
        &mut store,
        &DemoOptions {
            households: 30,
            seed: 7,
        },
    )
    .unwrap();
    let today = d(2026, 2, 10);
    let periods = [
        Period::year(2024).unwrap(),
        Period::year(2025).unwrap(),
        Period::last_twelve_months(today),
        Period {
            from: d(2025, 3, 1),
            to: d(2025, 8, 31),
        },
    ];
    let before: Vec<_> = periods
        .iter()
        .map(|p| store.report(DEFAULT_PROGRAMME_ID, *p).unwrap())
        .collect();
    assert!(before[1].funnel.entered > 0, "the 2025 report is not empty");

    // Purge B (exited), A (hired, housed…) and a third of the demo households.
    let mut purged: Vec<Uuid> = vec![Uuid::from_u128(1), Uuid::from_u128(2)];
    let households: Vec<Household> = store.list().unwrap();
    let others: Vec<Uuid> = households
        .iter()
        .filter(|h| !purged.contains(&h.id))
        .step_by(3)
        .map(|h| h.id)
        .collect();
    purged.extend(others);
    for h in &purged {
        store.purge_household(*h).unwrap();
    }
    assert!(store.kept_count_rows().unwrap() > 0);
    let left: Vec<Household> = store.list().unwrap();
    assert_eq!(left.len(), households.len() - purged.len());
    assert!(
        store
            .find::<Household>(Uuid::from_u128(1))
            .unwrap()
            .is_none()
    );
    assert!(store.find::<Adult>(Uuid::from_u128(11)).unwrap().is_none());

    for (p, b) in periods.iter().zip(&before) {
        let after = store.report(DEFAULT_PROGRAMME_ID, *p).unwrap();
        assert_eq!(&after, b, "figures changed for {p:?}");
    }
    // Purging twice is refused, nothing counted twice.
    assert!(store.purge_household(Uuid::from_u128(1)).is_err());
    let again = store.report(DEFAULT_PROGRAMME_ID, periods[1]).unwrap();
    assert_eq!(again, before[1]);
}

const PASS: &str = "une phrase de passe";

/// A base with the hand-built households and demo data, closed; its passphrase file.
fn cli_base(dir: &tempfile::TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.path().join("p.db");
    let paths = StorePaths::beside(&db);
    let (mut store, _) = Store::create(&paths, PASS, KdfParams::FLOOR).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 2, 10, 9, 0, 0).single().unwrap();
    store.set_clock(Arc::new(move || now));
    build(&mut store);
    demo::fill(
        &mut store,
        &DemoOptions {
            households: 15,
            seed: 3,
        },
    )
    .unwrap();
    drop(store);
    let pass = dir.path().join("pass");
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    (db, pass)
}

fn run_cli(dir: &tempfile::TempDir, db: &Path, pass: &Path, args: &[&str]) -> Output {
    let home = dir.path().join("home");
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .arg("--passphrase-file")
        .arg(pass)
        .args(args)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .output()
        .unwrap()
}

#[test]
fn cli_report_prints_the_tables_of_the_gui() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = cli_base(&dir);
    let out = run_cli(
        &dir,
        &db,
        &pass,
        &[
            "report",
            "--programme",
            "un toit, UN EMPLOI ",
            "--from",
            "01/01/2025",
            "--to",
            "2025-12-31",
            "--format",
            "csv",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::unlock(&StorePaths::beside(&db), PASS).unwrap();
    let report = store
        .report(DEFAULT_PROGRAMME_ID, Period::year(2025).unwrap())
        .unwrap();
    let tables = report_tables(&report);
    assert_eq!(out.stdout, tabular::to_csv(&tables).unwrap());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Parcours;Ménages entrés (parcours ouverts);"));
    assert!(text.contains(&format!("Résultats;Embauches;{}", report.outcomes.hires)));

    // JSON: the same cells, numbers as numbers.
    let out = run_cli(
        &dir,
        &db,
        &pass,
        &[
            "report",
            "--programme",
            "Un toit, un emploi",
            "--from",
            "2025-01-01",
            "--to",
            "31/12/2025",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["from"], "2025-01-01");
    let rows = json["tables"][0]["rows"].as_array().unwrap();
    let entered = rows
        .iter()
        .find(|r| r[1] == "Ménages entrés (parcours ouverts)")
        .unwrap();
    assert_eq!(entered[2], report.funnel.entered);
    assert_eq!(
        json["tables"].as_array().unwrap().len(),
        tables.len(),
        "same tables"
    );

    // To a file: written once, never overwritten.
    let file = dir.path().join("rapport.csv");
    let args = [
        "report",
        "--programme",
        "Un toit, un emploi",
        "--from",
        "01/01/2025",
        "--to",
        "31/12/2025",
        "-o",
        file.to_str().unwrap(),
    ];
    assert!(run_cli(&dir, &db, &pass, &args).status.success());
    assert_eq!(
        std::fs::read(&file).unwrap(),
        tabular::to_csv(&tables).unwrap()
    );
    let again = run_cli(&dir, &db, &pass, &args);
    assert!(!again.status.success());
}

#[test]
fn cli_report_refuses_unknown_programme_and_bad_dates_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = cli_base(&dir);
    let out = run_cli(
        &dir,
        &db,
        &pass,
        &[
            "report",
            "--programme",
            "Inconnu",
            "--from",
            "01/01/2025",
            "--to",
            "31/12/2025",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("programme inconnu"), "{err}");
    assert!(err.contains("« Un toit, un emploi »"), "{err}");
    let out = run_cli(
        &dir,
        &db,
        &pass,
        &[
            "report",
            "--programme",
            "Un toit, un emploi",
            "--from",
            "31/02/2025",
            "--to",
            "31/12/2025",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("jj/mm/aaaa"));
}

#[test]
fn pdf_report_reads_back_with_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = cli_base(&dir);
    let file = dir.path().join("rapport.pdf");
    let out = run_cli(
        &dir,
        &db,
        &pass,
        &[
            "report",
            "--programme",
            "Un toit, un emploi",
            "--from",
            "01/01/2025",
            "--to",
            "31/12/2025",
            "--format",
            "pdf",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let Some(text) = common::pdf_text(&file) else {
        return;
    };
    let store = Store::unlock(&StorePaths::beside(&db), PASS).unwrap();
    let report = store
        .report(DEFAULT_PROGRAMME_ID, Period::year(2025).unwrap())
        .unwrap();
    assert!(
        text.contains("Rapport d'activité – Un toit, un emploi"),
        "{text}"
    );
    assert!(text.contains("Période du 01/01/2025 au 31/12/2025"));
    let line_with = |label: &str| {
        text.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label} absent:\n{text}"))
            .to_owned()
    };
    let entered = line_with("Ménages entrés (parcours ouverts)");
    assert!(
        entered
            .trim_end()
            .ends_with(&report.funnel.entered.to_string()),
        "{entered}"
    );
    let hires = line_with("Embauches");
    assert!(
        hires
            .trim_end()
            .ends_with(&report.outcomes.hires.to_string()),
        "{hires}"
    );
    // No name of a person in a funder report.
    assert!(!text.contains("Famille 1"));
    assert!(!text.contains("Prénom"));
}

/// The end-to-end path: a tracking spreadsheet imported with `import-sheet`, then
/// the figures of the report (store and `report` subcommand) for a period.
#[test]
fn a_report_from_an_imported_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let (store, _) = Store::create(&StorePaths::beside(&db), PASS, KdfParams::FLOOR).unwrap();
    drop(store);
    let pass = dir.path().join("pass");
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    let sheet = dir.path().join("suivi.csv");
    std::fs::write(
        &sheet,
        "N° ménage;Nom de référence;Commune;Nom;Prénom;Date de naissance;Date d'orientation;\
         Étape;Date d'entrée;Sortie;Date de sortie;Motif de sortie\n\
         1;Famille Kone;Paris 18e;Kone;Awa;14/02/1987;05/01/2026;Diagnostic;20/01/2026;;;\n\
         2;Famille Petit;Aurillac;Petit;Marc;22/07/1979;10/02/2026;Recherche de postes;01/03/2026;;;\n\
         3;Famille Roux;Aurillac;Roux;Léa;02/03/1990;01/12/2025;Diagnostic;15/12/2025;Anticipée;15/03/2026;Déménagement\n",
    )
    .unwrap();
    let out = run_cli(&dir, &db, &pass, &["import-sheet", sheet.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let period = Period {
        from: d(2026, 1, 1),
        to: d(2026, 6, 30),
    };
    let store = Store::unlock(&StorePaths::beside(&db), PASS).unwrap();
    let report = store.report(DEFAULT_PROGRAMME_ID, period).unwrap();
    drop(store);
    // Kone and Petit entered in the period; Roux entered in December and left early.
    assert_eq!(report.funnel.entered, 2);
    assert_eq!(report.funnel.early_exits_total, 1);
    let by_reason: Vec<_> = report
        .funnel
        .early_exits
        .iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(by_reason, vec![&("Déménagement".to_owned(), 1)]);
    assert_eq!(report.funnel.positive_exits, 0);
    assert_eq!(report.funnel.in_progress_at_end, 2);
    // « Diagnostic » (or beyond) first reached in the period: Kone and Petit, not Roux.
    let diagnostic = report
        .funnel
        .stages
        .iter()
        .find(|s| s.label == "Diagnostic")
        .unwrap();
    assert_eq!(diagnostic.reached, 2);

    let out = run_cli(
        &dir,
        &db,
        &pass,
        &[
            "report",
            "--programme",
            "Un toit, un emploi",
            "--from",
            "01/01/2026",
            "--to",
            "30/06/2026",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json["tables"][0]["rows"].as_array().unwrap();
    let entered = rows
        .iter()
        .find(|r| r[1] == "Ménages entrés (parcours ouverts)")
        .unwrap();
    assert_eq!(entered[2], 2);
}

/// Issue 16: the tracking spreadsheet's hiring and housing columns (date d'embauche,
/// employeur, contrat; date du bail, commune de destination) give the programme's
/// outcomes in the report, not zeros.
#[test]
fn hirings_and_leases_of_an_imported_spreadsheet_are_its_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let (store, _) = Store::create(&StorePaths::beside(&db), PASS, KdfParams::FLOOR).unwrap();
    drop(store);
    let pass = dir.path().join("pass");
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    let sheet = dir.path().join("suivi.csv");
    std::fs::write(
        &sheet,
        "N° ménage;Nom de référence;Commune;Nom;Prénom;Date de naissance;Date d'orientation;\
         Étape;Date d'entrée;Date d'embauche;Employeur;Contrat;Date du bail;Commune de destination\n\
         1;Famille Kone;Paris 18e;Kone;Awa;14/02/1987;05/01/2026;Diagnostic;20/01/2026;02/03/2026;BTP Cantal;CDI;15/03/2026;Aurillac\n\
         1;Famille Kone;Paris 18e;Kone;Issa;01/05/1985;;;;;;;;\n\
         2;Famille Petit;Aurillac;Petit;Marc;22/07/1979;10/02/2026;Recherche de postes;01/03/2026;01/04/2026;Intermarché;CDD court;;\n\
         3;Famille Roux;Aurillac;Roux;Léa;02/03/1990;01/02/2026;Diagnostic;15/02/2026;;;;;\n",
    )
    .unwrap();
    let out = run_cli(&dir, &db, &pass, &["import-sheet", sheet.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let store = Store::unlock(&StorePaths::beside(&db), PASS).unwrap();
    let report = store
        .report(
            DEFAULT_PROGRAMME_ID,
            Period {
                from: d(2026, 1, 1),
                to: d(2026, 6, 30),
            },
        )
        .unwrap();
    assert_eq!(report.funnel.entered, 3);
    let o = &report.outcomes;
    assert_eq!(o.hires, 2, "{o:?}");
    assert_eq!(o.hires_durable, 1, "only Awa's CDI is durable: {o:?}");
    assert_eq!(o.adults_employed, 2);
    assert_eq!(o.households_employed, 2);
    assert_eq!(o.households_housed, 1, "the Kone lease: {o:?}");
    // People: 4 persons entered (Kone 2, Petit 1, Roux 1), all adults.
    assert_eq!(report.people.entered_adults, 4);
    assert_eq!(report.people.persons(), 4);
    // A period before the hiring and the lease: no outcome yet.
    let before = store
        .report(
            DEFAULT_PROGRAMME_ID,
            Period {
                from: d(2026, 1, 1),
                to: d(2026, 2, 28),
            },
        )
        .unwrap();
    assert_eq!(before.outcomes.hires, 0);
    assert_eq!(before.outcomes.households_housed, 0);
    // The employer is kept with the hiring, the dwelling in the commune of destination.
    let follow_ups: Vec<EmploymentFollowUp> = store.list().unwrap();
    assert!(
        follow_ups
            .iter()
            .any(|f| f.notes.contains("Employeur : BTP Cantal") && f.contract == ContractKind::Cdi),
        "{follow_ups:?}"
    );
    let units: Vec<HousingUnit> = store.list().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].commune, "Aurillac");
    assert!(!units[0].is_relay);
}
