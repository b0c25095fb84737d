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
                export_ui(ui, view, commands);
                ui.separator();
                report_body(ui, &report, &tables);
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

fn export_ui(ui: &mut egui::Ui, view: &mut ReportsView, commands: &mut Vec<Command>) {
    let form = &mut view.export;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(text::EXPORTER).strong());
        for f in ExportFormat::ALL {
            if ui.radio(form.format == f, f.label()).clicked() && form.format != f {
                // Keep the typed path, with the new extension.
                for old in ExportFormat::ALL {
                    if let Some(stem) = form.path.strip_suffix(&format!(".{}", old.extension())) {
                        form.path = format!("{stem}.{}", f.extension());
                        break;
                    }
                }
                form.format = f;
                form.confirming = false;
            }
        }
        ui.add_space(8.0);
        let l = ui.label(PATH_LABEL);
        ui.add(
            egui::TextEdit::singleline(&mut form.path)
                .desired_width(300.0)
                .hint_text(text::OU_TAPEZ_LE_CHEMIN_COMPLET),
        )
        .labelled_by(l.id);
    });
    let file_name = view.suggested_file_name();
    let form = &mut view.export;
    ui.horizontal_wrapped(|ui| {
        let choosing = form.dialog_open || view.chooser.is_some();
        if ui
            .add_enabled(!choosing, egui::Button::new(BROWSE_LABEL))
            .clicked()
        {
            commands.push(Command::Reports(ReportsCommand::Browse { file_name }));
        }
        ui.checkbox(&mut form.overwrite, text::REMPLACER_LE_FICHIER_S_IL_EXISTE);
        let ready = !form.path.trim().is_empty();
        if !form.confirming
            && ui
                .add_enabled(ready, egui::Button::new(text::EXPORTER_2))
                .clicked()
        {
            form.confirming = true;
        }
    });
    if let Some(chooser) = &mut view.chooser {
        match file_chooser_ui(ui, chooser) {
            Some(ChooserEvent::Chosen(path)) => {
                form.path = path.display().to_string();
                view.chooser = None;
            }
            Some(ChooserEvent::Cancelled) => view.chooser = None,
            None => {}
        }
    }
    if form.confirming {
        egui::Frame::new()
            .fill(WARNING_FILL)
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.label(
                    RichText::new(text::ATTENTION_LE_FICHIER_EXPORTE_N_EST).color(WARNING_TEXT),
                );
                ui.horizontal(|ui| {
                    if primary_button(ui, text::ECRIRE_LE_FICHIER_NON_CHIFFRE, true).clicked() {
                        form.confirming = false;
                        commands.push(Command::Reports(ReportsCommand::Export {
                            format: form.format,
                            path: form.path.trim().into(),
                            overwrite: form.overwrite,
                        }));
                    }
                    if ui.button(text::ANNULER).clicked() {
                        form.confirming = false;
                    }
                });
            });
    }
    if let Some(message) = &view.export_message {
        let colour = if message.is_success() { SUCCESS } else { ERROR };
        ui.label(RichText::new(&message.text).color(colour));
    }
}

/// A key figure: its number large, its label under it, each shown once (a screen reader
/// hears « Ménages entrés : 30 » as one label).
fn key_figure(ui: &mut egui::Ui, label: &str, value: i64) {
    let response = ui
        .vertical(|ui| {
            ui.label(
                RichText::new(value.to_string())
                    .size(22.0)
                    .strong()
                    .color(ACCENT),
            );
            ui.label(label);
        })
        .response;
    let spoken = format!("{label} : {value}");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &spoken));
    ui.add_space(18.0);
}

fn report_body(ui: &mut egui::Ui, r: &Report, tables: &[Table]) {
    ui.label(
        RichText::new(text::programme_du_from_au_to(
            &r.programme,
            format_date_fr(Some(r.period.from)),
            format_date_fr(Some(r.period.to)),
        ))
        .size(16.0)
        .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        key_figure(ui, text::MENAGES_ACCOMPAGNES, r.people.households);
        key_figure(ui, text::PERSONNES_ACCOMPAGNEES, r.people.persons());
        key_figure(ui, text::DONT_ADULTES, r.people.adults);
        key_figure(ui, text::DONT_ENFANTS, r.people.children);
    });
    ui.horizontal_wrapped(|ui| {
        key_figure(ui, text::MENAGES_ENTRES, r.funnel.entered);
        key_figure(ui, text::SORTIES_POSITIVES, r.funnel.positive_exits);
        key_figure(ui, text::SORTIES_ANTICIPEES, r.funnel.early_exits_total);
        key_figure(ui, text::EN_COURS_A_LA_FIN, r.funnel.in_progress_at_end);
        key_figure(ui, text::EMBAUCHES, r.outcomes.hires);
        key_figure(ui, text::MENAGES_RELOGES, r.outcomes.households_housed);
    });
    if r.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new(text::AUCUNE_DONNEE_SUR_CETTE_PERIODE_AUCUN).size(15.0));
        return;
    }
    ui.add_space(8.0);
    // Charts at a readable width, each table right below its chart (at 1280 px a table
    // beside the chart would be cut).
    let chart_w = ui.available_width().min(760.0);

    ui.label(RichText::new(text::MENAGES_ENTRES_SELON_LEUR_TAILLE).strong());
    entered_sizes(ui, r);
    ui.add_space(8.0);
    ui.label(RichText::new(text::PARCOURS_MENAGES_AYANT_ATTEINT_CHAQUE_ETAPE).strong());
    ui.allocate_ui(egui::vec2(chart_w, 0.0), |ui| funnel_chart(ui, r));
    if let Some(note) = r.funnel.flows_note_fr(r.period.from) {
        ui.add(egui::Label::new(RichText::new(note).italics().color(TEXT_DETAIL)).wrap());
    }
    ui.add_space(6.0);
    if let Some(t) = tables.get(1) {
        table_ui(ui, "reports_stages", t);
    }
    ui.add_space(12.0);
    ui.label(RichText::new(text::ENTREES_ET_SORTIES_PAR_MOIS).strong());
    ui.allocate_ui(egui::vec2(chart_w, 240.0), |ui| monthly_chart(ui, r));
    ui.add_space(6.0);
    if let Some(t) = tables.get(2) {
        table_ui(ui, "reports_months", t);
    }
    ui.add_space(12.0);
    ui.label(RichText::new(text::TOUS_LES_INDICATEURS).strong());
    if let Some(t) = tables.first() {
        table_ui(ui, "reports_indicators", t);
    }
}

/// « Ménages entrés de 4 personnes : 3 », for each size present, with the adults and
/// children they brought.
fn entered_sizes(ui: &mut egui::Ui, r: &Report) {
    let p = &r.people;
    ui.horizontal_wrapped(|ui| {
        for (size, n) in p.entered_by_size.iter().filter(|s| s.1 > 0) {
            ui.label(format!("{} : {n}", crate::exchange::report::size_fr(*size)));
            ui.separator();
        }
        ui.label(text::soit_entered_adults_adultes_et(
            p.entered_adults,
            p.entered_children,
        ));
    });
}

/// The funnel as rows: the stage's full name (wrapped, never cut), a bar, the count.
/// Painted rather than a plot, whose axis labels had to be cut to fit.
fn funnel_chart(ui: &mut egui::Ui, r: &Report) {
    let mut rows: Vec<(String, i64)> = vec![(text::ENTRES.to_owned(), r.funnel.entered)];
    for s in &r.funnel.stages {
        rows.push((s.label.clone(), s.reached));
    }
    rows.push((text::SORTIE_POSITIVE.to_owned(), r.funnel.positive_exits));
    rows.push((
        text::SORTIE_ANTICIPEE.to_owned(),
        r.funnel.early_exits_total,
    ));
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let label_w = 220.0;
    let number_w = 48.0;
    for (label, value) in &rows {
        ui.horizontal(|ui| {
            // Left-aligned in a fixed column; a long stage name wraps, never cut.
            ui.allocate_ui_with_layout(
                egui::vec2(label_w, 18.0),
                egui::Layout::top_down(egui::Align::LEFT),
                |ui| {
                    ui.set_width(label_w);
                    ui.add(egui::Label::new(label.as_str()).wrap());
                },
            );
            let bar_w = (ui.available_width() - number_w).max(60.0);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(bar_w, 16.0), egui::Sense::hover());
            let w = rect.width() * (*value as f32 / max as f32);
            ui.painter().rect_filled(
                egui::Rect::from_min_size(rect.min, egui::vec2(w, rect.height())),
                2.0,
                ACCENT,
            );
            ui.label(RichText::new(value.to_string()).strong());
        });
    }
}

fn monthly_chart(ui: &mut egui::Ui, r: &Report) {
    let entries: Vec<Bar> = r
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| {
            Bar::new(i as f64 - 0.18, m.entries as f64)
                .width(0.35)
                .name(m.month.label_fr())
        })
        .collect();
    let exits: Vec<Bar> = r
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| {
            Bar::new(i as f64 + 0.18, m.exits as f64)
                .width(0.35)
                .name(m.month.label_fr())
        })
        .collect();
    let months: Vec<String> = r.monthly.iter().map(|m| m.month.label_fr()).collect();
    Plot::new("reports_monthly")
        .height(240.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .legend(Legend::default())
        .include_y(0.0)
        .x_axis_formatter(move |mark, _| {
            let v = mark.value;
            if v.fract().abs() > 1e-6 || v < 0.0 {
                return String::new();
            }
            months.get(v as usize).cloned().unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(text::ENTREES, entries).color(ACCENT));
            plot.bar_chart(BarChart::new(text::SORTIES, exits).color(CHART_EXITS));
        });
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
