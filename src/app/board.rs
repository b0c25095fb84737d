//! Applies the board's commands: each write is one store transaction, then the board's
//! view model is updated — one card re-read after a move, the whole programme only when
//! it is loaded or its settings change.

use uuid::Uuid;

use super::section::{Cx, Then};
use super::{App, Screen};
use crate::command::board::BoardCommand;
use crate::store::{Store, StoreError};
use crate::ui::board::text;
use crate::ui::board::{BoardView, CaseDetail, DEFAULT_REFERENT_NAME, UNDO_SECONDS, UndoOffer};
use crate::ui::shell::Message;

/// Loads the board of `programme_id` (or the first programme) from the store.
pub fn load_board(store: &Store, programme_id: Option<Uuid>) -> Result<BoardView, StoreError> {
    let programmes = store.board_programmes()?;
    let programme = programme_id
        .and_then(|id| programmes.iter().find(|p| p.id == id))
        .or(programmes.first())
        .cloned()
        .unwrap_or_else(crate::domain::programme::default_programme);
    let cards = store.board_cards(programme.id)?;
    let mut view = BoardView::new(programmes, programme, cards, store.now().date_naive());
    view.referent_name = store
        .current_worker_name()?
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| DEFAULT_REFERENT_NAME.to_owned());
    view.workers = crate::domain::worker::referent_choices(&store.workers()?, "");
    Ok(view)
}

impl App {
    /// Reloads the whole board (after unlocking, demo data, a programme change).
    pub(super) fn refresh_board(&mut self) {
        if let (Some(main), _, cx) = self.parts() {
            reload(&mut main.board, &cx);
        }
    }

    /// Shows a freshly loaded board, keeping what the worker chose to see, or says why it
    /// could not be read.
    pub(super) fn set_board(&mut self, board: Result<BoardView, StoreError>) {
        if let Screen::Main(view) = &mut self.screen {
            set(&mut view.board, board);
        }
    }

    /// Re-reads the cards of one household after its page changed (adults, children,
    /// consents…), so the board says the same as the page without a full reload: one
    /// query per case of the household (usually one).
    pub(super) fn refresh_household_cards(&mut self, household_id: Uuid) {
        let Some(store) = &self.store else {
            return;
        };
        let Screen::Main(view) = &mut self.screen else {
            return;
        };
        let cases: Vec<Uuid> = view
            .board
            .cards
            .iter()
            .filter(|c| c.household_id == household_id)
            .map(|c| c.case_id)
            .collect();
        for case_id in cases {
            refresh_card(store, &mut view.board, case_id);
        }
    }
}

/// Reloads the whole board of the programme shown.
fn reload(view: &mut BoardView, cx: &Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    set(view, load_board(store, Some(view.programme.id)));
}

/// Puts a freshly loaded board in place, keeping what the worker chose to see (compact
/// cards, collapsed columns), or says why it could not be read.
fn set(view: &mut BoardView, board: Result<BoardView, StoreError>) {
    match board {
        Ok(mut board) => {
            board.compact = view.compact;
            board.collapsed = std::mem::take(&mut view.collapsed);
            super::tasks::free_elsewhere(std::mem::replace(view, board));
        }
        Err(e) => {
            view.message = Some(Message::error(text::le_tableau_n_a_pas_pu_etre_charge(&e)));
        }
    }
}

/// Applies one board command; `now_s` is egui's clock (the undo offer's deadline).
pub(super) fn apply(view: &mut BoardView, command: BoardCommand, now_s: f64, cx: &mut Cx<'_>) {
    let Some(store) = cx.store.as_mut() else {
        return;
    };
    match command {
        BoardCommand::Refilter => {
            let text = view.search.trim().to_owned();
            view.filter.households = if text.is_empty() {
                None
            } else {
                match store.search(&text, 20_000) {
                    Ok(hits) => Some(hits.into_iter().filter_map(|h| h.household_id).collect()),
                    Err(e) => {
                        view.message =
                            Some(Message::error(text::la_recherche_n_a_pas_abouti_e(&e)));
                        None
                    }
                }
            };
            view.regroup();
        }
        BoardCommand::SelectProgramme(id) => {
            view.programme.id = id;
            set(view, load_board(store, Some(id)));
        }
        BoardCommand::OpenCase(case_id) => open_case(store, view, case_id, false),
        BoardCommand::Move(request) => {
            let by = view.referent_name.clone();
            match store.move_case(&request, &by) {
                Ok(done) => {
                    let label = view
                        .card(request.case_id)
                        .map(|c| c.household_label.clone())
                        .unwrap_or_default();
                    let text = text::label_de_from_stage_a_to_stage(
                        &label,
                        view.stage_label(done.event.from_stage),
                        view.stage_label(Some(done.event.to_stage)),
                    );
                    view.move_dialog = None;
                    view.undo = Some(UndoOffer {
                        text,
                        done,
                        until_s: now_s + UNDO_SECONDS,
                    });
                    refresh_card(store, view, request.case_id);
                }
                Err(e) => {
                    let message = e.to_string();
                    match &mut view.move_dialog {
                        Some(dialog) => dialog.error = Some(message),
                        None => {
                            view.message =
                                Some(Message::error(text::deplacement_refuse_message(&message)));
                        }
                    }
                }
            }
        }
        BoardCommand::Undo => {
            let Some(offer) = view.undo.take() else {
                return;
            };
            if now_s >= offer.until_s {
                view.message = Some(Message::error(text::IL_EST_TROP_TARD_POUR_ANNULER));
                return;
            }
            let case_id = offer.done.event.case_id;
            match store.undo_move(&offer.done) {
                Ok(()) => {
                    view.message = Some(Message::success(text::deplacement_annule_offer(
                        &offer.text,
                    )));
                    refresh_card(store, view, case_id);
                }
                Err(e) => {
                    view.message = Some(Message::error(
                        text::le_deplacement_n_a_pas_pu_etre_annule(&e),
                    ));
                }
            }
        }
        BoardCommand::CreateCase(new) => match store.create_case(&new) {
            Ok(created) => {
                view.new_case = None;
                if new.programme_id != view.programme.id
                    || !view.programmes.iter().any(|p| p.id == new.programme_id)
                {
                    view.programme.id = new.programme_id;
                    set(view, load_board(store, Some(new.programme_id)));
                    open_case(store, view, created.case_id, true);
                    return;
                }
                refresh_card(store, view, created.case_id);
                open_case(store, view, created.case_id, true);
                // The short form is only the start: the household page is where the
                // worker fills in the rest (the board keeps the new case open behind).
                cx.then.push(Then::OpenHousehold(created.household_id));
            }
            Err(e) => {
                if let Some(form) = &mut view.new_case {
                    form.error = Some(e.to_string());
                }
            }
        },
        BoardCommand::SaveProgramme { programme } => match store.save_programme(&programme) {
            Ok(()) => {
                view.settings = None;
                view.set_programme(programme);
                view.message = Some(Message::success(text::PARAMETRES_DU_DISPOSITIF_ENREGISTRES));
            }
            Err(e) => {
                if let Some(settings) = &mut view.settings {
                    settings.error = Some(e.to_string());
                }
            }
        },
    }
}

/// Re-reads one case's card and puts it in place: the rebuild after a move.
fn refresh_card(store: &Store, view: &mut BoardView, case_id: Uuid) {
    match store.board_card(view.programme.id, case_id) {
        Ok(Some(card)) => view.upsert_card(card),
        Ok(None) => {}
        Err(e) => {
            view.message = Some(Message::error(text::le_tableau_n_a_pas_pu_etre_mis(&e)));
        }
    }
    if view.detail.as_ref().is_some_and(|d| d.case_id == case_id) {
        let created = view.detail.as_ref().is_some_and(|d| d.created);
        open_case(store, view, case_id, created);
    }
}

/// Opens a case: its summary and stage history (the household view's placeholder).
fn open_case(store: &Store, view: &mut BoardView, case_id: Uuid, created: bool) {
    match store.stage_history(case_id) {
        Ok(events) => {
            let history = view.history_lines(&events);
            view.detail = Some(CaseDetail {
                case_id,
                history,
                created,
            });
        }
        Err(e) => {
            view.message = Some(Message::error(text::le_dossier_n_a_pas_pu_etre_ouvert(&e)));
        }
    }
}
