//! The trainer at unit meetings and treatment team meetings every month of the first six.

use super::{Milestone, Period, PeriodLabel, Status, join_dates};
use crate::calendar::add_months;
use crate::repo::model::{Activity, ActivityKind};
use chrono::NaiveDate;

pub const MONTHS: u32 = 6;

/// Month `k` (1 to 6) runs from `start` + (k-1) months to `start` + k months, exclusive, with
/// month ends clamped (a start on 31 January 2024 makes month 1 end before 29 February). Each
/// month needs one meeting of `kind` dated by `as_of`; a month that ended without one is missed.
pub fn first_six_months(
    id: &'static str,
    kind: ActivityKind,
    start: NaiveDate,
    activities: &[Activity],
    as_of: NaiveDate,
) -> Milestone {
    let periods = (1..=MONTHS)
        .map(|k| {
            let begin = add_months(start, k - 1);
            let end = add_months(start, k);
            let due = end.pred_opt().unwrap_or(end);
            let held: Vec<NaiveDate> = activities
                .iter()
                .filter(|a| a.kind == kind && a.date >= begin && a.date < end && a.date <= as_of)
                .map(|a| a.date)
                .collect();
            let status = if !held.is_empty() {
                Status::Met
            } else if as_of < end {
                Status::Open
            } else {
                Status::Missed
            };
            Period {
                label: PeriodLabel::StartMonth(k),
                status,
                due,
                evidence: join_dates(held),
                missing: if status == Status::Met {
                    String::new()
                } else {
                    format!("one {} from {begin} to {due}", kind.as_str())
                },
            }
        })
        .collect();
    Milestone::from_periods(id, periods, "month", (None, String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::{activity, date};
    use ActivityKind::{TreatmentTeamMeeting, UnitMeeting};

    fn statuses(m: &Milestone) -> Vec<&'static str> {
        m.periods.iter().map(|p| p.status.as_str()).collect()
    }

    fn unit_meetings(dates: &[&str], start: &str, as_of: &str) -> Milestone {
        let activities: Vec<Activity> = dates.iter().map(|d| activity(d, UnitMeeting)).collect();
        first_six_months(
            "unit-meetings",
            UnitMeeting,
            date(start),
            &activities,
            date(as_of),
        )
    }

    #[test]
    fn one_meeting_in_each_of_six_months_is_met() {
        let m = unit_meetings(
            &[
                "2024-06-12",
                "2024-07-12",
                "2024-08-12",
                "2024-09-12",
                "2024-10-14",
                "2024-11-12",
            ],
            "2024-06-03",
            "2026-11-24",
        );
        assert_eq!(m.status, Status::Met);
        assert_eq!(m.due, Some(date("2024-12-02")));
        assert_eq!(m.evidence, "6 of 6 months met");
        assert_eq!(m.periods[2].evidence, "2024-08-12");
    }

    #[test]
    fn a_month_without_a_meeting_is_missed_once_it_ends() {
        // Month 3 runs from 2024-08-03 to 2024-09-02; the meeting of 2024-09-12 is month 4's.
        let dates = [
            "2024-06-12",
            "2024-07-12",
            "2024-09-12",
            "2024-10-14",
            "2024-11-12",
        ];
        let during = unit_meetings(&dates, "2024-06-03", "2024-09-02");
        assert_eq!(
            statuses(&during),
            ["met", "met", "open", "open", "open", "open"]
        );
        assert_eq!(during.status, Status::Open);
        assert_eq!(during.due, Some(date("2024-09-02")));
        let after = unit_meetings(&dates, "2024-06-03", "2024-09-03");
        assert_eq!(
            statuses(&after),
            ["met", "met", "missed", "open", "open", "open"]
        );
        let done = unit_meetings(&dates, "2024-06-03", "2026-11-24");
        assert_eq!(done.status, Status::Missed);
        assert_eq!(done.due, Some(date("2024-09-02")));
        assert_eq!(done.missing, "month 3");
        assert_eq!(
            done.periods[2].missing,
            "one unit-meeting from 2024-08-03 to 2024-09-02"
        );
    }

    #[test]
    fn months_start_on_the_start_day_and_end_before_it() {
        // Month 1 is 2024-06-03 to 2024-07-02: a meeting on 2024-07-03 falls in month 2.
        let first_day = unit_meetings(&["2024-06-03"], "2024-06-03", "2024-07-03");
        assert_eq!(statuses(&first_day)[..2], ["met", "open"]);
        let next_month = unit_meetings(&["2024-07-03"], "2024-06-03", "2024-07-03");
        assert_eq!(statuses(&next_month)[..2], ["missed", "met"]);
        let last_day = unit_meetings(&["2024-07-02"], "2024-06-03", "2024-07-03");
        assert_eq!(statuses(&last_day)[..2], ["met", "open"]);
    }

    #[test]
    fn a_start_on_31_january_clamps_month_ends() {
        let m = unit_meetings(&[], "2024-01-31", "2024-01-31");
        let dues: Vec<String> = m.periods.iter().map(|p| p.due.to_string()).collect();
        // Months end the day before 29 Feb, 31 Mar, 30 Apr, 31 May, 30 Jun, 31 Jul.
        assert_eq!(
            dues,
            [
                "2024-02-28",
                "2024-03-30",
                "2024-04-29",
                "2024-05-30",
                "2024-06-29",
                "2024-07-30"
            ]
        );
        assert_eq!(
            m.periods[1].missing,
            "one unit-meeting from 2024-02-29 to 2024-03-30"
        );
    }

    #[test]
    fn before_the_start_every_month_is_open() {
        let m = unit_meetings(&["2024-05-20"], "2024-06-03", "2024-05-31");
        assert_eq!(statuses(&m), ["open"; 6]);
        assert_eq!(m.due, Some(date("2024-07-02")));
    }

    #[test]
    fn meetings_after_as_of_and_of_another_kind_do_not_count() {
        let activities = [
            activity("2024-06-20", TreatmentTeamMeeting),
            activity("2024-06-25", UnitMeeting),
        ];
        let m = first_six_months(
            "unit-meetings",
            UnitMeeting,
            date("2024-06-03"),
            &activities,
            date("2024-06-24"),
        );
        assert_eq!(m.periods[0].status, Status::Open);
        assert_eq!(m.periods[0].evidence, "");
    }
}
