//! The review schedule: when each agency's next fidelity review is due, and whether the
//! improvement plan after its latest review was written.
//!
//! Rules (docs/fidelity.md): the next review is due `months_until_good` months after the latest
//! review while that review is below good, `months_after_good` months after it once it is good;
//! with no review yet, the baseline review is due `baseline_within_months` after the agency's
//! start. Months are added with the day clamped to the end of a shorter month.

use super::plan::{self, PlanStatus};
use super::scoring;
use crate::calendar;
use crate::repo::AgencyRecord;
use crate::repo::model::{FidelitySettings, Review, ReviewKind};
use crate::scale::Band;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    /// No review yet, and the baseline review's due date has not passed.
    BaselineDue,
    /// The due date of the next review (or of the baseline) has passed.
    Overdue,
    /// Due within the next `within_days` days, the due date included.
    DueSoon,
    /// Due later than that.
    Scheduled,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::BaselineDue => "baseline-due",
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due-soon",
            ReviewStatus::Scheduled => "scheduled",
        }
    }
}

/// The latest review on or before the date the schedule is judged by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastReview {
    pub date: NaiveDate,
    pub kind: ReviewKind,
    /// None while an item is unscored.
    pub total: Option<u32>,
    pub band: Option<Band>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRow {
    pub agency: String,
    /// None when agency.toml could not be read.
    pub jurisdiction: Option<String>,
    pub last_review: Option<LastReview>,
    /// None only when there is no review and no readable start date to count from.
    pub next_due: Option<NaiveDate>,
    /// From `as_of` to `next_due`; negative once overdue.
    pub days_until_due: Option<i64>,
    pub status: ReviewStatus,
    /// The improvement plan after the last review; None with no review.
    pub plan: Option<PlanStatus>,
}

impl ScheduleRow {
    /// Whether anything is overdue: the review, or the plan after the last one.
    pub fn is_overdue(&self) -> bool {
        self.status == ReviewStatus::Overdue
            || matches!(self.plan, Some(PlanStatus::Overdue { .. }))
    }
}

/// The schedule of one agency as of `as_of`. Reviews dated after `as_of` have not happened yet
/// and are ignored, so that `--as-of` replays the schedule as it stood on any day.
pub fn schedule_for(
    record: &AgencyRecord,
    settings: &FidelitySettings,
    as_of: NaiveDate,
    within_days: u32,
) -> ScheduleRow {
    let held = record
        .reviews
        .partition_point(|review| review.date <= as_of);
    let latest = held.checked_sub(1).map(|i| &record.reviews[i]);
    let next_due = match latest {
        Some(review) => Some(next_review_due(review, settings)),
        None => record
            .agency
            .as_ref()
            .map(|agency| calendar::add_months(agency.start, settings.baseline_within_months)),
    };
    let days_until_due = next_due.map(|due| (due - as_of).num_days());
    let status = match (latest, days_until_due) {
        (_, Some(days)) if days < 0 => ReviewStatus::Overdue,
        (None, _) => ReviewStatus::BaselineDue,
        (Some(_), Some(days)) if days <= i64::from(within_days) => ReviewStatus::DueSoon,
        (Some(_), _) => ReviewStatus::Scheduled,
    };
    let plan = latest.map(|review| {
        plan::status(
            review,
            record.reviews.get(held),
            &record.activities,
            settings,
            as_of,
        )
    });
    ScheduleRow {
        agency: record.folder.to_string(),
        jurisdiction: record.agency.as_ref().map(|a| a.jurisdiction.clone()),
        last_review: latest.map(|review| {
            let total = review.total();
            LastReview {
                date: review.date,
                kind: review.kind,
                total,
                band: total.map(Band::of_total),
            }
        }),
        next_due,
        days_until_due,
        status,
        plan,
    }
}

/// The next review after `review`: the longer interval once it is good, the shorter while it is
/// below good. A review with an unscored item is not known to be good, so it gets the shorter.
pub fn next_review_due(review: &Review, settings: &FidelitySettings) -> NaiveDate {
    let good = review
        .total()
        .is_some_and(|total| scoring::is_good(total, settings));
    let months = if good {
        settings.months_after_good
    } else {
        settings.months_until_good
    };
    calendar::add_months(review.date, months)
}

/// Rows in the order a trainer works through them: soonest due first, then by agency.
pub fn sort(rows: &mut [ScheduleRow]) {
    rows.sort_by(|a, b| {
        let due = |row: &ScheduleRow| row.next_due.unwrap_or(NaiveDate::MAX);
        (due(a), &a.agency).cmp(&(due(b), &b.agency))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;
    use crate::diagnostic::Position;
    use crate::repo::model::{Activity, ActivityKind, Agency};
    use crate::scale::ITEM_COUNT;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    /// A review on `on` whose 25 items add up to `total` (25..=125).
    fn review(on: &str, total: u32, plan: Option<&str>) -> Review {
        assert!((25..=125).contains(&total));
        let mut left = total - 25;
        let scores = (0..ITEM_COUNT)
            .map(|_| {
                let extra = left.min(4);
                left -= extra;
                Some(1 + extra as u8)
            })
            .collect();
        Review {
            date: date(on),
            kind: ReviewKind::FollowUp,
            reviewers: vec![],
            plan: plan.map(date),
            scores,
            written: Default::default(),
        }
    }

    fn agency(start: &str, reviews: Vec<Review>) -> AgencyRecord {
        AgencyRecord {
            folder: "riverbend".into(),
            agency: Some(Agency {
                id: "riverbend".into(),
                name: "Riverbend".into(),
                jurisdiction: "oh".into(),
                jurisdiction_at: Position {
                    line: 3,
                    column: 16,
                },
                start: date(start),
                teams: vec![],
                agreement: None,
                trainer: None,
            }),
            agency_path: "agencies/riverbend/agency.toml".into(),
            activities: vec![],
            review_files: reviews.len(),
            plans: Vec::new(),
            review_dates: reviews.iter().map(|r| r.date).collect(),
            reviews_read: true,
            reviews,
        }
    }

    fn on(record: &AgencyRecord, as_of: &str) -> ScheduleRow {
        schedule_for(record, &FidelitySettings::default(), date(as_of), 60)
    }

    /// (next_due, days_until_due, status) as of `as_of`.
    fn due(record: &AgencyRecord, as_of: &str) -> (NaiveDate, i64, &'static str) {
        let row = on(record, as_of);
        (
            row.next_due.unwrap(),
            row.days_until_due.unwrap(),
            row.status.as_str(),
        )
    }

    #[test]
    fn the_helper_review_adds_up_to_its_total() {
        assert_eq!(review("2024-03-12", 25, None).total(), Some(25));
        assert_eq!(review("2024-03-12", 99, None).total(), Some(99));
        assert_eq!(review("2024-03-12", 125, None).total(), Some(125));
    }

    #[test]
    fn no_review_the_baseline_is_due_three_months_after_the_start() {
        let record = agency("2024-01-15", vec![]);
        let d = date("2024-04-15");
        assert_eq!(due(&record, "2024-04-14"), (d, 1, "baseline-due"));
        assert_eq!(due(&record, "2024-04-15"), (d, 0, "baseline-due"));
        assert_eq!(due(&record, "2024-04-16"), (d, -1, "overdue"));
        let row = on(&record, "2024-04-16");
        assert_eq!((row.last_review, row.plan), (None, None));
    }

    #[test]
    fn a_missing_baseline_is_baseline_due_however_far_off() {
        let record = agency("2024-01-15", vec![]);
        assert_eq!(due(&record, "2023-06-01").2, "baseline-due");
    }

    #[test]
    fn the_baseline_window_clamps_to_month_ends_and_leap_days() {
        assert_eq!(
            due(&agency("2023-11-30", vec![]), "2024-01-01").0,
            date("2024-02-29")
        );
        assert_eq!(
            due(&agency("2022-11-30", vec![]), "2023-01-01").0,
            date("2023-02-28")
        );
    }

    #[test]
    fn no_review_and_no_readable_agency_file() {
        let mut record = agency("2024-01-15", vec![]);
        record.agency = None;
        let row = on(&record, "2024-04-16");
        assert_eq!((row.next_due, row.days_until_due), (None, None));
        assert_eq!(row.status, ReviewStatus::BaselineDue);
        assert_eq!(row.jurisdiction, None);
    }

    #[test]
    fn below_good_the_next_review_is_due_six_months_later() {
        let record = agency("2024-01-15", vec![review("2024-03-12", 80, None)]);
        let d = date("2024-09-12");
        assert_eq!(due(&record, "2024-09-11"), (d, 1, "due-soon"));
        assert_eq!(due(&record, "2024-09-12"), (d, 0, "due-soon"));
        assert_eq!(due(&record, "2024-09-13"), (d, -1, "overdue"));
    }

    #[test]
    fn due_soon_starts_within_days_before_the_due_date() {
        let record = agency("2024-01-15", vec![review("2024-03-12", 80, None)]);
        // 2024-07-14 + 60 days = 2024-09-12 (17 days of July, 31 of August, 12 of September).
        assert_eq!(due(&record, "2024-07-13").1, 61);
        assert_eq!(due(&record, "2024-07-13").2, "scheduled");
        assert_eq!(due(&record, "2024-07-14").2, "due-soon");
        assert_eq!(due(&record, "2024-07-15").2, "due-soon");
        let row = schedule_for(&record, &FidelitySettings::default(), date("2024-09-11"), 0);
        assert_eq!(row.status.as_str(), "scheduled");
        let row = schedule_for(&record, &FidelitySettings::default(), date("2024-09-12"), 0);
        assert_eq!(row.status.as_str(), "due-soon");
    }

    #[test]
    fn a_first_good_review_brings_the_yearly_interval() {
        let good = agency("2024-01-15", vec![review("2024-03-12", 100, None)]);
        let d = date("2025-03-12");
        assert_eq!(due(&good, "2025-03-11"), (d, 1, "due-soon"));
        assert_eq!(due(&good, "2025-03-12"), (d, 0, "due-soon"));
        assert_eq!(due(&good, "2025-03-13"), (d, -1, "overdue"));
        let just_below = agency("2024-01-15", vec![review("2024-03-12", 99, None)]);
        assert_eq!(due(&just_below, "2024-04-01").0, date("2024-09-12"));
    }

    #[test]
    fn a_fall_below_good_brings_back_the_six_month_interval() {
        let record = agency(
            "2023-01-16",
            vec![
                review("2023-03-14", 90, None),
                review("2023-09-12", 105, None),
                review("2024-09-10", 96, None),
            ],
        );
        // Before the fall, the good review of 2023-09-12 set a year.
        assert_eq!(due(&record, "2024-09-09").0, date("2024-09-12"));
        // The review of 2024-09-10 is below good: six months after it.
        let d = date("2025-03-10");
        assert_eq!(due(&record, "2024-09-10"), (d, 181, "scheduled"));
        assert_eq!(due(&record, "2025-03-09"), (d, 1, "due-soon"));
        assert_eq!(due(&record, "2025-03-10"), (d, 0, "due-soon"));
        assert_eq!(due(&record, "2025-03-11"), (d, -1, "overdue"));
    }

    #[test]
    fn a_recovery_to_good_brings_back_the_year() {
        let record = agency(
            "2023-01-16",
            vec![
                review("2023-09-12", 105, None),
                review("2024-09-10", 96, None),
                review("2025-03-11", 101, None),
            ],
        );
        assert_eq!(due(&record, "2025-03-11").0, date("2026-03-11"));
    }

    #[test]
    fn review_intervals_clamp_to_month_ends_and_leap_days() {
        let aug_31 = agency("2025-06-02", vec![review("2025-08-31", 80, None)]);
        let d = date("2026-02-28");
        assert_eq!(due(&aug_31, "2026-02-27"), (d, 1, "due-soon"));
        assert_eq!(due(&aug_31, "2026-02-28"), (d, 0, "due-soon"));
        assert_eq!(due(&aug_31, "2026-03-01"), (d, -1, "overdue"));
        let leap = agency("2023-06-01", vec![review("2023-08-31", 80, None)]);
        let d = date("2024-02-29");
        assert_eq!(due(&leap, "2024-02-28"), (d, 1, "due-soon"));
        assert_eq!(due(&leap, "2024-02-29"), (d, 0, "due-soon"));
        assert_eq!(due(&leap, "2024-03-01"), (d, -1, "overdue"));
        let leap_day_good = agency("2023-06-01", vec![review("2024-02-29", 110, None)]);
        let d = date("2025-02-28");
        assert_eq!(due(&leap_day_good, "2025-02-27"), (d, 1, "due-soon"));
        assert_eq!(due(&leap_day_good, "2025-02-28"), (d, 0, "due-soon"));
        assert_eq!(due(&leap_day_good, "2025-03-01"), (d, -1, "overdue"));
    }

    #[test]
    fn a_review_after_as_of_has_not_happened_yet() {
        let record = agency(
            "2024-01-15",
            vec![
                review("2024-03-12", 80, None),
                review("2024-09-10", 100, None),
            ],
        );
        let before = on(&record, "2024-09-09");
        assert_eq!(before.last_review.unwrap().date, date("2024-03-12"));
        assert_eq!(before.next_due, Some(date("2024-09-12")));
        let on_the_day = on(&record, "2024-09-10");
        assert_eq!(on_the_day.last_review.unwrap().total, Some(100));
        assert_eq!(on_the_day.next_due, Some(date("2025-09-10")));
        let before_any = on(&record, "2024-03-11");
        assert_eq!(before_any.last_review, None);
        assert_eq!(before_any.next_due, Some(date("2024-04-15")));
        assert_eq!(before_any.status.as_str(), "baseline-due");
    }

    #[test]
    fn the_last_review_carries_its_total_and_band() {
        let record = agency("2024-01-15", vec![review("2024-03-12", 115, None)]);
        let last = on(&record, "2024-04-01").last_review.unwrap();
        assert_eq!(last.kind, ReviewKind::FollowUp);
        assert_eq!((last.total, last.band), (Some(115), Some(Band::Exemplary)));
    }

    #[test]
    fn an_unscored_item_leaves_the_total_unknown_and_the_interval_short() {
        let mut partial = review("2024-03-12", 125, None);
        partial.scores[24] = None;
        let row = on(&agency("2024-01-15", vec![partial]), "2024-04-01");
        let last = row.last_review.unwrap();
        assert_eq!((last.total, last.band), (None, None));
        assert_eq!(row.next_due, Some(date("2024-09-12")));
    }

    #[test]
    fn the_intervals_and_the_threshold_come_from_the_settings() {
        let settings = FidelitySettings {
            good: 90,
            months_until_good: 4,
            months_after_good: 24,
            baseline_within_months: 0,
            plan_within_weeks: 2,
            report_within_weeks: None,
        };
        let at = |total, as_of| {
            let record = agency("2024-01-15", vec![review("2024-03-12", total, None)]);
            schedule_for(&record, &settings, date(as_of), 60)
        };
        assert_eq!(at(90, "2024-04-01").next_due, Some(date("2026-03-12")));
        assert_eq!(at(89, "2024-04-01").next_due, Some(date("2024-07-12")));
        assert_eq!(
            at(89, "2024-03-26").plan,
            Some(PlanStatus::Open {
                due: date("2024-03-26")
            })
        );
        let no_review = schedule_for(
            &agency("2024-01-15", vec![]),
            &settings,
            date("2024-01-15"),
            60,
        );
        assert_eq!(no_review.next_due, Some(date("2024-01-15")));
        assert_eq!(no_review.status.as_str(), "baseline-due");
    }

    #[test]
    fn the_plan_is_due_six_weeks_after_the_last_review() {
        // 2024-03-12 + 42 days = 2024-04-23.
        let due = date("2024-04-23");
        let without = agency("2024-01-15", vec![review("2024-03-12", 80, None)]);
        assert_eq!(
            on(&without, "2024-04-22").plan,
            Some(PlanStatus::Open { due })
        );
        assert_eq!(
            on(&without, "2024-04-23").plan,
            Some(PlanStatus::Open { due })
        );
        let overdue = on(&without, "2024-04-24");
        assert_eq!(overdue.plan, Some(PlanStatus::Overdue { due }));
        assert_eq!(overdue.status, ReviewStatus::Scheduled);
        assert!(overdue.is_overdue());
        assert!(!on(&without, "2024-04-23").is_overdue());
    }

    #[test]
    fn a_plan_written_late() {
        let on_time = agency(
            "2024-01-15",
            vec![review("2024-03-12", 80, Some("2024-04-23"))],
        );
        assert_eq!(on(&on_time, "2024-05-01").plan.unwrap().as_str(), "written");
        let late = agency(
            "2024-01-15",
            vec![review("2024-03-12", 80, Some("2024-04-24"))],
        );
        assert_eq!(on(&late, "2024-04-23").plan.unwrap().as_str(), "open");
        assert_eq!(
            on(&late, "2024-04-24").plan.unwrap().as_str(),
            "written-late"
        );
        assert!(!on(&late, "2024-04-24").is_overdue());
    }

    #[test]
    fn a_fidelity_plan_activity_meets_the_plan() {
        let mut record = agency("2024-01-15", vec![review("2024-03-12", 80, None)]);
        record.activities.push(Activity {
            date: date("2024-04-02"),
            kind: ActivityKind::FidelityPlan,
            days: None,
            note: Box::default(),
            line: 2,
        });
        assert_eq!(on(&record, "2024-04-01").plan.unwrap().as_str(), "open");
        assert_eq!(
            on(&record, "2024-04-02").plan,
            Some(PlanStatus::Written {
                on: date("2024-04-02"),
                due: date("2024-04-23"),
                late: false
            })
        );
    }

    #[test]
    fn a_review_overdue_is_overdue_whatever_its_plan() {
        let record = agency(
            "2024-01-15",
            vec![review("2024-03-12", 80, Some("2024-04-01"))],
        );
        assert!(on(&record, "2024-09-13").is_overdue());
        assert!(!on(&record, "2024-09-12").is_overdue());
    }

    #[test]
    fn sorted_by_due_date_then_agency() {
        let mut a = on(&agency("2024-01-15", vec![]), "2024-02-01");
        a.agency = "b".into();
        let mut b = a.clone();
        b.agency = "a".into();
        let mut c = a.clone();
        c.next_due = Some(date("2024-01-01"));
        let mut d = a.clone();
        d.next_due = None;
        let mut rows = vec![d, a, b, c];
        sort(&mut rows);
        let order: Vec<(Option<NaiveDate>, &str)> = rows
            .iter()
            .map(|r| (r.next_due, r.agency.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                (Some(date("2024-01-01")), "b"),
                (Some(date("2024-04-15")), "a"),
                (Some(date("2024-04-15")), "b"),
                (None, "b"),
            ]
        );
    }
}
