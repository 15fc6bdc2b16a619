//! What ips gives the shell and `man`: completion scripts (`ips completions SHELL`) and the
//! manual pages (`ips man DIR`, and the copies in docs/man/ kept equal to the program).

// A test notes on stderr what it could not run here.
#![allow(clippy::print_stderr)]

mod common;

use common::*;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

/// Runs `script` in bash with `$0` the ips binary; returns (stdout, stderr, exit code).
fn bash(script: &str) -> Run {
    let output = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_ips"))
        .env_remove("IPS_REPO")
        .output()
        .expect("bash runs");
    run_of(output)
}

#[test]
fn the_bash_script_loads_and_defines_the_completion_of_ips() {
    assert_eq!(
        bash(r#"source <("$0" completions bash) && declare -F _ips && complete -p ips"#),
        (
            "_ips\ncomplete -o bashdefault -o default -o nosort -F _ips ips\n".to_string(),
            String::new(),
            0
        )
    );
}

/// Tab after `ips outcomes su` gives `summarize`; after `ips completions ` the shells.
#[test]
fn the_bash_script_completes_commands_and_values() {
    let script = r#"source <("$0" completions bash)
        COMP_WORDS=(ips outcomes su); COMP_CWORD=2; _ips ips su outcomes; echo "${COMPREPLY[*]}"
        COMP_WORDS=(ips completions ''); COMP_CWORD=2; _ips ips '' completions; echo "${COMPREPLY[*]}""#;
    assert_eq!(
        bash(script),
        (
            "summarize\n-h --repo --color --help bash elvish fish powershell zsh\n".to_string(),
            String::new(),
            0
        )
    );
}

/// Runs `script` in `shell` with the completion script written to a file, where that shell is
/// installed; None (with a note) where it is not.
fn in_shell(shell: &str, args: &[&str]) -> Option<Run> {
    if Command::new(shell).arg("--version").output().is_err() {
        eprintln!("note: {shell} is not installed, so its completion script was not loaded");
        return None;
    }
    let output = Command::new(shell)
        .args(args)
        .env_remove("IPS_REPO")
        .output()
        .expect("the shell runs");
    Some(run_of(output))
}

/// zsh and fish load their scripts, and fish completes a command (zsh's completion needs a
/// terminal to be driven, so only loading is checked there).
#[test]
fn the_zsh_and_fish_scripts_load_where_those_shells_are_installed() {
    let dir = TempDir::new().expect("a temporary folder");
    for shell in ["zsh", "fish"] {
        let (script, _, code) = run_ips(dir.path(), &["completions", shell]);
        assert_eq!(code, 0);
        write(dir.path(), shell, script);
    }
    let zsh = dir.path().join("zsh");
    let loaded = in_shell(
        "zsh",
        &[
            "-fc",
            &format!(
                "autoload -U compinit && compinit -u -d {0}/.zcompdump && source {1} && whence -w _ips",
                dir.path().display(),
                zsh.display()
            ),
        ],
    );
    if let Some(run) = loaded {
        assert_eq!(run, ("_ips: function\n".to_string(), String::new(), 0));
    }
    let fish = dir.path().join("fish");
    let completed = in_shell(
        "fish",
        &[
            "--no-config",
            "-c",
            &format!("source {} && complete -C'ips outcomes su'", fish.display()),
        ],
    );
    if let Some(run) = completed {
        assert_eq!(
            run,
            (
                "summarize\tPooled employment rates by group, against the benchmarks\n".to_string(),
                String::new(),
                0
            )
        );
    }
}

/// Each shell gets its own script, which starts the way that shell loads it.
#[test]
fn every_shell_gets_its_script() {
    let dir = TempDir::new().expect("a temporary folder");
    for (shell, line) in [
        ("bash", "_ips() {"),
        ("zsh", "#compdef ips"),
        (
            "fish",
            "complete -c ips -n \"__fish_ips_needs_command\" -l repo",
        ),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'ips' -ScriptBlock {",
        ),
        (
            "elvish",
            "set edit:completion:arg-completer[ips] = {|@words|",
        ),
    ] {
        let (stdout, stderr, code) = run_ips(dir.path(), &["completions", shell]);
        assert_eq!((stderr.as_str(), code), ("", 0), "{shell}");
        assert!(
            stdout.lines().any(|l| l.starts_with(line)),
            "{shell}: {stdout}"
        );
        // It completes the commands, down to the subcommands.
        assert!(stdout.contains("summarize"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_refused_with_the_choices() {
    let dir = TempDir::new().expect("a temporary folder");
    assert_eq!(
        run_ips(dir.path(), &["completions", "cmd"]),
        (
            String::new(),
            "error: invalid value 'cmd' for '<SHELL>'\n  [possible values: bash, elvish, fish, powershell, zsh]\n\nFor more information, try '--help'.\n".to_string(),
            2
        )
    );
}

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const PAGES: [&str; 32] = [
    "ips-agency-list.1",
    "ips-agency-new.1",
    "ips-agency.1",
    "ips-agreement-log.1",
    "ips-agreement-status.1",
    "ips-agreement.1",
    "ips-attention.1",
    "ips-completions.1",
    "ips-fidelity-items.1",
    "ips-fidelity-new.1",
    "ips-fidelity-plan-new.1",
    "ips-fidelity-plan-status.1",
    "ips-fidelity-plan.1",
    "ips-fidelity-report.1",
    "ips-fidelity-schedule.1",
    "ips-fidelity-show.1",
    "ips-fidelity.1",
    "ips-hook-install.1",
    "ips-hook.1",
    "ips-init.1",
    "ips-man.1",
    "ips-outcomes-diff.1",
    "ips-outcomes-export.1",
    "ips-outcomes-form.1",
    "ips-outcomes-import.1",
    "ips-outcomes-missing.1",
    "ips-outcomes-new.1",
    "ips-outcomes-summarize.1",
    "ips-outcomes.1",
    "ips-report.1",
    "ips-validate.1",
    "ips.1",
];

#[test]
fn man_writes_a_page_for_every_command_and_never_overwrites_one() {
    let dir = TempDir::new().expect("a temporary folder");
    assert_eq!(
        run_ips(dir.path(), &["man", "pages/man1"]),
        (
            "wrote 32 man pages to pages/man1 (try `man -l pages/man1/ips.1`)\n".to_string(),
            String::new(),
            0
        )
    );
    let pages = dir.path().join("pages/man1");
    assert_eq!(names(&pages), PAGES);
    let summarize = read(&pages, "ips-outcomes-summarize.1");
    assert!(
        summarize.contains("\n.SH NAME\nips\\-outcomes\\-summarize \\- Pooled employment rates"),
        "{summarize}"
    );

    // One page edited by hand is kept, and so is every other: nothing is written.
    write(&pages, "ips-init.1", "mine\n");
    std::fs::remove_file(pages.join("ips.1")).expect("remove a page");
    assert_eq!(
        run_ips(dir.path(), &["man", "pages/man1"]),
        (
            String::new(),
            "error: pages/man1/ips-init.1 and 30 more of the pages already exist: nothing was written\n  hint: pass --force to replace the pages in pages/man1, or choose another folder\n".to_string(),
            2
        )
    );
    assert_eq!(read(&pages, "ips-init.1"), "mine\n");
    assert!(!pages.join("ips.1").exists());

    // With --force every page is written.
    assert_eq!(run_ips(dir.path(), &["man", "pages/man1", "--force"]).2, 0);
    assert_eq!(names(&pages), PAGES);
    assert_eq!(
        read(&pages, "ips-init.1"),
        read(&crate_dir(), "docs/man/ips-init.1")
    );
}

#[test]
fn man_names_the_one_page_in_the_way() {
    let dir = TempDir::new().expect("a temporary folder");
    write(dir.path(), "ips.1", "theirs\n");
    assert_eq!(
        run_ips(dir.path(), &["man", "."]),
        (
            String::new(),
            "error: ./ips.1 already exists: nothing was written\n  hint: pass --force to replace the pages in ., or choose another folder\n".to_string(),
            2
        )
    );
    assert_eq!(names(dir.path()), ["ips.1"]);
}

/// A file (or a link to nothing) where the folder should be is refused, not a system error.
#[test]
fn man_refuses_a_file_for_its_folder() {
    let dir = TempDir::new().expect("a temporary folder");
    write(dir.path(), "pages", "a file\n");
    assert_eq!(
        run_ips(dir.path(), &["man", "pages"]),
        (
            String::new(),
            "error: pages is not a folder: nothing was written\n  hint: name a folder for the pages (it is created if missing)\n".to_string(),
            2
        )
    );
    assert_eq!(names(dir.path()), ["pages"]);
}

/// docs/man/ holds the pages `ips man` writes, so the pages read on the web and packaged
/// cannot drift from the program. `IPS_UPDATE_DOCS=1 cargo test --test shell` rewrites them
/// after a command or its help changes.
#[test]
fn docs_man_holds_the_pages_ips_man_writes() {
    let docs = crate_dir().join("docs/man");
    if std::env::var_os("IPS_UPDATE_DOCS").is_some() {
        let _ = std::fs::remove_dir_all(&docs);
        let (_, stderr, code) = run_ips(&crate_dir(), &["man", "docs/man"]);
        assert_eq!((stderr.as_str(), code), ("", 0));
    }
    let fresh = TempDir::new().expect("a temporary folder");
    assert_eq!(run_ips(fresh.path(), &["man", "."]).2, 0);
    let hint = "docs/man is out of date: run IPS_UPDATE_DOCS=1 cargo test --test shell";
    let shipped = if docs.is_dir() { names(&docs) } else { vec![] };
    assert_eq!(shipped, names(fresh.path()), "{hint}");
    for name in names(fresh.path()) {
        assert!(
            read(&docs, &name) == read(fresh.path(), &name),
            "{name}: {hint}"
        );
    }
}

/// The page renders in `man` without a warning, where `man` is installed.
#[test]
fn the_man_page_renders_in_man() {
    if Command::new("man").arg("--version").output().is_err() {
        eprintln!("note: `man` is not installed, so the pages were not rendered");
        return;
    }
    let output = Command::new("man")
        .args(["--warnings", "-l", "docs/man/ips.1"])
        .current_dir(crate_dir())
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("man runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        (
            String::from_utf8_lossy(&output.stderr).as_ref(),
            output.status.code()
        ),
        ("", Some(0))
    );
    let lines: Vec<&str> = stdout.lines().take(6).collect();
    assert_eq!(
        lines,
        [
            "ips(1)                      General Commands Manual                     ips(1)",
            "",
            "NAME",
            "       ips - Keep, check and summarise IPS supported employment program data",
            "",
            "SYNOPSIS",
        ]
    );
}
