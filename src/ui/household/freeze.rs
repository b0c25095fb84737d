//! The « Geler le dossier » dialog (restriction of processing, issue 14): the reason of the
//! freeze, required.

use super::{PageView, push};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::ui::dialog::DialogAnswer;
use crate::ui::household::text;

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
        title: text::GEL_DU_DOSSIER,
        width: 480.0,
        validate: text::GELER_LE_DOSSIER,
        cancel: text::ANNULER,
        error: form.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(text::UN_DOSSIER_GELE_NE_PEUT_PLUS);
        ui.add_space(6.0);
        let label = ui.label(text::MOTIF_DU_GEL_DEMANDE_DE_LIMITATION);
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
                form.error = Some(text::INDIQUEZ_LE_MOTIF_DU_GEL.to_owned());
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
