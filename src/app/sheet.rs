//! Spreadsheet import and list export, applied after the frame, in the shape of
//! `app/section.rs`: the file is read and parsed on a named task; checking the rows (pure)
//! and the duplicate query run after the frame; the import is one transaction on a job that
//! holds the base; the export goes through `output::write_export`.

use crate::domain::text::count;
use std::path::{Path, PathBuf};

use super::native_dialog::{FileDialogRequest, native_file_dialog_available};
use super::section::Cx;
use super::tasks::{DialogFor, TaskDone, TaskKind};
use crate::command::Section;
use crate::command::sheet::SheetCommand;
use crate::exchange::sheet::SheetImportReport;
use crate::exchange::sheet::{self, DuplicateChoice, Mapping};
use crate::exchange::{output, tabular};
use crate::store::{Store, StoreError};
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::household::HouseholdsView;
use crate::ui::sheet_import::text;
use crate::ui::sheet_import::{
    ExportFormat, ExportState, ImportState, ImportStep, ReadResult, Review, SheetPanel, SheetView,
};
use crate::ui::shell::ShellView;

fn import_state(sheet: &mut SheetView) -> Option<&mut ImportState> {
    match sheet.panel.as_mut()? {
        SheetPanel::Import(state) => Some(state),
        SheetPanel::Export(_) => None,
    }
}

/// Applies one spreadsheet command to the panels over the household list.
pub(super) fn apply(households: &mut HouseholdsView, command: SheetCommand, cx: &mut Cx<'_>) {
    let view = &mut households.sheet;
    match command {
        SheetCommand::OpenImport => {
            view.panel = Some(SheetPanel::Import(ImportState {
                path: String::new(),
                step: ImportStep::ChooseFile,
                error: None,
            }));
        }
        SheetCommand::OpenExport => {
            let shown = households.table.visible().len();
            households.sheet.panel = Some(SheetPanel::Export(ExportState {
                path: String::new(),
                format: ExportFormat::Csv,
                overwrite: false,
                shown,
                error: None,
                done: None,
            }));
        }
        SheetCommand::Close => {
            // A file still being read is for a panel that is closed: not shown.
            cx.tasks.forget(TaskKind::SheetReading);
            view.panel = None;
            view.reading = false;
            view.chooser = None;
        }
        SheetCommand::PickImportFile => dialog(view, false, cx),
        SheetCommand::PickExportFile => dialog(view, true, cx),
        SheetCommand::Read => start_reading(view, None, cx),
        SheetCommand::ReadAs { encoding } => start_reading(view, Some(encoding), cx),
        SheetCommand::Check => check(view, cx),
        SheetCommand::BackToMapping => {
            if let Some(state) = import_state(view) {
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
            if let Some(state) = import_state(view) {
                state.error = None;
                state.step = ImportStep::ChooseFile;
            }
        }
        SheetCommand::Apply => start_import(view, cx),
        SheetCommand::Export => write_list_export(households, cx),
    }
}

fn dialog(view: &mut SheetView, save: bool, cx: &mut Cx<'_>) {
    if view.dialog_open {
        return;
    }
    let request = if save {
        FileDialogRequest {
            title: text::EXPORTER_LA_LISTE_FICHIER_NON_CHIFFRE,
            filter: Some((text::TABLEUR, &["csv", "xlsx"])),
            save_as: Some("menages.csv".to_owned()),
        }
    } else {
        FileDialogRequest {
            title: text::CHOISIR_LE_TABLEUR_A_IMPORTER,
            filter: Some((text::TABLEUR, &["csv", "xlsx", "xls", "ods", "txt"])),
            save_as: None,
        }
    };
    let shown = native_file_dialog_available()
        && cx
            .tasks
            .file_dialog(DialogFor::Sheet { save }, request.clone());
    view.dialog_open = shown;
    if !shown {
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

fn start_reading(view: &mut SheetView, encoding: Option<sheet::TextEncoding>, cx: &mut Cx<'_>) {
    let Some(state) = import_state(view) else {
        return;
    };
    let path = PathBuf::from(state.path.trim());
    // A newer reading replaces one still running.
    cx.tasks.forget(TaskKind::SheetReading);
    let spawned = cx.tasks.spawn(TaskKind::SheetReading, move || {
        TaskDone::SheetRead(read_path(&path, encoding))
    });
    match spawned {
        Ok(()) => {
            state.error = None;
            state.step = ImportStep::Reading;
            view.reading = true;
        }
        Err(e) => state.error = Some(e.0),
    }
}

/// Checks every row with the mapping shown, and looks for duplicates in the base.
fn check(view: &mut SheetView, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    let Some(state) = import_state(view) else {
        return;
    };
    let step = std::mem::replace(&mut state.step, ImportStep::ChooseFile);
    let ImportStep::Mapping { sheet, mapping } = step else {
        state.step = step;
        return;
    };
    let today = store.now().date_naive();
    let (programme, known) = match (store.import_programme(), store.known_people()) {
        (Ok(p), Ok(k)) => (p, k),
        (Err(e), _) | (_, Err(e)) => {
            state.error = Some(text::la_base_n_a_pas_pu_etre_lue(&e));
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

/// Writes the households of the preview on a job that holds the base (it comes back with
/// the report): one transaction, so all of them or none.
fn start_import(view: &mut SheetView, cx: &mut Cx<'_>) {
    if cx.store().is_none() || cx.tasks.job().is_some() {
        return;
    }
    let Some(state) = import_state(view) else {
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
    cx.lend_store(
        TaskKind::SheetImport,
        text::IMPORT_DU_TABLEUR,
        move |mut store| {
            let refs: Vec<&sheet::PlannedHousehold> = chosen.iter().collect();
            let result = sheet::write_plan(&mut store, &refs, skipped);
            TaskDone::SheetImported(store, result)
        },
    );
}

/// The import is back with the base (`App::store_back`): the list and the counts are read
/// again (the app refreshes the board).
pub(super) fn imported(
    main: &mut ShellView,
    result: Result<SheetImportReport, StoreError>,
    cx: &Cx<'_>,
) {
    main.summary.counts = cx.store().and_then(|s| s.summary().ok());
    main.section = Section::Menages;
    // The list reloads after the frame, with the new households.
    main.households.list_due = true;
    main.households.page = None;
    if let Some(SheetPanel::Import(state)) = &mut main.households.sheet.panel {
        match result {
            Ok(report) => {
                state.error = None;
                state.step = ImportStep::Done {
                    report: report.to_string(),
                };
            }
            Err(e) => {
                state.error = Some(text::l_import_n_a_pas_ete_enregistre_rien(&e));
                state.step = ImportStep::ChooseFile;
            }
        }
    }
}

/// Writes the list as shown (filters and sort), frozen households left out, then logs it.
fn write_list_export(households: &mut HouseholdsView, cx: &mut Cx<'_>) {
    let visible = households.table.visible().to_vec();
    let Some(SheetPanel::Export(state)) = &mut households.sheet.panel else {
        return;
    };
    let rows = households.table.rows();
    // A frozen household (« Gel du dossier ») is exported nowhere, this list included.
    let frozen = match cx.store().map(Store::frozen_households) {
        Some(Ok(f)) => f,
        Some(Err(e)) => {
            state.error = Some(text::l_export_n_a_pas_ete_ecrit_e(&e));
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
        state.error = Some(text::TAPEZ_LE_CHEMIN_COMPLET_DU_FICHIER.to_owned());
        return;
    }
    let bytes = match state.format {
        ExportFormat::Csv => tabular::to_csv(std::slice::from_ref(&table)),
        ExportFormat::Xlsx => tabular::to_xlsx(std::slice::from_ref(&table)),
    };
    let written = bytes
        .map_err(|e| e.to_string())
        .and_then(|b| output::write_export(&path, &b, state.overwrite).map_err(|e| e.to_string()));
    match written {
        Ok(()) => {
            state.error = None;
            state.done = Some(text::export_dans_path_left_out_ce_fichier_n(
                count(
                    table.rows.len(),
                    text::MENAGE_EXPORTE,
                    text::MENAGES_EXPORTES,
                ),
                path.display(),
                sheet::frozen_note(left_out),
            ));
            if let Some(store) = cx.store_mut() {
                // Counts and destination only (issue 14); best effort, the file is
                // already written.
                let _ = store.audit_now(
                    text::EXPORT_TABLEUR,
                    &[],
                    &text::nages_vers_path(
                        crate::domain::text::count(table.rows.len(), text::MENAGE_2, text::MENAGES),
                        path.display(),
                    ),
                );
            }
        }
        Err(e) => {
            state.done = None;
            state.error = Some(text::l_export_n_a_pas_ete_ecrit_e_2(&e));
        }
    }
}

/// The native dialog closed: the path chosen goes in the open panel.
pub(super) fn file_chosen(view: &mut SheetView, path: Option<PathBuf>) {
    view.dialog_open = false;
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

/// The file read on its thread: the mapping step, or why it could not be read.
pub(super) fn read(view: &mut SheetView, result: ReadResult) {
    view.reading = false;
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

/// Reads and parses a spreadsheet file (on the reading thread), with French errors.
fn read_path(path: &Path, encoding: Option<sheet::TextEncoding>) -> ReadResult {
    let size = std::fs::metadata(path)
        .map_err(|e| text::le_fichier_n_a_pas_pu_etre_ouvert(&e, path.display()))?
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
    let bytes =
        std::fs::read(path).map_err(|e| text::le_fichier_n_a_pas_pu_etre_lu(&e, path.display()))?;
    sheet::read_sheet_as(&bytes, encoding).map_err(|e| capitalise(&e.to_string()))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
