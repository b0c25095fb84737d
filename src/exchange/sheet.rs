//! Spreadsheet import (CSV, XLSX, XLS, ODS) of the tracking lists programmes already keep,
//! and the household list as a table for export.
//!
//! Pure except that it reads the file's bytes: no clock (today is a parameter), no SQL, no
//! file system. The steps are those of the import screen and of `passerelle import-sheet`:
//!
//! 1. [`read_sheet`]: bytes → a [`RawSheet`] (first sheet, first line = headers), with caps
//!    on bytes, rows, columns and cell length so that a hostile file cannot exhaust memory.
//! 2. [`Mapping::auto`]: each header → a [`Field`] (accent/case-insensitive, synonyms), or
//!    « ignorer »; the worker corrects the mapping of other headers.
//! 3. [`build_plan`]: rows grouped into households (one row per person), every cell read and
//!    every record checked by the domain rules → a [`Plan`] and French [`CellError`]s with
//!    row and column. Any error and nothing is imported.
//! 4. [`find_duplicates`]: same name + birth date, or same CAF number, within the file and
//!    against the base ([`crate::store::sheet::KnownPerson`]), for the duplicate review.
//!
//! 5. [`write_plan`]: the chosen households written in one transaction, through the
//!    store's API (the only side of this module that writes).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::Cursor;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use super::tabular::{Cell, Table};
use crate::domain::model::*;
use crate::domain::text::{parse_date_fr, parse_euros};
use crate::domain::validate::Validate;
use crate::store::household::HouseholdRow;
use crate::store::sheet::KnownPerson;

mod duplicates;
mod plan;
mod read;
mod write;
pub use duplicates::*;
pub use plan::*;
pub use read::*;
pub use write::{SheetImportReport, write_plan};

/// Largest file accepted, in bytes (20 Mio: a tracking list is a few hundred kilobytes).
pub const MAX_SHEET_BYTES: usize = 20 << 20;
/// Most data rows accepted in one import.
pub const MAX_ROWS: usize = 20_000;
/// Most columns accepted.
pub const MAX_COLUMNS: usize = 200;
/// Longest cell accepted, in characters.
pub const MAX_CELL_CHARS: usize = 4_000;
/// At most this many errors are kept (the first ones say enough to fix the file).
pub const MAX_ERRORS: usize = 500;

/// Why a spreadsheet could not be read at all. French messages, saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// The file is bigger than [`MAX_SHEET_BYTES`].
    #[error(
        "le fichier est trop volumineux ({size_kib} Kio, au plus {limit_kib} Kio) : \
         découpez-le en plusieurs tableaux."
    )]
    TooLarge {
        /// Size of the file.
        size_kib: usize,
        /// The limit.
        limit_kib: usize,
    },
    /// Too many rows or columns.
    #[error("le tableau a trop de {what} ({count}, au plus {limit}) : découpez-le.")]
    TooMany {
        /// « lignes » or « colonnes ».
        what: &'static str,
        /// What the file has (at least).
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A cell is longer than [`MAX_CELL_CHARS`].
    #[error(
        "ligne {line}, colonne {column} : cellule trop longue (plus de {MAX_CELL_CHARS} \
         caractères). Raccourcissez-la."
    )]
    CellTooLong {
        /// Spreadsheet line (1 = headers).
        line: usize,
        /// Column number (1 = A).
        column: usize,
    },
    /// The file is not a readable CSV, XLSX, XLS or ODS.
    #[error(
        "le fichier n'a pas pu être lu comme un tableur ({0}). Enregistrez-le en CSV, XLSX \
         ou ODS puis réessayez."
    )]
    Unreadable(String),
    /// No header line, or no data line.
    #[error("le tableau est vide : il faut une ligne d'en-têtes puis une ligne par personne.")]
    Empty,
}

// ---------------------------------------------------------------------------------------
// Household list export
// ---------------------------------------------------------------------------------------

/// Headers of the household list export.
pub const LIST_HEADERS: [&str; 9] = [
    "Ménage",
    "Commune",
    "Étape",
    "Référent·e",
    "Dernier contact",
    "Consentement en cours",
    "Inscriptions scolaires à faire",
    "Pièces à fournir",
    "Sorti du dispositif",
];

/// « ; 2 dossiers gelés laissés de côté (gel du dossier) » when the list export left
/// frozen households out (they are exported nowhere), else nothing.
pub fn frozen_note(left_out: usize) -> String {
    if left_out == 0 {
        String::new()
    } else {
        format!(
            " ; {} de côté (gel du dossier)",
            crate::domain::text::count(left_out, "dossier gelé laissé", "dossiers gelés laissés")
        )
    }
}

/// The household list (the rows shown, in their order) as a table for CSV/XLSX.
pub fn household_list_table<'a>(rows: impl IntoIterator<Item = &'a HouseholdRow>) -> Table {
    let mut table = Table::new("Ménages", &LIST_HEADERS);
    let yes_no = |b: bool| Cell::from(if b { "oui" } else { "non" });
    for r in rows {
        table.rows.push(vec![
            Cell::from(r.label.as_str()),
            Cell::from(r.commune.as_str()),
            Cell::from(r.stage.as_str()),
            Cell::from(r.referent.as_str()),
            Cell::from(r.last_contact),
            yes_no(r.consent_ok),
            Cell::Int(i64::from(r.enrolments_to_do)),
            Cell::Int(i64::from(r.documents_missing)),
            yes_no(r.exited),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::default_programme;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("date")
    }

    #[test]
    fn headers_match_without_accents_case_or_punctuation() {
        assert_eq!(Field::from_header("DATE D'ENTREE"), Some(Field::StageDate));
        assert_eq!(
            Field::from_header(" date de naissance "),
            Some(Field::BirthDate)
        );
        assert_eq!(Field::from_header("N° CAF"), Some(Field::CafNumber));
        assert_eq!(
            Field::from_header("numéro allocataire"),
            Some(Field::CafNumber)
        );
        assert_eq!(Field::from_header("Remarques"), None);
        for f in Field::ALL {
            assert_eq!(Field::from_header(f.header_fr()), Some(*f), "{f:?}");
        }
    }

    #[test]
    fn a_utf8_csv_with_one_bad_byte_is_read_as_utf8_and_the_doubt_is_said() {
        // « Koné » in UTF-8, and one stray byte in another name.
        let bytes = b"Nom;Pr\xc3\xa9nom\nFamille Kon\xc3\xa9;Awa\nFamille Diallo;A\xefssata\n";
        let sheet = read_sheet(bytes).expect("csv");
        assert_eq!(sheet.rows[0].cells[0].text(), "Famille Koné");
        let doubt = sheet.encoding.expect("a doubt");
        assert_eq!(doubt.read_as, TextEncoding::Utf8);
        assert_eq!(doubt.invalid_bytes, 1);
        assert_eq!(doubt.suspicious, ["ligne 3 : Famille Diallo A[?]ssata"]);
        // The worker may choose Windows-1252: then « Koné » is the damaged one.
        let sheet = read_sheet_as(bytes, Some(TextEncoding::Windows1252)).expect("csv");
        assert_eq!(sheet.rows[1].cells[1].text(), "Aïssata");
        let doubt = sheet.encoding.expect("a doubt");
        assert_eq!(doubt.suspicious, ["ligne 2 : Famille KonÃ© Awa"]);
        // A plain Windows-1252 file (no UTF-8 at all) raises no doubt.
        assert!(read_sheet(b"Nom\nA\xefssata\n").unwrap().encoding.is_none());
    }

    #[test]
    fn a_csv_too_long_says_its_real_number_of_rows() {
        let mut text = String::from("Nom;Prénom\n");
        for i in 0..25_000 {
            text.push_str(&format!("Famille{i};Test\n"));
        }
        match read_sheet(text.as_bytes()) {
            Err(SheetError::TooMany { what, count, limit }) => {
                assert_eq!((what, count, limit), ("lignes", 25_000, MAX_ROWS));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn csv_separator_and_encoding_are_sniffed() {
        let sheet = read_sheet(b"Nom,Pr\xe9nom\nDiallo,A\xefssata\n").expect("cp1252 csv");
        assert_eq!(sheet.headers, ["Nom", "Prénom"]);
        assert_eq!(sheet.rows[0].cells[1], SheetCell::Text("Aïssata".into()));
        let sheet =
            read_sheet("\u{feff}Nom\tPrénom\r\nDiallo\tAïssata\r\n".as_bytes()).expect("tab");
        assert_eq!(sheet.rows[0].line, 2);
        assert_eq!(sheet.rows[0].cells.len(), 2);
    }

    #[test]
    fn one_row_per_person_grouped_into_households() {
        let csv = "N° ménage;Nom de référence;Commune;Nom;Prénom;Date de naissance;Niveau scolaire;Étape;Date d'entrée\n\
                   1;Famille Diallo;Paris 19e;Diallo;Aïssata;12/03/1988;;Diagnostic;02/09/2026\n\
                   1;;;Diallo;Moussa;05/06/2015;CM2;;\n\
                   2;;Aurillac;Martin;Julie;01/01/1990;;;\n";
        let sheet = read_sheet(csv.as_bytes()).expect("csv");
        let mapping = Mapping::auto(&sheet.headers);
        let plan = build_plan(&sheet, &mapping, &default_programme(), today());
        assert!(plan.errors.is_empty(), "{:?}", plan.errors);
        assert_eq!(plan.households.len(), 2);
        let h = &plan.households[0];
        assert_eq!(h.household.label, "Famille Diallo");
        assert_eq!(h.adults.len(), 1);
        assert!(h.adults[0].is_reference);
        assert_eq!(h.children[0].schooling_level, SchoolingLevel::Cm2);
        assert_eq!(h.events.len(), 2);
        assert_eq!(plan.households[1].household.label, "Famille MARTIN");
    }

    #[test]
    fn errors_name_line_and_column() {
        let csv = "Nom;Prénom;Date de naissance;Étape\nDiallo;A;31/02/2019;Diagnostic\nMartin;B;hier;Nulle part\n";
        let sheet = read_sheet(csv.as_bytes()).expect("csv");
        let plan = build_plan(
            &sheet,
            &Mapping::auto(&sheet.headers),
            &default_programme(),
            today(),
        );
        let texts: Vec<String> = plan.errors.iter().map(ToString::to_string).collect();
        assert!(texts.contains(&"ligne 2, colonne « Date de naissance » : date impossible (31/02/2019) : vérifiez-la.".to_owned()), "{texts:?}");
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("ligne 3, colonne « Date de naissance » : date illisible"))
        );
        assert!(
            texts.iter().any(
                |t| t.starts_with("ligne 3, colonne « Étape » : étape inconnue « Nulle part »")
            )
        );
        assert!(plan.households.is_empty());
    }
}
