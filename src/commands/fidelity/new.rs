//! `ips fidelity new AGENCY --date DATE`

use super::find_agency;
use crate::cli::fidelity::NewArgs;
use crate::commands::init::write_new;
use crate::commands::open_repository;
use crate::fidelity::plan;
use crate::fidelity::scale::ITEM_COUNT;
use crate::fidelity::template::{TemplateFor, review_template};
use crate::repo::model::ReviewKind;
use crate::repo::{AGENCIES_DIR, FIDELITY_DIR};
use anyhow::{Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, args: &NewArgs) -> Result<ExitCode> {
    let repo = open_repository(repo_flag)?;
    let record = find_agency(&repo, &args.agency)?;
    let relative = format!(
        "{AGENCIES_DIR}/{}/{FIDELITY_DIR}/{}.toml",
        record.folder, args.date
    );
    // The first review of an agency is its baseline; any later one is a follow-up.
    let kind = args.kind.unwrap_or_else(|| {
        if record.reviews.iter().any(|review| review.date < args.date) {
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
    if !write_new(&repo.root.join(&relative), &text)? {
        bail!(
            "{relative} already exists: nothing was written\n  hint: edit that file, or give the new review its own date with --date"
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created {relative} ({} review, {ITEM_COUNT} items to score)\n\
         Next: write the reviewers and each item's score in it, then run `ips validate {relative}`.",
        kind.as_str()
    )?;
    Ok(ExitCode::SUCCESS)
}
