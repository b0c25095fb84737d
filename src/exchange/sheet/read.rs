//! Reading a spreadsheet file (CSV in UTF-8 or Windows-1252, XLSX, XLS, ODS) into a
//! [`RawSheet`], with caps on size, rows, columns and cell length.

use super::*;

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

    pub(super) fn is_blank(&self) -> bool {
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
    while headers.last().is_some_and(std::string::String::is_empty) {
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

pub(super) type Grid = (usize, Vec<Vec<SheetCell>>);

pub(super) fn check_cell(text: &str, line: usize, column: usize) -> Result<(), SheetError> {
    // Bytes bound characters from above: count only when it could matter.
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(SheetError::CellTooLong { line, column });
    }
    Ok(())
}

pub(super) fn check_shape(rows: usize, columns: usize) -> Result<(), SheetError> {
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
pub(super) const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Invalid UTF-8 bytes, and well-formed multi-byte UTF-8 sequences, in `bytes`.
pub(super) fn utf8_census(bytes: &[u8]) -> (usize, usize) {
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
pub(super) fn choose_encoding(bytes: &[u8], forced: Option<TextEncoding>) -> TextEncoding {
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
pub(super) fn decode_text(bytes: &[u8], forced: Option<TextEncoding>) -> String {
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
pub(super) fn encoding_doubt(
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
pub(super) fn sniff_delimiter(text: &str) -> u8 {
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

pub(super) fn read_csv(bytes: &[u8], encoding: Option<TextEncoding>) -> Result<Grid, SheetError> {
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

pub(super) fn read_workbook(bytes: &[u8]) -> Result<Grid, SheetError> {
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
