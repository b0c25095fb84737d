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
    if !editing && add_button(ui, "Nouvelle note", true) {
        *start = Some(new_note(None));
    }
    ui.label(
        RichText::new(
            "Une note enregistrée ne se modifie plus : pour rectifier, ajoutez une correction \
             qui la cite.",
        )
        .weak(),
    );
    if data.detail.notes.is_empty() {
        ui.label("Le journal est vide.");
    }
    for n in data.detail.notes.iter().rev() {
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        n.at.with_timezone(&offset).format("%d/%m/%Y %H:%M"),
                        if n.author.is_empty() {
                            "auteur inconnu"
                        } else {
                            &n.author
                        }
                    ))
                    .strong(),
                );
                let corrected = data.detail.notes.iter().any(|m| m.corrects == Some(n.id));
                if corrected {
                    ui.label(RichText::new("corrigée plus tard").color(ERROR));
                }
                if !editing && ui.button("Corriger").clicked() {
                    *start = Some(new_note(Some(n.id)));
                }
            });
            if let Some(old) = n
                .corrects
                .and_then(|id| data.detail.notes.iter().find(|m| m.id == id))
            {
                ui.label(
                    RichText::new(format!(
                        "Correction de la note du {}",
                        old.at.with_timezone(&offset).format("%d/%m/%Y %H:%M")
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
        ui.label("Note corrigée");
        ui.label(RichText::new(&old.text).italics());
        ui.end_row();
    }
    let enter = entered(&text_row(ui, "Auteur·rice", &mut f.author, e, "author"));
    let r = first(
        focus,
        multiline_row(ui, "Texte de la note (Ctrl+Entrée enregistre)", &mut f.text),
    );
    field_errors(ui, e, "text");
    enter || (r.has_focus() && ui.input(|i| i.key_pressed(Key::Enter) && i.modifiers.command))
}
