//! « Envoyer un dossier »: households and partners chosen, the preview of what each
//! partner receives, and the packet's passphrase.

use super::*;
use crate::ui::exchange::text;

/// A generated packet passphrase, in clear, until the worker says she has given it.
pub fn generated_passphrase_ui(ui: &mut egui::Ui, form: &mut SendForm) {
    ui.label(text::PHRASE_DE_PASSE_DU_PAQUET_A);
    ui.label(
        RichText::new(form.passphrase.as_str())
            .monospace()
            .size(20.0),
    );
    ui.horizontal(|ui| {
        if ui.button(text::C_EST_TRANSMIS_EFFACER_LA_PHRASE).clicked() {
            form.passphrase = secret_buffer();
            form.generated = false;
        }
        ui.label(RichText::new(text::ELLE_RESTE_AFFICHEE_JUSQUE_LA_MEME).small());
    });
}

pub(super) fn send_ui(ui: &mut egui::Ui, view: &mut ExchangeView, commands: &mut Vec<Command>) {
    let ex = |c| Command::Exchange(c);
    if view.data.identity.is_none() {
        ui.label(text::CREEZ_D_ABORD_L_IDENTITE_DE);
        return;
    }
    if let Some(preview) = view.send.preview.clone() {
        export_preview_ui(ui, view, &preview, commands);
        return;
    }
    let form = &mut view.send;
    let before = (
        form.selected.len(),
        form.partners.len(),
        form.role,
        form.include_notes,
    );
    ui.label(RichText::new(text::T_1_MENAGES_A_ENVOYER).strong());
    ui.horizontal(|ui| {
        let l = ui.label(text::RECHERCHER_UN_MENAGE);
        ui.add(egui::TextEdit::singleline(&mut form.filter).desired_width(260.0))
            .labelled_by(l.id);
        ui.label(count(form.selected.len(), "choisi", "choisis"));
        if !form.selected.is_empty() && ui.button(text::TOUT_DECOCHER).clicked() {
            form.selected.clear();
        }
    });
    // Only the rows in view are laid out (10,000 checkboxes drawn at every frame took
    // longer than a frame, issue 17); the filter runs again only when its text or the list
    // changed.
    let key = (form.filter.clone(), view.data.households.len());
    if form.shown_for.as_ref() != Some(&key) {
        let needle = crate::ui::household_list::fold(&form.filter);
        form.shown = (0..view.data.households.len())
            .filter(|&i| {
                let h = &view.data.households[i];
                needle.is_empty()
                    || crate::ui::household_list::fold(&h.label).contains(&needle)
                    || crate::ui::household_list::fold(&h.commune).contains(&needle)
            })
            .collect();
        form.shown_for = Some(key);
    }
    if view.data.households.is_empty() {
        ui.label(RichText::new(text::AUCUN_MENAGE_DANS_LA_BASE).italics());
    }
    // A checkbox row is as high as an interactive widget (show_rows adds the spacing).
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("send_households")
        .max_height(180.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, form.shown.len(), |ui, range| {
            for &i in &form.shown[range] {
                let h = &view.data.households[i];
                let mut on = form.selected.contains(&h.id);
                let mut text = format!("{} — {}", h.label, h.commune);
                if !h.consent_ok {
                    text.push_str(text::PAS_DE_CONSENTEMENT_EN_COURS);
                }
                if ui.checkbox(&mut on, text).changed() {
                    if on {
                        form.selected.insert(h.id);
                    } else {
                        form.selected.remove(&h.id);
                    }
                }
            }
        });
    ui.add_space(6.0);
    ui.label(RichText::new(text::T_2_DESTINATAIRE).strong());
    ui.checkbox(
        &mut form.by_passphrase,
        text::PARTENAIRE_SANS_CARTE_DE_CONTACT_PROTEGER,
    );
    if form.by_passphrase {
        if form.generated {
            generated_passphrase_ui(ui, form);
        } else {
            ui.horizontal(|ui| {
                let l = ui.label(text::PHRASE_DE_PASSE_DU_PAQUET);
                ui.add(
                    egui::TextEdit::singleline(&mut *form.passphrase)
                        .password(true)
                        .desired_width(320.0),
                )
                .labelled_by(l.id);
                if ui
                    .button(text::GENERER_UNE_PHRASE_DE_PASSE_A)
                    .on_hover_text(text::SIX_MOTS_SIMPLES_FACILES_A_LIRE)
                    .clicked()
                    && let Some(words) = crate::exchange::words::generate()
                {
                    form.passphrase = words;
                    form.generated = true;
                }
            });
        }
        ui.label(RichText::new(text::TRANSMETTEZ_LA_PAR_UN_AUTRE_MOYEN).small());
    } else if view.data.partners.is_empty() {
        ui.label(RichText::new(text::AUCUN_PARTENAIRE_EPINGLE_IMPORTEZ_SA_CARTE).italics());
    } else {
        // One role per packet: once a partner is chosen, those pinned with another role
        // wait for another packet. Revoked partners receive nothing.
        let chosen_role = view
            .data
            .partners
            .iter()
            .find(|p| form.partners.contains(&p.id))
            .map(|p| p.role);
        for p in &view.data.partners {
            if p.revoked.is_some() {
                continue;
            }
            let mut on = form.partners.contains(&p.id);
            // A partner without a contact card has no key to encrypt to: shown, not
            // choosable (a passphrase packet is the way for it).
            let has_card = !p.fingerprint.trim().is_empty();
            let text = if has_card {
                format!("{} ({})", p.organisation, p.role.label_fr())
            } else {
                text::organisation_role_sans_carte(&p.organisation, p.role.label_fr())
            };
            let enabled = has_card && chosen_role.is_none_or(|r| r == p.role);
            let checkbox = ui.add_enabled(enabled, egui::Checkbox::new(&mut on, text));
            let checkbox = if has_card {
                checkbox
            } else {
                checkbox.on_disabled_hover_text(text::PAS_DE_CARTE_DE_CONTACT_IMPORTEZ)
            };
            if checkbox.changed() {
                if on {
                    form.partners.insert(p.id);
                } else {
                    form.partners.remove(&p.id);
                }
            }
        }
    }
    if form.by_passphrase {
        ui.horizontal(|ui| {
            egui::ComboBox::from_label(text::ROLE_DU_DESTINATAIRE_DECIDE_DES_CHAMPS)
                .selected_text(form.role.label_fr())
                .show_ui(ui, |ui| {
                    for r in PartnerRole::ALL {
                        ui.selectable_value(&mut form.role, *r, r.label_fr());
                    }
                });
        });
        ui.label(RichText::new(text::SANS_CARTE_LE_MENAGE_DOIT_AVOIR).small());
    } else if let Some(p) = view
        .data
        .partners
        .iter()
        .find(|p| form.partners.contains(&p.id))
    {
        ui.label(text::role_role_celui_de_la_carte_epinglee_il(
            p.role.label_fr(),
        ));
    }
    ui.add_space(6.0);
    ui.label(RichText::new(text::T_3_OPTIONS).strong());
    // Notes go only to an accompanying partner.
    let notes_allowed = if form.by_passphrase {
        form.role == PartnerRole::Accompagnement
    } else {
        view.data
            .partners
            .iter()
            .filter(|p| form.partners.contains(&p.id))
            .all(|p| p.role == PartnerRole::Accompagnement)
    };
    if !notes_allowed {
        form.include_notes = false;
    }
    ui.add_enabled(
        notes_allowed,
        egui::Checkbox::new(
            &mut form.include_notes,
            text::JOINDRE_LES_NOTES_DU_JOURNAL_TEXTE,
        ),
    )
    .on_disabled_hover_text(text::LES_NOTES_NE_PARTENT_QUE_VERS);
    ui.checkbox(&mut form.armor, text::FICHIER_TEXTE_POUR_L_ENVOYER_PAR);
    ui.horizontal(|ui| {
        let l = ui.label(text::OBJET_DE_L_ENVOI);
        ui.add(egui::TextEdit::singleline(&mut form.purpose).desired_width(420.0))
            .labelled_by(l.id);
    });
    let after = (
        form.selected.len(),
        form.partners.len(),
        form.role,
        form.include_notes,
    );
    if before != after {
        form.preview = None;
    }
    let ready = !form.selected.is_empty()
        && (form.by_passphrase
            && form.passphrase.chars().count() >= crate::ui::MIN_PASSPHRASE_CHARS
            || !form.by_passphrase && !form.partners.is_empty());
    ui.add_space(6.0);
    let b = primary_button(
        ui,
        text::APERCU_DE_L_ENVOI,
        ready && view.progress.is_none(),
    );
    on_click(&b, commands, ex(ExchangeCommand::PreviewExport));
    if !ready {
        ui.label(RichText::new(text::CHOISISSEZ_AU_MOINS_UN_MENAGE_ET).small());
    }
}

pub(super) fn export_preview_ui(
    ui: &mut egui::Ui,
    view: &ExchangeView,
    preview: &ExportPreview,
    commands: &mut Vec<Command>,
) {
    let ex = |c| Command::Exchange(c);
    ui.label(
        RichText::new(text::APERCU_CE_QUI_VA_PARTIR)
            .strong()
            .size(18.0),
    );
    if !preview.refusals.is_empty() {
        ui.add_space(6.0);
        ui.label(
            RichText::new(text::ENVOI_IMPOSSIBLE_CONSENTEMENT_MANQUANT)
                .strong()
                .color(ERROR),
        );
        for r in &preview.refusals {
            error_text(ui, r);
        }
    }
    ui.horizontal(|ui| {
        let ok = preview.refusals.is_empty() && view.progress.is_none() && !view.dialog_open;
        if ui
            .add_enabled(
                ok,
                egui::Button::new(RichText::new(text::ENREGISTRER_LE_PAQUET).color(ON_ACCENT))
                    .fill(ACCENT),
            )
            .clicked()
        {
            commands.push(ex(ExchangeCommand::ChooseFile {
                purpose: FilePurpose::SavePacket,
            }));
        }
        in_app_choice(ui, view, !ok, FilePurpose::SavePacket, commands);
        let back = ui.button(text::MODIFIER_L_ENVOI);
        on_click(&back, commands, ex(ExchangeCommand::EditExport));
    });
    card_frame(ui, |ui| {
        ui.label(text::destinataire_recipients(&preview.recipients));
        ui.label(text::nages_fiches_en_tout(
            count(preview.households.len(), text::MENAGE_2, text::MENAGES),
            count(preview.records, "fiche", "fiches"),
        ));
        for h in &preview.households {
            ui.label(format!("• {h}"));
        }
        ui.add_space(4.0);
        ui.label(RichText::new(text::CHAMPS_TRANSMIS_SELON_LE_ROLE).strong());
        egui::Grid::new("export_fields")
            .num_columns(2)
            .spacing([18.0, 4.0])
            .striped(true)
            .show(ui, |ui| {
                for (table, fields) in &preview.fields {
                    ui.label(table);
                    ui.add(egui::Label::new(fields).wrap());
                    ui.end_row();
                }
            });
        ui.label(RichText::new(text::TOUT_LE_RESTE_EST_RETIRE_DU).small());
    });
}
