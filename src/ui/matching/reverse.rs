//! « Par offre ou logement »: one open offer or available unit, and the households best
//! placed for it.

use super::text;
use super::{MatchingView, push};
use crate::command::Command;
use crate::command::matching::MatchingCommand;

pub(super) fn reverse_tab(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    if view.reverse_targets.is_empty() {
        ui.label(text::NO_TARGET);
        return;
    }
    ui.horizontal(|ui| {
        ui.label(text::TARGET);
        let current = view
            .reverse_selected
            .and_then(|t| view.reverse_targets.iter().find(|r| r.0 == t))
            .map_or(text::CHOOSE_TARGET, |r| r.1.as_str())
            .to_owned();
        egui::ComboBox::from_id_salt("matching_reverse")
            .width(520.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (target, label) in &view.reverse_targets {
                    if ui
                        .selectable_label(view.reverse_selected == Some(*target), label)
                        .clicked()
                    {
                        view.reverse_selected = Some(*target);
                        push(commands, MatchingCommand::Reverse(*target));
                    }
                }
            });
        super::ranking_note_ui(ui, view.ranking, "");
    });
    if view.reverse_selected.is_none() {
        ui.label(text::CHOOSE_TARGET_FIRST);
        return;
    }
    ui.add_enabled_ui(!view.ranking, |ui| {
        super::cards::rows_ui(
            ui,
            &view.reverse_rows,
            &mut view.decline,
            &mut view.details,
            commands,
            text::NO_HOUSEHOLD_RANKED,
        );
    });
}
