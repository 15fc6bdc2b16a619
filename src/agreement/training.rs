//! Training in the first year: days of `training-es` and `training-mh` within 12 months of start.

use super::{Milestone, Status, TRAINING_ES, TRAINING_MH};
use crate::calendar::add_months;
use crate::repo::model::{Activity, ActivityKind};
use chrono::NaiveDate;

/// How many days of which training the agreement asks for in the first year.
pub struct Requirement {
    pub id: &'static str,
    pub kind: ActivityKind,
    pub min_days: f64,
}

/// 3-4 days for employment specialists and the IPS supervisor.
pub const ES: Requirement = Requirement {
    id: TRAINING_ES,
    kind: ActivityKind::TrainingEs,
    min_days: 3.0,
};

/// One half-day for mental health practitioners and supervisors.
pub const MH: Requirement = Requirement {
    id: TRAINING_MH,
    kind: ActivityKind::TrainingMh,
    min_days: 0.5,
};

pub const WINDOW_MONTHS: u32 = 12;

/// Days are decimals such as 0.5 or 1.5; sums within this of the minimum count as reaching it.
const EPSILON: f64 = 1e-9;

/// Met once the trainings from `start` (inclusive) to `start` + 12 months (exclusive), dated by
/// `as_of`, add up to the minimum; missed when the window closed short of it. A term that ends
/// within the first year (`term_end`, its last day) closes the window with it.
pub fn training(
    requirement: &Requirement,
    start: NaiveDate,
    term_end: Option<NaiveDate>,
    activities: &[Activity],
    as_of: NaiveDate,
) -> Milestone {
    let year_end = add_months(start, WINDOW_MONTHS);
    let end = term_end
        .and_then(|last| last.succ_opt())
        .map_or(year_end, |after| after.min(year_end));
    let after_label = match end < year_end {
        true => format!("after the term ended on {}", end.pred_opt().unwrap_or(end)),
        false => format!("after the first {WINDOW_MONTHS} months"),
    };
    let due = end.pred_opt().unwrap_or(end);
    let trainings: Vec<&Activity> = activities
        .iter()
        .filter(|a| a.kind == requirement.kind && a.date <= as_of)
        .collect();
    let (counted, outside): (Vec<&&Activity>, Vec<&&Activity>) = trainings
        .iter()
        .partition(|a| a.date >= start && a.date < end);
    // A fold from 0.0, since summing no f64 gives -0.0, which would print as "-0 days".
    let total = counted
        .iter()
        .filter_map(|a| a.days)
        .fold(0.0, |sum, days| sum + days);
    let evidence = training_evidence(total, &counted, &outside, (start, end), &after_label);
    let met = total + EPSILON >= requirement.min_days;
    let status = if met {
        Status::Met
    } else if as_of < end {
        Status::Open
    } else {
        Status::Missed
    };
    Milestone {
        id: requirement.id,
        status,
        due: Some(due),
        next_due: (status == Status::Open).then_some(due),
        evidence,
        missing: if met {
            String::new()
        } else {
            format!(
                "{} of {}",
                more_days(requirement.min_days - total),
                requirement.kind.as_str()
            )
        },
        periods: Vec::new(),
        upcoming: None,
    }
}

/// The days counted and the trainings they come from, then those outside the window.
fn training_evidence(
    total: f64,
    counted: &[&&Activity],
    outside: &[&&Activity],
    (start, end): (NaiveDate, NaiveDate),
    after_label: &str,
) -> String {
    let mut evidence = days(total);
    if !counted.is_empty() {
        evidence.push_str(&format!(": {}", listed(counted)));
    }
    let before: Vec<&&Activity> = outside.iter().copied().filter(|a| a.date < start).collect();
    let after: Vec<&&Activity> = outside.iter().copied().filter(|a| a.date >= end).collect();
    if !before.is_empty() {
        evidence.push_str(&format!(
            "; not counted, before the start: {}",
            listed(&before)
        ));
    }
    if !after.is_empty() {
        evidence.push_str(&format!("; not counted, {after_label}: {}", listed(&after)));
    }
    evidence
}

/// Trainings as `2026-01-10 (2), 2026-03-02 (0.5)`.
fn listed(dates: &[&&Activity]) -> String {
    dates
        .iter()
        .map(|a| format!("{} ({})", a.date, number(a.days.unwrap_or(0.0))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number of days as people write it: 3, 0.5, 1.25.
fn number(days: f64) -> String {
    let text = format!("{days:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn unit(shown: &str) -> &'static str {
    if shown == "1" { "day" } else { "days" }
}

/// `2 days`, `1 day`, `0.5 days`.
fn days(days: f64) -> String {
    let shown = number(days);
    format!("{shown} {}", unit(&shown))
}

/// `1 more day`, `0.5 more days`.
fn more_days(days: f64) -> String {
    let shown = number(days);
    format!("{shown} more {}", unit(&shown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::{date, training as t};
    use ActivityKind::{TrainingEs, TrainingMh};

    #[test]
    fn three_days_within_the_year_is_met() {
        let activities = [
            t("2023-03-14", TrainingEs, 2.0),
            t("2023-04-11", TrainingEs, 1.5),
            t("2023-03-28", TrainingMh, 0.5),
        ];
        let m = training(
            &ES,
            date("2023-03-01"),
            None,
            &activities,
            date("2026-11-24"),
        );
        assert_eq!(m.status, Status::Met);
        assert_eq!(m.due, Some(date("2024-02-29")));
        assert_eq!(m.evidence, "3.5 days: 2023-03-14 (2), 2023-04-11 (1.5)");
        assert_eq!(m.missing, "");
    }

    #[test]
    fn a_term_that_ends_within_the_first_year_closes_the_window_with_it() {
        let activities = [
            t("2024-02-06", TrainingEs, 2.0),
            t("2024-08-01", TrainingEs, 1.0),
        ];
        let (start, last) = (date("2024-01-15"), Some(date("2024-06-30")));
        let open = training(&ES, start, last, &activities, date("2024-06-30"));
        assert_eq!(
            (open.status, open.due, open.next_due),
            (
                Status::Open,
                Some(date("2024-06-30")),
                Some(date("2024-06-30"))
            )
        );
        let m = training(&ES, start, last, &activities, date("2024-09-01"));
        assert_eq!(m.status, Status::Missed);
        assert_eq!(
            m.evidence,
            "2 days: 2024-02-06 (2); not counted, after the term ended on 2024-06-30: 2024-08-01 (1)"
        );
        assert_eq!(m.missing, "1 more day of training-es");
        // A term that ends after the first year leaves the window a year.
        let long = training(
            &ES,
            start,
            Some(date("2028-01-14")),
            &activities,
            date("2024-09-01"),
        );
        assert_eq!(long.status, Status::Met);
    }

    #[test]
    fn met_as_soon_as_the_days_add_up_even_inside_the_window() {
        let activities = [
            t("2024-02-06", TrainingEs, 2.0),
            t("2024-05-01", TrainingEs, 1.0),
        ];
        let start = date("2024-01-15");
        let before = training(&ES, start, None, &activities, date("2024-04-30"));
        assert_eq!(before.status, Status::Open);
        assert_eq!(before.missing, "1 more day of training-es");
        assert_eq!(before.next_due, Some(date("2025-01-14")));
        assert_eq!(
            training(&ES, start, None, &activities, date("2024-05-01")).status,
            Status::Met
        );
    }

    #[test]
    fn the_window_ends_twelve_months_after_start_exclusive() {
        let start = date("2024-01-15");
        let on_last_day = [
            t("2024-01-15", TrainingEs, 2.0),
            t("2025-01-14", TrainingEs, 1.0),
        ];
        assert_eq!(
            training(&ES, start, None, &on_last_day, date("2025-06-01")).status,
            Status::Met
        );
        let a_day_late = [
            t("2024-01-15", TrainingEs, 2.0),
            t("2025-01-15", TrainingEs, 1.0),
        ];
        let m = training(&ES, start, None, &a_day_late, date("2025-06-01"));
        assert_eq!(m.status, Status::Missed);
        assert_eq!(m.due, Some(date("2025-01-14")));
        assert_eq!(
            m.evidence,
            "2 days: 2024-01-15 (2); not counted, after the first 12 months: 2025-01-15 (1)"
        );
        assert_eq!(m.missing, "1 more day of training-es");
    }

    #[test]
    fn open_through_the_last_day_of_the_window_then_missed() {
        let start = date("2024-01-15");
        let short = [t("2024-02-06", TrainingEs, 2.0)];
        assert_eq!(
            training(&ES, start, None, &short, date("2025-01-14")).status,
            Status::Open
        );
        assert_eq!(
            training(&ES, start, None, &short, date("2025-01-15")).status,
            Status::Missed
        );
    }

    #[test]
    fn before_the_start_it_is_open_and_a_training_before_start_does_not_count() {
        let start = date("2024-01-15");
        let early = [t("2024-01-10", TrainingEs, 3.0)];
        let m = training(&ES, start, None, &early, date("2024-01-12"));
        assert_eq!(m.status, Status::Open);
        assert_eq!(
            m.evidence,
            "0 days; not counted, before the start: 2024-01-10 (3)"
        );
        assert_eq!(m.missing, "3 more days of training-es");
    }

    #[test]
    fn a_training_after_as_of_does_not_count() {
        let start = date("2024-01-15");
        let planned = [t("2024-03-05", TrainingMh, 0.5)];
        let m = training(&MH, start, None, &planned, date("2024-03-04"));
        assert_eq!((m.status, m.evidence.as_str()), (Status::Open, "0 days"));
        assert_eq!(m.missing, "0.5 more days of training-mh");
        assert_eq!(
            training(&MH, start, None, &planned, date("2024-03-05")).status,
            Status::Met
        );
    }

    #[test]
    fn only_trainings_of_the_kind_count_and_decimals_add_up_exactly() {
        let start = date("2024-01-01");
        let activities = [
            t("2024-02-01", TrainingEs, 1.1),
            t("2024-03-01", TrainingEs, 1.9),
            t("2024-03-02", TrainingMh, 5.0),
        ];
        let m = training(&ES, start, None, &activities, date("2025-06-01"));
        assert_eq!(m.status, Status::Met);
        assert_eq!(m.evidence, "3 days: 2024-02-01 (1.1), 2024-03-01 (1.9)");
    }

    #[test]
    fn a_start_on_29_february_ends_the_window_on_28_february() {
        let start = date("2024-02-29");
        let m = training(&MH, start, None, &[], date("2025-02-27"));
        assert_eq!((m.status, m.due), (Status::Open, Some(date("2025-02-27"))));
        assert_eq!(
            training(&MH, start, None, &[], date("2025-02-28")).status,
            Status::Missed
        );
    }
}
