//! The « Fiche de liaison (PDF) » panel: the recipient (a partner of the directory or a
//! role), the « non chiffré » warning, and where to write the PDF.

use egui::RichText;
use uuid::Uuid;

use super::consents::partner_label;
use super::push;
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::domain::model::{Partner, PartnerRole};
use crate::ui::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use crate::ui::forms::{FIELD_WIDTH, combo_row};
use crate::ui::household::text;
use crate::ui::theme::{ACCENT, ERROR};

/// The « Fiche de liaison (PDF) » panel: for whom, and where to write it.
pub struct FicheForm {
    /// The recipient's role: decides what the fiche shows (the packet allowlists).
    pub role: PartnerRole,
    /// A partner of the directory, if the fiche is for one.
    pub partner: Option<Uuid>,
    /// Where to write the PDF (the in-app chooser, in « save » mode).
    pub chooser: FileChooser,
}

/// The « Fiche de liaison (PDF) » panel; `true` when it closes.
pub(super) fn fiche_ui(
    ui: &mut egui::Ui,
    form: &mut FicheForm,
    partners: &[Partner],
    commands: &mut Vec<Command>,
) -> bool {
    ui.label(
        RichText::new(text::FICHE_DE_LIAISON_PDF_POUR_UN)
            .strong()
            .size(17.0)
            .color(ACCENT),
    );
    ui.label(text::LA_FICHE_NE_MONTRE_QUE_CE);
    egui::Grid::new("fiche_form")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let l = ui.label(text::PARTENAIRE);
            let chosen = form
                .partner
                .and_then(|id| partners.iter().find(|p| p.id == id))
                .map_or(text::AUCUN_CHOISIR_LE_ROLE.to_owned(), partner_label);
            egui::ComboBox::from_id_salt("fiche_partner")
                .selected_text(chosen)
                .width(FIELD_WIDTH)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.partner, None, text::AUCUN_CHOISIR_LE_ROLE);
                    for p in partners {
                        if ui
                            .selectable_value(&mut form.partner, Some(p.id), partner_label(p))
                            .clicked()
                        {
                            form.role = p.role;
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            // A partner of the directory gets its pinned role, never another one.
            match form
                .partner
                .and_then(|id| partners.iter().find(|p| p.id == id))
            {
                Some(p) => {
                    ui.label(text::ROLE_DU_DESTINATAIRE);
                    ui.label(text::role_celui_de_la_carte_epinglee(p.role.label_fr()));
                    ui.end_row();
                }
                None => combo_row(
                    ui,
                    text::ROLE_DU_DESTINATAIRE,
                    &mut form.role,
                    PartnerRole::ALL,
                    |r| r.label_fr(),
                ),
            }
        });
    ui.label(RichText::new(text::ATTENTION_CE_PDF_N_EST_PAS).color(ERROR));
    match file_chooser_ui(ui, &mut form.chooser) {
        Some(ChooserEvent::Chosen(path)) => {
            push(
                commands,
                HouseholdCommand::SaveFiche {
                    role: form.role,
                    partner: form.partner,
                    path,
                },
            );
            true
        }
        Some(ChooserEvent::Cancelled) => true,
        None => false,
    }
}
