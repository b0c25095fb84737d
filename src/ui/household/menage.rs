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
            if add_button(ui, "Modifier le ménage", true) {
                *start = Some(Draft::Household(HouseholdForm::from_record(h)));
            }
            if ui
                .button(RichText::new("Effacer définitivement ce ménage…").color(ERROR))
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
                    "Composition",
                    composition_summary(data.detail.adults.len(), data.detail.children.len()),
                );
                fact("Scolarité", schooling_summary(&data.detail.children));
                fact("Logement actuel", h.housing_situation.label_fr().to_owned());
                fact("Commune", h.commune.clone());
                let dem = &h.housing_demand;
                fact(
                    "Demande de logement",
                    format!(
                        "{}{}",
                        dem.typology
                            .map_or("typologie non renseignée", |t| t.label_fr()),
                        dem.max_rent_cents
                            .map(|c| format!(", loyer max. {}", format_euros(c)))
                            .unwrap_or_default()
                    ),
                );
                fact(
                    "Numéro unique",
                    match (&dem.unique_number, dem.unique_number_date) {
                        (Some(n), Some(d)) => format!("{n} (du {})", format_date_fr(Some(d))),
                        (Some(n), None) => n.clone(),
                        _ => String::new(),
                    },
                );
                fact("Communes souhaitées", join_list(&dem.wished_communes));
                let resources: Vec<String> = h
                    .resources
                    .iter()
                    .map(|r| format!("{} {}", r.source.label_fr(), format_euros(r.monthly_cents)))
                    .collect();
                fact(
                    "Ressources mensuelles",
                    if resources.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "{} — total {}",
                            resources.join(", "),
                            format_euros(h.monthly_resources_cents())
                        )
                    },
                );
                fact(
                    "Freins",
                    h.barriers
                        .iter()
                        .map(crate::domain::model::Barrier::label_fr)
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                fact("Référent·e", h.referent.clone());
                fact("Origine / prescripteur", h.origin.clone());
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
        text_row(ui, "Nom du ménage", &mut f.label, e, "label"),
    );
    enter |= entered(&label);
    enter |= entered(&commune_row(
        ui,
        "Commune actuelle",
        &mut f.commune,
        e,
        "commune",
        false,
    ));
    combo_row(
        ui,
        "Situation de logement",
        &mut f.housing_situation,
        HousingSituation::ALL,
        |v| v.label_fr(),
    );
    option_combo_row(
        ui,
        "Typologie souhaitée",
        &mut f.typology,
        Typology::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&text_row(
        ui,
        "Numéro unique",
        &mut f.unique_number,
        e,
        "unique_number",
    ));
    enter |= entered(&date_row(
        ui,
        "Date du numéro unique",
        &mut f.unique_number_date,
        e,
        "unique_number_date",
    ));
    enter |= entered(&commune_row(
        ui,
        "Communes souhaitées (séparées par des virgules)",
        &mut f.wished_communes,
        e,
        "wished_communes",
        true,
    ));
    enter |= entered(&text_row(
        ui,
        "Loyer maximal charges comprises (€/mois)",
        &mut f.max_rent,
        e,
        "max_rent",
    ));
    ui.label("Ressources mensuelles (€)");
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
                let l = ui.label("Montant");
                enter |= entered(
                    &ui.add(
                        egui::TextEdit::singleline(&mut line.amount)
                            .id(resource_amount_id(i))
                            .desired_width(100.0),
                    )
                    .labelled_by(l.id),
                );
                if ui.small_button("Retirer").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            f.resources.remove(i);
        }
        if ui.button("Ajouter une ressource").clicked() {
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
        ui.label(RichText::new(format!("Total : {} par mois", format_euros(total))).strong());
    });
    ui.end_row();
    field_errors(ui, e, "resources");
    ui.label("Freins");
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
        "Référent·e du ménage",
        referents,
        &mut f.referent,
    );
    field_errors(ui, e, "referent");
    let origin = text_row(ui, "Origine / prescripteur", &mut f.origin, e, "origin");
    enter |= entered(&origin);
    enter |= entered(&last_text_row(
        ui,
        "Numéro CAF",
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
