//! The « Pièces » tab: the documents still missing, the table of documents (state,
//! expiry, attached file), and the document form with its attachment and its copy out
//! of the base.

use chrono::NaiveDate;
use egui::RichText;
use uuid::Uuid;

use super::widgets::{add_button, card, header_row, table_grid};
use super::{FileUi, push};
use crate::command::Command;
use crate::command::household::HouseholdCommand;
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::text::format_date_fr;
use crate::store::household::HouseholdPage;
use crate::ui::forms::{FIELD_WIDTH, combo_row, date_row, entered, field_errors, multiline_row};
use crate::ui::household::text;
use crate::ui::theme::{ERROR, SUCCESS};

pub(super) fn documents_ui(
    ui: &mut egui::Ui,
    data: &HouseholdPage,
    today: NaiveDate,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let h = &data.detail.household;
    if !editing && add_button(ui, text::AJOUTER_UNE_PIECE, true) {
        let d = DocumentItem {
            id: Uuid::new_v4(),
            household_id: h.id,
            adult_id: None,
            kind: DocumentKind::Identite,
            status: DocumentStatus::AFournir,
            expires_on: None,
            attachment_id: None,
            notes: String::new(),
        };
        *start = Some(Draft::Document(DocumentForm::from_record(&d, false)));
    }
    let missing: Vec<&str> = DocumentKind::ALL
        .iter()
        .filter(|k| {
            **k != DocumentKind::Autre && !data.detail.documents.iter().any(|d| d.kind == **k)
        })
        .map(crate::domain::model::DocumentKind::label_fr)
        .collect();
    if !missing.is_empty() {
        ui.label(RichText::new(text::pas_encore_dans_la_liste_missing(missing.join(", "))).weak());
    }
    if data.detail.documents.is_empty() {
        return;
    }
    card(ui, |ui| {
        table_grid("documents", 5).show(ui, |ui| {
            header_row(
                ui,
                &[text::PIECE, text::ETAT, text::EXPIRATION, text::FICHIER, ""],
            );
            for d in &data.detail.documents {
                ui.label(d.kind.label_fr());
                let expired = d.expires_on.is_some_and(|e| e < today);
                let colour = match d.status {
                    DocumentStatus::Fourni if !expired => SUCCESS,
                    _ => ERROR,
                };
                ui.label(
                    RichText::new(if expired {
                        text::EXPIRE_2
                    } else {
                        d.status.label_fr()
                    })
                    .color(colour),
                );
                ui.label(d.expires_on.map_or("—".into(), |e| format_date_fr(Some(e))));
                let file = data
                    .attachments
                    .iter()
                    .rev()
                    .find(|a| Some(a.id) == d.attachment_id)
                    .map_or("—".to_owned(), |a| {
                        text::file_name_div_ceil_kio_chiffre(
                            &a.file_name,
                            a.size_bytes.div_ceil(1024),
                        )
                    });
                ui.label(file);
                if !editing && ui.button(text::MODIFIER).clicked() {
                    *start = Some(Draft::Document(DocumentForm::from_record(d, true)));
                }
                ui.end_row();
            }
        });
    });
}

pub(super) fn document_form(
    ui: &mut egui::Ui,
    f: &mut DocumentForm,
    e: &FieldErrors,
    data: &HouseholdPage,
    files: FileUi,
    commands: &mut Vec<Command>,
) -> bool {
    let mut enter = false;
    combo_row(ui, text::PIECE, &mut f.kind, DocumentKind::ALL, |v| {
        v.label_fr()
    });
    combo_row(ui, text::ETAT, &mut f.status, DocumentStatus::ALL, |v| {
        v.label_fr()
    });
    enter |= entered(&date_row(
        ui,
        text::EXPIRE_LE,
        &mut f.expires_on,
        e,
        "expires_on",
    ));
    multiline_row(ui, text::NOTES, &mut f.notes);
    let attached = data
        .attachments
        .iter()
        .rev()
        .find(|a| Some(a.id) == f.base.attachment_id);
    if let Some(a) = attached {
        ui.label(text::FICHIER_JOINT);
        ui.label(text::file_name_div_ceil_kio_chiffre_dans_la(
            &a.file_name,
            a.size_bytes.div_ceil(1024),
        ));
        ui.end_row();
    }
    let l = ui.label(text::JOINDRE_UN_FICHIER_CHEMIN_COMPLET_10);
    ui.horizontal(|ui| {
        enter |= entered(
            &ui.add(
                egui::TextEdit::singleline(&mut f.attach_path)
                    .desired_width(FIELD_WIDTH)
                    .hint_text(text::OU_TAPEZ_LE_CHEMIN_DU_FICHIER),
            )
            .labelled_by(l.id),
        );
        if files.native {
            let text = if files.busy {
                text::FENETRE_DE_CHOIX_OUVERTE
            } else {
                text::CHOISIR_UN_FICHIER
            };
            if ui
                .add_enabled(!files.busy, egui::Button::new(text))
                .clicked()
            {
                push(
                    commands,
                    HouseholdCommand::PickAttachment {
                        document_id: f.base.id,
                    },
                );
            }
        }
    });
    ui.end_row();
    field_errors(ui, e, "attach_path");
    if let Some(a) = attached {
        ui.label(text::COPIE_HORS_DE_LA_BASE);
        ui.vertical(|ui| {
            ui.label(RichText::new(text::ATTENTION_LA_COPIE_ENREGISTREE_SUR_LE).color(ERROR));
            if files.native {
                let text = if files.busy {
                    text::FENETRE_DE_CHOIX_OUVERTE
                } else {
                    text::ENREGISTRER_UNE_COPIE
                };
                if ui
                    .add_enabled(!files.busy, egui::Button::new(text))
                    .clicked()
                {
                    push(
                        commands,
                        HouseholdCommand::SaveAttachmentCopy {
                            attachment_id: a.id,
                            path: None,
                        },
                    );
                }
            } else {
                ui.horizontal(|ui| {
                    let l = ui.label(text::ENREGISTRER_UNE_COPIE_VERS_CHEMIN_COMPLET);
                    ui.add(
                        egui::TextEdit::singleline(&mut f.copy_path)
                            .desired_width(FIELD_WIDTH)
                            .hint_text(text::ex_home_vous_documents_file_name(&a.file_name)),
                    )
                    .labelled_by(l.id);
                });
                let path = f.copy_path.trim();
                if ui
                    .add_enabled(
                        !path.is_empty(),
                        egui::Button::new(text::ENREGISTRER_UNE_COPIE_2),
                    )
                    .clicked()
                {
                    push(
                        commands,
                        HouseholdCommand::SaveAttachmentCopy {
                            attachment_id: a.id,
                            path: Some(std::path::PathBuf::from(path)),
                        },
                    );
                }
            }
        });
        ui.end_row();
    }
    enter
}
