//! « Conservation des données »: the households past their retention, released or erased.

use super::*;

/// « Conservation des données »: the periods per programme, the households due with why,
/// holds, and the erasure of the rest (through the shared [`Dialog`]).
pub(super) fn retention_dialog(
    ui: &mut egui::Ui,
    view: &mut SettingsView,
    commands: &mut Vec<Command>,
) {
    use crate::ui::dialog::{Dialog, DialogAnswer};
    let Some(r) = &mut view.retention else {
        return;
    };
    let to_erase = r.due.iter().filter(|d| d.held.is_none()).count();
    let validate = match to_erase {
        0 => text::RIEN_A_EFFACER.to_owned(),
        1 => text::EFFACER_LE_MENAGE_ECHU.to_owned(),
        n => text::effacer_les_n_menages_echus(n),
    };
    let mut close = false;
    let answer = Dialog {
        id: "retention_dialog",
        title: text::CONSERVATION_DES_DONNEES,
        width: 820.0,
        validate: &validate,
        cancel: text::FERMER,
        error: None,
    }
    .show(ui, |ui| {
        ui.label(text::DUREE_FIXEE_PAR_LE_OU_LA);
        for (programme, name, months) in &mut r.programmes {
            ui.horizontal(|ui| {
                let label = ui.label(text::name_conserver(&name));
                let response = ui
                    .add(egui::DragValue::new(months).range(1..=600).speed(0.2))
                    .labelled_by(label.id);
                // Saved (and logged) once the drag ends, not at every step of it.
                let changed =
                    response.drag_stopped() || (response.changed() && !response.dragged());
                ui.label(text::MOIS_APRES_LA_SORTIE_OU_LE);
                if changed {
                    commands.push(Command::SetRetentionMonths {
                        programme: *programme,
                        months: *months,
                    });
                }
            });
        }
        ui.add_space(6.0);
        if let Some(message) = &r.message {
            if message.is_success() {
                ui.label(RichText::new(&message.text).color(SUCCESS));
            } else {
                error_text(ui, &message.text);
            }
        }
        if r.due.is_empty() {
            ui.label(text::AUCUN_MENAGE_N_A_DEPASSE_SA);
            return;
        }
        ui.label(
            RichText::new(text::pass_leur_duree_de_conservation_effac(
                crate::domain::text::count(
                    r.due.len(),
                    text::MENAGE_A_DEPASSE,
                    text::MENAGES_ONT_DEPASSE,
                ),
                crate::domain::text::count(to_erase, text::SERA_EFFACE, text::SERONT_EFFACES),
            ))
            .strong(),
        );
        egui::Grid::new("retention_due")
            .num_columns(3)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for row in &r.due {
                    ui.label(RichText::new(&row.label).strong());
                    ui.label(&row.why);
                    match &row.held {
                        Some(reason) => {
                            ui.horizontal(|ui| {
                                ui.label(text::conserve_reason(reason));
                                if ui.button(text::NE_PLUS_CONSERVER).clicked() {
                                    commands.push(Command::ReleaseRetention(row.household));
                                }
                            });
                        }
                        None => match &mut r.hold {
                            Some((h, reason)) if *h == row.household => {
                                ui.horizontal(|ui| {
                                    let label = ui.label(text::MOTIF);
                                    ui.add(egui::TextEdit::singleline(reason).desired_width(180.0))
                                        .labelled_by(label.id);
                                    if ui.button(text::CONSERVER).clicked() {
                                        commands.push(Command::HoldRetention {
                                            household: row.household,
                                            reason: reason.clone(),
                                        });
                                    }
                                });
                            }
                            _ => {
                                if ui.button(text::conserver_label(&row.label)).clicked() {
                                    r.hold = Some((row.household, String::new()));
                                }
                            }
                        },
                    }
                    ui.end_row();
                }
            });
    });
    match answer {
        DialogAnswer::Validate if to_erase > 0 => commands.push(Command::ApplyRetention),
        DialogAnswer::Validate => {
            r.message = Some(Message::error(text::AUCUN_MENAGE_A_EFFACER));
        }
        DialogAnswer::Cancel => close = true,
        DialogAnswer::Open => {}
    }
    if close {
        view.retention = None;
    }
}
