//! `ips hook install`: the pre-commit hook that checks what a commit will contain. Never
//! replaces a hook that is there, unless --force.

use super::find_root;
use crate::cli::hook::{HookCommand, HookInstallArgs};
use crate::error::{Result, usage};
use crate::git::Git;
use crate::write::{self, Created};
use std::io::Write;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, command: &HookCommand) -> Result<()> {
    match command {
        HookCommand::Install(args) => install(repo_flag, args),
    }
}

fn install(repo_flag: Option<&Path>, args: &HookInstallArgs) -> Result<()> {
    let root = find_root(repo_flag)?;
    let git = Git::at(&root, "install a git hook")?;
    let hooks = git.hooks_dir()?;
    let path = hooks.join("pre-commit");
    let shown = path.strip_prefix(git.top()).unwrap_or(&path).display();
    let command = validate_command(git.prefix());
    let content = hook_script(&command);
    let mut out = std::io::stdout().lock();
    match std::fs::read(&path) {
        Ok(old) if old == content.as_bytes() => {
            writeln!(
                out,
                "{shown} is already ips's pre-commit hook: nothing to do"
            )?;
            return Ok(());
        }
        Ok(old) if args.force => write::replace(&path, &old, content.as_bytes())?,
        Ok(_) => {
            return Err(usage(format!(
                "{shown} already exists: nothing was written"
            ))
            .hint(format!(
                "add the line `{command} || exit 1` to that hook, or pass --force to replace it with ips's"
            ))
            .into());
        }
        Err(_) => {
            if write::create_new(&path, content.as_bytes())? == Created::Exists {
                return Err(usage(format!(
                    "{shown} is in the way (a link or folder?): nothing was written"
                ))
                .hint("remove it, or pass --force to replace the hook that is there")
                .into());
            }
        }
    }
    write::make_executable(&path)?;
    writeln!(
        out,
        "installed {shown}: each `git commit` first runs `{command}`, which checks the staged files"
    )?;
    writeln!(
        out,
        "A commit with errors is refused; skip the check once with `git commit --no-verify`."
    )?;
    Ok(())
}

/// The command the hook runs. Hooks run at the top of the work tree, so the data repository is
/// named from there, and an $IPS_REPO of the user's cannot point the check elsewhere.
fn validate_command(prefix: &str) -> String {
    let folder = prefix.strip_suffix('/').unwrap_or(".");
    format!("ips --repo {} validate --staged", shell_quote(folder))
}

fn hook_script(command: &str) -> String {
    format!(
        "#!/bin/sh\n\
         # The pre-commit hook of `ips hook install`: checks what this commit will contain, the\n\
         # staged files and the checks they take part in. Skip it once: git commit --no-verify\n\
         if ! command -v ips >/dev/null 2>&1; then\n  \
         echo \"pre-commit: ips is not on PATH, so the data was not checked; install ips, or commit with --no-verify\" >&2\n  \
         exit 1\n\
         fi\n\
         exec {command}\n"
    )
}

/// `word` as one word for sh: as it is when plain, else in single quotes.
fn shell_quote(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if plain && !word.is_empty() {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_folder_is_quoted_for_the_shell() {
        assert_eq!(validate_command(""), "ips --repo . validate --staged");
        assert_eq!(
            validate_command("data/"),
            "ips --repo data validate --staged"
        );
        assert_eq!(
            validate_command("it's data/"),
            "ips --repo 'it'\\''s data' validate --staged"
        );
    }
}
