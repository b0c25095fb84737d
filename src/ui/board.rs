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

mod columns;
mod dialogs;
pub mod text;
use columns::*;
use dialogs::*;

/// Default name written in the stage history until the user gives theirs (there is no
/// user management yet).
pub const DEFAULT_REFERENT_NAME: &str = text::REFERENT_E;
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
            .map_or_else(|| text::SANS_ETAPE.to_owned(), |s| s.label.clone())
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
                    None => text::when_entree_a_l_etape_to(&when, &to),
                    Some(from) => text::when_de_from_a_to(&when, self.stage_label(Some(from)), &to),
                };
                if !e.by.trim().is_empty() {
                    line.push_str(&text::par_by(&e.by));
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
        .format(text::D_M_Y_H_M)
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
        text::SANS_REFERENT_E.to_owned()
    } else {
        text::ref_referent(&card.referent)
    };
    let next = card.next_appointment.map(|t| {
        t.with_timezone(&chrono::Local)
            .format(text::RDV_D_M_H_M)
            .to_string()
    });
    let follow_up = match &next {
        Some(n) => format!("{referent} · {n}"),
        None => referent.clone(),
    };
    let days_in_stage = card.days_in_stage(today);
    let days = text::days_in_stage_j(days_in_stage);
    let stage = card
        .stage_id
        .and_then(|s| programme.stage(s))
        .map_or(text::SANS_ETAPE, |s| s.label.as_str());
    let mut accessible = text::household_label_household_referent_stage(
        &card.household_label,
        &household,
        &referent,
        stage,
        crate::domain::text::count(days_in_stage, "jour", "jours"),
    );
    match next {
        Some(_) => {
            if let Some(t) = card.next_appointment {
                accessible.push_str(&text::prochain_rendez_vous_le_valeur(
                    t.with_timezone(&chrono::Local).format(text::D_M_Y_A_H_M),
                ));
            }
        }
        None => accessible.push_str(text::AUCUN_RENDEZ_VOUS_PREVU),
    }
    if !flags.is_empty() {
        accessible.push_str(text::ATTENTION);
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
        out.push((FLAG_CONSENT, Mark::Triangle, text::CONSENTEMENT.to_owned()));
    }
    if flags.documents_missing {
        out.push((FLAG_DOCUMENTS, Mark::Square, text::PIECES.to_owned()));
    }
    if flags.stale {
        out.push((
            FLAG_STALE,
            Mark::Circle,
            text::today_j_sans_contact(card.days_without_contact(today)),
        ));
    }
    if flags.proposal_waiting {
        out.push((FLAG_PROPOSAL, Mark::Diamond, text::PROPOSITION.to_owned()));
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
        let mut facts =
            text::dossiers_en_cours(crate::domain::text::count(active, "dossier", "dossiers"));
        if view.programme.yearly_target > 0 {
            facts.push_str(&text::objectif_annuel_es_entries_this_year(
                crate::domain::text::count(
                    view.programme.yearly_target,
                    text::ENTREE,
                    text::ENTREES,
                ),
                view.entries_this_year(),
            ));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(text::PARAMETRES_DU_DISPOSITIF).clicked() {
                view.settings = Some(ProgrammeSettings {
                    draft: view.programme.clone(),
                    new_stage: String::new(),
                    error: None,
                });
            }
            if primary_button(ui, text::NOUVEAU_DOSSIER, true).clicked() {
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
            if ui.small_button(text::FERMER_LE_MESSAGE).clicked() {
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
                    ui.label(text::deplace_offer(&offer.text));
                    if ui.button(text::ANNULER_LE_DEPLACEMENT_CTRL_Z).clicked() {
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
        let label = ui.label(text::RECHERCHER);
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut view.search)
                    .hint_text(text::NOM_COMMUNE_METIER)
                    .desired_width(170.0),
            )
            .labelled_by(label.id);
        changed |= search.changed();

        let label = ui.label(text::REFERENT_E);
        let selected = view
            .filter
            .referent
            .clone()
            .unwrap_or_else(|| text::TOUS.to_owned());
        let before = view.filter.referent.clone();
        egui::ComboBox::from_id_salt("board_referent")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.filter.referent, None, text::TOUS);
                for r in &view.referents {
                    ui.selectable_value(&mut view.filter.referent, Some(r.clone()), r);
                }
            })
            .response
            .labelled_by(label.id);
        changed |= before != view.filter.referent;

        let required = &mut view.filter.required;
        changed |= ui
            .checkbox(&mut required.consent_missing, text::CONSENTEMENT_MANQUANT)
            .changed();
        changed |= ui
            .checkbox(&mut required.documents_missing, text::PIECES_MANQUANTES)
            .changed();
        changed |= ui
            .checkbox(&mut required.stale, text::SANS_CONTACT)
            .changed();
        changed |= ui
            .checkbox(&mut required.proposal_waiting, text::PROPOSITION_EN_ATTENTE)
            .changed();
        if view.filter.is_active() || !view.search.is_empty() {
            if ui.button(text::EFFACER_LES_FILTRES).clicked() {
                view.search.clear();
                view.filter = BoardFilter::default();
                changed = true;
            }
            ui.label(
                RichText::new(text::affich_sur_cards(
                    crate::domain::text::count(
                        view.shown(),
                        text::DOSSIER_AFFICHE,
                        text::DOSSIERS_AFFICHES,
                    ),
                    view.cards.len(),
                ))
                .color(TEXT_SUBTLE),
            );
        }
        ui.separator();
        let density = if view.compact {
            text::CARTES_DETAILLEES
        } else {
            text::CARTES_COMPACTES
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
    ui.menu_button(text::LEGENDE, |ui| {
        ui.set_min_width(380.0);
        let rows: [(Color32, Option<Mark>, String); 6] = [
            (
                FLAG_CONSENT,
                Some(Mark::Triangle),
                text::CONSENTEMENT_MANQUANT.to_owned(),
            ),
            (
                FLAG_DOCUMENTS,
                Some(Mark::Square),
                text::PIECES_MANQUANTES.to_owned(),
            ),
            (
                FLAG_STALE,
                Some(Mark::Circle),
                text::sans_contact_depuis_plus_de(stale_after_days),
            ),
            (
                FLAG_PROPOSAL,
                Some(Mark::Diamond),
                text::PROPOSITION_EN_ATTENTE_DE_REPONSE.to_owned(),
            ),
            (
                FLAG_STALE,
                None,
                text::BORD_ORANGE_A_GAUCHE_MEME_CHOSE.to_owned(),
            ),
            (TEXT_MUTED, None, text::T_12_J_EN_HAUT_A_DROITE.to_owned()),
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
            ui.label(RichText::new(text::AUCUN_DOSSIER_DANS_CE_DISPOSITIF_POUR).strong());
            ui.label(text::CREEZ_LE_PREMIER_AVEC_NOUVEAU_DOSSIER);
        });
    ui.add_space(6.0);
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
