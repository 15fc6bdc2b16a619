//! A summary computed and written in parts, so that memory holds the groups of one part, not of
//! the whole output: the rows sort by the grouping's first dimension, so when quarters are
//! grouped, the files are read a quarter, a jurisdiction or an agency at a time (whichever comes
//! first in `--by`), and each part's rows are complete, and go out, once its files are read.
//! Total rows gather across the parts and go out last, where they sort.

use super::completeness::{Completeness, Expected};
use super::stream::{self, Fold, Problems};
use super::summarize::{Basis, Grouping, Options, Rates, Summarizer, Summary};
use super::{Dimension, Place};
use crate::calendar::Quarter;
use crate::error::Result;
use crate::progress::Progress;
use crate::repo::model::OutcomeRow;
use crate::repo::{OutcomeFileRef, Repository};
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

/// Which files make a part whose groups are complete together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Quarter,
    Jurisdiction,
    Agency,
    /// One part: without quarters the groups are at most the teams, few enough to hold. (Its
    /// files are still read some thousands at a time.)
    Whole,
}

/// Files per part of a whole summary: enough for both cores to share, few enough that the
/// threads' partial sums stay small.
const WHOLE_PART_FILES: usize = 16 * 1024;

fn part_of(by: &Grouping) -> Part {
    if !by.has(Dimension::Quarter) {
        return Part::Whole;
    }
    match by.dims()[0] {
        Dimension::Quarter => Part::Quarter,
        Dimension::Jurisdiction => Part::Jurisdiction,
        Dimension::Agency => Part::Agency,
        Dimension::Team => Part::Whole,
    }
}

/// What a summary needs besides its files.
pub struct Question<'a> {
    pub by: &'a Grouping,
    pub options: Options,
    /// The quarters whose rows are wanted; the others were read for the change only.
    pub wanted: &'a BTreeSet<Quarter>,
    pub as_of: NaiveDate,
}

/// What a summary found besides its rows.
#[derive(Debug, Default)]
pub struct Streamed {
    pub problems: Problems,
    /// Each wanted quarter: how many of the agencies expected to report it did.
    pub completeness: Vec<Completeness>,
}

/// Summarizes `files` (in quarter order), giving each output row to `emit` in output order.
pub fn summarize<'r>(
    repo: &'r Repository,
    files: Vec<OutcomeFileRef>,
    question: &Question<'_>,
    progress: &Progress,
    mut emit: impl FnMut(&Summary<'r>) -> Result<()>,
) -> Result<Streamed> {
    let by = question.by;
    let options = question.options;
    let benchmarks = repo.settings.benchmarks;
    let wanted = |quarter: Quarter| question.wanted.contains(&quarter);
    let quarters: Vec<Quarter> = question.wanted.iter().copied().collect();
    let expected = Expected::new(&repo.agencies, &quarters, question.as_of);
    let basis = Basis {
        benchmarks: &benchmarks,
        expected: &expected,
    };
    let fold = Fold {
        init: || Summarizer::new(by, options),
        add: |summarizer: &mut Summarizer<'r>, place: &Place<'r>, rows: &[OutcomeRow]| {
            let is_expected = expected.is_expected(&place.agency.id, Some(place.quarter));
            summarizer.add_file(place, rows, is_expected);
        },
        merge: Summarizer::merge,
    };
    let mut reported: HashMap<Quarter, u64> = HashMap::new();
    let part = part_of(by);
    let parts = split(repo, files, part);
    progress.start(parts.iter().map(Vec::len).sum());
    let mut problems = Problems::default();
    // Quarter parts: a group's change comes from the part before.
    let mut earlier = Rates::new();
    let mut totals: Option<Summarizer<'r>> = None;
    let mut whole: Option<Summarizer<'r>> = None;
    for files in &parts {
        let (mut summarizer, found) = stream::fold_files(repo, files, question.as_of, &fold);
        progress.advance_by(files.len());
        problems = problems.merge(found);
        for (quarter, count) in summarizer.take_reported() {
            *reported.entry(quarter).or_default() += count;
        }
        match part {
            Part::Quarter => {
                let (rows, rates) = summarizer.finish_after(&basis, wanted, &earlier);
                earlier = rates;
                rows.iter().try_for_each(&mut emit)?;
            }
            Part::Jurisdiction | Part::Agency => {
                let (groups, part_totals) = summarizer.split_totals();
                totals = match (totals, part_totals) {
                    (Some(all), Some(more)) => Some(all.merge(more)),
                    (all, more) => all.or(more),
                };
                groups
                    .finish(&basis, wanted)
                    .iter()
                    .try_for_each(&mut emit)?;
            }
            Part::Whole => {
                whole = Some(match whole {
                    Some(all) => all.merge(summarizer),
                    None => summarizer,
                });
            }
        }
    }
    for rest in [totals, whole].into_iter().flatten() {
        rest.finish(&basis, wanted).iter().try_for_each(&mut emit)?;
    }
    let completeness = quarters
        .iter()
        .map(|&quarter| Completeness {
            quarter,
            expected: expected.in_group(Some(quarter), None, None),
            reported: reported.get(&quarter).copied().unwrap_or(0),
        })
        .collect();
    Ok(Streamed {
        problems,
        completeness,
    })
}

/// The files of each part, in output order. Files whose agency is not loaded or has no
/// jurisdiction come first: they add no rows, but are checked, so that their errors show.
fn split(repo: &Repository, files: Vec<OutcomeFileRef>, part: Part) -> Vec<Vec<OutcomeFileRef>> {
    match part {
        Part::Whole => files
            .chunks(WHOLE_PART_FILES)
            .map(<[OutcomeFileRef]>::to_vec)
            .collect(),
        Part::Quarter => files
            .chunk_by(|a, b| a.quarter == b.quarter)
            .map(<[OutcomeFileRef]>::to_vec)
            .collect(),
        Part::Jurisdiction | Part::Agency => {
            // Each loaded agency's part, found once; files are then placed by their agency's
            // slot, with no text compared per file.
            let keys: Vec<Option<&str>> = repo
                .agencies
                .iter()
                .map(|record| match part {
                    Part::Jurisdiction => record.jurisdiction(),
                    _ => record.agency.as_ref().map(|a| a.id.as_str()),
                })
                .collect();
            let mut order: Vec<Option<&str>> = keys.clone();
            order.sort_unstable();
            order.dedup();
            let part_of_slot: Vec<usize> = keys
                .iter()
                .map(|key| order.binary_search(key).unwrap_or(0))
                .collect();
            // Files of agencies that were not loaded (they do not exist) go first, with those
            // of agencies without a place (sorted first as None).
            let mut parts: Vec<Vec<OutcomeFileRef>> = vec![Vec::new(); order.len() + 1];
            for file in files {
                let part = repo.slot_of(&file).map_or(0, |slot| part_of_slot[slot] + 1);
                parts[part].push(file);
            }
            parts.retain(|files| !files.is_empty());
            parts
        }
    }
}
