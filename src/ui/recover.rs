//! Passphrase forgotten: open the base with the recovery key and choose a new passphrase.

use egui::RichText;
use zeroize::Zeroizing;

use super::{
    check_new_passphrase, error_text, lock_screen_card, on_click, primary_button, progress,
    secret_buffer, secret_field, strength_bar, take_secret,
};
use crate::command::Command;
use crate::ui::shell::text;

/// View state of the recovery screen.
pub struct RecoverView {
    /// The recovery key as typed (groups, spaces and dashes are accepted by the store).
    pub recovery_key: Zeroizing<String>,
    /// The new passphrase.
    pub first: Zeroizing<String>,
    /// Its confirmation.
    pub second: Zeroizing<String>,
    /// Why the last attempt failed (French).
    pub error: Option<String>,
    /// Recovery is running in the background.
    pub busy: bool,
}

impl Default for RecoverView {
    fn default() -> Self {
        Self {
            recovery_key: secret_buffer(),
            first: secret_buffer(),
            second: secret_buffer(),
            error: None,
            busy: false,
        }
    }
}

impl RecoverView {
    /// A failed attempt (usually a mistyped key): wipe every field, show why.
    pub fn failed(&mut self, error: String) {
        *self = Self {
            error: Some(error),
            ..Self::default()
        };
    }
}

/// Draws the recovery screen.
pub fn recover_ui(ui: &mut egui::Ui, view: &mut RecoverView, commands: &mut Vec<Command>) {
    lock_screen_card(ui, 520.0, |ui| {
        ui.heading(text::UTILISER_LA_CLE_DE_SECOURS);
        ui.label(text::TAPEZ_LA_CLE_DE_SECOURS_NOTEE);
        ui.add_space(6.0);
        let idle = !view.busy;
        ui.add_enabled_ui(idle, |ui| {
            let key_label = ui.label(text::CLE_DE_SECOURS);
            // Masked like a passphrase: it opens the base as well as one does.
            let key_field = ui
                .add(
                    egui::TextEdit::singleline(&mut *view.recovery_key)
                        .password(true)
                        .font(egui::TextStyle::Monospace)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(key_label.id);
            super::forget_undo_history(ui.ctx(), key_field.id);
            secret_field(ui, text::NOUVELLE_PHRASE_DE_PASSE, &mut view.first);
            strength_bar(ui, &view.first);
            secret_field(
                ui,
                text::CONFIRMER_LA_NOUVELLE_PHRASE_DE_PASSE,
                &mut view.second,
            );
        });
        if let Some(message) = &view.error {
            error_text(ui, message);
        }
        if view.busy {
            progress(ui, text::VERIFICATION_DE_LA_CLE_DE_SECOURS);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let submit = primary_button(ui, text::CHANGER_LA_PHRASE_DE_PASSE, idle);
            if submit.clicked() {
                if view.recovery_key.trim().is_empty() {
                    view.error = Some(text::TAPEZ_LA_CLE_DE_SECOURS.to_owned());
                } else {
                    match check_new_passphrase(&view.first, &view.second) {
                        Ok(()) => {
                            let recovery_key = take_secret(&mut view.recovery_key);
                            let new_passphrase = take_secret(&mut view.first);
                            drop(take_secret(&mut view.second));
                            commands.push(Command::Recover {
                                recovery_key,
                                new_passphrase,
                            });
                        }
                        Err(message) => view.error = Some(message),
                    }
                }
            }
            let back = ui.add_enabled(idle, egui::Button::new(text::RETOUR));
            on_click(&back, commands, Command::ShowUnlock);
        });
        ui.label(RichText::new(text::SANS_CLE_DE_SECOURS_NI_PHRASE).small());
    });
}
