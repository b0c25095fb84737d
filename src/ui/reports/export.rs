//! « Exporter »: the report written to a PDF, XLSX or CSV file (not encrypted, said so).

use super::*;

pub(super) fn export_ui(ui: &mut egui::Ui, view: &mut ReportsView, commands: &mut Vec<Command>) {
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
