//! Ongoing milestones counted in calendar months or quarters: employer visits, steering
//! committees and outcome reviews.

use super::term::{self, Span};
use super::{EMPLOYER_VISITS, Milestone, Period, PeriodLabel, Status, join_dates};
use crate::calendar::Quarter;
use crate::repo::model::{Activity, ActivityKind, Agency, Cadence};
use chrono::{Datelike, Months, NaiveDate};

/// A calendar month or quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarPeriod {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub label: PeriodLabel,
}

impl CalendarPeriod {
    fn month(first_day: NaiveDate) -> CalendarPeriod {
        let next = first_day
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX);
        CalendarPeriod {
            first_day,
            last_day: next.pred_opt().unwrap_or(next),
            label: PeriodLabel::Month {
                year: first_day.year(),
                month: first_day.month(),
            },
        }
    }

    fn quarter(quarter: Quarter) -> CalendarPeriod {
        CalendarPeriod {
            first_day: quarter.first_day(),
            last_day: quarter.last_day(),
            label: PeriodLabel::Quarter(quarter),
        }
    }

    /// The first calendar month or quarter that begins on or after `start`.
    pub fn first(cadence: Cadence, start: NaiveDate) -> CalendarPeriod {
        match cadence {
            Cadence::Monthly => {
                let month_start = start.with_day(1).unwrap_or(start);
                if month_start == start {
                    CalendarPeriod::month(start)
                } else {
                    CalendarPeriod::month(
                        month_start
                            .checked_add_months(Months::new(1))
                            .unwrap_or(NaiveDate::MAX),
                    )
                }
            }
            Cadence::Quarterly => {
                let quarter = Quarter::containing(start);
                if quarter.first_day() == start {
                    CalendarPeriod::quarter(quarter)
                } else {
                    CalendarPeriod::quarter(quarter.next())
                }
            }
        }
    }

    fn following(&self, cadence: Cadence) -> CalendarPeriod {
        let next = self.last_day.succ_opt().unwrap_or(NaiveDate::MAX);
        match cadence {
            Cadence::Monthly => CalendarPeriod::month(next),
            Cadence::Quarterly => CalendarPeriod::quarter(Quarter::containing(next)),
        }
    }
}

/// The periods from the first one beginning on or after `start` to the one containing `as_of`.
pub fn periods_begun(cadence: Cadence, start: NaiveDate, as_of: NaiveDate) -> Vec<CalendarPeriod> {
    let mut periods = Vec::new();
    let mut period = CalendarPeriod::first(cadence, start);
    while period.first_day <= as_of && period.first_day < NaiveDate::MAX {
        let next = period.following(cadence);
        periods.push(period);
        period = next;
    }
    periods
}

/// At least one activity of `kind` in every period that has begun by `as_of`. A period in
/// progress without one is open; an ended one is missed.
pub fn every_period(
    id: &'static str,
    kind: ActivityKind,
    cadence: Cadence,
    start: NaiveDate,
    activities: &[Activity],
    as_of: NaiveDate,
) -> Milestone {
    let span = Span {
        first_day: start,
        last_day: None,
        cadence,
    };
    every_period_in(id, kind, &[span], activities, as_of)
}

/// The periods of each span of the term, from the first one beginning on or after the span's
/// first day, lying wholly inside the span, and begun by `as_of`; and the first period ahead of
/// `as_of` inside a span, if any (none once the term has ended).
fn periods_in(spans: &[Span], as_of: NaiveDate) -> (Vec<CalendarPeriod>, Option<CalendarPeriod>) {
    let mut begun = Vec::new();
    let mut upcoming = None;
    for span in spans {
        let mut period = CalendarPeriod::first(span.cadence, span.first_day);
        while span.holds(period.last_day) && period.first_day < NaiveDate::MAX {
            if period.first_day > as_of {
                upcoming = upcoming.or(Some(period));
                break;
            }
            let next = period.following(span.cadence);
            begun.push(period);
            period = next;
        }
    }
    (begun, upcoming)
}

/// `every_period` over the spans of the agreement's term: no period outside it.
pub fn every_period_in(
    id: &'static str,
    kind: ActivityKind,
    spans: &[Span],
    activities: &[Activity],
    as_of: NaiveDate,
) -> Milestone {
    let (begun, upcoming) = periods_in(spans, as_of);
    let mut dates: Vec<NaiveDate> = activities
        .iter()
        .filter(|a| a.kind == kind && a.date <= as_of)
        .map(|a| a.date)
        .collect();
    dates.sort_unstable();
    let monthly = |span: &Span| span.cadence == Cadence::Monthly;
    let unit = if spans.iter().all(monthly) {
        "month"
    } else if spans.iter().any(monthly) {
        // A renewal changed the cadence: months, then quarters.
        "period"
    } else {
        "quarter"
    };
    let periods = begun
        .into_iter()
        .map(|period| period_of(period, &dates, kind, as_of))
        .collect();
    let none_yet = match &upcoming {
        Some(first) => (
            Some(first.last_day),
            format!("no {unit} has begun yet; the first is {}", first.label),
        ),
        None => (None, "no period inside the agreement's term".to_string()),
    };
    let milestone = Milestone::from_periods(id, periods, unit, none_yet);
    match upcoming {
        Some(upcoming) => milestone.with_upcoming(upcoming.last_day),
        None => milestone,
    }
}

/// One period begun: met by an activity held in it, else open until it ends, then missed.
fn period_of(
    period: CalendarPeriod,
    dates: &[NaiveDate],
    kind: ActivityKind,
    as_of: NaiveDate,
) -> Period {
    let from = dates.partition_point(|date| *date < period.first_day);
    let to = dates.partition_point(|date| *date <= period.last_day);
    let held = &dates[from..to];
    let status = if !held.is_empty() {
        Status::Met
    } else if as_of <= period.last_day {
        Status::Open
    } else {
        Status::Missed
    };
    Period {
        missing: if status == Status::Met {
            String::new()
        } else {
            let mut missing = String::with_capacity(40);
            missing.push_str("one ");
            missing.push_str(kind.as_str());
            missing.push_str(" in ");
            period.label.push_to(&mut missing);
            missing
        },
        label: period.label,
        status,
        due: period.last_day,
        evidence: join_dates(held.iter().copied()),
    }
}

/// Steering committees and outcome reviews: one every calendar quarter.
pub fn every_quarter(
    id: &'static str,
    kind: ActivityKind,
    start: NaiveDate,
    activities: &[Activity],
    as_of: NaiveDate,
) -> Milestone {
    every_period(id, kind, Cadence::Quarterly, start, activities, as_of)
}

/// Employer visits at the cadence the agreement names. An agency without an [agreement] is held
/// to quarterly visits, the least any agreement asks, and the evidence says so.
pub fn employer_visits(agency: &Agency, activities: &[Activity], as_of: NaiveDate) -> Milestone {
    let mut milestone = every_period_in(
        EMPLOYER_VISITS,
        ActivityKind::EmployerVisit,
        &term::merged(agency, None),
        activities,
        as_of,
    );
    if agency.agreement.is_none() {
        milestone.evidence.push_str(NO_AGREEMENT);
    }
    milestone
}

/// What the evidence of employer visits adds for an agency without an [agreement].
pub const NO_AGREEMENT: &str = "; agency.toml has no [agreement]: judged quarterly";

/// Steering committees and outcome reviews over the agreement's term: one every quarter.
pub fn every_quarter_of_term(
    id: &'static str,
    kind: ActivityKind,
    agency: &Agency,
    activities: &[Activity],
    as_of: NaiveDate,
) -> Milestone {
    let spans = term::merged(agency, Some(Cadence::Quarterly));
    every_period_in(id, kind, &spans, activities, as_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::{activity, date};
    use ActivityKind::{EmployerVisit, SteeringCommittee};

    fn labels(periods: &[CalendarPeriod]) -> Vec<String> {
        periods.iter().map(|p| p.label.to_string()).collect()
    }

    #[test]
    fn counting_starts_with_the_first_period_that_begins_on_or_after_start() {
        let as_of = date("2024-01-15");
        assert_eq!(
            labels(&periods_begun(Cadence::Monthly, date("2023-09-05"), as_of)),
            ["2023-10", "2023-11", "2023-12", "2024-01"]
        );
        assert_eq!(
            labels(&periods_begun(Cadence::Monthly, date("2023-12-01"), as_of)),
            ["2023-12", "2024-01"]
        );
        assert_eq!(
            labels(&periods_begun(
                Cadence::Quarterly,
                date("2023-06-12"),
                as_of
            )),
            ["2023-Q3", "2023-Q4", "2024-Q1"]
        );
        assert_eq!(
            labels(&periods_begun(
                Cadence::Quarterly,
                date("2023-10-01"),
                as_of
            )),
            ["2023-Q4", "2024-Q1"]
        );
    }

    #[test]
    fn only_periods_begun_by_as_of_are_listed() {
        let start = date("2024-09-16");
        assert!(periods_begun(Cadence::Quarterly, start, date("2024-09-30")).is_empty());
        assert_eq!(
            labels(&periods_begun(
                Cadence::Quarterly,
                start,
                date("2024-10-01")
            )),
            ["2024-Q4"]
        );
        let december = periods_begun(Cadence::Monthly, date("2024-11-02"), date("2024-12-01"));
        assert_eq!(december[0].first_day, date("2024-12-01"));
        assert_eq!(december[0].last_day, date("2024-12-31"));
    }

    #[test]
    fn before_the_first_period_it_is_open_until_that_period_ends() {
        let m = every_quarter(
            "steering-committee",
            SteeringCommittee,
            date("2024-09-16"),
            &[activity("2024-09-23", SteeringCommittee)],
            date("2024-09-30"),
        );
        assert_eq!(m.status, Status::Open);
        assert_eq!(m.due, Some(date("2024-12-31")));
        assert_eq!(m.evidence, "no quarter has begun yet; the first is 2024-Q4");
        assert_eq!(m.next_due, Some(date("2024-12-31")));
        assert!(m.periods.is_empty());
    }

    #[test]
    fn a_quarter_without_a_meeting_is_open_through_its_last_day_then_missed() {
        let activities = [
            activity("2025-06-09", SteeringCommittee),
            activity("2025-12-12", SteeringCommittee),
        ];
        let start = date("2025-04-01");
        let judge = |as_of: &str| {
            every_quarter(
                "steering-committee",
                SteeringCommittee,
                start,
                &activities,
                date(as_of),
            )
        };
        let last_day = judge("2025-09-30");
        assert_eq!(last_day.status, Status::Open);
        assert_eq!(
            last_day.periods[1].missing,
            "one steering-committee in 2025-Q3"
        );
        let after = judge("2025-10-01");
        assert_eq!(after.status, Status::Missed);
        assert_eq!(after.due, Some(date("2025-09-30")));
        assert_eq!(after.next_due, Some(date("2025-12-31")));
        let later = judge("2025-12-31");
        let statuses: Vec<Status> = later.periods.iter().map(|p| p.status).collect();
        assert_eq!(statuses, [Status::Met, Status::Missed, Status::Met]);
        assert_eq!(later.evidence, "2 of 3 quarters met");
        assert_eq!(later.missing, "2025-Q3");
        assert_eq!(later.periods[2].evidence, "2025-12-12");
    }

    #[test]
    fn the_current_period_is_met_by_a_visit_on_or_before_as_of() {
        let activities = [activity("2025-06-11", EmployerVisit)];
        let judge = |as_of: &str| {
            every_period(
                "employer-visits",
                EmployerVisit,
                Cadence::Monthly,
                date("2025-06-01"),
                &activities,
                date(as_of),
            )
        };
        let unmet = judge("2025-06-10");
        assert_eq!(
            (unmet.status, unmet.next_due),
            (Status::Open, Some(date("2025-06-30")))
        );
        // Once June is met, July's visit is the next deadline.
        let met = judge("2025-06-11");
        assert_eq!(
            (met.status, met.due, met.next_due),
            (
                Status::Met,
                Some(date("2025-06-30")),
                Some(date("2025-07-31"))
            )
        );
        let july = judge("2025-07-31");
        assert_eq!(july.status, Status::Open);
        assert_eq!(july.due, Some(date("2025-07-31")));
        let august = judge("2025-08-01");
        assert_eq!(august.status, Status::Missed);
        // August is in progress: open, not missing.
        assert_eq!(august.missing, "2025-07");
        assert_eq!(august.evidence, "1 of 2 months met, 1 open");
        assert_eq!(august.periods[1].missing, "one employer-visit in 2025-07");
    }
}
