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
use crate::ui::household::text;
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
    if !editing && add_button(ui, text::AJOUTER_UN_ADULTE, true) {
        *start = Some(Draft::Adult(AdultForm::new(
            h.id,
            Uuid::new_v4(),
            data.detail.adults.is_empty(),
        )));
    }
    if data.detail.adults.is_empty() {
        ui.label(text::AUCUN_ADULTE_ENREGISTRE_COMMENCEZ_PAR_LA);
    }
    for a in &data.detail.adults {
        card(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(a.display_name()).strong().size(17.0));
                if a.is_reference {
                    ui.label(RichText::new(text::PERSONNE_DE_REFERENCE).color(ACCENT));
                }
                if let Some(b) = a.birth_date {
                    ui.label(text::ne_e_le_valeur_today(
                        format_date_fr(Some(b)),
                        age_fr(b, today),
                    ));
                }
                if !editing && ui.button(text::MODIFIER).clicked() {
                    *start = Some(Draft::Adult(AdultForm::from_record(a)));
                }
                if ui
                    .button(text::donnees_de_display_name(a.display_name()))
                    .clicked()
                {
                    *access = Some(PersonAction::Access(a.id, a.display_name()));
                }
                if ui
                    .button(RichText::new(text::EFFACER_CETTE_PERSONNE).color(ERROR))
                    .clicked()
                {
                    *access = Some(PersonAction::Erase(a.id, a.display_name()));
                }
            });
            let mut facts = vec![a.situation.label_fr().to_owned()];
            if a.france_travail_registered {
                facts.push(text::INSCRIT_E_A_FRANCE_TRAVAIL.into());
            }
            if a.rsa {
                facts.push("RSA".into());
            }
            facts.push(a.education_level.label_fr().into());
            facts.push(
                match (a.driving_licence, a.vehicle) {
                    (true, true) => text::PERMIS_ET_VEHICULE,
                    (true, false) => text::PERMIS_SANS_VEHICULE,
                    _ => text::SANS_PERMIS,
                }
                .into(),
            );
            facts.push(text::mobilite_mobility_radius_km_km(a.mobility_radius_km));
            if let Some(d) = a.available_from {
                facts.push(text::disponible_le_valeur(format_date_fr(Some(d))));
            }
            ui.label(facts.join(" · "));
            if !a.trades.is_empty() {
                let domains: Vec<&str> = a
                    .rome_domains
                    .iter()
                    .map(|d| d.label_fr().split(" – ").nth(1).unwrap_or(d.label_fr()))
                    .collect();
                ui.label(text::metiers_trades_domains(
                    join_list(&a.trades),
                    if domains.is_empty() {
                        String::new()
                    } else {
                        text::domaines_domains(domains.join(" ; "))
                    },
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
                ui.label(text::langues_languages(join_list(&a.languages)));
            }
            if !a.constraints.is_empty() {
                ui.label(text::contraintes_constraints(&a.constraints));
            }
            ui.horizontal_wrapped(|ui| match data.tutors.iter().find(|t| t.adult_id == a.id) {
                Some(t) => {
                    let mut line = text::tuteur_rice_valeur(&t.name);
                    if !t.organisation.is_empty() {
                        line.push_str(&format!(" ({})", t.organisation));
                    }
                    if !t.phone.is_empty() {
                        line.push_str(&format!(" · {}", t.phone));
                    }
                    if t.since.is_some() {
                        line.push_str(&text::depuis_le_since(format_date_fr(t.since)));
                    }
                    ui.label(line);
                    if !editing && ui.small_button(text::MODIFIER_LE_TUTEUR).clicked() {
                        *start = Some(Draft::Tutor(TutorForm::from_record(t, h.id)));
                    }
                }
                None => {
                    ui.label(RichText::new(text::PAS_DE_TUTEUR_RICE_EN_EMPLOI).weak());
                    if !editing && ui.small_button(text::AJOUTER_UN_TUTEUR).clicked() {
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
        text_row(ui, text::PRENOM, &mut f.first_name, e, "first_name"),
    ));
    enter |= entered(&text_row(ui, text::NOM, &mut f.last_name, e, "last_name"));
    let birth = date_row(
        ui,
        text::DATE_DE_NAISSANCE,
        &mut f.birth_date,
        e,
        "birth_date",
    );
    enter |= entered(&birth);
    age_row(ui, &f.birth_date, today);
    check_row(
        ui,
        text::PERSONNE_DE_REFERENCE_2,
        &mut f.is_reference,
        "oui",
    );
    enter |= entered(&text_row(ui, text::TELEPHONE, &mut f.phone, e, "phone"));
    enter |= entered(&text_row(ui, text::COURRIEL, &mut f.email, e, "email"));
    combo_row(
        ui,
        text::SITUATION,
        &mut f.situation,
        AdultSituation::ALL,
        |v| v.label_fr(),
    );
    check_row(
        ui,
        text::FRANCE_TRAVAIL,
        &mut f.france_travail_registered,
        text::INSCRIT_E,
    );
    check_row(ui, "RSA", &mut f.rsa, text::BENEFICIAIRE);
    combo_row(
        ui,
        text::NIVEAU_D_ETUDES,
        &mut f.education_level,
        EducationLevel::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&text_row(
        ui,
        text::QUALIFICATIONS_DIPLOMES,
        &mut f.qualifications,
        e,
        "qualifications",
    ));
    enter |= entered(&text_row(
        ui,
        text::METIERS_RECHERCHES,
        &mut f.trades,
        e,
        "trades",
    ));
    ui.label(text::DOMAINES_ROME);
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
    check_row(ui, text::PERMIS_B, &mut f.driving_licence, "oui");
    check_row(ui, text::VEHICULE, &mut f.vehicle, "oui");
    enter |= entered(&text_row(
        ui,
        text::LANGUES_PARLEES,
        &mut f.languages,
        e,
        "languages",
    ));
    enter |= entered(&date_row(
        ui,
        text::DISPONIBLE_A_PARTIR_DU,
        &mut f.available_from,
        e,
        "available_from",
    ));
    enter |= entered(&text_row(
        ui,
        text::RAYON_DE_MOBILITE_KM,
        &mut f.mobility_radius_km,
        e,
        "mobility_radius_km",
    ));
    enter |= entered(&text_row(
        ui,
        text::CONTRAINTES,
        &mut f.constraints,
        e,
        "constraints",
    ));
    if let Some(t) = data.tutors.iter().find(|t| t.adult_id == f.id) {
        ui.label(text::TUTEUR_RICE);
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
        ui.label(text::ADULTE_ACCOMPAGNE_E);
        ui.label(RichText::new(a.display_name()).strong());
        ui.end_row();
    }
    enter |= entered(&first(
        focus,
        text_row(ui, text::NOM_DU_TUTEUR_OU_DE_LA, &mut f.name, e, "name"),
    ));
    enter |= entered(&text_row(
        ui,
        text::ORGANISATION_EMPLOYEUR,
        &mut f.organisation,
        e,
        "organisation",
    ));
    enter |= entered(&text_row(ui, text::TELEPHONE, &mut f.phone, e, "phone"));
    enter |= entered(&date_row(
        ui,
        text::TUTEUR_DEPUIS_LE,
        &mut f.since,
        e,
        "since",
    ));
    enter
}
