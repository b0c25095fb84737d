//! « Paramètres → Équipe » in the app (issue 15): create, join, admit, revoke, sync, and
//! the automatic sync (a periodic scan, a publication window, at lock and at quit).
//!
//! Every task that touches the shared folder runs on a named thread with its own
//! connection to the base ([`Store::writer`]): a USB key pulled out or a network share that
//! hangs then never freezes the window nor takes the base away from the worker. One task
//! at a time (the app keeps one in flight, and [`GATE`] also orders the publications made
//! at lock and at quit): never two syncs at once. The result comes back through a channel
//! and is shown after the frame, like the other background work.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::native_dialog::{native_file_dialog_available, spawn_folder_dialog};
use super::{App, Screen};
use crate::domain::hlc::Hlc;
use crate::store::Store;
use crate::team::{self, TeamError};
use crate::ui::file_chooser::{ChooserMode, FileChooser};
use crate::ui::team::{CardLine, MemberLine, TeamAction, TeamView, same_fingerprint};

/// Held by every thread working on the team folder: two syncs never overlap, even the
/// publication at lock with a scan that was still running.
static GATE: Mutex<()> = Mutex::new(());

/// Seconds between two scans of the folder, and of the publication window (kept in the
/// encrypted base; 30 unless set).
pub(super) const TEAM_INTERVAL_SETTING: &str = "team.sync_interval_seconds";
/// The advice to change the key after a revocation, until dismissed (who was revoked).
const REKEY_ADVICE_SETTING: &str = "team.rekey_advice";
/// Default period of the automatic sync.
pub(super) const DEFAULT_TEAM_INTERVAL: Duration = Duration::from_secs(30);
/// How long quitting waits for the last publication before closing anyway.
const QUIT_WAIT: Duration = Duration::from_secs(3);
/// After this long, a task still running is said (the folder does not answer).
const HUNG_AFTER: Duration = Duration::from_secs(60);
/// Title of the folder choosers (also the key of the folder remembered).
const CHOOSE_TITLE: &str = "Choisir le dossier partagé de l'équipe";

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
            Task::Sync { .. } => "Synchronisation avec le dossier d'équipe…",
            Task::Create(_) => "Création de l'équipe dans le dossier…",
            Task::Join(_) => "Dépôt de la carte de ce poste dans le dossier…",
            Task::Admit { .. } => "Admission…",
            Task::Revoke { .. } => "Retrait de l'équipe…",
            Task::Refresh => "Lecture du dossier d'équipe…",
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
struct Done {
    /// Asked by the worker (its outcome is said), or the automatic scan (said only when
    /// something happened or went wrong).
    manual: bool,
    result: Result<Outcome, String>,
    snapshot: Snapshot,
    /// The writer's clock, handed back to the window's connection.
    hlc: Hlc,
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
    work: Option<(Receiver<Done>, Instant)>,
    /// A task asked while another ran: started when it ends.
    queued: Option<(Task, bool)>,
    folder_dialog: Option<Receiver<Option<PathBuf>>>,
    /// The base is in a team and admitted (the automatic sync runs).
    active: bool,
    last_scan: Option<Instant>,
    /// Since when something may wait to be published.
    dirty_since: Option<Instant>,
    /// From the base ([`TEAM_INTERVAL_SETTING`]).
    interval: Option<Duration>,
    /// Tests run the automatic sync fast.
    interval_override: Option<Duration>,
    hung_said: bool,
}

impl TeamState {
    fn interval(&self) -> Duration {
        self.interval_override
            .or(self.interval)
            .unwrap_or(DEFAULT_TEAM_INTERVAL)
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
            let s = if n > 1 { "s" } else { "" };
            let text = format!(
                "Synchronisé : {}, {n} paquet{s} appliqué{s}.",
                match &published {
                    Some(p) => format!("paquet n° {} publié", p.seq),
                    None => "rien à publier".to_owned(),
                },
            );
            Ok(Outcome {
                text,
                applied: n,
                published: published.is_some(),
            })
        }
        Task::Create(folder) => {
            let t = team::create(store, folder)?;
            Ok(outcome(format!(
                "Équipe créée dans {}. Empreinte de la coordination, à lire à chaque \
                 collègue qui rejoint : {}",
                folder.display(),
                t.coordinator_fingerprint
            )))
        }
        Task::Join(folder) => {
            let (t, _) = team::join(store, folder)?;
            Ok(outcome(format!(
                "Carte déposée dans le dossier. La coordination doit vous lire son \
                 empreinte : {}",
                t.coordinator_fingerprint
            )))
        }
        Task::Admit {
            device,
            fingerprint,
        } => {
            let card = team::preview_card(store, &device.to_string())?;
            if !same_fingerprint(fingerprint, &card.fingerprint) {
                return Err(TeamError::BadFile(
                    "l'empreinte lue ne correspond pas à la carte : poste non admis".into(),
                ));
            }
            let roster = team::admit(store, &device.to_string())?;
            Ok(outcome(format!(
                "{} admis·e dans l'équipe (liste version {}, {} membres).",
                card.worker.display_name(),
                roster.version,
                roster.members.len()
            )))
        }
        Task::Revoke { device, lost } => {
            let m = team::revoke(store, &device.to_string())?;
            let name = m.worker.display_name();
            store.write(|tx| {
                tx.audit(
                    "équipe révocation",
                    &format!(
                        "poste {device} ; {}",
                        if *lost { "ordinateur perdu" } else { "départ" }
                    ),
                )
            })?;
            store.set_setting(REKEY_ADVICE_SETTING, &name)?;
            Ok(outcome(format!(
                "{name} ne fait plus partie de l'équipe : {}.",
                m.refused_after()
            )))
        }
        Task::Refresh => Ok(outcome("Dossier relu.".to_owned())),
    }
}

/// Publishes what is pending on a thread of its own (at lock and at quit). Returns the
/// channel that says when it is done.
fn spawn_publish(store: &Store) -> Option<Receiver<()>> {
    let mut writer = store.writer().ok()?;
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("passerelle-equipe-publication".to_owned())
        .spawn(move || {
            let _gate = GATE.lock().unwrap_or_else(|p| p.into_inner());
            // A failure is said at the next sync (the changes stay pending, nothing lost).
            let _ = team::publish(&mut writer);
            drop(writer);
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

    /// Reads the team's settings from the base just opened.
    pub(super) fn load_team_settings(&mut self) {
        self.team.interval = self
            .store
            .as_ref()
            .and_then(|s| s.setting(TEAM_INTERVAL_SETTING).ok().flatten())
            .and_then(|t| t.parse::<u64>().ok())
            .filter(|s| (5..=3600).contains(s))
            .map(Duration::from_secs);
        self.team.last_scan = None;
        self.team.dirty_since = None;
    }

    /// A command was applied: something may wait to be published.
    pub(super) fn team_note_activity(&mut self) {
        if self.team.active && self.team.dirty_since.is_none() {
            self.team.dirty_since = Some(Instant::now());
        }
    }

    pub(super) fn apply_team(&mut self, ctx: &egui::Context, action: TeamAction) {
        match action {
            TeamAction::ChooseFolder => self.choose_team_folder(ctx),
            TeamAction::Create(folder) => self.start_team_task(ctx, Task::Create(folder), true),
            TeamAction::Join(folder) => self.start_team_task(ctx, Task::Join(folder), true),
            TeamAction::Admit {
                device,
                fingerprint,
            } => self.start_team_task(
                ctx,
                Task::Admit {
                    device,
                    fingerprint,
                },
                true,
            ),
            TeamAction::Revoke { device, lost } => {
                self.start_team_task(ctx, Task::Revoke { device, lost }, true)
            }
            TeamAction::Refresh => self.start_team_task(ctx, Task::Refresh, true),
            TeamAction::OpenRekey => {
                if let Screen::Main(view) = &mut self.screen {
                    view.settings.rekey_open = true;
                    view.settings.rekey_focus = true;
                    view.settings.rekey_error = None;
                }
            }
            TeamAction::DismissRekeyAdvice => {
                if let Some(store) = &mut self.store {
                    let _ = store.set_setting(REKEY_ADVICE_SETTING, "");
                }
                if let Screen::Main(view) = &mut self.screen {
                    view.settings.team.rekey_advice = None;
                }
            }
        }
    }

    /// « Synchroniser maintenant ».
    pub(super) fn start_team_sync(&mut self, ctx: &egui::Context) {
        self.start_team_task(ctx, Task::Sync { publish: true }, true);
    }

    fn choose_team_folder(&mut self, ctx: &egui::Context) {
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        if native_file_dialog_available() {
            self.team.folder_dialog = spawn_folder_dialog(CHOOSE_TITLE, ctx, |path| path);
        }
        let team = &mut view.settings.team;
        if self.team.folder_dialog.is_some() {
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

    fn start_team_task(&mut self, ctx: &egui::Context, task: Task, manual: bool) {
        if self.team.work.is_some() {
            // One at a time: the worker's request runs right after the current one.
            if manual {
                self.team.queued = Some((task.clone(), manual));
                self.show_team_busy(task.busy_text());
            }
            return;
        }
        let Some(store) = &self.store else {
            return;
        };
        let mut writer = match store.writer() {
            Ok(w) => w,
            Err(e) => {
                self.team_failed(manual, e.to_string());
                return;
            }
        };
        let (sender, receiver) = mpsc::channel();
        let repaint = ctx.clone();
        let thread_task = task.clone();
        let spawned = std::thread::Builder::new()
            .name("passerelle-equipe".to_owned())
            .spawn(move || {
                let _gate = GATE.lock().unwrap_or_else(|p| p.into_inner());
                let result = run(&mut writer, &thread_task).map_err(|e| e.to_string());
                let snapshot = Snapshot::read(&writer);
                let hlc = writer.hlc();
                // The key's copy is zeroized here, before the answer.
                drop(writer);
                // Gone if the app locked meanwhile: nothing to report then.
                let _ = sender.send(Done {
                    manual,
                    result,
                    snapshot,
                    hlc,
                });
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.team.work = Some((receiver, Instant::now()));
                self.team.hung_said = false;
                self.team.last_scan = Some(Instant::now());
                if manual {
                    self.show_team_busy(task.busy_text());
                }
            }
            Err(e) => self.team_failed(
                manual,
                format!("Impossible de lancer le travail en arrière-plan ({e}). Réessayez."),
            ),
        }
    }

    fn show_team_busy(&mut self, text: &str) {
        if let Screen::Main(view) = &mut self.screen {
            view.settings.team.busy = true;
            view.settings.team.busy_text = text.to_owned();
            view.settings.team.last = None;
        }
    }

    fn team_failed(&mut self, manual: bool, text: String) {
        if let Screen::Main(view) = &mut self.screen {
            view.settings.team.busy = false;
            if manual || view.settings.team.last.is_none() {
                view.settings.team.last = Some((false, text));
            }
        }
    }

    /// Runs in [`App::logic`] (also while the window is hidden): takes a finished task's
    /// result, starts the automatic scan when due, says when the folder does not answer.
    pub(super) fn team_tick(&mut self, ctx: &egui::Context) {
        self.team_folder_dialog();
        if let Some((receiver, started)) = &self.team.work {
            match receiver.try_recv() {
                Ok(done) => {
                    self.team.work = None;
                    self.team_done(done);
                    if let Some((task, manual)) = self.team.queued.take() {
                        self.start_team_task(ctx, task, manual);
                    }
                }
                Err(TryRecvError::Empty) => {
                    if started.elapsed() >= HUNG_AFTER && !self.team.hung_said {
                        self.team.hung_said = true;
                        self.team_failed(
                            true,
                            "Le dossier d'équipe ne répond pas depuis plus d'une minute (clé \
                             USB retirée, réseau coupé ?). Vous pouvez continuer à travailler : \
                             vos modifications restent dans cette base et seront publiées \
                             quand le dossier répondra."
                                .to_owned(),
                        );
                    }
                    ctx.request_repaint_after(Duration::from_millis(250));
                }
                Err(TryRecvError::Disconnected) => {
                    self.team.work = None;
                    self.team_failed(true, super::JOB_DIED.to_owned());
                }
            }
        }
        if self.store.is_none() || !self.team.active || !matches!(self.screen, Screen::Main(_)) {
            return;
        }
        let interval = self.team.interval();
        let due = self.team.last_scan.is_none_or(|t| t.elapsed() >= interval);
        // Not while a job holds the base (a key rotation copies it: a write made meanwhile
        // would make its check fail); the scan runs when the job is done.
        if due && self.team.work.is_none() && self.job.is_none() {
            let publish = self
                .team
                .dirty_since
                .is_some_and(|t| t.elapsed() >= interval);
            self.start_team_task(ctx, Task::Sync { publish }, false);
        }
        let next = self
            .team
            .last_scan
            .map(|t| interval.saturating_sub(t.elapsed()))
            .unwrap_or_default();
        ctx.request_repaint_after(next.max(Duration::from_millis(100)));
    }

    fn team_folder_dialog(&mut self) {
        let Some(receiver) = &self.team.folder_dialog else {
            return;
        };
        let chosen = match receiver.try_recv() {
            Ok(chosen) => chosen,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => None,
        };
        self.team.folder_dialog = None;
        if let Screen::Main(view) = &mut self.screen {
            view.settings.team.choosing = false;
            if let Some(folder) = chosen {
                view.settings.team.folder = folder.display().to_string();
            }
        }
    }

    fn team_done(&mut self, done: Done) {
        if let Some(store) = &mut self.store {
            store.observe_hlc(done.hlc);
        }
        let (applied, published) = match &done.result {
            Ok(o) => (o.applied, o.published),
            Err(_) => (0, false),
        };
        let unpublished = match &done.snapshot.status {
            Ok(Some(s)) => s.unpublished,
            _ => 0,
        };
        self.team.dirty_since = if unpublished > 0 {
            self.team.dirty_since.or(Some(Instant::now()))
        } else {
            None
        };
        if let Screen::Main(view) = &mut self.screen {
            let t = &mut view.settings.team;
            if done.manual {
                t.busy = false;
            }
            let say = done.manual || applied > 0 || published || done.result.is_err();
            if say {
                t.last = Some(match done.result {
                    Ok(o) => (true, o.text),
                    Err(e) => (false, e),
                });
            }
            if done.manual && matches!(t.last, Some((true, _))) {
                t.folder.clear();
            }
        }
        self.fill_team(done.snapshot);
        if applied > 0 {
            self.load_workers();
            self.refresh_board();
            if let Screen::Main(view) = &mut self.screen {
                view.households.list_due = true;
            }
        }
    }

    /// Fills « Paramètres → Équipe » from the base (nothing written). The folder is read
    /// by the automatic scan that starts right after.
    pub(super) fn load_team(&mut self) {
        let Some(store) = &self.store else {
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
        self.team.active = in_team.is_some();
        let auto_line = self.auto_line();
        if let Screen::Main(view) = &mut self.screen {
            let t = &mut view.settings.team;
            t.member = in_team.is_some();
            t.is_coordinator = in_team.as_ref().is_some_and(|c| c.is_coordinator);
            t.rekey_advice = advice;
            t.auto_line = auto_line;
            if t.member && t.headline.is_empty() {
                t.headline = "Lecture du dossier d'équipe…".to_owned();
            }
        }
    }

    fn auto_line(&self) -> String {
        let secs = self.team.interval().as_secs().max(1);
        let every = if secs.is_multiple_of(60) {
            format!("{} min", secs / 60)
        } else {
            format!("{secs} s")
        };
        format!(
            "Synchronisation automatique : le dossier est relu toutes les {every} ; vos \
             modifications sont publiées {every} après la première, au verrouillage et à la \
             fermeture."
        )
    }

    fn fill_team(&mut self, snapshot: Snapshot) {
        let auto_line = self.auto_line();
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let t: &mut TeamView = &mut view.settings.team;
        t.pending = snapshot.pending;
        t.own_fingerprint = snapshot.own_fingerprint;
        t.rekey_advice = snapshot.rekey_advice;
        t.auto_line = auto_line;
        match snapshot.status {
            Ok(None) => {
                t.member = false;
                self.team.active = false;
            }
            Ok(Some(status)) => {
                let mut lines = team::status_lines(&status, snapshot.now);
                t.member = true;
                self.team.active = true;
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
                t.headline = format!("État de l'équipe illisible : {e}");
                t.lines.clear();
            }
        }
    }

    /// At lock: what is pending is published on a thread of its own; the lock itself
    /// never waits for the folder. A scan still running finishes on its own connection and
    /// its answer is dropped.
    pub(super) fn team_at_lock(&mut self) {
        if self.team.active
            && let Some(store) = &self.store
        {
            // Nothing else to do if it cannot start: the changes stay pending.
            let _ = spawn_publish(store);
        }
        self.team.work = None;
        self.team.queued = None;
        self.team.folder_dialog = None;
        self.team.active = false;
        self.team.dirty_since = None;
    }

    /// At quit: publishes what is pending, waiting at most [`QUIT_WAIT`]; a folder that
    /// hangs longer does not keep the window open (the changes stay pending in the base
    /// and are published at the next start).
    pub(super) fn team_at_quit(&mut self) {
        if !self.team.active {
            return;
        }
        if let Some(done) = self.store.as_ref().and_then(spawn_publish) {
            let _ = done.recv_timeout(QUIT_WAIT);
        }
    }
}
