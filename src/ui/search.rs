//! The global search (Ctrl+F from anywhere in the main window): results as you type,
//! grouped by kind, Enter opens the selected result: the household of a person, or the
//! form of an employer, offer, landlord or unit in « Rapprochement ».
//!
//! The query runs in the app after the frame when the text changed (see
//! `app/household.rs`), never while drawing.

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use super::theme::ACCENT;
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::command::matching::{MatchingCommand, RegistryRecord};
use crate::store::search::{SearchHit, SearchKind};
use crate::ui::household::text;

/// Label of the search field (also what UI tests type into).
pub const SEARCH_LABEL: &str = text::RECHERCHER_UN_MENAGE_UNE_PERSONNE_UNE;

/// State of the search overlay.
#[derive(Default)]
pub struct SearchView {
    /// Shown.
    pub open: bool,
    /// Text typed.
    pub query: String,
    /// Text of the results shown (the app runs the search when it differs from `query`).
    pub ran_query: String,
    /// Results, best first.
    pub results: Vec<SearchHit>,
    /// Selected result (arrows move it, Enter opens it).
    pub selected: usize,
    /// Give the field the keyboard focus on the next frame.
    pub focus_requested: bool,
    /// Why the search failed, if it did.
    pub error: Option<String>,
}

impl SearchView {
    /// Indices of the results that can be opened, in display order (grouped by kind).
    fn openable(&self) -> Vec<usize> {
        let mut hits: Vec<usize> = Vec::new();
        for kind in SearchKind::ALL {
            hits.extend(
                self.results
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| h.kind == *kind && open_command(h).is_some())
                    .map(|(i, _)| i),
            );
        }
        hits
    }
}

/// What opening a result does: a person's household, or a registry record's form.
fn open_command(hit: &SearchHit) -> Option<Command> {
    let registry = |record| Some(Command::Matching(MatchingCommand::Open(record)));
    match (hit.kind, hit.household_id) {
        (_, Some(household)) => Some(Command::Household(HouseholdCommand::Open(household))),
        (SearchKind::Employer, None) => registry(RegistryRecord::Employer(hit.record_id)),
        (SearchKind::JobOffer, None) => registry(RegistryRecord::Offer(hit.record_id)),
        (SearchKind::Landlord, None) => registry(RegistryRecord::Landlord(hit.record_id)),
        (SearchKind::HousingUnit, None) => registry(RegistryRecord::Unit(hit.record_id)),
        (SearchKind::Household | SearchKind::Adult | SearchKind::Child, None) => None,
    }
}

/// Watches Ctrl+F and draws the overlay when open.
pub fn search_overlay(ui: &mut egui::Ui, view: &mut SearchView, commands: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    let shortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
    if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
        view.open = true;
        view.focus_requested = true;
    }
    if !view.open {
        return;
    }
    let modal = egui::Modal::new(egui::Id::unique("global_search")).show(&ctx, |ui| {
        ui.set_width(620.0);
        ui.label(RichText::new(text::RECHERCHER).heading());
        let l = ui.label(SEARCH_LABEL);
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut view.query)
                    .desired_width(f32::INFINITY)
                    .hint_text(text::EX_HELENE_AURILLAC_MACON),
            )
            .labelled_by(l.id);
        if view.focus_requested {
            field.request_focus();
            view.focus_requested = false;
        }
        let openable = view.openable();
        let (down, up, enter) = ui.input(|i| {
            (
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::Enter),
            )
        });
        if down && view.selected + 1 < openable.len() {
            view.selected += 1;
        }
        if up {
            view.selected = view.selected.saturating_sub(1);
        }
        let selected = openable.get(view.selected).map(|&i| &view.results[i]);
        if enter && let Some(command) = selected.and_then(open_command) {
            commands.push(command);
        }
        let selected_id = selected.map(|h| h.record_id);
        ui.add_space(6.0);
        if let Some(error) = &view.error {
            super::error_text(ui, error);
        } else if view.query.trim().is_empty() {
            ui.label(RichText::new(text::TAPEZ_UN_NOM_UNE_COMMUNE_OU).weak());
        } else if view.results.is_empty() && view.ran_query == view.query {
            ui.label(text::aucun_resultat_pour_query(view.query.trim()));
        }
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for kind in SearchKind::ALL {
                    let group: Vec<&SearchHit> =
                        view.results.iter().filter(|h| h.kind == *kind).collect();
                    if group.is_empty() {
                        continue;
                    }
                    ui.label(RichText::new(group_title(*kind)).strong().color(ACCENT));
                    for hit in group {
                        let selected = Some(hit.record_id) == selected_id;
                        let open = open_command(hit);
                        let response = ui.add_enabled(
                            open.is_some(),
                            egui::Button::selectable(selected, hit.label.as_str()),
                        );
                        if response.clicked()
                            && let Some(command) = open
                        {
                            commands.push(command);
                        }
                    }
                }
            });
        ui.add_space(6.0);
        if ui.button(text::FERMER_ECHAP).clicked() {
            view.open = false;
        }
    });
    if modal.should_close() {
        view.open = false;
    }
}

fn group_title(kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Household => text::MENAGES,
        SearchKind::Adult => text::ADULTES,
        SearchKind::Child => text::ENFANTS,
        SearchKind::Employer => text::EMPLOYEURS,
        SearchKind::JobOffer => text::OFFRES_D_EMPLOI,
        SearchKind::Landlord => text::BAILLEURS,
        SearchKind::HousingUnit => text::LOGEMENTS,
    }
}
