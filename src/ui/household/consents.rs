//! The « Consentements » tab: warnings, the table of consents (partner, scope, validity),
//! and the consent form.

use chrono::NaiveDate;
use egui::RichText;
use uuid::Uuid;

use super::widgets::{add_button, card, header_row, table_grid, wrapped_cell};
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::text::format_date_fr;
use crate::store::household::HouseholdPage;
use crate::ui::forms::{
    FIELD_WIDTH, combo_row, date_row, entered, field_errors, option_combo_row, text_row,
};
use crate::ui::household::text;
use crate::ui::theme::{ERROR, SUCCESS};

pub(super) fn consents_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let h = &data.detail.household;
    for w in consent_warnings(&data.detail.consents, today) {
        ui.label(RichText::new(text::attention_w(&w)).color(ERROR).strong());
    }
    if !editing && add_button(ui, text::NOUVEAU_CONSENTEMENT, true) {
        let c = Consent {
            id: Uuid::new_v4(),
            household_id: h.id,
            partner_id: None,
            role: Some(PartnerRole::Accompagnement),
            given_on: today,
            scope: String::new(),
            method: ConsentMethod::EcritSigne,
            expires_on: None,
            withdrawn_on: None,
        };
        *start = Some(Draft::Consent(ConsentForm::from_record(&c, false)));
    }
    if data.detail.consents.is_empty() {
        return;
    }
    card(ui, |ui| {
        table_grid("consents", 6).show(ui, |ui| {
            header_row(
                ui,
                &[
                    text::PARTENAIRE,
                    text::DONNE_LE,
                    text::PORTEE,
                    text::FORME_DU_RECUEIL,
                    text::VALIDITE,
                    "",
                ],
            );
            for c in &data.detail.consents {
                let named = c
                    .partner_id
                    .and_then(|id| data.partners.iter().find(|p| p.id == id));
                // Long names and scopes wrap inside their column: the table stays in its card.
                wrapped_cell(
                    ui,
                    &match (named, c.role) {
                        (Some(p), Some(r)) => format!("{} ; {}", partner_label(p), r.label_fr()),
                        (Some(p), None) => partner_label(p),
                        (None, Some(r)) => r.label_fr().to_owned(),
                        (None, None) => text::PARTENAIRE_RETIRE_DE_L_ANNUAIRE.to_owned(),
                    },
                    220.0,
                );
                ui.label(format_date_fr(Some(c.given_on)));
                wrapped_cell(ui, if c.scope.is_empty() { "—" } else { &c.scope }, 200.0);
                ui.label(c.method.label_fr());
                let (text, colour) = if c.is_valid_on(today) {
                    (
                        c.expires_on.map_or(text::EN_COURS.to_owned(), |e| {
                            text::jusqu_au_valeur(format_date_fr(Some(e)))
                        }),
                        SUCCESS,
                    )
                } else if let Some(w) = c.withdrawn_on {
                    (text::retire_le_valeur(format_date_fr(Some(w))), ERROR)
                } else {
                    (text::EXPIRE.to_owned(), ERROR)
                };
                ui.label(RichText::new(text).color(colour));
                if !editing && ui.button(text::MODIFIER).clicked() {
                    *start = Some(Draft::Consent(ConsentForm::from_record(c, true)));
                }
                ui.end_row();
            }
        });
    });
}

pub(super) fn consent_form(
    ui: &mut egui::Ui,
    f: &mut ConsentForm,
    e: &FieldErrors,
    partners: &[Partner],
) -> bool {
    let mut enter = false;
    option_combo_row(
        ui,
        text::PARTENAIRE_ROLE,
        &mut f.role,
        PartnerRole::ALL,
        |v| v.label_fr(),
    );
    field_errors(ui, e, "role");
    // A consent may name one organisation of the directory instead of (or as well as)
    // every partner of a role: only that organisation's packets are then covered.
    let l = ui.label(text::PARTENAIRE_DESIGNE);
    let chosen = f
        .base
        .partner_id
        .and_then(|id| partners.iter().find(|p| p.id == id))
        .map_or(text::AUCUN_TOUS_CEUX_DU_ROLE.to_owned(), partner_label);
    // Only the organisations of the chosen role: a consent « employeur » naming a landlord
    // would cover nobody.
    let of_role = |p: &&Partner| f.role.is_none_or(|role| p.role == role);
    if f.base
        .partner_id
        .and_then(|id| partners.iter().find(|p| p.id == id))
        .is_some_and(|p| !of_role(&p))
    {
        f.base.partner_id = None;
    }
    egui::ComboBox::from_id_salt("consent_partner")
        .selected_text(chosen)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.base.partner_id, None, text::AUCUN_TOUS_CEUX_DU_ROLE);
            for p in partners.iter().filter(of_role) {
                ui.selectable_value(&mut f.base.partner_id, Some(p.id), partner_label(p));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
    if partners.is_empty() {
        ui.label("");
        ui.label(RichText::new(text::AUCUN_PARTENAIRE_DANS_L_ANNUAIRE_ONGLET).weak());
        ui.end_row();
    }
    enter |= entered(&date_row(
        ui,
        text::DONNE_LE,
        &mut f.given_on,
        e,
        "given_on",
    ));
    enter |= entered(&text_row(ui, text::PORTEE, &mut f.scope, e, "scope"));
    // The medium (written and signed, oral…), not a person.
    combo_row(
        ui,
        text::FORME_DU_RECUEIL,
        &mut f.method,
        ConsentMethod::ALL,
        |v| v.label_fr(),
    );
    enter |= entered(&date_row(
        ui,
        text::EXPIRE_LE,
        &mut f.expires_on,
        e,
        "expires_on",
    ));
    // A consent is withdrawn after it was given: a new one has nothing to withdraw yet.
    if f.existing || !f.withdrawn_on.trim().is_empty() {
        enter |= entered(&date_row(
            ui,
            text::RETIRE_LE,
            &mut f.withdrawn_on,
            e,
            "withdrawn_on",
        ));
    }
    enter
}

/// A partner as the consent form shows it: organisation and role.
pub(super) fn partner_label(p: &Partner) -> String {
    format!("{} ({})", p.organisation, p.role.label_fr())
}
