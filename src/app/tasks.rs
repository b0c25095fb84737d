//! The task service (issue 12): the one owner of the window's background threads.
//!
//! Every piece of work the window hands to a thread — the key derivations, the jobs that
//! hold the base (packet, spreadsheet import, backup, passphrase and key changes), the reads
//! through a second connection (household list, « Échanges », report, « Rapprochement »,
//! reminders), the ranking, the fiche's PDF, the spreadsheet's reading and every native file
//! dialog — is started here, on a thread named after its [`TaskKind`], and answers with one
//! [`TaskDone`] through one channel. [`App::logic`](super::App::logic) takes the answers
//! one by one at each pass, also while the window is hidden, and hands each to its section.
//!
//! What the service guarantees, in one place instead of one per section:
//! - a thread that ends without answering (it panicked) is reported as such
//!   ([`Collected::Died`]), never mistaken for "still running";
//! - at most one *job* ([`TaskKind::is_job`]) runs: a second one is refused with a French
//!   message, so two writers never hold the base;
//! - an answer nobody waits for any more (the app locked, a newer read replaced it) is
//!   dropped when it arrives, on a thread of its own ([`free_elsewhere`]): it is never shown,
//!   and its lists are not freed on the UI thread;
//! - the window is woken when an answer is there.
//!
//! Two listeners are not tasks, because they never end with one answer: the system's sleep
//! and lock signals (`os_lock`) and the team folder's watch (`team`). They keep their own
//! named threads and channels, read in `App::logic` too.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};

use crate::store::Store;
use crate::ui::file_chooser::{remember_folder, start_folder};

use super::native_dialog::FileDialogRequest;
use crate::ui::shell::text;

/// What a task is, for its thread's name, for [`Tasks::is_running`] and for what to do if
/// it dies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TaskKind {
    /// A new base: key derivation and creation.
    Create,
    /// Key derivation and opening, with the first views.
    Unlock,
    /// A new passphrase from the recovery key.
    Recover,
    /// Holds the base.
    ChangePassphrase,
    /// Holds the base.
    RotateKey,
    /// The demo base opened in place of the real one.
    DemoBase,
    /// Holds the base: a packet written.
    Export,
    /// Holds the base: a packet opened, or applied.
    Import,
    /// Holds the base: a spreadsheet's households written.
    SheetImport,
    /// Holds the base: the encrypted copy written and verified.
    Backup,
    /// The banner's reminders (retention, backup).
    Reminders,
    /// The « Ménages » list.
    HouseholdList,
    /// The « Échanges » section's data.
    ExchangeData,
    /// A report of « Rapports ».
    Report,
    /// « Rapprochement »: its data and first lists.
    MatchingData,
    /// « Rapprochement »: a ranking.
    Ranking,
    /// A fiche de liaison written as PDF.
    Fiche,
    /// A spreadsheet read and parsed.
    SheetReading,
    /// A team sync (publish, apply what the folder holds, create, join…).
    Team,
    /// A native file or folder dialog, and the section that asked it.
    Dialog(DialogFor),
}

impl TaskKind {
    /// The name of its thread (panics, `top -H` and debuggers say which one).
    fn thread_name(self) -> &'static str {
        match self {
            TaskKind::Create => "passerelle-create",
            TaskKind::Unlock => "passerelle-unlock",
            TaskKind::Recover => "passerelle-recover",
            TaskKind::ChangePassphrase => "passerelle-passphrase",
            TaskKind::RotateKey => "passerelle-rekey",
            TaskKind::DemoBase => "passerelle-demo",
            TaskKind::Export => "passerelle-export",
            TaskKind::Import => "passerelle-import",
            TaskKind::SheetImport => "passerelle-import-tableur",
            TaskKind::Backup => "passerelle-sauvegarde",
            TaskKind::Reminders => "passerelle-rappels",
            TaskKind::HouseholdList => "passerelle-liste-menages",
            TaskKind::ExchangeData => "passerelle-echanges",
            TaskKind::Report => "passerelle-rapport",
            TaskKind::MatchingData => "passerelle-rapprochement",
            TaskKind::Ranking => "passerelle-classement",
            TaskKind::Fiche => "passerelle-fiche",
            TaskKind::SheetReading => "passerelle-lecture-tableur",
            TaskKind::Team => "passerelle-equipe",
            TaskKind::Dialog(DialogFor::TeamFolder) => "passerelle-dialogue-dossier",
            TaskKind::Dialog(_) => "passerelle-dialogue-fichier",
        }
    }

    /// A job: it opens, replaces or holds the base. One at a time.
    pub(super) fn is_job(self) -> bool {
        matches!(
            self,
            TaskKind::Create
                | TaskKind::Unlock
                | TaskKind::Recover
                | TaskKind::DemoBase
                | TaskKind::ChangePassphrase
                | TaskKind::RotateKey
                | TaskKind::Export
                | TaskKind::Import
                | TaskKind::SheetImport
                | TaskKind::Backup
        )
    }

    /// Whether the open base was moved into the task (it comes back with the answer, and
    /// is lost if the thread dies).
    pub(super) fn holds_store(self) -> bool {
        matches!(
            self,
            TaskKind::ChangePassphrase
                | TaskKind::RotateKey
                | TaskKind::Export
                | TaskKind::Import
                | TaskKind::SheetImport
                | TaskKind::Backup
        )
    }
}

/// Which section asked a file dialog, and for what: its answer goes back there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DialogFor {
    /// « Exporter le journal d'accès ».
    AuditExport,
    /// A packet, a contact card… of « Échanges ».
    Exchange(crate::command::exchange::FilePurpose),
    /// An attachment of a household: chosen (`pick`) or saved as a copy.
    Attachment {
        /// The document the file is for (`pick`), or the attachment copied.
        id: uuid::Uuid,
        /// « Choisir un fichier… » (else « Enregistrer une copie… »).
        pick: bool,
    },
    /// Where a report is saved.
    Report,
    /// The spreadsheet to import (`save`: where the list is exported).
    Sheet {
        /// The export's save dialog (else the import's open dialog).
        save: bool,
    },
    /// Where the backup is written.
    Backup,
    /// Where the information notice is written.
    Notice,
    /// The team folder.
    TeamFolder,
}

/// What a task answers. Jobs that held the base give it back with their result.
// One answer per task, moved once through the channel: the size difference is moot.
#[allow(clippy::large_enum_variant)]
pub(super) enum TaskDone {
    Created(Result<(Store, crate::store::RecoveryKey), crate::store::StoreError>),
    Unlocked(Result<(Store, Box<super::FirstViews>), crate::store::StoreError>),
    Recovered(Result<Store, crate::store::StoreError>),
    PassphraseChanged(Store, Result<(), crate::store::StoreError>),
    KeyRotated(crate::store::Rotation),
    DemoBaseOpened(
        Result<(Store, Box<super::FirstViews>, Option<String>), crate::store::StoreError>,
    ),
    Exchange(Store, super::exchange::ExchangeDone),
    SheetImported(
        Store,
        Result<crate::exchange::sheet::SheetImportReport, crate::store::StoreError>,
    ),
    BackedUp(
        Store,
        Result<crate::store::StorePaths, crate::store::StoreError>,
    ),
    Reminders(Vec<String>),
    HouseholdList(Result<crate::ui::household_list::ListRows, String>),
    ExchangeData(Result<crate::ui::exchange::ExchangeData, String>),
    Report(Result<crate::domain::report::Report, crate::store::StoreError>),
    MatchingData(super::matching::Loaded),
    Ranking(super::matching::RankDone),
    /// The fiche's household, file and audit line to write, or why it was not written.
    Fiche(Result<(uuid::Uuid, PathBuf, String), String>),
    SheetRead(crate::ui::sheet_import::ReadResult),
    /// A team sync's outcome, with what the window shows after it.
    Team(super::team::Done),
    /// A dialog closed: the path chosen, `None` if cancelled.
    FileChosen(DialogFor, Option<PathBuf>),
}

/// An answer, or the news that the thread ended without one.
#[allow(clippy::large_enum_variant)]
pub(super) enum Collected {
    /// The task answered.
    Done(TaskDone),
    /// Its thread ended without answering (it panicked), or, for a read, the second
    /// connection could not open.
    Died,
}

/// A thread could not be started: the French message to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NotStarted(pub String);

impl std::fmt::Display for NotStarted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the threads send: their task's id and its answer (`None`: died).
struct Finished {
    id: u64,
    done: Option<TaskDone>,
}

/// The thread's side: sends the answer once, or `None` when dropped without one (a panic
/// unwinds through it), and wakes the window.
struct Reply {
    id: u64,
    sender: Sender<Finished>,
    waker: Option<egui::Context>,
    sent: bool,
}

impl Reply {
    fn send(mut self, done: TaskDone) {
        self.sent = true;
        self.deliver(Some(done));
    }

    fn deliver(&self, done: Option<TaskDone>) {
        // The receiver is gone only when the window is closing: nothing to report then
        // (the answer, and any base in it, is dropped here).
        if self.sender.send(Finished { id: self.id, done }).is_ok()
            && let Some(waker) = &self.waker
        {
            waker.request_repaint();
        }
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        if !self.sent {
            self.deliver(None);
        }
    }
}

/// The service: the running tasks and the one channel their answers come through.
pub(super) struct Tasks {
    sender: Sender<Finished>,
    receiver: Receiver<Finished>,
    /// Started and not collected yet, oldest first.
    running: Vec<(u64, TaskKind)>,
    next_id: u64,
    /// The window, woken when an answer is there (set by the first pass).
    waker: Option<egui::Context>,
}

impl Default for Tasks {
    fn default() -> Self {
        let (sender, receiver) = mpsc::channel();
        Self {
            sender,
            receiver,
            running: Vec::new(),
            next_id: 0,
            waker: None,
        }
    }
}

/// Said when the system refuses a new thread.
fn not_started(error: &std::io::Error) -> NotStarted {
    NotStarted(text::impossible_de_lancer_le_travail_en(error))
}

impl Tasks {
    /// The window to wake when an answer arrives: kept from the first pass (the same
    /// context for the life of the window).
    pub(super) fn set_waker(&mut self, ctx: &egui::Context) {
        if self.waker.is_none() {
            self.waker = Some(ctx.clone());
        }
    }

    fn reply(&mut self, kind: TaskKind) -> Reply {
        self.next_id += 1;
        self.running.push((self.next_id, kind));
        Reply {
            id: self.next_id,
            sender: self.sender.clone(),
            waker: self.waker.clone(),
            sent: false,
        }
    }

    /// Starts `work` on a thread named after `kind`. A second job while one runs is
    /// refused, and so is a thread the system will not start (`work` is then dropped here,
    /// with whatever it owned — a base moved into it is closed).
    pub(super) fn spawn(
        &mut self,
        kind: TaskKind,
        work: impl FnOnce() -> TaskDone + Send + 'static,
    ) -> Result<(), NotStarted> {
        self.spawn_may_not_answer(kind, move || Some(work()))
    }

    /// Like [`Tasks::spawn`], for work that may end without an answer (`None`): it is then
    /// collected as [`Collected::Died`] — a team sync whose window locked while it waited
    /// for the base, for instance (and, forgotten at the lock, nobody hears of it).
    pub(super) fn spawn_may_not_answer(
        &mut self,
        kind: TaskKind,
        work: impl FnOnce() -> Option<TaskDone> + Send + 'static,
    ) -> Result<(), NotStarted> {
        if kind.is_job() && self.job().is_some() {
            return Err(NotStarted(text::UNE_OPERATION_EST_DEJA_EN_COURS.to_owned()));
        }
        let reply = self.reply(kind);
        let id = reply.id;
        let started = std::thread::Builder::new()
            .name(kind.thread_name().to_owned())
            .spawn(move || {
                if let Some(done) = work() {
                    reply.send(done);
                }
            });
        started.map(drop).map_err(|e| {
            // The closure, and its `Reply`, were dropped: forget the `None` it sent.
            self.forget_id(id);
            not_started(&e)
        })
    }

    /// Runs `read` on a thread named after `kind` over a second, read-only connection to
    /// the base, opened by the thread (1–15 ms that were a frame's). The connection, and
    /// its copy of the key, is dropped before the answer is sent; one that cannot open
    /// makes the task [`Collected::Died`]. Without a thread, runs `read` here: its answer
    /// is then collected at the next pass, as any other.
    pub(super) fn read<F>(&mut self, kind: TaskKind, store: &Store, read: F)
    where
        F: Fn(&Store) -> TaskDone + Clone + Send + 'static,
    {
        let opener = store.reader_opener();
        let reply = self.reply(kind);
        let id = reply.id;
        let read_here = read.clone();
        let started = std::thread::Builder::new()
            .name(kind.thread_name().to_owned())
            .spawn(move || {
                let Ok(reader) = opener.open() else {
                    return; // `reply` dropped: died
                };
                let done = read(&reader);
                drop(reader);
                reply.send(done);
            });
        if started.is_err() {
            self.forget_id(id);
            let reply = self.reply(kind);
            reply.send(read_here(store));
        }
    }

    /// Shows the desktop's file dialog for `request` on a thread, opened in the folder last
    /// chosen for the same title (else Documents), remembering the folder chosen; the
    /// answer comes as [`TaskDone::FileChosen`] with `purpose`. `false` when no thread
    /// could start (the caller offers the in-app chooser).
    pub(super) fn file_dialog(&mut self, purpose: DialogFor, request: FileDialogRequest) -> bool {
        self.spawn(TaskKind::Dialog(purpose), move || {
            let mut dialog = rfd::FileDialog::new()
                .set_title(request.title)
                .set_directory(start_folder(request.title));
            if let Some((name, extensions)) = request.filter {
                dialog = dialog.add_filter(name, extensions);
            }
            let path = match request.save_as {
                Some(name) => dialog.set_file_name(name).save_file(),
                None => dialog.pick_file(),
            };
            if let Some(folder) = path.as_deref().and_then(Path::parent) {
                remember_folder(request.title, folder);
            }
            TaskDone::FileChosen(purpose, path)
        })
        .is_ok()
    }

    /// Like [`Tasks::file_dialog`], for a folder.
    pub(super) fn folder_dialog(&mut self, purpose: DialogFor, title: &'static str) -> bool {
        self.spawn(TaskKind::Dialog(purpose), move || {
            let path = rfd::FileDialog::new()
                .set_title(title)
                .set_directory(start_folder(title))
                .pick_folder();
            if let Some(folder) = path.as_deref() {
                remember_folder(title, folder);
            }
            TaskDone::FileChosen(purpose, path)
        })
        .is_ok()
    }

    /// Whether a task of `kind` runs (started, its answer not collected yet).
    pub(super) fn is_running(&self, kind: TaskKind) -> bool {
        self.running.iter().any(|&(_, k)| k == kind)
    }

    /// The job running, if any.
    pub(super) fn job(&self) -> Option<TaskKind> {
        self.running.iter().map(|&(_, k)| k).find(|k| k.is_job())
    }

    /// Forgets the tasks of `kind`: their answers are dropped when they arrive (a newer
    /// read replaces them, or nobody waits any more).
    pub(super) fn forget(&mut self, kind: TaskKind) {
        self.running.retain(|&(_, k)| k != kind);
    }

    /// At lock: forgets every task but a job (a job that holds the base must give it back,
    /// to be closed; the others' answers — lists of households, paths — are dropped).
    pub(super) fn forget_all_but_job(&mut self) {
        self.running.retain(|&(_, k)| k.is_job());
    }

    fn forget_id(&mut self, id: u64) {
        self.running.retain(|&(i, _)| i != id);
    }

    /// The next answer that arrived, with its kind, or `None` when there is none. Answers
    /// of forgotten tasks are dropped (off the UI thread). One at a time, so that what the
    /// handling of one answer forgets (a lock, a newer read) is not handed over after it.
    pub(super) fn next_answer(&mut self) -> Option<(TaskKind, Collected)> {
        while let Ok(Finished { id, done }) = self.receiver.try_recv() {
            let Some(index) = self.running.iter().position(|&(i, _)| i == id) else {
                free_elsewhere(done);
                continue;
            };
            let (_, kind) = self.running.remove(index);
            let collected = match done {
                Some(done) => Collected::Done(done),
                None => Collected::Died,
            };
            return Some((kind, collected));
        }
        None
    }
}

/// Drops `value` on a short-lived named thread (here if none can start): large lists (a
/// board of 10,000 cards, a packet's preview, the matching data) are freed off the UI
/// thread, where freeing them took a frame of its own.
pub(super) fn free_elsewhere<T: Send + 'static>(value: T) {
    // Not started: `spawn` dropped the closure, and the value with it, here.
    let _ = std::thread::Builder::new()
        .name("passerelle-liberation".to_owned())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(tasks: &mut Tasks) -> Vec<(TaskKind, Collected)> {
        std::iter::from_fn(|| tasks.next_answer()).collect()
    }

    fn wait(tasks: &mut Tasks) -> Vec<(TaskKind, Collected)> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let got = collect(tasks);
            if !got.is_empty() || std::time::Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn an_answer_comes_back_with_its_kind_and_the_task_stops_running() {
        let mut tasks = Tasks::default();
        tasks
            .spawn(TaskKind::Reminders, || {
                TaskDone::Reminders(vec!["rappel".to_owned()])
            })
            .unwrap();
        assert!(tasks.is_running(TaskKind::Reminders));
        let got = wait(&mut tasks);
        assert_eq!(got.len(), 1);
        assert!(matches!(
            &got[0],
            (TaskKind::Reminders, Collected::Done(TaskDone::Reminders(r))) if r == &["rappel"]
        ));
        assert!(!tasks.is_running(TaskKind::Reminders));
    }

    #[test]
    fn a_thread_that_panics_is_reported_as_died() {
        let mut tasks = Tasks::default();
        tasks
            .spawn(TaskKind::Report, || panic!("boom (attendu par le test)"))
            .unwrap();
        let got = wait(&mut tasks);
        assert!(matches!(&got[..], [(TaskKind::Report, Collected::Died)]));
        assert!(!tasks.is_running(TaskKind::Report));
    }

    #[test]
    fn a_second_job_is_refused_while_one_runs_and_reads_are_not_jobs() {
        let mut tasks = Tasks::default();
        let (release, wait_release) = mpsc::channel::<()>();
        tasks
            .spawn(TaskKind::Export, move || {
                let _ = wait_release.recv();
                TaskDone::Reminders(Vec::new())
            })
            .unwrap();
        assert_eq!(tasks.job(), Some(TaskKind::Export));
        let refused = tasks.spawn(TaskKind::Backup, || TaskDone::Reminders(Vec::new()));
        assert!(refused.unwrap_err().0.contains("déjà en cours"));
        tasks
            .spawn(TaskKind::HouseholdList, || {
                TaskDone::HouseholdList(Err(String::new()))
            })
            .unwrap();
        release.send(()).unwrap();
        let mut kinds = Vec::new();
        while kinds.len() < 2 {
            kinds.extend(wait(&mut tasks).into_iter().map(|(k, _)| k));
        }
        kinds.sort_by_key(|k| k.thread_name());
        assert_eq!(kinds, [TaskKind::Export, TaskKind::HouseholdList]);
        assert_eq!(tasks.job(), None);
    }

    #[test]
    fn a_forgotten_task_answers_nobody() {
        let mut tasks = Tasks::default();
        let (release, wait_release) = mpsc::channel::<()>();
        tasks
            .spawn(TaskKind::Ranking, move || {
                let _ = wait_release.recv();
                TaskDone::Reminders(Vec::new())
            })
            .unwrap();
        tasks.forget_all_but_job();
        assert!(!tasks.is_running(TaskKind::Ranking));
        release.send(()).unwrap();
        // A later task's answer still comes, the forgotten one never does.
        tasks
            .spawn(TaskKind::Reminders, || TaskDone::Reminders(Vec::new()))
            .unwrap();
        let got = wait(&mut tasks);
        std::thread::sleep(std::time::Duration::from_millis(50));
        let later = collect(&mut tasks);
        let kinds: Vec<TaskKind> = got.iter().chain(&later).map(|(k, _)| *k).collect();
        assert_eq!(kinds, [TaskKind::Reminders]);
    }
}
