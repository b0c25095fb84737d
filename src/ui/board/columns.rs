//! The columns and their cards: widths, the cards laid out within the frame's text budget,
//! painting, dragging, and a column folded or unfolded.

use super::*;
use crate::ui::board::text;

pub(super) const COLUMN_GAP: f32 = 8.0;

/// The width of an open column: the full card in detailed mode; in compact mode, as wide
/// as lets every column fit in `available` points (never under
/// [`COMPACT_MIN_COLUMN_WIDTH`]: then the board scrolls).
pub(super) fn column_width(view: &BoardView, available: f32) -> f32 {
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
pub(super) struct CardsPass {
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

pub(super) fn columns_ui(ui: &mut egui::Ui, view: &BoardView) -> Vec<CardAction> {
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

pub(super) fn column_ui(
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
        .map_or(text::ETAPE_ARCHIVEE_OU_INCONNUE, |s| s.label.as_str());
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
                text::DEPLIER_LA_COLONNE
            } else {
                text::REPLIER_LA_COLONNE
            };
            if ui.small_button(toggle).on_hover_text(hint).clicked() {
                ui.ctx().data_mut(|d| {
                    d.insert_temp(Id::unique("board_toggle_column"), key);
                });
            }
            let count = if column.cards.len() == column.total {
                format!("{label} ({})", column.total)
            } else {
                text::label_cards_sur_total(label, column.cards.len(), column.total)
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
                    text::AUCUN_DOSSIER
                } else {
                    text::AUCUN_DOSSIER_NE_CORRESPOND_AUX_FILTRES
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

pub(super) fn card_ui(
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
        if ui.button(text::PASSER_A_L_ETAPE).clicked() {
            actions.push(CardAction::AskMove {
                case_id: card.case_id,
                target: None,
            });
            ui.close();
        }
        if ui.button(text::VOIR_L_HISTORIQUE).clicked() {
            actions.push(CardAction::Open(card.case_id));
            ui.close();
        }
        if ui.button(text::OUVRIR_LA_FICHE_DU_MENAGE).clicked() {
            actions.push(CardAction::OpenHousehold(card.household_id));
            ui.close();
        }
    });
}

#[allow(clippy::too_many_arguments)] // one painter call per part of the card
pub(super) fn paint_card(
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

pub(super) fn paint_ghost(ui: &egui::Ui, card: &BoardCard, text: &CardText) {
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
pub(super) fn take_column_toggle(ui: &egui::Ui, view: &mut BoardView) {
    let toggled: Option<Uuid> = ui
        .ctx()
        .data_mut(|d| d.remove_temp(Id::unique("board_toggle_column")));
    if let Some(key) = toggled
        && !view.collapsed.remove(&key)
    {
        view.collapsed.insert(key);
    }
}
