//! Small pieces the tabs and forms of the household page share: the card, the « Ajouter… »
//! button, the striped tables with their header row and wrapping cells, and the age shown
//! under a birth date.

use chrono::NaiveDate;
use egui::{Frame, Margin, RichText};

use crate::domain::household_form::age_fr;
use crate::domain::text::parse_date_fr;
use crate::ui::theme::{CARD_FILL, CARD_STROKE};

/// A framed card, at most 1040 points wide, around what `add` draws.
pub(super) fn card<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    Frame::new()
        .fill(CARD_FILL)
        .stroke(egui::Stroke::new(1.0, CARD_STROKE))
        .corner_radius(6.0)
        .inner_margin(Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(1040.0));
            add(ui)
        })
        .inner
}

/// A button that may be greyed out; `true` when clicked.
pub(super) fn add_button(ui: &mut egui::Ui, text: &str, enabled: bool) -> bool {
    ui.add_enabled(enabled, egui::Button::new(text)).clicked()
}

/// The striped grid every list of the household page uses (children, appointments,
/// documents, consents), so that they line up the same way.
pub(super) fn table_grid(id_salt: impl egui::AsIdSalt, columns: usize) -> egui::Grid {
    egui::Grid::new(id_salt)
        .num_columns(columns)
        .striped(true)
        .spacing([14.0, 6.0])
}

/// A bold header row, then the next row.
pub(super) fn header_row(ui: &mut egui::Ui, headers: &[&str]) {
    for t in headers {
        ui.label(RichText::new(*t).strong());
    }
    ui.end_row();
}

/// A table cell whose text wraps at `max_width` points instead of widening the table.
pub(super) fn wrapped_cell(ui: &mut egui::Ui, text: &str, max_width: f32) {
    ui.scope(|ui| {
        ui.set_max_width(max_width);
        ui.add(egui::Label::new(text).wrap());
    });
}

/// The computed age under a birth date. The row is always there (empty until the date is
/// valid) so the fields below do not jump under the mouse when it appears.
pub(super) fn age_row(ui: &mut egui::Ui, birth_date: &str, today: NaiveDate) {
    let age = match parse_date_fr(birth_date) {
        Ok(Some(b)) if b <= today => age_fr(b, today),
        _ => String::new(),
    };
    ui.label("");
    ui.add_sized(
        [crate::ui::forms::FIELD_WIDTH, 18.0],
        egui::Label::new(RichText::new(age).weak()),
    );
    ui.end_row();
}
