//! Facts turned into dated, anonymous contributions, and their monthly counts (kept for
//! purged households).

use super::*;

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

pub(super) fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn from_snake<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
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
pub(super) fn stage_ranks(programme: &Programme) -> HashMap<Uuid, usize> {
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
