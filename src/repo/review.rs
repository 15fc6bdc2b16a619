//! Reads agencies/<agency>/fidelity/<date>.toml.

use super::model::{Confidentiality, Review, ReviewKind};
use super::toml_fields::{self, Findings};
use crate::calendar;
use crate::closest::closest;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::scale::{self, ITEMS};
use crate::source::SourceText;
use crate::text::quoted;
use chrono::NaiveDate;

/// Reads a review whose file is named `<file_stem>.toml`. The review is None when its date or
/// kind cannot be read; unscored items are None in `scores` and reported, unless the review is
/// dated after `as_of`: a planned review is scored on its day.
pub fn read(
    source: &SourceText,
    file_stem: &str,
    as_of: Option<NaiveDate>,
) -> (Option<Review>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let named_date = named_date(source, file_stem, &mut diagnostics);
    let document = match toml_fields::parse(source) {
        Ok(document) => document,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (None, diagnostics);
        }
    };
    let findings = Findings::new(source);
    findings.check_controls(&document);
    let root = findings.root(&document);
    root.only_keys(&[
        "date",
        "kind",
        "scale",
        "reviewers",
        "plan",
        "scores",
        "method",
        "report_sent",
        "strengths",
        "summary",
        "ratings",
        "notes",
    ]);
    let date = root.date("date", true);
    // Who reviews and how they score are written on the day.
    let planned = date.zip(as_of).is_some_and(|(date, as_of)| date > as_of);
    if let (Some(date), Some(named)) = (date, named_date)
        && date != named
    {
        root.report_value(
            &rules::REVIEW_DATE_MISMATCH,
            "date",
            format!("the review date {date} differs from the file name {file_stem}.toml"),
            format!("rename the file to {date}.toml, or write date = {named}"),
        );
    }
    let kind = root.choice("kind", true, ReviewKind::NAMES);
    root.choice("scale", true, &[scale::SCALE_ID]);
    let reviewers = read_reviewers(&root, planned);
    let plan = root.date("plan", false);
    if let (Some(date), Some(plan)) = (date, plan)
        && plan < date
    {
        root.report_value(
            &rules::DATE_ORDER,
            "plan",
            format!("the improvement plan ({plan}) is dated before the review ({date})"),
            "the plan follows the review: correct `plan` or `date`".into(),
        );
    }
    let scores = read_scores(&root, &findings, planned);
    let written = super::review_written::read(&root, &findings, date, &reviewers, &scores);
    diagnostics.extend(findings.into_diagnostics());
    let review = match (date, kind.and_then(ReviewKind::parse)) {
        (Some(date), Some(kind)) => Some(Review {
            date,
            kind,
            reviewers,
            plan,
            scores,
            written,
        }),
        _ => None,
    };
    (review, diagnostics)
}

/// The date the file is named after; a finding when the name is not a date.
fn named_date(
    source: &SourceText,
    file_stem: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let named_date = calendar::parse_date(file_stem);
    if named_date.is_none() {
        diagnostics.push(
            Diagnostic::new(
                &rules::REVIEW_DATE_MISMATCH,
                &source.origin,
                format!("the review file name `{file_stem}.toml` is not a date"),
            )
            .hint("name the file after the review's date: fidelity/YYYY-MM-DD.toml"),
        );
    }
    named_date
}

/// Who scored the review (required once it is held); a list of no names is a finding.
fn read_reviewers(root: &toml_fields::Fields<'_, '_, '_>, planned: bool) -> Vec<String> {
    let reviewers = root.text_list("reviewers", !planned).unwrap_or_default();
    let listed = root
        .get("reviewers")
        .is_some_and(|v| v.get_ref().is_array());
    if listed && reviewers.iter().all(|name| name.trim().is_empty()) {
        // A review names who did it: the confidentiality milestone is judged by these names.
        root.report_value(
            &rules::MISSING_KEY,
            "reviewers",
            "`reviewers` names nobody".into(),
            "list the reviewers who scored the review: reviewers = [\"A. Reviewer\", \"B. Reviewer\"]".into(),
        );
    }
    reviewers
}

/// `unknown-reviewer`: a reviewer of a held review whose name is not in the agency's
/// confidentiality list but close to a name there (`Jerome Baptist` beside `Jerome Baptiste`),
/// names compared as the confidentiality milestone compares them (ignoring case and repeated
/// spaces): a misspelling found before the milestone is missed over it. A reviewer near no
/// signed name is left to `ips agreement status`, which says they have not signed.
pub fn check_reviewers(
    source: &SourceText,
    review: &Review,
    signed: &[Confidentiality],
    agency_path: &str,
) -> Vec<Diagnostic> {
    let normal = |name: &str| {
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let signed_names: Vec<String> = signed.iter().map(|c| normal(&c.name)).collect();
    let signed_refs: Vec<&str> = signed_names.iter().map(String::as_str).collect();
    let mut diagnostics = Vec::new();
    for reviewer in &review.reviewers {
        let name = reviewer.trim();
        let listed = signed
            .iter()
            .any(|c| crate::text::same_person(&c.name, reviewer));
        if name.is_empty() || listed {
            continue;
        }
        let Some(near) = closest(&normal(name), &signed_refs)
            .and_then(|near| signed_names.iter().position(|n| n == near))
            .map(|index| &signed[index])
        else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            &rules::UNKNOWN_REVIEWER,
            &source.origin,
            format!(
                "reviewer {} is not in the agency's confidentiality list",
                quoted(name)
            ),
        )
        .hint(format!(
            "did you mean {}, who signed on {}? Write the name as {agency_path} lists it, or add the reviewer's own signature there",
            quoted(&near.name),
            near.signed
        ));
        if let Some(offset) = reviewer_offset(&source.text, reviewer) {
            diagnostic = diagnostic.at_position(source.position(offset));
        }
        diagnostics.push(diagnostic);
    }
    diagnostics
}

/// Where a reviewer's name is written in the `reviewers` list, as a basic or literal string.
fn reviewer_offset(text: &str, reviewer: &str) -> Option<usize> {
    let list = text.find("reviewers")?;
    let after = &text[list..];
    let found = after
        .find(&format!("\"{reviewer}\""))
        .or_else(|| after.find(&format!("'{reviewer}'")));
    Some(list + found.unwrap_or(0))
}

/// The 25 scores; an unscored item is reported unless the review is `planned`.
fn read_scores(
    root: &toml_fields::Fields<'_, '_, '_>,
    findings: &Findings<'_>,
    planned: bool,
) -> Vec<Option<u8>> {
    match root.table("scores", !planned) {
        Some(table) => super::scores::score_table(&table, findings, !planned),
        None => vec![None; ITEMS.len()],
    }
}
