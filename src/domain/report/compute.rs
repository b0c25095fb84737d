//! The report of a period: the figures, the funnel, the outcomes and the tables, summed
//! from the contributions.

use super::*;

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
pub(super) fn quantile(sorted: &[u32], q: f64) -> u32 {
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
            for &(d, n) in stage_days.get(&s.id).map_or(&[][..], Vec::as_slice) {
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
