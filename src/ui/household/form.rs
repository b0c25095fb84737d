//! The frame of the open form: its title with « Enregistrer », « Annuler » and
//! « Supprimer… » beside it, the delete and discard questions, and the fields of the
//! form being edited (each drawn by its tab's file); Entrée saves, Échap cancels.

use chrono::NaiveDate;
use egui::{Key, RichText};

use super::adults::{adult_form, tutor_form};
use super::appointments::appointment_form;
use super::children::child_form;
use super::consents::consent_form;
use super::documents::document_form;
use super::journal::note_form;
use super::menage::household_form;
use super::parcours::follow_up_form;
use super::widgets::card;
use super::{CANCEL_LABEL, Editing, FileUi, SAVE_LABEL};
use crate::command::Command;
use crate::domain::household_form::{Deletable, Draft};
use crate::store::household::HouseholdPage;
use crate::ui::household::text;
use crate::ui::primary_button;
use crate::ui::theme::{ACCENT, ERROR};

/// What the worker did with the open form this frame.
pub(super) enum FormOutcome {
    None,
    Save,
    Cancel,
    Delete(Deletable),
}

/// Draws the open form in its card.
pub(super) fn form_ui(
    ui: &mut egui::Ui,
    editing: &mut Editing,
    data: &HouseholdPage,
    today: NaiveDate,
    files: FileUi,
    commands: &mut Vec<Command>,
) -> FormOutcome {
    let mut save = false;
    let errors = editing.errors.clone();
    let focus = std::mem::take(&mut editing.focus_first);
    let deletable = editing.draft.deletable();
    let mut delete = None;
    card(ui, |ui| {
        crate::ui::forms::keep_tab_inside(ui, "household_form", |ui| {
            // The buttons sit beside the title, always in view even when a long form
            // (an adult) runs below the screen; Enter saves from any field.
            let mut cancel = false;
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(editing.draft.title())
                        .strong()
                        .size(18.0)
                        .color(ACCENT),
                );
                ui.add_space(16.0);
                save |= primary_button(ui, SAVE_LABEL, true).clicked();
                let label = if editing.confirm_discard {
                    text::ABANDONNER_LES_MODIFICATIONS
                } else {
                    CANCEL_LABEL
                };
                cancel |= ui.button(label).clicked();
                if deletable.is_some()
                    && !editing.confirm_delete
                    && ui.button(text::SUPPRIMER).clicked()
                {
                    editing.confirm_delete = true;
                }
            });
            if let Some(record) = deletable
                && editing.confirm_delete
            {
                ui.label(
                    RichText::new(text::supprimer_what_fr_c_est_definitif_la(record.what_fr()))
                        .color(ERROR),
                );
                ui.horizontal(|ui| {
                    if ui
                        .button(RichText::new(text::OUI_SUPPRIMER).color(ERROR))
                        .clicked()
                    {
                        delete = Some(record);
                    }
                    if ui.button(text::NON_GARDER).clicked() {
                        editing.confirm_delete = false;
                    }
                });
            }
            for m in errors.for_field("_") {
                ui.label(RichText::new(m).color(ERROR));
            }
            egui::Grid::new("household_form")
                .num_columns(2)
                .spacing([16.0, 8.0])
                .show(ui, |ui| match &mut editing.draft {
                    Draft::Household(f) => {
                        save |= household_form(ui, f, &errors, &data.referent_choices, focus);
                    }
                    Draft::Adult(f) => save |= adult_form(ui, f, &errors, data, today, focus),
                    Draft::Child(f) => save |= child_form(ui, f, &errors, today, focus),
                    Draft::Note(f) => save |= note_form(ui, f, &errors, data, focus),
                    Draft::Appointment(f) => save |= appointment_form(ui, f, &errors),
                    Draft::Document(f) => {
                        save |= document_form(ui, f, &errors, data, files, commands);
                    }
                    Draft::Consent(f) => save |= consent_form(ui, f, &errors, &data.partners),
                    Draft::FollowUp(f) => save |= follow_up_form(ui, f, &errors, data, focus),
                    Draft::Tutor(f) => save |= tutor_form(ui, f, &errors, data, focus),
                });
            if editing.confirm_discard {
                ui.label(
                    RichText::new(text::DES_MODIFICATIONS_NE_SONT_PAS_ENREGISTREES).color(ERROR),
                );
            }
            let escape = ui.input(|i| i.key_pressed(Key::Escape));
            if escape && editing.confirm_delete {
                // Échap first closes the question, not the form.
                editing.confirm_delete = false;
                return FormOutcome::None;
            }
            cancel |= escape;
            if let Some(record) = delete {
                return FormOutcome::Delete(record);
            }
            if save {
                editing.confirm_discard = false;
                return FormOutcome::Save;
            }
            if cancel {
                if editing.is_dirty() && !editing.confirm_discard {
                    editing.confirm_discard = true;
                    return FormOutcome::None;
                }
                return FormOutcome::Cancel;
            }
            FormOutcome::None
        })
    })
}

/// Focuses the first field of a form that just opened, so typing can start at once.
pub(super) fn first(focus: bool, response: egui::Response) -> egui::Response {
    crate::ui::forms::mark_first_field(&response);
    if focus {
        response.request_focus();
    }
    response
}
