//! « Journal d'accès » (issue 14): loads the filtered log and the chain's verification
//! into the settings' view model, and writes the DPO's export.

use std::path::PathBuf;

use crate::command::Command;
use crate::domain::report::parse_day;
use crate::domain::text::count;
use crate::exchange::dp::{audit_csv, audit_json};
use crate::exchange::output::write_export;
use crate::store::Store;
use crate::store::audit::{AuditFilter, AuditObject};
use crate::ui::audit_log::{AuditFilterForm, AuditLogView, AuditRow, SHOWN};
use crate::ui::shell::Message;

use super::native_dialog::{FileDialogRequest, native_file_dialog_available};
use super::section::Cx;
use super::tasks::DialogFor;
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::settings::text;

/// The filters as the store takes them, or the French reason they do not parse.
fn parse(form: &AuditFilterForm) -> Result<AuditFilter, String> {
    let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let day = |s: &str, what: &str| -> Result<Option<chrono::NaiveDate>, String> {
        match text(s) {
            None => Ok(None),
            Some(t) => parse_day(&t)
                .map(Some)
                .ok_or_else(|| text::date_what_illisible_ecrivez_la_jj_mm(what)),
        }
    };
    Ok(AuditFilter {
        from: day(&form.from, text::DU)?,
        to: day(&form.to, text::AU)?,
        worker: text(&form.worker),
        household: match text(&form.household) {
            None => None,
            Some(h) => Some(
                uuid::Uuid::parse_str(&h)
                    .map_err(|_| text::IDENTIFIANT_DE_MENAGE_ILLISIBLE_COPIEZ_LE.to_owned())?,
            ),
        },
        action: text(&form.action),
    })
}

/// Fills `view` from the store with its filters.
fn load(store: &Store, view: &mut AuditLogView) {
    let filter = match parse(&view.filter) {
        Ok(f) => f,
        Err(e) => {
            view.message = Some(Message::error(e));
            return;
        }
    };
    view.chain = match store.verify_audit_chain() {
        Ok(r) => (r.broken.is_none(), r.to_string()),
        Err(e) => (false, e.to_string()),
    };
    match store.audit_log(&filter) {
        Ok(entries) => {
            view.matching = entries.len();
            view.rows = entries
                .iter()
                .rev()
                .take(SHOWN)
                .map(|e| AuditRow {
                    at: e.date_local_fr(),
                    actor: e.actor.clone(),
                    action: e.action.clone(),
                    // Short ids on screen (the export holds them whole): the
                    // table must fit a laptop screen.
                    objects: e
                        .objects
                        .split(' ')
                        .map(|o| match o.split_once(':') {
                            Some((kind, id)) if id.len() > 8 => {
                                format!("{kind}:{}…", id.get(..8).unwrap_or(id))
                            }
                            _ => o.to_owned(),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    detail: e.detail.clone(),
                })
                .collect();
        }
        Err(e) => view.message = Some(Message::error(e.to_string())),
    }
}

/// Applies the journal's commands to its panel of « Paramètres » (`None`: closed).
pub(super) fn apply(panel: &mut Option<AuditLogView>, command: Command, cx: &mut Cx<'_>) {
    let Some(store) = cx.store_mut() else {
        return;
    };
    match command {
        Command::OpenAuditLog => {
            let mut view = AuditLogView::default();
            load(store, &mut view);
            *panel = Some(view);
        }
        Command::RefreshAuditLog => {
            if let Some(view) = panel {
                view.message = None;
                load(store, view);
            }
        }
        Command::PickAuditExport => {
            let Some(view) = panel else {
                return;
            };
            if view.chooser.is_some() || view.dialog_open {
                return;
            }
            let request = FileDialogRequest {
                title: CHOOSER_TITLE,
                filter: Some((text::JOURNAL, &["csv", "json"])),
                save_as: Some(SUGGESTED_NAME.to_owned()),
            };
            view.dialog_open = native_file_dialog_available()
                && cx.tasks.file_dialog(DialogFor::AuditExport, request);
            if !view.dialog_open {
                view.chooser = Some(FileChooser::new(
                    CHOOSER_TITLE,
                    ChooserMode::Save,
                    None,
                    &["csv", "json"],
                    SUGGESTED_NAME,
                ));
            }
        }
        Command::ExportAuditLog { json } => {
            let Some(view) = panel else {
                return;
            };
            view.message = Some(match export(store, view, json) {
                Ok(text) => Message::success(text),
                Err(text) => Message::error(text),
            });
            let message = view.message.take();
            load(store, view);
            view.message = message;
        }
        _ => {}
    }
}

/// The native save dialog closed (`None`: cancelled).
pub(super) fn export_chosen(panel: &mut Option<AuditLogView>, path: Option<PathBuf>) {
    let Some(view) = panel else {
        return;
    };
    view.dialog_open = false;
    if let Some(path) = path {
        view.export_path = path.display().to_string();
    }
}

/// Title of the export's chooser (also the key of its remembered folder).
const CHOOSER_TITLE: &str = text::EXPORTER_LE_JOURNAL_D_ACCES_FICHIER;
/// The name suggested for the export.
const SUGGESTED_NAME: &str = "journal-acces.csv";

/// Writes the filtered log to the chosen path (never over a file), then logs the export.
fn export(store: &mut Store, view: &AuditLogView, json: bool) -> Result<String, String> {
    let filter = parse(&view.filter)?;
    let mut path = PathBuf::from(view.export_path.trim());
    // The suggested name ends in .csv: a JSON export gets the extension of its format.
    let wanted = if json { "json" } else { "csv" };
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    if matches!(extension.as_deref(), None | Some("csv" | "json")) {
        path.set_extension(wanted);
    }
    if !path.is_absolute() {
        return Err(text::CHOISISSEZ_L_EMPLACEMENT_DU_FICHIER_CHOISIR.to_owned());
    }
    let entries = store.audit_log(&filter).map_err(|e| e.to_string())?;
    let bytes = if json {
        audit_json(&entries).map_err(|e| e.to_string())?
    } else {
        audit_csv(&entries).map_err(|e| e.to_string())?
    };
    write_export(&path, &bytes, false).map_err(|e| text::l_export_n_a_pas_ete_ecrit_e(&e))?;
    let objects: Vec<AuditObject> = filter
        .household
        .map(AuditObject::Household)
        .into_iter()
        .collect();
    store
        .audit_now(
            text::EXPORT_DU_JOURNAL_D_ACCES,
            &objects,
            &text::es_csv_vers_fichier_path(
                crate::domain::text::count(entries.len(), text::ENTREE, text::ENTREES),
                if json { "json" } else { "csv" },
                path.display(),
            ),
        )
        .map_err(|e| e.to_string())?;
    Ok(text::crites_dans_path_ce_fichier_n_est_pas(
        count(entries.len(), text::ENTREE_ECRITE, text::ENTREES_ECRITES),
        path.display(),
    ))
}
