//! The « Ménage » tab: the household's facts (composition, schooling, housing demand,
//! resources, barriers, referent) with « Modifier » and « Effacer définitivement… », and
//! the household form.

use egui::RichText;

use super::form::first;
use super::page::PersonAction;
use super::widgets::{add_button, card};
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::text::{format_date_fr, format_euros, parse_euros};
use crate::store::household::HouseholdPage;
use crate::ui::forms::{
    combo_row, commune_row, date_row, entered, field_errors, last_text_row, option_combo_row,
    text_row,
};
use crate::ui::household::text;
use crate::ui::theme::ERROR;

pub(super) fn menage_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    editing: bool,
    start: &mut Option<Draft>,
    action: &mut Option<PersonAction>,
) {
    let h = &data.detail.household;
    if !editing {
        // Beside « Modifier », not in the header: the header row is full at 1366 px.
        ui.horizontal(|ui| {
            if add_button(ui, text::MODIFIER_LE_MENAGE, true) {
                *start = Some(Draft::Household(HouseholdForm::from_record(h)));
            }
            if ui
                .button(RichText::new(text::EFFACER_DEFINITIVEMENT_CE_MENAGE_2).color(ERROR))
                .clicked()
            {
                *action = Some(PersonAction::EraseHousehold);
            }
        });
    }
    card(ui, |ui| {
        egui::Grid::new("menage_facts")
            .num_columns(2)
            .spacing([16.0, 6.0])
            .striped(true)
            .show(ui, |ui| {
                let mut fact = |k: &str, v: String| {
                    ui.label(RichText::new(k).strong());
                    ui.label(if v.is_empty() { "—".to_owned() } else { v });
                    ui.end_row();
                };
                fact(
                    text::COMPOSITION,
                    composition_summary(data.detail.adults.len(), data.detail.children.len()),
                );
                fact(text::SCOLARITE, schooling_summary(&data.detail.children));
                fact(
                    text::LOGEMENT_ACTUEL,
                    h.housing_situation.label_fr().to_owned(),
                );
                fact(text::COMMUNE, h.commune.clone());
                let dem = &h.housing_demand;
                fact(
                    text::DEMANDE_DE_LOGEMENT,
                    format!(
                        "{}{}",
                        dem.typology
                            .map_or(text::TYPOLOGIE_NON_RENSEIGNEE, |t| t.label_fr()),
                        dem.max_rent_cents
                            .map(|c| text::loyer_max_valeur(format_euros(c)))
                            .unwrap_or_default()
                    ),
                );
                fact(
                    text::NUMERO_UNIQUE,
                    match (&dem.unique_number, dem.unique_number_date) {
                        (Some(n), Some(d)) => text::n_du_valeur(n, format_date_fr(Some(d))),
                        (Some(n), None) => n.clone(),
                        _ => String::new(),
                    },
                );
                fact(text::COMMUNES_SOUHAITEES, join_list(&dem.wished_communes));
                let resources: Vec<String> = h
                    .resources
                    .iter()
                    .map(|r| format!("{} {}", r.source.label_fr(), format_euros(r.monthly_cents)))
                    .collect();
                fact(
                    text::RESSOURCES_MENSUELLES,
                    if resources.is_empty() {
                        String::new()
                    } else {
                        text::resources_total_monthly_resources_cents(
                            resources.join(", "),
                            format_euros(h.monthly_resources_cents()),
                        )
                    },
                );
                fact(
                    text::FREINS,
                    h.barriers
                        .iter()
                        .map(crate::domain::model::Barrier::label_fr)
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                fact(text::REFERENT_E, h.referent.clone());
                fact(text::ORIGINE_PRESCRIPTEUR, h.origin.clone());
            });
    });
}

pub(super) fn household_form(
    ui: &mut egui::Ui,
    f: &mut HouseholdForm,
    e: &FieldErrors,
    referents: &[String],
    focus: bool,
) -> bool {
    let mut enter = false;
    let label = first(
        focus,
        text_row(ui, text::NOM_DU_MENAGE, &mut f.label, e, "label"),
    );
    enter |= entered(&label);
    enter |= entered(&commune_row(
        ui,
        text::COMMUNE_ACTUELLE,
        &mut f.commune,
        e,
        "commune",
        false,
    ));
    combo_row(
        ui,
        text::SITUATION_DE_LOGEMENT,
        &mut f.housing_situation,
        HousingSituation::ALL,
        |v| v.label_fr(),
    );
    option_combo_row(
        ui,
        text::TYPOLOGIE_SOUHAITEE,
        &mut f.typology,
        Typology::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&text_row(
        ui,
        text::NUMERO_UNIQUE,
        &mut f.unique_number,
        e,
        "unique_number",
    ));
    enter |= entered(&date_row(
        ui,
        text::DATE_DU_NUMERO_UNIQUE,
        &mut f.unique_number_date,
        e,
        "unique_number_date",
    ));
    enter |= entered(&commune_row(
        ui,
        text::COMMUNES_SOUHAITEES_SEPAREES_PAR_DES_VIRGULES,
        &mut f.wished_communes,
        e,
        "wished_communes",
        true,
    ));
    enter |= entered(&text_row(
        ui,
        text::LOYER_MAXIMAL_CHARGES_COMPRISES_MOIS,
        &mut f.max_rent,
        e,
        "max_rent",
    ));
    ui.label(text::RESSOURCES_MENSUELLES_2);
    ui.vertical(|ui| {
        let mut remove = None;
        for (i, line) in f.resources.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("resource", i))
                    .selected_text(line.source.label_fr())
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        for s in ResourceSource::ALL {
                            ui.selectable_value(&mut line.source, *s, s.label_fr());
                        }
                    });
                let l = ui.label(text::MONTANT);
                enter |= entered(
                    &ui.add(
                        egui::TextEdit::singleline(&mut line.amount)
                            .id(resource_amount_id(i))
                            .desired_width(100.0),
                    )
                    .labelled_by(l.id),
                );
                if ui.small_button(text::RETIRER).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            f.resources.remove(i);
        }
        if ui.button(text::AJOUTER_UNE_RESSOURCE).clicked() {
            f.resources.push(ResourceLine {
                source: ResourceSource::Rsa,
                amount: String::new(),
            });
            // The new line sits above the button: the cursor goes to its amount, so the
            // keyboard does not have to come back for it (Maj+Tab reaches its source).
            let id = resource_amount_id(f.resources.len() - 1);
            ui.memory_mut(|m| m.request_focus(id));
        }
        let total: i64 = f
            .resources
            .iter()
            .filter_map(|l| parse_euros(&l.amount).ok().flatten())
            .sum();
        ui.label(RichText::new(text::total_total_par_mois(format_euros(total))).strong());
    });
    ui.end_row();
    field_errors(ui, e, "resources");
    ui.label(text::FREINS);
    // Fixed rows of checkboxes: a wrapped row inside a grid row overlaps the next row.
    ui.vertical(|ui| {
        for chunk in Barrier::ALL.chunks(4) {
            ui.horizontal(|ui| {
                for b in chunk {
                    let mut on = f.barriers.contains(b);
                    if ui.checkbox(&mut on, b.label_fr()).changed() {
                        if on {
                            f.barriers.insert(*b);
                        } else {
                            f.barriers.remove(b);
                        }
                    }
                }
            });
        }
    });
    ui.end_row();
    crate::ui::forms::referent_row(
        ui,
        "household_referent",
        text::REFERENT_E_DU_MENAGE,
        referents,
        &mut f.referent,
    );
    field_errors(ui, e, "referent");
    let origin = text_row(ui, text::ORIGINE_PRESCRIPTEUR, &mut f.origin, e, "origin");
    enter |= entered(&origin);
    enter |= entered(&last_text_row(
        ui,
        text::NUMERO_CAF,
        &mut f.caf_number,
        e,
        "caf_number",
        (label.id, origin.id),
    ));
    enter
}

/// The amount field of the `i`-th resource line of the « Ménage » form.
fn resource_amount_id(i: usize) -> egui::Id {
    egui::Id::unique(("household_resource_amount", i))
}
