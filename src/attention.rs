//! What needs attention: one dated list, across agencies, of everything a trainer must act on
//! as of a date. Built from the rules the other outputs already judge by, so that it never
//! disagrees with them: the review schedule (`fidelity::schedule`), the agreement's milestones
//! and their periods (`agreement::evaluate`, which covers the improvement plans and the outcome
//! files) and who has not reported the last ended quarter (`outcomes::missing`). Pure: it takes
//! the agency's data and `as_of`.
//!
//! An item is overdue (its deadline passed, and it can still be done) or due within the days
//! looked ahead. A missed window is not listed: doing it now cannot meet it (`agreement status`
//! keeps the record). Nor is a superseded item, one that a later review has made moot: the
//! plan (`fidelity-plan`) and the plan's steps (`plan-step`) of a review that a later review
//! followed. The review report (`review-report`) and the next review (`review`) are judged of
//! the latest review only, so no earlier one is ever an item.
//!
//! The list reaches back a year by default (`default_since`): `split_older` leaves out, and
//! counts, what fell due before that.

use crate::agreement::{self, Milestone, PeriodLabel, Status};
use crate::calendar::Quarter;
use crate::diagnostic::Diagnostic;
use crate::fidelity::schedule;
use crate::outcomes::missing::{MissingTeam, Reason};
use crate::repo::model::Settings;
use crate::repo::{AgencyRecord, OutcomeFileRef};
use chrono::{Days, Months, NaiveDate};
use std::collections::BTreeMap;

/// The `item` of a fidelity review due.
pub const REVIEW: &str = "review";
/// The `item` of a file with errors.
pub const DATA_ERROR: &str = crate::gate::DATA_ERROR;

/// How pressing an item is, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// A file has errors: what is due cannot be judged until it is fixed.
    DataError,
    /// The deadline has passed.
    Overdue,
    /// The deadline is within the days looked ahead (today included).
    DueSoon,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::DataError => "data-error",
            Urgency::Overdue => "overdue",
            Urgency::DueSoon => "due-soon",
        }
    }
}

/// One thing to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The deadline; None for a file with errors.
    pub due: Option<NaiveDate>,
    pub urgency: Urgency,
    pub agency: String,
    /// `review`, a milestone id (`employer-visits`, `fidelity-plan`, `outcomes-reported`, ...)
    /// or `data-error`.
    pub item: &'static str,
    /// Which one: `follow-up`, `2026-12`, `2026-Q3`, `review 2026-08-11`; empty when the item
    /// has one deadline.
    pub period: String,
    /// What is still needed.
    pub missing: String,
}

impl Item {
    /// Days from `as_of` to the deadline; negative once overdue.
    pub fn days(&self, as_of: NaiveDate) -> Option<i64> {
        self.due.map(|due| (due - as_of).num_days())
    }
}

/// The teams that have not reported a quarter (`outcomes::missing`), any agency's.
pub struct Unreported<'a, 'r> {
    pub quarter: Quarter,
    pub teams: &'a [MissingTeam<'r>],
}

/// What a trainer must act on for one agency, as of `as_of`, looking `within` days ahead;
/// nothing superseded. `outcome_files` are the agency's outcome files (others are ignored).
pub fn agency_items(
    record: &AgencyRecord,
    settings: &Settings,
    outcome_files: &[&OutcomeFileRef],
    unreported: &Unreported<'_, '_>,
    as_of: NaiveDate,
    within: u32,
) -> Vec<Item> {
    let horizon = as_of
        .checked_add_days(Days::new(u64::from(within)))
        .unwrap_or(NaiveDate::MAX);
    let mut items = Vec::new();
    items.extend(review_item(record, settings, as_of, within));
    let milestones =
        agreement::evaluate(record, settings, outcome_files, as_of).unwrap_or_default();
    let superseded = Superseded::of(record, as_of);
    for milestone in &milestones {
        items.extend(milestone_items(
            record,
            milestone,
            &superseded,
            as_of,
            horizon,
        ));
    }
    items.extend(missing_rows(record, unreported, as_of, horizon));
    items.extend(review_cycle_items(
        record,
        settings,
        &superseded,
        as_of,
        horizon,
    ));
    items
}

/// Which reviews a later review has followed by `as_of`: what answers them is superseded.
struct Superseded {
    /// The latest review held by `as_of`, from the file names.
    latest: Option<NaiveDate>,
}

impl Superseded {
    fn of(record: &AgencyRecord, as_of: NaiveDate) -> Superseded {
        let latest = record.review_dates.iter().rev().find(|d| **d <= as_of);
        Superseded {
            latest: latest.copied(),
        }
    }

    /// Whether a later review followed the review of `date`.
    fn review(&self, date: NaiveDate) -> bool {
        self.latest.is_some_and(|latest| date < latest)
    }
}

/// The milestone's items: itself when it has one deadline, else each period overdue or due by
/// `horizon`, but not the plan of a review that a later review followed.
fn milestone_items(
    record: &AgencyRecord,
    milestone: &Milestone,
    superseded: &Superseded,
    as_of: NaiveDate,
    horizon: NaiveDate,
) -> Vec<Item> {
    let item = |urgency, due, period: String, missing: &str| Item {
        due,
        urgency,
        agency: record.folder.to_string(),
        item: milestone.id,
        period,
        missing: missing.to_string(),
    };
    if milestone.periods.is_empty() {
        return urgency_of(milestone.status, milestone.due, as_of, horizon)
            .map(|urgency| item(urgency, milestone.due, String::new(), what(milestone)))
            .into_iter()
            .collect();
    }
    milestone
        .periods
        .iter()
        .filter(|period| match period.label {
            PeriodLabel::Review(date) => !superseded.review(date),
            _ => true,
        })
        .filter_map(|period| {
            let urgency = urgency_of(period.status, Some(period.due), as_of, horizon)?;
            let label = period.label.to_string();
            Some(item(urgency, Some(period.due), label, &period.missing))
        })
        .collect()
}

/// How soon a status due on `due` needs acting on: overdue, due by `horizon`, or not yet.
fn urgency_of(
    status: Status,
    due: Option<NaiveDate>,
    as_of: NaiveDate,
    horizon: NaiveDate,
) -> Option<Urgency> {
    match (status, due) {
        (Status::Overdue, _) => Some(Urgency::Overdue),
        (Status::Open, Some(due)) if due <= horizon => Some(if due < as_of {
            Urgency::Overdue
        } else {
            Urgency::DueSoon
        }),
        _ => None,
    }
}

/// A milestone with one deadline: what is missing, else what the evidence says is ahead.
fn what(milestone: &Milestone) -> &str {
    if milestone.missing.is_empty() {
        &milestone.evidence
    } else {
        &milestone.missing
    }
}

/// The next fidelity review, when it is overdue or due within the days looked ahead.
fn review_item(
    record: &AgencyRecord,
    settings: &Settings,
    as_of: NaiveDate,
    within: u32,
) -> Option<Item> {
    let row = schedule::schedule_for(record, &settings.fidelity, as_of, within);
    let (due, days) = (row.next_due?, row.days_until_due?);
    if days > i64::from(within) {
        return None;
    }
    let (period, missing) = match (&row.last_review, &record.agency) {
        (Some(last), _) => {
            let score = match (last.total, last.band) {
                (Some(total), Some(band)) => format!(" scored {total} ({})", band.as_str()),
                _ => String::new(),
            };
            // Short enough for the table's last column at 100 columns: the item column already
            // says `review`, and "follow-up review; last ..." wrapped nearly every review row.
            ("follow-up", format!("follow-up; last {}{score}", last.date))
        }
        (None, Some(agency)) => (
            "baseline",
            format!("baseline review; the agency started {}", agency.start),
        ),
        (None, None) => ("baseline", "baseline review".to_string()),
    };
    Some(Item {
        due: Some(due),
        urgency: if days < 0 {
            Urgency::Overdue
        } else {
            Urgency::DueSoon
        },
        agency: record.folder.to_string(),
        item: REVIEW,
        period: period.to_string(),
        missing,
    })
}

/// The item of teams without a row in a file that was sent.
pub const OUTCOME_ROWS: &str = "outcome-rows";

/// Teams without a row in a file the agency did send for the last ended quarter (a file not
/// sent is the `outcomes-reported` milestone's own period).
fn missing_rows(
    record: &AgencyRecord,
    unreported: &Unreported<'_, '_>,
    as_of: NaiveDate,
    horizon: NaiveDate,
) -> Option<Item> {
    let teams: Vec<&MissingTeam<'_>> = unreported
        .teams
        .iter()
        .filter(|m| m.agency == &*record.folder && m.reason == Reason::NoRow)
        .collect();
    if teams.is_empty() {
        return None;
    }
    let quarter = unreported.quarter;
    // Due, like the file, the day after the quarter ends.
    let due = quarter.next().first_day();
    if due > horizon {
        return None;
    }
    let names: Vec<&str> = teams.iter().map(|m| m.team).collect();
    let rows = if names.len() == 1 {
        format!("a row for team {}", names[0])
    } else {
        // At most as many as a hint lists: an agency may have thousands of teams.
        format!(
            "rows for teams {}",
            crate::text::some_of(
                names.iter().copied(),
                crate::validate::outcomes::TEAMS_LISTED
            )
        )
    };
    Some(Item {
        due: Some(due),
        urgency: if due < as_of {
            Urgency::Overdue
        } else {
            Urgency::DueSoon
        },
        agency: record.folder.to_string(),
        // Not the milestone: that one is met by the file, which was sent.
        item: OUTCOME_ROWS,
        period: quarter.to_string(),
        missing: format!(
            "{rows} in {}",
            OutcomeFileRef::new(quarter, &record.folder).relative()
        ),
    })
}

/// One item per file with errors of an agency whose files have errors: until they are fixed,
/// nothing else of the agency can be judged.
pub fn data_errors<'d>(
    agency: &str,
    errors: impl IntoIterator<Item = &'d Diagnostic>,
) -> Vec<Item> {
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for error in errors.into_iter().filter(|d| d.is_error()) {
        *per_file.entry(error.path.as_str()).or_default() += 1 + error.elided;
    }
    per_file
        .into_iter()
        .map(|(path, count)| Item {
            due: None,
            urgency: Urgency::DataError,
            agency: agency.to_string(),
            item: DATA_ERROR,
            period: String::new(),
            missing: if count == 1 {
                format!("1 error in {path}: fix it, then run `ips validate {path}`")
            } else {
                format!("{count} errors in {path}: fix them, then run `ips validate {path}`")
            },
        })
        .collect()
}

/// By date, files with errors first (they hide what is due); then by agency. Items of one
/// date and agency keep their order (the review, then the milestones in checklist order).
pub fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| (a.due, &a.agency).cmp(&(b.due, &b.agency)));
}

/// How far back the list reaches by default, in calendar months.
pub const MONTHS_BACK: u32 = 12;

/// The first due date listed by default: `as_of` twelve calendar months earlier (chrono's
/// `Months`: the same day of the month a year before, or that month's last day when it has
/// none, so 2028-02-29 reaches back to 2027-02-28). What fell due on that day is listed.
pub fn default_since(as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_sub_months(Months::new(MONTHS_BACK))
        .unwrap_or(NaiveDate::MIN)
}

/// The items due on or after `since` (all with None), and how many were left out as older.
/// A file with errors has no due date and is always kept: it hides what is due.
pub fn split_older(items: Vec<Item>, since: Option<NaiveDate>) -> (Vec<Item>, usize) {
    let Some(since) = since else {
        return (items, 0);
    };
    let (kept, older): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|item| item.due.is_none_or(|due| due >= since));
    (kept, older.len())
}

/// The `item` of a step of an improvement plan.
pub const PLAN_STEP: &str = "plan-step";
/// The `item` of a written review report not yet sent.
pub const REVIEW_REPORT: &str = "review-report";

/// The review cycle's items: each step not done by its due date of the plan of the latest
/// review (a later review supersedes a plan), and, with
/// `[fidelity] report_within_weeks` set, the report of the latest review not sent by then.
fn review_cycle_items(
    record: &AgencyRecord,
    settings: &Settings,
    superseded: &Superseded,
    as_of: NaiveDate,
    horizon: NaiveDate,
) -> Vec<Item> {
    let urgency = |due: NaiveDate| match due {
        due if due < as_of => Some(Urgency::Overdue),
        due if due <= horizon => Some(Urgency::DueSoon),
        _ => None,
    };
    let item = |due, urgency, item, period: String, missing: String| Item {
        due: Some(due),
        urgency,
        agency: record.folder.to_string(),
        item,
        period,
        missing,
    };
    let mut items = Vec::new();
    let current = |review: NaiveDate| review <= as_of && !superseded.review(review);
    for plan in record.plans.iter().filter(|plan| current(plan.review)) {
        for goal in &plan.goals {
            for step in goal
                .steps
                .iter()
                .filter(|s| s.done.is_none_or(|d| d > as_of))
            {
                if let Some(urgency) = urgency(step.due) {
                    let missing = format!("{} ({})", step.action, step.owner);
                    let period = format!("plan {}", plan.review);
                    items.push(item(step.due, urgency, PLAN_STEP, period, missing));
                }
            }
        }
    }
    let latest = record.reviews.iter().rev().find(|r| r.date <= as_of);
    if let (Some(weeks), Some(review)) = (settings.fidelity.report_within_weeks, latest)
        && review.written.report_sent.is_none_or(|sent| sent > as_of)
    {
        let due = review
            .date
            .checked_add_days(Days::new(7 * u64::from(weeks)))
            .unwrap_or(NaiveDate::MAX);
        if let Some(urgency) = urgency(due) {
            let missing = "the written review report, sent to the agency (`report_sent`)".into();
            let period = format!("review {}", review.date);
            items.push(item(due, urgency, REVIEW_REPORT, period, missing));
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::{activity, date, review};
    use crate::diagnostic::Position;
    use crate::repo::model::{ActivityKind, Agency, Agreement, Cadence, Team};

    /// Started 2026-01-05 with monthly visits; one review on 2026-02-10 (all items 3: 75,
    /// fair) without a plan; visits in January and March only.
    fn record() -> AgencyRecord {
        let agency = Agency {
            id: "a".into(),
            name: "A".into(),
            jurisdiction: "oh".into(),
            jurisdiction_at: Position { line: 1, column: 1 },
            start: date("2026-01-05"),
            teams: vec![Team {
                id: "t".into(),
                supervisor: String::new(),
                location: String::new(),
                opened: None,
                closed: None,
            }],
            agreement: Some(Agreement {
                signed: date("2025-12-01"),
                employer_visits: Cadence::Monthly,
                signatories: Vec::new(),
                confidentiality: Vec::new(),
                ends: None,
                renewals: Vec::new(),
                excused: Vec::new(),
            }),
            trainer: None,
        };
        let mut baseline = review("2026-02-10", &[], None);
        baseline.kind = crate::repo::model::ReviewKind::Baseline;
        AgencyRecord {
            folder: "a".into(),
            agency: Some(agency),
            agency_path: "agencies/a/agency.toml".into(),
            activities: vec![
                activity("2026-01-20", ActivityKind::EmployerVisit),
                activity("2026-03-03", ActivityKind::EmployerVisit),
            ],
            review_dates: vec![baseline.date],
            reviews: vec![baseline],
            reviews_read: true,
            review_files: 1,
            plans: Vec::new(),
        }
    }

    fn items_on(as_of: &str, within: u32) -> Vec<(String, &'static str, String, &'static str)> {
        let unreported = Unreported {
            quarter: Quarter::last_ended(date(as_of)),
            teams: &[],
        };
        let mut items = agency_items(
            &record(),
            &Settings::default(),
            &[],
            &unreported,
            date(as_of),
            within,
        );
        sort(&mut items);
        items
            .into_iter()
            .map(|i| {
                (
                    i.due.unwrap().to_string(),
                    i.item,
                    i.period,
                    i.urgency.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn overdue_and_due_within_the_days_ahead_but_not_a_missed_window() {
        let item = |due: &str, item, period: &str, urgency| {
            (due.to_string(), item, period.to_string(), urgency)
        };
        // On 2026-03-20: the signatures were due at the start; the plan six weeks after the
        // review (2026-03-24); the 2026-Q1 outcomes file from the day Q1 has ended; the unit
        // and treatment team meetings of month 3 (to 2026-04-04). Months 1 and 2 closed
        // without a meeting, and February without a visit: missed, so not listed. March's
        // visit is met; the next review is due 2026-08-10, beyond the 30 days.
        assert_eq!(
            items_on("2026-03-20", 30),
            [
                item("2026-01-05", "signatures", "", "overdue"),
                item(
                    "2026-03-24",
                    "fidelity-plan",
                    "review 2026-02-10",
                    "due-soon"
                ),
                item("2026-04-01", "outcomes-reported", "", "due-soon"),
                item("2026-04-04", "unit-meetings", "month 3", "due-soon"),
                item(
                    "2026-04-04",
                    "treatment-team-meetings",
                    "month 3",
                    "due-soon"
                ),
            ]
        );
        // On 2026-04-02 the plan and the 2026-Q1 file are overdue, and April's visit is due.
        assert_eq!(
            items_on("2026-04-02", 30),
            [
                item("2026-01-05", "signatures", "", "overdue"),
                item(
                    "2026-03-24",
                    "fidelity-plan",
                    "review 2026-02-10",
                    "overdue"
                ),
                item("2026-04-01", "outcomes-reported", "2026-Q1", "overdue"),
                item("2026-04-04", "unit-meetings", "month 3", "due-soon"),
                item(
                    "2026-04-04",
                    "treatment-team-meetings",
                    "month 3",
                    "due-soon"
                ),
                item("2026-04-30", "employer-visits", "2026-04", "due-soon"),
            ]
        );
        // Looking 1 day ahead keeps only what is overdue or due by tomorrow.
        assert_eq!(items_on("2026-04-02", 1).len(), 3);
    }

    #[test]
    fn a_file_with_errors_is_one_item_with_its_count() {
        let origin = crate::diagnostic::Origin::new(
            "agencies/a/activities.csv",
            crate::diagnostic::Subject::Agency(
                "a".into(),
                crate::diagnostic::AgencyFile::Activities,
            ),
        );
        let error = Diagnostic::new(&crate::rules::DATE, &origin, "bad");
        let items = data_errors("a", [&error, &error]);
        assert_eq!(items.len(), 1);
        assert_eq!(
            (items[0].due, items[0].urgency, items[0].missing.as_str()),
            (
                None,
                Urgency::DataError,
                "2 errors in agencies/a/activities.csv: fix them, then run `ips validate agencies/a/activities.csv`"
            )
        );
    }

    #[test]
    fn the_list_reaches_back_twelve_calendar_months() {
        assert_eq!(default_since(date("2026-11-22")), date("2025-11-22"));
        // A day the month a year before lacks: that month's last day.
        assert_eq!(default_since(date("2028-02-29")), date("2027-02-28"));
        assert_eq!(default_since(date("2026-03-31")), date("2025-03-31"));
    }

    #[test]
    fn older_items_are_counted_and_files_with_errors_always_kept() {
        let item = |due: Option<&str>| Item {
            due: due.map(date),
            urgency: Urgency::Overdue,
            agency: "a".into(),
            item: REVIEW,
            period: String::new(),
            missing: String::new(),
        };
        let items = vec![
            item(None),
            item(Some("2025-11-21")),
            item(Some("2025-11-22")),
        ];
        let since = Some(date("2025-11-22"));
        let (kept, older) = split_older(items.clone(), since);
        assert_eq!(
            (kept, older),
            (vec![item(None), item(Some("2025-11-22"))], 1)
        );
        assert_eq!(split_older(items.clone(), None), (items, 0));
    }
}
