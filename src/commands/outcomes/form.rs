//! `ips outcomes form`: the workbook an agency fills in for a quarter, a row per open team.

use super::new::{QuarterTeams, quarter_teams};
use crate::cli::outcomes::FormArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::filter::Places;
use crate::outcomes::form::{self, Form, TeamRow};
use crate::repo::Needs;
use crate::write::{self, Existing};
use anyhow::Context;
use std::io::Write;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &FormArgs) -> Result<()> {
    let needs = Needs {
        places: Places::agencies([args.agency.as_str()]),
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let as_of = as_of(&args.as_of);
    let Some(QuarterTeams {
        agency,
        quarter,
        teams: ids,
        ..
    }) = quarter_teams(&repo, &args.agency, args.quarter, as_of)?
    else {
        return Ok(());
    };
    let teams = agency
        .teams
        .iter()
        .filter(|team| ids.contains(&team.id.as_str()))
        .map(|team| TeamRow {
            id: &team.id,
            location: &team.location,
        })
        .collect();
    let form = Form {
        agency: &agency.id,
        agency_name: &agency.name,
        quarter,
        teams,
    };
    let bytes = form::workbook(&form, as_of).context("cannot make the workbook")?;
    let existing = if args.force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    write::all(&[(args.out.clone(), bytes.as_slice())], existing)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "wrote {} for {} to fill in for {quarter}, a row for each open team: {}",
        args.out.display(),
        agency.id,
        ids.join(", ")
    )?;
    writeln!(
        out,
        "Next: send it to the agency; when it comes back filled in, run ips outcomes import {}",
        crate::text::shell_quote(&args.out.display().to_string())
    )?;
    Ok(())
}
