//! The shape every section of the main window takes (issue 12), as rerun's viewer gives each
//! view a `ViewerContext`: the section keeps its own state (private fields), and its
//! functions — `load` on entering, `apply(state, view, command, cx)` after the frame, and
//! one function per answer of the task service — see the rest of the app only through a
//! [`Cx`], borrowed for that one call. `App` routes, locks and runs the frame.
//!
//! Sections in this shape: « Rapports » (`app/reports.rs`), and in « Paramètres » the
//! « Journal d'accès » (`app/audit_log.rs`), « Conservation des données »
//! (`app/retention.rs`), « Sauvegarde » (`app/backup.rs`, which lends the base to its job
//! through [`Cx::lend_store`]) and the « Notice d'information » (`app/notice.rs`); the
//! spreadsheet import and list export over « Ménages » (`app/sheet.rs`); the board's
//! commands (`app/board.rs`); « Rapprochement » (`app/matching.rs`); « Ménages »
//! (`app/household.rs`). The others still
//! take `&mut App`; see issue 12's closing note.

use crate::store::Store;

use super::tasks::{TaskDone, TaskKind, Tasks};

/// What a section may touch while it applies a command or takes an answer: the open base
/// and the task service, borrowed from the app for that call only, and what to ask of the
/// app once the call is over.
pub(super) struct Cx<'a> {
    /// The open base; `None` while locked, or lent to a job (a command that needs it then
    /// waits, see `Command::needs_store`, so a section seldom sees `None` when unlocked).
    pub store: &'a mut Option<Store>,
    /// Background work: reads, dialogs, jobs.
    pub tasks: &'a mut Tasks,
    /// What the app does after the call ([`Then`]).
    pub then: &'a mut Vec<Then>,
    /// How many frames applied commands so far: what a thread read is shown as read only
    /// if no command came meanwhile.
    pub frames: u64,
}

/// A board read by a thread, and the frame count when it started reading.
pub(super) type ReadBoard = (
    Result<crate::ui::board::BoardView, crate::store::StoreError>,
    u64,
);

/// What a section asks of the app, done right after its call.
pub(super) enum Then {
    /// Lock, saying why: a job could not start, and the base went down with it.
    Lock(String),
    /// A job holds the base: the top bar says what it does until the base comes back.
    Busy(&'static str),
    /// Open this household's page (a case was just created for it from the board).
    OpenHousehold(uuid::Uuid),
    /// Bring this section forward (a household page opened from elsewhere).
    Show(crate::command::Section),
    /// The cards of this household may say something else now: re-read them.
    CardsChanged(uuid::Uuid),
    /// Records came from elsewhere (the team folder): the workers, the household list
    /// and the board say so; the board as a thread read it at the frame count given,
    /// when it did.
    RecordsArrived(Option<Box<ReadBoard>>),
}

impl Cx<'_> {
    /// The open base, to read.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// Today, by the base's clock (the clock tests set), or the computer's when locked.
    pub fn today(&self) -> chrono::NaiveDate {
        self.store.as_ref().map_or_else(
            || chrono::Local::now().date_naive(),
            |s| s.now().date_naive(),
        )
    }

    /// The open base, to write.
    pub fn store_mut(&mut self) -> Option<&mut Store> {
        self.store.as_mut()
    }

    /// Lends the base to a job of `kind`: `work` gets it on its thread and gives it back
    /// with its answer (`App::store_back`); the top bar says `busy` meanwhile. `false`
    /// when there is no base to lend or a job already runs (nothing started, the base
    /// stays), or when no thread could start: the base went down with it, and the app
    /// locks with the French reason.
    pub fn lend_store(
        &mut self,
        kind: TaskKind,
        busy: &'static str,
        work: impl FnOnce(Store) -> TaskDone + Send + 'static,
    ) -> bool {
        if self.tasks.job().is_some() {
            return false;
        }
        let Some(store) = self.store.take() else {
            return false;
        };
        match self.tasks.spawn(kind, move || work(store)) {
            Ok(()) => {
                self.then.push(Then::Busy(busy));
                true
            }
            Err(e) => {
                self.then.push(Then::Lock(e.0));
                false
            }
        }
    }
}

/// The states of the sections in this shape, owned by the app and dropped at lock.
#[derive(Default)]
pub(super) struct Sections {
    /// « Rapports ».
    pub reports: super::reports::ReportsState,
    /// « Rapprochement ».
    pub matching: super::matching::MatchingState,
}
