//! The household page around its tabs: the header (back to the list, send, fiche, freeze),
//! the freeze badge, the tab row, the open form and the tab shown, then what a card's
//! button asked for (right of access, erasure) and a form to open.

use chrono::{FixedOffset, NaiveDate};
use egui::RichText;
use uuid::Uuid;

use super::access::{AccessForm, access_dialog};
use super::adults::adults_ui;
use super::appointments::appointments_ui;
use super::children::children_ui;
use super::consents::consents_ui;
use super::documents::documents_ui;
use super::erase::{EraseForm, EraseTarget, erase_dialog};
use super::fiche::fiche_ui;
use super::form::{FormOutcome, form_ui};
use super::freeze::{FreezeForm, freeze_dialog};
use super::journal::journal_ui;
use super::menage::menage_ui;
use super::parcours::parcours_ui;
use super::widgets::card;
use super::{Editing, FileUi, PageSection, PageView, push};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::domain::household_form::Draft;
use crate::domain::household_form::composition_summary;
use crate::ui::household::text;
use crate::ui::shell::Message;
use crate::ui::theme::{ERROR, SUCCESS, TEXT_MUTED, WARNING_BADGE_FILL, WARNING_TEXT};

/// Draws the page of one household.
pub(super) fn page_ui(
    ui: &mut egui::Ui,
    page: &mut PageView,
    today: NaiveDate,
    offset: FixedOffset,
    files: FileUi,
    commands: &mut Vec<Command>,
) {
    let d = &page.data.detail;
    ui.horizontal(|ui| {
        if ui.button(text::RETOUR_A_LA_LISTE).clicked() {
            push(commands, HouseholdCommand::ShowList);
        }
        let title = if d.household.label.is_empty() {
            text::NOUVEAU_MENAGE
        } else {
            &d.household.label
        };
        ui.heading(title);
        if !page.is_new {
            let frozen = page.data.freeze.is_some();
            let send = ui.add_enabled(!frozen, egui::Button::new(text::ENVOYER_A_UN_PARTENAIRE));
            if send.clicked() {
                commands.push(Command::Exchange(
                    crate::command::exchange::ExchangeCommand::SendHousehold(d.household.id),
                ));
            }
            let fiche = ui.add_enabled(
                !frozen && page.fiche.is_none() && !page.fiche_writing,
                egui::Button::new(text::FICHE_DE_LIAISON_PDF),
            );
            if fiche.clicked() {
                push(commands, HouseholdCommand::OpenFiche);
            }
            if frozen {
                if ui.button(text::DEGELER_LE_DOSSIER).clicked() {
                    push(commands, HouseholdCommand::Unfreeze(d.household.id));
                }
            } else if ui.button(text::GELER_LE_DOSSIER_2).clicked() {
                page.freeze_form = Some(FreezeForm {
                    focus: true,
                    ..FreezeForm::default()
                });
            }
        }
    });
    if let Some(freeze) = &page.data.freeze {
        egui::Frame::new()
            .fill(WARNING_BADGE_FILL)
            .inner_margin(egui::Margin::symmetric(8, 4))
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.label(RichText::new(freeze.badge()).strong().color(WARNING_TEXT));
                ui.label(text::MODIFICATION_ENVOI_EXPORT_ET_RAPPROCHEMENT_SONT);
            });
    }
    ui.label(
        RichText::new(format!(
            "{} · {} · {}",
            composition_summary(d.adults.len(), d.children.len()),
            d.household.housing_situation.label_fr(),
            if d.household.commune.is_empty() {
                text::COMMUNE_NON_RENSEIGNEE
            } else {
                &d.household.commune
            }
        ))
        .color(TEXT_MUTED),
    );
    // Tabs.
    ui.horizontal_wrapped(|ui| {
        for s in PageSection::ALL {
            let label = if page
                .editing
                .as_ref()
                .is_some_and(|e| PageSection::of(&e.draft) == s && e.is_dirty())
            {
                format!("{} •", s.label())
            } else {
                s.label().to_owned()
            };
            if ui.selectable_label(page.section == s, label).clicked() {
                page.section = s;
            }
        }
    });
    crate::ui::expire_message(ui, "household_page_message", &mut page.message);
    if let Some(message) = &page.message {
        let colour = if message.is_success() { SUCCESS } else { ERROR };
        ui.label(RichText::new(&message.text).color(colour));
    }
    if page.fiche_writing {
        crate::ui::progress(ui, text::ECRITURE_DE_LA_FICHE_DE_LIAISON);
    }
    if let Some(form) = &mut page.fiche {
        let close = card(ui, |ui| fiche_ui(ui, form, &page.data.partners, commands));
        if close {
            page.fiche = None;
        }
    }
    freeze_dialog(ui, page, commands);
    erase_dialog(ui, page, commands);
    ui.separator();

    // The open form, on its own tab.
    if let Some(editing) = &mut page.editing
        && PageSection::of(&editing.draft) == page.section
    {
        let outcome = form_ui(ui, editing, &page.data, today, files, commands);
        match outcome {
            FormOutcome::Save => {
                push(
                    commands,
                    HouseholdCommand::Save(Box::new(editing.draft.clone())),
                );
            }
            FormOutcome::Cancel => {
                page.editing = None;
                if page.is_new {
                    push(commands, HouseholdCommand::ShowList);
                }
            }
            FormOutcome::Delete(record) => {
                push(commands, HouseholdCommand::Delete(record));
            }
            FormOutcome::None => {}
        }
        ui.add_space(12.0);
    }
    let editing_here = page
        .editing
        .as_ref()
        .is_some_and(|e| PageSection::of(&e.draft) == page.section);
    let mut start = None;
    let mut access = None;
    let data = &page.data;
    match page.section {
        PageSection::Menage => menage_ui(ui, data, editing_here, &mut start, &mut access),
        PageSection::Adultes => adults_ui(ui, data, today, editing_here, &mut start, &mut access),
        PageSection::Enfants => children_ui(ui, data, today, editing_here, &mut start, &mut access),
        PageSection::Parcours => parcours_ui(ui, data, today, editing_here, &mut start),
        PageSection::RendezVous => {
            appointments_ui(ui, page, today, offset, editing_here, &mut start);
        }
        PageSection::Journal => journal_ui(ui, data, offset, editing_here, &mut start),
        PageSection::Pieces => documents_ui(ui, data, today, editing_here, &mut start),
        PageSection::Consentements => consents_ui(ui, data, today, editing_here, &mut start),
    }
    match access {
        Some(PersonAction::Access(person, name)) => {
            page.access_form = Some(AccessForm {
                person,
                name,
                ..AccessForm::default()
            });
        }
        Some(PersonAction::Erase(person, name)) => {
            page.erase_form = Some(EraseForm::new(EraseTarget::Person(person), &name));
        }
        Some(PersonAction::EraseHousehold) if !page.is_new => {
            let h = &page.data.detail.household;
            page.erase_form = Some(EraseForm::new(EraseTarget::Household(h.id), &h.label));
        }
        Some(PersonAction::EraseHousehold) => {}
        None => {}
    }
    access_dialog(ui, page, commands);
    if let Some(draft) = start {
        if page.is_new && !matches!(draft, Draft::Household(_)) {
            page.message = Some(Message::error(text::ENREGISTREZ_D_ABORD_LE_MENAGE_ONGLET));
        } else if page.editing.as_ref().is_some_and(Editing::is_dirty) {
            page.message = Some(Message::error(text::UNE_AUTRE_SAISIE_EST_EN_COURS));
            if let Some(e) = &page.editing {
                page.section = PageSection::of(&e.draft);
            }
        } else {
            page.start(draft);
        }
    }
}

/// What a button of an adult's or a child's card asks for.
pub(super) enum PersonAction {
    /// « Données de … » (right of access).
    Access(Uuid, String),
    /// « Effacer cette personne… » (erasure on request).
    Erase(Uuid, String),
    /// « Effacer définitivement ce ménage… » (on the « Ménage » tab).
    EraseHousehold,
}
