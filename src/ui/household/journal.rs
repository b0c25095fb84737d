//! The « Journal » tab: the notes, newest first, read-only and corrected by a new note that
//! cites them, and the note form.

use chrono::FixedOffset;
use egui::{Key, RichText};
use uuid::Uuid;

use super::form::first;
use super::widgets::{add_button, card};
use crate::domain::household_form::*;
use crate::store::household::HouseholdPage;
use crate::ui::forms::{entered, field_errors, multiline_row, text_row};
use crate::ui::household::text;
use crate::ui::theme::ERROR;

pub(super) fn journal_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    offset: FixedOffset,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let h = &data.detail.household;
    let new_note = |corrects: Option<Uuid>| {
        Draft::Note(NoteForm {
            id: Uuid::new_v4(),
            household_id: h.id,
            author: if data.worker_name.is_empty() {
                h.referent.clone()
            } else {
                data.worker_name.clone()
            },
            text: String::new(),
            corrects,
        })
    };
    if !editing && add_button(ui, text::NOUVELLE_NOTE, true) {
        *start = Some(new_note(None));
    }
    ui.label(RichText::new(text::UNE_NOTE_ENREGISTREE_NE_SE_MODIFIE).weak());
    if data.detail.notes.is_empty() {
        ui.label(text::LE_JOURNAL_EST_VIDE);
    }
    for n in data.detail.notes.iter().rev() {
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        n.at.with_timezone(&offset).format(text::D_M_Y_H_M),
                        if n.author.is_empty() {
                            text::AUTEUR_INCONNU
                        } else {
                            &n.author
                        }
                    ))
                    .strong(),
                );
                let corrected = data.detail.notes.iter().any(|m| m.corrects == Some(n.id));
                if corrected {
                    ui.label(RichText::new(text::CORRIGEE_PLUS_TARD).color(ERROR));
                }
                if !editing && ui.button(text::CORRIGER).clicked() {
                    *start = Some(new_note(Some(n.id)));
                }
            });
            if let Some(old) = n
                .corrects
                .and_then(|id| data.detail.notes.iter().find(|m| m.id == id))
            {
                ui.label(
                    RichText::new(text::correction_de_la_note_du_offset(
                        old.at.with_timezone(&offset).format(text::D_M_Y_H_M),
                    ))
                    .italics(),
                );
            }
            // A label, not a text field: a saved note is read-only.
            ui.add(egui::Label::new(&n.text).wrap());
        });
    }
}

pub(super) fn note_form(
    ui: &mut egui::Ui,
    f: &mut NoteForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    focus: bool,
) -> bool {
    if let Some(old) = f
        .corrects
        .and_then(|id| data.detail.notes.iter().find(|n| n.id == id))
    {
        ui.label(text::NOTE_CORRIGEE);
        ui.label(RichText::new(&old.text).italics());
        ui.end_row();
    }
    let enter = entered(&text_row(ui, text::AUTEUR_RICE, &mut f.author, e, "author"));
    let r = first(
        focus,
        multiline_row(ui, text::TEXTE_DE_LA_NOTE_CTRL_ENTREE, &mut f.text),
    );
    field_errors(ui, e, "text");
    enter || (r.has_focus() && ui.input(|i| i.key_pressed(Key::Enter) && i.modifiers.command))
}
