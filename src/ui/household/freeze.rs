//! The « Geler le dossier » dialog (restriction of processing, issue 14): the reason of the
//! freeze, required.

use super::{PageView, push};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::ui::dialog::DialogAnswer;

/// The « Geler le dossier » dialog: the reason typed, and why the last try was refused.
#[derive(Debug, Default)]
pub struct FreezeForm {
    /// Reason of the freeze (required).
    pub reason: String,
    /// The store's refusal, if any.
    pub error: Option<String>,
    /// The reason field takes the keyboard focus on the next frame (just opened).
    pub focus: bool,
}

/// The « Geler le dossier » dialog (restriction of processing, issue 14).
pub(super) fn freeze_dialog(ui: &mut egui::Ui, page: &mut PageView, commands: &mut Vec<Command>) {
    let household = page.data.detail.household.id;
    let Some(form) = &mut page.freeze_form else {
        return;
    };
    let answer = crate::ui::dialog::Dialog {
        id: "freeze_dialog",
        title: "Gel du dossier",
        width: 480.0,
        validate: "Geler le dossier",
        cancel: "Annuler",
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(
            "Un dossier gelé ne peut plus être modifié, envoyé à un partenaire, exporté ni \
             proposé à un rapprochement, jusqu'à ce qu'il soit dégelé. Le gel et le dégel \
             sont inscrits au journal d'accès.",
        );
        ui.add_space(6.0);
        let label = ui.label("Motif du gel (demande de limitation, contestation en cours…)");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut form.reason)
                    .desired_width(f32::INFINITY)
                    .id_salt("freeze_reason"),
            )
            .labelled_by(label.id);
        if form.focus {
            field.request_focus();
            form.focus = false;
        }
    });
    match answer {
        DialogAnswer::Validate => {
            if form.reason.trim().is_empty() {
                form.error = Some("Indiquez le motif du gel.".to_owned());
            } else {
                push(
                    commands,
                    HouseholdCommand::Freeze {
                        household,
                        reason: form.reason.trim().to_owned(),
                    },
                );
            }
        }
        DialogAnswer::Cancel => page.freeze_form = None,
        DialogAnswer::Open => {}
    }
}
