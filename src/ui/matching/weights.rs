//! « Poids des critères »: how much each criterion counts in the score.

use super::text;
use super::{MatchingView, push};
use crate::command::Command;
use crate::command::matching::MatchingCommand;
use crate::matching::criteria::{Criterion, Weights};
use crate::ui::primary_button;

pub(super) fn weights_tab(ui: &mut egui::Ui, view: &mut MatchingView, commands: &mut Vec<Command>) {
    ui.label(text::WEIGHTS_HELP);
    egui::Grid::new("weights")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for c in Criterion::ALL {
                if let Some(w) = view.weights.get_mut(c) {
                    ui.label(c.label_fr());
                    ui.add(egui::Slider::new(w, 0.0..=Weights::MAX).step_by(0.5));
                    ui.end_row();
                }
            }
        });
    ui.horizontal(|ui| {
        if primary_button(ui, text::SAVE_WEIGHTS, true).clicked() {
            push(commands, MatchingCommand::SaveWeights(view.weights));
        }
        if ui.button(text::DEFAULT_WEIGHTS).clicked() {
            view.weights = Weights::default();
        }
    });
}
