//! The desktop's own file dialog (rfd), one way for every section: shown on a named
//! background thread so the window keeps drawing, opened in the folder last chosen for the
//! same purpose in this session (else Documents), and remembering the folder chosen.
//!
//! On a Linux desktop, `rfd` talks to xdg-desktop-portal (or zenity); with neither it
//! returns "nothing chosen" without showing anything. So the views offer the native dialog
//! only when one of them is there ([`native_file_dialog_available`]) and the in-app chooser
//! (`ui::file_chooser`) otherwise. `PASSERELLE_FILE_DIALOG=0` forces the in-app chooser.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc;

use crate::ui::file_chooser::{ChooserMode, FileChooser, remember_folder, start_folder};

/// What to ask the native dialog.
#[derive(Debug, Clone)]
pub(crate) struct FileDialogRequest {
    /// Window title; also the key of the remembered folder (shared with the in-app chooser
    /// of the same title).
    pub title: &'static str,
    /// Name and extensions (without the dot) of the file filter, if any.
    pub filter: Option<(&'static str, &'static [&'static str])>,
    /// `Some(name)`: save a new file, suggesting `name`; `None`: open an existing file.
    pub save_as: Option<String>,
}

/// Shows `request` on a background thread and sends `answer(path)` (`None`: cancelled)
/// through the returned channel, then asks for a repaint. `None` when the thread could not
/// start (the caller offers the in-app chooser).
pub(crate) fn spawn_file_dialog<T: Send + 'static>(
    request: FileDialogRequest,
    ctx: &egui::Context,
    answer: impl FnOnce(Option<PathBuf>) -> T + Send + 'static,
) -> Option<mpsc::Receiver<T>> {
    let (sender, receiver) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name("passerelle-dialogue-fichier".to_owned())
        .spawn(move || {
            let mut dialog = rfd::FileDialog::new()
                .set_title(request.title)
                .set_directory(start_folder(request.title));
            if let Some((name, extensions)) = request.filter {
                dialog = dialog.add_filter(name, extensions);
            }
            let path = match request.save_as {
                Some(name) => dialog.set_file_name(name).save_file(),
                None => dialog.pick_file(),
            };
            if let Some(folder) = path.as_deref().and_then(Path::parent) {
                remember_folder(request.title, folder);
            }
            // The receiver is gone when the app locked meanwhile: nothing to do.
            let _ = sender.send(answer(path));
            ctx.request_repaint();
        })
        .ok()?;
    Some(receiver)
}

/// Like [`spawn_file_dialog`], for choosing a folder (the team's shared folder).
pub(crate) fn spawn_folder_dialog<T: Send + 'static>(
    title: &'static str,
    ctx: &egui::Context,
    answer: impl FnOnce(Option<PathBuf>) -> T + Send + 'static,
) -> Option<mpsc::Receiver<T>> {
    let (sender, receiver) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name("passerelle-dialogue-dossier".to_owned())
        .spawn(move || {
            let path = rfd::FileDialog::new()
                .set_title(title)
                .set_directory(start_folder(title))
                .pick_folder();
            if let Some(folder) = path.as_deref() {
                remember_folder(title, folder);
            }
            // The receiver is gone when the app locked meanwhile: nothing to do.
            let _ = sender.send(answer(path));
            ctx.request_repaint();
        })
        .ok()?;
    Some(receiver)
}

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

/// Where a new file goes: the desktop's save dialog when there is one (its answer comes
/// on the receiver), else the in-app chooser to show. Exactly one of the two is `Some`.
/// One place for the choice every export and backup makes.
pub(crate) fn save_file_or_chooser(
    ctx: &egui::Context,
    title: &'static str,
    filter: (&'static str, &'static [&'static str]),
    file_name: &str,
) -> (Option<mpsc::Receiver<Option<PathBuf>>>, Option<FileChooser>) {
    let receiver = if native_file_dialog_available() {
        let request = FileDialogRequest {
            title,
            filter: Some(filter),
            save_as: Some(file_name.to_owned()),
        };
        spawn_file_dialog(request, ctx, |path| path)
    } else {
        None
    };
    match receiver {
        Some(receiver) => (Some(receiver), None),
        None => (
            None,
            Some(FileChooser::new(
                title,
                ChooserMode::Save,
                None,
                filter.1,
                file_name,
            )),
        ),
    }
}
