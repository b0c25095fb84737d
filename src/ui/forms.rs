//! Form widgets of the household view: labelled fields in a two-column grid, French
//! messages under the field they are about, dates typed dd/mm/yyyy with a date picker,
//! and "Enter saves".

use egui::{Key, RichText};

use super::theme::ERROR;
use crate::domain::household_form::FieldErrors;
use crate::domain::text::{format_date_fr, parse_date_fr};
use crate::ui::text;

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

/// A commune on a grid row, with suggestions from the offline gazetteer once three letters
/// are typed (« Nom (dép.) », so homonyms stay apart). With `list`, the field holds several
/// communes separated by commas and the suggestions complete the last one.
pub fn commune_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    errors: &FieldErrors,
    field: &str,
    list: bool,
) -> egui::Response {
    let l = ui.label(label);
    let response = ui
        .vertical(|ui| {
            let edit = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .desired_width(FIELD_WIDTH)
                        .hint_text(text::T_3_LETTRES_PUIS_CHOISIR),
                )
                .labelled_by(l.id);
            commune_suggestions(ui, field, &edit, value, list);
            edit
        })
        .inner;
    ui.end_row();
    field_errors(ui, errors, field);
    response
}

/// The gazetteer's suggestions under a focused commune field; a click puts the commune in.
pub fn commune_suggestions(
    ui: &mut egui::Ui,
    id: &str,
    edit: &egui::Response,
    value: &mut String,
    list: bool,
) {
    let (kept, typed) = match value.rfind(',') {
        Some(i) if list => (value[..=i].to_owned(), value[i + 1..].trim().to_owned()),
        _ => (String::new(), value.trim().to_owned()),
    };
    // A click on a suggestion takes the focus from the field before the click ends: keep the
    // list while that click is going on, or the choice would be lost.
    let open_id = edit.id.with("commune_suggestions_open");
    let clicking = ui.input(|i| i.pointer.any_down() || i.pointer.any_released());
    let was_open = ui.data(|d| d.get_temp::<bool>(open_id)).unwrap_or(false);
    let show = edit.has_focus() || (was_open && clicking);
    ui.data_mut(|d| d.insert_temp(open_id, show));
    if !show || typed.chars().count() < 3 {
        return;
    }
    let gazetteer = crate::matching::geo::Gazetteer::embedded();
    if gazetteer
        .resolve(&typed)
        .is_some_and(|c| c.display() == typed)
    {
        return;
    }
    let found = gazetteer.autocomplete(&typed, 8);
    if found.is_empty() {
        return;
    }
    egui::Frame::popup(ui.style()).show(ui, |ui| {
        ui.push_id(id, |ui| {
            for c in found {
                let note = c.precision.note_fr();
                let text = if note.is_empty() {
                    text::valeur_population_hab(c.display(), c.population)
                } else {
                    text::valeur_population_hab_note(c.display(), c.population, note)
                };
                if ui.selectable_label(false, text).clicked() {
                    *value = if kept.is_empty() {
                        c.display()
                    } else {
                        format!("{kept} {}", c.display())
                    };
                }
            }
        });
    });
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
            let today = chrono::Local::now().date_naive();
            if let Some(d) = super::date_picker::date_picker_button(ui, field, parsed, today) {
                *value = format_date_fr(Some(d));
            }
            r
        })
        .inner;
    ui.end_row();
    field_errors(ui, errors, field);
    response
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
        // The whole list at once (sixteen school levels), not five lines and a scroll bar.
        .height(520.0)
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
        .selected_text(value.map_or(text::NON_RENSEIGNE, &name))
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, text::NON_RENSEIGNE);
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
    let l = ui.label(label);
    // Named by its row (« Permis B »), not only by its text (« oui »), for screen readers.
    ui.checkbox(value, text).labelled_by(l.id);
    ui.end_row();
}

/// What [`keep_tab_inside`] remembers of a form from one frame to the next.
#[derive(Clone, Copy)]
struct FocusRing {
    /// Where the form was drawn.
    rect: egui::Rect,
    /// The widget of the form that had the keyboard focus, if one had it.
    focused_inside: Option<egui::Id>,
    /// Tab was pressed in the form: `Some(shift held)`.
    tab: Option<bool>,
    /// The form's first field (see [`mark_first_field`]).
    first: Option<egui::Id>,
}

fn first_field_key() -> egui::Id {
    egui::Id::unique("passerelle_form_first_field")
}

/// Names `response` as the first field of the form being drawn, where Tab from the
/// form's last widget comes back to (see [`keep_tab_inside`]), unless a field drawn
/// before it in this frame was named already.
pub fn mark_first_field(response: &egui::Response) {
    let id = response.id;
    response.ctx.data_mut(|d| {
        if d.get_temp::<egui::Id>(first_field_key()).is_none() {
            d.insert_temp(first_field_key(), id);
        }
    });
}

/// Brings the widget `id` (as drawn on the previous frame) into view.
fn scroll_to(ui: &egui::Ui, id: egui::Id) {
    if let Some(r) = ui.ctx().read_response(id) {
        ui.scroll_to_rect(r.rect, None);
    }
}

/// Draws a form with `add` and keeps the keyboard inside it: egui moves the focus in
/// drawing order and wraps around the whole window, so Tab from a form's last widget
/// would land in the left navigation, where Enter leaves the form. When Tab (pressed
/// in the form on the previous frame) took the focus outside, it comes back: to the
/// first field (Tab) or to where it was (Maj+Tab). Mouse clicks elsewhere are left alone.
pub fn keep_tab_inside<R>(
    ui: &mut egui::Ui,
    salt: &str,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let ring_id = egui::Id::unique(("passerelle_focus_ring", salt));
    let ctx = ui.ctx().clone();
    let previous = ctx.data(|d| d.get_temp::<FocusRing>(ring_id));
    // Who has the focus as the form starts drawing: Tab hands it over while the focused
    // widget is drawn, so after drawing the last field nobody has it any more.
    let focused = ctx.memory(egui::Memory::focused);
    let inside = |rect: egui::Rect, id: egui::Id| {
        ctx.read_response(id)
            .is_some_and(|r| rect.contains_rect(r.rect))
    };
    let mut focused_inside = None;
    if let Some(previous) = previous {
        let is_inside = focused.is_some_and(|id| inside(previous.rect, id));
        if let Some(shift) = previous.tab
            && !is_inside
        {
            let target = if shift {
                previous.focused_inside
            } else {
                previous.first.or(previous.focused_inside)
            };
            if let Some(target) = target {
                ctx.memory_mut(|m| m.request_focus(target));
                scroll_to(ui, target);
            }
        } else if previous.tab.is_some()
            && is_inside
            && let Some(id) = focused
        {
            // egui does not scroll to a widget reached by Tab: a long form (an adult)
            // would otherwise hide the field being typed in below the window's edge.
            scroll_to(ui, id);
        }
        if is_inside {
            focused_inside = focused;
        }
    }
    ctx.data_mut(|d| d.remove::<egui::Id>(first_field_key()));
    let inner = ui.scope(add);
    let rect = inner.response.rect;
    if previous.is_none() {
        // The form's first frame: its rect is known only now.
        focused_inside = focused.filter(|id| inside(rect, *id));
    }
    let tab = focused_inside
        .and_then(|_| ctx.input(|i| i.key_pressed(Key::Tab).then_some(i.modifiers.shift)));
    let ring = FocusRing {
        rect,
        focused_inside,
        tab,
        first: ctx.data(|d| d.get_temp::<egui::Id>(first_field_key())),
    };
    ctx.data_mut(|d| d.insert_temp(ring_id, ring));
    inner.inner
}

/// Shown in the référent·e picker for "nobody yet".
pub const NO_REFERENT: &str = "(personne)";

/// The « Référent·e » combo box: one of `choices` (the team's workers, see
/// `domain::worker::referent_choices`) or nobody. A name typed before workers existed
/// stays selectable, so opening a household never changes its référent·e.
pub fn referent_combo(
    ui: &mut egui::Ui,
    id: &str,
    label: egui::Id,
    choices: &[String],
    value: &mut String,
) -> egui::Response {
    let mut names = choices.to_vec();
    if !value.trim().is_empty() && !names.iter().any(|n| n == value.trim()) {
        names.push(value.trim().to_owned());
    }
    let shown = if value.trim().is_empty() {
        NO_REFERENT.to_owned()
    } else {
        value.clone()
    };
    let before = value.clone();
    let mut r = egui::ComboBox::from_id_salt(id)
        .width(FIELD_WIDTH - 8.0)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, String::new(), NO_REFERENT);
            for name in &names {
                ui.selectable_value(value, name.clone(), name);
            }
        })
        .response
        .labelled_by(label);
    if *value != before {
        r.mark_changed();
    }
    r
}

/// A référent·e label and picker, one under the other (dialogs).
pub fn referent_picker(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    choices: &[String],
    value: &mut String,
) {
    let l = ui.label(label);
    referent_combo(ui, id, l.id, choices, value);
}

/// A référent·e picker on a grid row (forms).
pub fn referent_row(
    ui: &mut egui::Ui,
    id: &str,
    label: &str,
    choices: &[String],
    value: &mut String,
) {
    let l = ui.label(label);
    referent_combo(ui, id, l.id, choices, value);
    ui.end_row();
}
