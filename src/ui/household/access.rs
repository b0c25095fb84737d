//! The « Données d'une personne » dialog (right of access, issue 14): the folder where the
//! PDF and the JSON are written, after the « fichier non chiffré » warning.

use egui::RichText;
use uuid::Uuid;

use super::{PageView, push};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::ui::dialog::DialogAnswer;
use crate::ui::file_chooser::{ChooserEvent, ChooserMode, FileChooser, file_chooser_ui};
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
    let title = format!("Données de {}", form.name);
    let answer = crate::ui::dialog::Dialog {
        id: "access_dialog",
        title: &title,
        width: 520.0,
        validate: "Écrire le PDF et le JSON",
        cancel: "Annuler",
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(
            "Tout ce que la base détient sur cette personne (identité, situation, scolarité, \
             parcours, rendez-vous, notes qui la nomment, consentements, pièces, \
             transmissions), les autres membres du ménage masqués : un PDF en français et un \
             fichier JSON, à remettre dans le mois qui suit la demande.",
        );
        ui.label(
            RichText::new(
                "Attention : ces deux fichiers ne sont PAS chiffrés. Remettez-les à la personne \
                 puis supprimez-les.",
            )
            .color(ERROR),
        );
        let label = ui.label("Dossier où les écrire");
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut form.folder).desired_width(320.0))
                .labelled_by(label.id);
            if ui
                .add_enabled(
                    form.chooser.is_none(),
                    egui::Button::new("Choisir le dossier…"),
                )
                .clicked()
            {
                // Save mode shows the names that will be written; the folder is kept.
                form.chooser = Some(FileChooser::new(
                    "Dossier des données d'une personne (fichiers NON chiffrés)",
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
                form.error = Some(
                    "Choisissez le dossier (« Choisir le dossier… »), ou tapez son chemin \
                     complet (par exemple /media/cle/acces)."
                        .to_owned(),
                );
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
