//! « Sauvegarder maintenant » (issue 14): where to (the desktop's save dialog, else the
//! in-app chooser with the USB keys one click away), then `Store::backup` — the very copy
//! `passerelle backup` makes, encrypted and verified — on a named thread holding the base,
//! then the date of the last backup and the 7-day reminder. In the shape of
//! `app/section.rs`: functions over its view and a [`Cx`].

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::native_dialog::save_file_or_chooser;
use super::section::Cx;
use super::tasks::{DialogFor, TaskDone, TaskKind};
use super::{App, notice};
use crate::command::protection::ProtectionCommand;
use crate::store::{Store, StoreError, StorePaths};
use crate::ui::backup::{BACKUP_BUSY, BACKUP_REMINDER_DAYS, BackupView, reminder_text};
use crate::ui::settings::text;
use crate::ui::shell::{Message, ShellView};

/// Title of the dialog and of the in-app chooser (also the key of the folder remembered).
const CHOOSER_TITLE: &str = text::ENREGISTRER_LA_SAUVEGARDE_CHIFFREE;

/// « le 30/11/2026 à 14:05 », in local time.
pub(crate) fn when_fr(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format(text::LE_D_M_Y_A_H)
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

/// Fills « Paramètres → Sauvegarde » from the base (nothing written).
pub(super) fn load(view: &mut BackupView, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    view.last = store.last_backup().ok().flatten().map(when_fr);
    let days = store.days_without_backup().unwrap_or(0);
    view.overdue_days = (days > BACKUP_REMINDER_DAYS).then_some(days);
}

impl App {
    /// Applies one command of the backup, notice and demo-base controls: the first two
    /// to their panels of « Paramètres », the last to the app (it closes the base).
    pub(super) fn apply_protection(&mut self, command: ProtectionCommand) {
        if matches!(command, ProtectionCommand::DeleteDemoBase) {
            self.delete_demo_base();
            return;
        }
        let (Some(main), _, mut cx) = self.parts() else {
            return;
        };
        let settings = &mut main.settings;
        match command {
            ProtectionCommand::ChooseBackupDestination => {
                choose_destination(&mut settings.backup, &mut cx);
            }
            ProtectionCommand::CancelBackupChooser => settings.backup.chooser = None,
            ProtectionCommand::Backup { dest } => start(&mut settings.backup, dest, &mut cx),
            ProtectionCommand::ChooseNoticeDestination {
                structure,
                dpo_contact,
            } => {
                notice::choose_destination(&mut settings.notice, &structure, &dpo_contact, &mut cx);
            }
            ProtectionCommand::CancelNoticeChooser => settings.notice.chooser = None,
            ProtectionCommand::WriteNotice { dest } => {
                notice::write(&mut settings.notice, &dest, false, &cx);
            }
            ProtectionCommand::DeleteDemoBase => {}
        }
    }
}

fn choose_destination(view: &mut BackupView, cx: &mut Cx<'_>) {
    if cx.tasks.is_running(TaskKind::Dialog(DialogFor::Backup)) || cx.tasks.job().is_some() {
        return;
    }
    let now = cx.store().map_or_else(Utc::now, Store::now);
    let name = suggested_name(now);
    let chooser = save_file_or_chooser(
        cx.tasks,
        DialogFor::Backup,
        CHOOSER_TITLE,
        (text::BASE_PASSERELLE_CHIFFREE, &["db"]),
        &name,
    );
    view.dialog_open = chooser.is_none();
    view.chooser = chooser;
}

/// The save dialog closed (`None`: cancelled).
pub(super) fn destination_chosen(view: &mut BackupView, answer: Option<PathBuf>, cx: &mut Cx<'_>) {
    view.dialog_open = false;
    if let Some(dest) = answer {
        start(view, dest, cx);
    }
}

/// Writes and verifies the copy on a named thread that holds the base.
fn start(view: &mut BackupView, dest: PathBuf, cx: &mut Cx<'_>) {
    if cx.tasks.job().is_some() || cx.store().is_none() {
        return;
    }
    view.chooser = None;
    view.result = None;
    view.busy = cx.lend_store(TaskKind::Backup, BACKUP_BUSY, move |store| {
        let result = store.backup(&dest);
        TaskDone::BackedUp(store, result)
    });
}

/// The copy is written and verified, or it failed (nothing under the final name); the
/// base is back (`App::store_back`).
pub(super) fn backed_up(
    main: &mut ShellView,
    result: &Result<StorePaths, StoreError>,
    cx: &Cx<'_>,
) {
    let outcome = match result {
        Ok(written) => Message::success(text::sauvegarde_chiffree_ecrite_et_verifiee(
            written.db.display(),
            written.key.display(),
        )),
        Err(StoreError::AlreadyExists(path)) => {
            Message::error(text::la_sauvegarde_n_a_pas_ete_faite_path(path.display()))
        }
        Err(e) => Message::error(text::la_sauvegarde_n_a_pas_ete_faite_rien(e)),
    };
    if outcome.is_success()
        && let Some(message) = &mut main.message
        && message.text.contains(text::AUCUNE_SAUVEGARDE_DEPUIS)
    {
        // The unlock reminder is answered: keep only what else it said.
        let rest: Vec<&str> = message
            .text
            .lines()
            .filter(|l| !l.contains(text::AUCUNE_SAUVEGARDE_DEPUIS))
            .collect();
        if rest.is_empty() {
            main.message = None;
        } else {
            message.text = rest.join("\n");
        }
    }
    let view = &mut main.settings.backup;
    view.busy = false;
    view.result = Some(outcome);
    load(view, cx);
}
