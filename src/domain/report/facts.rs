//! What the store loads for a report ([`ReportFacts`]), and the calendar it is counted on
//! (periods, months, days typed by a person).

use super::*;

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
