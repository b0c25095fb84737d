//! The « Rapprochement » section: a household's ranked offers, units and job + home
//! bundles, each criterion explained; proposals and their statuses; the reverse view; and
//! sub-tabs for the registries (see [`super::registries`]).

use std::collections::HashSet;

use egui::{Color32, Frame, Margin, RichText};
use uuid::Uuid;

use super::primary_button;
use super::registries::{RegistriesView, registries_ui};
use super::theme::{
    ACCENT, CARD_FILL, CARD_FILL_DIMMED, ERROR, ERROR_FILL, LIST_CARD_STROKE, MATCH_PARTLY,
    NOTE_FILL, ON_MATCH_STATUS, SUCCESS, TEXT_MUTED, TEXT_SUBTLE,
};
use crate::command::Command;
use crate::command::matching::MatchingCommand;
use crate::domain::model::{DeclineBy, ProposalStatus, Typology};
use crate::matching::criteria::{Criterion, Status, Weights};
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
            MatchingTab::Menage => "Par ménage",
            MatchingTab::Inverse => "Par offre ou logement",
            MatchingTab::Offres => "Employeurs et offres",
            MatchingTab::Logements => "Bailleurs et logements",
            MatchingTab::Relais => "Appartements relais",
            MatchingTab::Communes => "Communes",
            MatchingTab::Poids => "Poids des critères",
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

/// Shown while the section's data is read in the background.
pub const LOADING_LABEL: &str = "Chargement des ménages, offres et logements…";

/// Said beside the household (or the offer or dwelling) while its ranking is being made:
/// the lists below are those of the previous choice, greyed until the new ones come.
pub const RANKING_LABEL: &str = "Classement en cours…";

/// Beside a picker: the spinner and [`RANKING_LABEL`] while ranking, else `note`, cut to
/// the width (whole on hover), so that the line keeps its height either way.
fn ranking_note_ui(ui: &mut egui::Ui, ranking: bool, note: &str) {
    if ranking {
        ui.spinner();
        ui.label(RichText::new(RANKING_LABEL).small().color(TEXT_MUTED));
    } else if !note.is_empty() {
        ui.add(egui::Label::new(RichText::new(note).small().color(TEXT_MUTED)).truncate());
    }
}

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

fn status_colour(status: Status) -> Color32 {
    match status {
        Status::Met => SUCCESS,
        Status::Partly => MATCH_PARTLY,
        Status::NotMet => ERROR,
    }
}

fn push(commands: &mut Vec<Command>, c: MatchingCommand) {
    commands.push(Command::Matching(c));
}

/// Draws the section.
pub fn matching_ui(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    ui.heading("Rapprochement");
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
                if ui.button("Annuler").clicked() {
                    push(commands, MatchingCommand::UndoPropose(proposals.clone()));
                }
            }
        });
    }
    match view.tab {
        MatchingTab::Menage => household_tab(ui, view, commands),
        MatchingTab::Inverse => reverse_tab(ui, view, commands),
        MatchingTab::Poids => weights_tab(ui, view, commands),
        tab => registries_ui(ui, tab, &mut view.registries, commands),
    }
}

fn household_tab(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    if view.households.is_empty() {
        ui.label(
            "Aucun ménage en cours d'accompagnement. Les ménages créés dans « Ménages » ou reçus \
             d'un partenaire apparaîtront ici avec leurs offres et logements les mieux adaptés.",
        );
        return;
    }
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label("Ménage :");
        let current = view
            .selected
            .and_then(|id| view.households.iter().find(|h| h.0 == id))
            .map_or("Choisir un ménage", |h| h.1.as_str())
            .to_owned();
        egui::ComboBox::from_id_salt("matching_household")
            .width(280.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                // Only the rows in view are laid out: 10,000 households drawn at every
                // frame of the open list took 60 to 130 ms per frame (issue 17).
                let row_height = ui.spacing().interact_size.y;
                let height = ui.spacing().combo_height;
                egui::ScrollArea::vertical()
                    .id_salt("matching_household_rows")
                    .max_height(height)
                    .show_rows(ui, row_height, view.households.len(), |ui, range| {
                        for (id, label) in &view.households[range] {
                            if ui
                                .selectable_label(view.selected == Some(*id), label)
                                .clicked()
                            {
                                view.selected = Some(*id);
                                changed = true;
                            }
                        }
                    });
            });
        // Cut to the width (whole on hover): a long line here would widen the panel.
        ranking_note_ui(ui, view.ranking, &view.considered);
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().slider_width = 90.0;
        changed |= ui
            .checkbox(
                &mut view.filters.durable_only,
                "Contrats durables seulement",
            )
            .changed();
        changed |= ui
            .checkbox(&mut view.max_distance_on, "Distance maximale")
            .changed();
        if view.max_distance_on {
            changed |= ui
                .add(
                    egui::Slider::new(&mut view.max_distance_km, 5.0..=200.0)
                        .suffix(" km")
                        .integer(),
                )
                .changed();
        }
        ui.label("Typologie :");
        egui::ComboBox::from_id_salt("matching_typology")
            .selected_text(view.filters.typology.map_or("Toutes", |t| t.label_fr()))
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(view.filters.typology.is_none(), "Toutes")
                    .clicked()
                {
                    view.filters.typology = None;
                    changed = true;
                }
                for t in Typology::ALL {
                    if ui
                        .selectable_label(view.filters.typology == Some(*t), t.label_fr())
                        .clicked()
                    {
                        view.filters.typology = Some(*t);
                        changed = true;
                    }
                }
            });
        ui.label("Trajet emploi – logement :");
        changed |= ui
            .add(
                egui::Slider::new(&mut view.filters.commute_km, 5.0..=80.0)
                    .suffix(" km")
                    .integer(),
            )
            .changed();
    });
    if changed {
        view.filters.max_distance_km = view.max_distance_on.then_some(view.max_distance_km);
        push(commands, MatchingCommand::Rerank);
    }
    if view.selected.is_none() {
        ui.label("Choisissez un ménage pour voir les offres et logements qui lui correspondent.");
        return;
    }
    if let Some((case_id, label)) = view.move_in.clone() {
        Frame::new()
            .fill(SUCCESS.gamma_multiply(0.10))
            .stroke(egui::Stroke::new(1.0, SUCCESS))
            .corner_radius(6.0)
            .inner_margin(Margin::same(10))
            .show(ui, |ui| {
                ui.label(format!(
                    "{label} a une offre d'emploi et un logement acceptés : le dossier peut passer à \
                     l'étape « Embauche & installation ». À vous de décider."
                ));
                if primary_button(ui, "Passer à « Embauche & installation »", true).clicked() {
                    push(commands, MatchingCommand::MoveToHiring { case_id });
                }
            });
    }
    ui.horizontal_wrapped(|ui| {
        // The counts are of the suggestions kept: « à écarter » is listed apart.
        let lists = [
            (
                ListKind::Offres,
                format!(
                    "Offres d'emploi ({})",
                    view.offers
                        .iter()
                        .filter(|r| r.set_aside.is_empty())
                        .count()
                ),
            ),
            (
                ListKind::Logements,
                format!(
                    "Logements ({})",
                    view.units.iter().filter(|r| r.set_aside.is_empty()).count()
                ),
            ),
            (
                ListKind::Duos,
                format!(
                    "Emploi + logement ({})",
                    view.bundles.iter().filter(|b| !b.set_aside).count()
                ),
            ),
        ];
        for (kind, label) in lists {
            if ui.selectable_label(view.list == kind, label).clicked() {
                view.list = kind;
            }
        }
        ui.separator();
        if ui
            .selectable_label(view.show_rules, "Règles du classement")
            .clicked()
        {
            view.show_rules = !view.show_rules;
        }
        ui.separator();
        ui.spacing_mut().slider_width = 90.0;
        ui.label("Taux d'effort maximal :");
        if ui
            .add(egui::Slider::new(&mut view.filters.effort_ceiling_pct, 25..=60).suffix(" %"))
            .changed()
        {
            push(commands, MatchingCommand::Rerank);
        }
    });
    if view.show_rules {
        Frame::new()
            .fill(NOTE_FILL)
            .inner_margin(Margin::same(8))
            .show(ui, |ui| {
                ui.label(RichText::new(RANKING_RULES_FR).small());
            });
    }
    // The previous choice's lists wait, greyed, for the new ranking: a proposal must not be
    // made from a card that belongs to another household.
    ui.add_enabled_ui(!view.ranking, |ui| match view.list {
        ListKind::Offres => rows_ui(
            ui,
            &view.offers,
            &mut view.decline,
            &mut view.details,
            commands,
            "Aucune offre ouverte ne passe les filtres.",
        ),
        ListKind::Logements => rows_ui(
            ui,
            &view.units,
            &mut view.decline,
            &mut view.details,
            commands,
            "Aucun logement disponible ne passe les filtres.",
        ),
        ListKind::Duos => bundles_ui(ui, view, commands),
    });
}

/// How long a positioning can be undone from its notice, seconds.
pub const UNDO_SECONDS: u64 = 30;

/// The ranking's rules, as the panel's help shows them.
pub const RANKING_RULES_FR: &str = "Critères rédhibitoires : un métier ni recherché ni du même \
domaine ROME, un permis exigé et non détenu, un loyer au-dessus du taux d'effort maximal, un \
logement trop petit pour le ménage. Une suggestion qui en a un passe dans « À écarter », avec \
la raison, quels que soient ses autres critères.\n\
Score : part des critères remplis, pondérée (« en partie » compte pour moitié ; poids dans \
« Poids des critères »).\n\
Emploi + logement : le score d'une paire est celui de sa moitié la plus faible (jamais \
au-dessus), moins 5 points si le trajet dépasse la moitié de la distance choisie.\n\
Un positionnement en cours est une information, pas un critère ; un positionnement refusé \
passe en fin de liste.";

/// The refusal form, drawn inside the card of the proposal being declined.
fn decline_form(
    ui: &mut egui::Ui,
    decline: &mut Option<DeclineForm>,
    proposal: Option<Uuid>,
    card: Card,
    commands: &mut Vec<Command>,
) {
    let Some(form) = decline else {
        return;
    };
    if Some(form.proposal) != proposal || form.card != card {
        return;
    }
    let mut close = false;
    Frame::new()
        .fill(ERROR_FILL)
        .stroke(egui::Stroke::new(1.0, ERROR))
        .corner_radius(6.0)
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.label(RichText::new(format!("Refus : {}", form.what)).strong());
            ui.horizontal(|ui| {
                ui.label("Refusé par :");
                for by in DeclineBy::ALL {
                    if ui.radio(form.by == Some(*by), by.label_fr()).clicked() {
                        form.by = Some(*by);
                    }
                }
            });
            let label = ui.label("Raison du refus");
            ui.add(egui::TextEdit::singleline(&mut form.reason).desired_width(600.0))
                .labelled_by(label.id);
            ui.horizontal(|ui| {
                let ready = form.by.is_some() && !form.reason.trim().is_empty();
                if primary_button(ui, "Enregistrer le refus", ready).clicked() {
                    push(
                        commands,
                        MatchingCommand::SetProposalStatus {
                            proposal: form.proposal,
                            status: ProposalStatus::Refuse,
                            decline_by: form.by,
                            reason: form.reason.clone(),
                        },
                    );
                    close = true;
                }
                if ui.button("Annuler").clicked() {
                    close = true;
                }
                if !ready {
                    ui.label(RichText::new("Indiquez qui refuse et pourquoi.").small());
                }
            });
        });
    if close {
        *decline = None;
    }
}

/// What a screen reader (and a UI test) hears for a mark.
pub fn mark_label(status: Status) -> &'static str {
    match status {
        Status::Met => "critère rempli",
        Status::Partly => "critère en partie rempli",
        Status::NotMet => "critère non rempli",
    }
}

/// A round badge: a check (met), a dash (partly), a cross (not met). Painted, because the
/// bundled fonts have no ✓ or ✗ glyph.
fn mark(ui: &mut egui::Ui, status: Status) {
    let size = egui::vec2(18.0, 18.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, mark_label(status)));
    let painter = ui.painter();
    let c = rect.center();
    painter.circle_filled(c, 8.5, status_colour(status));
    let stroke = egui::Stroke::new(2.2, ON_MATCH_STATUS);
    let p = |x: f32, y: f32| c + egui::vec2(x, y);
    match status {
        Status::Met => {
            painter.add(egui::Shape::line(
                vec![p(-4.0, 0.0), p(-1.0, 3.5), p(4.5, -3.5)],
                stroke,
            ));
        }
        Status::Partly => {
            painter.line_segment([p(-4.0, 0.0), p(4.0, 0.0)], stroke);
        }
        Status::NotMet => {
            painter.line_segment([p(-3.5, -3.5), p(3.5, 3.5)], stroke);
            painter.line_segment([p(-3.5, 3.5), p(3.5, -3.5)], stroke);
        }
    }
}

fn checks_ui(ui: &mut egui::Ui, checks: &[(Status, String)]) {
    ui.spacing_mut().item_spacing.y = 2.0;
    for (status, reason) in checks {
        // Top-aligned so that a reason wrapping on two lines (bundle columns) keeps its
        // mark on the first line.
        ui.horizontal_top(|ui| {
            mark(ui, *status);
            ui.add(
                egui::Label::new(
                    RichText::new(reason).color(status_colour(*status).gamma_multiply(0.9)),
                )
                .wrap(),
            );
        });
    }
}

fn card(ui: &mut egui::Ui, dimmed: bool, add: impl FnOnce(&mut egui::Ui)) {
    Frame::new()
        .fill(if dimmed { CARD_FILL_DIMMED } else { CARD_FILL })
        .stroke(egui::Stroke::new(1.0, LIST_CARD_STROKE))
        .corner_radius(6.0)
        .inner_margin(Margin::symmetric(10, 5))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(1000.0));
            // Compact lines: 3 to 4 cards visible at 1366 × 700.
            ui.spacing_mut().item_spacing.y = 2.0;
            ui.spacing_mut().interact_size.y = 20.0;
            add(ui);
        });
    ui.add_space(3.0);
}

fn proposal_actions(
    ui: &mut egui::Ui,
    row: &Row,
    card: Card,
    decline: &mut Option<DeclineForm>,
    commands: &mut Vec<Command>,
) {
    match row.proposal {
        None | Some((_, ProposalStatus::Refuse)) => {
            let label = if row.proposal.is_some() {
                "Positionner à nouveau"
            } else {
                "Positionner"
            };
            if ui.button(label).clicked() {
                push(
                    commands,
                    MatchingCommand::Propose {
                        household: row.household,
                        target: row.target,
                    },
                );
            }
        }
        Some((id, status)) => {
            ui.label(
                RichText::new(format!("Positionné : {}", status.label_fr()))
                    .strong()
                    .color(ACCENT),
            );
            let next: &[ProposalStatus] = match status {
                ProposalStatus::Propose => &[ProposalStatus::Entretien, ProposalStatus::Accepte],
                ProposalStatus::Entretien => &[ProposalStatus::Accepte],
                _ => &[],
            };
            for n in next {
                let text = match n {
                    ProposalStatus::Entretien => "Passer en entretien",
                    _ => "Accepté",
                };
                if ui.button(text).clicked() {
                    push(
                        commands,
                        MatchingCommand::SetProposalStatus {
                            proposal: id,
                            status: *n,
                            decline_by: None,
                            reason: String::new(),
                        },
                    );
                }
            }
            if status != ProposalStatus::Accepte && ui.button("Refusé…").clicked() {
                *decline = Some(DeclineForm {
                    proposal: id,
                    card,
                    what: row.title.clone(),
                    by: None,
                    reason: String::new(),
                });
            }
        }
    }
}

/// The weak points of a suggestion on one line: its criteria not met or partly met, and
/// its information, cut to the width (the met ones, and the whole text, wait for
/// « Détails »).
fn weak_points_ui(ui: &mut egui::Ui, prefix: &str, checks: &[(Status, String)], notes: &[String]) {
    let weak: Vec<&(Status, String)> = checks.iter().filter(|c| c.0 != Status::Met).collect();
    let worst = weak.iter().map(|c| c.0).min();
    let mut parts: Vec<String> = weak.iter().map(|c| c.1.clone()).collect();
    parts.extend(notes.iter().cloned());
    if parts.is_empty() {
        if !prefix.is_empty() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(prefix).small().strong());
                mark(ui, Status::Met);
                ui.label(RichText::new("tous les critères remplis").small());
            });
        }
        return;
    }
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        if !prefix.is_empty() {
            ui.label(RichText::new(prefix).small().strong());
        }
        if let Some(w) = worst {
            mark(ui, w);
        }
        let text = parts.join(" · ");
        ui.add(
            egui::Label::new(
                RichText::new(text.as_str())
                    .small()
                    .color(worst.map_or(TEXT_SUBTLE, |w| status_colour(w).gamma_multiply(0.9))),
            )
            .truncate(),
        )
        .on_hover_text(text.as_str());
    });
}

/// « Détails » / « Masquer les détails » of a card.
fn details_toggle(ui: &mut egui::Ui, details: &mut HashSet<(Uuid, Target)>, key: (Uuid, Target)) {
    let open = details.contains(&key);
    let text = if open {
        "Masquer les détails"
    } else {
        "Détails"
    };
    if ui.small_button(text).clicked() {
        if open {
            details.remove(&key);
        } else {
            details.insert(key);
        }
    }
}

/// The « À écarter » group: one line per candidate, with why.
fn set_aside_ui(ui: &mut egui::Ui, id: &str, rows: &[&Row]) {
    if rows.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(
        RichText::new(format!("À écarter ({}) — critère rédhibitoire", rows.len())).strong(),
    )
    .id_salt(id)
    .default_open(true)
    .show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 1.0;
        for row in rows {
            let text = format!("{} — à écarter : {}", row.title, row.set_aside.join(" ; "));
            ui.add(egui::Label::new(RichText::new(text.as_str()).color(ERROR)).truncate())
                .on_hover_text(text.as_str());
        }
    });
}

fn rows_ui(
    ui: &mut egui::Ui,
    rows: &[Row],
    decline: &mut Option<DeclineForm>,
    details: &mut HashSet<(Uuid, Target)>,
    commands: &mut Vec<Command>,
    empty: &str,
) {
    if rows.is_empty() {
        ui.label(empty);
        return;
    }
    let (kept, aside): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| r.set_aside.is_empty());
    if kept.is_empty() {
        ui.label(empty);
    }
    for (i, row) in kept.into_iter().enumerate() {
        let key = (row.household, row.target);
        card(ui, row.declined, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{}. {}", i + 1, row.title))
                        .strong()
                        .size(15.0),
                );
                ui.label(RichText::new(&row.summary).small().strong().color(ACCENT));
                if row.declined {
                    ui.label(RichText::new("Déjà refusé").color(ERROR).strong());
                }
            });
            ui.label(RichText::new(&row.subtitle).small().color(TEXT_SUBTLE));
            ui.horizontal(|ui| {
                proposal_actions(ui, row, (row.target, None), decline, commands);
                details_toggle(ui, details, key);
                weak_points_ui(ui, "", &row.checks, &row.notes);
            });
            if details.contains(&key) {
                checks_ui(ui, &row.checks);
            }
            decline_form(
                ui,
                decline,
                row.proposal.map(|p| p.0),
                (row.target, None),
                commands,
            );
        });
    }
    set_aside_ui(ui, "aside_rows", &aside);
}

fn bundles_ui(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    if view.bundles.is_empty() {
        ui.label(format!(
            "Aucune paire offre + logement à moins de {:.0} km l'une de l'autre. Élargissez la \
             distance de trajet ou complétez les communes sans position (onglet « Communes »).",
            view.filters.commute_km
        ));
        return;
    }
    let mut n = 0;
    let mut aside: Vec<Row> = Vec::new();
    for b in &view.bundles {
        if b.set_aside {
            let mut reasons = b.offer.set_aside.clone();
            reasons.extend(b.unit.set_aside.iter().cloned());
            aside.push(Row {
                title: format!("{}  +  {}", b.offer.title, b.unit.title),
                set_aside: reasons,
                ..b.unit.clone()
            });
            continue;
        }
        n += 1;
        // A pair's own key (pairs share offers and units): its offer's id and its unit.
        let offer_id = match b.offer.target {
            Target::Offer(id) | Target::Unit(id) => id,
        };
        let key = (offer_id, b.unit.target);
        let card_key: Card = (b.offer.target, Some(b.unit.target));
        card(ui, false, |ui| {
            let card = card_key;
            ui.label(
                RichText::new(format!("{n}. {}  +  {}", b.offer.title, b.unit.title))
                    .strong()
                    .size(15.0),
            );
            // The score's making and the pair's actions on one line.
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&b.summary).strong().color(ACCENT));
                mark(ui, b.commute.0);
                ui.label(RichText::new(&b.commute.1).small());
                ui.separator();
                if b.offer.proposal.is_none() && b.unit.proposal.is_none() {
                    if ui.button("Positionner les deux").clicked() {
                        push(
                            commands,
                            MatchingCommand::ProposeBoth {
                                household: b.offer.household,
                                offer: b.offer.target,
                                unit: b.unit.target,
                            },
                        );
                    }
                } else {
                    ui.label(RichText::new("Emploi :").small());
                    proposal_actions(ui, &b.offer, card, &mut view.decline, commands);
                    ui.separator();
                    ui.label(RichText::new("Logement :").small());
                    proposal_actions(ui, &b.unit, card, &mut view.decline, commands);
                }
                details_toggle(ui, &mut view.details, key);
            });
            weak_points_ui(ui, "Emploi :", &b.offer.checks, &b.offer.notes);
            weak_points_ui(ui, "Logement :", &b.unit.checks, &b.unit.notes);
            if view.details.contains(&key) {
                ui.columns(2, |cols| {
                    cols[0].label(RichText::new(format!("Emploi — {}", b.offer.subtitle)).strong());
                    checks_ui(&mut cols[0], &b.offer.checks);
                    cols[1]
                        .label(RichText::new(format!("Logement — {}", b.unit.subtitle)).strong());
                    checks_ui(&mut cols[1], &b.unit.checks);
                });
            }
            // The refusal form opens here, in the pair's card, for either half.
            decline_form(
                ui,
                &mut view.decline,
                b.offer.proposal.map(|p| p.0),
                card,
                commands,
            );
            decline_form(
                ui,
                &mut view.decline,
                b.unit.proposal.map(|p| p.0),
                card,
                commands,
            );
        });
    }
    let aside: Vec<&Row> = aside.iter().collect();
    set_aside_ui(ui, "aside_bundles", &aside);
}

fn reverse_tab(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    if view.reverse_targets.is_empty() {
        ui.label("Aucune offre ouverte ni aucun logement disponible pour le moment.");
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Offre ou logement :");
        let current = view
            .reverse_selected
            .and_then(|t| view.reverse_targets.iter().find(|r| r.0 == t))
            .map_or("Choisir une offre ou un logement", |r| r.1.as_str())
            .to_owned();
        egui::ComboBox::from_id_salt("matching_reverse")
            .width(520.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (target, label) in &view.reverse_targets {
                    if ui
                        .selectable_label(view.reverse_selected == Some(*target), label)
                        .clicked()
                    {
                        view.reverse_selected = Some(*target);
                        push(commands, MatchingCommand::Reverse(*target));
                    }
                }
            });
        ranking_note_ui(ui, view.ranking, "");
    });
    if view.reverse_selected.is_none() {
        ui.label("Choisissez une offre ou un logement pour voir les ménages les mieux placés.");
        return;
    }
    ui.add_enabled_ui(!view.ranking, |ui| {
        rows_ui(
            ui,
            &view.reverse_rows,
            &mut view.decline,
            &mut view.details,
            commands,
            "Aucun ménage en cours.",
        );
    });
}

fn weights_tab(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    ui.label(
        "Chaque critère compte selon son poids (0 = ignoré, 5 = très important). Le score d'une \
         suggestion est la part pondérée des critères remplis ; un critère « en partie » compte \
         pour moitié. Les positionnements refusés passent toujours en fin de liste.",
    );
    egui::Grid::new("weights")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for c in Criterion::ALL {
                if let Some(w) = view.weights.get_mut(c) {
                    ui.label(c.label_fr());
                    ui.add(egui::Slider::new(w, 0.0..=Weights::MAX).step_by(0.5));
                    ui.end_row();
                }
            }
        });
    ui.horizontal(|ui| {
        if primary_button(ui, "Enregistrer les poids", true).clicked() {
            push(commands, MatchingCommand::SaveWeights(view.weights));
        }
        if ui.button("Revenir aux poids par défaut").clicked() {
            view.weights = Weights::default();
        }
    });
}
