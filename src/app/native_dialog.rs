//! The desktop's own file dialog (rfd), one way for every section: shown by the task
//! service ([`Tasks::file_dialog`]) so the window keeps drawing, opened in the folder last
//! chosen for the same purpose in this session (else Documents), and remembering the folder
//! chosen.
//!
//! On a Linux desktop, `rfd` talks to xdg-desktop-portal (or zenity); with neither it
//! returns "nothing chosen" without showing anything. So the views offer the native dialog
//! only when one of them is there ([`native_file_dialog_available`]) and the in-app chooser
//! (`ui::file_chooser`) otherwise. `PASSERELLE_FILE_DIALOG=0` forces the in-app chooser.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::tasks::{DialogFor, Tasks};
use crate::ui::file_chooser::{ChooserMode, FileChooser};

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
/// as a [`TaskDone::FileChosen`](super::tasks::TaskDone::FileChosen) for `purpose`), else
/// the in-app chooser to show (returned). One place for the choice every export and backup
/// makes.
pub(super) fn save_file_or_chooser(
    tasks: &mut Tasks,
    purpose: DialogFor,
    title: &'static str,
    filter: (&'static str, &'static [&'static str]),
    file_name: &str,
) -> Option<FileChooser> {
    let request = FileDialogRequest {
        title,
        filter: Some(filter),
        save_as: Some(file_name.to_owned()),
    };
    let shown = native_file_dialog_available() && tasks.file_dialog(purpose, request);
    (!shown).then(|| FileChooser::new(title, ChooserMode::Save, None, filter.1, file_name))
}
