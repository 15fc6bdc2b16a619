//! `ips hook ...`: the flags of the git hook commands (clap derive only).

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install the pre-commit hook: every `git commit` first runs `ips validate --staged`.
    #[command(
        after_help = "Writes pre-commit into the folder git runs hooks from (`git rev-parse \
        --git-path hooks`: .git/hooks, or core.hooksPath). The hook checks what the commit will \
        contain, the staged files and the checks they take part in, and refuses the commit on an \
        error; unstaged edits and problems in other files do not matter to it. It never replaces \
        an existing hook: it says which line to add to it, or pass --force. Skip the hook for one \
        commit with `git commit --no-verify`.\n\n\
        Users of the pre-commit framework (pre-commit.com) can instead add the hook `ips-validate` \
        of this project's .pre-commit-hooks.yaml.\n\n\
        Examples:\n  ips hook install\n  ips hook install --force   # replace the pre-commit hook that is there"
    )]
    Install(HookInstallArgs),
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// Replace a pre-commit hook that is already there.
    #[arg(long)]
    pub force: bool,
}
