//! The « Rapports » section, in the shape of `app/section.rs`: on entering, the programmes
//! and the default period ([`load`]); a report asked for is computed after the frame's
//! commands through the task service ([`after_commands`]); exports are written here, and
//! the native save dialog says where.
//!
//! A year of a 10,000-household programme takes seconds to compute: never on the UI thread.

use std::path::PathBuf;

use super::native_dialog::{FileDialogRequest, native_file_dialog_available};
use super::section::Cx;
use super::tasks::{DialogFor, TaskDone, TaskKind};
use crate::command::reports::{ExportFormat, ReportsCommand};
use crate::domain::report::{Period, Report};
use crate::exchange::output::write_export;
use crate::exchange::report::{report_pdf, report_tables};
use crate::exchange::tabular;
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::reports::ReportsView;
use crate::ui::reports::text;
use crate::ui::shell::Message;

/// Title of the save dialog and of the in-app chooser (also the key of the folder they
/// remember).
const SAVE_TITLE: &str = text::ENREGISTRER_LE_RAPPORT_FICHIER_NON_CHIFFRE;

/// The section's own state, between frames (dropped at lock).
#[derive(Default)]
pub(super) struct ReportsState {
    /// The report asked in this frame (programme, period): computed after the commands.
    pending: Option<(uuid::Uuid, Period)>,
}

/// On entering the section: programmes, default period (the last twelve months) the first
/// time, and the report.
pub(super) fn load(state: &mut ReportsState, view: &mut ReportsView, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    let today = store.now().date_naive();
    view.today = Some(today);
    view.native_dialog = native_file_dialog_available();
    match store.board_programmes() {
        Ok(list) => {
            view.programmes = list.iter().map(|p| (p.id, p.name.clone())).collect();
            if view
                .programme
                .is_none_or(|id| !list.iter().any(|p| p.id == id))
            {
                view.programme = list.first().map(|p| p.id);
            }
        }
        Err(e) => view.error = Some(text::les_programmes_n_ont_pas_pu_etre_lus(&e)),
    }
    if view.from_text.is_empty() && view.to_text.is_empty() {
        view.set_period(Period::last_twelve_months(today));
    }
    if let (Some(programme), Ok(period)) = (view.programme, view.typed_period()) {
        compute(state, view, programme, period);
    }
}

/// Applies a request of the « Rapports » view.
pub(super) fn apply(
    state: &mut ReportsState,
    view: &mut ReportsView,
    command: ReportsCommand,
    cx: &mut Cx<'_>,
) {
    match command {
        ReportsCommand::Compute { programme, period } => {
            compute(state, view, programme, period);
        }
        ReportsCommand::Export {
            format,
            path,
            overwrite,
        } => export(view, format, &path, overwrite, cx),
        ReportsCommand::Browse { file_name } => browse(view, &file_name, cx),
    }
}

/// Asks for the report: computed after this frame's commands, on a worker thread
/// ([`after_commands`]); the figures shown stay meanwhile, with « Calcul… ».
fn compute(
    state: &mut ReportsState,
    view: &mut ReportsView,
    programme: uuid::Uuid,
    period: Period,
) {
    state.pending = Some((programme, period));
    view.computing = true;
}

/// Computes the asked report on a named thread through a second connection: a year of a
/// 10,000-household programme took 2.8–3.2 s on the UI thread (workday bench). A newer
/// request replaces an older one; without a second connection, computes here.
pub(super) fn after_commands(
    state: &mut ReportsState,
    view: Option<&mut ReportsView>,
    cx: &mut Cx<'_>,
) {
    let Some((programme, period)) = state.pending.take() else {
        return;
    };
    // The fields, not `cx.store()`: the base is read while the tasks are written.
    let Some(store) = cx.store.as_ref() else {
        // Locked meanwhile: nothing is being computed.
        if let Some(view) = view {
            view.computing = false;
        }
        return;
    };
    // A report still computing for an older request is not shown.
    cx.tasks.forget(TaskKind::Report);
    cx.tasks
        .read(TaskKind::Report, store, move |s: &crate::store::Store| {
            TaskDone::Report(s.report(programme, period))
        });
}

/// The report computed in the background (or why it was not).
pub(super) fn report_arrived(view: &mut ReportsView, result: Result<Report, String>) {
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
            view.error = Some(text::le_rapport_n_a_pas_pu_etre_calcule(&e));
        }
    }
}

/// Writes the report shown in `format` at `path`, then logs the export.
fn export(
    view: &mut ReportsView,
    format: ExportFormat,
    path: &std::path::Path,
    overwrite: bool,
    cx: &mut Cx<'_>,
) {
    let Some((report, tables)) = &view.report else {
        return;
    };
    if !path.is_absolute() {
        view.export_message = Some(Message::error(
            text::CHOISISSEZ_L_EMPLACEMENT_DU_FICHIER_CHOISIR,
        ));
        return;
    }
    let bytes = match format {
        ExportFormat::Pdf => report_pdf(report).map_err(|e| e.to_string()),
        ExportFormat::Xlsx => tabular::to_xlsx(tables).map_err(|e| e.to_string()),
        ExportFormat::Csv => tabular::to_csv(tables).map_err(|e| e.to_string()),
    };
    let result = bytes.and_then(|b| write_export(path, &b, overwrite).map_err(|e| e.to_string()));
    // The access log names the programme (by id), the period, the format and the
    // destination, as the command line does; the figures are anonymous counts.
    let programme = view
        .programmes
        .iter()
        .find(|(_, name)| *name == report.programme)
        .map(|(id, _)| *id)
        .or(view.programme);
    let detail = text::export_written(
        programme.map_or_else(|| text::INCONNU.to_owned(), |id| id.to_string()),
        report.period.from.format("%d/%m/%Y"),
        report.period.to.format("%d/%m/%Y"),
        match format {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        },
        path.display(),
    );
    let message = match result {
        Ok(()) => {
            let logged = match cx.store_mut() {
                Some(store) => store.audit_now(text::EXPORT_RAPPORT, &[], &detail),
                None => Ok(()),
            };
            match logged {
                Ok(()) => Message::success(text::rapport_exporte_non_chiffre_path(path.display())),
                // The file is written: say so, and that the log missed it.
                Err(e) => Message::error(text::rapport_exporte_non_chiffre_path_mais_l(
                    path.display(),
                    &e,
                )),
            }
        }
        Err(e) => Message::error(text::l_export_n_a_pas_ete_ecrit_e(&e)),
    };
    view.export_message = Some(message);
}

/// « Choisir l'emplacement… »: the desktop's save dialog where there is one, else the
/// in-app chooser (in Documents, or where a report was last saved this session).
fn browse(view: &mut ReportsView, file_name: &str, cx: &mut Cx<'_>) {
    if cx.tasks.is_running(TaskKind::Dialog(DialogFor::Report)) {
        return;
    }
    let opened = native_file_dialog_available() && {
        let request = FileDialogRequest {
            title: SAVE_TITLE,
            filter: None,
            save_as: Some(file_name.to_owned()),
        };
        cx.tasks.file_dialog(DialogFor::Report, request)
    };
    view.export.dialog_open = opened;
    if !opened {
        let extension = view.export.format.extension();
        view.chooser = Some(FileChooser::new(
            SAVE_TITLE,
            ChooserMode::Save,
            None,
            &[extension],
            file_name,
        ));
    }
}

/// The save dialog closed (`None`: cancelled).
pub(super) fn destination_chosen(view: &mut ReportsView, answer: Option<PathBuf>) {
    view.export.dialog_open = false;
    if let Some(path) = answer {
        view.export.path = path.display().to_string();
        // The system dialog already asked about replacing an existing file.
        view.export.overwrite = true;
    }
}
