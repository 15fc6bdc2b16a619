//! `ips agency new`: an agency's folder from the embedded template. Never overwrites a file.

use super::{find_root, today};
use crate::cli::agency::{AgencyCommand, NewAgencyArgs};
use crate::error::{Result, usage};
use crate::filter::Places;
use crate::gate;
use crate::ids;
use crate::repo::activities::HEADER;
use crate::repo::{self, ACTIVITIES_FILE, AGENCIES_DIR, AGENCY_FILE, Needs, Repository};
use crate::write::{self, Created};
use std::io::Write;
use std::path::Path;

/// An agency's id names its folder: an id, never a path.
fn valid_id(id: &str) -> Result<()> {
    if ids::is_identifier(id) {
        return Ok(());
    }
    Err(usage(format!("{id:?} is not a valid agency id"))
        .hint(format!(
            "ids are 1-64 lower-case letters, digits and `-`, e.g. {}",
            ids::suggestion(id).as_deref().unwrap_or("riverbend")
        ))
        .into())
}

/// The jurisdiction must be declared in ips.toml.
fn declared(repository: &Repository, jurisdiction: &str) -> Result<()> {
    let declared = repository.settings.jurisdiction_ids();
    if declared.contains(&jurisdiction) {
        return Ok(());
    }
    Err(usage(format!(
        "jurisdiction `{jurisdiction}` is not declared in ips.toml"
    ))
    .hint(format!(
        "declare it under [[jurisdictions]] in ips.toml first; declared: {}",
        if declared.is_empty() {
            "none yet".to_string()
        } else {
            declared.join(", ")
        }
    ))
    .into())
}

/// The agency template, embedded so that an installed ips works anywhere.
pub const AGENCY_TEMPLATE: &str = include_str!("../../data-templates/agency.toml");
/// The values of the template that `new` replaces.
const TEMPLATE_ID: &str = "id = \"example-agency\"";
const TEMPLATE_NAME: &str = "name = \"Example Agency\"";
const TEMPLATE_JURISDICTION: &str = "jurisdiction = \"oh\"";
const TEMPLATE_DATE: &str = "2026-01-05";

pub fn run(repo_flag: Option<&Path>, command: &AgencyCommand) -> Result<()> {
    match command {
        AgencyCommand::New(args) => new(repo_flag, args),
        AgencyCommand::List(args) => super::agency_list::run(repo_flag, args),
    }
}

fn new(repo_flag: Option<&Path>, args: &NewAgencyArgs) -> Result<()> {
    let root = find_root(repo_flag)?;
    let id = &args.agency;
    valid_id(id)?;
    // ips.toml alone: the jurisdiction must be declared there.
    let needs = Needs {
        places: Places::none(),
        ..Needs::default()
    };
    let repository = repo::load(&root, &needs)?;
    gate::settings(
        &repository,
        "ips.toml has errors, so its jurisdictions are unknown: nothing was written",
        None,
    )?;
    declared(&repository, &args.jurisdiction)?;
    let agency_file = root.join(AGENCIES_DIR).join(id).join(AGENCY_FILE);
    let start = args.start.unwrap_or_else(today);
    let content = agency_toml(
        id,
        args.name.as_deref().unwrap_or(id),
        &args.jurisdiction,
        start,
    );
    if write::create_new(&agency_file, content.as_bytes())? == Created::Exists {
        return Err(usage(format!(
            "{AGENCIES_DIR}/{id}/{AGENCY_FILE} already exists: nothing was written"
        ))
        .hint("edit that file, or choose another id")
        .into());
    }
    let activities = root.join(AGENCIES_DIR).join(id).join(ACTIVITIES_FILE);
    let activities_written = match write::create_new(&activities, format!("{HEADER}\n").as_bytes())
    {
        Ok(created) => created == Created::Written,
        Err(error) => {
            // All or nothing: with agency.toml left alone, a retry would say it exists.
            let _ = std::fs::remove_file(&agency_file);
            if let Some(folder) = agency_file.parent() {
                let _ = std::fs::remove_dir(folder);
            }
            return Err(error);
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "created {AGENCIES_DIR}/{id}/{AGENCY_FILE}")?;
    if activities_written {
        writeln!(out, "created {AGENCIES_DIR}/{id}/{ACTIVITIES_FILE}")?;
    }
    writeln!(
        out,
        "\nNext: in {AGENCIES_DIR}/{id}/{AGENCY_FILE}, set the teams, the agreement and the names and dates of its three signatories, then run `ips validate`."
    )?;
    Ok(())
}

/// The template with the agency's id, name, jurisdiction and start; the agreement's dates start
/// at `start` too, for the keeper to correct.
pub fn agency_toml(id: &str, name: &str, jurisdiction: &str, start: chrono::NaiveDate) -> String {
    let quoted_name = toml::Value::String(name.to_string()).to_string();
    AGENCY_TEMPLATE
        .replace(TEMPLATE_ID, &format!("id = \"{id}\""))
        .replace(TEMPLATE_NAME, &format!("name = {quoted_name}"))
        .replace(
            TEMPLATE_JURISDICTION,
            &format!("jurisdiction = \"{jurisdiction}\""),
        )
        .replace(TEMPLATE_DATE, &start.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_has_every_value_new_replaces() {
        for value in [
            TEMPLATE_ID,
            TEMPLATE_NAME,
            TEMPLATE_JURISDICTION,
            TEMPLATE_DATE,
        ] {
            assert!(AGENCY_TEMPLATE.contains(value), "{value}");
        }
    }

    #[test]
    fn names_with_quotes_stay_valid_toml() {
        let date = crate::calendar::parse_date("2026-02-01").unwrap();
        let text = agency_toml("rb", "The \"River\" Bend", "oh", date);
        let parsed: toml::Table = toml::from_str(&text).expect("valid TOML");
        assert_eq!(parsed["name"].as_str(), Some("The \"River\" Bend"));
        assert!(text.contains("start = 2026-02-01"));
        assert!(!text.contains("2026-01-05"));
    }
}
