//! What the board (« Tableau ») asks the app to do. Applied after the frame by
//! `app::board`; every write is one transaction.

use uuid::Uuid;

use crate::domain::board::MoveRequest;
use crate::domain::model::Programme;
use crate::store::board::NewCase;

/// A request from the board view.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a command does nothing until it is pushed for the app to apply after the frame"]
pub enum BoardCommand {
    /// The filters changed (search text, referent, flags): rebuild the columns once.
    Refilter,
    /// Show another programme's board.
    SelectProgramme(Uuid),
    /// Open a case (its household): today a summary with the stage history.
    OpenCase(Uuid),
    /// Move a case to a stage, with the history entry.
    Move(MoveRequest),
    /// Undo the last move (Ctrl+Z), while it is still offered.
    Undo,
    /// Create a household and its case at the first stage, then open it.
    CreateCase(NewCase),
    /// Save the programme's settings.
    SaveProgramme {
        /// The edited programme.
        programme: Programme,
    },
}
