//! What follows fidelity reviews: a written plan after each, and quarterly outcome files from
//! the baseline review on.

use super::{FIDELITY_PLAN, Milestone, OUTCOMES_REPORTED, Period, PeriodLabel, Status};
use crate::calendar::Quarter;
use crate::fidelity::plan::{self, PlanStatus};
use crate::repo::OutcomeFileRef;
use crate::repo::model::{Activity, FidelitySettings, Review};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A written improvement plan after each review held by `as_of`, judged by the rule the
/// fidelity schedule uses (`fidelity::plan::status`). A late plan meets the milestone; the
/// evidence says how late. A missing plan past its due date is overdue: it can still be written.
pub fn fidelity_plan(
    reviews: &[Review],
    activities: &[Activity],
    settings: &FidelitySettings,
    as_of: NaiveDate,
) -> Milestone {
    let periods = reviews
        .iter()
        .enumerate()
        .take_while(|(_, review)| review.date <= as_of)
        .map(|(index, review)| {
            let status = plan::status(review, reviews.get(index + 1), activities, settings, as_of);
            let label = PeriodLabel::Review(review.date);
            let missing = "a written improvement plan".to_string();
            match status {
                PlanStatus::Written { on, due, late } => Period {
                    label,
                    status: Status::Met,
                    due,
                    evidence: if late {
                        format!("written {on} ({} days late)", (on - due).num_days())
                    } else {
                        format!("written {on}")
                    },
                    missing: String::new(),
                },
                PlanStatus::Open { due } => Period {
                    label,
                    status: Status::Open,
                    due,
                    evidence: String::new(),
                    missing,
                },
                PlanStatus::Overdue { due } => Period {
                    label,
                    status: Status::Overdue,
                    due,
                    evidence: String::new(),
                    missing,
                },
            }
        })
        .collect();
    Milestone::from_periods(
        FIDELITY_PLAN,
        periods,
        "review",
        (None, "no fidelity review yet".to_string()),
    )
}

/// An outcomes file for every quarter that has ended by `as_of`, from the quarter of the
/// baseline (first) review on. A quarter ends when its last day is over, and only then may its
/// file exist (`ips validate` rejects one for a quarter still running), so the file is due on
/// the first day after the quarter: open that day, overdue from the next, since it can still be
/// sent. Only the list of files is looked at.
pub fn outcomes_reported(
    agency: &str,
    reviews: &[Review],
    outcome_files: &[&OutcomeFileRef],
    as_of: NaiveDate,
) -> Milestone {
    let Some(baseline) = reviews.first().filter(|review| review.date <= as_of) else {
        return Milestone::from_periods(
            OUTCOMES_REPORTED,
            Vec::new(),
            "quarter",
            (
                None,
                "no baseline fidelity review yet: outcomes are reported from its quarter on"
                    .to_string(),
            ),
        );
    };
    let reported: BTreeMap<Quarter, &OutcomeFileRef> = outcome_files
        .iter()
        .filter(|f| &*f.agency == agency)
        .map(|f| (f.quarter, *f))
        .collect();
    let first = Quarter::containing(baseline.date);
    let mut periods = Vec::new();
    let mut quarter = first;
    while quarter.has_ended(as_of) {
        let file = reported.get(&quarter);
        let due = file_due(quarter);
        let status = match file {
            Some(_) => Status::Met,
            None if as_of > due => Status::Overdue,
            None => Status::Open,
        };
        periods.push(Period {
            label: PeriodLabel::Quarter(quarter),
            status,
            due,
            evidence: file.map(|f| f.relative()).unwrap_or_default(),
            missing: if file.is_some() {
                String::new()
            } else {
                // Named as the repository names the file it would list.
                OutcomeFileRef::new(quarter, agency).relative()
            },
        });
        quarter = quarter.next();
    }
    // `quarter` is now the first one not ended: its file is the next one due.
    Milestone::from_periods(
        OUTCOMES_REPORTED,
        periods,
        "quarter",
        (
            Some(file_due(first)),
            format!("no quarter has ended yet; the first to report is {first}"),
        ),
    )
    .with_upcoming(file_due(quarter))
}

/// The first day on which `quarter` has ended.
fn file_due(quarter: Quarter) -> NaiveDate {
    quarter.next().first_day()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::{activity, date, review};
    use crate::repo::model::ActivityKind;

    fn files(agency: &str, quarters: &[&str]) -> Vec<OutcomeFileRef> {
        quarters
            .iter()
            .map(|q| OutcomeFileRef::new(Quarter::parse(q).expect("a test quarter"), agency))
            .collect()
    }

    #[test]
    fn a_plan_per_review_on_time_late_open_and_overdue() {
        let settings = FidelitySettings::default();
        let reviews = [
            review("2025-02-18", &[], None),
            review("2025-08-19", &[], Some("2025-10-07")),
            review("2026-02-17", &[], None),
            review("2026-08-18", &[], None),
        ];
        // The first plan is a fidelity-plan activity, not the review's `plan` key.
        let activities = [activity("2025-03-25", ActivityKind::FidelityPlan)];
        let m = fidelity_plan(&reviews, &activities, &settings, date("2026-09-01"));
        let labels: Vec<String> = m.periods.iter().map(|p| p.label.to_string()).collect();
        let got: Vec<(&str, Status, String, &str)> = m
            .periods
            .iter()
            .zip(&labels)
            .map(|(p, label)| {
                (
                    label.as_str(),
                    p.status,
                    p.due.to_string(),
                    p.evidence.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "review 2025-02-18",
                    Status::Met,
                    "2025-04-01".into(),
                    "written 2025-03-25"
                ),
                (
                    "review 2025-08-19",
                    Status::Met,
                    "2025-09-30".into(),
                    "written 2025-10-07 (7 days late)"
                ),
                (
                    "review 2026-02-17",
                    Status::Overdue,
                    "2026-03-31".into(),
                    ""
                ),
                ("review 2026-08-18", Status::Open, "2026-09-29".into(), ""),
            ]
        );
        assert_eq!(m.status, Status::Overdue);
        assert_eq!(m.due, Some(date("2026-03-31")));
        // The plan of 2026-08-18 is open (due 2026-09-29): not missing yet.
        assert_eq!(m.missing, "review 2026-02-17");
        assert_eq!(m.evidence, "2 of 3 reviews met, 1 open");
        assert_eq!(m.periods[2].missing, "a written improvement plan");
    }

    #[test]
    fn a_plan_is_open_through_its_due_date_and_reviews_after_as_of_are_not_listed() {
        let settings = FidelitySettings::default();
        let reviews = [
            review("2024-03-12", &[], None),
            review("2024-09-10", &[], Some("2024-09-30")),
        ];
        let due_day = fidelity_plan(&reviews, &[], &settings, date("2024-04-23"));
        assert_eq!(due_day.periods.len(), 1);
        assert_eq!(
            (due_day.status, due_day.due),
            (Status::Open, Some(date("2024-04-23")))
        );
        let after = fidelity_plan(&reviews, &[], &settings, date("2024-04-24"));
        assert_eq!(after.status, Status::Overdue);
        let none = fidelity_plan(&reviews, &[], &settings, date("2024-03-11"));
        assert_eq!(
            (none.status, none.due, none.evidence.as_str()),
            (Status::Open, None, "no fidelity review yet")
        );
    }

    #[test]
    fn outcomes_from_the_baseline_quarter_through_the_last_ended_one() {
        let reviews = [
            review("2023-11-14", &[], None),
            review("2024-05-21", &[], None),
        ];
        let mut outcome_files = files("eastbay", &["2023-Q4", "2024-Q1", "2024-Q3"]);
        outcome_files.extend(files("other", &["2024-Q2"]));
        let refs: Vec<&OutcomeFileRef> = outcome_files.iter().collect();
        let m = outcomes_reported("eastbay", &reviews, &refs, date("2024-11-24"));
        let labels: Vec<String> = m.periods.iter().map(|p| p.label.to_string()).collect();
        let got: Vec<(&str, Status, &str, &str)> = m
            .periods
            .iter()
            .zip(&labels)
            .map(|(p, label)| {
                (
                    label.as_str(),
                    p.status,
                    p.evidence.as_str(),
                    p.missing.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2023-Q4", Status::Met, "outcomes/2023-Q4/eastbay.csv", ""),
                ("2024-Q1", Status::Met, "outcomes/2024-Q1/eastbay.csv", ""),
                (
                    "2024-Q2",
                    Status::Overdue,
                    "",
                    "outcomes/2024-Q2/eastbay.csv"
                ),
                ("2024-Q3", Status::Met, "outcomes/2024-Q3/eastbay.csv", ""),
            ]
        );
        assert_eq!(m.status, Status::Overdue);
        assert_eq!(m.due, Some(date("2024-07-01")));
        assert_eq!(m.next_due, Some(date("2025-01-01")));
        assert_eq!(m.evidence, "3 of 4 quarters met");
    }

    #[test]
    fn a_quarters_file_is_due_the_day_after_it_ends_and_overdue_the_day_after_that() {
        let reviews = [review("2024-03-19", &[], None)];
        // On its last day the quarter is still running: nothing is listed yet.
        let last_day = outcomes_reported("a", &reviews, &[], date("2024-03-31"));
        assert!(last_day.periods.is_empty());
        assert_eq!(
            (last_day.status, last_day.due, last_day.next_due),
            (
                Status::Open,
                Some(date("2024-04-01")),
                Some(date("2024-04-01"))
            )
        );
        let ended = outcomes_reported("a", &reviews, &[], date("2024-04-01"));
        assert_eq!(ended.periods.len(), 1);
        assert_eq!(
            (ended.status, ended.due, ended.next_due),
            (
                Status::Open,
                Some(date("2024-04-01")),
                Some(date("2024-04-01"))
            )
        );
        let after = outcomes_reported("a", &reviews, &[], date("2024-04-02"));
        assert_eq!(
            (after.status, after.next_due),
            (Status::Overdue, Some(date("2024-07-01")))
        );
        let q1 = files("a", &["2024-Q1"]);
        let with_file = outcomes_reported("a", &reviews, &[&q1[0]], date("2024-04-02"));
        assert_eq!(with_file.status, Status::Met);
    }

    #[test]
    fn before_the_baseline_or_before_its_quarter_ends_nothing_is_due_yet() {
        let reviews = [review("2024-03-19", &[], None)];
        let before = outcomes_reported("a", &reviews, &[], date("2024-03-18"));
        assert_eq!(
            (before.status, before.due, before.next_due),
            (Status::Open, None, None)
        );
        assert_eq!(
            before.evidence,
            "no baseline fidelity review yet: outcomes are reported from its quarter on"
        );
        let during = outcomes_reported("a", &reviews, &[], date("2024-03-30"));
        assert_eq!(
            (during.status, during.next_due, during.evidence.as_str()),
            (
                Status::Open,
                Some(date("2024-04-01")),
                "no quarter has ended yet; the first to report is 2024-Q1"
            )
        );
    }

    #[test]
    fn files_of_quarters_not_ended_by_as_of_do_not_count() {
        let reviews = [review("2024-03-19", &[], None)];
        let q2 = files("a", &["2024-Q2"]);
        let m = outcomes_reported("a", &reviews, &[&q2[0]], date("2024-04-02"));
        assert_eq!(m.periods.len(), 1);
        assert_eq!(m.periods[0].label.to_string(), "2024-Q1");
        assert_eq!(m.periods[0].status, Status::Overdue);
    }
}
