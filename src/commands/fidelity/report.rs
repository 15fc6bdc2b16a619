//! `ips fidelity report AGENCY [--date D] [--format html|markdown|json] [--out PATH] [--force]`

use crate::cli::fidelity::{ReviewReportArgs, ReviewReportFormat};
use crate::commands::{as_of, load};
use crate::error::{Result, usage};
use crate::fidelity::review_report::{self, ReviewReport};
use crate::filter::Places;
use crate::gate;
use crate::repo::model::Review;
use crate::repo::{AgencyRecord, Needs, Parts};
use crate::write::{self, Created};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &ReviewReportArgs) -> Result<()> {
    let as_of = as_of(&args.as_of);
    let repo = load(repo_flag, &needs(args, as_of))?;
    let what = format!("the review report of {}", args.agency);
    gate::whole(&repo, &gate::cannot_compute(&what), None)?;
    let Some(record) = repo.agency(&args.agency) else {
        return Ok(());
    };
    let review = review(record, args, as_of)?;
    let report = review_report::build(record, review, &repo.settings.fidelity)
        .expect("a review without errors scores every item");
    let text = render(&report, args.format)?;
    write_out(args, &text)
}

/// The whole history (the previous review) and the plans (a plan's written date).
fn needs(args: &ReviewReportArgs, as_of: NaiveDate) -> Needs {
    Needs {
        places: Places::agencies([args.agency.as_str()]),
        parts: Parts::ALL,
        as_of: Some(as_of),
        ..Needs::default()
    }
}

/// The review asked for: --date's, else the latest held as of the date.
fn review<'r>(
    record: &'r AgencyRecord,
    args: &ReviewReportArgs,
    as_of: NaiveDate,
) -> Result<&'r Review> {
    let held = record.reviews.iter().filter(|r| r.date <= as_of);
    let review = match args.date {
        Some(date) => held.clone().find(|r| r.date == date),
        None => held.clone().next_back(),
    };
    let Some(review) = review else {
        let dates: Vec<String> = held.map(|r| r.date.to_string()).collect();
        let dates = &dates[dates.len().saturating_sub(3)..];
        let hint = match dates.is_empty() {
            true => format!(
                "start one with `ips fidelity new {} --date YYYY-MM-DD`",
                record.folder
            ),
            false => format!(
                "its latest reviews: {}; name one with --date",
                dates.join(", ")
            ),
        };
        let when = args
            .date
            .map_or(format!("on or before {as_of}"), |d| format!("on {d}"));
        return Err(
            usage(format!("{} has no fidelity review {when}", record.folder))
                .hint(hint)
                .into(),
        );
    };
    Ok(review)
}

fn render(report: &ReviewReport, format: ReviewReportFormat) -> Result<String> {
    Ok(match format {
        ReviewReportFormat::Html => crate::report::review::html(report),
        ReviewReportFormat::Markdown => crate::report::review::markdown(report),
        ReviewReportFormat::Json => {
            let mut json = serde_json::to_string_pretty(report).map_err(anyhow::Error::from)?;
            json.push('\n');
            json
        }
    })
}

/// The report to stdout, or to --out (never over a file, unless --force).
fn write_out(args: &ReviewReportArgs, text: &str) -> Result<()> {
    let Some(out) = &args.out else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        return Ok(stdout.flush()?);
    };
    if args.force {
        write::overwrite(out, text.as_bytes())?;
    } else if write::create_new(out, text.as_bytes())? == Created::Exists {
        return Err(usage(format!(
            "{} already exists: nothing was written",
            out.display()
        ))
        .hint("pass --force to replace it, or choose another --out")
        .into());
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "wrote {}", out.display())?;
    Ok(())
}
