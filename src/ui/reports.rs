//! « Rapports »: the indicators of a programme for a period (funnel, outcomes, retention,
//! activity, target), each chart with its table, and the exports (PDF, XLSX, CSV).
//!
//! Draws the cached [`ReportsView`] only: the report is computed by the app after a
//! command, never inside a frame.

use chrono::NaiveDate;
use egui::RichText;
use egui_plot::{Bar, BarChart, Legend, Plot};
use uuid::Uuid;

use super::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use super::shell::Message;
use super::theme::{ACCENT, CHART_EXITS, ERROR, SUCCESS, TEXT_DETAIL, WARNING_FILL, WARNING_TEXT};
use super::{error_text, primary_button};
use crate::command::Command;
use crate::command::reports::{ExportFormat, ReportsCommand};
use crate::domain::report::{Period, Report, parse_day};
use crate::domain::text::format_date_fr;
use crate::exchange::tabular::{Cell, Table};
mod body;
mod export;
pub mod text;

/// Label of the « compute » button (UI tests click it).
pub const COMPUTE_LABEL: &str = text::CALCULER;
/// Shown while the report is computed in the background.
pub const COMPUTING_LABEL: &str = text::CALCUL_DU_RAPPORT;
/// Label of the start date field.
pub const FROM_LABEL: &str = text::DU;
/// Label of the end date field.
pub const TO_LABEL: &str = text::AU;
/// Label of the button that chooses where the export goes.
pub const BROWSE_LABEL: &str = text::CHOISIR_L_EMPLACEMENT;
/// Label of the export path field.
pub const PATH_LABEL: &str = text::FICHIER_A_ECRIRE;

/// The export form.
#[derive(Debug, Clone, Default)]
pub struct ExportForm {
    /// Chosen format.
    pub format: ExportFormat,
    /// Typed (or chosen) path.
    pub path: String,
    /// Replace an existing file.
    pub overwrite: bool,
    /// The « not encrypted » warning is shown, waiting for confirmation.
    pub confirming: bool,
    /// A native save dialog is open (its button is disabled meanwhile).
    pub dialog_open: bool,
}

/// View model of the « Rapports » section, filled by the app.
#[derive(Debug, Clone, Default)]
pub struct ReportsView {
    /// Programmes to choose from (id, name).
    pub programmes: Vec<(Uuid, String)>,
    /// Chosen programme.
    pub programme: Option<Uuid>,
    /// Start date as typed.
    pub from_text: String,
    /// End date as typed.
    pub to_text: String,
    /// Today, for the presets (set by the app).
    pub today: Option<NaiveDate>,
    /// The report shown and its tables.
    pub report: Option<(Report, Vec<Table>)>,
    /// What went wrong computing it, or a typing error.
    pub error: Option<String>,
    /// Export form.
    pub export: ExportForm,
    /// Result of the last export.
    pub export_message: Option<Message>,
    /// A native save dialog can show on this desktop.
    pub native_dialog: bool,
    /// The in-app chooser, open when there is no native dialog.
    pub chooser: Option<FileChooser>,
    /// The report is being computed in the background.
    pub computing: bool,
}

impl ReportsView {
    /// Sets the typed dates to a period.
    pub fn set_period(&mut self, period: Period) {
        self.from_text = format_date_fr(Some(period.from));
        self.to_text = format_date_fr(Some(period.to));
    }

    /// The typed period, or a French message saying what to fix.
    pub fn typed_period(&self) -> Result<Period, String> {
        let from = parse_day(&self.from_text)
            .ok_or_else(|| text::DATE_DE_DEBUT_ILLISIBLE_ECRIVEZ_LA.to_owned())?;
        let to = parse_day(&self.to_text)
            .ok_or_else(|| text::DATE_DE_FIN_ILLISIBLE_ECRIVEZ_LA.to_owned())?;
        if to < from {
            return Err(text::LA_DATE_DE_FIN_EST_AVANT.to_owned());
        }
        Ok(Period { from, to })
    }

    /// Suggested export file name for the report shown.
    pub fn suggested_file_name(&self) -> String {
        let stem = match &self.report {
            Some((r, _)) => format!(
                "rapport-{}-{}-{}",
                r.programme
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect::<String>()
                    .to_lowercase(),
                r.period.from.format("%Y%m%d"),
                r.period.to.format("%Y%m%d")
            ),
            None => "rapport".to_owned(),
        };
        format!("{stem}.{}", self.export.format.extension())
    }
}

fn compute_command(view: &mut ReportsView, commands: &mut Vec<Command>) {
    let Some(programme) = view.programme else {
        view.error = Some(text::CHOISISSEZ_UN_PROGRAMME.to_owned());
        return;
    };
    match view.typed_period() {
        Ok(period) => {
            view.error = None;
            commands.push(Command::Reports(ReportsCommand::Compute {
                programme,
                period,
            }));
        }
        Err(e) => view.error = Some(e),
    }
}

/// Draws the « Rapports » section.
pub fn reports_ui(ui: &mut egui::Ui, view: &mut ReportsView, commands: &mut Vec<Command>) {
    ui.heading(text::RAPPORTS);
    ui.label(text::INDICATEURS_D_UN_PROGRAMME_SUR_UNE);
    ui.add_space(6.0);
    controls(ui, view, commands);
    if let Some(e) = &view.error {
        error_text(ui, e);
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match &view.report {
            None => {
                ui.label(text::CHOISISSEZ_UN_PROGRAMME_ET_UNE_PERIODE);
            }
            Some((report, tables)) => {
                let report = report.clone();
                let tables = tables.clone();
                export::export_ui(ui, view, commands);
                ui.separator();
                body::report_body(ui, &report, &tables);
            }
        });
}

fn controls(ui: &mut egui::Ui, view: &mut ReportsView, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(text::PROGRAMME);
        let selected = view
            .programmes
            .iter()
            .find(|(id, _)| Some(*id) == view.programme)
            .map_or_else(|| text::CHOISIR.to_owned(), |(_, n)| n.clone());
        let mut changed = false;
        egui::ComboBox::from_id_salt("reports_programme")
            .selected_text(selected)
            .width(200.0)
            .show_ui(ui, |ui| {
                for (id, name) in &view.programmes {
                    if ui
                        .selectable_label(view.programme == Some(*id), name)
                        .clicked()
                    {
                        view.programme = Some(*id);
                        changed = true;
                    }
                }
            })
            .response
            .labelled_by(l.id);
        ui.add_space(12.0);
        date_field(ui, FROM_LABEL, &mut view.from_text, "reports_from");
        date_field(ui, TO_LABEL, &mut view.to_text, "reports_to");
        if primary_button(ui, COMPUTE_LABEL, true).clicked() {
            changed = true;
        }
        ui.add_space(12.0);
        if let Some(today) = view.today {
            use chrono::Datelike;
            let presets = [
                (text::CETTE_ANNEE, Period::year(today.year())),
                (text::ANNEE_DERNIERE, Period::year(today.year() - 1)),
                (
                    text::T_12_DERNIERS_MOIS,
                    Some(Period::last_twelve_months(today)),
                ),
            ];
            for (label, period) in presets {
                if let Some(period) = period
                    && ui.button(label).clicked()
                {
                    view.set_period(period);
                    changed = true;
                }
            }
        }
        if changed {
            compute_command(view, commands);
        }
    });
    if view.computing {
        super::progress(ui, COMPUTING_LABEL);
    }
}

fn date_field(ui: &mut egui::Ui, label: &str, value: &mut String, salt: &str) {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .desired_width(110.0)
            .hint_text("jj/mm/aaaa"),
    )
    .labelled_by(l.id);
    let parsed = parse_day(value);
    let today = chrono::Local::now().date_naive();
    if let Some(d) = super::date_picker::date_picker_button(ui, salt, parsed, today) {
        *value = format_date_fr(Some(d));
    }
}

/// Draws a [`Table`] as a striped grid, numbers on the right.
pub fn table_ui(ui: &mut egui::Ui, id: &str, table: &Table) {
    egui::Grid::new(id)
        .striped(true)
        // One empty trailing column, so the last real column keeps its own width
        // (right-aligned numbers in a grid's last column would run to the window's edge).
        .num_columns(table.headers.len() + 1)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in &table.headers {
                ui.label(RichText::new(h).strong());
            }
            ui.label("");
            ui.end_row();
            for row in &table.rows {
                for (i, _) in table.headers.iter().enumerate() {
                    let cell = row.get(i).cloned().unwrap_or(Cell::Empty);
                    let text = match &cell {
                        Cell::Empty => "—".to_owned(),
                        c => c.to_text_fr(),
                    };
                    if matches!(cell, Cell::Int(_) | Cell::Number(_) | Cell::Percent(_)) {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(text);
                        });
                    } else {
                        ui.label(text);
                    }
                }
                ui.label("");
                ui.end_row();
            }
        });
}
