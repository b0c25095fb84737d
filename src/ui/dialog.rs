//! One way to show a dialog, so that every dialog behaves the same on a laptop screen
//! (issue 16): it fits 1280×680 (its body scrolls, its title and buttons always show),
//! Échap cancels, Entrée validates (unless a multi-line field is being typed in).

use egui::{Frame, Id, Margin, RichText};

use super::primary_button;
use crate::ui::text;

/// What the worker did with a dialog in this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogAnswer {
    /// Nothing yet: the dialog stays.
    Open,
    /// The main button, or Entrée.
    Validate,
    /// « Annuler », or Échap.
    Cancel,
}

/// Room kept around a dialog, and for its title and buttons, in points.
const MARGIN: f32 = 24.0;
const CHROME: f32 = 130.0;

/// A dialog's title, width and buttons.
pub struct Dialog<'a> {
    /// Unique id of the dialog.
    pub id: &'a str,
    /// Title, shown above the scrolling body.
    pub title: &'a str,
    /// Preferred width, in points (narrower on a small screen).
    pub width: f32,
    /// Label of the main button (« Déplacer », « Créer le dossier »…).
    pub validate: &'a str,
    /// Label of the other button (« Annuler », « Fermer »…).
    pub cancel: &'a str,
    /// Why the last « validate » was refused: shown just above the buttons, outside the
    /// scrolling body, so it is never scrolled out of sight.
    pub error: Option<&'a str>,
}

impl Dialog<'_> {
    /// Shows the dialog with `body` and returns what the worker did.
    pub fn show(&self, ui: &egui::Ui, body: impl FnOnce(&mut egui::Ui)) -> DialogAnswer {
        let ctx = ui.ctx();
        let screen = ctx.content_rect();
        let width = self.width.min(screen.width() - 2.0 * MARGIN).max(200.0);
        let body_height = (screen.height() - 2.0 * MARGIN - CHROME).max(120.0);
        // Freshly opened (not shown in the previous frame): its scrolling body does not know
        // its height yet, so the first layout is too tall and the dialog would jump under
        // the pointer in the next frame. Lay it out twice before painting instead.
        let frame = ctx.cumulative_frame_nr();
        let seen_id = Id::unique(self.id).with("last_frame");
        let last: Option<u64> = ctx.data_mut(|d| {
            let last = d.get_temp(seen_id);
            d.insert_temp(seen_id, frame);
            last
        });
        // Same frame (a second pass) or the one before: already shown.
        if last.is_none_or(|last| last.saturating_add(1) < frame) {
            ctx.request_discard(text::DIALOG_OPENED_MEASURE_ITS_BODY_FIRST);
        }
        let mut answer = DialogAnswer::Open;
        let response = egui::Modal::new(Id::unique(self.id))
            .frame(Frame::popup(ui.style()).inner_margin(Margin::same(16)))
            .show(ctx, |ui| {
                ui.set_width(width);
                ui.label(RichText::new(self.title).heading());
                ui.add_space(4.0);
                egui::ScrollArea::vertical()
                    .id_salt((self.id, "body"))
                    .max_height(body_height)
                    .auto_shrink([false, true])
                    .show(ui, body);
                ui.add_space(6.0);
                if let Some(error) = self.error {
                    super::error_text(ui, error);
                }
                ui.horizontal(|ui| {
                    if primary_button(ui, self.validate, true).clicked() {
                        answer = DialogAnswer::Validate;
                    }
                    if ui.button(self.cancel).clicked() {
                        answer = DialogAnswer::Cancel;
                    }
                });
            });
        if answer == DialogAnswer::Open && response.is_top_modal && !response.any_popup_open {
            // A single-line field gives the focus up on Entrée; a multi-line one keeps it
            // (Entrée is a new line there), and a focused button or radio answers Entrée
            // itself: in both cases the dialog does not validate.
            let enter = ctx.input(|i| i.key_pressed(egui::Key::Enter) && i.modifiers.is_none());
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                answer = DialogAnswer::Cancel;
            } else if enter
                && !ctx.egui_wants_keyboard_input()
                && ctx.memory(|m| m.focused().is_none())
            {
                answer = DialogAnswer::Validate;
            }
        }
        answer
    }
}
