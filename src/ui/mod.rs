//! User interface: one file per view.
//!
//! Every view is a function `xxx_ui(ui, view, commands)`: it draws from its view state and
//! pushes [`Command`]s; it never touches the store. State that is purely about the interface
//! (text being typed, a checkbox) lives in the view struct and may be changed while drawing.

pub mod about;
pub mod audit_log;
pub mod backup;
pub mod board;
pub mod date_picker;
pub mod dialog;
pub mod exchange;
pub mod file_chooser;
pub mod first_run;
pub mod forms;
pub mod household;
pub mod household_list;
pub mod matching;
pub mod notice;
pub mod recover;
pub mod registries;
pub mod reports;
pub mod search;
pub mod settings;
pub mod sheet_import;
pub mod shell;
pub mod team;
pub mod theme;
pub mod unlock;
pub mod workers;

use egui::{Color32, FontFamily, FontId, Frame, Margin, RichText, TextStyle};
use zeroize::Zeroizing;

use crate::command::Command;
use theme::{
    ACCENT, CARD_FILL, ERROR, FIELD_FILL, FIELD_STROKE, LOCK_CARD_STROKE, ON_ACCENT, PANEL_FILL,
    STRENGTH_FAIR, SUCCESS, TEXT_TAGLINE,
};
pub mod text;

/// Shortest passphrase accepted, in characters (DESIGN.md §4: the KDF slows guessing, the
/// length is what makes it hopeless).
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Capacity reserved for secret text fields.
///
/// A `String` that grows reallocates and leaves the old bytes behind, unzeroized, in freed
/// memory. Reserving room once means typing never reallocates, so zeroizing the buffer on
/// drop really wipes the only copy we own.
const SECRET_CAPACITY: usize = 256;

/// An empty buffer for a secret being typed (passphrase, recovery key).
pub fn secret_buffer() -> Zeroizing<String> {
    Zeroizing::new(String::with_capacity(SECRET_CAPACITY))
}

/// Takes the secret out of a buffer, leaving a fresh empty one in its place.
pub fn take_secret(buffer: &mut Zeroizing<String>) -> Zeroizing<String> {
    std::mem::replace(buffer, secret_buffer())
}

/// How long a success message stays on screen, in seconds. A message belongs to the action
/// that produced it: a success goes away by itself, an error stays until it is closed or
/// the worker moves to another section (issue 16).
pub const SUCCESS_SECS: f64 = 8.0;

/// Whether the success message shown at `salt` has been on screen for [`SUCCESS_SECS`]
/// and should go now. Called every frame for its place, with `None` when nothing is shown,
/// so the same text shown again later counts afresh.
pub fn success_expired(ui: &egui::Ui, salt: &str, shown: Option<&shell::Message>) -> bool {
    let id = egui::Id::unique(salt);
    let Some(message) = shown else {
        ui.data_mut(|d| d.remove::<(u64, f64)>(id));
        return false;
    };
    let now = ui.input(|i| i.time);
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (message.is_success(), message.text.as_str()).hash(&mut h);
        h.finish()
    };
    let since = match ui.data(|d| d.get_temp::<(u64, f64)>(id)) {
        Some((shown_key, since)) if shown_key == key => since,
        _ => now,
    };
    ui.data_mut(|d| d.insert_temp(id, (key, since)));
    if !message.is_success() {
        return false;
    }
    let left = SUCCESS_SECS - (now - since);
    if left <= 0.0 {
        ui.data_mut(|d| d.remove::<(u64, f64)>(id));
        return true;
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs_f64(left));
    false
}

/// [`success_expired`] for the views' messages: clears one that is due.
pub fn expire_message(ui: &egui::Ui, salt: &str, message: &mut Option<shell::Message>) {
    if success_expired(ui, salt, message.as_ref()) {
        *message = None;
    }
}

/// Sets the look of the whole app: light theme, larger text than egui's default (the app is
/// read for hours on 1366×768 laptop screens), generous spacing.
pub fn apply_style(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(24.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(16.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(16.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(12.0, 6.0);
        style.spacing.interact_size.y = 30.0;
        style.visuals.selection.bg_fill = ACCENT.gamma_multiply(0.35);
        // egui's light theme draws text fields borderless on white: on a white card they
        // vanish. A pale fill and a grey border make every field findable at a glance.
        style.visuals.extreme_bg_color = FIELD_FILL;
        style.visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, FIELD_STROKE);
        style.visuals.hyperlink_color = ACCENT;
    });
}

/// How strong a new passphrase looks, from its length and its character classes.
///
/// This is an indication for the user, not a guarantee: the only hard rule is the minimum
/// length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Shorter than [`MIN_PASSPHRASE_CHARS`]: refused.
    TooShort,
    /// Long enough, but short or made of one kind of character.
    Fair,
    /// Long enough with some variety.
    Good,
    /// Long (a sentence) or long and varied.
    Strong,
}

impl Strength {
    /// French wording shown under the field.
    pub fn label(self) -> &'static str {
        match self {
            Strength::TooShort => text::TROP_COURTE,
            Strength::Fair => text::ACCEPTABLE,
            Strength::Good => text::BONNE,
            Strength::Strong => text::TRES_BONNE,
        }
    }

    fn fraction(self) -> f32 {
        match self {
            Strength::TooShort => 0.15,
            Strength::Fair => 0.45,
            Strength::Good => 0.75,
            Strength::Strong => 1.0,
        }
    }

    fn colour(self) -> Color32 {
        match self {
            Strength::TooShort => ERROR,
            Strength::Fair => STRENGTH_FAIR,
            Strength::Good | Strength::Strong => SUCCESS,
        }
    }
}

/// Rates a passphrase: length in characters (not bytes: « é » counts once) and classes
/// (lowercase, uppercase, digits, anything else including spaces).
pub fn passphrase_strength(passphrase: &str) -> Strength {
    let length = passphrase.chars().count();
    if length < MIN_PASSPHRASE_CHARS {
        return Strength::TooShort;
    }
    let classes = [
        passphrase.chars().any(char::is_lowercase),
        passphrase.chars().any(char::is_uppercase),
        passphrase.chars().any(|c| c.is_ascii_digit()),
        passphrase.chars().any(|c| !c.is_alphanumeric()),
    ]
    .into_iter()
    .filter(|&present| present)
    .count();
    // A long sentence is strong even in lowercase: length beats symbols.
    if length >= 24 || (length >= 16 && classes >= 3) {
        Strength::Strong
    } else if length >= 16 || classes >= 3 {
        Strength::Good
    } else {
        Strength::Fair
    }
}

/// Checks a new passphrase typed twice; the error is the French message to show.
pub fn check_new_passphrase(first: &str, second: &str) -> Result<(), String> {
    let length = first.chars().count();
    if length < MIN_PASSPHRASE_CHARS {
        return Err(text::la_phrase_de_passe_doit_compter_au_moins(
            MIN_PASSPHRASE_CHARS,
            length,
        ));
    }
    if first != second {
        return Err(text::LES_DEUX_PHRASES_DE_PASSE_NE.to_owned());
    }
    Ok(())
}

/// A labelled, masked text field for a secret. The label names the field for screen readers
/// and UI tests.
pub fn secret_field(ui: &mut egui::Ui, label: &str, buffer: &mut String) -> egui::Response {
    let label = ui.label(label);
    let response = ui
        .add(
            egui::TextEdit::singleline(buffer)
                .password(true)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    forget_undo_history(ui.ctx(), response.id);
    response
}

/// Empties the undo history egui keeps for a text field: for a secret, every earlier
/// state of the text would otherwise stay in memory egui owns, outside our zeroized buffer.
pub fn forget_undo_history(ctx: &egui::Context, id: egui::Id) {
    if let Some(mut state) = egui::TextEdit::load_state(ctx, id) {
        state.clear_undoer();
        state.store(ctx, id);
    }
}

/// The strength bar shown under a new passphrase.
pub fn strength_bar(ui: &mut egui::Ui, passphrase: &str) {
    if passphrase.is_empty() {
        return;
    }
    let strength = passphrase_strength(passphrase);
    let length = passphrase.chars().count();
    let text = if strength == Strength::TooShort {
        text::solidite_label_length(strength.label(), length, MIN_PASSPHRASE_CHARS)
    } else {
        text::solidite_label_length_caracteres(strength.label(), length)
    };
    ui.add(
        egui::ProgressBar::new(strength.fraction())
            .fill(strength.colour())
            .desired_height(8.0),
    );
    ui.label(RichText::new(text).color(strength.colour()).small());
}

/// An error message in a readable red.
pub fn error_text(ui: &mut egui::Ui, message: &str) {
    ui.label(RichText::new(message).color(ERROR));
}

/// A spinner with a short French explanation of what is going on.
pub fn progress(ui: &mut egui::Ui, text: &str) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(text);
    });
}

/// A primary action button: filled with the accent colour so the next step is obvious.
pub fn primary_button(ui: &mut egui::Ui, text: &str, enabled: bool) -> egui::Response {
    let button = egui::Button::new(RichText::new(text).color(ON_ACCENT)).fill(ACCENT);
    ui.add_enabled(enabled, button)
}

/// A centred card for the screens shown before the database is open (first run, lock,
/// recovery): a narrow column is easier to read than a full-width form.
pub fn lock_screen_card<R>(
    ui: &mut egui::Ui,
    width: f32,
    add_contents: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    egui::CentralPanel::default()
        .frame(Frame::central_panel(ui.style()).fill(PANEL_FILL))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add_space((ui.available_height() * 0.08).max(16.0));
                    ui.vertical_centered(|ui| {
                        ui.label(
                            RichText::new(text::PASSERELLE)
                                .size(30.0)
                                .strong()
                                .color(ACCENT),
                        );
                        ui.label(
                            RichText::new(text::UN_TOIT_UN_EMPLOI_SUIVI_DES).color(TEXT_TAGLINE),
                        );
                        ui.add_space(12.0);
                    });
                    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
                    ui.horizontal(|ui| {
                        ui.add_space(margin);
                        Frame::new()
                            .fill(CARD_FILL)
                            .stroke(egui::Stroke::new(1.0, LOCK_CARD_STROKE))
                            .corner_radius(8.0)
                            .inner_margin(Margin::same(24))
                            .show(ui, |ui| {
                                ui.set_width(width.min(ui.available_width()));
                                ui.vertical(add_contents).inner
                            })
                            .inner
                    })
                    .inner
                })
                .inner
        })
        .inner
}

/// Pushes `command` when `response` was clicked; a small helper that keeps views terse.
pub fn on_click(response: &egui::Response, commands: &mut Vec<Command>, command: Command) {
    if response.clicked() {
        commands.push(command);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passphrases_are_refused() {
        assert_eq!(passphrase_strength("court"), Strength::TooShort);
        assert_eq!(passphrase_strength("onze caract"), Strength::TooShort);
        let err = check_new_passphrase("onze caract", "onze caract").unwrap_err();
        assert!(err.contains("au moins 12 caractères"), "{err}");
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // 11 characters, 14 bytes: still too short.
        assert_eq!(passphrase_strength("éléphantéé!"), Strength::TooShort);
    }

    #[test]
    fn strength_grows_with_length_and_variety() {
        assert_eq!(passphrase_strength("aaaaaaaaaaaa"), Strength::Fair);
        assert_eq!(passphrase_strength("Aaaaaaaaaa1a"), Strength::Good);
        assert_eq!(
            passphrase_strength("le chat dort sur le toit"),
            Strength::Strong
        );
        assert_eq!(passphrase_strength("Chat-Toit-2024!"), Strength::Good);
        assert_eq!(passphrase_strength("Chat-Toit-2024!!"), Strength::Strong);
    }

    #[test]
    fn both_entries_must_match() {
        let err =
            check_new_passphrase("une phrase assez longue", "une phrase assez longuE").unwrap_err();
        assert!(err.contains("pas identiques"), "{err}");
        assert!(check_new_passphrase("une phrase assez longue", "une phrase assez longue").is_ok());
    }

    #[test]
    fn taking_a_secret_leaves_a_fresh_buffer() {
        let mut buffer = secret_buffer();
        buffer.push_str("secret");
        let taken = take_secret(&mut buffer);
        assert_eq!(taken.as_str(), "secret");
        assert!(buffer.is_empty());
        assert!(buffer.capacity() >= SECRET_CAPACITY);
    }
}
