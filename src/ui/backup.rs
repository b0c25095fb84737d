//! « Paramètres → Sauvegarde »: the date of the last backup, the reminder after 7 days, and
//! « Sauvegarder maintenant… » (issue 14). The copy itself is the store's (`Store::backup`,
//! the same as `passerelle backup`): encrypted, verified, never half-written.

use egui::RichText;

use super::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use super::shell::Message;
use super::theme::SUCCESS;
use super::{error_text, primary_button, progress};
use crate::command::Command;
use crate::command::protection::ProtectionCommand;
use crate::ui::settings::text;

/// Label of the button (also what UI tests click).
pub const BACKUP_LABEL: &str = text::SAUVEGARDER_MAINTENANT;
/// Shown while the copy is written and verified.
pub const BACKUP_BUSY: &str = text::SAUVEGARDE_EN_COURS;
/// Days after which the app reminds that no backup was made.
pub const BACKUP_REMINDER_DAYS: i64 = 7;

/// View state of the backup section (filled by the app).
#[derive(Clone, Debug, Default)]
pub struct BackupView {
    /// « le 30/11/2026 à 14:05 » (local time), when a backup was ever made.
    pub last: Option<String>,
    /// Days without a backup, when the reminder is due (more than 7).
    pub overdue_days: Option<i64>,
    /// The copy is being written on its thread.
    pub busy: bool,
    /// The desktop's save dialog is open on its thread.
    pub dialog_open: bool,
    /// The in-app chooser, when the desktop has no dialog.
    pub chooser: Option<FileChooser>,
    /// Result of the last backup.
    pub result: Option<Message>,
}

/// The reminder text, when due: « Aucune sauvegarde depuis N jours ».
pub fn reminder_text(days: i64) -> String {
    text::aucune_sauvegarde_depuis_jours(
        crate::domain::text::count(days, "jour", "jours"),
        BACKUP_LABEL,
    )
}

/// Draws the section's contents.
pub fn backup_ui(ui: &mut egui::Ui, view: &mut BackupView, commands: &mut Vec<Command>) {
    ui.label(text::UNE_COPIE_CHIFFREE_DE_LA_BASE);
    match &view.last {
        Some(when) => ui.label(text::derniere_sauvegarde_when(when)),
        None => ui.label(text::AUCUNE_SAUVEGARDE_N_A_ENCORE_ETE),
    };
    if let Some(days) = view.overdue_days {
        error_text(
            ui,
            &text::aucune_sauvegarde_depuis_jours_2(crate::domain::text::count(
                days, "jour", "jours",
            )),
        );
    }
    let idle = !view.busy && !view.dialog_open && view.chooser.is_none();
    if primary_button(ui, BACKUP_LABEL, idle).clicked() {
        view.result = None;
        commands.push(Command::Protection(
            ProtectionCommand::ChooseBackupDestination,
        ));
    }
    if view.busy {
        progress(ui, BACKUP_BUSY);
    }
    if let Some(chooser) = &mut view.chooser {
        match file_chooser_ui(ui, chooser) {
            Some(ChooserEvent::Chosen(dest)) => {
                commands.push(Command::Protection(ProtectionCommand::Backup { dest }));
            }
            Some(ChooserEvent::Cancelled) => {
                commands.push(Command::Protection(ProtectionCommand::CancelBackupChooser));
            }
            None => {}
        }
    }
    if let Some(message) = &view.result {
        if message.is_success() {
            ui.label(RichText::new(&message.text).color(SUCCESS));
        } else {
            error_text(ui, &message.text);
        }
    }
}
