//! « Employeurs et offres »: the employers, their offers, and their forms.

use egui::RichText;
use uuid::Uuid;

use super::text;
use super::*;
use crate::command::Command;
use crate::command::matching::MatchingCommand;

pub(super) fn offers_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button(text::NEW_EMPLOYER).clicked() {
            view.employer_form = Some((
                Employer {
                    id: Uuid::new_v4(),
                    name: String::new(),
                    siret: None,
                    sector: String::new(),
                    commune: String::new(),
                    contact_name: String::new(),
                    phone: String::new(),
                    email: String::new(),
                },
                String::new(),
            ));
        }
        let can_offer = !view.employers.is_empty();
        if ui
            .add_enabled(can_offer, egui::Button::new(text::NEW_OFFER))
            .clicked()
            && let Some(e) = view.employers.first()
        {
            view.offer_form = Some(OfferForm {
                offer: JobOffer {
                    id: Uuid::new_v4(),
                    employer_id: e.id,
                    title: String::new(),
                    trade: String::new(),
                    rome_domain: RomeDomain::F,
                    commune: e.commune.clone(),
                    contract: ContractKind::Cdi,
                    hours_per_week: 35.0,
                    start_date: None,
                    requires_licence: false,
                    requires_vehicle: false,
                    qualification: String::new(),
                    positions: 1,
                    status: OfferStatus::Ouvert,
                },
                start: String::new(),
            });
        }
    });
    if let Some((employer, _)) = &mut view.employer_form {
        let mut close = false;
        form_frame(ui, |ui| {
            let title = if view.employers.iter().any(|e| e.id == employer.id) {
                text::EDIT_EMPLOYER
            } else {
                text::NEW_EMPLOYER
            };
            ui.label(RichText::new(title).strong());
            text_field(ui, text::EMPLOYER_NAME, &mut employer.name);
            text_field(ui, text::SECTOR, &mut employer.sector);
            commune_picker(ui, "employer_commune", text::COMMUNE, &mut employer.commune);
            ui.horizontal(|ui| {
                if primary_button(ui, text::SAVE_EMPLOYER, !employer.name.trim().is_empty())
                    .clicked()
                {
                    push(commands, MatchingCommand::SaveEmployer(employer.clone()));
                    close = true;
                }
                close |= ui.button(text::CANCEL).clicked();
            });
        });
        if close {
            view.employer_form = None;
        }
    }
    if let Some(form) = &mut view.offer_form {
        let mut close = false;
        let employers = &view.employers;
        form_frame(ui, |ui| {
            ui.label(RichText::new(text::OFFER).strong());
            egui::ComboBox::from_label(text::EMPLOYER)
                .selected_text(
                    employers
                        .iter()
                        .find(|e| e.id == form.offer.employer_id)
                        .map_or("", |e| e.name.as_str()),
                )
                .show_ui(ui, |ui| {
                    for e in employers {
                        ui.selectable_value(&mut form.offer.employer_id, e.id, &e.name);
                    }
                });
            text_field(ui, text::JOB_TITLE, &mut form.offer.title);
            text_field(ui, text::TRADE, &mut form.offer.trade);
            egui::ComboBox::from_label(text::ROME_DOMAIN)
                .width(420.0)
                .selected_text(form.offer.rome_domain.label_fr())
                .show_ui(ui, |ui| {
                    for d in RomeDomain::ALL {
                        ui.selectable_value(&mut form.offer.rome_domain, *d, d.label_fr());
                    }
                });
            commune_picker(
                ui,
                "offer_commune",
                text::JOB_COMMUNE,
                &mut form.offer.commune,
            );
            egui::ComboBox::from_label(text::CONTRACT)
                .selected_text(form.offer.contract.label_fr())
                .show_ui(ui, |ui| {
                    for c in ContractKind::ALL {
                        ui.selectable_value(&mut form.offer.contract, *c, c.label_fr());
                    }
                });
            ui.add(
                egui::Slider::new(&mut form.offer.hours_per_week, 1.0..=48.0)
                    .text(text::HOURS_PER_WEEK)
                    .step_by(0.5),
            );
            text_field(ui, text::START_DATE, &mut form.start);
            ui.checkbox(&mut form.offer.requires_licence, text::LICENCE_REQUIRED);
            ui.checkbox(&mut form.offer.requires_vehicle, text::VEHICLE_REQUIRED);
            text_field(
                ui,
                text::QUALIFICATION_REQUIRED,
                &mut form.offer.qualification,
            );
            egui::ComboBox::from_label(text::STATUS)
                .selected_text(form.offer.status.label_fr())
                .show_ui(ui, |ui| {
                    for s in OfferStatus::ALL {
                        ui.selectable_value(&mut form.offer.status, *s, s.label_fr());
                    }
                });
            ui.horizontal(|ui| {
                if primary_button(ui, text::SAVE_OFFER, true).clicked() {
                    match domain_text::parse_date_fr(&form.start) {
                        Ok(start) => {
                            form.offer.start_date = start;
                            push(commands, MatchingCommand::SaveOffer(form.offer.clone()));
                            close = true;
                        }
                        Err(e) => view.error = Some(e),
                    }
                }
                close |= ui.button(text::CANCEL).clicked();
            });
        });
        if close {
            view.offer_form = None;
        }
    }
    employers_list(ui, view);
    if view.offers.is_empty() {
        ui.label(text::NO_OFFER);
        return;
    }
    egui::Grid::new("offers")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in [
                text::JOB,
                text::EMPLOYER,
                text::COMMUNE,
                text::CONTRACT,
                text::STATUS,
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for o in &view.offers {
                ui.label(&o.title);
                ui.label(
                    view.employers
                        .iter()
                        .find(|e| e.id == o.employer_id)
                        .map_or("", |e| e.name.as_str()),
                );
                ui.label(&o.commune);
                ui.label(o.contract.label_fr());
                ui.label(o.status.label_fr());
                ui.horizontal(|ui| {
                    if ui.button(text::EDIT).clicked() {
                        view.offer_form = Some(OfferForm::of(o));
                    }
                    if ui.button(text::DELETE).clicked() {
                        view.confirm = Some(Confirm::delete(
                            text::delete_offer(&o.title),
                            MatchingCommand::DeleteOffer(o.id),
                        ));
                    }
                });
                ui.end_row();
            }
        });
}

/// Employers, folded under the offers (the offers are what the worker looks for).
pub(super) fn employers_list(ui: &mut egui::Ui, view: &mut RegistriesView) {
    if view.employers.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(text::employers(view.employers.len()))
        .id_salt("employers_list")
        .show(ui, |ui| {
            egui::Grid::new("employers")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for h in [text::EMPLOYER, text::SECTOR, text::COMMUNE, ""] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for e in &view.employers {
                        ui.label(&e.name);
                        ui.label(&e.sector);
                        ui.label(&e.commune);
                        ui.horizontal(|ui| {
                            if ui.button(text::EDIT_EMPLOYER).clicked() {
                                view.employer_form = Some((e.clone(), String::new()));
                            }
                            if ui.button(text::DELETE_EMPLOYER).clicked() {
                                view.confirm = Some(Confirm::delete(
                                    text::delete_employer(&e.name),
                                    MatchingCommand::DeleteEmployer(e.id),
                                ));
                            }
                        });
                        ui.end_row();
                    }
                });
        });
}
