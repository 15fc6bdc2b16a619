//! Hints that point the right way (issue 14, item 4): each mistake a person makes with a
//! spreadsheet, an editor or a flag, with the exact message they see, on the validate tests'
//! base fixture (tests/fixtures/validate/base, 9 files) changed by a file or two.

mod common;

use common::*;
use std::path::Path;
use tempfile::TempDir;

/// A fresh copy of the base fixture.
fn base() -> TempDir {
    copy_to_temp(&fixture("validate/base"))
}

/// `ips validate --as-of 2026-11-24` in `root`.
fn validate(root: &Path) -> Run {
    run_ips(root, &["validate", "--as-of=2026-11-24"])
}

/// Asserts a run was refused as a usage error (exit 2) with exactly `stderr`, printing nothing.
#[track_caller]
fn assert_usage_error(run: Run, stderr: &str) {
    assert_run(run, "", stderr, 2);
}

// ---------------------------------------------------------------------------------------------
// Dates

/// A day that does not exist, given to a flag, is named as such: the text is YYYY-MM-DD.
#[test]
fn a_date_flag_of_a_day_that_does_not_exist_says_why() {
    let dir = base();
    assert_usage_error(
        run_ips(
            dir.path(),
            &[
                "agreement",
                "log",
                "riverbend",
                "unit-meeting",
                "--date",
                "2026-11-31",
            ],
        ),
        "error: invalid value '2026-11-31' for '--date <DATE>': 2026-11-31 is not a day: November has 30 days\n\nFor more information, try '--help'.\n",
    );
    assert_usage_error(
        run_ips(dir.path(), &["validate", "--as-of", "2026-02-29"]),
        "error: invalid value '2026-02-29' for '--as-of <DATE>': 2026-02-29 is not a day: February 2026 has 28 days\n\nFor more information, try '--help'.\n",
    );
    assert_eq!(
        read(dir.path(), "agencies/riverbend/activities.csv"),
        read(
            &fixture("validate/base"),
            "agencies/riverbend/activities.csv"
        )
    );
}

/// `--as-of` defaults to $IPS_AS_OF: a bad one is named as the variable, which the user may
/// have forgotten they set, and the flag given beside it wins.
#[test]
fn a_bad_ips_as_of_is_named_as_the_variable() {
    let dir = base();
    for (value, problem) in [
        (
            "2026-02-30",
            "2026-02-30 is not a day: February 2026 has 28 days",
        ),
        ("", "\"\" is not a date: write YYYY-MM-DD, e.g. 2026-09-30"),
    ] {
        assert_usage_error(
            output(ips(dir.path()).args(["validate"]).env("IPS_AS_OF", value)),
            &format!(
                "error: invalid value '{value}' for '--as-of <DATE>': {problem} (this is $IPS_AS_OF: set it to a date, or `unset IPS_AS_OF`)\n\nFor more information, try '--help'.\n"
            ),
        );
    }
    let (_, stderr, code) = output(
        ips(dir.path())
            .args(["validate", "--as-of", "2026-11-24"])
            .env("IPS_AS_OF", "2026-02-30"),
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
}

/// A date written day and month (or month and day) first is read both ways when both are days,
/// one way when only one is.
#[test]
fn a_date_flag_written_another_way_gives_its_readings() {
    let dir = base();
    assert_usage_error(
        run_ips(dir.path(), &["validate", "--as-of", "03/02/2026"]),
        "error: invalid value '03/02/2026' for '--as-of <DATE>': 03/02/2026 is not written YYYY-MM-DD: write 2026-03-02 if it is March 2, 2026-02-03 if it is February 3\n\nFor more information, try '--help'.\n",
    );
    assert_usage_error(
        run_ips(dir.path(), &["validate", "--as-of", "24.11.2026"]),
        "error: invalid value '24.11.2026' for '--as-of <DATE>': 24.11.2026 is not written YYYY-MM-DD: write 2026-11-24\n\nFor more information, try '--help'.\n",
    );
    assert_usage_error(
        run_ips(dir.path(), &["validate", "--as-of", "soon"]),
        "error: invalid value 'soon' for '--as-of <DATE>': \"soon\" is not a date: write YYYY-MM-DD, e.g. 2026-09-30\n\nFor more information, try '--help'.\n",
    );
}

/// `start = 03/02/2026` is a date to TOML's reader only once written YYYY-MM-DD; the hint gives
/// both readings, not "string values must be quoted". A day that does not exist says why.
#[test]
fn a_toml_date_written_another_way_gives_its_readings() {
    let dir = base();
    let agency = "agencies/lakeshore/agency.toml";
    edit(
        dir.path(),
        agency,
        "start = 2024-03-01",
        "start = 03/02/2024",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:4:9: error[date]: `start` is 03/02/2024: dates are written YYYY-MM-DD, unquoted\n",
            "  hint: write start = 2024-03-02 if it is March 2, start = 2024-02-03 if it is February 3\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
    edit(dir.path(), agency, "start = 03/02/2024", "start = 2024/3/1");
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:4:9: error[date]: `start` is 2024/3/1: dates are written YYYY-MM-DD, unquoted\n",
            "  hint: write start = 2024-03-01\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
    edit(
        dir.path(),
        agency,
        "start = 2024/3/1",
        "start = \"30/03/2024\"",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:4:9: error[wrong-type]: `start` must be a date, found text\n",
            "  hint: write the date YYYY-MM-DD without quotes: start = 2024-03-30\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
    edit(
        dir.path(),
        agency,
        "start = \"30/03/2024\"",
        "start = 2024-04-31",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:4:9: error[date]: 2024-04-31 is not a day: April has 30 days\n",
            "  hint: write a real calendar date as YYYY-MM-DD\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
    // Quoted as well: both mistakes are said at once.
    edit(
        dir.path(),
        agency,
        "start = 2024-04-31",
        "start = \"2024-04-31\"",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:4:9: error[wrong-type]: `start` must be a date, found text\n",
            "  hint: 2024-04-31 is not a day (April has 30 days): write a real date without quotes, YYYY-MM-DD\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// In activities.csv too, a date written another way is read every way it can be.
#[test]
fn an_activity_date_written_another_way_gives_its_readings() {
    let dir = base();
    write(
        dir.path(),
        "agencies/riverbend/activities.csv",
        "date,kind,days,note\n2024-02-10,training-es,3,\n03/04/2024,unit-meeting,,\n2024-06-31,unit-meeting,,\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/riverbend/activities.csv:3:1: error[date]: \"03/04/2024\" is not a date written YYYY-MM-DD\n",
            "  hint: write the activity's date as YYYY-MM-DD: 2024-03-04 if it is March 4, 2024-04-03 if it is April 3\n",
            "agencies/riverbend/activities.csv:4:1: error[date]: 2024-06-31 is not a day: June has 30 days\n",
            "  hint: check the month and the day against a calendar, and write the day it happened\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings

/// `text` as UTF-16, little-endian with a byte-order mark (Excel's "Unicode Text") or
/// big-endian without one.
fn utf16(text: &str, little_with_mark: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if little_with_mark {
        bytes.extend([0xFF, 0xFE]);
    }
    for unit in text.encode_utf16() {
        if little_with_mark {
            bytes.extend(unit.to_le_bytes());
        } else {
            bytes.extend(unit.to_be_bytes());
        }
    }
    bytes
}

/// A UTF-16 export is said to be one, with the way to save it as UTF-8, in a CSV file and a
/// TOML file alike; an Excel workbook saved under a .csv name is said to be one.
#[test]
fn a_utf16_file_is_named_as_such() {
    let dir = base();
    let outcomes = read(dir.path(), "outcomes/2024-Q1/riverbend.csv");
    write(
        dir.path(),
        "outcomes/2024-Q1/riverbend.csv",
        utf16(&outcomes, true),
    );
    let review = read(dir.path(), "agencies/lakeshore/fidelity/2024-05-07.toml");
    write(
        dir.path(),
        "agencies/lakeshore/fidelity/2024-05-07.toml",
        utf16(&review, false),
    );
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        b"PK\x03\x04\x14\x00\x06\x00",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/fidelity/2024-05-07.toml: error[utf8]: the file is UTF-16 text, but ips reads UTF-8\n",
            "  hint: save it as UTF-8 (in an editor: Save with encoding UTF-8)\n",
            "outcomes/2024-Q1/riverbend.csv: error[utf8]: the file is UTF-16 text, but ips reads UTF-8\n",
            "  hint: save it as CSV UTF-8 (in Excel: Save As > CSV UTF-8)\n",
            "outcomes/2024-Q2/lakeshore.csv: error[utf8]: the file is a ZIP archive (an Excel workbook is one), not text\n",
            "  hint: save it as CSV UTF-8 (in Excel: Save As > CSV UTF-8)\n",
            "3 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet rows and file names

/// The rows of commas a spreadsheet leaves are one warning per run of them, not a blank team id
/// and two blank counts each; a blank team id in a row with figures never suggests `e.g. ""`.
#[test]
fn empty_rows_are_one_warning_per_run() {
    let dir = base();
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "team,served,employed,education,job_starts\nnorth,24,9,,4\n,,,,\nsouth,8,2,1,1\n,,,,\n , , , , \n\n,,,,\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/riverbend.csv:3:1: warning[empty-row]: line 3 is empty: only commas (a spreadsheet often leaves these)\n",
            "  hint: delete the line: ips skips it\n",
            "outcomes/2024-Q2/riverbend.csv:5:1: warning[empty-row]: lines 5 to 8 are empty: only commas (a spreadsheet often leaves these)\n",
            "  hint: delete the lines: ips skips them\n",
            "0 errors, 2 warnings in 9 files\n",
        ),
        "",
        0,
    );
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "team,served,employed,education,job_starts\nnorth,24,9,,4\n,8,2,1,1\n",
    );
    write(
        dir.path(),
        "agencies/riverbend/activities.csv",
        "date,kind,days,note\n2024-01-10,training-es,3,\n,,,\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/riverbend/activities.csv:3:1: warning[empty-row]: line 3 is empty: only commas (a spreadsheet often leaves these)\n",
            "  hint: delete the line: ips skips it\n",
            "outcomes/2024-Q2/riverbend.csv:3:1: error[identifier]: the team id is blank\n",
            "  hint: write the team's id from agency.toml in the `team` column, or delete the row if it is not a team's\n",
            "1 error, 1 warning in 9 files\n",
        ),
        "",
        1,
    );
}

/// A file saved as Excel's "CSV (Macintosh)" ends its lines in a carriage return only: it is
/// read line by line, with one warning, and positions are the lines an editor shows.
#[test]
fn carriage_return_line_ends_are_read_as_line_ends_with_a_warning() {
    let dir = base();
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "team,served,employed,education,job_starts\rnorth,24,9,,4\rsouth,8,2,1,x\r",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/riverbend.csv:1:42: warning[line-ends]: the lines end in a carriage return only (as Excel's \"CSV (Macintosh)\" writes them): ips reads them as line ends\n",
            "  hint: re-save the file as CSV UTF-8 (in Excel: Save As > CSV UTF-8 (Comma delimited)); other programs may read it as one line\n",
            "outcomes/2024-Q2/riverbend.csv:3:13: error[count]: `job_starts` is \"x\", not a whole number of 0 or more\n",
            "  hint: write a whole number such as 12; write 0 for none\n",
            "1 error, 1 warning in 9 files\n",
        ),
        "",
        1,
    );
}

/// An export of Excel in much of Europe quotes its fields and separates them by semicolons:
/// that is said, as of an unquoted one, not a quote out of place.
#[test]
fn a_quoted_semicolon_export_is_said_to_use_semicolons() {
    let dir = base();
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "\"team\";\"served\";\"employed\"\n\"north\";\"24\";\"9\"\n",
    );
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        "\"team\"\t\"served\"\t\"employed\"\n\"main\"\t\"15\"\t\"6\"\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/lakeshore.csv:1:7: error[csv-delimiter]: the columns are separated by tabs, not commas\n",
            "  hint: re-export as CSV with commas (in Excel: Save As > CSV UTF-8 (Comma delimited)), or replace the separators with commas\n",
            "outcomes/2024-Q2/riverbend.csv:1:7: error[csv-delimiter]: the columns are separated by semicolons, not commas\n",
            "  hint: re-export as CSV with commas (in Excel: Save As > CSV UTF-8 (Comma delimited)), or replace the separators with commas\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// The columns a spreadsheet leaves after the last one (`job_starts,,`, and `,,` on every row)
/// hold nothing: one warning says so and the rows are read; a value in one is an error at it.
#[test]
fn trailing_columns_without_a_name_and_empty_are_a_warning() {
    let dir = base();
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "team,served,employed,education,job_starts,,\nnorth,24,9,,4,,\nsouth,8,2,1,1\n",
    );
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        "team,served,employed,\nmain,15,6,\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/lakeshore.csv:1:22: warning[empty-column]: the column after `employed` has no name and is empty in every row\n",
            "  hint: ips reads the file without it; delete the comma at the end of each line (in a spreadsheet, delete the empty column)\n",
            "outcomes/2024-Q2/riverbend.csv:1:43: warning[empty-column]: the 2 columns after `job_starts` have no name and are empty in every row\n",
            "  hint: ips reads the file without them; delete the commas at the ends of the lines (in a spreadsheet, delete the empty columns)\n",
            "0 errors, 2 warnings in 9 files\n",
        ),
        "",
        0,
    );
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "team,served,employed,education,job_starts,,\nnorth,24,9,,4,,\nsouth,8,2,1,1,,seen 2x\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/lakeshore.csv:1:22: warning[empty-column]: the column after `employed` has no name and is empty in every row\n",
            "  hint: ips reads the file without it; delete the comma at the end of each line (in a spreadsheet, delete the empty column)\n",
            "outcomes/2024-Q2/riverbend.csv:3:16: error[unknown-column]: \"seen 2x\" is in a column without a name\n",
            "  hint: move the value into its column, or remove it; the row is left out until then\n",
            "1 error, 1 warning in 9 files\n",
        ),
        "",
        1,
    );
}

/// A spreadsheet's total row is said to be one, to be deleted: not an id to respell (which
/// would lead to `unknown-team`).
#[test]
fn a_total_row_is_said_to_be_one() {
    let dir = base();
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "team,served,employed,education,job_starts\nnorth,24,9,,4\nsouth,8,2,1,1\nTotal,32,11,1,5\n",
    );
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        "team,served,employed\nmain,15,6\nGRAND TOTAL:,15,6\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/lakeshore.csv:3:1: error[identifier]: \"GRAND TOTAL:\" starts a spreadsheet's total row, not a team's row\n",
            "  hint: delete the row: ips adds up the teams' rows itself\n",
            "outcomes/2024-Q2/riverbend.csv:4:1: error[identifier]: \"Total\" starts a spreadsheet's total row, not a team's row\n",
            "  hint: delete the row: ips adds up the teams' rows itself\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// `agreement log` records an activity in a file with the empty rows a spreadsheet left, before
/// them, as `validate` reads such a file: without errors.
#[test]
fn an_activity_is_logged_before_the_empty_rows() {
    let dir = base();
    let log = "agencies/riverbend/activities.csv";
    write(
        dir.path(),
        log,
        "date,kind,days,note\n2024-01-10,training-es,3,\n,,,\n",
    );
    assert_eq!(
        run_ips(
            dir.path(),
            &[
                "agreement",
                "log",
                "riverbend",
                "unit-meeting",
                "--date",
                "2024-03-01"
            ],
        ),
        (
            "recorded in agencies/riverbend/activities.csv at line 3: 2024-03-01,unit-meeting,,\n"
                .to_string(),
            String::new(),
            0
        )
    );
    assert_eq!(
        read(dir.path(), log),
        "date,kind,days,note\n2024-01-10,training-es,3,\n2024-03-01,unit-meeting,,\n,,,\n"
    );
}

/// An id with no ASCII letter or digit to make one from suggests none.
#[test]
fn an_id_of_no_letters_suggests_no_empty_id() {
    let dir = base();
    edit(
        dir.path(),
        "agencies/lakeshore/agency.toml",
        "id = \"main\"",
        "id = \"\"",
    );
    write(
        dir.path(),
        "outcomes/2024-Q3/Копия.csv",
        "team,served,employed\nmain,1,1\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:7:6: error[identifier]: `teams[1].id` is empty\n",
            "  hint: ids are 1-64 lower-case letters, digits and `-`, e.g. \"north\"\n",
            "outcomes/2024-Q3/Копия.csv: error[identifier]: the file name \"Копия.csv\" is not <agency id>.csv\n",
            "  hint: rename it after the agency's id: <agency id>.csv, as its folder agencies/<agency id> is named\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// A browser's or a file manager's copy of an agency's outcome file is told to become that
/// agency's file, or, when that file is there too, to be compared with it as a duplicate.
#[test]
fn a_copy_of_an_agency_file_names_the_agency_file() {
    let dir = base();
    let lakeshore = read(dir.path(), "outcomes/2024-Q2/lakeshore.csv");
    write(dir.path(), "outcomes/2024-Q2/Lakeshore (1).csv", &lakeshore);
    write(dir.path(), "outcomes/2024-Q2/lakeshore-1.csv", &lakeshore);
    write(
        dir.path(),
        "outcomes/2024-Q1/Lakeshore - Copy.csv",
        &lakeshore,
    );
    write(
        dir.path(),
        "outcomes/2024-Q1/Maple Grove (1).csv",
        &lakeshore,
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q1/Lakeshore - Copy.csv: error[identifier]: the file name \"Lakeshore - Copy.csv\" is not <agency id>.csv\n",
            "  hint: rename it to lakeshore.csv, after the agency `lakeshore` (the name looks like that of a download's copy)\n",
            "outcomes/2024-Q1/Maple Grove (1).csv: error[identifier]: the file name \"Maple Grove (1).csv\" is not <agency id>.csv\n",
            "  hint: rename it to maple-grove-1.csv, after the agency's id\n",
            "outcomes/2024-Q2/Lakeshore (1).csv: error[identifier]: the file name \"Lakeshore (1).csv\" is not <agency id>.csv\n",
            "  hint: outcomes/2024-Q2/lakeshore.csv exists: this is probably a duplicate download of it; compare the two, keep the right figures in lakeshore.csv and delete this one\n",
            "outcomes/2024-Q2/lakeshore-1.csv: error[unknown-agency]: no agency `lakeshore-1`: there is no agencies/lakeshore-1/agency.toml\n",
            "  hint: outcomes/2024-Q2/lakeshore.csv exists: this is probably a duplicate download of it; compare the two, keep the right figures in lakeshore.csv and delete this one\n",
            "4 errors, 0 warnings in 10 files\n",
        ),
        "",
        1,
    );
}

// ---------------------------------------------------------------------------------------------
// Headers

/// A header written as a spreadsheet writes it (`Team,Served,...,Job Starts`) is one finding
/// naming each column's name; its rows are read as the columns they are, so that a wrong value
/// below is still found and no row is lost to the header.
#[test]
fn a_header_in_another_case_is_one_finding_and_its_rows_are_read() {
    let dir = base();
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "Team,Served,Employed,Education,Job Starts\nnorth,24,9,,4\nsouth,8,2,1,x\n",
    );
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        "team,served,employed,Job-Starts\nmain,15,6,1\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/lakeshore.csv:1:22: error[unknown-column]: column `Job-Starts` should be `job_starts`\n",
            "  hint: write the header line as: team,served,employed,job_starts (column names are lower-case, with `_` between words)\n",
            "outcomes/2024-Q2/riverbend.csv:1:1: error[unknown-column]: the header's column names differ from the format's in case or spacing: `Team` should be `team`, `Served` should be `served`, `Employed` should be `employed`, `Education` should be `education`, `Job Starts` should be `job_starts`\n",
            "  hint: write the header line as: team,served,employed,education,job_starts (column names are lower-case, with `_` between words)\n",
            "outcomes/2024-Q2/riverbend.csv:3:13: error[count]: `job_starts` is \"x\", not a whole number of 0 or more\n",
            "  hint: write a whole number such as 12; write 0 for none\n",
            "3 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// A name near a column's once written the format's way is suggested: `Job Start`.
#[test]
fn a_misspelt_column_in_another_case_is_suggested() {
    let dir = base();
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        "team,served,employed,Job Start\nmain,15,6,1\n",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/lakeshore.csv:1:22: error[unknown-column]: unknown column `Job Start`\n",
            "  hint: did you mean `job_starts`? The columns are: team,served,employed,education,job_starts\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// A file manager's copy of an agency's folder is said to be one.
#[test]
fn a_copy_of_an_agency_folder_names_the_agency_folder() {
    let dir = base();
    copy_dir(
        &dir.path().join("agencies/lakeshore"),
        &dir.path().join("agencies/lakeshore - Copy"),
    );
    copy_dir(
        &dir.path().join("agencies/lakeshore"),
        &dir.path().join("agencies/Maple Grove (2)"),
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/Maple Grove (2): error[identifier]: the agency folder name \"Maple Grove (2)\" is not a valid id\n",
            "  hint: rename the folder to a valid id such as agencies/maple-grove-2\n",
            "agencies/lakeshore - Copy: error[identifier]: the agency folder name \"lakeshore - Copy\" is not a valid id\n",
            "  hint: agencies/lakeshore exists: this is probably a copy of it; keep what is right in agencies/lakeshore and delete this folder\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// A team id one slip away from a team of the agency is taken for a typing mistake, not for a
/// team to add.
#[test]
fn a_misspelt_team_is_suggested() {
    let dir = base();
    edit(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "\nsouth,",
        "\nsouht,",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "outcomes/2024-Q2/riverbend.csv:3:1: error[unknown-team]: agency `riverbend` has no team `souht`\n",
            "  hint: did you mean `south`? Its teams are: north, south; a new team goes under [[teams]] in agencies/riverbend/agency.toml\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// A misspelt agency among hundreds names the closest few and where to see them all, not
/// every agency (a community of 30,000 folders made a hint of 420 KB).
#[test]
fn a_misspelt_agency_among_hundreds_names_the_closest_few() {
    let dir = base();
    for n in 1..=300 {
        std::fs::create_dir_all(dir.path().join(format!("agencies/site-{n:03}"))).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("agencies/riverbank")).unwrap();
    let summarize = |agency: &str| {
        run_ips(
            dir.path(),
            &[
                "outcomes",
                "summarize",
                "--as-of=2026-11-24",
                "--agency",
                agency,
            ],
        )
    };
    assert_usage_error(
        summarize("riverbnd"),
        "error: no agency `riverbnd`: there is no agencies/riverbnd/ folder\n  hint: did you mean `riverbend` or `riverbank`? `ips agency list` lists the 303 agencies\n",
    );
    assert_usage_error(
        summarize("zzz"),
        "error: no agency `zzz`: there is no agencies/zzz/ folder\n  hint: no agency id is close to it; `ips agency list` lists the 303 agencies\n",
    );
}

/// A reviewer's name a letter off the one in the agency's confidentiality list is found by
/// `validate`, whole or of either file, before the confidentiality milestone is missed over it.
#[test]
fn a_misspelt_reviewer_names_the_closest_signed_name() {
    let dir = base();
    edit(
        dir.path(),
        "agencies/riverbend/agency.toml",
        r#"{ name = "Beth Sandoval", signed = 2023-12-20 },"#,
        r#"{ name = "Beth Sandoval", signed = 2023-12-20 },
  { name = "Jerome Baptiste", signed = 2024-01-20 },"#,
    );
    edit(
        dir.path(),
        "agencies/riverbend/fidelity/2024-02-13.toml",
        r#"reviewers = ["A. Reviewer", "B. Reviewer"]"#,
        r#"reviewers = ["beth   SANDOVAL", "Jerome Baptist", "A. Reviewer"]"#,
    );
    let expected = concat!(
        "agencies/riverbend/fidelity/2024-02-13.toml:4:33: warning[unknown-reviewer]: reviewer \"Jerome Baptist\" is not in the agency's confidentiality list\n",
        "  hint: did you mean \"Jerome Baptiste\", who signed on 2024-01-20? Write the name as agencies/riverbend/agency.toml lists it, or add the reviewer's own signature there\n",
    );
    assert_run(
        validate(dir.path()),
        &format!("{expected}0 errors, 1 warning in 9 files\n"),
        "",
        0,
    );
    for named in [
        "agencies/riverbend/agency.toml",
        "agencies/riverbend/fidelity/2024-02-13.toml",
    ] {
        let (stdout, stderr, code) =
            run_ips(dir.path(), &["validate", "--as-of=2026-11-24", named]);
        assert_eq!((stderr.as_str(), code), ("", 0), "{named}");
        assert!(stdout.starts_with(expected), "{named}: {stdout}");
    }
}

/// A stray data file at the repository root is flagged as one in an agency folder is, and a
/// quarter folder named the other way round is given its name (issue 19, item 18).
#[test]
fn a_stray_file_at_the_root_and_a_reversed_quarter_folder() {
    let dir = base();
    write(dir.path(), "clients.csv", "name,phone\nAna Lima,555-0100\n");
    write(dir.path(), "notes.md", "the root holds more than data\n");
    std::fs::rename(
        dir.path().join("outcomes/2024-Q2"),
        dir.path().join("outcomes/Q2-2024"),
    )
    .unwrap();
    assert_run(
        validate(dir.path()),
        concat!(
            "clients.csv: warning[unexpected-file]: a data file at the repository root: ips ignores it\n",
            "  hint: outcomes go in outcomes/YYYY-Qn/<agency>.csv and an agency's files in agencies/<agency>/; move anything else (a client list above all) out of the data repository\n",
            "outcomes/Q2-2024: error[quarter-folder]: \"Q2-2024\" is not a quarter folder\n",
            "  hint: name quarter folders YYYY-Qn with n from 1 to 4, e.g. outcomes/2024-Q2\n",
            "1 error, 1 warning in 7 files\n",
        ),
        "",
        1,
    );
}

/// The example values of the templates left in are warnings that say what to write.
#[test]
fn a_template_placeholder_left_in_is_a_warning() {
    let dir = base();
    edit(
        dir.path(),
        "agencies/riverbend/agency.toml",
        r#"supervisor = "Dana Lee""#,
        r#"supervisor = "Supervisor Name"   # "Town""#,
    );
    edit(
        dir.path(),
        "agencies/lakeshore/agency.toml",
        r#"name = "Lakeshore Behavioral Health""#,
        r#"name = "Example Agency""#,
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:2:8: warning[placeholder]: \"Example Agency\" is the template's example, not a value\n",
            "  hint: write the agency's full name in its place\n",
            "agencies/riverbend/agency.toml:8:14: warning[placeholder]: \"Supervisor Name\" is the template's example, not a value\n",
            "  hint: write the team supervisor's name in its place\n",
            "0 errors, 2 warnings in 9 files\n",
        ),
        "",
        0,
    );
}

/// A key set twice names the key and the line that set it first, in the same table.
#[test]
fn a_key_set_twice_names_the_key_and_its_first_line() {
    let dir = base();
    edit(
        dir.path(),
        "agencies/riverbend/agency.toml",
        "name = \"Riverbend Community Mental Health\"",
        "id = \"riverbend\"\nname = \"Riverbend Community Mental Health\"",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/riverbend/agency.toml:2:1: error[toml-syntax]: `id` is set twice\n",
            "  hint: it is first set on line 1: keep one of the two\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// A year far from our time is a typing mistake (0001 for 2001), in the data as in a flag: it
/// would make every month since a period to judge.
#[test]
fn a_date_of_a_far_year_is_a_typing_mistake() {
    let dir = base();
    edit(
        dir.path(),
        "agencies/lakeshore/agency.toml",
        "start = 2024-03-01",
        "start = 0001-03-01",
    );
    assert_run(
        validate(dir.path()),
        concat!(
            "agencies/lakeshore/agency.toml:4:9: error[date]: `start`: 0001-03-01 is outside the years 1900 to 2199 that ips takes: a typing mistake?\n",
            "  hint: write the date as it is, YYYY-MM-DD\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
    assert_usage_error(
        run_ips(dir.path(), &["attention", "--as-of", "9999-12-31"]),
        "error: invalid value '9999-12-31' for '--as-of <DATE>': 9999-12-31 is outside the years 1900 to 2199 that ips takes: a typing mistake?\n\nFor more information, try '--help'.\n",
    );
}
