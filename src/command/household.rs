//! Commands of the household view (« Ménages »), the household list and the global search.
//!
//! Other views open a household with [`HouseholdCommand::Open`] wrapped in
//! [`crate::command::Command::Household`] (e.g. the kanban's "open a card").

use uuid::Uuid;

use crate::domain::household_form::Draft;

/// What the household view, the list and the search ask for.
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
    /// Open the global search overlay (Ctrl+F).
    OpenSearch,
}
