//! The « Données d'une personne » dialog (right of access, issue 14): the folder where the
//! PDF and the JSON are written, after the « fichier non chiffré » warning.

use egui::RichText;
use uuid::Uuid;

use super::{PageView, push};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::ui::dialog::DialogAnswer;
use crate::ui::file_chooser::{ChooserEvent, ChooserMode, FileChooser, file_chooser_ui};
use crate::ui::household::text;
use crate::ui::theme::ERROR;

/// The « Données d'une personne » dialog (right of access, issue 14).
#[derive(Debug, Default)]
pub struct AccessForm {
    /// The adult or child.
    pub person: Uuid,
    /// Their name, for the title.
    pub name: String,
    /// The folder chosen (« Choisir le dossier… ») or typed.
    pub folder: String,
    /// Why the last try was refused.
    pub error: Option<String>,
    /// The in-app chooser, while open: the folder is where it saves.
    pub chooser: Option<FileChooser>,
}

/// « Données d'une personne » (right of access, issue 14): where to write the PDF and the
/// JSON, after the « fichier non chiffré » warning.
pub(super) fn access_dialog(ui: &mut egui::Ui, page: &mut PageView, commands: &mut Vec<Command>) {
    let Some(form) = &mut page.access_form else {
        return;
    };
    let title = text::donnees_de_form(&form.name);
    let answer = crate::ui::dialog::Dialog {
        id: "access_dialog",
        title: &title,
        width: 520.0,
        validate: text::ECRIRE_LE_PDF_ET_LE_JSON,
        cancel: text::ANNULER,
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(text::TOUT_CE_QUE_LA_BASE_DETIENT);
        ui.label(RichText::new(text::ATTENTION_CES_DEUX_FICHIERS_NE_SONT).color(ERROR));
        let label = ui.label(text::DOSSIER_OU_LES_ECRIRE);
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut form.folder).desired_width(320.0))
                .labelled_by(label.id);
            if ui
                .add_enabled(
                    form.chooser.is_none(),
                    egui::Button::new(text::CHOISIR_LE_DOSSIER),
                )
                .clicked()
            {
                // Save mode shows the names that will be written; the folder is kept.
                form.chooser = Some(FileChooser::new(
                    text::DOSSIER_DES_DONNEES_D_UNE_PERSONNE,
                    ChooserMode::Save,
                    None,
                    &["pdf", "json"],
                    &format!("acces-{}.pdf", form.person),
                ));
            }
        });
        if let Some(chooser) = &mut form.chooser {
            match file_chooser_ui(ui, chooser) {
                Some(ChooserEvent::Chosen(path)) => {
                    if let Some(folder) = path.parent() {
                        form.folder = folder.display().to_string();
                    }
                    form.chooser = None;
                }
                Some(ChooserEvent::Cancelled) => form.chooser = None,
                None => {}
            }
        }
    });
    match answer {
        DialogAnswer::Validate => {
            let folder = std::path::PathBuf::from(form.folder.trim());
            if !folder.is_absolute() {
                form.error = Some(text::CHOISISSEZ_LE_DOSSIER_CHOISIR_LE_DOSSIER.to_owned());
            } else {
                push(
                    commands,
                    HouseholdCommand::PersonAccess {
                        person: form.person,
                        folder,
                    },
                );
            }
        }
        DialogAnswer::Cancel => page.access_form = None,
        DialogAnswer::Open => {}
    }
}
