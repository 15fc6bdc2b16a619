//! The report's words: the quarter's months, and the notes on definitions and methods.

use super::Question;
use super::model::{DataVersion, Suppression};
use super::number::benchmark;
use crate::calendar::Quarter;
use crate::outcomes::public_note::small_counts;
use crate::repo::Repository;

/// `July–September 2026`.
pub fn quarter_label(quarter: Quarter) -> String {
    let months = match quarter.number {
        1 => "January–March",
        2 => "April–June",
        3 => "July–September",
        _ => "October–December",
    };
    format!("{months} {}", quarter.year)
}

/// Definitions and methods, in reading order.
pub fn notes(
    repo: &Repository,
    question: &Question<'_>,
    data: Option<&DataVersion>,
    suppression: Option<&Suppression>,
) -> Vec<String> {
    let b = repo.settings.benchmarks;
    let quarter = question.quarter;
    let mut notes = vec![
        format!(
            "The employment rate is the share of people served in {quarter} who worked in a competitive job during the quarter. It is pooled: the sum of those employed over the sum of those served, never a mean of the agencies' or teams' rates."
        ),
        "A quarterly rate is about half an ever-employed (cumulative) rate for the same program; the two are not comparable.".to_string(),
        format!(
            "Benchmark bands of a quarterly rate (ips.toml): excellent at {} or more, average at {}, minimal at {}; below {} is below the minimal standard.",
            benchmark(b.excellent),
            benchmark(b.average),
            benchmark(b.minimal),
            benchmark(b.minimal)
        ),
        "Changes are in percentage points: the rate minus that of the previous quarter, or of the same quarter a year earlier, of the agencies that reported then. A change marked † compares quarters that different agencies reported (one joined, or one did not report): part of it is a change of who reported.".to_string(),
        format!(
            "An agency is expected to report {quarter} once its baseline fidelity review was on or before the quarter's last day ({}).",
            quarter.last_day()
        ),
        "Fidelity bands of the IPS-25 total: 115–125 exemplary, 100–114 good, 74–99 fair, 25–73 not supported employment. The latest review is the last one on or before the quarter's last day; the next review is due 6 months after a review below good and 12 months after a good one (ips.toml [fidelity]).".to_string(),
        "Pearson's r measures how closely the latest fidelity total and the quarter's employment rate move together across agencies (from -1 to 1); it does not say that one causes the other.".to_string(),
    ];
    if let Some(hidden) = suppression {
        notes.push(format!(
            "Small numbers are hidden: {}; counts hidden so that those cannot be worked out from a total, and rates, bands, changes or chart points that would give them away, show as * or are left out. {} hidden in this report. The tables and charts of this report are protected together; combining it with another report of the same quarter can still narrow a hidden value.",
            small_counts("counts", hidden.suppress_below, hidden.suppress_zero),
            match hidden.hidden {
                1 => "1 figure is".to_string(),
                n => format!("{n} figures are"),
            }
        ));
    }
    let source = match data {
        Some(version) if version.dirty => format!(
            "from the data at commit {} with uncommitted changes",
            version.commit
        ),
        Some(version) => format!("from the data at commit {}", version.commit),
        None => "from data that is not in a git repository".to_string(),
    };
    notes.push(format!(
        "Figures as of {}, {source}, by ips {}.",
        question.as_of,
        env!("CARGO_PKG_VERSION")
    ));
    notes
}

/// `IPS outcomes, 2026-Q3 (July–September 2026)`, or ips.toml `[report] title` in place of
/// `IPS outcomes`.
pub fn title(repo: &Repository, quarter: Quarter) -> String {
    let words = repo.settings.report.title.as_deref();
    format!(
        "{}, {quarter} ({})",
        words.unwrap_or("IPS outcomes"),
        quarter_label(quarter)
    )
}
