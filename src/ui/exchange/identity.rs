//! « Identité et partenaires »: the structure's identity, its contact card, and the
//! directory of partners (link, revoke, remove).

use super::*;

pub(super) fn identity_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    ui.label(RichText::new("Votre identité").strong().size(18.0));
    let mut ask = None;
    card_frame(ui, |ui| match &view.data.identity {
        None => {
            ui.label(
                "Pour échanger des dossiers, créez d'abord l'identité de votre structure : \
                 une paire de clés gardée dans la base chiffrée.",
            );
            ui.horizontal(|ui| {
                let l = ui.label("Nom de votre structure");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut view.organisation).desired_width(320.0))
                    .labelled_by(l.id);
                // Entrée in the field validates, as the button does.
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let ok = !view.organisation.trim().is_empty();
                let b = primary_button(ui, "Créer l'identité", ok);
                if ok && entered {
                    commands.push(ex(ExchangeCommand::CreateIdentity));
                } else {
                    on_click(&b, commands, ex(ExchangeCommand::CreateIdentity));
                }
            });
        }
        Some(id) => {
            ui.label(RichText::new(&id.organisation).strong());
            ui.label("Empreinte à lire à vos partenaires par téléphone :");
            ui.label(RichText::new(&id.fingerprint).monospace().color(ACCENT));
            ui.horizontal(|ui| {
                choose_button(
                    ui,
                    view,
                    "Exporter ma carte de contact…",
                    FilePurpose::SaveCard,
                    commands,
                );
            });
            ui.horizontal(|ui| {
                if ui.button("Exporter ma clé secrète (age)…").clicked() {
                    ask = Some(Confirm::ExportKey);
                }
                if ui.button("Renouveler mes clés…").clicked() {
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
                    RichText::new("Exporter votre clé secrète")
                        .strong()
                        .color(ERROR),
                );
                error_text(
                    ui,
                    "Ce fichier ouvre TOUS les paquets adressés à votre structure. Ne \
                     l'exportez que pour ouvrir un paquet avec l'outil « age » \
                     (age -d -i ma-cle-age.txt paquet.age), gardez-le sur un support chiffré, \
                     ne l'envoyez jamais et supprimez-le après usage. L'export est noté dans \
                     le journal.",
                );
                ui.horizontal(|ui| {
                    choose_button(
                        ui,
                        view,
                        "J'ai compris : enregistrer la clé…",
                        FilePurpose::SaveKey,
                        commands,
                    );
                    if ui.button("Annuler").clicked() {
                        view.confirm = None;
                    }
                });
            });
        }
        Some(Confirm::Rotate) => {
            card_frame(ui, |ui| {
                ui.label(RichText::new("Renouveler vos clés").strong().color(ERROR));
                ui.label(
                    "De nouvelles clés remplacent les vôtres : exportez ensuite votre nouvelle \
                     carte et envoyez-la à chaque partenaire, qui la réépinglera après avoir \
                     vérifié la nouvelle empreinte. Les paquets écrits pour l'ancienne carte \
                     restent lisibles pendant 60 jours.",
                );
                ui.horizontal(|ui| {
                    let go = primary_button(ui, "Renouveler maintenant", true);
                    on_click(&go, commands, ex(ExchangeCommand::RotateIdentity));
                    if ui.button("Annuler").clicked() {
                        view.confirm = None;
                    }
                });
            });
        }
        _ => {}
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Partenaires").strong().size(18.0));
    if let Some(candidate) = &mut view.card {
        card_frame(ui, |ui| {
            ui.label(
                RichText::new(format!("Carte de {}", candidate.card.organisation))
                    .strong()
                    .color(ACCENT),
            );
            ui.label(
                "Appelez ce partenaire et faites-lui lire son empreinte : elle doit être \
                 exactement celle-ci. Sinon, n'épinglez pas la carte.",
            );
            ui.label(
                RichText::new(&candidate.card.fingerprint)
                    .monospace()
                    .size(18.0),
            );
            if let Some(org) = &candidate.already {
                ui.label(format!(
                    "Déjà épinglée sous le nom « {org} » : son rôle sera mis à jour."
                ));
            }
            if let Some((_, old)) = &candidate.renews {
                ui.checkbox(
                    &mut candidate.replace,
                    format!(
                        "C'est la nouvelle carte de ce partenaire (clés renouvelées) : elle \
                         remplace l'ancienne ({})",
                        short_fingerprint(old)
                    ),
                );
            }
            ui.horizontal(|ui| {
                egui::ComboBox::from_label("Rôle du partenaire")
                    .selected_text(candidate.role.label_fr())
                    .show_ui(ui, |ui| {
                        for r in PartnerRole::ALL {
                            ui.selectable_value(&mut candidate.role, *r, r.label_fr());
                        }
                    });
            });
            ui.horizontal(|ui| {
                let l = ui.label("Personne à contacter");
                ui.add(egui::TextEdit::singleline(&mut candidate.contact).desired_width(320.0))
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let pin = primary_button(ui, "L'empreinte est la bonne : épingler", true);
                on_click(&pin, commands, ex(ExchangeCommand::PinPartner));
                let cancel = ui.button("Ne pas épingler");
                on_click(&cancel, commands, ex(ExchangeCommand::CancelCard));
            });
        });
    } else if view.data.identity.is_some() {
        choose_button(
            ui,
            view,
            "Importer la carte d'un partenaire…",
            FilePurpose::OpenCard,
            commands,
        );
    }
    if view.data.partners.is_empty() {
        ui.label(
            RichText::new(
                "Aucun partenaire épinglé. Demandez sa carte de contact à un partenaire, puis \
                 importez-la ici.",
            )
            .italics(),
        );
    } else {
        egui::Grid::new("partners")
            .striped(true)
            .num_columns(5)
            .spacing([18.0, 6.0])
            .show(ui, |ui| {
                for h in ["Structure", "Rôle", "Contact", "Empreinte", "État"] {
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
                        Some(d) => ui.label(RichText::new(format!("Révoqué le {d}")).color(ERROR)),
                        None => ui.label("Actif"),
                    };
                    ui.end_row();
                }
            });
        ui.label(
            RichText::new("Cliquez sur une structure pour la lier, la révoquer ou la retirer.")
                .small(),
        );
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
        ui.label(format!("Empreinte : {}", p.fingerprint));
        for old in &p.replaced {
            ui.label(RichText::new(format!("Ancienne clé remplacée : {old} …")).small());
        }
        if let Some(d) = &p.revoked {
            ui.label(
                RichText::new(format!(
                    "Révoqué le {d} : rien ne lui est envoyé, ses paquets signés depuis sont \
                     refusés."
                ))
                .color(ERROR),
            );
        }
        let records = match p.role {
            PartnerRole::Employeur => Some(("Fiche employeur liée", &view.data.employers)),
            PartnerRole::Bailleur => Some(("Fiche bailleur liée", &view.data.landlords)),
            _ => None,
        };
        if let Some((label, list)) = records {
            ui.label(
                "Une fois lié à sa fiche, ce partenaire ne reçoit que les positionnements sur ses \
                 propres offres ou logements.",
            );
            ui.horizontal(|ui| {
                let name = |id: Option<Uuid>| {
                    id.and_then(|id| list.iter().find(|(i, _)| *i == id))
                        .map_or("— aucune", |(_, n)| n.as_str())
                        .to_owned()
                };
                let l = ui.label(label);
                egui::ComboBox::from_id_salt("partner_link")
                    .selected_text(name(view.link_choice))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut view.link_choice, None, "— aucune");
                        for (id, n) in list {
                            ui.selectable_value(&mut view.link_choice, Some(*id), n);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                let save = ui.button("Enregistrer la liaison");
                on_click(
                    &save,
                    commands,
                    ex(ExchangeCommand::LinkPartner(p.id, view.link_choice)),
                );
            });
        }
        ui.horizontal(|ui| {
            if p.revoked.is_none() && ui.button("Révoquer ce partenaire…").clicked() {
                view.confirm = Some(Confirm::Revoke(p.id));
            }
            if ui.button("Retirer de l'annuaire…").clicked() {
                view.confirm = Some(Confirm::Unpin(p.id));
            }
        });
        match view.confirm {
            Some(Confirm::Revoke(id)) if id == p.id => {
                error_text(
                    ui,
                    "Révoquer : plus aucun envoi vers ce partenaire, et ses paquets signés à \
                     partir de maintenant seront refusés (ceux d'avant restent lisibles).",
                );
                ui.horizontal(|ui| {
                    let go = primary_button(ui, "Confirmer la révocation", true);
                    on_click(&go, commands, ex(ExchangeCommand::RevokePartner(p.id)));
                    if ui.button("Annuler").clicked() {
                        view.confirm = None;
                    }
                });
            }
            Some(Confirm::Unpin(id)) if id == p.id => {
                error_text(
                    ui,
                    "Retirer : sa carte est oubliée ; ses paquets seront refusés comme venant \
                     d'une clé inconnue. L'historique des échanges reste dans le journal.",
                );
                ui.horizontal(|ui| {
                    let go = primary_button(ui, "Confirmer le retrait", true);
                    on_click(&go, commands, ex(ExchangeCommand::UnpinPartner(p.id)));
                    if ui.button("Annuler").clicked() {
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
        return "— (sans carte)".to_owned();
    }
    let groups: Vec<&str> = f.split_whitespace().collect();
    if groups.len() > 4 {
        format!("{} …", groups[..4].join(" "))
    } else {
        f.to_owned()
    }
}
