//! Commands of the household view (« Ménages »), the household list and the global search.
//!
//! Other views open a household with [`HouseholdCommand::Open`] wrapped in
//! [`crate::command::Command::Household`] (e.g. the kanban's "open a card").

use uuid::Uuid;

use crate::domain::household_form::Draft;

/// What the household view, the list and the search ask for.
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum HouseholdCommand {
    /// Show the « Ménages » section on this household's page (from any section).
    Open(Uuid),
    /// Back to the household list.
    ShowList,
    /// Reload the household list (after a filter needing the base, or on demand).
    RefreshList,
    /// Create a new, empty household and open its page with the « Ménage » form.
    NewHousehold,
    /// Save the form being edited (validated again by the app before writing).
    Save(Box<Draft>),
    /// Attach a file (read from this path) to a document of the checklist.
    AttachFile {
        /// The checklist item.
        document_id: Uuid,
        /// The file to read; its bytes are stored encrypted inside the base.
        path: std::path::PathBuf,
    },
    /// Delete a record of the page (a tombstone), after the worker confirmed.
    Delete(crate::domain::household_form::Deletable),
    /// Open the « Fiche de liaison (PDF) » panel of the open household.
    OpenFiche,
    /// « Geler le dossier » (issue 14): freeze the household with this reason.
    Freeze {
        /// The household.
        household: Uuid,
        /// Why (required).
        reason: String,
    },
    /// « Dégeler le dossier ».
    Unfreeze(Uuid),
    /// Erase this household for good, on request (confirmed by the worker; refused if
    /// frozen). The view goes back to the list.
    EraseHousehold(Uuid),
    /// Erase this adult or child for good, on request (refused if the household is
    /// frozen). The page stays, without them.
    ErasePerson(Uuid),
    /// Right of access: write the PDF and the JSON on this person into this folder.
    PersonAccess {
        /// The adult or child.
        person: Uuid,
        /// The folder (absolute).
        folder: std::path::PathBuf,
    },
    /// Write the open household's fiche de liaison for `role` to `path` (background
    /// thread; never over an existing file).
    SaveFiche {
        /// The recipient's role (what the fiche shows).
        role: crate::domain::model::PartnerRole,
        /// The recipient partner, if named.
        partner: Option<Uuid>,
        /// Where to write the PDF.
        path: std::path::PathBuf,
    },
    /// Open the global search overlay (Ctrl+F).
    OpenSearch,
    /// Open the native « choose a file » dialog on a background thread; the chosen path
    /// goes into the document form's path field.
    PickAttachment {
        /// The checklist item being edited.
        document_id: Uuid,
    },
    /// Save a copy of an attached file outside the base (NOT encrypted): to `path` when the
    /// worker typed one, else to where the native save dialog (background thread) says.
    SaveAttachmentCopy {
        /// The attached file.
        attachment_id: Uuid,
        /// A typed path (the fallback without a native dialog).
        path: Option<std::path::PathBuf>,
    },
}
