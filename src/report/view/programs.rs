//! The "Programs against the benchmarks" and "Exceptions" sections as people read them: the
//! distribution of agencies' and teams' rates with its counts per band, then three short lists
//! (below minimal, the largest falls since the quarter before, overdue reviews), each at most
//! `SHOWN` rows, by severity, and a line saying how many more the full tables hold.

use super::{Col, NO_DATA, NOT_COMPARABLE, TableView, percent, points, thousands};
use crate::report::model::{AgencyRow, FidelityRow, Report};
use crate::text::plural;
use serde::Serialize;

/// The rows of each list of exceptions: at community size the two sections fit in about two
/// A4 pages.
pub const SHOWN: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct ProgramsView {
    /// The counts per band, of agencies and teams, with their shares.
    pub counts: TableView,
    /// What the shares are of, and, in a public report, how many rates are hidden.
    pub counts_note: String,
    pub chart_title: String,
    pub below: Exceptions,
    pub falls: Exceptions,
    pub overdue: Exceptions,
}

/// One list of exceptions.
#[derive(Debug, Clone, Serialize)]
pub struct Exceptions {
    pub heading: String,
    /// None when the list is empty: `none` says so.
    pub table: Option<TableView>,
    pub none: String,
    /// `… and 4 more: see the agency table.`
    pub more: Option<String>,
}

/// The two sections; None in a site report, whose Teams table shows each team's band.
pub fn programs_view(report: &Report) -> Option<ProgramsView> {
    if report.site.is_some() {
        return None;
    }
    Some(ProgramsView {
        counts: counts_table(report),
        counts_note: counts_note(report),
        chart_title: programs_chart_title(report),
        below: below_minimal(report),
        falls: falls(report),
        overdue: overdue(report),
    })
}

/// The distribution chart's title.
pub fn programs_chart_title(report: &Report) -> String {
    format!("Agencies' and teams' employment rates, {}", report.quarter)
}

/// `3 (42.9%)`: a count and its share of the programs with a rate.
fn share(count: usize, of: usize) -> String {
    match of {
        0 => NO_DATA.to_string(),
        _ => format!(
            "{} ({})",
            thousands(count as u64),
            percent(count as f64 / of as f64)
        ),
    }
}

fn counts_table(report: &Report) -> TableView {
    let programs = &report.programs;
    let (agencies, teams) = (&programs.agencies, &programs.teams);
    let row = |band: &str, a: usize, t: usize| {
        vec![
            band_label(report, band),
            share(a, agencies.total()),
            share(t, teams.total()),
        ]
    };
    let mut rows: Vec<Vec<String>> = agencies
        .by_band()
        .iter()
        .zip(teams.by_band())
        .map(|((band, a), (_, t))| row(band, *a, t))
        .collect();
    rows.push(vec![
        "with a rate".to_string(),
        thousands(agencies.total() as u64),
        thousands(teams.total() as u64),
    ]);
    TableView::new(
        &[
            ("band", Col::Text),
            ("agencies", Col::Number),
            ("teams", Col::Number),
        ],
        rows,
    )
}

/// `average 41–50%`: short, so that the table fits a phone; the chart and the note say that a
/// rate on a benchmark reaches it.
fn band_label(report: &Report, band: &str) -> String {
    let b = &report.benchmarks;
    let whole = crate::report::number::benchmark;
    // `41–50%`, as the chart's bins read: the range's first end without its `%`.
    let from = |x: f64| whole(x).trim_end_matches('%').to_string();
    match band {
        "excellent" => format!("excellent {}+", whole(b.excellent)),
        "average" => format!("average {}–{}", from(b.average), whole(b.excellent)),
        "minimal" => format!("minimal {}–{}", from(b.minimal), whole(b.average)),
        _ => format!("below minimal <{}", whole(b.minimal)),
    }
}

fn counts_note(report: &Report) -> String {
    let hidden = &report.programs.hidden;
    let of = "Each program (an agency, a team) is counted by its own rate in the quarter, a rate on a benchmark reaching it; the shares are of the programs with a rate (they served someone).";
    if !report.public {
        return of.to_string();
    }
    format!(
        "{of} {} and {} whose rate is hidden to protect small numbers are in no band.",
        plural(hidden.agencies, "agency"),
        plural(hidden.teams, "team")
    )
}

/// `Ohio`, from a row's jurisdiction id.
fn jurisdiction_name(report: &Report, id: &str) -> String {
    report
        .jurisdictions
        .iter()
        .find(|j| j.id == id)
        .map_or_else(|| id.to_string(), |j| j.name.clone())
}

/// The first `SHOWN` rows of a list, and a line for the rest.
fn capped(
    heading: String,
    columns: &[(&'static str, Col)],
    rows: Vec<Vec<String>>,
    (none, rest): (&str, &str),
) -> Exceptions {
    let more = rows.len().saturating_sub(SHOWN);
    let rows: Vec<Vec<String>> = rows.into_iter().take(SHOWN).collect();
    Exceptions {
        heading,
        table: (!rows.is_empty()).then(|| TableView::new(columns, rows)),
        none: none.to_string(),
        more: (more > 0).then(|| format!("… and {more} more: {rest}.")),
    }
}

/// A change as the agency table writes it: `−3.2 pp`, marked `†` when different agencies (or,
/// for an agency, different teams' files) make its two quarters.
fn change(row: &AgencyRow) -> String {
    let text = row
        .figures
        .rate_change
        .map_or_else(|| NO_DATA.into(), points);
    match row.figures.rate_change_comparable {
        Some(false) => format!("{text}{NOT_COMPARABLE}"),
        _ => text,
    }
}

fn below_minimal(report: &Report) -> Exceptions {
    let mut rows: Vec<&AgencyRow> = report
        .agencies
        .iter()
        .filter(|row| row.figures.band.as_deref() == Some("below-minimal"))
        .collect();
    rows.sort_by(|a, b| {
        let rate = |row: &AgencyRow| row.figures.rate.unwrap_or_default();
        rate(a)
            .total_cmp(&rate(b))
            .then_with(|| a.name.cmp(&b.name))
    });
    let cells = rows
        .iter()
        .map(|row| {
            vec![
                row.name.clone(),
                row.figures.rate.map_or_else(|| NO_DATA.into(), percent),
                change(row),
                row.figures.served.map_or_else(|| NO_DATA.into(), thousands),
                jurisdiction_name(report, &row.jurisdiction),
            ]
        })
        .collect();
    capped(
        format!(
            "Agencies below minimal (under {}), lowest rate first",
            crate::report::number::benchmark(report.benchmarks.minimal)
        ),
        &[
            ("agency", Col::Text),
            ("rate", Col::Number),
            ("change", Col::Number),
            ("served", Col::Number),
            ("jurisdiction", Col::Text),
        ],
        cells,
        ("No agency is below minimal.", "see the agency table"),
    )
}

fn falls(report: &Report) -> Exceptions {
    let mut rows: Vec<(&AgencyRow, f64)> = report
        .agencies
        .iter()
        .filter_map(|row| Some((row, row.figures.rate_change?)))
        .filter(|(_, change)| *change <= -0.0005)
        .collect();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.name.cmp(&b.0.name)));
    let cells = rows
        .iter()
        .map(|(row, fall)| {
            let now = row.figures.rate.unwrap_or_default();
            vec![
                row.name.clone(),
                change(row),
                percent(now),
                percent(now - fall),
                jurisdiction_name(report, &row.jurisdiction),
            ]
        })
        .collect();
    capped(
        "The largest falls in rate since the quarter before".to_string(),
        &[
            ("agency", Col::Text),
            ("change", Col::Number),
            ("rate", Col::Number),
            ("before", Col::Number),
            ("jurisdiction", Col::Text),
        ],
        cells,
        (
            "No agency's rate fell since the quarter before.",
            "see the agency table",
        ),
    )
}

fn overdue(report: &Report) -> Exceptions {
    let as_of = chrono::NaiveDate::parse_from_str(&report.as_of, "%Y-%m-%d").ok();
    let mut rows: Vec<&FidelityRow> = report
        .fidelity
        .agencies
        .iter()
        .filter(|row| row.status == "overdue")
        .collect();
    rows.sort_by(|a, b| {
        a.next_due
            .cmp(&b.next_due)
            .then_with(|| a.name.cmp(&b.name))
    });
    let cells = rows
        .iter()
        .map(|row| {
            let due = row.next_due.clone().unwrap_or_else(|| NO_DATA.into());
            let days = chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d")
                .ok()
                .zip(as_of)
                .map_or_else(
                    || NO_DATA.into(),
                    |(due, as_of)| thousands((as_of - due).num_days().max(0) as u64),
                );
            vec![
                row.name.clone(),
                days,
                due,
                row.review.clone().unwrap_or_else(|| NO_DATA.into()),
            ]
        })
        .collect();
    capped(
        format!(
            "Fidelity reviews overdue on {}, longest first",
            report.as_of
        ),
        &[
            ("agency", Col::Text),
            ("days overdue", Col::Number),
            ("was due", Col::Short),
            ("latest review", Col::Short),
        ],
        cells,
        ("No fidelity review is overdue.", "see the agency table"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_of_the_programs_with_a_rate() {
        assert_eq!(share(3, 7), "3 (42.9%)");
        assert_eq!(share(0, 0), NO_DATA);
    }
}
