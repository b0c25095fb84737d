//! « Conflits »: the fields both sides changed, and the choice kept.

use super::*;
use crate::ui::exchange::text;

pub(super) fn conflicts_ui(
    ui: &mut egui::Ui,
    view: &mut ExchangeView,
    commands: &mut Vec<Command>,
) {
    let ex = |c| Command::Exchange(c);
    if view.data.conflicts.is_empty() {
        ui.label(RichText::new(text::AUCUN_CONFLIT_A_RESOUDRE_QUAND_UN).italics());
        return;
    }
    ui.label(text::UN_PARTENAIRE_ET_VOUS_AVEZ_MODIFIE);
    for c in &view.data.conflicts {
        card_frame(ui, |ui| {
            ui.label(RichText::new(format!("{} — {}", c.household, c.record)).strong());
            ui.label(text::champ_field(&c.field));
            // One value per line, the whole width: a structured value (the housing
            // demand) is long and a grid column would squeeze it to a few letters.
            for (whose, value, by) in [
                (text::LA_VOTRE, &c.mine, &c.mine_by),
                (text::LA_LEUR, &c.theirs, &c.theirs_by),
            ] {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(whose).strong());
                    ui.label(RichText::new(format!("({by})")).small());
                });
                ui.add(egui::Label::new(value.as_str()).wrap());
            }
            ui.label(
                RichText::new(if c.mine_retained {
                    text::ACTUELLEMENT_DANS_VOTRE_BASE_LA_VOTRE
                } else {
                    text::ACTUELLEMENT_DANS_VOTRE_BASE_LA_LEUR
                })
                .small(),
            );
            ui.horizontal(|ui| {
                // Keeping mine writes the lost value only when theirs was retained.
                let keep = ui.button(text::GARDER_LA_MIENNE);
                on_click(
                    &keep,
                    commands,
                    ex(ExchangeCommand::ResolveConflict {
                        id: c.id,
                        take_lost: !c.mine_retained,
                    }),
                );
                let take = ui.button(text::PRENDRE_LA_LEUR);
                on_click(
                    &take,
                    commands,
                    ex(ExchangeCommand::ResolveConflict {
                        id: c.id,
                        take_lost: c.mine_retained,
                    }),
                );
            });
        });
        ui.add_space(6.0);
    }
}
