//! Native file dialogs for attachments: « Choisir un fichier… » and « Enregistrer une
//! copie… », through the task service's native dialog (named background thread, start
//! folder). Without a native dialog, the worker types a path.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::super::native_dialog::FileDialogRequest;
use super::super::section::Cx;
use super::super::tasks::DialogFor;
use crate::domain::household_form::Draft;
use crate::ui::household::HouseholdsView;
use crate::ui::household::text;
use crate::ui::shell::Message;

/// Said when the native dialog gave no answer.
const NOTHING: &str = text::SI_AUCUNE_FENETRE_NE_S_EST;

/// Opens « Choisir un fichier » on a background thread.
pub(super) fn pick_attachment(view: &mut HouseholdsView, document_id: Uuid, cx: &mut Cx<'_>) {
    let request = FileDialogRequest {
        title: text::CHOISIR_LE_FICHIER_A_JOINDRE_10,
        filter: None,
        save_as: None,
    };
    let purpose = DialogFor::Attachment {
        id: document_id,
        pick: true,
    };
    spawn_dialog(view, purpose, request, cx);
}

/// Saves a copy of an attachment: at once to a typed path, or where the save dialog
/// (background thread) says.
pub(super) fn save_attachment_copy(
    view: &mut HouseholdsView,
    attachment_id: Uuid,
    path: Option<PathBuf>,
    cx: &mut Cx<'_>,
) {
    if let Some(path) = path {
        if path.is_absolute() {
            write_copy(view, attachment_id, &path, false, cx);
        } else if let Some(page) = &mut view.page {
            page.message = Some(Message::error(text::TAPEZ_LE_CHEMIN_COMPLET_DE_LA));
        }
        return;
    }
    let file_name = attachment_file_name(view, attachment_id);
    let request = FileDialogRequest {
        title: text::ENREGISTRER_UNE_COPIE_NON_CHIFFREE_DE,
        filter: None,
        save_as: Some(file_name),
    };
    let purpose = DialogFor::Attachment {
        id: attachment_id,
        pick: false,
    };
    spawn_dialog(view, purpose, request, cx);
}

/// The name the attachment was joined under (what the save dialog proposes).
fn attachment_file_name(view: &HouseholdsView, attachment_id: Uuid) -> String {
    view.page
        .as_ref()
        .and_then(|p| p.data.attachments.iter().find(|a| a.id == attachment_id))
        .map(|a| a.file_name.clone())
        .unwrap_or_default()
}

/// Shows a native dialog; its answer comes back through the task service to
/// [`attachment_chosen`].
fn spawn_dialog(
    h: &mut HouseholdsView,
    purpose: DialogFor,
    request: FileDialogRequest,
    cx: &mut Cx<'_>,
) {
    if h.file_dialog_open {
        // One dialog at a time (the buttons are disabled meanwhile).
        return;
    }
    let shown = cx.tasks.file_dialog(purpose, request);
    h.file_dialog_open = shown;
    if !shown && let Some(page) = &mut h.page {
        page.message = Some(Message::error(text::LA_FENETRE_DE_CHOIX_DE_FICHIER));
    }
}

/// A dialog closed: the file to attach to the document `id` (`pick`), or where to
/// save a copy of the attachment `id`; `None`: cancelled.
pub(in crate::app) fn attachment_chosen(
    h: &mut HouseholdsView,
    id: Uuid,
    pick: bool,
    path: Option<PathBuf>,
    cx: &mut Cx<'_>,
) {
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
                    Message::success(text::FICHIER_CHOISI_ENREGISTREZ_LA_PIECE_POUR)
                }
                (Some(_), None) => Message::error(text::LE_FORMULAIRE_DE_LA_PIECE_A),
                (None, _) => Message::error(text::aucun_fichier_choisi_nothing(NOTHING)),
            });
        }
        (false, Some(path)) => {
            // The save dialog asked before replacing a file.
            write_copy(h, id, &path, true, cx);
        }
        (false, None) => {
            if let Some(page) = &mut h.page {
                page.message = Some(Message::error(text::aucun_emplacement_choisi_aucune_copie(
                    NOTHING,
                )));
            }
        }
    }
}

/// Writes the plaintext copy the worker asked for, never over a file unless the save
/// dialog asked first (`overwrite`), and says where it is.
fn write_copy(
    view: &mut HouseholdsView,
    attachment_id: Uuid,
    path: &Path,
    overwrite: bool,
    cx: &mut Cx<'_>,
) {
    let result = match cx.store() {
        Some(store) => store.save_attachment_copy(attachment_id, path, overwrite),
        None => return,
    };
    let message = match result {
        Ok(_) => Message::success(text::copie_enregistree_path_attention_cette(path.display())),
        Err(e) => Message::error(text::la_copie_n_a_pas_ete_enregistree_e(&e)),
    };
    if let Some(page) = &mut view.page {
        page.message = Some(message);
    }
}
