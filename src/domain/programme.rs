//! Programmes and their pathways: the default pathway of seed 002 (Aurore / Polygone),
//! and the rules that derive a case's current stage from its stage history.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::model::{Programme, Stage, StageEvent};

/// Identifier of the default programme. Fixed, so that two installations that both start
/// from the default pathway exchange packets about the *same* programme and stages.
pub const DEFAULT_PROGRAMME_ID: Uuid = Uuid::from_u128(0x5a55_e2e1_0000_4000_8000_0000_0000_0001);

/// Labels of the default pathway, in order; the last two are the exits.
pub const DEFAULT_STAGE_LABELS: [&str; 10] = [
    "Orientation reçue",
    "Diagnostic",
    "Recherche de postes",
    "Rencontre & projet professionnel",
    "Séjour découverte",
    "Validation",
    "Embauche & installation",
    "Accompagnement global",
    "Droit commun (sortie positive)",
    "Sortie anticipée",
];

/// Fixed identifier of the default pathway's stage at `index` (see [`DEFAULT_PROGRAMME_ID`]).
pub fn default_stage_id(index: usize) -> Uuid {
    let base: u128 = 0x5a55_e2e1_0000_4000_8000_0000_0001_0000;
    Uuid::from_u128(base + index as u128)
}

/// The default programme "Un toit, un emploi" with the pathway of seed 002.
pub fn default_programme() -> Programme {
    let last = DEFAULT_STAGE_LABELS.len() - 1;
    let stages = DEFAULT_STAGE_LABELS
        .iter()
        .enumerate()
        .map(|(i, label)| Stage {
            id: default_stage_id(i),
            label: (*label).to_owned(),
            archived: false,
            is_exit: i >= last - 1,
            is_early_exit: i == last,
        })
        .collect();
    Programme {
        id: DEFAULT_PROGRAMME_ID,
        name: "Un toit, un emploi".to_owned(),
        territory: "Île-de-France → Cantal".to_owned(),
        stages,
        yearly_target: 12,
        stale_after_days: 45,
    }
}

impl Programme {
    /// Stages shown on boards and pickers, in pathway order (archived ones left out).
    pub fn active_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(|s| !s.archived)
    }

    /// The stage a new case starts in: the first active stage that is not an exit.
    pub fn first_stage(&self) -> Option<&Stage> {
        self.active_stages().find(|s| !s.is_exit)
    }

    /// The early-exit stage ("Sortie anticipée"), if the programme has one.
    pub fn early_exit_stage(&self) -> Option<&Stage> {
        self.active_stages().find(|s| s.is_early_exit)
    }

    /// The positive exit stage (the first exit stage that is not an early exit).
    pub fn positive_exit_stage(&self) -> Option<&Stage> {
        self.active_stages().find(|s| s.is_exit && !s.is_early_exit)
    }

    /// A stage by id, archived or not (history may point at archived stages).
    pub fn stage(&self, id: Uuid) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// Position of a stage in the pathway.
    pub fn stage_index(&self, id: Uuid) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// The next active stage after `id` in pathway order (the "advance" button). The
    /// early exit is skipped: it is reachable from any stage, by explicit choice only.
    pub fn next_stage(&self, id: Uuid) -> Option<&Stage> {
        let index = self.stage_index(id)?;
        self.stages[index + 1..]
            .iter()
            .find(|s| !s.archived && !s.is_early_exit)
    }
}

/// Where a case stands, derived from its stage history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrentStage {
    /// The stage reached by the last move.
    pub stage_id: Uuid,
    /// When the case entered it.
    pub since: DateTime<Utc>,
}

impl CurrentStage {
    /// Whole days spent in the stage on `today` (0 on the day of the move, never negative
    /// even if a partner's clock put the move in our future).
    pub fn days_in_stage(&self, today: NaiveDate) -> i64 {
        (today - self.since.date_naive()).num_days().max(0)
    }

    /// Whether the case has stayed in the stage longer than the programme's threshold.
    pub fn is_stale(&self, programme: &Programme, today: NaiveDate) -> bool {
        self.days_in_stage(today) > i64::from(programme.stale_after_days)
    }
}

/// The current stage of a case from its stage events, in any order: the last event by
/// time wins, ties broken by event id so that every replica agrees after a merge.
pub fn current_stage<'a>(events: impl IntoIterator<Item = &'a StageEvent>) -> Option<CurrentStage> {
    events
        .into_iter()
        .max_by_key(|e| (e.at, e.id))
        .map(|e| CurrentStage {
            stage_id: e.to_stage,
            since: e.at,
        })
}

/// Days spent in the current stage on `today`, or `None` for a case with no history.
pub fn days_in_stage<'a>(
    events: impl IntoIterator<Item = &'a StageEvent>,
    today: NaiveDate,
) -> Option<i64> {
    current_stage(events).map(|c| c.days_in_stage(today))
}

/// Stage events sorted chronologically (ties by id), for the history view.
pub fn sorted_history(events: &[StageEvent]) -> Vec<&StageEvent> {
    let mut sorted: Vec<&StageEvent> = events.iter().collect();
    sorted.sort_by_key(|e| (e.at, e.id));
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::Validate;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 9, 30, 0)
            .single()
            .expect("time")
    }

    fn event(n: u128, to: usize, when: DateTime<Utc>) -> StageEvent {
        StageEvent {
            id: Uuid::from_u128(n),
            case_id: Uuid::from_u128(99),
            from_stage: None,
            to_stage: default_stage_id(to),
            at: when,
            by: "Claire".into(),
            comment: String::new(),
        }
    }

    #[test]
    fn default_programme_follows_seed_002() {
        let p = default_programme();
        assert!(p.validate(NaiveDate::MIN).is_empty());
        let labels: Vec<_> = p.active_stages().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, DEFAULT_STAGE_LABELS);
        assert_eq!(
            p.first_stage().map(|s| s.label.as_str()),
            Some("Orientation reçue")
        );
        assert_eq!(
            p.early_exit_stage().map(|s| s.label.as_str()),
            Some("Sortie anticipée")
        );
        assert_eq!(
            p.positive_exit_stage().map(|s| s.label.as_str()),
            Some("Droit commun (sortie positive)")
        );
        // Stable identifiers across installations.
        assert_eq!(default_programme(), p);
    }

    #[test]
    fn archived_stages_are_hidden_but_resolvable() {
        let mut p = default_programme();
        p.stages[0].archived = true;
        assert_eq!(
            p.first_stage().map(|s| s.label.as_str()),
            Some("Diagnostic")
        );
        assert!(p.stage(default_stage_id(0)).is_some());
        assert_eq!(p.active_stages().count(), 9);
    }

    #[test]
    fn next_stage_skips_archived_and_early_exit() {
        let mut p = default_programme();
        p.stages[2].archived = true;
        let next = p.next_stage(default_stage_id(1)).map(|s| s.id);
        assert_eq!(next, Some(default_stage_id(3)));
        let after_support = p.next_stage(default_stage_id(7)).map(|s| s.id);
        assert_eq!(after_support, Some(default_stage_id(8)));
        assert_eq!(p.next_stage(default_stage_id(8)), None);
    }

    #[test]
    fn current_stage_is_the_latest_move_whatever_the_order() {
        let events = [
            event(3, 2, at(2025, 3, 1)),
            event(1, 0, at(2025, 1, 1)),
            event(2, 1, at(2025, 2, 1)),
        ];
        let current = current_stage(&events).expect("stage");
        assert_eq!(current.stage_id, default_stage_id(2));
        assert_eq!(
            current.days_in_stage(NaiveDate::from_ymd_opt(2025, 3, 11).expect("d")),
            10
        );
        assert_eq!(current_stage(&[]), None);
    }

    #[test]
    fn simultaneous_moves_are_ordered_by_id() {
        let same = at(2025, 3, 1);
        let a = [event(5, 3, same), event(4, 2, same)];
        let b = [event(4, 2, same), event(5, 3, same)];
        assert_eq!(current_stage(&a), current_stage(&b));
        assert_eq!(
            current_stage(&a).map(|c| c.stage_id),
            Some(default_stage_id(3))
        );
    }

    #[test]
    fn days_in_stage_never_negative_and_staleness() {
        let p = default_programme();
        let events = [event(1, 0, at(2025, 6, 1))];
        let before = NaiveDate::from_ymd_opt(2025, 5, 1).expect("d");
        assert_eq!(days_in_stage(&events, before), Some(0));
        let current = current_stage(&events).expect("stage");
        let d45 = NaiveDate::from_ymd_opt(2025, 7, 16).expect("d");
        assert_eq!(current.days_in_stage(d45), 45);
        assert!(!current.is_stale(&p, d45));
        assert!(current.is_stale(&p, d45.succ_opt().expect("d")));
    }

    #[test]
    fn history_is_sorted() {
        let events = [event(2, 1, at(2025, 2, 1)), event(1, 0, at(2025, 1, 1))];
        let ids: Vec<_> = sorted_history(&events).iter().map(|e| e.id).collect();
        assert_eq!(ids, [Uuid::from_u128(1), Uuid::from_u128(2)]);
    }
}
