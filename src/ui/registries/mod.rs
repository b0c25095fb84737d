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

mod communes;
mod offers;
mod relay;
pub mod text;
mod units;

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
        MatchingTab::Offres => offers::offers_ui(ui, view, commands),
        MatchingTab::Logements => units::units_ui(ui, view, commands),
        MatchingTab::Relais => relay::relay_ui(ui, view, commands),
        MatchingTab::Communes => communes::communes_ui(ui, view, commands),
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
