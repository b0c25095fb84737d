//! « Paramètres → Équipe » in the app (issue 15): create, join, admit, revoke, sync, and
//! the automatic sync: a file-system watch of the team folder (a file arriving from
//! another laptop is applied within about two seconds), a periodic scan as the safety net
//! (watches miss events on network shares, SMB, Nextcloud's virtual files), a publication
//! window, and a publication at lock and at quit.
//!
//! Every task that touches the shared folder runs on a named thread with its own
//! connection to the base ([`Store::writer`]): a USB key pulled out or a network share that
//! hangs then never freezes the window nor takes the base away from the worker. One task
//! at a time (the app keeps one in flight, and [`TeamState::gate`] also orders the publications made
//! at lock and at quit): never two syncs at once. The result comes back through a channel
//! and is shown after the frame, like the other background work.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::App;
use super::native_dialog::native_file_dialog_available;
use super::section::{Cx, Then};
use super::tasks::{DialogFor, TaskDone, TaskKind};
use crate::domain::hlc::Hlc;
use crate::store::{Store, StoreError};
use crate::team::folder::{LogName, classify};
use crate::team::{self, PreparedPacket, TeamError};
use crate::ui::board::BoardView;
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::shell::Message;
use crate::ui::team::text;
use crate::ui::team::{
    CardLine, INTERVAL_CHOICES, MemberLine, TeamAction, TeamView, same_fingerprint,
};

/// Seconds between two scans of the folder, and of the publication window (kept in the
/// encrypted base; 30 unless set).
pub(super) const TEAM_INTERVAL_SETTING: &str = "team.sync_interval_seconds";
/// After a change seen in the folder, wait this long without another before applying:
/// an engine writes many files at once.
const WATCH_QUIET: Duration = Duration::from_millis(500);
/// … but never longer than this after the first change seen.
const WATCH_MAX_DELAY: Duration = Duration::from_secs(2);
/// The advice to change the key after a revocation, until dismissed (who was revoked).
const REKEY_ADVICE_SETTING: &str = "team.rekey_advice";
/// Default period of the automatic sync.
pub(super) const DEFAULT_TEAM_INTERVAL: Duration = Duration::from_secs(30);
/// How long quitting waits for the last publication before closing anyway.
const QUIT_WAIT: Duration = Duration::from_secs(3);
/// After this long, a task still running is said (the folder does not answer).
const HUNG_AFTER: Duration = Duration::from_secs(30);
/// What the status says then.
const HUNG_TEXT: &str = text::LE_DOSSIER_D_EQUIPE_NE_REPOND;
/// Title of the folder choosers (also the key of the folder remembered).
const CHOOSE_TITLE: &str = text::CHOISIR_LE_DOSSIER_PARTAGE_DE_L;

/// What one team task is.
#[derive(Debug, Clone)]
enum Task {
    /// Newer roster, apply the others' logs; publish ours too when `publish`.
    Sync {
        publish: bool,
    },
    Create(PathBuf),
    Join(PathBuf),
    Admit {
        device: Uuid,
        fingerprint: String,
    },
    Revoke {
        device: Uuid,
        lost: bool,
    },
    Refresh,
}

impl Task {
    fn busy_text(&self) -> &'static str {
        match self {
            Task::Sync { .. } => text::SYNCHRONISATION_AVEC_LE_DOSSIER_D_EQUIPE,
            Task::Create(_) => text::CREATION_DE_L_EQUIPE_DANS_LE,
            Task::Join(_) => text::DEPOT_DE_LA_CARTE_DE_CE,
            Task::Admit { .. } => text::ADMISSION,
            Task::Revoke { .. } => text::RETRAIT_DE_L_EQUIPE,
            Task::Refresh => text::LECTURE_DU_DOSSIER_D_EQUIPE,
        }
    }
}

/// What the thread read after its task, for the view.
struct Snapshot {
    status: Result<Option<team::TeamStatus>, String>,
    pending: Vec<CardLine>,
    own_fingerprint: Option<String>,
    rekey_advice: Option<String>,
    now: chrono::DateTime<chrono::Utc>,
}

impl Snapshot {
    fn read(store: &Store) -> Snapshot {
        let status = team::status(store).map_err(|e| e.to_string());
        let coordinator = matches!(&status, Ok(Some(s)) if s.is_coordinator);
        let admitted = matches!(&status, Ok(Some(s)) if s.admitted);
        let in_team = matches!(&status, Ok(Some(_)));
        let pending = if coordinator {
            team::pending_cards(store)
                .unwrap_or_default()
                .into_iter()
                .map(|c| CardLine {
                    device: c.device,
                    name: c.worker.display_name(),
                    structure: c.worker.structure.clone(),
                    fingerprint: c.fingerprint,
                })
                .collect()
        } else {
            Vec::new()
        };
        let own_fingerprint = if in_team && !admitted {
            team::own_card(store).ok().flatten().map(|c| c.fingerprint)
        } else {
            None
        };
        let rekey_advice = store
            .setting(REKEY_ADVICE_SETTING)
            .ok()
            .flatten()
            .filter(|s| !s.is_empty());
        Snapshot {
            status,
            pending,
            own_fingerprint,
            rekey_advice,
            now: store.now(),
        }
    }
}

/// What a team thread sends back.
pub(super) struct Done {
    /// Asked by the worker (its outcome is said), or the automatic scan (said only when
    /// something happened or went wrong).
    manual: bool,
    result: Result<Outcome, String>,
    /// `None` when the thread could not open the base (`result` says why).
    snapshot: Option<Snapshot>,
    /// The writer's clock, handed back to the window's connection.
    hlc: Option<Hlc>,
    /// When packets were applied: the board re-read by the thread (0.5 s at 10,000
    /// households, not for the UI thread; issue 17), and the window's
    /// [`Cx::frames`] when the task started.
    board: Option<(Result<BoardView, StoreError>, u64)>,
}

/// A task's outcome, for the message and the refreshes.
struct Outcome {
    text: String,
    applied: usize,
    published: bool,
}

/// The team's background state, owned by the app.
#[derive(Default)]
pub(super) struct TeamState {
    /// When the running task started (its answer comes through the app's tasks).
    work: Option<Instant>,
    /// A task asked while another ran: started when it ends.
    queued: Option<(Task, bool)>,
    /// The base is in a team and admitted (the automatic sync runs).
    active: bool,
    last_scan: Option<Instant>,
    /// Since when something may wait to be published.
    dirty_since: Option<Instant>,
    /// From the base ([`TEAM_INTERVAL_SETTING`]).
    interval: Option<Duration>,
    /// Tests run the automatic sync fast.
    interval_override: Option<Duration>,
    /// Tests say a hung folder sooner.
    hung_after_override: Option<Duration>,
    hung_said: bool,
    /// Since when a task could not start because an earlier one still waits for the
    /// folder (it holds [`TeamState::gate`]).
    blocked_since: Option<Instant>,
    /// The last automatic publication tried (a folder that refuses is retried once per
    /// interval, not at every frame).
    publish_tried: Option<Instant>,
    /// The team folder and this device, from the base (what the watch needs).
    folder: Option<(PathBuf, Uuid)>,
    /// The file-system watch of the folder (being set up, or running).
    watch: Option<Watch>,
    /// Why the folder cannot be watched (French): only the periodic scan then.
    watch_problem: Option<String>,
    /// The last failed attempt to watch (retried once per interval).
    watch_tried: Option<Instant>,
    /// First and last change seen in the folder and not applied yet (debounce).
    changed: Option<(Instant, Instant)>,
    /// Held by every thread working on the team folder: two syncs never overlap, even the
    /// publication at lock with a scan that was still running (one per window: the
    /// tests run several in one process).
    gate: Arc<Mutex<()>>,
    /// The running task asks for its connection to the base once the folder answered.
    writer_request: Option<(Receiver<()>, Sender<crate::store::Opener>)>,
    /// Packets written at lock by a thread without the base's key: recorded in the base
    /// by the next task (or at quit), so their changes are not sent again.
    unrecorded: Arc<Mutex<Vec<(PreparedPacket, u64)>>>,
}

/// The file-system watch of the team folder.
struct Watch {
    /// Messages of the setup thread and of the watch.
    receiver: Receiver<WatchMsg>,
    /// Kept while watching: dropping it ends the watch.
    watcher: Option<notify::RecommendedWatcher>,
}

/// What the watch says to the window.
enum WatchMsg {
    /// The watch is set up.
    Ready(notify::RecommendedWatcher),
    /// It could not be, or stopped (French reason).
    Failed(String),
    /// A file of another device arrived or changed.
    Changed,
}

impl TeamState {
    fn interval(&self) -> Duration {
        self.interval_override
            .or(self.interval)
            .unwrap_or(DEFAULT_TEAM_INTERVAL)
    }

    fn hung_after(&self) -> Duration {
        self.hung_after_override.unwrap_or(HUNG_AFTER)
    }

    /// The folder is watched (set up and not failed).
    fn watching(&self) -> bool {
        self.watch.as_ref().is_some_and(|w| w.watcher.is_some())
    }

    /// Stops the watch (lock, another folder, out of the team).
    fn stop_watch(&mut self) {
        self.watch = None;
        self.watch_tried = None;
        self.watch_problem = None;
        self.changed = None;
    }

    /// The folder and device the watch follows, from the base; a new folder restarts it.
    fn set_folder(&mut self, folder: Option<PathBuf>, cx: &Cx<'_>) {
        let device = cx.store().map(Store::site_id);
        let next = folder.zip(device);
        if next != self.folder {
            self.stop_watch();
            self.folder = next;
        }
    }
}

/// Whether a watch event may bring something to apply: a file of another device (or of
/// the coordinator's roster) under its final name. Our own writes, reads (the watch also
/// reports opens), removals, and the engines' temporary, partial and conflict-copy names
/// are ignored, as the scan ignores them.
fn worth_applying(root: &Path, own: &str, event: &notify::Event) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    if event.need_rescan() {
        return true;
    }
    let kind_counts = match event.kind {
        EventKind::Create(_) | EventKind::Any | EventKind::Other => true,
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Remove(_) => false,
    };
    kind_counts
        && event.paths.iter().any(|path| {
            let Ok(relative) = path.strip_prefix(root) else {
                return false;
            };
            let ours = relative
                .components()
                .any(|c| c.as_os_str().to_string_lossy().contains(own));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !ours && !matches!(classify(&name), LogName::Temporary | LogName::ConflictCopy)
        })
}

/// Why the folder cannot be watched, in French.
fn watch_failure(error: &notify::Error) -> String {
    match &error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            text::LIMITE_DE_SURVEILLANCE_DU_SYSTEME_ATTEINTE.to_owned()
        }
        notify::ErrorKind::PathNotFound => text::DOSSIER_INTROUVABLE.to_owned(),
        notify::ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            text::DOSSIER_INTROUVABLE.to_owned()
        }
        notify::ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            text::ACCES_REFUSE.to_owned()
        }
        _ => text::LE_SYSTEME_NE_PERMET_PAS_DE.to_owned(),
    }
}

/// Sets up the watch on a named thread (adding the watches walks the folder, which may
/// hang on a network share); its messages come back through the returned channel.
fn spawn_watch(ctx: &egui::Context, folder: &Path, device: Uuid) -> Option<Receiver<WatchMsg>> {
    let (sender, receiver) = mpsc::channel::<WatchMsg>();
    let events: Sender<WatchMsg> = sender.clone();
    let repaint = ctx.clone();
    let root = folder.to_owned();
    let own = device.to_string();
    let handler = move |event: notify::Result<notify::Event>| {
        let message = match event {
            Ok(event) if worth_applying(&root, &own, &event) => WatchMsg::Changed,
            Ok(_) => return,
            Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => {
                WatchMsg::Failed(watch_failure(&e))
            }
            // Lost events (queue overflow…): a pass finds what they were.
            Err(_) => WatchMsg::Changed,
        };
        if events.send(message).is_ok() {
            repaint.request_repaint();
        }
    };
    let repaint = ctx.clone();
    let folder = folder.to_owned();
    std::thread::Builder::new()
        .name("passerelle-equipe-veille".to_owned())
        .spawn(move || {
            use notify::Watcher;
            let watcher = notify::recommended_watcher(handler).and_then(|mut w| {
                w.watch(&folder, notify::RecursiveMode::Recursive)?;
                Ok(w)
            });
            let message = match watcher {
                Ok(w) => WatchMsg::Ready(w),
                Err(e) => WatchMsg::Failed(watch_failure(&e)),
            };
            // Gone if the app locked meanwhile: the watcher is dropped with it.
            if sender.send(message).is_ok() {
                repaint.request_repaint();
            }
        })
        .ok()?;
    Some(receiver)
}

/// Records in the base the packets written at lock (see [`TeamState::unrecorded`]).
fn record_unrecorded(store: &mut Store, unrecorded: &Mutex<Vec<(PreparedPacket, u64)>>) {
    let written = std::mem::take(
        &mut *unrecorded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for (prepared, seq) in written {
        // Not recorded: the next packet sends these changes again (harmless).
        let _ = team::record_publication(store, &prepared, seq);
    }
}

fn run(store: &mut Store, task: &Task) -> Result<Outcome, TeamError> {
    let outcome = |text: String| Outcome {
        text,
        applied: 0,
        published: false,
    };
    match task {
        Task::Sync { publish } => {
            let (published, applied) = if *publish {
                let r = team::sync(store)?;
                (r.published, r.applied)
            } else {
                team::refresh_roster(store)?;
                (None, team::apply(store)?)
            };
            let n = applied.applied.len();
            let text = text::synchronise_publier_appliqu(
                match &published {
                    Some(p) => text::paquet_n_seq_publie(p.seq),
                    None => text::RIEN_A_PUBLIER.to_owned(),
                },
                crate::domain::text::count(n, text::PAQUET_APPLIQUE, text::PAQUETS_APPLIQUES),
            );
            Ok(Outcome {
                text,
                applied: n,
                published: published.is_some(),
            })
        }
        Task::Create(folder) => {
            let t = team::create(store, folder)?;
            Ok(outcome(text::equipe_creee_dans_folder_empreinte_de_la(
                folder.display(),
                &t.coordinator_fingerprint,
            )))
        }
        Task::Join(folder) => {
            let (t, _) = team::join(store, folder)?;
            Ok(outcome(text::carte_deposee_dans_le_dossier_la(
                &t.coordinator_fingerprint,
            )))
        }
        Task::Admit {
            device,
            fingerprint,
        } => {
            let card = team::preview_card(store, &device.to_string())?;
            if !same_fingerprint(fingerprint, &card.fingerprint) {
                return Err(TeamError::BadFile(
                    text::L_EMPREINTE_LUE_NE_CORRESPOND_PAS_2.into(),
                ));
            }
            let roster = team::admit(store, &device.to_string())?;
            Ok(outcome(text::display_name_admis_e_dans_l_equipe_liste(
                card.worker.display_name(),
                roster.version,
                roster.members.len(),
            )))
        }
        Task::Revoke { device, lost } => {
            let m = team::revoke(store, &device.to_string())?;
            let name = m.worker.display_name();
            store.write(|tx| {
                tx.audit(
                    text::EQUIPE_REVOCATION,
                    &text::poste_device_part(
                        device,
                        if *lost {
                            text::ORDINATEUR_PERDU
                        } else {
                            text::DEPART
                        },
                    ),
                )
            })?;
            store.set_setting(REKEY_ADVICE_SETTING, &name)?;
            Ok(outcome(text::name_ne_fait_plus_partie_de_l_equipe(
                &name,
                m.refused_after(),
            )))
        }
        Task::Refresh => Ok(outcome(text::DOSSIER_RELU.to_owned())),
    }
}

/// Publishes what is pending on a thread of its own (at lock and at quit). The packet is
/// sealed first and the base's connection (its copy of the key) dropped before the
/// thread waits for the folder or for another team thread: a folder that hangs keeps
/// only the sealed packet in memory. The packet written is added to `unrecorded`, which
/// the next task records in the base. Returns the channel that says when it is done.
fn spawn_publish(
    store: &Store,
    gate: Arc<Mutex<()>>,
    unrecorded: Arc<Mutex<Vec<(PreparedPacket, u64)>>>,
) -> Option<Receiver<()>> {
    // Opened by the thread: 1–15 ms that were a frame's (issue 17).
    let opener = store.writer_opener();
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("passerelle-equipe-publication".to_owned())
        .spawn(move || {
            let Ok(mut writer) = opener.open() else {
                // Said at the next sync, which opens the base again.
                let _ = sender.send(());
                return;
            };
            // A failure is said at the next sync (the changes stay pending, nothing lost).
            let prepared = team::prepare_publication(&mut writer);
            // The key's copy is zeroized here, before anything touches the folder.
            drop(writer);
            if let Ok(Some(prepared)) = prepared {
                let _gate = gate
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Ok(seq) = team::write_publication(&prepared) {
                    unrecorded
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((prepared, seq));
                }
            }
            let _ = sender.send(());
        })
        .ok()?;
    Some(receiver)
}

impl App {
    /// Test hook: the automatic sync's period and publication window.
    pub fn set_team_sync_interval(&mut self, interval: Duration) {
        self.team.interval_override = Some(interval);
    }

    /// Test hook: how long a task may wait for the folder before the status says the
    /// folder does not answer.
    pub fn set_team_hung_after(&mut self, after: Duration) {
        self.team.hung_after_override = Some(after);
    }

    /// The folder is watched (test hook: a test waits for it before copying a file).
    pub fn team_folder_watched(&self) -> bool {
        self.team.watching()
    }

    /// At lock: what is pending is published on a thread of its own; the lock itself
    /// never waits for the folder, and that thread drops its copy of the key before it
    /// touches the folder. A scan still running finishes on its own connection and its
    /// answer is dropped. The watch stops.
    pub(super) fn team_at_lock(&mut self) {
        if self.team.active
            && let Some(store) = &self.store
        {
            // Nothing else to do if it cannot start: the changes stay pending.
            let _ = spawn_publish(
                store,
                Arc::clone(&self.team.gate),
                Arc::clone(&self.team.unrecorded),
            );
        }
        let team = &mut self.team;
        team.work = None;
        team.writer_request = None;
        team.queued = None;
        team.active = false;
        team.dirty_since = None;
        team.publish_tried = None;
        team.blocked_since = None;
        team.stop_watch();
    }

    /// At quit: publishes what is pending, waiting at most [`QUIT_WAIT`]; a folder that
    /// hangs longer does not keep the window open (the changes stay pending in the base
    /// and are published at the next start).
    pub(super) fn team_at_quit(&mut self) {
        self.team.stop_watch();
        if !self.team.active {
            return;
        }
        let unrecorded = Arc::clone(&self.team.unrecorded);
        if let Some(done) = self
            .store
            .as_ref()
            .and_then(|s| spawn_publish(s, Arc::clone(&self.team.gate), Arc::clone(&unrecorded)))
        {
            let _ = done.recv_timeout(QUIT_WAIT);
        }
        if let Some(store) = &mut self.store {
            record_unrecorded(store, &unrecorded);
        }
    }
}

/// What the team's functions see of the window besides the base and the tasks: the
/// « Équipe » panel, the programme the board shows (re-read by a task that applied
/// packets) and egui's context (the threads wake the window when they answer).
pub(super) struct Window<'a> {
    /// « Paramètres → Équipe ».
    pub view: &'a mut TeamView,
    /// The programme shown on the board.
    pub programme: Uuid,
    /// To wake the window from the team's threads.
    pub ctx: &'a egui::Context,
}

/// Reads the team's settings from the base just opened.
pub(super) fn load_settings(team: &mut TeamState, cx: &Cx<'_>) {
    team.interval = cx
        .store()
        .and_then(|s| s.setting(TEAM_INTERVAL_SETTING).ok().flatten())
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|s| (5..=3600).contains(s))
        .map(Duration::from_secs);
    team.last_scan = None;
    team.dirty_since = None;
}

/// A command was applied: something may wait to be published.
pub(super) fn note_activity(team: &mut TeamState) {
    if team.active && team.dirty_since.is_none() {
        team.dirty_since = Some(Instant::now());
    }
}

/// Applies an action of « Paramètres → Équipe » (the rekey dialog is the app's: it is
/// the key's, not the team's).
pub(super) fn apply(team: &mut TeamState, w: &mut Window<'_>, action: TeamAction, cx: &mut Cx<'_>) {
    match action {
        TeamAction::ChooseFolder => choose_folder(w.view, cx),
        TeamAction::Create(folder) => start_task(team, w, Task::Create(folder), true, cx),
        TeamAction::Join(folder) => start_task(team, w, Task::Join(folder), true, cx),
        TeamAction::Admit {
            device,
            fingerprint,
        } => start_task(
            team,
            w,
            Task::Admit {
                device,
                fingerprint,
            },
            true,
            cx,
        ),
        TeamAction::Revoke { device, lost } => {
            start_task(team, w, Task::Revoke { device, lost }, true, cx);
        }
        TeamAction::Refresh => start_task(team, w, Task::Refresh, true, cx),
        TeamAction::SetInterval(secs) => set_interval(team, w.view, secs, cx),
        // Routed by the app to the key's dialog.
        TeamAction::OpenRekey => {}
        TeamAction::DismissRekeyAdvice => {
            if let Some(store) = cx.store_mut() {
                let _ = store.set_setting(REKEY_ADVICE_SETTING, "");
            }
            w.view.rekey_advice = None;
        }
    }
}

/// « Synchroniser maintenant ».
pub(super) fn sync_now(team: &mut TeamState, w: &mut Window<'_>, cx: &mut Cx<'_>) {
    start_task(team, w, Task::Sync { publish: true }, true, cx);
}

/// « Relire le dossier toutes les … »: kept in the base, effective at once (the next
/// scan is counted from the last one).
fn set_interval(team: &mut TeamState, t: &mut TeamView, secs: u64, cx: &mut Cx<'_>) {
    if !INTERVAL_CHOICES.contains(&secs) {
        return;
    }
    let saved = match cx.store_mut() {
        Some(store) => store.set_setting(TEAM_INTERVAL_SETTING, &secs.to_string()),
        None => return,
    };
    team.interval = Some(Duration::from_secs(secs));
    team.interval_override = None;
    t.interval_secs = secs;
    t.auto_line = auto_line(team);
    if let Err(e) = saved {
        t.last = Some(Message::error(text::l_intervalle_s_applique_mais_n_a_pas(
            &e,
        )));
    }
}

/// « Choisir… »: the system's folder dialog on its thread, or the in-app chooser.
fn choose_folder(team: &mut TeamView, cx: &mut Cx<'_>) {
    if cx.tasks.is_running(TaskKind::Dialog(DialogFor::TeamFolder)) {
        return;
    }
    let shown = native_file_dialog_available()
        && cx.tasks.folder_dialog(DialogFor::TeamFolder, CHOOSE_TITLE);
    if shown {
        team.choosing = true;
    } else {
        let start = Some(PathBuf::from(team.folder.trim())).filter(|p| p.is_dir());
        team.chooser = Some(FileChooser::new(
            CHOOSE_TITLE,
            ChooserMode::Folder,
            start,
            &[],
            "",
        ));
    }
}

/// Starts `task` on its thread, or queues it behind the running one (`manual`: asked by
/// the worker, whose request is never dropped; the automatic scan just waits its turn).
fn start_task(team: &mut TeamState, w: &mut Window<'_>, task: Task, manual: bool, cx: &mut Cx<'_>) {
    if team.work.is_some() {
        // One at a time: the worker's request runs right after the current one.
        if manual {
            show_busy(w.view, task.busy_text());
            team.queued = Some((task, manual));
        }
        return;
    }
    if cx.store().is_none() {
        return;
    }
    let frames = cx.frames;
    // An earlier team thread still waits for the folder (a share that hangs): a new
    // one would only wait behind it with a copy of the key. Retried later.
    if team.gate.try_lock().is_err() {
        let since = *team.blocked_since.get_or_insert_with(Instant::now);
        if manual || since.elapsed() >= team.hung_after() {
            hung(team, w.view);
        }
        w.ctx.request_repaint_after(Duration::from_millis(500));
        return;
    }
    team.blocked_since = None;
    // The folder is touched first, without the base: a share that already hangs
    // blocks the thread before it gets its connection (and its copy of the key),
    // which the window hands over once the folder answered.
    let probe = match &task {
        Task::Create(folder) | Task::Join(folder) => Some(folder.clone()),
        _ => team.folder.as_ref().map(|(f, _)| f.clone()),
    };
    let (ask, asked) = mpsc::channel::<()>();
    let (give, given) = mpsc::channel::<crate::store::Opener>();
    let repaint = w.ctx.clone();
    let thread_task = task.clone();
    let unrecorded = Arc::clone(&team.unrecorded);
    let gate = Arc::clone(&team.gate);
    let programme = Some(w.programme);
    let spawned = cx.tasks.spawn_may_not_answer(TaskKind::Team, move || {
        let _gate = gate
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(folder) = probe {
            // Errors are the task's to say; only whether the folder answers counts.
            let _ = std::fs::read_dir(&folder).map(std::iter::Iterator::count);
        }
        if ask.send(()).is_err() {
            return None; // locked meanwhile: the base was never opened here
        }
        repaint.request_repaint();
        // Dropped when the window locked meanwhile, or could not lend the base.
        let opener = given.recv().ok()?;
        // Opened here: 1–15 ms that were a frame's (issue 17).
        let mut writer = match opener.open() {
            Ok(writer) => writer,
            Err(e) => {
                return Some(TaskDone::Team(Done {
                    manual,
                    result: Err(e.to_string()),
                    snapshot: None,
                    hlc: None,
                    board: None,
                }));
            }
        };
        record_unrecorded(&mut writer, &unrecorded);
        let result = run(&mut writer, &thread_task).map_err(|e| e.to_string());
        let board = matches!(&result, Ok(o) if o.applied > 0)
            .then(|| (super::load_board(&writer, programme), frames));
        let snapshot = Snapshot::read(&writer);
        let hlc = writer.hlc();
        // The key's copy is zeroized here, before the answer.
        drop(writer);
        // Forgotten if the app locked meanwhile: nobody hears of it then.
        Some(TaskDone::Team(Done {
            manual,
            result,
            snapshot: Some(snapshot),
            hlc: Some(hlc),
            board,
        }))
    });
    match spawned {
        Ok(()) => {
            team.writer_request = Some((asked, give));
            team.work = Some(Instant::now());
            team.hung_said = false;
            team.last_scan = Some(Instant::now());
            if manual {
                show_busy(w.view, task.busy_text());
            }
        }
        Err(e) => failed(w.view, manual, e.0),
    }
}

/// The panel says what runs, and forgets what the last task said.
fn show_busy(t: &mut TeamView, text: &str) {
    t.busy = true;
    t.busy_text = text.to_owned();
    t.last = None;
}

/// The status says the folder does not answer (a task waits for it too long).
fn hung(team: &mut TeamState, t: &mut TeamView) {
    team.hung_said = true;
    t.busy = false;
    t.problem = true;
    t.up_to_date = false;
    t.headline = HUNG_TEXT.to_owned();
}

/// A task could not start or died: said if the worker asked, or if nothing else is said.
fn failed(t: &mut TeamView, manual: bool, text: String) {
    t.busy = false;
    if manual || t.last.is_none() {
        t.last = Some(Message::error(text));
    }
}

/// Runs in [`App::logic`] (also while the window is hidden): follows the folder's
/// watch, hands its connection to the task that waits for it, starts the automatic sync
/// when due (a change seen in the folder, the end of the publication window, the
/// periodic scan), says when the folder does not answer.
pub(super) fn tick(team: &mut TeamState, w: &mut Window<'_>, cx: &mut Cx<'_>) {
    watch_messages(team, w.view);
    hand_writer(team, cx);
    if let Some(started) = team.work {
        if started.elapsed() >= team.hung_after() && !team.hung_said {
            hung(team, w.view);
        }
        w.ctx.request_repaint_after(Duration::from_millis(250));
    }
    if cx.store().is_none() || !team.active {
        return;
    }
    let interval = team.interval();
    if team.watch.is_none()
        && let Some((folder, device)) = team.folder.clone()
        && team.watch_tried.is_none_or(|t| t.elapsed() >= interval)
    {
        team.watch_tried = Some(Instant::now());
        if let Some(receiver) = spawn_watch(w.ctx, &folder, device) {
            team.watch = Some(Watch {
                receiver,
                watcher: None,
            });
        }
    }
    let now = Instant::now();
    let scan_at = team.last_scan.map_or(now, |t| t + interval);
    let publish_at = team.dirty_since.map(|t| {
        let window = t + interval;
        team.publish_tried
            .map_or(window, |tried| window.max(tried + interval))
    });
    let changed_at = team
        .changed
        .map(|(first, last)| (last + WATCH_QUIET).min(first + WATCH_MAX_DELAY));
    let publish = publish_at.is_some_and(|t| t <= now);
    let due = scan_at <= now || publish || changed_at.is_some_and(|t| t <= now);
    // Not while a job holds the base (a key rotation copies it: a write made meanwhile
    // would make its check fail); the scan runs when the job is done.
    if due && team.work.is_none() && cx.tasks.job().is_none() {
        if publish {
            team.publish_tried = Some(now);
        }
        start_task(team, w, Task::Sync { publish }, false, cx);
        if team.work.is_some() {
            team.changed = None;
        }
    }
    let next = [Some(scan_at), publish_at, changed_at]
        .into_iter()
        .flatten()
        .filter(|t| *t > now)
        .min()
        .map_or(interval, |t| t - now);
    w.ctx
        .request_repaint_after(next.max(Duration::from_millis(100)));
}

/// Hands its connection to the task that asked for it (the folder answered).
fn hand_writer(team: &mut TeamState, cx: &Cx<'_>) {
    let Some((asked, _)) = &team.writer_request else {
        return;
    };
    match asked.try_recv() {
        Ok(()) => {}
        Err(TryRecvError::Empty) => return,
        Err(TryRecvError::Disconnected) => {
            team.writer_request = None;
            return;
        }
    }
    let Some((_, give)) = team.writer_request.take() else {
        return;
    };
    if let Some(store) = cx.store() {
        // The thread opens it (a failure comes back as the task's).
        let _ = give.send(store.writer_opener());
    }
}

/// What the watch said since the last frame.
fn watch_messages(team: &mut TeamState, t: &mut TeamView) {
    let Some(watch) = &mut team.watch else {
        return;
    };
    let mut failed = None;
    let mut changed = false;
    let mut ready = false;
    loop {
        match watch.receiver.try_recv() {
            Ok(WatchMsg::Ready(watcher)) => {
                watch.watcher = Some(watcher);
                ready = true;
            }
            Ok(WatchMsg::Failed(why)) => failed = Some(why),
            Ok(WatchMsg::Changed) => changed = true,
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => {
                if watch.watcher.is_none() && failed.is_none() {
                    failed = Some(text::LE_SYSTEME_NE_PERMET_PAS_DE.into());
                }
                break;
            }
        }
    }
    if changed {
        let now = Instant::now();
        let first = team.changed.map_or(now, |(first, _)| first);
        team.changed = Some((first, now));
    }
    if ready {
        team.watch_problem = None;
        team.watch_tried = None;
    }
    if let Some(why) = failed {
        // Only the periodic scan now; the watch is tried again after an interval.
        team.watch = None;
        team.watch_problem = Some(why);
    }
    if ready || team.watch.is_none() {
        t.auto_line = auto_line(team);
    }
}

/// The folder dialog closed (`None`: cancelled).
pub(super) fn folder_chosen(t: &mut TeamView, chosen: Option<PathBuf>) {
    t.choosing = false;
    if let Some(folder) = chosen {
        t.folder = folder.display().to_string();
    }
}

/// A team task answered (collected by the task service; `None`: its thread died): said,
/// and the task the worker asked meanwhile starts.
pub(super) fn task_done(
    team: &mut TeamState,
    w: &mut Window<'_>,
    done: Option<Done>,
    cx: &mut Cx<'_>,
) {
    team.work = None;
    match done {
        Some(done) => show_done(team, w.view, done, cx),
        None => failed(w.view, true, super::JOB_DIED.to_owned()),
    }
    if let Some((task, manual)) = team.queued.take() {
        start_task(team, w, task, manual, cx);
    }
}

/// Says how a task went, refreshes the panel, and has the app re-read what packets
/// changed (the board as the thread read it, the workers, the household list).
fn show_done(team: &mut TeamState, t: &mut TeamView, done: Done, cx: &mut Cx<'_>) {
    if let (Some(store), Some(hlc)) = (cx.store_mut(), done.hlc) {
        store.observe_hlc(hlc);
    }
    let (applied, published) = match &done.result {
        Ok(o) => (o.applied, o.published),
        Err(_) => (0, false),
    };
    // Without a snapshot (the base could not be opened) nothing is known: as it was.
    if let Some(snapshot) = &done.snapshot {
        let unpublished = match &snapshot.status {
            Ok(Some(s)) => s.unpublished,
            _ => 0,
        };
        team.dirty_since = if unpublished > 0 {
            team.dirty_since.or(Some(Instant::now()))
        } else {
            None
        };
    }
    if done.manual {
        t.busy = false;
    }
    let say = done.manual || applied > 0 || published || done.result.is_err();
    if say {
        t.last = Some(match done.result {
            Ok(o) => Message::success(o.text),
            Err(e) => Message::error(e),
        });
    } else if t.last.as_ref().is_some_and(|m| !m.is_success()) {
        // The folder answers again: an earlier failure is no longer true.
        t.last = None;
    }
    if done.manual && t.last.as_ref().is_some_and(Message::is_success) {
        t.folder.clear();
    }
    if let Some(snapshot) = done.snapshot {
        fill(team, t, snapshot, cx);
    }
    if applied > 0 {
        cx.then.push(Then::RecordsArrived(done.board.map(Box::new)));
    }
}

/// Fills « Paramètres → Équipe » from the base (nothing written). The folder is read
/// by the automatic scan that starts right after.
pub(super) fn load(team: &mut TeamState, t: &mut TeamView, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    // Only the base: whether it is in a team, and the advice still to show. The
    // folder itself is read by the scan that follows, on its thread.
    let in_team = store.team_config().ok().flatten();
    let advice = store
        .setting(REKEY_ADVICE_SETTING)
        .ok()
        .flatten()
        .filter(|s| !s.is_empty());
    team.active = in_team.is_some();
    team.set_folder(in_team.as_ref().map(|c| PathBuf::from(&c.folder)), cx);
    t.member = in_team.is_some();
    t.is_coordinator = in_team.as_ref().is_some_and(|c| c.is_coordinator);
    t.rekey_advice = advice;
    t.auto_line = auto_line(team);
    t.interval_secs = team.interval().as_secs();
    if t.member && t.headline.is_empty() {
        t.headline = text::LECTURE_DU_DOSSIER_D_EQUIPE.to_owned();
    }
}

/// The line that says how the automatic sync works now (watched or only scanned).
fn auto_line(team: &TeamState) -> String {
    let secs = team.interval().as_secs().max(1);
    let every = if secs.is_multiple_of(60) {
        text::secs_min(secs / 60)
    } else {
        text::secs_s(secs)
    };
    let published = text::vos_modifications_sont_publiees_every(&every);
    if team.watching() {
        text::synchronisation_automatique_ce_qui(&every, &published)
    } else if let Some(why) = &team.watch_problem {
        text::surveillance_du_dossier_impossible_why(why, &every, &published)
    } else {
        text::synchronisation_automatique_le_dossier(&every, &published)
    }
}

/// The panel as the thread read the base after its task.
fn fill(team: &mut TeamState, t: &mut TeamView, snapshot: Snapshot, cx: &Cx<'_>) {
    match &snapshot.status {
        Ok(None) => team.set_folder(None, cx),
        Ok(Some(status)) => team.set_folder(Some(PathBuf::from(&status.folder)), cx),
        Err(_) => {}
    }
    t.pending = snapshot.pending;
    t.own_fingerprint = snapshot.own_fingerprint;
    t.rekey_advice = snapshot.rekey_advice;
    t.auto_line = auto_line(team);
    t.interval_secs = team.interval().as_secs();
    match snapshot.status {
        Ok(None) => {
            t.member = false;
            team.active = false;
        }
        Ok(Some(status)) => {
            let mut lines = team::status_lines(&status, snapshot.now);
            t.member = true;
            team.active = true;
            t.is_coordinator = status.is_coordinator;
            t.admitted = status.admitted;
            t.problem = status.folder_problem.is_some() || !status.admitted;
            t.up_to_date = !t.problem && status.unpublished == 0;
            t.headline = if lines.is_empty() {
                String::new()
            } else {
                lines.remove(0)
            };
            t.lines = lines;
            t.members = status
                .members
                .iter()
                .map(|m| MemberLine {
                    device: m.device,
                    name: m.name.clone(),
                    revoked: m.revoked,
                    me: m.me,
                })
                .collect();
        }
        Err(e) => {
            t.member = true;
            t.problem = true;
            t.headline = text::etat_de_l_equipe_illisible_e(&e);
            t.lines.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    #[test]
    fn the_watch_wakes_for_others_files_under_their_final_name_only() {
        let root = Path::new("/equipe");
        let own = "11111111-2222-3333-4444-555555555555";
        let other = "/equipe/log/99999999-2222-3333-4444-555555555555";
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let created = EventKind::Create(CreateKind::File);
        let wakes = |kind, paths: &[&str]| worth_applying(root, own, &event(kind, paths));
        // Syncthing's final rename, a plain copy finished, a roster version.
        assert!(wakes(
            renamed,
            &[
                &format!("{other}/.syncthing.3.age.tmp"),
                &format!("{other}/3.age")
            ]
        ));
        assert!(wakes(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &[&format!("{other}/4.age")]
        ));
        assert!(wakes(created, &["/equipe/roster/7.json"]));
        // Temporary, partial, conflict copies; our own log; our reads; removals.
        assert!(!wakes(created, &[&format!("{other}/.syncthing.3.age.tmp")]));
        assert!(!wakes(created, &[&format!("{other}/3.age.part")]));
        assert!(!wakes(created, &[&format!("{other}/.~lock.3.age")]));
        assert!(!wakes(
            created,
            &[&format!(
                "{other}/3.sync-conflict-20261201-010203-ABCDEF.age"
            )]
        ));
        assert!(!wakes(created, &[&format!("/equipe/log/{own}/5.age")]));
        assert!(!wakes(created, &[&format!("/equipe/ack/{own}.json")]));
        assert!(!wakes(
            EventKind::Access(AccessKind::Open(AccessMode::Read)),
            &[&format!("{other}/3.age")]
        ));
        assert!(!wakes(
            EventKind::Remove(notify::event::RemoveKind::File),
            &[&format!("{other}/3.age")]
        ));
        assert!(!wakes(created, &["/ailleurs/3.age"]));
    }
}
