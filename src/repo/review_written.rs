//! The parts of a review file beyond its scores (additions to format 1): how the review was
//! made (`method`), the report (`report_sent`, `strengths`, `summary`), each reviewer's own
//! `[ratings."Name"]` and the `[notes.ITEM]`.

use super::model::{ItemNote, ReviewMethod, ReviewWritten};
use super::scores::{score_table, unknown_item};
use super::toml_fields::{Fields, Findings};
use crate::closest::closest;
use crate::rules;
use crate::scale::{self, ITEMS};
use crate::text::{quoted, same_person};
use chrono::NaiveDate;

/// Reads what the reviewers wrote; `scores` are the consensus scores, checked against the
/// ratings.
pub fn read(
    root: &Fields<'_, '_, '_>,
    findings: &Findings<'_>,
    date: Option<NaiveDate>,
    reviewers: &[String],
    scores: &[Option<u8>],
) -> ReviewWritten {
    let method = root
        .choice("method", false, ReviewMethod::NAMES)
        .and_then(ReviewMethod::parse);
    let report_sent = root.date("report_sent", false);
    if let (Some(date), Some(sent)) = (date, report_sent)
        && sent < date
    {
        root.report_value(
            &rules::DATE_ORDER,
            "report_sent",
            format!("the review report was sent ({sent}) before the review ({date})"),
            "the report follows the review: correct `report_sent` or `date`".into(),
        );
    }
    let ratings = read_ratings(root, findings, reviewers);
    check_consensus(root, scores, &ratings);
    ReviewWritten {
        method,
        report_sent,
        strengths: root.text_list("strengths", false).unwrap_or_default(),
        summary: root.text("summary", false),
        ratings,
        notes: read_notes(root),
    }
}

/// `[ratings."Name"]`: each named by one of the review's reviewers, scoring every item.
fn read_ratings(
    root: &Fields<'_, '_, '_>,
    findings: &Findings<'_>,
    reviewers: &[String],
) -> Vec<(String, Vec<Option<u8>>)> {
    let Some(ratings) = root.table("ratings", false) else {
        return Vec::new();
    };
    let names: Vec<&str> = reviewers.iter().map(String::as_str).collect();
    let mut read = Vec::new();
    for key in ratings.keys() {
        let name = key.get_ref();
        if !reviewers.iter().any(|r| same_person(r, name)) {
            let hint = match closest(name, &names) {
                Some(near) => format!(
                    "did you mean {}? Name each ratings table as `reviewers` spells the name",
                    quoted(near)
                ),
                None if names.is_empty() => {
                    "list the reviewers first: reviewers = [\"A. Reviewer\", \"B. Reviewer\"]"
                        .into()
                }
                None => format!(
                    "name each ratings table after one of the reviewers: {}",
                    names
                        .iter()
                        .map(|n| quoted(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            ratings.report_at(
                &rules::RATING_REVIEWER,
                key.span().start,
                format!(
                    "the ratings of {} are not those of a reviewer of this review",
                    quoted(name)
                ),
                hint,
            );
        }
        if let Some(table) = ratings.table(name, true) {
            read.push((name.to_string(), score_table(&table, findings, true)));
        }
    }
    read
}

/// `consensus-outside-ratings`: a consensus score below every reviewer's rating of the item, or
/// above every one.
fn check_consensus(
    root: &Fields<'_, '_, '_>,
    scores: &[Option<u8>],
    ratings: &[(String, Vec<Option<u8>>)],
) {
    // A [scores] that is no table is reported where the scores are read.
    if ratings.is_empty() || !root.get("scores").is_some_and(|v| v.get_ref().is_table()) {
        return;
    }
    let Some(table) = root.table("scores", false) else {
        return;
    };
    for (index, item) in ITEMS.iter().enumerate() {
        let Some(score) = scores.get(index).copied().flatten() else {
            continue;
        };
        let rated: Vec<u8> = ratings.iter().filter_map(|(_, r)| r[index]).collect();
        let (Some(&low), Some(&high)) = (rated.iter().min(), rated.iter().max()) else {
            continue;
        };
        if (low..=high).contains(&score) {
            continue;
        }
        let range = match low == high {
            true => format!("{low}"),
            false => format!("{low} to {high}"),
        };
        table.report_value(
            &rules::CONSENSUS_OUTSIDE_RATINGS,
            item.key,
            format!(
                "the consensus score of `{}` is {score}, outside the reviewers' own ratings ({range})",
                item.key
            ),
            format!(
                "reviewers agree on a score within their ratings: check {} = {score} and the ratings",
                item.key
            ),
        );
    }
}

/// `[notes.ITEM]`, each with an optional `evidence` and `recommendation`; an item not of the
/// scale is reported.
fn read_notes(root: &Fields<'_, '_, '_>) -> Vec<ItemNote> {
    let Some(notes) = root.table("notes", false) else {
        return Vec::new();
    };
    let mut read = vec![ItemNote::default(); ITEMS.len()];
    for key in notes.keys() {
        let Some(index) = scale::item_index(key.get_ref()) else {
            unknown_item(&notes, &rules::UNKNOWN_ITEM, key);
            continue;
        };
        let Some(table) = notes.table(key.get_ref(), true) else {
            continue;
        };
        table.only_keys(&["evidence", "recommendation"]);
        read[index] = ItemNote {
            evidence: table.text("evidence", false),
            recommendation: table.text("recommendation", false),
        };
    }
    read
}
