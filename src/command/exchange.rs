//! Commands of the « Échanges » section: identity and partners, sending a packet,
//! receiving one, resolving conflicts.
//!
//! Most commands carry nothing: the app reads the form being filled in the section's view
//! (`ShellView::exchange`), which the view changed while drawing.

use std::path::PathBuf;

use uuid::Uuid;

/// What a file is chosen for, in the « Échanges » section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    /// Where to write this installation's contact card.
    SaveCard,
    /// A partner's contact card to read.
    OpenCard,
    /// Where to write the packet being sent.
    SavePacket,
    /// A packet received, to open.
    OpenPacket,
    /// Where to write our secret age key (`age -d -i FILE`), after a warning.
    SaveKey,
}

impl FilePurpose {
    /// Whether the file is written (a save dialog) rather than read.
    pub fn saves(self) -> bool {
        matches!(
            self,
            FilePurpose::SaveCard | FilePurpose::SavePacket | FilePurpose::SaveKey
        )
    }
}

/// A request of the « Échanges » section.
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum ExchangeCommand {
    /// Reload identity, partners, households, log and conflicts.
    Refresh,
    /// Create this installation's identity with the organisation name typed in the view.
    CreateIdentity,
    /// Choose a file for `purpose`: the native dialog on a background thread when this
    /// desktop has one, else the in-app chooser.
    ChooseFile {
        /// What the file is for.
        purpose: FilePurpose,
    },
    /// Use the in-app chooser even though a native dialog exists.
    ChooseFileInApp(FilePurpose),
    /// A file was chosen (by either chooser, a typed path or a drop on the window).
    FileChosen(FilePurpose, PathBuf),
    /// Close the in-app chooser without choosing.
    CancelChooser,
    /// Pin the partner card being shown, with the role and contact chosen in the view.
    PinPartner,
    /// Forget the partner card being shown without pinning it.
    CancelCard,
    /// Compute the preview of the packet described by the send form.
    PreviewExport,
    /// Go back from the export preview to the form.
    EditExport,
    /// Open the « Envoyer un dossier » form with this household selected (from a
    /// household's page or the board).
    SendHousehold(Uuid),
    /// Apply the packet whose preview is shown, in one transaction.
    ApplyPacket,
    /// Forget the packet whose preview is shown.
    CancelPacket,
    /// Resolve a conflict: keep the value the merge retained, or write the other one.
    ResolveConflict {
        /// The conflict.
        id: i64,
        /// Write the value that lost the merge (else the retained value stays).
        take_lost: bool,
    },
    /// Dismiss the message of the section.
    DismissMessage,
    /// Revoke a partner (confirmed in the view): nothing sent to it, its later packets
    /// refused.
    RevokePartner(Uuid),
    /// Remove a partner from the directory (confirmed in the view).
    UnpinPartner(Uuid),
    /// Link a partner to its employer or landlord record (`None`: no link).
    LinkPartner(Uuid, Option<Uuid>),
    /// Replace our keys (confirmed in the view); the old one decrypts for a grace period.
    RotateIdentity,
    /// Restore what a packet deleted in a household (« Suppressions reçues »).
    RestoreDeletions {
        /// The packet that deleted the records.
        packet_id: Uuid,
        /// Their household (`None`: records of no household).
        household_id: Option<Uuid>,
    },
}
