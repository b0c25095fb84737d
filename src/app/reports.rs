//! The « Rapports » section: computes the report after a command (never inside a frame),
//! writes exports, and runs the native save dialog on a background thread.
//!
//! A report reads one programme's facts in one transaction and computes in memory: a few
//! milliseconds on the demo data, so it runs right after the frame.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use super::native_dialog::{FileDialogRequest, native_file_dialog_available, spawn_file_dialog};
use super::{App, Screen};
use crate::command::reports::{ExportFormat, ReportsCommand};
use crate::domain::report::Period;
use crate::exchange::output::write_export;
use crate::exchange::report::{report_pdf, report_tables};
use crate::exchange::tabular;
use crate::store::StoreError;
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::reports::ReportsView;
use crate::ui::shell::Message;

/// Title of the save dialog and of the in-app chooser (also the key of the folder they
/// remember).
const SAVE_TITLE: &str = "Enregistrer le rapport (fichier NON chiffré)";

/// The report computed in the background.
pub(super) type ReportAnswer = Receiver<Result<crate::domain::report::Report, StoreError>>;

/// The native save dialog's answer (`None`: cancelled).
pub(super) type DialogAnswer = Receiver<Option<PathBuf>>;

impl App {
    fn reports_view(&mut self) -> Option<&mut ReportsView> {
        match &mut self.screen {
            Screen::Main(view) => Some(&mut view.reports),
            _ => None,
        }
    }

    /// On entering the section: programmes, default period (the last twelve months) the
    /// first time, and the report.
    pub(super) fn refresh_reports(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        let today = store.now().date_naive();
        let programmes = store.board_programmes();
        let native = native_file_dialog_available();
        let Some(view) = self.reports_view() else {
            return;
        };
        view.today = Some(today);
        view.native_dialog = native;
        match programmes {
            Ok(list) => {
                view.programmes = list.iter().map(|p| (p.id, p.name.clone())).collect();
                if view
                    .programme
                    .is_none_or(|id| !list.iter().any(|p| p.id == id))
                {
                    view.programme = list.first().map(|p| p.id);
                }
            }
            Err(e) => view.error = Some(format!("Les programmes n'ont pas pu être lus : {e}")),
        }
        if view.from_text.is_empty() && view.to_text.is_empty() {
            view.set_period(Period::last_twelve_months(today));
        }
        if let (Some(programme), Ok(period)) = (view.programme, view.typed_period()) {
            self.compute_report(programme, period);
        }
    }

    /// Asks for the report: computed after this frame's commands, on a worker thread
    /// ([`Self::start_report`]); the figures shown stay meanwhile, with « Calcul… ».
    fn compute_report(&mut self, programme: uuid::Uuid, period: Period) {
        self.report_pending = Some((programme, period));
        if let Some(view) = self.reports_view() {
            view.computing = true;
        }
    }

    /// Computes the asked report on a named thread through a second connection: a year of
    /// a 10,000-household programme took 2.8–3.2 s on the UI thread (workday bench). A
    /// newer request replaces an older one; without a second connection, computes here.
    pub(super) fn start_report(&mut self, ctx: &egui::Context) {
        let Some((programme, period)) = self.report_pending.take() else {
            return;
        };
        let Some(store) = &self.store else {
            // Locked meanwhile: nothing is being computed.
            if let Some(view) = self.reports_view() {
                view.computing = false;
            }
            return;
        };
        // Gone if the app locked or another report was asked meanwhile.
        self.report_computing = Some(super::background::read_in_background(
            store,
            "passerelle-rapport",
            Some(ctx.clone()),
            move |s: &crate::store::Store| s.report(programme, period),
        ));
    }

    /// After a frame: shows the report computed in the background, if it came.
    pub(super) fn report_after_frame(&mut self) {
        let Some(receiver) = &self.report_computing else {
            return;
        };
        let result = match receiver.try_recv() {
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Err("le calcul s'est interrompu.".to_owned()),
        };
        self.report_computing = None;
        let Some(view) = self.reports_view() else {
            return;
        };
        view.computing = false;
        match result {
            Ok(report) => {
                let tables = report_tables(&report);
                view.report = Some((report, tables));
                view.error = None;
                view.export_message = None;
            }
            Err(e) => {
                view.report = None;
                view.error = Some(format!(
                    "Le rapport n'a pas pu être calculé : {e} Réessayez ; si cela se reproduit, \
                     lancez « passerelle check »."
                ));
            }
        }
    }

    /// Applies a request of the « Rapports » view.
    pub(super) fn apply_reports(&mut self, ctx: &egui::Context, command: ReportsCommand) {
        match command {
            ReportsCommand::Compute { programme, period } => self.compute_report(programme, period),
            ReportsCommand::Export {
                format,
                path,
                overwrite,
            } => self.export_report(format, path, overwrite),
            ReportsCommand::Browse { file_name } => self.browse_export(ctx, file_name),
        }
    }

    fn export_report(&mut self, format: ExportFormat, path: PathBuf, overwrite: bool) {
        let Some(view) = self.reports_view() else {
            return;
        };
        let Some((report, tables)) = &view.report else {
            return;
        };
        if !path.is_absolute() {
            view.export_message = Some(Message::error(
                "Choisissez l'emplacement du fichier (« Choisir l'emplacement… »), ou tapez \
                 son chemin complet, dossier compris (par exemple \
                 /home/vous/Documents/rapport.pdf).",
            ));
            return;
        }
        let bytes = match format {
            ExportFormat::Pdf => report_pdf(report).map_err(|e| e.to_string()),
            ExportFormat::Xlsx => tabular::to_xlsx(tables).map_err(|e| e.to_string()),
            ExportFormat::Csv => tabular::to_csv(tables).map_err(|e| e.to_string()),
        };
        let result =
            bytes.and_then(|b| write_export(&path, &b, overwrite).map_err(|e| e.to_string()));
        // The access log names the programme (by id), the period, the format and the
        // destination, as the command line does; the figures are anonymous counts.
        let programme = view
            .programmes
            .iter()
            .find(|(_, name)| *name == report.programme)
            .map(|(id, _)| *id)
            .or(view.programme);
        let detail = format!(
            "programme {}, période du {} au {}, {}, vers {}",
            programme.map_or_else(|| "inconnu".to_owned(), |id| id.to_string()),
            report.period.from.format("%d/%m/%Y"),
            report.period.to.format("%d/%m/%Y"),
            match format {
                ExportFormat::Pdf => "pdf",
                ExportFormat::Xlsx => "xlsx",
                ExportFormat::Csv => "csv",
            },
            path.display()
        );
        let message = match result {
            Ok(()) => {
                let logged = match &mut self.store {
                    Some(store) => store.audit_now("export rapport", &[], &detail),
                    None => Ok(()),
                };
                match logged {
                    Ok(()) => Message::success(format!(
                        "Rapport exporté (non chiffré) : {}",
                        path.display()
                    )),
                    // The file is written: say so, and that the log missed it.
                    Err(e) => Message::error(format!(
                        "Rapport exporté (non chiffré) : {}, mais l'export n'a pas pu être \
                         inscrit au journal d'accès : {e}",
                        path.display()
                    )),
                }
            }
            Err(e) => Message::error(format!("L'export n'a pas été écrit : {e}")),
        };
        if let Some(view) = self.reports_view() {
            view.export_message = Some(message);
        }
    }

    /// « Choisir l'emplacement… »: the desktop's save dialog where there is one, else the
    /// in-app chooser (in Documents, or where a report was last saved this session).
    fn browse_export(&mut self, ctx: &egui::Context, file_name: String) {
        if self.reports_dialog.is_some() {
            return;
        }
        let receiver = if native_file_dialog_available() {
            let request = FileDialogRequest {
                title: SAVE_TITLE,
                filter: None,
                save_as: Some(file_name.clone()),
            };
            spawn_file_dialog(request, ctx, |path| path)
        } else {
            None
        };
        let opened = receiver.is_some();
        self.reports_dialog = receiver;
        if let Some(view) = self.reports_view() {
            view.export.dialog_open = opened;
            if !opened {
                let extension = view.export.format.extension();
                view.chooser = Some(FileChooser::new(
                    SAVE_TITLE,
                    ChooserMode::Save,
                    None,
                    &[extension],
                    &file_name,
                ));
            }
        }
    }

    /// After a frame: takes the answer of the save dialog, if it closed.
    pub(super) fn reports_after_frame(&mut self) {
        let Some(receiver) = &self.reports_dialog else {
            return;
        };
        let answer = match receiver.try_recv() {
            Ok(answer) => answer,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => None,
        };
        self.reports_dialog = None;
        if let Some(view) = self.reports_view() {
            view.export.dialog_open = false;
            if let Some(path) = answer {
                view.export.path = path.display().to_string();
                // The system dialog already asked about replacing an existing file.
                view.export.overwrite = true;
            }
        }
    }
}
