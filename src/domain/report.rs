//! Indicators of a programme for its funders (« Rapports », issue 7). Pure: no SQL, no
//! clock, no files.
//!
//! # How figures are computed
//!
//! The store loads plain facts ([`ReportFacts`]) for one programme. [`contributions`] turns
//! them into dated, anonymous *contributions* (« the case entered on 03/02/2025 », « a
//! stay of 12 days in stage X ended on 10/03/2025 »…). A report for a period
//! ([`compute`]) counts the contributions dated inside the period, plus the anonymous
//! monthly counts kept for purged households ([`MonthlyCount`], see below).
//!
//! Every counted indicator is a sum of contributions, so that it can be kept per month
//! without any household identifier and still add up exactly. The definitions follow
//! from that choice (dates are calendar days, instants are taken in UTC):
//!
//! - **Entrées**: cases whose `opened_on` is in the period (a household re-entering the
//!   programme with a new case counts again).
//! - **Atteint l'étape S**: cases that reached S *or a later stage* for the **first time**
//!   in the period: a stage event into S or beyond, where « beyond » is the pathway order
//!   of the non-exit stages, the positive exit stage being after all of them and the early
//!   exit stage after none. A case that went back a stage and came forward again counts
//!   once per stage, at its first arrival; a case that jumped stages counts for each
//!   stage jumped.
//! - **Sortie positive / anticipée (par motif)**: cases whose exit date is in the period.
//!   The exit date is `exit_date`, else the first event into an exit stage, else the
//!   opening date. An early exit without a reason counts under « Motif non précisé ».
//! - **Toujours en cours à la fin**: cases opened on or before the end of the period minus
//!   cases exited on or before it.
//! - **Temps par étape**: each stay in a stage (from the event into it to the next event of
//!   the case) counts when it *ends* in the period; stays still running are not counted.
//!   Median and quartiles (nearest rank) are in days; a stage left twice gives two stays.
//! - **Embauches**: one hire = one (adult, hiring date) among the follow-up checkpoints,
//!   dated on or after the household's first entry in the programme; its contract is
//!   the one of its earliest checkpoint. Durable = CDI or CDD ≥ 6 mois
//!   ([`ContractKind::is_durable`]). *Adultes / ménages en emploi*: adults (households)
//!   whose **first** hire is in the period — an adult hired twice counts once, at the first
//!   hire; *en emploi durable*: first durable hire in the period.
//! - **Ménages relogés (bail signé)**: the app has no lease record; a household is housed
//!   at its first accepted proposal on a non-relay housing unit (dated by the proposal
//!   date), on or after its first entry.
//! - **Enfants inscrits à destination**: children whose enrolment status is « inscrit »,
//!   counted at their enrolment date (a child without date is not counted).
//! - **Maintien dans l'emploi à k mois**: checkpoints of k months *done* in the period
//!   (`checked_on` in the period), and among them those still in post.
//! - **Activité**: appointments dated in the period that concern a household of the
//!   programme, or collective events with at least one registered adult of the
//!   programme; attendance rate = present / registered among the programme's adults
//!   (the last attendance record of an adult for an appointment wins: corrections are new
//!   records). *Nouveaux ménages inconnus des services de l'emploi*: entries in the period
//!   whose household is marked so.
//! - **Objectif**: the yearly target prorated to the period (by months for whole months,
//!   else by days / 365), compared with the entries.
//!
//! # Purged households
//!
//! Before households are purged, the store computes the contributions of the programme
//! with and without them and keeps the difference as monthly counts (programme, month,
//! metric, count — no identifier, no name). A report adds the monthly counts of the months
//! that lie **entirely** inside the period (for « toujours en cours », months ending on or
//! before its end). Live data and kept counts never describe the same household, so
//! nothing is counted twice; periods made of whole months (all the presets) give exactly
//! the figures they gave before the purge.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use super::model::{
    AppointmentKind, AttendanceStatus, Case, ContractKind, EarlyExitReason, EmploymentFollowUp,
    ExitKind, Programme, StageEvent,
};

// ---------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------

/// Everything a report of one programme is computed from.
#[derive(Debug, Clone, Default)]
pub struct ReportFacts {
    /// The programme's cases (live ones).
    pub cases: Vec<CaseFacts>,
    /// The households of those cases, by id.
    pub households: BTreeMap<Uuid, HouseholdFacts>,
    /// Appointments and collective events that may concern the programme.
    pub appointments: Vec<AppointmentFacts>,
}

/// One case with its stage history.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    /// The case.
    pub case: Case,
    /// Its stage events, in any order.
    pub events: Vec<StageEvent>,
}

/// What a report needs of a household.
#[derive(Debug, Clone, Default)]
pub struct HouseholdFacts {
    /// Its adults were unknown to employment services when it entered.
    pub unknown_to_employment_services: bool,
    /// Ids of its adults.
    pub adult_ids: Vec<Uuid>,
    /// Follow-up checkpoints of its adults.
    pub follow_ups: Vec<EmploymentFollowUp>,
    /// Enrolment date of each child enrolled at destination (`None`: enrolled, no date).
    pub children_enrolled_on: Vec<Option<NaiveDate>>,
    /// Dates of its accepted proposals on non-relay housing units.
    pub housing_accepted_on: Vec<NaiveDate>,
    /// Number of its children (all of them, enrolled or not).
    pub children: u32,
}

/// An appointment or collective event with its attendance records.
#[derive(Debug, Clone)]
pub struct AppointmentFacts {
    /// Identifier.
    pub id: Uuid,
    /// Day of the appointment.
    pub on: NaiveDate,
    /// Kind.
    pub kind: AppointmentKind,
    /// The household concerned, `None` for a collective event.
    pub household_id: Option<Uuid>,
    /// (adult, status) in record order; a later record for the same adult corrects it.
    pub attendances: Vec<(Uuid, AttendanceStatus)>,
}

/// A period of calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// Whether `day` is inside.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Whether the whole month `month` is inside.
    pub fn contains_month(&self, month: Month) -> bool {
        self.from <= month.first_day() && month.last_day() <= self.to
    }

    /// Number of days, both ends included (0 when `to` is before `from`).
    pub fn days(&self) -> i64 {
        ((self.to - self.from).num_days() + 1).max(0)
    }

    /// The calendar year of `year`.
    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1)?,
            to: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// The twelve whole months ending with the month of `today`.
    pub fn last_twelve_months(today: NaiveDate) -> Period {
        let end = Month::of(today);
        let start = end.plus(-11);
        Period {
            from: start.first_day(),
            to: end.last_day(),
        }
    }

    /// Number of whole months when the period starts on a 1st and ends on a month's last
    /// day, else `None`.
    pub fn whole_months(&self) -> Option<u32> {
        let start = Month::of(self.from);
        let end = Month::of(self.to);
        (self.from == start.first_day() && self.to == end.last_day() && start <= end)
            .then(|| (end.index() - start.index() + 1) as u32)
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
}

impl Month {
    /// The month of a day.
    pub fn of(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn from_index(i: i64) -> Month {
        Month {
            year: i.div_euclid(12) as i32,
            month: (i.rem_euclid(12) + 1) as u32,
        }
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i64) -> Month {
        Month::from_index(self.index() + n)
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.plus(1)
            .first_day()
            .pred_opt()
            .unwrap_or(NaiveDate::MAX)
    }

    /// "2025-03", the form kept in the database.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Parses [`Month::key`].
    pub fn parse(key: &str) -> Option<Month> {
        let (y, m) = key.split_once('-')?;
        let month = Month {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        (1..=12).contains(&month.month).then_some(month)
    }

    /// "03/2025", as shown to the worker.
    pub fn label_fr(self) -> String {
        format!("{:02}/{:04}", self.month, self.year)
    }
}

/// Parses a day typed by a person: dd/mm/yyyy (also d/m/yyyy, with `-` or `.`) or
/// yyyy-mm-dd. `None` when it is not a real date.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

// ---------------------------------------------------------------------------------------
// Contributions
// ---------------------------------------------------------------------------------------

/// What one contribution adds to. Kept in the database by [`Metric::key`], so the keys
/// are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// A case entered.
    Entered,
    /// A case entered whose household was unknown to employment services.
    EnteredUnknownToEmployment,
    /// An adult of a household whose case entered (one per adult).
    EnteredAdult,
    /// A child of a household whose case entered (one per child).
    EnteredChild,
    /// A case entered whose household has this many persons ([`SIZE_MAX`] and more).
    EnteredSize(u8),
    /// An adult of a household whose case exited (one per adult).
    ExitedAdult,
    /// A child of a household whose case exited (one per child).
    ExitedChild,
    /// A case reached this stage (or beyond) for the first time.
    Reached(Uuid),
    /// A stay of `days` days in this stage ended.
    StageDays(Uuid, u32),
    /// A case left with a positive exit.
    PositiveExit,
    /// A case left early, with this reason (or none given).
    EarlyExit(Option<EarlyExitReason>),
    /// A hire (durable or not).
    Hire {
        /// CDI or CDD ≥ 6 mois.
        durable: bool,
    },
    /// An adult's first hire.
    AdultFirstHire,
    /// An adult's first durable hire.
    AdultFirstDurableHire,
    /// A household's first hire.
    HouseholdFirstHire,
    /// A household's first durable hire.
    HouseholdFirstDurableHire,
    /// A household housed (first accepted housing proposal).
    HouseholdHoused,
    /// A child enrolled at destination.
    ChildEnrolled,
    /// A follow-up checkpoint of this many months done…
    CheckpointDone(u8),
    /// …and the adult still in post.
    CheckpointInPost(u8),
    /// An appointment of this kind held.
    Appointment(AppointmentKind),
    /// An adult registered to an appointment.
    AttendanceRegistered,
    /// An adult present at an appointment.
    AttendancePresent,
}

fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn from_snake<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

impl Metric {
    /// The stable text key kept in the monthly counts table.
    pub fn key(&self) -> String {
        match self {
            Metric::Entered => "entered".into(),
            Metric::EnteredUnknownToEmployment => "entered_unknown_employment".into(),
            Metric::EnteredAdult => "entered_adult".into(),
            Metric::EnteredChild => "entered_child".into(),
            Metric::EnteredSize(n) => format!("entered_size:{n}"),
            Metric::ExitedAdult => "exited_adult".into(),
            Metric::ExitedChild => "exited_child".into(),
            Metric::Reached(s) => format!("reached:{s}"),
            Metric::StageDays(s, d) => format!("stage_days:{s}:{d}"),
            Metric::PositiveExit => "exit_positive".into(),
            Metric::EarlyExit(None) => "exit_early:".into(),
            Metric::EarlyExit(Some(r)) => format!("exit_early:{}", snake(r)),
            Metric::Hire { durable: true } => "hire_durable".into(),
            Metric::Hire { durable: false } => "hire_other".into(),
            Metric::AdultFirstHire => "adult_first_hire".into(),
            Metric::AdultFirstDurableHire => "adult_first_durable_hire".into(),
            Metric::HouseholdFirstHire => "household_first_hire".into(),
            Metric::HouseholdFirstDurableHire => "household_first_durable_hire".into(),
            Metric::HouseholdHoused => "household_housed".into(),
            Metric::ChildEnrolled => "child_enrolled".into(),
            Metric::CheckpointDone(k) => format!("checkpoint_done:{k}"),
            Metric::CheckpointInPost(k) => format!("checkpoint_in_post:{k}"),
            Metric::Appointment(k) => format!("appointment:{}", snake(k)),
            Metric::AttendanceRegistered => "attendance_registered".into(),
            Metric::AttendancePresent => "attendance_present".into(),
        }
    }

    /// Parses [`Metric::key`] (`None` for an unknown key, e.g. from a newer version).
    pub fn parse(key: &str) -> Option<Metric> {
        let (head, rest) = key.split_once(':').unwrap_or((key, ""));
        Some(match head {
            "entered" => Metric::Entered,
            "entered_unknown_employment" => Metric::EnteredUnknownToEmployment,
            "entered_adult" => Metric::EnteredAdult,
            "entered_child" => Metric::EnteredChild,
            "entered_size" => Metric::EnteredSize(rest.parse().ok()?),
            "exited_adult" => Metric::ExitedAdult,
            "exited_child" => Metric::ExitedChild,
            "reached" => Metric::Reached(Uuid::parse_str(rest).ok()?),
            "stage_days" => {
                let (s, d) = rest.split_once(':')?;
                Metric::StageDays(Uuid::parse_str(s).ok()?, d.parse().ok()?)
            }
            "exit_positive" => Metric::PositiveExit,
            "exit_early" if rest.is_empty() => Metric::EarlyExit(None),
            "exit_early" => Metric::EarlyExit(Some(from_snake(rest)?)),
            "hire_durable" => Metric::Hire { durable: true },
            "hire_other" => Metric::Hire { durable: false },
            "adult_first_hire" => Metric::AdultFirstHire,
            "adult_first_durable_hire" => Metric::AdultFirstDurableHire,
            "household_first_hire" => Metric::HouseholdFirstHire,
            "household_first_durable_hire" => Metric::HouseholdFirstDurableHire,
            "household_housed" => Metric::HouseholdHoused,
            "child_enrolled" => Metric::ChildEnrolled,
            "checkpoint_done" => Metric::CheckpointDone(rest.parse().ok()?),
            "checkpoint_in_post" => Metric::CheckpointInPost(rest.parse().ok()?),
            "appointment" => Metric::Appointment(from_snake(rest)?),
            "attendance_registered" => Metric::AttendanceRegistered,
            "attendance_present" => Metric::AttendancePresent,
            _ => return None,
        })
    }
}

/// One dated, anonymous count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contribution {
    /// The day it happened.
    pub on: NaiveDate,
    /// What it adds to.
    pub metric: Metric,
}

/// A kept monthly count (of purged households): may be negative in theory, as it is a
/// difference of two computations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthlyCount {
    /// The month.
    pub month: Month,
    /// What it counts.
    pub metric: Metric,
    /// How many.
    pub count: i64,
}

/// Rank of a stage in the pathway for « reached S or beyond »: non-exit stages by their
/// order, the positive exit after all of them, the early exit nowhere.
fn stage_ranks(programme: &Programme) -> HashMap<Uuid, usize> {
    let mut ranks = HashMap::new();
    let mut n = 0;
    for s in programme.stages.iter().filter(|s| !s.is_exit) {
        ranks.insert(s.id, n);
        n += 1;
    }
    for s in programme
        .stages
        .iter()
        .filter(|s| s.is_exit && !s.is_early_exit)
    {
        ranks.insert(s.id, n);
    }
    ranks
}

/// The exit date of a case (see the module documentation), `None` while it is running.
pub fn exit_date(case: &Case, events: &[StageEvent], programme: &Programme) -> Option<NaiveDate> {
    if case.exit == ExitKind::Aucune {
        return None;
    }
    let exit_stages: BTreeSet<Uuid> = programme
        .stages
        .iter()
        .filter(|s| s.is_exit)
        .map(|s| s.id)
        .collect();
    Some(case.exit_date.unwrap_or_else(|| {
        events
            .iter()
            .filter(|e| exit_stages.contains(&e.to_stage))
            .map(|e| e.at.date_naive())
            .min()
            .unwrap_or(case.opened_on)
    }))
}

/// The dated contributions of a programme's facts (see the module documentation).
pub fn contributions(programme: &Programme, facts: &ReportFacts) -> Vec<Contribution> {
    let mut out = Vec::new();
    let mut push = |on: NaiveDate, metric: Metric| out.push(Contribution { on, metric });
    let ranks = stage_ranks(programme);
    let funnel_stages: Vec<(Uuid, usize)> = programme
        .stages
        .iter()
        .filter(|s| !s.is_exit)
        .filter_map(|s| Some((s.id, *ranks.get(&s.id)?)))
        .collect();
    let mut first_entry: BTreeMap<Uuid, NaiveDate> = BTreeMap::new();

    for cf in &facts.cases {
        let case = &cf.case;
        push(case.opened_on, Metric::Entered);
        let household = facts.households.get(&case.household_id);
        if household.is_some_and(|h| h.unknown_to_employment_services) {
            push(case.opened_on, Metric::EnteredUnknownToEmployment);
        }
        // The household's size as recorded now: the model keeps no history of its
        // composition, and a size at entry that changes later is rare in a programme.
        if let Some(h) = household {
            let adults = h.adult_ids.len();
            let children = h.children as usize;
            for _ in 0..adults {
                push(case.opened_on, Metric::EnteredAdult);
            }
            for _ in 0..children {
                push(case.opened_on, Metric::EnteredChild);
            }
            let size = u8::try_from(adults + children)
                .unwrap_or(SIZE_MAX)
                .min(SIZE_MAX);
            push(case.opened_on, Metric::EnteredSize(size));
        }
        first_entry
            .entry(case.household_id)
            .and_modify(|d| *d = (*d).min(case.opened_on))
            .or_insert(case.opened_on);

        let mut events: Vec<&StageEvent> = cf.events.iter().collect();
        events.sort_by_key(|e| (e.at, e.id));
        // First arrival at each stage (or beyond).
        let mut reached: BTreeMap<Uuid, NaiveDate> = BTreeMap::new();
        for e in &events {
            let Some(&rank) = ranks.get(&e.to_stage) else {
                continue;
            };
            let day = e.at.date_naive();
            for &(stage, r) in &funnel_stages {
                if r <= rank {
                    reached.entry(stage).or_insert(day);
                }
            }
        }
        for (stage, day) in reached {
            push(day, Metric::Reached(stage));
        }
        // Stays, counted when they end.
        for pair in events.windows(2) {
            let days = (pair[1].at - pair[0].at).num_days().max(0);
            push(
                pair[1].at.date_naive(),
                Metric::StageDays(pair[0].to_stage, u32::try_from(days).unwrap_or(u32::MAX)),
            );
        }
        if let Some(day) = exit_date(case, &cf.events, programme) {
            match case.exit {
                ExitKind::DroitCommun => push(day, Metric::PositiveExit),
                ExitKind::Anticipee => push(day, Metric::EarlyExit(case.exit_reason)),
                ExitKind::Aucune => {}
            }
            // The people leave with the case: the people accompanied at a date are those
            // entered minus those exited before it (flows, so the kept counts of purged
            // households still give it).
            if case.exit != ExitKind::Aucune
                && let Some(h) = household
            {
                for _ in 0..h.adult_ids.len() {
                    push(day, Metric::ExitedAdult);
                }
                for _ in 0..h.children {
                    push(day, Metric::ExitedChild);
                }
            }
        }
    }

    let mut programme_adults: BTreeSet<Uuid> = BTreeSet::new();
    for (household_id, h) in &facts.households {
        programme_adults.extend(h.adult_ids.iter().copied());
        let Some(&entry) = first_entry.get(household_id) else {
            continue;
        };
        // Hires: one per (adult, hiring date); contract of the earliest checkpoint.
        let mut hires: BTreeMap<(Uuid, NaiveDate), (u8, ContractKind)> = BTreeMap::new();
        for f in h.follow_ups.iter().filter(|f| f.hired_on >= entry) {
            let slot = hires
                .entry((f.adult_id, f.hired_on))
                .or_insert((f.checkpoint_months, f.contract));
            if f.checkpoint_months < slot.0 {
                *slot = (f.checkpoint_months, f.contract);
            }
        }
        let mut adult_first: BTreeMap<Uuid, NaiveDate> = BTreeMap::new();
        let mut adult_first_durable: BTreeMap<Uuid, NaiveDate> = BTreeMap::new();
        for (&(adult, day), &(_, contract)) in &hires {
            let durable = contract.is_durable();
            push(day, Metric::Hire { durable });
            adult_first.entry(adult).or_insert(day);
            if durable {
                adult_first_durable.entry(adult).or_insert(day);
            }
        }
        for &day in adult_first.values() {
            push(day, Metric::AdultFirstHire);
        }
        for &day in adult_first_durable.values() {
            push(day, Metric::AdultFirstDurableHire);
        }
        if let Some(&day) = adult_first.values().min() {
            push(day, Metric::HouseholdFirstHire);
        }
        if let Some(&day) = adult_first_durable.values().min() {
            push(day, Metric::HouseholdFirstDurableHire);
        }
        // Checkpoints of counted hires; one per (adult, hire, checkpoint): the latest.
        let mut checkpoints: BTreeMap<(Uuid, NaiveDate, u8), (NaiveDate, bool)> = BTreeMap::new();
        for f in &h.follow_ups {
            let Some(checked) = f.checked_on else {
                continue;
            };
            if !hires.contains_key(&(f.adult_id, f.hired_on)) {
                continue;
            }
            let slot = checkpoints
                .entry((f.adult_id, f.hired_on, f.checkpoint_months))
                .or_insert((checked, f.still_in_post));
            if checked >= slot.0 {
                *slot = (checked, f.still_in_post);
            }
        }
        for (&(_, _, months), &(checked, in_post)) in &checkpoints {
            push(checked, Metric::CheckpointDone(months));
            if in_post {
                push(checked, Metric::CheckpointInPost(months));
            }
        }
        if let Some(&day) = h.housing_accepted_on.iter().filter(|d| **d >= entry).min() {
            push(day, Metric::HouseholdHoused);
        }
        for day in h.children_enrolled_on.iter().flatten() {
            push(*day, Metric::ChildEnrolled);
        }
    }

    for a in &facts.appointments {
        let mut last: BTreeMap<Uuid, AttendanceStatus> = BTreeMap::new();
        for &(adult, status) in &a.attendances {
            if programme_adults.contains(&adult) {
                last.insert(adult, status);
            }
        }
        let concerns = match a.household_id {
            Some(h) => facts.households.contains_key(&h),
            None => !last.is_empty(),
        };
        if !concerns {
            continue;
        }
        push(a.on, Metric::Appointment(a.kind));
        for status in last.values() {
            push(a.on, Metric::AttendanceRegistered);
            if *status == AttendanceStatus::Present {
                push(a.on, Metric::AttendancePresent);
            }
        }
    }
    out
}

/// Sums contributions per month (what is kept for purged households).
pub fn monthly_counts(contributions: &[Contribution]) -> BTreeMap<(Month, Metric), i64> {
    let mut out = BTreeMap::new();
    for c in contributions {
        *out.entry((Month::of(c.on), c.metric)).or_insert(0) += 1;
    }
    out
}

/// `before − after`, dropping zeros: the monthly counts of what a purge removes.
pub fn purged_counts(before: &[Contribution], after: &[Contribution]) -> Vec<MonthlyCount> {
    let mut diff = monthly_counts(before);
    for (k, n) in monthly_counts(after) {
        *diff.entry(k).or_insert(0) -= n;
    }
    diff.into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((month, metric), count)| MonthlyCount {
            month,
            metric,
            count,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------

/// One stage row of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageRow {
    /// Stage label (« (archivée) » appended for an archived stage).
    pub label: String,
    /// Cases that reached it (or beyond) for the first time in the period.
    pub reached: i64,
    /// Stays in it that ended in the period.
    pub stays: i64,
    /// Quartiles of those stays in days: (Q1, median, Q3); `None` without stays.
    pub days_quartiles: Option<(u32, u32, u32)>,
}

/// Household sizes shown one by one; larger ones are counted together (« 6 et plus »).
pub const SIZE_MAX: u8 = 6;

/// The people of the period, as funders count them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct People {
    /// Households accompanied: a case of the programme open at some day of the period
    /// (running at its start, or entered in it).
    pub households: i64,
    /// Their adults.
    pub adults: i64,
    /// Their children.
    pub children: i64,
    /// Adults of the households entered in the period.
    pub entered_adults: i64,
    /// Children of the households entered in the period.
    pub entered_children: i64,
    /// Households entered in the period by size (1 to [`SIZE_MAX`] and more persons), with
    /// a size 0 for a household recorded without anyone yet.
    pub entered_by_size: Vec<(u8, i64)>,
}

impl People {
    /// Persons accompanied (adults and children).
    pub fn persons(&self) -> i64 {
        self.adults + self.children
    }
}

/// Funnel of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    /// Cases opened in the period.
    pub entered: i64,
    /// Non-exit stages in pathway order.
    pub stages: Vec<StageRow>,
    /// Positive exits in the period.
    pub positive_exits: i64,
    /// Early exits in the period, by reason label (every reason listed, zeros included).
    pub early_exits: Vec<(String, i64)>,
    /// Early exits in the period, all reasons.
    pub early_exits_total: i64,
    /// Cases running at the end of the period.
    pub in_progress_at_end: i64,
}

impl Funnel {
    /// When a stage was reached more often than cases entered in the period (« Diagnostic
    /// (33) » after « Entrés (30) »), the French line that says why: the funnel counts
    /// what happened in the period (flows), not what became of the households entered in
    /// it (a cohort). `None` when no stage exceeds the entries.
    pub fn flows_note_fr(&self, from: NaiveDate) -> Option<String> {
        let over = self.stages.iter().find(|s| s.reached > self.entered)?;
        Some(format!(
            "« {} » ({}) dépasse « Entrés » ({}) : chaque barre compte ce qui s'est passé \
             pendant la période (des flux), pas le devenir des seuls ménages entrés. Des \
             ménages entrés avant le {} ont franchi des étapes pendant la période.",
            over.label,
            over.reached,
            self.entered,
            from.format("%d/%m/%Y")
        ))
    }
}

/// Outcomes of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcomes {
    /// Hires in the period.
    pub hires: i64,
    /// Durable hires in the period.
    pub hires_durable: i64,
    /// Adults first hired in the period.
    pub adults_employed: i64,
    /// Adults first durably hired in the period.
    pub adults_employed_durable: i64,
    /// Households first hired in the period.
    pub households_employed: i64,
    /// Households first durably hired in the period.
    pub households_employed_durable: i64,
    /// Households housed in the period.
    pub households_housed: i64,
    /// Children enrolled at destination in the period.
    pub children_enrolled: i64,
}

/// Retention at one checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetentionRow {
    /// Months after hiring.
    pub months: u8,
    /// Checkpoints done in the period.
    pub checked: i64,
    /// Still in post among them.
    pub in_post: i64,
}

impl RetentionRow {
    /// Share still in post, `None` without checkpoints.
    pub fn rate(&self) -> Option<f64> {
        (self.checked > 0).then(|| self.in_post as f64 / self.checked as f64)
    }
}

/// Activity of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    /// Appointments and events held, by kind label (every kind listed).
    pub appointments: Vec<(String, i64)>,
    /// All appointments and events.
    pub appointments_total: i64,
    /// Adults registered.
    pub registered: i64,
    /// Adults present.
    pub present: i64,
    /// Entries whose household was unknown to employment services.
    pub entered_unknown_to_employment: i64,
}

impl Activity {
    /// Attendance rate, `None` without registrations.
    pub fn attendance_rate(&self) -> Option<f64> {
        (self.registered > 0).then(|| self.present as f64 / self.registered as f64)
    }
}

/// Progress against the yearly target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The programme's yearly target (households).
    pub yearly: u32,
    /// Prorated to the period.
    pub for_period: f64,
    /// Entries in the period.
    pub achieved: i64,
}

impl Target {
    /// Achieved / target for the period, `None` without a target.
    pub fn ratio(&self) -> Option<f64> {
        (self.for_period > 0.0).then(|| self.achieved as f64 / self.for_period)
    }
}

/// Entries and exits of one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthRow {
    /// The month.
    pub month: Month,
    /// Cases opened.
    pub entries: i64,
    /// Cases exited (positive or early).
    pub exits: i64,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Programme name.
    pub programme: String,
    /// The period.
    pub period: Period,
    /// Funnel.
    pub funnel: Funnel,
    /// Outcomes.
    pub outcomes: Outcomes,
    /// Retention at 1, 3, 6 and 12 months.
    pub retention: Vec<RetentionRow>,
    /// Activity.
    pub activity: Activity,
    /// Target.
    pub target: Target,
    /// Entries and exits for each month touching the period.
    pub monthly: Vec<MonthRow>,
    /// People accompanied and entered.
    pub people: People,
}

impl Report {
    /// Whether the period holds nothing at all (for the empty state).
    pub fn is_empty(&self) -> bool {
        self.funnel.entered == 0
            && self.funnel.in_progress_at_end == 0
            && self.funnel.positive_exits == 0
            && self.funnel.early_exits_total == 0
            && self.funnel.stages.iter().all(|s| s.reached == 0)
            && self.outcomes.hires == 0
            && self.activity.appointments_total == 0
    }
}

/// Nearest-rank quantile of sorted values.
fn quantile(sorted: &[u32], q: f64) -> u32 {
    let n = sorted.len();
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n.max(1));
    sorted.get(rank - 1).copied().unwrap_or(0)
}

/// Retention checkpoints shown, in months.
pub const CHECKPOINTS: [u8; 4] = [1, 3, 6, 12];

/// The report of `programme` for `period`, from the live contributions and the monthly
/// counts kept for purged households.
pub fn compute(
    programme: &Programme,
    live: &[Contribution],
    kept: &[MonthlyCount],
    period: Period,
) -> Report {
    // Period totals, and the separate stock figure (everything up to the end).
    let mut in_period: HashMap<Metric, i64> = HashMap::new();
    let mut stage_days: HashMap<Uuid, Vec<(u32, i64)>> = HashMap::new();
    let mut by_month: BTreeMap<Month, (i64, i64)> = BTreeMap::new();
    let mut entered_to_end = 0i64;
    let mut exited_to_end = 0i64;
    // Entries minus exits before the period: (households, adults, children) running at
    // its start.
    let mut at_start = (0i64, 0i64, 0i64);
    let mut add =
        |metric: Metric, month: Month, n: i64, inside: bool, to_end: bool, before: bool| {
            let is_exit = matches!(metric, Metric::PositiveExit | Metric::EarlyExit(_));
            if before {
                match metric {
                    Metric::Entered => at_start.0 += n,
                    Metric::PositiveExit | Metric::EarlyExit(_) => at_start.0 -= n,
                    Metric::EnteredAdult => at_start.1 += n,
                    Metric::ExitedAdult => at_start.1 -= n,
                    Metric::EnteredChild => at_start.2 += n,
                    Metric::ExitedChild => at_start.2 -= n,
                    _ => {}
                }
            }
            if to_end {
                if metric == Metric::Entered {
                    entered_to_end += n;
                } else if is_exit {
                    exited_to_end += n;
                }
            }
            if !inside {
                return;
            }
            if let Metric::StageDays(stage, days) = metric {
                stage_days.entry(stage).or_default().push((days, n));
            }
            *in_period.entry(metric).or_insert(0) += n;
            let row = by_month.entry(month).or_insert((0, 0));
            if metric == Metric::Entered {
                row.0 += n;
            } else if is_exit {
                row.1 += n;
            }
        };
    for c in live {
        add(
            c.metric,
            Month::of(c.on),
            1,
            period.contains(c.on),
            c.on <= period.to,
            c.on < period.from,
        );
    }
    for k in kept {
        add(
            k.metric,
            k.month,
            k.count,
            period.contains_month(k.month),
            k.month.last_day() <= period.to,
            k.month.last_day() < period.from,
        );
    }
    let get = |m: Metric| in_period.get(&m).copied().unwrap_or(0);

    let stages = programme
        .stages
        .iter()
        .filter(|s| !s.is_exit)
        .map(|s| {
            let mut days: Vec<u32> = Vec::new();
            for &(d, n) in stage_days.get(&s.id).map(Vec::as_slice).unwrap_or(&[]) {
                days.extend(std::iter::repeat_n(d, usize::try_from(n).unwrap_or(0)));
            }
            days.sort_unstable();
            StageRow {
                label: if s.archived {
                    format!("{} (archivée)", s.label)
                } else {
                    s.label.clone()
                },
                reached: get(Metric::Reached(s.id)),
                stays: days.len() as i64,
                days_quartiles: (!days.is_empty()).then(|| {
                    (
                        quantile(&days, 0.25),
                        quantile(&days, 0.5),
                        quantile(&days, 0.75),
                    )
                }),
            }
        })
        .collect();
    let mut early_exits: Vec<(String, i64)> = EarlyExitReason::ALL
        .iter()
        .map(|r| (r.label_fr().to_owned(), get(Metric::EarlyExit(Some(*r)))))
        .collect();
    early_exits.push(("Motif non précisé".to_owned(), get(Metric::EarlyExit(None))));
    let early_exits_total = early_exits.iter().map(|(_, n)| n).sum();
    let entered = get(Metric::Entered);

    let appointments: Vec<(String, i64)> = AppointmentKind::ALL
        .iter()
        .map(|k| (k.label_fr().to_owned(), get(Metric::Appointment(*k))))
        .collect();
    let appointments_total = appointments.iter().map(|(_, n)| n).sum();

    let for_period = match period.whole_months() {
        Some(months) => f64::from(programme.yearly_target) * f64::from(months) / 12.0,
        None => f64::from(programme.yearly_target) * period.days() as f64 / 365.0,
    };

    let mut monthly = Vec::new();
    if period.from <= period.to {
        let mut m = Month::of(period.from);
        while m <= Month::of(period.to) {
            let (entries, exits) = by_month.get(&m).copied().unwrap_or((0, 0));
            monthly.push(MonthRow {
                month: m,
                entries,
                exits,
            });
            m = m.plus(1);
        }
    }

    Report {
        programme: programme.name.clone(),
        period,
        funnel: Funnel {
            entered,
            stages,
            positive_exits: get(Metric::PositiveExit),
            early_exits,
            early_exits_total,
            in_progress_at_end: entered_to_end - exited_to_end,
        },
        outcomes: Outcomes {
            hires: get(Metric::Hire { durable: true }) + get(Metric::Hire { durable: false }),
            hires_durable: get(Metric::Hire { durable: true }),
            adults_employed: get(Metric::AdultFirstHire),
            adults_employed_durable: get(Metric::AdultFirstDurableHire),
            households_employed: get(Metric::HouseholdFirstHire),
            households_employed_durable: get(Metric::HouseholdFirstDurableHire),
            households_housed: get(Metric::HouseholdHoused),
            children_enrolled: get(Metric::ChildEnrolled),
        },
        retention: CHECKPOINTS
            .iter()
            .map(|&k| RetentionRow {
                months: k,
                checked: get(Metric::CheckpointDone(k)),
                in_post: get(Metric::CheckpointInPost(k)),
            })
            .collect(),
        activity: Activity {
            appointments,
            appointments_total,
            registered: get(Metric::AttendanceRegistered),
            present: get(Metric::AttendancePresent),
            entered_unknown_to_employment: get(Metric::EnteredUnknownToEmployment),
        },
        target: Target {
            yearly: programme.yearly_target,
            for_period,
            achieved: entered,
        },
        monthly,
        people: People {
            households: at_start.0 + entered,
            adults: at_start.1 + get(Metric::EnteredAdult),
            children: at_start.2 + get(Metric::EnteredChild),
            entered_adults: get(Metric::EnteredAdult),
            entered_children: get(Metric::EnteredChild),
            entered_by_size: (0..=SIZE_MAX)
                .map(|n| (n, get(Metric::EnteredSize(n))))
                .filter(|&(n, count)| n > 0 || count > 0)
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::EmploymentFollowUp;
    use crate::domain::programme::{default_programme, default_stage_id};
    use chrono::{TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn case(n: u128, household: u128, opened: NaiveDate) -> Case {
        Case {
            id: Uuid::from_u128(n),
            household_id: Uuid::from_u128(household),
            programme_id: default_programme().id,
            referent: String::new(),
            origin: String::new(),
            opened_on: opened,
            exit: ExitKind::Aucune,
            exit_date: None,
            exit_reason: None,
            exit_details: String::new(),
        }
    }

    fn ev(case: u128, n: u128, to: usize, on: NaiveDate) -> StageEvent {
        StageEvent {
            id: Uuid::from_u128(case * 1000 + n),
            case_id: Uuid::from_u128(case),
            from_stage: None,
            to_stage: default_stage_id(to),
            at: Utc.from_utc_datetime(&on.and_hms_opt(10, 0, 0).expect("time")),
            by: String::new(),
            comment: String::new(),
        }
    }

    fn follow(
        adult: u128,
        hired: NaiveDate,
        k: u8,
        checked: Option<NaiveDate>,
        in_post: bool,
        contract: ContractKind,
    ) -> EmploymentFollowUp {
        EmploymentFollowUp {
            id: Uuid::new_v4(),
            adult_id: Uuid::from_u128(adult),
            offer_id: None,
            hired_on: hired,
            checkpoint_months: k,
            checked_on: checked,
            still_in_post: in_post,
            contract,
            notes: String::new(),
        }
    }

    fn year_2025() -> Period {
        Period::year(2025).expect("year")
    }

    fn stage(report: &Report, index: usize) -> &StageRow {
        &report.funnel.stages[index]
    }

    /// Four households covering the cases:
    /// 1 went back a stage; 2 left early; 3 hired twice; 4 straddles the period.
    fn facts() -> ReportFacts {
        let mut facts = ReportFacts::default();
        // 1: enters 10/01/2025, Diagnostic, Recherche, back to Diagnostic, Recherche again.
        facts.cases.push(CaseFacts {
            case: case(1, 101, d(2025, 1, 10)),
            events: vec![
                ev(1, 1, 0, d(2025, 1, 10)),
                ev(1, 2, 1, d(2025, 1, 20)),
                ev(1, 3, 2, d(2025, 2, 9)),
                ev(1, 4, 1, d(2025, 2, 19)),
                ev(1, 5, 2, d(2025, 3, 1)),
            ],
        });
        // 2: enters 01/03/2025, left early (Abandon) on 15/04/2025.
        let mut c2 = case(2, 102, d(2025, 3, 1));
        c2.exit = ExitKind::Anticipee;
        c2.exit_date = Some(d(2025, 4, 15));
        c2.exit_reason = Some(EarlyExitReason::Abandon);
        facts.cases.push(CaseFacts {
            case: c2,
            events: vec![ev(2, 1, 0, d(2025, 3, 1)), ev(2, 2, 9, d(2025, 4, 15))],
        });
        // 3: enters 05/02/2025, jumps to Embauche on 01/06; adult 31 hired twice
        // (CDD court in June, CDI in September).
        facts.cases.push(CaseFacts {
            case: case(3, 103, d(2025, 2, 5)),
            events: vec![ev(3, 1, 0, d(2025, 2, 5)), ev(3, 2, 6, d(2025, 6, 1))],
        });
        // 4: entered 01/11/2024, Diagnostic 01/12/2024, Recherche 10/01/2025,
        // positive exit 10/01/2026 (after the period).
        let mut c4 = case(4, 104, d(2024, 11, 1));
        c4.exit = ExitKind::DroitCommun;
        c4.exit_date = Some(d(2026, 1, 10));
        facts.cases.push(CaseFacts {
            case: c4,
            events: vec![
                ev(4, 1, 0, d(2024, 11, 1)),
                ev(4, 2, 1, d(2024, 12, 1)),
                ev(4, 3, 2, d(2025, 1, 10)),
                ev(4, 4, 8, d(2026, 1, 10)),
            ],
        });
        for h in [101, 102, 104] {
            facts.households.insert(
                Uuid::from_u128(h),
                HouseholdFacts {
                    adult_ids: vec![Uuid::from_u128(h * 10)],
                    ..HouseholdFacts::default()
                },
            );
        }
        facts
            .households
            .get_mut(&Uuid::from_u128(102))
            .expect("h")
            .unknown_to_employment_services = true;
        facts.households.insert(
            Uuid::from_u128(103),
            HouseholdFacts {
                unknown_to_employment_services: true,
                adult_ids: vec![Uuid::from_u128(31), Uuid::from_u128(32)],
                follow_ups: vec![
                    follow(
                        31,
                        d(2025, 6, 2),
                        1,
                        Some(d(2025, 7, 2)),
                        false,
                        ContractKind::CddCourt,
                    ),
                    follow(
                        31,
                        d(2025, 9, 1),
                        1,
                        Some(d(2025, 10, 1)),
                        true,
                        ContractKind::Cdi,
                    ),
                    follow(
                        31,
                        d(2025, 9, 1),
                        3,
                        Some(d(2025, 12, 1)),
                        true,
                        ContractKind::Cdi,
                    ),
                    // Planned, not done yet: no checkpoint counted.
                    follow(31, d(2025, 9, 1), 6, None, false, ContractKind::Cdi),
                    // Hired before entering the programme: not a programme outcome.
                    follow(
                        32,
                        d(2024, 1, 1),
                        1,
                        Some(d(2024, 2, 1)),
                        true,
                        ContractKind::Cdi,
                    ),
                ],
                children_enrolled_on: vec![Some(d(2025, 8, 30)), None],
                housing_accepted_on: vec![d(2025, 7, 1), d(2025, 8, 1)],
                children: 3,
            },
        );
        facts.appointments = vec![
            AppointmentFacts {
                id: Uuid::from_u128(501),
                on: d(2025, 3, 3),
                kind: AppointmentKind::Entretien,
                household_id: Some(Uuid::from_u128(101)),
                attendances: vec![(Uuid::from_u128(1010), AttendanceStatus::Present)],
            },
            // Collective event: two of ours registered (one corrected to present), and a
            // stranger who does not count.
            AppointmentFacts {
                id: Uuid::from_u128(502),
                on: d(2025, 5, 5),
                kind: AppointmentKind::JobDating,
                household_id: None,
                attendances: vec![
                    (Uuid::from_u128(31), AttendanceStatus::Absent),
                    (Uuid::from_u128(1020), AttendanceStatus::Excuse),
                    (Uuid::from_u128(31), AttendanceStatus::Present),
                    (Uuid::from_u128(9999), AttendanceStatus::Present),
                ],
            },
            // A collective event nobody of ours attended: not ours.
            AppointmentFacts {
                id: Uuid::from_u128(503),
                on: d(2025, 5, 6),
                kind: AppointmentKind::SpeedCoaching,
                household_id: None,
                attendances: vec![(Uuid::from_u128(9999), AttendanceStatus::Present)],
            },
        ];
        facts
    }

    fn report(period: Period) -> Report {
        let p = default_programme();
        compute(&p, &contributions(&p, &facts()), &[], period)
    }

    #[test]
    fn funnel_counts_each_case_once_per_stage_and_straddling_dates_by_day() {
        let r = report(year_2025());
        // Cases 1, 2, 3 opened in 2025; case 4 opened in 2024.
        assert_eq!(r.funnel.entered, 3);
        // Orientation: 1, 2, 3 (4 reached it in 2024).
        assert_eq!(stage(&r, 0).reached, 3);
        // Diagnostic: 1 (once although it came back), 3 (jumped beyond it).
        assert_eq!(stage(&r, 1).reached, 2);
        // Recherche de postes: 1, 3, and 4 (its first arrival is 10/01/2025).
        assert_eq!(stage(&r, 2).reached, 3);
        // Embauche & installation: only 3; Accompagnement global: nobody.
        assert_eq!(stage(&r, 6).reached, 1);
        assert_eq!(stage(&r, 7).reached, 0);
        // Positive exit of 4 is in 2026; early exit of 2 in April.
        assert_eq!(r.funnel.positive_exits, 0);
        assert_eq!(r.funnel.early_exits_total, 1);
        assert!(r.funnel.early_exits.contains(&("Abandon".to_owned(), 1)));
        // Running at 31/12/2025: 1, 3, 4.
        assert_eq!(r.funnel.in_progress_at_end, 3);

        let r2024 = report(Period::year(2024).expect("year"));
        assert_eq!(r2024.funnel.entered, 1);
        assert_eq!(stage(&r2024, 1).reached, 1);
        assert_eq!(stage(&r2024, 2).reached, 0);
        assert_eq!(r2024.funnel.in_progress_at_end, 1);

        let r2026 = report(Period::year(2026).expect("year"));
        assert_eq!(r2026.funnel.positive_exits, 1);
        assert_eq!(r2026.funnel.in_progress_at_end, 2);
    }

    #[test]
    fn time_per_stage_counts_each_finished_stay() {
        let r = report(year_2025());
        // Diagnostic stays ending in 2025: case 1 twice (20 and 10 days), case 4 (40 days).
        let diag = stage(&r, 1);
        assert_eq!(diag.stays, 3);
        assert_eq!(diag.days_quartiles, Some((10, 20, 40)));
        // Orientation: case 1 (10 d), case 2 (45 d), case 3 (116 d); case 4's ended in 2024.
        assert_eq!(stage(&r, 0).stays, 3);
        assert_eq!(stage(&r, 0).days_quartiles, Some((10, 45, 116)));
        // Nobody left « Recherche de postes » in 2025 except case 1 (10 days).
        assert_eq!(stage(&r, 2).stays, 1);
        assert_eq!(stage(&r, 2).days_quartiles, Some((10, 10, 10)));
    }

    #[test]
    fn hired_twice_counts_once_among_adults_and_households() {
        let r = report(year_2025());
        assert_eq!(r.outcomes.hires, 2);
        assert_eq!(r.outcomes.hires_durable, 1);
        assert_eq!(r.outcomes.adults_employed, 1);
        assert_eq!(r.outcomes.adults_employed_durable, 1);
        assert_eq!(r.outcomes.households_employed, 1);
        assert_eq!(r.outcomes.households_employed_durable, 1);
        assert_eq!(r.outcomes.households_housed, 1);
        assert_eq!(r.outcomes.children_enrolled, 1);
        // Hired in June only: employed but not durably.
        let june = Period {
            from: d(2025, 6, 1),
            to: d(2025, 6, 30),
        };
        let rj = report(june);
        assert_eq!(
            (
                rj.outcomes.adults_employed,
                rj.outcomes.adults_employed_durable
            ),
            (1, 0)
        );
        // Retention: 1-month checkpoints done in 2025: two (one out of post, one in post).
        let one = &r.retention[0];
        assert_eq!((one.months, one.checked, one.in_post), (1, 2, 1));
        assert_eq!(one.rate(), Some(0.5));
        let three = &r.retention[1];
        assert_eq!((three.checked, three.in_post), (1, 1));
        assert_eq!(r.retention[2].checked, 0);
        assert_eq!(r.retention[2].rate(), None);
    }

    #[test]
    fn activity_counts_our_appointments_and_last_attendance() {
        let r = report(year_2025());
        assert_eq!(r.activity.appointments_total, 2);
        assert!(
            r.activity
                .appointments
                .contains(&("Job dating".to_owned(), 1))
        );
        // Registered: 1010 at the interview, 31 and 1020 at the job dating.
        assert_eq!(r.activity.registered, 3);
        assert_eq!(r.activity.present, 2);
        // Entries of households unknown to employment services: 2 and 3.
        assert_eq!(r.activity.entered_unknown_to_employment, 2);
    }

    #[test]
    fn target_is_prorated_and_months_listed() {
        let r = report(year_2025());
        assert_eq!(r.target.yearly, 12);
        assert!((r.target.for_period - 12.0).abs() < 1e-9);
        assert_eq!(r.target.ratio(), Some(0.25));
        let q1 = Period {
            from: d(2025, 1, 1),
            to: d(2025, 3, 31),
        };
        assert!((report(q1).target.for_period - 3.0).abs() < 1e-9);
        assert_eq!(r.monthly.len(), 12);
        assert_eq!(r.monthly[0].entries, 1);
        assert_eq!(r.monthly[1].entries, 1);
        assert_eq!(r.monthly[2].entries, 1);
        assert_eq!(r.monthly[3].exits, 1);
        let mid = Period {
            from: d(2025, 1, 15),
            to: d(2025, 2, 10),
        };
        assert_eq!(report(mid).monthly.len(), 2);
        assert_eq!(report(mid).funnel.entered, 1);
    }

    #[test]
    fn kept_counts_replace_purged_households_exactly_for_whole_months() {
        let p = default_programme();
        let all = facts();
        let mut without = all.clone();
        without
            .cases
            .retain(|c| c.case.household_id != Uuid::from_u128(103));
        without.households.remove(&Uuid::from_u128(103));
        let before = contributions(&p, &all);
        let after = contributions(&p, &without);
        let kept = purged_counts(&before, &after);
        assert!(!kept.is_empty());
        for period in [
            year_2025(),
            Period::year(2026).expect("y"),
            Period::last_twelve_months(d(2025, 8, 14)),
        ] {
            let expected = compute(&p, &before, &[], period);
            let got = compute(&p, &after, &kept, period);
            assert_eq!(got, expected, "{period:?}");
        }
        // Without the kept counts the figures would have changed.
        assert_ne!(
            compute(&p, &after, &[], year_2025()),
            compute(&p, &before, &[], year_2025())
        );
    }

    #[test]
    fn metric_keys_round_trip() {
        let s = Uuid::from_u128(42);
        let metrics = [
            Metric::Entered,
            Metric::EnteredUnknownToEmployment,
            Metric::EnteredAdult,
            Metric::EnteredChild,
            Metric::EnteredSize(4),
            Metric::ExitedAdult,
            Metric::ExitedChild,
            Metric::Reached(s),
            Metric::StageDays(s, 17),
            Metric::PositiveExit,
            Metric::EarlyExit(None),
            Metric::EarlyExit(Some(EarlyExitReason::RetourIleDeFrance)),
            Metric::Hire { durable: true },
            Metric::Hire { durable: false },
            Metric::AdultFirstHire,
            Metric::AdultFirstDurableHire,
            Metric::HouseholdFirstHire,
            Metric::HouseholdFirstDurableHire,
            Metric::HouseholdHoused,
            Metric::ChildEnrolled,
            Metric::CheckpointDone(6),
            Metric::CheckpointInPost(12),
            Metric::Appointment(AppointmentKind::SejourDecouverte),
            Metric::AttendanceRegistered,
            Metric::AttendancePresent,
        ];
        for m in metrics {
            assert_eq!(Metric::parse(&m.key()), Some(m), "{}", m.key());
        }
        assert_eq!(Metric::parse("unknown"), None);
        assert_eq!(
            Month::parse("2025-03"),
            Some(Month {
                year: 2025,
                month: 3
            })
        );
        assert_eq!(Month::parse("2025-13"), None);
    }

    #[test]
    fn a_funnel_whose_stage_exceeds_the_entries_says_it_counts_flows() {
        let row = |label: &str, reached: i64| StageRow {
            label: label.into(),
            reached,
            stays: 0,
            days_quartiles: None,
        };
        let mut f = Funnel {
            entered: 30,
            stages: vec![row("Orientation reçue", 30), row("Diagnostic", 33)],
            positive_exits: 0,
            early_exits: vec![],
            early_exits_total: 0,
            in_progress_at_end: 0,
        };
        let note = f.flows_note_fr(d(2025, 1, 1)).expect("a note");
        assert!(
            note.starts_with("« Diagnostic » (33) dépasse « Entrés » (30)"),
            "{note}"
        );
        assert!(note.contains("des flux") && note.contains("avant le 01/01/2025"));
        f.stages[1].reached = 30;
        assert_eq!(f.flows_note_fr(d(2025, 1, 1)), None);
    }

    #[test]
    fn days_are_read_in_french_and_iso_forms() {
        assert_eq!(parse_day("03/02/2025"), Some(d(2025, 2, 3)));
        assert_eq!(parse_day(" 3/2/2025 "), Some(d(2025, 2, 3)));
        assert_eq!(parse_day("2025-02-03"), Some(d(2025, 2, 3)));
        assert_eq!(parse_day("31/02/2025"), None);
        assert_eq!(parse_day("03/02/25"), None);
        assert_eq!(parse_day("demain"), None);
    }

    #[test]
    fn periods_and_months() {
        let p = Period::last_twelve_months(d(2025, 3, 14));
        assert_eq!((p.from, p.to), (d(2024, 4, 1), d(2025, 3, 31)));
        assert_eq!(p.whole_months(), Some(12));
        assert_eq!(
            Period {
                from: d(2025, 1, 2),
                to: d(2025, 1, 31)
            }
            .whole_months(),
            None
        );
        assert_eq!(Month::of(d(2024, 2, 10)).last_day(), d(2024, 2, 29));
        assert_eq!(
            Month {
                year: 2025,
                month: 1
            }
            .plus(-1),
            Month {
                year: 2024,
                month: 12
            }
        );
    }
}
