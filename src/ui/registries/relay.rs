//! « Appartements relais »: the relay units, their discovery stays, and booking one.

use egui::RichText;
use uuid::Uuid;

use super::text;
use super::*;
use crate::command::Command;
use crate::command::matching::MatchingCommand;

pub(super) fn relay_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
    let relays: Vec<&HousingUnit> = view.units.iter().filter(|u| u.is_relay).collect();
    if relays.is_empty() {
        ui.label(text::NO_RELAY);
        return;
    }
    for r in &relays {
        ui.label(RichText::new(format!("{} — {}", r.label, r.commune)).strong());
        let mut stays: Vec<&(RelayStay, String)> =
            view.stays.iter().filter(|s| s.0.unit_id == r.id).collect();
        stays.sort_by_key(|s| s.0.from);
        if stays.is_empty() {
            ui.label(text::NO_STAY);
        }
        for (s, who) in stays {
            ui.horizontal(|ui| {
                let stay = text::stay(
                    &domain_text::format_date_fr(Some(s.from)),
                    &domain_text::format_date_fr(Some(s.to)),
                    s.nights(),
                    who,
                );
                ui.label(&stay);
                if ui
                    .push_id(s.id, |ui| ui.button(text::CANCEL_STAY))
                    .inner
                    .clicked()
                {
                    view.confirm = Some(Confirm {
                        question: text::cancel_stay(&stay),
                        yes: text::YES_CANCEL_STAY,
                        no: text::NO_KEEP_STAY,
                        command: MatchingCommand::CancelStay(s.id),
                    });
                }
            });
        }
        ui.add_space(6.0);
    }
    let form = &mut view.stay_form;
    form_frame(ui, |ui| {
        ui.label(RichText::new(text::BOOK_STAY_TITLE).strong());
        egui::ComboBox::from_label(text::RELAY)
            .selected_text(
                form.unit
                    .and_then(|id| relays.iter().find(|u| u.id == id))
                    .map_or(text::CHOOSE, |u| u.label.as_str()),
            )
            .show_ui(ui, |ui| {
                for u in &relays {
                    ui.selectable_value(&mut form.unit, Some(u.id), &u.label);
                }
            });
        egui::ComboBox::from_label(text::HOUSEHOLD)
            .selected_text(
                form.household
                    .and_then(|id| view.households.iter().find(|h| h.0 == id))
                    .map_or(text::CHOOSE, |h| h.1.as_str()),
            )
            .show_ui(ui, |ui| {
                for (id, label) in &view.households {
                    ui.selectable_value(&mut form.household, Some(*id), label);
                }
            });
        text_field(ui, text::ARRIVAL, &mut form.from);
        text_field(ui, text::DEPARTURE, &mut form.to);
        text_field(ui, text::NOTES, &mut form.notes);
        let ready = form.unit.is_some() && form.household.is_some();
        if primary_button(ui, text::BOOK, ready).clicked()
            && let (Some(unit_id), Some(household_id)) = (form.unit, form.household)
        {
            match (
                domain_text::parse_date_fr(&form.from),
                domain_text::parse_date_fr(&form.to),
            ) {
                (Ok(Some(from)), Ok(Some(to))) => push(
                    commands,
                    MatchingCommand::BookStay(RelayStay {
                        id: Uuid::new_v4(),
                        unit_id,
                        household_id,
                        from,
                        to,
                        notes: form.notes.clone(),
                    }),
                ),
                (Err(e), _) | (_, Err(e)) => view.error = Some(e),
                _ => view.error = Some(text::DATES_NEEDED.to_owned()),
            }
        }
    });
}
