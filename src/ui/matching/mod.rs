//! The « Rapprochement » section: a household's ranked offers, units and job + home
//! bundles, each criterion explained; proposals and their statuses; the reverse view; and
//! sub-tabs for the registries (see [`super::registries`]).
//!
//! One file per tab: « Par ménage » (`household.rs`), « Par offre ou logement »
//! (`reverse.rs`), « Poids des critères » (`weights.rs`); the cards they share
//! (`cards.rs`); every text in `text.rs`.

mod cards;
mod household;
mod reverse;
pub mod text;
mod weights;

use std::collections::HashSet;

use egui::{Color32, RichText};
use uuid::Uuid;

use super::registries::{RegistriesView, registries_ui};
use super::theme::{ERROR, MATCH_PARTLY, SUCCESS, TEXT_MUTED};
use crate::command::Command;
use crate::command::matching::MatchingCommand;
use crate::domain::model::{DeclineBy, ProposalStatus};
use crate::matching::criteria::{Status, Weights};
use crate::matching::{Filters, Target};

/// Sub-tabs of the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchingTab {
    /// One household → offers, units, bundles.
    Menage,
    /// One offer or unit → households.
    Inverse,
    /// Employers and offers.
    Offres,
    /// Landlords and units.
    Logements,
    /// Relay apartments and bookings.
    Relais,
    /// Communes to complete (coordinates by hand).
    Communes,
    /// Criterion weights.
    Poids,
}

impl MatchingTab {
    const ALL: [MatchingTab; 7] = [
        MatchingTab::Menage,
        MatchingTab::Inverse,
        MatchingTab::Offres,
        MatchingTab::Logements,
        MatchingTab::Relais,
        MatchingTab::Communes,
        MatchingTab::Poids,
    ];

    fn label(self) -> &'static str {
        match self {
            MatchingTab::Menage => text::TAB_HOUSEHOLD,
            MatchingTab::Inverse => text::TAB_REVERSE,
            MatchingTab::Offres => text::TAB_OFFERS,
            MatchingTab::Logements => text::TAB_UNITS,
            MatchingTab::Relais => text::TAB_RELAY,
            MatchingTab::Communes => text::TAB_COMMUNES,
            MatchingTab::Poids => text::TAB_WEIGHTS,
        }
    }
}

/// Which list of the household view is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// Job offers.
    Offres,
    /// Housing units.
    Logements,
    /// Job + home bundles.
    Duos,
}

/// One ranked suggestion, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The offer or unit.
    pub target: Target,
    /// The household.
    pub household: Uuid,
    /// "Maçon·ne — BTP Cantal".
    pub title: String,
    /// "Ytrac · CDI · début le 15/03/2025".
    pub subtitle: String,
    /// "92 % — 4 critères remplis, 1 en partie, 0 non rempli".
    pub summary: String,
    /// Score, 0–100.
    pub score: f32,
    /// Every criterion with its reason.
    pub checks: Vec<(Status, String)>,
    /// Information that is no criterion: « déjà positionné le … », « refusé par … ».
    pub notes: Vec<String>,
    /// Why it is « à écarter » (rédhibitoire criteria); empty when it is not.
    pub set_aside: Vec<String>,
    /// Declined before: ranked down.
    pub declined: bool,
    /// The pair's latest proposal.
    pub proposal: Option<(Uuid, ProposalStatus)>,
}

/// One bundle, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct BundleRow {
    /// The offer row (its checks).
    pub offer: Row,
    /// The unit row (its checks).
    pub unit: Row,
    /// How its score is built: « emploi 70 % · logement 67 % ; score de la paire : 67 % ».
    pub summary: String,
    /// One half is « à écarter ».
    pub set_aside: bool,
    /// The commuting criterion.
    pub commute: (Status, String),
}

/// The refusal being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclineForm {
    /// The proposal.
    pub proposal: Uuid,
    /// The card it was opened from (an offer or unit, and the pair's other half): the form
    /// shows there only, not in every card sharing the proposal.
    pub card: Card,
    /// What is declined, for the title.
    pub what: String,
    /// Who declined.
    pub by: Option<DeclineBy>,
    /// Why.
    pub reason: String,
}

/// A card of the lists: its offer or unit, and for a pair its unit.
pub type Card = (Target, Option<Target>);

pub use cards::mark_label;
pub use text::{LOADING_LABEL, RANKING_LABEL, RANKING_RULES_FR};

/// View state of the section.
pub struct MatchingView {
    /// Sub-tab.
    pub tab: MatchingTab,
    /// List shown in the household view.
    pub list: ListKind,
    /// Households to pick from (id, label), sorted.
    pub households: Vec<(Uuid, String)>,
    /// Household shown.
    pub selected: Option<Uuid>,
    /// Filters.
    pub filters: Filters,
    /// Whether the maximum distance filter is on.
    pub max_distance_on: bool,
    /// Maximum distance when on, km.
    pub max_distance_km: f64,
    /// Ranked offers.
    pub offers: Vec<Row>,
    /// Ranked units.
    pub units: Vec<Row>,
    /// Ranked bundles.
    pub bundles: Vec<BundleRow>,
    /// "40 offres ouvertes examinées, 23 logements disponibles".
    pub considered: String,
    /// The refusal being typed.
    pub decline: Option<DeclineForm>,
    /// Cards whose every criterion is shown (« Détails »): (household, target).
    pub details: HashSet<(Uuid, Target)>,
    /// The ranking's rules are shown (« Règles du classement »).
    pub show_rules: bool,
    /// Proposals just created and until when « Annuler » in the notice withdraws them
    /// (30 s, [`UNDO_SECONDS`]).
    pub undo: Option<(Vec<Uuid>, std::time::Instant)>,
    /// Suggestion to move the case to « Embauche & installation »: (case, household).
    pub move_in: Option<(Uuid, String)>,
    /// Offers and units for the reverse view.
    pub reverse_targets: Vec<(Target, String)>,
    /// Reverse view target.
    pub reverse_selected: Option<Target>,
    /// Households ranked for the reverse target.
    pub reverse_rows: Vec<Row>,
    /// Weights being edited.
    pub weights: Weights,
    /// Registries.
    pub registries: RegistriesView,
    /// Error of the last action.
    pub error: Option<String>,
    /// Confirmation of the last action.
    pub notice: Option<String>,
    /// The section's data is being read in the background.
    pub loading: bool,
    /// The shown household (or the reverse view's target) is being ranked in the
    /// background: the lists shown are those of the previous choice, and wait.
    pub ranking: bool,
}

impl Default for MatchingView {
    fn default() -> Self {
        MatchingView {
            tab: MatchingTab::Menage,
            list: ListKind::Offres,
            households: Vec::new(),
            selected: None,
            filters: Filters::default(),
            max_distance_on: false,
            max_distance_km: 50.0,
            offers: Vec::new(),
            units: Vec::new(),
            bundles: Vec::new(),
            considered: String::new(),
            decline: None,
            details: HashSet::new(),
            show_rules: false,
            loading: false,
            ranking: false,
            undo: None,
            move_in: None,
            reverse_targets: Vec::new(),
            reverse_selected: None,
            reverse_rows: Vec::new(),
            weights: Weights::default(),
            registries: RegistriesView::default(),
            error: None,
            notice: None,
        }
    }
}

pub(super) fn push(commands: &mut Vec<Command>, c: MatchingCommand) {
    commands.push(Command::Matching(c));
}

/// Draws the section.
pub fn matching_ui(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    ui.heading(text::TITLE);
    ui.horizontal_wrapped(|ui| {
        // Tight, so that the seven tabs hold on one line beside the side menu at 1366 px.
        ui.spacing_mut().item_spacing.x = 2.0;
        ui.spacing_mut().button_padding.x = 5.0;
        for tab in MatchingTab::ALL {
            if ui.selectable_label(view.tab == tab, tab.label()).clicked() && view.tab != tab {
                view.tab = tab;
            }
        }
    });
    ui.separator();
    if view.loading {
        super::progress(ui, LOADING_LABEL);
    }
    if let Some(error) = &view.error {
        ui.label(RichText::new(error).color(ERROR));
    }
    if view
        .undo
        .as_ref()
        .is_some_and(|u| std::time::Instant::now() >= u.1)
    {
        view.undo = None;
    }
    if let Some(notice) = &view.notice {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(notice).color(SUCCESS));
            if let Some((proposals, until)) = &view.undo {
                let left = until.saturating_duration_since(std::time::Instant::now());
                // Redraw when the offer to undo runs out, even without input.
                ui.ctx().request_repaint_after(left);
                if ui.button(text::UNDO).clicked() {
                    push(commands, MatchingCommand::UndoPropose(proposals.clone()));
                }
            }
        });
    }
    match view.tab {
        MatchingTab::Menage => household::household_tab(ui, view, commands),
        MatchingTab::Inverse => reverse::reverse_tab(ui, view, commands),
        MatchingTab::Poids => weights::weights_tab(ui, view, commands),
        tab => registries_ui(ui, tab, &mut view.registries, commands),
    }
}

/// How long a positioning can be undone from its notice, seconds.
pub const UNDO_SECONDS: u64 = 30;

/// Beside a picker: the spinner and [`text::RANKING_LABEL`] while ranking, else `note`, cut to
/// the width (whole on hover), so that the line keeps its height either way.
pub(super) fn ranking_note_ui(ui: &mut egui::Ui, ranking: bool, note: &str) {
    if ranking {
        ui.spinner();
        ui.label(RichText::new(text::RANKING_LABEL).small().color(TEXT_MUTED));
    } else if !note.is_empty() {
        ui.add(egui::Label::new(RichText::new(note).small().color(TEXT_MUTED)).truncate());
    }
}

pub(super) fn status_colour(status: Status) -> Color32 {
    match status {
        Status::Met => SUCCESS,
        Status::Partly => MATCH_PARTLY,
        Status::NotMet => ERROR,
    }
}
