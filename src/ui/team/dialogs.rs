//! The coordination's dialogs: admitting a colleague (fingerprint read aloud), revoking one.

use super::*;

pub(super) fn admit_dialog(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    let Some(dialog) = &mut view.admit else {
        return;
    };
    let Some(card) = dialog.card.clone() else {
        view.admit = None;
        return;
    };
    let title = text::admettre_card(&card.name);
    let answer = Dialog {
        id: "team_admit",
        title: &title,
        width: 560.0,
        validate: text::ADMETTRE_2,
        cancel: text::ANNULER,
        error: dialog.error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(text::card_demande_a_rejoindre_l_equipe_depuis(
            &card.name,
            &card.device.to_string()[..8],
        ));
        ui.label(text::APPELEZ_CETTE_PERSONNE_A_UN_NUMERO);
        let label = ui.label(text::EMPREINTE_LUE_AU_TELEPHONE);
        let field = ui
            .add(egui::TextEdit::singleline(&mut dialog.typed).desired_width(420.0))
            .labelled_by(label.id);
        if dialog.typed.is_empty() && !field.has_focus() && dialog.error.is_none() {
            field.request_focus();
        }
        ui.label(RichText::new(SPELLING).small());
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.admit = None,
        DialogAnswer::Validate => {
            if same_fingerprint(&dialog.typed, &card.fingerprint) {
                push(
                    commands,
                    TeamAction::Admit {
                        device: card.device,
                        fingerprint: dialog.typed.clone(),
                    },
                );
                view.admit = None;
            } else {
                dialog.error = Some(text::L_EMPREINTE_LUE_NE_CORRESPOND_PAS.to_owned());
            }
        }
    }
}

pub(super) fn revoke_dialog(ui: &mut egui::Ui, view: &mut TeamView, commands: &mut Vec<Command>) {
    let Some(dialog) = &mut view.revoke else {
        return;
    };
    let title = text::retirer_member_de_l_equipe(&dialog.member.name);
    let answer = Dialog {
        id: "team_revoke",
        title: &title,
        width: 560.0,
        validate: text::RETIRER_DE_L_EQUIPE_2,
        cancel: text::ANNULER,
        error: None,
    }
    .show(ui, |ui| {
        ui.label(text::POURQUOI);
        ui.radio_value(&mut dialog.lost, true, text::ORDINATEUR_PERDU_OU_VOLE);
        ui.radio_value(&mut dialog.lost, false, text::DEPART_DE_L_EQUIPE);
        ui.label(text::SES_PAQUETS_DEJA_RECUS_RESTENT_CEUX);
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.revoke = None,
        DialogAnswer::Validate => {
            push(
                commands,
                TeamAction::Revoke {
                    device: dialog.member.device,
                    lost: dialog.lost,
                },
            );
            view.revoke = None;
        }
    }
}
