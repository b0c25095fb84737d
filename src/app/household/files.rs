//! Native file dialogs for attachments: « Choisir un fichier… » and « Enregistrer une
//! copie… », through the task service's native dialog (named background thread, start
//! folder). Without a native dialog, the worker types a path.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::super::native_dialog::FileDialogRequest;
use super::super::tasks::DialogFor;
use super::super::{App, Screen};
use crate::domain::household_form::Draft;
use crate::ui::shell::Message;

/// Said when the native dialog gave no answer.
const NOTHING: &str = "Si aucune fenêtre ne s'est ouverte, tapez le chemin complet dans le \
                       champ prévu.";

impl App {
    /// Opens « Choisir un fichier » on a background thread.
    pub(super) fn pick_attachment(&mut self, document_id: Uuid) {
        let request = FileDialogRequest {
            title: "Choisir le fichier à joindre (10 Mio au plus)",
            filter: None,
            save_as: None,
        };
        let purpose = DialogFor::Attachment {
            id: document_id,
            pick: true,
        };
        self.spawn_dialog(purpose, request);
    }

    /// Saves a copy of an attachment: at once to a typed path, or where the save dialog
    /// (background thread) says.
    pub(super) fn save_attachment_copy(&mut self, attachment_id: Uuid, path: Option<PathBuf>) {
        if let Some(path) = path {
            if path.is_absolute() {
                self.write_copy(attachment_id, &path, false);
            } else if let Screen::Main(view) = &mut self.screen
                && let Some(page) = &mut view.households.page
            {
                page.message = Some(Message::error(
                    "Tapez le chemin complet de la copie, dossier compris (par exemple \
                     /home/vous/Documents/piece.pdf).",
                ));
            }
            return;
        }
        let file_name = self.attachment_file_name(attachment_id);
        let request = FileDialogRequest {
            title: "Enregistrer une copie NON chiffrée de la pièce",
            filter: None,
            save_as: Some(file_name),
        };
        let purpose = DialogFor::Attachment {
            id: attachment_id,
            pick: false,
        };
        self.spawn_dialog(purpose, request);
    }

    fn attachment_file_name(&self, attachment_id: Uuid) -> String {
        match &self.screen {
            Screen::Main(v) => v
                .households
                .page
                .as_ref()
                .and_then(|p| p.data.attachments.iter().find(|a| a.id == attachment_id))
                .map(|a| a.file_name.clone())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Shows a native dialog; its answer comes back through the task service to
    /// [`App::attachment_chosen`].
    fn spawn_dialog(&mut self, purpose: DialogFor, request: FileDialogRequest) {
        let Screen::Main(view) = &self.screen else {
            return;
        };
        if view.households.file_dialog_open {
            // One dialog at a time (the buttons are disabled meanwhile).
            return;
        }
        let shown = self.tasks.file_dialog(purpose, request);
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let h = &mut view.households;
        h.file_dialog_open = shown;
        if !shown && let Some(page) = &mut h.page {
            page.message = Some(Message::error(
                "La fenêtre de choix de fichier n'a pas pu s'ouvrir : tapez le chemin \
                 complet du fichier dans le champ.",
            ));
        }
    }

    /// A dialog closed: the file to attach to the document `id` (`pick`), or where to
    /// save a copy of the attachment `id`; `None`: cancelled.
    pub(in crate::app) fn attachment_chosen(
        &mut self,
        id: Uuid,
        pick: bool,
        path: Option<PathBuf>,
    ) {
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let h = &mut view.households;
        h.file_dialog_open = false;
        match (pick, path) {
            (true, path) => {
                let Some(page) = &mut h.page else {
                    return;
                };
                let form = page.editing.as_mut().and_then(|e| match &mut e.draft {
                    Draft::Document(f) if f.base.id == id => Some(f),
                    _ => None,
                });
                page.message = Some(match (path, form) {
                    (Some(path), Some(form)) => {
                        form.attach_path = path.display().to_string();
                        Message::success(
                            "Fichier choisi : enregistrez la pièce pour le joindre (il sera \
                             chiffré dans la base).",
                        )
                    }
                    (Some(_), None) => Message::error(
                        "Le formulaire de la pièce a été fermé : rien n'a été joint.",
                    ),
                    (None, _) => Message::error(format!("Aucun fichier choisi. {NOTHING}")),
                });
            }
            (false, Some(path)) => {
                // The save dialog asked before replacing a file.
                self.write_copy(id, &path, true);
            }
            (false, None) => {
                if let Some(page) = &mut h.page {
                    page.message = Some(Message::error(format!(
                        "Aucun emplacement choisi : aucune copie enregistrée. {NOTHING}"
                    )));
                }
            }
        }
    }

    fn write_copy(&mut self, attachment_id: Uuid, path: &Path, overwrite: bool) {
        let result = match &self.store {
            Some(store) => store.save_attachment_copy(attachment_id, path, overwrite),
            None => return,
        };
        let message = match result {
            Ok(_) => Message::success(format!(
                "Copie enregistrée : {}. Attention : cette copie n'est PAS chiffrée ; \
                 supprimez-la dès qu'elle n'est plus utile.",
                path.display()
            )),
            Err(e) => Message::error(format!("La copie n'a pas été enregistrée. {e}")),
        };
        if let Screen::Main(view) = &mut self.screen
            && let Some(page) = &mut view.households.page
        {
            page.message = Some(message);
        }
    }
}
