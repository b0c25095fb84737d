//! « Imprimer la notice d'information » (issue 14): the structure's name and the DPO's
//! contact saved in the base, a destination chosen like other exports, the PDF built by
//! `exchange::notice` and written owner-only through `output::write_export` (never half
//! written). The notice names no family, so it needs neither a warning nor a log entry.
//! In the shape of `app/section.rs`: functions over its view and a [`Cx`].

use super::native_dialog::save_file_or_chooser;
use super::section::Cx;
use super::tasks::{DialogFor, TaskKind};
use crate::exchange::notice::{self, DPO_SETTING, STRUCTURE_SETTING};
use crate::exchange::output::{OutputError, write_export};
use crate::ui::notice::NoticeView;
use crate::ui::settings::text;
use crate::ui::shell::Message;
use std::path::PathBuf;

/// Title of the dialog and of the in-app chooser.
const CHOOSER_TITLE: &str = text::ENREGISTRER_LA_NOTICE_D_INFORMATION;
/// The file name offered.
const FILE_NAME: &str = "notice-information.pdf";

/// Fills « Paramètres → Notice d'information » from the base (nothing written).
pub(super) fn load(view: &mut NoticeView, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    view.structure = notice::structure_name(store).unwrap_or_default();
    view.dpo_contact = store
        .setting(DPO_SETTING)
        .ok()
        .flatten()
        .unwrap_or_default();
}

/// Saves the two fields, then asks where to write the PDF.
pub(super) fn choose_destination(
    view: &mut NoticeView,
    structure: &str,
    dpo_contact: &str,
    cx: &mut Cx<'_>,
) {
    if cx.tasks.is_running(TaskKind::Dialog(DialogFor::Notice)) {
        return;
    }
    let Some(store) = cx.store_mut() else {
        return;
    };
    let saved = store
        .set_setting(STRUCTURE_SETTING, structure)
        .and_then(|()| store.set_setting(DPO_SETTING, dpo_contact));
    if let Err(e) = saved {
        view.result = Some(Message::error(text::la_structure_et_le_contact_n_ont_pas(
            &e,
        )));
        return;
    }
    let chooser = save_file_or_chooser(
        cx.tasks,
        DialogFor::Notice,
        CHOOSER_TITLE,
        ("PDF", &["pdf"]),
        FILE_NAME,
    );
    view.dialog_open = chooser.is_none();
    view.chooser = chooser;
}

/// The save dialog closed (`None`: cancelled).
pub(super) fn destination_chosen(view: &mut NoticeView, answer: Option<PathBuf>, cx: &Cx<'_>) {
    view.dialog_open = false;
    if let Some(dest) = answer {
        // The desktop's dialog already asked before replacing a file.
        write(view, &dest, true, cx);
    }
}

/// Builds the PDF from the base and writes it at `dest`.
pub(super) fn write(view: &mut NoticeView, dest: &std::path::Path, overwrite: bool, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    let today = store.now().with_timezone(&chrono::Local).date_naive();
    let written = notice::facts(store)
        .map_err(notice::NoticeError::from)
        .and_then(|facts| notice::to_pdf(&facts, today))
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            write_export(dest, &bytes, overwrite).map_err(|e| match e {
                OutputError::Exists(path) => {
                    text::path_existe_deja_choisissez_un_autre_nom(path.display())
                }
                other @ OutputError::Io { .. } => other.to_string(),
            })
        });
    view.chooser = None;
    view.result = Some(match written {
        Ok(()) => Message::success(text::notice_d_information_enregistree_dest(dest.display())),
        Err(e) => Message::error(text::la_notice_n_a_pas_ete_ecrite_e(&e)),
    });
}
