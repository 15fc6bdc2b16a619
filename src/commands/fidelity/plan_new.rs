//! `ips fidelity plan new AGENCY [--review DATE]`

use crate::cli::fidelity::PlanNewArgs;
use crate::commands::{as_of, load};
use crate::error::{Result, usage};
use crate::fidelity::improvement::{self, PlanFor};
use crate::fidelity::plan;
use crate::filter::Places;
use crate::gate;
use crate::repo::model::Review;
use crate::repo::{AGENCIES_DIR, AgencyRecord, Needs, PLANS_DIR, Parts, Reviews};
use crate::text::plural;
use crate::write::{self, Created};
use std::io::Write;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &PlanNewArgs) -> Result<()> {
    let as_of = as_of(&args.as_of);
    let needs = Needs {
        places: Places::agencies([args.agency.as_str()]),
        parts: Parts {
            reviews: Reviews::Full,
            ..Parts::NONE
        },
        as_of: Some(as_of),
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let what = format!("the improvement plan of {}", args.agency);
    gate::whole(&repo, &gate::cannot_compute(&what), None)?;
    let Some(record) = repo.agency(&args.agency) else {
        return Ok(());
    };
    let review = the_review(record, args, as_of)?;
    let relative = format!(
        "{AGENCIES_DIR}/{}/{PLANS_DIR}/{}.toml",
        record.folder, review.date
    );
    let text = improvement::plan_template(&PlanFor {
        agency: &record.folder,
        agency_name: record.agency.as_ref().map(|a| a.name.as_str()),
        review,
        due: plan::due_date(review, &repo.settings.fidelity),
    });
    let path = repo.tree.path(&relative);
    if write::create_new(&path, text.as_bytes())? == Created::Exists {
        return Err(
            usage(format!("{relative} already exists: nothing was written"))
                .hint("edit that file; `ips fidelity plan status` shows its steps")
                .into(),
        );
    }
    let goals = improvement::weak_items(review).len();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created {relative} ({} scored 3 or lower, each a goal to keep or remove)\n\
         Next: write the goals and their steps, and `written` once the plan is written, then run `ips validate {relative}`.",
        plural(goals, "item")
    )?;
    Ok(())
}

/// The review of `--review`, else the latest held by `as_of`.
fn the_review<'r>(
    record: &'r AgencyRecord,
    args: &PlanNewArgs,
    as_of: chrono::NaiveDate,
) -> Result<&'r Review> {
    let held = || record.reviews.iter().filter(|r| r.date <= as_of);
    let found = match args.review {
        Some(date) => record.reviews.iter().find(|r| r.date == date),
        None => held().next_back(),
    };
    if let Some(review) = found {
        return Ok(review);
    }
    // The latest three, so that the hint stays short after years of reviews.
    let dates: Vec<String> = held().map(|r| r.date.to_string()).collect();
    let dates = &dates[dates.len().saturating_sub(3)..];
    let (message, hint) = match (args.review, dates.last()) {
        (Some(date), Some(_)) => (
            format!(
                "{} has no review on {date}: nothing was written",
                record.folder
            ),
            format!(
                "its latest reviews: {}; name one with --review",
                dates.join(", ")
            ),
        ),
        _ => (
            format!(
                "{} has no fidelity review on or before {as_of}: nothing was written",
                record.folder
            ),
            format!(
                "a plan follows a review: start the review with `ips fidelity new {} --date YYYY-MM-DD`",
                record.folder
            ),
        ),
    };
    Err(usage(message).hint(hint).into())
}
