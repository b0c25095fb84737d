//! « Communes »: the communes of the records without a known position, placed by hand.

use egui::RichText;

use super::text;
use super::*;
use crate::command::Command;
use crate::command::matching::MatchingCommand;

pub(super) fn communes_ui(
    ui: &mut egui::Ui,
    view: &mut RegistriesView,
    commands: &mut Vec<Command>,
) {
    ui.label(text::COMMUNES_HELP);
    if view.communes.is_empty() {
        ui.label(RichText::new(text::ALL_PLACED).strong());
        return;
    }
    egui::Grid::new("communes")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                text::COMMUNE,
                text::POSITION,
                text::LATITUDE,
                text::LONGITUDE,
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (i, row) in view.communes.iter_mut().enumerate() {
                ui.label(&row.commune);
                ui.label(&row.state);
                ui.push_id(("lat", i), |ui| {
                    ui.add(egui::TextEdit::singleline(&mut row.lat).desired_width(90.0))
                });
                ui.push_id(("lon", i), |ui| {
                    ui.add(egui::TextEdit::singleline(&mut row.lon).desired_width(90.0))
                });
                if ui
                    .push_id(("save", i), |ui| ui.button(text::SAVE))
                    .inner
                    .clicked()
                {
                    let lat = row.lat.trim().replace(',', ".").parse::<f64>();
                    let lon = row.lon.trim().replace(',', ".").parse::<f64>();
                    match (lat, lon) {
                        (Ok(lat), Ok(lon)) => push(
                            commands,
                            MatchingCommand::SetCommuneCoords {
                                commune: row.commune.clone(),
                                lat,
                                lon,
                            },
                        ),
                        _ => view.error = Some(text::COORDS_HINT.to_owned()),
                    }
                }
                ui.end_row();
            }
        });
}
