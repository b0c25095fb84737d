//! Native file dialogs for attachments: « Choisir un fichier… » and « Enregistrer une
//! copie… », each opened on a named background thread so the UI keeps drawing.
//!
//! On a Linux desktop, `rfd` talks to xdg-desktop-portal (or zenity); with neither it
//! returns "nothing chosen" without showing anything. So the view offers the buttons only
//! when one of them is there ([`native_file_dialog_available`]); otherwise, and always as a
//! fallback, the worker types a path. `PASSERELLE_FILE_DIALOG=0` forces the typed paths.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc;

use uuid::Uuid;

use super::super::{App, Screen};
use crate::command::household::FileDialogOutcome;
use crate::domain::household_form::Draft;

/// Whether a native file dialog can show on this desktop (checked once).
pub(crate) fn native_file_dialog_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        if std::env::var_os("PASSERELLE_FILE_DIALOG").is_some_and(|v| v == "0") {
            return false;
        }
        if !cfg!(target_os = "linux") {
            // Windows and macOS dialogs are part of the system.
            return true;
        }
        on_path("zenity") || portal_file_chooser()
    })
}

/// Whether an executable `name` is on the PATH.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| is_executable(&dir.join(name)))
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Whether xdg-desktop-portal can answer a file chooser request: a session bus, the portal
/// activatable on it, and a backend implementing the FileChooser interface.
fn portal_file_chooser() -> bool {
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    if !bus {
        return false;
    }
    let data_dirs = std::env::var_os("XDG_DATA_DIRS")
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    let dirs: Vec<PathBuf> = std::env::split_paths(&data_dirs).collect();
    let activatable = dirs.iter().any(|d| {
        d.join("dbus-1/services/org.freedesktop.portal.Desktop.service")
            .is_file()
    });
    let backend = dirs.iter().any(|d| {
        std::fs::read_dir(d.join("xdg-desktop-portal/portals")).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                std::fs::read_to_string(e.path())
                    .is_ok_and(|t| t.contains("org.freedesktop.impl.portal.FileChooser"))
            })
        })
    });
    activatable && backend
}

impl App {
    /// Opens « Choisir un fichier » on a background thread.
    pub(super) fn pick_attachment(&mut self, document_id: Uuid, ctx: egui::Context) {
        self.spawn_dialog(ctx, move || {
            let path = rfd::FileDialog::new()
                .set_title("Choisir le fichier à joindre (10 Mio au plus)")
                .pick_file();
            FileDialogOutcome::Picked(document_id, path)
        });
    }

    /// Saves a copy of an attachment: at once to a typed path, or where the save dialog
    /// (background thread) says.
    pub(super) fn save_attachment_copy(
        &mut self,
        attachment_id: Uuid,
        path: Option<PathBuf>,
        ctx: egui::Context,
    ) {
        if let Some(path) = path {
            if path.is_absolute() {
                self.write_copy(attachment_id, &path, false);
            } else if let Screen::Main(view) = &mut self.screen
                && let Some(page) = &mut view.households.page
            {
                page.message = Some((
                    false,
                    "Tapez le chemin complet de la copie, dossier compris (par exemple \
                     /home/vous/Documents/piece.pdf)."
                        .to_owned(),
                ));
            }
            return;
        }
        let file_name = self.attachment_file_name(attachment_id);
        self.spawn_dialog(ctx, move || {
            let path = rfd::FileDialog::new()
                .set_title("Enregistrer une copie NON chiffrée de la pièce")
                .set_file_name(file_name)
                .save_file();
            FileDialogOutcome::SaveTo(attachment_id, path)
        });
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

    /// Runs `dialog` on a named thread; its answer comes back through the view's channel.
    fn spawn_dialog(
        &mut self,
        ctx: egui::Context,
        dialog: impl FnOnce() -> FileDialogOutcome + Send + 'static,
    ) {
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let h = &mut view.households;
        if h.file_dialog.is_some() {
            // One dialog at a time (the buttons are disabled meanwhile).
            return;
        }
        let (sender, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("passerelle-dialogue-fichier".to_owned())
            .spawn(move || {
                // The receiver is gone when the app locked meanwhile: nothing to do.
                let _ = sender.send(dialog());
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => h.file_dialog = Some(receiver),
            Err(_) => {
                if let Some(page) = &mut h.page {
                    page.message = Some((
                        false,
                        "La fenêtre de choix de fichier n'a pas pu s'ouvrir : tapez le chemin \
                         complet du fichier dans le champ."
                            .to_owned(),
                    ));
                }
            }
        }
    }

    /// After a frame: takes the answer of a dialog that closed.
    pub(super) fn poll_file_dialog(&mut self) {
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let h = &mut view.households;
        let Some(receiver) = &h.file_dialog else {
            return;
        };
        let outcome = match receiver.try_recv() {
            Ok(outcome) => outcome,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                h.file_dialog = None;
                return;
            }
        };
        h.file_dialog = None;
        const NOTHING: &str = "Si aucune fenêtre ne s'est ouverte, tapez le chemin complet \
                               dans le champ prévu.";
        match outcome {
            FileDialogOutcome::Picked(document_id, path) => {
                let Some(page) = &mut h.page else {
                    return;
                };
                let form = page.editing.as_mut().and_then(|e| match &mut e.draft {
                    Draft::Document(f) if f.base.id == document_id => Some(f),
                    _ => None,
                });
                page.message = Some(match (path, form) {
                    (Some(path), Some(form)) => {
                        form.attach_path = path.display().to_string();
                        (
                            true,
                            "Fichier choisi : enregistrez la pièce pour le joindre (il sera \
                             chiffré dans la base)."
                                .to_owned(),
                        )
                    }
                    (Some(_), None) => (
                        false,
                        "Le formulaire de la pièce a été fermé : rien n'a été joint.".to_owned(),
                    ),
                    (None, _) => (false, format!("Aucun fichier choisi. {NOTHING}")),
                });
            }
            FileDialogOutcome::SaveTo(attachment_id, Some(path)) => {
                // The save dialog asked before replacing a file.
                self.write_copy(attachment_id, &path, true);
            }
            FileDialogOutcome::SaveTo(_, None) => {
                if let Some(page) = &mut h.page {
                    page.message = Some((
                        false,
                        format!("Aucun emplacement choisi : aucune copie enregistrée. {NOTHING}"),
                    ));
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
            Ok(_) => (
                true,
                format!(
                    "Copie enregistrée : {}. Attention : cette copie n'est PAS chiffrée ; \
                     supprimez-la dès qu'elle n'est plus utile.",
                    path.display()
                ),
            ),
            Err(e) => (false, format!("La copie n'a pas été enregistrée. {e}")),
        };
        if let Screen::Main(view) = &mut self.screen
            && let Some(page) = &mut view.households.page
        {
            page.message = Some(message);
        }
    }
}
