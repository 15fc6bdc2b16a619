//! `ips agreement status` and `ips agreement log`.

mod atomic;

use super::{EXIT_DATA_ERRORS, as_of, find_root, open_repository};
use crate::agreement::activity_log::{self, NewActivity};
use crate::agreement::{self, Milestone, Status};
use crate::cli::agreement::{AgreementCommand, LogArgs, StatusArgs};
use crate::diagnostic::{self, Diagnostic};
use crate::output::diagnostics::{self as printed, DiagnosticFormat};
use crate::output::{self, Cell, Table};
use crate::repo::activities::{self, is_training};
use crate::repo::toml_fields::closest;
use crate::repo::{
    ACTIVITIES_FILE, AGENCIES_DIR, AGENCY_FILE, AgencyRecord, Repository, SETTINGS_FILE,
};
use crate::source::SourceText;
use crate::{ids, validate};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, command: &AgreementCommand) -> Result<ExitCode> {
    match command {
        AgreementCommand::Status(args) => status(repo_flag, args),
        AgreementCommand::Log(args) => log(repo_flag, args),
    }
}

fn status(repo_flag: Option<&Path>, args: &StatusArgs) -> Result<ExitCode> {
    let repository = open_repository(repo_flag)?;
    let as_of = as_of(&args.as_of);
    if let Some(agency) = &args.agency {
        known_agency(&repository, agency)?;
    }
    let selected: Vec<&AgencyRecord> = repository
        .agencies
        .iter()
        .filter(|record| match (&args.agency, &record.agency) {
            (Some(wanted), _) => &record.folder == wanted,
            // Unreadable agencies stay in, so that their errors stop the run.
            (None, None) => true,
            (None, Some(agency)) => {
                args.jurisdiction.is_empty() || args.jurisdiction.contains(&agency.jurisdiction)
            }
        })
        .collect();
    let folders: Vec<&str> = selected.iter().map(|r| r.folder.as_str()).collect();
    let read = |path: &str| reads(&repository, path, &folders, args.agency.is_none());
    let mut found: Vec<Diagnostic> = repository.diagnostics.clone();
    found.extend(validate::check_jurisdictions(&repository));
    found.retain(|d| read(&d.path));
    let settings_ok = !found
        .iter()
        .any(|d| d.is_error() && d.path == SETTINGS_FILE);
    // The flag is checked against ips.toml once ips.toml itself can be trusted.
    if settings_ok {
        known_jurisdictions(&repository, &args.jurisdiction)?;
    }
    if found.iter().any(Diagnostic::is_error) {
        let files = repository.files_read.iter().filter(|p| read(p)).count();
        return refuse(
            found,
            files,
            "cannot judge the agreement: the files it reads have errors (fix them, then run it again)",
        );
    }
    let mut judged = Vec::with_capacity(selected.len());
    for record in selected {
        let milestones = agreement::evaluate(
            record,
            &repository.settings,
            &repository.outcome_files,
            as_of,
        )
        .with_context(|| format!("cannot read {}", record.agency_path))?;
        judged.push((record, milestones));
    }
    let table = match &args.agency {
        Some(_) => checklist(&judged),
        None => summary(&judged),
    };
    let mut out = std::io::stdout().lock();
    output::render(&table, args.format.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Whether a finding is about a file this run reads: ips.toml, the selected agencies' files, and
/// for the whole community also agency folders that could not be loaded at all.
fn reads(repository: &Repository, path: &str, folders: &[&str], whole: bool) -> bool {
    if path == SETTINGS_FILE {
        return true;
    }
    let Some(rest) = path
        .strip_prefix(AGENCIES_DIR)
        .and_then(|p| p.strip_prefix('/'))
    else {
        return false;
    };
    let folder = rest.split('/').next().unwrap_or(rest);
    folders.contains(&folder) || (whole && repository.agency(folder).is_none())
}

fn summary(judged: &[(&AgencyRecord, Vec<Milestone>)]) -> Table {
    let mut table = Table::new(&[
        "agency",
        "jurisdiction",
        "met",
        "open",
        "overdue",
        "missed",
        "next_due",
    ]);
    for (record, milestones) in judged {
        let counts = agreement::summarize(milestones);
        let count = |n: usize| Cell::Count(n as u64);
        table.push(vec![
            Cell::text(&record.folder),
            Cell::text(
                record
                    .agency
                    .as_ref()
                    .map_or("", |a| a.jurisdiction.as_str()),
            ),
            count(counts.met),
            count(counts.open),
            count(counts.overdue),
            count(counts.missed),
            Cell::date(counts.next_due),
        ]);
    }
    table
}

/// Every milestone, then each of its periods, with evidence and what is missing.
fn checklist(judged: &[(&AgencyRecord, Vec<Milestone>)]) -> Table {
    let mut table = Table::new(&[
        "agency",
        "milestone",
        "period",
        "status",
        "due",
        "next_due",
        "evidence",
        "missing",
    ]);
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::text(s)
        }
    };
    for (record, milestones) in judged {
        for milestone in milestones {
            let row =
                |period: &str, status: Status, due, next_due, evidence: &str, missing: &str| {
                    vec![
                        Cell::text(&record.folder),
                        Cell::text(milestone.id),
                        text(period),
                        Cell::text(status.as_str()),
                        Cell::date(due),
                        Cell::date(next_due),
                        text(evidence),
                        text(missing),
                    ]
                };
            table.push(row(
                "",
                milestone.status,
                milestone.due,
                milestone.next_due,
                &milestone.evidence,
                &milestone.missing,
            ));
            // A period's own deadline is its `due`; the milestone row carries the next one.
            for period in &milestone.periods {
                table.push(row(
                    &period.label,
                    period.status,
                    Some(period.due),
                    None,
                    &period.evidence,
                    &period.missing,
                ));
            }
        }
    }
    table
}

fn agency_names(repository: &Repository) -> Vec<&str> {
    repository
        .agencies
        .iter()
        .map(|a| a.folder.as_str())
        .collect()
}

/// Worded as `ips fidelity` words it, so that a misspelt agency reads the same in every command.
fn known_agency(repository: &Repository, agency: &str) -> Result<()> {
    if repository.agency(agency).is_some() {
        return Ok(());
    }
    bail!(
        "no agency `{agency}`: there is no {AGENCIES_DIR}/{agency}/ folder\n  hint: {}",
        suggestion(agency, &agency_names(repository))
    )
}

fn suggestion(name: &str, known: &[&str]) -> String {
    match (closest(name, known), known.is_empty()) {
        (_, true) => format!(
            "this repository has no agencies yet: create {AGENCIES_DIR}/{name}/agency.toml from data-templates/agency.toml"
        ),
        (Some(near), _) => format!(
            "did you mean `{near}`? Known agencies: {}",
            known.join(", ")
        ),
        (None, _) => format!("known agencies: {}", known.join(", ")),
    }
}

fn known_jurisdictions(repository: &Repository, wanted: &[String]) -> Result<()> {
    let known: Vec<&str> = repository
        .settings
        .jurisdictions
        .iter()
        .map(|j| j.id.as_str())
        .collect();
    for id in wanted {
        if !known.contains(&id.as_str()) {
            bail!(
                "--jurisdiction {id}: no such jurisdiction in {SETTINGS_FILE}\n  hint: the jurisdictions are: {}",
                known.join(", ")
            );
        }
    }
    Ok(())
}

/// Prints why nothing was done, then the errors the way `ips validate` does (on stderr, since
/// stdout is for the result), as `ips fidelity` does; the data has errors, so exit 1. Warnings
/// do not stop a command and are left to `ips validate`.
fn refuse(found: Vec<Diagnostic>, files: usize, why: &str) -> Result<ExitCode> {
    let mut errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
    diagnostic::sort(&mut errors);
    let mut err = std::io::stderr().lock();
    writeln!(err, "error: {why}")?;
    printed::render(
        &errors,
        diagnostic::count(&errors),
        files,
        DiagnosticFormat::Human,
        &mut err,
    )?;
    Ok(ExitCode::from(EXIT_DATA_ERRORS))
}

fn log(repo_flag: Option<&Path>, args: &LogArgs) -> Result<ExitCode> {
    let root = find_root(repo_flag)?;
    let folder = agency_folder(&root, &args.agency)?;
    let activity = new_activity(args)?;
    let path = folder.join(ACTIVITIES_FILE);
    let relative = format!("{AGENCIES_DIR}/{}/{ACTIVITIES_FILE}", args.agency);
    let mut out = std::io::stdout().lock();
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
            "nothing was recorded: no agency `{agency}`: {AGENCIES_DIR}/{agency}/ has no {AGENCY_FILE}\n  hint: create {AGENCIES_DIR}/{agency}/{AGENCY_FILE} from data-templates/agency.toml"
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
