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
use crate::domain::household_form::{parse_date_fr, parse_euros};
use crate::domain::model::*;
use crate::domain::validate::Validate;
use crate::store::household::HouseholdRow;
use crate::store::sheet::KnownPerson;

mod write;
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

/// The kind of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    /// Text with separators.
    Csv,
    /// Excel or OpenDocument workbook (first sheet).
    Workbook,
}

/// One cell as read, before it is interpreted for its column.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetCell {
    /// Nothing.
    Empty,
    /// Text (every CSV cell).
    Text(String),
    /// A number of a workbook cell.
    Number(f64),
    /// A date cell of a workbook.
    Date(NaiveDate),
    /// A true/false cell.
    Bool(bool),
}

impl SheetCell {
    /// The cell as text, as the worker would read it in the spreadsheet.
    pub fn text(&self) -> String {
        match self {
            SheetCell::Empty => String::new(),
            SheetCell::Text(s) => s.trim().to_owned(),
            SheetCell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
            SheetCell::Number(x) => format!("{x}").replace('.', ","),
            SheetCell::Date(d) => d.format("%d/%m/%Y").to_string(),
            SheetCell::Bool(true) => "oui".to_owned(),
            SheetCell::Bool(false) => "non".to_owned(),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            SheetCell::Empty => true,
            SheetCell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A sheet as read: headers and data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    /// What kind of file it was.
    pub format: SheetFormat,
    /// How a CSV's text was decoded, when there was a doubt (issue 16): a file almost all
    /// UTF-8 with a few invalid bytes is not silently read as Windows-1252.
    pub encoding: Option<EncodingDoubt>,
    /// Header of each column (trimmed).
    pub headers: Vec<String>,
    /// Data rows, blank rows left out.
    pub rows: Vec<RawRow>,
}

/// The text encodings a CSV can be read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (invalid bytes become « � »).
    Utf8,
    /// Windows-1252, what Excel writes for « CSV » on a French Windows.
    Windows1252,
}

impl TextEncoding {
    /// The name shown to the worker.
    pub fn label_fr(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// A CSV whose encoding is doubtful: mostly UTF-8, with invalid bytes. It is read as
/// UTF-8 unless the worker chooses otherwise, and the names that look damaged are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingDoubt {
    /// How it was read this time.
    pub read_as: TextEncoding,
    /// Bytes that are not valid UTF-8.
    pub invalid_bytes: usize,
    /// « ligne 12 : Famille KON[?] » — rows whose text looks damaged, a few at most.
    pub suspicious: Vec<String>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// Line number in the spreadsheet (headers are line 1 in a sheet starting at A1).
    pub line: usize,
    /// Cells, one per header (missing ones are empty).
    pub cells: Vec<SheetCell>,
}

// ---------------------------------------------------------------------------------------
// Reading bytes
// ---------------------------------------------------------------------------------------

/// Reads a CSV (`;`, `,` or tab, UTF-8 with or without BOM, else Windows-1252), an XLSX,
/// XLS or ODS workbook (first sheet) from its bytes.
pub fn read_sheet(bytes: &[u8]) -> Result<RawSheet, SheetError> {
    read_sheet_as(bytes, None)
}

/// Like [`read_sheet`], reading a CSV's text with `encoding` when given (the worker's
/// choice after a doubt), else as [`read_sheet`] decides.
pub fn read_sheet_as(bytes: &[u8], encoding: Option<TextEncoding>) -> Result<RawSheet, SheetError> {
    if bytes.len() > MAX_SHEET_BYTES {
        return Err(SheetError::TooLarge {
            size_kib: bytes.len() >> 10,
            limit_kib: MAX_SHEET_BYTES >> 10,
        });
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let grid = if is_zip || is_ole {
        // A hostile workbook must not take the app down with it: a panic deep in the
        // workbook parser becomes « unreadable » (the fuzz target still reports it).
        std::panic::catch_unwind(|| read_workbook(bytes)).unwrap_or_else(|_| {
            Err(SheetError::Unreadable(
                "classeur endommagé ou d'un format inattendu".into(),
            ))
        })?
    } else {
        read_csv(bytes, encoding)?
    };
    let format = if is_zip || is_ole {
        SheetFormat::Workbook
    } else {
        SheetFormat::Csv
    };
    let (header_line, mut lines) = grid;
    let mut lines = lines.drain(..);
    let Some(header_cells) = lines.next() else {
        return Err(SheetError::Empty);
    };
    let mut headers: Vec<String> = header_cells.iter().map(SheetCell::text).collect();
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    if headers.is_empty() {
        return Err(SheetError::Empty);
    }
    let mut rows = Vec::new();
    for (i, mut cells) in lines.enumerate() {
        if cells.iter().all(SheetCell::is_blank) {
            continue;
        }
        cells.resize(headers.len().max(cells.len()), SheetCell::Empty);
        cells.truncate(headers.len());
        rows.push(RawRow {
            line: header_line + 1 + i,
            cells,
        });
    }
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    let encoding = if format == SheetFormat::Csv {
        encoding_doubt(bytes, encoding, &rows)
    } else {
        None
    };
    Ok(RawSheet {
        format,
        encoding,
        headers,
        rows,
    })
}

type Grid = (usize, Vec<Vec<SheetCell>>);

fn check_cell(text: &str, line: usize, column: usize) -> Result<(), SheetError> {
    // Bytes bound characters from above: count only when it could matter.
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(SheetError::CellTooLong { line, column });
    }
    Ok(())
}

fn check_shape(rows: usize, columns: usize) -> Result<(), SheetError> {
    if rows > MAX_ROWS + 1 {
        return Err(SheetError::TooMany {
            what: "lignes",
            count: rows - 1,
            limit: MAX_ROWS,
        });
    }
    if columns > MAX_COLUMNS {
        return Err(SheetError::TooMany {
            what: "colonnes",
            count: columns,
            limit: MAX_COLUMNS,
        });
    }
    Ok(())
}

/// Windows-1252 code points of bytes 0x80–0x9F (the rest of the range is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Invalid UTF-8 bytes, and well-formed multi-byte UTF-8 sequences, in `bytes`.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let (mut invalid, mut multibyte) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                multibyte += valid.chars().filter(|c| c.len_utf8() > 1).count();
                return (invalid, multibyte);
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                multibyte += std::str::from_utf8(good)
                    .map_or(0, |g| g.chars().filter(|c| c.len_utf8() > 1).count());
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                invalid += skip;
                rest = &bad[skip.min(bad.len())..];
            }
        }
    }
}

/// The encoding to read with: the worker's choice, else UTF-8 when the text is valid
/// UTF-8 or mostly so (it has well-formed accented letters), else Windows-1252.
fn choose_encoding(bytes: &[u8], forced: Option<TextEncoding>) -> TextEncoding {
    if let Some(encoding) = forced {
        return encoding;
    }
    match utf8_census(bytes) {
        (0, _) => TextEncoding::Utf8,
        (_, multibyte) if multibyte > 0 => TextEncoding::Utf8,
        _ => TextEncoding::Windows1252,
    }
}

/// The text of a CSV (BOM skipped) in the chosen encoding.
fn decode_text(bytes: &[u8], forced: Option<TextEncoding>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match choose_encoding(bytes, forced) {
        TextEncoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        TextEncoding::Windows1252 => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect(),
    }
}

/// The doubt to show, if any: the file has invalid UTF-8 bytes *and* UTF-8 accented
/// letters (or the worker chose an encoding), with the rows that look damaged.
fn encoding_doubt(
    bytes: &[u8],
    forced: Option<TextEncoding>,
    rows: &[RawRow],
) -> Option<EncodingDoubt> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (invalid, multibyte) = utf8_census(bytes);
    if invalid == 0 || (multibyte == 0 && forced.is_none()) {
        return None;
    }
    let read_as = choose_encoding(bytes, forced);
    // « � » where UTF-8 failed; « Ã » and « Â » where UTF-8 was read as Windows-1252.
    let damaged = |t: &str| match read_as {
        TextEncoding::Utf8 => t.contains('\u{FFFD}'),
        TextEncoding::Windows1252 => t.contains('Ã') || t.contains('Â'),
    };
    let suspicious = rows
        .iter()
        .filter_map(|row| {
            let texts: Vec<String> = row.cells.iter().map(SheetCell::text).collect();
            texts
                .iter()
                .any(|t| damaged(t))
                // « � » is drawn by few fonts: shown as « [?] ».
                .then(|| {
                    format!("ligne {} : {}", row.line, texts.join(" ").trim())
                        .replace('\u{FFFD}', "[?]")
                })
        })
        .take(5)
        .collect();
    Some(EncodingDoubt {
        read_as,
        invalid_bytes: invalid,
        suspicious,
    })
}

/// The separator used by the header line: the most frequent of `;`, tab and `,` outside
/// quotes (`;` wins ties: French files use it because `,` is the decimal mark).
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b'\t', b','];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

fn read_csv(bytes: &[u8], encoding: Option<TextEncoding>) -> Result<Grid, SheetError> {
    let text = decode_text(bytes, encoding);
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut records = reader.records().enumerate();
    while let Some((i, record)) = records.next() {
        let record = record.map_err(|e| SheetError::Unreadable(format!("CSV : {e}")))?;
        if i > MAX_ROWS {
            // Too long: say how long it really is (« 25000 lignes », not « 20001 »), by
            // counting the rest without keeping it.
            let total = i + 1 + records.count();
            return Err(SheetError::TooMany {
                what: "lignes",
                count: total - 1,
                limit: MAX_ROWS,
            });
        }
        check_shape(i + 1, record.len())?;
        let mut cells = Vec::with_capacity(record.len());
        for (c, field) in record.iter().enumerate() {
            check_cell(field, i + 1, c + 1)?;
            cells.push(if field.trim().is_empty() {
                SheetCell::Empty
            } else {
                SheetCell::Text(field.to_owned())
            });
        }
        out.push(cells);
    }
    Ok((1, out))
}

fn read_workbook(bytes: &[u8]) -> Result<Grid, SheetError> {
    use calamine::{Data, DataType, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let (height, width) = range.get_size();
    check_shape(height, width)?;
    let first_line = range.start().map_or(1, |(r, _)| r as usize + 1);
    let mut out = Vec::with_capacity(height);
    for (i, row) in range.rows().enumerate() {
        let line = first_line + i;
        let mut cells = Vec::with_capacity(row.len());
        for (c, data) in row.iter().enumerate() {
            let cell = match data {
                Data::Empty | Data::Error(_) => SheetCell::Empty,
                Data::String(s) => {
                    check_cell(s, line, c + 1)?;
                    SheetCell::Text(s.clone())
                }
                Data::Int(n) => SheetCell::Number(*n as f64),
                Data::Float(x) => SheetCell::Number(*x),
                Data::Bool(b) => SheetCell::Bool(*b),
                Data::DateTime(_) => data
                    .as_date()
                    .map_or(SheetCell::Text(data.to_string()), SheetCell::Date),
                Data::DateTimeIso(s) => s
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map_or_else(|| SheetCell::Text(s.clone()), SheetCell::Date),
                Data::DurationIso(s) => SheetCell::Text(s.clone()),
            };
            cells.push(cell);
        }
        out.push(cells);
    }
    Ok((first_line, out))
}

// ---------------------------------------------------------------------------------------
// Fields and mapping
// ---------------------------------------------------------------------------------------

macro_rules! fields {
    ($( $variant:ident => $header:literal [$($syn:literal),*] : $doc:literal ),+ $(,)?) => {
        /// A field of the import: what a column holds. The header is the documented French
        /// column name (README « Importer un tableur »).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field {
            $(#[doc = $doc] $variant),+
        }

        impl Field {
            /// Every field, in the documented column order.
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            /// The documented French header.
            pub fn header_fr(self) -> &'static str {
                match self { $(Field::$variant => $header),+ }
            }

            /// Other headers read as this field (already folded: lowercase, no accents).
            fn synonyms(self) -> &'static [&'static str] {
                match self { $(Field::$variant => &[$($syn),*]),+ }
            }
        }
    };
}

fields! {
    HouseholdKey => "N° ménage" ["n menage", "no menage", "numero menage", "numero de menage", "id menage", "menage n", "dossier", "n dossier", "numero de dossier"]
        : "Groups the rows of one household (any text: a number, a file reference).",
    Label => "Nom de référence" ["nom du menage", "menage", "famille", "nom de famille du menage", "reference"]
        : "Household label (e.g. « Famille Diallo »).",
    Commune => "Commune" ["ville", "commune actuelle", "lieu de vie", "commune de residence"]
        : "Commune where the household lives today.",
    HousingSituation => "Situation de logement" ["logement", "situation logement", "hebergement", "logement actuel"]
        : "Housing situation today (Hôtel social, CHRS…).",
    Typology => "Typologie" ["typologie souhaitee", "type de logement", "logement souhaite"]
        : "Wished typology T1–T6.",
    UniqueNumber => "Numéro unique" ["numero unique de demande", "nud", "n unique", "numero unique demande"]
        : "Numéro unique of the social housing demand.",
    CafNumber => "N° CAF" ["numero caf", "caf", "n allocataire", "numero allocataire", "numero d allocataire"]
        : "CAF beneficiary number (duplicate review).",
    Referent => "Référent·e" ["referent", "referente", "referent e", "charge de mission", "travailleur social"]
        : "Référent·e in charge.",
    Origin => "Orienteur" ["prescripteur", "structure d origine", "origine", "orientation"]
        : "Prescriber / sending structure.",
    MaxRent => "Loyer maximal" ["loyer max", "loyer maximum"]
        : "Maximum rent including charges, in euros.",
    PersonKind => "Type de personne" ["type", "adulte ou enfant", "personne", "statut personne"]
        : "« Adulte » or « Enfant » (else: a child when a school level is given).",
    LastName => "Nom" ["nom de famille", "nom de naissance", "nom usage"]
        : "Person's last name.",
    FirstName => "Prénom" ["prenoms"]
        : "Person's first name.",
    BirthDate => "Date de naissance" ["ne le", "nee le", "ne e le", "naissance", "ddn"]
        : "Birth date.",
    Situation => "Situation" ["situation professionnelle", "situation emploi", "statut"]
        : "Adult's situation regarding work.",
    Phone => "Téléphone" ["tel", "portable", "telephone portable"]
        : "Adult's phone.",
    Email => "Courriel" ["email", "e mail", "mail", "adresse mail", "adresse electronique"]
        : "Adult's e-mail.",
    SchoolingLevel => "Niveau scolaire" ["classe", "scolarite", "niveau", "niveau de scolarite"]
        : "Child's school level this year.",
    School => "École" ["ecole actuelle", "etablissement", "etablissement scolaire"]
        : "Child's current school.",
    OpenedOn => "Date d'orientation" ["date d entree dans le dispositif", "date d ouverture", "orientation recue le", "date orientation"]
        : "Date the orientation was received (case opening).",
    Stage => "Étape" ["etape du parcours", "etape actuelle", "phase"]
        : "Current stage of the pathway (name of a programme stage).",
    StageDate => "Date d'entrée" ["date d entree dans l etape", "depuis le", "date etape", "date d entree etape"]
        : "Date the case entered the current stage.",
    Exit => "Sortie" ["type de sortie", "sortie du dispositif"]
        : "« Positive » (droit commun) or « Anticipée », empty while followed.",
    ExitDate => "Date de sortie" []
        : "Date of the exit.",
    ExitReason => "Motif de sortie" ["motif", "raison de la sortie", "motif sortie"]
        : "Reason of an early exit.",
    HiredOn => "Date d'embauche" ["date embauche", "embauche le", "embauche", "date de l embauche"]
        : "Adult's hiring date (the programme's outcome).",
    Employer => "Employeur" ["entreprise", "employeur actuel", "nom de l employeur"]
        : "Adult's employer at hiring.",
    Contract => "Contrat" ["type de contrat", "contrat de travail", "nature du contrat"]
        : "Adult's contract at hiring (CDI, CDD ≥ 6 mois, CDD court, intérim…).",
    LeaseDate => "Date du bail" ["bail signe le", "date de signature du bail", "date bail", "signature du bail", "date d entree dans le logement"]
        : "Date the household's lease at destination was signed.",
    DestinationCommune => "Commune de destination" ["commune d arrivee", "commune du logement", "lieu de relogement", "commune de relogement"]
        : "Commune of the household's dwelling at destination.",
}

/// Lowercase, without accents or punctuation, single spaces: how headers and choice values
/// are compared (« Date d'entrée » = « DATE D ENTREE »).
pub use crate::domain::text::fold_words as fold;

impl Field {
    /// The field a header names (documented name or synonym), if any.
    pub fn from_header(header: &str) -> Option<Field> {
        let folded = fold(header);
        if folded.is_empty() {
            return None;
        }
        Field::ALL
            .iter()
            .copied()
            .find(|f| fold(f.header_fr()) == folded || f.synonyms().contains(&folded.as_str()))
    }
}

/// Which field each column feeds (`None`: « ignorer »).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping(pub Vec<Option<Field>>);

impl Mapping {
    /// Recognises the documented headers and their synonyms; other columns are ignored
    /// until the worker maps them. A field named twice keeps its first column.
    pub fn auto(headers: &[String]) -> Mapping {
        let mut seen = BTreeSet::new();
        Mapping(
            headers
                .iter()
                .map(|h| Field::from_header(h).filter(|f| seen.insert(*f)))
                .collect(),
        )
    }

    /// Applies `En-tête=champ` overrides (champ: a documented header or a synonym, or
    /// « ignorer »). Unknown headers or fields are French errors.
    pub fn apply_overrides(
        &mut self,
        headers: &[String],
        overrides: &[String],
    ) -> Result<(), String> {
        for o in overrides {
            let Some((header, field)) = o.split_once('=') else {
                return Err(format!(
                    "correspondance « {o} » illisible : écrivez « En-tête=champ », par exemple \
                     « Ville=Commune » ou « Remarques=ignorer »."
                ));
            };
            let wanted = fold(header);
            let Some(column) = headers.iter().position(|h| fold(h) == wanted) else {
                return Err(format!(
                    "aucune colonne « {} » dans le fichier (colonnes : {}).",
                    header.trim(),
                    headers.join(", ")
                ));
            };
            let field = if fold(field) == "ignorer" {
                None
            } else {
                Some(Field::from_header(field).ok_or_else(|| {
                    format!(
                        "champ « {} » inconnu : choisissez parmi {} ou « ignorer ».",
                        field.trim(),
                        Field::ALL
                            .iter()
                            .map(|f| f.header_fr())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?)
            };
            self.set(column, field);
        }
        Ok(())
    }

    /// Maps `column` to `field` (a field already mapped elsewhere is moved here).
    pub fn set(&mut self, column: usize, field: Option<Field>) {
        if let Some(f) = field {
            for other in &mut self.0 {
                if *other == Some(f) {
                    *other = None;
                }
            }
        }
        if let Some(slot) = self.0.get_mut(column) {
            *slot = field;
        }
    }

    /// The column of `field`, if mapped.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.0.iter().position(|f| *f == Some(field))
    }

    /// Why the mapping cannot be used yet (French), or `None`.
    pub fn missing(&self) -> Option<String> {
        let has = |f| self.column_of(f).is_some();
        if !has(Field::Label) && !has(Field::LastName) {
            return Some(
                "Aucune colonne « Nom de référence » ni « Nom » : indiquez quelle colonne \
                 porte le nom du ménage ou des personnes."
                    .to_owned(),
            );
        }
        None
    }
}

// ---------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------

/// A French message about one cell: « ligne 12, colonne « Date de naissance » : … ».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// Spreadsheet line.
    pub line: usize,
    /// Header of the column as written in the file (or the field's name).
    pub column: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ligne {}, colonne « {} » : {}",
            self.line, self.column, self.message
        )
    }
}

/// One household to create, with its members and its case.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedHousehold {
    /// Spreadsheet lines it comes from.
    pub lines: Vec<usize>,
    /// The household.
    pub household: Household,
    /// Its adults (the first is the reference person).
    pub adults: Vec<Adult>,
    /// Its children.
    pub children: Vec<Child>,
    /// Its case in the programme.
    pub case: Case,
    /// Stage history of the case, oldest first.
    pub events: Vec<StageEvent>,
    /// Hirings read from the adults' rows (a one-month checkpoint to do, so that the
    /// hiring counts as the programme's outcome and its follow-up is planned).
    pub hirings: Vec<EmploymentFollowUp>,
    /// The lease at destination: (date, commune), when the sheet gives its date.
    pub lease: Option<(NaiveDate, String)>,
}

/// What an import would create, or why it cannot.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Households, in file order.
    pub households: Vec<PlannedHousehold>,
    /// Errors; the import is refused while there is one.
    pub errors: Vec<CellError>,
    /// More errors than [`MAX_ERRORS`] were found (the rest are not listed).
    pub errors_truncated: bool,
}

impl Plan {
    /// Number of adults and children planned.
    pub fn people(&self) -> (usize, usize) {
        self.households.iter().fold((0, 0), |(a, c), h| {
            (a + h.adults.len(), c + h.children.len())
        })
    }
}

struct RowReader<'a> {
    sheet: &'a RawSheet,
    mapping: &'a Mapping,
    errors: Vec<CellError>,
}

impl RowReader<'_> {
    fn header(&self, field: Field) -> String {
        self.mapping
            .column_of(field)
            .and_then(|c| self.sheet.headers.get(c))
            .cloned()
            .unwrap_or_else(|| field.header_fr().to_owned())
    }

    fn error(&mut self, line: usize, field: Field, message: impl Into<String>) {
        let column = self.header(field);
        self.errors.push(CellError {
            line,
            column,
            message: message.into(),
        });
    }

    fn cell<'r>(&self, row: &'r RawRow, field: Field) -> Option<&'r SheetCell> {
        let c = self.mapping.column_of(field)?;
        row.cells.get(c).filter(|c| !c.is_blank())
    }

    fn text(&self, row: &RawRow, field: Field) -> String {
        self.cell(row, field)
            .map(SheetCell::text)
            .unwrap_or_default()
    }

    fn date(&mut self, row: &RawRow, field: Field, today: NaiveDate) -> Option<NaiveDate> {
        let date = match self.cell(row, field)? {
            SheetCell::Date(d) => Some(*d),
            // A date cell without date format: Excel's day serial (1 = 01/01/1900).
            SheetCell::Number(x) if x.fract() == 0.0 && (1.0..=110_000.0).contains(x) => {
                NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|d| d.checked_add_days(chrono::Days::new(*x as u64)))
            }
            SheetCell::Number(x) => {
                let x = *x;
                self.error(
                    row.line,
                    field,
                    format!("un nombre ({x}) au lieu d'une date : écrivez jj/mm/aaaa."),
                );
                return None;
            }
            SheetCell::Bool(_) => {
                self.error(
                    row.line,
                    field,
                    "oui/non au lieu d'une date : écrivez jj/mm/aaaa.",
                );
                return None;
            }
            SheetCell::Text(s) => match parse_date_fr(s) {
                Ok(d) => d,
                Err(_) if looks_like_date(s) => {
                    let shown = s.trim().to_owned();
                    self.error(
                        row.line,
                        field,
                        format!("date impossible ({shown}) : vérifiez-la."),
                    );
                    return None;
                }
                Err(_) => {
                    let shown = short(s);
                    self.error(
                        row.line,
                        field,
                        format!("date illisible (« {shown} ») : écrivez jj/mm/aaaa."),
                    );
                    return None;
                }
            },
            SheetCell::Empty => None,
        }?;
        if date > today {
            let shown = date.format("%d/%m/%Y");
            self.error(
                row.line,
                field,
                format!("date dans le futur ({shown}) : vérifiez l'année."),
            );
            return None;
        }
        Some(date)
    }

    fn choice<T: Copy>(
        &mut self,
        row: &RawRow,
        field: Field,
        all: &[T],
        label: impl Fn(T) -> &'static str,
        extra: &[(&str, T)],
    ) -> Option<T> {
        let raw = self.text(row, field);
        if raw.is_empty() {
            return None;
        }
        let folded = fold(&raw);
        let found = all
            .iter()
            .copied()
            .find(|v| {
                let l = fold(label(*v));
                l == folded || l.starts_with(&format!("{folded} "))
            })
            .or_else(|| {
                extra
                    .iter()
                    .find(|(k, _)| fold(k) == folded)
                    .map(|(_, v)| *v)
            });
        if found.is_none() {
            let choices: Vec<&str> = all.iter().map(|v| label(*v)).collect();
            let shown = short(&raw);
            self.error(
                row.line,
                field,
                format!(
                    "valeur inconnue « {shown} » : choisissez parmi {}.",
                    choices.join(", ")
                ),
            );
        }
        found
    }
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Three groups of digits: a date that parses but does not exist (31/02/2019).
fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The instant of the `step`-th move of an imported pathway on `date`: 09:00, 12:00,
/// 15:00 UTC, so that moves given on the same day keep their order (the current stage is
/// the latest move).
fn at_step(date: NaiveDate, step: u32) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(9 + 3 * step.min(4), 0, 0).unwrap_or(NaiveTime::MIN))
        .and_utc()
}

/// Normalises a CAF number for comparison (digits and letters only, uppercase).
pub fn normalise_caf(caf: &str) -> String {
    caf.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

const HOUSEHOLD_FIELDS: [Field; 10] = [
    Field::Label,
    Field::Commune,
    Field::HousingSituation,
    Field::Typology,
    Field::UniqueNumber,
    Field::CafNumber,
    Field::Referent,
    Field::Origin,
    Field::MaxRent,
    Field::OpenedOn,
];

/// Reads every row with `mapping` into households to create in `programme`'s pathway;
/// every error is listed (at most [`MAX_ERRORS`]) with its line and column.
///
/// Rows with the same « N° ménage » (or, without that column, the same « Nom de
/// référence ») form one household; household columns are read from the first row that
/// fills them. A row is a child when « Type de personne » says so, or when it has a
/// « Niveau scolaire »; a row without « Nom » nor « Prénom » only describes the household.
pub fn build_plan(
    sheet: &RawSheet,
    mapping: &Mapping,
    programme: &Programme,
    today: NaiveDate,
) -> Plan {
    let mut r = RowReader {
        sheet,
        mapping,
        errors: Vec::new(),
    };
    if let Some(message) = mapping.missing() {
        r.errors.push(CellError {
            line: 1,
            column: "—".to_owned(),
            message,
        });
        return Plan {
            errors: r.errors,
            ..Plan::default()
        };
    }
    // Group rows by household key, keeping file order.
    let mut groups: Vec<Vec<&RawRow>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &sheet.rows {
        let key = {
            let k = r.text(row, Field::HouseholdKey);
            let k = if k.is_empty() {
                r.text(row, Field::Label)
            } else {
                k
            };
            if k.is_empty() {
                // No key at all: the person's own household (« Famille NOM »).
                format!("\u{0}{}", row.line)
            } else {
                fold(&k)
            }
        };
        match index.get(&key) {
            Some(&i) => groups[i].push(row),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![row]);
            }
        }
    }
    let mut households = Vec::new();
    for rows in groups {
        if let Some(h) = plan_household(&mut r, &rows, programme, today) {
            households.push(h);
        }
        if r.errors.len() > MAX_ERRORS {
            break;
        }
    }
    let errors_truncated = r.errors.len() > MAX_ERRORS;
    let mut errors = r.errors;
    errors.sort_by_key(|e| e.line);
    errors.truncate(MAX_ERRORS);
    Plan {
        households: if errors.is_empty() {
            households
        } else {
            Vec::new()
        },
        errors,
        errors_truncated,
    }
}

fn first_filled<'a>(r: &RowReader<'_>, rows: &[&'a RawRow], field: Field) -> Option<&'a RawRow> {
    rows.iter()
        .copied()
        .find(|row| r.cell(row, field).is_some())
}

fn plan_household(
    r: &mut RowReader<'_>,
    rows: &[&RawRow],
    programme: &Programme,
    today: NaiveDate,
) -> Option<PlannedHousehold> {
    let first = rows.first()?;
    let errors_before = r.errors.len();
    let household_id = Uuid::new_v4();
    // Household columns: from the first row that fills each.
    let mut values: BTreeMap<Field, &RawRow> = BTreeMap::new();
    for f in HOUSEHOLD_FIELDS.iter().chain(&[
        Field::Stage,
        Field::StageDate,
        Field::Exit,
        Field::ExitDate,
        Field::ExitReason,
        Field::LeaseDate,
        Field::DestinationCommune,
    ]) {
        if let Some(row) = first_filled(r, rows, *f) {
            values.insert(*f, row);
        }
    }
    let row_of = |f: Field| values.get(&f).copied().unwrap_or(first);
    let housing_situation = r
        .choice(
            row_of(Field::HousingSituation),
            Field::HousingSituation,
            HousingSituation::ALL,
            |v| v.label_fr(),
            &[
                ("hotel", HousingSituation::HotelSocial),
                ("heberge", HousingSituation::Heberge),
                ("hebergee", HousingSituation::Heberge),
                ("chez un tiers", HousingSituation::Heberge),
                ("115", HousingSituation::CentreHebergement),
                ("chu", HousingSituation::CentreHebergement),
                ("sans abri", HousingSituation::SansLogement),
                ("rue", HousingSituation::SansLogement),
            ],
        )
        .unwrap_or(HousingSituation::Autre);
    let typology = r.choice(
        row_of(Field::Typology),
        Field::Typology,
        Typology::ALL,
        |v| v.label_fr(),
        &[
            ("1", Typology::T1),
            ("2", Typology::T2),
            ("3", Typology::T3),
            ("4", Typology::T4),
            ("5", Typology::T5),
            ("6", Typology::T6),
        ],
    );
    let max_rent_cents = {
        let row = row_of(Field::MaxRent);
        let raw = r.text(row, Field::MaxRent);
        match parse_euros(&raw) {
            Ok(v) => v,
            Err(_) => {
                let shown = short(&raw);
                r.error(
                    row.line,
                    Field::MaxRent,
                    format!("montant illisible (« {shown} ») : écrivez des euros, par exemple 650 ou 650,50."),
                );
                None
            }
        }
    };
    let opt = |s: String| if s.is_empty() { None } else { Some(s) };
    let mut label = r.text(row_of(Field::Label), Field::Label);
    let household_fields_row = row_of(Field::Referent);
    let referent = r.text(household_fields_row, Field::Referent);
    let origin = r.text(row_of(Field::Origin), Field::Origin);

    // People.
    let mut adults: Vec<Adult> = Vec::new();
    let mut hirings: Vec<EmploymentFollowUp> = Vec::new();
    let mut children: Vec<Child> = Vec::new();
    for row in rows {
        let last = r.text(row, Field::LastName);
        let first_name = r.text(row, Field::FirstName);
        if last.is_empty() && first_name.is_empty() {
            for f in [Field::BirthDate, Field::SchoolingLevel, Field::Situation] {
                if r.cell(row, f).is_some() {
                    r.error(
                        row.line,
                        Field::LastName,
                        "le nom ou le prénom de la personne est obligatoire.",
                    );
                    break;
                }
            }
            continue;
        }
        let birth = r.date(row, Field::BirthDate, today);
        let kind = fold(&r.text(row, Field::PersonKind));
        let is_child = match kind.as_str() {
            "" => r.cell(row, Field::SchoolingLevel).is_some(),
            k if k.starts_with("enfant") => true,
            k if k.starts_with("adulte") || k.starts_with("parent") => false,
            _ => {
                let shown = short(&r.text(row, Field::PersonKind));
                r.error(
                    row.line,
                    Field::PersonKind,
                    format!("valeur inconnue « {shown} » : écrivez « Adulte » ou « Enfant »."),
                );
                false
            }
        };
        let before = r.errors.len();
        if is_child {
            let level = r
                .choice(
                    row,
                    Field::SchoolingLevel,
                    SchoolingLevel::ALL,
                    |v| v.label_fr(),
                    &[
                        ("creche", SchoolingLevel::Creche),
                        ("ps", SchoolingLevel::MaternellePs),
                        ("petite section", SchoolingLevel::MaternellePs),
                        ("ms", SchoolingLevel::MaternelleMs),
                        ("moyenne section", SchoolingLevel::MaternelleMs),
                        ("gs", SchoolingLevel::MaternelleGs),
                        ("grande section", SchoolingLevel::MaternelleGs),
                        ("6eme", SchoolingLevel::Sixieme),
                        ("5eme", SchoolingLevel::Cinquieme),
                        ("4eme", SchoolingLevel::Quatrieme),
                        ("3eme", SchoolingLevel::Troisieme),
                        ("seconde", SchoolingLevel::Lycee),
                        ("premiere", SchoolingLevel::Lycee),
                        ("terminale", SchoolingLevel::Lycee),
                        ("non scolarise e", SchoolingLevel::NonScolarise),
                    ],
                )
                .unwrap_or(SchoolingLevel::NonScolarise);
            let child = Child {
                id: Uuid::new_v4(),
                household_id,
                first_name: first_name.clone(),
                last_name: last.clone(),
                birth_date: birth,
                schooling_level: level,
                current_school: r.text(row, Field::School),
                destination_school: String::new(),
                enrolment: EnrolmentStatus::AFaire,
                enrolment_date: None,
                childcare_need: false,
                notes: String::new(),
            };
            if r.errors.len() == before {
                for e in child.validate(today) {
                    let field = match e.field {
                        "birth_date" => Field::BirthDate,
                        "first_name" => Field::FirstName,
                        _ => Field::LastName,
                    };
                    r.error(row.line, field, lower_first(&e.message));
                }
            }
            children.push(child);
        } else {
            let situation = r
                .choice(
                    row,
                    Field::Situation,
                    AdultSituation::ALL,
                    |v| v.label_fr(),
                    &[
                        ("demandeur d emploi", AdultSituation::DemandeurEmploi),
                        ("demandeuse d emploi", AdultSituation::DemandeurEmploi),
                        ("de", AdultSituation::DemandeurEmploi),
                        ("salarie", AdultSituation::Salarie),
                        ("salariee", AdultSituation::Salarie),
                        ("en emploi", AdultSituation::Salarie),
                        ("formation", AdultSituation::Formation),
                        ("independant", AdultSituation::Independant),
                        ("retraite", AdultSituation::Retraite),
                    ],
                )
                .unwrap_or(AdultSituation::DemandeurEmploi);
            let adult = Adult {
                id: Uuid::new_v4(),
                household_id,
                is_reference: adults.is_empty(),
                first_name: first_name.clone(),
                last_name: last.clone(),
                birth_date: birth,
                phone: r.text(row, Field::Phone),
                email: r.text(row, Field::Email),
                situation,
                france_travail_registered: situation == AdultSituation::DemandeurEmploi,
                rsa: false,
                education_level: EducationLevel::Aucun,
                qualifications: Vec::new(),
                trades: Vec::new(),
                rome_domains: Vec::new(),
                driving_licence: false,
                vehicle: false,
                languages: Vec::new(),
                available_from: None,
                mobility_radius_km: 30,
                constraints: String::new(),
            };
            if r.errors.len() == before {
                for e in adult.validate(today) {
                    let field = match e.field {
                        "birth_date" => Field::BirthDate,
                        _ => Field::LastName,
                    };
                    r.error(row.line, field, lower_first(&e.message));
                }
            }
            if let Some(hired_on) = r.date(row, Field::HiredOn, today) {
                hirings.push(hiring(r, row, adult.id, hired_on));
            }
            adults.push(adult);
        }
    }
    if label.is_empty() {
        let name = adults
            .first()
            .map(|a| a.last_name.clone())
            .or_else(|| children.first().map(|c| c.last_name.clone()))
            .unwrap_or_default();
        if !name.is_empty() {
            label = format!("Famille {}", name.to_uppercase());
        }
    }
    let household = Household {
        id: household_id,
        label,
        housing_situation,
        commune: r.text(row_of(Field::Commune), Field::Commune),
        housing_demand: HousingDemand {
            typology,
            unique_number: opt(r.text(row_of(Field::UniqueNumber), Field::UniqueNumber)),
            unique_number_date: None,
            wished_communes: Vec::new(),
            max_rent_cents,
        },
        resources: Vec::new(),
        barriers: BTreeSet::new(),
        referent: referent.clone(),
        origin: origin.clone(),
        caf_number: opt(r.text(row_of(Field::CafNumber), Field::CafNumber)),
        unknown_to_employment_services: false,
    };
    for e in household.validate(today) {
        let field = match e.field {
            "label" => Field::Label,
            "resources" => Field::MaxRent,
            _ => Field::MaxRent,
        };
        r.error(first.line, field, lower_first(&e.message));
    }

    // Case and pathway.
    let opened_row = row_of(Field::OpenedOn);
    let opened = r.date(opened_row, Field::OpenedOn, today);
    let stage_row = row_of(Field::Stage);
    let stage_label = r.text(stage_row, Field::Stage);
    let stage = if stage_label.is_empty() {
        None
    } else {
        let wanted = fold(&stage_label);
        let found = programme
            .stages
            .iter()
            .find(|s| fold(&s.label) == wanted)
            .or_else(|| {
                // « Diagnostic », « 2 - Diagnostic », « Droit commun »: a unique prefix match.
                let matches: Vec<&Stage> = programme
                    .active_stages()
                    .filter(|s| {
                        let l = fold(&s.label);
                        l.starts_with(&wanted) || wanted.ends_with(&l)
                    })
                    .collect();
                (matches.len() == 1).then(|| matches[0])
            });
        if found.is_none() {
            let names: Vec<&str> = programme
                .active_stages()
                .map(|s| s.label.as_str())
                .collect();
            let shown = short(&stage_label);
            r.error(
                stage_row.line,
                Field::Stage,
                format!(
                    "étape inconnue « {shown} » dans le parcours « {} » : choisissez parmi {}.",
                    programme.name,
                    names.join(", ")
                ),
            );
        }
        found.cloned()
    };
    let stage_date_row = row_of(Field::StageDate);
    let stage_date = r.date(stage_date_row, Field::StageDate, today);
    let exit_row = row_of(Field::Exit);
    let mut exit = r
        .choice(
            exit_row,
            Field::Exit,
            ExitKind::ALL,
            |v| v.label_fr(),
            &[
                ("positive", ExitKind::DroitCommun),
                ("droit commun", ExitKind::DroitCommun),
                ("sortie positive", ExitKind::DroitCommun),
                ("anticipee", ExitKind::Anticipee),
                ("abandon", ExitKind::Anticipee),
                ("non", ExitKind::Aucune),
                ("aucune", ExitKind::Aucune),
            ],
        )
        .unwrap_or(ExitKind::Aucune);
    let exit_date_row = row_of(Field::ExitDate);
    let mut exit_date = r.date(exit_date_row, Field::ExitDate, today);
    let reason_row = row_of(Field::ExitReason);
    let exit_reason = r.choice(
        reason_row,
        Field::ExitReason,
        EarlyExitReason::ALL,
        |v| v.label_fr(),
        &[],
    );
    if let Some(s) = &stage
        && s.is_exit
        && exit == ExitKind::Aucune
    {
        exit = if s.is_early_exit {
            ExitKind::Anticipee
        } else {
            ExitKind::DroitCommun
        };
        exit_date = exit_date.or(stage_date);
    }
    let opened_on = opened.or(stage_date).or(exit_date).unwrap_or(today);
    let by = if referent.is_empty() {
        "Import tableur".to_owned()
    } else {
        referent.clone()
    };
    let opening = CaseOpening {
        household_id,
        referent: referent.clone(),
        origin,
        opened_on,
        at: at_step(opened_on, 0),
        by: by.clone(),
        comment: "Importé d'un tableur".to_owned(),
    };
    let Some((mut case, opened_event)) = Case::open(programme, opening) else {
        r.error(
            stage_row.line,
            Field::Stage,
            format!(
                "le parcours « {} » n'a aucune étape active : réactivez-en une dans les étapes \
                 du parcours avant d'importer.",
                programme.name
            ),
        );
        return None;
    };
    case.exit = exit;
    case.exit_date = exit_date;
    case.exit_reason = exit_reason;
    for e in case.validate(today) {
        let field = match e.field {
            "exit_reason" => Field::ExitReason,
            "exit_date" => Field::ExitDate,
            _ => Field::Exit,
        };
        r.error(exit_row.line, field, lower_first(&e.message));
    }
    if let (Some(d), Some(o)) = (stage_date, opened)
        && d < o
    {
        r.error(
            stage_date_row.line,
            Field::StageDate,
            "la date d'entrée dans l'étape précède la date d'orientation.",
        );
    }
    // The moves after the opening: to the stage the sheet gives, then to its exit.
    let first_stage = opened_event.to_stage;
    let event = |from: Uuid, to: Uuid, at: NaiveDate, comment: &str| StageEvent {
        id: Uuid::new_v4(),
        case_id: case.id,
        from_stage: Some(from),
        to_stage: to,
        at: at_step(at, if from == first_stage { 1 } else { 2 }),
        by: by.clone(),
        comment: comment.to_owned(),
    };
    let mut events = vec![opened_event];
    let mut last = first_stage;
    if let Some(s) = &stage
        && s.id != first_stage
    {
        let at = stage_date.unwrap_or(opened_on).max(opened_on);
        events.push(event(last, s.id, at, "Étape indiquée dans le tableur"));
        last = s.id;
    }
    let exit_stage = match exit {
        ExitKind::DroitCommun => programme.positive_exit_stage(),
        ExitKind::Anticipee => programme.early_exit_stage(),
        ExitKind::Aucune => None,
    };
    if let (Some(x), Some(d)) = (exit_stage, case.exit_date)
        && x.id != last
    {
        events.push(event(
            last,
            x.id,
            d.max(opened_on),
            "Sortie indiquée dans le tableur",
        ));
    }
    let lease_row = row_of(Field::LeaseDate);
    let lease = r.date(lease_row, Field::LeaseDate, today).map(|d| {
        let commune = r.text(row_of(Field::DestinationCommune), Field::DestinationCommune);
        (d, commune)
    });
    if lease.as_ref().is_some_and(|l| l.1.trim().is_empty()) {
        r.error(
            lease_row.line,
            Field::DestinationCommune,
            "la date du bail est donnée sans la commune de destination : indiquez-la.",
        );
    }
    if let Some((d, _)) = lease
        && d < opened_on
    {
        r.error(
            lease_row.line,
            Field::LeaseDate,
            "la date du bail précède la date d'orientation : le relogement ne compterait pas \
             comme un résultat du programme.",
        );
    }
    let ok = r.errors.len() == errors_before;
    ok.then(|| PlannedHousehold {
        lines: rows.iter().map(|row| row.line).collect(),
        household,
        adults,
        children,
        case,
        events,
        hirings,
        lease,
    })
}

/// The hiring of an adult's row: its date, its contract (a short CDD when the column is
/// empty, said in the notes, so that it is never counted as durable by guess) and its
/// employer in the notes (the follow-up has no employer field).
fn hiring(
    r: &mut RowReader<'_>,
    row: &RawRow,
    adult_id: Uuid,
    hired_on: NaiveDate,
) -> EmploymentFollowUp {
    let contract = r.choice(
        row,
        Field::Contract,
        ContractKind::ALL,
        |v| v.label_fr(),
        &[
            ("cdd long", ContractKind::CddLong),
            ("cdd 6 mois", ContractKind::CddLong),
            ("cdd de 6 mois", ContractKind::CddLong),
            ("cdd", ContractKind::CddCourt),
            ("interim", ContractKind::Interim),
            ("alternance", ContractKind::Alternance),
            ("apprentissage", ContractKind::Alternance),
            ("contrat pro", ContractKind::ContratPro),
        ],
    );
    let employer = r.text(row, Field::Employer);
    let mut notes = Vec::new();
    if !employer.is_empty() {
        notes.push(format!("Employeur : {employer}"));
    }
    if contract.is_none() {
        notes.push("contrat non précisé dans le tableur".to_owned());
    }
    notes.push("(import tableur)".to_owned());
    EmploymentFollowUp {
        id: Uuid::new_v4(),
        adult_id,
        offer_id: None,
        hired_on,
        checkpoint_months: 1,
        checked_on: None,
        still_in_post: false,
        contract: contract.unwrap_or(ContractKind::CddCourt),
        notes: notes.join(" ; "),
    }
}

fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------

/// A planned household that looks like one already known (in the base or earlier in the
/// file), for the duplicate review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Index of the planned household in [`Plan::households`].
    pub household: usize,
    /// First line of that household in the file.
    pub line: usize,
    /// French explanation (« même nom et date de naissance que … »).
    pub reason: String,
    /// The household of the base it resembles, if it is one of the base.
    pub existing: Option<Uuid>,
}

/// What the worker decided for a duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateChoice {
    /// « ignorer cette ligne » (the safe default).
    #[default]
    Skip,
    /// « créer quand même ».
    CreateAnyway,
}

impl DuplicateChoice {
    /// The French label of the choice.
    pub fn label_fr(self) -> &'static str {
        match self {
            DuplicateChoice::Skip => "Ignorer ce ménage",
            DuplicateChoice::CreateAnyway => "Créer quand même",
        }
    }
}

fn person_key(first: &str, last: &str, birth: Option<NaiveDate>) -> Option<String> {
    let birth = birth?;
    let name = fold(&format!("{first} {last}"));
    (!name.is_empty()).then(|| format!("{name}|{birth}"))
}

/// Finds planned households sharing a person (same first and last name and birth date) or
/// a CAF number with a household of the base or an earlier household of the file. One
/// entry per planned household (the first reason found).
pub fn find_duplicates(plan: &Plan, known: &[KnownPerson]) -> Vec<Duplicate> {
    let mut people: HashMap<String, (Option<Uuid>, String)> = HashMap::new();
    let mut cafs: HashMap<String, (Option<Uuid>, String)> = HashMap::new();
    for k in known {
        if let Some(key) = person_key(&k.first_name, &k.last_name, k.birth_date) {
            people.entry(key).or_insert((
                Some(k.household_id),
                format!("« {} » de la base", k.household_label),
            ));
        }
        if let Some(caf) = k
            .caf_number
            .as_deref()
            .map(normalise_caf)
            .filter(|c| !c.is_empty())
        {
            cafs.entry(caf).or_insert((
                Some(k.household_id),
                format!("« {} » de la base", k.household_label),
            ));
        }
    }
    let mut out = Vec::new();
    for (i, h) in plan.households.iter().enumerate() {
        let line = h.lines.first().copied().unwrap_or(0);
        let persons: Vec<(String, String, Option<NaiveDate>)> = h
            .adults
            .iter()
            .map(|a| (a.first_name.clone(), a.last_name.clone(), a.birth_date))
            .chain(
                h.children
                    .iter()
                    .map(|c| (c.first_name.clone(), c.last_name.clone(), c.birth_date)),
            )
            .collect();
        let mut found: Option<Duplicate> = None;
        if let Some(caf) = h
            .household
            .caf_number
            .as_deref()
            .map(normalise_caf)
            .filter(|c| !c.is_empty())
            && let Some((existing, what)) = cafs.get(&caf)
        {
            found = Some(Duplicate {
                household: i,
                line,
                reason: format!("même numéro CAF que le ménage {what}"),
                existing: *existing,
            });
        }
        for (first, last, birth) in &persons {
            if found.is_some() {
                break;
            }
            if let Some(key) = person_key(first, last, *birth)
                && let Some((existing, what)) = people.get(&key)
            {
                let birth = birth
                    .map(|b| b.format("%d/%m/%Y").to_string())
                    .unwrap_or_default();
                found = Some(Duplicate {
                    household: i,
                    line,
                    reason: format!(
                        "{} {} né·e le {birth} figure déjà dans le ménage {what}",
                        first.trim(),
                        last.trim()
                    ),
                    existing: *existing,
                });
            }
        }
        // Later households of the file are compared with this one too.
        let here = format!("« {} » (ligne {line} du fichier)", h.household.label);
        for (first, last, birth) in &persons {
            if let Some(key) = person_key(first, last, *birth) {
                people.entry(key).or_insert((None, here.clone()));
            }
        }
        if let Some(caf) = h
            .household
            .caf_number
            .as_deref()
            .map(normalise_caf)
            .filter(|c| !c.is_empty())
        {
            cafs.entry(caf).or_insert((None, here.clone()));
        }
        out.extend(found);
    }
    out
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
