//! A French calendar beside a date field (issue 16): weeks start on Monday, French month
//! and day names, « Annuler » / « Valider », weekends not in red, and it opens on the
//! field's date or on a sensible one (today) instead of 01/01/2000. Typing jj/mm/aaaa in the
//! field stays the quickest way; the calendar is for when the worker wants to see the week.

use chrono::{Datelike, Duration, NaiveDate};
use egui::{Area, Frame, Id, Order, RichText};

use super::primary_button;
use crate::ui::text;

/// French month names, January first.
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    text::FEVRIER,
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    text::AOUT,
    "septembre",
    "octobre",
    "novembre",
    text::DECEMBRE,
];

/// Column headers, Monday first.
const WEEKDAYS_FR: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];

/// « 15 novembre 2026 ».
pub fn long_date_fr(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_FR[date.month0() as usize],
        date.year()
    )
}

/// What the open calendar remembers between frames.
#[derive(Clone, Copy, Debug)]
struct PickerState {
    /// The first day of the month shown.
    month: NaiveDate,
    /// The day chosen but not yet validated.
    pending: Option<NaiveDate>,
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn add_months(month: NaiveDate, delta: i32) -> NaiveDate {
    let index = month.year() * 12 + month.month0() as i32 + delta;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(month)
}

/// The « Calendrier » button and, when open, its calendar. `open_on` is shown when the
/// field has no date yet. Returns the date chosen with « Valider » (or a double click).
pub fn date_picker_button(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: Option<NaiveDate>,
    open_on: NaiveDate,
) -> Option<NaiveDate> {
    let id = ui.make_persistent_id(("date_picker", id_salt));
    let mut state: Option<PickerState> = ui.data(|d| d.get_temp(id));
    let button = ui
        .add(egui::Button::new(text::CALENDRIER).selected(state.is_some()))
        .on_hover_text(text::CHOISIR_DANS_LE_CALENDRIER);
    if button.clicked() {
        state = match state {
            Some(_) => None,
            None => Some(PickerState {
                month: first_of_month(current.unwrap_or(open_on)),
                pending: current,
            }),
        };
    }
    let mut chosen = None;
    if let Some(mut open) = state {
        let (keep, picked) = calendar_area(ui, id, &mut open, button.rect, open_on);
        chosen = picked;
        state = keep.then_some(open);
    }
    ui.data_mut(|d| match state {
        Some(s) => {
            d.insert_temp(id, s);
        }
        None => d.remove::<PickerState>(id),
    });
    chosen
}

/// Draws the open calendar; returns (still open, date validated).
fn calendar_area(
    ui: &egui::Ui,
    id: Id,
    state: &mut PickerState,
    anchor: egui::Rect,
    today: NaiveDate,
) -> (bool, Option<NaiveDate>) {
    let width = 300.0;
    let screen = ui.ctx().content_rect();
    let mut pos = anchor.left_bottom() + egui::vec2(0.0, 4.0);
    pos.x = pos
        .x
        .min(screen.right() - width - 24.0)
        .max(screen.left() + 4.0);
    // Above the button when there is no room below (a field low on a laptop screen).
    if pos.y + 330.0 > screen.bottom() {
        pos.y = (anchor.top() - 334.0).max(screen.top() + 4.0);
    }
    let mut keep = true;
    let mut chosen = None;
    let area = Area::new(id.with("area"))
        .order(Order::Foreground)
        .fixed_pos(pos)
        .show(ui.ctx(), |ui| {
            Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(width);
                ui.horizontal(|ui| {
                    if ui
                        .small_button("«")
                        .on_hover_text(text::ANNEE_PRECEDENTE)
                        .clicked()
                    {
                        state.month = add_months(state.month, -12);
                    }
                    if ui
                        .small_button("‹")
                        .on_hover_text(text::MOIS_PRECEDENT)
                        .clicked()
                    {
                        state.month = add_months(state.month, -1);
                    }
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            MONTHS_FR[state.month.month0() as usize],
                            state.month.year()
                        ))
                        .strong(),
                    );
                    if ui
                        .small_button("›")
                        .on_hover_text(text::MOIS_SUIVANT)
                        .clicked()
                    {
                        state.month = add_months(state.month, 1);
                    }
                    if ui
                        .small_button("»")
                        .on_hover_text(text::ANNEE_SUIVANTE)
                        .clicked()
                    {
                        state.month = add_months(state.month, 12);
                    }
                });
                egui::Grid::new(id.with("grid"))
                    .num_columns(7)
                    .spacing([2.0, 2.0])
                    .show(ui, |ui| {
                        for name in WEEKDAYS_FR {
                            ui.label(RichText::new(name).small());
                        }
                        ui.end_row();
                        let first = state.month;
                        let offset = i64::from(first.weekday().num_days_from_monday());
                        let start = first - Duration::days(offset);
                        for week in 0..6 {
                            for weekday in 0..7 {
                                let day = start + Duration::days(week * 7 + weekday);
                                if day.month() != first.month() {
                                    ui.label("");
                                    continue;
                                }
                                let mut text = RichText::new(format!("{:>2}", day.day()));
                                if day == today {
                                    text = text.strong().underline();
                                }
                                let response = ui
                                    .selectable_label(state.pending == Some(day), text)
                                    .on_hover_text(long_date_fr(day));
                                let label = long_date_fr(day);
                                response.widget_info(|| {
                                    egui::WidgetInfo::labeled(
                                        egui::Role::Button,
                                        true,
                                        label.clone(),
                                    )
                                });
                                if response.clicked() {
                                    state.pending = Some(day);
                                }
                                if response.double_clicked() {
                                    chosen = Some(day);
                                }
                            }
                            ui.end_row();
                        }
                    });
                ui.horizontal(|ui| {
                    if ui.button(text::AUJOURD_HUI).clicked() {
                        state.pending = Some(today);
                        state.month = first_of_month(today);
                    }
                    if ui.button(text::ANNULER).clicked() {
                        keep = false;
                    }
                    if primary_button(ui, text::VALIDER, state.pending.is_some()).clicked() {
                        chosen = state.pending;
                    }
                });
            });
        });
    // Consumed: Échap closes the calendar, not the form around it, and Entrée chooses the
    // day instead of saving the form.
    let (escape, enter) = ui.ctx().input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            state.pending.is_some() && i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
        )
    });
    if escape {
        keep = false;
    } else if enter && chosen.is_none() {
        chosen = state.pending;
    }
    // A click elsewhere closes it, as any popup.
    if area.response.clicked_elsewhere()
        && !anchor.contains(ui.input(|i| i.pointer.interact_pos().unwrap_or_default()))
    {
        keep = false;
    }
    if chosen.is_some() {
        keep = false;
    }
    (keep, chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_move_across_years() {
        let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        assert_eq!(add_months(d(2026, 12), 1), d(2027, 1));
        assert_eq!(add_months(d(2026, 1), -1), d(2025, 12));
        assert_eq!(add_months(d(2026, 3), -12), d(2025, 3));
        assert_eq!(long_date_fr(d(2026, 8)), "1 août 2026");
    }
}
