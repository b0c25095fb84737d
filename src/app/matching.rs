//! The app's side of the « Rapprochement » section: loads the records once after a change,
//! builds the candidates, ranks (no database access on a filter change, and never on the
//! UI thread: a household chosen or a filter moved is ranked by « passerelle-classement »),
//! and applies the section's commands, each write in one transaction.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use uuid::Uuid;

use super::section::Cx;
use super::tasks::{TaskDone, TaskKind, free_elsewhere};
use crate::command::matching::{MatchingCommand, RegistryRecord};
use crate::domain::model::*;
use crate::matching::candidates::{self, Candidates, Resolver};
use crate::matching::criteria::{Check, WEIGHTS_SETTING, Weights};
use crate::matching::geo::{Gazetteer, Precision};
use crate::matching::{self as m, Context, Suggestion, Target};
use crate::store::matching::MatchingRecords;
use crate::store::{Store, StoreError};
use crate::ui::matching::text as t;
use crate::ui::matching::{BundleRow, MatchingTab, MatchingView, Row, UNDO_SECONDS};
use crate::ui::registries::CommuneRow;

/// What a write says (the notice) and the proposals it created (undoable for 30 s).
type Written = (Option<String>, Option<Vec<Uuid>>);

/// Suggestions shown per list.
const SHOWN: usize = 20;

/// What the reading thread hands back: the data and the view models built from it.
pub(crate) type Loaded = Result<(MatchingData, Prepared), StoreError>;

/// The section's state on the app's side, between frames: its data (dropped on lock), the
/// read in progress, and the ranking in progress with what is waiting to be ranked.
#[derive(Default)]
pub(crate) struct MatchingState {
    /// What the section ranks from, shared with the ranking thread.
    data: Option<Arc<MatchingData>>,
    /// The section's data is being read in the background (entering « Rapprochement »).
    loading: bool,
    /// « Rapprochement » was entered in this frame: read its data after the commands.
    load_wanted: bool,
    /// A ranking is being made on its thread.
    ranking: bool,
    /// The shown household must be ranked again (its choice or the filters changed).
    rank_household: bool,
    /// The reverse view's target must be ranked again.
    rank_reverse: bool,
}

impl MatchingState {
    /// Asks for the section's data to be read after this frame's commands.
    pub(crate) fn want_load(&mut self) {
        self.load_wanted = true;
    }

    /// Forgets the data (the base changed under it: a packet was applied); the next entry
    /// in the section reads it again.
    pub(crate) fn forget_data(&mut self) {
        free_elsewhere(self.data.take());
    }
}

/// What a ranking thread hands back: what it ranked for, and the rows.
pub(crate) struct RankDone {
    wanted: Wanted,
    /// The shown household's ranking, when it was asked for.
    household: Option<Ranked>,
    /// The reverse view's rows, when they were asked for.
    reverse: Option<Vec<Row>>,
}

impl RankDone {
    /// Ranks what `household` and `reverse` ask for, as `wanted` says.
    fn build(data: &MatchingData, wanted: Wanted, household: bool, reverse: bool) -> RankDone {
        RankDone {
            household: household.then(|| Ranked::build(data, wanted.selected, &wanted.filters)),
            reverse: reverse.then(|| reverse_rows(data, wanted.reverse, &wanted.filters)),
            wanted,
        }
    }
}

/// What the section works from between two changes of the base.
pub(crate) struct MatchingData {
    records: MatchingRecords,
    candidates: Candidates,
    weights: Weights,
    today: NaiveDate,
    /// Household → (active case, whether it is before « Embauche & installation »).
    cases: HashMap<Uuid, (Uuid, bool)>,
}

fn dmy(d: Option<NaiveDate>) -> String {
    d.map_or_else(
        || t::DATE_TO_FIX.to_owned(),
        |d| d.format("%d/%m/%Y").to_string(),
    )
}

/// The criteria of a suggestion, without the information (earlier proposals).
fn shown(checks: &[Check]) -> Vec<(crate::matching::criteria::Status, String)> {
    checks
        .iter()
        .filter(|c| !c.is_info())
        .map(|c| (c.status, c.reason.clone()))
        .collect()
}

/// The information of a suggestion: « déjà positionné le … », « refusé par le ménage… ».
fn notes(checks: &[Check]) -> Vec<String> {
    checks
        .iter()
        .filter(|c| c.is_info())
        .map(|c| c.reason.clone())
        .collect()
}

impl MatchingData {
    fn load(store: &crate::store::Store) -> Result<MatchingData, StoreError> {
        let records = store.matching_records()?;
        let weights = Weights::from_setting(store.setting(WEIGHTS_SETTING)?.as_deref());
        let today = store.now().date_naive();
        // Households whose every case has ended are no longer matched.
        let mut active: BTreeSet<Uuid> = BTreeSet::new();
        let mut with_case: BTreeSet<Uuid> = BTreeSet::new();
        for c in &records.cases {
            with_case.insert(c.household_id);
            if c.is_active() {
                active.insert(c.household_id);
            }
        }
        let excluded: BTreeSet<Uuid> = with_case.difference(&active).copied().collect();
        let mut resolver = Resolver::new(Gazetteer::embedded(), &records.commune_facts);
        let candidates = candidates::build(
            &mut resolver,
            &records.households,
            &records.adults,
            &records.children,
            &records.employers,
            &records.offers,
            &records.landlords,
            &records.units,
            &records.proposals,
            &excluded,
        );
        let mut cases = HashMap::new();
        for programme in &records.programmes {
            let hiring = programme
                .stages
                .iter()
                .position(|s| s.label == t::HIRING_STAGE);
            for card in store.programme_cases(programme.id)? {
                if !card.case.is_active() {
                    continue;
                }
                let current = card
                    .current
                    .and_then(|c| programme.stages.iter().position(|s| s.id == c.stage_id));
                let before = matches!((current, hiring), (Some(c), Some(h)) if c < h)
                    || (current.is_none() && hiring.is_some());
                cases.insert(card.case.household_id, (card.case.id, before));
            }
        }
        Ok(MatchingData {
            records,
            candidates,
            weights,
            today,
            cases,
        })
    }

    fn offer_row(&self, s: &Suggestion) -> Row {
        let Target::Offer(id) = s.target else {
            return self.unit_row(s);
        };
        let o = self.candidates.offers.iter().find(|o| o.id == id);
        let raw = self.records.offers.iter().find(|o| o.id == id);
        let adult = s
            .adult
            .and_then(|i| {
                self.candidates
                    .households
                    .iter()
                    .find(|h| h.id == s.household)?
                    .adults
                    .get(i)
            })
            .map(|a| t::for_adult(&a.first_name))
            .unwrap_or_default();
        Row {
            target: s.target,
            household: s.household,
            title: o.map_or_else(String::new, |o| format!("{} — {}", o.title, o.employer)),
            subtitle: o.map_or_else(String::new, |o| {
                t::offer_subtitle(
                    &o.place.name,
                    o.contract.label_fr(),
                    &dmy(o.start_date),
                    raw.map_or("", |r| r.status.label_fr()),
                    &adult,
                )
            }),
            summary: m::summary_fr(s.score, &s.checks, s.declined),
            checks: shown(&s.checks),
            notes: notes(&s.checks),
            set_aside: m::set_aside_reasons(&s.checks),
            score: s.score,
            declined: s.declined,
            proposal: self.proposal(s.household, s.target),
        }
    }

    fn unit_row(&self, s: &Suggestion) -> Row {
        let id = match s.target {
            Target::Unit(id) | Target::Offer(id) => id,
        };
        let u = self.candidates.units.iter().find(|u| u.id == id);
        Row {
            target: s.target,
            household: s.household,
            title: u.map_or_else(String::new, |u| {
                format!("{} {} — {}", u.typology.label_fr(), u.label, u.landlord)
            }),
            subtitle: u.map_or_else(String::new, |u| {
                t::unit_subtitle(
                    &u.place.name,
                    u.surface_m2,
                    u.total_rent_cents / 100,
                    u.floor,
                    u.lift,
                )
            }),
            summary: m::summary_fr(s.score, &s.checks, s.declined),
            checks: shown(&s.checks),
            notes: notes(&s.checks),
            set_aside: m::set_aside_reasons(&s.checks),
            score: s.score,
            declined: s.declined,
            proposal: self.proposal(s.household, s.target),
        }
    }

    fn household_row(&self, s: &Suggestion) -> Row {
        let mut row = match s.target {
            Target::Offer(_) => self.offer_row(s),
            Target::Unit(_) => self.unit_row(s),
        };
        let h = self
            .candidates
            .households
            .iter()
            .find(|h| h.id == s.household);
        row.title = h.map_or_else(String::new, |h| h.label.clone());
        row.subtitle = h.map_or_else(String::new, |h| {
            let wished: Vec<&str> = h.wished.iter().map(|w| w.name.as_str()).collect();
            t::household_subtitle(h.persons, &wished.join(", "))
        });
        row
    }

    /// The latest proposal of a pair (id and status).
    fn proposal(&self, household: Uuid, target: Target) -> Option<(Uuid, ProposalStatus)> {
        self.records
            .proposals
            .iter()
            .filter(|p| {
                p.household_id == household
                    && match target {
                        Target::Offer(o) => p.offer_id == Some(o),
                        Target::Unit(u) => p.unit_id == Some(u),
                    }
            })
            .max_by_key(|p| (p.proposed_on, p.id))
            .map(|p| (p.id, p.status))
    }
}

/// On entering the section: reads the section's data on a named thread through a second
/// connection (the whole base's households, offers and units, and the gazetteer the
/// first time: 100 ms and more on the UI thread), builds the lists' view models and
/// ranks the shown household there too (a 33 ms pass on the UI thread at 10,000
/// households, workday bench), then hands the result back whole: the UI thread only
/// moves it into the view. What was shown stays meanwhile, with « Chargement… ».
/// Without a thread, does it all here.
fn load_in_background(state: &mut MatchingState, view: &mut MatchingView, cx: &mut Cx<'_>) {
    if !state.load_wanted || state.loading {
        return;
    }
    // The wish is kept while a job holds the base (a backup, a packet): entering the
    // section meanwhile read nothing and left it empty until the next entry.
    let Some(store) = cx.store() else {
        return;
    };
    state.load_wanted = false;
    let wanted = Wanted::of(view);
    // Opened by the thread (1–15 ms on the UI thread otherwise, issue 17); a connection
    // that cannot open is said as the section's error, not read again here.
    let opener = store.reader_opener();
    let spawned = cx.tasks.spawn(TaskKind::MatchingData, move || {
        let loaded = opener.open().and_then(|reader| {
            MatchingData::load(&reader).map(|data| {
                let shown = Prepared::build(&data, &wanted);
                (data, shown)
            })
        });
        TaskDone::MatchingData(loaded)
    });
    if spawned.is_err() {
        refresh(state, view, cx);
        return;
    }
    state.loading = true;
    view.loading = true;
}

/// After a frame: reads the section's data if it was asked for, and starts the ranking
/// still wanted.
pub(crate) fn after_frame(state: &mut MatchingState, view: &mut MatchingView, cx: &mut Cx<'_>) {
    load_in_background(state, view, cx);
    start_ranking(state, view, cx);
}

/// The section's data read in the background.
pub(crate) fn loaded(
    state: &mut MatchingState,
    view: &mut MatchingView,
    loaded: Loaded,
    cx: &mut Cx<'_>,
) {
    state.loading = false;
    view.loading = false;
    show(state, view, loaded, cx);
}

/// The reading thread could not open the base or died: read here instead.
pub(crate) fn load_died(state: &mut MatchingState, view: &mut MatchingView, cx: &mut Cx<'_>) {
    state.loading = false;
    view.loading = false;
    refresh(state, view, cx);
}

/// The ranking thread died without answering: rank here, once.
pub(crate) fn ranking_died(state: &mut MatchingState, view: &mut MatchingView) {
    state.ranking = false;
    let household = std::mem::take(&mut state.rank_household);
    let reverse = std::mem::take(&mut state.rank_reverse);
    if let Some(data) = state.data.clone() {
        let done = RankDone::build(&data, Wanted::of(view), household, reverse);
        show_ranking(state, view, done);
    }
}

/// Shows the ranking that came back if the view still wants it; otherwise it is
/// dropped and the view's current choice is ranked next.
pub(crate) fn show_ranking(state: &mut MatchingState, view: &mut MatchingView, done: RankDone) {
    state.ranking = false;
    let wanted = Wanted::of(view);
    let same_filters = wanted.filters == done.wanted.filters;
    if let Some(ranked) = done.household {
        if same_filters && wanted.selected == done.wanted.selected {
            free_elsewhere(ranked.show(view));
        } else {
            state.rank_household = true;
        }
    }
    if let Some(rows) = done.reverse {
        if same_filters && wanted.reverse == done.wanted.reverse {
            free_elsewhere(std::mem::replace(&mut view.reverse_rows, rows));
        } else {
            state.rank_reverse = true;
        }
    }
    view.ranking = state.rank_household || state.rank_reverse;
}

/// Starts ranking what is wanted, on « passerelle-classement », unless a ranking is
/// still being made: it comes back first, and what changed meanwhile is ranked after
/// (a slider dragged over many frames gives a few rankings, not one per frame).
fn start_ranking(state: &mut MatchingState, view: &mut MatchingView, cx: &mut Cx<'_>) {
    if state.ranking || !(state.rank_household || state.rank_reverse) {
        return;
    }
    let Some(data) = state.data.clone() else {
        state.rank_household = false;
        state.rank_reverse = false;
        return;
    };
    let household = std::mem::take(&mut state.rank_household);
    let reverse = std::mem::take(&mut state.rank_reverse);
    let wanted = Wanted::of(view);
    let job_wanted = wanted.clone();
    let job_data = Arc::clone(&data);
    let spawned = cx.tasks.spawn(TaskKind::Ranking, move || {
        let done = RankDone::build(&job_data, job_wanted, household, reverse);
        drop(job_data);
        TaskDone::Ranking(done)
    });
    match spawned {
        Ok(()) => {
            state.ranking = true;
            view.ranking = true;
        }
        // No thread to be had: rank here rather than not at all.
        Err(_) => show_ranking(
            state,
            view,
            RankDone::build(&data, wanted, household, reverse),
        ),
    }
}

/// Reloads the section's data from the base and refreshes every list (after a write:
/// the lists must say what was just done).
fn refresh(state: &mut MatchingState, view: &mut MatchingView, cx: &mut Cx<'_>) {
    let Some(store) = cx.store() else {
        return;
    };
    let wanted = Wanted::of(view);
    let loaded = MatchingData::load(store).map(|data| {
        let shown = Prepared::build(&data, &wanted);
        (data, shown)
    });
    show(state, view, loaded, cx);
}

/// Moves what [`Prepared::build`] made into the view. Ranks again here only if the
/// worker changed household or filters while the data was read.
fn show(state: &mut MatchingState, view: &mut MatchingView, loaded: Loaded, cx: &mut Cx<'_>) {
    let wanted = Wanted::of(view);
    let (data, prepared) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            view.error = Some(t::load_failed(e));
            return;
        }
    };
    let Prepared {
        households,
        selected,
        targets,
        employers,
        stays,
        communes,
        offers,
        landlords,
        units,
        registry_households,
        ranked,
        reverse_rows,
        wanted: ranked_for,
    } = prepared;
    view.weights = data.weights;
    // A household picked meanwhile wins, if it is still in the list.
    view.selected = if wanted.selected != ranked_for.selected
        && wanted
            .selected
            .is_some_and(|id| households.iter().any(|h| h.0 == id))
    {
        wanted.selected
    } else {
        selected
    };
    view.reverse_targets = targets;
    let reg = &mut view.registries;
    reg.employers = employers;
    // The previous lists are dropped by a thread of their own: freeing 25,000 records
    // is no work for the UI thread either.
    let old = (
        std::mem::replace(&mut reg.offers, offers),
        std::mem::replace(&mut reg.landlords, landlords),
        std::mem::replace(&mut reg.units, units),
        std::mem::replace(&mut reg.households, registry_households),
    );
    reg.stays = stays;
    reg.communes = communes;
    let old_households = std::mem::replace(&mut view.households, households);
    free_elsewhere((old, old_households));
    let rank_again = view.selected != selected || view.filters != ranked_for.filters;
    let reverse_again = view.reverse_selected != ranked_for.reverse || rank_again;
    if !rank_again {
        free_elsewhere(ranked.show(view));
    }
    if !reverse_again {
        free_elsewhere(std::mem::replace(&mut view.reverse_rows, reverse_rows));
    }
    free_elsewhere(state.data.replace(Arc::new(data)));
    // A ranking still on its thread was made from the old data: its answer would be
    // shown over the new lists. It is dropped when it comes.
    cx.tasks.forget(TaskKind::Ranking);
    state.ranking = false;
    state.rank_household = rank_again;
    state.rank_reverse = reverse_again;
    view.ranking = rank_again || reverse_again;
}

/// Shows a record found by the global search in its registry tab, its form open (the app
/// has already brought « Rapprochement » forward).
fn open_registry_record(
    state: &mut MatchingState,
    view: &mut MatchingView,
    record: RegistryRecord,
    cx: &mut Cx<'_>,
) {
    refresh(state, view, cx);
    view.tab = match record {
        RegistryRecord::Employer(_) | RegistryRecord::Offer(_) => MatchingTab::Offres,
        RegistryRecord::Landlord(_) | RegistryRecord::Unit(_) => MatchingTab::Logements,
    };
    if !view.registries.open(record) {
        view.error = Some(t::RECORD_GONE.to_owned());
    }
}

/// Applies a command of the section: a read, a ranking asked for, or one write in one
/// transaction followed by a reload of the lists.
pub(crate) fn apply(
    state: &mut MatchingState,
    view: &mut MatchingView,
    command: MatchingCommand,
    cx: &mut Cx<'_>,
) {
    let result: Result<Written, StoreError> = match command {
        MatchingCommand::Reload => {
            refresh(state, view, cx);
            return;
        }
        MatchingCommand::Rerank => {
            state.rank_household = true;
            return;
        }
        MatchingCommand::Reverse(_) => {
            state.rank_reverse = true;
            return;
        }
        MatchingCommand::Open(record) => {
            open_registry_record(state, view, record, cx);
            return;
        }
        command => match cx.store_mut() {
            Some(store) => write(store, command),
            None => return,
        },
    };
    match result {
        Ok((notice, undo)) => {
            refresh(state, view, cx);
            view.error = None;
            view.registries.error = None;
            view.notice = notice;
            view.undo = undo.map(|ids| {
                (
                    ids,
                    std::time::Instant::now() + std::time::Duration::from_secs(UNDO_SECONDS),
                )
            });
        }
        Err(e) => {
            view.notice = None;
            view.error = Some(e.to_string());
            view.registries.error = Some(e.to_string());
        }
    }
}

/// Writes what `command` asks, in one transaction, and says what was done.
fn write(store: &mut Store, command: MatchingCommand) -> Result<Written, StoreError> {
    let split = |target: Target| match target {
        Target::Offer(o) => (Some(o), None),
        Target::Unit(u) => (None, Some(u)),
    };
    let notice = match command {
        MatchingCommand::Propose { household, target } => {
            let (offer, unit) = split(target);
            let p = store.write(|tx| tx.propose(household, offer, unit))?;
            return Ok((Some(t::PROPOSED.to_owned()), Some(vec![p.id])));
        }
        MatchingCommand::ProposeBoth {
            household,
            offer,
            unit,
        } => {
            let ((o, _), (_, u)) = (split(offer), split(unit));
            // Both or neither: one transaction.
            let ids = store.write(|tx| {
                let a = tx.propose(household, o, None)?;
                let b = tx.propose(household, None, u)?;
                Ok(vec![a.id, b.id])
            })?;
            return Ok((Some(t::PROPOSED_BOTH.to_owned()), Some(ids)));
        }
        MatchingCommand::UndoPropose(ids) => {
            store.write(|tx| {
                for id in &ids {
                    tx.delete::<Proposal>(*id)?;
                }
                tx.audit("positionnement", t::AUDIT_UNDONE)
            })?;
            t::UNDONE.to_owned()
        }
        MatchingCommand::SetProposalStatus {
            proposal,
            status,
            decline_by,
            reason,
        } => {
            store.write(|tx| tx.set_proposal_status(proposal, status, decline_by, &reason))?;
            t::status_changed(status.label_fr())
        }
        MatchingCommand::MoveToHiring { case_id } => {
            store.write(|tx| {
                tx.move_case_to_stage_labelled(
                    case_id,
                    t::HIRING_STAGE,
                    t::HIRING_BY,
                    t::HIRING_COMMENT,
                )
            })?;
            t::moved_to_hiring()
        }
        MatchingCommand::SaveWeights(w) => {
            store.set_setting(WEIGHTS_SETTING, &w.to_setting()?)?;
            t::WEIGHTS_SAVED.to_owned()
        }
        MatchingCommand::SaveEmployer(e) => {
            store.write(|tx| tx.put(&e))?;
            t::EMPLOYER_SAVED.to_owned()
        }
        MatchingCommand::SaveOffer(o) => {
            store.write(|tx| tx.put(&o))?;
            t::OFFER_SAVED.to_owned()
        }
        MatchingCommand::SaveLandlord(l) => {
            store.write(|tx| tx.put(&l))?;
            t::LANDLORD_SAVED.to_owned()
        }
        MatchingCommand::SaveUnit(u) => {
            store.write(|tx| tx.put(&u))?;
            t::UNIT_SAVED.to_owned()
        }
        MatchingCommand::BookStay(s) => {
            store.write(|tx| tx.book_relay_stay(&s))?;
            t::STAY_BOOKED.to_owned()
        }
        MatchingCommand::DeleteEmployer(id) => {
            store.write(|tx| tx.delete_employer(id))?;
            t::EMPLOYER_DELETED.to_owned()
        }
        MatchingCommand::DeleteOffer(id) => {
            store.write(|tx| tx.delete_offer(id))?;
            t::OFFER_DELETED.to_owned()
        }
        MatchingCommand::DeleteLandlord(id) => {
            store.write(|tx| tx.delete_landlord(id))?;
            t::LANDLORD_DELETED.to_owned()
        }
        MatchingCommand::DeleteUnit(id) => {
            store.write(|tx| tx.delete_unit(id))?;
            t::UNIT_DELETED.to_owned()
        }
        MatchingCommand::CancelStay(id) => {
            store.write(|tx| tx.cancel_relay_stay(id))?;
            t::STAY_CANCELLED.to_owned()
        }
        MatchingCommand::SetCommuneCoords { commune, lat, lon } => {
            let resolver = Resolver::new(Gazetteer::embedded(), &[]);
            let key = resolver.key(&commune);
            store.write(|tx| tx.set_commune_coords(&key, &commune, lat, lon))?;
            t::commune_located(&commune)
        }
        MatchingCommand::Reload
        | MatchingCommand::Rerank
        | MatchingCommand::Reverse(_)
        | MatchingCommand::Open(_) => {
            return Ok((None, None));
        }
    };
    Ok((Some(notice), None))
}

/// What the view shows when a load or a ranking starts: the ranking is made for it.
#[derive(Clone)]
pub(crate) struct Wanted {
    selected: Option<Uuid>,
    filters: crate::matching::Filters,
    reverse: Option<Target>,
}

impl Wanted {
    /// What `view` shows now (household, filters, reverse target): what a load ranks for.
    fn of(view: &MatchingView) -> Wanted {
        Wanted {
            selected: view.selected,
            filters: view.filters.clone(),
            reverse: view.reverse_selected,
        }
    }
}

/// One household's ranking, as rows for the view.
pub(crate) struct Ranked {
    offers: Vec<Row>,
    units: Vec<Row>,
    bundles: Vec<BundleRow>,
    considered: String,
    move_in: Option<(Uuid, String)>,
}

impl Ranked {
    /// Ranks `selected` with `filters` (nothing if no household is selected).
    fn build(
        data: &MatchingData,
        selected: Option<Uuid>,
        filters: &crate::matching::Filters,
    ) -> Ranked {
        let mut out = Ranked {
            offers: Vec::new(),
            units: Vec::new(),
            bundles: Vec::new(),
            considered: String::new(),
            move_in: None,
        };
        let Some(h) =
            selected.and_then(|id| data.candidates.households.iter().find(|h| h.id == id))
        else {
            return out;
        };
        let ctx = Context {
            weights: &data.weights,
            today: data.today,
            filters,
            history: &data.candidates.history,
        };
        let ranking = m::rank_for_household(
            h,
            &data.candidates.offers,
            &data.candidates.units,
            &ctx,
            SHOWN,
        );
        out.offers = ranking.offers.iter().map(|s| data.offer_row(s)).collect();
        out.units = ranking.units.iter().map(|s| data.unit_row(s)).collect();
        out.bundles = ranking
            .bundles
            .iter()
            .map(|b| {
                let offer = Suggestion {
                    target: Target::Offer(b.offer),
                    household: h.id,
                    score: b.offer_score,
                    declined: false,
                    set_aside: false,
                    adult: None,
                    distance_km: None,
                    checks: b.offer_checks.clone(),
                };
                let unit = Suggestion {
                    target: Target::Unit(b.unit),
                    household: h.id,
                    score: b.unit_score,
                    declined: false,
                    set_aside: false,
                    adult: None,
                    distance_km: None,
                    checks: b.unit_checks.clone(),
                };
                BundleRow {
                    offer: data.offer_row(&offer),
                    unit: data.unit_row(&unit),
                    summary: m::bundle::score_explained_fr(b, data.weights.trajet),
                    set_aside: b.set_aside,
                    commute: (b.commute.status, b.commute.reason.clone()),
                }
            })
            .collect();
        out.considered = t::considered(
            ranking.offers_considered,
            ranking.units_considered,
            data.candidates.offers.len(),
            data.candidates.units.len(),
            SHOWN,
        );
        if candidates::ready_to_move_in(&data.candidates.history, h.id)
            && let Some((case_id, true)) = data.cases.get(&h.id)
        {
            out.move_in = Some((*case_id, h.label.clone()));
        }
        out
    }

    /// Moves the rows into the view (a few moves on the UI thread); gives back the rows
    /// it replaced, to be freed elsewhere.
    fn show(self, view: &mut MatchingView) -> (Vec<Row>, Vec<Row>, Vec<BundleRow>) {
        view.considered = self.considered;
        view.move_in = self.move_in;
        (
            std::mem::replace(&mut view.offers, self.offers),
            std::mem::replace(&mut view.units, self.units),
            std::mem::replace(&mut view.bundles, self.bundles),
        )
    }
}

/// The households ranked for the reverse view's offer or unit.
fn reverse_rows(
    data: &MatchingData,
    target: Option<Target>,
    filters: &crate::matching::Filters,
) -> Vec<Row> {
    let Some(target) = target else {
        return Vec::new();
    };
    let ctx = Context {
        weights: &data.weights,
        today: data.today,
        filters,
        history: &data.candidates.history,
    };
    let ranked =
        match target {
            Target::Offer(id) => {
                data.candidates.offers.iter().find(|o| o.id == id).map(|o| {
                    m::rank_households_for_offer(&data.candidates.households, o, &ctx, SHOWN)
                })
            }
            Target::Unit(id) => {
                data.candidates.units.iter().find(|u| u.id == id).map(|u| {
                    m::rank_households_for_unit(&data.candidates.households, u, &ctx, SHOWN)
                })
            }
        };
    ranked
        .unwrap_or_default()
        .iter()
        .map(|s| data.household_row(s))
        .collect()
}

/// The households as the pickers name them: their label, with the commune beside the
/// labels that several households share (two « Famille Bernard » could not be told apart,
/// and an offer could go to the wrong one).
fn picker_labels<'a>(
    households: impl Iterator<Item = (Uuid, &'a str, &'a str)>,
) -> Vec<(Uuid, String)> {
    let households: Vec<_> = households.collect();
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for (_, label, _) in &households {
        *uses.entry(label).or_default() += 1;
    }
    households
        .into_iter()
        .map(|(id, label, commune)| {
            let shared = uses.get(label).is_some_and(|n| *n > 1);
            let shown = if shared && !commune.trim().is_empty() {
                format!("{label} ({})", commune.trim())
            } else {
                label.to_owned()
            };
            (id, shown)
        })
        .collect()
}

/// The section's view models built from freshly read data, off the UI thread when it can:
/// the household picker, the reverse view's targets, the registries' lists, the communes
/// to place, and the shown household's ranking.
pub(crate) struct Prepared {
    households: Vec<(Uuid, String)>,
    selected: Option<Uuid>,
    targets: Vec<(Target, String)>,
    employers: Vec<Employer>,
    stays: Vec<(RelayStay, String)>,
    communes: Vec<CommuneRow>,
    /// The registries' own copies of the offers, landlords, units and households: cloned
    /// here, not on the UI thread (5,000 offers and 20,000 units: most of a 35–72 ms pass
    /// at each entry in the section, workday bench).
    offers: Vec<JobOffer>,
    landlords: Vec<Landlord>,
    units: Vec<HousingUnit>,
    registry_households: Vec<(Uuid, String)>,
    ranked: Ranked,
    reverse_rows: Vec<Row>,
    wanted: Wanted,
}

impl Prepared {
    fn build(data: &MatchingData, wanted: &Wanted) -> Prepared {
        let communes: HashMap<Uuid, &str> = data
            .records
            .households
            .iter()
            .map(|h| (h.id, h.commune.as_str()))
            .collect();
        let mut households = picker_labels(data.candidates.households.iter().map(|h| {
            (
                h.id,
                h.label.as_str(),
                communes.get(&h.id).copied().unwrap_or(""),
            )
        }));
        households.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        let selected = wanted
            .selected
            .filter(|id| households.iter().any(|h| h.0 == *id))
            .or_else(|| households.first().map(|h| h.0));
        let mut targets: Vec<(Target, String)> = Vec::new();
        for o in data
            .candidates
            .offers
            .iter()
            .filter(|o| o.status == OfferStatus::Ouvert)
        {
            targets.push((
                Target::Offer(o.id),
                t::target_offer(&o.title, &o.employer, &o.place.name),
            ));
        }
        for u in data
            .candidates
            .units
            .iter()
            .filter(|u| u.status == UnitStatus::Disponible)
        {
            targets.push((
                Target::Unit(u.id),
                t::target_unit(
                    u.typology.label_fr(),
                    &u.label,
                    &u.place.name,
                    u.total_rent_cents / 100,
                ),
            ));
        }
        let mut employers = data.records.employers.clone();
        employers.sort_by(|a, b| a.name.cmp(&b.name));
        let labels: HashMap<Uuid, &str> = data
            .records
            .households
            .iter()
            .map(|h| (h.id, h.label.as_str()))
            .collect();
        let stays = data
            .records
            .relay_stays
            .iter()
            .map(|s| {
                (
                    s.clone(),
                    labels
                        .get(&s.household_id)
                        .copied()
                        .unwrap_or("")
                        .to_owned(),
                )
            })
            .collect();
        let resolver = Resolver::new(Gazetteer::embedded(), &data.records.commune_facts);
        let mut typed: BTreeSet<String> = BTreeSet::new();
        typed.extend(data.records.offers.iter().map(|o| o.commune.clone()));
        typed.extend(data.records.units.iter().map(|u| u.commune.clone()));
        typed.extend(
            data.records
                .households
                .iter()
                .flat_map(|h| h.housing_demand.wished_communes.clone()),
        );
        let communes = typed
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .filter_map(|t| {
                let s = resolver.status(&t);
                matches!(s.precision, Precision::Unknown | Precision::PostalCode).then(|| {
                    CommuneRow {
                        commune: t,
                        state: s.precision.note_fr().to_owned(),
                        lat: s
                            .coords
                            .map(|c| format!("{:.4}", c.lat))
                            .unwrap_or_default(),
                        lon: s
                            .coords
                            .map(|c| format!("{:.4}", c.lon))
                            .unwrap_or_default(),
                    }
                })
            })
            .collect();
        Prepared {
            ranked: Ranked::build(data, selected, &wanted.filters),
            reverse_rows: reverse_rows(data, wanted.reverse, &wanted.filters),
            offers: data.records.offers.clone(),
            landlords: data.records.landlords.clone(),
            units: data.records.units.clone(),
            registry_households: households.clone(),
            households,
            selected,
            targets,
            employers,
            stays,
            communes,
            wanted: Wanted {
                selected,
                filters: wanted.filters.clone(),
                reverse: wanted.reverse,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn households_sharing_a_label_are_told_apart_by_their_commune() {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let shown = picker_labels(
            [
                (a, "Famille Bernard", "Nanterre"),
                (b, "Famille Bernard", "Aurillac"),
                (c, "Famille Kone", "Paris 18e"),
            ]
            .into_iter(),
        );
        assert_eq!(
            shown,
            vec![
                (a, "Famille Bernard (Nanterre)".to_owned()),
                (b, "Famille Bernard (Aurillac)".to_owned()),
                (c, "Famille Kone".to_owned()),
            ]
        );
    }
}
