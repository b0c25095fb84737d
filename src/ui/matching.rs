//! The « Rapprochement » section: a household's ranked offers, units and job + home
//! bundles, each criterion explained; proposals and their statuses; the reverse view; and
//! sub-tabs for the registries (see [`super::registries`]).

use egui::{Color32, Frame, Margin, RichText};
use uuid::Uuid;

use super::registries::{RegistriesView, registries_ui};
use super::{ACCENT, ERROR, SUCCESS, primary_button};
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
    /// Every criterion with its reason.
    pub checks: Vec<(Status, String)>,
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
    /// "78 % — emploi 85 %, logement 70 %, trajet 7 km".
    pub summary: String,
    /// The commuting criterion.
    pub commute: (Status, String),
}

/// The refusal being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclineForm {
    /// The proposal.
    pub proposal: Uuid,
    /// What is declined, for the title.
    pub what: String,
    /// Who declined.
    pub by: Option<DeclineBy>,
    /// Why.
    pub reason: String,
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
        Status::Partly => Color32::from_rgb(0x9a, 0x5b, 0x00),
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
        for tab in MatchingTab::ALL {
            if ui.selectable_label(view.tab == tab, tab.label()).clicked() && view.tab != tab {
                view.tab = tab;
            }
        }
    });
    ui.separator();
    if let Some(error) = &view.error {
        ui.label(RichText::new(error).color(ERROR));
    }
    if let Some(notice) = &view.notice {
        ui.label(RichText::new(notice).color(SUCCESS));
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
            .to_string();
        egui::ComboBox::from_id_salt("matching_household")
            .width(280.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (id, label) in &view.households {
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
    ui.horizontal_wrapped(|ui| {
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
    ui.label(
        RichText::new(
            "Classement : part des critères remplis, pondérée (« en partie » compte pour moitié ; \
             poids dans « Poids des critères »). Un positionnement déjà refusé passe en fin de liste.",
        )
        .small()
        .color(Color32::from_gray(80)),
    );
    ui.label(
        RichText::new(&view.considered)
            .small()
            .color(Color32::from_gray(80)),
    );
    ui.horizontal(|ui| {
        let lists = [
            (
                ListKind::Offres,
                format!("Offres d'emploi ({})", view.offers.len()),
            ),
            (
                ListKind::Logements,
                format!("Logements ({})", view.units.len()),
            ),
            (
                ListKind::Duos,
                format!("Emploi + logement ({})", view.bundles.len()),
            ),
        ];
        for (kind, label) in lists {
            if ui.selectable_label(view.list == kind, label).clicked() {
                view.list = kind;
            }
        }
    });
    match view.list {
        ListKind::Offres => rows_ui(
            ui,
            &view.offers,
            &mut view.decline,
            commands,
            "Aucune offre ouverte ne passe les filtres.",
        ),
        ListKind::Logements => rows_ui(
            ui,
            &view.units,
            &mut view.decline,
            commands,
            "Aucun logement disponible ne passe les filtres.",
        ),
        ListKind::Duos => bundles_ui(ui, view, commands),
    }
}

/// The refusal form, drawn inside the card of the proposal being declined.
fn decline_form(
    ui: &mut egui::Ui,
    decline: &mut Option<DeclineForm>,
    proposal: Option<Uuid>,
    commands: &mut Vec<Command>,
) {
    let Some(form) = decline else {
        return;
    };
    if Some(form.proposal) != proposal {
        return;
    }
    let mut close = false;
    Frame::new()
        .fill(Color32::from_rgb(0xfd, 0xf3, 0xf3))
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
    let stroke = egui::Stroke::new(2.2, Color32::WHITE);
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
        .fill(if dimmed {
            Color32::from_gray(240)
        } else {
            Color32::WHITE
        })
        .stroke(egui::Stroke::new(1.0, Color32::from_gray(205)))
        .corner_radius(6.0)
        .inner_margin(Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(1000.0));
            add(ui);
        });
    ui.add_space(4.0);
}

fn proposal_actions(
    ui: &mut egui::Ui,
    row: &Row,
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
                    what: row.title.clone(),
                    by: None,
                    reason: String::new(),
                });
            }
        }
    }
}

fn rows_ui(
    ui: &mut egui::Ui,
    rows: &[Row],
    decline: &mut Option<DeclineForm>,
    commands: &mut Vec<Command>,
    empty: &str,
) {
    if rows.is_empty() {
        ui.label(empty);
        return;
    }
    for (i, row) in rows.iter().enumerate() {
        card(ui, row.declined, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{}. {}", i + 1, row.title))
                        .strong()
                        .size(17.0),
                );
                if row.declined {
                    ui.label(RichText::new("Déjà refusé").color(ERROR).strong());
                }
            });
            ui.label(RichText::new(&row.subtitle).color(Color32::from_gray(70)));
            ui.label(RichText::new(&row.summary).strong().color(ACCENT));
            checks_ui(ui, &row.checks);
            ui.horizontal(|ui| proposal_actions(ui, row, decline, commands));
            decline_form(ui, decline, row.proposal.map(|p| p.0), commands);
        });
    }
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
    for (i, b) in view.bundles.iter().enumerate() {
        card(ui, false, |ui| {
            ui.label(
                RichText::new(format!("{}. {}  +  {}", i + 1, b.offer.title, b.unit.title))
                    .strong()
                    .size(17.0),
            );
            ui.label(RichText::new(&b.summary).strong().color(ACCENT));
            checks_ui(ui, std::slice::from_ref(&b.commute));
            ui.columns(2, |cols| {
                cols[0].label(RichText::new(format!("Emploi — {}", b.offer.subtitle)).strong());
                checks_ui(&mut cols[0], &b.offer.checks);
                cols[0]
                    .horizontal(|ui| proposal_actions(ui, &b.offer, &mut view.decline, commands));
                cols[1].label(RichText::new(format!("Logement — {}", b.unit.subtitle)).strong());
                checks_ui(&mut cols[1], &b.unit.checks);
                cols[1].horizontal(|ui| proposal_actions(ui, &b.unit, &mut view.decline, commands));
                decline_form(
                    &mut cols[1],
                    &mut view.decline,
                    b.unit.proposal.map(|p| p.0),
                    commands,
                );
            });
        });
    }
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
            .to_string();
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
    });
    if view.reverse_selected.is_none() {
        ui.label("Choisissez une offre ou un logement pour voir les ménages les mieux placés.");
        return;
    }
    rows_ui(
        ui,
        &view.reverse_rows,
        &mut view.decline,
        commands,
        "Aucun ménage en cours.",
    );
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
