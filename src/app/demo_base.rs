//! The demo base (issue 14): « Essayer avec des données fictives » opens a **separate**
//! base, `demo.db` beside the real one, filled with fictitious households; the real base is
//! never filled from the app. The demo base is marked on every screen (the band of the
//! shell), leaving it (« Verrouiller ») goes back to the real base, and it is deleted in one
//! click after a confirmation.
//!
//! Its passphrase is fixed and printed here on purpose: it protects nothing but invented
//! people, and a tired worker trying the app must never be asked for a secret she was
//! never given.

use zeroize::Zeroizing;

use super::tasks::{TaskDone, TaskKind};
use super::{App, FirstViews, Screen, display};
use crate::store::{Store, StoreError, StorePaths};
use crate::ui::first_run::FirstRunView;
use crate::ui::shell::Message;
use crate::ui::shell::text;
use crate::ui::unlock::UnlockView;

/// The demo base's passphrase (fictitious data only; see the module's doc).
pub const DEMO_PASSPHRASE: &str = text::BASE_DE_DEMONSTRATION;

/// The demo base beside the real base at `real`: `demo.db` and `demo.db.key`.
pub fn demo_paths(real: &StorePaths) -> StorePaths {
    StorePaths::beside(real.db.with_file_name("demo.db"))
}

impl App {
    /// Whether the base open (or being opened) is the demo base.
    pub fn in_demo_base(&self) -> bool {
        self.real_paths.is_some()
    }

    /// « Essayer avec des données fictives »: closes the real base and opens the demo base,
    /// creating and filling it the first time, on a named thread.
    pub(super) fn start_demo_base(&mut self) {
        if self.tasks.job().is_some() || self.in_demo_base() {
            return;
        }
        // The real base closes: nothing of it stays open behind the demo.
        self.store = None;
        let real = self.paths.clone();
        let demo = demo_paths(&real);
        self.paths = demo.clone();
        self.real_paths = Some(real);
        let kdf = self.kdf;
        let started = self.spawn(TaskKind::DemoBase, move || {
            let passphrase: crate::store::Passphrase = Zeroizing::new(DEMO_PASSPHRASE.to_owned());
            let opened = if demo.exists() {
                Store::unlock(&demo, &passphrase).map(|store| (store, None))
            } else {
                Store::create(&demo, &passphrase, kdf.params()).and_then(|(mut store, _)| {
                    // A fixed seed (the default) gives the same demo on every machine,
                    // which helps when a team trains together.
                    let options = crate::demo::DemoOptions::default();
                    let report = crate::demo::fill(&mut store, &options)?;
                    // Somebody fictitious uses the demo (« Qui utilise cette base ? » stayed
                    // empty and red): the first demo référent·e, never the real worker's
                    // name, so nothing real enters the demo base.
                    if let Some(first) = store.workers()?.into_iter().next() {
                        store.set_current_worker(&first)?;
                    }
                    Ok((store, Some(report.to_string())))
                })
            };
            TaskDone::DemoBaseOpened(opened.map(|(store, report)| {
                let first = Box::new(FirstViews::read(&store));
                (store, first, report)
            }))
        });
        match started {
            Ok(()) => {
                let mut view = UnlockView::new(display(&self.paths.db), None);
                view.busy = Some(text::OUVERTURE_DE_LA_BASE_DE_DEMONSTRATION);
                self.screen = Screen::Unlock(view);
            }
            Err(message) => self.leave_demo_base(Some(message)),
        }
    }

    /// The demo base is open (or could not be).
    pub(super) fn demo_base_opened(
        &mut self,
        result: Result<(Store, Box<FirstViews>, Option<String>), StoreError>,
    ) {
        match result {
            Ok((store, first, report)) => {
                self.store = Some(store);
                self.load_settings();
                let message =
                    Message::success(report.unwrap_or_else(|| {
                        text::BASE_DE_DEMONSTRATION_OUVERTE_LES_MENAGES.to_owned()
                    }));
                self.show_main_with(Some(message), Some(*first));
            }
            Err(e) => self.leave_demo_base(Some(text::la_base_de_demonstration_n_a_pas_pu(&e))),
        }
    }

    /// Back to the real base: its lock screen, or the first run when it does not exist.
    pub(super) fn leave_demo_base(&mut self, notice: Option<String>) {
        let Some(real) = self.real_paths.take() else {
            return;
        };
        self.store = None;
        // What was asked in the demo (a dialog, a list) is not for the real base.
        self.tasks.forget_all_but_job();
        self.paths = real;
        self.screen = if self.paths.exists() {
            Screen::Unlock(UnlockView::new(display(&self.paths.db), notice))
        } else {
            let mut view = FirstRunView::new(display(&self.paths.db));
            if let Some(notice) = notice {
                view.failed(notice);
            }
            Screen::FirstRun(view)
        };
    }

    /// « Supprimer la base de démonstration » (confirmed): closes it, deletes its files,
    /// and goes back to the real base.
    pub(super) fn delete_demo_base(&mut self) {
        if !self.in_demo_base() || self.tasks.job().is_some() {
            return;
        }
        // Closed before its files go.
        self.store = None;
        let demo = self.paths.clone();
        let mut failed = Vec::new();
        for path in [
            demo.db.clone(),
            demo.key.clone(),
            sibling(&demo.db, "-wal"),
            sibling(&demo.db, "-shm"),
            sibling(&demo.db, "-journal"),
        ] {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => failed.push(format!("{} ({e})", path.display())),
            }
        }
        let notice = if failed.is_empty() {
            text::BASE_DE_DEMONSTRATION_SUPPRIMEE_VOUS_ETES.to_owned()
        } else {
            text::la_base_de_demonstration_n_a_pas_pu_2(failed.join(", "))
        };
        self.leave_demo_base(Some(notice));
    }
}

/// `path` with `suffix` appended to its name (`demo.db-wal`).
fn sibling(path: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}
