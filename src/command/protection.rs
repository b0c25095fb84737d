//! Commands of « Paramètres » for the data-protection tools of issue 14, piece 7: the
//! backup made from the app, the information notice for families, and the demo base kept
//! apart from the real one.

use std::path::PathBuf;

/// What the backup, notice and demo-base controls ask for.
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum ProtectionCommand {
    /// « Sauvegarder maintenant… »: ask where (the desktop's dialog, else the in-app
    /// chooser).
    ChooseBackupDestination,
    /// The in-app chooser was closed without a choice.
    CancelBackupChooser,
    /// Write the verified encrypted copy there, on a background thread.
    Backup {
        /// The database file to create (its key file goes beside it).
        dest: PathBuf,
    },
    /// « Imprimer la notice d'information… »: save these two settings, then ask where.
    ChooseNoticeDestination {
        /// The structure's name as printed.
        structure: String,
        /// The DPO's contact as printed.
        dpo_contact: String,
    },
    /// The in-app chooser of the notice was closed without a choice.
    CancelNoticeChooser,
    /// Write the notice's PDF there.
    WriteNotice {
        /// The PDF file to create.
        dest: PathBuf,
    },
    /// « Supprimer la base de démonstration » (confirmed): delete its files and go back to
    /// the real base.
    DeleteDemoBase,
}
