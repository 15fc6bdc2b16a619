//! Helpers shared by the integration tests: run the real `ips` binary with a clean environment
//! (`ips`, `run_ips`, `run_in_repo`, `output`), check a run exactly (`assert_run`), and make
//! throwaway repositories. Each test file uses only some of them.
#![allow(dead_code)]

use proptest::prelude::{Just, Strategy};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// What a run of `ips` printed and how it exited.
pub type Run = (String, String, i32);

/// An `ips` command run in `dir`, with `IPS_REPO` and `IPS_AS_OF` cleared so the caller's
/// environment cannot choose the repository or the day, nor COLUMNS and the colour variables
/// (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`) how the output looks. Every run of the binary starts
/// here. Add `.env(...)` or `.write_stdin(...)` before running it.
pub fn ips(dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("ips").expect("the ips binary is built");
    command
        .current_dir(dir)
        .env_remove("IPS_REPO")
        .env_remove("IPS_AS_OF");
    for variable in ["COLUMNS", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        command.env_remove(variable);
    }
    command
}

/// Runs `ips args...` in `dir`; returns (stdout, stderr, exit code).
pub fn run_ips(dir: &Path, args: &[&str]) -> Run {
    output(ips(dir).args(args))
}

/// Runs a prepared command; returns (stdout, stderr, exit code).
pub fn output(command: &mut assert_cmd::Command) -> Run {
    run_of(command.output().expect("ips runs"))
}

/// `ips --repo REPO args...` run in REPO, so that relative paths in `args` are from its root;
/// returns (stdout, stderr, exit code).
pub fn run_in_repo(repo: &Path, args: &[&str]) -> Run {
    output(ips_with_repo(repo, repo).args(args))
}

/// (stdout, stderr, exit code) of a finished process. Output that is not UTF-8, or a process
/// killed by a signal (no exit code), fails the test: neither is a result a test means to check.
#[track_caller]
pub fn run_of(output: std::process::Output) -> Run {
    (
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        output
            .status
            .code()
            .expect("an exit code, not killed by a signal"),
    )
}

/// Asserts a run printed exactly `stdout` and `stderr` and exited with `code`; on failure names
/// each part that differs, with its lines marked `-` (expected) and `+` (printed).
#[track_caller]
pub fn assert_run(run: Run, stdout: &str, stderr: &str, code: i32) {
    let (actual_stdout, actual_stderr, actual_code) = &run;
    let mut differences = String::new();
    if actual_stdout != stdout {
        differences += &format!("stdout differs:\n{}", line_diff(stdout, actual_stdout));
    }
    if actual_stderr != stderr {
        differences += &format!("stderr differs:\n{}", line_diff(stderr, actual_stderr));
    }
    if *actual_code != code {
        differences += &format!("exit code differs: expected {code}, got {actual_code}\n");
    }
    assert!(
        differences.is_empty(),
        "the run is not the one expected\n{differences}"
    );
}

/// The lines of `expected` and `actual`, each marked ` ` (in both), `-` (only expected) or `+`
/// (only actual), by their longest common subsequence; lines shown with `{:?}` so that trailing
/// spaces, escapes and a missing final newline can be seen.
fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut diff) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            diff += &format!("   {:?}\n", a[i]);
            (i, j) = (i + 1, j + 1);
        } else if j == b.len() || (i < a.len() && common[i + 1][j] >= common[i][j + 1]) {
            diff += &format!(" - {:?}\n", a[i]);
            i += 1;
        } else {
            diff += &format!(" + {:?}\n", b[j]);
            j += 1;
        }
    }
    diff
}

/// The crate's folder, where examples/ and tests/fixtures/ are.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// tests/fixtures/<relative>.
pub fn fixture(relative: &str) -> PathBuf {
    crate_dir().join("tests").join("fixtures").join(relative)
}

/// A fresh copy of examples/learning-community; the TempDir's path is the repository root.
pub fn example_copy() -> TempDir {
    copy_to_temp(&crate_dir().join("examples").join("learning-community"))
}

/// A fresh copy of any folder (e.g. a fixture repository) in a TempDir.
pub fn copy_to_temp(from: &Path) -> TempDir {
    let dir = TempDir::new().expect("a temporary folder");
    copy_dir(from, dir.path());
    dir
}

/// Copies the folder `from` into `to` (created if missing), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("list folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Writes `content` to `root/relative`, creating folders, replacing any file there.
pub fn write(root: &Path, relative: &str, content: impl AsRef<[u8]>) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, content).expect("write file");
}

/// Reads `root/relative` as text.
pub fn read(root: &Path, relative: &str) -> String {
    std::fs::read_to_string(root.join(relative)).expect("read file")
}

/// An `ips --repo REPO` command run in `dir` (see `ips`). Give the repository itself as `dir`
/// where relative paths in the arguments are meant from its root; give a folder with no
/// repository, such as `crate_dir()`, so that a run that ignored `--repo` could not find one.
pub fn ips_with_repo(dir: &Path, repo: &Path) -> assert_cmd::Command {
    let mut command = ips(dir);
    command.arg("--repo").arg(repo);
    command
}

/// examples/learning-community itself, for runs that only read it (`example_copy` for the rest).
pub fn example_dir() -> PathBuf {
    crate_dir().join("examples").join("learning-community")
}

/// Replaces `from` with `to` in the file `root/relative`, failing unless `from` occurs there
/// exactly once: an edit that misses its text must not leave a test running on unedited data.
pub fn edit(root: &Path, relative: &str, from: &str, to: &str) {
    let text = read(root, relative);
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {relative}");
    write(root, relative, text.replacen(from, to, 1));
}

// ---------------------------------------------------------------------------------------------
// Git repositories: real ones in temporary folders, independent of the machine's configuration.

/// The variables that make git, and ips's runs of git, ignore the machine's and the user's
/// configuration and commit as a fixed person.
pub const GIT_ENV: [(&str, &str); 6] = [
    ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_AUTHOR_NAME", "Test Liaison"),
    ("GIT_AUTHOR_EMAIL", "liaison@example.invalid"),
    ("GIT_COMMITTER_NAME", "Test Liaison"),
    ("GIT_COMMITTER_EMAIL", "liaison@example.invalid"),
];

/// Variables of a surrounding git (a test run from a hook) that must not leak into a test's.
pub const GIT_ENV_REMOVED: [&str; 4] = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"];

/// Runs `git args...` in `dir`; returns (stdout, stderr, exit code).
pub fn git_run(dir: &Path, args: &[&str]) -> Run {
    let mut command = std::process::Command::new("git");
    command.current_dir(dir).args(args);
    command.envs(GIT_ENV);
    for name in GIT_ENV_REMOVED {
        command.env_remove(name);
    }
    run_of(command.output().expect("git runs"))
}

/// Runs `git args...` in `dir`, which must succeed; returns its stdout.
#[track_caller]
pub fn git(dir: &Path, args: &[&str]) -> String {
    let (stdout, stderr, code) = git_run(dir, args);
    assert_eq!(code, 0, "git {args:?} failed: {stderr}");
    stdout
}

/// `git init` in `dir` on branch main.
pub fn git_init(dir: &Path) {
    git(dir, &["-c", "init.defaultBranch=main", "init", "-q"]);
}

/// Stages everything in `dir` and commits it; returns the commit's hash.
pub fn commit_all(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--no-verify", "-m", message]);
    git(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

/// A copy of the example repository as a git repository with one commit on main.
pub fn example_git() -> TempDir {
    let dir = example_copy();
    git_init(dir.path());
    commit_all(dir.path(), "The example learning community");
    dir
}

/// Runs `ips args...` in `dir` with git's configuration of `git_env`.
pub fn ips_git(dir: &Path, args: &[&str]) -> Run {
    output(ips_git_command(dir).args(args))
}

/// An `ips` command run in `dir` with git's configuration of `GIT_ENV`.
pub fn ips_git_command(dir: &Path) -> assert_cmd::Command {
    let mut command = ips(dir);
    command.envs(GIT_ENV);
    for name in GIT_ENV_REMOVED {
        command.env_remove(name);
    }
    command
}

/// Every JSON document's `meta`, field by field: a field added, renamed or dropped fails the
/// test that reads it.
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub ips_version: String,
    pub data_format: u32,
    pub as_of: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub benchmarks: Benchmarks,
    /// `ips attention` only (but with --all).
    #[serde(default)]
    pub listed_since: Option<String>,
    #[serde(default)]
    pub older_not_listed: Option<u64>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benchmarks {
    pub minimal: f64,
    pub average: f64,
    pub excellent: f64,
}

/// The meta of a document judged as of `as_of`, covering the quarters `from` to `to`, with the
/// example's (and the default) benchmarks.
pub fn meta(as_of: &str, from: Option<&str>, to: Option<&str>) -> Meta {
    Meta {
        ips_version: env!("CARGO_PKG_VERSION").to_string(),
        data_format: 1,
        as_of: as_of.to_string(),
        from: from.map(str::to_string),
        to: to.map(str::to_string),
        benchmarks: Benchmarks {
            minimal: 0.31,
            average: 0.41,
            excellent: 0.50,
        },
        listed_since: None,
        older_not_listed: None,
    }
}

/// The cells of a workbook's sheet (the first one unless `sheet` is named), read with calamine
/// as CSV would carry them: whole numbers without a decimal point, other numbers as Rust prints
/// an f64 (the raw value of CSV), dates as YYYY-MM-DD, booleans as `true`/`false`, empty cells
/// empty. Rows are as long as the sheet's used range.
pub fn workbook_cells(path: &Path, sheet: Option<&str>) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut workbook = calamine::open_workbook_auto(path).expect("a workbook calamine reads");
    let name = match sheet {
        Some(name) => name.to_string(),
        None => workbook.sheet_names()[0].clone(),
    };
    let range = workbook.worksheet_range(&name).expect("the sheet");
    let origin = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(text) => text.clone(),
                    Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
                        format!("{}", *x as i64)
                    }
                    Data::Float(x) => x.to_string(),
                    Data::Int(n) => n.to_string(),
                    Data::Bool(value) => value.to_string(),
                    Data::DateTime(date) => {
                        (origin + chrono::Duration::days(date.as_f64() as i64)).to_string()
                    }
                    other => panic!("an unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// The text of one part of an .xlsx file (a zip of XML parts), e.g. `xl/styles.xml`.
pub fn workbook_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("the workbook");
    let mut archive = zip::ZipArchive::new(file).expect("an .xlsx is a zip file");
    let mut text = String::new();
    archive
        .by_name(part)
        .expect("the part")
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

/// Writes a workbook of one sheet named `sheet` at `path`, with rust_xlsxwriter, as a person
/// fills one in: cells that read as numbers are numbers (`46` is stored as 46.0), others text,
/// empty strings empty cells.
pub fn write_workbook(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).expect("a sheet name");
    for (row, cells) in rows.iter().enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            let (row, col) = (row as u32, col as u16);
            match cell.parse::<f64>() {
                _ if cell.is_empty() => continue,
                Ok(number) => worksheet.write_number(row, col, number),
                Err(_) => worksheet.write_string(row, col, *cell),
            }
            .expect("a cell");
        }
    }
    workbook.save(path).expect("the workbook is written");
}

/// An agency's teams, each with (served, employed, education, job_starts) in 2026-Q2 and -Q3.
pub type AgencyCounts = Vec<[(u64, u64, u64, u64); 2]>;

/// A team's counts in a quarter: employed and education at most served.
pub fn random_counts() -> impl Strategy<Value = (u64, u64, u64, u64)> {
    (0u64..40).prop_flat_map(|served| (Just(served), 0..=served, 0..=served, 0u64..15))
}

/// One to five agencies, each in one of three jurisdictions, with one to three teams.
pub fn random_agencies() -> impl Strategy<Value = Vec<(usize, AgencyCounts)>> {
    proptest::collection::vec(
        (
            0usize..3,
            proptest::collection::vec(proptest::array::uniform2(random_counts()), 1..4),
        ),
        1..6,
    )
}

/// Writes a repository of `agencies` (a0, a1...; jurisdictions oh, nz, nl; teams t0, t1...)
/// with outcomes for 2026-Q2 and 2026-Q3, for property tests of public outputs.
pub fn write_random_repository(root: &Path, agencies: &[(usize, AgencyCounts)]) {
    let jurisdictions = ["oh", "nz", "nl"];
    let mut settings = String::from("format = 1\nname = \"Random\"\n");
    for id in jurisdictions {
        settings.push_str(&format!(
            "\n[[jurisdictions]]\nid = \"{id}\"\nname = \"{id}\"\nkind = \"state\"\n"
        ));
    }
    write(root, "ips.toml", settings);
    for (index, (jurisdiction, teams)) in agencies.iter().enumerate() {
        let id = format!("a{index}");
        let mut toml = format!(
            "id = \"{id}\"\nname = \"{id}\"\njurisdiction = \"{}\"\nstart = 2025-01-06\n",
            jurisdictions[*jurisdiction]
        );
        for team in 0..teams.len() {
            toml.push_str(&format!(
                "\n[[teams]]\nid = \"t{team}\"\nsupervisor = \"s\"\nlocation = \"l\"\n"
            ));
        }
        write(root, &format!("agencies/{id}/agency.toml"), toml);
        for (q, quarter) in ["2026-Q2", "2026-Q3"].iter().enumerate() {
            let mut csv = String::from("team,served,employed,education,job_starts\n");
            for (team, quarters) in teams.iter().enumerate() {
                let (s, e, d, j) = quarters[q];
                csv.push_str(&format!("t{team},{s},{e},{d},{j}\n"));
            }
            write(root, &format!("outcomes/{quarter}/{id}.csv"), csv);
        }
    }
}
