//! Which version of the data a report comes from: the last commit that changed the data folder,
//! and whether it has uncommitted changes, asked of the `git` program (no network). None when
//! git is missing or the folder is not in a git work tree.

use super::model::DataVersion;
use std::path::Path;
use std::process::Command;

pub fn data_version(root: &Path) -> Option<DataVersion> {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    };
    // The last commit that touched the data, not HEAD: a commit elsewhere in the work tree does
    // not change which data the figures come from.
    let commit = git(&["log", "-1", "--format=%h", "--", "."]).filter(|c| !c.is_empty())?;
    let dirty = git(&["status", "--porcelain", "--", "."]).is_some_and(|s| !s.is_empty());
    Some(DataVersion { commit, dirty })
}
