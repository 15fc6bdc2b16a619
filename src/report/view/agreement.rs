//! The agreement as a community reads it: agencies counted by jurisdiction and by trainer, the
//! agencies with something overdue named with what, and (in the appendix) what was missed. The
//! full checklist of each milestone's months is the site report's (`--agency`).

use super::{Col, TableView, thousands};
use crate::report::model::{AgreementGroup, AgreementRow, AgreementSummary, Report};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub jurisdictions: TableView,
    pub trainers: TableView,
    /// The agencies with a milestone overdue; `None` when none has.
    pub overdue: Option<TableView>,
    /// The agencies with a milestone missed, for the appendix; `None` when none has.
    pub missed: Option<TableView>,
    /// `12 of 300 agencies have a milestone overdue.`
    pub summary: String,
    /// What the summary tables count, under the two.
    pub counted: &'static str,
}

/// What the summary tables count, under each.
const COUNTED_KEY: &str = "Agencies counted: met, nothing overdue or missed; open, a milestone not yet due; overdue, a milestone past due and not yet met; missed, a period that passed without it. An agency may count in several columns.";

/// A missed milestone's periods beyond this many are counted, not listed.
const PERIODS_LISTED: usize = 2;

pub fn agreement_view(report: &Report) -> Option<AgreementView> {
    let rows = report.agreement.as_ref()?;
    let summary = report.agreement_summary.as_ref()?;
    let overdue = in_table_order(summary, rows.iter().filter(|r| r.overdue > 0));
    let missed = in_table_order(summary, rows.iter().filter(|r| r.missed > 0));
    Some(AgreementView {
        jurisdictions: group_table("jurisdiction", &summary.jurisdictions),
        trainers: group_table("trainer", &summary.trainers),
        overdue: (!overdue.is_empty())
            .then(|| named_table(report, &overdue, "what is overdue", |r| &r.overdue_items)),
        missed: (!missed.is_empty())
            .then(|| named_table(report, &missed, "what was missed", |r| &r.missed_items)),
        summary: summary_line(rows.len(), overdue.len(), missed.len()),
        counted: COUNTED_KEY,
    })
}

/// The agencies as the agency table has them: by jurisdiction in ips.toml order, then by name
/// (then id). In the order of their ids, which these tables do not show, a reader could not
/// find an agency among 300.
fn in_table_order<'a>(
    summary: &AgreementSummary,
    rows: impl Iterator<Item = &'a AgreementRow>,
) -> Vec<&'a AgreementRow> {
    let place = |row: &AgreementRow| {
        summary
            .jurisdictions
            .iter()
            .position(|j| j.id.as_deref() == Some(row.jurisdiction.as_str()))
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<&AgreementRow> = rows.collect();
    rows.sort_by(|a, b| (place(a), &a.name, &a.id).cmp(&(place(b), &b.name, &b.id)));
    rows
}

/// `2 of 7 agencies have a milestone overdue; 2 missed one in the months the status weighs.`
fn summary_line(agencies: usize, overdue: usize, missed: usize) -> String {
    let overdue = match overdue {
        0 => format!(
            "None of the {} has a milestone overdue",
            super::counted(agencies, "agency")
        ),
        n => format!(
            "{} of {} {} a milestone overdue",
            thousands(n as u64),
            super::counted(agencies, "agency"),
            if n == 1 { "has" } else { "have" }
        ),
    };
    format!(
        "{overdue}; {} missed one in the months the status weighs.",
        thousands(missed as u64)
    )
}

fn group_table(heading: &'static str, groups: &[AgreementGroup]) -> TableView {
    TableView::new(
        &[
            (heading, Col::Text),
            ("agencies", Col::Number),
            ("met", Col::Number),
            ("open", Col::Number),
            ("overdue", Col::Number),
            ("missed", Col::Number),
        ],
        groups
            .iter()
            .map(|g| {
                let count = |n: usize| thousands(n as u64);
                vec![
                    g.name.clone(),
                    count(g.agencies),
                    count(g.met),
                    count(g.open),
                    count(g.overdue),
                    count(g.missed),
                ]
            })
            .collect(),
    )
}

/// The agencies of `rows`, with their jurisdiction, trainer and the milestones `items` gives.
fn named_table(
    report: &Report,
    rows: &[&AgreementRow],
    what: &'static str,
    items: fn(&AgreementRow) -> &Vec<String>,
) -> TableView {
    TableView::new(
        &[
            ("agency", Col::Text),
            ("jurisdiction", Col::Text),
            ("trainer", Col::Text),
            (what, Col::Prose),
        ],
        rows.iter()
            .map(|row| {
                let jurisdiction = report
                    .agreement_summary
                    .as_ref()
                    .and_then(|s| {
                        s.jurisdictions
                            .iter()
                            .find(|j| j.id.as_deref() == Some(&row.jurisdiction))
                    })
                    .map_or_else(|| row.jurisdiction.clone(), |j| j.name.clone());
                vec![
                    row.name.clone(),
                    jurisdiction,
                    row.trainer
                        .clone()
                        .unwrap_or_else(|| super::NO_DATA.to_string()),
                    items(row)
                        .iter()
                        .map(|item| item_words(item))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    )
}

/// `employer visits: 2026-01, 2026-05 and 1 more`: a milestone in words, with its first
/// periods and how many more, never a list of every month.
pub fn item_words(item: &str) -> String {
    let (id, missing) = item.split_once(": ").unwrap_or((item, ""));
    let id = id.replace('-', " ");
    if missing.is_empty() {
        return id;
    }
    let periods: Vec<&str> = missing.split(", ").collect();
    match periods.len() {
        n if n <= PERIODS_LISTED + 1 => format!("{id}: {missing}"),
        n => format!(
            "{id}: {} and {} more",
            periods[..PERIODS_LISTED].join(", "),
            n - PERIODS_LISTED
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::item_words;

    #[test]
    fn a_milestone_names_its_first_periods_and_counts_the_rest() {
        assert_eq!(
            item_words("outcomes-review: 2026-Q2"),
            "outcomes review: 2026-Q2"
        );
        assert_eq!(
            item_words("employer-visits: 2026-01, 2026-05, 2026-09, 2026-10"),
            "employer visits: 2026-01, 2026-05 and 2 more"
        );
        assert_eq!(item_words("signatures"), "signatures");
    }
}
