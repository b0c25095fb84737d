//! The « Parcours » tab: each case with its stage history, the positionings on offers and
//! units, the follow-up in employment, and the follow-up form.

use chrono::NaiveDate;
use egui::RichText;
use uuid::Uuid;

use super::form::first;
use super::widgets::{add_button, card};
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::text::format_date_fr;
use crate::domain::validate::FOLLOW_UP_CHECKPOINTS;
use crate::store::household::HouseholdPage;
use crate::ui::forms::{
    FIELD_WIDTH, check_row, combo_row, date_row, entered, field_errors, multiline_row,
};
use crate::ui::household::text;
use crate::ui::theme::ACCENT;

pub(super) fn parcours_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
) {
    if data.paths.is_empty() {
        ui.label(text::AUCUN_PARCOURS_OUVERT_POUR_CE_MENAGE);
    }
    for path in &data.paths {
        card(ui, |ui| {
            let stage_label = |id: Uuid| {
                path.programme
                    .as_ref()
                    .and_then(|p| p.stage(id))
                    .map_or(text::ETAPE_INCONNUE.to_owned(), |s| s.label.clone())
            };
            let programme = path
                .programme
                .as_ref()
                .map_or(text::DISPOSITIF, |p| p.name.as_str());
            ui.label(RichText::new(programme).strong().size(17.0));
            if let Some(current) = crate::domain::programme::current_stage(&path.history) {
                ui.label(
                    RichText::new(text::etape_actuelle_stage_id_depuis_today(
                        stage_label(current.stage_id),
                        current.days_in_stage(today),
                    ))
                    .color(ACCENT),
                );
            }
            ui.label(text::ouvert_le_opened_on_exit_referent_e(
                format_date_fr(Some(path.case.opened_on)),
                path.case.exit.label_fr(),
                &path.case.referent,
            ));
            for e in crate::domain::programme::sorted_history(&path.history) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format_date_fr(Some(e.at.date_naive()))).monospace());
                    ui.label("•");
                    ui.label(RichText::new(stage_label(e.to_stage)).strong());
                    if !e.by.is_empty() {
                        ui.label(RichText::new(text::par_by(&e.by)).weak());
                    }
                    if !e.comment.is_empty() {
                        ui.label(RichText::new(&e.comment).italics());
                    }
                });
            }
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new(text::POSITIONNEMENTS).strong().size(17.0));
    if data.detail.proposals.is_empty() {
        ui.label(text::AUCUN_POSITIONNEMENT_SUR_UNE_OFFRE_OU);
    }
    for p in &data.detail.proposals {
        let target = p
            .offer_id
            .or(p.unit_id)
            .and_then(|id| data.proposal_targets.get(&id))
            .map_or(text::OFFRE_OU_LOGEMENT_SUPPRIME, String::as_str);
        let mut line = format!(
            "{} · {} · {}",
            format_date_fr(Some(p.proposed_on)),
            target,
            p.status.label_fr()
        );
        if let Some(by) = p.decline_by {
            line.push_str(&format!(" ({} : {})", by.label_fr(), p.decline_reason));
        }
        ui.label(line);
    }
    ui.add_space(8.0);
    ui.label(RichText::new(text::SUIVI_DANS_L_EMPLOI).strong().size(17.0));
    let h = &data.detail.household;
    if !editing
        && add_button(
            ui,
            text::AJOUTER_UN_POINT_DE_SUIVI_DANS,
            !data.detail.adults.is_empty(),
        )
    {
        *start = Some(Draft::FollowUp(next_follow_up(data)));
    }
    if data.detail.adults.is_empty() {
        ui.label(text::ENREGISTREZ_D_ABORD_UN_ADULTE_ONGLET);
    }
    if data.follow_ups.is_empty() {
        ui.label(text::pas_encore_de_point_de_suivi_apres_une(
            FOLLOW_UP_CHECKPOINTS.map(|m| m.to_string()).join(", "),
        ));
    }
    for f in &data.follow_ups {
        let who = data
            .detail
            .adults
            .iter()
            .find(|a| a.id == f.adult_id)
            .map(Adult::display_name)
            .unwrap_or_default();
        let state = match f.checked_on {
            Some(d) => text::fait_le_valeur_poste_contract(
                format_date_fr(Some(d)),
                if f.still_in_post {
                    text::TOUJOURS_EN_POSTE_2
                } else {
                    text::PLUS_EN_POSTE
                },
                f.contract.label_fr(),
            ),
            None => text::A_FAIRE.to_owned(),
        };
        let job = f
            .offer_id
            .and_then(|id| data.proposal_targets.get(&id))
            .map_or_else(String::new, |label| format!(" ({label})"));
        ui.horizontal_wrapped(|ui| {
            ui.label(text::who_embauche_le_hired_on_job_point_a(
                &who,
                format_date_fr(Some(f.hired_on)),
                &job,
                f.checkpoint_months,
                &state,
            ));
            if !f.notes.is_empty() {
                ui.label(RichText::new(&f.notes).italics());
            }
            if !editing && ui.small_button(text::MODIFIER).clicked() {
                *start = Some(Draft::FollowUp(FollowUpForm::from_record(f, h.id)));
            }
        });
    }
}

/// A new checkpoint, pre-filled from the latest one: same adult and hiring date, the
/// next checkpoint of 1, 3, 6, 12 months not yet recorded.
fn next_follow_up(data: &HouseholdPage) -> FollowUpForm {
    let h = &data.detail.household;
    let last = data
        .follow_ups
        .iter()
        .max_by_key(|f| (f.hired_on, f.checkpoint_months));
    let adult = last
        .map(|f| f.adult_id)
        .or_else(|| data.detail.adults.first().map(|a| a.id));
    let months = last
        .and_then(|l| {
            FOLLOW_UP_CHECKPOINTS.into_iter().find(|m| {
                !data.follow_ups.iter().any(|f| {
                    f.adult_id == l.adult_id
                        && f.hired_on == l.hired_on
                        && f.checkpoint_months == *m
                })
            })
        })
        .unwrap_or(FOLLOW_UP_CHECKPOINTS[0]);
    let mut form = FollowUpForm::new(
        h.id,
        Uuid::new_v4(),
        adult,
        last.map(|f| f.hired_on),
        months,
    );
    // Same job as the checkpoint before.
    form.base.offer_id = last.and_then(|f| f.offer_id);
    form
}

pub(super) fn follow_up_form(
    ui: &mut egui::Ui,
    f: &mut FollowUpForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    focus: bool,
) -> bool {
    let mut enter = false;
    let l = ui.label(text::ADULTE);
    let name = |id: Option<Uuid>| {
        id.and_then(|id| data.detail.adults.iter().find(|a| a.id == id))
            .map_or_else(|| text::CHOISIR.to_owned(), Adult::display_name)
    };
    let combo = egui::ComboBox::from_id_salt("follow_up_adult")
        .selected_text(name(f.adult_id))
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            for a in &data.detail.adults {
                ui.selectable_value(&mut f.adult_id, Some(a.id), a.display_name());
            }
        })
        .response
        .labelled_by(l.id);
    first(focus, combo);
    ui.end_row();
    field_errors(ui, e, "adult_id");
    combo_row(
        ui,
        text::POINT_DE_SUIVI,
        &mut f.checkpoint_months,
        &FOLLOW_UP_CHECKPOINTS,
        |m| match m {
            1 => text::T_1_MOIS,
            3 => text::T_3_MOIS,
            6 => text::T_6_MOIS,
            _ => text::T_12_MOIS,
        },
    );
    field_errors(ui, e, "checkpoint_months");
    enter |= entered(&date_row(
        ui,
        text::DATE_D_EMBAUCHE,
        &mut f.hired_on,
        e,
        "hired_on",
    ));
    enter |= entered(&date_row(
        ui,
        text::DATE_DU_POINT_DE_SUIVI,
        &mut f.checked_on,
        e,
        "checked_on",
    ));
    // The job: one of the offers the household was positioned on (« Rapprochement »).
    let mut offers: Vec<(Uuid, &str)> = Vec::new();
    for p in &data.detail.proposals {
        if let Some(id) = p.offer_id
            && !offers.iter().any(|o| o.0 == id)
            && let Some(label) = data.proposal_targets.get(&id)
        {
            offers.push((id, label.as_str()));
        }
    }
    let l = ui.label(text::OFFRE_D_EMPLOI);
    let none = text::NON_PRECISEE;
    let chosen = f
        .base
        .offer_id
        .and_then(|id| offers.iter().find(|o| o.0 == id))
        .map_or(none, |o| o.1);
    egui::ComboBox::from_id_salt("follow_up_offer")
        .selected_text(chosen)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.base.offer_id, None, none);
            for (id, label) in &offers {
                ui.selectable_value(&mut f.base.offer_id, Some(*id), *label);
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
    check_row(
        ui,
        text::EN_POSTE,
        &mut f.still_in_post,
        text::TOUJOURS_EN_POSTE,
    );
    combo_row(ui, text::CONTRAT, &mut f.contract, ContractKind::ALL, |v| {
        v.label_fr()
    });
    multiline_row(ui, text::COMMENTAIRE, &mut f.notes);
    enter
}
