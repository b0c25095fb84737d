//! « Exporter la liste »: the household list written to a CSV or XLSX file (not encrypted, said so).

use super::*;

pub(super) fn export_ui(
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
        crate::ui::error_text(ui, e);
    }
    if let Some(done) = &state.done {
        ui.label(RichText::new(done.as_str()).color(SUCCESS));
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let ready = !state.path.trim().is_empty() && state.shown > 0;
        if crate::ui::primary_button(ui, text::EXPORTER, ready).clicked() {
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
