//! « Importer un tableur… » and « Exporter la liste… »: a panel over the « Ménages » list.
//!
//! Import: choose a file → (reading on a background thread) → columns (each header → a
//! field or « ignorer ») → errors by line and column, or the preview with the duplicate
//! review → « Importer N ménages » → result. Nothing is written before that last button.
//! Export: the list as filtered now, CSV or XLSX, with a clear warning that the file is
//! not encrypted.

use std::path::PathBuf;

use egui::{RichText, ScrollArea};

use super::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use super::theme::{ERROR, SUCCESS};
use crate::command::Command;
use crate::command::sheet::SheetCommand;
use crate::domain::text::{count, is_plural};
use crate::exchange::sheet::{
    Duplicate, DuplicateChoice, EncodingDoubt, Field, Mapping, Plan, RawSheet, TextEncoding,
};
mod export;
mod import;
pub mod text;

/// Label of the « ignore this column » choice.
pub const IGNORE: &str = "ignorer";

/// What the reading thread sends back: the sheet, or a French message.
pub type ReadResult = Result<RawSheet, String>;

/// The panels' state, kept in the main window's view.
#[derive(Default)]
pub struct SheetView {
    /// The open panel, if any.
    pub panel: Option<SheetPanel>,
    /// The file is being read on its thread.
    pub reading: bool,
    /// The native dialog is open.
    pub dialog_open: bool,
    /// The in-app chooser, open when there is no native dialog.
    pub chooser: Option<FileChooser>,
}

/// Which panel is open.
pub enum SheetPanel {
    /// The import, at one of its steps.
    Import(ImportState),
    /// The list export.
    Export(ExportState),
}

/// The import panel.
pub struct ImportState {
    /// Path of the file to read, as typed or chosen.
    pub path: String,
    /// The step shown.
    pub step: ImportStep,
    /// Why the last action failed.
    pub error: Option<String>,
}

/// Steps of the import.
pub enum ImportStep {
    /// Typing or choosing the file.
    ChooseFile,
    /// The file is being read on a background thread.
    Reading,
    /// Checking how columns are read.
    Mapping {
        /// The sheet read.
        sheet: Box<RawSheet>,
        /// Column → field, as edited.
        mapping: Mapping,
    },
    /// Errors, or the preview with the duplicate review.
    Review(Box<Review>),
    /// The households are being written (background thread).
    Importing,
    /// Written.
    Done {
        /// The French report.
        report: String,
    },
}

/// The preview of an import (nothing is written yet).
pub struct Review {
    /// The sheet read (kept to go back to the mapping).
    pub sheet: RawSheet,
    /// The mapping used.
    pub mapping: Mapping,
    /// Households planned, or errors.
    pub plan: Plan,
    /// Possible duplicates.
    pub duplicates: Vec<Duplicate>,
    /// The worker's choice for each duplicate (same order).
    pub choices: Vec<DuplicateChoice>,
    /// The programme the households go into.
    pub programme: String,
    /// Labels of its stages, for the preview.
    pub stages: std::collections::HashMap<uuid::Uuid, String>,
}

impl Review {
    /// Number of households « Importer » would create.
    pub fn to_create(&self) -> usize {
        let skipped = self
            .choices
            .iter()
            .filter(|c| **c == DuplicateChoice::Skip)
            .count();
        self.plan.households.len() - skipped.min(self.plan.households.len())
    }
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// CSV for any spreadsheet (UTF-8, `;`).
    #[default]
    Csv,
    /// Excel workbook.
    Xlsx,
}

/// The export panel.
pub struct ExportState {
    /// Where to write, as typed or chosen.
    pub path: String,
    /// Format.
    pub format: ExportFormat,
    /// Replace an existing file.
    pub overwrite: bool,
    /// Households the list shows now (what will be exported).
    pub shown: usize,
    /// Why the export failed.
    pub error: Option<String>,
    /// Written: the French confirmation.
    pub done: Option<String>,
}

fn push(commands: &mut Vec<Command>, c: SheetCommand) {
    commands.push(Command::Sheet(c));
}

/// Draws the open panel, if any, as a modal window over the main window.
pub fn sheet_ui(ui: &mut egui::Ui, view: &mut SheetView, commands: &mut Vec<Command>) {
    let dialog_open = view.dialog_open || view.chooser.is_some();
    let chooser = &mut view.chooser;
    let Some(panel) = &mut view.panel else {
        return;
    };
    let ctx = ui.ctx().clone();
    let screen = ctx.content_rect();
    let frame = egui::Frame::popup(&ctx.global_style()).inner_margin(egui::Margin::same(18));
    let response = egui::Modal::new(egui::Id::unique("passerelle-sheet"))
        .frame(frame)
        .show(&ctx, |ui| {
            ui.set_width((screen.width() - 120.0).clamp(480.0, 980.0));
            ui.set_max_height(screen.height() - 80.0);
            match panel {
                SheetPanel::Import(state) => {
                    import::import_ui(ui, state, chooser, dialog_open, commands);
                }
                SheetPanel::Export(state) => {
                    export::export_ui(ui, state, chooser, dialog_open, commands);
                }
            }
        });
    // Échap closes the in-app chooser first, then the panel (nothing is written before the
    // last step); a click outside does nothing, so a stray click never loses a mapping.
    if response.is_top_modal
        && !response.any_popup_open
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        if view.chooser.is_some() {
            view.chooser = None;
        } else {
            push(commands, SheetCommand::Close);
        }
    }
}

/// Draws the in-app chooser when it is open; the path chosen, once.
fn chosen_file_ui(ui: &mut egui::Ui, chooser: &mut Option<FileChooser>) -> Option<PathBuf> {
    let open = chooser.as_mut()?;
    match file_chooser_ui(ui, open) {
        Some(ChooserEvent::Chosen(path)) => {
            *chooser = None;
            Some(path)
        }
        Some(ChooserEvent::Cancelled) => {
            *chooser = None;
            None
        }
        None => None,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
