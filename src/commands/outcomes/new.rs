//! `ips outcomes new`: the blank outcome file of an agency's quarter, a row per open team.

use super::shared::ended;
use crate::calendar::Quarter;
use crate::cli::outcomes::NewOutcomesArgs;
use crate::commands::{as_of, load};
use crate::error::{DataErrors, Result, usage};
use crate::filter::Places;
use crate::note::Note;
use crate::outcomes::{completeness, template};
use crate::output::notes;
use crate::repo::model::Agency;
use crate::repo::{AgencyRecord, Needs, OUTCOMES_DIR, Parts, Repository};
use crate::write::{self, Created};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &NewOutcomesArgs) -> Result<()> {
    let needs = Needs {
        places: Places::agencies([args.agency.as_str()]),
        parts: Parts::REVIEW_DATES,
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let as_of = as_of(&args.as_of);
    let Some(QuarterTeams {
        record,
        agency,
        quarter,
        teams,
    }) = quarter_teams(&repo, &args.agency, args.quarter, as_of)?
    else {
        return Ok(());
    };
    let relative = format!("{OUTCOMES_DIR}/{quarter}/{}.csv", agency.id);
    let content = template::blank_file(teams.iter().copied());
    if write::create_new(&repo.tree.path(&relative), content.as_bytes())? == Created::Exists {
        return Err(
            usage(format!("{relative} already exists: nothing was written"))
                .hint("edit that file to correct its counts, or pass --quarter for another quarter")
                .into(),
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created {relative} with a row for each team open in {quarter}: {}",
        teams.join(", ")
    )?;
    writeln!(
        out,
        "Next: fill in the counts, then run ips validate (until they are filled in, it reports the blank counts as errors)."
    )?;
    if completeness::expected(record, quarter, as_of).is_none() {
        let when = match record.first_review_date() {
            Some(date) => format!("is on {date}, after {quarter} ended"),
            None => "is not on record".to_string(),
        };
        notes::print(&[Note::warning(format!(
            "{}'s baseline fidelity review {when}; agencies report from the quarter of their baseline review on",
            agency.id
        ))])?;
    }
    Ok(())
}

/// The agency's agency.toml, which must have been read: its teams make the file's rows.
/// An agency's quarter to report: its record, its agency.toml, the quarter (by default the last
/// ended by `as_of`) and the ids of the teams open in it.
pub(super) struct QuarterTeams<'r> {
    pub record: &'r AgencyRecord,
    pub agency: &'r Agency,
    pub quarter: Quarter,
    pub teams: Vec<&'r str>,
}

/// The quarter `outcomes new` and `outcomes form` write for: None when the loader found no such
/// agency (it has said so); refused when agency.toml has errors, the quarter has not ended or it
/// comes before the agency's start.
pub(super) fn quarter_teams<'r>(
    repo: &'r Repository,
    id: &str,
    quarter: Option<Quarter>,
    as_of: NaiveDate,
) -> Result<Option<QuarterTeams<'r>>> {
    let Some(record) = repo.agency(id) else {
        return Ok(None);
    };
    let agency = readable(record)?;
    let quarter = quarter.unwrap_or_else(|| Quarter::last_ended(as_of));
    ended(quarter, as_of)?;
    let teams = teams_to_report(record, agency, quarter)?;
    Ok(Some(QuarterTeams {
        record,
        agency,
        quarter,
        teams,
    }))
}

fn readable(record: &AgencyRecord) -> Result<&Agency> {
    record.agency.as_ref().ok_or_else(|| {
        DataErrors::new(
            format!(
                "{} has errors, so its teams are unknown: nothing was written",
                record.agency_path
            ),
            Vec::new(),
            0,
        )
        .hint(format!(
            "run `ips validate {}` and fix it first",
            record.agency_path
        ))
        .into()
    })
}

/// The teams open in `quarter`, which must not have ended before the agency started.
fn teams_to_report<'a>(
    record: &AgencyRecord,
    agency: &'a Agency,
    quarter: Quarter,
) -> Result<Vec<&'a str>> {
    // As `ips fidelity new` refuses a review before the start: a typing mistake, most likely.
    if quarter.last_day() < agency.start {
        return Err(usage(format!(
            "agency `{}` started on {}, after {quarter} ended: it has nothing to report for it",
            agency.id, agency.start
        ))
        .hint(format!(
            "check --quarter, or the agency's `start` in {}",
            record.agency_path
        ))
        .into());
    }
    let teams: Vec<&str> = agency
        .teams_open_in(quarter)
        .map(|t| t.id.as_str())
        .collect();
    if teams.is_empty() {
        return Err(usage(format!(
            "agency `{}` has no team open in {quarter}: there is nothing to report",
            agency.id
        ))
        .hint(format!(
            "check the teams' `opened` and `closed` dates in {}",
            record.agency_path
        ))
        .into());
    }
    Ok(teams)
}
