//! A small PDF document builder (krilla, embedded DejaVu Sans): title, headings,
//! paragraphs, key/value lines, tables with a header row repeated after page breaks,
//! horizontal bar charts. Used by the funders' report; generic enough for other
//! documents (e.g. the « fiche de liaison »).
//!
//! Layout is done as the methods are called (A4 portrait, top-left origin, points), into
//! a list of drawing operations per page; [`PdfDocument::finish`] replays them with
//! krilla and adds « page n / N » footers. Text is measured with the font's own advance
//! widths, so wrapping and right-aligned numbers are exact. The whole PDF is built in
//! memory: write it with [`crate::exchange::output::write_export`].

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};

use super::tabular::{Cell, Table};

/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/LICENSE-DejaVu.txt`).
static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const BOTTOM: f32 = PAGE_H - MARGIN;
const BODY_PT: f32 = 10.0;
const TABLE_PT: f32 = 9.0;
const CELL_PAD: f32 = 4.0;

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read (a broken build).
    #[error("la police du PDF est illisible : le PDF ne peut pas être produit.")]
    Font,
    /// krilla refused to write the document.
    #[error("le PDF n'a pas pu être produit ({0}).")]
    Write(String),
}

/// Colours used by the builder (RGB).
type Rgb = (u8, u8, u8);
const BLACK: Rgb = (20, 20, 20);
const GREY: Rgb = (110, 110, 110);
const HEADER_BG: Rgb = (225, 230, 238);
const RULE: Rgb = (190, 190, 190);
/// Bar colours: first and second series.
const SERIES: [Rgb; 2] = [(47, 94, 160), (214, 120, 40)];

#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
}

/// One bar (or a pair of bars) of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label at the left.
    pub label: String,
    /// One value per series (one or two series).
    pub values: Vec<i64>,
}

impl Bar {
    /// A single-series bar.
    pub fn new(label: &str, value: i64) -> Bar {
        Bar {
            label: label.to_owned(),
            values: vec![value],
        }
    }

    /// A two-series bar (e.g. entries and exits).
    pub fn pair(label: &str, first: i64, second: i64) -> Bar {
        Bar {
            label: label.to_owned(),
            values: vec![first, second],
        }
    }
}

/// Measures text with a font's advance widths.
struct Metrics {
    face: ttf_parser::Face<'static>,
}

impl Metrics {
    fn new(data: &'static [u8]) -> Result<Metrics, PdfError> {
        Ok(Metrics {
            face: ttf_parser::Face::parse(data, 0).map_err(|_| PdfError::Font)?,
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 * size / f32::from(self.face.units_per_em())
    }
}

/// A document being laid out.
pub struct PdfDocument {
    title: String,
    regular: Metrics,
    bold: Metrics,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl std::fmt::Debug for PdfDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfDocument")
            .field("pages", &self.pages.len())
            .field("y", &self.y)
            .finish()
    }
}

impl PdfDocument {
    /// A new document (A4 portrait) with this metadata title and one empty page.
    pub fn new(title: &str) -> Result<PdfDocument, PdfError> {
        Ok(PdfDocument {
            title: title.to_owned(),
            regular: Metrics::new(REGULAR_TTF)?,
            bold: Metrics::new(BOLD_TTF)?,
            pages: vec![Vec::new()],
            y: MARGIN,
        })
    }

    fn metrics(&self, bold: bool) -> &Metrics {
        if bold { &self.bold } else { &self.regular }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Starts a new page.
    pub fn page_break(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Breaks the page unless `height` points still fit.
    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > MARGIN {
            self.page_break();
        }
    }

    fn text_at(&mut self, x: f32, baseline: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        self.push(Op::Text {
            x,
            y: baseline,
            size,
            bold,
            color,
            text: text.to_owned(),
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.push(Op::Rect { x, y, w, h, color });
    }

    /// Splits `text` into lines no wider than `width` (a word longer than the width is
    /// cut by characters).
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let m = self.metrics(bold);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if m.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // The word alone: cut it if it is still too wide.
                for c in word.chars() {
                    let mut next = line.clone();
                    next.push(c);
                    if m.width(&next, size) > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    fn lines(&mut self, text: &str, size: f32, bold: bool, color: Rgb, x: f32, width: f32) {
        let leading = size * 1.35;
        for line in self.wrap(text, size, bold, width) {
            self.ensure(leading);
            self.text_at(x, self.y + size, size, bold, color, &line);
            self.y += leading;
        }
    }

    /// The document's title (large, bold).
    pub fn title(&mut self, text: &str) {
        self.lines(text, 18.0, true, BLACK, MARGIN, CONTENT_W);
        self.y += 6.0;
    }

    /// A section heading; never left alone at the bottom of a page.
    pub fn heading(&mut self, text: &str) {
        self.y += 8.0;
        self.ensure(80.0);
        self.lines(text, 13.0, true, BLACK, MARGIN, CONTENT_W);
        self.y += 2.0;
    }

    /// A paragraph of body text, wrapped.
    pub fn paragraph(&mut self, text: &str) {
        self.lines(text, BODY_PT, false, BLACK, MARGIN, CONTENT_W);
        self.y += 4.0;
    }

    /// A « key : value » line, the key in bold in a fixed column.
    pub fn key_value(&mut self, key: &str, value: &str) {
        let key_w = 180.0;
        let key_lines = self.wrap(key, BODY_PT, true, key_w - 8.0);
        let value_lines = self.wrap(value, BODY_PT, false, CONTENT_W - key_w);
        let leading = BODY_PT * 1.35;
        let height = leading * key_lines.len().max(value_lines.len()) as f32;
        self.ensure(height);
        for (i, l) in key_lines.iter().enumerate() {
            let y = self.y + BODY_PT + leading * i as f32;
            self.text_at(MARGIN, y, BODY_PT, true, BLACK, l);
        }
        for (i, l) in value_lines.iter().enumerate() {
            let y = self.y + BODY_PT + leading * i as f32;
            self.text_at(MARGIN + key_w, y, BODY_PT, false, BLACK, l);
        }
        self.y += height + 1.0;
    }

    /// Column widths: natural widths, the widest columns shrunk to fit the page.
    fn column_widths(&self, table: &Table) -> Vec<f32> {
        let n = table.headers.len().max(1);
        let mut natural: Vec<f32> = table
            .headers
            .iter()
            .map(|h| self.bold.width(h, TABLE_PT))
            .collect();
        natural.resize(n, 0.0);
        for row in &table.rows {
            for (i, c) in row.iter().enumerate().take(n) {
                let w = self.regular.width(&c.to_text_fr(), TABLE_PT);
                natural[i] = natural[i].max(w);
            }
        }
        let natural: Vec<f32> = natural.iter().map(|w| w + 2.0 * CELL_PAD + 1.0).collect();
        let total: f32 = natural.iter().sum();
        if total <= CONTENT_W {
            return natural;
        }
        let fair = CONTENT_W / n as f32;
        let small: f32 = natural.iter().filter(|w| **w <= fair).sum();
        let wide: f32 = natural.iter().filter(|w| **w > fair).sum();
        let room = CONTENT_W - small;
        natural
            .iter()
            .map(|w| if *w <= fair { *w } else { w / wide * room })
            .collect()
    }

    fn table_row(&mut self, cells: &[(String, bool)], widths: &[f32], header: bool) {
        let leading = TABLE_PT * 1.3;
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(widths)
            .map(|((text, _), w)| self.wrap(text, TABLE_PT, header, w - 2.0 * CELL_PAD))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = leading * lines as f32 + 2.0 * CELL_PAD - 2.0;
        let width: f32 = widths.iter().sum();
        if header {
            self.rect(MARGIN, self.y, width, height, HEADER_BG);
        }
        let mut x = MARGIN;
        for ((lines, w), (_, right)) in wrapped.iter().zip(widths).zip(cells) {
            for (i, l) in lines.iter().enumerate() {
                let baseline = self.y + CELL_PAD + TABLE_PT + leading * i as f32 - 1.0;
                let tx = if *right {
                    x + w - CELL_PAD - self.metrics(header).width(l, TABLE_PT)
                } else {
                    x + CELL_PAD
                };
                self.text_at(tx, baseline, TABLE_PT, header, BLACK, l);
            }
            x += w;
        }
        self.y += height;
        self.rect(MARGIN, self.y, width, 0.5, RULE);
    }

    /// A table: header row (repeated at the top of each new page), numbers right-aligned,
    /// long cells wrapped.
    pub fn table(&mut self, table: &Table) {
        let widths = self.column_widths(table);
        let header: Vec<(String, bool)> =
            table.headers.iter().map(|h| (h.clone(), false)).collect();
        let row_h = TABLE_PT * 1.3 + 2.0 * CELL_PAD;
        self.ensure(row_h * 3.0);
        self.table_row(&header, &widths, true);
        for row in &table.rows {
            let cells: Vec<(String, bool)> = (0..widths.len())
                .map(|i| match row.get(i) {
                    Some(c) => (
                        c.to_text_fr(),
                        matches!(c, Cell::Int(_) | Cell::Number(_) | Cell::Percent(_)),
                    ),
                    None => (String::new(), false),
                })
                .collect();
            let longest = cells
                .iter()
                .zip(&widths)
                .map(|((t, _), w)| self.wrap(t, TABLE_PT, false, w - 2.0 * CELL_PAD).len())
                .max()
                .unwrap_or(1) as f32;
            if self.y + row_h * longest > BOTTOM {
                self.page_break();
                self.table_row(&header, &widths, true);
            }
            self.table_row(&cells, &widths, false);
        }
        self.y += 8.0;
    }

    /// A horizontal bar chart: one row per bar, label at the left, value after the bar;
    /// a two-value bar draws two thin bars in the series colours (see [`Self::legend`]).
    pub fn bar_chart(&mut self, bars: &[Bar]) {
        let label_w = 190.0;
        let value_w = 40.0;
        let bar_room = CONTENT_W - label_w - value_w;
        let max = bars
            .iter()
            .flat_map(|b| b.values.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1) as f32;
        for bar in bars {
            let thickness = if bar.values.len() > 1 { 6.0 } else { 10.0 };
            let row_h = thickness * bar.values.len() as f32 + 5.0;
            self.ensure(row_h);
            let label = self.ellipsize(&bar.label, TABLE_PT, label_w - 8.0);
            let top = self.y;
            self.text_at(
                MARGIN,
                top + (row_h + TABLE_PT) / 2.0 - 2.0,
                TABLE_PT,
                false,
                BLACK,
                &label,
            );
            for (i, v) in bar.values.iter().enumerate() {
                let y = top + 2.0 + thickness * i as f32;
                let w = (*v).max(0) as f32 / max * bar_room;
                let color = SERIES[i.min(SERIES.len() - 1)];
                if w > 0.0 {
                    self.rect(MARGIN + label_w, y, w, thickness - 1.0, color);
                }
                self.text_at(
                    MARGIN + label_w + w + 4.0,
                    y + thickness - 1.5,
                    thickness.min(TABLE_PT),
                    false,
                    GREY,
                    &v.to_string(),
                );
            }
            self.y += row_h;
        }
        self.y += 6.0;
    }

    /// The legend of a two-series chart: a colour square and a name per series.
    pub fn legend(&mut self, names: &[&str]) {
        self.ensure(16.0);
        let mut x = MARGIN;
        for (i, name) in names.iter().enumerate() {
            let color = SERIES[i.min(SERIES.len() - 1)];
            self.rect(x, self.y + 2.0, 8.0, 8.0, color);
            self.text_at(x + 12.0, self.y + 9.5, TABLE_PT, false, BLACK, name);
            x += 24.0 + self.regular.width(name, TABLE_PT);
        }
        self.y += 18.0;
    }

    fn ellipsize(&self, text: &str, size: f32, width: f32) -> String {
        if self.regular.width(text, size) <= width {
            return text.to_owned();
        }
        let mut out = String::new();
        for c in text.chars() {
            let mut next = out.clone();
            next.push(c);
            next.push('…');
            if self.regular.width(&next, size) > width {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Number of pages laid out so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Renders the document to PDF bytes, with « page n / N » footers.
    pub fn finish(self) -> Result<Vec<u8>, PdfError> {
        let regular = Font::new(REGULAR_TTF.to_vec().into(), 0).ok_or(PdfError::Font)?;
        let bold = Font::new(BOLD_TTF.to_vec().into(), 0).ok_or(PdfError::Font)?;
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .language("fr-FR".to_owned())
                .creator("Passerelle".to_owned()),
        );
        let total = self.pages.len();
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font)?;
        for (n, ops) in self.pages.iter().enumerate() {
            let mut page = doc.start_page_with(settings.clone());
            let mut surface = page.surface();
            let footer = format!("Passerelle – page {} / {total}", n + 1);
            let footer_op = Op::Text {
                x: PAGE_W - MARGIN - self.regular.width(&footer, 8.0),
                y: PAGE_H - MARGIN / 2.0,
                size: 8.0,
                bold: false,
                color: GREY,
                text: footer,
            };
            for op in ops.iter().chain(std::iter::once(&footer_op)) {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        bold: b,
                        color,
                        text,
                    } => {
                        surface.set_fill(Some(fill(*color)));
                        let font = if *b { bold.clone() } else { regular.clone() };
                        surface.draw_text(
                            Point::from_xy(*x, *y),
                            font,
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Op::Rect { x, y, w, h, color } => {
                        let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) else {
                            continue;
                        };
                        let mut pb = PathBuilder::new();
                        pb.push_rect(rect);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(Some(fill(*color)));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
    }
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        ..Fill::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_to_the_width_and_breaks_pages() {
        let mut doc = PdfDocument::new("Essai").expect("doc");
        let lines = doc.wrap("un deux trois quatre cinq six sept", 10.0, false, 60.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| doc.regular.width(l, 10.0) <= 60.0));
        let mut t = Table::new("T", &["Nom", "Valeur"]);
        for i in 0..120 {
            t.rows.push(vec![format!("ligne {i}").into(), Cell::Int(i)]);
        }
        doc.title("Titre");
        doc.table(&t);
        assert!(doc.page_count() >= 2);
        let bytes = doc.finish().expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
