//! The report as people read it: every figure formatted once, here, for both the HTML and the
//! Markdown templates (which only lay it out). A hidden count reads `<11`, any other hidden
//! figure `*`, a figure there is no data for `–`.

mod agencies;
mod agreement;
mod programs;
mod restated;

pub use super::number::{percent, points, thousands};
pub use agencies::{Group, agency_groups, spark_range};
pub use agreement::{AgreementView, agreement_view};
pub use programs::{ProgramsView, programs_chart_title, programs_view};
pub use restated::{RestatedView, restated_view};

use super::number::count;

use super::model::{Report, RowFigures, TrendRow};
use serde::Serialize;

/// One table: column headings, which columns are numbers (right-aligned) and which are prose
/// (they wrap; the others keep a figure or a date on one line), and the rows.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub columns: Vec<&'static str>,
    pub numeric: Vec<bool>,
    pub prose: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// What the marks in the rows mean, one line each, written under the table.
    pub key: Vec<&'static str>,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// A name or a word: wraps if it must.
    Text,
    Number,
    /// A date, a status, a band: one line.
    Short,
    /// Sentences: wraps.
    Prose,
}

impl TableView {
    pub fn new(columns: &[(&'static str, Col)], rows: Vec<Vec<String>>) -> TableView {
        TableView {
            columns: columns.iter().map(|(name, _)| *name).collect(),
            numeric: columns.iter().map(|(_, c)| *c == Col::Number).collect(),
            prose: columns
                .iter()
                .map(|(_, c)| matches!(c, Col::Text | Col::Prose))
                .collect(),
            rows,
            key: Vec::new(),
        }
        .keyed()
    }

    /// The table with the key of the marks its rows hold.
    pub fn keyed(mut self) -> TableView {
        let cells = || self.rows.iter().flatten();
        self.key.clear();
        if cells().any(|cell| cell == OTHER_HIDDEN) {
            self.key.push(HIDDEN_KEY);
        }
        if cells().any(|cell| cell.ends_with(NOT_COMPARABLE)) {
            self.key.push(NOT_COMPARABLE_KEY);
        }
        self
    }
}

/// What `*` means under a table.
pub const HIDDEN_KEY: &str = "* hidden to protect a small count";

/// What `†` means under a table.
pub const NOT_COMPARABLE_KEY: &str = "† different agencies reported in the two quarters: part of the change is agencies joining or leaving";

/// A headline card: a label, the figure, and a line below it.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub label: &'static str,
    pub value: String,
    pub detail: String,
    /// The rate's card is the largest.
    pub main: bool,
}

/// How the cells of one row read, given what it hides.
pub struct Cells<'a> {
    pub suppressed: &'a [String],
    pub small: &'a [String],
    /// `<11`.
    pub label: &'a str,
}

/// The columns of `place_cells`, in its order.
const PLACE_COLUMNS: [(&str, Col); 5] = [
    ("served", Col::Number),
    ("employed", Col::Number),
    ("rate", Col::Number),
    ("band", Col::Short),
    ("change", Col::Number),
];

/// A table of places: `before`, the place's figures (`place_cells`), then `after`.
fn columns(
    before: &[(&'static str, Col)],
    after: &[(&'static str, Col)],
) -> Vec<(&'static str, Col)> {
    [before, &PLACE_COLUMNS[..], after].concat()
}

/// A place's figures as its row reads them: served, employed, rate, band and change.
fn place_cells(figures: &RowFigures, label: &str) -> [String; 5] {
    let cells = Cells {
        suppressed: &figures.suppressed,
        small: &figures.small,
        label,
    };
    [
        cells.count("served", figures.served),
        cells.count("employed", figures.employed),
        cells.rate("rate", figures.rate),
        // In words, as the fidelity table writes its bands: `below minimal`.
        cells.text(
            "band",
            figures
                .band
                .as_deref()
                .map(|b| b.replace('-', " "))
                .as_deref(),
        ),
        marked(
            cells.points("rate_change", figures.rate_change),
            figures.rate_change_comparable,
        ),
    ]
}

/// The mark of a change between quarters reported by different agencies, as `ips outcomes
/// summarize` marks it: its own mark, since `*` is a figure hidden to protect a small count.
pub const NOT_COMPARABLE: &str = crate::outcomes::suppress::NOT_COMPARABLE;

/// A change's text, marked when different agencies reported its two quarters.
fn marked(text: String, comparable: Option<bool>) -> String {
    match comparable {
        Some(false) => format!("{text}{NOT_COMPARABLE}"),
        _ => text,
    }
}

pub const NO_DATA: &str = "–";
pub const OTHER_HIDDEN: &str = crate::outcomes::suppress::OTHER_HIDDEN;

impl Cells<'_> {
    fn hidden(&self, field: &str) -> Option<String> {
        if self.small.iter().any(|f| f == field) {
            return Some(self.label.to_string());
        }
        self.suppressed
            .iter()
            .any(|f| f == field)
            .then(|| OTHER_HIDDEN.to_string())
    }

    pub fn count(&self, field: &str, value: Option<u64>) -> String {
        self.hidden(field)
            .unwrap_or_else(|| value.map_or_else(|| NO_DATA.to_string(), thousands))
    }

    pub fn rate(&self, field: &str, value: Option<f64>) -> String {
        self.hidden(field)
            .unwrap_or_else(|| value.map_or_else(|| NO_DATA.to_string(), percent))
    }

    pub fn points(&self, field: &str, value: Option<f64>) -> String {
        self.hidden(field)
            .unwrap_or_else(|| value.map_or_else(|| NO_DATA.to_string(), points))
    }

    pub fn text(&self, field: &str, value: Option<&str>) -> String {
        self.hidden(field)
            .unwrap_or_else(|| value.unwrap_or(NO_DATA).to_string())
    }
}

/// `▲ up from 43.2% in 2026-Q2`: an arrow and a word, not colour alone.
pub fn change_words(rate: Option<f64>, change: Option<f64>, hidden: bool, then: &str) -> String {
    if hidden {
        return format!("hidden, to protect small numbers ({then})");
    }
    let (Some(rate), Some(change)) = (rate, change) else {
        return format!("no rate to compare in {then}");
    };
    let before = percent(rate - change);
    if (change * 100.0).abs() < 0.05 {
        format!("▶ no change from {before} in {then}")
    } else if change > 0.0 {
        format!("▲ up from {before} in {then}")
    } else {
        format!("▼ down from {before} in {then}")
    }
}

/// `average: 41–50%`.
pub fn band_words(report: &Report, band: Option<&str>) -> String {
    let b = &report.benchmarks;
    let whole = crate::report::number::benchmark;
    match band {
        Some("excellent") => format!("excellent: {} or more", whole(b.excellent)),
        Some("average") => format!(
            "average: {} to under {}",
            whole(b.average),
            whole(b.excellent)
        ),
        Some("minimal") => format!(
            "minimal: {} to under {}",
            whole(b.minimal),
            whole(b.average)
        ),
        Some("below-minimal") => format!("below minimal: under {}", whole(b.minimal)),
        Some(other) => other.to_string(),
        None => "no band".to_string(),
    }
}

/// The quarter `back` quarters before the report's: `2026-Q2`.
fn quarter_before(report: &Report, back: usize) -> String {
    crate::calendar::Quarter::parse(&report.quarter)
        .map(|q| (0..back).fold(q, |q, _| q.previous()).to_string())
        .unwrap_or_default()
}

/// The label of a count hidden for being small: `<11`.
pub fn small_label(report: &Report) -> String {
    report
        .suppression
        .as_ref()
        .map_or_else(String::new, |s| format!("<{}", s.suppress_below))
}

/// The headline's cards, the rate first.
pub fn cards(report: &Report) -> Vec<Card> {
    let h = &report.headline;
    let label = small_label(report);
    let cells = Cells {
        suppressed: &h.suppressed,
        small: &h.small,
        label: &label,
    };
    vec![
        Card {
            label: "employment rate",
            value: cells.rate("rate", h.rate),
            detail: band_words(report, h.band.as_deref()),
            main: true,
        },
        Card {
            label: "worked in a competitive job",
            value: cells.count("employed", h.employed),
            detail: format!(
                "of {} people served; {} job starts",
                cells.count("served", h.served),
                cells.count("job_starts", h.job_starts)
            ),
            main: false,
        },
        change_card(
            report,
            &cells,
            ("change from last quarter", "rate_change"),
            (h.rate_change, h.rate_change_comparable),
            1,
        ),
        change_card(
            report,
            &cells,
            ("change from a year ago", "rate_change_year"),
            (h.rate_change_year, h.rate_change_year_comparable),
            4,
        ),
        Card {
            label: "in education",
            value: cells.rate("education_rate", h.education_rate),
            detail: format!("{} people", cells.count("education", h.education)),
            main: false,
        },
    ]
}

/// The card of the headline's change from `back` quarters before.
fn change_card(
    report: &Report,
    cells: &Cells<'_>,
    (label, field): (&'static str, &str),
    (change, comparable): (Option<f64>, Option<bool>),
    back: usize,
) -> Card {
    let h = &report.headline;
    Card {
        label,
        value: marked(cells.points(field, change), comparable),
        detail: change_words(
            h.rate,
            change,
            h.suppressed.iter().any(|f| f == field),
            &quarter_before(report, back),
        ),
        main: false,
    }
}

/// `Fidelity and employment rate (r = 0.34, n = 7)`.
pub fn scatter_title(report: &Report) -> String {
    let c = &report.fidelity.correlation;
    let r =
        c.r.map_or_else(|| "r not computed".to_string(), |r| format!("r = {r:.2}"));
    // A handful of points line up by chance: r = 1.00 from three agencies says little.
    let few = match (c.r, c.n) {
        (Some(_), n) if n < FEW_FOR_R => ": too few agencies for r to say much",
        _ => "",
    };
    format!("Fidelity and employment rate ({r}, n = {}){few}", c.n)
}

/// Below this many agencies, the scatter's title says r says little.
const FEW_FOR_R: usize = 5;

/// What the scatter shows, and which agencies it leaves out.
pub fn scatter_caption(report: &Report) -> String {
    let mut caption = format!(
        "Each point is an agency: the total of its latest review (x) and its employment rate in {} (y).",
        report.quarter
    );
    let c = &report.fidelity.correlation;
    if c.points.len() > super::charts::scatter::LABEL_ALL_UP_TO {
        caption.push_str(&format!(
            " Labelled by id, where space allows: the lowest and highest rate and fidelity total, and the agencies below the minimal benchmark ({}), lowest first.",
            crate::report::number::benchmark(report.benchmarks.minimal)
        ));
    } else if !c.points.is_empty() {
        caption.push_str(" Points are labelled with the agency's id where space allows.");
    }
    if let Some(left_out) = scatter_left_out(report) {
        caption.push(' ');
        caption.push_str(&left_out);
    }
    caption
}

/// Which agencies the scatter leaves out, if any.
pub fn scatter_left_out(report: &Report) -> Option<String> {
    let all = report.fidelity.agencies.len();
    let shown = report.fidelity.correlation.n;
    let hidden = if report.public {
        ", or a rate hidden to protect small numbers"
    } else {
        ""
    };
    (shown < all).then(|| {
        format!(
            "{} of {all} agencies are not drawn: no review by the quarter's end, no outcomes for it{hidden}.",
            all - shown
        )
    })
}

/// The warning strip when some expected agencies did not report: `6 of 7 agencies reported;
/// Scioto Valley has not`.
pub fn warning(report: &Report) -> Option<String> {
    let h = &report.headline;
    if report.not_reported.is_empty() {
        return None;
    }
    let names: Vec<&str> = report
        .not_reported
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    let verb = if names.len() == 1 { "has" } else { "have" };
    Some(format!(
        "{} of {} expected agencies reported; {} {verb} not, so the figures are partial.",
        h.agencies_reporting.min(h.agencies_expected),
        h.agencies_expected,
        join_names(&names)
    ))
}

/// `A, B and C`.
pub fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `3 of 4 jurisdictions`, `1 of 1 jurisdiction`: the noun agrees with the number expected.
fn of_expected(reporting: usize, expected: usize, noun: &str) -> String {
    format!("{} of {}", count(reporting), counted(expected, noun))
}

/// `3 jurisdictions`, `1 agency`: a count and its noun, singular for one.
fn counted(count: usize, noun: &str) -> String {
    let noun = match (count, noun) {
        (1, noun) => noun.to_string(),
        (_, "agency") => "agencies".to_string(),
        (_, noun) => format!("{noun}s"),
    };
    format!("{} {noun}", self::count(count))
}

/// The counts line under the cards: reporting against expected.
pub fn reporting_line(report: &Report) -> String {
    let h = &report.headline;
    // Reporting against no one expected ("3 of 0") reads as nonsense: say who reported, and why
    // no one was expected.
    if h.agencies_expected == 0 {
        let counts = match report.site {
            Some(_) => counted(h.teams_reporting, "team"),
            None => format!(
                "{}, {}, {}",
                counted(h.jurisdictions_reporting, "jurisdiction"),
                counted(h.agencies_reporting, "agency"),
                counted(h.teams_reporting, "team")
            ),
        };
        return format!(
            "Reporting: {counts}; none was expected yet (no baseline fidelity review by the quarter's end)."
        );
    }
    if report.site.is_some() {
        return format!(
            "Reporting: {} expected.",
            of_expected(h.teams_reporting, h.teams_expected, "team")
        );
    }
    format!(
        "Reporting: {}, {}, {} expected.",
        of_expected(
            h.jurisdictions_reporting,
            h.jurisdictions_expected,
            "jurisdiction"
        ),
        of_expected(h.agencies_reporting, h.agencies_expected, "agency"),
        of_expected(h.teams_reporting, h.teams_expected, "team")
    )
}

pub fn trend_table(report: &Report, rows: &[TrendRow]) -> TableView {
    let label = small_label(report);
    TableView::new(
        &[
            ("quarter", Col::Short),
            ("served", Col::Number),
            ("employed", Col::Number),
            ("rate", Col::Number),
        ],
        rows.iter()
            .map(|row| {
                let cells = Cells {
                    suppressed: &row.suppressed,
                    small: &row.small,
                    label: &label,
                };
                vec![
                    row.quarter.clone(),
                    cells.count("served", row.served),
                    cells.count("employed", row.employed),
                    cells.rate("rate", row.rate),
                ]
            })
            .collect(),
    )
}

/// The rate, band and change first, beside the name, as the exceptions read: on a phone the
/// table scrolls sideways and what a reader compares jurisdictions by is on the first screen.
pub fn jurisdiction_table(report: &Report) -> TableView {
    let label = small_label(report);
    let [served, employed, rate, band, change] = PLACE_COLUMNS;
    TableView::new(
        &[
            ("jurisdiction", Col::Text),
            rate,
            band,
            change,
            ("agencies", Col::Number),
            served,
            employed,
        ],
        report
            .jurisdictions
            .iter()
            .map(|row| {
                let [served, employed, rate, band, change] = place_cells(&row.figures, &label);
                let agencies = count(row.agencies);
                vec![
                    row.name.clone(),
                    rate,
                    band,
                    change,
                    agencies,
                    served,
                    employed,
                ]
            })
            .collect(),
    )
}

pub fn team_table(report: &Report) -> TableView {
    let label = small_label(report);
    TableView::new(
        &columns(&[("team", Col::Text)], &[]),
        report
            .teams
            .iter()
            .map(|row| {
                // The id the files use, and where the team works, which its readers know it by.
                let team = match row.location.is_empty() {
                    true => row.id.clone(),
                    false => format!("{} ({})", row.id, row.location),
                };
                let mut cells = vec![team];
                cells.extend(place_cells(&row.figures, &label));
                cells
            })
            .collect(),
    )
}

pub fn fidelity_table(report: &Report) -> TableView {
    let dash = || NO_DATA.to_string();
    TableView::new(
        &[
            ("agency", Col::Text),
            ("latest review", Col::Short),
            ("total", Col::Number),
            ("band", Col::Text),
            ("next due", Col::Short),
            ("status", Col::Short),
        ],
        report
            .fidelity
            .agencies
            .iter()
            .map(|row| {
                vec![
                    row.name.clone(),
                    row.review.clone().unwrap_or_else(dash),
                    row.total.map_or_else(dash, |t| t.to_string()),
                    row.band.clone().unwrap_or_else(dash).replace('-', " "),
                    row.next_due.clone().unwrap_or_else(dash),
                    row.status.replace('-', " "),
                ]
            })
            .collect(),
    )
}

pub fn bands_table(report: &Report) -> TableView {
    TableView::new(
        &[
            ("band of the latest review", Col::Text),
            ("agencies", Col::Number),
        ],
        report
            .fidelity
            .bands
            .iter()
            .map(|b| {
                let name = match b.band.as_str() {
                    "none" => "no review yet".to_string(),
                    other => other.replace('-', " "),
                };
                vec![name, count(b.agencies)]
            })
            .collect(),
    )
}

pub fn items_table(report: &Report) -> Option<TableView> {
    let site = report.site.as_ref()?;
    Some(TableView::new(
        &[
            ("item", Col::Text),
            ("section", Col::Short),
            ("score", Col::Number),
            ("change", Col::Number),
            ("what it measures", Col::Prose),
        ],
        site.items
            .iter()
            .map(|item| {
                vec![
                    item.item.replace('_', " "),
                    item.section.clone(),
                    item.score
                        .map_or_else(|| NO_DATA.to_string(), |s| s.to_string()),
                    match item.change {
                        None => "first review".to_string(),
                        Some(0) => "no change".to_string(),
                        Some(change) => format!("{change:+}"),
                    },
                    item.measures.clone(),
                ]
            })
            .collect(),
    ))
}

pub fn checklist_table(report: &Report) -> Option<TableView> {
    let checklist = report.site.as_ref()?.checklist.as_ref()?;
    Some(TableView::new(
        &[
            ("milestone", Col::Text),
            ("status", Col::Short),
            ("due", Col::Short),
            ("evidence", Col::Prose),
            ("still needed", Col::Prose),
        ],
        checklist
            .iter()
            .map(|row| {
                vec![
                    row.milestone.replace('-', " "),
                    row.status.clone(),
                    row.due.clone().unwrap_or_else(|| NO_DATA.to_string()),
                    row.evidence.clone(),
                    if row.missing.is_empty() {
                        "nothing".to_string()
                    } else {
                        row.missing.clone()
                    },
                ]
            })
            .collect(),
    ))
}

/// The site's rate beside its jurisdiction's and the community's, per quarter.
pub fn comparison_table(report: &Report) -> Option<TableView> {
    let site = report.site.as_ref()?;
    let label = small_label(report);
    let rate = |row: &TrendRow| {
        Cells {
            suppressed: &row.suppressed,
            small: &row.small,
            label: &label,
        }
        .rate("rate", row.rate)
    };
    Some(TableView::new(
        &[
            ("quarter", Col::Short),
            ("this agency", Col::Number),
            ("its jurisdiction", Col::Number),
            ("the community", Col::Number),
        ],
        report
            .trend
            .iter()
            .zip(&site.jurisdiction_trend)
            .zip(&site.community_trend)
            .map(|((own, jurisdiction), community)| {
                vec![
                    own.quarter.clone(),
                    rate(own),
                    rate(jurisdiction),
                    rate(community),
                ]
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(503), "503");
        assert_eq!(percent(0.4453), "44.5%");
        assert_eq!(points(0.0134), "+1.3 pp");
        assert_eq!(points(-0.0294), "-2.9 pp");
        assert_eq!(points(0.0001), "0.0 pp");
        assert_eq!(
            change_words(Some(0.445), Some(0.013), false, "2026-Q2"),
            "▲ up from 43.2% in 2026-Q2"
        );
        assert_eq!(
            change_words(Some(0.4), Some(-0.03), false, "2025-Q3"),
            "▼ down from 43.0% in 2025-Q3"
        );
        assert_eq!(join_names(&["A", "B", "C"]), "A, B and C");
    }
}
