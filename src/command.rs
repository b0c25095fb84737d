//! What the user interface asks for.
//!
//! Views never act: they push a [`Command`] while drawing, and the [`crate::app::App`] applies
//! all of them in one place after the frame. That keeps every change of state (and every
//! database access) out of the drawing code, and makes the views trivially testable.

use zeroize::Zeroizing;

pub mod board;
pub mod exchange;
pub mod household;
pub mod matching;
pub mod protection;
pub mod reports;
pub mod sheet;

use crate::store::Passphrase;

/// A section of the main window, as listed in the left navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// Overview of the programme (« Tableau de bord »).
    Tableau,
    /// Households and their pathways.
    Menages,
    /// Matching households with job offers and housing units.
    Rapprochement,
    /// Case packets exchanged with partners.
    Echanges,
    /// Indicators for funders.
    Rapports,
    /// Settings: lock delay, passphrase, database location.
    Parametres,
}

impl Section {
    /// Every section, in the order of the navigation.
    pub const ALL: [Section; 6] = [
        Section::Tableau,
        Section::Menages,
        Section::Rapprochement,
        Section::Echanges,
        Section::Rapports,
        Section::Parametres,
    ];

    /// The French label shown in the navigation (also what UI tests click).
    pub fn label(self) -> &'static str {
        match self {
            Section::Tableau => "Tableau",
            Section::Menages => "Ménages",
            Section::Rapprochement => "Rapprochement",
            Section::Echanges => "Échanges",
            Section::Rapports => "Rapports",
            Section::Parametres => "Paramètres",
        }
    }
}

/// A request from the user interface, applied by the app after the frame.
///
/// Secrets travel as [`Zeroizing`] strings so that every copy is wiped when dropped. There is
/// deliberately no `Debug`: a derived one would print the passphrases.
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum Command {
    /// First run: create the encrypted database with this passphrase.
    CreateDatabase {
        /// The chosen passphrase (already checked for length and confirmation).
        passphrase: Passphrase,
    },
    /// First run: the user has noted the recovery key; forget it and offer demo data.
    RecoveryKeyNoted,
    /// Says who uses this base (first run, « Paramètres »): recorded as a worker of the
    /// team and as the current worker.
    SetCurrentWorker(crate::domain::worker::Worker),
    /// « Paramètres → Équipe »: publish what is pending and apply what is new, once, on a
    /// background thread.
    TeamSync,
    /// « Paramètres → Équipe »: create, join, admit, revoke… (run in the background).
    Team(crate::ui::team::TeamAction),
    /// « Paramètres »: adds a colleague to the team's workers (référent·e picker).
    AddWorker(crate::domain::worker::Worker),
    /// First run: « Essayer avec des données fictives », open the separate demo base (the
    /// real base is never filled with fictitious households from the app).
    LoadDemo,
    /// First run: start with an empty database.
    StartEmpty,
    /// Unlock the existing database.
    Unlock {
        /// The passphrase typed on the lock screen.
        passphrase: Passphrase,
    },
    /// Show the recovery screen (passphrase forgotten).
    ShowRecover,
    /// Leave the recovery screen for the lock screen.
    ShowUnlock,
    /// Set a new passphrase using the recovery key.
    Recover {
        /// The recovery key as typed (groups and separators are the store's business).
        recovery_key: Zeroizing<String>,
        /// The new passphrase (already checked).
        new_passphrase: Passphrase,
    },
    /// Lock now: drop the store and every secret, show the lock screen.
    Lock,
    /// Show another section of the main window.
    Navigate(Section),
    /// Open the « Journal d'accès » (issue 14).
    OpenAuditLog,
    /// Reload the journal with the filters typed.
    RefreshAuditLog,
    /// « Choisir l'emplacement… » of the journal's export: the native save dialog where
    /// there is one, else the in-app chooser.
    PickAuditExport,
    /// Write the filtered journal to the chosen path, as CSV or JSON.
    ExportAuditLog {
        /// JSON rather than CSV.
        json: bool,
    },
    /// Open « Conservation des données » (issue 14): load the periods and the preview.
    OpenRetention,
    /// Set a programme's retention period, in months.
    SetRetentionMonths {
        /// The programme.
        programme: uuid::Uuid,
        /// Months kept after the exit or the last contact.
        months: u32,
    },
    /// Keep a due household past its period, with a reason.
    HoldRetention {
        /// The household.
        household: uuid::Uuid,
        /// Why (required).
        reason: String,
    },
    /// End a hold.
    ReleaseRetention(uuid::Uuid),
    /// Erase every due household that is not held.
    ApplyRetention,
    /// Change the idle delay before the automatic lock.
    SetLockDelay {
        /// Minutes without input, 1 to 120.
        minutes: u32,
    },
    /// Lock as soon as the window is minimised (off by default).
    SetLockOnMinimise(bool),
    /// Lock when the computer sleeps or the session is locked (on by default).
    SetLockOnOsSignals(bool),
    /// Rotate the data key: new key, new key file, new recovery key (shown once).
    RotateKey {
        /// The current passphrase (checked, and wrapping the new key).
        passphrase: Passphrase,
    },
    /// The new recovery key of a rotation has been noted: forget it.
    NewRecoveryKeyNoted,
    /// Change the passphrase (rewraps the key file; the database is not rewritten).
    ChangePassphrase {
        /// The current passphrase.
        old: Passphrase,
        /// The new passphrase (already checked).
        new: Passphrase,
    },
    /// Hide the message banner of the main window.
    DismissMessage,
    /// A request of the « Rapprochement » section (matching, proposals, registries).
    Matching(matching::MatchingCommand),
    /// Household view, household list and global search (see [`household::HouseholdCommand`]).
    Household(household::HouseholdCommand),
    /// A request from the board (« Tableau »): see [`board::BoardCommand`].
    Board(board::BoardCommand),
    /// A request of the « Échanges » section: see [`exchange::ExchangeCommand`].
    Exchange(exchange::ExchangeCommand),
    /// A request of the « Rapports » section: see [`reports::ReportsCommand`].
    Reports(reports::ReportsCommand),
    /// Spreadsheet import and list export (see [`sheet::SheetCommand`]).
    Sheet(sheet::SheetCommand),
    /// Backup from the app, information notice, demo base (see
    /// [`protection::ProtectionCommand`]).
    Protection(protection::ProtectionCommand),
}

impl Command {
    /// Whether applying this command reads or writes the open base. While a job holds the
    /// base (a packet being applied, a backup, a spreadsheet import, a passphrase change),
    /// such a command waits for it, in order, instead of being dropped; the others (moving
    /// around, closing a message, opening a file chooser) apply at once.
    pub fn needs_store(&self) -> bool {
        use exchange::ExchangeCommand as E;
        use household::HouseholdCommand as H;
        use matching::MatchingCommand as M;
        use protection::ProtectionCommand as P;
        use reports::ReportsCommand as R;
        use sheet::SheetCommand as S;
        match self {
            Command::Lock
            | Command::Navigate(_)
            | Command::DismissMessage
            | Command::RecoveryKeyNoted
            | Command::NewRecoveryKeyNoted
            | Command::ShowRecover
            | Command::ShowUnlock
            | Command::CreateDatabase { .. }
            | Command::Unlock { .. }
            | Command::Recover { .. }
            | Command::LoadDemo
            | Command::StartEmpty
            | Command::PickAuditExport => false,
            Command::Exchange(e) => !matches!(
                e,
                E::ChooseFile { .. }
                    | E::ChooseFileInApp { .. }
                    | E::CancelChooser
                    | E::CancelCard
                    | E::EditExport
                    | E::DismissMessage
                    | E::CancelPacket
            ),
            Command::Household(h) => {
                !matches!(h, H::ShowList | H::OpenSearch | H::PickAttachment { .. })
            }
            // The ranking works from the section's data already read.
            Command::Matching(m) => !matches!(m, M::Rerank | M::Reverse { .. } | M::Open { .. }),
            Command::Protection(p) => !matches!(
                p,
                P::ChooseBackupDestination
                    | P::CancelBackupChooser
                    | P::ChooseNoticeDestination { .. }
                    | P::CancelNoticeChooser
            ),
            Command::Reports(r) => !matches!(r, R::Browse { .. }),
            Command::Sheet(s) => !matches!(
                s,
                S::OpenImport
                    | S::OpenExport
                    | S::Close
                    | S::PickImportFile
                    | S::PickExportFile
                    | S::BackToMapping
                    | S::ChooseAnotherFile
            ),
            _ => true,
        }
    }
}
