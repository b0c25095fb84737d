//! « Journal d'accès » (issue 14): the access log for the DPO, with filters (worker,
//! household, action, period), the chain's verification and an export (CSV/JSON) after
//! the « fichier non chiffré » warning. Draws its view model; the app loads it.

use egui::RichText;

use super::dialog::{Dialog, DialogAnswer};
use super::error_text;
use super::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use super::shell::Message;
use super::theme::SUCCESS;
use crate::command::Command;
use crate::domain::text::count;
use crate::ui::settings::text;

/// One entry as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Date and time in local time, dd/mm/yyyy HH:MM.
    pub at: String,
    /// Worker.
    pub actor: String,
    /// Action.
    pub action: String,
    /// Object ids.
    pub objects: String,
    /// Detail.
    pub detail: String,
}

/// The filters typed (text; the app parses them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilterForm {
    /// Worker id.
    pub worker: String,
    /// Household id.
    pub household: String,
    /// Action (exact).
    pub action: String,
    /// From, dd/mm/yyyy.
    pub from: String,
    /// To, dd/mm/yyyy.
    pub to: String,
}

/// The dialog's view model.
#[derive(Debug, Default)]
pub struct AuditLogView {
    /// Filters.
    pub filter: AuditFilterForm,
    /// Entries passing the filters, newest first (at most [`SHOWN`]).
    pub rows: Vec<AuditRow>,
    /// How many entries pass the filters.
    pub matching: usize,
    /// The chain's verification, in French, and whether it holds.
    pub chain: (bool, String),
    /// Where to write the export (chosen with « Choisir l'emplacement… », or typed).
    pub export_path: String,
    /// The in-app chooser, open when there is no native dialog.
    pub chooser: Option<FileChooser>,
    /// The native save dialog is open (its answer comes through the app's tasks).
    pub dialog_open: bool,
    /// Result of the last filter or export.
    pub message: Option<Message>,
}

/// Rows drawn at most (the export holds them all).
pub const SHOWN: usize = 300;

fn field(ui: &mut egui::Ui, label: &str, value: &mut String, width: f32) {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(width))
        .labelled_by(l.id);
}

/// Draws the dialog; `true` when it closes.
pub fn audit_log_dialog(
    ui: &mut egui::Ui,
    view: &mut AuditLogView,
    commands: &mut Vec<Command>,
) -> bool {
    let answer = Dialog {
        id: "audit_log_dialog",
        title: text::JOURNAL_D_ACCES,
        width: 1000.0,
        validate: text::FILTRER,
        cancel: text::FERMER,
        error: None,
    }
    .show(ui, |ui| {
        let (ok, text) = &view.chain;
        if *ok {
            ui.label(RichText::new(text).color(SUCCESS));
        } else {
            error_text(ui, text);
        }
        ui.horizontal_wrapped(|ui| {
            field(ui, text::PROFESSIONNEL_LE, &mut view.filter.worker, 90.0);
            field(
                ui,
                text::MENAGE_IDENTIFIANT,
                &mut view.filter.household,
                250.0,
            );
            field(ui, text::ACTION_EXACTE, &mut view.filter.action, 120.0);
            field(ui, text::DU, &mut view.filter.from, 80.0);
            field(ui, text::AU, &mut view.filter.to, 80.0);
        });
        ui.label(RichText::new(text::DATES_EN_JJ_MM_AAAA_FILTRER).small());
        if let Some(message) = &view.message {
            if message.is_success() {
                ui.label(RichText::new(&message.text).color(SUCCESS));
            } else {
                error_text(ui, &message.text);
            }
        }
        ui.label(if view.matching > view.rows.len() {
            text::es_les_rows_plus_recentes_ci_dessous(
                count(view.matching, text::ENTREE, text::ENTREES),
                view.rows.len(),
            )
        } else {
            text::es_ci_dessous(count(view.matching, text::ENTREE, text::ENTREES))
        });
        // While the place of the export is being chosen, the chooser takes the table's
        // room: below the table it would open out of sight, at the bottom of the body.
        let choosing = view.chooser.is_some();
        egui::ScrollArea::vertical()
            .id_salt("audit_rows")
            .max_height(if choosing { 0.0 } else { 300.0 })
            .show(ui, |ui| {
                egui::Grid::new("audit_grid")
                    .num_columns(5)
                    .striped(true)
                    .spacing([10.0, 4.0])
                    .show(ui, |ui| {
                        for h in [
                            text::DATE_HEURE_LOCALE,
                            text::PROFESSIONNEL_LE,
                            text::ACTION,
                            text::OBJETS,
                            text::DETAIL,
                        ] {
                            ui.label(RichText::new(h).strong());
                        }
                        ui.end_row();
                        for r in &view.rows {
                            ui.label(&r.at);
                            ui.label(&r.actor);
                            ui.label(&r.action);
                            ui.label(RichText::new(&r.objects).small().monospace());
                            ui.add(egui::Label::new(&r.detail).wrap());
                            ui.end_row();
                        }
                    });
            });
        ui.separator();
        ui.label(RichText::new(text::EXPORT_POUR_LE_OU_LA_DPO).strong());
        ui.horizontal(|ui| {
            field(ui, text::FICHIER_A_ECRIRE, &mut view.export_path, 300.0);
            let choosing = view.chooser.is_some() || view.dialog_open;
            if ui
                .add_enabled(!choosing, egui::Button::new(text::CHOISIR_L_EMPLACEMENT))
                .clicked()
            {
                commands.push(Command::PickAuditExport);
            }
            let ready = !view.export_path.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(text::EXPORTER_EN_CSV))
                .clicked()
            {
                commands.push(Command::ExportAuditLog { json: false });
            }
            if ui
                .add_enabled(ready, egui::Button::new(text::EXPORTER_EN_JSON))
                .clicked()
            {
                commands.push(Command::ExportAuditLog { json: true });
            }
        });
        if let Some(chooser) = &mut view.chooser {
            match file_chooser_ui(ui, chooser) {
                Some(ChooserEvent::Chosen(path)) => {
                    view.export_path = path.display().to_string();
                    view.chooser = None;
                }
                Some(ChooserEvent::Cancelled) => view.chooser = None,
                None => {}
            }
        }
    });
    match answer {
        DialogAnswer::Validate => {
            commands.push(Command::RefreshAuditLog);
            false
        }
        DialogAnswer::Cancel => true,
        DialogAnswer::Open => false,
    }
}
