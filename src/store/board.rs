//! The board's queries: the cards of a programme in a few set-based statements (no query
//! per card), one card after a move, moves with their history entry, undo, new cases and
//! programme settings.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::records::parse_uuid;
use super::{Store, StoreError};
use crate::domain::board::{BoardCard, MoveRequest, check_move, removed_stages};
use crate::domain::model::{
    Case, CaseOpening, ExitKind, Household, HousingDemand, HousingSituation, Programme, StageEvent,
};
use crate::domain::programme::default_programme;

/// The cases of a programme with their household (label, commune), read from the
/// covering indexes of migration 0003 (the records' JSON is not decrypted).
const BOARD_BASE_SQL: &str = "SELECT c.id, c.household_id, h.data ->> '$.label', \
     h.data ->> '$.commune', c.data ->> '$.referent', c.current_stage_id, c.stage_since, \
     c.data ->> '$.opened_on', c.data ->> '$.exit' \
     FROM cases c INDEXED BY board_cases \
     JOIN households h INDEXED BY board_households \
       ON h.id = c.household_id AND h.deleted_at IS NULL \
     WHERE c.programme_id = ?1 AND c.deleted_at IS NULL";

/// The same for one case, found by its primary key (`+` keeps SQLite from scanning the
/// programme's index instead).
const CARD_BASE_SQL: &str = "SELECT c.id, c.household_id, h.data ->> '$.label', \
     h.data ->> '$.commune', c.data ->> '$.referent', c.current_stage_id, c.stage_since, \
     c.data ->> '$.opened_on', c.data ->> '$.exit' \
     FROM cases c JOIN households h ON h.id = c.household_id AND h.deleted_at IS NULL \
     WHERE c.id = ?2 AND +c.programme_id = ?1 AND c.deleted_at IS NULL";

/// What each per-household aggregate adds to the cards.
#[derive(Clone, Copy)]
enum Aggregate {
    Adults,
    Children,
    NextAppointment,
    PastAppointment,
    LastNote,
    DocumentsMissing,
    ValidConsent,
    ProposalWaiting,
}

/// One statement per aggregate, each grouped by household over its whole table (the board)
/// or on one household through the `household_id` index (one card). `?1` is the current
/// instant or today's date, `{household}` a filter on `?2` or nothing.
const AGGREGATES: [(Aggregate, &str); 8] = [
    (
        Aggregate::Adults,
        "SELECT household_id, count(*) FROM adults WHERE deleted_at IS NULL AND ?1 IS NOT NULL \
         {household} GROUP BY household_id",
    ),
    (
        Aggregate::Children,
        "SELECT household_id, count(*) FROM children WHERE deleted_at IS NULL AND ?1 IS NOT NULL \
         {household} GROUP BY household_id",
    ),
    (
        Aggregate::NextAppointment,
        "SELECT household_id, min(data ->> '$.at') FROM appointments \
         WHERE deleted_at IS NULL AND household_id IS NOT NULL AND data ->> '$.at' >= ?1 \
         {household} GROUP BY household_id",
    ),
    (
        Aggregate::PastAppointment,
        "SELECT household_id, max(data ->> '$.at') FROM appointments \
         WHERE deleted_at IS NULL AND household_id IS NOT NULL AND data ->> '$.at' < ?1 \
         {household} GROUP BY household_id",
    ),
    (
        Aggregate::LastNote,
        "SELECT household_id, max(data ->> '$.at') FROM notes \
         WHERE deleted_at IS NULL AND ?1 IS NOT NULL {household} GROUP BY household_id",
    ),
    (
        Aggregate::DocumentsMissing,
        "SELECT DISTINCT household_id, 1 FROM document_items WHERE deleted_at IS NULL \
         AND data ->> '$.status' IN ('a_fournir', 'expire') AND ?1 IS NOT NULL {household}",
    ),
    (
        Aggregate::ValidConsent,
        "SELECT DISTINCT household_id, 1 FROM consents WHERE deleted_at IS NULL \
         AND data ->> '$.withdrawn_on' IS NULL \
         AND (data ->> '$.expires_on' IS NULL OR data ->> '$.expires_on' >= ?1) {household}",
    ),
    (
        Aggregate::ProposalWaiting,
        "SELECT DISTINCT household_id, 1 FROM proposals WHERE deleted_at IS NULL \
         AND data ->> '$.status' IN ('propose', 'entretien') AND ?1 IS NOT NULL {household}",
    ),
];

fn time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn query_cards(
    conn: &Connection,
    programme_id: Uuid,
    case_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<BoardCard>, StoreError> {
    let mut stmt = conn.prepare_cached(if case_id.is_some() {
        CARD_BASE_SQL
    } else {
        BOARD_BASE_SQL
    })?;
    let mut rows = match case_id {
        Some(id) => stmt.query(params![programme_id.to_string(), id.to_string()])?,
        None => stmt.query([programme_id.to_string()])?,
    };
    let mut cards = Vec::new();
    // Household → its cards (a household has one case per programme, but nothing forbids
    // two, e.g. after merging packets).
    let mut by_household: HashMap<String, Vec<usize>> = HashMap::new();
    while let Some(row) = rows.next()? {
        let household: String = row.get(1)?;
        let stage: Option<String> = row.get(5)?;
        let opened: Option<String> = row.get(7)?;
        let exit: Option<String> = row.get(8)?;
        by_household
            .entry(household.clone())
            .or_default()
            .push(cards.len());
        cards.push(BoardCard {
            case_id: parse_uuid(&row.get::<_, String>(0)?)?,
            household_id: parse_uuid(&household)?,
            household_label: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
            commune: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
            referent: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
            stage_id: stage.as_deref().map(parse_uuid).transpose()?,
            stage_since: time(row.get(6)?),
            opened_on: opened
                .and_then(|d| d.parse::<NaiveDate>().ok())
                .unwrap_or(NaiveDate::MIN),
            active: exit.as_deref().is_none_or(|e| e == "aucune"),
            adults: 0,
            children: 0,
            next_appointment: None,
            last_contact: None,
            documents_missing: false,
            // Until a valid consent is found.
            consent_missing: true,
            proposal_waiting: false,
        });
    }
    drop(rows);
    drop(stmt);
    if cards.is_empty() {
        return Ok(cards);
    }
    let one_household = case_id.and_then(|_| by_household.keys().next().cloned());
    let now_text = now.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    let today = now.date_naive().to_string();
    for (aggregate, sql) in AGGREGATES {
        let sql = sql.replace(
            "{household}",
            if one_household.is_some() {
                "AND household_id = ?2"
            } else {
                ""
            },
        );
        let first = match aggregate {
            Aggregate::ValidConsent => &today,
            _ => &now_text,
        };
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = match &one_household {
            Some(h) => stmt.query(params![first, h])?,
            None => stmt.query([first])?,
        };
        while let Some(row) = rows.next()? {
            let household: String = row.get(0)?;
            let Some(positions) = by_household.get(&household) else {
                continue; // a household of another programme
            };
            let value: rusqlite::types::Value = row.get(1)?;
            for &i in positions {
                let card = &mut cards[i];
                match (aggregate, &value) {
                    (Aggregate::Adults, rusqlite::types::Value::Integer(n)) => {
                        card.adults = u32::try_from(*n).unwrap_or(0);
                    }
                    (Aggregate::Children, rusqlite::types::Value::Integer(n)) => {
                        card.children = u32::try_from(*n).unwrap_or(0);
                    }
                    (Aggregate::NextAppointment, rusqlite::types::Value::Text(t)) => {
                        card.next_appointment = time(Some(t.clone()));
                    }
                    (
                        Aggregate::PastAppointment | Aggregate::LastNote,
                        rusqlite::types::Value::Text(t),
                    ) => {
                        card.last_contact = card.last_contact.max(time(Some(t.clone())));
                    }
                    (Aggregate::DocumentsMissing, _) => card.documents_missing = true,
                    (Aggregate::ValidConsent, _) => card.consent_missing = false,
                    (Aggregate::ProposalWaiting, _) => card.proposal_waiting = true,
                    _ => {}
                }
            }
        }
    }
    Ok(cards)
}

/// What [`Store::move_case`] did, to undo it.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveDone {
    /// The history entry written.
    pub event: StageEvent,
    /// The case as it was before the move (exit fields), restored by an undo.
    pub case_before: Case,
}

/// What a new case form gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// Household label, e.g. "Famille Martin".
    pub household_label: String,
    /// Commune where the household lives.
    pub commune: String,
    /// Housing situation today.
    pub housing_situation: HousingSituation,
    /// Programme of the case.
    pub programme_id: Uuid,
    /// Prescriber.
    pub origin: String,
    /// Référent·e, also the author of the first history entry.
    pub referent: String,
}

/// Ids written by [`Store::create_case`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreatedCase {
    /// The new household.
    pub household_id: Uuid,
    /// The new case.
    pub case_id: Uuid,
}

impl Store {
    /// The programmes, in creation order; the default one (not yet saved) on an empty base.
    pub fn board_programmes(&self) -> Result<Vec<Programme>, StoreError> {
        let mut programmes: Vec<Programme> = self.list()?;
        if programmes.is_empty() {
            programmes.push(default_programme());
        }
        Ok(programmes)
    }

    /// Every live case of a programme as a board card, in a few set-based queries.
    pub fn board_cards(&self, programme_id: Uuid) -> Result<Vec<BoardCard>, StoreError> {
        query_cards(self.conn(), programme_id, None, self.now())
    }

    /// One case's card (after a move or a creation), `None` if it is gone.
    pub fn board_card(
        &self,
        programme_id: Uuid,
        case_id: Uuid,
    ) -> Result<Option<BoardCard>, StoreError> {
        Ok(
            query_cards(self.conn(), programme_id, Some(case_id), self.now())?
                .into_iter()
                .next(),
        )
    }

    /// Moves a case to a stage: one history entry (who, when, from, to, comment) and, for
    /// an exit, the case's exit fields; going back from an exit reopens the case. One
    /// transaction. Refused with a French message when the move is not allowed (early exit
    /// without a reason, same stage, unknown stage).
    pub fn move_case(&mut self, request: &MoveRequest, by: &str) -> Result<MoveDone, StoreError> {
        self.write(|tx| {
            let case: Case = tx.get(request.case_id)?;
            let programme: Programme = match tx.find(case.programme_id)? {
                Some(p) => p,
                None => default_programme(),
            };
            let current: Option<Uuid> = tx
                .sql()
                .prepare_cached("SELECT current_stage_id FROM cases WHERE id = ?1")?
                .query_row([case.id.to_string()], |r| r.get::<_, Option<String>>(0))
                .optional()?
                .flatten()
                .as_deref()
                .map(parse_uuid)
                .transpose()?;
            check_move(&programme, current, request).map_err(StoreError::Invalid)?;
            let stage = programme
                .stage(request.to_stage)
                .ok_or_else(|| StoreError::Invalid("Étape inconnue.".into()))?;
            let event = StageEvent {
                id: Uuid::new_v4(),
                case_id: case.id,
                from_stage: current,
                to_stage: stage.id,
                at: tx.now(),
                by: match tx.worker_name()? {
                    name if name.is_empty() => by.to_owned(),
                    name => name,
                },
                comment: request.comment.trim().to_owned(),
            };
            let mut updated = case.clone();
            if stage.is_early_exit {
                updated.exit = ExitKind::Anticipee;
                updated.exit_reason = request.exit_reason;
                updated.exit_details = request.exit_details.trim().to_owned();
                updated.exit_date = Some(tx.today().max(case.opened_on));
            } else if stage.is_exit {
                updated.exit = ExitKind::DroitCommun;
                updated.exit_reason = None;
                updated.exit_date = Some(tx.today().max(case.opened_on));
            } else {
                updated.exit = ExitKind::Aucune;
                updated.exit_reason = None;
                updated.exit_date = None;
            }
            tx.put(&updated)?;
            tx.put(&event)?;
            Ok(MoveDone {
                event,
                case_before: case,
            })
        })
    }

    /// Undoes a move just made: its history entry becomes a tombstone (so the case is back
    /// in its previous stage *since the same day*, and no packet can bring the mistake
    /// back) and the case's exit fields are restored. One transaction, audited.
    pub fn undo_move(&mut self, done: &MoveDone) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.delete::<StageEvent>(done.event.id)?;
            tx.put(&done.case_before)?;
            tx.audit("déplacement annulé", "annulation immédiate")
        })
    }

    /// Creates a household and its case at the programme's first stage, with the first
    /// history entry, in one transaction. Saves the default programme first on a new base.
    pub fn create_case(&mut self, new: &NewCase) -> Result<CreatedCase, StoreError> {
        if new.household_label.trim().is_empty() {
            return Err(StoreError::Invalid(
                "Indiquez le nom du ménage (par exemple « Famille Martin »).".into(),
            ));
        }
        self.write(|tx| {
            let worker = tx.worker_name()?;
            let referent = if new.referent.trim().is_empty() {
                worker.clone()
            } else {
                new.referent.trim().to_owned()
            };
            let programme: Programme = match tx.find(new.programme_id)? {
                Some(p) => p,
                None if new.programme_id == default_programme().id => {
                    let p = default_programme();
                    tx.put(&p)?;
                    p
                }
                None => {
                    return Err(StoreError::NotFound {
                        table: "programmes",
                        id: new.programme_id,
                    });
                }
            };
            let household = Household {
                id: Uuid::new_v4(),
                label: new.household_label.trim().to_owned(),
                housing_situation: new.housing_situation,
                commune: new.commune.trim().to_owned(),
                housing_demand: HousingDemand::default(),
                resources: Vec::new(),
                barriers: Default::default(),
                referent: referent.clone(),
                origin: new.origin.trim().to_owned(),
                caf_number: None,
                unknown_to_employment_services: false,
            };
            let (case, event) = Case::open(
                &programme,
                CaseOpening {
                    household_id: household.id,
                    referent: referent.clone(),
                    origin: new.origin.trim().to_owned(),
                    opened_on: tx.today(),
                    at: tx.now(),
                    by: if worker.is_empty() {
                        referent.clone()
                    } else {
                        worker.clone()
                    },
                    comment: "Dossier créé".into(),
                },
            )
            .ok_or_else(|| StoreError::Invalid("Le dispositif n'a aucune étape active.".into()))?;
            tx.put(&household)?;
            tx.put(&case)?;
            tx.put(&event)?;
            Ok(CreatedCase {
                household_id: household.id,
                case_id: case.id,
            })
        })
    }

    /// How many cases and history entries use a stage (current stage or any move to or
    /// from it). A stage in use can be archived, never deleted.
    pub fn stage_use_count(&self, stage_id: Uuid) -> Result<u64, StoreError> {
        stage_use(self.conn(), stage_id)
    }

    /// Saves a programme's settings (name, stages, yearly target, stale threshold).
    /// Refuses to delete a stage still in use, naming it; archiving is the way.
    pub fn save_programme(&mut self, programme: &Programme) -> Result<(), StoreError> {
        self.write(|tx| {
            if let Some(old) = tx.find::<Programme>(programme.id)? {
                for stage in removed_stages(&old, programme) {
                    let uses = stage_use(tx.sql(), stage.id)?;
                    if uses > 0 {
                        return Err(StoreError::Invalid(format!(
                            "L'étape « {} » ne peut pas être supprimée : des dossiers y sont \
                             passés ({uses} dans l'historique ou en cours). Archivez-la : elle \
                             disparaît du tableau et l'historique reste lisible.",
                            stage.label
                        )));
                    }
                }
            }
            tx.put(programme)?;
            Ok(())
        })
    }
}

fn stage_use(conn: &Connection, stage_id: Uuid) -> Result<u64, StoreError> {
    let id = stage_id.to_string();
    let current: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM cases WHERE deleted_at IS NULL AND current_stage_id = ?1",
        )?
        .query_row([&id], |r| r.get(0))?;
    let history: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM stage_events WHERE deleted_at IS NULL \
             AND (data ->> '$.to_stage' = ?1 OR data ->> '$.from_stage' = ?1)",
        )?
        .query_row([&id], |r| r.get(0))?;
    Ok(u64::try_from(current + history).unwrap_or(0))
}
