//! Which version of the data a report comes from: the last commit that changed the data files
//! (`repo::DATA_PATHS`), and whether they have uncommitted changes, asked of git through
//! `git.rs` (no network). None when git is missing or the folder is not in a git work tree.

use super::model::DataVersion;
use crate::git::Git;
use crate::repo::DATA_PATHS;
use std::path::Path;

pub fn data_version(root: &Path) -> Option<DataVersion> {
    let git = Git::at(root, "name the data's commit").ok()?;
    // The last commit that touched the data, not HEAD: a commit of other files (a report
    // written into the folder) does not change which data the figures come from.
    let commit = git.last_commit_of(&DATA_PATHS).ok()??;
    let dirty = git.has_changes(&DATA_PATHS).unwrap_or(false);
    Some(DataVersion { commit, dirty })
}
