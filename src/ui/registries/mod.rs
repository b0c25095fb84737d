//! Registries of the « Rapprochement » section: employers and offers, landlords and
//! units, relay apartments and their bookings, communes to complete. Simple lists and
//! forms; the commune picker with autocomplete is here too.

use egui::{Frame, Margin, RichText};
use uuid::Uuid;

use super::dialog::{Dialog, DialogAnswer};
use super::matching::MatchingTab;
use super::primary_button;
use super::theme::{ERROR, INSET_FILL, LIST_CARD_STROKE};
use crate::command::Command;
use crate::command::matching::{MatchingCommand, RegistryRecord};
use crate::domain::model::*;
use crate::domain::text as domain_text;

pub mod text;

/// A commune typed in records whose position is unknown or approximate.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneRow {
    /// The text as typed in the records.
    pub commune: String,
    /// "position inconnue", "position approchée (code postal)"…
    pub state: String,
    /// Latitude being typed.
    pub lat: String,
    /// Longitude being typed.
    pub lon: String,
}

/// View state of the registries.
#[derive(Debug, Clone, Default)]
pub struct RegistriesView {
    /// Employers.
    pub employers: Vec<Employer>,
    /// Offers.
    pub offers: Vec<JobOffer>,
    /// Landlords.
    pub landlords: Vec<Landlord>,
    /// Units (relay apartments included).
    pub units: Vec<HousingUnit>,
    /// Relay stays with the household's label.
    pub stays: Vec<(RelayStay, String)>,
    /// Households (id, label) for bookings.
    pub households: Vec<(Uuid, String)>,
    /// Communes to complete.
    pub communes: Vec<CommuneRow>,
    /// Offer being edited.
    pub offer_form: Option<OfferForm>,
    /// Unit being edited.
    pub unit_form: Option<UnitForm>,
    /// Employer being created.
    pub employer_form: Option<(Employer, String)>,
    /// Landlord being created.
    pub landlord_form: Option<(Landlord, String)>,
    /// Booking being typed.
    pub stay_form: StayForm,
    /// A deletion or cancellation waiting for the worker's confirmation.
    pub confirm: Option<Confirm>,
    /// Error of the last save (shown by the form).
    pub error: Option<String>,
}

/// A destructive action waiting for confirmation: nothing is deleted on the first click.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// The question, naming what will go (« Supprimer l'offre « Maçon·ne » ? »).
    pub question: String,
    /// Label of the confirming button.
    pub yes: &'static str,
    /// Label of the button that keeps things as they are.
    pub no: &'static str,
    /// What is done on confirmation.
    pub command: MatchingCommand,
}

impl Confirm {
    fn delete(question: String, command: MatchingCommand) -> Confirm {
        Confirm {
            question,
            yes: text::YES_DELETE,
            no: text::NO_KEEP,
            command,
        }
    }
}

/// An offer with its dates as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferForm {
    /// The offer.
    pub offer: JobOffer,
    /// Start date typed (jj/mm/aaaa).
    pub start: String,
}

impl OfferForm {
    /// The form editing `offer`.
    pub fn of(offer: &JobOffer) -> Self {
        OfferForm {
            offer: offer.clone(),
            start: domain_text::format_date_fr(offer.start_date),
        }
    }
}

/// A unit with its amounts and date as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitForm {
    /// The unit.
    pub unit: HousingUnit,
    /// Rent in euros.
    pub rent: String,
    /// Charges in euros.
    pub charges: String,
    /// Availability date.
    pub available: String,
}

impl UnitForm {
    /// The form editing `unit`.
    pub fn of(unit: &HousingUnit) -> Self {
        UnitForm {
            unit: unit.clone(),
            rent: format!("{}", unit.rent_cents as f64 / 100.0),
            charges: format!("{}", unit.charges_cents as f64 / 100.0),
            available: domain_text::format_date_fr(unit.available_from),
        }
    }
}

/// A relay booking being typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StayForm {
    /// Relay apartment.
    pub unit: Option<Uuid>,
    /// Household.
    pub household: Option<Uuid>,
    /// Arrival (jj/mm/aaaa).
    pub from: String,
    /// Departure (jj/mm/aaaa).
    pub to: String,
    /// Notes.
    pub notes: String,
}

/// An amount of the registries in cents (empty is 0): read by the one euro reader,
/// which never goes through `f64`; a rent or a salary is never negative.
fn parse_euros(text: &str) -> Result<i64, String> {
    match domain_text::parse_euros(text)? {
        Some(cents) if cents < 0 => Err(domain_text::BAD_AMOUNT.to_owned()),
        cents => Ok(cents.unwrap_or(0)),
    }
}

fn push(commands: &mut Vec<Command>, c: MatchingCommand) {
    commands.push(Command::Matching(c));
}

/// A commune field with autocomplete from the gazetteer: type three letters, pick a
/// commune; what is kept is "Nom (dép.)" so homonyms stay apart.
pub fn commune_picker(ui: &mut egui::Ui, id: &str, label: &str, value: &mut String) {
    let label = ui.label(label);
    let edit = ui
        .add(
            egui::TextEdit::singleline(value)
                .desired_width(260.0)
                .hint_text(text::COMMUNE_HINT),
        )
        .labelled_by(label.id);
    super::forms::commune_suggestions(ui, id, &edit, value, false);
}

fn form_frame(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    Frame::new()
        .fill(INSET_FILL)
        .stroke(egui::Stroke::new(1.0, LIST_CARD_STROKE))
        .corner_radius(6.0)
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(900.0));
            super::forms::keep_tab_inside(ui, "registry_form", add);
        });
}

fn text_field(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let l = ui.label(label);
    let r = ui
        .add(egui::TextEdit::singleline(value).desired_width(260.0))
        .labelled_by(l.id);
    super::forms::mark_first_field(&r);
}

impl RegistriesView {
    /// Opens the form of a record found by the global search; `false` when it is not
    /// (or no longer) in the registries.
    pub fn open(&mut self, record: RegistryRecord) -> bool {
        match record {
            RegistryRecord::Employer(id) => {
                let found = self.employers.iter().find(|e| e.id == id).cloned();
                found.map(|e| self.employer_form = Some((e, String::new())))
            }
            RegistryRecord::Offer(id) => {
                let found = self.offers.iter().find(|o| o.id == id).map(OfferForm::of);
                found.map(|f| self.offer_form = Some(f))
            }
            RegistryRecord::Landlord(id) => {
                let found = self.landlords.iter().find(|l| l.id == id).cloned();
                found.map(|l| self.landlord_form = Some((l, String::new())))
            }
            RegistryRecord::Unit(id) => {
                let found = self.units.iter().find(|u| u.id == id).map(UnitForm::of);
                found.map(|f| self.unit_form = Some(f))
            }
        }
        .is_some()
    }
}

/// Draws one registry sub-tab.
pub fn registries_ui(
    ui: &mut egui::Ui,
    tab: MatchingTab,
    view: &mut RegistriesView,
    commands: &mut Vec<Command>,
) {
    if let Some(error) = &view.error {
        ui.label(RichText::new(error).color(ERROR));
    }
    confirm_ui(ui, view, commands);
    match tab {
        MatchingTab::Offres => offers_ui(ui, view, commands),
        MatchingTab::Logements => units_ui(ui, view, commands),
        MatchingTab::Relais => relay_ui(ui, view, commands),
        MatchingTab::Communes => communes_ui(ui, view, commands),
        _ => {}
    }
}

fn confirm_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
    let Some(confirm) = &view.confirm else {
        return;
    };
    let answer = Dialog {
        id: "registries_confirm",
        title: text::CONFIRM,
        width: 460.0,
        validate: confirm.yes,
        cancel: confirm.no,
        error: None,
    }
    .show(ui, |ui| {
        ui.label(RichText::new(&confirm.question).strong());
    });
    match answer {
        DialogAnswer::Validate => {
            if let Some(c) = view.confirm.take() {
                push(commands, c.command);
            }
        }
        DialogAnswer::Cancel => view.confirm = None,
        DialogAnswer::Open => {}
    }
}

fn offers_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
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

fn units_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
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

/// Employers, folded under the offers (the offers are what the worker looks for).
fn employers_list(ui: &mut egui::Ui, view: &mut RegistriesView) {
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

/// Landlords, folded above the units.
fn landlords_list(ui: &mut egui::Ui, view: &mut RegistriesView) {
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

fn relay_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
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

fn communes_ui(ui: &mut egui::Ui, view: &mut RegistriesView, commands: &mut Vec<Command>) {
    ui.label(text::COMMUNES_HELP);
    if view.communes.is_empty() {
        ui.label(RichText::new(text::ALL_PLACED).strong());
        return;
    }
    egui::Grid::new("communes")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                text::COMMUNE,
                text::POSITION,
                text::LATITUDE,
                text::LONGITUDE,
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (i, row) in view.communes.iter_mut().enumerate() {
                ui.label(&row.commune);
                ui.label(&row.state);
                ui.push_id(("lat", i), |ui| {
                    ui.add(egui::TextEdit::singleline(&mut row.lat).desired_width(90.0))
                });
                ui.push_id(("lon", i), |ui| {
                    ui.add(egui::TextEdit::singleline(&mut row.lon).desired_width(90.0))
                });
                if ui
                    .push_id(("save", i), |ui| ui.button(text::SAVE))
                    .inner
                    .clicked()
                {
                    let lat = row.lat.trim().replace(',', ".").parse::<f64>();
                    let lon = row.lon.trim().replace(',', ".").parse::<f64>();
                    match (lat, lon) {
                        (Ok(lat), Ok(lon)) => push(
                            commands,
                            MatchingCommand::SetCommuneCoords {
                                commune: row.commune.clone(),
                                lat,
                                lon,
                            },
                        ),
                        _ => view.error = Some(text::COORDS_HINT.to_owned()),
                    }
                }
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_and_amounts_are_read_the_french_way() {
        assert_eq!(
            domain_text::parse_date_fr("15/03/2025"),
            Ok(NaiveDate::from_ymd_opt(2025, 3, 15))
        );
        assert_eq!(domain_text::parse_date_fr(" "), Ok(None));
        assert!(
            domain_text::parse_date_fr("2025-03-15")
                .unwrap_err()
                .contains("jj/mm/aaaa")
        );
        assert_eq!(parse_euros("450,50"), Ok(45_050));
        assert_eq!(parse_euros("1 200 €"), Ok(120_000));
        assert!(parse_euros("-3").is_err());
    }
}
