//! « Par ménage »: the household picker, the filters, and its offers, units and pairs.

use egui::{Frame, Margin, RichText};

use super::text;
use super::{MatchingView, push};
use crate::command::Command;
use crate::command::matching::MatchingCommand;
use crate::domain::model::Typology;
use crate::matching::Target;

use super::Card;
use super::cards::{
    self, card, checks_ui, decline_form, details_toggle, mark, proposal_actions, set_aside_ui,
    weak_points_ui,
};
use super::{ListKind, Row};
use crate::ui::primary_button;
use crate::ui::theme::{ACCENT, NOTE_FILL, SUCCESS};

pub(super) fn household_tab(
    ui: &mut egui::Ui,
    view: &mut MatchingView,
    commands: &mut Vec<Command>,
) {
    if view.households.is_empty() {
        ui.label(text::NO_HOUSEHOLD);
        return;
    }
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label(text::HOUSEHOLD);
        let current = view
            .selected
            .and_then(|id| view.households.iter().find(|h| h.0 == id))
            .map_or(text::CHOOSE_HOUSEHOLD, |h| h.1.as_str())
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
        super::ranking_note_ui(ui, view.ranking, &view.considered);
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().slider_width = 90.0;
        changed |= ui
            .checkbox(&mut view.filters.durable_only, text::DURABLE_ONLY)
            .changed();
        changed |= ui
            .checkbox(&mut view.max_distance_on, text::MAX_DISTANCE)
            .changed();
        if view.max_distance_on {
            changed |= ui
                .add(
                    egui::Slider::new(&mut view.max_distance_km, 5.0..=200.0)
                        .suffix(text::KM_SUFFIX)
                        .integer(),
                )
                .changed();
        }
        ui.label(text::TYPOLOGY);
        egui::ComboBox::from_id_salt("matching_typology")
            .selected_text(
                view.filters
                    .typology
                    .map_or(text::ANY_TYPOLOGY, |t| t.label_fr()),
            )
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(view.filters.typology.is_none(), text::ANY_TYPOLOGY)
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
        ui.label(text::COMMUTE);
        changed |= ui
            .add(
                egui::Slider::new(&mut view.filters.commute_km, 5.0..=80.0)
                    .suffix(text::KM_SUFFIX)
                    .integer(),
            )
            .changed();
    });
    if changed {
        view.filters.max_distance_km = view.max_distance_on.then_some(view.max_distance_km);
        push(commands, MatchingCommand::Rerank);
    }
    if view.selected.is_none() {
        ui.label(text::CHOOSE_HOUSEHOLD_FIRST);
        return;
    }
    if let Some((case_id, label)) = view.move_in.clone() {
        Frame::new()
            .fill(SUCCESS.gamma_multiply(0.10))
            .stroke(egui::Stroke::new(1.0, SUCCESS))
            .corner_radius(6.0)
            .inner_margin(Margin::same(10))
            .show(ui, |ui| {
                ui.label(text::ready_to_move(&label));
                if primary_button(ui, text::MOVE_TO_HIRING, true).clicked() {
                    push(commands, MatchingCommand::MoveToHiring { case_id });
                }
            });
    }
    ui.horizontal_wrapped(|ui| {
        // The counts are of the suggestions kept: « à écarter » is listed apart.
        let lists = [
            (
                ListKind::Offres,
                text::offers_list(
                    view.offers
                        .iter()
                        .filter(|r| r.set_aside.is_empty())
                        .count(),
                ),
            ),
            (
                ListKind::Logements,
                text::units_list(view.units.iter().filter(|r| r.set_aside.is_empty()).count()),
            ),
            (
                ListKind::Duos,
                text::pairs_list(view.bundles.iter().filter(|b| !b.set_aside).count()),
            ),
        ];
        for (kind, label) in lists {
            if ui.selectable_label(view.list == kind, label).clicked() {
                view.list = kind;
            }
        }
        ui.separator();
        if ui
            .selectable_label(view.show_rules, text::RANKING_RULES)
            .clicked()
        {
            view.show_rules = !view.show_rules;
        }
        ui.separator();
        ui.spacing_mut().slider_width = 90.0;
        ui.label(text::EFFORT_CEILING);
        if ui
            .add(
                egui::Slider::new(&mut view.filters.effort_ceiling_pct, 25..=60)
                    .suffix(text::PERCENT_SUFFIX),
            )
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
                ui.label(RichText::new(text::RANKING_RULES_FR).small());
            });
    }
    // The previous choice's lists wait, greyed, for the new ranking: a proposal must not be
    // made from a card that belongs to another household.
    ui.add_enabled_ui(!view.ranking, |ui| match view.list {
        ListKind::Offres => cards::rows_ui(
            ui,
            &view.offers,
            &mut view.decline,
            &mut view.details,
            commands,
            text::NO_OFFER,
        ),
        ListKind::Logements => cards::rows_ui(
            ui,
            &view.units,
            &mut view.decline,
            &mut view.details,
            commands,
            text::NO_UNIT,
        ),
        ListKind::Duos => bundles_ui(ui, view, commands),
    });
}

fn bundles_ui(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    if view.bundles.is_empty() {
        ui.label(text::no_pair(view.filters.commute_km));
        return;
    }
    let mut n = 0;
    let mut aside: Vec<Row> = Vec::new();
    for b in &view.bundles {
        if b.set_aside {
            let mut reasons = b.offer.set_aside.clone();
            reasons.extend(b.unit.set_aside.iter().cloned());
            aside.push(Row {
                title: text::pair(&b.offer.title, &b.unit.title),
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
                RichText::new(text::numbered_pair(n, &b.offer.title, &b.unit.title))
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
                    if ui.button(text::PROPOSE_BOTH).clicked() {
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
                    ui.label(RichText::new(text::JOB).small());
                    proposal_actions(ui, &b.offer, card, &mut view.decline, commands);
                    ui.separator();
                    ui.label(RichText::new(text::HOME).small());
                    proposal_actions(ui, &b.unit, card, &mut view.decline, commands);
                }
                details_toggle(ui, &mut view.details, key);
            });
            weak_points_ui(ui, text::JOB, &b.offer.checks, &b.offer.notes);
            weak_points_ui(ui, text::HOME, &b.unit.checks, &b.unit.notes);
            if view.details.contains(&key) {
                ui.columns(2, |cols| {
                    cols[0].label(RichText::new(text::job_details(&b.offer.subtitle)).strong());
                    checks_ui(&mut cols[0], &b.offer.checks);
                    cols[1].label(RichText::new(text::home_details(&b.unit.subtitle)).strong());
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
