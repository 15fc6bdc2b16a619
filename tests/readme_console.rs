//! Every console block of the README is run, so the front page cannot drift from the program.
//!
//! A block is a shell session: each `$ ` line is a command, run by bash with the built `ips`
//! first on PATH, and the lines after it are what it prints (stdout and stderr as a terminal
//! interleaves them; a last line `...` stands for the rest). A command shown without output
//! is run for its exit code only. Every command must exit 0, unless its comment says
//! `exits N`.
//!
//! Where it runs: the blocks before the one that copies the example (`cp -r
//! examples/learning-community /tmp/lc`) run in a folder holding a copy of `examples/`; that
//! block runs there too, and what it leaves in `/tmp/lc` is the start of every later block, each
//! in a fresh copy of it. `/tmp/lc` stands for a temporary folder, so the example and /tmp are
//! never changed. Lines `<!-- readme-test: COMMAND -->` just before a block (hidden on a git
//! host) are run first, unchecked: they make the broken copy that `ips validate` is shown on
//! (`$CARGO_MANIFEST_DIR` names the crate's folder, for a fixture to copy).
//!
//! Every command sees `IPS_AS_OF=2026-11-24` and a fixed git identity and clock, so the output
//! and commit hashes are the same on any day and machine. `IPS_UPDATE_DOCS=1 cargo test --test
//! readme_console` writes what the commands print into the README.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-11-24";
const COPY: &str = "/tmp/lc";
const COPYING: &str = "cp -r examples/learning-community /tmp/lc";
const SETUP: &str = "<!-- readme-test: ";

/// A `$ ` line of a console block, with what the README shows it printing.
#[derive(Debug)]
struct Shown {
    /// 1-based line of the README.
    line: usize,
    command: String,
    /// The lines after it, up to the next command or the end of the block.
    output: Vec<String>,
    exit: i32,
}

#[derive(Debug)]
struct Block {
    setup: Vec<String>,
    commands: Vec<Shown>,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut setup = Vec::new();
    let mut current: Option<Block> = None;
    for (index, line) in readme.lines().enumerate() {
        if let Some(block) = current.as_mut() {
            if line == "```" {
                blocks.extend(current.take());
            } else if let Some(command) = line.strip_prefix("$ ") {
                block.commands.push(Shown {
                    line: index + 1,
                    command: command.to_string(),
                    output: Vec::new(),
                    exit: exit_in(command),
                });
            } else {
                let last = block.commands.last_mut();
                let last = last
                    .unwrap_or_else(|| panic!("README:{}: output before a `$ ` line", index + 1));
                last.output.push(line.to_string());
            }
        } else if line == "```console" {
            current = Some(Block {
                setup: std::mem::take(&mut setup),
                commands: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix(SETUP) {
            let command = rest
                .strip_suffix(" -->")
                .expect("a readme-test line ends with -->");
            setup.push(command.to_string());
        } else if !line.trim().is_empty() {
            // Setup lines belong to the block right below them.
            setup.clear();
        }
    }
    assert!(current.is_none(), "the README ends inside a console block");
    blocks
}

/// The exit code a command's comment announces (`# exits 1 ...`), else 0.
fn exit_in(command: &str) -> i32 {
    let Some((_, comment)) = command.split_once(" # ") else {
        return 0;
    };
    comment
        .split_once("exits ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

/// What each command of a block printed, and its exit code, run in `dir` with `/tmp/lc` standing
/// for `copy`.
fn run_block(block: &Block, dir: &Path, copy: &Path) -> Vec<(String, i32)> {
    let copy = copy.to_str().expect("a temporary path is text");
    let mut script = String::from("exec 2>&1\n");
    for setup in &block.setup {
        // Unchecked, and silent unless it fails.
        let setup = setup.replace(COPY, copy);
        script.push_str(&format!(
            "out=$( {{ {setup}\n}} 2>&1 ) || {{ printf '%s\\n' \"$out\"; exit 99; }}\n"
        ));
    }
    for shown in &block.commands {
        // A marker after each command, on a line of its own, carries its exit code.
        script.push_str(&shown.command.replace(COPY, copy));
        script.push_str("\nprintf '\\036%d\\036\\n' $?\n");
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ips"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("the binary's folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("bash");
    command
        .args(["--noprofile", "--norc", "-c", &script])
        .current_dir(dir)
        .env("PATH", path)
        .env("IPS_AS_OF", AS_OF)
        .env("HOME", dir)
        // For a setup line that copies a fixture (a workbook an agency sent back).
        .env("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"))
        .envs(GIT_ENV)
        .env("GIT_AUTHOR_DATE", "2026-11-20T09:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-11-20T09:00:00+00:00");
    for variable in [
        "IPS_REPO",
        "COLUMNS",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
    ]
    .into_iter()
    .chain(GIT_ENV_REMOVED)
    {
        command.env_remove(variable);
    }
    let output = command.output().expect("bash runs");
    let printed = String::from_utf8_lossy(&output.stdout).replace(copy, COPY);
    assert_ne!(
        output.status.code(),
        Some(99),
        "a readme-test setup line failed:\n{printed}"
    );
    let mut results = Vec::new();
    let mut rest = printed.as_str();
    while let Some((before, after)) = rest.split_once('\u{1e}') {
        let (code, after) = after.split_once("\u{1e}\n").expect("the marker ends");
        results.push((before.to_string(), code.parse().expect("an exit code")));
        rest = after;
    }
    assert_eq!(
        results.len(),
        block.commands.len(),
        "the block stopped early:\n{printed}"
    );
    results
}

/// Whether `printed` is what the README shows: every line, or the lines before a last `...`.
fn matches(shown: &[String], printed: &str) -> bool {
    let printed: Vec<&str> = printed.lines().collect();
    match shown.split_last() {
        Some((last, before)) if last == "..." => {
            printed.len() > before.len() && printed[..before.len()] == *before
        }
        _ => printed == shown,
    }
}

/// `printed` as the README should show it: whole, or cut to as many lines as shown before `...`.
fn as_shown(shown: &[String], printed: &str) -> Vec<String> {
    let printed = printed.lines().map(str::to_string);
    match shown.last().map(String::as_str) {
        Some("...") => printed
            .take(shown.len() - 1)
            .chain(["...".to_string()])
            .collect(),
        _ => printed.collect(),
    }
}

#[test]
fn every_console_block_of_the_readme_runs_as_shown() {
    let path = crate_dir().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let blocks = blocks(&readme);
    let mut start: Option<tempfile::TempDir> = None;
    let mut failures = Vec::new();
    let mut updates: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for block in &blocks {
        let sandbox = tempfile::tempdir().expect("a temporary folder");
        let copy = sandbox.path().join("lc");
        let copies = block.commands.iter().any(|c| c.command.contains(COPYING));
        let dir = match &start {
            Some(start) if !copies => {
                copy_dir(&start.path().join("lc"), &copy);
                copy.clone()
            }
            _ => {
                copy_dir(
                    &example_dir(),
                    &sandbox.path().join("examples/learning-community"),
                );
                sandbox.path().to_path_buf()
            }
        };
        let results = run_block(block, &dir, &copy);
        for (shown, (printed, code)) in block.commands.iter().zip(&results) {
            if *code != shown.exit {
                failures.push(format!(
                    "README:{}: `{}` exited {code}, not {}:\n{printed}",
                    shown.line, shown.command, shown.exit
                ));
            }
            if !shown.output.is_empty() && !matches(&shown.output, printed) {
                failures.push(format!(
                    "README:{}: `{}` printed:\n{printed}\nnot:\n{}\n",
                    shown.line,
                    shown.command,
                    shown.output.join("\n")
                ));
                updates.push((
                    shown.line,
                    shown.output.len(),
                    as_shown(&shown.output, printed),
                ));
            }
        }
        if copies {
            start = Some(sandbox);
        }
    }
    if std::env::var_os("IPS_UPDATE_DOCS").is_some() && !updates.is_empty() {
        let mut lines: Vec<String> = readme.lines().map(str::to_string).collect();
        for (line, count, printed) in updates.into_iter().rev() {
            lines.splice(line..line + count, printed);
        }
        std::fs::write(&path, lines.join("\n") + "\n").expect("write README.md");
        return;
    }
    assert!(
        start.is_some(),
        "the README copies the example with `{COPYING}`"
    );
    assert!(
        failures.is_empty(),
        "{}\n(IPS_UPDATE_DOCS=1 cargo test --test readme_console writes the output into the README)",
        failures.join("\n")
    );
}

#[test]
fn a_comment_announces_the_exit_code() {
    assert_eq!(exit_in("ips validate"), 0);
    assert_eq!(
        exit_in("ips fidelity schedule --fail-if-overdue   # exits 1: something is overdue"),
        1
    );
    assert_eq!(exit_in("ips outcomes new --agency a   # the blank file"), 0);
}

#[test]
fn shown_output_may_end_with_an_ellipsis() {
    let shown = ["a".to_string(), "...".to_string()];
    assert!(matches(&shown, "a\nb\n"));
    assert!(!matches(&shown, "a\n"));
    assert!(!matches(&shown, "x\nb\n"));
    assert!(matches(&["a".to_string()], "a\n"));
    assert!(!matches(&["a".to_string()], "a\nb\n"));
    assert_eq!(as_shown(&shown, "c\nd\n"), ["c", "..."]);
}
