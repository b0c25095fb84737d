//! « Imprimer la notice d'information » (issue 14): the structure's name and the DPO's
//! contact saved in the base, a destination chosen like other exports, the PDF built by
//! `exchange::notice` and written owner-only through `output::write_export` (never half
//! written). The notice names no family, so it needs neither a warning nor a log entry.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::native_dialog::save_file_or_chooser;
use super::{App, Screen};
use crate::exchange::notice::{self, DPO_SETTING, STRUCTURE_SETTING};
use crate::exchange::output::{OutputError, write_export};
use crate::ui::notice::NoticeView;
use crate::ui::shell::Message;

/// Title of the dialog and of the in-app chooser.
const CHOOSER_TITLE: &str = "Enregistrer la notice d'information";
/// The file name offered.
const FILE_NAME: &str = "notice-information.pdf";

/// The native save dialog's answer, when it closes.
pub(super) type NoticeDialog = Receiver<Option<PathBuf>>;

impl App {
    fn notice_view(&mut self) -> Option<&mut NoticeView> {
        match &mut self.screen {
            Screen::Main(view) => Some(&mut view.settings.notice),
            _ => None,
        }
    }

    /// Fills « Paramètres → Notice d'information » from the base (nothing written).
    pub(super) fn load_notice(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        let structure = notice::structure_name(store).unwrap_or_default();
        let dpo = store
            .setting(DPO_SETTING)
            .ok()
            .flatten()
            .unwrap_or_default();
        if let Some(view) = self.notice_view() {
            view.structure = structure;
            view.dpo_contact = dpo;
        }
    }

    /// Saves the two fields, then asks where to write the PDF.
    pub(super) fn choose_notice_destination(
        &mut self,
        ctx: &egui::Context,
        structure: String,
        dpo_contact: String,
    ) {
        if self.notice_dialog.is_some() {
            return;
        }
        let Some(store) = &mut self.store else {
            return;
        };
        let saved = store
            .set_setting(STRUCTURE_SETTING, &structure)
            .and_then(|()| store.set_setting(DPO_SETTING, &dpo_contact));
        if let Err(e) = saved {
            if let Some(view) = self.notice_view() {
                view.result = Some(Message::error(format!(
                    "La structure et le contact n'ont pas pu être enregistrés : {e}"
                )));
            }
            return;
        }
        let (receiver, chooser) =
            save_file_or_chooser(ctx, CHOOSER_TITLE, ("PDF", &["pdf"]), FILE_NAME);
        self.notice_dialog = receiver;
        if let Some(view) = self.notice_view() {
            view.dialog_open = chooser.is_none();
            view.chooser = chooser;
        }
    }

    /// The in-app chooser was closed.
    pub(super) fn cancel_notice_chooser(&mut self) {
        if let Some(view) = self.notice_view() {
            view.chooser = None;
        }
    }

    /// After a frame: takes the answer of the save dialog, if it closed.
    pub(super) fn notice_after_frame(&mut self) {
        let Some(receiver) = &self.notice_dialog else {
            return;
        };
        let answer = match receiver.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => None,
        };
        self.notice_dialog = None;
        if let Some(view) = self.notice_view() {
            view.dialog_open = false;
        }
        if let Some(dest) = answer {
            // The desktop's dialog already asked before replacing a file.
            self.write_notice(dest, true);
        }
    }

    /// Builds the PDF from the base and writes it at `dest`.
    pub(super) fn write_notice(&mut self, dest: PathBuf, overwrite: bool) {
        let Some(store) = &self.store else {
            return;
        };
        let today = store.now().with_timezone(&chrono::Local).date_naive();
        let written = notice::facts(store)
            .map_err(notice::NoticeError::from)
            .and_then(|facts| notice::to_pdf(&facts, today))
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                write_export(&dest, &bytes, overwrite).map_err(|e| match e {
                    OutputError::Exists(path) => format!(
                        "{} existe déjà : choisissez un autre nom ou un autre dossier.",
                        path.display()
                    ),
                    other @ OutputError::Io { .. } => other.to_string(),
                })
            });
        if let Some(view) = self.notice_view() {
            view.chooser = None;
            view.result = Some(match written {
                Ok(()) => Message::success(format!(
                    "Notice d'information enregistrée : {}. Imprimez-la et remettez-la \
                     à chaque famille au premier entretien.",
                    dest.display()
                )),
                Err(e) => Message::error(format!("La notice n'a pas été écrite : {e}")),
            });
        }
    }
}
