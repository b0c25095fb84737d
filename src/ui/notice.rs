//! « Paramètres → Notice d'information » (issue 14): the structure's name and the DPO's
//! contact printed on the leaflet handed to families, and « Imprimer la notice
//! d'information… ». The PDF names no family: no warning is needed.

use egui::RichText;

use super::error_text;
use super::file_chooser::{ChooserEvent, FileChooser, file_chooser_ui};
use super::shell::Message;
use super::theme::SUCCESS;
use crate::command::Command;
use crate::command::protection::ProtectionCommand;
use crate::ui::settings::text;

/// Label of the button (also what UI tests click).
pub const NOTICE_LABEL: &str = text::IMPRIMER_LA_NOTICE_D_INFORMATION;
/// Label of the structure field.
pub const STRUCTURE_LABEL: &str = text::NOM_DE_LA_STRUCTURE;
/// Label of the DPO contact field.
pub const DPO_LABEL: &str = text::CONTACT_DU_OU_DE_LA_DPO;

/// View state of the notice section (filled by the app).
#[derive(Clone, Debug, Default)]
pub struct NoticeView {
    /// The structure's name, as printed.
    pub structure: String,
    /// How families reach the DPO (address, e-mail, telephone).
    pub dpo_contact: String,
    /// The desktop's save dialog is open on its thread.
    pub dialog_open: bool,
    /// The in-app chooser, when the desktop has no dialog.
    pub chooser: Option<FileChooser>,
    /// Result of the last print.
    pub result: Option<Message>,
}

/// Draws the section's contents.
pub fn notice_ui(ui: &mut egui::Ui, view: &mut NoticeView, commands: &mut Vec<Command>) {
    ui.label(text::UNE_FEUILLE_EN_FRANCAIS_SIMPLE_A);
    egui::Grid::new("notice_fields")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label(STRUCTURE_LABEL);
            ui.add(egui::TextEdit::singleline(&mut view.structure).desired_width(380.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(DPO_LABEL);
            ui.add(
                egui::TextEdit::singleline(&mut view.dpo_contact)
                    .desired_width(380.0)
                    .hint_text(text::ADRESSE_COURRIEL_OU_TELEPHONE),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    let idle = !view.dialog_open && view.chooser.is_none();
    if ui
        .add_enabled(idle, egui::Button::new(NOTICE_LABEL))
        .clicked()
    {
        view.result = None;
        commands.push(Command::Protection(
            ProtectionCommand::ChooseNoticeDestination {
                structure: view.structure.trim().to_owned(),
                dpo_contact: view.dpo_contact.trim().to_owned(),
            },
        ));
    }
    if let Some(chooser) = &mut view.chooser {
        match file_chooser_ui(ui, chooser) {
            Some(ChooserEvent::Chosen(dest)) => {
                commands.push(Command::Protection(ProtectionCommand::WriteNotice { dest }));
            }
            Some(ChooserEvent::Cancelled) => {
                commands.push(Command::Protection(ProtectionCommand::CancelNoticeChooser));
            }
            None => {}
        }
    }
    if let Some(message) = &view.result {
        if message.is_success() {
            ui.label(RichText::new(&message.text).color(SUCCESS));
        } else {
            error_text(ui, &message.text);
        }
    }
}
