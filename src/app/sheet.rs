//! Spreadsheet import and list export, applied after the frame: the file is read and parsed
//! on a named thread; checking the rows (pure) and the duplicate query run after the frame;
//! the import is one transaction; the export goes through `output::write_export`.

use crate::domain::text::count;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, TryRecvError};

use super::native_dialog::{FileDialogRequest, native_file_dialog_available, spawn_file_dialog};
use super::{App, JobKind, Outcome, Screen};
use crate::command::Section;
use crate::command::sheet::SheetCommand;
use crate::exchange::sheet::SheetImportReport;
use crate::exchange::sheet::{self, DuplicateChoice, Mapping};
use crate::exchange::{output, tabular};
use crate::store::{Store, StoreError};
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::sheet_import::{
    ExportFormat, ExportState, ImportState, ImportStep, ReadResult, Review, SheetPanel, SheetView,
};

impl App {
    fn sheet_view(&mut self) -> Option<&mut SheetView> {
        match &mut self.screen {
            Screen::Main(view) => Some(&mut view.households.sheet),
            _ => None,
        }
    }

    fn import_state(&mut self) -> Option<&mut ImportState> {
        match self.sheet_view()?.panel.as_mut()? {
            SheetPanel::Import(state) => Some(state),
            SheetPanel::Export(_) => None,
        }
    }

    /// Applies one spreadsheet command.
    pub(super) fn apply_sheet(&mut self, ctx: &egui::Context, command: SheetCommand) {
        match command {
            SheetCommand::OpenImport => {
                if let Some(view) = self.sheet_view() {
                    view.panel = Some(SheetPanel::Import(ImportState {
                        path: String::new(),
                        step: ImportStep::ChooseFile,
                        error: None,
                    }));
                }
            }
            SheetCommand::OpenExport => self.open_export(),
            SheetCommand::Close => {
                if let Some(view) = self.sheet_view() {
                    view.panel = None;
                    view.reading = None;
                    view.chooser = None;
                }
            }
            SheetCommand::PickImportFile => self.sheet_dialog(ctx.clone(), false),
            SheetCommand::PickExportFile => self.sheet_dialog(ctx.clone(), true),
            SheetCommand::Read => self.start_reading(ctx.clone(), None),
            SheetCommand::ReadAs { encoding } => self.start_reading(ctx.clone(), Some(encoding)),
            SheetCommand::Check => self.check_sheet(),
            SheetCommand::BackToMapping => {
                if let Some(state) = self.import_state() {
                    state.error = None;
                    let step = std::mem::replace(&mut state.step, ImportStep::ChooseFile);
                    state.step = match step {
                        ImportStep::Review(r) => ImportStep::Mapping {
                            sheet: Box::new(r.sheet),
                            mapping: r.mapping,
                        },
                        other => other,
                    };
                }
            }
            SheetCommand::ChooseAnotherFile => {
                if let Some(state) = self.import_state() {
                    state.error = None;
                    state.step = ImportStep::ChooseFile;
                }
            }
            SheetCommand::Apply => self.apply_sheet_import(ctx),
            SheetCommand::Export => self.write_list_export(),
        }
    }

    fn open_export(&mut self) {
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let shown = view.households.table.visible().len();
        view.households.sheet.panel = Some(SheetPanel::Export(ExportState {
            path: String::new(),
            format: ExportFormat::Csv,
            overwrite: false,
            shown,
            error: None,
            done: None,
        }));
    }

    fn sheet_dialog(&mut self, ctx: egui::Context, save: bool) {
        let Some(view) = self.sheet_view() else {
            return;
        };
        if view.dialog.is_some() {
            return;
        }
        let request = if save {
            FileDialogRequest {
                title: "Exporter la liste (fichier NON chiffré)",
                filter: Some(("Tableur", &["csv", "xlsx"])),
                save_as: Some("menages.csv".to_owned()),
            }
        } else {
            FileDialogRequest {
                title: "Choisir le tableur à importer",
                filter: Some(("Tableur", &["csv", "xlsx", "xls", "ods", "txt"])),
                save_as: None,
            }
        };
        if native_file_dialog_available() {
            view.dialog = spawn_file_dialog(request.clone(), &ctx, |path| path);
        }
        if view.dialog.is_none() {
            let (mode, extensions): (_, &[&str]) = if save {
                (ChooserMode::Save, &["csv", "xlsx"])
            } else {
                (ChooserMode::Open, &["csv", "xlsx", "xls", "ods", "txt"])
            };
            let name = request.save_as.as_deref().unwrap_or_default();
            view.chooser = Some(FileChooser::new(
                request.title,
                mode,
                None,
                extensions,
                name,
            ));
        }
    }

    fn start_reading(&mut self, ctx: egui::Context, encoding: Option<sheet::TextEncoding>) {
        let Some(view) = self.sheet_view() else {
            return;
        };
        let Some(SheetPanel::Import(state)) = &mut view.panel else {
            return;
        };
        let path = PathBuf::from(state.path.trim());
        let (sender, receiver) = mpsc::channel::<ReadResult>();
        let spawned = std::thread::Builder::new()
            .name("passerelle-lecture-tableur".to_owned())
            .spawn(move || {
                let _ = sender.send(read_path(&path, encoding));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                state.error = None;
                state.step = ImportStep::Reading;
                view.reading = Some(receiver);
            }
            Err(e) => {
                state.error = Some(format!("La lecture n'a pas pu démarrer ({e}). Réessayez."));
            }
        }
    }

    /// Checks every row with the mapping shown, and looks for duplicates in the base.
    fn check_sheet(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        let programme = store.import_programme();
        let known = store.known_people();
        let today = store.now().date_naive();
        let Some(state) = self.import_state() else {
            return;
        };
        let step = std::mem::replace(&mut state.step, ImportStep::ChooseFile);
        let ImportStep::Mapping { sheet, mapping } = step else {
            state.step = step;
            return;
        };
        let (programme, known) = match (programme, known) {
            (Ok(p), Ok(k)) => (p, k),
            (Err(e), _) | (_, Err(e)) => {
                state.error = Some(format!("La base n'a pas pu être lue. {e}"));
                state.step = ImportStep::Mapping { sheet, mapping };
                return;
            }
        };
        let plan = sheet::build_plan(&sheet, &mapping, &programme, today);
        let duplicates = if plan.errors.is_empty() {
            sheet::find_duplicates(&plan, &known)
        } else {
            Vec::new()
        };
        state.error = None;
        state.step = ImportStep::Review(Box::new(Review {
            sheet: *sheet,
            mapping,
            choices: vec![DuplicateChoice::Skip; duplicates.len()],
            duplicates,
            plan,
            stages: programme
                .stages
                .iter()
                .map(|s| (s.id, s.label.clone()))
                .collect(),
            programme: programme.name,
        }));
    }

    /// Writes the households of the preview on a named thread (the base goes with it and
    /// comes back with the report): one transaction, so all of them or none.
    fn apply_sheet_import(&mut self, ctx: &egui::Context) {
        if self.store.is_none() || self.job.is_some() {
            return;
        }
        let Some(state) = self.import_state() else {
            return;
        };
        let step = std::mem::replace(&mut state.step, ImportStep::Importing);
        let ImportStep::Review(review) = step else {
            state.step = step;
            return;
        };
        if !review.plan.errors.is_empty() {
            state.step = ImportStep::Review(review);
            return;
        }
        let skip: std::collections::BTreeSet<usize> = review
            .duplicates
            .iter()
            .zip(&review.choices)
            .filter(|(_, c)| **c == DuplicateChoice::Skip)
            .map(|(d, _)| d.household)
            .collect();
        let chosen: Vec<sheet::PlannedHousehold> = review
            .plan
            .households
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .map(|(_, h)| h)
            .collect();
        let skipped = skip.len();
        let Some(mut store) = self.store.take() else {
            return;
        };
        let started = self.spawn(
            ctx,
            JobKind::SheetImport,
            "passerelle-import-tableur",
            move || {
                let refs: Vec<&sheet::PlannedHousehold> = chosen.iter().collect();
                let result = crate::exchange::sheet::write_plan(&mut store, &refs, skipped);
                Outcome::SheetImported(store, result)
            },
        );
        self.after_store_job_start(ctx, started, "Import du tableur…");
    }

    /// The import thread is back with the base.
    pub(super) fn sheet_imported(
        &mut self,
        _ctx: &egui::Context,
        store: Store,
        result: Result<SheetImportReport, StoreError>,
    ) {
        if self.lock_when_job_returns {
            // Locked meanwhile: the base is closed now; the import itself is committed
            // (or rolled back) already.
            self.lock_when_job_returns = false;
            drop(store);
            if let Screen::Unlock(view) = &mut self.screen {
                view.busy = None;
            }
            return;
        }
        let counts = store.summary().ok();
        self.store = Some(store);
        if let Screen::Main(view) = &mut self.screen {
            view.busy = None;
            view.summary.counts = counts;
            view.section = Section::Menages;
            // The list reloads after the frame, with the new households.
            view.households.list_due = true;
            view.households.page = None;
            if let Some(SheetPanel::Import(state)) = &mut view.households.sheet.panel {
                match result {
                    Ok(report) => {
                        state.error = None;
                        state.step = ImportStep::Done {
                            report: report.to_string(),
                        };
                    }
                    Err(e) => {
                        state.error = Some(format!(
                            "L'import n'a pas été enregistré (rien n'a été écrit). {e}"
                        ));
                        state.step = ImportStep::ChooseFile;
                    }
                }
            }
        }
        self.refresh_board();
    }

    fn write_list_export(&mut self) {
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let visible = view.households.table.visible().to_vec();
        let Some(SheetPanel::Export(state)) = &mut view.households.sheet.panel else {
            return;
        };
        let rows = view.households.table.rows();
        // A frozen household (« Gel du dossier ») is exported nowhere, this list included.
        let frozen = match self.store.as_ref().map(|s| s.frozen_households()) {
            Some(Ok(f)) => f,
            Some(Err(e)) => {
                state.error = Some(format!("L'export n'a pas été écrit. {e}"));
                return;
            }
            None => return,
        };
        let shown: Vec<_> = visible.iter().filter_map(|&i| rows.get(i)).collect();
        let table =
            sheet::household_list_table(shown.iter().copied().filter(|r| !frozen.contains(&r.id)));
        let left_out = shown.len() - table.rows.len();
        let mut path = PathBuf::from(state.path.trim());
        if path.extension().is_none() {
            path.set_extension(match state.format {
                ExportFormat::Csv => "csv",
                ExportFormat::Xlsx => "xlsx",
            });
        }
        if !path.is_absolute() {
            state.error = Some(
                "Tapez le chemin complet du fichier, dossier compris (par exemple \
                 /home/vous/Documents/menages.csv)."
                    .to_owned(),
            );
            return;
        }
        let bytes = match state.format {
            ExportFormat::Csv => tabular::to_csv(std::slice::from_ref(&table)),
            ExportFormat::Xlsx => tabular::to_xlsx(std::slice::from_ref(&table)),
        };
        let written = bytes.map_err(|e| e.to_string()).and_then(|b| {
            output::write_export(&path, &b, state.overwrite).map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => {
                state.error = None;
                state.done = Some(format!(
                    "{} dans {}{}. Ce fichier n'est pas chiffré : supprimez-le après usage.",
                    count(table.rows.len(), "ménage exporté", "ménages exportés"),
                    path.display(),
                    sheet::frozen_note(left_out)
                ));
                if let Some(store) = &mut self.store {
                    // Counts and destination only (issue 14); best effort, the file is
                    // already written.
                    let _ = store.audit_now(
                        "export tableur",
                        &[],
                        &format!(
                            "{} vers {}",
                            crate::domain::text::count(table.rows.len(), "ménage", "ménages"),
                            path.display()
                        ),
                    );
                }
            }
            Err(e) => {
                state.done = None;
                state.error = Some(format!("L'export n'a pas été écrit : {e}"));
            }
        }
    }

    /// After the commands of a frame: collect the reading thread's and the dialog's answers.
    pub(super) fn sheet_after_frame(&mut self) {
        let Some(view) = self.sheet_view() else {
            return;
        };
        if let Some(receiver) = &view.dialog {
            match receiver.try_recv() {
                Ok(path) => {
                    view.dialog = None;
                    if let Some(path) = path {
                        let text = path.display().to_string();
                        match &mut view.panel {
                            Some(SheetPanel::Import(s)) => s.path = text,
                            Some(SheetPanel::Export(s)) => {
                                // The save dialog already asked about replacing a file.
                                s.overwrite = path.exists();
                                s.path = text;
                            }
                            None => {}
                        }
                    }
                }
                Err(TryRecvError::Disconnected) => view.dialog = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        let Some(receiver) = &view.reading else {
            return;
        };
        let result = match receiver.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("La lecture s'est interrompue de façon inattendue. Réessayez.".to_owned())
            }
        };
        view.reading = None;
        let Some(SheetPanel::Import(state)) = &mut view.panel else {
            return;
        };
        match result {
            Ok(sheet) => {
                let mapping = Mapping::auto(&sheet.headers);
                state.error = None;
                state.step = ImportStep::Mapping {
                    sheet: Box::new(sheet),
                    mapping,
                };
            }
            Err(message) => {
                state.error = Some(message);
                state.step = ImportStep::ChooseFile;
            }
        }
    }
}

/// Reads and parses a spreadsheet file (on the reading thread), with French errors.
fn read_path(path: &Path, encoding: Option<sheet::TextEncoding>) -> ReadResult {
    let size = std::fs::metadata(path)
        .map_err(|e| {
            format!(
                "Le fichier n'a pas pu être ouvert ({e}). Vérifiez le chemin : {}",
                path.display()
            )
        })?
        .len();
    if size > sheet::MAX_SHEET_BYTES as u64 {
        return Err(capitalise(
            &sheet::SheetError::TooLarge {
                size_kib: usize::try_from(size >> 10).unwrap_or(usize::MAX),
                limit_kib: sheet::MAX_SHEET_BYTES >> 10,
            }
            .to_string(),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "Le fichier n'a pas pu être lu ({e}). Vérifiez le chemin : {}",
            path.display()
        )
    })?;
    sheet::read_sheet_as(&bytes, encoding).map_err(|e| capitalise(&e.to_string()))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
