//! Reads agencies/<agency>/activities.csv: the dated log of training and technical assistance.

use super::csv_reader::{Field, Record};
use super::csv_table::{Column, CsvTable};
use super::model::{Activity, ActivityKind};
use crate::calendar;
use crate::closest::closest;
use crate::diagnostic::{Diagnostic, Found};
use crate::rules;
use crate::source::SourceText;
use crate::text::quoted;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

pub const COLUMNS: [Column; 4] = [
    Column {
        name: "date",
        required: true,
    },
    Column {
        name: "kind",
        required: true,
    },
    Column {
        name: "days",
        required: false,
    },
    Column {
        name: "note",
        required: false,
    },
];
pub const HEADER: &str = "date,kind,days,note";
const DATE: usize = 0;
const KIND: usize = 1;
const DAYS: usize = 2;
const NOTE: usize = 3;

pub fn is_training(kind: ActivityKind) -> bool {
    matches!(kind, ActivityKind::TrainingEs | ActivityKind::TrainingMh)
}

/// Reads the activities that pass every check; the others are reported.
pub fn read(source: &SourceText) -> (Vec<Activity>, Vec<Diagnostic>) {
    let mut found = Found::new();
    let activities = read_rows(source, &mut found);
    (activities, found.into_vec())
}

fn read_rows(source: &SourceText, found: &mut Found) -> Vec<Activity> {
    let Some(mut table) = CsvTable::open(source, &COLUMNS, found) else {
        return Vec::new();
    };
    let mut activities = Vec::new();
    // The first line of each date and kind, to find the same activity entered twice.
    let mut first_line: HashMap<(NaiveDate, ActivityKind), usize> = HashMap::new();
    while let Some(record) = table.next_row(found) {
        let record = &record;
        let date_field = table.field(record, DATE).expect("required column");
        let date = read_date(&table, date_field, found);
        let kind_field = table.field(record, KIND).expect("required column");
        let kind = read_kind(&table, kind_field, found);
        let days = read_days_of(&table, record, kind, found);
        let note = table
            .field(record, NOTE)
            .map(|f| f.value.to_string())
            .unwrap_or_default();
        if let (Some(date), Some(kind), Ok(days)) = (date, kind, days) {
            let line = table.line_of(record.offset);
            check_duplicate(
                &table,
                &mut first_line,
                (date, kind),
                line,
                date_field,
                found,
            );
            activities.push(Activity {
                date,
                kind,
                days,
                note: note.into_boxed_str(),
                // A data file is at most 16 MiB, so its lines are counted in a u32.
                line: u32::try_from(line).unwrap_or(u32::MAX),
            });
        }
    }
    // Every agency's log is held while a command judges them: no spare capacity.
    activities.shrink_to_fit();
    activities
}

/// The row's date, or None with a finding that says how to write it.
fn read_date(table: &CsvTable<'_>, date_field: &Field<'_>, found: &mut Found) -> Option<NaiveDate> {
    let date = calendar::parse_date(date_field.value.trim());
    if date.is_none() {
        found.push_with(&rules::DATE, || {
            let text = date_field.value.trim();
            let days = calendar::readings(text);
            let (message, hint) = if let Some(reason) = calendar::not_a_day(text) {
                (
                    format!("{text} is not a day: {reason}"),
                    "check the month and the day against a calendar, and write the day it happened"
                        .to_string(),
                )
            } else if !days.is_empty() {
                (
                    format!("{} is not a date written YYYY-MM-DD", quoted(text)),
                    format!(
                        "write the activity's date as YYYY-MM-DD: {}",
                        calendar::say_readings(&days, "")
                    ),
                )
            } else {
                (
                    format!("{} is not a date written YYYY-MM-DD", quoted(text)),
                    "write the activity's date as YYYY-MM-DD, e.g. 2024-02-10".to_string(),
                )
            };
            table.report(&rules::DATE, date_field.offset, message, hint)
        });
    }
    date
}

/// The row's kind of activity, or None with a finding that names the kinds.
fn read_kind(
    table: &CsvTable<'_>,
    kind_field: &Field<'_>,
    found: &mut Found,
) -> Option<ActivityKind> {
    let kind_text = kind_field.value.trim();
    let kind = ActivityKind::parse(kind_text);
    if kind.is_none() {
        found.push_with(&rules::ENUMERATION, || {
            let near = closest(kind_text, ActivityKind::NAMES)
                .map(|n| format!("did you mean \"{n}\"? "))
                .unwrap_or_default();
            table.report(
                &rules::ENUMERATION,
                kind_field.offset,
                format!("{} is not an activity kind", quoted(kind_text)),
                format!("{near}kinds: {}", ActivityKind::NAMES.join(", ")),
            )
        });
    }
    kind
}

/// The row's days: a training needs them, so a file without the column is a finding.
fn read_days_of(
    table: &CsvTable<'_>,
    record: &Record<'_>,
    kind: Option<ActivityKind>,
    found: &mut Found,
) -> Result<Option<f64>, ()> {
    match (kind, table.field(record, DAYS)) {
        (Some(kind), Some(field)) => read_days(table, kind, field, found),
        (Some(kind), None) if is_training(kind) => {
            found.push_with(&rules::MISSING_COLUMN, || table.report(
                &rules::MISSING_COLUMN,
                record.offset,
                "a training needs its length in days, but the file has no `days` column".into(),
                format!("write the header line as: {HEADER}, with the training's length under `days`"),
            ));
            Err(())
        }
        _ => Ok(None),
    }
}

/// The same activity logged twice on a day is a finding at the second; the first is kept.
fn check_duplicate(
    table: &CsvTable<'_>,
    first_line: &mut HashMap<(NaiveDate, ActivityKind), usize>,
    (date, kind): (NaiveDate, ActivityKind),
    line: usize,
    date_field: &Field<'_>,
    found: &mut Found,
) {
    match first_line.entry((date, kind)) {
        Entry::Occupied(first) => found.push_with(&rules::DUPLICATE_ACTIVITY, || {
            table.report(
                &rules::DUPLICATE_ACTIVITY,
                date_field.offset,
                format!(
                    "{} on {date} is logged twice: also on line {}",
                    kind.as_str(),
                    first.get()
                ),
                duplicate_hint(kind),
            )
        }),
        Entry::Vacant(slot) => {
            slot.insert(line);
        }
    }
}

/// How to settle the same activity on the same day twice.
pub fn duplicate_hint(kind: ActivityKind) -> String {
    let counts = if is_training(kind) {
        " (its days count twice)"
    } else {
        ""
    };
    format!(
        "if it was entered twice, delete one of the rows{counts}; if two took place that day, keep both"
    )
}

/// `2024-02-30`: the shape of a date, whatever the calendar says.
fn read_days(
    table: &CsvTable<'_>,
    kind: ActivityKind,
    field: &Field<'_>,
    found: &mut Found,
) -> Result<Option<f64>, ()> {
    let text = field.value.trim();
    if !is_training(kind) {
        if text.is_empty() {
            return Ok(None);
        }
        found.push_with(&rules::NUMBER, || {
            table.report(
                &rules::NUMBER,
                field.offset,
                format!(
                    "`days` is {}, but only trainings have a length in days",
                    quoted(text)
                ),
                "leave `days` empty for meetings, visits, reviews and plans".into(),
            )
        });
        return Err(());
    }
    match text.parse::<f64>() {
        Ok(days) if days.is_finite() && days > 0.0 && days <= 30.0 && !text.starts_with('+') => {
            Ok(Some(days))
        }
        _ => {
            found.push_with(&rules::NUMBER, || {
                let message = if text.is_empty() {
                    format!("a {} needs its length in days", kind.as_str())
                } else {
                    format!(
                        "`days` is {}, not a number of days above 0 and up to 30",
                        quoted(text)
                    )
                };
                table.report(
                    &rules::NUMBER,
                    field.offset,
                    message,
                    "write the training's length in days, e.g. 3 or 0.5 for half a day".into(),
                )
            });
            Err(())
        }
    }
}
