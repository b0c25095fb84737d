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
            writer.write_record([table.title.as_str()])?;
        }
        writer.write_record(&table.headers)?;
        for row in &table.rows {
            writer.write_record(row.iter().map(Cell::to_text_fr))?;
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
}
