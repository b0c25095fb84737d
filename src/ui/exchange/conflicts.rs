//! « Conflits »: the fields both sides changed, and the choice kept.

use super::*;

pub(super) fn conflicts_ui(
    ui: &mut egui::Ui,
    view: &mut ExchangeView,
    commands: &mut Vec<Command>,
) {
    let ex = |c| Command::Exchange(c);
    if view.data.conflicts.is_empty() {
        ui.label(
            RichText::new(
                "Aucun conflit à résoudre. Quand un partenaire et vous modifiez le même champ \
                 d'un dossier, les deux valeurs apparaissent ici.",
            )
            .italics(),
        );
        return;
    }
    ui.label(
        "Un partenaire et vous avez modifié le même champ. La valeur la plus récente est \
         déjà dans votre base ; choisissez celle qui est juste.",
    );
    for c in &view.data.conflicts {
        card_frame(ui, |ui| {
            ui.label(RichText::new(format!("{} — {}", c.household, c.record)).strong());
            ui.label(format!("Champ : {}", c.field));
            // One value per line, the whole width: a structured value (the housing
            // demand) is long and a grid column would squeeze it to a few letters.
            for (whose, value, by) in [
                ("La vôtre", &c.mine, &c.mine_by),
                ("La leur", &c.theirs, &c.theirs_by),
            ] {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(whose).strong());
                    ui.label(RichText::new(format!("({by})")).small());
                });
                ui.add(egui::Label::new(value.as_str()).wrap());
            }
            ui.label(
                RichText::new(if c.mine_retained {
                    "Actuellement dans votre base : la vôtre."
                } else {
                    "Actuellement dans votre base : la leur."
                })
                .small(),
            );
            ui.horizontal(|ui| {
                // Keeping mine writes the lost value only when theirs was retained.
                let keep = ui.button("Garder la mienne");
                on_click(
                    &keep,
                    commands,
                    ex(ExchangeCommand::ResolveConflict {
                        id: c.id,
                        take_lost: !c.mine_retained,
                    }),
                );
                let take = ui.button("Prendre la leur");
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
