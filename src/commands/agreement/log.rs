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
    let log = Log {
        relative: format!("{AGENCIES_DIR}/{}/{ACTIVITIES_FILE}", args.agency),
        agency: &args.agency,
        activity: &activity,
    };
    let folder = repo.tree.path(&format!("{AGENCIES_DIR}/{}", args.agency));
    let mut out = std::io::stdout().lock();
    let turn = write::lock_folder(&folder)?;
    let (inserted, same_day) = match repo.tree.read(&log.relative) {
        Ok(existing) => log.append(&repo, &turn, &existing)?,
        Err(error) => {
            let inserted = log.create(&repo, &turn, error)?;
            writeln!(out, "created {}", log.relative)?;
            (inserted, None)
        }
    };
    writeln!(
        out,
        "recorded in {} at line {}: {}",
        log.relative,
        inserted.line,
        crate::text::escape_controls(&inserted.row)
    )?;
    Ok(notes::print(&log.notes(&repo, same_day))?)
}

/// One activity being recorded in an agency's log.
struct Log<'a> {
    /// `agencies/<agency>/activities.csv`.
    relative: String,
    agency: &'a str,
    activity: &'a NewActivity,
}

impl Log<'_> {
    fn origin(&self) -> Origin {
        Origin::new(
            self.relative.clone(),
            Subject::Agency(Arc::from(self.agency), AgencyFile::Activities),
        )
    }

    /// Inserts the activity into the existing log, which must be free of errors; with the
    /// line of the same kind on the same date, if the log had one (recorded, but said).
    fn append(
        &self,
        repo: &Repository,
        turn: &write::Turn,
        existing: &[u8],
    ) -> Result<(activity_log::Inserted, Option<u32>)> {
        let relative = &self.relative;
        let mut same_day = None;
        let found = match repo::decode(self.origin(), existing.to_vec()) {
            Ok(source) => {
                let (logged, found) = activities::read(&source);
                same_day = logged
                    .iter()
                    .find(|a| a.date == self.activity.date && a.kind == self.activity.kind)
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
        let inserted = activity_log::insert(existing, self.activity).map_err(|message| {
            usage(format!("nothing was recorded: {message}"))
                .hint(format!("give {relative} the header {}", activities::HEADER))
        })?;
        turn.replace(&repo.tree.path(relative), existing, &inserted.bytes)?;
        Ok((inserted, same_day))
    }

    /// Starts the log when it could not be read for not being there; else says why nothing
    /// was recorded.
    fn create(
        &self,
        repo: &Repository,
        turn: &write::Turn,
        error: std::io::Error,
    ) -> Result<activity_log::Inserted> {
        let relative = &self.relative;
        let path = repo.tree.path(relative);
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
            && !path.exists()
        {
            return Err(usage(format!(
                "nothing was recorded: {relative} is a link to nothing"
            ))
            .hint("remove the link (ips writes a new activities.csv then), or restore the file it points to")
            .into());
        }
        if error.kind() != std::io::ErrorKind::NotFound {
            return Err(DataErrors::new(
                format!("nothing was recorded: {relative} cannot be read"),
                vec![repo::unreadable(&self.origin(), &error)],
                1,
            )
            .into());
        }
        let inserted = activity_log::new_file(self.activity)
            .map_err(|message| usage(format!("nothing was recorded: {message}")))?;
        if turn.create_new(&path, &inserted.bytes)? == write::Created::Exists {
            return Err(usage(format!(
                "{} appeared while ips was writing it: nothing was recorded",
                path.display()
            ))
            .hint("run the command again")
            .into());
        }
        Ok(inserted)
    }

    /// What to say after recording: a date before the agency's start, the same activity
    /// logged twice on one day (at `same_day`, its line).
    fn notes(&self, repo: &Repository, same_day: Option<u32>) -> Vec<Note> {
        let (activity, relative) = (self.activity, &self.relative);
        let mut notes = Vec::new();
        let start = repo
            .agency(self.agency)
            .and_then(|record| record.agency.as_ref())
            .map(|agency| agency.start);
        if let Some(start) = start.filter(|start| activity.date < *start) {
            notes.push(
                Note::warning(format!(
                    "{} is before {}'s start ({start}): no milestone counts it",
                    activity.date, self.agency
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
        notes
    }
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
