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
                SheetPanel::Import(state) => import_ui(ui, state, chooser, dialog_open, commands),
                SheetPanel::Export(state) => export_ui(ui, state, chooser, dialog_open, commands),
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

fn import_ui(
    ui: &mut egui::Ui,
    state: &mut ImportState,
    chooser: &mut Option<FileChooser>,
    dialog_open: bool,
    commands: &mut Vec<Command>,
) {
    ui.heading(text::IMPORTER_UN_TABLEUR);
    ui.add_space(4.0);
    if let Some(e) = &state.error {
        super::error_text(ui, e);
    }
    let reading = matches!(state.step, ImportStep::Reading);
    match &mut state.step {
        ImportStep::ChooseFile | ImportStep::Reading => {
            ui.label(text::UN_TABLEAU_DE_SUIVI_CSV_XLSX);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let l = ui.label(text::FICHIER_A_IMPORTER);
                ui.add(
                    egui::TextEdit::singleline(&mut state.path)
                        .hint_text("/home/vous/Documents/suivi.xlsx")
                        .desired_width(460.0),
                )
                .labelled_by(l.id);
                if ui
                    .add_enabled(!dialog_open && !reading, egui::Button::new(text::PARCOURIR))
                    .clicked()
                {
                    push(commands, SheetCommand::PickImportFile);
                }
            });
            if let Some(path) = chosen_file_ui(ui, chooser) {
                state.path = path.display().to_string();
            }
            ui.add_space(6.0);
            if reading {
                super::progress(ui, text::LECTURE_DU_TABLEUR);
            }
            ui.horizontal(|ui| {
                let ready = !state.path.trim().is_empty() && !reading;
                if super::primary_button(ui, text::LIRE_LE_FICHIER, ready).clicked() {
                    push(commands, SheetCommand::Read);
                }
                if ui.button(text::ANNULER).clicked() {
                    push(commands, SheetCommand::Close);
                }
            });
        }
        ImportStep::Mapping { sheet, mapping } => mapping_ui(ui, sheet, mapping, commands),
        ImportStep::Review(review) => review_ui(ui, review, commands),
        ImportStep::Importing => {
            super::progress(ui, text::IMPORT_EN_COURS_UNE_SEULE_OPERATION);
        }
        ImportStep::Done { report } => {
            ui.label(RichText::new(report.as_str()).color(SUCCESS));
            ui.label(text::LES_MENAGES_IMPORTES_SONT_DANS_LA);
            ui.add_space(6.0);
            if super::primary_button(ui, text::FERMER, true).clicked() {
                push(commands, SheetCommand::Close);
            }
        }
    }
}

/// A CSV mostly UTF-8 with invalid bytes: says how it was read, shows the names that look
/// damaged, and lets the worker read it the other way. Nothing is written before.
fn encoding_doubt_ui(ui: &mut egui::Ui, doubt: &EncodingDoubt, commands: &mut Vec<Command>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(text::encodage_douteux_ce_fichier_contient_l_a(
                count(
                    doubt.invalid_bytes,
                    text::OCTET_QUI_N_EST_PAS_DE,
                    text::OCTETS_QUI_NE_SONT_PAS_DE,
                ),
                doubt.read_as.label_fr(),
            ))
            .color(ERROR),
        );
        for line in &doubt.suspicious {
            ui.label(RichText::new(line).monospace());
        }
        if doubt.suspicious.is_empty() {
            ui.label(text::AUCUN_NOM_NE_PARAIT_ABIME_DANS);
        }
        let other = match doubt.read_as {
            TextEncoding::Utf8 => TextEncoding::Windows1252,
            TextEncoding::Windows1252 => TextEncoding::Utf8,
        };
        if ui
            .button(text::relire_le_fichier_en_other(other.label_fr()))
            .clicked()
        {
            commands.push(Command::Sheet(SheetCommand::ReadAs { encoding: other }));
        }
    });
}

fn mapping_ui(
    ui: &mut egui::Ui,
    sheet: &RawSheet,
    mapping: &mut Mapping,
    commands: &mut Vec<Command>,
) {
    ui.label(text::lues_verifiez_ce_que_contient_chaque(
        count(sheet.rows.len(), text::LIGNE_LUE, text::LIGNES_LUES),
        IGNORE,
    ));
    if let Some(doubt) = &sheet.encoding {
        encoding_doubt_ui(ui, doubt, commands);
    }
    ui.add_space(4.0);
    ScrollArea::vertical()
        .max_height((ui.ctx().content_rect().height() - 260.0).max(160.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("sheet-mapping")
                .striped(true)
                .num_columns(3)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    ui.label(RichText::new(text::COLONNE_DU_FICHIER).strong());
                    ui.label(RichText::new(text::EXEMPLE_DE_VALEUR).strong());
                    ui.label(RichText::new(text::LUE_COMME).strong());
                    ui.end_row();
                    for (i, header) in sheet.headers.iter().enumerate() {
                        ui.label(if header.is_empty() {
                            text::SANS_TITRE
                        } else {
                            header
                        });
                        // The first filled value: a child's « Niveau scolaire » is often
                        // empty on the first (adult) row.
                        let sample = sheet
                            .rows
                            .iter()
                            .filter_map(|r| r.cells.get(i))
                            .map(super::super::exchange::sheet::SheetCell::text)
                            .find(|t| !t.is_empty())
                            .unwrap_or_default();
                        ui.add(egui::Label::new(RichText::new(sample).weak()).truncate());
                        let current = mapping.0.get(i).copied().flatten();
                        let mut chosen = current;
                        egui::ComboBox::from_id_salt(("sheet-map", i))
                            .width(220.0)
                            .selected_text(current.map_or(IGNORE, Field::header_fr))
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut chosen, None, IGNORE);
                                for f in Field::ALL {
                                    ui.selectable_value(&mut chosen, Some(*f), f.header_fr());
                                }
                            });
                        if chosen != current {
                            // UI state of the form: the mapping is only used by « Vérifier ».
                            mapping.set(i, chosen);
                        }
                        ui.end_row();
                    }
                });
        });
    ui.add_space(6.0);
    if let Some(missing) = mapping.missing() {
        super::error_text(ui, &missing);
    }
    ui.horizontal(|ui| {
        if super::primary_button(ui, text::VERIFIER_LES_LIGNES, mapping.missing().is_none())
            .clicked()
        {
            push(commands, SheetCommand::Check);
        }
        if ui.button(text::CHOISIR_UN_AUTRE_FICHIER).clicked() {
            push(commands, SheetCommand::ChooseAnotherFile);
        }
        if ui.button(text::ANNULER).clicked() {
            push(commands, SheetCommand::Close);
        }
    });
}

fn review_ui(ui: &mut egui::Ui, review: &mut Review, commands: &mut Vec<Command>) {
    let list_height = (ui.ctx().content_rect().height() - 300.0).max(160.0);
    if !review.plan.errors.is_empty() {
        let n = review.plan.errors.len();
        ui.label(
            RichText::new(if n > 1 {
                text::n_erreurs_dans_le_fichier_rien_ne_sera(n)
            } else {
                text::T_1_ERREUR_DANS_LE_FICHIER_RIEN.to_owned()
            })
            .color(ERROR)
            .strong(),
        );
        ScrollArea::vertical()
            .max_height(list_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for e in &review.plan.errors {
                    ui.label(format!("• {}", capitalise(&e.to_string())));
                }
                if review.plan.errors_truncated {
                    ui.label(text::ET_D_AUTRES_ERREURS_A_VOIR);
                }
            });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(text::REVENIR_AUX_COLONNES).clicked() {
                push(commands, SheetCommand::BackToMapping);
            }
            if ui.button(text::CHOISIR_UN_AUTRE_FICHIER).clicked() {
                push(commands, SheetCommand::ChooseAnotherFile);
            }
            if ui.button(text::ANNULER).clicked() {
                push(commands, SheetCommand::Close);
            }
        });
        return;
    }
    let (adults, children) = review.plan.people();
    ui.label(text::apercu_rien_n_est_encore_enregistre(
        count(review.plan.households.len(), text::MENAGE_2, text::MENAGES),
        count(adults, "adulte", "adultes"),
        count(children, "enfant", "enfants"),
        &review.programme,
    ));
    ScrollArea::vertical()
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if !review.duplicates.is_empty() {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(text::doublons_possibles_duplicates_choisissez(
                        review.duplicates.len(),
                    ))
                    .strong(),
                );
                for (d, choice) in review.duplicates.iter().zip(review.choices.iter_mut()) {
                    let label = &review.plan.households[d.household].household.label;
                    ui.label(text::ligne_line_label_reason(d.line, label, &d.reason));
                    ui.horizontal(|ui| {
                        ui.add_space(16.0);
                        for c in [DuplicateChoice::Skip, DuplicateChoice::CreateAnyway] {
                            ui.radio_value(choice, c, c.label_fr());
                        }
                    });
                }
                ui.separator();
            }
            egui::Grid::new("sheet-preview")
                .striped(true)
                .num_columns(5)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for title in [
                        text::MENAGE,
                        text::COMMUNE,
                        text::PERSONNES,
                        text::ETAPE,
                        text::LIGNES,
                    ] {
                        ui.label(RichText::new(title).strong());
                    }
                    ui.end_row();
                    for h in review.plan.households.iter().take(300) {
                        ui.label(&h.household.label);
                        ui.label(&h.household.commune);
                        ui.label(format!(
                            "{}, {}",
                            count(h.adults.len(), "adulte", "adultes"),
                            count(h.children.len(), "enfant", "enfants")
                        ));
                        let stage = h
                            .events
                            .last()
                            .and_then(|e| review.stages.get(&e.to_stage))
                            .map_or("—", String::as_str);
                        ui.label(stage);
                        let lines: Vec<String> = h.lines.iter().map(ToString::to_string).collect();
                        ui.label(lines.join(", "));
                        ui.end_row();
                    }
                });
            if review.plan.households.len() > 300 {
                ui.label(text::et_households_autres_menages(
                    review.plan.households.len() - 300,
                ));
            }
        });
    ui.add_space(6.0);
    let n = review.to_create();
    if n == 0 {
        ui.label(text::TOUS_LES_MENAGES_DU_FICHIER_SONT);
    }
    ui.horizontal(|ui| {
        let text = text::importer_nages(count(n, text::MENAGE_2, text::MENAGES));
        if super::primary_button(ui, &text, n > 0).clicked() {
            push(commands, SheetCommand::Apply);
        }
        if ui.button(text::REVENIR_AUX_COLONNES).clicked() {
            push(commands, SheetCommand::BackToMapping);
        }
        if ui.button(text::ANNULER).clicked() {
            push(commands, SheetCommand::Close);
        }
    });
}

fn export_ui(
    ui: &mut egui::Ui,
    state: &mut ExportState,
    chooser: &mut Option<FileChooser>,
    dialog_open: bool,
    commands: &mut Vec<Command>,
) {
    ui.heading(text::EXPORTER_LA_LISTE_DES_MENAGES);
    ui.add_space(4.0);
    ui.label(RichText::new(text::ATTENTION_LE_FICHIER_EXPORTE_N_EST).color(ERROR));
    ui.add_space(4.0);
    ui.label(text::affich_dans_la_liste_filtres_actuels(
        count(state.shown, text::MENAGE_AFFICHE, text::MENAGES_AFFICHES),
        if is_plural(state.shown as u64) {
            text::SERONT_EXPORTES
        } else {
            text::SERA_EXPORTE
        },
    ));
    ui.horizontal(|ui| {
        ui.label(text::FORMAT);
        ui.radio_value(&mut state.format, ExportFormat::Csv, text::CSV_TOUT_TABLEUR);
        ui.radio_value(&mut state.format, ExportFormat::Xlsx, text::XLSX_EXCEL);
    });
    ui.horizontal(|ui| {
        let l = ui.label(text::FICHIER_A_ECRIRE);
        ui.add(
            egui::TextEdit::singleline(&mut state.path)
                .hint_text("/home/vous/Documents/menages.csv")
                .desired_width(440.0),
        )
        .labelled_by(l.id);
        if ui
            .add_enabled(!dialog_open, egui::Button::new(text::CHOISIR_L_EMPLACEMENT))
            .clicked()
        {
            push(commands, SheetCommand::PickExportFile);
        }
    });
    if let Some(path) = chosen_file_ui(ui, chooser) {
        state.path = path.display().to_string();
    }
    ui.checkbox(&mut state.overwrite, text::REMPLACER_LE_FICHIER_S_IL_EXISTE);
    if let Some(e) = &state.error {
        super::error_text(ui, e);
    }
    if let Some(done) = &state.done {
        ui.label(RichText::new(done.as_str()).color(SUCCESS));
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let ready = !state.path.trim().is_empty() && state.shown > 0;
        if super::primary_button(ui, text::EXPORTER, ready).clicked() {
            push(commands, SheetCommand::Export);
        }
        let close = if state.done.is_some() {
            text::FERMER
        } else {
            text::ANNULER
        };
        if ui.button(close).clicked() {
            push(commands, SheetCommand::Close);
        }
    });
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
