//! The workbook an agency fills in for a quarter (`ips outcomes form`): on its first sheet the
//! agency and quarter (cells `ips outcomes import` reads), the header of an outcomes file and a
//! row per team open in the quarter, with the team's location to the right; on a second sheet
//! what each count means. Counts must be whole numbers, employed and education at most served
//! (the spreadsheet's own data validation); everything but the counts is protected.

use super::import::{AGENCY_LABEL, QUARTER_LABEL};
use crate::calendar::Quarter;
use crate::repo::outcomes_file::{COLUMNS, MAX_COUNT};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, Format, Formula, Workbook, Worksheet,
    XlsxError,
};

/// A team's row of the form.
pub struct TeamRow<'a> {
    pub id: &'a str,
    pub location: &'a str,
}

/// What the form says the workbook is for.
pub struct Form<'a> {
    pub agency: &'a str,
    pub agency_name: &'a str,
    pub quarter: Quarter,
    pub teams: Vec<TeamRow<'a>>,
}

/// The row (from 0) of the header; the teams follow it.
const HEADER_ROW: u32 = 3;

/// What each column means, from the data format (docs/data-format.md).
pub const MEANINGS: [(&str, &str); 5] = [
    (
        "team",
        "The team's id from the agency's agency.toml. Do not change it.",
    ),
    (
        "served",
        "People who received IPS services during the quarter (required).",
    ),
    (
        "employed",
        "Of those served, people who worked in a competitive job during the quarter (required; at most served).",
    ),
    (
        "education",
        "Of those served, people enrolled in education or training (leave it empty if the team does not count it; at most served).",
    ),
    (
        "job_starts",
        "New competitive jobs started during the quarter (leave it empty if the team does not count them).",
    ),
];

/// The workbook's bytes; `made` is the date it records as made on (`--as-of`).
pub fn workbook(form: &Form<'_>, made: chrono::NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let made = crate::sheet::excel_date(made)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("IPS outcomes of {}, {}", form.agency, form.quarter))
            .set_creation_datetime(&made),
    );
    workbook.push_worksheet(figures(form)?);
    workbook.push_worksheet(instructions(form)?);
    workbook.save_to_buffer()
}

fn figures(form: &Form<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(form.quarter.to_string())?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, AGENCY_LABEL, &bold)?;
    sheet.write_string(0, 1, form.agency)?;
    sheet.write_string(0, 2, form.agency_name)?;
    sheet.write_string_with_format(1, 0, QUARTER_LABEL, &bold)?;
    sheet.write_string(1, 1, form.quarter.to_string())?;
    for (col, column) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, column.name, &bold)?;
    }
    sheet.write_string_with_format(HEADER_ROW, 5, "location (not imported)", &bold)?;
    let open = Format::new().set_unlocked().set_num_format_index(1);
    for (index, team) in form.teams.iter().enumerate() {
        let row = HEADER_ROW + 1 + index as u32;
        sheet.write_string(row, 0, team.id)?;
        for col in 1..=4 {
            sheet.write_blank(row, col, &open)?;
        }
        sheet.write_string(row, 5, team.location)?;
    }
    if !form.teams.is_empty() {
        validate_counts(&mut sheet, form.teams.len() as u32)?;
    }
    sheet.set_column_width(0, 20)?;
    sheet.set_column_range_width(1, 4, 12)?;
    sheet.set_column_width(5, 28)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    sheet.protect();
    Ok(sheet)
}

/// Whole numbers from 0 up; employed and education at most served (column B of the row).
fn validate_counts(sheet: &mut Worksheet, teams: u32) -> Result<(), XlsxError> {
    let first = HEADER_ROW + 1;
    let last = first + teams - 1;
    let max = i32::try_from(MAX_COUNT).unwrap_or(i32::MAX);
    let whole = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, max))
        .set_error_title("A count")?
        .set_error_message("Write a whole number of 0 or more (0 for none).")?;
    let at_most_served = DataValidation::new()
        .allow_whole_number_formula(DataValidationRule::Between(
            Formula::new("0"),
            Formula::new(format!("$B{}", first + 1)),
        ))
        .set_error_title("At most served")?
        .set_error_message(
            "Write a whole number of 0 or more, at most the number served (column B).",
        )?;
    sheet.add_data_validation(first, 1, last, 1, &whole)?;
    sheet.add_data_validation(first, 2, last, 3, &at_most_served)?;
    sheet.add_data_validation(first, 4, last, 4, &whole)?;
    Ok(())
}

fn instructions(form: &Form<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name("Instructions")?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let title = format!(
        "IPS outcomes of {} ({}) for {}, {} to {}",
        form.agency_name,
        form.agency,
        form.quarter,
        form.quarter.first_day(),
        form.quarter.last_day()
    );
    sheet.write_string_with_format(0, 0, title, &bold)?;
    let steps = [
        format!("On the sheet {}, write each team's counts in the white cells of its row: whole numbers, 0 for none.", form.quarter),
        "The team ids, the header and the agency and quarter are protected: a team that is missing or closed is for your liaison to correct.".to_string(),
        "Save the workbook and send it back to your liaison, who checks and imports it with `ips outcomes import`.".to_string(),
    ];
    for (index, step) in steps.iter().enumerate() {
        sheet.write_string(2 + index as u32, 0, step)?;
    }
    sheet.write_string_with_format(6, 0, "column", &bold)?;
    sheet.write_string_with_format(6, 1, "what it counts", &bold)?;
    for (index, (column, meaning)) in MEANINGS.iter().enumerate() {
        let row = 7 + index as u32;
        sheet.write_string(row, 0, *column)?;
        sheet.write_string_with_format(row, 1, *meaning, &wrap)?;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 90)?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meanings_name_the_format_s_columns_in_order() {
        let names: Vec<&str> = MEANINGS.iter().map(|(name, _)| *name).collect();
        let columns: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(names, columns);
    }
}
