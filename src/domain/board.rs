//! The kanban board of a programme, as pure data: cards, their flags, filtering, grouping
//! into columns and ordering inside a column.
//!
//! Everything here runs after a command (a move, a filter change), never inside a frame:
//! the view draws the columns built by [`group`] as they are.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::model::{EarlyExitReason, Programme, Stage};

/// One case on the board, with what its card shows. Built by the store in a few set-based
/// queries (see `store::board`), or synthetically by the benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardCard {
    /// The case.
    pub case_id: Uuid,
    /// Its household.
    pub household_id: Uuid,
    /// Household label, e.g. "Famille Martin".
    pub household_label: String,
    /// Number of adults in the household.
    pub adults: u32,
    /// Number of children in the household.
    pub children: u32,
    /// Where the household lives today.
    pub commune: String,
    /// Référent·e of the case.
    pub referent: String,
    /// Current stage (`None` for a case without history).
    pub stage_id: Option<Uuid>,
    /// When the case entered its current stage.
    pub stage_since: Option<DateTime<Utc>>,
    /// Date the orientation was received.
    pub opened_on: NaiveDate,
    /// Whether the case is still followed (no exit).
    pub active: bool,
    /// Latest contact: past appointment or journal note.
    pub last_contact: Option<DateTime<Utc>>,
    /// Next appointment to come.
    pub next_appointment: Option<DateTime<Utc>>,
    /// No valid consent recorded for the household.
    pub consent_missing: bool,
    /// A document of the checklist is still to provide or has expired.
    pub documents_missing: bool,
    /// A proposal (job or housing) waits for an answer.
    pub proposal_waiting: bool,
}

impl BoardCard {
    /// Whole days in the current stage on `today` (0 without history, never negative).
    pub fn days_in_stage(&self, today: NaiveDate) -> i64 {
        self.stage_since
            .map_or(0, |since| (today - since.date_naive()).num_days().max(0))
    }

    /// Whole days since the last sign of life: contact, move, or opening of the case.
    pub fn days_without_contact(&self, today: NaiveDate) -> i64 {
        let last = [
            self.last_contact.map(|t| t.date_naive()),
            self.stage_since.map(|t| t.date_naive()),
            Some(self.opened_on),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(self.opened_on);
        (today - last).num_days().max(0)
    }
}

/// The warnings a card can carry. Each has a colour and an icon on screen, and the words
/// of [`Flags::describe`] for screen readers and tooltips.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    /// No valid consent recorded.
    pub consent_missing: bool,
    /// Documents to provide or expired.
    pub documents_missing: bool,
    /// No contact for longer than the programme's threshold.
    pub stale: bool,
    /// A proposal waits for an answer.
    pub proposal_waiting: bool,
}

impl Flags {
    /// The flags of `card` on `today` under `programme`'s stale threshold. A case that has
    /// left the programme is never "stale".
    pub fn of(card: &BoardCard, programme: &Programme, today: NaiveDate) -> Flags {
        Flags {
            consent_missing: card.consent_missing,
            documents_missing: card.documents_missing,
            stale: card.active
                && card.days_without_contact(today) > i64::from(programme.stale_after_days),
            proposal_waiting: card.proposal_waiting,
        }
    }

    /// Whether every flag set in `required` is set here.
    pub fn contains(self, required: Flags) -> bool {
        (!required.consent_missing || self.consent_missing)
            && (!required.documents_missing || self.documents_missing)
            && (!required.stale || self.stale)
            && (!required.proposal_waiting || self.proposal_waiting)
    }

    /// Whether no flag is set.
    pub fn is_empty(self) -> bool {
        self == Flags::default()
    }

    /// The flags in French words, e.g. "consentement manquant, sans contact".
    pub fn describe(self) -> String {
        let mut words = Vec::new();
        if self.consent_missing {
            words.push(FLAG_CONSENT);
        }
        if self.documents_missing {
            words.push(FLAG_DOCUMENTS);
        }
        if self.stale {
            words.push(FLAG_STALE);
        }
        if self.proposal_waiting {
            words.push(FLAG_PROPOSAL);
        }
        words.join(", ")
    }
}

/// French name of the consent flag (also the filter's label).
pub const FLAG_CONSENT: &str = "consentement manquant";
/// French name of the documents flag.
pub const FLAG_DOCUMENTS: &str = "pièces manquantes";
/// French name of the stale flag.
pub const FLAG_STALE: &str = "sans contact récent";
/// French name of the proposal flag.
pub const FLAG_PROPOSAL: &str = "proposition en attente";

/// What the worker chose to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardFilter {
    /// Only the cases of this référent·e.
    pub referent: Option<String>,
    /// Only these households (the full-text search's answer), when searching.
    pub households: Option<HashSet<Uuid>>,
    /// Only cards carrying all these flags.
    pub required: Flags,
}

impl BoardFilter {
    /// Whether `card` (with its `flags`) passes the filter.
    pub fn accepts(&self, card: &BoardCard, flags: Flags) -> bool {
        self.referent.as_ref().is_none_or(|r| &card.referent == r)
            && self
                .households
                .as_ref()
                .is_none_or(|set| set.contains(&card.household_id))
            && flags.contains(self.required)
    }

    /// Whether anything is filtered at all.
    pub fn is_active(&self) -> bool {
        self.referent.is_some() || self.households.is_some() || !self.required.is_empty()
    }
}

/// One column of the board: a stage and the positions (in the card list) of its cards,
/// already filtered and ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The stage, or `None` for the column of cases whose stage is archived or unknown.
    pub stage: Option<Stage>,
    /// Positions in the card list, in display order.
    pub cards: Vec<u32>,
    /// Cards in the stage before filtering.
    pub total: usize,
}

/// Groups `cards` into the programme's active stages, in pathway order, keeping those the
/// filter accepts. Working stages show the longest-waiting case first (what is late comes
/// first); exit stages show the latest exits first. Cases whose stage is archived or
/// unknown go to a last column, shown only when it is not empty.
///
/// `flags[i]` are the flags of `cards[i]`.
pub fn group(
    programme: &Programme,
    cards: &[BoardCard],
    flags: &[Flags],
    filter: &BoardFilter,
) -> Vec<Column> {
    let stages: Vec<&Stage> = programme.active_stages().collect();
    let mut columns: Vec<Column> = stages
        .iter()
        .map(|s| Column {
            stage: Some((*s).clone()),
            cards: Vec::new(),
            total: 0,
        })
        .collect();
    let mut orphans = Column {
        stage: None,
        cards: Vec::new(),
        total: 0,
    };
    // Stage id → column: a programme has a dozen stages, a linear scan beats hashing.
    for (i, card) in cards.iter().enumerate() {
        let column = card
            .stage_id
            .and_then(|id| stages.iter().position(|s| s.id == id))
            .map_or(&mut orphans, |c| &mut columns[c]);
        column.total += 1;
        let card_flags = flags.get(i).copied().unwrap_or_default();
        if filter.accepts(card, card_flags) {
            column.cards.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    for column in &mut columns {
        let exit = column.stage.as_ref().is_some_and(|s| s.is_exit);
        sort_column(&mut column.cards, cards, exit);
    }
    sort_column(&mut orphans.cards, cards, false);
    if orphans.total > 0 {
        columns.push(orphans);
    }
    columns
}

fn sort_column(positions: &mut [u32], cards: &[BoardCard], latest_first: bool) {
    let key = |p: &u32| {
        let card = &cards[*p as usize];
        (card.stage_since, card.case_id)
    };
    if latest_first {
        positions.sort_unstable_by_key(|p| std::cmp::Reverse(key(p)));
    } else {
        positions.sort_unstable_by_key(key);
    }
}

/// The referents seen on the cards, sorted, for the filter's picker.
pub fn referents(cards: &[BoardCard]) -> Vec<String> {
    let mut names: Vec<String> = cards
        .iter()
        .map(|c| c.referent.clone())
        .filter(|r| !r.trim().is_empty())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    names.sort();
    names
}

/// What moving a case to a stage asks for, checked before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRequest {
    /// The case to move.
    pub case_id: Uuid,
    /// The stage to move it to.
    pub to_stage: Uuid,
    /// Optional comment for the history.
    pub comment: String,
    /// Reason of an early exit (required when `to_stage` is the early exit).
    pub exit_reason: Option<EarlyExitReason>,
    /// Free text about an early exit (required with the reason).
    pub exit_details: String,
}

/// Checks a move against the programme: the target must be one of its active stages, not
/// the current one, and an early exit needs a reason and a few words. The error is the
/// French message to show.
pub fn check_move(
    programme: &Programme,
    current: Option<Uuid>,
    request: &MoveRequest,
) -> Result<(), String> {
    let Some(stage) = programme.active_stages().find(|s| s.id == request.to_stage) else {
        return Err(
            "Cette étape n'existe plus dans le dispositif : choisissez-en une autre.".into(),
        );
    };
    if current == Some(stage.id) {
        return Err(format!(
            "Le dossier est déjà à l'étape « {} » : choisissez une autre étape.",
            stage.label
        ));
    }
    if stage.is_early_exit {
        if request.exit_reason.is_none() {
            return Err(
                "Une sortie anticipée demande un motif : choisissez-le dans la liste, puis \
                 précisez en quelques mots."
                    .into(),
            );
        }
        if request.exit_details.trim().is_empty() {
            return Err(
                "Précisez en quelques mots la raison de la sortie anticipée (par exemple : \
                 ce que le ménage a dit, ce qui a été tenté)."
                    .into(),
            );
        }
    }
    Ok(())
}

/// Where a new stage goes: before the exits, so that the pathway keeps its end.
pub fn insert_position(programme: &Programme) -> usize {
    programme
        .stages
        .iter()
        .position(|s| s.is_exit)
        .unwrap_or(programme.stages.len())
}

/// Stages present in `old` and missing from `new` (the ones a settings change deletes).
pub fn removed_stages<'a>(old: &'a Programme, new: &Programme) -> Vec<&'a Stage> {
    old.stages
        .iter()
        .filter(|s| !new.stages.iter().any(|n| n.id == s.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::{default_programme, default_stage_id};
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).expect("date")
    }

    fn card(n: u128, stage: usize, since_day: u32, referent: &str) -> BoardCard {
        BoardCard {
            case_id: Uuid::from_u128(n),
            household_id: Uuid::from_u128(1000 + n),
            household_label: format!("Famille {n}"),
            adults: 2,
            children: 1,
            commune: "Aurillac".into(),
            referent: referent.into(),
            stage_id: Some(default_stage_id(stage)),
            stage_since: Some(
                Utc.with_ymd_and_hms(2025, 3, since_day, 10, 0, 0)
                    .single()
                    .expect("t"),
            ),
            opened_on: day(1),
            active: stage < 8,
            last_contact: None,
            next_appointment: None,
            consent_missing: n.is_multiple_of(2),
            documents_missing: false,
            proposal_waiting: false,
        }
    }

    fn flags_of(cards: &[BoardCard], p: &Programme, today: NaiveDate) -> Vec<Flags> {
        cards.iter().map(|c| Flags::of(c, p, today)).collect()
    }

    #[test]
    fn groups_by_stage_in_pathway_order_oldest_first() {
        let p = default_programme();
        let cards = [
            card(1, 1, 10, "Claire"),
            card(2, 1, 3, "Claire"),
            card(3, 0, 5, "Malik"),
            card(4, 9, 2, "Malik"),
            card(5, 9, 8, "Malik"),
        ];
        let flags = flags_of(&cards, &p, day(20));
        let columns = group(&p, &cards, &flags, &BoardFilter::default());
        assert_eq!(columns.len(), 10);
        assert_eq!(columns[0].cards, [2]);
        assert_eq!(columns[1].cards, [1, 0], "oldest in stage first");
        assert_eq!(columns[9].cards, [4, 3], "latest exit first");
        assert_eq!(columns[1].total, 2);
    }

    #[test]
    fn filters_by_referent_flags_and_search() {
        let p = default_programme();
        let cards = [
            card(1, 1, 10, "Claire"),
            card(2, 1, 3, "Claire"),
            card(3, 0, 5, "Malik"),
        ];
        let flags = flags_of(&cards, &p, day(20));
        let by_referent = BoardFilter {
            referent: Some("Malik".into()),
            ..BoardFilter::default()
        };
        let columns = group(&p, &cards, &flags, &by_referent);
        assert_eq!(columns[0].cards, [2]);
        assert!(columns[1].cards.is_empty());
        assert_eq!(
            columns[1].total, 2,
            "the count before filtering stays known"
        );

        let consent = BoardFilter {
            required: Flags {
                consent_missing: true,
                ..Flags::default()
            },
            ..BoardFilter::default()
        };
        let columns = group(&p, &cards, &flags, &consent);
        assert_eq!(columns[1].cards, [1]);

        let search = BoardFilter {
            households: Some([Uuid::from_u128(1001)].into_iter().collect()),
            ..BoardFilter::default()
        };
        let columns = group(&p, &cards, &flags, &search);
        assert_eq!(columns[1].cards, [0]);
        assert!(columns[0].cards.is_empty());
    }

    #[test]
    fn archived_or_missing_stage_goes_to_a_last_column() {
        let mut p = default_programme();
        p.stages[2].archived = true;
        let mut lost = card(7, 2, 4, "Claire");
        let cards = {
            lost.household_label = "Perdue".into();
            vec![card(1, 1, 10, "Claire"), lost]
        };
        let flags = flags_of(&cards, &p, day(20));
        let columns = group(&p, &cards, &flags, &BoardFilter::default());
        assert_eq!(columns.len(), 10);
        assert!(columns[9].stage.is_none());
        assert_eq!(columns[9].cards, [1]);
    }

    #[test]
    fn stale_means_no_contact_for_longer_than_the_threshold() {
        let p = default_programme(); // 45 days
        let mut c = card(1, 1, 1, "Claire");
        c.opened_on = day(1);
        let today = day(1) + chrono::Duration::days(46);
        assert!(Flags::of(&c, &p, today).stale);
        c.last_contact = Some(
            Utc.with_ymd_and_hms(2025, 4, 1, 9, 0, 0)
                .single()
                .expect("t"),
        );
        assert!(!Flags::of(&c, &p, today).stale);
        c.last_contact = None;
        c.active = false;
        assert!(
            !Flags::of(&c, &p, today).stale,
            "an exited case is not late"
        );
        assert_eq!(c.days_in_stage(day(11)), 10);
    }

    #[test]
    fn early_exit_needs_a_reason_and_words() {
        let p = default_programme();
        let exit = default_stage_id(9);
        let mut request = MoveRequest {
            case_id: Uuid::from_u128(1),
            to_stage: exit,
            comment: String::new(),
            exit_reason: None,
            exit_details: String::new(),
        };
        let current = Some(default_stage_id(2));
        assert!(check_move(&p, current, &request).is_err_and(|e| e.contains("motif")));
        request.exit_reason = Some(EarlyExitReason::Demenagement);
        assert!(check_move(&p, current, &request).is_err_and(|e| e.contains("Précisez")));
        request.exit_details = "Parti dans le Nord".into();
        assert!(check_move(&p, current, &request).is_ok());
        // Going back a stage is allowed; staying put is not a move.
        request.to_stage = default_stage_id(1);
        assert!(check_move(&p, current, &request).is_ok());
        request.to_stage = default_stage_id(2);
        assert!(check_move(&p, current, &request).is_err());
    }

    #[test]
    fn new_stages_go_before_the_exits() {
        let p = default_programme();
        assert_eq!(insert_position(&p), 8);
        let mut q = p.clone();
        q.stages.remove(3);
        let removed = removed_stages(&p, &q);
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].id, default_stage_id(3));
    }

    #[test]
    fn referents_are_distinct_and_sorted() {
        let cards = [
            card(1, 1, 10, "Malik"),
            card(2, 1, 3, "Claire"),
            card(3, 0, 5, "Malik"),
        ];
        assert_eq!(referents(&cards), ["Claire", "Malik"]);
    }
}
