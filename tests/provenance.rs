//! Which version of the data a report names: the last commit that changed the data files, as
//! git.rs asks git for it, and whether those files (not any file of the work tree) have
//! uncommitted changes. Real git repositories in temporary folders.

mod common;

use common::*;
use std::path::Path;

const AS_OF: &str = "--as-of=2026-11-24";

/// The report's `data` (its commit and whether it is dirty), from `ips report --format json`.
fn data_version(repo: &Path) -> serde_json::Value {
    let (stdout, stderr, code) = ips_git(repo, &["report", AS_OF, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("the report's JSON");
    report["data"].clone()
}

/// The short hash of the last commit, as `git log --oneline` shows it.
fn short_head(repo: &Path) -> String {
    git(repo, &["log", "-1", "--no-show-signature", "--format=%h"])
        .trim()
        .to_string()
}

fn expected(commit: &str, dirty: bool) -> serde_json::Value {
    serde_json::json!({ "commit": commit, "dirty": dirty })
}

#[test]
fn the_commit_is_the_plain_hash_when_git_log_shows_signatures() {
    let repo = example_git();
    let dir = repo.path();
    git(dir, &["config", "log.showSignature", "true"]);
    // Where ssh-keygen exists, the last commit is signed with an ssh key, as a liaison's may
    // be: `git log` then prints the signature's lines before the hash.
    let keys = tempfile::TempDir::new().unwrap();
    let key = keys.path().join("key");
    let made_key = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "liaison", "-f"])
        .arg(&key)
        .status()
        .is_ok_and(|status| status.success());
    edit(dir, "outcomes/2026-Q3/riverbend.csv", "north,", "north,1");
    git(dir, &["add", "-A"]);
    if made_key {
        git(dir, &["config", "gpg.format", "ssh"]);
        git(dir, &["config", "user.signingkey", key.to_str().unwrap()]);
        git(dir, &["commit", "-q", "--no-verify", "-S", "-m", "Signed"]);
        let shown = git(dir, &["log", "-1", "--format=%h"]);
        assert_ne!(
            shown.trim(),
            short_head(dir),
            "the signature is shown: {shown}"
        );
    } else {
        git(dir, &["commit", "-q", "--no-verify", "-m", "Unsigned"]);
    }
    assert_eq!(data_version(dir), expected(&short_head(dir), false));
}

#[test]
fn a_report_written_into_the_repository_is_not_a_change_of_the_data() {
    let repo = example_git();
    let dir = repo.path();
    let data_commit = short_head(dir);
    let (_, stderr, code) = ips_git(dir, &["report", AS_OF, "--out", "report.html"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(data_version(dir), expected(&data_commit, false));
    let (html, _, code) = ips_git(dir, &["report", AS_OF]);
    assert_eq!(code, 0);
    assert!(
        html.contains(&format!("data commit {data_commit}<")),
        "{html}"
    );

    // Committed, the report is still not the data: the commit named is the data's.
    commit_all(dir, "The report of 2026-Q3");
    assert_ne!(short_head(dir), data_commit);
    assert_eq!(data_version(dir), expected(&data_commit, false));

    // A changed outcome file is a change of the data.
    edit(dir, "outcomes/2026-Q3/riverbend.csv", "north,", "north,1");
    assert_eq!(data_version(dir), expected(&data_commit, true));
    let (html, _, _) = ips_git(dir, &["report", AS_OF]);
    assert!(
        html.contains(&format!(
            "data commit {data_commit} with uncommitted changes"
        )),
        "{html}"
    );
}
