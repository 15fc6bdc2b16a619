//! The written fidelity improvement plan that follows each review. Shared by the fidelity
//! schedule and the agreement checklist, so both judge a plan the same way.

use crate::repo::model::{Activity, ActivityKind, FidelitySettings, Review};
use chrono::{Days, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStatus {
    /// Written on `on`; `late` when after the due date.
    Written {
        on: NaiveDate,
        due: NaiveDate,
        late: bool,
    },
    /// Not written yet, and the due date has not passed.
    Open { due: NaiveDate },
    /// Not written, and the due date has passed.
    Overdue { due: NaiveDate },
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Written { late: false, .. } => "written",
            PlanStatus::Written { late: true, .. } => "written-late",
            PlanStatus::Open { .. } => "open",
            PlanStatus::Overdue { .. } => "overdue",
        }
    }

    pub fn due(self) -> NaiveDate {
        match self {
            PlanStatus::Written { due, .. }
            | PlanStatus::Open { due }
            | PlanStatus::Overdue { due } => due,
        }
    }
}

/// The plan is due `plan_within_weeks` after the review (toolkit default 6, after UK practice).
pub fn due_date(review: &Review, settings: &FidelitySettings) -> NaiveDate {
    due_after(review.date, settings)
}

/// The plan's due date for a review held on `review_date`, before the review has a file.
pub fn due_after(review_date: NaiveDate, settings: &FidelitySettings) -> NaiveDate {
    review_date
        .checked_add_days(Days::new(7 * u64::from(settings.plan_within_weeks)))
        .unwrap_or(NaiveDate::MAX)
}

/// The plan after `review`: its `plan` date, or a `fidelity-plan` activity on or after the review
/// and before `next_review` (if any). Nothing dated after `as_of` counts.
pub fn status(
    review: &Review,
    next_review: Option<&Review>,
    activities: &[Activity],
    settings: &FidelitySettings,
    as_of: NaiveDate,
) -> PlanStatus {
    let due = due_date(review, settings);
    let before_next = |date: NaiveDate| next_review.is_none_or(|next| date < next.date);
    let from_activity = activities
        .iter()
        .filter(|a| {
            a.kind == ActivityKind::FidelityPlan && a.date >= review.date && before_next(a.date)
        })
        .map(|a| a.date)
        .min();
    let written = [review.plan, from_activity]
        .into_iter()
        .flatten()
        .filter(|date| *date <= as_of)
        .min();
    match written {
        Some(on) => PlanStatus::Written {
            on,
            due,
            late: on > due,
        },
        None if as_of > due => PlanStatus::Overdue { due },
        None => PlanStatus::Open { due },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;
    use crate::repo::model::ReviewKind;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    fn review(on: &str, plan: Option<&str>) -> Review {
        Review {
            date: date(on),
            kind: ReviewKind::Baseline,
            reviewers: vec![],
            plan: plan.map(date),
            scores: vec![Some(3); 25],
            written: Default::default(),
        }
    }

    fn plan_activity(on: &str) -> Activity {
        Activity {
            date: date(on),
            kind: ActivityKind::FidelityPlan,
            days: None,
            note: Box::default(),
            line: 2,
        }
    }

    #[test]
    fn due_six_weeks_after_the_review() {
        let settings = FidelitySettings::default();
        assert_eq!(
            due_date(&review("2024-03-12", None), &settings),
            date("2024-04-23")
        );
    }

    #[test]
    fn written_on_the_due_date_is_on_time_and_a_day_later_is_late() {
        let settings = FidelitySettings::default();
        let on_time = status(
            &review("2024-03-12", Some("2024-04-23")),
            None,
            &[],
            &settings,
            date("2024-06-01"),
        );
        assert_eq!(on_time.as_str(), "written");
        let late = status(
            &review("2024-03-12", Some("2024-04-24")),
            None,
            &[],
            &settings,
            date("2024-06-01"),
        );
        assert_eq!(late.as_str(), "written-late");
    }

    #[test]
    fn open_until_the_due_date_then_overdue() {
        let settings = FidelitySettings::default();
        let r = review("2024-03-12", None);
        assert_eq!(
            status(&r, None, &[], &settings, date("2024-04-23")),
            PlanStatus::Open {
                due: date("2024-04-23")
            }
        );
        assert_eq!(
            status(&r, None, &[], &settings, date("2024-04-24")),
            PlanStatus::Overdue {
                due: date("2024-04-23")
            }
        );
    }

    #[test]
    fn an_activity_counts_but_not_one_after_the_next_review_or_after_as_of() {
        let settings = FidelitySettings::default();
        let r = review("2024-03-12", None);
        let next = review("2024-09-10", None);
        let activities = [plan_activity("2024-04-01")];
        assert_eq!(
            status(&r, Some(&next), &activities, &settings, date("2024-05-01")).as_str(),
            "written"
        );
        assert_eq!(
            status(&r, Some(&next), &activities, &settings, date("2024-03-31")).as_str(),
            "open"
        );
        let after_next = [plan_activity("2024-09-11")];
        assert_eq!(
            status(&r, Some(&next), &after_next, &settings, date("2024-10-01")).as_str(),
            "overdue"
        );
    }
}
