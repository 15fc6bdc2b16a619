//! `ips init`: a new repository from the embedded templates, and with --ci the CI file of a
//! data repository. Never overwrites a file.

use crate::cli::{Ci, InitArgs};
use crate::error::{Error, Result, usage};
use crate::git::Git;
use crate::note::Note;
use crate::output::notes;
use crate::repo::{AGENCIES_DIR, OUTCOMES_DIR, SETTINGS_FILE};
use crate::write::{self, Created};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The templates, embedded so that an installed ips works anywhere.
pub const SETTINGS_TEMPLATE: &str = include_str!("../../data-templates/ips.toml");
pub const README_TEMPLATE: &str = include_str!("../../data-templates/README.md");
pub const GITHUB_TEMPLATE: &str = include_str!("../../data-templates/ci/github.yml");
pub const GITLAB_TEMPLATE: &str = include_str!("../../data-templates/ci/gitlab.yml");

/// Where CI installs ips from when --ips-git is not given: the project's repository, once
/// Cargo.toml names one.
const IPS_GIT: &str = env!("CARGO_PKG_REPOSITORY");

pub fn run(repo_flag: Option<&Path>, args: &InitArgs) -> Result<()> {
    let dir = &target(args.dir.as_deref(), repo_flag)?;
    let exists = dir.join(SETTINGS_FILE).exists();
    if !exists {
        refuse_nested(dir)?;
    }
    let mut out = std::io::stdout().lock();
    match args.ci {
        None if exists => Err(usage(format!(
            "{} already has an {SETTINGS_FILE}: nothing was written",
            dir.display()
        ))
        .hint("this is already a data repository; run `ips validate` in it")
        .into()),
        None => {
            create_repository(dir, &mut out)?;
            next_steps(dir, &mut out)
        }
        Some(ci) => {
            if !exists {
                create_repository(dir, &mut out)?;
            }
            let ips_git = args.ips_git.as_deref().unwrap_or(IPS_GIT);
            write_ci(dir, ci, ips_git, &mut out)?;
            if !exists {
                next_steps(dir, &mut out)?;
            }
            Ok(())
        }
    }
}

/// The folder to create the repository in: DIR, else --repo, else the current folder. Both,
/// naming different folders, are refused: which one was meant cannot be known.
fn target(dir: Option<&Path>, repo_flag: Option<&Path>) -> Result<PathBuf> {
    match (dir, repo_flag) {
        (Some(dir), Some(repo)) if !same_folder(dir, repo) => Err(usage(format!(
            "two folders for the new repository: {} and --repo {}: nothing was written",
            dir.display(),
            repo.display()
        ))
        .hint(format!(
            "give only one of them, e.g. `ips init {}`",
            dir.display()
        ))
        .into()),
        (Some(dir), _) | (None, Some(dir)) => Ok(dir.to_path_buf()),
        (None, None) => Ok(PathBuf::from(".")),
    }
}

/// Whether two paths name one folder: as written (`a`, `./a/`), or once both exist.
fn same_folder(a: &Path, b: &Path) -> bool {
    let plain = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| *c != std::path::Component::CurDir)
            .collect()
    };
    plain(a) == plain(b) || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// Refuses a repository inside another one: its files would be the outer one's stray files
/// (under agencies/ or outcomes/, findings of `ips validate`), and what was meant is most
/// likely an agency of the outer one, or a repository beside it.
fn refuse_nested(dir: &Path) -> Result<()> {
    let cwd = std::env::current_dir()?;
    let Some(root) = crate::repo::enclosing_root(dir, &cwd) else {
        return Ok(());
    };
    Err(usage(format!(
        "{} is inside the data repository of {}: nothing was written",
        dir.display(),
        root.join(SETTINGS_FILE).display()
    ))
    .hint(format!(
        "a data repository cannot hold another: create the new one outside {}, or add an agency to this one with `ips agency new ID --jurisdiction ID`",
        match root.as_os_str() == "." {
            true => "this folder".to_string(),
            false => root.display().to_string(),
        }
    ))
    .into())
}

fn create_repository(dir: &Path, out: &mut dyn Write) -> Result<()> {
    let files: [(&str, &str); 4] = [
        (SETTINGS_FILE, SETTINGS_TEMPLATE),
        ("README.md", README_TEMPLATE),
        (&format!("{AGENCIES_DIR}/.gitkeep"), ""),
        (&format!("{OUTCOMES_DIR}/.gitkeep"), ""),
    ];
    // A link to nothing at one of these paths would be "kept", leaving no usable repository.
    for (name, _) in &files {
        let path = dir.join(name);
        let dangling = path.symlink_metadata().is_ok() && !path.exists();
        if dangling {
            let target = std::fs::read_link(&path).unwrap_or_default();
            return Err(usage(format!(
                "{} is a link to {}, which does not exist: nothing was written",
                path.display(),
                target.display()
            ))
            .hint(format!(
                "remove the link (or restore what it points to), then run `ips init {}` again",
                dir.display()
            ))
            .into());
        }
    }
    let files: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(name, content)| (dir.join(name), content.as_bytes()))
        .collect();
    let done = write::all(&files, write::Existing::Keep)?;
    for ((path, _), done) in files.iter().zip(done) {
        match done {
            Created::Written => writeln!(out, "created {}", path.display())?,
            Created::Exists => writeln!(out, "kept    {} (it already exists)", path.display())?,
        }
    }
    Ok(())
}

fn next_steps(dir: &Path, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "\nNext:\n  1. edit {} (name, jurisdictions)\n  2. add agencies: ips agency new ID --jurisdiction ID\n  3. check: ips validate\n  4. keep it in git, checked at every commit: cd {} && git init && ips hook install\n     (leave out `git init` when the folder is in a git repository already)",
        dir.join(SETTINGS_FILE).display(),
        crate::text::shell_quote(&dir.display().to_string())
    )?;
    Ok(())
}

/// Writes the CI file at the top of the git work tree that holds the repository (the folder
/// itself when it is not in one yet), naming the data folder from there.
fn write_ci(dir: &Path, ci: Ci, ips_git: &str, out: &mut dyn Write) -> Result<()> {
    let (top, prefix) = work_tree(dir)?;
    let (relative, template) = match ci {
        Ci::Github => (".github/workflows/ips.yml", GITHUB_TEMPLATE),
        Ci::Gitlab => (".gitlab-ci.yml", GITLAB_TEMPLATE),
    };
    let data = prefix.strip_suffix('/').unwrap_or(".");
    let content = template
        .replace("@IPS_REPO@", &yaml_string(data))
        .replace("@IPS_GIT@", &yaml_string(ips_git));
    let path = top.join(relative);
    if write::create_new(&path, content.as_bytes())? == Created::Exists {
        return Err(usage(format!(
            "{} already exists: nothing was written",
            shown(&path)
        ))
        .hint(match ci {
            Ci::Github => "rename or remove it and run this again",
            Ci::Gitlab => "rename yours, run this again, then merge the two files (or `include:` one from the other)",
        })
        .into());
    }
    writeln!(out, "created {}", shown(&path))?;
    let service = match ci {
        Ci::Github => "a pull request",
        Ci::Gitlab => "a merge request",
    };
    writeln!(
        out,
        "CI: {service} is checked by its own changes (`ips validate --changed`); a weekly job lists overdue reviews and missing outcomes."
    )?;
    if ci == Ci::Gitlab {
        writeln!(
            out,
            "Add a weekly pipeline schedule for the follow-up job in GitLab: Build > Pipeline schedules."
        )?;
    }
    if ips_git.is_empty() {
        let stop = match ci {
            Ci::Github => "its jobs stop at the step `Install ips`",
            Ci::Gitlab => "its jobs stop before their script, saying to set it",
        };
        notes::print(&[Note::warning(format!(
            "set IPS_GIT in {} to the git URL that CI installs ips from (or write the file with --ips-git URL): until then {stop}",
            shown(&path)
        ))])?;
    }
    Ok(())
}

/// The top of the git work tree holding `dir`, and `dir`'s folder from there; `dir` itself
/// when it is in no work tree (or git is missing): the CI file then waits for `git init`.
fn work_tree(dir: &Path) -> Result<(PathBuf, String)> {
    match Git::at(dir, "find the git work tree") {
        Ok(git) => Ok((git.top().to_path_buf(), git.prefix().to_string())),
        Err(Error::Usage(_)) => Ok((dir.to_path_buf(), String::new())),
        Err(error) => Err(error),
    }
}

/// A path as the user names it: from the current folder when it is inside it.
fn shown(path: &Path) -> String {
    let inside = std::env::current_dir()
        .and_then(|cwd| cwd.canonicalize())
        .ok()
        .zip(path.canonicalize().ok())
        .and_then(|(cwd, full)| full.strip_prefix(cwd).ok().map(Path::to_path_buf));
    match inside {
        Some(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => path.display().to_string(),
    }
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
