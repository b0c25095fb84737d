//! « Bailleurs et logements »: the landlords, their units, and their forms.

use egui::RichText;
use uuid::Uuid;

use super::text;
use super::*;
use crate::command::Command;
use crate::command::matching::MatchingCommand;

pub(super) fn units_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button(text::NEW_LANDLORD).clicked() {
            view.landlord_form = Some((
                Landlord {
                    id: Uuid::new_v4(),
                    name: String::new(),
                    social: true,
                    commune: String::new(),
                    contact_name: String::new(),
                    phone: String::new(),
                    email: String::new(),
                },
                String::new(),
            ));
        }
        if ui
            .add_enabled(
                !view.landlords.is_empty(),
                egui::Button::new(text::NEW_UNIT),
            )
            .clicked()
            && let Some(l) = view.landlords.first()
        {
            view.unit_form = Some(UnitForm {
                unit: HousingUnit {
                    id: Uuid::new_v4(),
                    landlord_id: l.id,
                    label: String::new(),
                    commune: l.commune.clone(),
                    typology: Typology::T3,
                    surface_m2: 60.0,
                    rent_cents: 0,
                    charges_cents: 0,
                    available_from: None,
                    floor: 0,
                    lift: false,
                    accessible: false,
                    is_relay: false,
                    status: UnitStatus::Disponible,
                },
                rent: String::new(),
                charges: String::new(),
                available: String::new(),
            });
        }
    });
    if let Some((landlord, _)) = &mut view.landlord_form {
        let mut close = false;
        form_frame(ui, |ui| {
            let title = if view.landlords.iter().any(|l| l.id == landlord.id) {
                text::EDIT_LANDLORD
            } else {
                text::NEW_LANDLORD
            };
            ui.label(RichText::new(title).strong());
            text_field(ui, text::LANDLORD_NAME, &mut landlord.name);
            ui.checkbox(&mut landlord.social, text::SOCIAL_LANDLORD);
            commune_picker(ui, "landlord_commune", text::COMMUNE, &mut landlord.commune);
            ui.horizontal(|ui| {
                if primary_button(ui, text::SAVE_LANDLORD, !landlord.name.trim().is_empty())
                    .clicked()
                {
                    push(commands, MatchingCommand::SaveLandlord(landlord.clone()));
                    close = true;
                }
                close |= ui.button(text::CANCEL).clicked();
            });
        });
        if close {
            view.landlord_form = None;
        }
    }
    if let Some(form) = &mut view.unit_form {
        let mut close = false;
        let landlords = &view.landlords;
        form_frame(ui, |ui| {
            ui.label(RichText::new(text::UNIT).strong());
            egui::ComboBox::from_label(text::LANDLORD)
                .selected_text(
                    landlords
                        .iter()
                        .find(|l| l.id == form.unit.landlord_id)
                        .map_or("", |l| l.name.as_str()),
                )
                .show_ui(ui, |ui| {
                    for l in landlords {
                        ui.selectable_value(&mut form.unit.landlord_id, l.id, &l.name);
                    }
                });
            text_field(ui, text::UNIT_LABEL, &mut form.unit.label);
            commune_picker(
                ui,
                "unit_commune",
                text::UNIT_COMMUNE,
                &mut form.unit.commune,
            );
            egui::ComboBox::from_label(text::TYPOLOGY)
                .selected_text(form.unit.typology.label_fr())
                .show_ui(ui, |ui| {
                    for t in Typology::ALL {
                        ui.selectable_value(&mut form.unit.typology, *t, t.label_fr());
                    }
                });
            ui.add(
                egui::Slider::new(&mut form.unit.surface_m2, 10.0..=200.0)
                    .text(text::SQUARE_METRES)
                    .integer(),
            );
            text_field(ui, text::RENT, &mut form.rent);
            text_field(ui, text::CHARGES, &mut form.charges);
            text_field(ui, text::FREE_FROM, &mut form.available);
            ui.add(egui::Slider::new(&mut form.unit.floor, -1..=20).text(text::FLOOR));
            ui.checkbox(&mut form.unit.lift, text::LIFT);
            ui.checkbox(&mut form.unit.accessible, text::ACCESSIBLE);
            ui.checkbox(&mut form.unit.is_relay, text::RELAY_UNIT);
            egui::ComboBox::from_label(text::STATUS)
                .selected_text(form.unit.status.label_fr())
                .show_ui(ui, |ui| {
                    for s in UnitStatus::ALL {
                        ui.selectable_value(&mut form.unit.status, *s, s.label_fr());
                    }
                });
            ui.horizontal(|ui| {
                if primary_button(ui, text::SAVE_UNIT, true).clicked() {
                    let parsed = parse_euros(&form.rent)
                        .and_then(|r| parse_euros(&form.charges).map(|c| (r, c)))
                        .and_then(|(r, c)| {
                            domain_text::parse_date_fr(&form.available).map(|d| (r, c, d))
                        });
                    match parsed {
                        Ok((rent, charges, available)) => {
                            form.unit.rent_cents = rent;
                            form.unit.charges_cents = charges;
                            form.unit.available_from = available;
                            push(commands, MatchingCommand::SaveUnit(form.unit.clone()));
                            close = true;
                        }
                        Err(e) => view.error = Some(e),
                    }
                }
                close |= ui.button(text::CANCEL).clicked();
            });
        });
        if close {
            view.unit_form = None;
        }
    }
    landlords_list(ui, view);
    if view.units.is_empty() {
        ui.label(text::NO_UNIT);
        return;
    }
    egui::Grid::new("units")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in [
                text::UNIT,
                text::COMMUNE,
                text::TYPOLOGY,
                text::RENT_AND_CHARGES,
                text::STATUS,
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for u in &view.units {
                ui.label(if u.is_relay {
                    text::relay_label(&u.label)
                } else {
                    u.label.clone()
                });
                ui.label(&u.commune);
                ui.label(u.typology.label_fr());
                ui.label(format!("{} €", u.total_rent_cents() / 100));
                ui.label(u.status.label_fr());
                ui.horizontal(|ui| {
                    if ui.button(text::EDIT).clicked() {
                        view.unit_form = Some(UnitForm::of(u));
                    }
                    if ui.button(text::DELETE).clicked() {
                        view.confirm = Some(Confirm::delete(
                            text::delete_unit(&u.label, &u.commune),
                            MatchingCommand::DeleteUnit(u.id),
                        ));
                    }
                });
                ui.end_row();
            }
        });
}

/// Landlords, folded above the units.
pub(super) fn landlords_list(ui: &mut egui::Ui, view: &mut RegistriesView) {
    if view.landlords.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(text::landlords(view.landlords.len()))
        .id_salt("landlords_list")
        .show(ui, |ui| {
            egui::Grid::new("landlords")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for h in [text::LANDLORD, text::KIND, text::COMMUNE, ""] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for l in &view.landlords {
                        ui.label(&l.name);
                        ui.label(if l.social { "social" } else { text::PRIVATE });
                        ui.label(&l.commune);
                        ui.horizontal(|ui| {
                            if ui.button(text::EDIT_LANDLORD).clicked() {
                                view.landlord_form = Some((l.clone(), String::new()));
                            }
                            if ui.button(text::DELETE_LANDLORD).clicked() {
                                view.confirm = Some(Confirm::delete(
                                    text::delete_landlord(&l.name),
                                    MatchingCommand::DeleteLandlord(l.id),
                                ));
                            }
                        });
                        ui.end_row();
                    }
                });
        });
}
