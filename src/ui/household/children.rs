//! The « Enfants et scolarité » tab: the schooling summary, the table of children (age,
//! level, school, enrolment) with their buttons, and the child form.

use chrono::NaiveDate;
use egui::RichText;
use uuid::Uuid;

use super::form::first;
use super::page::PersonAction;
use super::widgets::{add_button, age_row, card, header_row, table_grid};
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::text::format_date_fr;
use crate::store::household::HouseholdPage;
use crate::ui::forms::{
    check_row, combo_row, date_row, entered, field_errors, multiline_row, text_row,
};
use crate::ui::household::text;
use crate::ui::theme::{ERROR, SUCCESS};

pub(super) fn children_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
    access: &mut Option<PersonAction>,
) {
    let h = &data.detail.household;
    ui.label(
        RichText::new(schooling_summary(&data.detail.children))
            .strong()
            .size(17.0),
    );
    if !editing && add_button(ui, text::AJOUTER_UN_ENFANT, true) {
        let last = data
            .detail
            .adults
            .iter()
            .find(|a| a.is_reference)
            .map_or("", |a| a.last_name.as_str());
        *start = Some(Draft::Child(ChildForm::new(h.id, Uuid::new_v4(), last)));
    }
    if data.detail.children.is_empty() {
        return;
    }
    card(ui, |ui| {
        table_grid("children", 6).show(ui, |ui| {
            header_row(
                ui,
                &[
                    text::ENFANT,
                    text::AGE,
                    text::NIVEAU,
                    text::ECOLE_ACTUELLE,
                    text::INSCRIPTION,
                    "",
                ],
            );
            for c in &data.detail.children {
                ui.label(c.display_name());
                ui.label(c.birth_date.map_or("—".into(), |b| age_fr(b, today)));
                ui.label(c.schooling_level.label_fr());
                ui.label(if c.current_school.is_empty() {
                    "—"
                } else {
                    &c.current_school
                });
                let mut enrol = match c.enrolment_date {
                    Some(d) => {
                        format!("{} ({})", c.enrolment.label_fr(), format_date_fr(Some(d)))
                    }
                    None => c.enrolment.label_fr().to_owned(),
                };
                if !c.destination_school.is_empty() {
                    enrol.push_str(&format!(" — {}", c.destination_school));
                }
                let colour = if c.enrolment == EnrolmentStatus::AFaire {
                    ERROR
                } else {
                    SUCCESS
                };
                ui.label(RichText::new(enrol).color(colour));
                ui.horizontal(|ui| {
                    if !editing && ui.button(text::MODIFIER).clicked() {
                        *start = Some(Draft::Child(ChildForm::from_record(c)));
                    }
                    let name = format!("{} {}", c.first_name, c.last_name);
                    if ui.button(text::donnees_de_valeur(name.trim())).clicked() {
                        *access = Some(PersonAction::Access(c.id, name.trim().to_owned()));
                    }
                    if ui
                        .button(RichText::new(text::EFFACER_CETTE_PERSONNE).color(ERROR))
                        .clicked()
                    {
                        *access = Some(PersonAction::Erase(c.id, name.trim().to_owned()));
                    }
                });
                ui.end_row();
            }
        });
    });
}

pub(super) fn child_form(
    ui: &mut egui::Ui,
    f: &mut ChildForm,
    e: &FieldErrors,
    today: NaiveDate,
    focus: bool,
) -> bool {
    let mut enter = false;
    enter |= entered(&first(
        focus,
        text_row(ui, text::PRENOM, &mut f.first_name, e, "first_name"),
    ));
    enter |= entered(&text_row(ui, text::NOM, &mut f.last_name, e, "last_name"));
    enter |= entered(&date_row(
        ui,
        text::DATE_DE_NAISSANCE,
        &mut f.birth_date,
        e,
        "birth_date",
    ));
    age_row(ui, &f.birth_date, today);

    f.follow_birth_date(today);
    let followed = f.schooling_level;
    combo_row(
        ui,
        text::NIVEAU_SCOLAIRE,
        &mut f.schooling_level,
        SchoolingLevel::ALL,
        |v| v.label_fr(),
    );
    if f.schooling_level != followed {
        // Picked in the list: the birth date no longer decides.
        f.level_by_hand = true;
    }

    enter |= entered(&text_row(
        ui,
        text::ECOLE_OU_MODE_DE_GARDE_ACTUEL,
        &mut f.current_school,
        e,
        "current_school",
    ));
    enter |= entered(&text_row(
        ui,
        text::ECOLE_OU_MODE_DE_GARDE_A,
        &mut f.destination_school,
        e,
        "destination_school",
    ));
    combo_row(
        ui,
        text::INSCRIPTION_A_DESTINATION,
        &mut f.enrolment,
        EnrolmentStatus::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&date_row(
        ui,
        text::DATE_DE_L_INSCRIPTION,
        &mut f.enrolment_date,
        e,
        "enrolment_date",
    ));
    check_row(
        ui,
        text::BESOIN_DE_GARDE,
        &mut f.childcare_need,
        text::OUI_CRECHE_PERISCOLAIRE,
    );
    multiline_row(ui, text::NOTES, &mut f.notes);
    field_errors(ui, e, "household_id");
    enter
}
