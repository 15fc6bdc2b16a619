//! `ips report`: load, gather the figures, build the model, render, write.

use super::outcomes::diff::{Compared, restated};
use super::outcomes::ended;
use super::{as_of, load};
use crate::calendar::Quarter;
use crate::cli::report::{ReportArgs, ReportFormat};
use crate::error::{Result, usage};
use crate::filter::Places;
use crate::gate;
use crate::note::Note;
use crate::outcomes::protected;
use crate::outcomes::scope::{self, QuarterFilter};
use crate::output::notes;
use crate::progress::{self, Progress};
use crate::repo::{Needs, Parts, Repository, Reviews};
use crate::report::restated::Since;
use crate::report::{self, figures, provenance, render};
use crate::write::{self, Created, Existing};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a report is refused when what it reads has errors, and what to do.
const REFUSED: &str = "the data has errors, so no report was written";
const REFUSED_HINT: &str = "fix them (`ips validate` lists them), then run the report again";

pub fn run(repo_flag: Option<&Path>, args: &ReportArgs) -> Result<()> {
    let scope = args.places.with(&args.trainer);
    let site = site_of(&scope);
    markdown_has_folder(args)?;
    let as_of = as_of(&args.as_of);
    let (mut repo, quarter) = load_for_quarter(repo_flag, args, &scope, site.as_deref(), as_of)?;
    // The agreement is judged before the outcome files are read, and a community report then
    // lets go of the activity logs (a site report's checklist still reads its own): at a large
    // community's size they are the largest thing loaded, and the figures need none of them.
    let agreement = report::agreement_parts(&repo, &scope, args.public, as_of);
    if site.is_none() {
        repo.forget_activities();
        release_freed_memory();
    }
    let trend = report::trend_quarters(quarter, usize::from(args.quarters));
    let read = report::quarters_read(quarter, &trend);
    let figures = gather_figures(&repo, &read, &scope, site.as_deref(), as_of)?;
    let table = match args.public {
        true => Some(protected_table(repo_flag, &read, &repo, as_of)?),
        false => None,
    };
    let compared = compared(&repo, args, &scope, site.as_deref(), as_of)?;
    let question = report::Question {
        protected: table.as_ref(),
        quarter,
        trend: &trend,
        scope: &scope,
        site: site.as_deref(),
        public: args.public.then(|| repo.settings.report.suppression()),
        as_of,
        since: since(args, compared.as_ref()),
    };
    let version = provenance::data_version(repo.tree.root());
    let model = report::build(&repo, &figures, &question, agreement, version);
    // The model holds all the report shows: what was loaded goes before rendering begins, so
    // the two never share the peak.
    drop(figures);
    drop(repo);
    release_freed_memory();
    write_report(args, &model)
}

/// One agency, and no jurisdiction filter: that site's own report.
fn site_of(scope: &Places) -> Option<String> {
    match (&scope.agencies[..], scope.jurisdictions.is_empty()) {
        ([one], true) => Some(one.clone()),
        _ => None,
    }
}

/// A Markdown report is written only to a folder named by --out.
fn markdown_has_folder(args: &ReportArgs) -> Result<()> {
    if args.format == ReportFormat::Markdown && args.out.is_none() {
        return Err(
            usage("a Markdown report is a folder: report.md and its charts")
                .hint("name the folder with --out, e.g. --out reports/2026-Q3")
                .into(),
        );
    }
    Ok(())
}

/// The figures of the quarters `read`, refused if their files have errors. A site report reads
/// every agency's outcomes, for the trends it sets its own beside.
fn gather_figures<'r>(
    repo: &'r Repository,
    read: &[Quarter],
    scope: &Places,
    site: Option<&str>,
    as_of: NaiveDate,
) -> Result<figures::Figures<'r>> {
    let files_of = if site.is_some() {
        Places::all()
    } else {
        scope.clone()
    };
    let progress = Progress::default();
    let (figures, problems) = progress::show_while("reading outcomes", "files", &progress, || {
        figures::gather(repo, read, &files_of, site, as_of, &progress)
    })?;
    gate::whole_with(repo, problems, REFUSED, Some(REFUSED_HINT))?;
    Ok(figures)
}

/// What --since compared, as the report's "restated since" section reads it.
fn since<'a>(args: &'a ReportArgs, compared: Option<&'a Compared>) -> Option<Since<'a>> {
    args.since
        .as_deref()
        .zip(compared)
        .map(|(rev, compared)| Since {
            rev,
            commit: &compared.old_commit,
            restatement: &compared.restatement,
        })
}

/// The protected table of the quarters a public report reads, over every agency of the
/// repository whatever the report is about: a public report is a view of it, so its files'
/// errors refuse the report as the report's own do.
fn protected_table(
    repo_flag: Option<&Path>,
    read: &[Quarter],
    repo: &Repository,
    as_of: NaiveDate,
) -> Result<protected::Table> {
    let whole = load(
        repo_flag,
        &Needs {
            places: Places::all(),
            parts: Parts::NONE,
            outcomes: true,
            ..Needs::default()
        },
    )?;
    let rule = repo.settings.report.suppression();
    let progress = Progress::default();
    let (table, problems) = progress::show_while("protecting", "files", &progress, || {
        protected::gather(&whole, read, rule, as_of, &progress)
    })?;
    gate::whole_with(&whole, problems, REFUSED, Some(REFUSED_HINT))?;
    Ok(table)
}

/// The repository read for the report's quarter, and the quarter: --quarter, else the latest
/// with outcomes. A public report reads the reviews from the latest one by the quarter's end:
/// the quarter is known before reading unless it defaults to the latest reported, which is
/// nearly always the last that has ended. When the data lags behind, it is read again for the
/// earlier one.
fn load_for_quarter(
    repo_flag: Option<&Path>,
    args: &ReportArgs,
    scope: &Places,
    site: Option<&str>,
    as_of: NaiveDate,
) -> Result<(Repository, Quarter)> {
    if let Some(quarter) = args.quarter {
        ended(quarter, as_of)?;
    }
    let guess = args.quarter.unwrap_or(Quarter::last_ended(as_of));
    let mut repo = load(repo_flag, &needs(scope, site, args.public, guess, as_of))?;
    scope.check(&repo)?;
    let quarter = match args.quarter {
        Some(quarter) => quarter,
        None => scope::period(&repo, scope, &QuarterFilter::default(), true, false, as_of)
            .defaulted_to
            .ok_or_else(|| {
                usage(format!(
                    "no outcomes of a quarter that has ended as of {as_of}, for the agencies asked for"
                ))
                .hint("add outcome files (ips outcomes new), or choose other agencies or --as-of")
            })?,
    };
    if quarter < guess && args.public && site.is_none() {
        repo = load(repo_flag, &needs(scope, site, args.public, quarter, as_of))?;
    }
    Ok((repo, quarter))
}

/// With --since REV: the counts restated since, of the site's own files or the scope's (the
/// quarters' totals before and after are theirs).
fn compared(
    repo: &Repository,
    args: &ReportArgs,
    scope: &Places,
    site: Option<&str>,
    as_of: NaiveDate,
) -> Result<Option<Compared>> {
    let Some(rev) = &args.since else {
        return Ok(None);
    };
    let places = match site {
        Some(agency) => Places::agencies([agency.to_string()]),
        None => scope.clone(),
    };
    let compared = restated(repo.tree.root(), rev, None, &places, as_of, false)?;
    Ok(Some(compared))
}

fn write_report(args: &ReportArgs, model: &report::model::Report) -> Result<()> {
    match args.format {
        ReportFormat::Html => emit(args, |out| render::html(model, out)),
        ReportFormat::Json => emit(args, |out| {
            serde_json::to_writer_pretty(&mut *out, model)?;
            out.write_all(b"\n")
        }),
        ReportFormat::Markdown => {
            let (text, charts) = render::markdown(model);
            let dir = args.out.as_deref().expect("checked above");
            write_folder(dir, args.force, &text, &charts)
        }
    }
}

/// What a report of `quarter` reads. A site report sets its trend beside its jurisdiction's and
/// the community's, so it reads every agency's outcomes, and the site's own reviews and
/// activity log. An internal report's agreement section follows every review and activity; a
/// public report has none, so it reads no activity log, and only the reviews from the latest
/// one by the quarter's end.
fn needs(
    scope: &Places,
    site: Option<&str>,
    public: bool,
    quarter: Quarter,
    as_of: NaiveDate,
) -> Needs {
    match site {
        Some(agency) => Needs {
            places: Places::all(),
            parts: Parts::NONE,
            more: BTreeMap::from([(agency.to_string(), Parts::ALL)]),
            outcomes: true,
            as_of: Some(as_of),
        },
        None => Needs {
            places: scope.clone(),
            parts: match public {
                true => Parts {
                    reviews: Reviews::Since(quarter.last_day()),
                    activities: false,
                    plans: false,
                },
                false => Parts::ALL,
            },
            outcomes: true,
            as_of: Some(as_of),
            ..Needs::default()
        },
    }
}

/// A single-file report, written by `write` as it is made: to stdout, or to --out (never over a
/// file, unless --force).
fn emit(args: &ReportArgs, write: impl Fn(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let Some(path) = &args.out else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        write(&mut out)?;
        out.flush()?;
        return Ok(());
    };
    let to_file = |file: &mut std::fs::File| {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.flush()
    };
    if args.force {
        write::overwrite_with(path, to_file)?;
    } else if write::create_new_with(path, to_file)? == Created::Exists {
        return Err(exists(path));
    }
    notes::print(&[Note::plain(format!("wrote {}", path.display()))])?;
    Ok(())
}

fn exists(path: &Path) -> crate::error::Error {
    usage(format!(
        "{} already exists: nothing was written",
        path.display()
    ))
    .hint("choose another --out, or pass --force to write over it")
    .into()
}

/// report.md and its charts in `dir`; an existing folder only with --force.
fn write_folder(dir: &Path, force: bool, text: &str, charts: &render::Charts) -> Result<()> {
    if dir.symlink_metadata().is_ok() && !force {
        return Err(exists(dir));
    }
    let mut files: Vec<(PathBuf, &[u8])> = vec![(dir.join("report.md"), text.as_bytes())];
    files.extend(
        charts
            .files
            .iter()
            .map(|(name, svg)| (dir.join(name), svg.as_bytes())),
    );
    let existing = if force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    write::all(&files, existing)?;
    notes::print(&[Note::plain(format!(
        "wrote {} (report.md and {} charts)",
        dir.display(),
        charts.files.len()
    ))])?;
    Ok(())
}

/// Gives the memory of what was loaded back to the system before rendering: glibc keeps freed
/// memory in the arena of the thread that used it, where the render cannot reuse it.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}
