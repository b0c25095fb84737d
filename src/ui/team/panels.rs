//! What « Équipe » shows: joining or creating a team, a member's status, the coordination's waiting cards and members, the advice to change the key.

use super::*;

/// Not in a team yet: choose the shared folder, then create or join.
pub(super) fn setup_ui(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    ui.label(text::CETTE_BASE_NE_FAIT_PARTIE_D);
    ui.horizontal(|ui| {
        let label = ui.label(text::DOSSIER_PARTAGE_DE_L_EQUIPE);
        ui.add(egui::TextEdit::singleline(&mut view.folder).desired_width(380.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(
                !view.choosing && view.chooser.is_none(),
                egui::Button::new(text::CHOISIR_LE_DOSSIER),
            )
            .clicked()
        {
            push(commands, TeamAction::ChooseFolder);
        }
    });
    if let Some(chooser) = &mut view.chooser {
        match file_chooser_ui(ui, chooser) {
            Some(ChooserEvent::Chosen(path)) => {
                view.folder = path.display().to_string();
                view.chooser = None;
            }
            Some(ChooserEvent::Cancelled) => view.chooser = None,
            None => {}
        }
    }
    let folder = view.folder.trim().to_owned();
    let ready = !folder.is_empty() && !view.busy;
    ui.horizontal(|ui| {
        if primary_button(ui, text::CREER_L_EQUIPE, ready).clicked() {
            push(commands, TeamAction::Create(PathBuf::from(&folder)));
        }
        if ui
            .add_enabled(ready, egui::Button::new(text::REJOINDRE_UNE_EQUIPE))
            .clicked()
        {
            push(commands, TeamAction::Join(PathBuf::from(&folder)));
        }
    });
    ui.label(RichText::new(text::CREER_CE_POSTE_DEVIENT_LA_COORDINATION).small());
}

pub(super) fn member_ui(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    if view.problem {
        error_text(ui, &view.headline);
    } else if view.up_to_date {
        ui.label(RichText::new(&view.headline).strong().color(SUCCESS));
    } else {
        ui.label(RichText::new(&view.headline).strong());
    }
    if let Some(who) = view.rekey_advice.clone() {
        rekey_advice_ui(ui, &who, commands);
    }
    if !view.admitted
        && let Some(own) = view.own_fingerprint.clone()
    {
        ui.add_space(6.0);
        ui.label(text::LISEZ_CETTE_EMPREINTE_AU_TELEPHONE_A);
        fingerprint_big(ui, &own);
    }
    for line in &view.lines {
        ui.label(line);
    }
    if !view.auto_line.is_empty() {
        ui.label(RichText::new(&view.auto_line).small());
    }
    interval_ui(ui, view, commands);
    ui.horizontal(|ui| {
        if primary_button(ui, text::SYNCHRONISER_MAINTENANT, !view.busy).clicked() {
            commands.push(Command::TeamSync);
        }
        if view.is_coordinator
            && ui
                .add_enabled(!view.busy, egui::Button::new(text::RELIRE_LE_DOSSIER))
                .clicked()
        {
            push(commands, TeamAction::Refresh);
        }
    });
    if view.is_coordinator {
        coordinator_ui(ui, view);
    }
}

pub(super) fn coordinator_ui(ui: &mut egui::Ui, view: &mut TeamView) {
    ui.add_space(6.0);
    ui.label(RichText::new(text::EN_ATTENTE_D_ADMISSION).strong());
    if view.pending.is_empty() {
        ui.label(RichText::new(text::AUCUNE_CARTE_EN_ATTENTE_UN_E).italics());
    }
    let idle = !view.busy;
    let mut open = None;
    for card in &view.pending {
        ui.horizontal(|ui| {
            let structure = if card.structure.is_empty() {
                String::new()
            } else {
                format!(", {}", card.structure)
            };
            ui.label(text::card_structure_poste_device(
                &card.name,
                &structure,
                &card.device.to_string()[..8],
            ));
            if ui
                .add_enabled(idle, egui::Button::new(text::ADMETTRE))
                .clicked()
            {
                open = Some(card.clone());
            }
        });
    }
    if let Some(card) = open {
        view.admit = Some(AdmitDialog {
            card: Some(card),
            ..Default::default()
        });
    }
    let others: Vec<MemberLine> = view
        .members
        .iter()
        .filter(|m| !m.me && !m.revoked)
        .cloned()
        .collect();
    if !others.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new(text::MEMBRES).strong());
    }
    for m in others {
        ui.horizontal(|ui| {
            ui.label(text::valeur_poste_device(
                &m.name,
                &m.device.to_string()[..8],
            ));
            if ui
                .add_enabled(idle, egui::Button::new(text::RETIRER_DE_L_EQUIPE))
                .clicked()
            {
                view.revoke = Some(RevokeDialog {
                    member: m.clone(),
                    lost: true,
                });
            }
        });
    }
}

pub(super) fn rekey_advice_ui(ui: &mut egui::Ui, who: &str, commands: &mut Vec<Command>) {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.label(
                RichText::new(text::who_ne_fait_plus_partie_de_l_equipe(who))
                    .strong()
                    .color(ERROR),
            );
            ui.label(text::SI_SON_ORDINATEUR_EST_PERDU_OU);
            ui.horizontal(|ui| {
                if ui.button(text::ALLER_AU_CHANGEMENT_DE_CLE).clicked() {
                    push(commands, TeamAction::OpenRekey);
                }
                if ui.button(text::C_EST_NOTE).clicked() {
                    push(commands, TeamAction::DismissRekeyAdvice);
                }
            });
        });
}
