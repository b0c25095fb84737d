//! « Identité et partenaires »: the structure's identity, its contact card, and the
//! directory of partners (link, revoke, remove).

use super::*;
use crate::ui::exchange::text;

pub(super) fn identity_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    ui.label(RichText::new(text::VOTRE_IDENTITE).strong().size(18.0));
    let mut ask = None;
    card_frame(ui, |ui| match &view.data.identity {
        None => {
            ui.label(text::POUR_ECHANGER_DES_DOSSIERS_CREEZ_D);
            ui.horizontal(|ui| {
                let l = ui.label(text::NOM_DE_VOTRE_STRUCTURE);
                let field = ui
                    .add(egui::TextEdit::singleline(&mut view.organisation).desired_width(320.0))
                    .labelled_by(l.id);
                // Entrée in the field validates, as the button does.
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let ok = !view.organisation.trim().is_empty();
                let b = primary_button(ui, text::CREER_L_IDENTITE, ok);
                if ok && entered {
                    commands.push(ex(ExchangeCommand::CreateIdentity));
                } else {
                    on_click(&b, commands, ex(ExchangeCommand::CreateIdentity));
                }
            });
        }
        Some(id) => {
            ui.label(RichText::new(&id.organisation).strong());
            ui.label(text::EMPREINTE_A_LIRE_A_VOS_PARTENAIRES);
            ui.label(RichText::new(&id.fingerprint).monospace().color(ACCENT));
            ui.horizontal(|ui| {
                choose_button(
                    ui,
                    view,
                    text::EXPORTER_MA_CARTE_DE_CONTACT,
                    FilePurpose::SaveCard,
                    commands,
                );
            });
            ui.horizontal(|ui| {
                if ui.button(text::EXPORTER_MA_CLE_SECRETE_AGE).clicked() {
                    ask = Some(Confirm::ExportKey);
                }
                if ui.button(text::RENOUVELER_MES_CLES).clicked() {
                    ask = Some(Confirm::Rotate);
                }
            });
        }
    });
    if ask.is_some() {
        view.confirm = ask;
    }
    match view.confirm {
        Some(Confirm::ExportKey) => {
            card_frame(ui, |ui| {
                ui.label(
                    RichText::new(text::EXPORTER_VOTRE_CLE_SECRETE)
                        .strong()
                        .color(ERROR),
                );
                error_text(ui, text::CE_FICHIER_OUVRE_TOUS_LES_PAQUETS);
                ui.horizontal(|ui| {
                    choose_button(
                        ui,
                        view,
                        text::J_AI_COMPRIS_ENREGISTRER_LA_CLE,
                        FilePurpose::SaveKey,
                        commands,
                    );
                    if ui.button(text::ANNULER).clicked() {
                        view.confirm = None;
                    }
                });
            });
        }
        Some(Confirm::Rotate) => {
            card_frame(ui, |ui| {
                ui.label(
                    RichText::new(text::RENOUVELER_VOS_CLES)
                        .strong()
                        .color(ERROR),
                );
                ui.label(text::DE_NOUVELLES_CLES_REMPLACENT_LES_VOTRES);
                ui.horizontal(|ui| {
                    let go = primary_button(ui, text::RENOUVELER_MAINTENANT, true);
                    on_click(&go, commands, ex(ExchangeCommand::RotateIdentity));
                    if ui.button(text::ANNULER).clicked() {
                        view.confirm = None;
                    }
                });
            });
        }
        _ => {}
    }
    ui.add_space(10.0);
    ui.label(RichText::new(text::PARTENAIRES).strong().size(18.0));
    if let Some(candidate) = &mut view.card {
        card_frame(ui, |ui| {
            ui.label(
                RichText::new(text::carte_de_organisation(&candidate.card.organisation))
                    .strong()
                    .color(ACCENT),
            );
            ui.label(text::APPELEZ_CE_PARTENAIRE_ET_FAITES_LUI);
            ui.label(
                RichText::new(&candidate.card.fingerprint)
                    .monospace()
                    .size(18.0),
            );
            if let Some(org) = &candidate.already {
                ui.label(text::deja_epinglee_sous_le_nom_org_son_role(org));
            }
            if let Some((_, old)) = &candidate.renews {
                ui.checkbox(
                    &mut candidate.replace,
                    text::c_est_la_nouvelle_carte_de_ce_partenaire(short_fingerprint(old)),
                );
            }
            ui.horizontal(|ui| {
                egui::ComboBox::from_label(text::ROLE_DU_PARTENAIRE)
                    .selected_text(candidate.role.label_fr())
                    .show_ui(ui, |ui| {
                        for r in PartnerRole::ALL {
                            ui.selectable_value(&mut candidate.role, *r, r.label_fr());
                        }
                    });
            });
            ui.horizontal(|ui| {
                let l = ui.label(text::PERSONNE_A_CONTACTER);
                ui.add(egui::TextEdit::singleline(&mut candidate.contact).desired_width(320.0))
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let pin = primary_button(ui, text::L_EMPREINTE_EST_LA_BONNE_EPINGLER, true);
                on_click(&pin, commands, ex(ExchangeCommand::PinPartner));
                let cancel = ui.button(text::NE_PAS_EPINGLER);
                on_click(&cancel, commands, ex(ExchangeCommand::CancelCard));
            });
        });
    } else if view.data.identity.is_some() {
        choose_button(
            ui,
            view,
            text::IMPORTER_LA_CARTE_D_UN_PARTENAIRE,
            FilePurpose::OpenCard,
            commands,
        );
    }
    if view.data.partners.is_empty() {
        ui.label(RichText::new(text::AUCUN_PARTENAIRE_EPINGLE_DEMANDEZ_SA_CARTE).italics());
    } else {
        egui::Grid::new("partners")
            .striped(true)
            .num_columns(5)
            .spacing([18.0, 6.0])
            .show(ui, |ui| {
                for h in [
                    text::STRUCTURE,
                    text::ROLE,
                    text::CONTACT,
                    text::EMPREINTE,
                    text::ETAT,
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for p in &view.data.partners {
                    let chosen = view.managed == Some(p.id);
                    if ui.selectable_label(chosen, &p.organisation).clicked() {
                        view.managed = if chosen { None } else { Some(p.id) };
                        view.link_choice = view
                            .data
                            .employers
                            .iter()
                            .chain(&view.data.landlords)
                            .find(|(_, n)| Some(n) == p.linked.as_ref())
                            .map(|(id, _)| *id);
                        view.confirm = None;
                    }
                    ui.label(p.role.label_fr());
                    ui.label(if p.contact.is_empty() {
                        "—"
                    } else {
                        &p.contact
                    });
                    ui.label(RichText::new(short_fingerprint(&p.fingerprint)).monospace());
                    match &p.revoked {
                        Some(d) => ui.label(RichText::new(text::revoque_le_d(d)).color(ERROR)),
                        None => ui.label(text::ACTIF),
                    };
                    ui.end_row();
                }
            });
        ui.label(RichText::new(text::CLIQUEZ_SUR_UNE_STRUCTURE_POUR_LA).small());
        manage_partner_ui(ui, view, commands);
    }
}

/// The actions on the partner clicked in the directory.
pub(super) fn manage_partner_ui(
    ui: &mut egui::Ui,
    view: &mut ExchangeView,
    commands: &mut Vec<Command>,
) {
    let ex = |c| Command::Exchange(c);
    let Some(p) = view
        .managed
        .and_then(|id| view.data.partners.iter().find(|p| p.id == id))
        .cloned()
    else {
        return;
    };
    card_frame(ui, |ui| {
        ui.label(
            RichText::new(format!("{} ({})", p.organisation, p.role.label_fr()))
                .strong()
                .color(ACCENT),
        );
        ui.label(text::empreinte_fingerprint(&p.fingerprint));
        for old in &p.replaced {
            ui.label(RichText::new(text::ancienne_cle_remplacee_old(old)).small());
        }
        if let Some(d) = &p.revoked {
            ui.label(RichText::new(text::revoque_le_d_rien_ne_lui_est_envoye(d)).color(ERROR));
        }
        let records = match p.role {
            PartnerRole::Employeur => Some((text::FICHE_EMPLOYEUR_LIEE, &view.data.employers)),
            PartnerRole::Bailleur => Some((text::FICHE_BAILLEUR_LIEE, &view.data.landlords)),
            _ => None,
        };
        if let Some((label, list)) = records {
            ui.label(text::UNE_FOIS_LIE_A_SA_FICHE);
            ui.horizontal(|ui| {
                let name = |id: Option<Uuid>| {
                    id.and_then(|id| list.iter().find(|(i, _)| *i == id))
                        .map_or(text::AUCUNE, |(_, n)| n.as_str())
                        .to_owned()
                };
                let l = ui.label(label);
                egui::ComboBox::from_id_salt("partner_link")
                    .selected_text(name(view.link_choice))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut view.link_choice, None, text::AUCUNE);
                        for (id, n) in list {
                            ui.selectable_value(&mut view.link_choice, Some(*id), n);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                let save = ui.button(text::ENREGISTRER_LA_LIAISON);
                on_click(
                    &save,
                    commands,
                    ex(ExchangeCommand::LinkPartner(p.id, view.link_choice)),
                );
            });
        }
        ui.horizontal(|ui| {
            if p.revoked.is_none() && ui.button(text::REVOQUER_CE_PARTENAIRE).clicked() {
                view.confirm = Some(Confirm::Revoke(p.id));
            }
            if ui.button(text::RETIRER_DE_L_ANNUAIRE).clicked() {
                view.confirm = Some(Confirm::Unpin(p.id));
            }
        });
        match view.confirm {
            Some(Confirm::Revoke(id)) if id == p.id => {
                error_text(ui, text::REVOQUER_PLUS_AUCUN_ENVOI_VERS_CE);
                ui.horizontal(|ui| {
                    let go = primary_button(ui, text::CONFIRMER_LA_REVOCATION, true);
                    on_click(&go, commands, ex(ExchangeCommand::RevokePartner(p.id)));
                    if ui.button(text::ANNULER).clicked() {
                        view.confirm = None;
                    }
                });
            }
            Some(Confirm::Unpin(id)) if id == p.id => {
                error_text(ui, text::RETIRER_SA_CARTE_EST_OUBLIEE_SES);
                ui.horizontal(|ui| {
                    let go = primary_button(ui, text::CONFIRMER_LE_RETRAIT, true);
                    on_click(&go, commands, ex(ExchangeCommand::UnpinPartner(p.id)));
                    if ui.button(text::ANNULER).clicked() {
                        view.confirm = None;
                    }
                });
            }
            _ => {}
        }
    });
}

pub(super) fn short_fingerprint(f: &str) -> String {
    if f.trim().is_empty() {
        return text::SANS_CARTE.to_owned();
    }
    let groups: Vec<&str> = f.split_whitespace().collect();
    if groups.len() > 4 {
        format!("{} …", groups[..4].join(" "))
    } else {
        f.to_owned()
    }
}
