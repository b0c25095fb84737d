//! « Phrase de passe » and « Clé de chiffrement »: changing the passphrase, rotating the key.

use super::*;

/// « Clé de chiffrement »: rotate the data key, then show the new recovery key once.
pub(super) fn key_rotation_ui(
    ui: &mut egui::Ui,
    view: &mut SettingsView,
    commands: &mut Vec<Command>,
) {
    section(ui, text::CLE_DE_CHIFFREMENT, |ui| {
        if let Some(key) = &view.new_recovery_key {
            ui.label(RichText::new(text::CLE_DE_CHIFFREMENT_CHANGEE_VOICI_LA).color(SUCCESS));
            ui.add_space(4.0);
            ui.label(RichText::new(key.as_str()).monospace().size(20.0));
            ui.add_space(4.0);
            ui.label(RichText::new(text::L_ANCIENNE_CLE_DE_SECOURS_ET).small());
            ui.checkbox(&mut view.new_key_noted, text::J_AI_NOTE_LA_NOUVELLE_CLE);
            if primary_button(ui, text::FERMER, view.new_key_noted).clicked() {
                commands.push(Command::NewRecoveryKeyNoted);
            }
            return;
        }
        ui.label(text::A_FAIRE_SI_UN_ORDINATEUR_UN);
        let idle = !view.rekey_busy;
        if !view.rekey_open {
            if ui
                .add_enabled(idle, egui::Button::new(text::CHANGER_LA_CLE_DE_CHIFFREMENT))
                .clicked()
            {
                view.rekey_open = true;
                view.rekey_focus = true;
                view.rekey_error = None;
            }
        } else {
            let mut submit = false;
            ui.add_enabled_ui(idle, |ui| {
                ui.set_max_width(420.0);
                let field = secret_field(
                    ui,
                    text::PHRASE_DE_PASSE_ACTUELLE_POUR_CONFIRMER,
                    &mut view.rekey_passphrase,
                );
                if view.rekey_focus {
                    field.request_focus();
                    // Asked from « Équipe », further down the page: bring it into view.
                    field.scroll_to_me(Some(egui::Align::Center));
                    view.rekey_focus = false;
                }
                submit = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    view.rekey_open = false;
                    drop(take_secret(&mut view.rekey_passphrase));
                }
            });
            ui.horizontal(|ui| {
                submit |= primary_button(ui, text::CHANGER_LA_CLE_MAINTENANT, idle).clicked();
                if ui
                    .add_enabled(idle, egui::Button::new(text::ANNULER))
                    .clicked()
                {
                    view.rekey_open = false;
                    view.rekey_error = None;
                    drop(take_secret(&mut view.rekey_passphrase));
                }
            });
            if submit && idle {
                if view.rekey_passphrase.is_empty() {
                    view.rekey_error = Some(text::TAPEZ_LA_PHRASE_DE_PASSE_ACTUELLE.to_owned());
                } else {
                    view.rekey_error = None;
                    let passphrase = take_secret(&mut view.rekey_passphrase);
                    commands.push(Command::RotateKey { passphrase });
                }
            }
        }
        if let Some(message) = &view.rekey_error {
            error_text(ui, message);
        }
        if view.rekey_busy {
            progress(ui, text::CHANGEMENT_DE_LA_CLE_DE_CHIFFREMENT);
        }
    });
}

/// « Phrase de passe »: change it (the data key is rewrapped, not the data).
pub(super) fn passphrase_section_ui(
    ui: &mut egui::Ui,
    view: &mut SettingsView,
    commands: &mut Vec<Command>,
) {
    section(ui, text::PHRASE_DE_PASSE, |ui| {
        let idle = !view.busy;
        // Entrée in the last field changes the passphrase, as the button does.
        let entered = ui
            .add_enabled_ui(idle, |ui| {
                ui.set_max_width(420.0);
                secret_field(ui, text::PHRASE_DE_PASSE_ACTUELLE, &mut view.old);
                secret_field(ui, text::NOUVELLE_PHRASE_DE_PASSE, &mut view.first);
                strength_bar(ui, &view.first);
                let confirm = secret_field(
                    ui,
                    text::CONFIRMER_LA_NOUVELLE_PHRASE_DE_PASSE,
                    &mut view.second,
                );
                crate::ui::forms::entered(&confirm)
            })
            .inner;
        if let Some(message) = &view.error {
            error_text(ui, message);
        }
        if let Some(message) = &view.done {
            ui.label(RichText::new(message).color(SUCCESS));
        }
        if view.busy {
            progress(ui, text::CHANGEMENT_DE_LA_PHRASE_DE_PASSE);
        }
        let clicked = primary_button(ui, text::CHANGER_LA_PHRASE_DE_PASSE, idle).clicked();
        if idle && (clicked || entered) {
            view.done = None;
            if view.old.is_empty() {
                view.error = Some(text::TAPEZ_LA_PHRASE_DE_PASSE_ACTUELLE.to_owned());
            } else {
                match check_new_passphrase(&view.first, &view.second) {
                    Ok(()) => {
                        view.error = None;
                        let old = take_secret(&mut view.old);
                        let new = take_secret(&mut view.first);
                        drop(take_secret(&mut view.second));
                        commands.push(Command::ChangePassphrase { old, new });
                    }
                    Err(message) => view.error = Some(message),
                }
            }
        }
        ui.label(RichText::new(text::LA_CLE_DE_SECOURS_RESTE_VALABLE).small());
    });
}
