//! « Sauvegarder maintenant » (issue 14): where to (the desktop's save dialog, else the
//! in-app chooser with the USB keys one click away), then `Store::backup` — the very copy
//! `passerelle backup` makes, encrypted and verified — on a named thread holding the base,
//! then the date of the last backup and the 7-day reminder.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::{DateTime, Utc};

use super::native_dialog::save_file_or_chooser;
use super::{App, JobKind, Outcome, Screen};
use crate::command::protection::ProtectionCommand;
use crate::store::{Store, StoreError, StorePaths};
use crate::ui::backup::{BACKUP_BUSY, BACKUP_REMINDER_DAYS, BackupView, reminder_text};
use crate::ui::shell::Message;

/// Title of the dialog and of the in-app chooser (also the key of the folder remembered).
const CHOOSER_TITLE: &str = "Enregistrer la sauvegarde chiffrée";

/// The native save dialog's answer, when it closes.
pub(super) type BackupDialog = Receiver<Option<PathBuf>>;

/// « le 30/11/2026 à 14:05 », in local time.
pub(crate) fn when_fr(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("le %d/%m/%Y à %H:%M")
        .to_string()
}

/// The unlock reminder, when the last backup (or the creation of a never-saved base) is
/// more than 7 days old. Read on the unlock thread.
pub(super) fn reminder(store: &Store) -> Option<String> {
    let days = store.days_without_backup().ok()?;
    (days > BACKUP_REMINDER_DAYS).then(|| reminder_text(days))
}

/// A file name for today's copy: « passerelle-sauvegarde-2026-11-30.db ».
fn suggested_name(now: DateTime<Utc>) -> String {
    format!(
        "passerelle-sauvegarde-{}.db",
        now.with_timezone(&chrono::Local).format("%Y-%m-%d")
    )
}

impl App {
    fn backup_view(&mut self) -> Option<&mut BackupView> {
        match &mut self.screen {
            Screen::Main(view) => Some(&mut view.settings.backup),
            _ => None,
        }
    }

    /// Fills « Paramètres → Sauvegarde » from the base (nothing written).
    pub(super) fn load_backup(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        let last = store.last_backup().ok().flatten().map(when_fr);
        let days = store.days_without_backup().unwrap_or(0);
        if let Some(view) = self.backup_view() {
            view.last = last;
            view.overdue_days = (days > BACKUP_REMINDER_DAYS).then_some(days);
        }
    }

    /// Applies one command of the backup, notice and demo-base controls.
    pub(super) fn apply_protection(&mut self, ctx: &egui::Context, command: ProtectionCommand) {
        match command {
            ProtectionCommand::ChooseBackupDestination => self.choose_backup_destination(ctx),
            ProtectionCommand::CancelBackupChooser => {
                if let Some(view) = self.backup_view() {
                    view.chooser = None;
                }
            }
            ProtectionCommand::Backup { dest } => self.start_backup(ctx, dest),
            ProtectionCommand::ChooseNoticeDestination {
                structure,
                dpo_contact,
            } => self.choose_notice_destination(ctx, structure, dpo_contact),
            ProtectionCommand::CancelNoticeChooser => self.cancel_notice_chooser(),
            ProtectionCommand::WriteNotice { dest } => self.write_notice(dest, false),
            ProtectionCommand::DeleteDemoBase => self.delete_demo_base(),
        }
    }

    fn choose_backup_destination(&mut self, ctx: &egui::Context) {
        if self.backup_dialog.is_some() || self.job.is_some() {
            return;
        }
        let now = self.store.as_ref().map_or_else(Utc::now, Store::now);
        let name = suggested_name(now);
        let (receiver, chooser) = save_file_or_chooser(
            ctx,
            CHOOSER_TITLE,
            ("Base Passerelle chiffrée", &["db"]),
            &name,
        );
        self.backup_dialog = receiver;
        if let Some(view) = self.backup_view() {
            view.dialog_open = chooser.is_none();
            view.chooser = chooser;
        }
    }

    /// After a frame: takes the answer of the save dialog, if it closed.
    pub(super) fn backup_after_frame(&mut self, ctx: &egui::Context) {
        let Some(receiver) = &self.backup_dialog else {
            return;
        };
        let answer = match receiver.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => None,
        };
        self.backup_dialog = None;
        if let Some(view) = self.backup_view() {
            view.dialog_open = false;
        }
        if let Some(dest) = answer {
            self.start_backup(ctx, dest);
        }
    }

    /// Writes and verifies the copy on a named thread that holds the base.
    fn start_backup(&mut self, ctx: &egui::Context, dest: PathBuf) {
        if self.job.is_some() {
            return;
        }
        let Some(store) = self.store.take() else {
            return;
        };
        if let Some(view) = self.backup_view() {
            view.chooser = None;
            view.result = None;
        }
        let started = self.spawn(ctx, JobKind::Backup, "passerelle-sauvegarde", move || {
            let result = store.backup(&dest);
            Outcome::BackedUp(store, result)
        });
        if started.is_ok()
            && let Some(view) = self.backup_view()
        {
            view.busy = true;
        }
        self.after_store_job_start(ctx, started, BACKUP_BUSY);
    }

    /// The copy is written and verified, or it failed (nothing under the final name).
    pub(super) fn backed_up(&mut self, store: Store, result: Result<StorePaths, StoreError>) {
        if self.lock_when_job_returns {
            self.lock_when_job_returns = false;
            drop(store);
            if let Screen::Unlock(view) = &mut self.screen {
                view.busy = None;
            }
            return;
        }
        self.store = Some(store);
        let outcome = match &result {
            Ok(written) => Message::success(format!(
                "Sauvegarde chiffrée écrite et vérifiée : {} (avec son fichier de clé {}). \
                 Rangez-la à l'abri, loin de cet ordinateur.",
                written.db.display(),
                written.key.display()
            )),
            Err(StoreError::AlreadyExists(path)) => Message::error(format!(
                "La sauvegarde n'a pas été faite : {} existe déjà. Choisissez un autre nom \
                 ou un autre dossier.",
                path.display()
            )),
            Err(e) => Message::error(format!(
                "La sauvegarde n'a pas été faite (rien n'a été laissé à moitié écrit) : {e}"
            )),
        };
        if let Screen::Main(view) = &mut self.screen {
            view.busy = None;
            if outcome.is_success()
                && let Some(message) = &mut view.message
                && message.text.contains("Aucune sauvegarde depuis")
            {
                // The unlock reminder is answered: keep only what else it said.
                let rest: Vec<&str> = message
                    .text
                    .lines()
                    .filter(|l| !l.contains("Aucune sauvegarde depuis"))
                    .collect();
                if rest.is_empty() {
                    view.message = None;
                } else {
                    message.text = rest.join("\n");
                }
            }
            view.settings.backup.busy = false;
            view.settings.backup.result = Some(outcome);
        }
        self.load_backup();
    }
}
