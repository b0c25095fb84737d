//! The « Adultes » tab: one card per adult (situation, trades, contact, tutor) with its
//! buttons, the adult form and the tutor form.

use chrono::NaiveDate;
use egui::RichText;
use uuid::Uuid;

use super::form::first;
use super::page::PersonAction;
use super::widgets::{add_button, age_row, card};
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::text::format_date_fr;
use crate::store::household::HouseholdPage;
use crate::ui::forms::{check_row, combo_row, date_row, entered, field_errors, text_row};
use crate::ui::theme::{ACCENT, ERROR};

pub(super) fn adults_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
    access: &mut Option<PersonAction>,
) {
    let h = &data.detail.household;
    if !editing && add_button(ui, "Ajouter un adulte", true) {
        *start = Some(Draft::Adult(AdultForm::new(
            h.id,
            Uuid::new_v4(),
            data.detail.adults.is_empty(),
        )));
    }
    if data.detail.adults.is_empty() {
        ui.label("Aucun adulte enregistré : commencez par la personne de référence.");
    }
    for a in &data.detail.adults {
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(a.display_name()).strong().size(17.0));
                if a.is_reference {
                    ui.label(RichText::new("personne de référence").color(ACCENT));
                }
                if let Some(b) = a.birth_date {
                    ui.label(format!(
                        "né·e le {} ({})",
                        format_date_fr(Some(b)),
                        age_fr(b, today)
                    ));
                }
                if !editing && ui.button("Modifier").clicked() {
                    *start = Some(Draft::Adult(AdultForm::from_record(a)));
                }
                if ui
                    .button(format!("Données de {}…", a.display_name()))
                    .clicked()
                {
                    *access = Some(PersonAction::Access(a.id, a.display_name()));
                }
                if ui
                    .button(RichText::new("Effacer cette personne…").color(ERROR))
                    .clicked()
                {
                    *access = Some(PersonAction::Erase(a.id, a.display_name()));
                }
            });
            let mut facts = vec![a.situation.label_fr().to_owned()];
            if a.france_travail_registered {
                facts.push("inscrit·e à France Travail".into());
            }
            if a.rsa {
                facts.push("RSA".into());
            }
            facts.push(a.education_level.label_fr().into());
            facts.push(
                match (a.driving_licence, a.vehicle) {
                    (true, true) => "permis et véhicule",
                    (true, false) => "permis, sans véhicule",
                    _ => "sans permis",
                }
                .into(),
            );
            facts.push(format!("mobilité {} km", a.mobility_radius_km));
            if let Some(d) = a.available_from {
                facts.push(format!("disponible le {}", format_date_fr(Some(d))));
            }
            ui.label(facts.join(" · "));
            if !a.trades.is_empty() {
                let domains: Vec<&str> = a
                    .rome_domains
                    .iter()
                    .map(|d| d.label_fr().split(" – ").nth(1).unwrap_or(d.label_fr()))
                    .collect();
                ui.label(format!(
                    "Métiers : {}{}",
                    join_list(&a.trades),
                    if domains.is_empty() {
                        String::new()
                    } else {
                        format!(" (domaines : {})", domains.join(" ; "))
                    }
                ));
            }
            let contact = [a.phone.as_str(), a.email.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            if !contact.is_empty() {
                ui.label(contact);
            }
            if !a.languages.is_empty() {
                ui.label(format!("Langues : {}", join_list(&a.languages)));
            }
            if !a.constraints.is_empty() {
                ui.label(format!("Contraintes : {}", a.constraints));
            }
            ui.horizontal_wrapped(|ui| match data.tutors.iter().find(|t| t.adult_id == a.id) {
                Some(t) => {
                    let mut line = format!("Tuteur·rice : {}", t.name);
                    if !t.organisation.is_empty() {
                        line.push_str(&format!(" ({})", t.organisation));
                    }
                    if !t.phone.is_empty() {
                        line.push_str(&format!(" · {}", t.phone));
                    }
                    if t.since.is_some() {
                        line.push_str(&format!(" · depuis le {}", format_date_fr(t.since)));
                    }
                    ui.label(line);
                    if !editing && ui.small_button("Modifier le tuteur").clicked() {
                        *start = Some(Draft::Tutor(TutorForm::from_record(t, h.id)));
                    }
                }
                None => {
                    ui.label(RichText::new("Pas de tuteur·rice en emploi.").weak());
                    if !editing && ui.small_button("Ajouter un tuteur").clicked() {
                        *start = Some(Draft::Tutor(TutorForm::new(h.id, a.id, Uuid::new_v4())));
                    }
                }
            });
        });
    }
}

pub(super) fn adult_form(
    ui: &mut egui::Ui,
    f: &mut AdultForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    today: NaiveDate,
    focus: bool,
) -> bool {
    let mut enter = false;
    enter |= entered(&first(
        focus,
        text_row(ui, "Prénom", &mut f.first_name, e, "first_name"),
    ));
    enter |= entered(&text_row(ui, "Nom", &mut f.last_name, e, "last_name"));
    let birth = date_row(ui, "Date de naissance", &mut f.birth_date, e, "birth_date");
    enter |= entered(&birth);
    age_row(ui, &f.birth_date, today);
    check_row(ui, "Personne de référence", &mut f.is_reference, "oui");
    enter |= entered(&text_row(ui, "Téléphone", &mut f.phone, e, "phone"));
    enter |= entered(&text_row(ui, "Courriel", &mut f.email, e, "email"));
    combo_row(
        ui,
        "Situation",
        &mut f.situation,
        AdultSituation::ALL,
        |v| v.label_fr(),
    );
    check_row(
        ui,
        "France Travail",
        &mut f.france_travail_registered,
        "inscrit·e",
    );
    check_row(ui, "RSA", &mut f.rsa, "bénéficiaire");
    combo_row(
        ui,
        "Niveau d'études",
        &mut f.education_level,
        EducationLevel::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&text_row(
        ui,
        "Qualifications, diplômes",
        &mut f.qualifications,
        e,
        "qualifications",
    ));
    enter |= entered(&text_row(
        ui,
        "Métiers recherchés",
        &mut f.trades,
        e,
        "trades",
    ));
    ui.label("Domaines ROME");
    // Named, not bare letters (« F », « N ») that only France Travail's staff know by heart.
    egui::Grid::new("adult_rome_domains")
        .num_columns(2)
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            for chunk in RomeDomain::ALL.chunks(2) {
                for d in chunk {
                    let mut on = f.rome_domains.contains(d);
                    if ui.checkbox(&mut on, d.label_fr()).changed() {
                        if on {
                            f.rome_domains.insert(*d);
                        } else {
                            f.rome_domains.remove(d);
                        }
                    }
                }
                ui.end_row();
            }
        });
    ui.end_row();
    check_row(ui, "Permis B", &mut f.driving_licence, "oui");
    check_row(ui, "Véhicule", &mut f.vehicle, "oui");
    enter |= entered(&text_row(
        ui,
        "Langues parlées",
        &mut f.languages,
        e,
        "languages",
    ));
    enter |= entered(&date_row(
        ui,
        "Disponible à partir du",
        &mut f.available_from,
        e,
        "available_from",
    ));
    enter |= entered(&text_row(
        ui,
        "Rayon de mobilité (km)",
        &mut f.mobility_radius_km,
        e,
        "mobility_radius_km",
    ));
    enter |= entered(&text_row(
        ui,
        "Contraintes",
        &mut f.constraints,
        e,
        "constraints",
    ));
    if let Some(t) = data.tutors.iter().find(|t| t.adult_id == f.id) {
        ui.label("Tuteur·rice");
        ui.label(format!("{} ({}) {}", t.name, t.organisation, t.phone));
        ui.end_row();
    }
    field_errors(ui, e, "household_id");
    enter
}

pub(super) fn tutor_form(
    ui: &mut egui::Ui,
    f: &mut TutorForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    focus: bool,
) -> bool {
    let mut enter = false;
    if let Some(a) = data.detail.adults.iter().find(|a| a.id == f.base.adult_id) {
        ui.label("Adulte accompagné·e");
        ui.label(RichText::new(a.display_name()).strong());
        ui.end_row();
    }
    enter |= entered(&first(
        focus,
        text_row(ui, "Nom du tuteur ou de la tutrice", &mut f.name, e, "name"),
    ));
    enter |= entered(&text_row(
        ui,
        "Organisation (employeur)",
        &mut f.organisation,
        e,
        "organisation",
    ));
    enter |= entered(&text_row(ui, "Téléphone", &mut f.phone, e, "phone"));
    enter |= entered(&date_row(ui, "Tuteur depuis le", &mut f.since, e, "since"));
    enter
}
