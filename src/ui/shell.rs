//! The main window: top bar (name, lock button), left navigation, the current section.

use egui::{Frame, Margin, RichText};

use super::on_click;
use super::settings::{SettingsView, settings_ui};
use super::theme::{
    ACCENT, DEMO_BAND_FILL, ERROR, ON_ACCENT, ON_ACCENT_MUTED, ON_DEMO_BAND, PANEL_FILL, SUCCESS,
};
use crate::command::{Command, Section};
pub mod text;

/// Label of the lock button (the shortcut is part of it so nobody has to guess it).
pub const LOCK_LABEL: &str = text::VERROUILLER_CTRL_L;

/// What the main window shows about the open base: a view model, refreshed by the app after
/// commands, never by a query inside a frame.
///
/// This is the hook for the Tableau: counts (ménages suivis, en emploi, logés…) will be added
/// here when the store can compute them, and drawn by [`shell_ui`].
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Path of the encrypted database, for display.
    pub db_location: String,
    /// Path of the key file, for display.
    pub key_location: String,
    /// Identifier of this installation (used in merge stamps).
    pub site_id: String,
    /// Households, active cases and cases per stage.
    pub counts: Option<crate::store::records::Summary>,
}

/// Kind of a message shown in the banner of the main window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// Something went well.
    Success,
    /// Something failed; the text says what to do.
    Error,
}

/// A message shown above the current section until dismissed.
#[derive(Clone, Debug)]
pub struct Message {
    /// Success or error.
    pub kind: MessageKind,
    /// French text.
    pub text: String,
}

impl Message {
    /// A success message: shown in the success colour, it goes away by itself after
    /// [`super::SUCCESS_SECS`].
    pub fn success(text: impl Into<String>) -> Self {
        Self {
            kind: MessageKind::Success,
            text: text.into(),
        }
    }

    /// An error message: shown in the error colour, it stays until closed or the worker
    /// moves to another section.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            kind: MessageKind::Error,
            text: text.into(),
        }
    }

    /// Whether this is a success message (and so expires by itself).
    pub fn is_success(&self) -> bool {
        self.kind == MessageKind::Success
    }
}

/// View state of the main window.
pub struct ShellView {
    /// Section shown on the right.
    pub section: Section,
    /// Cached facts about the base.
    pub summary: Summary,
    /// State of the settings page (kept while navigating, wiped on lock).
    pub settings: SettingsView,
    /// Banner message.
    pub message: Option<Message>,
    /// Work running in the background with the base, shown in the top bar.
    pub busy: Option<&'static str>,
    /// Actions asked for while that work holds the base: they are done, in order, when it
    /// gives the base back; the top bar says how many wait.
    pub waiting: usize,
    /// State of the « Rapprochement » section.
    pub matching: Box<super::matching::MatchingView>,
    /// « Ménages » (list and household page) and the global search.
    pub households: Box<super::household::HouseholdsView>,
    /// The board (« Tableau »), refreshed by the app after commands.
    pub board: Box<super::board::BoardView>,
    /// The « Échanges » section (packets with partners).
    pub exchange: Box<super::exchange::ExchangeView>,
    /// The « Rapports » section, refreshed by the app after commands.
    pub reports: Box<super::reports::ReportsView>,
    /// « Aide et à propos », shown instead of the section while open.
    pub about: Box<super::about::AboutView>,
    /// The base open is the demo base: the band says so on every screen.
    pub demo_base: bool,
    /// « Supprimer la base de démonstration… » was clicked: the confirmation is open.
    pub demo_delete_confirm: bool,
}

impl ShellView {
    /// The main window on the Tableau.
    pub fn new(summary: Summary, lock_delay_minutes: u32) -> Self {
        Self {
            section: Section::Tableau,
            summary,
            settings: SettingsView::new(lock_delay_minutes),
            message: None,
            busy: None,
            waiting: 0,
            matching: Default::default(),
            households: Default::default(),
            board: Box::default(),
            exchange: Box::default(),
            reports: Box::default(),
            about: Box::default(),
            demo_base: false,
            demo_delete_confirm: false,
        }
    }
}

/// Draws the main window.
pub fn shell_ui(ui: &mut egui::Ui, view: &mut ShellView, commands: &mut Vec<Command>) {
    super::search::search_overlay(ui, &mut view.households.search, commands);
    super::sheet_import::sheet_ui(ui, &mut view.households.sheet, commands);
    egui::Panel::top("top_bar")
        .frame(
            Frame::new()
                .fill(ACCENT)
                .inner_margin(Margin::symmetric(16, 8)),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(text::PASSERELLE)
                        .size(22.0)
                        .strong()
                        .color(ON_ACCENT),
                );
                ui.label(RichText::new(text::UN_TOIT_UN_EMPLOI).color(ON_ACCENT_MUTED));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let lock = ui.add(
                        egui::Button::new(RichText::new(LOCK_LABEL).color(ACCENT)).fill(ON_ACCENT),
                    );
                    on_click(&lock, commands, Command::Lock);
                    if view.waiting > 0 {
                        ui.label(RichText::new(waiting_label(view.waiting)).color(ON_ACCENT));
                    }
                    if let Some(text) = view.busy {
                        ui.label(RichText::new(text).color(ON_ACCENT));
                        ui.spinner();
                    }
                });
            });
        });

    if view.demo_base {
        demo_band(ui, view, commands);
    }

    egui::Panel::left("navigation")
        .resizable(false)
        .exact_size(200.0)
        .frame(
            Frame::new()
                .fill(PANEL_FILL)
                .inner_margin(Margin::symmetric(10, 14)),
        )
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 6.0;
            for section in Section::ALL {
                let selected = view.section == section;
                // While the help is open, no section looks current.
                let highlighted = selected && !view.about.open;
                let text = if highlighted {
                    RichText::new(section.label()).strong().color(ACCENT)
                } else {
                    RichText::new(section.label())
                };
                // A trailing growing atom pushes the text to the left edge: a list of
                // places reads better left-aligned than centred.
                let response = ui.add(
                    egui::Button::selectable(highlighted, (text, egui::Atom::grow()))
                        .min_size(egui::vec2(ui.available_width(), 34.0)),
                );
                if response.clicked() {
                    view.about.open = false;
                    if !selected {
                        commands.push(Command::Navigate(section));
                    }
                }
            }
            // Help is not a section of the work: a quieter entry, at the bottom.
            ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
                let about = ui.add(
                    egui::Button::selectable(
                        view.about.open,
                        (
                            RichText::new(super::about::ABOUT_LABEL).small(),
                            egui::Atom::grow(),
                        ),
                    )
                    .min_size(egui::vec2(ui.available_width(), 28.0)),
                );
                if about.clicked() {
                    view.about.open = !view.about.open;
                }
            });
        });

    egui::CentralPanel::default()
        .frame(Frame::central_panel(ui.style()).inner_margin(Margin::same(20)))
        .show(ui, |ui| {
            if super::success_expired(ui, "shell_banner", view.message.as_ref()) {
                view.message = None;
            }
            if view.about.open {
                super::about::about_ui(ui, &mut view.about, &view.summary);
                return;
            }
            if view.section == Section::Tableau {
                // The board scrolls inside its own columns: no page scroll around it.
                if let Some(message) = &view.message {
                    banner(ui, message, commands);
                }
                section_ui(ui, view, commands);
                return;
            }
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if let Some(message) = &view.message {
                        banner(ui, message, commands);
                    }
                    section_ui(ui, view, commands);
                });
        });
}

/// Text of the band shown on every screen of the demo base.
pub const DEMO_BAND: &str = text::DONNEES_FICTIVES_BASE_DE_DEMONSTRATION;
/// Its delete button.
pub const DEMO_DELETE_LABEL: &str = text::SUPPRIMER_LA_BASE_DE_DEMONSTRATION;

/// The band of the demo base, under the top bar, and the confirmation of its deletion.
fn demo_band(ui: &mut egui::Ui, view: &mut ShellView, commands: &mut Vec<Command>) {
    use super::dialog::{Dialog, DialogAnswer};
    egui::Panel::top("demo_band")
        .frame(
            Frame::new()
                .fill(DEMO_BAND_FILL)
                .inner_margin(Margin::symmetric(16, 6)),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(DEMO_BAND).strong().color(ON_DEMO_BAND));
                ui.label(RichText::new(text::RIEN_DE_CE_QUE_VOUS_FAITES).color(ON_DEMO_BAND));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button(DEMO_DELETE_LABEL).clicked() {
                        view.demo_delete_confirm = true;
                    }
                });
            });
        });
    if view.demo_delete_confirm {
        let answer = Dialog {
            id: "demo_delete",
            title: text::SUPPRIMER_LA_BASE_DE_DEMONSTRATION_2,
            width: 520.0,
            validate: text::SUPPRIMER,
            cancel: text::ANNULER,
            error: None,
        }
        .show(ui, |ui| {
            ui.label(text::LES_MENAGES_FICTIFS_ET_TOUT_CE);
        });
        match answer {
            DialogAnswer::Validate => {
                view.demo_delete_confirm = false;
                commands.push(Command::Protection(
                    crate::command::protection::ProtectionCommand::DeleteDemoBase,
                ));
            }
            DialogAnswer::Cancel => view.demo_delete_confirm = false,
            DialogAnswer::Open => {}
        }
    }
}

fn banner(ui: &mut egui::Ui, message: &Message, commands: &mut Vec<Command>) {
    let colour = match message.kind {
        MessageKind::Success => SUCCESS,
        MessageKind::Error => ERROR,
    };
    Frame::new()
        .fill(colour.gamma_multiply(0.12))
        .stroke(egui::Stroke::new(1.0, colour))
        .corner_radius(6.0)
        .inner_margin(Margin::symmetric(14, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(760.0));
            ui.horizontal(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    let close = ui.button(text::FERMER);
                    on_click(&close, commands, Command::DismissMessage);
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                        ui.add(egui::Label::new(RichText::new(&message.text).color(colour)).wrap());
                    });
                });
            });
        });
    ui.add_space(10.0);
}

fn section_ui(ui: &mut egui::Ui, view: &mut ShellView, commands: &mut Vec<Command>) {
    match view.section {
        Section::Tableau => super::board::board_ui(ui, &mut view.board, commands),
        Section::Menages => super::household::households_ui(ui, &mut view.households, commands),
        Section::Rapprochement => super::matching::matching_ui(ui, &mut view.matching, commands),
        Section::Echanges => super::exchange::exchange_ui(ui, &mut view.exchange, commands),
        Section::Rapports => super::reports::reports_ui(ui, &mut view.reports, commands),
        Section::Parametres => settings_ui(ui, &mut view.settings, &view.summary, commands),
    }
}

/// « · 1 action en attente » in the top bar, after the work it waits for.
pub fn waiting_label(waiting: usize) -> String {
    format!(
        "· {}",
        crate::domain::text::count(waiting, text::ACTION_EN_ATTENTE, text::ACTIONS_EN_ATTENTE)
    )
}
