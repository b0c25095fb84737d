//! Tables written as CSV or XLSX: the household list, the indicators of a report.
//!
//! One [`Table`] model for every spreadsheet export, so the CSV and the XLSX of the same
//! table always carry the same cells. The CSV is what French spreadsheet software opens
//! without an import dialog: UTF-8 with a byte-order mark, `;` between fields, decimal
//! comma, dates dd/mm/yyyy. The XLSX is built in memory (rust_xlsxwriter without its
//! `constant_memory` feature never writes a temporary file): nothing in clear on disk
//! before the worker's own explicit export.

use chrono::{Datelike, NaiveDate};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Free text.
    Text(String),
    /// A count or any whole number.
    Int(i64),
    /// A decimal number (written with a decimal comma in CSV).
    Number(f64),
    /// A ratio between 0 and 1, shown as a percentage.
    Percent(f64),
    /// A calendar date, shown dd/mm/yyyy.
    Date(NaiveDate),
    /// Nothing.
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl From<Option<NaiveDate>> for Cell {
    fn from(d: Option<NaiveDate>) -> Self {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

impl Cell {
    /// The cell as the CSV shows it (French conventions).
    pub fn to_text_fr(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Number(x) => format!("{x}").replace('.', ","),
            Cell::Percent(x) => format!("{:.1} %", x * 100.0).replace('.', ","),
            Cell::Date(d) => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
            Cell::Empty => String::new(),
        }
    }
}

/// A text cell made safe for a spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be read as a formula by Excel or LibreOffice (labels can
/// come from partners' packets: `=HYPERLINK(…)`, `+cmd|…`); such text is prefixed with an
/// apostrophe, which shows it as the text it is (OWASP's advice for CSV injection).
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A named table: one header row, then rows of cells (a short row is padded with empty
/// cells; a long row is an error of the caller and is cut in debug builds' eyes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Title: the sheet name in XLSX (cut to 31 characters, Excel's limit).
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// Why a spreadsheet could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum TabularError {
    /// The CSV writer failed.
    #[error("le fichier CSV n'a pas pu être produit : {0}")]
    Csv(#[from] csv::Error),
    /// The XLSX writer failed.
    #[error("le classeur XLSX n'a pas pu être produit : {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

impl Table {
    /// A table with these headers and no rows.
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Self {
        Self {
            title: title.into(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table as CSV bytes: UTF-8 with BOM, `;` separated, French numbers and dates.
    pub fn to_csv(&self) -> Result<Vec<u8>, TabularError> {
        to_csv(std::slice::from_ref(self))
    }
}

/// Several tables in one CSV, each after a line with its title and separated by a blank
/// line (a report has several tables; a CSV has one sheet).
pub fn to_csv(tables: &[Table]) -> Result<Vec<u8>, TabularError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            // A blank line: the csv writer would quote a lone empty field.
            out.push(b'\n');
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .flexible(true)
            .from_writer(&mut out);
        if tables.len() > 1 {
            writer.write_record([csv_cell(&table.title).as_ref()])?;
        }
        writer.write_record(table.headers.iter().map(|h| csv_cell(h).into_owned()))?;
        for row in &table.rows {
            // Only text is neutralised: a negative number stays a number.
            writer.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => csv_cell(s).into_owned(),
                other => other.to_text_fr(),
            }))?;
        }
        writer.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

/// Several tables as one XLSX workbook, one sheet per table, built in memory.
pub fn to_xlsx(tables: &[Table]) -> Result<Vec<u8>, TabularError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let percent = Format::new().set_num_format("0.0%");
    let mut used_names: Vec<String> = Vec::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(&table.title, &mut used_names))?;
        // Every text is written with `write_string`: a string cell, never a formula,
        // whatever it starts with (rust_xlsxwriter writes formulas only through
        // `write_formula`, which we never call).
        for (col, h) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &header)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::Number(x) => {
                        sheet.write_number(r, c, *x)?;
                    }
                    Cell::Percent(x) => {
                        sheet.write_number_with_format(r, c, *x, &percent)?;
                    }
                    Cell::Date(d) => {
                        let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(r, c, &d, &date)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.autofit();
    }
    Ok(workbook.save_to_buffer()?)
}

/// A valid, unique sheet name: no `[]:*?/\`, at most 31 characters.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let base: String = match clean.trim() {
        "" => "Feuille".to_owned(),
        t => t.chars().take(28).collect(),
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new("Ménages", &["Nom", "Enfants", "Taux", "Entrée"]);
        t.rows.push(vec![
            "Durand; Léa".into(),
            Cell::Int(3),
            Cell::Percent(0.256),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()),
        ]);
        t
    }

    #[test]
    fn csv_is_french_spreadsheet_friendly() {
        let bytes = sample().to_csv().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let body = text.trim_start_matches('\u{feff}');
        assert_eq!(
            body,
            "Nom;Enfants;Taux;Entrée\n\"Durand; Léa\";3;25,6 %;09/03/2026\n"
        );
    }

    #[test]
    fn several_tables_in_one_csv_carry_their_titles() {
        let mut other = Table::new("Sorties", &["Motif", "Nombre"]);
        other.rows.push(vec!["Déménagement".into(), Cell::Int(2)]);
        let text = String::from_utf8(to_csv(&[sample(), other]).unwrap()).unwrap();
        assert!(text.contains("Ménages\nNom;"), "{text}");
        assert!(
            text.contains("\n\nSorties\nMotif;Nombre\nDéménagement;2\n"),
            "{text}"
        );
    }

    #[test]
    fn xlsx_reads_back_with_calamine() {
        use calamine::{Data, DataType, Reader, Xlsx};
        let mut other = Table::new("Ménages", &["x"]);
        other.rows.push(vec![Cell::Int(1)]);
        let bytes = to_xlsx(&[sample(), other]).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Ménages", "Ménages 2"]);
        let range = book.worksheet_range("Ménages").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("Nom".into())));
        assert_eq!(range.get((1, 0)), Some(&Data::String("Durand; Léa".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::Float(3.0)));
        let date = range.get((1, 3)).unwrap();
        assert_eq!(
            date.as_date(),
            Some(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap())
        );
    }

    /// The cells tried in issue 13: live formulas in a CSV that leaves the base.
    const HOSTILE: [&str; 6] = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ];

    #[test]
    fn formula_cells_are_neutralised_in_csv_and_written_as_text_in_xlsx() {
        use calamine::{Data, Reader, Xlsx};
        let mut t = Table::new("Ménages", &["Nom", "Nombre"]);
        for h in HOSTILE {
            t.rows.push(vec![h.into(), Cell::Int(-4)]);
        }
        let text = String::from_utf8(t.to_csv().unwrap()).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), HOSTILE.len());
        for (row, h) in rows.iter().zip(HOSTILE) {
            assert_eq!(&row[0], format!("'{h}"), "neutralised");
            assert_eq!(&row[1], "-4", "a negative number stays a number");
        }
        assert_eq!(csv_cell("Famille Durand"), "Famille Durand");
        let bytes = to_xlsx(&[t]).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Ménages").unwrap();
        let formulas = book.worksheet_formula("Ménages").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula in the workbook"
        );
        for (i, h) in HOSTILE.iter().enumerate() {
            assert_eq!(
                range.get((i + 1, 0)),
                Some(&Data::String((*h).to_owned())),
                "a string cell, as typed"
            );
        }
    }
}
