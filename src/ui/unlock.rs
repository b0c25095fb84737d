//! The lock screen: passphrase, Enter submits, link to the recovery screen.

use egui::{Key, RichText};
use zeroize::Zeroizing;

use super::{
    error_text, lock_screen_card, on_click, primary_button, progress, secret_buffer, secret_field,
    take_secret,
};
use crate::command::Command;
use crate::ui::shell::text;

/// View state of the lock screen.
pub struct UnlockView {
    /// The passphrase being typed.
    pub passphrase: Zeroizing<String>,
    /// Why the last attempt failed (the store's French message).
    pub error: Option<String>,
    /// A neutral notice: why the app is locked, or what happened meanwhile.
    pub notice: Option<String>,
    /// What is running in the background, if anything; the form waits for it.
    pub busy: Option<&'static str>,
    /// Where the database is, shown for reassurance (the right file is being opened).
    pub db_location: String,
    /// Put the keyboard focus in the field on the next frame.
    pub focus_field: bool,
}

impl UnlockView {
    /// A fresh lock screen, with an optional notice (« Verrouillée après … »).
    pub fn new(db_location: String, notice: Option<String>) -> Self {
        Self {
            passphrase: secret_buffer(),
            error: None,
            notice,
            busy: None,
            db_location,
            focus_field: true,
        }
    }

    /// A failed attempt: show the message, wipe the field, focus it again.
    pub fn failed(&mut self, error: String) {
        self.busy = None;
        self.error = Some(error);
        drop(take_secret(&mut self.passphrase));
        self.focus_field = true;
    }
}

/// Draws the lock screen.
pub fn unlock_ui(ui: &mut egui::Ui, view: &mut UnlockView, commands: &mut Vec<Command>) {
    lock_screen_card(ui, 460.0, |ui| {
        ui.heading(text::BASE_VERROUILLEE);
        if let Some(notice) = &view.notice {
            ui.label(notice);
        }
        ui.label(RichText::new(text::base_db_location(&view.db_location)).small());
        ui.add_space(6.0);

        let idle = view.busy.is_none();
        let field = ui
            .add_enabled_ui(idle, |ui| {
                secret_field(ui, text::PHRASE_DE_PASSE, &mut view.passphrase)
            })
            .inner;
        if view.focus_field && idle {
            field.request_focus();
            view.focus_field = false;
        }
        if field.changed() {
            view.error = None;
        }
        if let Some(message) = &view.error {
            error_text(ui, message);
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let button = primary_button(ui, text::DEVERROUILLER, idle);
        if idle && (button.clicked() || enter) && !view.passphrase.is_empty() {
            let passphrase = take_secret(&mut view.passphrase);
            commands.push(Command::Unlock { passphrase });
        }
        if let Some(text) = view.busy {
            progress(ui, text);
        }
        ui.add_space(10.0);
        let link = ui.add_enabled(
            idle,
            egui::Link::new(text::PHRASE_DE_PASSE_OUBLIEE_UTILISER_LA),
        );
        on_click(&link, commands, Command::ShowRecover);
        // The demo base is apart from this one: trying the app never needs its passphrase.
        let demo = ui.add_enabled(
            idle,
            egui::Link::new(egui::RichText::new(super::first_run::DEMO_LABEL).small()),
        );
        on_click(&demo, commands, Command::LoadDemo);
    });
}
