//! The board's windows: a case's detail, « Déplacer », « Nouveau dossier » and the
//! programme's settings.

use super::*;
use crate::ui::board::text;

pub(super) fn detail_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let Some(detail) = &view.detail else {
        return;
    };
    let case_id = detail.case_id;
    let Some(card) = view.card(case_id) else {
        ui.label(text::CE_DOSSIER_N_EST_PLUS_SUR);
        if ui.button(text::FERMER_CE_PANNEAU).clicked() {
            view.detail = None;
        }
        return;
    };
    let mut close = false;
    let mut ask_move = false;
    egui::ScrollArea::vertical()
        .id_salt("board_detail_scroll")
        .show(ui, |ui| {
            ui.label(RichText::new(&card.household_label).heading());
            if ui.button(text::OUVRIR_LA_FICHE_DU_MENAGE).clicked() {
                commands.push(Command::Household(HouseholdCommand::Open(
                    card.household_id,
                )));
            }
            if detail.created {
                ui.label(RichText::new(text::DOSSIER_CREE_A_LA_PREMIERE_ETAPE).color(SUCCESS));
            }
            let pos = view.index.get(&case_id).copied().unwrap_or(0);
            let flags = view.flags.get(pos).copied().unwrap_or_default();
            if let Some(text) = view.texts.get(pos) {
                ui.label(&text.household);
                ui.label(&text.follow_up);
            }
            ui.label(text::etape_actuelle_stage_id_depuis_today_j(
                view.stage_label(card.stage_id),
                card.days_in_stage(view.today),
            ));
            if !flags.is_empty() {
                ui.label(RichText::new(text::a_surveiller_describe(flags.describe())).color(ERROR));
            }
            ui.horizontal(|ui| {
                if primary_button(ui, text::PASSER_A_L_ETAPE, true).clicked() {
                    ask_move = true;
                }
                // It only hides this side panel: « Fermer le dossier » read as closing the
                // case itself (an exit), which it never was.
                if ui.button(text::FERMER_CE_PANNEAU).clicked() {
                    close = true;
                }
            });
            ui.add_space(6.0);
            ui.label(RichText::new(text::HISTORIQUE_DU_PARCOURS).strong());
            ui.spacing_mut().item_spacing.y = 4.0;
            for line in &detail.history {
                ui.add(egui::Label::new(RichText::new(line).small()).wrap());
            }
        });
    if ask_move {
        open_move_dialog(view, case_id, None);
    }
    if close {
        view.detail = None;
    }
    let _ = commands;
}

pub(super) fn labelled_text(ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool) {
    let l = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(2)
    } else {
        egui::TextEdit::singleline(value)
    };
    ui.add(edit.desired_width(f32::INFINITY)).labelled_by(l.id);
}

pub(super) fn move_dialog_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let stages: Vec<Stage> = view.programme.active_stages().cloned().collect();
    let Some(dialog) = &mut view.move_dialog else {
        return;
    };
    let mut early = false;
    let error = dialog.error.clone();
    let answer = Dialog {
        id: "board_move_dialog",
        title: text::PASSER_A_L_ETAPE,
        width: 460.0,
        validate: text::DEPLACER,
        cancel: text::ANNULER,
        error: error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(text::dossier_label(&dialog.label));
        ui.add_space(4.0);
        ui.spacing_mut().item_spacing.y = 4.0;
        for stage in &stages {
            let current = dialog.current == Some(stage.id);
            let text = if current {
                text::label_etape_actuelle(&stage.label)
            } else {
                stage.label.clone()
            };
            ui.add_enabled_ui(!current, |ui| {
                ui.radio_value(&mut dialog.target, Some(stage.id), text);
            });
        }
        ui.spacing_mut().item_spacing.y = 8.0;
        early = dialog
            .target
            .and_then(|t| stages.iter().find(|s| s.id == t))
            .is_some_and(|s| s.is_early_exit);
        ui.add_space(4.0);
        if early {
            let l = ui.label(text::MOTIF_DE_LA_SORTIE_ANTICIPEE_OBLIGATOIRE);
            egui::ComboBox::from_id_salt("board_exit_reason")
                .width(300.0)
                .selected_text(
                    dialog
                        .reason
                        .map_or(text::CHOISIR_UN_MOTIF, |r| r.label_fr()),
                )
                .show_ui(ui, |ui| {
                    for reason in EarlyExitReason::ALL {
                        ui.selectable_value(&mut dialog.reason, Some(*reason), reason.label_fr());
                    }
                })
                .response
                .labelled_by(l.id);
            labelled_text(ui, text::PRECISIONS_OBLIGATOIRE, &mut dialog.details, true);
        }
        labelled_text(ui, text::COMMENTAIRE_FACULTATIF, &mut dialog.comment, false);
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.move_dialog = None,
        DialogAnswer::Validate => match dialog.target {
            None => dialog.error = Some(text::CHOISISSEZ_L_ETAPE_D_ARRIVEE.into()),
            Some(to_stage) => {
                commands.push(Command::Board(BoardCommand::Move(MoveRequest {
                    case_id: dialog.case_id,
                    to_stage,
                    comment: dialog.comment.clone(),
                    exit_reason: if early { dialog.reason } else { None },
                    exit_details: if early {
                        dialog.details.clone()
                    } else {
                        String::new()
                    },
                })));
            }
        },
    }
}

pub(super) fn new_case_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let programmes: Vec<(Uuid, String)> = view
        .programmes
        .iter()
        .map(|p| (p.id, p.name.clone()))
        .collect();
    let workers = view.workers.clone();
    let Some(form) = &mut view.new_case else {
        return;
    };
    let error = form.error.clone();
    let answer = Dialog {
        id: "board_new_case",
        title: text::NOUVEAU_DOSSIER,
        width: 440.0,
        validate: text::CREER_LE_DOSSIER,
        cancel: text::ANNULER,
        error: error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(RichText::new(text::LE_MENAGE_ENTRE_A_LA_PREMIERE).color(TEXT_MUTED));
        let l = ui.label(text::NOM_DU_MENAGE);
        let name = ui
            .add(egui::TextEdit::singleline(&mut form.label).desired_width(f32::INFINITY))
            .labelled_by(l.id);
        if form.focus_name {
            // The dialog opens ready to type, as the README promises.
            name.request_focus();
            form.focus_name = false;
        }
        labelled_text(ui, text::COMMUNE_ACTUELLE, &mut form.commune, false);
        let l = ui.label(text::SITUATION_DE_LOGEMENT);
        egui::ComboBox::from_id_salt("board_new_situation")
            .width(300.0)
            .selected_text(form.situation.label_fr())
            .show_ui(ui, |ui| {
                for s in HousingSituation::ALL {
                    ui.selectable_value(&mut form.situation, *s, s.label_fr());
                }
            })
            .response
            .labelled_by(l.id);
        if programmes.len() > 1 {
            let l = ui.label(text::DISPOSITIF);
            let name = programmes
                .iter()
                .find(|(id, _)| *id == form.programme_id)
                .map_or("", |(_, n)| n.as_str())
                .to_owned();
            egui::ComboBox::from_id_salt("board_new_programme")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    for (id, name) in &programmes {
                        ui.selectable_value(&mut form.programme_id, *id, name);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        labelled_text(ui, text::ORIENTE_PAR_PRESCRIPTEUR, &mut form.origin, false);
        crate::ui::forms::referent_picker(
            ui,
            "board_new_referent",
            text::REFERENT_E_DU_DOSSIER,
            &workers,
            &mut form.referent,
        );
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.new_case = None,
        DialogAnswer::Validate => {
            if form.label.trim().is_empty() {
                form.error = Some(text::INDIQUEZ_LE_NOM_DU_MENAGE_PAR.into());
            } else {
                commands.push(Command::Board(BoardCommand::CreateCase(NewCase {
                    household_label: form.label.clone(),
                    commune: form.commune.clone(),
                    housing_situation: form.situation,
                    programme_id: form.programme_id,
                    origin: form.origin.clone(),
                    referent: form.referent.clone(),
                })));
            }
        }
    }
}

pub(super) fn settings_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let Some(settings) = &mut view.settings else {
        return;
    };
    let error = settings.error.clone();
    let answer = Dialog {
        id: "board_programme_settings",
        title: text::PARAMETRES_DU_DISPOSITIF,
        width: 700.0,
        validate: text::ENREGISTRER,
        cancel: text::ANNULER,
        error: error.as_deref(),
    }
    .show(ui, |ui| {
        labelled_text(ui, text::NOM_DU_DISPOSITIF, &mut settings.draft.name, false);
        ui.label(RichText::new(text::ETAPES_DU_PARCOURS).strong());
        let mut action: Option<(usize, &str)> = None;
        let count = settings.draft.stages.len();
        egui::Grid::new("board_stage_grid")
            .num_columns(5)
            .spacing(vec2(6.0, 4.0))
            .show(ui, |ui| {
                for (i, stage) in settings.draft.stages.iter_mut().enumerate() {
                    ui.add(egui::TextEdit::singleline(&mut stage.label).desired_width(250.0));
                    if ui
                        .add_enabled(i > 0, egui::Button::new(text::MONTER))
                        .clicked()
                    {
                        action = Some((i, "up"));
                    }
                    if ui
                        .add_enabled(i + 1 < count, egui::Button::new(text::DESCENDRE))
                        .clicked()
                    {
                        action = Some((i, "down"));
                    }
                    let archive = if stage.archived {
                        text::REACTIVER
                    } else {
                        text::ARCHIVER
                    };
                    if ui.button(archive).clicked() {
                        stage.archived = !stage.archived;
                    }
                    if ui.button(text::SUPPRIMER).clicked() {
                        action = Some((i, "delete"));
                    }
                    ui.end_row();
                }
            });
        match action {
            Some((i, "up")) => settings.draft.stages.swap(i, i - 1),
            Some((i, "down")) => settings.draft.stages.swap(i, i + 1),
            Some((i, _)) => {
                settings.draft.stages.remove(i);
            }
            None => {}
        }
        ui.horizontal(|ui| {
            let l = ui.label(text::NOUVELLE_ETAPE);
            ui.add(egui::TextEdit::singleline(&mut settings.new_stage).desired_width(220.0))
                .labelled_by(l.id);
            if ui.button(text::AJOUTER_L_ETAPE).clicked() && !settings.new_stage.trim().is_empty() {
                let at = insert_position(&settings.draft);
                settings.draft.stages.insert(
                    at,
                    Stage {
                        id: Uuid::new_v4(),
                        label: settings.new_stage.trim().to_owned(),
                        archived: false,
                        is_exit: false,
                        is_early_exit: false,
                    },
                );
                settings.new_stage.clear();
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label(text::OBJECTIF_ANNUEL_MENAGES_ENTRES);
            ui.add(egui::DragValue::new(&mut settings.draft.yearly_target).range(0..=10_000))
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label(text::ALERTE_SANS_CONTACT_APRES_JOURS);
            ui.add(egui::DragValue::new(&mut settings.draft.stale_after_days).range(1..=365))
                .labelled_by(l.id);
        });
        ui.label(RichText::new(text::LE_NOM_INSCRIT_DANS_L_HISTORIQUE).small());
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.settings = None,
        DialogAnswer::Validate => {
            commands.push(Command::Board(BoardCommand::SaveProgramme {
                programme: settings.draft.clone(),
            }));
        }
    }
}
