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
        RichText::new("Fiche de liaison (PDF) pour un partenaire sans Passerelle")
            .strong()
            .size(17.0)
            .color(ACCENT),
    );
    ui.label(
        "La fiche ne montre que ce que le rôle du destinataire peut recevoir, comme un \
         paquet : un employeur n'y voit pas les ressources du ménage, un bailleur pas ses \
         freins de santé.",
    );
    egui::Grid::new("fiche_form")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let l = ui.label("Partenaire");
            let chosen = form
                .partner
                .and_then(|id| partners.iter().find(|p| p.id == id))
                .map_or("— aucun (choisir le rôle)".to_owned(), partner_label);
            egui::ComboBox::from_id_salt("fiche_partner")
                .selected_text(chosen)
                .width(FIELD_WIDTH)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut form.partner, None, "— aucun (choisir le rôle)");
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
                    ui.label("Rôle du destinataire");
                    ui.label(format!(
                        "{} (celui de la carte épinglée)",
                        p.role.label_fr()
                    ));
                    ui.end_row();
                }
                None => combo_row(
                    ui,
                    "Rôle du destinataire",
                    &mut form.role,
                    PartnerRole::ALL,
                    |r| r.label_fr(),
                ),
            }
        });
    ui.label(
        RichText::new(
            "Attention : ce PDF n'est PAS chiffré. Enregistrez-le sur un support sûr, \
             transmettez-le par un moyen sûr et supprimez-le quand il n'est plus utile.",
        )
        .color(ERROR),
    );
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
