//! The one place that runs the `git` program: the work tree a data repository lives in, the
//! commits that revisions name, which files changed, and which commit changed them. ips runs
//! git itself rather than a library, so that the user's configuration, hooks path, worktrees
//! and the index of a commit in progress are the ones git uses.

use crate::error::{Error, Result, usage};
use anyhow::Context;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The git work tree that holds a data repository.
#[derive(Debug, Clone)]
pub struct Git {
    /// The top of the work tree, where every git command runs.
    top: PathBuf,
    /// The data repository's folder from the top, `/`-separated with a trailing `/`; empty
    /// when the data repository is the whole work tree. Shown as text, with U+FFFD for bytes
    /// of a name that are not UTF-8.
    prefix: String,
    /// The same folder as git names it, byte for byte, for pathspecs and to strip from the
    /// paths git prints: a folder whose name is not UTF-8 is still the data repository's.
    prefix_bytes: Vec<u8>,
    /// git's own variables, made absolute: a hook gets `GIT_INDEX_FILE=.git/index`, relative to
    /// the folder it runs in, which is not where ips runs git.
    env: Vec<(OsString, OsString)>,
}

/// Variables naming paths that git reads relative to its current folder.
const PATH_VARIABLES: [&str; 5] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
];

/// One file that differs between two states of the repository, as `git diff --raw` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// From the data repository's root, `/`-separated.
    pub path: String,
    pub status: Status,
    /// The file's mode and object after the change (all zeros when deleted, or when the new
    /// side is the working tree, which git does not hash).
    pub new_mode: u32,
    pub new_oid: String,
    /// The object before the change (all zeros when added).
    pub old_oid: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Added,
    Modified,
    Deleted,
    /// Changed between file, link and submodule.
    TypeChanged,
    /// Not merged: the index holds the conflicting versions.
    Unmerged,
}

impl Git {
    /// The work tree holding the data repository at `root`. `purpose` says what needs git, for
    /// the error when git is missing or `root` is not in a work tree ("check what is staged").
    pub fn at(root: &Path, purpose: &str) -> Result<Git> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let env = absolute_env(&cwd);
        // With GIT_DIR set (as in a hook of a linked worktree), git takes the folder it runs in
        // as the top of the work tree: ask from where ips was started, as git would.
        let git_dir_set = std::env::var_os("GIT_DIR").is_some_and(|v| !v.is_empty());
        let ask_in = if git_dir_set { cwd.as_path() } else { root };
        let mut command = Command::new("git");
        command
            .current_dir(ask_in)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .args(["rev-parse", "--show-toplevel"]);
        let output = run(&mut command, purpose)?;
        if !output.status.success() {
            let said = String::from_utf8_lossy(&output.stderr);
            return Err(usage(format!(
                "cannot {purpose}: {} is not in a git work tree ({})",
                root.display(),
                said.trim().trim_start_matches("fatal: ")
            ))
            .hint("run ips inside a clone of the data repository, or `git init` it first")
            .into());
        }
        let top = path_of_bytes(output.stdout.strip_suffix(b"\n").unwrap_or(&output.stdout));
        let prefix_bytes = prefix_of(root, &top)?;
        let prefix = String::from_utf8_lossy(&prefix_bytes).into_owned();
        Ok(Git {
            top,
            prefix,
            prefix_bytes,
            env,
        })
    }

    /// The top of the work tree.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The data repository's folder from the top (`data/` or empty).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A git command run at the top of the work tree, with no input, taking no optional
    /// locks (a hook runs while `git commit` holds the index).
    pub fn command(&self) -> Command {
        let mut command = Command::new("git");
        command
            // Paths from the top, whatever `diff.relative` says (older git ignores the key).
            .args(["-c", "diff.relative=false"])
            .current_dir(&self.top)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("GIT_OPTIONAL_LOCKS", "0")
            .stdin(Stdio::null());
        command
    }

    /// Runs `git args...` and returns its output; a failure is an error with git's message.
    fn output<I, S>(&self, args: I) -> Result<Vec<u8>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command();
        command.args(args);
        let output = run(&mut command, "run git")?;
        if !output.status.success() {
            return Err(failed(&command, &output.stderr));
        }
        Ok(output.stdout)
    }

    /// Like `output`, but a failure (exit 1 with `--verify --quiet`) is None.
    fn output_if<I, S>(&self, args: I) -> Result<Option<Vec<u8>>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.command();
        command.args(args);
        let output = run(&mut command, "run git")?;
        match output.status.code() {
            Some(0) => Ok(Some(output.stdout)),
            Some(1) if output.stderr.is_empty() => Ok(None),
            _ => Err(failed(&command, &output.stderr)),
        }
    }

    /// The commit a revision names (a branch, tag, `HEAD~2`, a hash), or None.
    pub fn commit(&self, rev: &str) -> Result<Option<String>> {
        if rev.starts_with('-') || rev.is_empty() || rev.contains('\n') {
            return Err(bad_revision(rev));
        }
        let spec = format!("{rev}^{{commit}}");
        Ok(self
            .output_if(["rev-parse", "--verify", "--quiet", &spec])?
            .map(|out| line(&out)))
    }

    /// The commit a revision names; an error naming it when there is none.
    pub fn require_commit(&self, rev: &str) -> Result<String> {
        self.commit(rev)?.ok_or_else(|| {
            usage(format!("no commit `{rev}` in {}", self.top.display()))
                .hint("name a branch, tag or commit that `git log --oneline --all` lists; in CI, fetch it first (actions/checkout with fetch-depth: 0)")
                .into()
        })
    }

    /// The commit HEAD is at; None before the first commit.
    pub fn head(&self) -> Result<Option<String>> {
        self.commit("HEAD")
    }

    /// The newest common ancestor of two commits: where a branch left `a`. None when they
    /// share no history (or a shallow clone does not hold it).
    pub fn merge_base(&self, a: &str, b: &str) -> Result<Option<String>> {
        Ok(self.output_if(["merge-base", a, b])?.map(|out| line(&out)))
    }

    /// Whether the clone holds only part of the history.
    pub fn is_shallow(&self) -> bool {
        self.output(["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| line(&out) == "true")
    }

    /// The tree of the data repository's folder at `commit`; None when the commit has no
    /// such folder.
    pub fn data_tree(&self, commit: &str) -> Result<Option<String>> {
        let spec = match self.prefix_bytes.strip_suffix(b"/") {
            Some(folder) => {
                let mut spec = format!("{commit}:").into_bytes();
                spec.extend_from_slice(folder);
                os_string_of_bytes(spec)
            }
            None => OsString::from(format!("{commit}^{{tree}}")),
        };
        let args = [
            OsStr::new("rev-parse"),
            "--verify".as_ref(),
            "--quiet".as_ref(),
            &spec,
        ];
        let Some(out) = self.output_if(args)? else {
            return Ok(None);
        };
        let oid = line(&out);
        let kind = self.output(["cat-file", "-t", &oid])?;
        Ok((line(&kind) == "tree").then_some(oid))
    }

    /// The pathspec that limits git to the data repository's folder.
    fn pathspec(&self, below: &str) -> OsString {
        let mut spec = b":(top,literal)".to_vec();
        spec.extend_from_slice(&self.prefix_bytes);
        spec.extend_from_slice(below.as_bytes());
        os_string_of_bytes(spec)
    }

    /// The files whose staged version differs from `base` (None: from nothing, before the
    /// first commit).
    pub fn staged_changes(&self, base: Option<&str>) -> Result<Vec<Change>> {
        let empty;
        let base = match base {
            Some(base) => base,
            None => {
                empty = self.empty_tree()?;
                &empty
            }
        };
        let out = self.output(with_spec(
            &[
                "diff-index",
                "--cached",
                "--raw",
                "-z",
                "--no-renames",
                base,
                "--",
            ],
            &self.pathspec(""),
        ))?;
        self.parse_raw(&out)
    }

    /// The files below `below` (from the data root) of the working tree that differ from
    /// `base`, untracked ones included (those that .gitignore leaves out are not).
    pub fn worktree_changes(&self, base: &str, below: &str) -> Result<Vec<Change>> {
        let spec = self.pathspec(below);
        let (diff, untracked) = std::thread::scope(|scope| {
            let untracked = scope.spawn(|| {
                self.output(with_spec(
                    &["ls-files", "--others", "--exclude-standard", "-z", "--"],
                    &spec,
                ))
            });
            let diff = self.diff_raw(Some(base), &spec);
            (diff, untracked.join())
        });
        let mut changes = self.parse_raw(&diff?)?;
        let untracked = untracked.map_err(|_| anyhow::anyhow!("git ls-files panicked"))??;
        for path in untracked.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            if let Some(relative) = self.relative(path) {
                changes.push(Change {
                    new_mode: self.untracked_mode(path),
                    path: relative,
                    status: Status::Added,
                    new_oid: String::new(),
                    old_oid: String::new(),
                });
            }
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(changes)
    }

    /// The mode git would give an untracked path (from the top), as it is on disk: a link, a
    /// repository of its own (which `ls-files` lists as a folder), or a file.
    fn untracked_mode(&self, path: &[u8]) -> u32 {
        let on_disk = self.top.join(path_of_bytes(path)).symlink_metadata();
        match on_disk.map(|metadata| metadata.file_type()) {
            Ok(kind) if kind.is_symlink() => 0o120000,
            Ok(kind) if kind.is_dir() => 0o160000,
            _ => 0o100644,
        }
    }

    /// `git diff --raw` of the working tree against `base`, or against the index without one.
    fn diff_raw(&self, base: Option<&str>, spec: &OsStr) -> Result<Vec<u8>> {
        let mut args = vec![
            "diff",
            "--raw",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-color",
        ];
        args.extend(base);
        args.push("--");
        self.output(with_spec(&args, spec))
    }

    /// The files whose working-tree version differs from the staged one (edited since `git add`).
    pub fn unstaged_changes(&self) -> Result<Vec<Change>> {
        let out = self.diff_raw(None, &self.pathspec(""))?;
        self.parse_raw(&out)
    }

    /// The files below `below` (from the data root) that differ between two commits.
    pub fn tree_changes(&self, a: &str, b: &str, below: &str) -> Result<Vec<Change>> {
        let out = self.output(with_spec(
            &["diff-tree", "-r", "--raw", "-z", "--no-renames", a, b, "--"],
            &self.pathspec(below),
        ))?;
        self.parse_raw(&out)
    }

    /// For each file below `below` changed by a commit of `range` (`A..B`), the newest such
    /// commit.
    pub fn last_commits(&self, range: &str, below: &str) -> Result<HashMap<String, String>> {
        let out = self.output(with_spec(
            &[
                "log",
                "--no-show-signature",
                "--format=%x01%H",
                "--name-only",
                "-z",
                "--no-renames",
                range,
                "--",
            ],
            &self.pathspec(below),
        ))?;
        let mut newest = HashMap::new();
        for record in out.split(|b| *b == 1).filter(|r| !r.is_empty()) {
            let mut fields = record.split(|b| *b == 0);
            let commit = String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
            for path in fields {
                let path = path.strip_prefix(b"\n").unwrap_or(path);
                if let Some(path) = self.relative(path) {
                    newest.entry(path).or_insert_with(|| commit.clone());
                }
            }
        }
        Ok(newest)
    }

    /// The newest commit that changed any of `paths` (from the data root), abbreviated as
    /// `git log --oneline` shows it; None before such a commit. Signatures are not shown, whatever
    /// `log.showSignature` says: their lines would be read as the commit.
    pub fn last_commit_of(&self, paths: &[&str]) -> Result<Option<String>> {
        let mut args: Vec<OsString> = ["log", "-1", "--no-show-signature", "--format=%h", "--"]
            .map(OsString::from)
            .to_vec();
        args.extend(paths.iter().map(|path| self.pathspec(path)));
        let commit = line(&self.output(args)?);
        Ok((!commit.is_empty()).then_some(commit))
    }

    /// Whether any of `paths` (from the data root) differs from HEAD in the index or the work
    /// tree, an untracked file included. Other files of the work tree do not count.
    pub fn has_changes(&self, paths: &[&str]) -> Result<bool> {
        let mut args: Vec<OsString> = [
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=normal",
            "--",
        ]
        .map(OsString::from)
        .to_vec();
        args.extend(paths.iter().map(|path| self.pathspec(path)));
        Ok(!self.output(args)?.is_empty())
    }

    /// The folder git runs hooks from (`core.hooksPath`, else .git/hooks of this worktree).
    pub fn hooks_dir(&self) -> Result<PathBuf> {
        let out = self.output(["rev-parse", "--git-path", "hooks"])?;
        Ok(self.top.join(line(&out)))
    }

    /// A short name of a commit, as `git log --oneline` shows it.
    pub fn short(&self, commit: &str) -> String {
        self.output(["rev-parse", "--short", commit])
            .map(|out| line(&out))
            .unwrap_or_else(|_| commit.chars().take(10).collect())
    }

    pub fn empty_tree(&self) -> Result<String> {
        let mut command = self.command();
        command.args(["hash-object", "-t", "tree", "--stdin"]);
        let output = run(&mut command, "run git")?;
        if !output.status.success() {
            return Err(failed(&command, &output.stderr));
        }
        Ok(line(&output.stdout))
    }

    /// A path git printed (from the top) as a path from the data root; None outside it.
    fn relative(&self, path: &[u8]) -> Option<String> {
        let path = path.strip_prefix(self.prefix_bytes.as_slice())?;
        // A name that is not UTF-8 is shown as a listing shows it (U+FFFD for the bad bytes),
        // so that the checks of its folder see it and say it is no file of the format.
        Some(String::from_utf8_lossy(path).into_owned())
    }

    /// `git diff --raw -z` output: `:old-mode new-mode old-oid new-oid status NUL path NUL`.
    fn parse_raw(&self, out: &[u8]) -> Result<Vec<Change>> {
        let mut changes = Vec::new();
        let mut fields = out.split(|b| *b == 0);
        while let Some(head) = fields.next() {
            if head.is_empty() {
                continue;
            }
            let path = fields.next().unwrap_or_default();
            let head = String::from_utf8_lossy(head);
            let parts: Vec<&str> = head.trim_start_matches(':').split(' ').collect();
            let [_, new_mode, old_oid, new_oid, status] = parts.as_slice() else {
                return Err(
                    anyhow::anyhow!("git diff printed an unexpected line: {head:?}").into(),
                );
            };
            let status = match status.chars().next() {
                Some('A') => Status::Added,
                Some('D') => Status::Deleted,
                Some('T') => Status::TypeChanged,
                Some('U') => Status::Unmerged,
                _ => Status::Modified,
            };
            let Some(path) = self.relative(path) else {
                continue;
            };
            changes.push(Change {
                path,
                status,
                new_mode: u32::from_str_radix(new_mode, 8).unwrap_or(0),
                new_oid: new_oid.to_string(),
                old_oid: old_oid.to_string(),
            });
        }
        Ok(changes)
    }
}

/// git's path variables, absolute from `cwd`, for git run in another folder.
fn absolute_env(cwd: &Path) -> Vec<(OsString, OsString)> {
    PATH_VARIABLES
        .iter()
        .filter_map(|name| {
            let value = std::env::var_os(name).filter(|v| !v.is_empty())?;
            let path = Path::new(&value);
            let value = if path.is_relative() {
                cwd.join(path).into_os_string()
            } else {
                value
            };
            Some((OsString::from(name), value))
        })
        .collect()
}

/// The data root's folder from the top of the work tree, as a git path prefix.
fn prefix_of(root: &Path, top: &Path) -> Result<Vec<u8>> {
    let canonical = |path: &Path| {
        path.canonicalize()
            .with_context(|| format!("cannot read {}", path.display()))
    };
    let (root_abs, top_abs) = (canonical(root)?, canonical(top)?);
    let Ok(inside) = root_abs.strip_prefix(&top_abs) else {
        return Err(usage(format!(
            "the data repository {} is not inside the git work tree {}",
            root.display(),
            top.display()
        ))
        .hint("run ips from inside the work tree, or pass --repo with the data folder of this work tree")
        .into());
    };
    let mut prefix = Vec::new();
    for part in inside.components() {
        prefix.extend_from_slice(&bytes_of(part.as_os_str()));
        prefix.push(b'/');
    }
    Ok(prefix)
}

/// Runs a prepared git command; a missing git program is a usage error saying what needed it.
fn run(command: &mut Command, purpose: &str) -> Result<std::process::Output> {
    command.stdin(Stdio::null());
    match command.output() {
        Ok(output) => Ok(output),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Err(usage(format!(
            "cannot {purpose}: the `git` program is not installed (or not on PATH)"
        ))
        .hint("install git (https://git-scm.com/downloads) and run the command again")
        .into()),
        Err(error) => Err(anyhow::Error::new(error).context("cannot run git").into()),
    }
}

fn failed(command: &Command, stderr: &[u8]) -> Error {
    let args: Vec<String> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    anyhow::anyhow!(
        "`git {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(stderr).trim()
    )
    .into()
}

fn bad_revision(rev: &str) -> Error {
    usage(format!("{rev:?} is not a revision"))
        .hint("name a branch, tag or commit, e.g. origin/main, HEAD~1 or a commit hash")
        .into()
}

/// The first line of git's output.
fn line(out: &[u8]) -> String {
    String::from_utf8_lossy(out)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A path as git printed it with `-z`: bytes, which need not be UTF-8.
#[cfg(unix)]
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(bytes))
}

/// Elsewhere paths are Unicode.
#[cfg(not(unix))]
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// git's arguments `words`, then a pathspec, which need not be UTF-8.
fn with_spec<'a>(words: &'a [&'a str], spec: &'a OsStr) -> Vec<&'a OsStr> {
    let mut args: Vec<&OsStr> = words.iter().map(OsStr::new).collect();
    args.push(spec);
    args
}

/// Bytes git takes as a path or pathspec, which need not be UTF-8.
#[cfg(unix)]
fn os_string_of_bytes(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

/// Elsewhere paths are Unicode.
#[cfg(not(unix))]
fn os_string_of_bytes(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// A name's bytes as git sees them.
#[cfg(unix)]
fn bytes_of(name: &OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn bytes_of(name: &OsStr) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}
