//! A summary computed and written in parts, so that memory holds the groups of one part, not of
//! the whole output: the rows sort by the grouping's first dimension, so when quarters are
//! grouped, the files are read a quarter, a jurisdiction or an agency at a time (whichever comes
//! first in `--by`), and each part's rows are complete, and go out, once its files are read.
//! Total rows gather across the parts and go out last, where they sort.
//!
//! A public summary (`--public`) is a view of the protected table (`protected`): each row shows
//! what the table shows of the cells it is made of. When the rows sort by a jurisdiction or an
//! agency first, a quarter's total goes out after every part, so the rows are read a quarter
//! at a time, held, and written in their order at the end.

use super::completeness::{Completeness, Expected};
use super::held::{Held, Names};
use super::protected::{self, Selection, Table, TeamCell};
use super::stream::{self, Fold, Problems};
use super::summarize::{Basis, GroupKey, Grouping, Options, Rates, Summarizer, Summary};
use super::suppress::Rule;
use super::{Dimension, Place};
use crate::calendar::Quarter;
use crate::error::Result;
use crate::filter::Places;
use crate::progress::Progress;
use crate::repo::model::OutcomeRow;
use crate::repo::{OutcomeFileRef, Repository};
use chrono::NaiveDate;
use foldhash::HashMap;
use std::collections::BTreeSet;

/// What each row handed to `emit` hides (defined beside the cells it names).
pub use super::suppress::Protection;

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
    /// The small-number rule of a public summary; None shows every figure.
    pub public: Option<Rule>,
    /// The protected table a public summary is a view of.
    pub protected: Option<&'a Table>,
    /// Whether a public summary builds its protected table in this same pass, from the files it
    /// reads (which must then be every agency's, as the table's are): each file is read once.
    pub gathers: bool,
    /// The places asked for: a row is made of the table's cells of these.
    pub places: &'a Places,
    /// Whether the output holds its rows and can put them in order itself (a terminal table,
    /// Markdown), given each row's place: then rows need not be held here too.
    pub output_sorts: bool,
}

/// A row's place in the output, when it comes out of order: see `Question::output_sorts`.
pub type Order = Option<[u32; 4]>;

/// What a summary found besides its rows.
#[derive(Debug, Default)]
pub struct Streamed {
    pub problems: Problems,
    /// Each wanted quarter: how many of the agencies expected to report it did.
    pub completeness: Vec<Completeness>,
}

/// Summarizes `files` (in quarter order), giving each output row to `emit` in output order,
/// with what it hides (nothing unless the summary is public).
pub fn summarize<'r>(
    repo: &'r Repository,
    files: Vec<OutcomeFileRef>,
    question: &Question<'_>,
    progress: &Progress,
    emit: impl FnMut(&Summary<'r>, Protection, Order) -> Result<()>,
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
    let gathers = question.gathers;
    let fold = Fold {
        init: || Pass::new(by, options),
        add: |pass: &mut Pass<'r>, place: &Place<'r>, rows: &[OutcomeRow]| {
            let is_expected = expected.is_expected(&place.agency.id, Some(place.quarter));
            pass.add(place, rows, is_expected, gathers);
        },
        merge: Pass::merge,
    };
    let (part, hold) = part_and_hold(question);
    let parts = split(repo, files, part, gathers);
    progress.start(parts.iter().map(Vec::len).sum());
    let names = Names::new(repo);
    let mut out = Out {
        question,
        basis: &basis,
        hold,
        protect: protector(question),
        names: &names,
        emit,
    };
    let mut gathered = Gathered::default();
    for files in &parts {
        let (pass, found) = stream::fold_files(repo, files, question.as_of, &fold);
        let mut summarizer = pass.summarizer;
        out.protect.gather(files[0].quarter, &pass.cells);
        progress.advance_by(files.len());
        gathered.count(&mut summarizer, found);
        gathered.take(part, summarizer, &mut out)?;
    }
    let rest = [gathered.totals.take(), gathered.whole.take()];
    for rest in rest.into_iter().flatten() {
        let rows = out.protect.rows(rest.finish(&basis, wanted));
        emit_all(&rows, &mut out.emit)?;
    }
    names.merge(&gathered.held, by, |row| {
        let (row, protection) = names.unpack(row, &benchmarks);
        (out.emit)(&row, protection, None)
    })?;
    Ok(Streamed {
        problems: gathered.problems,
        completeness: completeness(&quarters, &expected, &gathered.reported),
    })
}

/// One thread's sums of a part's files: the summary's, and the protected table's cells of the
/// part's quarter when the summary gathers them.
struct Pass<'r> {
    summarizer: Summarizer<'r>,
    cells: Vec<TeamCell>,
}

impl<'r> Pass<'r> {
    fn new(by: &Grouping, options: Options) -> Pass<'r> {
        Pass {
            summarizer: Summarizer::new(by, options),
            cells: Vec::new(),
        }
    }

    fn add(&mut self, place: &Place<'r>, rows: &[OutcomeRow], expected: bool, gathers: bool) {
        self.summarizer.add_file(place, rows, expected);
        if gathers {
            protected::add_cells(&mut self.cells, place, rows);
        }
    }

    fn merge(mut self, other: Pass<'r>) -> Pass<'r> {
        self.summarizer = self.summarizer.merge(other.summarizer);
        self.cells.extend(other.cells);
        self
    }
}

/// What shows of a public summary's rows, as `question` asks.
fn protector<'a>(question: &Question<'a>) -> Protector<'a> {
    Protector {
        rule: question.public,
        table: question.protected,
        gathered: (question.gathers && question.public.is_some()).then(Table::default),
        places: question.places,
        wanted: question.wanted.iter().copied().collect(),
    }
}

/// Where a part's rows go: out through `emit`, protected when the summary is public, or held.
struct Out<'a, 'r, F> {
    question: &'a Question<'a>,
    basis: &'a Basis<'a, 'r>,
    hold: bool,
    protect: Protector<'a>,
    names: &'a Names<'r>,
    emit: F,
}

/// What the parts leave for the end: the rates of the quarter before (for a group's change),
/// the total rows gathered across parts, the rows held to go out in order, how many files
/// each quarter had and the files' findings.
#[derive(Default)]
struct Gathered<'r> {
    earlier: Rates<'r>,
    totals: Option<Summarizer<'r>>,
    whole: Option<Summarizer<'r>>,
    held: Vec<Vec<Held>>,
    reported: HashMap<Quarter, u64>,
    problems: Problems,
}

impl<'r> Gathered<'r> {
    /// A part's findings, and how many files of each quarter it read.
    fn count(&mut self, summarizer: &mut Summarizer<'r>, found: Problems) {
        self.problems = std::mem::take(&mut self.problems).merge(found);
        for (quarter, count) in summarizer.take_reported() {
            *self.reported.entry(quarter).or_default() += count;
        }
    }

    /// One part's rows: a quarter's go out protected (or are held); a jurisdiction's or an
    /// agency's groups go out and their totals are gathered; a whole summary's sums gathered.
    fn take<F>(
        &mut self,
        part: Part,
        summarizer: Summarizer<'r>,
        out: &mut Out<'_, 'r, F>,
    ) -> Result<()>
    where
        F: FnMut(&Summary<'r>, Protection, Order) -> Result<()>,
    {
        let question = out.question;
        let wanted = |quarter: Quarter| question.wanted.contains(&quarter);
        match part {
            Part::Quarter => {
                let (rows, rates) = summarizer.finish_after(out.basis, wanted, &self.earlier);
                self.earlier = rates;
                let rows = out.protect.rows(rows);
                match (out.hold, question.output_sorts) {
                    (true, false) => self.held.push(
                        rows.iter()
                            .map(|(row, p)| out.names.pack(row, *p))
                            .collect(),
                    ),
                    (true, true) => emit_in_order(&rows, out.names, question.by, &mut out.emit)?,
                    (false, _) => emit_all(&rows, &mut out.emit)?,
                }
            }
            Part::Jurisdiction | Part::Agency => {
                let (groups, part_totals) = summarizer.split_totals();
                self.totals = merged(self.totals.take(), part_totals);
                let rows = out.protect.rows(groups.finish(out.basis, wanted));
                emit_all(&rows, &mut out.emit)?;
            }
            Part::Whole => self.whole = merged(self.whole.take(), Some(summarizer)),
        }
        Ok(())
    }
}

/// How the files are split into parts, and whether rows are held to go out in order at the
/// end: a public summary's total of a quarter goes out with the quarter's rows, and one that
/// gathers its protected table has a quarter's cells only once the quarter is read, so one
/// whose rows sort by jurisdiction or agency first is read a quarter at a time and held.
fn part_and_hold(question: &Question<'_>) -> (Part, bool) {
    let part = part_of(question.by);
    let hold = question.public.is_some()
        && (question.options.totals || question.gathers)
        && matches!(part, Part::Jurisdiction | Part::Agency);
    (if hold { Part::Quarter } else { part }, hold)
}

/// Two partial sums as one (either may be missing).
fn merged<'r>(all: Option<Summarizer<'r>>, more: Option<Summarizer<'r>>) -> Option<Summarizer<'r>> {
    match (all, more) {
        (Some(all), Some(more)) => Some(all.merge(more)),
        (all, more) => all.or(more),
    }
}

fn emit_all<'r>(
    rows: &[(Summary<'r>, Protection)],
    emit: &mut impl FnMut(&Summary<'r>, Protection, Order) -> Result<()>,
) -> Result<()> {
    for (row, protection) in rows {
        emit(row, *protection, None)?;
    }
    Ok(())
}

/// Rows out of order, each with its place, for an output that sorts them itself.
fn emit_in_order<'r>(
    rows: &[(Summary<'r>, Protection)],
    names: &Names<'_>,
    by: &Grouping,
    emit: &mut impl FnMut(&Summary<'r>, Protection, Order) -> Result<()>,
) -> Result<()> {
    for (row, protection) in rows {
        let order = names.pack(row, *protection).order(by);
        emit(row, *protection, Some(order))?;
    }
    Ok(())
}

/// Each wanted quarter: how many of the agencies expected to report it did.
fn completeness(
    quarters: &[Quarter],
    expected: &Expected,
    reported: &HashMap<Quarter, u64>,
) -> Vec<Completeness> {
    quarters
        .iter()
        .map(|&quarter| Completeness {
            quarter,
            expected: expected.in_group(Some(quarter), None, None),
            reported: reported.get(&quarter).copied().unwrap_or(0),
        })
        .collect()
}

/// Shows each row of a public summary as the protected table shows the cells it is made of.
struct Protector<'a> {
    rule: Option<Rule>,
    table: Option<&'a Table>,
    /// The table gathered in the summary's own pass, a quarter at a time (`Question::gathers`).
    gathered: Option<Table>,
    places: &'a Places,
    /// The quarters a row without a quarter sums.
    wanted: Vec<Quarter>,
}

impl Protector<'_> {
    /// Protects a quarter's cells into the gathered table, when the summary gathers one: the
    /// parts come in quarter order, so a quarter and the one before are in before their rows.
    fn gather(&mut self, quarter: Quarter, cells: &[TeamCell]) {
        if let (Some(table), Some(rule)) = (&mut self.gathered, self.rule) {
            table.insert(quarter, protected::protect_quarter(cells, rule));
        }
    }

    fn rows<'r>(&self, rows: Vec<Summary<'r>>) -> Vec<(Summary<'r>, Protection)> {
        rows.into_iter()
            .map(|row| {
                let protection = self.protection(&row);
                (row, protection)
            })
            .collect()
    }

    /// What the row hides: the table's cells of its quarter (or of the wanted quarters); its
    /// change, also when the same group's rate hides in the quarter before.
    fn protection(&self, row: &Summary<'_>) -> Protection {
        let (Some(table), Some(rule)) = (self.table.or(self.gathered.as_ref()), self.rule) else {
            return Protection::default();
        };
        let key = row.key;
        let wants = |agency: &str, jurisdiction: &str| {
            self.places.wants(agency, Some(jurisdiction))
                && key.jurisdiction.is_none_or(|j| j == jurisdiction)
                && key.agency.is_none_or(|a| a == agency)
        };
        let one = match self.places.agencies.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        };
        let selection = Selection {
            wants: &wants,
            team: key.team,
            agency: key.agency.or(one),
        };
        let quarters = key.quarter.map_or_else(|| self.wanted.clone(), |q| vec![q]);
        let whole = self.whole(key);
        let figure = |quarters: &[Quarter]| match whole {
            Some(place) => table.whole(quarters, place),
            None => table.figure(quarters, &selection),
        };
        let cells = figure(&quarters);
        let cells = cells.with_small_base(
            row.counts.education.is_some() && rule.hides(row.counts.education_served),
        );
        let before = key.quarter.is_some_and(|q| figure(&[q.previous()]).rate());
        Protection {
            cells,
            change: cells.rate() || before,
        }
    }

    /// Some(None) when the row is the whole community, Some(jurisdiction) when it is every
    /// agency of a jurisdiction: a cell found directly.
    fn whole<'k>(&self, key: GroupKey<'k>) -> Option<Option<&'k str>> {
        let places = self.places;
        if key.agency.is_some() || key.team.is_some() || !places.agencies.is_empty() {
            return None;
        }
        let chosen = |j: &str| {
            places.jurisdictions.is_empty() || places.jurisdictions.iter().any(|w| w == j)
        };
        match key.jurisdiction {
            Some(j) if chosen(j) => Some(Some(j)),
            None if places.jurisdictions.is_empty() => Some(None),
            _ => None,
        }
    }
}

/// The files of each part, in output order. Files whose agency is not loaded or has no
/// jurisdiction come first: they add no rows, but are checked, so that their errors show.
/// A summary that gathers its protected table reads a quarter per part, whatever the grouping.
fn split(
    repo: &Repository,
    files: Vec<OutcomeFileRef>,
    part: Part,
    gathers: bool,
) -> Vec<Vec<OutcomeFileRef>> {
    match part {
        Part::Whole if !gathers => files
            .chunks(WHOLE_PART_FILES)
            .map(<[OutcomeFileRef]>::to_vec)
            .collect(),
        Part::Quarter | Part::Whole => files
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
