//! `ips fidelity new AGENCY --date DATE`

use crate::cli::fidelity::NewArgs;
use crate::commands::load;
use crate::error::{Result, Usage, usage};
use crate::fidelity::plan;
use crate::fidelity::scale::ITEM_COUNT;
use crate::fidelity::template::{TemplateFor, review_template};
use crate::filter::Places;
use crate::repo::model::ReviewKind;
use crate::repo::{AGENCIES_DIR, AgencyRecord, FIDELITY_DIR, Needs, Parts, Reviews};
use crate::write::{self, Created};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// A review before the start is a typo (2020 for 2026), and would be taken for the baseline.
fn after_start(record: &AgencyRecord, date: NaiveDate) -> Result<(), Usage> {
    match &record.agency {
        Some(agency) if date < agency.start => Err(usage(format!(
            "{date} is before {}'s start, {} ({}): nothing was written",
            record.folder, agency.start, record.agency_path
        ))
        .hint(format!(
            "check --date (reviews follow the start); if the start is wrong, correct `start` in {}",
            record.agency_path
        ))),
        _ => Ok(()),
    }
}

pub fn run(repo_flag: Option<&Path>, args: &NewArgs) -> Result<()> {
    // The review dates alone decide the kind: the first review of an agency is its baseline.
    let needs = Needs {
        places: Places::agencies([args.agency.as_str()]),
        parts: Parts {
            reviews: Reviews::Dates,
            activities: false,
            plans: false,
        },
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let Some(record) = repo.agency(&args.agency) else {
        return Ok(());
    };
    after_start(record, args.date)?;
    let relative = format!(
        "{AGENCIES_DIR}/{}/{FIDELITY_DIR}/{}.toml",
        record.folder, args.date
    );
    let kind = args.kind.unwrap_or_else(|| {
        if record.review_dates.iter().any(|date| *date < args.date) {
            ReviewKind::FollowUp
        } else {
            ReviewKind::Baseline
        }
    });
    let text = review_template(&TemplateFor {
        agency: &record.folder,
        agency_name: record.agency.as_ref().map(|a| a.name.as_str()),
        date: args.date,
        kind,
        plan_due: plan::due_after(args.date, &repo.settings.fidelity),
    });
    let path = repo.tree.path(&relative);
    if write::create_new(&path, text.as_bytes())? == Created::Exists {
        return Err(
            usage(format!("{relative} already exists: nothing was written"))
                .hint("edit that file, or give the new review its own date with --date")
                .into(),
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created {relative} ({} review, {ITEM_COUNT} items to score)\n\
         Next: write the reviewers and each item's score in it, then run `ips validate {relative}`.",
        kind.as_str()
    )?;
    Ok(())
}
