#![allow(clippy::unwrap_used)] // integration tests: a panic is the failure report
//! Spreadsheet import and list export: CSV, XLSX and ODS round trips, French messages for
//! bad cells with the base unchanged, duplicates in the file and against the base, the dry
//! run, and the command line (`import-sheet`, `export-sheet`) as a real process.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use passerelle::domain::model::*;
use passerelle::domain::programme::{default_programme, default_stage_id};
use passerelle::exchange::sheet::{self, Field, Mapping, SheetCell};
use passerelle::exchange::tabular::{self, Table};
use passerelle::store::keyfile::KdfParams;
use passerelle::store::{Store, StorePaths};
use tempfile::TempDir;

const PASS: &str = "une phrase de passe de test";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn new_store() -> (TempDir, StorePaths, Store) {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::beside(dir.path().join("p.db"));
    let (store, _recovery) = Store::create(&paths, PASS, KdfParams::FLOOR).unwrap();
    (dir, paths, store)
}

const CSV: &str = "N° ménage;Nom de référence;Commune;Situation de logement;Typologie;N° CAF;\
Nom;Prénom;Date de naissance;Niveau scolaire;Étape;Date d'entrée;Remarques\n\
1;Famille Kone;Paris 18e;Hôtel social;T3;1234567;Kone;Awa;14/02/1987;;Diagnostic;01/10/2026;rien\n\
1;;;;;;Kone;Issa;03/09/2016;CE2;;;\n\
2;Famille Petit;Aurillac;CHRS;T2;;Petit;Marc;22/07/1979;;Recherche de postes;15/09/2026;\n";

/// Reads, maps, plans and imports everything (no duplicate left out).
fn import_all(store: &mut Store, bytes: &[u8]) -> sheet::Plan {
    let raw = sheet::read_sheet(bytes).unwrap();
    let mapping = Mapping::auto(&raw.headers);
    let plan = sheet::build_plan(
        &raw,
        &mapping,
        &store.import_programme().unwrap(),
        store.now().date_naive(),
    );
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    let all: Vec<_> = plan.households.iter().collect();
    passerelle::exchange::sheet::write_plan(store, &all, 0).unwrap();
    plan
}

#[test]
fn csv_import_creates_households_people_and_pathways_then_searchable() {
    let (_dir, _paths, mut store) = new_store();
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(CSV.as_bytes());
    import_all(&mut store, &bytes);

    assert_eq!(store.count::<Household>().unwrap(), 2);
    assert_eq!(store.count::<Adult>().unwrap(), 2);
    assert_eq!(store.count::<Child>().unwrap(), 1);
    let rows = store.household_rows(store.now().date_naive()).unwrap();
    let kone = rows.iter().find(|r| r.label == "Famille Kone").unwrap();
    assert_eq!(kone.stage, "Diagnostic");
    assert_eq!(kone.commune, "Paris 18e");
    let petit = rows.iter().find(|r| r.label == "Famille Petit").unwrap();
    assert_eq!(petit.stage, "Recherche de postes");
    let households: Vec<Household> = store.list().unwrap();
    let k = households
        .iter()
        .find(|h| h.label == "Famille Kone")
        .unwrap();
    assert_eq!(k.caf_number.as_deref(), Some("1234567"));
    assert_eq!(k.housing_situation, HousingSituation::HotelSocial);
    assert_eq!(k.housing_demand.typology, Some(Typology::T3));
    let children: Vec<Child> = store.list_by("household_id", k.id).unwrap();
    assert_eq!(children[0].schooling_level, SchoolingLevel::Ce2);
    assert_eq!(children[0].birth_date, Some(d(2016, 9, 3)));

    // Searchable at once, and the audit entry holds counts, no names.
    let hits = store.search("issa", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.household_id == Some(k.id)),
        "{hits:?}"
    );
    let audit = store.audit_entries(1).unwrap();
    assert_eq!(audit[0].2, "import tableur");
    assert!(audit[0].3.contains("2 ménages"), "{}", audit[0].3);
    assert!(!audit[0].3.contains("Kone"));
}

#[test]
fn xlsx_with_real_date_cells_round_trips() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "NOM",
        "prénom",
        "Né le",
        "Classe",
        "Etape",
        "Depuis le",
        "Ville",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(1, 0, "Durand").unwrap();
    sheet.write_string(1, 1, "Léa").unwrap();
    let born = ExcelDateTime::from_ymd(1992, 5, 17).unwrap();
    sheet
        .write_datetime_with_format(1, 2, &born, &date_format)
        .unwrap();
    sheet.write_string(1, 4, "Validation").unwrap();
    let since = ExcelDateTime::from_ymd(2026, 10, 3).unwrap();
    sheet
        .write_datetime_with_format(1, 5, &since, &date_format)
        .unwrap();
    sheet.write_string(1, 6, "Murat").unwrap();
    // Second row: a child of the same family (grouped by the generated label), with an
    // unformatted date serial (what a copy-paste from another tool gives).
    sheet.write_string(2, 0, "Durand").unwrap();
    sheet.write_string(2, 1, "Tom").unwrap();
    sheet.write_number(2, 2, 44_000.0).unwrap(); // 18/06/2020
    sheet.write_string(2, 3, "Crèche").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let raw = sheet::read_sheet(&bytes).unwrap();
    assert_eq!(raw.format, sheet::SheetFormat::Workbook);
    assert_eq!(raw.rows[0].cells[2], SheetCell::Date(d(1992, 5, 17)));
    let mapping = Mapping::auto(&raw.headers);
    assert_eq!(mapping.column_of(Field::BirthDate), Some(2));
    assert_eq!(mapping.column_of(Field::SchoolingLevel), Some(3));
    assert_eq!(mapping.column_of(Field::StageDate), Some(5));
    let plan = sheet::build_plan(&raw, &mapping, &default_programme(), d(2026, 11, 22));
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    // Without « N° ménage » nor « Nom de référence », each row is its own household.
    assert_eq!(plan.households.len(), 2);
    let lea = &plan.households[0];
    assert_eq!(lea.household.label, "Famille DURAND");
    assert_eq!(lea.adults[0].birth_date, Some(d(1992, 5, 17)));
    assert_eq!(lea.events.last().unwrap().to_stage, default_stage_id(5));
    assert_eq!(
        plan.households[1].children[0].birth_date,
        Some(d(2020, 6, 18))
    );

    // The same through the store, then the exported list read back by the reader.
    let (_dir, _paths, mut store) = new_store();
    import_all(&mut store, &bytes);
    let rows = store.household_rows(store.now().date_naive()).unwrap();
    let table = sheet::household_list_table(&rows);
    let xlsx = tabular::to_xlsx(std::slice::from_ref(&table)).unwrap();
    let back = sheet::read_sheet(&xlsx).unwrap();
    assert_eq!(back.headers, sheet::LIST_HEADERS);
    assert_eq!(back.rows.len(), 2);
    assert!(
        back.rows
            .iter()
            .any(|r| r.cells[2] == SheetCell::Text("Validation".into()))
    );
}

#[test]
fn rows_open_their_case_at_the_first_stage_and_a_programme_without_stages_takes_none() {
    let raw = sheet::read_sheet(CSV.as_bytes()).unwrap();
    let mapping = Mapping::auto(&raw.headers);
    let programme = default_programme();
    let plan = sheet::build_plan(&raw, &mapping, &programme, d(2026, 11, 22));
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    for h in &plan.households {
        // Opened at the first stage, then moved to the stage the sheet gives.
        assert_eq!(h.events[0].from_stage, None);
        assert_eq!(h.events[0].to_stage, programme.stages[0].id);
        assert_eq!(h.events[0].case_id, h.case.id);
        assert_eq!(h.events[0].comment, "Importé d'un tableur");
        assert!(h.events.iter().skip(1).all(|e| e.from_stage.is_some()));
    }
    // Every stage but the exits archived: no household is planned, and each row says why.
    let mut closed = programme.clone();
    for s in closed.stages.iter_mut().filter(|s| !s.is_exit) {
        s.archived = true;
    }
    let plan = sheet::build_plan(&raw, &mapping, &closed, d(2026, 11, 22));
    assert!(plan.households.is_empty());
    assert_eq!(plan.errors.len(), 2, "{:?}", plan.errors);
    assert!(
        plan.errors
            .iter()
            .all(|e| e.message.contains("aucune étape active")),
        "{:?}",
        plan.errors
    );
}

#[test]
fn ods_fixture_round_trips() {
    let bytes = std::fs::read(fixture("suivi.ods")).unwrap();
    let raw = sheet::read_sheet(&bytes).unwrap();
    assert_eq!(raw.rows.len(), 2);
    let (_dir, _paths, mut store) = new_store();
    import_all(&mut store, &bytes);
    let households: Vec<Household> = store.list().unwrap();
    assert_eq!(households.len(), 1);
    assert_eq!(households[0].label, "Famille Ndiaye");
    let children: Vec<Child> = store.list_by("household_id", households[0].id).unwrap();
    assert_eq!(children[0].first_name, "Ibrahima");
    assert_eq!(children[0].birth_date, Some(d(2014, 9, 30)));
    assert_eq!(children[0].schooling_level, SchoolingLevel::Cm2);
    let rows = store.household_rows(store.now().date_naive()).unwrap();
    assert_eq!(rows[0].stage, "Validation");
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

#[test]
fn bad_cells_give_french_messages_with_line_and_column() {
    let csv = "Nom;Prénom;Date de naissance;Typologie;Étape;Date d'entrée;Sortie;Loyer maximal\n\
               Diallo;Awa;31/02/2019;T3;Diagnostic;;;\n\
               Martin;Paul;12/13/1980;T9;Nulle part;;;\n\
               Roux;Léo;01/01/1990;T2;Validation;demain;peut-être;beaucoup\n\
               Bernard;Zoé;01/01/2090;T2;;;;\n";
    let raw = sheet::read_sheet(csv.as_bytes()).unwrap();
    let plan = sheet::build_plan(
        &raw,
        &Mapping::auto(&raw.headers),
        &default_programme(),
        d(2026, 11, 22),
    );
    let texts: Vec<String> = plan.errors.iter().map(ToString::to_string).collect();
    let has = |t: &str| texts.iter().any(|e| e.starts_with(t));
    assert!(
        has("ligne 2, colonne « Date de naissance » : date impossible (31/02/2019)"),
        "{texts:#?}"
    );
    assert!(has(
        "ligne 3, colonne « Date de naissance » : date impossible (12/13/1980)"
    ));
    assert!(has(
        "ligne 3, colonne « Typologie » : valeur inconnue « T9 »"
    ));
    assert!(has(
        "ligne 3, colonne « Étape » : étape inconnue « Nulle part »"
    ));
    assert!(has(
        "ligne 4, colonne « Date d'entrée » : date illisible (« demain »)"
    ));
    assert!(has(
        "ligne 4, colonne « Sortie » : valeur inconnue « peut-être »"
    ));
    assert!(has(
        "ligne 4, colonne « Loyer maximal » : montant illisible"
    ));
    assert!(has(
        "ligne 5, colonne « Date de naissance » : date dans le futur (01/01/2090)"
    ));
    assert!(
        plan.households.is_empty(),
        "nothing to import while errors remain"
    );
}

#[test]
fn duplicates_are_found_in_the_file_and_against_the_base() {
    let (_dir, _paths, mut store) = new_store();
    import_all(&mut store, CSV.as_bytes());

    let again = "Nom de référence;N° CAF;Nom;Prénom;Date de naissance\n\
                 Famille Kone bis;123 45 67;Koné;Awa;01/01/1980\n\
                 Famille Petit 2;;PETIT;marc;22/07/1979\n\
                 Famille Neuve;;Neuve;Ana;02/02/1990\n\
                 Famille Neuve copie;;Neuve;Ana;02/02/1990\n";
    let raw = sheet::read_sheet(again.as_bytes()).unwrap();
    let plan = sheet::build_plan(
        &raw,
        &Mapping::auto(&raw.headers),
        &store.import_programme().unwrap(),
        store.now().date_naive(),
    );
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    let dups = sheet::find_duplicates(&plan, &store.known_people().unwrap());
    let by_line: Vec<(usize, bool)> = dups
        .iter()
        .map(|d| (d.line, d.existing.is_some()))
        .collect();
    assert_eq!(by_line, [(2, true), (3, true), (5, false)], "{dups:#?}");
    assert!(
        dups[0].reason.contains("même numéro CAF"),
        "{}",
        dups[0].reason
    );
    assert!(dups[1].reason.contains("22/07/1979"), "{}", dups[1].reason);
    assert!(
        dups[2].reason.contains("ligne 4 du fichier"),
        "{}",
        dups[2].reason
    );
}

// ----- the command line, as a real process ---------------------------------------------

struct Cli {
    dir: TempDir,
    paths: StorePaths,
}

impl Cli {
    fn new() -> Self {
        let (dir, paths, store) = new_store();
        drop(store);
        std::fs::write(dir.path().join("pass"), format!("{PASS}\n")).unwrap();
        Cli { dir, paths }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn run(&self, args: &[&str]) -> Output {
        let home = self.dir.path().join("home");
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--db")
            .arg(&self.paths.db)
            .arg("--passphrase-file")
            .arg(self.dir.path().join("pass"))
            .args(args)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .output()
            .unwrap()
    }

    /// Everything but the access log: each command's unlock is logged (issue 14).
    fn fingerprint(&self) -> String {
        Store::unlock(&self.paths, PASS)
            .unwrap()
            .content_fingerprint()
            .unwrap()
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn cli_dry_run_and_invalid_rows_write_nothing() {
    let cli = Cli::new();
    let before = cli.fingerprint();
    let good = cli.file("suivi.csv", CSV.as_bytes());
    let out = cli.run(&["import-sheet", good.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Essai à blanc : 2 ménages (2 adultes, 1 enfant) seraient importés"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("« Remarques » → ignorée"));
    assert_eq!(cli.fingerprint(), before, "a dry run writes nothing");

    let bad = cli.file(
        "faux.csv",
        CSV.replace("14/02/1987", "30/02/1987").as_bytes(),
    );
    let out = cli.run(&["import-sheet", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out)
            .contains("ligne 2, colonne « Date de naissance » : date impossible (30/02/1987)"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("rien n'a été importé"));
    assert_eq!(cli.fingerprint(), before, "invalid rows: nothing written");

    let out = cli.run(&[
        "import-sheet",
        good.to_str().unwrap(),
        "--map",
        "Bidule=Commune",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("aucune colonne « Bidule »"),
        "{}",
        text(&out)
    );
    assert_eq!(cli.fingerprint(), before);
}

#[test]
fn cli_imports_maps_skips_duplicates_and_exports_the_list() {
    let cli = Cli::new();
    let csv = CSV.replace("Commune", "Ville actuelle");
    let file = cli.file("suivi.csv", csv.as_bytes());
    let out = cli.run(&[
        "import-sheet",
        file.to_str().unwrap(),
        "--map",
        "Ville actuelle=Commune",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("2 ménages importés (2 adultes, 1 enfant)"));

    // The same file again: both households are duplicates, left out by default.
    let out = cli.run(&["import-sheet", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("0 ménage importé"), "{}", text(&out));
    assert!(text(&out).contains("2 ménages ignorés"));
    let store = Store::unlock(&cli.paths, PASS).unwrap();
    assert_eq!(store.count::<Household>().unwrap(), 2);
    let communes: Vec<String> = store
        .list::<Household>()
        .unwrap()
        .into_iter()
        .map(|h| h.commune)
        .collect();
    assert!(communes.contains(&"Aurillac".to_owned()), "{communes:?}");
    drop(store);

    let csv_out = cli.dir.path().join("liste.csv");
    let out = cli.run(&[
        "export-sheet",
        "--format",
        "csv",
        "-o",
        csv_out.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("n'est pas chiffré"));
    let written = std::fs::read_to_string(&csv_out).unwrap();
    assert!(
        written.starts_with("\u{feff}Ménage;Commune;Étape"),
        "{written}"
    );
    assert!(
        written.contains("Famille Kone;Paris 18e;Diagnostic;"),
        "{written}"
    );
    // Never overwritten silently.
    let out = cli.run(&[
        "export-sheet",
        "--format",
        "xlsx",
        "-o",
        csv_out.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("existe déjà"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&csv_out).unwrap(), written);

    // A frozen household (« Gel du dossier ») is left out of the list, and the output
    // says so.
    {
        let mut store = Store::unlock(&cli.paths, PASS).unwrap();
        let kone = store
            .list::<Household>()
            .unwrap()
            .into_iter()
            .find(|h| h.label == "Famille Kone")
            .unwrap();
        store
            .write(|tx| tx.freeze_household(kone.id, "demande de limitation"))
            .unwrap();
    }
    let frozen_out = cli.dir.path().join("liste-gel.csv");
    let out = cli.run(&[
        "export-sheet",
        "--format",
        "csv",
        "-o",
        frozen_out.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 ménage exporté")
            && text(&out).contains("1 dossier gelé laissé de côté"),
        "{}",
        text(&out)
    );
    let written = std::fs::read_to_string(&frozen_out).unwrap();
    assert!(!written.contains("Kone"), "{written}");
    assert_eq!(written.lines().count(), 2, "{written}");
}

#[test]
fn list_table_headers_and_reader_refusals() {
    let table: Table = sheet::household_list_table(&[]);
    assert_eq!(table.headers.len(), sheet::LIST_HEADERS.len());
    // The reader refuses what is not a spreadsheet, in French.
    let err = sheet::read_sheet(b"PK\x03\x04garbage").unwrap_err();
    assert!(err.to_string().contains("n'a pas pu être lu"), "{err}");
    let err = sheet::read_sheet(b"").unwrap_err();
    assert!(err.to_string().contains("vide"), "{err}");
    let wide = (0..=sheet::MAX_COLUMNS)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(";");
    let err = sheet::read_sheet(wide.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("trop de colonnes"), "{err}");
}
