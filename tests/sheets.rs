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
