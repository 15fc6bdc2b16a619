//! The "restated since" section as people read it.

use super::{Col, NO_DATA, TableView, percent, points, thousands};
use crate::report::model::{Report, Restated};
use serde::Serialize;

/// Commits read as git's short form in the tables; JSON has them in full.
const COMMIT_SHOWN: usize = 7;

#[derive(Debug, Clone, Serialize)]
pub struct RestatedView {
    /// `Restated since v2026-Q2`.
    pub heading: String,
    /// What was compared, and what differs, in a sentence.
    pub summary: String,
    /// Each restated quarter: then and now (in a public report, how many counts only).
    pub quarters: Option<TableView>,
    /// Each restated count (internal reports).
    pub changes: Option<TableView>,
    /// `… and 12 more: ips outcomes diff v2026-Q2 lists them all.`
    pub left_out: Option<String>,
}

pub fn restated_view(report: &Report) -> Option<RestatedView> {
    let restated = report.restated.as_ref()?;
    let counts: usize = restated.quarters.iter().map(|q| q.counts).sum();
    let diff = format!("ips outcomes diff {}", restated.since);
    let summary = match (counts, report.public) {
        (0, _) => format!(
            "No count of {} or before differs from the outcome files at {}.",
            report.quarter,
            at(restated)
        ),
        (_, false) => format!(
            "{} from the outcome files at {}: a report made from them showed the figures before.",
            differ(counts, restated.quarters.len()),
            at(restated)
        ),
        (_, true) => format!(
            "{} from the outcome files at {}. A public report leaves out their figures, which are those of single teams; {diff} lists them.",
            differ(counts, restated.quarters.len()),
            at(restated)
        ),
    };
    let left_out = (restated.changes_left_out > 0).then(|| {
        format!(
            "… and {} more: {diff} lists them all.",
            restated.changes_left_out
        )
    });
    Some(RestatedView {
        heading: format!("Restated since {}", restated.since),
        summary,
        quarters: (counts > 0).then(|| quarters_table(restated, report.public)),
        changes: restated
            .changes
            .as_ref()
            .filter(|changes| !changes.is_empty())
            .map(|_| changes_table(restated)),
        left_out,
    })
}

/// `v2026-Q2 (a1b2c3d)`, or the commit alone when that is what was given.
fn at(restated: &Restated) -> String {
    if restated.commit.starts_with(&restated.since) || restated.since.starts_with(&restated.commit)
    {
        restated.commit.clone()
    } else {
        format!("{} ({})", restated.since, restated.commit)
    }
}

/// `1 count in 1 quarter differs`, `3 counts in 2 quarters differ`.
fn differ(counts: usize, quarters: usize) -> String {
    let plural = |n: usize, word: &str| match n {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    };
    let verb = if counts == 1 { "differs" } else { "differ" };
    format!(
        "{} in {} {verb}",
        plural(counts, "count"),
        plural(quarters, "quarter")
    )
}

fn count(value: Option<u64>) -> String {
    value.map_or_else(|| NO_DATA.to_string(), thousands)
}

fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| NO_DATA.to_string(), percent)
}

fn quarters_table(restated: &Restated, public: bool) -> TableView {
    if public {
        return TableView::new(
            &[("quarter", Col::Short), ("counts restated", Col::Number)],
            restated
                .quarters
                .iter()
                .map(|q| vec![q.quarter.clone(), q.counts.to_string()])
                .collect(),
        );
    }
    TableView::new(
        &[
            ("quarter", Col::Short),
            ("counts restated", Col::Number),
            ("served", Col::Number),
            ("employed", Col::Number),
            ("rate", Col::Number),
            ("change", Col::Number),
        ],
        restated
            .quarters
            .iter()
            .map(|q| {
                vec![
                    q.quarter.clone(),
                    super::super::number::count(q.counts),
                    then_now(count(q.served_before), count(q.served_after)),
                    then_now(count(q.employed_before), count(q.employed_after)),
                    then_now(rate(q.rate_before), rate(q.rate_after)),
                    q.rate_change.map_or_else(|| NO_DATA.to_string(), points),
                ]
            })
            .collect(),
    )
}

/// `503 → 507`: the figure a report from the earlier revision showed, and the figure now.
fn then_now(before: String, after: String) -> String {
    format!("{before} → {after}")
}

fn changes_table(restated: &Restated) -> TableView {
    TableView::new(
        &[
            ("quarter", Col::Short),
            ("agency", Col::Text),
            ("team", Col::Text),
            ("field", Col::Short),
            ("before", Col::Number),
            ("now", Col::Number),
            ("commit", Col::Short),
        ],
        restated
            .changes
            .iter()
            .flatten()
            .map(|change| {
                vec![
                    change.quarter.clone(),
                    change.agency_name.clone(),
                    change.team.clone(),
                    change.field.to_string(),
                    count(change.before),
                    count(change.after),
                    change.commit.as_deref().map_or_else(
                        || "not committed".to_string(),
                        |commit| commit.chars().take(COMMIT_SHOWN).collect(),
                    ),
                ]
            })
            .collect(),
    )
}
