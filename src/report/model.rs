//! The report's model: what `ips report --format json` prints, and what the HTML and Markdown
//! are rendered from. Its field names are stable (docs/report.md describes each); fields may be
//! added, never renamed. Counts and rates are `null` where a public report hides them, and each
//! row lists what it hides in `suppressed`.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `IPS outcomes, 2026-Q3 (July–September 2026)`.
    pub title: String,
    /// The learning community's name (ips.toml `name`).
    pub community: String,
    /// A paragraph under the title (ips.toml `[report] introduction`); `null` when not set.
    pub introduction: Option<String>,
    /// Whom to ask about the report (ips.toml `[report] contact`); `null` when not set.
    pub contact: Option<String>,
    pub scope: Scope,
    pub quarter: String,
    /// `July–September 2026`.
    pub quarter_label: String,
    pub as_of: String,
    /// Whether small numbers are hidden (`--public`).
    pub public: bool,
    /// The data's git commit, when the repository is a git work tree.
    pub data: Option<DataVersion>,
    pub benchmarks: Benchmarks,
    pub headline: Headline,
    /// The pooled rate of the scope for each of the last quarters, oldest first.
    pub trend: Vec<TrendRow>,
    /// Empty in a site report.
    pub jurisdictions: Vec<JurisdictionRow>,
    /// How many agencies and teams of the scope reached each benchmark in the quarter
    /// (`report::programs`).
    pub programs: super::programs::Programs,
    /// The agencies of the scope that reported the quarter, by jurisdiction then name; in a
    /// site report, the site alone.
    pub agencies: Vec<AgencyRow>,
    /// A site report's teams; empty otherwise.
    pub teams: Vec<TeamRow>,
    /// Agencies expected to report the quarter that did not.
    pub not_reported: Vec<Named>,
    pub fidelity: Fidelity,
    /// The agreement milestones of each agency; `null` in a public report.
    pub agreement: Option<Vec<AgreementRow>>,
    /// How many agencies have met, open, overdue and missed milestones, by jurisdiction and by
    /// trainer; `null` in a public report.
    pub agreement_summary: Option<AgreementSummary>,
    /// What a site report adds; `null` otherwise.
    pub site: Option<Site>,
    /// How many cells a public report hid; `null` otherwise.
    pub suppression: Option<Suppression>,
    /// The counts restated since an earlier revision (`--since`); `null` without it.
    pub restated: Option<Restated>,
    /// Definitions and methods, in reading order.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scope {
    /// `community` (every agency), `jurisdictions`, `agencies` or `site` (one agency).
    pub kind: &'static str,
    /// `all jurisdictions`, `Ohio`, `Riverbend Community Mental Health`.
    pub label: String,
    pub jurisdictions: Vec<String>,
    pub agencies: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataVersion {
    /// The short id of the last commit that changed the data files (`repo::DATA_PATHS`).
    pub commit: String,
    /// Whether the data files have uncommitted changes (other files of the work tree do not
    /// count).
    pub dirty: bool,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Benchmarks {
    pub minimal: f64,
    pub average: f64,
    pub excellent: f64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Headline {
    pub served: Option<u64>,
    pub employed: Option<u64>,
    pub rate: Option<f64>,
    pub band: Option<String>,
    pub education: Option<u64>,
    pub education_rate: Option<f64>,
    pub job_starts: Option<u64>,
    /// The rate minus the previous quarter's, as a fraction (+0.013 is +1.3 points).
    pub rate_change: Option<f64>,
    /// False when different agencies reported the two quarters; None without a change.
    pub rate_change_comparable: Option<bool>,
    /// The rate minus that of the same quarter a year earlier.
    pub rate_change_year: Option<f64>,
    /// False when different agencies reported the two quarters; None without a change.
    pub rate_change_year_comparable: Option<bool>,
    pub agencies_reporting: usize,
    pub agencies_expected: usize,
    pub jurisdictions_reporting: usize,
    pub jurisdictions_expected: usize,
    pub teams_reporting: usize,
    pub teams_expected: usize,
    pub suppressed: Vec<String>,
    /// Of the counts in `suppressed`, those hidden for being small themselves (shown as `<11`);
    /// the others are hidden so that these cannot be worked out (shown as `*`).
    pub small: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub quarter: String,
    pub served: Option<u64>,
    pub employed: Option<u64>,
    pub rate: Option<f64>,
    pub suppressed: Vec<String>,
    /// Of the counts in `suppressed`, those hidden for being small themselves (shown as `<11`);
    /// the others are hidden so that these cannot be worked out (shown as `*`).
    pub small: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionRow {
    pub id: String,
    pub name: String,
    /// Agencies that reported the quarter.
    pub agencies: usize,
    #[serde(flatten)]
    pub figures: RowFigures,
}

/// A place's figures in the quarter, as every table of places shows them (flattened into the
/// place's row in the JSON).
#[derive(Debug, Clone, Serialize)]
pub struct RowFigures {
    pub served: Option<u64>,
    pub employed: Option<u64>,
    pub rate: Option<f64>,
    pub band: Option<String>,
    pub rate_change: Option<f64>,
    /// False when different agencies reported the two quarters; None without a change.
    pub rate_change_comparable: Option<bool>,
    pub suppressed: Vec<String>,
    /// Of the counts in `suppressed`, those hidden for being small themselves (shown as `<11`);
    /// the others are hidden so that these cannot be worked out (shown as `*`).
    pub small: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyRow {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
    /// Teams that reported the quarter.
    pub teams: usize,
    /// The agency's rate in each quarter of `trend`; `null` where it had no outcomes or the
    /// rate is hidden.
    pub trend: Vec<Option<f64>>,
    #[serde(flatten)]
    pub figures: RowFigures,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub id: String,
    /// Where the team works, from agency.toml (empty when not given).
    pub location: String,
    #[serde(flatten)]
    pub figures: RowFigures,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fidelity {
    pub agencies: Vec<FidelityRow>,
    /// How many agencies of the scope are in each band of their latest review, best first;
    /// `none` for those with no review yet.
    pub bands: Vec<BandCount>,
    pub correlation: Correlation,
}

#[derive(Debug, Clone, Serialize)]
pub struct FidelityRow {
    pub id: String,
    pub name: String,
    /// The agency's jurisdiction (id).
    pub jurisdiction: String,
    /// The latest review on or before the quarter's last day.
    pub review: Option<String>,
    pub total: Option<u32>,
    pub band: Option<String>,
    /// The next review, as of the report's date.
    pub next_due: Option<String>,
    /// `baseline-due`, `overdue`, `due-soon` (within 60 days) or `scheduled`.
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BandCount {
    pub band: String,
    pub agencies: usize,
}

/// Pearson's r between the latest fidelity total (x) and the agency's pooled rate in the
/// quarter (y), over the agencies that have both and served someone (and, in a public report,
/// whose rate is shown).
#[derive(Debug, Clone, Serialize)]
pub struct Correlation {
    /// `null` with fewer than three agencies, or when every x or every y is the same.
    pub r: Option<f64>,
    pub n: usize,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub agency: String,
    pub total: u32,
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementRow {
    pub id: String,
    pub name: String,
    /// The agency's jurisdiction (id).
    pub jurisdiction: String,
    /// The trainer agency.toml names; `null` when it names none.
    pub trainer: Option<String>,
    pub met: usize,
    pub open: usize,
    pub overdue: usize,
    pub missed: usize,
    /// The overdue milestones, with what they still need.
    pub overdue_items: Vec<String>,
    pub missed_items: Vec<String>,
}

/// The agreement counted by agency: each group's agencies with every milestone due so far met,
/// and those with at least one open, overdue or missed milestone.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementSummary {
    /// By jurisdiction, in ips.toml order.
    pub jurisdictions: Vec<AgreementGroup>,
    /// By trainer, by name; `null` names the agencies whose agency.toml names no trainer.
    pub trainers: Vec<AgreementGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementGroup {
    /// The jurisdiction's id, or the trainer's name.
    pub id: Option<String>,
    /// The jurisdiction's name, or the trainer's name.
    pub name: String,
    pub agencies: usize,
    /// Agencies with nothing overdue or missed.
    pub met: usize,
    /// Agencies with a milestone not yet due.
    pub open: usize,
    /// Agencies with a milestone overdue.
    pub overdue: usize,
    /// Agencies with a milestone missed.
    pub missed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The site's jurisdiction (id and name), and its trend over the same quarters.
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub jurisdiction_trend: Vec<TrendRow>,
    pub community_trend: Vec<TrendRow>,
    /// The latest review's items, lowest score first, with the change since the review before.
    pub items: Vec<ItemRow>,
    /// The agreement checklist; `null` in a public report.
    pub checklist: Option<Vec<ChecklistRow>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub item: String,
    pub section: String,
    pub measures: String,
    pub score: Option<u32>,
    pub change: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRow {
    pub milestone: String,
    pub status: String,
    pub due: Option<String>,
    pub evidence: String,
    pub missing: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    pub suppress_below: u64,
    pub suppress_zero: bool,
    pub hidden: usize,
    pub small_counts: usize,
    pub complementary_counts: usize,
    pub derived: usize,
}

/// What changed in the scope's outcome files since an earlier revision, for the quarters up to
/// the report's: a report made from that revision showed the `before` figures.
#[derive(Debug, Clone, Serialize)]
pub struct Restated {
    /// The revision as given (`--since v2026-Q2`).
    pub since: String,
    /// Its commit, abbreviated.
    pub commit: String,
    /// The quarters with a restated count, oldest first.
    pub quarters: Vec<RestatedQuarter>,
    /// Each restated count, by quarter, jurisdiction, agency, team and field, at most
    /// `CHANGES_SHOWN`; `null` in a public report (a team's count is a small number, and its
    /// old and new values would give it away).
    pub changes: Option<Vec<RestatedCount>>,
    /// How many restated counts `changes` leaves out.
    pub changes_left_out: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestatedQuarter {
    pub quarter: String,
    /// How many counts (a team's field) changed.
    pub counts: usize,
    /// The scope's pooled figures then and now; `null` in a public report, where a difference
    /// of totals could give a small count away.
    pub served_before: Option<u64>,
    pub served_after: Option<u64>,
    pub employed_before: Option<u64>,
    pub employed_after: Option<u64>,
    pub rate_before: Option<f64>,
    pub rate_after: Option<f64>,
    /// `rate_after - rate_before`, in fractions.
    pub rate_change: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestatedCount {
    pub quarter: String,
    pub agency: String,
    pub agency_name: String,
    pub team: String,
    /// `served`, `employed`, `education` or `job_starts`.
    pub field: &'static str,
    /// `null` for a row added (before) or removed (after), or an optional count left blank.
    pub before: Option<u64>,
    pub after: Option<u64>,
    /// The commit that last changed the file since; `null` for a change not yet committed.
    pub commit: Option<String>,
}
