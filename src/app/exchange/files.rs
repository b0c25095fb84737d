//! « Échanges »: choosing files (the desktop's dialog or the in-app chooser), and files
//! dropped on the window.

use super::*;

impl App {
    pub(in crate::app) fn choose_file(&mut self, purpose: FilePurpose) {
        if !super::super::native_dialog::native_file_dialog_available() {
            self.open_in_app_chooser(purpose);
            return;
        }
        let default_name = self.default_file_name(purpose);
        let Some(view) = self.exchange_view() else {
            return;
        };
        if view.dialog_open {
            return;
        }
        let (title, _, extensions) = chooser_kind(purpose);
        let request = FileDialogRequest {
            title,
            filter: Some(("Passerelle", extensions)),
            save_as: purpose.saves().then_some(default_name),
        };
        if self
            .tasks
            .file_dialog(DialogFor::Exchange(purpose), request)
        {
            if let Some(view) = self.exchange_view() {
                view.dialog_open = true;
            }
        } else {
            self.open_in_app_chooser(purpose);
        }
    }

    pub(in crate::app) fn default_file_name(&self, purpose: FilePurpose) -> String {
        let Screen::Main(view) = &self.screen else {
            return String::new();
        };
        let today = Local::now().format("%Y-%m-%d");
        let slug = |s: &str| {
            s.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect::<String>()
                .to_lowercase()
        };
        match purpose {
            FilePurpose::SaveCard => {
                let org = view
                    .exchange
                    .data
                    .identity
                    .as_ref()
                    .map(|i| slug(&i.organisation))
                    .unwrap_or_default();
                format!("carte-{org}.card")
            }
            FilePurpose::SavePacket => {
                let armor = if view.exchange.send.armor {
                    "-courriel"
                } else {
                    ""
                };
                format!("paquet-{today}{armor}.age")
            }
            FilePurpose::SaveKey => "ma-cle-age.txt".to_owned(),
            _ => String::new(),
        }
    }

    pub(in crate::app) fn open_in_app_chooser(&mut self, purpose: FilePurpose) {
        let name = self.default_file_name(purpose);
        let Some(view) = self.exchange_view() else {
            return;
        };
        let (title, mode, exts) = chooser_kind(purpose);
        // Start where the last file was chosen, so a USB key stays open between steps.
        let start = view.chooser.as_ref().map(|(_, c)| c.dir.clone());
        view.chooser = Some((purpose, FileChooser::new(title, mode, start, exts, &name)));
        view.scroll_to_top = true;
    }

    /// After a frame: the native dialog's answer, and files dropped on the window.
    pub(in crate::app) fn exchange_after_frame(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| p.is_absolute())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next()
            && self.store.is_some()
            && let Screen::Main(view) = &mut self.screen
        {
            let is_card = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("card") || e.eq_ignore_ascii_case("json"));
            let (tab, purpose) = if is_card {
                (ExchangeTab::Identite, FilePurpose::OpenCard)
            } else {
                (ExchangeTab::Recevoir, FilePurpose::OpenPacket)
            };
            view.section = Section::Echanges;
            view.exchange.tab = tab;
            self.refresh_exchange();
            self.file_chosen(ctx, purpose, path);
        }
    }

    /// The native dialog closed: the file chosen, or the in-app chooser.
    pub(in crate::app) fn exchange_file_chosen(
        &mut self,
        ctx: &egui::Context,
        purpose: FilePurpose,
        path: Option<PathBuf>,
    ) {
        if let Some(view) = self.exchange_view() {
            view.dialog_open = false;
        }
        match path {
            Some(path) => self.file_chosen(ctx, purpose, path),
            None => {
                // Nothing chosen, or no dialog showed at all: the in-app chooser is the
                // fallback, so the button never ends up doing nothing.
                self.open_in_app_chooser(purpose);
                self.exchange_message(Message::error(
                    "Aucun fichier choisi dans la fenêtre du système : choisissez-le ici.",
                ));
            }
        }
    }

    pub(in crate::app) fn file_chosen(
        &mut self,
        ctx: &egui::Context,
        purpose: FilePurpose,
        path: PathBuf,
    ) {
        if let Some(v) = self.exchange_view() {
            v.chooser = None;
            v.message = None;
            v.scroll_to_top = true;
        }
        match purpose {
            FilePurpose::SaveCard => self.save_card(&path),
            FilePurpose::OpenCard => self.read_card(&path),
            FilePurpose::SavePacket => self.start_export(ctx, path),
            FilePurpose::OpenPacket => self.start_open(ctx, path),
            FilePurpose::SaveKey => self.save_key(&path),
        }
    }
}
