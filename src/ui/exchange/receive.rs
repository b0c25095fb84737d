//! « Recevoir un dossier »: the packet opened, its preview household by household, the
//! deletions it carries, and the deletions received that can be restored.

use super::*;
use crate::ui::exchange::text;

pub(super) fn receive_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    if view.data.identity.is_none() {
        ui.label(text::CREEZ_D_ABORD_L_IDENTITE_DE);
        return;
    }
    if let Some(preview) = view.receive.preview.clone() {
        import_preview_ui(ui, view, &preview, commands);
    } else {
        card_frame(ui, |ui| {
            ui.label(text::OUVREZ_UN_PAQUET_RECU_D_UN);
            choose_button(
                ui,
                view,
                text::OUVRIR_UN_PAQUET,
                FilePurpose::OpenPacket,
                commands,
            );
        });
    }
    let r = &mut view.receive;
    if r.needs_passphrase {
        ui.horizontal(|ui| {
            let l = ui.label(text::PHRASE_DE_PASSE_DU_PAQUET);
            ui.add(
                egui::TextEdit::singleline(&mut *r.passphrase)
                    .password(true)
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
            if let Some(path) = r.path.clone() {
                let retry =
                    primary_button(ui, text::OUVRIR_AVEC_CETTE_PHRASE, !r.passphrase.is_empty());
                on_click(
                    &retry,
                    commands,
                    ex(ExchangeCommand::FileChosen(FilePurpose::OpenPacket, path)),
                );
            }
        });
    }
    if let Some(error) = &r.error {
        card_frame(ui, |ui| {
            ui.label(RichText::new(text::PAQUET_REFUSE).strong().color(ERROR));
            error_text(ui, error);
            ui.label(text::VOTRE_BASE_N_A_PAS_ETE);
        });
    }
    if !view.data.received_deletions.is_empty() {
        ui.add_space(10.0);
        received_deletions_ui(ui, view, commands);
    }
    ui.add_space(10.0);
    ui.label(
        RichText::new(text::HISTORIQUE_DES_PAQUETS)
            .strong()
            .size(18.0),
    );
    if view.data.log.is_empty() {
        ui.label(RichText::new(text::AUCUN_PAQUET_ENVOYE_NI_RECU_POUR).italics());
    } else {
        egui::Grid::new("packet_log")
            .striped(true)
            .num_columns(4)
            .spacing([18.0, 4.0])
            .show(ui, |ui| {
                for h in [text::DATE, text::SENS, text::PARTENAIRE, text::CONTENU] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for l in &view.data.log {
                    ui.label(&l.at);
                    ui.label(&l.direction);
                    ui.label(&l.partner);
                    ui.label(&l.summary);
                    ui.end_row();
                }
            });
    }
}

/// « Suppressions reçues »: what packets deleted here, each group restorable in one
/// click for 30 days.
pub(super) fn received_deletions_ui(
    ui: &mut egui::Ui,
    view: &ExchangeView,
    commands: &mut Vec<Command>,
) {
    ui.label(RichText::new(text::SUPPRESSIONS_RECUES).strong().size(18.0));
    ui.add(egui::Label::new(text::FICHES_SUPPRIMEES_CHEZ_VOUS_PAR_LE).wrap());
    for d in &view.data.received_deletions {
        card_frame(ui, |ui| {
            ui.label(RichText::new(&d.household).strong());
            // What was deleted (the household itself, or some of its records only).
            ui.add(egui::Label::new(d.records.join(" ; ")).wrap());
            ui.horizontal_wrapped(|ui| {
                let restore = ui.button(text::RESTAURER);
                on_click(
                    &restore,
                    commands,
                    Command::Exchange(ExchangeCommand::RestoreDeletions {
                        packet_id: d.packet_id,
                        household_id: d.household_id,
                    }),
                );
                ui.label(
                    RichText::new(text::supprime_par_partner_le_deleted_on(
                        &d.partner,
                        &d.deleted_on,
                        &d.until,
                    ))
                    .small(),
                );
            });
        });
    }
}

pub(super) fn import_preview_ui(
    ui: &mut egui::Ui,
    view: &mut ExchangeView,
    preview: &ImportPreview,
    commands: &mut Vec<Command>,
) {
    let ex = |c| Command::Exchange(c);
    ui.label(
        RichText::new(text::APERCU_DU_PAQUET_RECU)
            .strong()
            .size(18.0),
    );
    if !preview.already && !preview.deletions.is_empty() {
        card_frame(ui, |ui| {
            ui.label(
                RichText::new(text::suppressions_es_chez_le_partenaire(count(
                    preview.deletions.len(),
                    text::FICHE_SUPPRIMEE,
                    text::FICHES_SUPPRIMEES,
                )))
                .strong()
                .color(ERROR),
            );
            bullets_ui(ui, "import_deletions", &preview.deletions);
            ui.checkbox(
                &mut view.receive.apply_deletions,
                text::SUPPRIMER_AUSSI_CES_FICHES_DE_MA,
            );
            ui.label(RichText::new(text::SANS_CETTE_CASE_LE_RESTE_DU).small());
        });
    }
    ui.horizontal(|ui| {
        if !preview.already {
            let apply = primary_button(ui, text::APPLIQUER, view.progress.is_none());
            on_click(&apply, commands, ex(ExchangeCommand::ApplyPacket));
        }
        let cancel = ui.button(if preview.already {
            text::FERMER
        } else {
            text::NE_PAS_IMPORTER
        });
        on_click(&cancel, commands, ex(ExchangeCommand::CancelPacket));
    });
    card_frame(ui, |ui| {
        ui.label(&preview.about);
        ui.label(RichText::new(&preview.summary).strong());
        if !preview.households.is_empty() {
            import_households_ui(ui, &preview.households);
        }
        if !preview.refused.is_empty() {
            ui.label(
                RichText::new(text::refusees_refused_hors_de_ce_que_ce(
                    preview.refused.len(),
                ))
                .strong()
                .color(ERROR),
            );
            bullets_ui(ui, "import_refused", &preview.refused);
        }
        if !preview.information.is_empty() {
            ui.label(RichText::new(text::POUR_INFORMATION_JAMAIS_REPRIS_DANS_VOTRE).strong());
            bullets_ui(ui, "import_information", &preview.information);
        }
        if !preview.conflicts.is_empty() {
            ui.label(RichText::new(text::MODIFICATIONS_FAITES_DES_DEUX_COTES_LA).strong());
            bullets_ui(ui, "import_conflicts", &preview.conflicts);
        }
    });
}

/// A list of the preview (deletions, refusals, information, conflicts), one line each.
/// A short one is written whole; a long one (a packet of 1,000 households carries as many
/// consents « pour information ») scrolls in a box that lays out only the lines in view,
/// each cut to the width and whole on hover.
pub(super) fn bullets_ui(ui: &mut egui::Ui, id: &str, lines: &[String]) {
    const WHOLE_UP_TO: usize = 12;
    if lines.len() <= WHOLE_UP_TO {
        for line in lines {
            ui.add(egui::Label::new(format!("• {line}")).wrap());
        }
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(row_height * WHOLE_UP_TO as f32)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, lines.len(), |ui, range| {
            for line in &lines[range] {
                ui.add(egui::Label::new(format!("• {line}")).truncate());
            }
        });
}

/// The preview's households, one row each with its counts. Only the rows in view are laid
/// out: a packet of 1,000 households drew 5,000 labels in every frame of its preview
/// (19 ms, the one frame of the workday bench over 16 ms).
pub(super) fn import_households_ui(ui: &mut egui::Ui, households: &[HouseholdImport]) {
    const HEADERS: [&str; 5] = [
        text::MENAGE,
        text::NOUVELLES,
        text::MISES_A_JOUR,
        text::EN_CONFLIT,
        text::INCHANGEES,
    ];
    TableBuilder::new(ui)
        .id_salt("import_households")
        .striped(true)
        .max_scroll_height(320.0)
        .auto_shrink([false, true])
        .column(Column::initial(260.0).at_least(160.0).clip(true))
        .columns(Column::auto().at_least(70.0), 4)
        .header(24.0, |mut header| {
            for title in HEADERS {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(22.0, households.len(), |mut row| {
                let h = &households[row.index()];
                row.col(|ui| {
                    ui.add(egui::Label::new(&h.label).truncate());
                });
                row.col(|ui| {
                    ui.label(h.new.to_string());
                });
                row.col(|ui| {
                    ui.label(h.updated.to_string());
                });
                row.col(|ui| {
                    if h.conflicting > 0 {
                        ui.label(RichText::new(h.conflicting.to_string()).color(ERROR));
                    } else {
                        ui.label("0");
                    }
                });
                row.col(|ui| {
                    ui.label(h.unchanged.to_string());
                });
            });
        });
}
