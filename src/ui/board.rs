//! The board (« Tableau »): one column per stage of the programme, one card per case.
//!
//! Drawing is cheap whatever the number of cases: each column is a
//! [`egui::ScrollArea::show_rows`] of fixed-height cards, so only the visible cards are laid
//! out; cards are painted directly (no child widgets); their texts are formatted when the
//! view model is rebuilt, after a command, never in a frame. Filtering, grouping and
//! sorting happen in [`BoardView::regroup`], also after a command.

use crate::domain::text::count;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use egui::{
    Align2, Color32, FontId, Frame, Id, Key, KeyboardShortcut, LayerId, Margin, Modifiers, Order,
    Rect, RichText, Sense, Stroke, WidgetInfo, vec2,
};
use uuid::Uuid;

use super::dialog::{Dialog, DialogAnswer};
use super::primary_button;
use super::shell::Message;
use super::theme::{
    ACCENT, BOARD_CARD_STROKE, CARD_FILL, CARD_FILL_DRAGGED, CARD_STROKE, COLUMN_FILL, ERROR,
    EXIT_COLUMN_FILL, FLAG_CONSENT, FLAG_DOCUMENTS, FLAG_PROPOSAL, FLAG_STALE, INSET_FILL, SUCCESS,
    TEXT_DETAIL, TEXT_EMPTY, TEXT_MUTED, TEXT_STRONG, TEXT_SUBTLE,
};
use crate::command::Command;
use crate::command::board::BoardCommand;
use crate::command::household::HouseholdCommand;
use crate::domain::board::{
    BoardCard, BoardFilter, Column, Flags, MoveRequest, group, insert_position, referents,
};
use crate::domain::model::{EarlyExitReason, HousingSituation, Programme, Stage, StageEvent};
use crate::domain::programme::default_programme;
use crate::store::board::{MoveDone, NewCase};

/// Default name written in the stage history until the user gives theirs (there is no
/// user management yet).
pub const DEFAULT_REFERENT_NAME: &str = "Référent·e";
/// How long a move can be undone, in seconds.
pub const UNDO_SECONDS: f64 = 30.0;

/// Width of a card, in points.
pub const CARD_WIDTH: f32 = 236.0;
/// Height of a card in the compact density.
pub const CARD_HEIGHT_COMPACT: f32 = 42.0;
/// Height of a card in the detailed density.
pub const CARD_HEIGHT_DETAILED: f32 = 98.0;
const CARD_GAP: f32 = 6.0;
const COLUMN_PADDING: f32 = 6.0;
const COLUMN_WIDTH: f32 = CARD_WIDTH + 2.0 * COLUMN_PADDING + 10.0;
const COLLAPSED_WIDTH: f32 = 132.0;
/// The narrowest column of compact mode, which fits every stage on a 1366 px screen
/// (ten stages beside the navigation) instead of showing four and a half.
const COMPACT_MIN_COLUMN_WIDTH: f32 = 100.0;
const HEADER_HEIGHT: f32 = 52.0;
/// How long one frame may spend writing the cards' texts, in milliseconds.
///
/// egui lays a text out the first frame it is drawn and keeps it only while it stays on
/// screen: when the whole board appears (at unlock, back from another section, a filter
/// typed), its sixty-odd visible cards were all laid out in one frame: 6–12 ms of the
/// 11–25 ms pass that shows the board after the unlock at 10,000 households (issue 17;
/// 9–12 ms with this budget). Past it the remaining cards show as empty frames for a
/// frame or two, then fill in; the cards already written cost almost nothing the next
/// frame, so the board is whole within 2–4 frames (≈ 50 ms).
const CARD_TEXT_BUDGET_MS: u64 = 3;

/// What a card being dragged carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardDrag {
    /// The case dragged.
    pub case_id: Uuid,
}

/// Texts of a card, formatted when the view model is rebuilt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardText {
    /// "2 adultes · 1 enfant · Aurillac".
    pub household: String,
    /// "Réf. Claire · RDV 14/03 10:00".
    pub follow_up: String,
    /// "12 j" in the stage.
    pub days: String,
    /// Everything on the card in words: what screen readers say and UI tests find.
    pub accessible: String,
}

/// The "Passer à l'étape…" dialog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoveDialog {
    /// Case being moved.
    pub case_id: Uuid,
    /// Its household's label.
    pub label: String,
    /// Its current stage.
    pub current: Option<Uuid>,
    /// Stage chosen.
    pub target: Option<Uuid>,
    /// Optional comment.
    pub comment: String,
    /// Reason of an early exit.
    pub reason: Option<EarlyExitReason>,
    /// Free text of an early exit.
    pub details: String,
    /// Why the last attempt was refused.
    pub error: Option<String>,
}

/// The "Nouveau dossier" form.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCaseForm {
    /// Household label.
    pub label: String,
    /// Commune.
    pub commune: String,
    /// Housing situation today.
    pub situation: HousingSituation,
    /// Programme chosen.
    pub programme_id: Uuid,
    /// Prescriber.
    pub origin: String,
    /// Référent·e, one of the team's workers (the worker using this base by default).
    pub referent: String,
    /// Why the last attempt was refused.
    pub error: Option<String>,
    /// Put the keyboard focus in the household's name on the next frame.
    pub focus_name: bool,
}

/// The programme settings dialog: a draft edited freely, saved in one command.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeSettings {
    /// The programme being edited.
    pub draft: Programme,
    /// Label of the stage to add.
    pub new_stage: String,
    /// Why the last save was refused.
    pub error: Option<String>,
}

/// A case opened from the board: a summary and its stage history, until the household
/// view exists.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseDetail {
    /// The case.
    pub case_id: Uuid,
    /// Lines of the stage history, oldest first, formatted.
    pub history: Vec<String>,
    /// Shown once after creation.
    pub created: bool,
}

/// A move that can still be undone.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoOffer {
    /// "Famille Martin : de « Diagnostic » à « Recherche de postes »".
    pub text: String,
    /// What to undo.
    pub done: MoveDone,
    /// Until when (egui input time, seconds).
    pub until_s: f64,
}

/// The board's view model and view state.
#[derive(Debug, Clone)]
pub struct BoardView {
    /// Every programme (the selector shows when there are several).
    pub programmes: Vec<Programme>,
    /// The programme shown.
    pub programme: Programme,
    /// "Today" of the last rebuild (days in stage, staleness).
    pub today: NaiveDate,
    /// The cases of the programme.
    pub cards: Vec<BoardCard>,
    /// Flags of each card (same order).
    pub flags: Vec<Flags>,
    /// Texts of each card (same order).
    pub texts: Vec<CardText>,
    /// Columns, filtered and sorted.
    pub columns: Vec<Column>,
    /// Referents seen on the cards.
    pub referents: Vec<String>,
    /// Filter applied.
    pub filter: BoardFilter,
    /// Search text typed.
    pub search: String,
    /// Compact cards (one line) instead of detailed ones.
    pub compact: bool,
    /// Collapsed columns, by stage id (`Uuid::nil()` for the orphans' column).
    pub collapsed: HashSet<Uuid>,
    /// Name of the worker using this base (« Paramètres »), written as "who" in the
    /// history and proposed as référent·e of a new case.
    pub referent_name: String,
    /// The team's workers, by display name: the référent·e picker of a new case.
    pub workers: Vec<String>,
    /// Open dialogs.
    pub move_dialog: Option<MoveDialog>,
    /// New case form.
    pub new_case: Option<NewCaseForm>,
    /// Programme settings.
    pub settings: Option<ProgrammeSettings>,
    /// Case opened.
    pub detail: Option<CaseDetail>,
    /// Last move, while it can be undone.
    pub undo: Option<UndoOffer>,
    /// Message about the board (error or success).
    pub message: Option<Message>,
    index: HashMap<Uuid, usize>,
    /// How long one frame may spend writing cards ([`CARD_TEXT_BUDGET_MS`]).
    card_text_budget: std::time::Duration,
}

impl Default for BoardView {
    fn default() -> Self {
        let programme = default_programme();
        Self::new(
            vec![programme.clone()],
            programme,
            Vec::new(),
            NaiveDate::MIN,
        )
    }
}

impl BoardView {
    /// A board for `programme` with its `cards` on `today`.
    pub fn new(
        programmes: Vec<Programme>,
        programme: Programme,
        cards: Vec<BoardCard>,
        today: NaiveDate,
    ) -> Self {
        let mut view = BoardView {
            programmes,
            programme,
            today,
            cards: Vec::new(),
            flags: Vec::new(),
            texts: Vec::new(),
            columns: Vec::new(),
            referents: Vec::new(),
            filter: BoardFilter::default(),
            search: String::new(),
            compact: false,
            collapsed: HashSet::new(),
            referent_name: DEFAULT_REFERENT_NAME.to_owned(),
            workers: Vec::new(),
            move_dialog: None,
            new_case: None,
            settings: None,
            detail: None,
            undo: None,
            message: None,
            index: HashMap::new(),
            card_text_budget: std::time::Duration::from_millis(CARD_TEXT_BUDGET_MS),
        };
        view.set_cards(cards, today);
        view
    }

    /// Replaces every card (after loading a programme), then regroups.
    pub fn set_cards(&mut self, cards: Vec<BoardCard>, today: NaiveDate) {
        self.today = today;
        self.flags = cards
            .iter()
            .map(|c| Flags::of(c, &self.programme, today))
            .collect();
        self.texts = cards
            .iter()
            .zip(&self.flags)
            .map(|(c, f)| card_text(c, *f, &self.programme, today))
            .collect();
        self.index = cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.case_id, i))
            .collect();
        self.referents = referents(&cards);
        self.cards = cards;
        self.regroup();
    }

    /// Puts one card in place of the case's old one (or adds it), then regroups: what the
    /// app does after a move or a creation, without reloading the whole board.
    pub fn upsert_card(&mut self, card: BoardCard) {
        let flags = Flags::of(&card, &self.programme, self.today);
        let text = card_text(&card, flags, &self.programme, self.today);
        match self.index.get(&card.case_id) {
            Some(&i) => {
                self.cards[i] = card;
                self.flags[i] = flags;
                self.texts[i] = text;
            }
            None => {
                if !self.referents.contains(&card.referent) && !card.referent.trim().is_empty() {
                    self.referents.push(card.referent.clone());
                    self.referents.sort();
                }
                self.index.insert(card.case_id, self.cards.len());
                self.cards.push(card);
                self.flags.push(flags);
                self.texts.push(text);
            }
        }
        self.regroup();
    }

    /// Rebuilds the columns from the cards and the filter.
    pub fn regroup(&mut self) {
        self.columns = group(&self.programme, &self.cards, &self.flags, &self.filter);
    }

    /// Replaces the programme (after its settings changed): texts and columns follow.
    pub fn set_programme(&mut self, programme: Programme) {
        if let Some(p) = self.programmes.iter_mut().find(|p| p.id == programme.id) {
            *p = programme.clone();
        } else {
            self.programmes.push(programme.clone());
        }
        self.programme = programme;
        let cards = std::mem::take(&mut self.cards);
        self.set_cards(cards, self.today);
    }

    /// The card of a case.
    pub fn card(&self, case_id: Uuid) -> Option<&BoardCard> {
        self.index.get(&case_id).and_then(|&i| self.cards.get(i))
    }

    /// Label of a stage of the programme (archived ones too).
    pub fn stage_label(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.programme.stage(id))
            .map_or_else(|| "sans étape".to_owned(), |s| s.label.clone())
    }

    /// Cards shown after filtering.
    pub fn shown(&self) -> usize {
        self.columns.iter().map(|c| c.cards.len()).sum()
    }

    /// Cases opened (oriented) since January 1st, for the yearly target.
    pub fn entries_this_year(&self) -> usize {
        self.cards
            .iter()
            .filter(|c| c.opened_on.year() == self.today.year())
            .count()
    }

    /// Formats a case's history for the detail panel.
    pub fn history_lines(&self, events: &[StageEvent]) -> Vec<String> {
        events
            .iter()
            .map(|e| {
                let when = local_time(e.at);
                let to = self.stage_label(Some(e.to_stage));
                let mut line = match e.from_stage {
                    None => format!("{when} — entrée à l'étape « {to} »"),
                    Some(from) => {
                        format!(
                            "{when} — de « {} » à « {to} »",
                            self.stage_label(Some(from))
                        )
                    }
                };
                if !e.by.trim().is_empty() {
                    line.push_str(&format!(" — par {}", e.by));
                }
                if !e.comment.trim().is_empty() {
                    line.push_str(&format!(" — « {} »", e.comment));
                }
                line
            })
            .collect()
    }
}

/// dd/mm/yyyy hh:mm in local time.
pub fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

fn card_text(card: &BoardCard, flags: Flags, programme: &Programme, today: NaiveDate) -> CardText {
    let mut household = format!(
        "{} · {}",
        count(card.adults, "adulte", "adultes"),
        count(card.children, "enfant", "enfants")
    );
    if !card.commune.trim().is_empty() {
        household.push_str(" · ");
        household.push_str(&card.commune);
    }
    let referent = if card.referent.trim().is_empty() {
        "sans référent·e".to_owned()
    } else {
        format!("Réf. {}", card.referent)
    };
    let next = card.next_appointment.map(|t| {
        t.with_timezone(&chrono::Local)
            .format("RDV %d/%m %H:%M")
            .to_string()
    });
    let follow_up = match &next {
        Some(n) => format!("{referent} · {n}"),
        None => referent.clone(),
    };
    let days_in_stage = card.days_in_stage(today);
    let days = format!("{days_in_stage} j");
    let stage = card
        .stage_id
        .and_then(|s| programme.stage(s))
        .map_or("sans étape", |s| s.label.as_str());
    let mut accessible = format!(
        "{} — {household} — {referent} — {stage} depuis {}",
        card.household_label,
        crate::domain::text::count(days_in_stage, "jour", "jours")
    );
    match next {
        Some(_) => {
            if let Some(t) = card.next_appointment {
                accessible.push_str(&format!(
                    " — prochain rendez-vous le {}",
                    t.with_timezone(&chrono::Local).format("%d/%m/%Y à %H:%M")
                ));
            }
        }
        None => accessible.push_str(" — aucun rendez-vous prévu"),
    }
    if !flags.is_empty() {
        accessible.push_str(" — attention : ");
        accessible.push_str(&flags.describe());
    }
    CardText {
        household,
        follow_up,
        days,
        accessible,
    }
}

/// The shape drawn for a flag, so that flags differ by more than their colour.
#[derive(Clone, Copy)]
enum Mark {
    Triangle,
    Square,
    Circle,
    Diamond,
}

/// One flag as drawn: colour, shape, and the short words of the detailed card.
fn flag_badges(flags: Flags, card: &BoardCard, today: NaiveDate) -> Vec<(Color32, Mark, String)> {
    let mut out = Vec::new();
    if flags.consent_missing {
        out.push((FLAG_CONSENT, Mark::Triangle, "Consentement".to_owned()));
    }
    if flags.documents_missing {
        out.push((FLAG_DOCUMENTS, Mark::Square, "Pièces".to_owned()));
    }
    if flags.stale {
        out.push((
            FLAG_STALE,
            Mark::Circle,
            format!("{} j sans contact", card.days_without_contact(today)),
        ));
    }
    if flags.proposal_waiting {
        out.push((FLAG_PROPOSAL, Mark::Diamond, "Proposition".to_owned()));
    }
    out
}

/// Paints a flag's shape centred on `centre`, `size` points wide.
fn paint_mark(painter: &egui::Painter, mark: Mark, centre: egui::Pos2, size: f32, colour: Color32) {
    let h = size / 2.0;
    match mark {
        Mark::Circle => {
            painter.circle_filled(centre, h, colour);
        }
        Mark::Square => {
            painter.rect_filled(
                Rect::from_center_size(centre, vec2(size, size) * 0.85),
                1.0,
                colour,
            );
        }
        Mark::Triangle => {
            painter.add(egui::Shape::convex_polygon(
                vec![
                    centre + vec2(0.0, -h),
                    centre + vec2(h, h),
                    centre + vec2(-h, h),
                ],
                colour,
                Stroke::NONE,
            ));
        }
        Mark::Diamond => {
            painter.add(egui::Shape::convex_polygon(
                vec![
                    centre + vec2(0.0, -h),
                    centre + vec2(h, 0.0),
                    centre + vec2(0.0, h),
                    centre + vec2(-h, 0.0),
                ],
                colour,
                Stroke::NONE,
            ));
        }
    }
}

/// Something a card asked for while drawing, applied once the columns are drawn.
enum CardAction {
    Open(Uuid),
    OpenHousehold(Uuid),
    AskMove { case_id: Uuid, target: Option<Uuid> },
    Drop { case_id: Uuid, stage: Uuid },
}

/// Draws the board.
pub fn board_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    take_column_toggle(ui, view);
    let now_s = ui.input(|i| i.time);
    if let Some(offer) = &view.undo {
        if now_s >= offer.until_s {
            view.undo = None;
        } else {
            // Wake up to hide the offer on time even without input.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(offer.until_s - now_s));
            let shortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
            if !ui.ctx().egui_wants_keyboard_input()
                && ui.input_mut(|i| i.consume_shortcut(&shortcut))
            {
                commands.push(Command::Board(BoardCommand::Undo));
            }
        }
    }

    header_ui(ui, view, commands);
    messages_ui(ui, view, commands);
    filters_ui(ui, view, commands);
    ui.add_space(4.0);

    if view.detail.is_some() {
        egui::Panel::right("board_case_detail")
            .resizable(false)
            .exact_size(360.0)
            .frame(Frame::new().inner_margin(Margin {
                left: 12,
                ..Margin::ZERO
            }))
            .show(ui, |ui| detail_ui(ui, view, commands));
    }

    if view.cards.is_empty() {
        empty_state(ui);
    }
    let actions = columns_ui(ui, view);
    for action in actions {
        match action {
            CardAction::Open(case_id) => {
                commands.push(Command::Board(BoardCommand::OpenCase(case_id)));
            }
            CardAction::OpenHousehold(household_id) => {
                commands.push(Command::Household(HouseholdCommand::Open(household_id)));
            }
            CardAction::AskMove { case_id, target } => open_move_dialog(view, case_id, target),
            CardAction::Drop { case_id, stage } => {
                let current = view.card(case_id).and_then(|c| c.stage_id);
                let early = view.programme.stage(stage).is_some_and(|s| s.is_early_exit);
                if current == Some(stage) {
                    continue;
                }
                if early {
                    // An early exit needs a reason: ask for it instead of moving.
                    open_move_dialog(view, case_id, Some(stage));
                } else {
                    commands.push(Command::Board(BoardCommand::Move(MoveRequest {
                        case_id,
                        to_stage: stage,
                        comment: String::new(),
                        exit_reason: None,
                        exit_details: String::new(),
                    })));
                }
            }
        }
    }

    move_dialog_ui(ui, view, commands);
    new_case_ui(ui, view, commands);
    settings_ui(ui, view, commands);
}

fn open_move_dialog(view: &mut BoardView, case_id: Uuid, target: Option<Uuid>) {
    let Some(card) = view.card(case_id) else {
        return;
    };
    view.move_dialog = Some(MoveDialog {
        case_id,
        label: card.household_label.clone(),
        current: card.stage_id,
        target,
        ..MoveDialog::default()
    });
}

fn header_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if view.programmes.len() > 1 {
            let mut chosen = view.programme.id;
            egui::ComboBox::from_id_salt("board_programme")
                .selected_text(RichText::new(&view.programme.name).heading())
                .show_ui(ui, |ui| {
                    for p in &view.programmes {
                        ui.selectable_value(&mut chosen, p.id, &p.name);
                    }
                });
            if chosen != view.programme.id {
                commands.push(Command::Board(BoardCommand::SelectProgramme(chosen)));
            }
        } else {
            ui.heading(&view.programme.name);
        }
        let active = view.cards.iter().filter(|c| c.active).count();
        let mut facts = format!(
            "{} en cours",
            crate::domain::text::count(active, "dossier", "dossiers")
        );
        if view.programme.yearly_target > 0 {
            facts.push_str(&format!(
                " · objectif annuel : {}, {} depuis le 1er janvier",
                crate::domain::text::count(view.programme.yearly_target, "entrée", "entrées"),
                view.entries_this_year()
            ));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Paramètres du dispositif").clicked() {
                view.settings = Some(ProgrammeSettings {
                    draft: view.programme.clone(),
                    new_stage: String::new(),
                    error: None,
                });
            }
            if primary_button(ui, "Nouveau dossier", true).clicked() {
                view.new_case = Some(NewCaseForm {
                    label: String::new(),
                    commune: String::new(),
                    situation: HousingSituation::HotelSocial,
                    programme_id: view.programme.id,
                    origin: String::new(),
                    referent: view.referent_name.clone(),
                    error: None,
                    focus_name: true,
                });
            }
            // Laid out after the buttons (right to left) so that on a narrow window the
            // facts are shortened, with the full text on hover, instead of the buttons
            // covering them.
            ui.add(egui::Label::new(RichText::new(facts).color(TEXT_SUBTLE)).truncate());
        });
    });
}

fn messages_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    super::expire_message(ui, "board_message", &mut view.message);
    let mut dismiss = false;
    if let Some(message) = &view.message {
        let colour = if message.is_success() { SUCCESS } else { ERROR };
        ui.horizontal(|ui| {
            ui.label(RichText::new(&message.text).color(colour));
            if ui.small_button("Fermer le message").clicked() {
                dismiss = true;
            }
        });
    }
    if dismiss {
        view.message = None;
    }
    if let Some(offer) = &view.undo {
        Frame::new()
            .fill(ACCENT.gamma_multiply(0.10))
            .stroke(Stroke::new(1.0, ACCENT))
            .corner_radius(6.0)
            .inner_margin(Margin::symmetric(10, 4))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(format!("Déplacé — {}", offer.text));
                    if ui.button("Annuler le déplacement (Ctrl+Z)").clicked() {
                        commands.push(Command::Board(BoardCommand::Undo));
                    }
                });
            });
    }
}

fn filters_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 8.0;
        let label = ui.label("Rechercher");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut view.search)
                    .hint_text("nom, commune, métier…")
                    .desired_width(170.0),
            )
            .labelled_by(label.id);
        changed |= search.changed();

        let label = ui.label("Référent·e");
        let selected = view
            .filter
            .referent
            .clone()
            .unwrap_or_else(|| "Tous".to_owned());
        let before = view.filter.referent.clone();
        egui::ComboBox::from_id_salt("board_referent")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.filter.referent, None, "Tous");
                for r in &view.referents {
                    ui.selectable_value(&mut view.filter.referent, Some(r.clone()), r);
                }
            })
            .response
            .labelled_by(label.id);
        changed |= before != view.filter.referent;

        let required = &mut view.filter.required;
        changed |= ui
            .checkbox(&mut required.consent_missing, "Consentement manquant")
            .changed();
        changed |= ui
            .checkbox(&mut required.documents_missing, "Pièces manquantes")
            .changed();
        changed |= ui.checkbox(&mut required.stale, "Sans contact").changed();
        changed |= ui
            .checkbox(&mut required.proposal_waiting, "Proposition en attente")
            .changed();
        if view.filter.is_active() || !view.search.is_empty() {
            if ui.button("Effacer les filtres").clicked() {
                view.search.clear();
                view.filter = BoardFilter::default();
                changed = true;
            }
            ui.label(
                RichText::new(format!(
                    "{} sur {}",
                    crate::domain::text::count(
                        view.shown(),
                        "dossier affiché",
                        "dossiers affichés"
                    ),
                    view.cards.len()
                ))
                .color(TEXT_SUBTLE),
            );
        }
        ui.separator();
        let density = if view.compact {
            "Cartes détaillées"
        } else {
            "Cartes compactes"
        };
        if ui.button(density).clicked() {
            view.compact = !view.compact;
        }
        legend_ui(ui, view.programme.stale_after_days);
    });
    if changed {
        commands.push(Command::Board(BoardCommand::Refilter));
    }
}

/// What the marks, the coloured edge and « 12 j » on the cards mean.
fn legend_ui(ui: &mut egui::Ui, stale_after_days: u32) {
    ui.menu_button("Légende", |ui| {
        ui.set_min_width(380.0);
        let rows: [(Color32, Option<Mark>, String); 6] = [
            (
                FLAG_CONSENT,
                Some(Mark::Triangle),
                "Consentement manquant".to_owned(),
            ),
            (
                FLAG_DOCUMENTS,
                Some(Mark::Square),
                "Pièces manquantes".to_owned(),
            ),
            (
                FLAG_STALE,
                Some(Mark::Circle),
                format!("Sans contact depuis plus de {stale_after_days} jours"),
            ),
            (
                FLAG_PROPOSAL,
                Some(Mark::Diamond),
                "Proposition en attente de réponse".to_owned(),
            ),
            (
                FLAG_STALE,
                None,
                "Bord orange à gauche : même chose, sans contact depuis longtemps".to_owned(),
            ),
            (
                TEXT_MUTED,
                None,
                "« 12 j » en haut à droite : jours passés dans l'étape".to_owned(),
            ),
        ];
        for (colour, mark, words) in rows {
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::hover());
                match mark {
                    Some(mark) => paint_mark(ui.painter(), mark, rect.center(), 10.0, colour),
                    None => {
                        ui.painter().rect_filled(
                            Rect::from_center_size(rect.center(), vec2(4.0, 14.0)),
                            1.0,
                            colour,
                        );
                    }
                }
                ui.label(words);
            });
        }
    });
}

fn empty_state(ui: &mut egui::Ui) {
    Frame::new()
        .fill(INSET_FILL)
        .stroke(Stroke::new(1.0, CARD_STROKE))
        .corner_radius(8.0)
        .inner_margin(Margin::same(14))
        .show(ui, |ui| {
            ui.label(RichText::new("Aucun dossier dans ce dispositif pour l'instant.").strong());
            ui.label(
                "Créez le premier avec « Nouveau dossier » : le ménage entre à la première \
                 étape du parcours. Les dossiers reçus d'un partenaire apparaîtront aussi ici.",
            );
        });
    ui.add_space(6.0);
}

const COLUMN_GAP: f32 = 8.0;

/// The width of an open column: the full card in detailed mode; in compact mode, as wide
/// as lets every column fit in `available` points (never under
/// [`COMPACT_MIN_COLUMN_WIDTH`]: then the board scrolls).
fn column_width(view: &BoardView, available: f32) -> f32 {
    if !view.compact {
        return COLUMN_WIDTH;
    }
    let collapsed = view
        .columns
        .iter()
        .filter(|c| {
            view.collapsed
                .contains(&c.stage.as_ref().map_or(Uuid::nil(), |s| s.id))
        })
        .count();
    let open = view.columns.len() - collapsed;
    if open == 0 {
        return COLUMN_WIDTH;
    }
    let gaps = COLUMN_GAP * view.columns.len().saturating_sub(1) as f32;
    let room = available - gaps - COLLAPSED_WIDTH * collapsed as f32 - 4.0;
    (room / open as f32).clamp(COMPACT_MIN_COLUMN_WIDTH, COLUMN_WIDTH)
}

/// What drawing the cards of one frame gathers: the users' actions, and the budget for
/// writing the cards' texts ([`CARD_TEXT_BUDGET_MS`]).
struct CardsPass {
    actions: Vec<CardAction>,
    /// Past this instant, a visible card is drawn as an empty frame.
    text_deadline: std::time::Instant,
    /// Whether some visible card waits for its text (the board asks for the next frame).
    deferred: bool,
}

impl CardsPass {
    fn new(budget: std::time::Duration) -> Self {
        CardsPass {
            actions: Vec::new(),
            text_deadline: std::time::Instant::now() + budget,
            deferred: false,
        }
    }

    /// Whether the next visible card may be written in this frame.
    fn may_write(&mut self) -> bool {
        let may = std::time::Instant::now() < self.text_deadline;
        self.deferred |= !may;
        may
    }
}

fn columns_ui(ui: &mut egui::Ui, view: &BoardView) -> Vec<CardAction> {
    let mut pass = CardsPass::new(view.card_text_budget);
    let height = ui.available_height().max(200.0);
    let card_height = if view.compact {
        CARD_HEIGHT_COMPACT
    } else {
        CARD_HEIGHT_DETAILED
    };
    let column_width = column_width(view, ui.available_width());
    egui::ScrollArea::horizontal()
        .id_salt("board_columns")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = COLUMN_GAP;
                for (ci, column) in view.columns.iter().enumerate() {
                    let key = column.stage.as_ref().map_or(Uuid::nil(), |s| s.id);
                    let collapsed = view.collapsed.contains(&key);
                    let width = if collapsed {
                        COLLAPSED_WIDTH
                    } else {
                        column_width
                    };
                    ui.allocate_ui_with_layout(
                        vec2(width, height),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            column_ui(
                                ui,
                                view,
                                ci,
                                column,
                                (width, height, card_height),
                                collapsed,
                                &mut pass,
                            );
                        },
                    );
                }
            });
        });
    if pass.deferred {
        ui.ctx().request_repaint();
    }
    pass.actions
}

fn column_ui(
    ui: &mut egui::Ui,
    view: &BoardView,
    ci: usize,
    column: &Column,
    (width, height, card_height): (f32, f32, f32),
    collapsed: bool,
    pass: &mut CardsPass,
) {
    let key = column.stage.as_ref().map_or(Uuid::nil(), |s| s.id);
    let label = column
        .stage
        .as_ref()
        .map_or("Étape archivée ou inconnue", |s| s.label.as_str());
    let is_exit = column.stage.as_ref().is_some_and(|s| s.is_exit);
    let frame = Frame::new()
        .fill(if is_exit {
            EXIT_COLUMN_FILL
        } else {
            COLUMN_FILL
        })
        .corner_radius(6.0)
        .inner_margin(Margin::same(COLUMN_PADDING as i8));
    let card_width = (width - 2.0 * COLUMN_PADDING - 10.0).min(CARD_WIDTH);
    let (_, dropped) = ui.dnd_drop_zone::<CardDrag, ()>(frame, |ui| {
        let inner_width = width - 2.0 * COLUMN_PADDING;
        ui.set_width(inner_width);
        ui.set_height(height - 2.0 * COLUMN_PADDING);
        // Header: label and count on a fixed height, so that every column's cards start
        // at the same line even when a label wraps.
        let (header_rect, _) =
            ui.allocate_exact_size(vec2(inner_width, HEADER_HEIGHT), Sense::hover());
        let mut header = ui.new_child(egui::UiBuilder::new().max_rect(header_rect));
        header.horizontal_top(|ui| {
            let toggle = if collapsed { "+" } else { "−" };
            let hint = if collapsed {
                "Déplier la colonne"
            } else {
                "Replier la colonne"
            };
            if ui.small_button(toggle).on_hover_text(hint).clicked() {
                ui.ctx().data_mut(|d| {
                    d.insert_temp(Id::unique("board_toggle_column"), key);
                });
            }
            let count = if column.cards.len() == column.total {
                format!("{label} ({})", column.total)
            } else {
                format!("{label} ({} sur {})", column.cards.len(), column.total)
            };
            if collapsed || width < COLUMN_WIDTH {
                // A narrow header never splits a word (« Orientatio / n reçue »): smaller
                // text on up to two lines when every word fits, else cut with « … »; the
                // whole label on hover either way.
                let room = ui.available_width();
                let font = FontId::proportional(13.0);
                let longest = count
                    .split_whitespace()
                    .map(|word| {
                        // Only measured, never drawn: any colour gives the same width.
                        ui.painter()
                            .layout_no_wrap(word.to_owned(), font.clone(), TEXT_STRONG)
                            .size()
                            .x
                    })
                    .fold(0.0_f32, f32::max);
                let text = RichText::new(&count).strong().size(13.0);
                let label = if longest <= room && !collapsed {
                    egui::Label::new(text).wrap()
                } else {
                    egui::Label::new(text).truncate()
                };
                ui.add(label).on_hover_text(&count);
            } else {
                ui.add(egui::Label::new(RichText::new(count).strong()).wrap());
            }
        });
        if collapsed {
            return;
        }
        if column.cards.is_empty() {
            ui.label(
                RichText::new(if column.total == 0 {
                    "Aucun dossier"
                } else {
                    "Aucun dossier ne correspond aux filtres"
                })
                .color(TEXT_EMPTY)
                .small(),
            );
            return;
        }
        ui.spacing_mut().item_spacing.y = CARD_GAP;
        egui::ScrollArea::vertical()
            .id_salt(("board_column", ci, key))
            .auto_shrink([false, false])
            .show_rows(ui, card_height, column.cards.len(), |ui, rows| {
                for row in rows {
                    let Some(&pos) = column.cards.get(row) else {
                        continue;
                    };
                    card_ui(ui, view, pos as usize, (card_width, card_height), pass);
                }
            });
    });
    if let (Some(payload), Some(stage)) = (dropped, &column.stage) {
        pass.actions.push(CardAction::Drop {
            case_id: payload.case_id,
            stage: stage.id,
        });
    }
}

fn card_ui(
    ui: &mut egui::Ui,
    view: &BoardView,
    pos: usize,
    (width, height): (f32, f32),
    pass: &mut CardsPass,
) {
    let (Some(card), Some(text), Some(&flags)) = (
        view.cards.get(pos),
        view.texts.get(pos),
        view.flags.get(pos),
    ) else {
        return;
    };
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click_and_drag());
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &text.accessible));
    response.dnd_set_drag_payload(CardDrag {
        case_id: card.case_id,
    });
    let dragged = response.dragged();
    if ui.is_rect_visible(rect) {
        if pass.may_write() {
            paint_card(ui, rect, card, text, flags, view, &response, dragged);
        } else {
            // Its text comes in the next frame (see `CARD_TEXT_BUDGET_MS`).
            ui.painter().rect(
                rect.shrink(0.5),
                5.0,
                CARD_FILL,
                Stroke::new(1.0, BOARD_CARD_STROKE),
                egui::StrokeKind::Inside,
            );
        }
    }
    let actions = &mut pass.actions;
    if dragged {
        paint_ghost(ui, card, text);
    }
    if response.clicked() {
        actions.push(CardAction::Open(card.case_id));
    }
    // The keyboard way to move: the usual context-menu shortcut on a focused card.
    if response.has_focus() && ui.input_mut(|i| i.consume_key(Modifiers::SHIFT, Key::F10)) {
        actions.push(CardAction::AskMove {
            case_id: card.case_id,
            target: None,
        });
    }
    let response = response.on_hover_text(&text.accessible);
    response.context_menu(|ui| {
        if ui.button("Passer à l'étape…").clicked() {
            actions.push(CardAction::AskMove {
                case_id: card.case_id,
                target: None,
            });
            ui.close();
        }
        if ui.button("Voir l'historique").clicked() {
            actions.push(CardAction::Open(card.case_id));
            ui.close();
        }
        if ui.button("Ouvrir la fiche du ménage").clicked() {
            actions.push(CardAction::OpenHousehold(card.household_id));
            ui.close();
        }
    });
}

#[allow(clippy::too_many_arguments)] // one painter call per part of the card
fn paint_card(
    ui: &egui::Ui,
    rect: Rect,
    card: &BoardCard,
    text: &CardText,
    flags: Flags,
    view: &BoardView,
    response: &egui::Response,
    dragged: bool,
) {
    let painter = ui.painter_at(rect);
    let selected = view
        .detail
        .as_ref()
        .is_some_and(|d| d.case_id == card.case_id);
    let stroke = if response.has_focus() || selected {
        Stroke::new(2.0, ACCENT)
    } else if response.hovered() {
        Stroke::new(1.0, ACCENT)
    } else {
        Stroke::new(1.0, BOARD_CARD_STROKE)
    };
    let fill = if dragged {
        CARD_FILL_DRAGGED
    } else {
        CARD_FILL
    };
    painter.rect(
        rect.shrink(0.5),
        5.0,
        fill,
        stroke,
        egui::StrokeKind::Inside,
    );
    if flags.stale {
        let bar = Rect::from_min_size(rect.min, vec2(4.0, rect.height()));
        painter.rect_filled(bar, 2.0, FLAG_STALE);
    }
    let left = rect.left() + 10.0;
    let title_font = FontId::proportional(15.0);
    let small = FontId::proportional(13.0);
    let days_colour = if flags.stale { FLAG_STALE } else { TEXT_MUTED };
    let narrow = view.compact && rect.width() < 180.0;
    let days_rect = painter.text(
        if narrow {
            egui::pos2(rect.right() - 6.0, rect.bottom() - 4.0)
        } else {
            egui::pos2(rect.right() - 8.0, rect.top() + 7.0)
        },
        if narrow {
            Align2::RIGHT_BOTTOM
        } else {
            Align2::RIGHT_TOP
        },
        &text.days,
        small.clone(),
        days_colour,
    );
    let title_clip =
        Rect::from_min_max(rect.min, egui::pos2(days_rect.left() - 6.0, rect.bottom()));
    let mut title_x = left;
    if view.compact && rect.width() < 180.0 {
        // Narrow compact card (every stage on screen): the name on its own line, the flags
        // and the days under it.
        painter.with_clip_rect(rect.shrink(2.0)).text(
            egui::pos2(left, rect.top() + 4.0),
            Align2::LEFT_TOP,
            &card.household_label,
            FontId::proportional(13.0),
            TEXT_STRONG,
        );
        let mut x = left + 5.0;
        let y = rect.bottom() - 11.0;
        for (colour, mark, _) in flag_badges(flags, card, view.today) {
            paint_mark(&painter, mark, egui::pos2(x, y), 9.0, colour);
            x += 13.0;
        }
        return;
    }
    if view.compact {
        // Compact cards show the flags as icons before the days (words in the tooltip).
        let mut x = days_rect.left() - 6.0;
        for (colour, mark, _) in flag_badges(flags, card, view.today).iter().rev() {
            paint_mark(
                &painter,
                *mark,
                egui::pos2(x - 5.0, days_rect.center().y),
                10.0,
                *colour,
            );
            x -= 14.0;
        }
        let clip = Rect::from_min_max(rect.min, egui::pos2(x - 2.0, rect.bottom()));
        painter.with_clip_rect(clip).text(
            egui::pos2(title_x, rect.top() + 11.0),
            Align2::LEFT_TOP,
            &card.household_label,
            title_font,
            TEXT_STRONG,
        );
        return;
    }
    painter.with_clip_rect(title_clip).text(
        egui::pos2(title_x, rect.top() + 6.0),
        Align2::LEFT_TOP,
        &card.household_label,
        title_font,
        TEXT_STRONG,
    );
    title_x = left;
    painter.text(
        egui::pos2(title_x, rect.top() + 29.0),
        Align2::LEFT_TOP,
        &text.household,
        small.clone(),
        TEXT_DETAIL,
    );
    painter.text(
        egui::pos2(title_x, rect.top() + 49.0),
        Align2::LEFT_TOP,
        &text.follow_up,
        small.clone(),
        TEXT_DETAIL,
    );
    let mut x = left;
    let y = rect.top() + 72.0;
    for (colour, mark, words) in flag_badges(flags, card, view.today) {
        let galley = painter.layout_no_wrap(words, FontId::proportional(12.0), colour);
        let badge = Rect::from_min_size(egui::pos2(x, y), galley.size() + vec2(20.0, 4.0));
        painter.rect_filled(badge, 3.0, colour.gamma_multiply(0.12));
        paint_mark(
            &painter,
            mark,
            badge.left_center() + vec2(8.0, 0.0),
            8.0,
            colour,
        );
        painter.galley(badge.min + vec2(16.0, 2.0), galley, colour);
        x = badge.right() + 4.0;
    }
}

fn paint_ghost(ui: &egui::Ui, card: &BoardCard, text: &CardText) {
    let Some(pointer) = ui.ctx().pointer_interact_pos() else {
        return;
    };
    let painter = ui
        .ctx()
        .layer_painter(LayerId::new(Order::Tooltip, Id::unique("board_card_ghost")));
    let rect = Rect::from_min_size(pointer + vec2(8.0, 8.0), vec2(CARD_WIDTH, 46.0));
    painter.rect(
        rect,
        5.0,
        CARD_FILL,
        Stroke::new(2.0, ACCENT),
        egui::StrokeKind::Inside,
    );
    painter.text(
        rect.left_top() + vec2(10.0, 5.0),
        Align2::LEFT_TOP,
        &card.household_label,
        FontId::proportional(15.0),
        TEXT_STRONG,
    );
    painter.text(
        rect.left_top() + vec2(10.0, 25.0),
        Align2::LEFT_TOP,
        &text.household,
        FontId::proportional(12.0),
        TEXT_SUBTLE,
    );
}

/// Applies a column collapse asked by a header button (stored in egui's temp data so that
/// drawing the columns can borrow the view immutably).
fn take_column_toggle(ui: &egui::Ui, view: &mut BoardView) {
    let toggled: Option<Uuid> = ui
        .ctx()
        .data_mut(|d| d.remove_temp(Id::unique("board_toggle_column")));
    if let Some(key) = toggled
        && !view.collapsed.remove(&key)
    {
        view.collapsed.insert(key);
    }
}

fn detail_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let Some(detail) = &view.detail else {
        return;
    };
    let case_id = detail.case_id;
    let Some(card) = view.card(case_id) else {
        ui.label("Ce dossier n'est plus sur le tableau.");
        if ui.button("Fermer ce panneau").clicked() {
            view.detail = None;
        }
        return;
    };
    let mut close = false;
    let mut ask_move = false;
    egui::ScrollArea::vertical()
        .id_salt("board_detail_scroll")
        .show(ui, |ui| {
            ui.label(RichText::new(&card.household_label).heading());
            if ui.button("Ouvrir la fiche du ménage").clicked() {
                commands.push(Command::Household(HouseholdCommand::Open(
                    card.household_id,
                )));
            }
            if detail.created {
                ui.label(
                    RichText::new("Dossier créé à la première étape du parcours.").color(SUCCESS),
                );
            }
            let pos = view.index.get(&case_id).copied().unwrap_or(0);
            let flags = view.flags.get(pos).copied().unwrap_or_default();
            if let Some(text) = view.texts.get(pos) {
                ui.label(&text.household);
                ui.label(&text.follow_up);
            }
            ui.label(format!(
                "Étape actuelle : {} (depuis {} j)",
                view.stage_label(card.stage_id),
                card.days_in_stage(view.today)
            ));
            if !flags.is_empty() {
                ui.label(
                    RichText::new(format!("À surveiller : {}", flags.describe())).color(ERROR),
                );
            }
            ui.horizontal(|ui| {
                if primary_button(ui, "Passer à l'étape…", true).clicked() {
                    ask_move = true;
                }
                // It only hides this side panel: « Fermer le dossier » read as closing the
                // case itself (an exit), which it never was.
                if ui.button("Fermer ce panneau").clicked() {
                    close = true;
                }
            });
            ui.add_space(6.0);
            ui.label(RichText::new("Historique du parcours").strong());
            ui.spacing_mut().item_spacing.y = 4.0;
            for line in &detail.history {
                ui.add(egui::Label::new(RichText::new(line).small()).wrap());
            }
        });
    if ask_move {
        open_move_dialog(view, case_id, None);
    }
    if close {
        view.detail = None;
    }
    let _ = commands;
}

fn labelled_text(ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool) {
    let l = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(2)
    } else {
        egui::TextEdit::singleline(value)
    };
    ui.add(edit.desired_width(f32::INFINITY)).labelled_by(l.id);
}

fn move_dialog_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let stages: Vec<Stage> = view.programme.active_stages().cloned().collect();
    let Some(dialog) = &mut view.move_dialog else {
        return;
    };
    let mut early = false;
    let error = dialog.error.clone();
    let answer = Dialog {
        id: "board_move_dialog",
        title: "Passer à l'étape…",
        width: 460.0,
        validate: "Déplacer",
        cancel: "Annuler",
        error: error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(format!("Dossier : {}", dialog.label));
        ui.add_space(4.0);
        ui.spacing_mut().item_spacing.y = 4.0;
        for stage in &stages {
            let current = dialog.current == Some(stage.id);
            let text = if current {
                format!("{} (étape actuelle)", stage.label)
            } else {
                stage.label.clone()
            };
            ui.add_enabled_ui(!current, |ui| {
                ui.radio_value(&mut dialog.target, Some(stage.id), text);
            });
        }
        ui.spacing_mut().item_spacing.y = 8.0;
        early = dialog
            .target
            .and_then(|t| stages.iter().find(|s| s.id == t))
            .is_some_and(|s| s.is_early_exit);
        ui.add_space(4.0);
        if early {
            let l = ui.label("Motif de la sortie anticipée (obligatoire)");
            egui::ComboBox::from_id_salt("board_exit_reason")
                .width(300.0)
                .selected_text(dialog.reason.map_or("Choisir un motif…", |r| r.label_fr()))
                .show_ui(ui, |ui| {
                    for reason in EarlyExitReason::ALL {
                        ui.selectable_value(&mut dialog.reason, Some(*reason), reason.label_fr());
                    }
                })
                .response
                .labelled_by(l.id);
            labelled_text(ui, "Précisions (obligatoire)", &mut dialog.details, true);
        }
        labelled_text(ui, "Commentaire (facultatif)", &mut dialog.comment, false);
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.move_dialog = None,
        DialogAnswer::Validate => match dialog.target {
            None => dialog.error = Some("Choisissez l'étape d'arrivée.".into()),
            Some(to_stage) => {
                commands.push(Command::Board(BoardCommand::Move(MoveRequest {
                    case_id: dialog.case_id,
                    to_stage,
                    comment: dialog.comment.clone(),
                    exit_reason: if early { dialog.reason } else { None },
                    exit_details: if early {
                        dialog.details.clone()
                    } else {
                        String::new()
                    },
                })));
            }
        },
    }
}

fn new_case_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let programmes: Vec<(Uuid, String)> = view
        .programmes
        .iter()
        .map(|p| (p.id, p.name.clone()))
        .collect();
    let workers = view.workers.clone();
    let Some(form) = &mut view.new_case else {
        return;
    };
    let error = form.error.clone();
    let answer = Dialog {
        id: "board_new_case",
        title: "Nouveau dossier",
        width: 440.0,
        validate: "Créer le dossier",
        cancel: "Annuler",
        error: error.as_deref(),
    }
    .show(ui, |ui| {
        ui.label(
            RichText::new(
                "Le ménage entre à la première étape du parcours ; le reste se complète ensuite.",
            )
            .color(TEXT_MUTED),
        );
        let l = ui.label("Nom du ménage");
        let name = ui
            .add(egui::TextEdit::singleline(&mut form.label).desired_width(f32::INFINITY))
            .labelled_by(l.id);
        if form.focus_name {
            // The dialog opens ready to type, as the README promises.
            name.request_focus();
            form.focus_name = false;
        }
        labelled_text(ui, "Commune actuelle", &mut form.commune, false);
        let l = ui.label("Situation de logement");
        egui::ComboBox::from_id_salt("board_new_situation")
            .width(300.0)
            .selected_text(form.situation.label_fr())
            .show_ui(ui, |ui| {
                for s in HousingSituation::ALL {
                    ui.selectable_value(&mut form.situation, *s, s.label_fr());
                }
            })
            .response
            .labelled_by(l.id);
        if programmes.len() > 1 {
            let l = ui.label("Dispositif");
            let name = programmes
                .iter()
                .find(|(id, _)| *id == form.programme_id)
                .map_or("", |(_, n)| n.as_str())
                .to_owned();
            egui::ComboBox::from_id_salt("board_new_programme")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    for (id, name) in &programmes {
                        ui.selectable_value(&mut form.programme_id, *id, name);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        labelled_text(ui, "Orienté par (prescripteur)", &mut form.origin, false);
        super::forms::referent_picker(
            ui,
            "board_new_referent",
            "Référent·e du dossier",
            &workers,
            &mut form.referent,
        );
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.new_case = None,
        DialogAnswer::Validate => {
            if form.label.trim().is_empty() {
                form.error =
                    Some("Indiquez le nom du ménage (par exemple « Famille Martin »).".into());
            } else {
                commands.push(Command::Board(BoardCommand::CreateCase(NewCase {
                    household_label: form.label.clone(),
                    commune: form.commune.clone(),
                    housing_situation: form.situation,
                    programme_id: form.programme_id,
                    origin: form.origin.clone(),
                    referent: form.referent.clone(),
                })));
            }
        }
    }
}

fn settings_ui(ui: &mut egui::Ui, view: &mut BoardView, commands: &mut Vec<Command>) {
    let Some(settings) = &mut view.settings else {
        return;
    };
    let error = settings.error.clone();
    let answer = Dialog {
        id: "board_programme_settings",
        title: "Paramètres du dispositif",
        width: 700.0,
        validate: "Enregistrer",
        cancel: "Annuler",
        error: error.as_deref(),
    }
    .show(ui, |ui| {
        labelled_text(ui, "Nom du dispositif", &mut settings.draft.name, false);
        ui.label(RichText::new("Étapes du parcours").strong());
        let mut action: Option<(usize, &str)> = None;
        let count = settings.draft.stages.len();
        egui::Grid::new("board_stage_grid")
            .num_columns(5)
            .spacing(vec2(6.0, 4.0))
            .show(ui, |ui| {
                for (i, stage) in settings.draft.stages.iter_mut().enumerate() {
                    ui.add(egui::TextEdit::singleline(&mut stage.label).desired_width(250.0));
                    if ui.add_enabled(i > 0, egui::Button::new("Monter")).clicked() {
                        action = Some((i, "up"));
                    }
                    if ui
                        .add_enabled(i + 1 < count, egui::Button::new("Descendre"))
                        .clicked()
                    {
                        action = Some((i, "down"));
                    }
                    let archive = if stage.archived {
                        "Réactiver"
                    } else {
                        "Archiver"
                    };
                    if ui.button(archive).clicked() {
                        stage.archived = !stage.archived;
                    }
                    if ui.button("Supprimer").clicked() {
                        action = Some((i, "delete"));
                    }
                    ui.end_row();
                }
            });
        match action {
            Some((i, "up")) => settings.draft.stages.swap(i, i - 1),
            Some((i, "down")) => settings.draft.stages.swap(i, i + 1),
            Some((i, _)) => {
                settings.draft.stages.remove(i);
            }
            None => {}
        }
        ui.horizontal(|ui| {
            let l = ui.label("Nouvelle étape");
            ui.add(egui::TextEdit::singleline(&mut settings.new_stage).desired_width(220.0))
                .labelled_by(l.id);
            if ui.button("Ajouter l'étape").clicked() && !settings.new_stage.trim().is_empty() {
                let at = insert_position(&settings.draft);
                settings.draft.stages.insert(
                    at,
                    Stage {
                        id: Uuid::new_v4(),
                        label: settings.new_stage.trim().to_owned(),
                        archived: false,
                        is_exit: false,
                        is_early_exit: false,
                    },
                );
                settings.new_stage.clear();
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label("Objectif annuel (ménages entrés)");
            ui.add(egui::DragValue::new(&mut settings.draft.yearly_target).range(0..=10_000))
                .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label("Alerte « sans contact » après (jours)");
            ui.add(egui::DragValue::new(&mut settings.draft.stale_after_days).range(1..=365))
                .labelled_by(l.id);
        });
        ui.label(
            RichText::new(
                "Le nom inscrit dans l'historique est celui de la personne qui utilise cette \
                 base (Paramètres).",
            )
            .small(),
        );
    });
    match answer {
        DialogAnswer::Open => {}
        DialogAnswer::Cancel => view.settings = None,
        DialogAnswer::Validate => {
            commands.push(Command::Board(BoardCommand::SaveProgramme {
                programme: settings.draft.clone(),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::default_stage_id;
    use std::time::Duration;

    fn cards(n: u128, today: NaiveDate) -> Vec<BoardCard> {
        (0..n)
            .map(|i| BoardCard {
                case_id: Uuid::from_u128(i + 1),
                household_id: Uuid::from_u128(100_000 + i),
                household_label: format!("Famille Essai-{i}"),
                adults: 2,
                children: 1,
                commune: "Aurillac".into(),
                referent: "Malik".into(),
                // Spread over the first six stages: several columns full of cards.
                stage_id: Some(default_stage_id((i % 6) as usize)),
                stage_since: None,
                opened_on: today,
                active: true,
                last_contact: None,
                next_appointment: None,
                consent_missing: false,
                documents_missing: false,
                proposal_waiting: false,
            })
            .collect()
    }

    /// The household names written on screen in one frame.
    fn written_names(output: &egui::FullOutput) -> HashSet<String> {
        fn walk(shape: &egui::Shape, names: &mut HashSet<String>) {
            match shape {
                egui::Shape::Text(text) if text.galley.text().starts_with("Famille Essai-") => {
                    names.insert(text.galley.text().to_owned());
                }
                egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, names)),
                _ => {}
            }
        }
        let mut names = HashSet::new();
        for clipped in &output.shapes {
            walk(&clipped.shape, &mut names);
        }
        names
    }

    fn frame(ctx: &egui::Context, view: &mut BoardView) -> egui::FullOutput {
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(egui::Pos2::ZERO, vec2(1366.0, 700.0))),
            ..egui::RawInput::default()
        };
        let mut commands = Vec::new();
        let mut output = ctx.run_ui(input, |ui| board_ui(ui, view, &mut commands));
        output.textures_delta.clear();
        output
    }

    fn repaint_asked(output: &egui::FullOutput) -> bool {
        output
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .is_some_and(|v| v.repaint_delay == Duration::ZERO)
    }

    #[test]
    fn cards_past_the_frame_budget_are_written_in_the_next_frames() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let programme = default_programme();
        let mut view = BoardView::new(vec![programme.clone()], programme, cards(600, today), today);
        let ctx = egui::Context::default();
        // Frames until egui has settled (its first frames ask for more: fonts, sizes), so
        // that a request for the next frame can only come from the board.
        view.card_text_budget = Duration::from_secs(10);
        let mut ample = frame(&ctx, &mut view);
        for _ in 0..20 {
            if !repaint_asked(&ample) {
                break;
            }
            ample = frame(&ctx, &mut view);
        }
        assert!(!repaint_asked(&ample), "a board at rest asks for no frame");
        let all = written_names(&ample);
        assert!(
            all.len() >= 20,
            "a full board shows many cards: {}",
            all.len()
        );

        // Budget spent before the first card: the cards are there (frames, accessible
        // labels) but none is written, and the board asks for the next frame at once.
        view.card_text_budget = Duration::ZERO;
        let starved = frame(&ctx, &mut view);
        assert!(written_names(&starved).is_empty());
        assert!(repaint_asked(&starved));

        // With its budget back, the next frame writes every card in view.
        view.card_text_budget = Duration::from_secs(10);
        let next = frame(&ctx, &mut view);
        assert_eq!(written_names(&next), all);
    }
}
