//! The eframe application: owns the state, collects background results, draws the current
//! screen, then applies the commands the views pushed, in one place, after the frame.
//!
//! The [`Store`] lives here while the base is open. Slow work (key derivation for create,
//! unlock, recover and passphrase change; packets, imports, backups; reads of whole
//! sections; file dialogs) goes through the task service (`app/tasks.rs`): one named thread
//! per task, one answer type, collected in [`App::logic`]. A job that needs the base takes
//! it and gives it back with its answer, so the UI thread never waits and never shares the
//! connection; actions asked for meanwhile wait for it (« N actions en attente »).

mod board;
pub use board::load_board;
mod clipboard;
mod exchange;
pub mod idle;
mod os_lock;

use std::time::Duration;

use crate::ui::shell::text;
use egui::{Key, KeyboardShortcut, Modifiers};
use zeroize::Zeroizing;

mod matching;
mod native_dialog;
mod section;
mod tasks;

use std::path::PathBuf;

use tasks::{Collected, DialogFor, TaskDone, TaskKind};

use crate::command::matching::MatchingCommand;
use crate::command::{Command, Section};
use crate::store::{KdfParams, Passphrase, RecoveryKey, Rotation, Store, StoreError, StorePaths};
use crate::ui;
use crate::ui::board::BoardView;
use crate::ui::first_run::{FirstRunStep, FirstRunView};
use crate::ui::matching::MatchingView;
use crate::ui::recover::RecoverView;
use crate::ui::settings::{DEFAULT_LOCK_DELAY_MINUTES, LOCK_DELAY_RANGE};
use crate::ui::shell::{Message, ShellView, Summary};
use crate::ui::unlock::UnlockView;

mod audit_log;
mod backup;
pub mod demo_base;
mod household;
mod notice;
mod reports;
mod retention;
mod sheet;
mod team;

/// Where the idle delay is kept: in the encrypted base, so it follows the data (and a
/// plaintext settings file has nothing to hold).
const LOCK_DELAY_SETTING: &str = "ui.lock_delay_minutes";
/// « Verrouiller dès que la fenêtre est réduite » (off unless set to "1").
const LOCK_ON_MINIMISE_SETTING: &str = "ui.lock_on_minimise";
/// « Verrouiller à la mise en veille et au verrouillage de la session » (on unless "0").
const LOCK_ON_OS_SIGNALS_SETTING: &str = "ui.lock_on_os_signals";

pub use idle::{Clock, ClockReading};

/// Runs the desktop app on the base at `paths` until the window is closed.
///
/// Uses the glow renderer. eframe's persistence feature is off on purpose: its storage is a
/// plaintext file, and nothing of a case may ever reach it.
pub fn run_gui(paths: StorePaths) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(text::PASSERELLE)
        .with_app_id("passerelle")
        .with_inner_size([1280.0, 720.0])
        .with_min_inner_size([960.0, 600.0]);
    // A broken icon is cosmetic: the window opens without it rather than not at all.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!("../assets/passerelle.png"))
    {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        text::PASSERELLE,
        options,
        Box::new(move |_cc| Ok(Box::new(App::new(paths)))),
    )
    .map_err(|e| anyhow::anyhow!(text::window_failed(e)))
}

/// How the cost of the key derivation is chosen for new key files.
#[derive(Clone, Copy)]
enum Kdf {
    /// Measure this machine (about a second, on the worker thread).
    Calibrate,
    /// Use these parameters (tests use [`KdfParams::FLOOR`] to skip calibration).
    Fixed(KdfParams),
}

impl Kdf {
    fn params(self) -> KdfParams {
        match self {
            Kdf::Calibrate => KdfParams::calibrate(),
            Kdf::Fixed(params) => params,
        }
    }
}

/// The screen being shown.
// One screen exists at a time, for the life of the window: the size difference is moot.
#[allow(clippy::large_enum_variant)]
enum Screen {
    FirstRun(FirstRunView),
    Unlock(UnlockView),
    Recover(RecoverView),
    Main(ShellView),
}

/// What the main window shows first, read by the thread that opened the base: the UI
/// thread never reads a whole programme's cards at unlock (190 ms at 10,000 households, 11
/// frozen frames; issue 17). The banner's reminders come after, see [`read_reminders`].
struct FirstViews {
    board: Result<BoardView, StoreError>,
    counts: Option<crate::store::records::Summary>,
}

impl FirstViews {
    fn read(store: &Store) -> FirstViews {
        FirstViews {
            board: board::load_board(store, None),
            counts: store.summary().ok(),
        }
    }
}

/// The banner's reminders, retention first: « N ménages ont dépassé leur durée de
/// conservation » (issue 14), « Aucune sauvegarde depuis N jours ». Read on a thread of
/// their own once the board is shown: the retention preview reads every household
/// (300 ms at 10,000 households), which the worker should not wait for to see her board.
fn read_reminders(store: &Store) -> Vec<String> {
    [retention::reminder(store), backup::reminder(store)]
        .into_iter()
        .flatten()
        .collect()
}

/// Shown when a worker thread ends without an answer (it panicked).
const JOB_DIED: &str = text::L_OPERATION_S_EST_INTERROMPUE_DE;

/// The Passerelle desktop application.
pub struct App {
    paths: StorePaths,
    kdf: Kdf,
    screen: Screen,
    /// The open base, when unlocked and not lent to a job.
    store: Option<Store>,
    /// Commands that need the base, asked for while a job held it: applied in order when
    /// it comes back (see [`Command::needs_store`]).
    waiting: Vec<Command>,
    /// Every background thread of the window, and their answers ([`tasks`]).
    tasks: tasks::Tasks,
    /// A lock was asked while a job held the base: drop it as soon as it comes back.
    lock_when_job_returns: bool,
    lock_delay: Duration,
    /// When the last input (or finished background work) was seen, on both idle clocks.
    last_activity: ClockReading,
    clock: Clock,
    lock_on_minimise: bool,
    lock_on_os_signals: bool,
    /// Listen to the system's sleep and lock signals on these buses (the real window;
    /// tests drive the app without a bus, or with a private one).
    watch_os: Option<os_lock::Buses>,
    /// Sleep and lock signals from the D-Bus listeners, once started.
    os_signals: Option<os_lock::Signals>,
    /// Digests of what the app copied to the clipboard, cleared at lock.
    copied: clipboard::CopiedTexts,
    /// Where the worker was when the base locked (section, open household and its tab): the
    /// app goes back there after the unlock. Ids only, no personal data.
    resume_at: Option<(
        Section,
        Option<(uuid::Uuid, crate::ui::household::PageSection)>,
    )>,
    commands: Vec<Command>,
    /// The look is set on the first frame, so tests and the real window look the same.
    styled: bool,
    /// A household form parked in memory (zeroized) when a lock came while a worker held
    /// the base; see `app/household.rs`.
    household_draft: Option<Zeroizing<String>>,
    /// The state of the sections in the shape of `app/section.rs`.
    sections: section::Sections,
    /// What the sections asked of the app during their last call ([`App::follow_then`]).
    then: Vec<section::Then>,
    /// Wrong passphrases typed since the last unlock, written to the access log by the
    /// next unlock (a failed unlock never touches the base).
    failed_unlocks: Vec<chrono::DateTime<chrono::Utc>>,
    /// The team's background work and automatic sync (issue 15).
    team: team::TeamState,
    /// The real base while the demo base is open in its place (see `app/demo_base.rs`).
    real_paths: Option<StorePaths>,
    /// The workday bench's foil: the whole board and the counts re-read on the UI thread
    /// after every command, as the app did before it patched one card or row.
    full_reloads: bool,
    /// Frames in which the worker's commands were applied: a board read by a background
    /// thread is shown only if nothing was applied here since it started reading (else
    /// it may show a card as it was before a move).
    command_frames: u64,
}

impl App {
    /// The app for the base at `paths`: first run if nothing is there, else the lock screen.
    /// New key files get a key derivation calibrated on this machine.
    pub fn new(paths: StorePaths) -> Self {
        let mut app = Self::build(paths, Kdf::Calibrate);
        app.watch_os = Some(os_lock::Buses::Desktop);
        app
    }

    /// Like [`App::new`], with fixed key-derivation parameters (tests pass
    /// [`KdfParams::FLOOR`] so that they do not spend a second calibrating).
    pub fn with_kdf(paths: StorePaths, kdf: KdfParams) -> Self {
        Self::build(paths, Kdf::Fixed(kdf))
    }

    fn build(paths: StorePaths, kdf: Kdf) -> Self {
        let clock: Clock = idle::system_clock();
        let screen = if paths.exists() {
            Screen::Unlock(UnlockView::new(display(&paths.db), None))
        } else {
            Screen::FirstRun(FirstRunView::new(display(&paths.db)))
        };
        Self {
            paths,
            kdf,
            screen,
            store: None,
            waiting: Vec::new(),
            tasks: tasks::Tasks::default(),
            lock_when_job_returns: false,
            lock_delay: minutes(DEFAULT_LOCK_DELAY_MINUTES),
            last_activity: clock(),
            clock,
            lock_on_minimise: false,
            lock_on_os_signals: true,
            watch_os: None,
            os_signals: None,
            copied: clipboard::CopiedTexts::default(),
            resume_at: None,
            commands: Vec::new(),
            styled: false,
            household_draft: None,
            sections: section::Sections::default(),
            then: Vec::new(),
            failed_unlocks: Vec::new(),
            team: Default::default(),
            real_paths: None,
            full_reloads: false,
            command_frames: 0,
        }
    }

    /// The workday bench's foil (`benches/workday.rs`): after every command, re-read the
    /// whole board and the counts on the UI thread instead of patching what changed.
    /// Never set by the app itself.
    pub fn set_full_reloads(&mut self, on: bool) {
        self.full_reloads = on;
    }

    /// Listens for the screen saver's `ActiveChanged` on the session bus at `address` (a
    /// private `dbus-daemon` in tests), as the real window does on the desktop's buses.
    pub fn watch_session_bus_at(&mut self, address: String) {
        self.watch_os = Some(os_lock::Buses::SessionAt(address));
    }

    /// Replaces the clock of the idle timer (tests advance a fake clock instead of waiting).
    pub fn set_clock(&mut self, clock: Clock) {
        self.last_activity = clock();
        self.clock = clock;
    }

    /// Whether the base is open (held by the app or by a job working on it).
    pub fn is_unlocked(&self) -> bool {
        self.store.is_some() || self.store_lent()
    }

    /// Whether a job holds the base (the app gets it back when the job ends).
    fn store_lent(&self) -> bool {
        self.tasks.job().is_some_and(tasks::TaskKind::holds_store)
    }

    /// Says in the top bar how many actions wait for the base.
    fn show_waiting(&mut self) {
        let waiting = self.waiting.len();
        if let Screen::Main(view) = &mut self.screen {
            view.waiting = waiting;
        }
    }

    /// The actions that waited while a job held the base, applied in the order they were
    /// asked for, now that it is back (one that starts another such job makes the next
    /// ones wait again).
    fn apply_waiting(&mut self, ctx: &egui::Context) {
        if self.store.is_none() || self.waiting.is_empty() {
            return;
        }
        for command in std::mem::take(&mut self.waiting) {
            self.apply(ctx, command);
        }
        self.show_waiting();
    }

    /// Whether background work is running.
    pub fn is_busy(&self) -> bool {
        self.tasks.job().is_some()
    }

    /// The idle delay before the automatic lock.
    pub fn lock_delay(&self) -> Duration {
        self.lock_delay
    }

    /// One frame as eframe runs it when the window is shown: [`App::logic`], then the ui
    /// pass. Tests drive it directly through `egui_kittest` without an eframe window.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        self.ui_pass(ui);
    }

    /// What must happen even while the window is hidden (eframe then calls only this):
    /// the lock decisions, then the results of background work.
    ///
    /// The idle deadline is compared *before* any new input is counted (that happens in
    /// the ui pass, after this): the focus and pointer events of a window coming back
    /// after the delay must not cancel a lock that was already due.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.tasks.set_waker(ctx);
        self.start_os_watch(ctx);
        self.lock_on_os_signal(ctx);
        self.lock_if_idle(ctx);
        self.lock_if_minimised(ctx);
        self.collect_tasks(ctx);
        self.in_team(ctx, team::tick);
        self.schedule_idle_wakeup(ctx);
    }

    /// The shown frame: count input as activity, draw, apply the commands.
    fn ui_pass(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.styled {
            ui::apply_style(&ctx);
            self.styled = true;
        }
        self.watch_activity(&ctx);
        self.draw(ui);
        let commands = std::mem::take(&mut self.commands);
        let applied = !commands.is_empty();
        if applied {
            self.command_frames += 1;
            team::note_activity(&mut self.team);
        }
        self.apply_waiting(&ctx);
        for command in commands {
            self.apply(&ctx, command);
        }
        if self.full_reloads && applied {
            self.refresh_board();
            if let Some(store) = &self.store {
                std::hint::black_box(store.summary().ok());
            }
        }
        {
            let shown = matches!(&self.screen, Screen::Main(v) if v.section == Section::Menages);
            self.in_households(|view, cx| household::after_frame(view, shown, cx));
        }
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| p.is_absolute())
        });
        if let Some(path) = dropped
            && self.store.is_some()
        {
            self.in_exchange(|view, _, cx| exchange::dropped(view, path, cx));
        }
        {
            let (main, sections, mut cx) = self.parts();
            let view = main.map(|m| &mut *m.reports);
            reports::after_commands(&mut sections.reports, view, &mut cx);
        }
        self.follow_then(&ctx);
        self.in_matching(matching::after_frame);
        self.copied.record(&ctx);
        self.schedule_idle_wakeup(&ctx);
    }

    /// Reads the banner's reminders in the background.
    fn start_reminders(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        self.tasks
            .read(tasks::TaskKind::Reminders, store, |store: &Store| {
                tasks::TaskDone::Reminders(read_reminders(store))
            });
    }

    /// Shows the reminders once read, unless another message took the banner meanwhile.
    fn show_reminders(&mut self, reminders: Vec<String>) {
        if let Screen::Main(view) = &mut self.screen
            && view.message.is_none()
            && !reminders.is_empty()
        {
            view.message = Some(Message::error(reminders.join("\n")));
        }
    }

    /// The main window's view models (when it is shown), the sections' states, the team's
    /// (kept across a lock, unlike the sections') and the context a section works with:
    /// disjoint borrows of the app, for one command or one answer.
    fn all_parts(
        &mut self,
    ) -> (
        Option<&mut ShellView>,
        &mut section::Sections,
        &mut team::TeamState,
        section::Cx<'_>,
    ) {
        let main = match &mut self.screen {
            Screen::Main(view) => Some(view),
            _ => None,
        };
        let cx = section::Cx {
            store: &mut self.store,
            tasks: &mut self.tasks,
            then: &mut self.then,
            frames: self.command_frames,
        };
        (main, &mut self.sections, &mut self.team, cx)
    }

    /// [`Self::all_parts`] without the team.
    fn parts(
        &mut self,
    ) -> (
        Option<&mut ShellView>,
        &mut section::Sections,
        section::Cx<'_>,
    ) {
        let (main, sections, _, cx) = self.all_parts();
        (main, sections, cx)
    }

    /// [`Self::all_parts`] for the team.
    fn team_parts(
        &mut self,
    ) -> (
        Option<&mut ShellView>,
        &mut team::TeamState,
        section::Cx<'_>,
    ) {
        let (main, _, team, cx) = self.all_parts();
        (main, team, cx)
    }

    /// Lends « Paramètres → Équipe » its state, the window and the context for one call,
    /// then follows what it asked.
    fn in_team(
        &mut self,
        ctx: &egui::Context,
        call: impl FnOnce(&mut team::TeamState, &mut team::Window<'_>, &mut section::Cx<'_>),
    ) {
        if let (Some(main), state, mut cx) = self.team_parts() {
            let mut window = team::Window {
                view: &mut main.settings.team,
                programme: main.board.programme.id,
                ctx,
            };
            call(state, &mut window, &mut cx);
        }
        self.follow_then(ctx);
    }

    /// Lends « Échanges » its view, the programme the board shows and the context for
    /// one call, then follows what it asked.
    fn in_exchange(
        &mut self,
        call: impl FnOnce(&mut crate::ui::exchange::ExchangeView, uuid::Uuid, &mut section::Cx<'_>),
    ) {
        if let (Some(main), _, mut cx) = self.parts() {
            let programme = main.board.programme.id;
            call(&mut main.exchange, programme, &mut cx);
        }
        self.follow_then_here();
    }

    /// Lends « Rapprochement » its state, its view and the context for one call.
    fn in_matching(
        &mut self,
        call: impl FnOnce(&mut matching::MatchingState, &mut MatchingView, &mut section::Cx<'_>),
    ) {
        if let (Some(main), sections, mut cx) = self.parts() {
            call(&mut sections.matching, &mut main.matching, &mut cx);
        }
    }

    /// Does what the sections asked during their last call: lock, or say that a job holds
    /// the base.
    fn follow_then(&mut self, ctx: &egui::Context) {
        self.follow_then_here();
        for then in std::mem::take(&mut self.then) {
            if let section::Then::Lock(why) = then {
                self.lock(ctx, Some(why));
            }
        }
    }

    /// Does at once what the sections asked that needs no frame: all but a lock, which
    /// waits for [`Self::follow_then`]. Run right after a section's call, so that the
    /// caller sees the window as the section left it (a page opened shows its section
    /// before the caller brings another one forward).
    fn follow_then_here(&mut self) {
        let mut locks = Vec::new();
        while !self.then.is_empty() {
            for then in std::mem::take(&mut self.then) {
                match then {
                    section::Then::Lock(why) => locks.push(section::Then::Lock(why)),
                    section::Then::Busy(text) => {
                        if let Screen::Main(view) = &mut self.screen {
                            view.busy = Some(text);
                        }
                    }
                    section::Then::OpenHousehold(id) => self.open_household(id, None),
                    section::Then::Show(shown) => {
                        if let Screen::Main(view) = &mut self.screen {
                            view.section = shown;
                        }
                    }
                    section::Then::CardsChanged(id) => self.refresh_household_cards(id),
                    section::Then::RecordsArrived(board) => {
                        self.sections.matching.forget_data();
                        self.load_workers();
                        match board.map(|b| *b) {
                            // Nothing changed here while the thread read it: shown as read.
                            Some((board, frames)) if frames == self.command_frames => {
                                self.set_board(board);
                            }
                            // A move made meanwhile may be missing from it: read again here.
                            _ => self.refresh_board(),
                        }
                        if let Screen::Main(view) = &mut self.screen {
                            view.households.list_due = true;
                        }
                    }
                }
            }
        }
        self.then = locks;
    }

    /// Opens a household's page in « Ménages », optionally on one of its tabs.
    fn open_household(&mut self, id: uuid::Uuid, tab: Option<crate::ui::household::PageSection>) {
        self.in_households(|view, cx| household::open(view, id, tab, cx));
    }

    /// Lends « Ménages » its view and the context for one call, then follows what it
    /// asked.
    fn in_households(
        &mut self,
        call: impl FnOnce(&mut crate::ui::household::HouseholdsView, &mut section::Cx<'_>),
    ) {
        if let (Some(main), _, mut cx) = self.parts() {
            call(&mut main.households, &mut cx);
        }
        self.follow_then_here();
    }

    fn draw(&mut self, ui: &mut egui::Ui) {
        let commands = &mut self.commands;
        match &mut self.screen {
            Screen::FirstRun(view) => ui::first_run::first_run_ui(ui, view, commands),
            Screen::Unlock(view) => ui::unlock::unlock_ui(ui, view, commands),
            Screen::Recover(view) => ui::recover::recover_ui(ui, view, commands),
            Screen::Main(view) => ui::shell::shell_ui(ui, view, commands),
        }
    }

    // ----- idle lock -------------------------------------------------------------------

    /// Whether the idle timer runs on the current screen.
    ///
    /// It runs whenever the base is open, except while a recovery key is on screen (at
    /// creation, or after a key rotation): it is shown only once, and locking then would
    /// lose it for good while the user is looking for paper and pen.
    fn idle_lock_applies(&self) -> bool {
        let showing_recovery_key = match &self.screen {
            Screen::FirstRun(FirstRunView {
                step: FirstRunStep::RecoveryKey { .. },
                ..
            }) => true,
            Screen::Main(view) => view.settings.new_recovery_key.is_some(),
            _ => false,
        };
        self.is_unlocked() && !showing_recovery_key && !self.lock_when_job_returns
    }

    /// Counts this frame's input as activity, and Ctrl+L. Runs in the ui pass only: while
    /// the window is hidden, egui's input is that of the last shown frame.
    fn watch_activity(&mut self, ctx: &egui::Context) {
        // Any input event (key, text, pointer move or click, scroll) counts as activity.
        if ctx.input(|i| !i.events.is_empty()) {
            self.last_activity = (self.clock)();
        }
        if matches!(self.screen, Screen::Main(_)) {
            let shortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.lock(ctx, None);
            }
        }
    }

    /// Locks when the idle delay is over on either clock (see `idle.rs`).
    fn lock_if_idle(&mut self, ctx: &egui::Context) {
        let idle = (self.clock)().idle_since(self.last_activity);
        if self.idle_lock_applies() && idle >= self.lock_delay {
            let minutes = self.lock_delay.as_secs().div_ceil(60);
            let unit = if minutes > 1 { "minutes" } else { "minute" };
            self.lock(
                ctx,
                Some(text::verrouillee_automatiquement_apres(minutes, unit)),
            );
        }
    }

    /// « Verrouiller dès que la fenêtre est réduite ».
    fn lock_if_minimised(&mut self, ctx: &egui::Context) {
        let minimised = ctx.input(|i| i.viewport().minimized == Some(true));
        if self.lock_on_minimise && minimised && self.idle_lock_applies() {
            self.lock(
                ctx,
                Some(text::VERROUILLEE_LA_FENETRE_A_ETE_REDUITE.to_owned()),
            );
        }
    }

    /// Starts the D-Bus listeners once, in the real window only.
    fn start_os_watch(&mut self, ctx: &egui::Context) {
        if let Some(buses) = &self.watch_os
            && self.os_signals.is_none()
        {
            let repaint = ctx.clone();
            self.os_signals = Some(os_lock::listen(buses.clone(), move || {
                repaint.request_repaint();
            }));
        }
    }

    /// Locks on the system's sleep and lock signals, when that option is on.
    fn lock_on_os_signal(&mut self, ctx: &egui::Context) {
        let Some(signals) = &self.os_signals else {
            return;
        };
        let mut last = None;
        while let Ok(signal) = signals.try_recv() {
            last = Some(signal);
        }
        if let Some(signal) = last
            && self.lock_on_os_signals
            && self.idle_lock_applies()
        {
            self.lock(ctx, Some(signal.notice().to_owned()));
        }
    }

    /// Wakes the app when the idle delay ends even if no event arrives, so the lock happens
    /// on time on an unattended screen, and while the window is hidden (eframe then runs
    /// [`App::logic`] alone). Never more than a minute apart: a suspend stops timers, and
    /// the wall clock must be looked at soon after resume.
    fn schedule_idle_wakeup(&self, ctx: &egui::Context) {
        if self.idle_lock_applies() {
            let elapsed = (self.clock)().idle_since(self.last_activity);
            let remaining = self.lock_delay.saturating_sub(elapsed);
            ctx.request_repaint_after(
                remaining.clamp(Duration::from_millis(50), Duration::from_secs(60)),
            );
        }
    }

    /// Drops the base and every secret typed so far, and shows the lock screen.
    fn lock(&mut self, ctx: &egui::Context, notice: Option<String>) {
        // Actions that waited for a job holding the base cannot be done once it is locked
        // (the base is dropped when the job gives it back): say so rather than lose them
        // quietly.
        let notice = match (std::mem::take(&mut self.waiting).len(), notice) {
            (0, notice) => notice,
            (lost, notice) => {
                let lost = if lost == 1 {
                    text::T_1_ACTION_DEMANDEE_PENDANT_L_OPERATION.to_owned()
                } else {
                    text::lost_actions_demandees_pendant_l(lost)
                };
                Some(notice.map_or_else(|| lost.clone(), |n| format!("{n} {lost}")))
            }
        };
        if let Screen::Main(view) = &self.screen {
            let household = view
                .households
                .page
                .as_ref()
                .filter(|page| !page.is_new)
                .map(|page| (page.data.detail.household.id, page.section));
            self.resume_at = Some((view.section, household));
        }
        self.park_household_draft();
        self.team_at_lock();
        if let Some(store) = &mut self.store {
            // Best effort: a base that cannot be written (disk full) must still lock.
            let _ = store.audit_now("verrouillage", &[], notice.as_deref().unwrap_or(""));
        }
        // Dropping the store closes the connection and zeroizes the data key.
        self.store = None;
        // What the other tasks answer (lists, paths chosen) goes nowhere now; a job that
        // holds the base still gives it back, to be closed.
        self.tasks.forget_all_but_job();
        self.sections = section::Sections::default();
        // Text copied from a household must not outlive the lock on the clipboard.
        self.copied.clear_ours();
        let mut view = UnlockView::new(display(&self.paths.db), notice);
        if self.store_lent() {
            // The base is in the worker's hands; it is dropped when it comes back, and the
            // form waits for that so two connections never race.
            self.lock_when_job_returns = true;
            view.busy = Some(text::FIN_DE_L_OPERATION_EN_COURS);
        }
        // Replacing the screen drops every draft secret (they are `Zeroizing`).
        self.screen = Screen::Unlock(view);
        if self.in_demo_base() {
            // Locking the demo base goes back to the real one.
            self.leave_demo_base(None);
            if let (true, Screen::Unlock(view)) = (self.lock_when_job_returns, &mut self.screen) {
                view.busy = Some(text::FIN_DE_L_OPERATION_EN_COURS);
            }
        }
        forget_text_edits(ctx);
    }

    // ----- commands --------------------------------------------------------------------

    /// Applies one command, then what its section asked of the app.
    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        self.apply_command(ctx, command);
        self.follow_then(ctx);
    }

    fn apply_command(&mut self, ctx: &egui::Context, command: Command) {
        // The demo base hides these in « Paramètres »; refused here too, so that no path
        // changes its fixed passphrase or sends its fictitious households to a team folder.
        if self.in_demo_base()
            && matches!(
                command,
                Command::ChangePassphrase { .. }
                    | Command::RotateKey { .. }
                    | Command::Team(_)
                    | Command::TeamSync
            )
        {
            return;
        }
        if self.store.is_none() && self.store_lent() && command.needs_store() {
            // Never dropped: done when the job gives the base back.
            self.waiting.push(command);
            self.show_waiting();
            return;
        }
        match command {
            Command::CreateDatabase { passphrase } => self.start_create(passphrase),
            Command::RecoveryKeyNoted => {
                if let Screen::FirstRun(view) = &mut self.screen {
                    // Replacing the step drops (and zeroizes) the displayed key.
                    view.step = FirstRunStep::Worker(Default::default());
                }
                forget_text_edits(ctx);
                self.last_activity = (self.clock)();
            }
            Command::LoadDemo => self.start_demo_base(),
            Command::StartEmpty => self.show_main(None),
            Command::Unlock { passphrase } => self.start_unlock(passphrase),
            Command::ShowRecover => {
                self.screen = Screen::Recover(RecoverView::default());
                forget_text_edits(ctx);
            }
            Command::ShowUnlock => {
                self.screen = Screen::Unlock(UnlockView::new(display(&self.paths.db), None));
                forget_text_edits(ctx);
            }
            Command::Recover {
                recovery_key,
                new_passphrase,
            } => self.start_recover(recovery_key, new_passphrase),
            Command::Lock => self.lock(ctx, None),
            Command::Navigate(section) => self.apply_navigation(section),
            Command::SetLockDelay { minutes: chosen } => self.set_lock_delay(chosen),
            Command::OpenAuditLog
            | Command::RefreshAuditLog
            | Command::ExportAuditLog { .. }
            | Command::PickAuditExport => {
                if let (Some(main), _, mut cx) = self.parts() {
                    audit_log::apply(&mut main.settings.audit_log, command, &mut cx);
                }
            }
            Command::OpenRetention
            | Command::SetRetentionMonths { .. }
            | Command::HoldRetention { .. }
            | Command::ReleaseRetention(_)
            | Command::ApplyRetention => {
                if let (Some(main), _, mut cx) = self.parts() {
                    retention::apply(main, command, &mut cx);
                }
            }
            Command::SetLockOnMinimise(on) => {
                self.lock_on_minimise = on;
                self.save_flag(LOCK_ON_MINIMISE_SETTING, on);
            }
            Command::SetLockOnOsSignals(on) => {
                self.lock_on_os_signals = on;
                self.save_flag(LOCK_ON_OS_SIGNALS_SETTING, on);
            }
            Command::RotateKey { passphrase } => self.start_rotate_key(ctx, passphrase),
            Command::SetCurrentWorker(worker) => self.set_current_worker(worker),
            Command::AddWorker(worker) => self.add_worker(worker),
            Command::TeamSync => self.in_team(ctx, team::sync_now),
            Command::Team(ui::team::TeamAction::OpenRekey) => {
                if let Screen::Main(view) = &mut self.screen {
                    view.settings.rekey_open = true;
                    view.settings.rekey_focus = true;
                    view.settings.rekey_error = None;
                }
            }
            Command::Team(action) => self.in_team(ctx, |state, window, cx| {
                team::apply(state, window, action, cx);
            }),
            Command::NewRecoveryKeyNoted => {
                if let Screen::Main(view) = &mut self.screen {
                    // Dropping the text zeroizes it.
                    view.settings.new_recovery_key = None;
                    view.settings.new_key_noted = false;
                }
                forget_text_edits(ctx);
                self.last_activity = (self.clock)();
            }
            Command::ChangePassphrase { old, new } => self.start_change_passphrase(ctx, old, new),
            Command::DismissMessage => {
                if let Screen::Main(view) = &mut self.screen {
                    view.message = None;
                }
            }
            Command::Matching(command) => {
                if let MatchingCommand::Open(_) = command
                    && let Screen::Main(view) = &mut self.screen
                {
                    // A record found by the global search: shown in its section.
                    view.section = Section::Rapprochement;
                    view.households.search.open = false;
                }
                self.in_matching(|state, view, cx| matching::apply(state, view, command, cx));
            }
            Command::Household(command) => {
                self.in_households(|view, cx| household::apply(view, command, cx));
            }
            Command::Board(command) => {
                let now_s = ctx.input(|i| i.time);
                if let (Some(main), _, mut cx) = self.parts() {
                    board::apply(&mut main.board, command, now_s, &mut cx);
                }
            }
            Command::Exchange(command) => {
                self.in_exchange(|view, programme, cx| {
                    exchange::apply(view, command, programme, cx);
                });
            }
            Command::Reports(command) => {
                if let (Some(main), sections, mut cx) = self.parts() {
                    reports::apply(&mut sections.reports, &mut main.reports, command, &mut cx);
                }
            }
            Command::Sheet(command) => {
                if let (Some(main), _, mut cx) = self.parts() {
                    sheet::apply(&mut main.households, command, &mut cx);
                }
            }
            Command::Protection(command) => self.apply_protection(command),
        }
    }

    /// Shows `section`, refreshing what it shows.
    fn apply_navigation(&mut self, section: Section) {
        if let Screen::Main(view) = &mut self.screen {
            if section == Section::Menages && view.households.list_message.is_some() {
                // The list could not be read last time: entering the section retries.
                view.households.list_due = true;
            }
            if view.section != section {
                // A message belongs to the screen of the action that produced it.
                view.message = None;
                view.board.message = None;
                view.exchange.message = None;
                if let Some(page) = &mut view.households.page {
                    page.message = None;
                }
            }
            view.section = section;
        }
        if section == Section::Rapprochement {
            // Read after the commands of this frame, on a worker thread.
            self.sections.matching.want_load();
        }
        if section == Section::Echanges {
            self.in_exchange(|view, _, cx| exchange::refresh(view, cx));
        }
        if section == Section::Rapports
            && let (Some(main), sections, cx) = self.parts()
        {
            reports::load(&mut sections.reports, &mut main.reports, &cx);
        }
    }

    fn set_lock_delay(&mut self, chosen: u32) {
        let chosen = chosen.clamp(*LOCK_DELAY_RANGE.start(), *LOCK_DELAY_RANGE.end());
        self.lock_delay = minutes(chosen);
        let saved = match &mut self.store {
            Some(store) => store.set_setting(LOCK_DELAY_SETTING, &chosen.to_string()),
            None => Ok(()),
        };
        if let (Err(e), Screen::Main(view)) = (saved, &mut self.screen) {
            view.message = Some(Message::error(
                text::le_delai_de_verrouillage_s_applique_mais(&e),
            ));
        }
    }

    /// Saves an on/off setting in the base; a failure is said, the choice still applies.
    fn save_flag(&mut self, key: &str, on: bool) {
        let saved = match &mut self.store {
            Some(store) => store.set_setting(key, if on { "1" } else { "0" }),
            None => Ok(()),
        };
        if let (Err(e), Screen::Main(view)) = (saved, &mut self.screen) {
            view.message = Some(Message::error(text::le_reglage_s_applique_mais_n_a_pas(&e)));
        }
    }

    /// Reads the saved idle delay and lock options from the base just opened.
    fn load_settings(&mut self) {
        {
            let (_, state, cx) = self.team_parts();
            team::load_settings(state, &cx);
        }
        let flag = |store: &Store, key: &str| store.setting(key).ok().flatten();
        if let Some(store) = &self.store {
            self.lock_on_minimise = flag(store, LOCK_ON_MINIMISE_SETTING).as_deref() == Some("1");
            self.lock_on_os_signals =
                flag(store, LOCK_ON_OS_SIGNALS_SETTING).as_deref() != Some("0");
        }
        let saved = self
            .store
            .as_ref()
            .and_then(|store| store.setting(LOCK_DELAY_SETTING).ok().flatten())
            .and_then(|text| text.parse::<u32>().ok())
            .filter(|m| LOCK_DELAY_RANGE.contains(m));
        self.lock_delay = minutes(saved.unwrap_or(DEFAULT_LOCK_DELAY_MINUTES));
    }

    fn summary(&self, counts: Option<Option<crate::store::records::Summary>>) -> Summary {
        Summary {
            db_location: display(&self.paths.db),
            key_location: display(&self.paths.key),
            site_id: self
                .store
                .as_ref()
                .map(|store| store.site_id().to_string())
                .unwrap_or_default(),
            // Computed here, after a command, never inside a frame. A failure leaves the
            // counts out; the Tableau then says they are unavailable.
            counts: counts.unwrap_or_else(|| self.store.as_ref().and_then(|s| s.summary().ok())),
        }
    }

    /// « Qui utilise cette base ? » answered (first run or « Paramètres »).
    fn set_current_worker(&mut self, worker: crate::domain::worker::Worker) {
        let Some(store) = &mut self.store else {
            return;
        };
        let saved = store.set_current_worker(&worker);
        match &mut self.screen {
            Screen::FirstRun(view) => match saved {
                Ok(()) => view.step = FirstRunStep::DemoChoice,
                Err(e) => {
                    if let FirstRunStep::Worker(form) = &mut view.step {
                        form.error = Some(e.to_string());
                    }
                }
            },
            Screen::Main(view) => match saved {
                Ok(()) => {
                    view.settings.workers.done = Some(
                        text::enregistre_l_historique_ecrira_desormais(worker.display_name()),
                    );
                    self.load_workers();
                    self.refresh_board();
                }
                Err(e) => view.settings.workers.me.error = Some(e.to_string()),
            },
            _ => {}
        }
    }

    /// « Ajouter à l'équipe »: a colleague for the référent·e picker.
    fn add_worker(&mut self, worker: crate::domain::worker::Worker) {
        let Some(store) = &mut self.store else {
            return;
        };
        let saved = store.save_worker(&worker);
        if let Screen::Main(view) = &mut self.screen {
            match saved {
                Ok(()) => {
                    view.settings.workers.done = Some(text::display_name_ajoute_e_a_l_equipe(
                        worker.display_name(),
                    ));
                    view.settings.workers.colleague = Default::default();
                    self.load_workers();
                    self.refresh_board();
                }
                Err(e) => view.settings.workers.colleague.error = Some(e.to_string()),
            }
        }
    }

    /// Fills « Qui utilise cette base ? » from the base.
    fn load_workers(&mut self) {
        let (Some(store), Screen::Main(view)) = (&self.store, &mut self.screen) else {
            return;
        };
        let me = store.current_worker().ok().flatten();
        let team = store.workers().unwrap_or_default();
        let w = &mut view.settings.workers;
        w.unnamed = me.is_none();
        if let Some(me) = &me {
            let error = w.me.error.take();
            w.me = ui::workers::WorkerForm::of(me);
            w.me.error = error;
        }
        w.team = ui::workers::team_lines(&team);
    }

    /// Shows the main window on the Tableau, with fresh view models.
    fn show_main(&mut self, message: Option<Message>) {
        self.show_main_with(message, None);
    }

    /// [`Self::show_main`] with the first views already read by a worker thread.
    fn show_main_with(&mut self, message: Option<Message>, first: Option<FirstViews>) {
        let lock_minutes = u32::try_from(self.lock_delay.as_secs() / 60).unwrap_or(u32::MAX);
        let (board, counts) = match first {
            Some(first) => (Some(first.board), Some(first.counts)),
            None => (None, None),
        };
        let mut view = ShellView::new(self.summary(counts), lock_minutes);
        view.settings.lock_on_minimise = self.lock_on_minimise;
        view.settings.lock_on_os_signals = self.lock_on_os_signals;
        view.demo_base = self.in_demo_base();
        view.settings.demo_base = view.demo_base;
        view.message = message;
        self.screen = Screen::Main(view);
        self.load_workers();
        if let (Some(main), state, cx) = self.team_parts() {
            team::load(state, &mut main.settings.team, &cx);
        }
        if let (Some(main), _, cx) = self.parts() {
            backup::load(&mut main.settings.backup, &cx);
            notice::load(&mut main.settings.notice, &cx);
        }
        match board {
            Some(board) => self.set_board(board),
            None => self.refresh_board(),
        }
        self.last_activity = (self.clock)();
        // Back where the worker was before the lock: her section and household.
        if let Some((section, household)) = self.resume_at.take() {
            if let Some((id, tab)) = household {
                self.open_household(id, Some(tab));
            }
            self.apply_navigation(section);
        }
        self.restore_household_draft();
    }

    // ----- background jobs -------------------------------------------------------------

    /// Starts a job (`kind`) on its named thread through the task service; the French
    /// message when it could not start.
    fn spawn(
        &mut self,
        kind: TaskKind,
        work: impl FnOnce() -> TaskDone + Send + 'static,
    ) -> Result<(), String> {
        self.tasks.spawn(kind, work).map_err(|e| e.0)
    }

    fn start_create(&mut self, passphrase: Passphrase) {
        let paths = self.paths.clone();
        let kdf = self.kdf;
        let started = self.spawn(TaskKind::Create, move || {
            TaskDone::Created(Store::create(&paths, &passphrase, kdf.params()))
        });
        if let Screen::FirstRun(view) = &mut self.screen {
            match started {
                Ok(()) => view.step = FirstRunStep::Creating,
                Err(message) => view.failed(message),
            }
        }
    }

    fn start_unlock(&mut self, passphrase: Passphrase) {
        let paths = self.paths.clone();
        let failed = self.failed_unlocks.clone();
        let started = self.spawn(TaskKind::Unlock, move || {
            // The unlock's access-log entry (after the failed attempts, each with its time)
            // is written here too: a flushed write is no work for the UI thread.
            TaskDone::Unlocked(Store::unlock(&paths, &passphrase).and_then(|mut store| {
                store.record_unlock(&failed, "application")?;
                let first = Box::new(FirstViews::read(&store));
                Ok((store, first))
            }))
        });
        if let Screen::Unlock(view) = &mut self.screen {
            match started {
                Ok(()) => {
                    view.error = None;
                    view.busy = Some(text::DEVERROUILLAGE);
                }
                Err(message) => view.failed(message),
            }
        }
    }

    fn start_recover(&mut self, recovery_key: Zeroizing<String>, new_passphrase: Passphrase) {
        let paths = self.paths.clone();
        let kdf = self.kdf;
        let started = self.spawn(TaskKind::Recover, move || {
            TaskDone::Recovered(Store::recover(
                &paths,
                &recovery_key,
                &new_passphrase,
                kdf.params(),
            ))
        });
        if let Screen::Recover(view) = &mut self.screen {
            match started {
                Ok(()) => {
                    view.error = None;
                    view.busy = true;
                }
                Err(message) => view.failed(message),
            }
        }
    }

    fn start_change_passphrase(&mut self, ctx: &egui::Context, old: Passphrase, new: Passphrase) {
        let kdf = self.kdf;
        let busy = text::CHANGEMENT_DE_LA_PHRASE_DE_PASSE;
        self.lend_store(ctx, TaskKind::ChangePassphrase, busy, move |store| {
            let result = store.change_passphrase(&old, &new, kdf.params());
            TaskDone::PassphraseChanged(store, result)
        });
        if let Screen::Main(view) = &mut self.screen {
            view.settings.busy = view.busy.is_some();
        }
    }

    fn start_rotate_key(&mut self, ctx: &egui::Context, passphrase: Passphrase) {
        let kdf = self.kdf;
        let busy = text::CHANGEMENT_DE_LA_CLE_DE_CHIFFREMENT;
        self.lend_store(ctx, TaskKind::RotateKey, busy, move |store| {
            TaskDone::KeyRotated(store.rotate_key(&passphrase, kdf.params()))
        });
        if let Screen::Main(view) = &mut self.screen {
            view.settings.rekey_busy = view.busy.is_some();
        }
    }

    fn key_rotated(&mut self, ctx: &egui::Context, rotation: Rotation) {
        let Rotation { store, result } = rotation;
        if self.lock_when_job_returns || store.is_none() {
            self.lock_when_job_returns = false;
            drop(store);
            let notice = match &result {
                Ok(_) => text::VERROUILLEE_PENDANT_LE_CHANGEMENT_DE_CLE.to_owned(),
                Err(e) => text::verrouillee_la_cle_de_chiffrement_n_a(e),
            };
            // The recovery key is the data key: it does not stay in memory while locked.
            drop(result);
            self.lock(ctx, Some(notice));
            if let Screen::Unlock(view) = &mut self.screen {
                view.busy = None;
            }
            return;
        }
        self.store = store;
        forget_text_edits(ctx);
        if let Screen::Main(view) = &mut self.screen {
            view.busy = None;
            let settings = &mut view.settings;
            settings.rekey_busy = false;
            match result {
                Ok(recovery) => {
                    settings.rekey_error = None;
                    settings.rekey_open = false;
                    settings.new_recovery_key = Some(ui::first_run::key_lines(&Zeroizing::new(
                        recovery.formatted(),
                    )));
                    settings.new_key_noted = false;
                }
                Err(e) => settings.rekey_error = Some(e.to_string()),
            }
        }
    }

    /// A job that held the base gives it back: kept, and the top bar's « busy » cleared —
    /// or, if the app locked meanwhile, closed here (its key zeroized) and `false`, so the
    /// job's result is not shown over the lock screen. One place for what four sections
    /// did each in their own words.
    fn store_back(&mut self, store: Store) -> bool {
        if self.lock_when_job_returns {
            self.lock_when_job_returns = false;
            drop(store);
            if let Screen::Unlock(view) = &mut self.screen {
                view.busy = None;
            }
            return false;
        }
        self.store = Some(store);
        if let Screen::Main(view) = &mut self.screen {
            view.busy = None;
        }
        true
    }

    /// Lends the base to a job of `kind` ([`section::Cx::lend_store`]): the top bar says
    /// `busy` until it comes back, or the app locks with the French reason when no thread
    /// could start (the base went down with it). `false` when nothing was started.
    fn lend_store(
        &mut self,
        ctx: &egui::Context,
        kind: TaskKind,
        busy: &'static str,
        work: impl FnOnce(Store) -> TaskDone + Send + 'static,
    ) -> bool {
        let lent = self.parts().2.lend_store(kind, busy, work);
        self.follow_then(ctx);
        lent
    }

    /// Hands every answer of the task service to its section (runs in [`App::logic`],
    /// also while the window is hidden).
    fn collect_tasks(&mut self, ctx: &egui::Context) {
        while let Some((kind, collected)) = self.tasks.next_answer() {
            if kind.is_job() {
                // Background work is activity: the user was waiting for it, not away.
                self.last_activity = (self.clock)();
            }
            let done = match collected {
                Collected::Done(done) => done,
                Collected::Died => {
                    self.task_died(ctx, kind);
                    self.follow_then(ctx);
                    continue;
                }
            };
            match done {
                TaskDone::Created(result) => self.created(result),
                TaskDone::Unlocked(result) => self.unlocked(ctx, result),
                TaskDone::Recovered(result) => self.recovered(ctx, result),
                TaskDone::PassphraseChanged(store, result) => {
                    self.passphrase_changed(ctx, store, result);
                }
                TaskDone::KeyRotated(rotation) => self.key_rotated(ctx, rotation),
                TaskDone::DemoBaseOpened(result) => self.demo_base_opened(result),
                TaskDone::Exchange(store, done) => {
                    if self.store_back(store) {
                        forget_text_edits(ctx);
                        self.in_exchange(|view, _, cx| exchange::done(view, done, cx));
                    }
                }
                TaskDone::SheetImported(store, result) => {
                    // Locked meanwhile: the import itself is committed (or rolled back).
                    if self.store_back(store) {
                        if let (Some(main), _, cx) = self.parts() {
                            sheet::imported(main, result, &cx);
                        }
                        self.refresh_board();
                    }
                }
                TaskDone::BackedUp(store, result) => {
                    if self.store_back(store)
                        && let (Some(main), _, cx) = self.parts()
                    {
                        backup::backed_up(main, &result, &cx);
                    }
                }
                TaskDone::Reminders(reminders) => self.show_reminders(reminders),
                TaskDone::HouseholdList(rows) => {
                    self.in_households(|view, _| household::list_read(view, rows));
                }
                TaskDone::ExchangeData(data) => {
                    self.in_exchange(|view, _, _| exchange::data_arrived(view, data));
                }
                TaskDone::Report(report) => {
                    if let (Some(main), _, _) = self.parts() {
                        reports::report_arrived(
                            &mut main.reports,
                            report.map_err(|e| e.to_string()),
                        );
                    }
                }
                TaskDone::MatchingData(loaded) => {
                    self.in_matching(|state, view, cx| matching::loaded(state, view, loaded, cx));
                }
                TaskDone::Ranking(done) => {
                    self.in_matching(|state, view, _| matching::show_ranking(state, view, done));
                }
                TaskDone::Fiche(written) => {
                    // The disclosure is logged even if the page was closed meanwhile.
                    let (main, _, mut cx) = self.parts();
                    household::fiche_written(main.map(|m| &mut *m.households), written, &mut cx);
                }
                TaskDone::SheetRead(result) => {
                    if let (Some(main), _, _) = self.parts() {
                        sheet::read(&mut main.households.sheet, result);
                    }
                }
                TaskDone::Team(done) => self.in_team(ctx, |state, window, cx| {
                    team::task_done(state, window, Some(done), cx);
                }),
                TaskDone::FileChosen(purpose, path) => self.dialog_closed(purpose, path),
            }
            self.follow_then(ctx);
        }
    }

    /// A task's thread ended without answering: each section says so, or does the work
    /// here instead.
    fn task_died(&mut self, ctx: &egui::Context, kind: TaskKind) {
        match kind {
            TaskKind::Reminders => {}
            TaskKind::HouseholdList => self.in_households(|view, _| household::list_died(view)),
            TaskKind::ExchangeData => {
                let died = text::LA_LECTURE_S_EST_INTERROMPUE_CHANGEZ;
                self.in_exchange(|view, _, _| exchange::data_arrived(view, Err(died.to_owned())));
            }
            TaskKind::Report => {
                if let (Some(main), _, _) = self.parts() {
                    let died = Err(text::LE_CALCUL_S_EST_INTERROMPU.to_owned());
                    reports::report_arrived(&mut main.reports, died);
                }
            }
            TaskKind::MatchingData => self.in_matching(matching::load_died),
            TaskKind::Ranking => {
                self.in_matching(|state, view, _| matching::ranking_died(state, view));
            }
            TaskKind::Fiche => {
                let died = Err(text::LA_PREPARATION_DE_LA_FICHE_S.to_owned());
                let (main, _, mut cx) = self.parts();
                household::fiche_written(main.map(|m| &mut *m.households), died, &mut cx);
            }
            TaskKind::SheetReading => {
                if let (Some(main), _, _) = self.parts() {
                    let died = text::LA_LECTURE_S_EST_INTERROMPUE_DE;
                    sheet::read(&mut main.households.sheet, Err(died.to_owned()));
                }
            }
            TaskKind::Team => self.in_team(ctx, |state, window, cx| {
                team::task_done(state, window, None, cx);
            }),
            TaskKind::Dialog(purpose) => self.dialog_closed(purpose, None),
            job => self.job_died(ctx, job),
        }
    }

    /// A file dialog closed: its answer goes to the section that asked it.
    fn dialog_closed(&mut self, purpose: DialogFor, path: Option<PathBuf>) {
        match purpose {
            DialogFor::AuditExport => {
                if let (Some(main), _, _) = self.parts() {
                    audit_log::export_chosen(&mut main.settings.audit_log, path);
                }
            }
            DialogFor::Exchange(purpose) => self.in_exchange(|view, _, cx| {
                exchange::dialog_closed(view, purpose, path, cx);
            }),
            DialogFor::Attachment { id, pick } => self.in_households(|view, cx| {
                household::files::attachment_chosen(view, id, pick, path, cx);
            }),
            DialogFor::Report => {
                if let (Some(main), _, _) = self.parts() {
                    reports::destination_chosen(&mut main.reports, path);
                }
            }
            DialogFor::Sheet { .. } => {
                if let (Some(main), _, _) = self.parts() {
                    sheet::file_chosen(&mut main.households.sheet, path);
                }
            }
            DialogFor::Backup => {
                if let (Some(main), _, mut cx) = self.parts() {
                    backup::destination_chosen(&mut main.settings.backup, path, &mut cx);
                }
            }
            DialogFor::Notice => {
                if let (Some(main), _, cx) = self.parts() {
                    notice::destination_chosen(&mut main.settings.notice, path, &cx);
                }
            }
            DialogFor::TeamFolder => {
                if let Screen::Main(view) = &mut self.screen {
                    team::folder_chosen(&mut view.settings.team, path);
                }
            }
        }
    }

    fn job_died(&mut self, ctx: &egui::Context, kind: TaskKind) {
        if kind == TaskKind::DemoBase {
            self.leave_demo_base(Some(JOB_DIED.to_owned()));
            return;
        }
        if kind.holds_store() {
            // The base went down with the thread: the only safe state is locked.
            self.lock_when_job_returns = false;
            self.lock(ctx, Some(JOB_DIED.to_owned()));
            return;
        }
        match &mut self.screen {
            Screen::FirstRun(view) => view.failed(JOB_DIED.to_owned()),
            Screen::Unlock(view) => view.failed(JOB_DIED.to_owned()),
            Screen::Recover(view) => view.failed(JOB_DIED.to_owned()),
            Screen::Main(_) => {}
        }
    }

    fn created(&mut self, result: Result<(Store, RecoveryKey), StoreError>) {
        let Screen::FirstRun(view) = &mut self.screen else {
            return;
        };
        match result {
            Ok((store, recovery_key)) => {
                view.step = FirstRunStep::RecoveryKey {
                    key: ui::first_run::key_lines(&Zeroizing::new(recovery_key.formatted())),
                    noted: false,
                };
                self.store = Some(store);
                self.load_settings();
            }
            Err(e) => view.failed(e.to_string()),
        }
    }

    fn unlocked(
        &mut self,
        ctx: &egui::Context,
        result: Result<(Store, Box<FirstViews>), StoreError>,
    ) {
        match result {
            Ok((mut store, first)) => {
                // Written by the job with the unlock (on failure they stay remembered).
                self.failed_unlocks.clear();
                let resumed = store.take_resumed_rotation();
                let message = (!store.tightened_files().is_empty())
                    .then(|| Message::success(text::LES_FICHIERS_DE_LA_BASE_ETAIENT));
                // The tightened files are said first; the reminders wait for next time.
                let remind = message.is_none();
                self.store = Some(store);
                self.load_settings();
                forget_text_edits(ctx);
                self.show_main_with(message, Some(*first));
                if remind {
                    self.start_reminders();
                }
                if let (Some(recovery), Screen::Main(view)) = (resumed, &mut self.screen) {
                    // A rotation interrupted after its swap was finished by this unlock:
                    // its recovery key was never shown; the old one no longer works.
                    view.section = Section::Parametres;
                    view.settings.new_recovery_key = Some(ui::first_run::key_lines(
                        &Zeroizing::new(recovery.formatted()),
                    ));
                }
            }
            Err(e) => {
                if matches!(e, StoreError::WrongPassphrase) {
                    // Written to the access log at the next unlock (the base stays closed).
                    self.failed_unlocks.push(chrono::Utc::now());
                }
                if let Screen::Unlock(view) = &mut self.screen {
                    view.failed(e.to_string());
                }
                forget_text_edits(ctx);
            }
        }
    }

    fn recovered(&mut self, ctx: &egui::Context, result: Result<Store, StoreError>) {
        match result {
            Ok(store) => {
                self.store = Some(store);
                self.load_settings();
                forget_text_edits(ctx);
                self.show_main(Some(Message::success(
                    text::NOUVELLE_PHRASE_DE_PASSE_ENREGISTREE_LA,
                )));
            }
            Err(e) => {
                if let Screen::Recover(view) = &mut self.screen {
                    view.failed(e.to_string());
                }
                forget_text_edits(ctx);
            }
        }
    }

    fn passphrase_changed(
        &mut self,
        ctx: &egui::Context,
        store: Store,
        result: Result<(), StoreError>,
    ) {
        if self.lock_when_job_returns {
            self.lock_when_job_returns = false;
            drop(store);
            if let Screen::Unlock(view) = &mut self.screen {
                view.busy = None;
                view.notice = Some(match result {
                    Ok(()) => text::VERROUILLEE_LA_PHRASE_DE_PASSE_A.to_owned(),
                    Err(_) => text::VERROUILLEE_LA_PHRASE_DE_PASSE_N.to_owned(),
                });
            }
            return;
        }
        self.store = Some(store);
        forget_text_edits(ctx);
        if let Screen::Main(view) = &mut self.screen {
            view.busy = None;
            let settings = &mut view.settings;
            settings.busy = false;
            match result {
                Ok(()) => {
                    settings.error = None;
                    settings.done = Some(text::PHRASE_DE_PASSE_CHANGEE_UTILISEZ_LA.to_owned());
                }
                Err(e) => settings.error = Some(e.to_string()),
            }
        }
    }

    /// The section shown in the main window, if it is on screen (for tests and the CLI).
    pub fn section(&self) -> Option<Section> {
        match &self.screen {
            Screen::Main(view) => Some(view.section),
            _ => None,
        }
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        App::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_pass(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The last changes go to the team folder (bounded wait), then the base is closed
        // cleanly (and its key zeroized) before the process ends.
        self.team_at_quit();
        self.store = None;
    }

    fn persist_egui_memory(&self) -> bool {
        // egui's memory holds text-edit state (undo history of what was typed): never saved.
        false
    }
}

/// Forgets egui's own copies of typed text (text-edit state keeps an undo history) and
/// the keyboard focus, so nothing typed before a lock or a screen change survives in memory
/// egui owns.
fn forget_text_edits(ctx: &egui::Context) {
    ctx.memory_mut(|memory| {
        memory
            .data
            .remove_by_type::<egui::text_edit::TextEditState>();
        if let Some(focused) = memory.focused() {
            memory.surrender_focus(focused);
        }
        memory.stop_text_input();
    });
}

fn minutes(count: u32) -> Duration {
    Duration::from_secs(u64::from(count) * 60)
}

fn display(path: &std::path::Path) -> String {
    path.display().to_string()
}
