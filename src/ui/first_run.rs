//! First run: create the encrypted database, show the recovery key once, offer demo data.

use egui::{Key, RichText};
use zeroize::Zeroizing;

use super::theme::{PAPER_FILL, PAPER_STROKE};
use super::{
    check_new_passphrase, error_text, lock_screen_card, on_click, primary_button, progress,
    secret_buffer, secret_field, strength_bar, take_secret,
};
use crate::command::Command;
use crate::ui::shell::text;

/// Where the first run stands.
pub enum FirstRunStep {
    /// Choosing the passphrase (typed twice).
    Passphrase {
        /// First entry.
        first: Zeroizing<String>,
        /// Confirmation.
        second: Zeroizing<String>,
        /// Why the last attempt was refused (French).
        error: Option<String>,
    },
    /// The database and key file are being created on a background thread.
    Creating,
    /// The recovery key, shown once.
    RecoveryKey {
        /// The key in groups, laid out by [`key_lines`], for copying by hand.
        key: Zeroizing<String>,
        /// « J'ai noté la clé de secours » is ticked.
        noted: bool,
    },
    /// « Qui utilise cette base ? »: the worker's name, written in histories.
    Worker(crate::ui::workers::WorkerForm),
    /// Demo data or an empty database?
    DemoChoice,
    /// Demo households are being written on a background thread.
    LoadingDemo,
}

/// View state of the first-run screens.
pub struct FirstRunView {
    /// Current step.
    pub step: FirstRunStep,
    /// Where the database will be created, shown so the user knows what is written where.
    pub db_location: String,
}

impl FirstRunView {
    /// The first step, for a database to be created at `db_location`.
    pub fn new(db_location: String) -> Self {
        Self {
            step: FirstRunStep::Passphrase {
                first: secret_buffer(),
                second: secret_buffer(),
                error: None,
            },
            db_location,
        }
    }

    /// Back to the passphrase step with an error (creation failed).
    pub fn failed(&mut self, error: String) {
        self.step = FirstRunStep::Passphrase {
            first: secret_buffer(),
            second: secret_buffer(),
            error: Some(error),
        };
    }
}

/// Draws the first-run screens.
pub fn first_run_ui(ui: &mut egui::Ui, view: &mut FirstRunView, commands: &mut Vec<Command>) {
    let db_location = view.db_location.as_str();
    lock_screen_card(ui, 560.0, |ui| match &mut view.step {
        FirstRunStep::Passphrase {
            first,
            second,
            error,
        } => passphrase_step(ui, db_location, first, second, error, commands),
        FirstRunStep::Creating => {
            ui.heading(text::CREATION_DE_LA_BASE_CHIFFREE);
            progress(ui, text::CREATION_DE_LA_BASE_CHIFFREE_2);
            ui.label(RichText::new(text::LE_CALCUL_DE_LA_CLE_EST).small());
        }
        FirstRunStep::RecoveryKey { key, noted } => recovery_key_step(ui, key, noted, commands),
        FirstRunStep::Worker(form) => worker_step(ui, form, commands),
        FirstRunStep::DemoChoice => demo_choice_step(ui, commands),
        FirstRunStep::LoadingDemo => {
            ui.heading(text::DONNEES_DE_DEMONSTRATION);
            progress(ui, text::CREATION_DES_MENAGES_FICTIFS);
        }
    });
}

fn passphrase_step(
    ui: &mut egui::Ui,
    db_location: &str,
    first: &mut Zeroizing<String>,
    second: &mut Zeroizing<String>,
    error: &mut Option<String>,
    commands: &mut Vec<Command>,
) {
    ui.heading(text::BIENVENUE_CREATION_DE_LA_BASE);
    ui.label(text::LES_DOSSIERS_DES_MENAGES_SONT_ENREGISTRES);
    ui.label(RichText::new(text::emplacement_db_location(db_location)).small());
    ui.add_space(6.0);

    let first_response = secret_field(ui, text::PHRASE_DE_PASSE, first);
    // Start typing straight away on an untouched form.
    if first.is_empty() && second.is_empty() && ui.memory(|m| m.focused().is_none()) {
        first_response.request_focus();
    }
    strength_bar(ui, first);
    let second_response = secret_field(ui, text::CONFIRMER_LA_PHRASE_DE_PASSE, second);
    if first_response.changed() || second_response.changed() {
        *error = None;
    }
    if let Some(message) = error.as_deref() {
        error_text(ui, message);
    }
    ui.add_space(6.0);
    let enter = second_response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let clicked = primary_button(ui, text::CREER_LA_BASE_CHIFFREE, true).clicked();
    if clicked || enter {
        match check_new_passphrase(first, second) {
            Ok(()) => {
                let passphrase = take_secret(first);
                drop(take_secret(second));
                commands.push(Command::CreateDatabase { passphrase });
            }
            Err(message) => *error = Some(message),
        }
    }
}

fn recovery_key_step(ui: &mut egui::Ui, key: &str, noted: &mut bool, commands: &mut Vec<Command>) {
    ui.heading(text::VOTRE_CLE_DE_SECOURS);
    ui.label(text::NOTEZ_CETTE_CLE_DE_SECOURS_SUR);
    ui.label(RichText::new(text::ELLE_NE_SERA_PLUS_JAMAIS_AFFICHEE).strong());
    ui.add_space(6.0);
    egui::Frame::new()
        .fill(PAPER_FILL)
        .stroke(egui::Stroke::new(1.0, PAPER_STROKE))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::same(14))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.vertical_centered(|ui| {
                ui.label(RichText::new(key).monospace().size(20.0).strong());
            });
        });
    ui.add_space(6.0);
    ui.checkbox(noted, text::J_AI_NOTE_LA_CLE_DE);
    let next = primary_button(ui, text::CONTINUER, *noted);
    on_click(&next, commands, Command::RecoveryKeyNoted);
}

/// Groups of the recovery key per printed line.
const GROUPS_PER_LINE: usize = 7;

/// Lays the key out in whole groups per line, so a line never breaks inside a group (a
/// dangling dash at a line end reads like part of the key). The store reads the key back
/// whatever the spaces, dashes and line breaks.
pub fn key_lines(key: &str) -> Zeroizing<String> {
    let groups: Vec<&str> = key.split('-').collect();
    let lines: Vec<String> = groups
        .chunks(GROUPS_PER_LINE)
        .map(|line| line.join("-"))
        .collect();
    let text = Zeroizing::new(lines.join("\n"));
    // The intermediate lines are plain Strings: wipe them too.
    for mut line in lines {
        zeroize::Zeroize::zeroize(&mut line);
    }
    text
}

fn worker_step(
    ui: &mut egui::Ui,
    form: &mut crate::ui::workers::WorkerForm,
    commands: &mut Vec<Command>,
) {
    ui.heading(text::QUI_UTILISE_CETTE_BASE);
    ui.label(text::VOTRE_NOM_EST_INSCRIT_DANS_L);
    ui.add_space(6.0);
    let enter = crate::ui::workers::worker_fields(ui, "first_run_worker", form);
    ui.add_space(6.0);
    if primary_button(ui, text::CONTINUER, true).clicked() || enter {
        match form.to_worker() {
            Ok(worker) => commands.push(Command::SetCurrentWorker(worker)),
            Err(message) => form.error = Some(message),
        }
    }
}

/// « Essayer avec des données fictives » (opens the separate demo base).
pub const DEMO_LABEL: &str = text::ESSAYER_AVEC_DES_DONNEES_FICTIVES;

fn demo_choice_step(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.heading(text::BASE_CREEE);
    ui.label(text::VOUS_POUVEZ_DECOUVRIR_PASSERELLE_AVEC_DES);
    ui.add_space(6.0);
    let demo = primary_button(ui, DEMO_LABEL, true);
    on_click(&demo, commands, Command::LoadDemo);
    let empty = ui.button(text::COMMENCER_AVEC_UNE_BASE_VIDE);
    on_click(&empty, commands, Command::StartEmpty);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_keep_whole_groups_per_line() {
        let key = (0..14)
            .map(|i| format!("G{i:03}"))
            .collect::<Vec<_>>()
            .join("-");
        let text = key_lines(&key);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines
                .iter()
                .all(|line| line.split('-').count() == GROUPS_PER_LINE)
        );
        assert!(lines.iter().all(|line| !line.ends_with('-')));
        assert_eq!(text.replace('\n', "-"), key);
    }
}
