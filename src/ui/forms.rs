//! Form widgets of the household view: labelled fields in a two-column grid, French
//! messages under the field they are about, dates typed dd/mm/yyyy with a date picker,
//! and "Enter saves".

use egui::{Key, RichText};

use super::ERROR;
use crate::domain::household_form::{FieldErrors, format_date_fr, parse_date_fr};

/// Width of text fields in forms, in points (fits two columns at 1366×768).
pub const FIELD_WIDTH: f32 = 320.0;

/// Whether Enter was pressed to leave this single-line field (the form then saves).
pub fn entered(response: &egui::Response) -> bool {
    response.lost_focus() && response.ctx.input(|i| i.key_pressed(Key::Enter))
}

/// The messages about `field`, in red, on their own grid row.
pub fn field_errors(ui: &mut egui::Ui, errors: &FieldErrors, field: &str) {
    let messages: Vec<&str> = errors.for_field(field).collect();
    if messages.is_empty() {
        return;
    }
    ui.label("");
    ui.vertical(|ui| {
        for m in messages {
            ui.label(RichText::new(m).color(ERROR));
        }
    });
    ui.end_row();
}

/// A labelled single-line text field on a grid row. Returns the field's response.
pub fn text_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    errors: &FieldErrors,
    field: &str,
) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(egui::TextEdit::singleline(value).desired_width(FIELD_WIDTH))
        .labelled_by(l.id);
    ui.end_row();
    field_errors(ui, errors, field);
    r
}

/// The last text field of a form: Tab from it goes back to the form's first field
/// (`first`), Shift+Tab to the field before it (`previous`), instead of wrapping into the
/// left navigation, where Enter would leave the form.
pub fn last_text_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    errors: &FieldErrors,
    field: &str,
    (first, previous): (egui::Id, egui::Id),
) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::singleline(value)
                .desired_width(FIELD_WIDTH)
                // Keeps Tab for us; a single-line field inserts no tab character.
                .lock_focus(true),
        )
        .labelled_by(l.id);
    if r.has_focus() {
        let (tab, shift) = ui.input(|i| (i.key_pressed(Key::Tab), i.modifiers.shift));
        if tab {
            let target = if shift { previous } else { first };
            ui.memory_mut(|m| m.request_focus(target));
        }
    }
    ui.end_row();
    field_errors(ui, errors, field);
    r
}

/// A labelled multi-line text field on a grid row.
pub fn multiline_row(ui: &mut egui::Ui, label: &str, value: &mut String) -> egui::Response {
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::multiline(value)
                .desired_width(FIELD_WIDTH * 1.6)
                .desired_rows(3),
        )
        .labelled_by(l.id);
    ui.end_row();
    r
}

/// A labelled date field: typed as dd/mm/yyyy, or picked in a calendar. Returns the text
/// field's response.
pub fn date_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    errors: &FieldErrors,
    field: &str,
) -> egui::Response {
    let l = ui.label(label);
    let response = ui
        .horizontal(|ui| {
            let r = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .desired_width(120.0)
                        .hint_text("jj/mm/aaaa"),
                )
                .labelled_by(l.id);
            let parsed = parse_date_fr(value).ok().flatten();
            let mut picked = parsed
                .and_then(to_jiff)
                .unwrap_or_else(|| jiff::civil::date(2000, 1, 1));
            let before = picked;
            ui.add(
                egui_extras::DatePickerButton::new(&mut picked)
                    .id_salt(field)
                    .format("Calendrier")
                    .show_icon(false)
                    .calendar_week(false)
                    .start_end_years(1920..=2040),
            )
            .on_hover_text("Choisir dans le calendrier");
            if picked != before
                && let Some(d) = from_jiff(picked)
            {
                *value = format_date_fr(Some(d));
            }
            r
        })
        .inner;
    ui.end_row();
    field_errors(ui, errors, field);
    response
}

fn to_jiff(d: chrono::NaiveDate) -> Option<jiff::civil::Date> {
    use chrono::Datelike;
    jiff::civil::Date::new(
        i16::try_from(d.year()).ok()?,
        i8::try_from(d.month()).ok()?,
        i8::try_from(d.day()).ok()?,
    )
    .ok()
}

fn from_jiff(d: jiff::civil::Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(d.year()),
        u32::try_from(d.month()).ok()?,
        u32::try_from(d.day()).ok()?,
    )
}

/// A labelled choice among `all` on a grid row.
pub fn combo_row<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            for v in all {
                ui.selectable_value(value, *v, name(*v));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

/// Like [`combo_row`], with « Non renseigné » for `None`.
pub fn option_combo_row<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(value.map_or("Non renseigné", &name))
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "Non renseigné");
            for v in all {
                ui.selectable_value(value, Some(*v), name(*v));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

/// A labelled checkbox on a grid row.
pub fn check_row(ui: &mut egui::Ui, label: &str, value: &mut bool, text: &str) {
    ui.label(label);
    ui.checkbox(value, text);
    ui.end_row();
}
