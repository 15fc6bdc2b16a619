//! The improvement plan after a review: the file `ips fidelity plan new` starts, the status of
//! each step, and each goal's result once the next review is held.

use crate::repo::model::{Goal, Plan, Review, Step};
use crate::scale::ITEMS;
use chrono::NaiveDate;
use std::fmt::Write;

/// Scores of 3 or lower are where a plan sets goals (and what a review report recommends on).
pub const WEAK: u8 = 3;

/// The items of a review scored `WEAK` or lower: the lowest first, ties in the scale's order.
pub fn weak_items(review: &Review) -> Vec<(usize, u8)> {
    let mut weak: Vec<(usize, u8)> = review
        .scores
        .iter()
        .enumerate()
        .filter_map(|(index, score)| score.filter(|s| *s <= WEAK).map(|s| (index, s)))
        .collect();
    weak.sort_by_key(|&(index, score)| (score, index));
    weak
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Done,
    DoneLate,
    Open,
    Overdue,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::DoneLate => "done-late",
            StepStatus::Open => "open",
            StepStatus::Overdue => "overdue",
        }
    }
}

/// A step is done (late when after its due date), or open until its due date passes.
pub fn step_status(step: &Step, as_of: NaiveDate) -> StepStatus {
    match step.done.filter(|done| *done <= as_of) {
        Some(done) if done <= step.due => StepStatus::Done,
        Some(_) => StepStatus::DoneLate,
        None if as_of > step.due => StepStatus::Overdue,
        None => StepStatus::Open,
    }
}

/// A goal judged at the next review: its items' scores then, and whether each reached the
/// target (None without a target).
#[derive(Debug, Clone, PartialEq)]
pub struct GoalResult {
    pub review: NaiveDate,
    pub scores: Vec<(usize, Option<u8>)>,
    pub reached: Option<bool>,
}

/// The review after the plan's own, held by `as_of`.
pub fn next_review<'r>(plan: &Plan, reviews: &'r [Review], as_of: NaiveDate) -> Option<&'r Review> {
    reviews
        .iter()
        .find(|review| review.date > plan.review && review.date <= as_of)
}

pub fn goal_result(goal: &Goal, next: Option<&Review>) -> Option<GoalResult> {
    let next = next?;
    let scores: Vec<(usize, Option<u8>)> = goal
        .items
        .iter()
        .map(|&item| (item, next.scores.get(item).copied().flatten()))
        .collect();
    let reached = goal.target.map(|target| {
        scores
            .iter()
            .all(|(_, score)| score.is_some_and(|s| s >= target))
    });
    Some(GoalResult {
        review: next.date,
        scores,
        reached,
    })
}

/// `employer_contact_frequency 3, employer_contact_quality 4`.
pub fn say_scores(scores: &[(usize, Option<u8>)]) -> String {
    let said: Vec<String> = scores
        .iter()
        .map(|(item, score)| match score {
            Some(score) => format!("{} {score}", ITEMS[*item].key),
            None => format!("{} unscored", ITEMS[*item].key),
        })
        .collect();
    said.join(", ")
}

/// Whom and what the plan file is for.
pub struct PlanFor<'a> {
    pub agency: &'a str,
    pub agency_name: Option<&'a str>,
    pub review: &'a Review,
    /// When the plan is due (`plan_within_weeks` after the review).
    pub due: NaiveDate,
}

/// The plan file: its dates, then a commented goal for each item scored 3 or lower, with the
/// reviewers' evidence and recommendation where they wrote them.
pub fn plan_template(plan: &PlanFor<'_>) -> String {
    let review = plan.review;
    let who = match plan.agency_name {
        Some(name) if !name.is_empty() => {
            format!("{} ({})", plan.agency, crate::text::escape_controls(name))
        }
        _ => plan.agency.to_string(),
    };
    let mut text = String::new();
    let _ = write!(
        text,
        "\
# Fidelity improvement plan of {who} after the review of {date}.
# Write it with the IPS trainer and the steering committee's input. Each goal below is an item
# the review scored 3 or lower: remove the `# ` in front of the goals you keep, write the goal,
# its steps (an action, an owner and a due date each; `done` once done), and `written` once the
# plan is written. `ips validate` checks the file; `ips fidelity plan status` follows the steps.

review = {date}
# written = YYYY-MM-DD            # the day the plan was written (due {due})
# steering_committee = YYYY-MM-DD # the day the steering committee gave its input
",
        date = review.date,
        due = plan.due,
    );
    for (item, score) in weak_items(review) {
        goal_block(&mut text, review, item, score);
    }
    text
}

/// One commented goal for an item.
fn goal_block(text: &mut String, review: &Review, item: usize, score: u8) {
    let key = ITEMS[item].key;
    let target = (score + 1).min(5);
    let _ = write!(
        text,
        "\n# Item `{key}`, scored {score}: {}\n",
        ITEMS[item].measures
    );
    if let Some(note) = review.note(item) {
        for (label, said) in [
            ("evidence", &note.evidence),
            ("recommended", &note.recommendation),
        ] {
            if let Some(said) = said {
                let said = crate::text::escape_controls(said).replace('\n', " ");
                let _ = writeln!(text, "#   {label}: {said}");
            }
        }
    }
    let _ = write!(
        text,
        "\
# [[goals]]
# items = [\"{key}\"]
# target = {target}                      # the score aimed for at the next review
# goal = \"...\"
#
# [[goals.steps]]
# action = \"...\"
# owner = \"...\"
# due = YYYY-MM-DD
"
    );
}
