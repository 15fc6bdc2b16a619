//! Reads agencies/<agency>/activities.csv: the dated log of training and technical assistance.

use super::csv_table::{Column, CsvTable};
use super::model::{Activity, ActivityKind};
use super::toml_fields::closest;
use crate::calendar;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::SourceText;
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
    let mut diagnostics = Vec::new();
    let Some(table) = CsvTable::open(source, &COLUMNS, &mut diagnostics) else {
        return (Vec::new(), diagnostics);
    };
    let mut activities = Vec::new();
    // The first line of each date and kind, to find the same activity entered twice.
    let mut first_line: HashMap<(NaiveDate, ActivityKind), usize> = HashMap::new();
    for record in &table.rows {
        let date_field = table.field(record, DATE).expect("required column");
        let date = calendar::parse_date(date_field.value.trim());
        if date.is_none() {
            let text = date_field.value.trim();
            let (message, hint) = if looks_like_a_date(text) {
                (
                    format!("{text} is not a real date: that day does not exist"),
                    "check the month and the day against a calendar, and write the day it happened",
                )
            } else {
                (
                    format!("{text:?} is not a date written YYYY-MM-DD"),
                    "write the activity's date as YYYY-MM-DD, e.g. 2024-02-10",
                )
            };
            diagnostics.push(table.report(&rules::DATE, date_field.offset, message, hint.into()));
        }
        let kind_field = table.field(record, KIND).expect("required column");
        let kind_text = kind_field.value.trim();
        let kind = ActivityKind::parse(kind_text);
        if kind.is_none() {
            let near = closest(kind_text, ActivityKind::NAMES)
                .map(|n| format!("did you mean \"{n}\"? "))
                .unwrap_or_default();
            diagnostics.push(table.report(
                &rules::ENUMERATION,
                kind_field.offset,
                format!("{kind_text:?} is not an activity kind"),
                format!("{near}kinds: {}", ActivityKind::NAMES.join(", ")),
            ));
        }
        let days = match (kind, table.field(record, DAYS)) {
            (Some(kind), Some(field)) => read_days(&table, kind, field, &mut diagnostics),
            (Some(kind), None) if is_training(kind) => {
                diagnostics.push(table.report(
                    &rules::MISSING_COLUMN,
                    record.offset,
                    "a training needs its length in days, but the file has no `days` column".into(),
                    format!("write the header line as: {HEADER}, with the training's length under `days`"),
                ));
                Err(())
            }
            _ => Ok(None),
        };
        let note = table
            .field(record, NOTE)
            .map(|f| f.value.to_string())
            .unwrap_or_default();
        if let (Some(date), Some(kind), Ok(days)) = (date, kind, days) {
            let line = table.line_of(record.offset);
            match first_line.entry((date, kind)) {
                Entry::Occupied(first) => diagnostics.push(table.report(
                    &rules::DUPLICATE_ACTIVITY,
                    date_field.offset,
                    format!(
                        "{} on {date} is logged twice: also on line {}",
                        kind.as_str(),
                        first.get()
                    ),
                    duplicate_hint(kind),
                )),
                Entry::Vacant(slot) => {
                    slot.insert(line);
                }
            }
            activities.push(Activity {
                date,
                kind,
                days,
                note,
                line,
            });
        }
    }
    // Every agency's log is held while a command judges them: no spare capacity.
    activities.shrink_to_fit();
    (activities, diagnostics)
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
fn looks_like_a_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

fn read_days(
    table: &CsvTable<'_>,
    kind: ActivityKind,
    field: &super::csv_reader::Field<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<f64>, ()> {
    let text = field.value.trim();
    if !is_training(kind) {
        if text.is_empty() {
            return Ok(None);
        }
        diagnostics.push(table.report(
            &rules::NUMBER,
            field.offset,
            format!("`days` is {text:?}, but only trainings have a length in days"),
            "leave `days` empty for meetings, visits, reviews and plans".into(),
        ));
        return Err(());
    }
    match text.parse::<f64>() {
        Ok(days) if days.is_finite() && days > 0.0 && days <= 30.0 && !text.starts_with('+') => {
            Ok(Some(days))
        }
        _ => {
            let message = if text.is_empty() {
                format!("a {} needs its length in days", kind.as_str())
            } else {
                format!("`days` is {text:?}, not a number of days above 0 and up to 30")
            };
            diagnostics.push(table.report(
                &rules::NUMBER,
                field.offset,
                message,
                "write the training's length in days, e.g. 3 or 0.5 for half a day".into(),
            ));
            Err(())
        }
    }
}
