//! Reads agencies/<agency>/plans/<review-date>.toml, the improvement plan after a review, and
//! checks it against the agency's reviews.

use super::model::{Goal, Plan, Review, Step};
use super::scores::unknown_item;
use super::text_file::read_text;
use super::toml_fields::{self, Fields, Findings};
use super::tree::{Entry, Tree};
use super::{AGENCIES_DIR, AgencyRecord, PLANS_DIR};
use crate::calendar;
use crate::diagnostic::{AgencyFile, Diagnostic, Origin, Subject};
use crate::rules;
use crate::scale::{self, MAX_SCORE, MIN_SCORE};
use crate::source::SourceText;
use chrono::NaiveDate;
use std::sync::Arc;

/// Reads a plan whose file is named `<file_stem>.toml`; None when its review date cannot be
/// known. A step marked done after `as_of` is reported.
pub fn read(
    source: &SourceText,
    file_stem: &str,
    as_of: Option<NaiveDate>,
) -> (Option<Plan>, Vec<Diagnostic>) {
    let document = match toml_fields::parse(source) {
        Ok(document) => document,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let findings = Findings::new(source);
    findings.check_controls(&document);
    let root = findings.root(&document);
    root.only_keys(&["review", "written", "steering_committee", "goals"]);
    let named = calendar::parse_date(file_stem);
    let review = root.date("review", true);
    match (review, named) {
        (_, None) => findings.report(
            &rules::PLAN_REVIEW,
            0,
            format!("the plan file name `{file_stem}.toml` is not a date"),
            "name the plan after the date of the review it answers: plans/YYYY-MM-DD.toml".into(),
        ),
        (Some(review), Some(named)) if review != named => root.report_value(
            &rules::PLAN_REVIEW,
            "review",
            format!(
                "the plan answers the review of {review}, but its file is named {file_stem}.toml"
            ),
            format!("rename the file to {review}.toml, or write review = {named}"),
        ),
        _ => {}
    }
    // A plan being drafted (as `ips fidelity plan new` starts it) has no `written` yet.
    let written = root.date("written", false);
    let steering_committee = root.date("steering_committee", false);
    for (key, date) in [
        ("written", written),
        ("steering_committee", steering_committee),
    ] {
        if let (Some(review), Some(date)) = (review, date)
            && date < review
        {
            root.report_value(
                &rules::DATE_ORDER,
                key,
                format!("`{key}` ({date}) is before the review ({review})"),
                format!("the plan follows the review: correct `{key}` or `review`"),
            );
        }
    }
    // Steps done after the date judged by are findings only in a plan of a review held by then.
    let judged = as_of.filter(|day| review.or(named).is_none_or(|review| review <= *day));
    let goals = root
        .tables("goals", false)
        .iter()
        .filter_map(|table| read_goal(table, judged))
        .collect();
    let plan = named.map(|named| Plan {
        review: named,
        written,
        written_at: source.position(root.value_offset("written")),
        steering_committee,
        goals,
    });
    (plan, findings.into_diagnostics())
}

fn read_goal(table: &Fields<'_, '_, '_>, as_of: Option<NaiveDate>) -> Option<Goal> {
    table.only_keys(&["items", "target", "goal", "steps"]);
    let items = read_items(table);
    let target = table
        .whole_number(
            "target",
            false,
            (MIN_SCORE, MAX_SCORE),
            &rules::SCORE_RANGE,
            4,
        )
        .map(|t| t as u8);
    let goal = table.text("goal", true);
    let steps: Vec<Step> = table
        .tables("steps", false)
        .iter()
        .filter_map(|step| read_step(step, as_of))
        .collect();
    Some(Goal {
        items: items?,
        target,
        goal: goal?,
        steps,
    })
}

/// A goal's `items`: keys of the scale, the unknown ones reported with the item meant.
fn read_items(table: &Fields<'_, '_, '_>) -> Option<Vec<usize>> {
    let value = table.get("items");
    let keys = table.text_list("items", true)?;
    if keys.is_empty() {
        table.report_value(
            &rules::MISSING_KEY,
            "items",
            format!("`{}.items` names no item", table.name()),
            "name the items the goal improves: items = [\"employer_contact_frequency\"]".into(),
        );
        return None;
    }
    let mut items = Vec::new();
    let array = value.and_then(|v| v.get_ref().as_array());
    for (position, key) in keys.iter().enumerate() {
        match scale::item_index(key) {
            Some(index) => items.push(index),
            None => {
                let spanned = array.and_then(|a| a.get(position)).map(|v| {
                    toml::Spanned::new(v.span(), std::borrow::Cow::Borrowed(key.as_str()))
                });
                if let Some(spanned) = spanned {
                    unknown_item(table, &rules::UNKNOWN_ITEM, &spanned);
                }
            }
        }
    }
    (items.len() == keys.len()).then_some(items)
}

fn read_step(table: &Fields<'_, '_, '_>, as_of: Option<NaiveDate>) -> Option<Step> {
    table.only_keys(&["action", "owner", "due", "done"]);
    let action = table.text("action", true);
    let owner = table.text("owner", true);
    let due = table.date("due", true);
    let done = table.date("done", false);
    if let (Some(done), Some(as_of)) = (done, as_of)
        && done > as_of
    {
        table.report_value(
            &rules::FUTURE_STEP,
            "done",
            format!("the step is marked done on {done}, after {as_of} (the date judged by): it counts as not done"),
            "if it is done, correct `done` to the day it was done (2026 for 2062); a step done later is marked on that day".into(),
        );
    }
    Some(Step {
        action: action?,
        owner: owner?,
        due: due?,
        done,
    })
}

/// `plan-review` and `plan-date-mismatch`: each plan answers a review of the agency (by the
/// review files' names), and a plan date in both the review and the plan is the same day.
/// `path` names a plan file from its review date.
pub fn check_against_reviews(
    plans: &[Plan],
    review_dates: &[NaiveDate],
    reviews: &[Review],
    origin: impl Fn(NaiveDate) -> crate::diagnostic::Origin,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for plan in plans {
        if review_dates.binary_search(&plan.review).is_err() {
            let hint = match review_dates.iter().rev().find(|d| **d < plan.review) {
                Some(before) => format!(
                    "the latest review before it is on {before}: name the plan after the review it answers (plans/DATE.toml, review = DATE), or add the review fidelity/{}.toml",
                    plan.review
                ),
                None => format!(
                    "add the review fidelity/{}.toml, or correct the plan's date",
                    plan.review
                ),
            };
            diagnostics.push(
                Diagnostic::new(
                    &rules::PLAN_REVIEW,
                    &origin(plan.review),
                    format!(
                        "the agency has no review on {}, which this plan answers",
                        plan.review
                    ),
                )
                .hint(hint),
            );
        }
        let stated = reviews
            .iter()
            .find(|r| r.date == plan.review)
            .and_then(|r| r.plan);
        if let (Some(stated), Some(written)) = (stated, plan.written)
            && stated != written
        {
            diagnostics.push(
                Diagnostic::new(
                    &rules::PLAN_DATE_MISMATCH,
                    &origin(plan.review),
                    format!(
                        "the plan was written on {written}, but the review of {} says plan = {stated}",
                        plan.review
                    ),
                )
                .at_position(plan.written_at)
                .hint(format!(
                    "write the same day in both: written = {stated} here, or plan = {written} in fidelity/{}.toml",
                    plan.review
                )),
            );
        }
    }
    diagnostics
}

/// What reading an agency's plans/ folder found.
pub struct ReadFolder {
    pub plans: Vec<Plan>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<String>,
}

/// Reads every plan file of an agency's plans/ folder.
pub fn read_folder(tree: &Tree, folder: &Arc<str>, as_of: Option<NaiveDate>) -> ReadFolder {
    let dir = format!("{AGENCIES_DIR}/{folder}/{PLANS_DIR}");
    let subject = Subject::Agency(folder.clone(), AgencyFile::Plan);
    let stray = Subject::Agency(folder.clone(), AgencyFile::Stray);
    let mut read = ReadFolder {
        plans: Vec::new(),
        diagnostics: Vec::new(),
        files: Vec::new(),
    };
    let origin = Origin::new(dir.clone(), subject.clone());
    let Some(listed) = super::listing::entries(tree, &origin, &stray, &mut read.diagnostics) else {
        return read;
    };
    for Entry { name, is_dir } in listed {
        let path = format!("{dir}/{name}");
        let Some(stem) = name.strip_suffix(".toml").filter(|_| !is_dir) else {
            let origin = Origin::new(path, stray.clone());
            let what = "not a plan file (plans/YYYY-MM-DD.toml, after the review's date)";
            read.diagnostics.push(super::unexpected(&origin, what));
            continue;
        };
        read.files.push(path.clone());
        match read_text(tree, Origin::new(path, subject.clone())) {
            Ok(source) => {
                let (plan, found) = self::read(&source, stem, as_of);
                read.plans.extend(plan);
                read.diagnostics.extend(found);
            }
            Err(diagnostic) => read.diagnostics.push(diagnostic),
        }
    }
    read.plans.sort_by_key(|plan| plan.review);
    read
}

/// Checks an agency's plans against its reviews, then lets each plan's `written` stand for its
/// review's `plan` date where the review has none: one plan date, whichever file holds it.
pub fn settle(record: &mut AgencyRecord) -> Vec<Diagnostic> {
    let folder = record.folder.clone();
    let origin = |date: NaiveDate| {
        Origin::new(
            format!("{AGENCIES_DIR}/{folder}/{PLANS_DIR}/{date}.toml"),
            Subject::Agency(folder.clone(), AgencyFile::Plan),
        )
    };
    let dates = &record.review_dates;
    let found = check_against_reviews(&record.plans, dates, &record.reviews, origin);
    for plan in &record.plans {
        let review = record.reviews.iter_mut().find(|r| r.date == plan.review);
        if let Some(review) = review
            && review.plan.is_none()
        {
            review.plan = plan.written;
        }
    }
    found
}
