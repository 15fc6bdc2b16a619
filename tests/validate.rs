//! `ips validate` on fixture repositories: every rule broken by a fixture, with the exact
//! diagnostics, closing count and exit code asserted.
//!
//! A case is tests/fixtures/validate/base (a small clean repository of 9 files: ips.toml, two
//! agencies, three outcome files) with the files of tests/fixtures/validate/<case>/ laid over it.
//! Expected lines and columns were counted by hand from the fixture files; file counts are the
//! data files of the case (ips.toml, agency.toml, activities.csv, reviews, outcome files).

mod common;

use common::*;
use serde::Deserialize;
use std::path::Path;
use tempfile::TempDir;

const AS_OF: &str = "--as-of=2026-11-24";

/// The base repository with the case's files laid over it.
fn case(name: &str) -> TempDir {
    let dir = copy_to_temp(&fixture("validate/base"));
    copy_dir(&fixture(&format!("validate/{name}")), dir.path());
    dir
}

/// `ips validate --as-of 2026-11-24 args...` in `root`.
fn validate(root: &Path, args: &[&str]) -> Run {
    let mut all = vec!["validate", AS_OF];
    all.extend_from_slice(args);
    run_ips(root, &all)
}

/// Asserts a run with warnings and no errors failed only because of --strict, and said so.
#[track_caller]
fn assert_strict(run: Run, stdout: &str) {
    let warnings = stdout
        .lines()
        .last()
        .and_then(|line| line.strip_prefix("0 errors, "))
        .and_then(|rest| rest.split(" in ").next())
        .expect("a closing count of warnings only");
    let stderr = format!(
        "error: failed only because of --strict: {warnings} and no errors (without --strict, warnings do not fail a run)\n"
    );
    assert_run(run, stdout, &stderr, 1);
}

/// Runs the whole case and asserts its exact output.
#[track_caller]
fn assert_case(name: &str, stdout: &str, code: i32) {
    let dir = case(name);
    assert_run(validate(dir.path(), &[]), stdout, "", code);
}

const SHAPE_HINT: &str = "  hint: give every row one value per header column (team,served,employed,education,job_starts); leave an optional value empty, but keep its comma\n";
const COUNT_HINT: &str = "  hint: write a whole number such as 12; write 0 for none\n";
const DELIMITER_HINT: &str = "  hint: re-export as CSV with commas (in Excel: Save As > CSV UTF-8 (Comma delimited)), or replace the separators with commas\n";
const KINDS: &str = "training-es, training-mh, unit-meeting, treatment-team-meeting, employer-visit, steering-committee, outcomes-review, fidelity-plan";
const UNEXPECTED_HINT: &str = "  hint: move it out of the data repository, or to where the format puts such a file (see data-format.md)\n";
const UTF8_HINT: &str = "  hint: re-save the file as UTF-8 (in Excel: Save As > CSV UTF-8; in an editor: Save with encoding UTF-8)\n";

// ---------------------------------------------------------------------------------------------
// Clean repositories: every rule is silent.

#[test]
fn the_base_fixture_is_clean() {
    let dir = copy_to_temp(&fixture("validate/base"));
    assert_run(
        validate(dir.path(), &[]),
        "ok: 9 files checked, no problems found\n",
        "",
        0,
    );
}

#[test]
fn the_example_repository_validates_clean() {
    // 119 = ips.toml + 47 files under agencies/ (two of them plans) + 71 outcome files (counted with `find`).
    let (stdout, stderr, code) = run_ips(
        &crate_dir(),
        &["validate", "--repo", "examples/learning-community", AS_OF],
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        ("ok: 119 files checked, no problems found\n", "", 0)
    );
}

/// Values at the edge of every rule pass: employed = served, education blank, columns in
/// another order with optional ones left out, a quoted team id, a quoted note with a comma,
/// doubled quotes, a line break and UTF-8, half a day of training, a leap day; and an outcome
/// file with a byte-order mark, CRLF line ends and blank lines.
#[test]
fn near_misses_are_clean() {
    let dir = case("near-misses");
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        "\u{FEFF}team,served,employed,education\r\n\r\nmain,15,6,15\r\n\r\n",
    );
    assert_run(
        validate(dir.path(), &[]),
        "ok: 9 files checked, no problems found\n",
        "",
        0,
    );
}

// ---------------------------------------------------------------------------------------------
// Parsing

#[test]
fn empty_file() {
    assert_case(
        "empty-file",
        concat!(
            "agencies/lakeshore/activities.csv: error[empty-file]: the file is empty\n",
            "  hint: write the header line date,kind,days,note, then one line per activity; or delete the file\n",
            "outcomes/2024-Q1/riverbend.csv: error[empty-file]: the file is empty\n",
            "  hint: write the header line team,served,employed,education,job_starts, then one row per team; or delete the file\n",
            "2 errors, 0 warnings in 10 files\n",
        ),
        1,
    );
}

/// An unreadable ips.toml is one error, not also one unknown-jurisdiction error per agency.
#[test]
fn empty_settings_file() {
    assert_case(
        "empty-settings",
        concat!(
            "ips.toml: error[empty-file]: the file is empty\n",
            "  hint: write `format = 1`, `name` and the [[jurisdictions]]; `ips init DIR` writes a commented ips.toml to copy from\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        1,
    );
}

#[test]
fn utf8_names_the_line_and_column_of_the_first_bad_byte() {
    let dir = case("near-misses");
    // Line 2 has a valid é (two bytes); line 3 has a Latin-1 é (0xE9), as Excel writes it; line
    // 4 has another, which is not reported. "2024-01-20,training-mh,0.5,Ren" is 30 characters.
    write(
        dir.path(),
        "agencies/riverbend/activities.csv",
        b"date,kind,days,note\n2024-01-10,training-es,3,Jos\xc3\xa9 and team\n2024-01-20,training-mh,0.5,Ren\xe9e\n2024-02-05,unit-meeting,,caf\xe9\n",
    );
    assert_run(
        validate(dir.path(), &[]),
        &format!(
            "agencies/riverbend/activities.csv:3:31: error[utf8]: the file is not UTF-8: byte 0xE9 at this position is not valid UTF-8\n{UTF8_HINT}1 error, 0 warnings in 9 files\n"
        ),
        "",
        1,
    );
}

#[test]
fn utf8_position_after_a_byte_order_mark_crlf_and_blank_lines() {
    let dir = case("near-misses");
    // The mark is not a column; line 2 is blank; "2024-01-10,training-es,3,Ren" is 28 characters.
    write(
        dir.path(),
        "agencies/riverbend/activities.csv",
        b"\xef\xbb\xbfdate,kind,days,note\r\n\r\n2024-01-10,training-es,3,Ren\xe9e\r\n",
    );
    assert_run(
        validate(dir.path(), &[]),
        &format!(
            "agencies/riverbend/activities.csv:3:29: error[utf8]: the file is not UTF-8: byte 0xE9 at this position is not valid UTF-8\n{UTF8_HINT}1 error, 0 warnings in 9 files\n"
        ),
        "",
        1,
    );
}

#[test]
fn toml_syntax() {
    // The message after the position is the TOML parser's own.
    assert_case(
        "toml-syntax",
        concat!(
            "agencies/riverbend/agency.toml:2:8: error[toml-syntax]: string values must be quoted, expected literal string\n",
            "  hint: check the TOML syntax here: text in quotes, one key = value per line, [table] headers\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// A syntax error in ips.toml is reported at the end of the unclosed string, and the agencies'
/// jurisdictions are not all called undeclared because of it.
#[test]
fn toml_syntax_in_settings() {
    assert_case(
        "settings-syntax",
        concat!(
            "ips.toml:3:32: error[toml-syntax]: invalid basic string, expected `\"`\n",
            "  hint: check the TOML syntax here: text in quotes, one key = value per line, [table] headers\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// Too many fields (at the first extra one), too few (at the row), an unclosed quote, text after
/// a closing quote. The unclosed quote hides the row of team north, so no team-not-reported
/// warning follows it.
#[test]
fn csv_structure() {
    assert_case(
        "csv-structure",
        &format!(
            "agencies/riverbend/activities.csv:2:50: error[csv-structure]: text follows the closing quote of a field\n\
             \x20 hint: a quoted field ends at its closing quote; double a quote inside a quoted field (\"\")\n\
             outcomes/2024-Q1/riverbend.csv:2:1: error[csv-structure]: this quote is never closed\n\
             \x20 hint: close the quoted field with a \" before the next comma\n\
             outcomes/2024-Q2/riverbend.csv:2:15: error[csv-structure]: this row has 6 fields but the header has 5\n\
             {SHAPE_HINT}\
             outcomes/2024-Q2/riverbend.csv:3:1: error[csv-structure]: this row has 4 fields but the header has 5\n\
             {SHAPE_HINT}\
             4 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

#[test]
fn csv_delimiter_semicolons_and_tabs() {
    assert_case(
        "csv-delimiter",
        &format!(
            "outcomes/2024-Q2/lakeshore.csv:1:5: error[csv-delimiter]: the columns are separated by tabs, not commas\n\
             {DELIMITER_HINT}\
             outcomes/2024-Q2/riverbend.csv:1:5: error[csv-delimiter]: the columns are separated by semicolons, not commas\n\
             {DELIMITER_HINT}\
             2 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

// ---------------------------------------------------------------------------------------------
// Schema

#[test]
fn missing_key() {
    assert_case(
        "missing-key",
        concat!(
            "agencies/lakeshore/agency.toml:1:1: error[missing-key]: missing key `jurisdiction` at the top of the file\n",
            "  hint: add `jurisdiction = \"oh\"`\n",
            "agencies/lakeshore/agency.toml:5:1: error[missing-key]: missing key `location` in `teams[1]`\n",
            "  hint: add `location = \"...\"`\n",
            "agencies/lakeshore/fidelity/2024-05-07.toml:1:1: error[missing-key]: missing key `scores` at the top of the file\n",
            "  hint: add the table: a line [scores], then its keys below it\n",
            "ips.toml:1:1: error[missing-key]: missing key `format` at the top of the file\n",
            "  hint: add `format = 1`\n",
            "4 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

#[test]
fn unknown_key_with_and_without_a_suggestion() {
    assert_case(
        "unknown-key",
        concat!(
            "agencies/riverbend/agency.toml:5:1: error[unknown-key]: unknown key `adress`\n",
            "  hint: remove it; known keys here: id, name, jurisdiction, start, teams, agreement, trainer\n",
            "agencies/riverbend/agency.toml:13:1: error[missing-key]: missing key `supervisor` in `teams[2]`\n",
            "  hint: add `supervisor = \"...\"`\n",
            "agencies/riverbend/agency.toml:15:1: error[unknown-key]: unknown key `teams[2].supervsor`\n",
            "  hint: did you mean `supervisor`? Known keys here: id, supervisor, location, opened, closed\n",
            "3 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

#[test]
fn missing_column() {
    assert_case(
        "missing-column",
        concat!(
            "agencies/lakeshore/activities.csv:3:1: error[missing-column]: a training needs its length in days, but the file has no `days` column\n",
            "  hint: write the header line as: date,kind,days,note, with the training's length under `days`\n",
            "agencies/riverbend/activities.csv:1:1: error[missing-column]: the header has no `kind` column\n",
            "  hint: write the header line as: date,kind,days,note\n",
            "outcomes/2024-Q2/lakeshore.csv:1:1: error[missing-column]: the header has no `employed` column\n",
            "  hint: write the header line as: team,served,employed,education,job_starts\n",
            "3 errors, 0 warnings in 10 files\n",
        ),
        1,
    );
}

/// A misspelt optional column would lose its data silently; a stray name column would leak
/// personal data; a repeated column leaves it unclear which values count.
#[test]
fn unknown_column_misspelt_stray_and_repeated() {
    assert_case(
        "unknown-column",
        concat!(
            "outcomes/2024-Q1/riverbend.csv:1:6: error[unknown-column]: unknown column `client_name`\n",
            "  hint: remove the column; the allowed columns are team,served,employed,education,job_starts (never commit names or other personal data)\n",
            "outcomes/2024-Q2/lakeshore.csv:1:22: error[unknown-column]: column `served` appears twice\n",
            "  hint: keep one `served` column: remove the other, keeping the right values\n",
            "outcomes/2024-Q2/riverbend.csv:1:22: error[unknown-column]: unknown column `educaton`\n",
            "  hint: did you mean `education`? The columns are: team,served,employed,education,job_starts\n",
            "3 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

#[test]
fn wrong_type() {
    assert_case(
        "wrong-type",
        concat!(
            "agencies/lakeshore/fidelity/2024-05-07.toml:4:13: error[wrong-type]: `reviewers` must be a list of text, found text\n",
            "  hint: write `reviewers = [\"...\", \"...\"]`\n",
            "agencies/riverbend/agency.toml:4:9: error[wrong-type]: `start` must be a date, found text\n",
            "  hint: write the date without quotes: start = 2024-01-01\n",
            "agencies/riverbend/agency.toml:16:10: error[wrong-type]: `teams[2].opened` must be a date without a time\n",
            "  hint: write only the day: opened = 2024-04-15\n",
            "ips.toml:16:8: error[wrong-type]: `fidelity.good` must be a whole number, found text\n",
            "  hint: write the number without quotes: good = 100\n",
            "4 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// 12.5, N/A, -1 and a blank required count are errors; the blank optional `education` on the
/// same row is not.
#[test]
fn count() {
    assert_case(
        "count",
        &format!(
            "outcomes/2024-Q2/lakeshore.csv:2:6: error[count]: `served` is blank, but it is required\n\
             {COUNT_HINT}\
             outcomes/2024-Q2/riverbend.csv:2:7: error[count]: `served` is \"12.5\", not a whole number of 0 or more\n\
             {COUNT_HINT}\
             outcomes/2024-Q2/riverbend.csv:3:9: error[count]: `employed` is \"N/A\", not a whole number of 0 or more\n\
             {COUNT_HINT}\
             outcomes/2024-Q2/riverbend.csv:3:15: error[count]: `job_starts` is \"-1\", not a whole number of 0 or more\n\
             {COUNT_HINT}\
             4 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

#[test]
fn number() {
    let training_hint =
        "  hint: write the training's length in days, e.g. 3 or 0.5 for half a day\n";
    assert_case(
        "number",
        &format!(
            "agencies/riverbend/activities.csv:2:24: error[number]: `days` is \"0\", not a number of days above 0 and up to 30\n\
             {training_hint}\
             agencies/riverbend/activities.csv:3:24: error[number]: a training-mh needs its length in days\n\
             {training_hint}\
             agencies/riverbend/activities.csv:4:25: error[number]: `days` is \"2\", but only trainings have a length in days\n\
             \x20 hint: leave `days` empty for meetings, visits, reviews and plans\n\
             ips.toml:16:8: error[number]: `fidelity.good` is 130, outside the range 25 to 125\n\
             \x20 hint: write a whole number from 25 to 125\n\
             ips.toml:20:11: error[number]: benchmarks must rise from minimal to average to excellent, but they are 0.45, 0.41 and 0.5\n\
             \x20 hint: benchmarks are fractions of people served, e.g. minimal = 0.31, average = 0.41, excellent = 0.50\n\
             ips.toml:21:13: error[number]: `benchmarks.excellent` is 50, outside the range 0 to 1\n\
             \x20 hint: write a number from 0 to 1\n\
             6 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

/// 2024-02-30 in TOML (the TOML parser itself rejects it; its message follows the position) and
/// in activities.csv, and a date in another shape. The review that cannot be read does not make
/// lakeshore's outcomes look as if it had no review at all.
#[test]
fn date() {
    assert_case(
        "date",
        concat!(
            "agencies/lakeshore/fidelity/2024-05-07.toml:1:8: error[date]: 2024-02-30 is not a day: February 2024 has 29 days\n",
            "  hint: write a real calendar date as YYYY-MM-DD\n",
            "agencies/riverbend/activities.csv:3:1: error[date]: 2024-02-30 is not a day: February 2024 has 29 days\n",
            "  hint: check the month and the day against a calendar, and write the day it happened\n",
            "agencies/riverbend/activities.csv:4:1: error[date]: \"10/02/2024\" is not a date written YYYY-MM-DD\n",
            "  hint: write the activity's date as YYYY-MM-DD: 2024-10-02 if it is October 2, 2024-02-10 if it is February 10\n",
            "3 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// A team id in a row, an agency folder, an outcome file name and a jurisdiction id.
#[test]
fn identifier() {
    assert_case(
        "identifier",
        concat!(
            "agencies/Lake Shore: error[identifier]: the agency folder name \"Lake Shore\" is not a valid id\n",
            "  hint: rename the folder to a valid id such as agencies/lake-shore\n",
            "ips.toml:16:6: error[identifier]: `jurisdictions[3].id` is not a valid id: \"New York\"\n",
            "  hint: ids are 1-64 lower-case letters, digits and `-`, e.g. \"new-york\"\n",
            "outcomes/2024-Q1/River Bend.csv: error[identifier]: the file name \"River Bend.csv\" is not <agency id>.csv\n",
            "  hint: rename it to river-bend.csv, after the agency's id\n",
            "outcomes/2024-Q2/riverbend.csv:2:1: error[identifier]: the team id \"North Team\" is not a valid id\n",
            "  hint: use the team's id from agency.toml, e.g. \"north-team\"\n",
            "4 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// Activity kind, visit cadence, signatory role, review kind and jurisdiction kind.
#[test]
fn enumeration() {
    assert_case(
        "enumeration",
        &format!(
            "agencies/lakeshore/fidelity/2024-05-07.toml:2:8: error[enumeration]: `kind` is \"followup\", which is not one of the allowed values\n\
             \x20 hint: did you mean \"follow-up\"? allowed: baseline, follow-up\n\
             agencies/riverbend/activities.csv:2:12: error[enumeration]: \"training\" is not an activity kind\n\
             \x20 hint: kinds: {KINDS}\n\
             agencies/riverbend/activities.csv:3:12: error[enumeration]: \"employer visit\" is not an activity kind\n\
             \x20 hint: did you mean \"employer-visit\"? kinds: {KINDS}\n\
             agencies/riverbend/agency.toml:21:19: error[enumeration]: `agreement.employer_visits` is \"weekly\", which is not one of the allowed values\n\
             \x20 hint: allowed: monthly, quarterly\n\
             agencies/riverbend/agency.toml:23:12: error[enumeration]: `agreement.signatories[1].role` is \"executive director\", which is not one of the allowed values\n\
             \x20 hint: did you mean \"executive-director\"? allowed: executive-director, state-mental-health, state-vocational-rehabilitation\n\
             ips.toml:13:8: error[enumeration]: `jurisdictions[2].kind` is \"County\", which is not one of the allowed values\n\
             \x20 hint: did you mean \"county\"? allowed: state, county, region, country\n\
             6 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

#[test]
fn score_range_too_high_too_low_and_not_whole() {
    let hint = "  hint: write a whole number from 1 to 5\n";
    let path = "agencies/riverbend/fidelity/2024-02-13.toml";
    assert_case(
        "score-range",
        &format!(
            "{path}:8:17: error[score-range]: `scores.caseload_size` is 6, outside the range 1 to 5\n{hint}\
             {path}:14:19: error[score-range]: `scores.vocational_unit` is 4.5, not a whole number\n{hint}\
             {path}:20:14: error[score-range]: `scores.disclosure` is 0, outside the range 1 to 5\n{hint}\
             3 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

/// Both missing items are reported at the [scores] header, in the order of the scale.
#[test]
fn score_missing() {
    let path = "agencies/riverbend/fidelity/2024-02-13.toml";
    assert_case(
        "score-missing",
        &format!(
            "{path}:7:1: error[score-missing]: item `work_incentives_planning` is not scored\n\
             \x20 hint: add `work_incentives_planning = N` (1-5) under [scores]: people are offered benefits counselling before starting work\n\
             {path}:7:1: error[score-missing]: item `disclosure` is not scored\n\
             \x20 hint: add `disclosure = N` (1-5) under [scores]: specialists discuss disclosing a mental illness to employers, with choices\n\
             2 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

#[test]
fn score_unknown() {
    let path = "agencies/riverbend/fidelity/2024-02-13.toml";
    assert_case(
        "score-unknown",
        &format!(
            "{path}:7:1: error[score-missing]: item `caseload_size` is not scored\n\
             \x20 hint: add `caseload_size = N` (1-5) under [scores]: employment specialists serve 20 or fewer people each\n\
             {path}:8:1: error[score-unknown]: `caseload` is not an item of the IPS-25 scale\n\
             \x20 hint: did you mean `caseload_size`? A file from `ips fidelity new` lists the IPS-25 items\n\
             {path}:33:1: error[score-unknown]: `job_development` is not an item of the IPS-25 scale\n\
             \x20 hint: remove it: a file from `ips fidelity new` lists the IPS-25 items\n\
             3 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

// The review cycle (additions to format 1): ratings, notes, improvement plans.

#[test]
fn ratings_are_named_by_reviewers_and_consensus_lies_within_them() {
    // Both reviewers rated competitive_jobs 4 and agreed on 5 (line 32); the second ratings
    // table misspells its reviewer (line 65); a note names no item (line 96).
    let path = "agencies/riverbend/fidelity/2024-02-13.toml";
    assert_case(
        "review-cycle",
        &format!(
            "{path}:32:20: warning[consensus-outside-ratings]: the consensus score of `competitive_jobs` is 5, outside the reviewers' own ratings (4)\n\
             \x20 hint: reviewers agree on a score within their ratings: check competitive_jobs = 5 and the ratings\n\
             {path}:65:10: error[rating-reviewer]: the ratings of \"B. Reviwer\" are not those of a reviewer of this review\n\
             \x20 hint: did you mean \"B. Reviewer\"? Name each ratings table as `reviewers` spells the name\n\
             {path}:96:8: error[unknown-item]: `disclosre` is not an item of the IPS-25 scale\n\
             \x20 hint: did you mean `disclosure`? The items are listed in docs/data-format.md\n\
             2 errors, 1 warning in 9 files\n"
        ),
        1,
    );
}

#[test]
fn a_reviewers_ratings_score_every_item_from_1_to_5() {
    let dir = case("review-cycle");
    let path = "agencies/riverbend/fidelity/2024-02-13.toml";
    edit(
        dir.path(),
        path,
        "[ratings.\"B. Reviwer\"]",
        "[ratings.\"B. Reviewer\"]",
    );
    edit(dir.path(), path, "[notes.disclosre]", "[notes.disclosure]");
    // A. Reviewer's table (its header on line 38, then the items): no caseload_size (reported
    // at the header), and a 6 for the last item, now on line 62.
    edit(dir.path(), path, "\"]\ncaseload_size = 3\n", "\"]\n");
    edit(
        dir.path(),
        path,
        "assertive_engagement = 3\n\n[ratings.\"B",
        "assertive_engagement = 6\n\n[ratings.\"B",
    );
    assert_run(
        validate(dir.path(), &[]),
        &format!(
            "{path}:32:20: warning[consensus-outside-ratings]: the consensus score of `competitive_jobs` is 5, outside the reviewers' own ratings (4)\n\
             \x20 hint: reviewers agree on a score within their ratings: check competitive_jobs = 5 and the ratings\n\
             {path}:38:1: error[score-missing]: item `caseload_size` is not scored\n\
             \x20 hint: add `caseload_size = N` (1-5) under [ratings.\"A. Reviewer\"]: employment specialists serve 20 or fewer people each\n\
             {path}:62:24: error[score-range]: `ratings.\"A. Reviewer\".assertive_engagement` is 6, outside the range 1 to 5\n\
             \x20 hint: write a whole number from 1 to 5\n\
             2 errors, 1 warning in 9 files\n"
        ),
        "",
        1,
    );
}

#[test]
fn plans_answer_a_review_name_items_and_agree_with_it() {
    // plans/2024-02-13.toml: written 2024-03-21 where the review says plan = 2024-03-20, an item
    // misspelt, a step without an owner, done after the date judged by; plans/2024-05-01.toml
    // answers no review.
    let path = "agencies/riverbend/plans/2024-02-13.toml";
    let other = "agencies/riverbend/plans/2024-05-01.toml";
    assert_case(
        "plan-file",
        &format!(
            "{path}:2:11: error[plan-date-mismatch]: the plan was written on 2024-03-21, but the review of 2024-02-13 says plan = 2024-03-20\n\
             \x20 hint: write the same day in both: written = 2024-03-20 here, or plan = 2024-03-21 in fidelity/2024-02-13.toml\n\
             {path}:6:40: error[unknown-item]: `work_incentive_planning` is not an item of the IPS-25 scale\n\
             \x20 hint: did you mean `work_incentives_planning`? The items are listed in docs/data-format.md\n\
             {path}:10:1: error[missing-key]: missing key `owner` in `goals[1].steps[1]`\n\
             \x20 hint: add `owner = \"...\"`\n\
             {path}:13:8: warning[future-step]: the step is marked done on 2026-12-01, after 2026-11-24 (the date judged by): it counts as not done\n\
             \x20 hint: if it is done, correct `done` to the day it was done (2026 for 2062); a step done later is marked on that day\n\
             {other}: error[plan-review]: the agency has no review on 2024-05-01, which this plan answers\n\
             \x20 hint: the latest review before it is on 2024-02-13: name the plan after the review it answers (plans/DATE.toml, review = DATE), or add the review fidelity/2024-05-01.toml\n\
             4 errors, 1 warning in 11 files\n"
        ),
        1,
    );
}

#[test]
fn a_plan_named_alone_is_checked_against_its_reviews() {
    let dir = case("plan-file");
    let other = "agencies/riverbend/plans/2024-05-01.toml";
    let (stdout, _, code) = validate(dir.path(), &[other]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(&format!("{other}: error[plan-review]: ")),
        "{stdout}"
    );
}

#[test]
fn format_version() {
    assert_case(
        "format-version",
        concat!(
            "ips.toml:2:10: error[format-version]: this repository is in data format 2; this ips reads format 1\n",
            "  hint: install the ips version that reads this format, or check the `format` value\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        1,
    );
}

// ---------------------------------------------------------------------------------------------
// Within a file

#[test]
fn employed_and_education_exceed_served() {
    assert_case(
        "exceeds-served",
        concat!(
            "outcomes/2024-Q2/riverbend.csv:2:10: error[employed-exceeds-served]: employed (25) is greater than served (24)\n",
            "  hint: employed counts people among those served in the quarter: check both numbers\n",
            "outcomes/2024-Q2/riverbend.csv:3:11: error[education-exceeds-served]: education (9) is greater than served (8)\n",
            "  hint: education counts people among those served in the quarter: check both numbers\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

#[test]
fn duplicate_row() {
    assert_case(
        "duplicate-row",
        concat!(
            "outcomes/2024-Q2/riverbend.csv:4:1: error[duplicate-row]: team `north` already has a row on line 2\n",
            "  hint: keep one row per team: merge the two rows\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// The same kind on the same date twice is likely a row entered twice: a warning, since two
/// visits on one day can happen. The same date with another kind is no duplicate.
#[test]
fn duplicate_activity_is_a_warning() {
    assert_case(
        "duplicate-activity",
        concat!(
            "agencies/riverbend/activities.csv:7:1: warning[duplicate-activity]: training-es on 2024-01-10 is logged twice: also on line 2\n",
            "  hint: if it was entered twice, delete one of the rows (its days count twice); if two took place that day, keep both\n",
            "0 errors, 1 warning in 9 files\n",
        ),
        0,
    );
    let dir = case("duplicate-activity");
    assert_eq!(validate(dir.path(), &["--strict"]).2, 1);
}

/// A review dated after the date judged by is planned, or mistyped: said, not refused. On its
/// own day it counts, and the warning is gone.
#[test]
fn future_review_is_a_warning_until_its_day() {
    let dir = case("future-review");
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "agencies/lakeshore/fidelity/2026-12-01.toml:1:8: warning[future-review]: the review is dated 2026-12-01, after 2026-11-24 (the date judged by): its reviewers and scores are due on that day, and the schedule, `fidelity show` and the agreement count it from then on\n",
            "  hint: nothing to do for a planned review; if it has taken place, correct `date` and rename the file to match\n",
            "0 errors, 1 warning in 10 files\n",
        ),
        "",
        0,
    );
    assert_run(
        run_ips(dir.path(), &["validate", "--as-of", "2026-12-01"]),
        "ok: 10 files checked, no problems found\n",
        "",
        0,
    );
    // Named alone, the review is checked with its rule.
    let (stdout, _, code) = validate(dir.path(), &["agencies/lakeshore/fidelity/2026-12-01.toml"]);
    assert!(stdout.contains("warning[future-review]"), "{stdout}");
    assert_eq!(code, 0);
}

/// A review planned with `ips fidelity new` is scored on its day: until then its unscored items
/// and missing reviewers are not errors, so the agency's schedule still stands; from that day
/// on they are.
#[test]
fn a_planned_review_is_scored_on_its_day() {
    let dir = example_copy();
    let (_, _, code) = run_ips(
        dir.path(),
        &["fidelity", "new", "riverbend", "--date", "2026-12-09"],
    );
    assert_eq!(code, 0);
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "agencies/riverbend/fidelity/2026-12-09.toml:6:8: warning[future-review]: the review is dated 2026-12-09, after 2026-11-24 (the date judged by): its reviewers and scores are due on that day, and the schedule, `fidelity show` and the agreement count it from then on\n",
            "  hint: nothing to do for a planned review; if it has taken place, correct `date` and rename the file to match\n",
            "0 errors, 1 warning in 120 files\n",
        ),
        "",
        0,
    );
    let (stdout, stderr, code) = run_ips(
        dir.path(),
        &[
            "fidelity",
            "schedule",
            "--agency",
            "riverbend",
            "--as-of",
            "2026-11-24",
            "--format",
            "csv",
        ],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert!(stdout.contains(",2026-12-09,15,due-soon,"), "{stdout}");
    let (stdout, _, code) = run_ips(dir.path(), &["validate", "--as-of", "2026-12-09"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("error[missing-key]: missing key `reviewers`"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("26 errors, 0 warnings in 120 files\n"),
        "{stdout}"
    );
}

#[test]
fn duplicate_id_of_a_team_and_of_a_jurisdiction() {
    assert_case(
        "duplicate-id",
        concat!(
            "agencies/riverbend/agency.toml:20:6: error[duplicate-id]: team `north` is declared twice in this agency\n",
            "  hint: give the second team its own id, e.g. \"north-2\", or remove it\n",
            "ips.toml:16:6: error[duplicate-id]: jurisdiction `oh` is declared twice\n",
            "  hint: give each [[jurisdictions]] entry its own id, or remove the repeat\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

#[test]
fn id_mismatch() {
    assert_case(
        "id-mismatch",
        concat!(
            "agencies/lakeshore/agency.toml:1:6: error[id-mismatch]: the agency id `lake-shore` differs from its folder name `lakeshore`\n",
            "  hint: rename the folder to agencies/lake-shore/, or write id = \"lakeshore\"\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        1,
    );
}

#[test]
fn review_date_mismatch_and_a_file_name_that_is_not_a_date() {
    assert_case(
        "review-date-mismatch",
        concat!(
            "agencies/lakeshore/fidelity/baseline.toml: error[review-date-mismatch]: the review file name `baseline.toml` is not a date\n",
            "  hint: name the file after the review's date: fidelity/YYYY-MM-DD.toml\n",
            "agencies/riverbend/fidelity/2024-02-13.toml:1:8: error[review-date-mismatch]: the review date 2024-02-14 differs from the file name 2024-02-13.toml\n",
            "  hint: rename the file to 2024-02-14.toml, or write date = 2024-02-13\n",
            "2 errors, 0 warnings in 10 files\n",
        ),
        1,
    );
}

/// 2024-q1, 2024-Q5, a stray file in outcomes/ and one in a quarter folder. None of them is read.
#[test]
fn quarter_folder() {
    let hint = "  hint: name quarter folders YYYY-Qn with n from 1 to 4, e.g. outcomes/2024-Q1\n";
    assert_case(
        "quarter-folder",
        &format!(
            "outcomes/2024-Q2/summary.xlsx: error[quarter-folder]: a quarter folder holds only <agency>.csv files\n\
             \x20 hint: move it out of outcomes/\n\
             outcomes/2024-Q5: error[quarter-folder]: \"2024-Q5\" is not a quarter folder\n{hint}\
             outcomes/2024-q1: error[quarter-folder]: \"2024-q1\" is not a quarter folder\n{hint}\
             outcomes/notes.txt: error[quarter-folder]: \"notes.txt\" is not a quarter folder\n\
             \x20 hint: outcome files go in a quarter folder: outcomes/YYYY-Qn/<agency>.csv\n\
             4 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

#[test]
fn date_order_of_a_team_and_of_an_improvement_plan() {
    assert_case(
        "date-order",
        concat!(
            "agencies/lakeshore/fidelity/2024-05-07.toml:5:8: error[date-order]: the improvement plan (2024-05-01) is dated before the review (2024-05-07)\n",
            "  hint: the plan follows the review: correct `plan` or `date`\n",
            "agencies/riverbend/agency.toml:17:10: error[date-order]: the team closed on 2024-04-01, before it opened on 2024-04-15\n",
            "  hint: correct `opened` or `closed`\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// The additions of issue 21 to riverbend's agency.toml, after its confidentiality list.
fn with_term(term: &str) -> TempDir {
    let dir = copy_to_temp(&fixture("validate/base"));
    let path = "agencies/riverbend/agency.toml";
    let agency = read(dir.path(), path).replace("[agreement]\n", &format!("[agreement]\n{term}"));
    write(
        dir.path(),
        path,
        format!("trainer = \"Beth Sandoval\"\n{agency}"),
    );
    dir
}

#[test]
fn a_term_renewed_with_excused_months_is_clean() {
    let dir = with_term(concat!(
        "ends = 2025-12-31\n",
        "renewals = [{ signed = 2025-12-01, ends = 2029-12-31, employer_visits = \"quarterly\" }]\n",
        "excused = [{ milestone = \"employer-visits\", from = 2024-07-01, to = 2024-07-31, reason = \"trainer on leave\" }]\n",
    ));
    assert_run(
        validate(dir.path(), &[]),
        "ok: 9 files checked, no problems found\n",
        "",
        0,
    );
}

#[test]
fn the_term_ends_after_the_start_and_each_renewal_after_the_one_before() {
    let dir = with_term(concat!(
        "ends = 2023-12-31\n",
        "renewals = [\n",
        "  { signed = 2023-12-01, ends = 2027-12-31 },\n",
        "  { signed = 2027-12-01, ends = 2027-06-30 },\n",
        "]\n",
    ));
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "agencies/riverbend/agency.toml:21:8: error[date-order]: the agreement ends on 2023-12-31, not after the agency's start on 2024-01-01\n",
            "  hint: `ends` is the last day of the agreement's term: correct it or `start`\n",
            "agencies/riverbend/agency.toml:24:33: error[date-order]: this renewal ends on 2027-06-30, not after the term before it, which ends on 2027-12-31\n",
            "  hint: list renewals in order, each `ends` after the previous one\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

#[test]
fn renewals_need_the_end_of_the_first_term() {
    let dir = with_term("renewals = [{ signed = 2027-12-01, ends = 2031-12-31 }]\n");
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "agencies/riverbend/agency.toml:21:12: error[missing-key]: the agreement has renewals but no `ends`: a renewal continues a term that ended\n",
            "  hint: add `ends = YYYY-MM-DD`, the last day of the first term, to [agreement]\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

#[test]
fn a_renewal_signed_after_the_term_ended_leaves_a_gap() {
    let dir =
        with_term("ends = 2027-12-31\nrenewals = [{ signed = 2028-02-10, ends = 2031-12-31 }]\n");
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "agencies/riverbend/agency.toml:22:24: warning[agreement-gap]: this renewal was signed on 2028-02-10, after the term before it ended on 2027-12-31: no agreement from 2028-01-01 to 2028-02-09\n",
            "  hint: if it was signed earlier, correct `signed`; otherwise nothing is due in the gap\n",
            "0 errors, 1 warning in 9 files\n",
        ),
        "",
        0,
    );
}

#[test]
fn an_excused_range_names_a_milestone_runs_forward_and_gives_a_reason() {
    let dir = with_term(concat!(
        "excused = [\n",
        "  { milestone = \"employer-visit\", from = 2024-07-01, to = 2024-07-31, reason = \"leave\" },\n",
        "  { milestone = \"steering-committee\", from = 2024-07-01, to = 2024-06-30, reason = \"leave\" },\n",
        "  { milestone = \"outcomes-review\", from = 2024-07-01, to = 2024-09-30, reason = \" \" },\n",
        "]\n",
    ));
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "agencies/riverbend/agency.toml:22:17: error[enumeration]: `agreement.excused[1].milestone` is \"employer-visit\", which is not one of the allowed values\n",
            "  hint: did you mean \"employer-visits\"? allowed: unit-meetings, treatment-team-meetings, employer-visits, steering-committee, outcomes-review\n",
            "agencies/riverbend/agency.toml:23:63: error[date-order]: the excused range ends on 2024-06-30, before it begins on 2024-07-01\n",
            "  hint: write `from` on or before `to`\n",
            "agencies/riverbend/agency.toml:24:81: error[missing-key]: `agreement.excused[3].reason` is empty\n",
            "  hint: write the value between the quotes: reason = \"...\"\n",
            "3 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

#[test]
fn status_months_of_ips_toml_is_a_number_of_months() {
    let dir = copy_to_temp(&fixture("validate/base"));
    let settings = read(dir.path(), "ips.toml");
    write(
        dir.path(),
        "ips.toml",
        format!("{settings}\n[agreement]\nstatus_months = 0\n"),
    );
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "ips.toml:16:17: error[number]: `agreement.status_months` is 0, outside the range 1 to 600\n",
            "  hint: write a whole number from 1 to 600\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// The outcome file of the agency without agency.toml is not also an unknown-agency error.
#[test]
fn missing_file() {
    assert_case(
        "missing-file",
        concat!(
            "agencies/harbour/agency.toml: error[missing-file]: the agency folder agencies/harbour/ has no agency.toml\n",
            "  hint: create it with `ips agency new harbour --jurisdiction ID` (or write id = \"harbour\", `name`, `jurisdiction`, `start` and [[teams]]), or remove the folder\n",
            "1 error, 0 warnings in 11 files\n",
        ),
        1,
    );
}

const UNEXPECTED_FILES: &str =
    "agencies/README.md: warning[unexpected-file]: a file directly in agencies/: ips ignores it\n";

#[test]
fn unexpected_file_is_a_warning_and_fails_only_with_strict() {
    let expected = format!(
        "{UNEXPECTED_FILES}{UNEXPECTED_HINT}\
         agencies/riverbend/contacts.xlsx: warning[unexpected-file]: an agency folder holds only agency.toml, activities.csv, fidelity/ and plans/: ips ignores it\n\
         {UNEXPECTED_HINT}\
         agencies/riverbend/fidelity/2024-02-13.pdf: warning[unexpected-file]: not a review file (fidelity/YYYY-MM-DD.toml): ips ignores it\n\
         {UNEXPECTED_HINT}\
         0 errors, 3 warnings in 9 files\n"
    );
    let dir = case("unexpected-file");
    assert_run(validate(dir.path(), &[]), &expected, "", 0);
    assert_strict(validate(dir.path(), &["--strict"]), &expected);
}

// ---------------------------------------------------------------------------------------------
// Across files

const UNKNOWN_JURISDICTION: &str = concat!(
    "agencies/lakeshore/agency.toml:3:16: error[unknown-jurisdiction]: jurisdiction `ca` is not declared in ips.toml\n",
    "  hint: declare it in ips.toml under [[jurisdictions]], or use one of: oh, alameda\n",
);

#[test]
fn unknown_jurisdiction() {
    assert_case(
        "unknown-jurisdiction",
        &format!("{UNKNOWN_JURISDICTION}1 error, 0 warnings in 9 files\n"),
        1,
    );
}

#[test]
fn unknown_agency_with_and_without_a_suggestion() {
    assert_case(
        "unknown-agency",
        concat!(
            "outcomes/2024-Q2/harbour.csv: error[unknown-agency]: no agency `harbour`: there is no agencies/harbour/agency.toml\n",
            "  hint: name the file after an agency's id, or add the agency as agencies/harbour/agency.toml\n",
            "outcomes/2024-Q2/riverbnd.csv: error[unknown-agency]: no agency `riverbnd`: there is no agencies/riverbnd/agency.toml\n",
            "  hint: rename the file to riverbend.csv if that agency is meant, or add the agency as agencies/riverbnd/agency.toml\n",
            "2 errors, 0 warnings in 11 files\n",
        ),
        1,
    );
}

#[test]
fn unknown_team() {
    assert_case(
        "unknown-team",
        concat!(
            "outcomes/2024-Q2/riverbend.csv:4:1: error[unknown-team]: agency `riverbend` has no team `east`\n",
            "  hint: its teams are: north, south; add new teams under [[teams]] in agencies/riverbend/agency.toml\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        1,
    );
}

/// Team south opened on 2024-04-15 and closed on 2024-09-30: a row in 2024-Q1 is before it
/// opened, one in 2024-Q4 after it closed (its row in 2024-Q2, open for part of it, is fine).
#[test]
fn team_not_open_before_opened_and_after_closed() {
    let hint =
        "  hint: remove the row, or correct the team's dates in agencies/riverbend/agency.toml\n";
    assert_case(
        "team-not-open",
        &format!(
            "outcomes/2024-Q1/riverbend.csv:3:1: error[team-not-open]: team `south` was not open in 2024-Q1: it opened on 2024-04-15\n{hint}\
             outcomes/2024-Q4/riverbend.csv:3:1: error[team-not-open]: team `south` was not open in 2024-Q4: it closed on 2024-09-30\n{hint}\
             2 errors, 0 warnings in 10 files\n"
        ),
        1,
    );
}

/// 2024-Q3 ends on 2024-09-30. The quarter's last day counts as the day it has ended.
#[test]
fn future_quarter_on_either_side_of_the_quarter_end() {
    let dir = case("future-quarter");
    // A quarter has ended once its last day is over: on 30 September Q3 is still running.
    for as_of in ["2024-09-29", "2024-09-30"] {
        assert_run(
            run_ips(dir.path(), &["validate", "--as-of", as_of]),
            &format!(
                "outcomes/2024-Q3/riverbend.csv: error[future-quarter]: 2024-Q3 has not ended as of {as_of}: it ends on 2024-09-30\n\
                 \x20 hint: report a quarter after it ends; check the folder name, or pass --as-of if checking as of another date\n\
                 1 error, 0 warnings in 10 files\n"
            ),
            "",
            1,
        );
    }
    assert_run(
        run_ips(dir.path(), &["validate", "--as-of", "2024-10-01"]),
        "ok: 10 files checked, no problems found\n",
        "",
        0,
    );
}

#[test]
fn team_not_reported_is_a_warning() {
    let expected = concat!(
        "outcomes/2024-Q2/riverbend.csv: warning[team-not-reported]: team `south` was open in 2024-Q2 but has no row\n",
        "  hint: add a row for `south` (with 0 counts if it served nobody); if the team has closed, set its `closed` date in agencies/riverbend/agency.toml\n",
        "0 errors, 1 warning in 9 files\n",
    );
    let dir = case("team-not-reported");
    assert_run(validate(dir.path(), &[]), expected, "", 0);
    assert_strict(validate(dir.path(), &["--strict"]), expected);
}

const BEFORE_BASELINE: &str = concat!(
    "outcomes/2024-Q1/lakeshore.csv: warning[outcomes-before-baseline]: 2024-Q1 ended before the agency's baseline fidelity review on 2024-05-07\n",
    "  hint: agencies report outcomes from the quarter of their baseline review on: check the quarter folder\n",
);

/// Lakeshore reports 2024-Q1, before its baseline review of 2024-05-07; harbour has no review.
#[test]
fn outcomes_before_baseline_and_with_no_review_at_all() {
    assert_case(
        "outcomes-before-baseline",
        &format!(
            "{BEFORE_BASELINE}\
             outcomes/2024-Q2/harbour.csv: warning[outcomes-before-baseline]: agency `harbour` reports outcomes but has no fidelity review on record\n\
             \x20 hint: add the baseline review as agencies/harbour/fidelity/YYYY-MM-DD.toml (ips fidelity new)\n\
             0 errors, 2 warnings in 12 files\n"
        ),
        0,
    );
}

/// An agreement lacking one of the three roles, and an agency with no [agreement] at all.
#[test]
fn missing_signatory() {
    assert_case(
        "missing-signatory",
        concat!(
            "agencies/lakeshore/agency.toml:14:15: warning[missing-signatory]: the agreement is not signed by a state vocational rehabilitation representative (role `state-vocational-rehabilitation`)\n",
            "  hint: once signed, add { role = \"state-vocational-rehabilitation\", name = \"...\", signed = YYYY-MM-DD } to `signatories`\n",
            "agencies/riverbend/agency.toml:1:1: warning[missing-signatory]: the agency has no [agreement] table: nobody has signed its agreement\n",
            "  hint: add [agreement] with `signed`, `employer_visits` and the three `signatories`\n",
            "0 errors, 2 warnings in 9 files\n",
        ),
        0,
    );
}

// ---------------------------------------------------------------------------------------------
// Positions, order, formats

/// A BOM, CRLF line ends and blank lines in a CSV and a TOML file: lines and columns are still
/// the ones an editor shows. The CSV's data rows are on lines 3 and 6; `note` starts at column
/// 43 of line 1 (the BOM is not a column); "south,8,2," is 10 characters. In agency.toml the
/// first [[teams]] is on line 6 and the misspelt key on line 9; the finding on line 9 is made
/// first but printed second.
#[test]
fn positions_after_a_byte_order_mark_crlf_and_blank_lines() {
    let dir = case("near-misses");
    write(
        dir.path(),
        "outcomes/2024-Q2/riverbend.csv",
        "\u{FEFF}team,served,employed,education,job_starts,note\r\n\r\nnorth,24,9,,4,\r\n\r\n\r\nsouth,8,2,x,1,\r\n",
    );
    let agency = read(&fixture("validate/base"), "agencies/riverbend/agency.toml")
        .replace("location = \"Columbus\"", "locaton = \"Columbus\"")
        .replace('\n', "\r\n");
    write(
        dir.path(),
        "agencies/riverbend/agency.toml",
        format!("\u{FEFF}{agency}"),
    );
    assert_run(
        validate(dir.path(), &[]),
        &format!(
            "agencies/riverbend/agency.toml:6:1: error[missing-key]: missing key `location` in `teams[1]`\n\
             \x20 hint: add `location = \"...\"`\n\
             agencies/riverbend/agency.toml:9:1: error[unknown-key]: unknown key `teams[1].locaton`\n\
             \x20 hint: did you mean `location`? Known keys here: id, supervisor, location, opened, closed\n\
             outcomes/2024-Q2/riverbend.csv:1:43: error[unknown-column]: unknown column `note`\n\
             \x20 hint: remove the column; the allowed columns are team,served,employed,education,job_starts (never commit names or other personal data)\n\
             outcomes/2024-Q2/riverbend.csv:6:11: error[count]: `education` is \"x\", not a whole number of 0 or more\n\
             {COUNT_HINT}\
             4 errors, 0 warnings in 9 files\n"
        ),
        "",
        1,
    );
}

const THREE_FILES: &str = concat!(
    "ips.toml:8:8: error[enumeration]: `jurisdictions[1].kind` is \"State\", which is not one of the allowed values\n",
    "  hint: did you mean \"state\"? allowed: state, county, region, country\n",
);

/// Errors in three files, all reported in one run, sorted by path and then line.
#[test]
fn one_run_reports_every_file_sorted_by_path_and_line() {
    assert_case(
        "three-files",
        &format!(
            "agencies/riverbend/activities.csv:3:12: error[enumeration]: \"training\" is not an activity kind\n\
             \x20 hint: kinds: {KINDS}\n\
             agencies/riverbend/activities.csv:5:12: error[enumeration]: \"employer visit\" is not an activity kind\n\
             \x20 hint: did you mean \"employer-visit\"? kinds: {KINDS}\n\
             {THREE_FILES}\
             outcomes/2024-Q1/riverbend.csv:2:10: error[employed-exceeds-served]: employed (27) is greater than served (20)\n\
             \x20 hint: employed counts people among those served in the quarter: check both numbers\n\
             4 errors, 0 warnings in 9 files\n"
        ),
        1,
    );
}

/// The whole JSON document, parsed into structs that refuse unknown fields.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct JsonReport {
    diagnostics: Vec<JsonDiagnostic>,
    counts: JsonCounts,
    meta: Meta,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct JsonDiagnostic {
    severity: String,
    rule: String,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    hint: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct JsonCounts {
    errors: usize,
    warnings: usize,
    files: usize,
}

#[test]
fn json_format_is_one_stable_document() {
    let dir = case("mixed");
    let (stdout, stderr, code) = validate(dir.path(), &["--format", "json"]);
    assert_eq!((stderr.as_str(), code), ("", 1));
    let report: JsonReport = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(
        report,
        JsonReport {
            diagnostics: vec![
                JsonDiagnostic {
                    severity: "warning".into(),
                    rule: "unexpected-file".into(),
                    path: "agencies/notes.txt".into(),
                    line: None,
                    column: None,
                    message: "a file directly in agencies/: ips ignores it".into(),
                    hint: Some(
                        "move it out of the data repository, or to where the format puts such a file (see data-format.md)".into()
                    ),
                },
                JsonDiagnostic {
                    severity: "error".into(),
                    rule: "employed-exceeds-served".into(),
                    path: "outcomes/2024-Q2/lakeshore.csv".into(),
                    line: Some(2),
                    column: Some(9),
                    message: "employed (16) is greater than served (15)".into(),
                    hint: Some(
                        "employed counts people among those served in the quarter: check both numbers".into()
                    ),
                },
            ],
            counts: JsonCounts {
                errors: 1,
                warnings: 1,
                files: 9,
            },
            // The base fixture's outcome files are of 2024-Q1 and 2024-Q2.
            meta: meta("2026-11-24", Some("2024-Q1"), Some("2024-Q2")),
        }
    );
    // Absent positions are written as null, not left out.
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let first = value["diagnostics"][0].as_object().expect("an object");
    assert_eq!(first.get("line"), Some(&serde_json::Value::Null));
    assert_eq!(first.get("column"), Some(&serde_json::Value::Null));
}

#[test]
fn json_format_of_a_clean_repository() {
    let dir = copy_to_temp(&fixture("validate/base"));
    let (stdout, stderr, code) = validate(dir.path(), &["--format=json"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    let report: JsonReport = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(
        report,
        JsonReport {
            diagnostics: vec![],
            counts: JsonCounts {
                errors: 0,
                warnings: 0,
                files: 9,
            },
            meta: meta("2026-11-24", Some("2024-Q1"), Some("2024-Q2")),
        }
    );
}

#[test]
fn github_format_writes_workflow_commands() {
    let dir = case("mixed");
    assert_run(
        validate(dir.path(), &["--format", "github"]),
        concat!(
            "::warning file=agencies/notes.txt,title=unexpected-file::a file directly in agencies/: ips ignores it%0Ahint: move it out of the data repository, or to where the format puts such a file (see data-format.md)\n",
            "::error file=outcomes/2024-Q2/lakeshore.csv,line=2,col=9,title=employed-exceeds-served::employed (16) is greater than served (15)%0Ahint: employed counts people among those served in the quarter: check both numbers\n",
            "1 error, 1 warning in 9 files\n",
        ),
        "",
        1,
    );
}

// ---------------------------------------------------------------------------------------------
// Exit code 2: ips could not run. Nothing goes to stdout.

#[track_caller]
fn assert_could_not_run(run: Run, stderr: &str) {
    assert_run(run, "", stderr, 2);
}

#[test]
fn no_repository_says_where_it_looked_and_suggests_ips_init() {
    let dir = TempDir::new().expect("a temporary folder");
    let sub = dir.path().join("notes");
    std::fs::create_dir(&sub).expect("create folder");
    let looked: Vec<String> = sub
        .canonicalize()
        .expect("canonical path")
        .ancestors()
        .map(|p| p.display().to_string())
        .collect();
    assert_could_not_run(
        run_ips(&sub, &["validate", AS_OF]),
        &format!(
            "error: no IPS data repository here: no ips.toml in {}\n  hint: run this inside a data repository, pass --repo DIR or set IPS_REPO, or create one with `ips init DIR`\n",
            looked.join(", ")
        ),
    );
}

#[test]
fn repo_flag_and_ips_repo_naming_a_folder_without_ips_toml() {
    let empty = TempDir::new().expect("a temporary folder");
    let path = empty.path().display().to_string();
    assert_could_not_run(
        run_ips(empty.path(), &["validate", "--repo", &path]),
        &format!(
            "error: --repo names {path}, which has no ips.toml\n  hint: point --repo at the folder that holds ips.toml, or create a repository there with `ips init {path}`\n"
        ),
    );
    assert_could_not_run(
        output(ips(empty.path()).env("IPS_REPO", &path).arg("validate")),
        &format!(
            "error: $IPS_REPO names {path}, which has no ips.toml\n  hint: point $IPS_REPO at the folder that holds ips.toml, or create a repository there with `ips init {path}`\n"
        ),
    );
}

#[test]
fn a_named_path_that_does_not_exist() {
    let dir = copy_to_temp(&fixture("validate/base"));
    assert_could_not_run(
        validate(dir.path(), &["outcomes/2024-Q3/riverbend.csv"]),
        "error: cannot read outcomes/2024-Q3/riverbend.csv: No such file or directory (os error 2)\n  hint: name files or folders of the repository, from the current folder or from its root\n",
    );
}

/// Paths ips prints are relative to the repository's root: they work as given with --repo from
/// any folder.
#[test]
fn a_path_from_the_root_works_with_repo_from_elsewhere() {
    let dir = copy_to_temp(&fixture("validate/base"));
    let elsewhere = TempDir::new().expect("a temporary folder");
    let repo = dir.path().to_string_lossy().into_owned();
    assert_run(
        run_ips(
            elsewhere.path(),
            &[
                "--repo",
                &repo,
                "validate",
                AS_OF,
                "outcomes/2024-Q2/riverbend.csv",
            ],
        ),
        "ok: 1 file checked, no problems found\n",
        "",
        0,
    );
}

#[test]
fn a_named_path_outside_the_repository() {
    let dir = copy_to_temp(&fixture("validate/base"));
    let elsewhere = TempDir::new().expect("a temporary folder");
    write(elsewhere.path(), "riverbend.csv", "team,served,employed\n");
    let outside = elsewhere.path().join("riverbend.csv").display().to_string();
    let root = dir.path().canonicalize().expect("canonical path");
    assert_could_not_run(
        validate(dir.path(), &[&outside]),
        &format!(
            "error: {outside} is outside the repository {}\n  hint: name files inside the repository, or pass --repo\n",
            root.display()
        ),
    );
}

#[test]
fn a_date_that_does_not_exist_is_a_bad_argument() {
    let dir = copy_to_temp(&fixture("validate/base"));
    assert_could_not_run(
        run_ips(dir.path(), &["validate", "--as-of", "2024-13-01"]),
        "error: invalid value '2024-13-01' for '--as-of <DATE>': 2024-13-01 is not a day: there is no month 13 (months are 01 to 12)\n\nFor more information, try '--help'.\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Finding the repository

#[test]
fn the_repository_is_found_walking_up_from_a_subfolder() {
    let dir = copy_to_temp(&fixture("validate/base"));
    assert_run(
        validate(&dir.path().join("agencies/riverbend/fidelity"), &[]),
        "ok: 9 files checked, no problems found\n",
        "",
        0,
    );
}

#[test]
fn ips_repo_names_the_repository_and_repo_overrides_it() {
    let dir = case("format-version");
    let clean = copy_to_temp(&fixture("validate/base"));
    let elsewhere = TempDir::new().expect("a temporary folder");
    let broken = dir.path().display().to_string();
    assert_run(
        output(
            ips(elsewhere.path())
                .env("IPS_REPO", &broken)
                .args(["validate", AS_OF]),
        ),
        concat!(
            "ips.toml:2:10: error[format-version]: this repository is in data format 2; this ips reads format 1\n",
            "  hint: install the ips version that reads this format, or check the `format` value\n",
            "1 error, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
    assert_run(
        output(ips(elsewhere.path()).env("IPS_REPO", &broken).args([
            "validate",
            AS_OF,
            "--repo",
            &clean.path().display().to_string(),
        ])),
        "ok: 9 files checked, no problems found\n",
        "",
        0,
    );
}

// ---------------------------------------------------------------------------------------------
// ips validate PATH...: only the named files, plus the cross-file checks they take part in.
// The "selection" case has an unknown key in lakeshore's agency.toml, which also renamed its team
// so that lakeshore's outcome file names a team it no longer has; a misspelt jurisdiction kind
// in ips.toml; and N/A in riverbend's 2024-Q2 file.

const PHONE: &str = concat!(
    "agencies/lakeshore/agency.toml:5:1: error[unknown-key]: unknown key `phone`\n",
    "  hint: remove it; known keys here: id, name, jurisdiction, start, teams, agreement, trainer\n",
);
const CENTRAL: &str = concat!(
    "outcomes/2024-Q2/lakeshore.csv:2:1: error[unknown-team]: agency `lakeshore` has no team `main`\n",
    "  hint: its teams are: central; add new teams under [[teams]] in agencies/lakeshore/agency.toml\n",
);
const NOT_AVAILABLE: &str = concat!(
    "outcomes/2024-Q2/riverbend.csv:2:10: error[count]: `employed` is \"N/A\", not a whole number of 0 or more\n",
    "  hint: write a whole number such as 12; write 0 for none\n",
);

#[test]
fn selection_whole_repository() {
    assert_case(
        "selection",
        &format!("{PHONE}{THREE_FILES}{CENTRAL}{NOT_AVAILABLE}4 errors, 0 warnings in 9 files\n"),
        1,
    );
}

#[test]
fn naming_an_outcome_file_reports_only_that_file() {
    let dir = case("selection");
    assert_run(
        validate(dir.path(), &["outcomes/2024-Q2/riverbend.csv"]),
        &format!("{NOT_AVAILABLE}1 error, 0 warnings in 1 file\n"),
        "",
        1,
    );
    // A relative path starts from the current folder.
    assert_run(
        validate(&dir.path().join("outcomes/2024-Q2"), &["riverbend.csv"]),
        &format!("{NOT_AVAILABLE}1 error, 0 warnings in 1 file\n"),
        "",
        1,
    );
    // The outcome file's own check against its agency.toml is reported.
    assert_run(
        validate(dir.path(), &["outcomes/2024-Q2/lakeshore.csv"]),
        &format!("{CENTRAL}1 error, 0 warnings in 1 file\n"),
        "",
        1,
    );
}

/// Naming agency.toml also reports the findings of its outcome files that are checked against
/// it (2 files: agency.toml and lakeshore's one outcome file).
#[test]
fn naming_an_agency_file_reports_the_team_checks_of_its_outcome_files() {
    let dir = case("selection");
    assert_run(
        validate(dir.path(), &["agencies/lakeshore/agency.toml"]),
        &format!("{PHONE}{CENTRAL}2 errors, 0 warnings in 2 files\n"),
        "",
        1,
    );
}

#[test]
fn naming_several_paths_and_a_folder() {
    let dir = case("selection");
    assert_run(
        validate(dir.path(), &["ips.toml", "outcomes/2024-Q2/riverbend.csv"]),
        &format!("{THREE_FILES}{NOT_AVAILABLE}2 errors, 0 warnings in 2 files\n"),
        "",
        1,
    );
    // agencies/ holds 5 data files; every outcome file (3) is checked against an agency.
    assert_run(
        validate(dir.path(), &["agencies"]),
        &format!("{PHONE}{CENTRAL}2 errors, 0 warnings in 8 files\n"),
        "",
        1,
    );
}

#[test]
fn naming_ips_toml_reports_the_agencies_with_an_undeclared_jurisdiction() {
    let dir = case("unknown-jurisdiction");
    assert_run(
        validate(dir.path(), &["ips.toml"]),
        &format!("{UNKNOWN_JURISDICTION}1 error, 0 warnings in 1 file\n"),
        "",
        1,
    );
}

/// The review and lakeshore's two outcome files are checked.
#[test]
fn naming_a_review_reports_the_outcomes_before_it() {
    let dir = case("outcomes-before-baseline");
    assert_run(
        validate(dir.path(), &["agencies/lakeshore/fidelity/2024-05-07.toml"]),
        &format!("{BEFORE_BASELINE}0 errors, 1 warning in 3 files\n"),
        "",
        0,
    );
}

// ---------------------------------------------------------------------------------------------
// --list-rules, and every rule covered

/// The rule ids declared in src/rules.rs, read from the source so that a new rule is noticed.
fn declared_rule_ids() -> Vec<(String, String)> {
    let source = read(&crate_dir(), "src/rules.rs");
    let mut ids = Vec::new();
    for line in source.lines() {
        let Some((_, rest)) = line.trim().split_once(" = \"") else {
            continue;
        };
        // `NAME = "id", Severity, scope,`
        for severity in ["Error", "Warning"] {
            if let Some((id, _scope)) = rest.split_once(&format!("\", {severity}, ")) {
                ids.push((id.to_string(), severity.to_lowercase()));
            }
        }
    }
    ids
}

/// A client-level export pasted into an outcome file gives a bounded list: the first findings
/// of each rule in full, then one line for the rest, and the closing count of all of them.
#[test]
fn a_pasted_export_prints_a_bounded_list_of_findings() {
    let dir = copy_to_temp(&fixture("validate/base"));
    let mut rows = String::from("team,served,employed\n");
    for i in 0..5000 {
        rows.push_str(&format!("client-{i},3,1\n"));
    }
    let file = "outcomes/2024-Q2/riverbend.csv";
    write(dir.path(), file, rows);
    let (stdout, stderr, code) = validate(dir.path(), &[file]);
    assert_eq!((stderr.as_str(), code), ("", 1));
    let lines: Vec<&str> = stdout.lines().collect();
    // 25 findings and their hints, the line for the other 4975, its hint, the count.
    assert_eq!(lines.len(), 25 * 2 + 2 + 1, "{stdout}");
    assert_eq!(
        lines[0],
        "outcomes/2024-Q2/riverbend.csv:2:1: error[unknown-team]: agency `riverbend` has no team `client-0`"
    );
    // The teams are listed once, at the first unknown team; later ones refer back to it.
    assert!(
        lines[1].starts_with("  hint: its teams are: "),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[3],
        "  hint: as for line 2: use a team of agencies/riverbend/agency.toml, or add it there under [[teams]]"
    );
    assert_eq!(
        &lines[50..],
        [
            "outcomes/2024-Q2/riverbend.csv: error[unknown-team]: 4975 more `unknown-team` findings in this file are not shown",
            "  hint: fix the first 25 above and run it again; the rest are likely the same mistake",
            "5000 errors, 0 warnings in 1 file",
        ]
    );
}

#[test]
fn list_rules_prints_every_rule_with_what_it_checks_and_a_fix() {
    let dir = TempDir::new().expect("a temporary folder");
    let (stdout, stderr, code) = run_ips(dir.path(), &["validate", "--list-rules"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert!(stdout.starts_with(concat!(
        "empty-file (error)\n",
        "  checks: A data file has content.\n",
        "  fix:    Write the file's content (an outcomes file starts with team,served,employed,education,job_starts), or delete it.\n",
        "utf8 (error)\n",
    )));
    assert!(stdout.contains(concat!(
        "missing-signatory (warning)\n",
        "  checks: An agreement is signed by the executive director, state mental health and state vocational rehabilitation.\n",
        "  fix:    Add { role = \"state-vocational-rehabilitation\", name = \"...\", signed = 2024-01-12 } to signatories.\n",
    )));
    let ids = declared_rule_ids();
    assert_eq!(
        ids.len(),
        57,
        "the 37 rules of issue 2, `unreadable`, `review-kind`, `duplicate-activity`, `future-review`, issue 11's `file-too-large`, `leftover-temporary` and `control-character`, issue 14's `empty-row`, issue 19's `line-ends`, `empty-column`, `unknown-reviewer` and `placeholder`, issue 21's `agreement-gap`, issue 23's `unknown-item`, `rating-reviewer`, `consensus-outside-ratings`, `plan-review`, `plan-date-mismatch` and `future-step`, and issue 24's `sheet-total` (of `ips outcomes import`)"
    );
    let headings: Vec<&str> = stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    let expected: Vec<String> = ids
        .iter()
        .map(|(id, severity)| format!("{id} ({severity})"))
        .collect();
    assert_eq!(headings, expected);
    assert_eq!(stdout.lines().count(), 3 * ids.len());
}

/// Every rule has a fixture in this file (or hostile.rs, hints.rs) that breaks it, with its
/// exact diagnostic.
#[test]
fn every_rule_is_broken_by_some_test() {
    // The rules about hostile input are broken in tests/hostile.rs, those of spreadsheet
    // mistakes in tests/hints.rs, the one of imported workbooks in tests/sheets.rs.
    let tests = [
        include_str!("validate.rs"),
        include_str!("hostile.rs"),
        include_str!("hints.rs"),
        include_str!("sheets.rs"),
    ];
    let untested: Vec<String> = declared_rule_ids()
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| !tests.iter().any(|t| t.contains(&format!("[{id}]: "))))
        .collect();
    assert!(untested.is_empty(), "rules without a test: {untested:?}");
}

// ---------------------------------------------------------------------------------------------
// No input makes it panic, and every position lies within its file.

mod no_panic {
    use super::*;
    use ips::progress::Progress;
    use ips::validate::Selection;
    use proptest::prelude::*;

    const SETTINGS: &str = "format = 1\nname = \"P\"\n\n[[jurisdictions]]\nid = \"oh\"\nname = \"Ohio\"\nkind = \"state\"\n";
    const OUTCOMES: &str = "outcomes/2024-Q2/riverbend.csv";
    const AGENCY: &str = "agencies/riverbend/agency.toml";

    fn valid_agency() -> String {
        read(&fixture("validate/base"), AGENCY)
    }

    /// Loads and validates a repository of ips.toml, one agency.toml and one outcome file with
    /// the library, and checks that every diagnostic's line and column lie within its file.
    fn check(agency: &[u8], outcomes: &[u8]) -> Result<(), TestCaseError> {
        // One repository per test thread, its two files rewritten for each case: creating and
        // removing folders would cost more than the check.
        thread_local! {
            static DIR: TempDir = {
                let dir = TempDir::new().expect("a temporary folder");
                write(dir.path(), "ips.toml", SETTINGS);
                dir
            };
        }
        DIR.with(|dir| check_in(dir.path(), agency, outcomes))
    }

    fn check_in(root: &Path, agency: &[u8], outcomes: &[u8]) -> Result<(), TestCaseError> {
        write(root, AGENCY, agency);
        write(root, OUTCOMES, outcomes);
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
        let report =
            ips::validate::validate(root, as_of, &Selection::everything(), &Progress::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for diagnostic in &report.diagnostics {
            let Some(line) = diagnostic.line else {
                continue;
            };
            let bytes = std::fs::read(root.join(&diagnostic.path)).expect("read file");
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            // A CSV file whose first line ends in a lone CR has its lines so ended, as an
            // editor shows them (`line-ends`).
            let cr_lines = diagnostic.path.ends_with(".csv")
                && bytes
                    .iter()
                    .position(|b| *b == b'\r' || *b == b'\n')
                    .is_some_and(|i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            let bytes: Vec<u8> = if cr_lines {
                let mut bytes = bytes.to_vec();
                for i in 0..bytes.len() {
                    if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
                        bytes[i] = b'\n';
                    }
                }
                bytes
            } else {
                bytes.to_vec()
            };
            let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
            prop_assert!(
                (1..=lines.len()).contains(&line),
                "{diagnostic:?} is past the {} lines",
                lines.len()
            );
            let characters = String::from_utf8_lossy(lines[line - 1]).chars().count();
            let column = diagnostic.column.unwrap_or(1);
            prop_assert!(
                (1..=characters + 1).contains(&column),
                "{diagnostic:?} is past the {characters} characters of its line"
            );
        }
        Ok(())
    }

    /// The pieces CSV files are made of.
    const PIECES: [&str; 26] = [
        "team",
        "served",
        "employed",
        "education",
        "job_starts",
        "north",
        "south",
        "east",
        ",",
        ",,",
        ";",
        "\t",
        "\"",
        "\"\"",
        "\n",
        "\r\n",
        "\r",
        " ",
        "0",
        "12",
        "-1",
        "12.5",
        "N/A",
        "99999999999999999999999",
        "é",
        "\u{FEFF}",
    ];
    const HEADERS: [&str; 3] = [
        "",
        "team,served,employed,education,job_starts\n",
        "\u{FEFF}team,served,employed\r\n",
    ];

    /// Text made of the pieces CSV files are made of, often after the right header.
    fn near_csv() -> impl Strategy<Value = String> {
        (
            0..HEADERS.len(),
            proptest::collection::vec(0..PIECES.len(), 0..80),
        )
            .prop_map(|(header, pieces)| {
                let body: String = pieces.iter().map(|&i| PIECES[i]).collect();
                format!("{}{body}", HEADERS[header])
            })
    }

    /// The valid agency.toml with a stretch replaced by TOML-like characters.
    fn mangled_agency() -> impl Strategy<Value = String> {
        let agency = valid_agency();
        let length = agency.len();
        (
            0..length,
            0..60usize,
            "[\\[\\]{}=\",.a-z0-9 \n\r#'_:T+-]{0,24}",
        )
            .prop_map(move |(start, cut, insert)| {
                let end = (start + cut).min(length);
                format!("{}{insert}{}", &agency[..start], &agency[end..])
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn arbitrary_bytes_as_an_outcome_file(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            check(valid_agency().as_bytes(), &bytes)?;
        }

        #[test]
        fn near_csv_text_as_an_outcome_file(text in near_csv()) {
            check(valid_agency().as_bytes(), text.as_bytes())?;
        }

        #[test]
        fn arbitrary_text_as_agency_toml(text in ".{0,300}", outcomes in near_csv()) {
            check(text.as_bytes(), outcomes.as_bytes())?;
        }

        #[test]
        fn a_mangled_agency_toml(text in mangled_agency(), outcomes in near_csv()) {
            check(text.as_bytes(), outcomes.as_bytes())?;
        }
    }
}

/// A named outcome file is checked against its agency.toml; when that file is broken, its
/// problem is reported rather than a silent pass.
#[test]
fn naming_an_outcome_file_reports_its_broken_agency_file() {
    let dir = example_copy();
    let agency = read(dir.path(), "agencies/lakeshore/agency.toml");
    write(
        dir.path(),
        "agencies/lakeshore/agency.toml",
        agency.replace("start = 2024-01-15", "start = 2024-02-30"),
    );
    assert_run(
        validate(dir.path(), &["outcomes/2026-Q3/lakeshore.csv"]),
        concat!(
            "agencies/lakeshore/agency.toml:4:9: error[date]: 2024-02-30 is not a day: February 2024 has 29 days\n",
            "  hint: write a real calendar date as YYYY-MM-DD\n",
            "1 error, 0 warnings in 1 file\n",
        ),
        "",
        1,
    );
    // Another agency's outcome file does not pull lakeshore's problem in.
    assert_run(
        validate(dir.path(), &["outcomes/2026-Q3/riverbend.csv"]),
        "ok: 1 file checked, no problems found\n",
        "",
        0,
    );
}

/// A file that cannot be read (here a link to nothing) is one finding; the other files are still
/// checked.
#[cfg(unix)]
#[test]
fn unreadable_file_is_a_finding_not_the_end_of_the_run() {
    let dir = case("base");
    let outcomes = dir.path().join("outcomes/2024-Q2/riverbend.csv");
    std::fs::remove_file(&outcomes).expect("remove the outcome file");
    std::os::unix::fs::symlink("/nonexistent/ips-test.csv", &outcomes).expect("link");
    write(
        dir.path(),
        "outcomes/2024-Q2/lakeshore.csv",
        "team,served,employed\ncentral,5,9\n",
    );
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "outcomes/2024-Q2/lakeshore.csv:2:11: error[employed-exceeds-served]: employed (9) is greater than served (5)\n",
            "  hint: employed counts people among those served in the quarter: check both numbers\n",
            "outcomes/2024-Q2/riverbend.csv: error[unreadable]: cannot read the file: No such file or directory (os error 2)\n",
            "  hint: check that the file exists (not a broken link) and that you may read it\n",
            "2 errors, 0 warnings in 9 files\n",
        ),
        "",
        1,
    );
}

/// One unreadable team id is one error, not an unknown-team error in every quarter's file.
#[test]
fn a_bad_team_id_does_not_cascade_into_the_outcome_files() {
    let dir = example_copy();
    let agency = read(dir.path(), "agencies/riverbend/agency.toml");
    write(
        dir.path(),
        "agencies/riverbend/agency.toml",
        agency.replacen("id = \"north\"", "id = \"North\"", 1),
    );
    assert_run(
        validate(dir.path(), &[]),
        concat!(
            "agencies/riverbend/agency.toml:8:6: error[identifier]: `teams[1].id` is not a valid id: \"North\"\n",
            "  hint: ids are 1-64 lower-case letters, digits and `-`, e.g. \"north\"\n",
            "1 error, 0 warnings in 119 files\n",
        ),
        "",
        1,
    );
}

/// A number too large for any setting or score is out of range, not of the wrong type.
#[test]
fn a_huge_whole_number_is_out_of_range() {
    let dir = example_copy();
    let review = "agencies/lakeshore/fidelity/2026-08-11.toml";
    let text = read(dir.path(), review);
    write(
        dir.path(),
        review,
        text.replacen(
            "caseload_size = 3",
            "caseload_size = 99999999999999999999",
            1,
        ),
    );
    assert_run(
        validate(dir.path(), &[review]),
        concat!(
            "agencies/lakeshore/fidelity/2026-08-11.toml:8:17: error[score-range]: `scores.caseload_size` is 99999999999999999999, far too large\n",
            "  hint: write a whole number from 1 to 5\n",
            "1 error, 0 warnings in 12 files\n",
        ),
        "",
        1,
    );
}

/// The first review is the baseline; a later one marked `baseline` (or a first one marked
/// `follow-up`) is a warning on that review.
#[test]
fn review_kind_follows_the_order_of_reviews() {
    let dir = example_copy();
    let later = "agencies/tri-city-pathways/fidelity/2025-02-18.toml";
    let text = read(dir.path(), later);
    write(
        dir.path(),
        later,
        text.replacen("kind = \"follow-up\"", "kind = \"baseline\"", 1),
    );
    let expected = concat!(
        "agencies/tri-city-pathways/fidelity/2025-02-18.toml: warning[review-kind]: a review after the baseline of 2024-08-20 is marked `baseline`\n",
        "  hint: write kind = \"follow-up\"\n",
        "0 errors, 1 warning in 119 files\n",
    );
    assert_run(validate(dir.path(), &[]), expected, "", 0);
    assert_strict(validate(dir.path(), &["--strict"]), expected);
}

/// A review names its reviewers: an empty list would meet the confidentiality milestone by default.
#[test]
fn a_review_with_no_reviewers() {
    let dir = example_copy();
    let review = "agencies/lakeshore/fidelity/2026-08-11.toml";
    let text = read(dir.path(), review);
    let line = text
        .lines()
        .find(|l| l.starts_with("reviewers"))
        .expect("a reviewers line")
        .to_string();
    write(dir.path(), review, text.replace(&line, "reviewers = []"));
    assert_run(
        validate(dir.path(), &[review]),
        concat!(
            "agencies/lakeshore/fidelity/2026-08-11.toml:4:13: error[missing-key]: `reviewers` names nobody\n",
            "  hint: list the reviewers who scored the review: reviewers = [\"A. Reviewer\", \"B. Reviewer\"]\n",
            "1 error, 0 warnings in 12 files\n",
        ),
        "",
        1,
    );
}

/// Naming a folder of outcome files also says why an agency's files in it went unchecked.
#[test]
fn naming_a_quarter_folder_reports_a_broken_agency_file_of_its_files() {
    let dir = example_copy();
    let agency = read(dir.path(), "agencies/lakeshore/agency.toml");
    write(
        dir.path(),
        "agencies/lakeshore/agency.toml",
        agency.replace("start = 2024-01-15", "start = 2024-02-30"),
    );
    let (stdout, _, code) = validate(dir.path(), &["outcomes/2026-Q3"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "agencies/lakeshore/agency.toml:4:9: error[date]: 2024-02-30 is not a day"
        ),
        "{stdout}"
    );
}

/// A path that exists from the current folder but outside the repository is tried from the
/// repository's root too: `ips.toml` means the repository's own.
#[test]
fn a_path_outside_from_here_but_inside_from_the_root_is_the_root_one() {
    let dir = copy_to_temp(&fixture("validate/base"));
    let elsewhere = TempDir::new().expect("a temporary folder");
    write(elsewhere.path(), "ips.toml", "not the repository's\n");
    let repo = dir.path().to_string_lossy().into_owned();
    assert_run(
        run_ips(
            elsewhere.path(),
            &["--repo", &repo, "validate", AS_OF, "ips.toml"],
        ),
        "ok: 1 file checked, no problems found\n",
        "",
        0,
    );
}
