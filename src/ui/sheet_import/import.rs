//! « Importer un tableur »: the file read, its columns matched, its lines reviewed before anything is written.

use super::*;

pub(super) fn import_ui(
    ui: &mut egui::Ui,
    state: &mut ImportState,
    chooser: &mut Option<FileChooser>,
    dialog_open: bool,
    commands: &mut Vec<Command>,
) {
    ui.heading(text::IMPORTER_UN_TABLEUR);
    ui.add_space(4.0);
    if let Some(e) = &state.error {
        crate::ui::error_text(ui, e);
    }
    let reading = matches!(state.step, ImportStep::Reading);
    match &mut state.step {
        ImportStep::ChooseFile | ImportStep::Reading => {
            ui.label(text::UN_TABLEAU_DE_SUIVI_CSV_XLSX);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let l = ui.label(text::FICHIER_A_IMPORTER);
                ui.add(
                    egui::TextEdit::singleline(&mut state.path)
                        .hint_text("/home/vous/Documents/suivi.xlsx")
                        .desired_width(460.0),
                )
                .labelled_by(l.id);
                if ui
                    .add_enabled(!dialog_open && !reading, egui::Button::new(text::PARCOURIR))
                    .clicked()
                {
                    push(commands, SheetCommand::PickImportFile);
                }
            });
            if let Some(path) = chosen_file_ui(ui, chooser) {
                state.path = path.display().to_string();
            }
            ui.add_space(6.0);
            if reading {
                crate::ui::progress(ui, text::LECTURE_DU_TABLEUR);
            }
            ui.horizontal(|ui| {
                let ready = !state.path.trim().is_empty() && !reading;
                if crate::ui::primary_button(ui, text::LIRE_LE_FICHIER, ready).clicked() {
                    push(commands, SheetCommand::Read);
                }
                if ui.button(text::ANNULER).clicked() {
                    push(commands, SheetCommand::Close);
                }
            });
        }
        ImportStep::Mapping { sheet, mapping } => mapping_ui(ui, sheet, mapping, commands),
        ImportStep::Review(review) => review_ui(ui, review, commands),
        ImportStep::Importing => {
            crate::ui::progress(ui, text::IMPORT_EN_COURS_UNE_SEULE_OPERATION);
        }
        ImportStep::Done { report } => {
            ui.label(RichText::new(report.as_str()).color(SUCCESS));
            ui.label(text::LES_MENAGES_IMPORTES_SONT_DANS_LA);
            ui.add_space(6.0);
            if crate::ui::primary_button(ui, text::FERMER, true).clicked() {
                push(commands, SheetCommand::Close);
            }
        }
    }
}

/// A CSV mostly UTF-8 with invalid bytes: says how it was read, shows the names that look
/// damaged, and lets the worker read it the other way. Nothing is written before.
pub(super) fn encoding_doubt_ui(
    ui: &mut egui::Ui,
    doubt: &EncodingDoubt,
    commands: &mut Vec<Command>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(text::encodage_douteux_ce_fichier_contient_l_a(
                count(
                    doubt.invalid_bytes,
                    text::OCTET_QUI_N_EST_PAS_DE,
                    text::OCTETS_QUI_NE_SONT_PAS_DE,
                ),
                doubt.read_as.label_fr(),
            ))
            .color(ERROR),
        );
        for line in &doubt.suspicious {
            ui.label(RichText::new(line).monospace());
        }
        if doubt.suspicious.is_empty() {
            ui.label(text::AUCUN_NOM_NE_PARAIT_ABIME_DANS);
        }
        let other = match doubt.read_as {
            TextEncoding::Utf8 => TextEncoding::Windows1252,
            TextEncoding::Windows1252 => TextEncoding::Utf8,
        };
        if ui
            .button(text::relire_le_fichier_en_other(other.label_fr()))
            .clicked()
        {
            commands.push(Command::Sheet(SheetCommand::ReadAs { encoding: other }));
        }
    });
}

pub(super) fn mapping_ui(
    ui: &mut egui::Ui,
    sheet: &RawSheet,
    mapping: &mut Mapping,
    commands: &mut Vec<Command>,
) {
    ui.label(text::lues_verifiez_ce_que_contient_chaque(
        count(sheet.rows.len(), text::LIGNE_LUE, text::LIGNES_LUES),
        IGNORE,
    ));
    if let Some(doubt) = &sheet.encoding {
        encoding_doubt_ui(ui, doubt, commands);
    }
    ui.add_space(4.0);
    ScrollArea::vertical()
        .max_height((ui.ctx().content_rect().height() - 260.0).max(160.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("sheet-mapping")
                .striped(true)
                .num_columns(3)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    ui.label(RichText::new(text::COLONNE_DU_FICHIER).strong());
                    ui.label(RichText::new(text::EXEMPLE_DE_VALEUR).strong());
                    ui.label(RichText::new(text::LUE_COMME).strong());
                    ui.end_row();
                    for (i, header) in sheet.headers.iter().enumerate() {
                        ui.label(if header.is_empty() {
                            text::SANS_TITRE
                        } else {
                            header
                        });
                        // The first filled value: a child's « Niveau scolaire » is often
                        // empty on the first (adult) row.
                        let sample = sheet
                            .rows
                            .iter()
                            .filter_map(|r| r.cells.get(i))
                            .map(crate::exchange::sheet::SheetCell::text)
                            .find(|t| !t.is_empty())
                            .unwrap_or_default();
                        ui.add(egui::Label::new(RichText::new(sample).weak()).truncate());
                        let current = mapping.0.get(i).copied().flatten();
                        let mut chosen = current;
                        egui::ComboBox::from_id_salt(("sheet-map", i))
                            .width(220.0)
                            .selected_text(current.map_or(IGNORE, Field::header_fr))
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut chosen, None, IGNORE);
                                for f in Field::ALL {
                                    ui.selectable_value(&mut chosen, Some(*f), f.header_fr());
                                }
                            });
                        if chosen != current {
                            // UI state of the form: the mapping is only used by « Vérifier ».
                            mapping.set(i, chosen);
                        }
                        ui.end_row();
                    }
                });
        });
    ui.add_space(6.0);
    if let Some(missing) = mapping.missing() {
        crate::ui::error_text(ui, &missing);
    }
    ui.horizontal(|ui| {
        if crate::ui::primary_button(ui, text::VERIFIER_LES_LIGNES, mapping.missing().is_none())
            .clicked()
        {
            push(commands, SheetCommand::Check);
        }
        if ui.button(text::CHOISIR_UN_AUTRE_FICHIER).clicked() {
            push(commands, SheetCommand::ChooseAnotherFile);
        }
        if ui.button(text::ANNULER).clicked() {
            push(commands, SheetCommand::Close);
        }
    });
}

pub(super) fn review_ui(ui: &mut egui::Ui, review: &mut Review, commands: &mut Vec<Command>) {
    let list_height = (ui.ctx().content_rect().height() - 300.0).max(160.0);
    if !review.plan.errors.is_empty() {
        let n = review.plan.errors.len();
        ui.label(
            RichText::new(if n > 1 {
                text::n_erreurs_dans_le_fichier_rien_ne_sera(n)
            } else {
                text::T_1_ERREUR_DANS_LE_FICHIER_RIEN.to_owned()
            })
            .color(ERROR)
            .strong(),
        );
        ScrollArea::vertical()
            .max_height(list_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for e in &review.plan.errors {
                    ui.label(format!("• {}", capitalise(&e.to_string())));
                }
                if review.plan.errors_truncated {
                    ui.label(text::ET_D_AUTRES_ERREURS_A_VOIR);
                }
            });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(text::REVENIR_AUX_COLONNES).clicked() {
                push(commands, SheetCommand::BackToMapping);
            }
            if ui.button(text::CHOISIR_UN_AUTRE_FICHIER).clicked() {
                push(commands, SheetCommand::ChooseAnotherFile);
            }
            if ui.button(text::ANNULER).clicked() {
                push(commands, SheetCommand::Close);
            }
        });
        return;
    }
    let (adults, children) = review.plan.people();
    ui.label(text::apercu_rien_n_est_encore_enregistre(
        count(review.plan.households.len(), text::MENAGE_2, text::MENAGES),
        count(adults, "adulte", "adultes"),
        count(children, "enfant", "enfants"),
        &review.programme,
    ));
    ScrollArea::vertical()
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if !review.duplicates.is_empty() {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(text::doublons_possibles_duplicates_choisissez(
                        review.duplicates.len(),
                    ))
                    .strong(),
                );
                for (d, choice) in review.duplicates.iter().zip(review.choices.iter_mut()) {
                    let label = &review.plan.households[d.household].household.label;
                    ui.label(text::ligne_line_label_reason(d.line, label, &d.reason));
                    ui.horizontal(|ui| {
                        ui.add_space(16.0);
                        for c in [DuplicateChoice::Skip, DuplicateChoice::CreateAnyway] {
                            ui.radio_value(choice, c, c.label_fr());
                        }
                    });
                }
                ui.separator();
            }
            egui::Grid::new("sheet-preview")
                .striped(true)
                .num_columns(5)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for title in [
                        text::MENAGE,
                        text::COMMUNE,
                        text::PERSONNES,
                        text::ETAPE,
                        text::LIGNES,
                    ] {
                        ui.label(RichText::new(title).strong());
                    }
                    ui.end_row();
                    for h in review.plan.households.iter().take(300) {
                        ui.label(&h.household.label);
                        ui.label(&h.household.commune);
                        ui.label(format!(
                            "{}, {}",
                            count(h.adults.len(), "adulte", "adultes"),
                            count(h.children.len(), "enfant", "enfants")
                        ));
                        let stage = h
                            .events
                            .last()
                            .and_then(|e| review.stages.get(&e.to_stage))
                            .map_or("—", String::as_str);
                        ui.label(stage);
                        let lines: Vec<String> = h.lines.iter().map(ToString::to_string).collect();
                        ui.label(lines.join(", "));
                        ui.end_row();
                    }
                });
            if review.plan.households.len() > 300 {
                ui.label(text::et_households_autres_menages(
                    review.plan.households.len() - 300,
                ));
            }
        });
    ui.add_space(6.0);
    let n = review.to_create();
    if n == 0 {
        ui.label(text::TOUS_LES_MENAGES_DU_FICHIER_SONT);
    }
    ui.horizontal(|ui| {
        let text = text::importer_nages(count(n, text::MENAGE_2, text::MENAGES));
        if crate::ui::primary_button(ui, &text, n > 0).clicked() {
            push(commands, SheetCommand::Apply);
        }
        if ui.button(text::REVENIR_AUX_COLONNES).clicked() {
            push(commands, SheetCommand::BackToMapping);
        }
        if ui.button(text::ANNULER).clicked() {
            push(commands, SheetCommand::Close);
        }
    });
}
