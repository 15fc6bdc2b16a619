//! The data of a repository in format 1, as plain values once read and checked.

use crate::calendar::Quarter;
use chrono::NaiveDate;

/// Declares an enumeration spelt in the data files by fixed names.
macro_rules! named_enum {
    ($name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),*];
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }
    };
}

named_enum!(JurisdictionKind { State = "state", County = "county", Region = "region", Country = "country" });
named_enum!(Cadence { Monthly = "monthly", Quarterly = "quarterly" });
// The milestones of `ips agreement status` whose periods an `[[agreement.excused]]` range may
// excuse: the technical assistance counted in months or quarters.
named_enum!(ExcusableMilestone {
    UnitMeetings = "unit-meetings",
    TreatmentTeamMeetings = "treatment-team-meetings",
    EmployerVisits = "employer-visits",
    SteeringCommittee = "steering-committee",
    OutcomesReview = "outcomes-review",
});
named_enum!(ReviewKind { Baseline = "baseline", FollowUp = "follow-up" });
named_enum!(ReviewMethod {
    Independent = "independent",
    SelfAssessment = "self-assessment",
    GuidedSelfAssessment = "guided-self-assessment",
});
named_enum!(SignatoryRole {
    ExecutiveDirector = "executive-director",
    StateMentalHealth = "state-mental-health",
    StateVocationalRehabilitation = "state-vocational-rehabilitation",
});
named_enum!(ActivityKind {
    TrainingEs = "training-es",
    TrainingMh = "training-mh",
    UnitMeeting = "unit-meeting",
    TreatmentTeamMeeting = "treatment-team-meeting",
    EmployerVisit = "employer-visit",
    SteeringCommittee = "steering-committee",
    OutcomesReview = "outcomes-review",
    FidelityPlan = "fidelity-plan",
});

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub name: String,
    pub jurisdictions: Vec<Jurisdiction>,
    pub fidelity: FidelitySettings,
    pub benchmarks: Benchmarks,
    pub report: ReportSettings,
    pub agreement: AgreementSettings,
}

impl Settings {
    /// The ids declared under [[jurisdictions]], in file order.
    pub fn jurisdiction_ids(&self) -> Vec<&str> {
        self.jurisdictions.iter().map(|j| j.id.as_str()).collect()
    }

    /// The name of a declared jurisdiction: `Ohio` for `oh`.
    pub fn jurisdiction_name(&self, id: &str) -> Option<&str> {
        self.jurisdictions
            .iter()
            .find(|j| j.id == id)
            .map(|j| j.name.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Jurisdiction {
    pub id: String,
    pub name: String,
    pub kind: JurisdictionKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FidelitySettings {
    pub good: u32,
    pub months_until_good: u32,
    pub months_after_good: u32,
    /// Toolkit choice: the baseline review is due this many months after the agency's start.
    pub baseline_within_months: u32,
    /// Toolkit choice: the improvement plan is due this many weeks after each review.
    pub plan_within_weeks: u32,
    /// Optional (`report_within_weeks`): the written review report is due this many weeks
    /// after the review; unset, nobody is reminded of it.
    pub report_within_weeks: Option<u32>,
}

impl Default for FidelitySettings {
    fn default() -> Self {
        FidelitySettings {
            good: 100,
            months_until_good: 6,
            months_after_good: 12,
            baseline_within_months: 3,
            plan_within_weeks: 6,
            report_within_weeks: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Benchmarks {
    pub minimal: f64,
    pub average: f64,
    pub excellent: f64,
}

impl Default for Benchmarks {
    fn default() -> Self {
        Benchmarks {
            minimal: 0.31,
            average: 0.41,
            excellent: 0.50,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportSettings {
    /// Counts from 1 to `suppress_below - 1` are hidden in public outputs.
    pub suppress_below: u32,
    /// Whether a count of 0 is hidden too (added by ips 0.2; optional).
    pub suppress_zero: bool,
    /// The report's title before its quarter, `IPS outcomes` when not set (an addition to
    /// format 1; optional, as are the two below).
    pub title: Option<String>,
    /// A paragraph shown under the report's header.
    pub introduction: Option<String>,
    /// Whom to ask about the report: a line in its header.
    pub contact: Option<String>,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            suppress_below: 11,
            suppress_zero: false,
            title: None,
            introduction: None,
            contact: None,
        }
    }
}

/// [agreement] of ips.toml (an addition to format 1; optional).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgreementSettings {
    /// The status about now weighs what was missed in this many months before the date judged
    /// by; older misses are history.
    pub status_months: u32,
}

impl Default for AgreementSettings {
    fn default() -> Self {
        AgreementSettings { status_months: 12 }
    }
}

#[derive(Debug, Clone)]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
    /// Where `jurisdiction` is written, for findings made against ips.toml.
    pub jurisdiction_at: crate::diagnostic::Position,
    /// Implementation start: month 1 of technical assistance.
    pub start: NaiveDate,
    pub teams: Vec<Team>,
    pub agreement: Option<Agreement>,
    /// The IPS trainer who works with the agency (an addition to format 1; optional).
    pub trainer: Option<String>,
}

impl Agency {
    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|team| team.id == id)
    }

    pub fn teams_open_in(&self, quarter: Quarter) -> impl Iterator<Item = &Team> {
        self.teams
            .iter()
            .filter(move |team| team.is_open_in(quarter))
    }
}

#[derive(Debug, Clone)]
pub struct Team {
    pub id: String,
    pub supervisor: String,
    pub location: String,
    pub opened: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
}

impl Team {
    pub fn is_open_in(&self, quarter: Quarter) -> bool {
        quarter.overlaps(self.opened, self.closed)
    }

    /// Open on `date`: opened on or before it (or with no `opened`), not closed before it.
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.opened.is_none_or(|opened| opened <= date)
            && self.closed.is_none_or(|closed| closed >= date)
    }
}

#[derive(Debug, Clone)]
pub struct Agreement {
    pub signed: NaiveDate,
    pub employer_visits: Cadence,
    pub signatories: Vec<Signatory>,
    pub confidentiality: Vec<Confidentiality>,
    /// The last day of the first term; None for an agreement without an end.
    pub ends: Option<NaiveDate>,
    /// Each continues the agreement for a new term, in order.
    pub renewals: Vec<Renewal>,
    pub excused: Vec<Excused>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Renewal {
    pub signed: NaiveDate,
    pub ends: NaiveDate,
    /// The cadence from this term on; None keeps the one before.
    pub employer_visits: Option<Cadence>,
}

/// Periods of a milestone that the agency and trainer agreed to skip.
#[derive(Debug, Clone, PartialEq)]
pub struct Excused {
    pub milestone: ExcusableMilestone,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Signatory {
    pub role: SignatoryRole,
    pub name: String,
    pub signed: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Confidentiality {
    pub name: String,
    pub signed: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub date: NaiveDate,
    pub kind: ActivityKind,
    pub days: Option<f64>,
    /// Boxed, and the line a u32: every agency's log is held while a community is judged.
    pub note: Box<str>,
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Review {
    pub date: NaiveDate,
    pub kind: ReviewKind,
    pub reviewers: Vec<String>,
    pub plan: Option<NaiveDate>,
    /// Scores in the order of the scale's items; None where an item is not scored.
    pub scores: Vec<Option<u8>>,
    /// How the review was made and what the reviewers wrote (all optional in the file).
    pub written: ReviewWritten,
}

/// What a review file may say beyond its scores: the method, the report, each reviewer's own
/// ratings and the notes per item.
#[derive(Debug, Clone, Default)]
pub struct ReviewWritten {
    /// None: `independent`, the default.
    pub method: Option<ReviewMethod>,
    pub report_sent: Option<NaiveDate>,
    pub strengths: Vec<String>,
    pub summary: Option<String>,
    /// Each reviewer's own scores before consensus, in the order of the scale's items.
    pub ratings: Vec<(String, Vec<Option<u8>>)>,
    /// Per item of the scale (in its order), the evidence and the recommendation.
    pub notes: Vec<ItemNote>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemNote {
    pub evidence: Option<String>,
    pub recommendation: Option<String>,
}

impl Review {
    pub fn method(&self) -> ReviewMethod {
        self.written.method.unwrap_or(ReviewMethod::Independent)
    }

    /// The note of the item at `index` of the scale, if the reviewers wrote one.
    pub fn note(&self, index: usize) -> Option<&ItemNote> {
        self.written
            .notes
            .get(index)
            .filter(|n| **n != ItemNote::default())
    }
}

/// An improvement plan, agencies/<agency>/plans/<review-date>.toml.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The review it answers (the file name's date).
    pub review: NaiveDate,
    pub written: Option<NaiveDate>,
    /// Where `written` is, for findings against the review.
    pub written_at: crate::diagnostic::Position,
    pub steering_committee: Option<NaiveDate>,
    pub goals: Vec<Goal>,
}

#[derive(Debug, Clone)]
pub struct Goal {
    /// Indexes of the scale's items.
    pub items: Vec<usize>,
    pub target: Option<u8>,
    pub goal: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

impl Review {
    /// The total, when all items are scored.
    pub fn total(&self) -> Option<u32> {
        self.scores.iter().map(|s| s.map(u32::from)).sum()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    pub team: String,
    pub served: u64,
    pub employed: u64,
    pub education: Option<u64>,
    pub job_starts: Option<u64>,
    pub line: usize,
    /// Column of the team id, for diagnostics about the team.
    pub team_column: usize,
    /// The team's place in its agency's `teams`, once checked against agency.toml
    /// (`OutcomeRow::UNCHECKED` before), so that grouping by team needs no search.
    pub team_index: u32,
}

impl OutcomeRow {
    pub const UNCHECKED: u32 = u32::MAX;
}
