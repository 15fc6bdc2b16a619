//! `ips agreement log`: record one activity in an agency's activities.csv.

use crate::agreement::activity_log::{self, NewActivity};
use crate::cli::agreement::LogArgs;
use crate::commands::{find_root, today};
use crate::diagnostic::{AgencyFile, Diagnostic, Origin, Subject};
use crate::error::{DataErrors, Result, Usage, usage};
use crate::filter::{Places, agency_hint};
use crate::ids;
use crate::note::Note;
use crate::output::notes;
use crate::repo::activities::{self, is_training};
use crate::repo::{self, ACTIVITIES_FILE, AGENCIES_DIR, AGENCY_FILE, Needs, Repository};
use crate::write;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

pub fn run(repo_flag: Option<&Path>, args: &LogArgs) -> Result<()> {
    // ips.toml, the listing of agencies/ (enough to know the agency exists) and its
    // agency.toml, for its start (its errors are `ips validate`'s to report).
    let places = match ids::is_identifier(&args.agency) {
        true => Places::agencies([args.agency.as_str()]),
        false => Places::none(),
    };
    let needs = Needs {
        places,
        ..Needs::default()
    };
    let repo = repo::load(&find_root(repo_flag)?, &needs)?;
    check_agency(&repo, &args.agency)?;
    let activity = new_activity(args)?;
    let folder = repo.tree.path(&format!("{AGENCIES_DIR}/{}", args.agency));
    let relative = format!("{AGENCIES_DIR}/{}/{ACTIVITIES_FILE}", args.agency);
    let path = repo.tree.path(&relative);
    let mut out = std::io::stdout().lock();
    let turn = write::lock_folder(&folder)?;
    // The same kind on the same date already in the log: recorded, but said.
    let mut same_day = None;
    let inserted = match repo.tree.read(&relative) {
        Ok(existing) => {
            let origin = Origin::new(
                relative.clone(),
                Subject::Agency(Arc::from(args.agency.as_str()), AgencyFile::Activities),
            );
            let found = match repo::decode(origin, existing.clone()) {
                Ok(source) => {
                    let (logged, found) = activities::read(&source);
                    same_day = logged
                        .iter()
                        .find(|a| a.date == activity.date && a.kind == activity.kind)
                        .map(|a| a.line);
                    found
                }
                Err(diagnostic) => vec![diagnostic],
            };
            if found.iter().any(Diagnostic::is_error) {
                return Err(DataErrors::new(
                    format!(
                        "nothing was recorded: {relative} has errors (fix them, then log the activity again)"
                    ),
                    found,
                    1,
                )
                .into());
            }
            let inserted = activity_log::insert(&existing, &activity).map_err(|message| {
                usage(format!("nothing was recorded: {message}"))
                    .hint(format!("give {relative} the header {}", activities::HEADER))
            })?;
            turn.replace(&path, &existing, &inserted.bytes)?;
            inserted
        }
        Err(_)
            if path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
                && !path.exists() =>
        {
            return Err(usage(format!(
                "nothing was recorded: {relative} is a link to nothing"
            ))
            .hint("remove the link (ips writes a new activities.csv then), or restore the file it points to")
            .into());
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let inserted = activity_log::new_file(&activity)
                .map_err(|message| usage(format!("nothing was recorded: {message}")))?;
            if turn.create_new(&path, &inserted.bytes)? == write::Created::Exists {
                return Err(usage(format!(
                    "{} appeared while ips was writing it: nothing was recorded",
                    path.display()
                ))
                .hint("run the command again")
                .into());
            }
            writeln!(out, "created {relative}")?;
            inserted
        }
        Err(error) => {
            let origin = Origin::new(
                relative.clone(),
                Subject::Agency(Arc::from(args.agency.as_str()), AgencyFile::Activities),
            );
            return Err(DataErrors::new(
                format!("nothing was recorded: {relative} cannot be read"),
                vec![repo::unreadable(&origin, &error)],
                1,
            )
            .into());
        }
    };
    writeln!(
        out,
        "recorded in {relative} at line {}: {}",
        inserted.line,
        crate::text::escape_controls(&inserted.row)
    )?;
    let mut notes = Vec::new();
    let start = repo
        .agency(&args.agency)
        .and_then(|record| record.agency.as_ref())
        .map(|agency| agency.start);
    if let Some(start) = start.filter(|start| activity.date < *start) {
        notes.push(
            Note::warning(format!(
                "{} is before {}'s start ({start}): no milestone counts it",
                activity.date, args.agency
            ))
            .hint(format!(
                "if that is a typing mistake, correct the date in {relative}"
            )),
        );
    }
    if let Some(line) = same_day {
        // The rows of the same date stay before the new one, so `line` has not moved.
        notes.push(
            Note::warning(format!(
                "{relative} already had {} on {} (line {line}): it is now logged twice",
                activity.kind.as_str(),
                activity.date,
            ))
            .hint(activities::duplicate_hint(activity.kind)),
        );
    }
    Ok(notes::print(&notes)?)
}

/// agencies/<agency>/ must hold an agency.toml; the id is an id, never a path (`../x` must not
/// reach outside agencies/).
fn check_agency(repo: &Repository, agency: &str) -> Result<(), Usage> {
    let why = if !ids::is_identifier(agency) {
        format!("`{agency}` is not an agency id")
    } else if !repo.has_folder(agency) {
        format!("there is no {AGENCIES_DIR}/{agency}/ folder")
    } else if !repo
        .tree
        .is_file(&format!("{AGENCIES_DIR}/{agency}/{AGENCY_FILE}"))
    {
        return Err(usage(format!(
            "nothing was recorded: no agency `{agency}`: {AGENCIES_DIR}/{agency}/ has no {AGENCY_FILE}"
        ))
        .hint(format!(
            "add the agency with `ips agency new {agency} --jurisdiction ID`"
        )));
    } else {
        return Ok(());
    };
    let known: Vec<&str> = repo
        .folder_names()
        .into_iter()
        .filter(|name| {
            repo.tree
                .is_file(&format!("{AGENCIES_DIR}/{name}/{AGENCY_FILE}"))
        })
        .collect();
    Err(
        usage(format!("nothing was recorded: no agency `{agency}`: {why}"))
            .hint(agency_hint(agency, &known)),
    )
}

/// The activity the flags describe, checked by the same rules as activities.csv itself.
fn new_activity(args: &LogArgs) -> Result<NewActivity, Usage> {
    let kind = args.kind;
    let today = today();
    let date = args.date.unwrap_or(today);
    // An activity is logged once it has happened: a future date is a typing mistake (2062 for
    // 2026) that the checklist would silently ignore.
    if date > today {
        return Err(
            usage(format!("nothing was recorded: {date} is in the future"))
                .hint("log an activity once it has happened, with the day it happened"),
        );
    }
    let days = args.days.as_deref().map(str::trim);
    match (is_training(kind), days) {
        (true, None) => {
            return Err(usage(format!(
                "nothing was recorded: a {} needs --days, its length in days",
                kind.as_str()
            ))
            .hint("add e.g. --days 3, or --days 0.5 for half a day"));
        }
        (false, Some(_)) => {
            return Err(usage(format!(
                "nothing was recorded: --days is only for trainings (training-es, training-mh), not for `{}`",
                kind.as_str()
            ))
            .hint("leave out --days"));
        }
        _ => {}
    }
    // Written as a plain number (3, not 3.0) when it reads as one; the check below judges it.
    let days = days.map(|text| match text.parse::<f64>() {
        Ok(number) if number.is_finite() => number.to_string(),
        _ => text.to_string(),
    });
    let activity = NewActivity {
        date,
        kind,
        days,
        note: args.note.clone(),
    };
    if let Some(problem) = activity_log::check(&activity).into_iter().next() {
        let mut refusal = usage(format!("nothing was recorded: {}", problem.message));
        refusal.hint = problem.hint;
        return Err(refusal);
    }
    Ok(activity)
}
