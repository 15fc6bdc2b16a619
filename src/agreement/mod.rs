//! The training and technical-assistance agreement: each milestone judged as of a date.
//!
//! Every function here is pure: it takes the agency's data and `as_of`, and never reads the
//! clock or a file. One small file per family of milestones; docs/agreement.md states each rule.

pub mod activity_log;
mod label;
pub mod monthly_meetings;
pub mod now;
pub mod periodic;
pub mod reporting;
pub mod signatures;
pub mod term;
pub mod training;

use crate::calendar::Quarter;
use crate::repo::model::{ActivityKind, Settings};
use crate::repo::{AgencyRecord, OutcomeFileRef, Repository};
use crate::text::plural;
use chrono::NaiveDate;
pub use label::PeriodLabel;

/// Milestone ids, in the order of the checklist.
pub const SIGNATURES: &str = "signatures";
pub const CONFIDENTIALITY: &str = "confidentiality";
pub const TRAINING_ES: &str = "training-es";
pub const TRAINING_MH: &str = "training-mh";
pub const UNIT_MEETINGS: &str = "unit-meetings";
pub const TREATMENT_TEAM_MEETINGS: &str = "treatment-team-meetings";
pub const EMPLOYER_VISITS: &str = "employer-visits";
pub const STEERING_COMMITTEE: &str = "steering-committee";
pub const OUTCOMES_REVIEW: &str = "outcomes-review";
pub const FIDELITY_PLAN: &str = "fidelity-plan";
pub const OUTCOMES_REPORTED: &str = "outcomes-reported";

/// Ordered from best to worst, so that the worst of several is their maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// A period wholly inside an excused range of its milestone (never worse than met).
    Excused,
    Met,
    /// Not met yet, and its deadline is ahead.
    Open,
    /// Its deadline passed, and it can still be done (a missing signature, a late plan).
    Overdue,
    /// Its window closed unmet; doing it now cannot meet it.
    Missed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Met,
        Status::Open,
        Status::Overdue,
        Status::Missed,
        Status::Excused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Excused => "excused",
            Status::Met => "met",
            Status::Open => "open",
            Status::Overdue => "overdue",
            Status::Missed => "missed",
        }
    }
}

/// One period of a periodic milestone: a month, a quarter, or one fidelity review.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// `month 3`, `2025-07`, `2025-Q3` or `review 2025-12-16`.
    pub label: PeriodLabel,
    pub status: Status,
    pub due: NaiveDate,
    /// What was found: dates, files, days.
    pub evidence: String,
    /// What is still needed; empty when met.
    pub missing: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub id: &'static str,
    pub status: Status,
    /// The deadline that decides the status; None when nothing is due yet (no review yet).
    pub due: Option<NaiveDate>,
    /// The next deadline still to meet, on or after `as_of`: an open period's, or for ongoing
    /// milestones the end of the next period once the current one is met. None when nothing is
    /// ahead (a closed window, a known review's plan already written).
    pub next_due: Option<NaiveDate>,
    pub evidence: String,
    pub missing: String,
    /// Empty for milestones that are not periodic.
    pub periods: Vec<Period>,
    /// The end of the next period not listed yet, of an ongoing milestone (`with_upcoming`).
    pub upcoming: Option<NaiveDate>,
}

impl Milestone {
    /// A periodic milestone: the worst status of its periods (missed, else overdue, else open,
    /// else met). `unit` names a period in the evidence (`month`, `quarter`, `review`).
    /// With no period yet, `none_yet` stands in: open, with its due date and evidence.
    /// An open period (in progress, or not due yet) is not missing: the evidence counts it
    /// apart (`37 of 38 months met, 1 open`) and `missing` names only the overdue and missed.
    pub fn from_periods(
        id: &'static str,
        periods: Vec<Period>,
        unit: &str,
        none_yet: (Option<NaiveDate>, String),
    ) -> Milestone {
        Milestone::judged(id, periods, unit, none_yet, None)
    }

    /// `from_periods`, with the missed periods due before `history_before` left out of the
    /// status about now: they stay listed, and the evidence counts them as history. A milestone
    /// whose every period is such a miss stays missed.
    pub fn judged(
        id: &'static str,
        periods: Vec<Period>,
        unit: &str,
        none_yet: (Option<NaiveDate>, String),
        history_before: Option<NaiveDate>,
    ) -> Milestone {
        let history = |p: &Period| {
            p.status == Status::Missed && history_before.is_some_and(|before| p.due < before)
        };
        let now = || periods.iter().filter(|p| !history(p));
        let Some(status) = now()
            .map(|p| p.status)
            .max()
            .or_else(|| periods.iter().map(|p| p.status).max())
        else {
            let (due, evidence) = none_yet;
            return Milestone {
                id,
                status: Status::Open,
                due,
                next_due: due,
                evidence,
                missing: String::new(),
                periods,
                upcoming: None,
            };
        };
        // The period that decides: the first one with the overall status; for a met
        // milestone, the latest period.
        let deciding = if status <= Status::Met {
            now().next_back().or(periods.last())
        } else {
            now().find(|p| p.status == status).or(periods.last())
        };
        let mut evidence = periods_evidence(&periods, unit);
        let older = periods.iter().filter(|p| history(p)).count();
        if let (Some(before), 1..) = (history_before, older) {
            evidence.push_str(&format!("; {older} missed before {before}, history"));
        }
        let unmet = unmet_periods(now());
        let next_due = periods
            .iter()
            .filter(|p| p.status == Status::Open)
            .map(|p| p.due)
            .min();
        Milestone {
            id,
            status,
            due: deciding.map(|p| p.due),
            next_due,
            evidence,
            missing: unmet,
            periods,
            upcoming: None,
        }
    }

    /// Takes `upcoming` (the end of a period not listed yet) as the next deadline if earlier.
    pub fn with_upcoming(mut self, upcoming: NaiveDate) -> Milestone {
        self.next_due = Some(self.next_due.map_or(upcoming, |due| due.min(upcoming)));
        self.upcoming = Some(upcoming);
        self
    }
}

/// `37 of 38 months met, 1 open`: the periods decided and met, and those still open; those
/// excused are counted apart (`35 of 36 months met, 2 excused`).
fn periods_evidence(periods: &[Period], unit: &str) -> String {
    let count = |status| periods.iter().filter(|p| p.status == status).count();
    let (met, open, excused) = (
        count(Status::Met),
        count(Status::Open),
        count(Status::Excused),
    );
    let decided = periods.len() - open - excused;
    let mut parts = Vec::with_capacity(3);
    if decided > 0 || open + excused == 0 {
        parts.push(format!("{met} of {} met", plural(decided, unit)));
    }
    if excused > 0 {
        let excused = match parts.is_empty() {
            true => plural(excused, unit),
            false => excused.to_string(),
        };
        parts.push(format!("{excused} excused"));
    }
    if open > 0 {
        let open = match parts.is_empty() {
            true => plural(open, unit),
            false => open.to_string(),
        };
        parts.push(format!("{open} open"));
    }
    parts.join(", ")
}

/// The overdue and missed periods, named.
fn unmet_periods<'p>(periods: impl Iterator<Item = &'p Period>) -> String {
    // Written straight into one string: a long-running agency can have hundreds.
    let mut unmet = String::new();
    for period in periods.filter(|p| matches!(p.status, Status::Overdue | Status::Missed)) {
        if !unmet.is_empty() {
            unmet.push_str(", ");
        }
        period.label.push_to(&mut unmet);
    }
    unmet
}

/// Per agency: how many milestones have each status, which are overdue and missed, and the
/// next deadline of what is open, with the milestones it is for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub met: usize,
    pub open: usize,
    pub overdue: usize,
    pub missed: usize,
    /// The earliest next deadline of its milestones.
    pub next_due: Option<NaiveDate>,
    /// The milestones whose next deadline is `next_due`, in checklist order.
    pub next_due_milestones: Vec<&'static str>,
    pub overdue_milestones: Vec<&'static str>,
    pub missed_milestones: Vec<&'static str>,
}

pub fn summarize(milestones: &[Milestone]) -> Summary {
    let with = |status| -> Vec<&'static str> {
        milestones
            .iter()
            .filter(|m| m.status == status)
            .map(|m| m.id)
            .collect()
    };
    let next_due = milestones.iter().filter_map(|m| m.next_due).min();
    Summary {
        // A milestone whose every period was excused is never worse than met.
        met: with(Status::Met).len() + with(Status::Excused).len(),
        open: with(Status::Open).len(),
        overdue: with(Status::Overdue).len(),
        missed: with(Status::Missed).len(),
        next_due,
        next_due_milestones: milestones
            .iter()
            .filter(|m| next_due.is_some() && m.next_due == next_due)
            .map(|m| m.id)
            .collect(),
        overdue_milestones: with(Status::Overdue),
        missed_milestones: with(Status::Missed),
    }
}

/// Every milestone of one agency of `repo`, with its outcome files of `quarters` (the quarters
/// it reported, as `Repository::quarters_reported` finds them); none when its agency.toml could
/// not be read.
pub fn evaluate_reported(
    repo: &Repository,
    record: &AgencyRecord,
    quarters: Option<&Vec<Quarter>>,
    as_of: NaiveDate,
) -> Vec<Milestone> {
    let files: Vec<OutcomeFileRef> = quarters
        .into_iter()
        .flatten()
        .map(|quarter| OutcomeFileRef::new(*quarter, &record.folder))
        .collect();
    let refs: Vec<&OutcomeFileRef> = files.iter().collect();
    evaluate(record, &repo.settings, &refs, as_of).unwrap_or_default()
}

/// Every milestone of one agency, in checklist order. None when the agency's agency.toml could
/// not be read (validation reports why). `outcome_files` may hold other agencies' files too,
/// but a caller judging many agencies saves work by passing each only its own.
pub fn evaluate(
    record: &AgencyRecord,
    settings: &Settings,
    outcome_files: &[&OutcomeFileRef],
    as_of: NaiveDate,
) -> Option<Vec<Milestone>> {
    let agency = record.agency.as_ref()?;
    let activities = &record.activities;
    let reviews = &record.reviews;
    let term_end = term::last_day(agency);
    let milestones = vec![
        signatures::signatures(agency, as_of),
        signatures::confidentiality(agency, reviews, as_of),
        training::training(&training::ES, agency.start, term_end, activities, as_of),
        training::training(&training::MH, agency.start, term_end, activities, as_of),
        monthly_meetings::first_six_months(
            UNIT_MEETINGS,
            ActivityKind::UnitMeeting,
            agency.start,
            activities,
            as_of,
        ),
        monthly_meetings::first_six_months(
            TREATMENT_TEAM_MEETINGS,
            ActivityKind::TreatmentTeamMeeting,
            agency.start,
            activities,
            as_of,
        ),
        periodic::employer_visits(agency, activities, as_of),
        periodic::every_quarter_of_term(
            STEERING_COMMITTEE,
            ActivityKind::SteeringCommittee,
            agency,
            activities,
            as_of,
        ),
        periodic::every_quarter_of_term(
            OUTCOMES_REVIEW,
            ActivityKind::OutcomesReview,
            agency,
            activities,
            as_of,
        ),
        reporting::fidelity_plan(reviews, activities, &settings.fidelity, as_of),
        reporting::outcomes_reported(&record.folder, reviews, outcome_files, as_of),
    ];
    Some(now::judge(milestones, agency, &settings.agreement, as_of))
}

/// Dates joined for evidence: `2024-02-06, 2024-03-05`.
pub(crate) fn join_dates(dates: impl IntoIterator<Item = NaiveDate>) -> String {
    // Written straight into one string: an agency of twenty years has hundreds of periods.
    let mut out = String::new();
    for (index, date) in dates.into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        label::push_date(&mut out, date);
    }
    out
}

#[cfg(test)]
pub(crate) mod test_data {
    //! Builders shared by the unit tests of the families.

    use crate::calendar::parse_date;
    use crate::repo::model::{Activity, ActivityKind, Review, ReviewKind};
    use chrono::NaiveDate;

    pub fn date(text: &str) -> NaiveDate {
        parse_date(text).expect("a test date")
    }

    pub fn activity(on: &str, kind: ActivityKind) -> Activity {
        Activity {
            date: date(on),
            kind,
            days: None,
            note: Box::default(),
            line: 2,
        }
    }

    pub fn training(on: &str, kind: ActivityKind, days: f64) -> Activity {
        Activity {
            days: Some(days),
            ..activity(on, kind)
        }
    }

    pub fn review(on: &str, reviewers: &[&str], plan: Option<&str>) -> Review {
        Review {
            date: date(on),
            kind: ReviewKind::FollowUp,
            reviewers: reviewers.iter().map(|r| r.to_string()).collect(),
            plan: plan.map(date),
            scores: vec![Some(3); 25],
            written: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_data::date;
    use super::*;

    fn period(month: u32, status: Status, due: &str) -> Period {
        Period {
            label: PeriodLabel::StartMonth(month),
            status,
            due: date(due),
            evidence: String::new(),
            missing: String::new(),
        }
    }

    fn none_yet() -> (Option<NaiveDate>, String) {
        (Some(date("2024-03-31")), "nothing yet".into())
    }

    #[test]
    fn a_missed_period_outweighs_an_open_one_and_decides_the_due_date() {
        let m = Milestone::from_periods(
            "x",
            vec![
                period(1, Status::Met, "2024-01-31"),
                period(2, Status::Missed, "2024-02-29"),
                period(3, Status::Open, "2024-03-31"),
            ],
            "month",
            none_yet(),
        );
        assert_eq!(m.status, Status::Missed);
        assert_eq!(m.due, Some(date("2024-02-29")));
        // c is still open: counted apart, and not missing.
        assert_eq!(m.evidence, "1 of 2 months met, 1 open");
        assert_eq!(m.missing, "month 2");
        assert_eq!(m.next_due, Some(date("2024-03-31")));
    }

    #[test]
    fn overdue_outweighs_open_and_met_is_dated_by_the_last_period() {
        let overdue = Milestone::from_periods(
            "x",
            vec![
                period(1, Status::Open, "2024-01-31"),
                period(2, Status::Overdue, "2024-02-29"),
            ],
            "quarter",
            none_yet(),
        );
        assert_eq!(
            (overdue.status, overdue.due),
            (Status::Overdue, Some(date("2024-02-29")))
        );
        let met = Milestone::from_periods(
            "x",
            vec![
                period(1, Status::Met, "2024-01-31"),
                period(2, Status::Met, "2024-02-29"),
            ],
            "quarter",
            none_yet(),
        );
        assert_eq!(met.next_due, None);
        assert_eq!(
            met.clone().with_upcoming(date("2024-03-31")).next_due,
            Some(date("2024-03-31"))
        );
        assert_eq!(
            (
                met.status,
                met.due,
                met.evidence.as_str(),
                met.missing.as_str()
            ),
            (
                Status::Met,
                Some(date("2024-02-29")),
                "2 of 2 quarters met",
                ""
            )
        );
    }

    #[test]
    fn a_miss_before_the_window_is_history_and_excused_periods_are_never_worse_than_met() {
        let periods = vec![
            period(1, Status::Missed, "2024-01-31"),
            period(2, Status::Excused, "2024-02-29"),
            period(3, Status::Met, "2025-03-31"),
        ];
        let now = Milestone::judged(
            "x",
            periods.clone(),
            "month",
            none_yet(),
            Some(date("2025-01-01")),
        );
        assert_eq!(
            (
                now.status,
                now.due,
                now.evidence.as_str(),
                now.missing.as_str()
            ),
            (
                Status::Met,
                Some(date("2025-03-31")),
                "1 of 2 months met, 1 excused; 1 missed before 2025-01-01, history",
                ""
            )
        );
        // Within the window the miss decides; with every period an old miss, it stays missed.
        let recent = Milestone::judged("x", periods, "month", none_yet(), Some(date("2024-01-31")));
        assert_eq!(
            (recent.status, recent.missing.as_str()),
            (Status::Missed, "month 1")
        );
        let old = vec![period(1, Status::Missed, "2020-01-31")];
        let all_old = Milestone::judged("x", old, "month", none_yet(), Some(date("2025-01-01")));
        assert_eq!(all_old.status, Status::Missed);
    }

    #[test]
    fn no_period_yet_is_open() {
        let m = Milestone::from_periods("x", vec![], "review", none_yet());
        assert_eq!(m.status, Status::Open);
        assert_eq!(m.due, Some(date("2024-03-31")));
        assert_eq!(m.evidence, "nothing yet");
        assert_eq!(m.next_due, Some(date("2024-03-31")));
    }

    #[test]
    fn summary_counts_statuses_and_takes_the_earliest_next_deadline() {
        let open_period = Milestone::from_periods(
            "a",
            vec![
                period(1, Status::Missed, "2024-01-31"),
                period(2, Status::Open, "2024-05-31"),
            ],
            "month",
            none_yet(),
        );
        let open = Milestone {
            id: "b",
            status: Status::Open,
            due: Some(date("2024-06-30")),
            next_due: Some(date("2024-06-30")),
            evidence: String::new(),
            missing: String::new(),
            periods: vec![],
            upcoming: None,
        };
        let overdue = Milestone {
            status: Status::Overdue,
            due: Some(date("2024-01-01")),
            next_due: None,
            ..open.clone()
        };
        let summary = summarize(&[open_period, open, overdue]);
        assert_eq!(
            summary,
            Summary {
                met: 0,
                open: 1,
                overdue: 1,
                missed: 1,
                next_due: Some(date("2024-05-31")),
                next_due_milestones: vec!["a"],
                overdue_milestones: vec!["b"],
                missed_milestones: vec!["a"],
            }
        );
    }
}
