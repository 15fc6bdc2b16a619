//! ips and git: `validate --staged` checks what the next commit will contain, `validate
//! --changed REV` what a branch changed, `hook install` makes git run the check. Every test
//! makes a real git repository in a temporary folder, with git's configuration of `GIT_ENV`.

mod common;

use common::*;
use std::path::Path;
use tempfile::TempDir;

const AS_OF: &str = "--as-of=2026-11-24";
const GGZ_Q3: &str = "outcomes/2026-Q3/ggz-noorderzon.csv";

/// `ips validate --as-of 2026-11-24 args...` in `dir`.
fn validate(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["validate", AS_OF];
    all.extend_from_slice(args);
    ips_git(dir, &all)
}

#[track_caller]
fn assert_run(run: Run, stdout: &str, stderr: &str, code: i32) {
    assert_eq!(run, (stdout.to_string(), stderr.to_string(), code));
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
    // Fixed on disk, but not staged: the commit would still hold 50.
    edit(root, GGZ_Q3, "centrum,35,50", "centrum,35,13");
    assert_run(validate(root, &["--staged"]), EMPLOYED_50, "", 1);
    // The working tree itself is clean.
    assert_run(
        validate(root, &[GGZ_Q3]),
        "ok: 1 file checked, no problems found\n",
        "",
        0,
    );
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
        EMPLOYED_50.replace("in 1 file", "in 117 files"),
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
