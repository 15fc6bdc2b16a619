//! Adding one activity to activities.csv without disturbing the rest of the file: existing bytes
//! are kept as they are (quoting, spacing, BOM, line ends), and the new row goes after the rows
//! of its date, so a file in date order stays in date order.

use crate::calendar;
use crate::diagnostic::Diagnostic;
use crate::repo::activities;
use crate::repo::csv_reader;
use crate::repo::model::ActivityKind;
use crate::source::SourceText;
use chrono::NaiveDate;

/// The header of a new activities.csv, from the template `ips init` users are pointed to.
pub const TEMPLATE: &str = include_str!("../../data-templates/activities.csv");

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    pub date: NaiveDate,
    pub kind: ActivityKind,
    /// The length of a training as written in the file, e.g. `3` or `0.5`.
    pub days: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Inserted {
    /// The whole new file.
    pub bytes: Vec<u8>,
    /// The 1-based line the new row starts on.
    pub line: usize,
    /// The new row as written, without its line end.
    pub row: String,
}

/// Checks the activity with the reader of activities.csv itself, so that `log` never writes a
/// row that `validate` would reject. Returns the reader's findings.
pub fn check(activity: &NewActivity) -> Vec<Diagnostic> {
    let row = match encode(&["date", "kind", "days", "note"], activity, b"\n") {
        Ok(row) => row,
        Err(message) => {
            return vec![Diagnostic::new(
                &crate::rules::CSV_STRUCTURE,
                &origin(),
                message,
            )];
        }
    };
    let source = SourceText::new(
        origin(),
        format!("{}\n{}", activities::HEADER, String::from_utf8_lossy(&row)),
    );
    let (read, diagnostics) = activities::read(&source);
    if !diagnostics.is_empty() {
        return diagnostics;
    }
    let same = read.len() == 1
        && read[0].date == activity.date
        && read[0].kind == activity.kind
        && *read[0].note == *activity.note;
    if same {
        Vec::new()
    } else {
        vec![Diagnostic::new(
            &crate::rules::CSV_STRUCTURE,
            &origin(),
            "the row would not read back as written",
        )]
    }
}

/// The row checked is of no particular agency: only the messages of its findings are used.
fn origin() -> crate::diagnostic::Origin {
    crate::diagnostic::Origin::new(
        "activities.csv",
        crate::diagnostic::Subject::Agency(
            std::sync::Arc::from(""),
            crate::diagnostic::AgencyFile::Activities,
        ),
    )
}

/// The file `existing` (an activities.csv without errors) with `activity` added. Errors name
/// what in the file prevents adding it, e.g. a header without the `note` column.
pub fn insert(existing: &[u8], activity: &NewActivity) -> Result<Inserted, String> {
    let bom = if existing.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let text = std::str::from_utf8(&existing[bom..])
        .map_err(|_| "activities.csv is not UTF-8".to_string())?;
    // A file whose lines end in a CR alone (`line-ends`) is read as validate reads it, with
    // LF in place of each such CR (offsets stay), and the new row ends in a CR as its lines do.
    let cr_lines = crate::source::first_lone_cr(text.as_bytes()).is_some();
    let normal = if cr_lines {
        crate::source::cr_to_lf(text.to_string())
    } else {
        text.to_string()
    };
    let text = normal.as_str();
    let (records, error) = csv_reader::parse(text);
    if let Some(error) = error {
        return Err(format!("activities.csv cannot be read: {}", error.message));
    }
    let Some((header, rows)) = records.split_first() else {
        return Err("activities.csv has no header line".to_string());
    };
    let columns: Vec<&str> = header.fields.iter().map(|f| f.value.trim()).collect();
    let date_column = columns
        .iter()
        .position(|c| *c == "date")
        .ok_or("activities.csv has no `date` column")?;
    let line_end: &[u8] = match text.find('\n') {
        _ if cr_lines => b"\r",
        Some(i) if text[..i].ends_with('\r') => b"\r\n",
        _ => b"\n",
    };
    let row = encode(&columns, activity, line_end)?;
    // After the last row dated on or before the new one; before every row if none is.
    let mut after = 0;
    for (index, record) in rows.iter().enumerate() {
        if record.is_empty() {
            // A row of commas (an `empty-row` warning) is no activity.
            continue;
        }
        let date = record
            .fields
            .get(date_column)
            .and_then(|f| calendar::parse_date(f.value.trim()))
            .ok_or("activities.csv has a row without a valid date")?;
        if date <= activity.date {
            after = index + 1;
        }
    }
    let offset = rows.get(after).map_or(text.len(), |record| record.offset);
    let mut added = Vec::new();
    if offset == text.len() && !text.is_empty() && !text.ends_with('\n') {
        added.extend_from_slice(line_end);
    }
    let line = text[..offset].matches('\n').count() + 1 + usize::from(!added.is_empty());
    added.extend_from_slice(&row);
    let mut bytes = Vec::with_capacity(existing.len() + added.len());
    bytes.extend_from_slice(&existing[..bom + offset]);
    bytes.extend_from_slice(&added);
    bytes.extend_from_slice(&existing[bom + offset..]);
    let shown = String::from_utf8_lossy(&row[..row.len() - line_end.len()]).into_owned();
    Ok(Inserted {
        bytes,
        line,
        row: shown,
    })
}

/// A new activities.csv: the template's header and the activity.
pub fn new_file(activity: &NewActivity) -> Result<Inserted, String> {
    insert(TEMPLATE.as_bytes(), activity)
}

/// The activity as one CSV row in the order of `columns`, quoted by the csv crate where needed.
fn encode(columns: &[&str], activity: &NewActivity, line_end: &[u8]) -> Result<Vec<u8>, String> {
    let mut fields = Vec::with_capacity(columns.len());
    for column in columns {
        let value = match *column {
            "date" => activity.date.to_string(),
            "kind" => activity.kind.as_str().to_string(),
            "days" => activity.days.clone().unwrap_or_default(),
            "note" => activity.note.clone(),
            // A column without a name that a spreadsheet left (`empty-column`) stays empty.
            "" => String::new(),
            other => return Err(format!("activities.csv has an unknown column `{other}`")),
        };
        fields.push(value);
    }
    for (column, given) in [
        ("days", activity.days.is_some()),
        ("note", !activity.note.is_empty()),
    ] {
        if given && !columns.contains(&column) {
            return Err(format!(
                "activities.csv has no `{column}` column to hold the {column}"
            ));
        }
    }
    let terminator = match line_end {
        b"\r\n" => csv::Terminator::CRLF,
        b"\r" => csv::Terminator::Any(b'\r'),
        _ => csv::Terminator::Any(b'\n'),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    writer
        .write_record(&fields)
        .map_err(|error| format!("cannot write the row: {error}"))?;
    writer
        .into_inner()
        .map_err(|error| format!("cannot write the row: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::test_data::date;

    fn visit(on: &str, note: &str) -> NewActivity {
        NewActivity {
            date: date(on),
            kind: ActivityKind::EmployerVisit,
            days: None,
            note: note.to_string(),
        }
    }

    fn inserted(existing: &str, activity: &NewActivity) -> (String, usize) {
        let done = insert(existing.as_bytes(), activity).unwrap();
        (String::from_utf8(done.bytes).unwrap(), done.line)
    }

    const FILE: &str = "date,kind,days,note\n\
        2024-02-10,training-es,3,\"specialists, supervisor\"\n\
        2024-03-12,employer-visit,,\n\
        2024-03-12,unit-meeting,,  spaced  \n\
        2024-04-15,outcomes-review,,\n";

    #[test]
    fn goes_after_the_rows_of_the_same_date_and_keeps_the_others_byte_for_byte() {
        let (text, line) = inserted(FILE, &visit("2024-03-12", "bakery"));
        assert_eq!(
            text,
            "date,kind,days,note\n\
            2024-02-10,training-es,3,\"specialists, supervisor\"\n\
            2024-03-12,employer-visit,,\n\
            2024-03-12,unit-meeting,,  spaced  \n\
            2024-03-12,employer-visit,,bakery\n\
            2024-04-15,outcomes-review,,\n"
        );
        assert_eq!(line, 5);
    }

    #[test]
    fn goes_before_the_empty_rows_a_spreadsheet_left() {
        let (text, line) = inserted(
            "date,kind,days,note\n2024-02-10,unit-meeting,,\n,,,\n,,,\n",
            &visit("2024-03-12", ""),
        );
        assert_eq!(
            text,
            "date,kind,days,note\n2024-02-10,unit-meeting,,\n2024-03-12,employer-visit,,\n,,,\n,,,\n"
        );
        assert_eq!(line, 3);
    }

    #[test]
    fn goes_first_when_older_than_every_row_and_last_when_newer() {
        let (first, line) = inserted(FILE, &visit("2024-01-01", ""));
        assert!(first.starts_with("date,kind,days,note\n2024-01-01,employer-visit,,\n2024-02-10"));
        assert_eq!(line, 2);
        let (last, line) = inserted(FILE, &visit("2024-05-01", ""));
        assert!(last.ends_with("2024-04-15,outcomes-review,,\n2024-05-01,employer-visit,,\n"));
        assert_eq!(line, 6);
    }

    #[test]
    fn quotes_the_note_as_csv_requires() {
        let (text, _) = inserted(
            "date,kind,days,note\n",
            &visit("2024-05-01", "bike shop, \"Wheels\""),
        );
        assert_eq!(
            text,
            "date,kind,days,note\n2024-05-01,employer-visit,,\"bike shop, \"\"Wheels\"\"\"\n"
        );
    }

    #[test]
    fn keeps_crlf_line_ends_a_bom_and_a_missing_final_line_end() {
        let existing =
            "\u{feff}date,kind,days,note\r\n2024-02-10,unit-meeting,,\r\n2024-03-10,unit-meeting,,";
        let (middle, line) = inserted(existing, &visit("2024-02-11", "a"));
        assert_eq!(
            middle,
            "\u{feff}date,kind,days,note\r\n2024-02-10,unit-meeting,,\r\n2024-02-11,employer-visit,,a\r\n2024-03-10,unit-meeting,,"
        );
        assert_eq!(line, 3);
        let (end, line) = inserted(existing, &visit("2024-04-01", "b"));
        assert_eq!(
            end,
            "\u{feff}date,kind,days,note\r\n2024-02-10,unit-meeting,,\r\n2024-03-10,unit-meeting,,\r\n2024-04-01,employer-visit,,b\r\n"
        );
        assert_eq!(line, 4);
    }

    #[test]
    fn keeps_line_ends_of_a_carriage_return_alone() {
        let existing = "date,kind,days,note\r2024-02-10,unit-meeting,,\r2024-03-10,unit-meeting,,";
        let (middle, line) = inserted(existing, &visit("2024-02-11", "a"));
        assert_eq!(
            middle,
            "date,kind,days,note\r2024-02-10,unit-meeting,,\r2024-02-11,employer-visit,,a\r2024-03-10,unit-meeting,,"
        );
        assert_eq!(line, 3);
        let (end, line) = inserted(existing, &visit("2024-04-01", "b"));
        assert_eq!(
            end,
            "date,kind,days,note\r2024-02-10,unit-meeting,,\r2024-03-10,unit-meeting,,\r2024-04-01,employer-visit,,b\r"
        );
        assert_eq!(line, 4);
    }

    #[test]
    fn a_multi_line_note_of_an_existing_row_stays_whole() {
        let existing = "date,kind,days,note\n2024-02-10,unit-meeting,,\"two\nlines\"\n2024-03-10,unit-meeting,,\n";
        let (text, line) = inserted(existing, &visit("2024-02-10", ""));
        assert_eq!(
            text,
            "date,kind,days,note\n2024-02-10,unit-meeting,,\"two\nlines\"\n2024-02-10,employer-visit,,\n2024-03-10,unit-meeting,,\n"
        );
        assert_eq!(line, 4);
    }

    #[test]
    fn follows_the_files_column_order_and_refuses_what_it_cannot_hold() {
        let training = NewActivity {
            date: date("2024-02-10"),
            kind: ActivityKind::TrainingMh,
            days: Some("0.5".into()),
            note: String::new(),
        };
        let (text, _) = inserted("kind,date,days\n", &training);
        assert_eq!(text, "kind,date,days\ntraining-mh,2024-02-10,0.5\n");
        assert_eq!(
            insert(b"date,kind\n", &training),
            Err("activities.csv has no `days` column to hold the days".into())
        );
        assert_eq!(
            insert(b"date,kind,days\n", &visit("2024-01-01", "n")),
            Err("activities.csv has no `note` column to hold the note".into())
        );
    }

    #[test]
    fn a_new_file_has_the_templates_header() {
        let done = new_file(&visit("2024-05-01", "")).unwrap();
        assert_eq!(
            String::from_utf8(done.bytes).unwrap(),
            "date,kind,days,note\n2024-05-01,employer-visit,,\n"
        );
        assert_eq!(
            (done.line, done.row.as_str()),
            (2, "2024-05-01,employer-visit,,")
        );
    }

    #[test]
    fn check_applies_the_readers_rules() {
        let mut training = NewActivity {
            date: date("2024-02-10"),
            kind: ActivityKind::TrainingEs,
            days: Some("40".into()),
            note: "a, \"b\"".into(),
        };
        let found = check(&training);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule.id, "number");
        assert_eq!(
            found[0].message,
            "`days` is \"40\", not a number of days above 0 and up to 30"
        );
        training.days = Some("2.5".into());
        assert!(check(&training).is_empty());
        training.days = None;
        assert_eq!(
            check(&training)[0].message,
            "a training-es needs its length in days"
        );
        let mut meeting = visit("2024-02-10", "");
        meeting.days = Some("1".into());
        assert_eq!(check(&meeting)[0].rule.id, "number");
    }
}
