//! Helpers shared by the integration tests: run the real `ips` binary, and make throwaway
//! repositories. Each test binary uses only some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// What a run of `ips` printed and how it exited.
pub type Run = (String, String, i32);

/// An `ips` command run in `dir`, with `$IPS_REPO` cleared so the caller's environment cannot
/// choose the repository, nor COLUMNS and the colour variables how the output looks. Add
/// `.env(...)` or `.write_stdin(...)` before running it.
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

/// Runs a prepared command; returns (stdout, stderr, exit code; -1 if killed by a signal).
pub fn output(command: &mut assert_cmd::Command) -> Run {
    let output = command.output().expect("ips runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
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
    let output = command.output().expect("git runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
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
    }
}
