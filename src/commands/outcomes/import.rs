//! `ips outcomes import`: an agency's quarter from a workbook (or CSV file) to its outcomes
//! file, written only when it passes validate's checks for that file, all files or none.

use crate::calendar::Quarter;
use crate::cli::outcomes::ImportArgs;
use crate::commands::{as_of, load};
use crate::diagnostic::{self, Area, Diagnostic, Origin, Subject};
use crate::error::{DataErrors, Result, usage};
use crate::filter::Places;
use crate::outcomes::import::{self, Found};
use crate::output::diagnostics;
use crate::repo::{Needs, OutcomeFileRef, Parts, Repository};
use crate::rules;
use crate::sheet::{self, Grid, Place};
use crate::source::SourceText;
use crate::write::{self, Existing};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file read, and whose quarter it holds.
struct Sheet {
    path: PathBuf,
    origin: Origin,
    grids: Vec<Grid>,
}

/// What a file gives: the outcomes file to write and its team ids, or the findings.
struct Imported {
    /// The file it came from, as named on the command line.
    from: String,
    target: OutcomeFileRef,
    text: String,
    teams: Vec<String>,
}

pub fn run(repo_flag: Option<&Path>, args: &ImportArgs) -> Result<()> {
    let mut findings = Vec::new();
    let sheets: Vec<Sheet> = args
        .files
        .iter()
        .filter_map(|path| read(path, &mut findings))
        .collect();
    let mut found = Vec::new();
    for sheet in &sheets {
        match import::find(&sheet.grids, &sheet.origin) {
            Some(figures) => found.push((sheet, figures)),
            None => findings.push(import::no_header(&sheet.origin)),
        }
    }
    let whose: Vec<(String, Quarter)> = found
        .iter()
        .map(|(sheet, figures)| whose(sheet, figures, args))
        .collect::<Result<_>>()?;
    let agencies: Vec<&str> = whose.iter().map(|(agency, _)| agency.as_str()).collect();
    let needs = Needs {
        places: Places::agencies(agencies),
        parts: Parts::REVIEW_DATES,
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let as_of = as_of(&args.as_of);
    let mut imported = Vec::new();
    for ((sheet, figures), (agency, quarter)) in found.iter().zip(&whose) {
        let target = OutcomeFileRef::new(*quarter, agency);
        not_there(&repo, &target, &imported, args.force)?;
        let (file, found) = check(&repo, sheet, figures, target, as_of);
        findings.extend(found);
        imported.push(file);
    }
    finish(&repo, imported, findings, args)
}

/// Reads one file's sheets; a file that cannot be read is a finding.
fn read(path: &Path, findings: &mut Vec<Diagnostic>) -> Option<Sheet> {
    let origin = Origin::new(path.display().to_string(), Subject::Layout(Area::Outcomes));
    match sheet::read(path, &origin) {
        Ok(grids) => Some(Sheet {
            path: path.to_path_buf(),
            origin,
            grids,
        }),
        Err(finding) => {
            findings.push(finding);
            None
        }
    }
}

/// The agency and quarter of a file: its cells, else the flags, else refused naming the flag.
fn whose(sheet: &Sheet, figures: &Found<'_>, args: &ImportArgs) -> Result<(String, Quarter)> {
    let name = sheet.path.display();
    let agency = stated(
        &figures.agency,
        args.agency.clone(),
        "--agency",
        &name,
        "agency",
    )?;
    let quarter_flag = args.quarter.map(|q| q.to_string());
    let quarter = stated(
        &figures.quarter,
        quarter_flag,
        "--quarter",
        &name,
        "quarter",
    )?;
    let Some(quarter) = Quarter::parse(&quarter) else {
        let place = figures.quarter.as_ref().map(|(_, place)| place_name(place));
        return Err(usage(format!(
            "{name}: {}{} is not a quarter",
            place.map(|p| format!("{p}: ")).unwrap_or_default(),
            crate::text::quoted(&quarter)
        ))
        .hint("write the quarter as YYYY-Qn (2026-Q3) in that cell, or pass --quarter")
        .into());
    };
    Ok((agency, quarter))
}

/// A value the sheet states or a flag gives; refused when neither does, or they differ.
fn stated(
    cell: &Option<(String, Place)>,
    flag: Option<String>,
    flag_name: &str,
    file: &impl std::fmt::Display,
    what: &str,
) -> Result<String> {
    match (cell, flag) {
        (Some((value, place)), Some(flag)) if *value != flag => Err(usage(format!(
            "{file}: {} says the {what} is {}, but {flag_name} says {}",
            place_name(place),
            crate::text::quoted(value),
            crate::text::quoted(&flag)
        ))
        .hint(format!("leave {flag_name} out, or correct the cell"))
        .into()),
        (Some((value, _)), _) => Ok(value.clone()),
        (None, Some(flag)) => Ok(flag),
        (None, None) => Err(usage(format!("{file} does not say which {what} it is for"))
            .hint(format!(
                "pass {flag_name} (an ips outcomes form workbook says it in its first rows)"
            ))
            .into()),
    }
}

fn place_name(place: &Place) -> String {
    match place {
        Place::Cell { name, .. } => name.clone(),
        Place::Line(line) => format!("line {line}"),
    }
}

/// An outcomes file is replaced only with --force, as `ips outcomes new` never replaces one;
/// two files of the same agency and quarter are refused.
fn not_there(
    repo: &Repository,
    target: &OutcomeFileRef,
    imported: &[Imported],
    force: bool,
) -> Result<()> {
    let relative = target.relative();
    if imported.iter().any(|file| file.target == *target) {
        return Err(usage(format!("two of the files are for {relative}"))
            .hint("import one file for each agency and quarter")
            .into());
    }
    if !force && repo.tree.path(&relative).symlink_metadata().is_ok() {
        return Err(usage(format!("{relative} already exists: nothing was written"))
            .hint("pass --force to replace it with the workbook's counts (a restatement: `ips outcomes diff` shows it after the commit)")
            .into());
    }
    Ok(())
}

/// The outcomes file the figures make, checked as validate checks it; each finding is taken
/// back to the cell it came from.
fn check(
    repo: &Repository,
    sheet: &Sheet,
    figures: &Found<'_>,
    target: OutcomeFileRef,
    as_of: chrono::NaiveDate,
) -> (Imported, Vec<Diagnostic>) {
    let order: Vec<&str> = repo
        .agency_of(&target)
        .and_then(|record| record.agency.as_ref())
        .map(|agency| agency.teams.iter().map(|t| t.id.as_str()).collect())
        .unwrap_or_default();
    let rank = |team: &str| order.iter().position(|t| *t == team).unwrap_or(order.len());
    let file = figures.file_text(rank);
    let source = SourceText::new(target.origin(), file.text.clone());
    let checked = crate::validate::outcomes::check_source(repo, &target, &source, as_of);
    let mut findings: Vec<Diagnostic> = figures.findings.clone();
    for finding in checked.diagnostics {
        let mut finding = file.to_sheet(figures.grid, finding);
        finding.path = sheet.origin.path.clone();
        findings.push(finding);
    }
    let teams = checked
        .rows
        .iter()
        .map(|row| row.team.to_string())
        .collect();
    let imported = Imported {
        from: sheet.origin.path.clone(),
        target,
        text: file.text,
        teams,
    };
    (imported, findings)
}

/// Refuses on any error (exit 1), shows the warnings, writes every file or none, and says what
/// it wrote.
fn finish(
    repo: &Repository,
    imported: Vec<Imported>,
    mut findings: Vec<Diagnostic>,
    args: &ImportArgs,
) -> Result<()> {
    if findings.iter().any(Diagnostic::is_error) {
        // A file that could not be read at all is no mistake of the agency's to correct: each
        // finding's own hint says what to check.
        let unread = findings
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.rule == &rules::UNREADABLE);
        if unread {
            let why = "the files could not be read: nothing was written";
            return Err(DataErrors::new(why, findings, args.files.len()).into());
        }
        return Err(DataErrors::new(
            "the spreadsheets have errors: nothing was written",
            findings,
            args.files.len(),
        )
        .hint("correct them in the spreadsheet (or ask the agency to), then import it again")
        .into());
    }
    diagnostic::sort(&mut findings);
    diagnostics::print_findings(&findings)?;
    let files: Vec<(PathBuf, &[u8])> = imported
        .iter()
        .map(|file| {
            (
                repo.tree.path(&file.target.relative()),
                file.text.as_bytes(),
            )
        })
        .collect();
    if !args.dry_run {
        let existing = if args.force {
            Existing::Replace
        } else {
            Existing::Refuse
        };
        write::all(&files, existing)?;
    }
    let verb = if args.dry_run { "would write" } else { "wrote" };
    let mut out = std::io::stdout().lock();
    for file in &imported {
        writeln!(
            out,
            "{verb} {} from {}: {}",
            file.target.relative(),
            file.from,
            file.teams.join(", ")
        )?;
    }
    if !args.dry_run && !imported.is_empty() {
        writeln!(
            out,
            "Next: ips validate, then commit the file (git add outcomes && git commit)."
        )?;
    }
    out.flush()?;
    Ok(())
}
