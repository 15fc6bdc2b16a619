//! Spreadsheets in and out: `--format xlsx --out FILE` for every table, read back with calamine
//! and compared with the CSV output cell by cell; `ips outcomes form` and `ips outcomes import`.

mod common;

use common::*;
use std::path::Path;

const AS_OF: &str = "2026-11-24";

/// The CSV output of `args` in the example copy, as rows of fields.
fn csv_cells(repo: &Path, args: &[&str]) -> Vec<Vec<String>> {
    let (stdout, _, code) = run_in_repo(
        repo,
        &[args, &["--format", "csv", "--as-of", AS_OF][..]].concat(),
    );
    assert!(code == 0 || code == 1, "{args:?} exited {code}");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(stdout.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Every command that has --format, with arguments that give rows of each kind of cell: counts,
/// rates, changes in points, dates, booleans, lists, empty cells.
const COMMANDS: [&[&str]; 9] = [
    &[
        "outcomes",
        "summarize",
        "--by",
        "jurisdiction,quarter",
        "--from",
        "2026-Q1",
    ],
    &["outcomes", "export", "--quarter", "2026-Q3"],
    &["outcomes", "missing", "--quarter", "2026-Q3"],
    &["agency", "list"],
    &["fidelity", "schedule"],
    &["fidelity", "show", "riverbend"],
    &["agreement", "status"],
    &["agreement", "status", "riverbend"],
    &["attention"],
];

#[test]
fn every_table_as_a_workbook_has_the_cells_of_its_csv() {
    let repo = example_copy();
    // A team missing, so that `outcomes missing` has a row.
    std::fs::remove_file(repo.path().join("outcomes/2026-Q3/riverbend.csv")).unwrap();
    let out = tempfile::TempDir::new().unwrap();
    for (index, args) in COMMANDS.iter().enumerate() {
        let file = out.path().join(format!("{index}.xlsx"));
        let path = file.to_str().unwrap();
        let run = run_in_repo(
            repo.path(),
            &[
                *args,
                &["--format", "xlsx", "--out", path, "--as-of", AS_OF][..],
            ]
            .concat(),
        );
        assert!(run.2 == 0 || run.2 == 1, "{args:?}: {run:?}");
        assert!(run.0.is_empty(), "{args:?}: nothing on stdout: {run:?}");
        assert!(
            run.1.contains(&format!("wrote {path}\n")),
            "{args:?}: {run:?}"
        );
        let csv = csv_cells(repo.path(), args);
        assert!(csv.len() > 1, "{args:?} has rows");
        let mut sheet = workbook_cells(&file, None);
        // calamine's rows are as wide as the used range; CSV's as the header.
        for row in &mut sheet {
            row.resize(csv[0].len(), String::new());
        }
        assert_eq!(sheet, csv, "{args:?}");
    }
}

#[test]
fn a_workbook_has_a_bold_frozen_header_and_numbers_formatted_as_what_they_are() {
    let repo = example_copy();
    let file = repo.path().join("summary.xlsx");
    let run = run_in_repo(
        repo.path(),
        &[
            "outcomes",
            "summarize",
            "--by",
            "jurisdiction,quarter",
            "--from",
            "2026-Q2",
            "--format",
            "xlsx",
            "--out",
            "summary.xlsx",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(run.2, 0, "{run:?}");
    let sheet = workbook_part(&file, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    // Columns sized to their content: `jurisdiction` (12 characters) + 2.
    assert!(
        sheet.contains(r#"<col min="1" max="1" width="14.7109375" customWidth="1"/>"#),
        "{sheet}"
    );
    let styles = workbook_part(&file, "xl/styles.xml");
    for format in [
        r#"formatCode="0.0%""#,
        r#"formatCode="+0.0%;-0.0%;0.0%""#,
        "<b/>",
    ] {
        assert!(styles.contains(format), "{format} in {styles}");
    }
    // Counts are numbers with the whole-number format (built in as number format 1).
    assert!(styles.contains(r#"numFmtId="1""#), "{styles}");
    // The same figures made on the same day give the same file, byte for byte.
    let again = repo.path().join("again.xlsx");
    let run = run_in_repo(
        repo.path(),
        &[
            "outcomes",
            "summarize",
            "--by",
            "jurisdiction,quarter",
            "--from",
            "2026-Q2",
            "--format",
            "xlsx",
            "--out",
            "again.xlsx",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(run.2, 0, "{run:?}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn a_workbook_is_refused_to_a_terminal_and_never_written_over_a_file() {
    let repo = example_copy();
    assert_run(
        run_in_repo(
            repo.path(),
            &["agency", "list", "--format", "xlsx", "--as-of", AS_OF],
        ),
        "",
        "error: --format xlsx makes a workbook, which is a file, not text for a terminal or a pipe\n  hint: name the file with --out, e.g. --format xlsx --out summary.xlsx\n",
        2,
    );
    write(repo.path(), "agencies.xlsx", "mine");
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "agency",
                "list",
                "--format",
                "xlsx",
                "--out",
                "agencies.xlsx",
                "--as-of",
                AS_OF,
            ],
        ),
        "",
        "error: agencies.xlsx already exists: nothing was written\n  hint: move it away, or pass --force to write over it\n",
        2,
    );
    assert_eq!(read(repo.path(), "agencies.xlsx"), "mine");
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "agency",
                "list",
                "--format",
                "xlsx",
                "--out",
                "agencies.xlsx",
                "--force",
                "--as-of",
                AS_OF,
            ],
        ),
        "",
        "wrote agencies.xlsx\n",
        0,
    );
    let agencies = repo.path().join("agencies.xlsx");
    assert_eq!(workbook_cells(&agencies, None)[0][0], "agency");
    // Dates are dates, shown as YYYY-MM-DD.
    assert!(workbook_part(&agencies, "xl/styles.xml").contains(r#"formatCode="yyyy-mm-dd""#));
    // --out takes the other formats too.
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "agency",
                "list",
                "--format",
                "csv",
                "--out",
                "agencies.csv",
                "--as-of",
                AS_OF,
            ],
        ),
        "",
        "wrote agencies.csv\n",
        0,
    );
    assert!(read(repo.path(), "agencies.csv").starts_with("agency,name,jurisdiction,"));
}

// ips outcomes form and import ----------------------------------------------------------------

const RIVERBEND_Q3: &str = "outcomes/2026-Q3/riverbend.csv";

/// The example's riverbend file for 2026-Q3, as the format writes it.
const RIVERBEND_Q3_TEXT: &str =
    "team,served,employed,education,job_starts\nnorth,46,22,2,9\nsouth,38,17,2,7\nwest,23,11,2,4\n";

/// The example copy without riverbend's 2026-Q3 file, which the tests import again.
fn without_riverbend_q3() -> tempfile::TempDir {
    let repo = example_copy();
    assert_eq!(read(repo.path(), RIVERBEND_Q3), RIVERBEND_Q3_TEXT);
    std::fs::remove_file(repo.path().join(RIVERBEND_Q3)).unwrap();
    repo
}

#[test]
fn a_form_filled_in_is_imported_as_the_outcomes_file() {
    let repo = without_riverbend_q3();
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "form",
                "--agency",
                "riverbend",
                "--out",
                "form.xlsx",
                "--as-of",
                AS_OF,
            ],
        ),
        "wrote form.xlsx for riverbend to fill in for 2026-Q3, a row for each open team: north, south, west\n\
         Next: send it to the agency; when it comes back filled in, run ips outcomes import form.xlsx\n",
        "",
        0,
    );
    let form = repo.path().join("form.xlsx");
    let cells = workbook_cells(&form, None);
    assert_eq!(
        cells,
        [
            [
                "agency",
                "riverbend",
                "Riverbend Community Mental Health",
                "",
                "",
                ""
            ],
            ["quarter", "2026-Q3", "", "", "", ""],
            ["", "", "", "", "", ""],
            [
                "team",
                "served",
                "employed",
                "education",
                "job_starts",
                "location (not imported)"
            ],
            ["north", "", "", "", "", "Columbus"],
            ["south", "", "", "", "", "Grove City"],
            ["west", "", "", "", "", "Hilliard"],
        ]
    );
    // The sheet is named after the quarter; the counts are the only cells open to editing, and
    // the spreadsheet checks them itself.
    let sheet = workbook_part(&form, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"), "{sheet}");
    assert!(sheet.contains(r#"<dataValidation type="whole" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="A count" error="Write a whole number of 0 or more (0 for none)." sqref="B5:B7">"#), "{sheet}");
    assert!(
        sheet.contains(r#"sqref="C5:D7"><formula1>0</formula1><formula2>$B5</formula2>"#),
        "{sheet}"
    );
    // The count cells (style 2) are the unlocked ones.
    assert!(sheet.contains(r#"<c r="B5" s="2"/>"#), "{sheet}");
    let styles = workbook_part(&form, "xl/styles.xml");
    assert!(styles.contains(r#"<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyProtection="1"><protection locked="0"/></xf>"#), "{styles}");
    let workbook = workbook_part(&form, "xl/workbook.xml");
    assert!(
        workbook.contains(
            r#"<sheet name="2026-Q3" sheetId="1" r:id="rId1"/><sheet name="Instructions""#
        ),
        "{workbook}"
    );
    let instructions = workbook_cells(&form, Some("Instructions"));
    assert!(
        instructions.iter().any(|row| row[0] == "served"
            && row[1] == "People who received IPS services during the quarter (required)."),
        "{instructions:?}"
    );

    // The agency fills it in: whole numbers stored as decimals (46.0), rows kept in place.
    let mut filled: Vec<Vec<String>> = cells.clone();
    for (row, counts) in [
        (4, ["46", "22", "2", "9"]),
        (5, ["38", "17", "2", "7"]),
        (6, ["23", "11", "2", "4"]),
    ] {
        for (col, count) in counts.iter().enumerate() {
            filled[row][col + 1] = count.to_string();
        }
    }
    let rows: Vec<Vec<&str>> = filled
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&repo.path().join("filled.xlsx"), "2026-Q3", &rows);
    assert_run(
        run_in_repo(
            repo.path(),
            &["outcomes", "import", "filled.xlsx", "--as-of", AS_OF],
        ),
        "wrote outcomes/2026-Q3/riverbend.csv from filled.xlsx: north, south, west\n\
         Next: ips validate, then commit the file (git add outcomes && git commit).\n",
        "",
        0,
    );
    assert_eq!(read(repo.path(), RIVERBEND_Q3), RIVERBEND_Q3_TEXT);

    // A second import is refused, as `ips outcomes new` refuses: the file stays as it is.
    write(repo.path(), RIVERBEND_Q3, "mine");
    assert_run(
        run_in_repo(
            repo.path(),
            &["outcomes", "import", "filled.xlsx", "--as-of", AS_OF],
        ),
        "",
        "error: outcomes/2026-Q3/riverbend.csv already exists: nothing was written\n  \
         hint: pass --force to replace it with the workbook's counts (a restatement: `ips outcomes diff` shows it after the commit)\n",
        2,
    );
    assert_eq!(read(repo.path(), RIVERBEND_Q3), "mine");
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "import",
                "filled.xlsx",
                "--force",
                "--dry-run",
                "--as-of",
                AS_OF,
            ],
        ),
        "would write outcomes/2026-Q3/riverbend.csv from filled.xlsx: north, south, west\n",
        "",
        0,
    );
    assert_eq!(read(repo.path(), RIVERBEND_Q3), "mine");
    let run = run_in_repo(
        repo.path(),
        &[
            "outcomes",
            "import",
            "filled.xlsx",
            "--force",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(run.2, 0, "{run:?}");
    assert_eq!(read(repo.path(), RIVERBEND_Q3), RIVERBEND_Q3_TEXT);
    // The form refuses to write over a workbook too.
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "form",
                "--agency",
                "riverbend",
                "--out",
                "form.xlsx",
                "--as-of",
                AS_OF,
            ],
        ),
        "",
        "error: form.xlsx already exists: nothing was written\n  hint: move it away, or pass --force to write over it\n",
        2,
    );
}

#[test]
fn an_agency_s_own_sheet_with_a_title_and_a_total_row() {
    let repo = without_riverbend_q3();
    write_workbook(
        &repo.path().join("Riverbend Q3.xlsx"),
        "Q3 2026",
        &[
            &["Riverbend IPS figures, July to September 2026"],
            &[],
            &[
                "Team",
                "Served",
                "Employed",
                "Education",
                "Job starts",
                "Notes",
            ],
            &["west", "23", "11", "2", "4"],
            &["south", "38", "17", "2", "7", "new supervisor"],
            &["north", "46", "22", "2", "9"],
            &["Total", "107", "50", "6", "20"],
            &[],
            &["Sent by Dana Lee"],
        ],
    );
    // The sheet does not say whose figures these are: the flags must.
    assert_run(
        run_in_repo(
            repo.path(),
            &["outcomes", "import", "Riverbend Q3.xlsx", "--as-of", AS_OF],
        ),
        "",
        "error: Riverbend Q3.xlsx does not say which agency it is for\n  \
         hint: pass --agency (an ips outcomes form workbook says it in its first rows)\n",
        2,
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "import",
                "Riverbend Q3.xlsx",
                "--agency",
                "riverbend",
                "--as-of",
                AS_OF,
            ],
        ),
        "",
        "error: Riverbend Q3.xlsx does not say which quarter it is for\n  \
         hint: pass --quarter (an ips outcomes form workbook says it in its first rows)\n",
        2,
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "import",
                "Riverbend Q3.xlsx",
                "--agency",
                "riverbend",
                "--quarter",
                "2026-Q3",
                "--as-of",
                AS_OF,
            ],
        ),
        "wrote outcomes/2026-Q3/riverbend.csv from Riverbend Q3.xlsx: north, south, west\n\
         Next: ips validate, then commit the file (git add outcomes && git commit).\n",
        "",
        0,
    );
    // In the agency's order of teams, the Total row dropped.
    assert_eq!(read(repo.path(), RIVERBEND_Q3), RIVERBEND_Q3_TEXT);
}

#[test]
fn a_workbook_with_mistakes_names_each_cell_and_nothing_is_written() {
    let repo = without_riverbend_q3();
    write_workbook(
        &repo.path().join("wrong.xlsx"),
        "Q3 2026",
        &[
            &["agency", "riverbend"],
            &["quarter", "2026-Q3"],
            &[],
            &["team", "served", "employed", "education", "job_starts"],
            &["north", "46", "22", "2", "9"],
            &["south", "38", "45", "2", "7"],
            &["west", "23", "11.5", "2", "4"],
            &["east", "5", "1", "0", "0"],
            &["Total", "112", "79", "6", "21"],
        ],
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &["outcomes", "import", "wrong.xlsx", "--as-of", AS_OF],
        ),
        "",
        "error: the spreadsheets have errors: nothing was written\n  \
         hint: correct them in the spreadsheet (or ask the agency to), then import it again\n\
         wrong.xlsx: sheet \"Q3 2026\" C6: error[employed-exceeds-served]: employed (45) is greater than served (38)\n  \
         hint: employed counts people among those served in the quarter: check both numbers\n\
         wrong.xlsx: sheet \"Q3 2026\" C7: error[count]: `employed` is \"11.5\", not a whole number of 0 or more\n  \
         hint: write a whole number such as 12; write 0 for none\n\
         wrong.xlsx: sheet \"Q3 2026\" A8: error[team-not-open]: team `east` was not open in 2026-Q3: it closed on 2025-08-15\n  \
         hint: remove the row, or correct the team's dates in agencies/riverbend/agency.toml\n\
         wrong.xlsx: sheet \"Q3 2026\" E9: error[sheet-total]: the Total row has job_starts 21, but the team rows above it add up to 20\n  \
         hint: correct the team row that is wrong, or the Total; ips adds up the team rows itself and drops the Total row\n\
         4 errors, 0 warnings in 1 file\n",
        1,
    );
    assert!(!repo.path().join(RIVERBEND_Q3).exists());
}

/// An OpenDocument spreadsheet (LibreOffice) and an Excel 97 workbook, written by LibreOffice.
#[test]
fn ods_and_xls_files_are_imported() {
    for extension in ["ods", "xls"] {
        let repo = without_riverbend_q3();
        let name = format!("riverbend-2026-Q3.{extension}");
        std::fs::copy(fixture(&format!("sheets/{name}")), repo.path().join(&name)).unwrap();
        assert_run(
            run_in_repo(
                repo.path(),
                &["outcomes", "import", &name, "--as-of", AS_OF],
            ),
            &format!(
                "wrote outcomes/2026-Q3/riverbend.csv from {name}: north, south, west\n\
                 Next: ips validate, then commit the file (git add outcomes && git commit).\n"
            ),
            "",
            0,
        );
        assert_eq!(
            read(repo.path(), RIVERBEND_Q3),
            RIVERBEND_Q3_TEXT,
            "{extension}"
        );
    }
}

/// A CSV export with semicolons and decimal commas, as LibreOffice writes in the Netherlands, and
/// several files at once: all or nothing.
#[test]
fn csv_exports_and_several_files_all_or_nothing() {
    let repo = without_riverbend_q3();
    std::fs::remove_file(repo.path().join("outcomes/2026-Q3/lakeshore.csv")).unwrap_or_default();
    write(
        repo.path(),
        "riverbend.csv",
        "Riverbend, 2026-Q3\n\nTeam;Served;Employed;Education;Job starts\nnorth;46,0;22;2;9\nsouth;38;17;2;7\nwest;23;11;2;4\n",
    );
    write(
        repo.path(),
        "other.csv",
        "team,served,employed\nnorth,1,2\n",
    );
    let run = run_in_repo(
        repo.path(),
        &[
            "outcomes",
            "import",
            "riverbend.csv",
            "other.csv",
            "--agency",
            "riverbend",
            "--quarter",
            "2026-Q3",
            "--as-of",
            AS_OF,
        ],
    );
    assert_run(
        run,
        "",
        "error: two of the files are for outcomes/2026-Q3/riverbend.csv\n  hint: import one file for each agency and quarter\n",
        2,
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "import",
                "riverbend.csv",
                "--agency",
                "riverbend",
                "--quarter",
                "2026-Q3",
                "--as-of",
                AS_OF,
            ],
        ),
        "wrote outcomes/2026-Q3/riverbend.csv from riverbend.csv: north, south, west\n\
         Next: ips validate, then commit the file (git add outcomes && git commit).\n",
        "",
        0,
    );
    assert_eq!(read(repo.path(), RIVERBEND_Q3), RIVERBEND_Q3_TEXT);
}

/// A finding that points at another row points at it in the sheet, not in the file made of it.
#[test]
fn a_team_twice_is_named_by_its_rows_in_the_sheet() {
    let repo = without_riverbend_q3();
    write_workbook(
        &repo.path().join("twice.xlsx"),
        "Q3 2026",
        &[
            &["agency", "riverbend"],
            &["quarter", "2026-Q3"],
            &["team", "served", "employed"],
            &["south", "38", "17"],
            &["north", "46", "22"],
            &["west", "23", "11"],
            &["south", "1", "1"],
        ],
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &["outcomes", "import", "twice.xlsx", "--as-of", AS_OF],
        ),
        "",
        "error: the spreadsheets have errors: nothing was written\n  \
         hint: correct them in the spreadsheet (or ask the agency to), then import it again\n\
         twice.xlsx: sheet \"Q3 2026\" A7: error[duplicate-row]: team `south` already has a row in row 4\n  \
         hint: keep one row per team: merge the two rows\n\
         1 error, 0 warnings in 1 file\n",
        1,
    );
}

/// Several files are written all or none; a team without a row is a warning, as in validate.
#[test]
fn several_files_are_imported_all_or_none_and_warnings_do_not_stop_them() {
    let repo = without_riverbend_q3();
    std::fs::remove_file(repo.path().join("outcomes/2026-Q3/lakeshore.csv")).unwrap();
    let sheet = |agency: &str, rows: &[&str]| {
        let mut text = format!("agency,{agency}\nquarter,2026-Q3\nteam,served,employed\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    };
    write(
        repo.path(),
        "riverbend.csv",
        sheet("riverbend", &["north,46,22", "south,38,17"]),
    );
    write(
        repo.path(),
        "lakeshore.csv",
        sheet("lakeshore", &["lorain,35,36", "elyria,27,11"]),
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "import",
                "riverbend.csv",
                "lakeshore.csv",
                "--as-of",
                AS_OF,
            ],
        ),
        "",
        "error: the spreadsheets have errors: nothing was written\n  \
         hint: correct them in the spreadsheet (or ask the agency to), then import it again\n\
         lakeshore.csv:4: error[employed-exceeds-served]: employed (36) is greater than served (35)\n  \
         hint: employed counts people among those served in the quarter: check both numbers\n\
         1 error, 0 warnings in 2 files\n",
        1,
    );
    assert!(!repo.path().join(RIVERBEND_Q3).exists());
    write(
        repo.path(),
        "lakeshore.csv",
        sheet("lakeshore", &["lorain,35,13", "elyria,27,11"]),
    );
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "import",
                "riverbend.csv",
                "lakeshore.csv",
                "--as-of",
                AS_OF,
            ],
        ),
        "wrote outcomes/2026-Q3/riverbend.csv from riverbend.csv: north, south\n\
         wrote outcomes/2026-Q3/lakeshore.csv from lakeshore.csv: lorain, elyria\n\
         Next: ips validate, then commit the file (git add outcomes && git commit).\n",
        "riverbend.csv: warning[team-not-reported]: team `west` was open in 2026-Q3 but has no row\n  \
         hint: add a row for `west` (with 0 counts if it served nobody); if the team has closed, set its `closed` date in agencies/riverbend/agency.toml\n",
        0,
    );
    assert_eq!(
        read(repo.path(), "outcomes/2026-Q3/lakeshore.csv"),
        "team,served,employed,education,job_starts\nlorain,35,13,,\nelyria,27,11,,\n"
    );
}

/// A path that names no file is not the agency's mistake: the refusal says the file could not be
/// read, not that the spreadsheet has errors to correct.
#[test]
fn a_file_that_cannot_be_read_is_said_to_be_unread() {
    let repo = without_riverbend_q3();
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "outcomes",
                "import",
                "missing.xlsx",
                "--as-of",
                "2026-11-24",
            ],
        ),
        "",
        "error: the files could not be read: nothing was written\nmissing.xlsx: error[unreadable]: cannot read the file: No such file or directory (os error 2)\n  hint: check that the file exists (not a broken link) and that you may read it\n1 error, 0 warnings in 1 file\n",
        1,
    );
}
