//! `ips agreement log`: record one activity in an agency's activities.csv.

use super::{atomic, refuse, suggestion};
use crate::agreement::activity_log::{self, NewActivity};
use crate::cli::agreement::LogArgs;
use crate::commands::{find_root, today};
use crate::diagnostic::Diagnostic;
use crate::ids;
use crate::repo::activities::{self, is_training};
use crate::repo::{ACTIVITIES_FILE, AGENCIES_DIR, AGENCY_FILE};
use crate::source::SourceText;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, args: &LogArgs) -> Result<ExitCode> {
    let root = find_root(repo_flag)?;
    let folder = agency_folder(&root, &args.agency)?;
    let activity = new_activity(args)?;
    let path = folder.join(ACTIVITIES_FILE);
    let relative = format!("{AGENCIES_DIR}/{}/{ACTIVITIES_FILE}", args.agency);
    let mut out = std::io::stdout().lock();
    let _turn = atomic::lock_folder(&folder)?;
    let inserted = match std::fs::read(&path) {
        Ok(existing) => {
            let found = match SourceText::decode(&relative, existing.clone()) {
                Ok(source) => activities::read(&source).1,
                Err(diagnostic) => vec![diagnostic],
            };
            if found.iter().any(Diagnostic::is_error) {
                return refuse(
                    found,
                    1,
                    &format!(
                        "nothing was recorded: {relative} has errors (fix them, then log the activity again)"
                    ),
                );
            }
            let inserted = activity_log::insert(&existing, &activity).map_err(|message| {
                anyhow::anyhow!(
                    "nothing was recorded: {message}\n  hint: give {relative} the header {}",
                    activities::HEADER
                )
            })?;
            atomic::replace(&path, &existing, &inserted.bytes)?;
            inserted
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let inserted = activity_log::new_file(&activity).map_err(anyhow::Error::msg)?;
            atomic::create(&path, &inserted.bytes)?;
            writeln!(out, "created {relative}")?;
            inserted
        }
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    writeln!(
        out,
        "recorded in {relative} at line {}: {}",
        inserted.line, inserted.row
    )?;
    Ok(ExitCode::SUCCESS)
}

/// agencies/<agency>/, which must hold an agency.toml.
fn agency_folder(root: &Path, agency: &str) -> Result<PathBuf> {
    let agencies = root.join(AGENCIES_DIR);
    let folder = agencies.join(agency);
    // An id, never a path: `../x` must not reach outside agencies/.
    let why = if !ids::is_identifier(agency) {
        format!("`{agency}` is not an agency id")
    } else if !folder.is_dir() {
        format!("there is no {AGENCIES_DIR}/{agency}/ folder")
    } else if !folder.join(AGENCY_FILE).is_file() {
        bail!(
            "nothing was recorded: no agency `{agency}`: {AGENCIES_DIR}/{agency}/ has no {AGENCY_FILE}\n  hint: add the agency with `ips agency new {agency} --jurisdiction ID`"
        );
    } else {
        return Ok(folder);
    };
    let mut known: Vec<String> = std::fs::read_dir(&agencies)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join(AGENCY_FILE).is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    known.sort();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    bail!(
        "nothing was recorded: no agency `{agency}`: {why}\n  hint: {}",
        suggestion(agency, &known)
    )
}

/// The activity the flags describe, checked by the same rules as activities.csv itself.
fn new_activity(args: &LogArgs) -> Result<NewActivity> {
    let kind = args.kind;
    // An activity is logged once it has happened: a future date is a typing mistake (2062 for
    // 2026) that the checklist would silently ignore.
    if args.date > today() {
        bail!(
            "nothing was recorded: {} is in the future\n  hint: log an activity once it has happened, with the day it happened",
            args.date
        );
    }
    let days = args.days.as_deref().map(str::trim);
    match (is_training(kind), days) {
        (true, None) => bail!(
            "nothing was recorded: a {} needs --days, its length in days\n  hint: add e.g. --days 3, or --days 0.5 for half a day",
            kind.as_str()
        ),
        (false, Some(_)) => bail!(
            "nothing was recorded: --days is only for trainings (training-es, training-mh), not for a {}\n  hint: leave out --days",
            kind.as_str()
        ),
        _ => {}
    }
    // Written as a plain number (3, not 3.0) when it reads as one; the check below judges it.
    let days = days.map(|text| match text.parse::<f64>() {
        Ok(number) if number.is_finite() => number.to_string(),
        _ => text.to_string(),
    });
    let activity = NewActivity {
        date: args.date,
        kind,
        days,
        note: args.note.clone(),
    };
    if let Some(problem) = activity_log::check(&activity).into_iter().next() {
        let hint = problem
            .hint
            .map(|hint| format!("\n  hint: {hint}"))
            .unwrap_or_default();
        bail!("nothing was recorded: {}{hint}", problem.message);
    }
    Ok(activity)
}
