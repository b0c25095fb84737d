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

mod compute;
mod contributions;
mod facts;
pub use compute::*;
pub use contributions::*;
pub use facts::*;

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
