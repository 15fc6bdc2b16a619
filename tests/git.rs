//! ips and git: `validate --staged` checks what the next commit will contain, `validate
//! --changed REV` what a branch changed, `hook install` makes git run the check. Every test
//! makes a real git repository in a temporary folder, with git's configuration of `GIT_ENV`.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const AS_OF: &str = "--as-of=2026-11-24";
const GGZ_Q3: &str = "outcomes/2026-Q3/ggz-noorderzon.csv";
/// A quarter long ended, for runs judged as of today (a hook passes no --as-of).
const GGZ_2025_Q3: &str = "outcomes/2025-Q3/ggz-noorderzon.csv";
const EMPLOYED_HINT: &str =
    "  hint: employed counts people among those served in the quarter: check both numbers\n";

/// `ips validate --as-of 2026-11-24 args...` in `dir`.
fn validate(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["validate", AS_OF];
    all.extend_from_slice(args);
    ips_git(dir, &all)
}

const EMPLOYED_50: &str = concat!(
    "outcomes/2026-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]: employed (50) is greater than served (35)\n",
    "  hint: employed counts people among those served in the quarter: check both numbers\n",
    "1 error, 0 warnings in 1 file\n",
);

// ---------------------------------------------------------------------------------------------
// --staged: what the next commit will contain

#[test]
fn staged_checks_the_staged_version_not_the_fixed_working_tree() {
    let dir = example_git();
    let root = dir.path();
    edit(root, GGZ_Q3, "centrum,35,13", "centrum,35,50");
    git(root, &["add", GGZ_Q3]);
    // Fixed on disk, but not staged: the commit would still hold 50, and a note says why the
    // hook still refuses it.
    edit(root, GGZ_Q3, "centrum,35,50", "centrum,35,13");
    assert_run(
        validate(root, &["--staged"]),
        EMPLOYED_50,
        &format!(
            "note: {GGZ_Q3} has changes that are not staged: the findings are of its staged version (`git add {GGZ_Q3}` to commit the fix)\n"
        ),
        1,
    );
    // The working tree itself is clean.
    assert_run(
        validate(root, &[GGZ_Q3]),
        "ok: 1 file checked, no problems found\n",
        "",
        0,
    );
}

/// A file name is data: the note on a file with changes that are not staged shows its ESC, BEL
/// and newline escaped (no colour, no bell, no forged `::notice` line in a CI log, whatever
/// the format), and quotes its path in the `git add` to run.
#[test]
fn the_unstaged_note_escapes_the_file_name_and_quotes_its_path() {
    let dir = example_git();
    let root = dir.path();
    let name = "outcomes/2026-Q3/ggz\u{1b}[31m\u{7}\n::notice::x.csv";
    write(root, name, "team,served\n");
    git(root, &["add", name]);
    write(root, name, "team,served,employed\n");
    let shown = r"outcomes/2026-Q3/ggz\u{1b}[31m\u{7}\n::notice::x.csv";
    let note = format!(
        "note: {shown} has changes that are not staged: the findings are of its staged version (`git add '{shown}'` to commit the fix)\n"
    );
    let agency = r"ggz\u{1b}[31m\u{7}\n::notice::x";
    assert_run(
        validate(root, &["--staged"]),
        &format!(
            "{shown}: error[unknown-agency]: no agency `{agency}`: there is no agencies/{agency}/agency.toml
  hint: name the file after an agency's id, or add the agency as agencies/{agency}/agency.toml
{shown}:1:1: error[missing-column]: the header has no `employed` column
  hint: write the header line as: team,served,employed,education,job_starts
2 errors, 0 warnings in 1 file
"
        ),
        &note,
        1,
    );
    let github = validate(root, &["--staged", "--format", "github"]);
    assert_eq!(github.1, note);
    assert!(!github.1.lines().any(|line| line.starts_with("::")));
    assert_eq!(github.2, 1);
}

#[test]
fn staged_ignores_a_bad_unstaged_edit_and_untracked_files() {
    let dir = example_git();
    let root = dir.path();
    edit(root, GGZ_Q3, "centrum,35,13", "centrum,36,13");
    git(root, &["add", GGZ_Q3]);
    edit(root, GGZ_Q3, "centrum,36,13", "centrum,36,50");
    write(root, "outcomes/2026-Q3/nobody.csv", "team,served\n");
    assert_run(
        validate(root, &["--staged"]),
        "ok: 1 file checked, no problems found\n",
        "",
        0,
    );
}

/// A staged file past the size limit is refused unread, as on disk: git's copy of it is
/// skipped, and the files after it are still read.
#[test]
fn a_staged_file_too_large_is_refused_unread() {
    let dir = example_git();
    let mut toml = String::from("name = \"Lakeshore\"\n");
    while toml.len() <= 1024 * 1024 {
        toml.push_str("# a comment line to make the file larger than a TOML file may be\n");
    }
    write(dir.path(), "agencies/lakeshore/agency.toml", &toml);
    edit(
        dir.path(),
        "outcomes/2026-Q3/riverbend.csv",
        "north,46,22",
        "north,46,99",
    );
    git(dir.path(), &["add", "-A"]);
    let (stdout, stderr, code) = validate(dir.path(), &["--staged"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains(
            "agencies/lakeshore/agency.toml: error[file-too-large]: the file was not read: it is 1.1 MiB, more than the 1 MiB a TOML file may be\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("outcomes/2026-Q3/riverbend.csv:2:10: error[employed-exceeds-served]"),
        "{stdout}"
    );
}

#[test]
fn nothing_staged_is_nothing_to_check() {
    let dir = example_git();
    let root = dir.path();
    write(root, "notes.txt", "not data\n");
    assert_run(
        validate(root, &["--staged"]),
        "ok: 0 files checked, no problems found\n",
        "note: no file of the data repository is staged: nothing to check\n",
        0,
    );
    // With the untracked notes.txt gone, nothing has changed since HEAD either.
    std::fs::remove_file(root.join("notes.txt")).unwrap();
    assert_run(
        validate(root, &["--changed", "HEAD"]),
        "ok: 0 files checked, no problems found\n",
        "note: no file of the data repository has changed since HEAD: nothing to check\n",
        0,
    );
    assert_run(
        validate(root, &["--changed", "HEAD", "--staged"]),
        "ok: 0 files checked, no problems found\n",
        "note: no staged file of the data repository has changed since HEAD: nothing to check\n",
        0,
    );
}

const QUARTER_FOLDER_GGZ: &str = concat!(
    "outcomes/2026-Q3/ggz-noorderzon.csv: error[quarter-folder]: a quarter folder holds only <agency>.csv files\n",
    "  hint: move it out of outcomes/\n",
);

/// A submodule staged in place of an outcome file is checked as what it has become (a folder
/// in a checkout), not passed as "0 files checked"; and a clone of the commit, checked with
/// --changed as CI does, fails the same way.
#[test]
fn a_submodule_in_place_of_an_outcome_file_fails_staged_and_changed() {
    let dir = example_git();
    let root = dir.path();
    let head = git(root, &["rev-parse", "HEAD"]);
    git(root, &["rm", "-q", "--cached", GGZ_Q3]);
    let gitlink = format!("160000,{},{GGZ_Q3}", head.trim());
    git(root, &["update-index", "--add", "--cacheinfo", &gitlink]);
    // The working tree still holds the file.
    assert_run(
        validate(root, &["--staged"]),
        &format!("{QUARTER_FOLDER_GGZ}1 error, 0 warnings in 6 files\n"),
        &format!(
            "note: {GGZ_Q3} has changes that are not staged: the findings are of its staged version (`git add {GGZ_Q3}` to commit the fix)\n"
        ),
        1,
    );
    git(root, &["commit", "-q", "--no-verify", "-m", "A submodule"]);
    let clone = TempDir::new().unwrap();
    let from = root.to_str().unwrap();
    git(clone.path(), &["clone", "-q", from, "."]);
    assert_run(
        validate(clone.path(), &["--changed", "HEAD~1"]),
        &format!("{QUARTER_FOLDER_GGZ}1 error, 0 warnings in 6 files\n"),
        "",
        1,
    );
}

/// A link committed in place of an outcome file, or left untracked beside them, is checked
/// with --changed as a full run checks it.
#[cfg(unix)]
#[test]
fn a_link_in_place_of_an_outcome_file_fails_changed() {
    let dir = example_git();
    let root = dir.path();
    std::fs::remove_file(root.join(GGZ_Q3)).unwrap();
    std::os::unix::fs::symlink(".", root.join(GGZ_Q3)).unwrap();
    commit_all(root, "A link");
    let failed = format!("{QUARTER_FOLDER_GGZ}1 error, 0 warnings in 6 files\n");
    assert_run(validate(root, &["--changed", "HEAD~1"]), &failed, "", 1);
    let (stdout, _, code) = validate(root, &[]);
    assert!(stdout.starts_with(QUARTER_FOLDER_GGZ), "{stdout}");
    assert_eq!(code, 1);
    // Untracked, not yet committed.
    git(root, &["reset", "-q", "--hard", "HEAD~1"]);
    std::os::unix::fs::symlink(".", root.join("outcomes/2026-Q3/riverbend-copy.csv")).unwrap();
    let (stdout, stderr, code) = validate(root, &["--changed", "HEAD"]);
    assert!(
        stdout.starts_with("outcomes/2026-Q3/riverbend-copy.csv: error[quarter-folder]"),
        "{stdout}"
    );
    assert_eq!((stderr.as_str(), code), ("", 1));
}

/// The data in a folder whose name is not UTF-8 (`data-\xe9`, as an old system names it): git
/// prints such a path quoted unless asked for bytes; a staged error is found, never "nothing
/// to check".
#[cfg(target_os = "linux")]
#[test]
fn a_data_folder_whose_name_is_not_utf8_is_checked() {
    use std::os::unix::ffi::OsStrExt;
    let top = TempDir::new().unwrap();
    let data = top.path().join(std::ffi::OsStr::from_bytes(b"data-\xe9"));
    copy_dir(&example_dir(), &data);
    git_init(top.path());
    commit_all(top.path(), "Data in data-\\xe9");
    edit(&data, GGZ_Q3, "centrum,35,13", "centrum,35,50");
    git(top.path(), &["add", "-A"]);
    let found = concat!(
        "outcomes/2026-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]: employed (50) is greater than served (35)\n",
        "  hint: employed counts people among those served in the quarter: check both numbers\n",
        "1 error, 0 warnings in 1 file\n",
    );
    assert_run(validate(&data, &["--staged"]), found, "", 1);
    assert_run(validate(&data, &["--changed", "HEAD"]), found, "", 1);
    // From the top, with --repo, as a hook runs it.
    let (stdout, stderr, code) = output(
        ips_git_command(top.path())
            .arg("--repo")
            .arg(&data)
            .args(["validate", AS_OF, "--staged"]),
    );
    assert_eq!((stdout.as_str(), stderr.as_str(), code), (found, "", 1));
}

const DROPPED_TEAM: &str = concat!(
    "outcomes/2026-Q1/ggz-noorderzon.csv:3:1: error[unknown-team]: agency `ggz-noorderzon` has no team `oost`\n",
    "  hint: its teams are: centrum; add new teams under [[teams]] in agencies/ggz-noorderzon/agency.toml\n",
    "outcomes/2026-Q2/ggz-noorderzon.csv:3:1: error[unknown-team]: agency `ggz-noorderzon` has no team `oost`\n",
    "  hint: its teams are: centrum; add new teams under [[teams]] in agencies/ggz-noorderzon/agency.toml\n",
    "outcomes/2026-Q3/ggz-noorderzon.csv:3:1: error[unknown-team]: agency `ggz-noorderzon` has no team `oost`\n",
    "  hint: its teams are: centrum; add new teams under [[teams]] in agencies/ggz-noorderzon/agency.toml\n",
    // agency.toml and the agency's five outcome files.
    "3 errors, 0 warnings in 6 files\n",
);

/// Removes the team `oost` from agencies/ggz-noorderzon/agency.toml.
fn drop_team(root: &Path) {
    edit(
        root,
        "agencies/ggz-noorderzon/agency.toml",
        "[[teams]]\nid = \"oost\"\nsupervisor = \"Bram de Jong\"\nlocation = \"Hoogezand\"\nopened = 2026-01-12\n\n",
        "",
    );
}

#[test]
fn a_staged_agency_file_that_drops_a_team_fails_through_its_committed_outcome_files() {
    let dir = example_git();
    let root = dir.path();
    drop_team(root);
    git(root, &["add", "-A"]);
    assert_run(validate(root, &["--staged"]), DROPPED_TEAM, "", 1);
}

#[test]
fn a_deleted_agency_folder_leaves_its_outcome_files_without_an_agency() {
    let dir = example_git();
    let root = dir.path();
    git(root, &["rm", "-r", "-q", "agencies/ggz-noorderzon"]);
    let mut expected = String::new();
    for quarter in ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"] {
        expected.push_str(&format!(
            "outcomes/{quarter}/ggz-noorderzon.csv: error[unknown-agency]: no agency `ggz-noorderzon`: there is no agencies/ggz-noorderzon/agency.toml\n\
             \x20 hint: name the file after an agency's id, or add the agency as agencies/ggz-noorderzon/agency.toml\n"
        ));
    }
    expected.push_str("5 errors, 0 warnings in 5 files\n");
    assert_run(validate(root, &["--staged"]), &expected, "", 1);
    // Deleting the agency's outcome files too leaves nothing wrong.
    git(root, &["rm", "-q", "outcomes/*/ggz-noorderzon.csv"]);
    assert_run(
        validate(root, &["--staged"]),
        "ok: 0 files checked, no problems found\n",
        "",
        0,
    );
}

#[test]
fn a_deleted_agency_file_is_missing_for_the_folder_that_keeps_the_rest() {
    let dir = example_git();
    let root = dir.path();
    git(
        root,
        &[
            "rm",
            "-q",
            "--cached",
            "agencies/ggz-noorderzon/agency.toml",
        ],
    );
    // Still on disk, but not in the commit.
    assert!(root.join("agencies/ggz-noorderzon/agency.toml").is_file());
    assert_run(
        validate(root, &["--staged"]),
        "agencies/ggz-noorderzon/agency.toml: error[missing-file]: the agency folder agencies/ggz-noorderzon/ has no agency.toml\n\
         \x20 hint: create it with `ips agency new ggz-noorderzon --jurisdiction ID` (or write id = \"ggz-noorderzon\", `name`, `jurisdiction`, `start` and [[teams]]), or remove the folder\n\
         1 error, 0 warnings in 5 files\n",
        "",
        1,
    );
}

#[test]
fn a_renamed_agency_folder_is_checked_under_both_names() {
    let dir = example_git();
    let root = dir.path();
    git(
        root,
        &["mv", "agencies/ggz-noorderzon", "agencies/noorderzon"],
    );
    let (stdout, stderr, code) = validate(root, &["--staged"]);
    assert_eq!((stderr.as_str(), code), ("", 1));
    assert!(stdout.starts_with(
        "agencies/noorderzon/agency.toml:1:6: error[id-mismatch]: the agency id `ggz-noorderzon` differs from its folder name `noorderzon`\n\
         \x20 hint: rename the folder to agencies/ggz-noorderzon/, or write id = \"noorderzon\"\n\
         outcomes/2025-Q3/ggz-noorderzon.csv: error[unknown-agency]: no agency `ggz-noorderzon`"
    ), "{stdout}");
    // The new folder's three files and the old name's five outcome files.
    assert!(
        stdout.ends_with("6 errors, 0 warnings in 8 files\n"),
        "{stdout}"
    );
}

#[test]
fn a_deleted_baseline_review_makes_the_next_review_the_first() {
    let dir = example_git();
    let root = dir.path();
    git(
        root,
        &["rm", "-q", "agencies/lakeshore/fidelity/2024-03-19.toml"],
    );
    let before = "  hint: agencies report outcomes from the quarter of their baseline review on: check the quarter folder\n";
    let expected = format!(
        "agencies/lakeshore/fidelity/2024-09-24.toml: warning[review-kind]: the agency's first review, on 2024-09-24, is marked `follow-up`\n\
         \x20 hint: write kind = \"baseline\"\n\
         outcomes/2024-Q1/lakeshore.csv: warning[outcomes-before-baseline]: 2024-Q1 ended before the agency's baseline fidelity review on 2024-09-24\n{before}\
         outcomes/2024-Q2/lakeshore.csv: warning[outcomes-before-baseline]: 2024-Q2 ended before the agency's baseline fidelity review on 2024-09-24\n{before}\
         0 errors, 3 warnings in 11 files\n"
    );
    assert_run(validate(root, &["--staged"]), &expected, "", 0);
    // --strict fails the run, and says that only --strict did.
    assert_run(
        validate(root, &["--staged", "--strict"]),
        &expected,
        "error: failed only because of --strict: 3 warnings and no errors (without --strict, warnings do not fail a run)\n",
        1,
    );
}

#[test]
fn a_deleted_outcome_file_leaves_nothing_to_report() {
    let dir = example_git();
    let root = dir.path();
    git(root, &["rm", "-q", GGZ_Q3]);
    assert_run(
        validate(root, &["--staged"]),
        "ok: 0 files checked, no problems found\n",
        "",
        0,
    );
}

#[test]
fn a_staged_file_with_spaces_in_its_name() {
    let dir = example_git();
    let root = dir.path();
    let path = "outcomes/2026-Q3/ggz noorderzon.csv";
    write(root, path, read(root, GGZ_Q3));
    git(root, &["add", "-A"]);
    let expected = "outcomes/2026-Q3/ggz noorderzon.csv: error[unknown-agency]: no agency `ggz noorderzon`: there is no agencies/ggz noorderzon/agency.toml\n\
         \x20 hint: rename the file to ggz-noorderzon.csv if that agency is meant, or add the agency as agencies/ggz noorderzon/agency.toml\n\
         1 error, 0 warnings in 1 file\n";
    assert_run(validate(root, &["--staged"]), expected, "", 1);
    // As when the file is named.
    assert_run(validate(root, &[path]), expected, "", 1);
}

#[test]
fn a_file_with_an_unresolved_merge_conflict_cannot_be_checked() {
    let dir = example_git();
    let root = dir.path();
    git(root, &["checkout", "-q", "-b", "theirs"]);
    edit(root, GGZ_Q3, "centrum,35,13", "centrum,35,14");
    commit_all(root, "Theirs");
    git(root, &["checkout", "-q", "main"]);
    edit(root, GGZ_Q3, "centrum,35,13", "centrum,35,12");
    commit_all(root, "Ours");
    let (_, _, code) = git_run(root, &["merge", "-q", "theirs"]);
    assert_eq!(code, 1, "the merge conflicts");
    assert_run(
        validate(root, &["--staged"]),
        "outcomes/2026-Q3/ggz-noorderzon.csv: error[unreadable]: cannot read the file: an unresolved merge conflict in the index: resolve it, then `git add` the file\n\
         \x20 hint: check that the file exists (not a broken link) and that you may read it\n\
         1 error, 0 warnings in 1 file\n",
        "",
        1,
    );
}

#[test]
fn before_the_first_commit_everything_staged_is_checked() {
    let dir = example_copy();
    let root = dir.path();
    git_init(root);
    edit(root, GGZ_Q3, "centrum,35,13", "centrum,35,50");
    git(root, &["add", "-A"]);
    // Every file is staged: the whole repository is checked, as `ips validate` would.
    let (stdout, stderr, code) = validate(root, &["--staged"]);
    assert_eq!((stderr.as_str(), code), ("", 1));
    assert_eq!(
        stdout,
        EMPLOYED_50.replace("in 1 file", "in 119 files"),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------------------------
// --changed REV: a branch judged by its own changes

#[test]
fn a_problem_already_committed_does_not_fail_changed_of_an_unrelated_change() {
    let dir = example_git();
    let root = dir.path();
    // main holds a bad count.
    edit(
        root,
        "outcomes/2026-Q2/riverbend.csv",
        "north,45,21",
        "north,45,60",
    );
    commit_all(root, "A bad count on main");
    git(root, &["checkout", "-q", "-b", "update"]);
    edit(root, GGZ_Q3, "centrum,35,13", "centrum,36,13");
    commit_all(root, "Restate centrum's served");
    // main moves on, with another problem, after the branch left it.
    git(root, &["checkout", "-q", "main"]);
    edit(
        root,
        "outcomes/2026-Q2/lakeshore.csv",
        "team,served",
        "team;served",
    );
    commit_all(root, "Another problem on main");
    git(root, &["checkout", "-q", "update"]);
    assert_run(
        validate(root, &["--changed", "main"]),
        "ok: 1 file checked, no problems found\n",
        "",
        0,
    );
    // The whole repository has main's first problem.
    let (stdout, _, code) = validate(root, &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("outcomes/2026-Q2/riverbend.csv:2:10: error[employed-exceeds-served]"),
        "{stdout}"
    );
}

#[test]
fn a_dropped_team_fails_changed_through_the_outcome_files_that_use_it() {
    let dir = example_git();
    let root = dir.path();
    git(root, &["checkout", "-q", "-b", "close-oost"]);
    drop_team(root);
    commit_all(root, "Close oost");
    assert_run(validate(root, &["--changed", "main"]), DROPPED_TEAM, "", 1);
    // And the same staged on top of HEAD, before the commit.
    git(root, &["reset", "-q", "--soft", "main"]);
    assert_run(
        validate(root, &["--changed", "main", "--staged"]),
        DROPPED_TEAM,
        "",
        1,
    );
}

#[test]
fn changed_counts_untracked_files_of_the_working_tree() {
    let dir = example_git();
    let root = dir.path();
    write(
        root,
        "outcomes/2026-Q3/ggz.csv",
        "team,served,employed,education,job_starts\ncentrum,1,0,,\n",
    );
    write(root, ".gitignore", "ignored.csv\n");
    write(root, "outcomes/2026-Q3/ignored.csv", "not checked\n");
    let (stdout, stderr, code) = validate(root, &["--changed", "HEAD"]);
    assert_eq!((stderr.as_str(), code), ("", 1));
    assert!(
        stdout.starts_with("outcomes/2026-Q3/ggz.csv: error[unknown-agency]: no agency `ggz`"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 error, 0 warnings in 1 file\n"),
        "{stdout}"
    );
}

#[test]
fn changed_names_a_revision_that_does_not_exist() {
    let dir = example_git();
    let root = dir.path();
    let top = git(root, &["rev-parse", "--show-toplevel"]);
    assert_run(
        validate(root, &["--changed", "origin/main"]),
        "",
        &format!(
            "error: no commit `origin/main` in {}\n  hint: name a branch, tag or commit that `git log --oneline --all` lists; in CI, fetch it first (actions/checkout with fetch-depth: 0)\n",
            top.trim()
        ),
        2,
    );
    assert_run(
        validate(root, &["--changed=--all"]),
        "",
        "error: \"--all\" is not a revision\n  hint: name a branch, tag or commit, e.g. origin/main, HEAD~1 or a commit hash\n",
        2,
    );
}

#[test]
fn staged_outside_a_git_work_tree_says_so() {
    let dir = example_copy();
    let root = dir.path();
    let (stdout, stderr, code) = validate(root, &["--staged"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert_eq!(
        stderr,
        format!(
            "error: cannot check what is staged: {} is not in a git work tree (not a git repository (or any of the parent directories): .git)\n\
             \x20 hint: run ips inside a clone of the data repository, or `git init` it first\n",
            root.canonicalize().unwrap().display()
        )
    );
}

#[test]
fn staged_without_git_installed_says_so() {
    let dir = example_git();
    let empty = TempDir::new().unwrap();
    let run = output(
        ips_git_command(dir.path())
            .env("PATH", empty.path())
            .args(["validate", "--staged"]),
    );
    assert_run(
        run,
        "",
        "error: cannot check what is staged: the `git` program is not installed (or not on PATH)\n  hint: install git (https://git-scm.com/downloads) and run the command again\n",
        2,
    );
}

// ---------------------------------------------------------------------------------------------
// The data repository in a subfolder of the work tree, with spaces in its name

#[test]
fn data_in_a_subfolder_with_spaces_of_the_work_tree() {
    let top = TempDir::new().unwrap();
    let data = top.path().join("community data");
    copy_dir(&example_dir(), &data);
    write(
        top.path(),
        "README.md",
        "The IPS learning community's data\n",
    );
    git_init(top.path());
    commit_all(top.path(), "Data in a subfolder");
    edit(&data, GGZ_Q3, "centrum,35,13", "centrum,35,50");
    git(top.path(), &["add", "-A"]);
    // From inside the data folder, and from the top with --repo.
    assert_run(validate(&data, &["--staged"]), EMPLOYED_50, "", 1);
    let from_top = ips_git(
        top.path(),
        &["--repo", "community data", "validate", AS_OF, "--staged"],
    );
    assert_run(from_top, EMPLOYED_50, "", 1);
    // CI annotations name the file from the top of the repository.
    let (stdout, _, code) = validate(&data, &["--staged", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("::error file=community data/outcomes/2026-Q3/ggz-noorderzon.csv,line=2,col=12,title=employed-exceeds-served::"),
        "{stdout}"
    );
    let (stdout, _, code) = validate(&data, &["--staged", "--format", "gitlab"]);
    assert_eq!(code, 1);
    let issues: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        issues[0]["location"]["path"],
        "community data/outcomes/2026-Q3/ggz-noorderzon.csv"
    );
    // A change outside the data folder is not the data's.
    git(top.path(), &["reset", "-q", "--hard"]);
    write(top.path(), "README.md", "changed\n");
    git(top.path(), &["add", "-A"]);
    assert_run(
        validate(&data, &["--staged"]),
        "ok: 0 files checked, no problems found\n",
        "note: no file of the data repository is staged: nothing to check\n",
        0,
    );
}

// ---------------------------------------------------------------------------------------------
// ips hook install

/// PATH with the ips binary first, as an installed ips would be.
fn path_with_ips() -> std::ffi::OsString {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ips"));
    let mut paths = vec![bin.parent().unwrap().to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

/// `git commit -m message` in `dir`, hooks run, with ips on PATH.
fn commit_with_hooks(dir: &Path, message: &str) -> Run {
    git_with_hooks(dir, &["commit", "-q", "-m", message])
}

/// `git args...` in `dir`, hooks run, with ips on PATH.
fn git_with_hooks(dir: &Path, args: &[&str]) -> Run {
    let mut command = std::process::Command::new("git");
    command
        .current_dir(dir)
        .env("PATH", path_with_ips())
        .env_remove("IPS_REPO")
        .envs(GIT_ENV)
        .args(args);
    for name in GIT_ENV_REMOVED {
        command.env_remove(name);
    }
    run_of(command.output().expect("git runs"))
}

const INSTALLED: &str = "installed .git/hooks/pre-commit: each `git commit` first runs `ips --repo . validate --staged`, which checks the staged files\n\
    A commit with errors is refused; skip the check once with `git commit --no-verify`.\n";

#[test]
fn the_installed_hook_refuses_a_staged_error_fixed_only_in_the_working_tree() {
    let dir = example_git();
    let root = dir.path();
    assert_run(ips_git(root, &["hook", "install"]), INSTALLED, "", 0);
    let head = git(root, &["rev-parse", "HEAD"]);
    edit(root, GGZ_2025_Q3, "centrum,29,8", "centrum,29,50");
    git(root, &["add", GGZ_2025_Q3]);
    edit(root, GGZ_2025_Q3, "centrum,29,50", "centrum,29,8");
    let (_, stderr, code) = commit_with_hooks(root, "Restate centrum");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]: employed (50) is greater than served (29)\n{EMPLOYED_HINT}1 error, 0 warnings in 1 file\n"
        )),
        "{stderr}"
    );
    assert_eq!(
        git(root, &["rev-parse", "HEAD"]),
        head,
        "nothing was committed"
    );
}

#[test]
fn the_installed_hook_passes_a_good_staged_change_despite_a_bad_unstaged_one() {
    let dir = example_git();
    let root = dir.path();
    assert_run(ips_git(root, &["hook", "install"]), INSTALLED, "", 0);
    edit(root, GGZ_2025_Q3, "centrum,29,8", "centrum,29,9");
    git(root, &["add", GGZ_2025_Q3]);
    edit(root, GGZ_2025_Q3, "centrum,29,9", "centrum,29,90");
    let (_, stderr, code) = commit_with_hooks(root, "Restate centrum");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        git(root, &["show", &format!("HEAD:{GGZ_2025_Q3}")]),
        "team,served,employed,education,job_starts\ncentrum,29,9,2,2\n"
    );
}

/// `git commit -a` stages into a temporary index that git names to the hook by a relative path.
#[test]
fn the_installed_hook_checks_what_commit_all_stages() {
    let dir = example_git();
    let root = dir.path();
    assert_run(ips_git(root, &["hook", "install"]), INSTALLED, "", 0);
    edit(root, GGZ_2025_Q3, "centrum,29,8", "centrum,29,50");
    let (_, stderr, code) = git_with_hooks(root, &["commit", "-q", "-a", "-m", "All of it"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]"),
        "{stderr}"
    );
    // Committing only another file leaves the bad edit out, and passes.
    edit(
        root,
        "outcomes/2025-Q4/ggz-noorderzon.csv",
        "centrum,28,8",
        "centrum,28,9",
    );
    let (_, stderr, code) = git_with_hooks(
        root,
        &[
            "commit",
            "-q",
            "-m",
            "Just Q4",
            "--",
            "outcomes/2025-Q4/ggz-noorderzon.csv",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn hook_install_never_replaces_an_existing_hook_unless_forced() {
    let dir = example_git();
    let root = dir.path();
    let hook = root.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\nmake lint\n").unwrap();
    assert_run(
        ips_git(root, &["hook", "install"]),
        "",
        "error: .git/hooks/pre-commit already exists: nothing was written\n  hint: add the line `ips --repo . validate --staged || exit 1` to that hook, or pass --force to replace it with ips's\n",
        2,
    );
    assert_eq!(
        read(root, ".git/hooks/pre-commit"),
        "#!/bin/sh\nmake lint\n"
    );
    assert_run(
        ips_git(root, &["hook", "install", "--force"]),
        INSTALLED,
        "",
        0,
    );
    assert!(
        read(root, ".git/hooks/pre-commit")
            .contains("\nif ! ips --repo . validate --staged; then\n")
    );
    assert_run(
        ips_git(root, &["hook", "install"]),
        ".git/hooks/pre-commit is already ips's pre-commit hook: nothing to do\n",
        "",
        0,
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }
}

#[test]
fn hook_install_over_the_pre_commit_framework_points_to_its_configuration() {
    let dir = example_git();
    let root = dir.path();
    let theirs = "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n# ID: 138fd403232d2ddd5efb44317e38bf03\n";
    write(root, ".git/hooks/pre-commit", theirs);
    assert_run(
        ips_git(root, &["hook", "install"]),
        "",
        "error: .git/hooks/pre-commit already exists: nothing was written\n  hint: that hook runs the pre-commit framework (pre-commit.com): add the hook `ips-validate` of ips's .pre-commit-hooks.yaml to .pre-commit-config.yaml instead, or pass --force to replace it\n",
        2,
    );
    assert_eq!(read(root, ".git/hooks/pre-commit"), theirs);
}

#[test]
fn hook_install_writes_where_core_hooks_path_says() {
    let dir = example_git();
    let root = dir.path();
    git(root, &["config", "core.hooksPath", "git-hooks"]);
    assert_run(
        ips_git(root, &["hook", "install"]),
        &INSTALLED.replace(".git/hooks/", "git-hooks/"),
        "",
        0,
    );
    assert!(root.join("git-hooks/pre-commit").is_file());
    assert!(!root.join(".git/hooks/pre-commit").exists());
}

#[test]
fn the_hook_of_data_in_a_subfolder_names_it() {
    let top = TempDir::new().unwrap();
    let data = top.path().join("community data");
    copy_dir(&example_dir(), &data);
    git_init(top.path());
    commit_all(top.path(), "Data in a subfolder");
    let (stdout, stderr, code) = ips_git(&data, &["hook", "install"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert!(
        stdout.starts_with("installed .git/hooks/pre-commit: each `git commit` first runs `ips --repo 'community data' validate --staged`"),
        "{stdout}"
    );
    edit(&data, GGZ_2025_Q3, "centrum,29,8", "centrum,29,50");
    git(top.path(), &["add", "-A"]);
    let (_, stderr, code) = commit_with_hooks(&data, "Restate centrum");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]"),
        "{stderr}"
    );
}

/// A refused commit says so, and how to skip the check once: git itself prints nothing after
/// the hook's count of errors.
#[test]
fn a_commit_the_hook_refuses_is_announced() {
    let dir = example_git();
    let root = dir.path();
    assert_run(ips_git(root, &["hook", "install"]), INSTALLED, "", 0);
    edit(root, GGZ_2025_Q3, "centrum,29,8", "centrum,29,50");
    git(root, &["add", GGZ_2025_Q3]);
    assert_run(
        commit_with_hooks(root, "Restate centrum"),
        "",
        &format!(
            "outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]: employed (50) is greater than served (29)\n{EMPLOYED_HINT}1 error, 0 warnings in 1 file\n\
             ips: commit stopped: fix the errors above, or skip this check once with git commit --no-verify\n"
        ),
        1,
    );
    // A passing check says nothing more (git shows a hook's stdout on stderr).
    edit(root, GGZ_2025_Q3, "centrum,29,50", "centrum,29,9");
    git(root, &["add", GGZ_2025_Q3]);
    assert_run(
        commit_with_hooks(root, "Restate centrum"),
        "",
        "ok: 1 file checked, no problems found\n",
        0,
    );
}

/// A data folder named `-data` is named `./-data` in the hook, which clap cannot take for an
/// option.
#[test]
fn the_hook_of_a_data_folder_whose_name_starts_with_a_dash() {
    let top = TempDir::new().unwrap();
    let data = top.path().join("-data");
    copy_dir(&example_dir(), &data);
    git_init(top.path());
    commit_all(top.path(), "Data in -data");
    assert_run(
        ips_git(&data, &["hook", "install"]),
        &INSTALLED.replace("--repo .", "--repo ./-data"),
        "",
        0,
    );
    assert_eq!(
        read(top.path(), ".git/hooks/pre-commit"),
        "#!/bin/sh\n\
         # The pre-commit hook of `ips hook install`: checks what this commit will contain, the\n\
         # staged files and the checks they take part in. Skip it once: git commit --no-verify\n\
         if ! command -v ips >/dev/null 2>&1; then\n  \
         echo \"pre-commit: ips is not on PATH, so the data was not checked; install ips, or commit with --no-verify\" >&2\n  \
         exit 1\n\
         fi\n\
         if ! ips --repo ./-data validate --staged; then\n  \
         echo \"ips: commit stopped: fix the errors above, or skip this check once with git commit --no-verify\" >&2\n  \
         exit 1\n\
         fi\n"
    );
    // It runs: a good change is committed, a bad one refused.
    edit(&data, GGZ_2025_Q3, "centrum,29,8", "centrum,29,9");
    git(top.path(), &["add", "-A"]);
    assert_run(
        commit_with_hooks(top.path(), "Restate centrum"),
        "",
        "ok: 1 file checked, no problems found\n",
        0,
    );
    edit(&data, GGZ_2025_Q3, "centrum,29,9", "centrum,29,50");
    git(top.path(), &["add", "-A"]);
    assert_run(
        commit_with_hooks(top.path(), "Restate centrum again"),
        "",
        &format!(
            "outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]: employed (50) is greater than served (29)\n{EMPLOYED_HINT}1 error, 0 warnings in 1 file\n\
             ips: commit stopped: fix the errors above, or skip this check once with git commit --no-verify\n"
        ),
        1,
    );
}

#[test]
fn the_hook_checks_the_index_of_a_linked_worktree() {
    let dir = example_git();
    let root = dir.path();
    assert_run(ips_git(root, &["hook", "install"]), INSTALLED, "", 0);
    let other = TempDir::new().unwrap();
    let linked = other.path().join("linked");
    git(
        root,
        &[
            "worktree",
            "add",
            "-q",
            "-b",
            "side",
            linked.to_str().unwrap(),
        ],
    );
    edit(&linked, GGZ_2025_Q3, "centrum,29,8", "centrum,29,50");
    git(&linked, &["add", "-A"]);
    let (_, stderr, code) = commit_with_hooks(&linked, "Restate centrum");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]"),
        "{stderr}"
    );
}

/// .pre-commit-hooks.yaml publishes both hooks for the pre-commit framework, and the command
/// they run works as written.
#[test]
fn the_pre_commit_framework_hooks_run_validate_staged() {
    use yaml_rust2::{Yaml, YamlLoader};
    let text = read(&crate_dir(), ".pre-commit-hooks.yaml");
    let docs = YamlLoader::load_from_str(&text).expect(".pre-commit-hooks.yaml is YAML");
    let hooks = docs[0].as_vec().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ips-validate", "ips-validate-system"]);
    for hook in hooks {
        let keys: Vec<&str> = hook
            .as_hash()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap())
            .collect();
        // Only keys the framework knows, and those it requires.
        for key in &keys {
            assert!(
                [
                    "id",
                    "name",
                    "description",
                    "entry",
                    "language",
                    "pass_filenames",
                    "always_run"
                ]
                .contains(key),
                "{key}"
            );
        }
        for required in ["id", "name", "entry", "language"] {
            assert!(keys.contains(&required), "{required}");
        }
        assert_eq!(hook["pass_filenames"], Yaml::Boolean(false));
        assert_eq!(hook["always_run"], Yaml::Boolean(true));
        let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
        assert_eq!(entry[0], "ips");
        // The framework runs the entry at the top of the repository, with args appended.
        let dir = example_git();
        let mut args: Vec<&str> = entry[1..].to_vec();
        args.extend(["--repo", "."]);
        assert_eq!(
            ips_git(dir.path(), &args),
            (
                "ok: 0 files checked, no problems found\n".to_string(),
                "note: no file of the data repository is staged: nothing to check\n".to_string(),
                0
            )
        );
    }
    assert_eq!(hooks[0]["language"].as_str(), Some("rust"));
    assert_eq!(hooks[1]["language"].as_str(), Some("system"));
}

// ---------------------------------------------------------------------------------------------
// ips outcomes diff: what was restated, and by which commit

/// The example, then three commits: one restates a count, one adds a team and its row, one
/// deletes a file. Returns the folder and the four commits, oldest first.
fn restated_history() -> (TempDir, [String; 4]) {
    let dir = example_git();
    let root = dir.path();
    let base = git(root, &["rev-parse", "HEAD"]).trim().to_string();
    edit(root, GGZ_2025_Q3, "centrum,29,8", "centrum,29,9");
    let restate = commit_all(root, "Restate centrum's employed in 2025-Q3");
    edit(
        root,
        "agencies/ggz-noorderzon/agency.toml",
        "[agreement]",
        "[[teams]]\nid = \"zuid\"\nsupervisor = \"Anouk Smit\"\nlocation = \"Assen\"\nopened = 2026-07-01\n\n[agreement]",
    );
    edit(
        root,
        GGZ_Q3,
        "oost,10,4,1,1\n",
        "oost,10,4,1,1\nzuid,5,2,,\n",
    );
    let add = commit_all(root, "Open zuid");
    git(root, &["rm", "-q", "outcomes/2025-Q4/ggz-noorderzon.csv"]);
    let delete = commit_all(root, "2025-Q4 was reported by mistake");
    (dir, [base, restate, add, delete])
}

/// The rows `ips outcomes diff` prints as CSV for the history, each quarter's totals checked
/// against what `ips outcomes summarize` says at each commit.
#[test]
fn outcomes_diff_lists_every_restated_count_with_its_commit_then_the_quarter_totals() {
    let (dir, [base, restate, add, delete]) = restated_history();
    let root = dir.path();
    let expected = format!(
        "quarter,jurisdiction,agency,team,field,old,new,commit\n\
         2025-Q3,nl,ggz-noorderzon,centrum,employed,8,9,{restate}\n\
         2025-Q3,Total,Total,Total,served,422,422,\n\
         2025-Q3,Total,Total,Total,employed,172,173,\n\
         2025-Q3,Total,Total,Total,rate,{},{},\n\
         2025-Q4,nl,ggz-noorderzon,centrum,served,28,,{delete}\n\
         2025-Q4,nl,ggz-noorderzon,centrum,employed,8,,{delete}\n\
         2025-Q4,nl,ggz-noorderzon,centrum,education,2,,{delete}\n\
         2025-Q4,nl,ggz-noorderzon,centrum,job_starts,3,,{delete}\n\
         2025-Q4,Total,Total,Total,served,418,390,\n\
         2025-Q4,Total,Total,Total,employed,172,164,\n\
         2025-Q4,Total,Total,Total,rate,{},{},\n\
         2026-Q3,nl,ggz-noorderzon,zuid,served,,5,{add}\n\
         2026-Q3,nl,ggz-noorderzon,zuid,employed,,2,{add}\n\
         2026-Q3,Total,Total,Total,served,503,508,\n\
         2026-Q3,Total,Total,Total,employed,224,226,\n\
         2026-Q3,Total,Total,Total,rate,{},{},\n",
        172.0 / 422.0,
        173.0 / 422.0,
        172.0 / 418.0,
        164.0 / 390.0,
        224.0 / 503.0,
        226.0 / 508.0,
    );
    let run = ips_git(
        root,
        &["outcomes", "diff", &base, "HEAD", "--format", "csv", AS_OF],
    );
    assert_run(run, &expected, "", 0);
    // The totals are the pooled figures of `ips outcomes summarize` at each end.
    for (commit, served, employed) in [(&base, "422", "172"), (&delete, "422", "173")] {
        git(root, &["checkout", "-q", commit]);
        let (stdout, _, code) = ips_git(
            root,
            &[
                "outcomes",
                "summarize",
                "--by",
                "quarter",
                "--quarter",
                "2025-Q3",
                "--no-total",
                "--format",
                "csv",
                AS_OF,
            ],
        );
        assert_eq!(code, 0);
        let row: Vec<&str> = stdout.lines().nth(1).unwrap().split(',').collect();
        assert_eq!(row[1..3], [served, employed], "{commit}");
    }
    git(root, &["checkout", "-q", "main"]);
    // Without REV2, against the working tree: the same, and a file changed since its last
    // commit has no commit.
    edit(root, GGZ_2025_Q3, "centrum,29,9", "centrum,30,9");
    let (stdout, stderr, code) = ips_git(root, &["outcomes", "diff", &base, AS_OF]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    let short = &delete[..10];
    assert!(
        stdout.starts_with(&format!(
            " quarter  jurisdiction  agency          team     field         old    new  commit\n \
             ───────  ────────────  ──────────────  ───────  ──────────  ─────  ─────  ──────────\n \
             2025-Q3  nl            ggz-noorderzon  centrum  served         29     30\n \
             2025-Q3  nl            ggz-noorderzon  centrum  employed        8      9\n \
             2025-Q3  Total         Total           Total    served        422    423\n \
             2025-Q3  Total         Total           Total    employed      172    173\n \
             2025-Q3  Total         Total           Total    rate        40.8%  40.9%\n \
             2025-Q4  nl            ggz-noorderzon  centrum  served         28         {short}\n"
        )),
        "{stdout}"
    );
}

#[test]
fn outcomes_diff_as_json_keeps_numbers_and_full_commits() {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Output {
        rows: Vec<Row>,
    }
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Row {
        quarter: String,
        jurisdiction: String,
        agency: String,
        team: String,
        field: String,
        old: Option<serde_json::Number>,
        new: Option<serde_json::Number>,
        commit: Option<String>,
    }
    let (dir, [base, restate, ..]) = restated_history();
    let (stdout, stderr, code) = ips_git(
        dir.path(),
        &[
            "outcomes", "diff", &base, "HEAD~2", "--format", "json", AS_OF,
        ],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    let output: Output = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(output.rows.len(), 4);
    assert_eq!(
        output.rows[0],
        Row {
            quarter: "2025-Q3".into(),
            jurisdiction: "nl".into(),
            agency: "ggz-noorderzon".into(),
            team: "centrum".into(),
            field: "employed".into(),
            old: Some(8.into()),
            new: Some(9.into()),
            commit: Some(restate),
        }
    );
    assert_eq!(output.rows[3].field, "rate");
    assert_eq!(output.rows[3].commit, None);
    assert_eq!(
        output.rows[3].new.as_ref().and_then(|n| n.as_f64()),
        Some(173.0 / 422.0)
    );
}

#[test]
fn outcomes_diff_with_nothing_restated_says_so() {
    let dir = example_git();
    let (stdout, stderr, code) = ips_git(
        dir.path(),
        &["outcomes", "diff", "HEAD", "--format", "csv", AS_OF],
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "quarter,jurisdiction,agency,team,field,old,new,commit\n",
            "note: no outcome count differs between HEAD and the working tree\n",
            0
        )
    );
}

/// An error in either revision stops the figures; the old revision's is named REV:path.
#[test]
fn outcomes_diff_refuses_errors_in_either_revision_unless_allowed() {
    let dir = example_git();
    let root = dir.path();
    edit(root, GGZ_2025_Q3, "centrum,29,8", "centrum,29,80");
    let bad = commit_all(root, "A bad count");
    edit(root, GGZ_2025_Q3, "centrum,29,80", "centrum,29,9");
    commit_all(root, "Fixed");
    let short = git(root, &["rev-parse", "--short", &bad]);
    let (stdout, stderr, code) = ips_git(root, &["outcomes", "diff", "HEAD~1", AS_OF]);
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert_eq!(
        stderr,
        format!(
            "error: the outcome data has errors, so nothing was compared\n  \
             hint: fix them and run `ips validate` (for a revision, in a checkout of it), or pass --allow-invalid to leave the rows with errors out\n\
             {}:outcomes/2025-Q3/ggz-noorderzon.csv:2:12: error[employed-exceeds-served]: employed (80) is greater than served (29)\n{EMPLOYED_HINT}\
             1 error, 0 warnings in 30 files\n",
            short.trim()
        )
    );
    let (stdout, stderr, code) = ips_git(
        root,
        &[
            "outcomes",
            "diff",
            "HEAD~1",
            "--allow-invalid",
            "--format",
            "csv",
            AS_OF,
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "warning: --allow-invalid: left out 2 rows with errors; the revisions have 1 error (`ips validate` lists them)\n"
    );
    // The row with the error is left out before, so it reads as added.
    assert!(
        stdout.starts_with("quarter,jurisdiction,agency,team,field,old,new,commit\n2025-Q3,nl,ggz-noorderzon,centrum,served,,29,"),
        "{stdout}"
    );
}

#[test]
fn outcomes_diff_outside_git_says_so() {
    let dir = example_copy();
    let (stdout, stderr, code) = ips_git(dir.path(), &["outcomes", "diff", "HEAD"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert!(
        stderr.starts_with("error: cannot compare outcomes between revisions: "),
        "{stderr}"
    );
}

/// What a quarter folder must not hold is caught by the hook as by a full run: a file renamed
/// `.CSV`, a note, a folder (named through a file inside it).
#[test]
fn a_staged_file_that_is_no_outcome_file_is_refused() {
    let dir = example_git();
    let root = dir.path();
    git(
        root,
        &[
            "mv",
            "outcomes/2026-Q3/riverbend.csv",
            "outcomes/2026-Q3/riverbend.CSV",
        ],
    );
    write(root, "outcomes/2026-Q2/notes.txt", "sent late\n");
    write(
        root,
        "outcomes/2026-Q1/sub/lakeshore.csv",
        read(root, "outcomes/2026-Q1/lakeshore.csv"),
    );
    git(root, &["add", "-A"]);
    let (stdout, _, code) = validate(root, &["--staged"]);
    assert_eq!(code, 1);
    for path in [
        "outcomes/2026-Q1/sub",
        "outcomes/2026-Q2/notes.txt",
        "outcomes/2026-Q3/riverbend.CSV",
    ] {
        assert!(
            stdout.contains(&format!(
                "{path}: error[quarter-folder]: a quarter folder holds only <agency>.csv files\n"
            )),
            "{stdout}"
        );
    }
}

/// A file name that is not UTF-8 is no file of the format: staged or changed since a
/// revision, it fails the run as a full run does, rather than pass unseen.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_fails_staged_and_changed() {
    use std::os::unix::ffi::OsStrExt;
    let dir = example_git();
    let root = dir.path();
    git(root, &["tag", "v1"]);
    let name = std::ffi::OsStr::from_bytes(b"bad\xff\xfe.csv");
    std::fs::write(
        root.join("outcomes/2026-Q3").join(name),
        "team,served\nx,1\n",
    )
    .unwrap();
    git(root, &["add", "-A"]);
    let (stdout, _, code) = validate(root, &["--staged"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("outcomes/2026-Q3/bad\u{FFFD}\u{FFFD}.csv"),
        "{stdout}"
    );
    git(root, &["commit", "-q", "--no-verify", "-m", "A bad name"]);
    let (stdout, _, code) = validate(root, &["--changed", "v1"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("outcomes/2026-Q3/bad\u{FFFD}\u{FFFD}.csv: error[identifier]"),
        "{stdout}"
    );
}

/// Before the data repository's first commit there is nothing to compare with: the tool cannot
/// run (exit 2), which no fix of the data would change.
#[test]
fn diff_with_a_revision_before_the_data_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git_init(root);
    write(root, "README", "notes\n");
    commit_all(root, "Before the data");
    git(root, &["tag", "pre"]);
    copy_dir(&example_dir(), root);
    commit_all(root, "The data");
    let (_, stderr, code) = ips_git(root, &["outcomes", "diff", "pre"]);
    assert_eq!(
        (stderr.as_str(), code),
        (
            "error: there is no data repository at pre: it has no ips.toml\n  hint: compare with a revision after the repository's first commit\n",
            2
        )
    );
}
