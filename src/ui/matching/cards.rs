//! The cards of « Rapprochement »: a suggestion with its criteria, its proposal's actions
//! and the refusal form; the « à écarter » group.

use std::collections::HashSet;

use egui::{Frame, Margin, RichText};
use uuid::Uuid;

use super::push;
use super::text;
use crate::command::Command;
use crate::command::matching::MatchingCommand;
use crate::domain::model::{DeclineBy, ProposalStatus};
use crate::matching::Target;
use crate::matching::criteria::Status;

use super::status_colour;
use super::{Card, DeclineForm, Row};
use crate::ui::primary_button;
use crate::ui::theme::{
    ACCENT, CARD_FILL, CARD_FILL_DIMMED, ERROR, ERROR_FILL, LIST_CARD_STROKE, ON_MATCH_STATUS,
    TEXT_SUBTLE,
};

/// The refusal form, drawn inside the card of the proposal being declined.
pub(super) fn decline_form(
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
            ui.label(RichText::new(text::declining(&form.what)).strong());
            ui.horizontal(|ui| {
                ui.label(text::DECLINED_BY);
                for by in DeclineBy::ALL {
                    if ui.radio(form.by == Some(*by), by.label_fr()).clicked() {
                        form.by = Some(*by);
                    }
                }
            });
            let label = ui.label(text::DECLINE_REASON);
            ui.add(egui::TextEdit::singleline(&mut form.reason).desired_width(600.0))
                .labelled_by(label.id);
            ui.horizontal(|ui| {
                let ready = form.by.is_some() && !form.reason.trim().is_empty();
                if primary_button(ui, text::SAVE_DECLINE, ready).clicked() {
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
                if ui.button(text::CANCEL).clicked() {
                    close = true;
                }
                if !ready {
                    ui.label(RichText::new(text::DECLINE_INCOMPLETE).small());
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
        Status::Met => text::MET,
        Status::Partly => text::PARTLY,
        Status::NotMet => text::NOT_MET,
    }
}

/// A round badge: a check (met), a dash (partly), a cross (not met). Painted, because the
/// bundled fonts have no ✓ or ✗ glyph.
pub(super) fn mark(ui: &mut egui::Ui, status: Status) {
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

pub(super) fn checks_ui(ui: &mut egui::Ui, checks: &[(Status, String)]) {
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

pub(super) fn card(ui: &mut egui::Ui, dimmed: bool, add: impl FnOnce(&mut egui::Ui)) {
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

pub(super) fn proposal_actions(
    ui: &mut egui::Ui,
    row: &Row,
    card: Card,
    decline: &mut Option<DeclineForm>,
    commands: &mut Vec<Command>,
) {
    match row.proposal {
        None | Some((_, ProposalStatus::Refuse)) => {
            let label = if row.proposal.is_some() {
                text::PROPOSE_AGAIN
            } else {
                text::PROPOSE
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
                RichText::new(text::proposed(status.label_fr()))
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
                    ProposalStatus::Entretien => text::TO_INTERVIEW,
                    _ => text::ACCEPTED,
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
            if status != ProposalStatus::Accepte && ui.button(text::DECLINED).clicked() {
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
pub(super) fn weak_points_ui(
    ui: &mut egui::Ui,
    prefix: &str,
    checks: &[(Status, String)],
    notes: &[String],
) {
    let weak: Vec<&(Status, String)> = checks.iter().filter(|c| c.0 != Status::Met).collect();
    let worst = weak.iter().map(|c| c.0).min();
    let mut parts: Vec<String> = weak.iter().map(|c| c.1.clone()).collect();
    parts.extend(notes.iter().cloned());
    if parts.is_empty() {
        if !prefix.is_empty() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(prefix).small().strong());
                mark(ui, Status::Met);
                ui.label(RichText::new(text::ALL_MET).small());
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
        let line = parts.join(" · ");
        ui.add(
            egui::Label::new(
                RichText::new(line.as_str())
                    .small()
                    .color(worst.map_or(TEXT_SUBTLE, |w| status_colour(w).gamma_multiply(0.9))),
            )
            .truncate(),
        )
        .on_hover_text(line.as_str());
    });
}

/// « Détails » / « Masquer les détails » of a card.
pub(super) fn details_toggle(
    ui: &mut egui::Ui,
    details: &mut HashSet<(Uuid, Target)>,
    key: (Uuid, Target),
) {
    let open = details.contains(&key);
    let label = if open {
        text::HIDE_DETAILS
    } else {
        text::DETAILS
    };
    if ui.small_button(label).clicked() {
        if open {
            details.remove(&key);
        } else {
            details.insert(key);
        }
    }
}

/// The « À écarter » group: one line per candidate, with why.
pub(super) fn set_aside_ui(ui: &mut egui::Ui, id: &str, rows: &[&Row]) {
    if rows.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(RichText::new(text::set_aside(rows.len())).strong())
        .id_salt(id)
        .default_open(true)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 1.0;
            for row in rows {
                let line = text::set_aside_line(&row.title, &row.set_aside.join(" ; "));
                ui.add(egui::Label::new(RichText::new(line.as_str()).color(ERROR)).truncate())
                    .on_hover_text(line.as_str());
            }
        });
}

pub(super) fn rows_ui(
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
                    RichText::new(text::numbered(i + 1, &row.title))
                        .strong()
                        .size(15.0),
                );
                ui.label(RichText::new(&row.summary).small().strong().color(ACCENT));
                if row.declined {
                    ui.label(RichText::new(text::ALREADY_DECLINED).color(ERROR).strong());
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
