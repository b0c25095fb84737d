//! A small in-app file chooser: folder listing, « Dossier parent », a typed name (or full
//! path), filtered by extension. Used when the desktop has no native dialog (a Linux
//! session without xdg-desktop-portal or zenity, where rfd silently returns nothing), and
//! always offered as a fallback, so that no « Choisir… » button ever does nothing.
//!
//! Reusable by any view: keep a [`FileChooser`] in the view state, draw it with
//! [`file_chooser_ui`], and act on the [`ChooserEvent`] it returns (push a command).
//!
//! The folder is read only when the chooser opens or the worker changes folder (a click),
//! never on every frame.

use std::path::{Path, PathBuf};

use super::theme::{ACCENT, ERROR};
use crate::ui::text;
use egui::RichText;

/// Whether the chosen file will be read or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChooserMode {
    /// Choose an existing file.
    Open,
    /// Choose a folder and a name for a new file.
    Save,
    /// Choose a folder (the one shown, or the folder typed): only folders are listed.
    Folder,
}

/// One entry of the folder being shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChooserEntry {
    /// File or folder name.
    pub name: String,
    /// A folder (shown first, opened by a click).
    pub is_dir: bool,
    /// Size in bytes (files).
    pub size_bytes: u64,
}

/// State of an open chooser.
#[derive(Clone, Debug)]
pub struct FileChooser {
    /// Title shown above the listing (« Ouvrir un paquet reçu »…).
    pub title: String,
    /// Open or save.
    pub mode: ChooserMode,
    /// Folder shown.
    pub dir: PathBuf,
    /// Its entries: folders first, then files matching the extensions, by name.
    pub entries: Vec<ChooserEntry>,
    /// Extensions shown (without the dot, lower case); empty: every file.
    pub extensions: Vec<String>,
    /// The name typed (or clicked): a file name in `dir`, or a full path.
    pub name: String,
    /// Show hidden files and folders (names starting with a dot).
    pub show_hidden: bool,
    /// Why the folder could not be read, or the name is not acceptable.
    pub error: Option<String>,
    /// Places one click away: Bureau, Documents, Téléchargements, the removable drives
    /// (USB keys) mounted now. Read when the chooser opens.
    pub shortcuts: Vec<(String, PathBuf)>,
    /// Whether the chooser has been scrolled into view since it opened: it often opens at
    /// the bottom of a dialog's scrolling body, with its buttons out of sight.
    revealed: bool,
}

/// The folder last chosen for each chooser (by its title), for this session only: kept in
/// memory, never written to disk (a folder's name can say whose file it held).
static LAST_FOLDERS: std::sync::Mutex<Vec<(String, PathBuf)>> = std::sync::Mutex::new(Vec::new());

/// The folder last chosen with a chooser or native dialog of this title, this session.
pub fn remembered_folder(title: &str) -> Option<PathBuf> {
    let folders = LAST_FOLDERS.lock().ok()?;
    folders
        .iter()
        .find(|(t, _)| t == title)
        .map(|(_, dir)| dir.clone())
}

/// Remembers `dir` as the folder of choosers and native dialogs titled `title` (memory only).
pub fn remember_folder(title: &str, dir: &Path) {
    if let Ok(mut folders) = LAST_FOLDERS.lock() {
        folders.retain(|(t, _)| t != title);
        folders.push((title.to_owned(), dir.to_path_buf()));
    }
}

/// Where a chooser or native dialog titled `title` opens: the folder last chosen with it in
/// this session, else Documents, else the home folder.
pub fn start_folder(title: &str) -> PathBuf {
    remembered_folder(title)
        .filter(|d| d.is_dir())
        .or_else(|| {
            directories::UserDirs::new().map(|u| {
                u.document_dir()
                    .filter(|d| d.is_dir())
                    .unwrap_or(u.home_dir())
                    .to_path_buf()
            })
        })
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// Bureau, Documents, Téléchargements, then the removable drives of this user
/// (`/media/$USER/*`, `/run/media/$USER/*`, where desktops mount USB keys).
pub fn shortcut_places() -> Vec<(String, PathBuf)> {
    let mut places = Vec::new();
    if let Some(user) = directories::UserDirs::new() {
        for (label, dir) in [
            (text::BUREAU, user.desktop_dir()),
            (text::DOCUMENTS, user.document_dir()),
            (text::TELECHARGEMENTS, user.download_dir()),
        ] {
            if let Some(dir) = dir.filter(|d| d.is_dir()) {
                places.push((label.to_owned(), dir.to_path_buf()));
            }
        }
    }
    let user = std::env::var("USER").unwrap_or_default();
    if !user.is_empty() {
        for root in ["/media", "/run/media"] {
            let Ok(entries) = std::fs::read_dir(Path::new(root).join(&user)) else {
                continue;
            };
            let mut drives: Vec<(String, PathBuf)> = entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| {
                    (
                        text::cle_usb_to_string_lossy(e.file_name().to_string_lossy()),
                        e.path(),
                    )
                })
                .collect();
            drives.sort();
            places.extend(drives);
        }
    }
    places
}

/// What the worker did in the chooser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChooserEvent {
    /// This file was chosen.
    Chosen(PathBuf),
    /// The chooser was closed without a choice.
    Cancelled,
}

/// Label of the typed-name field (also what UI tests type into).
pub const NAME_LABEL: &str = text::NOM_DU_FICHIER_OU_CHEMIN_COMPLET;
/// Label of the typed-folder field, when choosing a folder.
pub const FOLDER_LABEL: &str = text::SOUS_DOSSIER_OU_CHEMIN_COMPLET_VIDE;

impl FileChooser {
    /// A chooser on `start`, else on the folder last chosen with a chooser of the same
    /// title in this session, else on Documents (the home folder when there is none),
    /// showing files with one of `extensions` (all files when empty), with `name`
    /// pre-filled.
    pub fn new(
        title: &str,
        mode: ChooserMode,
        start: Option<PathBuf>,
        extensions: &[&str],
        name: &str,
    ) -> Self {
        let dir = start
            .filter(|d| d.is_dir())
            .unwrap_or_else(|| start_folder(title));
        let mut chooser = FileChooser {
            title: title.to_owned(),
            mode,
            dir: PathBuf::new(),
            entries: Vec::new(),
            extensions: extensions.iter().map(|e| e.to_lowercase()).collect(),
            name: name.to_owned(),
            show_hidden: false,
            error: None,
            shortcuts: shortcut_places(),
            revealed: false,
        };
        if mode == ChooserMode::Folder {
            // No file is listed: an extension no file name can end with.
            chooser.extensions = vec!["/".to_owned()];
        }
        chooser.go_to(dir);
        chooser
    }

    /// Shows `dir` (reads its listing once).
    pub fn go_to(&mut self, dir: PathBuf) {
        match list_dir(&dir, &self.extensions, self.show_hidden) {
            Ok(entries) => {
                self.entries = entries;
                self.dir = dir;
                self.error = None;
            }
            Err(e) => {
                self.error = Some(text::le_dossier_dir_ne_peut_pas_etre_lu(dir.display(), &e));
            }
        }
    }

    /// The path the typed name designates: itself when absolute, else inside the folder.
    pub fn target(&self) -> Option<PathBuf> {
        let name = self.name.trim();
        if name.is_empty() {
            return None;
        }
        let typed = PathBuf::from(name);
        Some(if typed.is_absolute() {
            typed
        } else {
            self.dir.join(typed)
        })
    }

    /// Checks the typed name and returns the chosen file, or sets an error. A typed folder
    /// is opened instead.
    fn confirm(&mut self) -> Option<PathBuf> {
        if self.mode == ChooserMode::Folder {
            let target = self.target().unwrap_or_else(|| self.dir.clone());
            if target.is_dir() {
                return Some(target);
            }
            self.error = Some(text::le_dossier_target_n_existe_pas(target.display()));
            return None;
        }
        let Some(target) = self.target() else {
            self.error = Some(text::TAPEZ_UN_NOM_DE_FICHIER_OU.to_owned());
            return None;
        };
        if target.is_dir() {
            self.name.clear();
            self.go_to(target);
            return None;
        }
        match self.mode {
            ChooserMode::Open if !target.is_file() => {
                self.error = Some(text::le_fichier_target_n_existe_pas_verifiez(
                    target.display(),
                ));
                None
            }
            ChooserMode::Save if !target.parent().is_some_and(Path::is_dir) => {
                self.error = Some(text::le_dossier_de_target_n_existe_pas(target.display()));
                None
            }
            _ => Some(target),
        }
    }
}

fn list_dir(
    dir: &Path,
    extensions: &[String],
    show_hidden: bool,
) -> std::io::Result<Vec<ChooserEntry>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        if !show_hidden && name.starts_with('.') {
            continue;
        }
        // Follows symbolic links, so that a link to a folder opens like a folder.
        let Ok(meta) = std::fs::metadata(entry.path()) else {
            continue;
        };
        let is_dir = meta.is_dir();
        if !is_dir && !extensions.is_empty() {
            let ext = Path::new(&name)
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if !extensions.contains(&ext) {
                continue;
            }
        }
        entries.push(ChooserEntry {
            name,
            is_dir,
            size_bytes: if is_dir { 0 } else { meta.len() },
        });
    }
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

/// A size for people: « 12 ko », « 3,4 Mo ».
pub fn size_fr(bytes: u64) -> String {
    if bytes < 1024 {
        text::bytes_o(bytes)
    } else if bytes < 1024 * 1024 {
        text::div_ceil_ko(bytes.div_ceil(1024))
    } else {
        text::f64_mo(bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

/// Draws the chooser; returns what the worker decided, if anything.
pub fn file_chooser_ui(ui: &mut egui::Ui, chooser: &mut FileChooser) -> Option<ChooserEvent> {
    let mut event = None;
    let frame = egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(820.0));
            ui.label(RichText::new(&chooser.title).strong().size(18.0));
            ui.horizontal_wrapped(|ui| {
                ui.label(text::DOSSIER);
                ui.label(RichText::new(chooser.dir.display().to_string()).color(ACCENT));
            });
            ui.horizontal(|ui| {
                let parent = chooser.dir.parent().map(Path::to_path_buf);
                if ui
                    .add_enabled(parent.is_some(), egui::Button::new(text::DOSSIER_PARENT))
                    .clicked()
                    && let Some(parent) = parent
                {
                    chooser.go_to(parent);
                }
                if let Some(home) = directories::UserDirs::new().map(|u| u.home_dir().to_owned())
                    && ui.button(text::DOSSIER_PERSONNEL).clicked()
                {
                    chooser.go_to(home);
                }
                if ui
                    .checkbox(&mut chooser.show_hidden, text::FICHIERS_CACHES)
                    .changed()
                {
                    let dir = chooser.dir.clone();
                    chooser.go_to(dir);
                }
                if !chooser.extensions.is_empty() && chooser.mode != ChooserMode::Folder {
                    let exts: Vec<String> =
                        chooser.extensions.iter().map(|e| format!(".{e}")).collect();
                    ui.label(RichText::new(text::fichiers_affiches_exts(exts.join(", "))).small());
                }
            });
            if !chooser.shortcuts.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(text::ALLER_A);
                    let mut go = None;
                    for (label, dir) in &chooser.shortcuts {
                        if ui
                            .selectable_label(chooser.dir == *dir, label.as_str())
                            .clicked()
                        {
                            go = Some(dir.clone());
                        }
                    }
                    if let Some(dir) = go {
                        chooser.go_to(dir);
                    }
                });
            }
            egui::ScrollArea::vertical()
                .id_salt("file_chooser_list")
                .max_height(220.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if chooser.entries.is_empty() {
                        let empty = if chooser.mode == ChooserMode::Folder {
                            text::CE_DOSSIER_NE_CONTIENT_AUCUN_SOUS
                        } else {
                            text::CE_DOSSIER_NE_CONTIENT_AUCUN_FICHIER
                        };
                        ui.label(RichText::new(empty).italics());
                    }
                    let mut open_dir = None;
                    for entry in &chooser.entries {
                        let text = if entry.is_dir {
                            format!("{}/", entry.name)
                        } else {
                            format!("{}   ({})", entry.name, size_fr(entry.size_bytes))
                        };
                        let selected = !entry.is_dir && chooser.name == entry.name;
                        let response = ui.selectable_label(selected, text);
                        if response.clicked() {
                            if entry.is_dir {
                                open_dir = Some(chooser.dir.join(&entry.name));
                            } else {
                                chooser.name = entry.name.clone();
                            }
                        }
                        if response.double_clicked() && !entry.is_dir {
                            event = Some(ChooserEvent::Chosen(chooser.dir.join(&entry.name)));
                        }
                    }
                    if let Some(dir) = open_dir {
                        chooser.name.clear();
                        chooser.go_to(dir);
                    }
                });
            ui.horizontal(|ui| {
                let label = ui.label(if chooser.mode == ChooserMode::Folder {
                    FOLDER_LABEL
                } else {
                    NAME_LABEL
                });
                let field = ui
                    .add(egui::TextEdit::singleline(&mut chooser.name).desired_width(420.0))
                    .labelled_by(label.id);
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let action = match chooser.mode {
                    ChooserMode::Open => text::OUVRIR_CE_FICHIER,
                    ChooserMode::Save => text::ENREGISTRER_ICI,
                    ChooserMode::Folder => text::CHOISIR_CE_DOSSIER,
                };
                if (ui.button(action).clicked() || enter)
                    && let Some(path) = chooser.confirm()
                {
                    event = Some(ChooserEvent::Chosen(path));
                }
                if ui.button(text::ANNULER).clicked() {
                    event = Some(ChooserEvent::Cancelled);
                }
            });
            if let Some(error) = &chooser.error {
                ui.label(RichText::new(error).color(ERROR));
            }
        });
    if !chooser.revealed {
        // Bring the whole chooser, buttons included, into the view of any scrolling parent.
        ui.scroll_to_rect(frame.response.rect, None);
        chooser.revealed = true;
    }
    if let Some(ChooserEvent::Chosen(path)) = &event {
        let dir = if chooser.mode == ChooserMode::Folder {
            Some(path.as_path())
        } else {
            path.parent()
        };
        if let Some(dir) = dir {
            remember_folder(&chooser.title, dir);
        }
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_first_and_only_wanted_extensions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        std::fs::write(dir.path().join("a.age"), b"x").unwrap();
        std::fs::write(dir.path().join("b.txt"), b"x").unwrap();
        std::fs::write(dir.path().join(".cache.age"), b"x").unwrap();
        let mut c = FileChooser::new(
            "t",
            ChooserMode::Open,
            Some(dir.path().to_path_buf()),
            &["AGE"],
            "",
        );
        let names: Vec<&str> = c.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["zeta", "a.age"]);
        c.show_hidden = true;
        c.go_to(dir.path().to_path_buf());
        assert_eq!(c.entries.len(), 3);

        // A typed name that does not exist is refused when opening, accepted when saving.
        c.name = "absent.age".into();
        assert_eq!(c.confirm(), None);
        assert!(c.error.as_deref().unwrap().contains("n'existe pas"));
        c.mode = ChooserMode::Save;
        assert_eq!(c.confirm(), Some(dir.path().join("absent.age")));
        // A typed folder opens it.
        c.name = "zeta".into();
        assert_eq!(c.confirm(), None);
        assert_eq!(c.dir, dir.path().join("zeta"));
    }

    #[test]
    fn opens_where_the_same_chooser_last_chose_a_file() {
        let dir = tempfile::tempdir().unwrap();
        remember_folder("Un titre de test", dir.path());
        let c = FileChooser::new("Un titre de test", ChooserMode::Open, None, &[], "");
        assert_eq!(c.dir, dir.path());
        let other = FileChooser::new("Un autre titre", ChooserMode::Open, None, &[], "");
        assert_ne!(other.dir, dir.path());
    }

    #[test]
    fn sizes_read_in_french() {
        assert_eq!(size_fr(12), "12 o");
        assert_eq!(size_fr(1500), "2 ko");
        assert_eq!(size_fr(3 * 1024 * 1024 + 400_000), "3,4 Mo");
    }
}
