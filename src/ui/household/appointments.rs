//! The « Rendez-vous » tab: upcoming and past appointments with who attended, and the
//! appointment form.

use chrono::{FixedOffset, NaiveDate, Utc};
use egui::RichText;
use uuid::Uuid;

use super::PageView;
use super::widgets::{add_button, card, table_grid};
use crate::domain::household_form::*;
use crate::domain::model::*;
use crate::domain::text::format_date_fr;
use crate::ui::forms::{combo_row, date_row, entered, multiline_row, text_row};
use crate::ui::household::text;

pub(super) fn appointments_ui(
    ui: &mut egui::Ui,
    page: &PageView,
    today: NaiveDate,
    offset: FixedOffset,
    editing: bool,
    start: &mut Option<Draft>,
) {
    let data = &page.data;
    let h = &data.detail.household;
    if !editing && add_button(ui, text::NOUVEAU_RENDEZ_VOUS, true) {
        let a = Appointment {
            id: Uuid::new_v4(),
            household_id: Some(h.id),
            at: Utc::now(),
            kind: AppointmentKind::Entretien,
            place: String::new(),
            notes: String::new(),
        };
        let mut form = AppointmentForm::from_record(&a, false, offset, page.attendance_of(a.id));
        form.date = format_date_fr(Some(today));
        form.time = "09:30".to_owned();
        *start = Some(Draft::Appointment(form));
    }
    if data.detail.appointments.is_empty() {
        ui.label(text::AUCUN_RENDEZ_VOUS);
        return;
    }
    let now = Utc::now();
    let (mut upcoming, mut past): (Vec<&Appointment>, Vec<&Appointment>) =
        data.detail.appointments.iter().partition(|a| a.at >= now);
    upcoming.sort_by_key(|a| a.at);
    past.sort_by_key(|a| std::cmp::Reverse(a.at));
    for (title, list) in [(text::A_VENIR, upcoming), (text::PASSES, past)] {
        if list.is_empty() {
            continue;
        }
        ui.label(RichText::new(title).strong().size(17.0));
        card(ui, |ui| {
            table_grid(title, 5).show(ui, |ui| {
                for a in list {
                    let local = a.at.with_timezone(&offset);
                    ui.label(local.format(text::D_M_Y_H_M).to_string());
                    ui.label(a.kind.label_fr());
                    ui.label(if a.place.is_empty() { "—" } else { &a.place });
                    let att = page.attendance_of(a.id);
                    let att: Vec<String> = att
                        .iter()
                        .filter_map(|(_, n, s)| s.map(|s| format!("{n} : {}", s.label_fr())))
                        .collect();
                    ui.label(if att.is_empty() {
                        text::PRESENCE_NON_RENSEIGNEE.to_owned()
                    } else {
                        att.join(", ")
                    });
                    if !editing && ui.button(text::MODIFIER).clicked() {
                        *start = Some(Draft::Appointment(AppointmentForm::from_record(
                            a,
                            true,
                            offset,
                            page.attendance_of(a.id),
                        )));
                    }
                    ui.end_row();
                }
            });
        });
    }
}

pub(super) fn appointment_form(
    ui: &mut egui::Ui,
    f: &mut AppointmentForm,
    e: &FieldErrors,
) -> bool {
    let mut enter = false;
    enter |= entered(&date_row(ui, text::DATE, &mut f.date, e, "date"));
    enter |= entered(&text_row(ui, text::HEURE_HH_MM, &mut f.time, e, "time"));
    combo_row(ui, text::TYPE, &mut f.kind, AppointmentKind::ALL, |v| {
        v.label_fr()
    });
    enter |= entered(&text_row(ui, text::LIEU, &mut f.place, e, "place"));
    multiline_row(ui, text::NOTES, &mut f.notes);
    for (i, (_, name, status)) in f.attendance.iter_mut().enumerate() {
        let l = ui.label(text::presence_name(&name));
        egui::ComboBox::from_id_salt(("attendance", i))
            .selected_text(status.map_or(text::NON_RENSEIGNEE, |s| s.label_fr()))
            .show_ui(ui, |ui| {
                for s in AttendanceStatus::ALL {
                    ui.selectable_value(status, Some(*s), s.label_fr());
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
    }
    enter
}
