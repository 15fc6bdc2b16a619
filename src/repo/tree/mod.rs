//! The one place that reads and lists the repository's files. Everything else asks it by path
//! from the root, so that what may be read, and from where, is decided here alone.

mod disk;
pub mod git;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The files of a data repository, below `root`.
#[derive(Debug, Clone)]
pub struct Tree {
    root: PathBuf,
    source: Source,
}

/// Where the files' contents come from.
#[derive(Debug, Clone)]
enum Source {
    /// The working tree on disk.
    Disk,
    /// A commit, or the staged index, read through git.
    Git(Arc<git::Snapshot>),
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

impl Tree {
    /// The files on disk below `root`.
    pub fn new(root: &Path) -> Tree {
        Tree {
            root: root.to_path_buf(),
            source: Source::Disk,
        }
    }

    /// The files of `snapshot` (a commit, or the index), for the data repository at `root`.
    pub fn git(root: &Path, snapshot: git::Snapshot) -> Tree {
        Tree {
            root: root.to_path_buf(),
            source: Source::Git(Arc::new(snapshot)),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The full path of a path from the root (`/`-separated).
    pub fn path(&self, relative: &str) -> PathBuf {
        if relative.is_empty() {
            return self.root.clone();
        }
        self.root.join(relative)
    }

    /// A whole file's bytes.
    pub fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        match &self.source {
            Source::Disk => disk::read(&self.path(relative)),
            Source::Git(snapshot) => snapshot.read(relative),
        }
    }

    /// The entries of a folder, sorted by name, without hidden ones (ips ignores names starting
    /// with a dot). A folder that does not exist has no entries.
    pub fn list(&self, relative: &str) -> io::Result<Vec<Entry>> {
        match &self.source {
            Source::Disk => disk::list(&self.path(relative)),
            Source::Git(snapshot) => snapshot.list(relative),
        }
    }

    /// Whether a file exists at the path (one stat, no listing).
    pub fn is_file(&self, relative: &str) -> bool {
        match &self.source {
            Source::Disk => self.path(relative).is_file(),
            Source::Git(snapshot) => snapshot.is_file(relative),
        }
    }

    pub fn is_dir(&self, relative: &str) -> bool {
        match &self.source {
            Source::Disk => self.path(relative).is_dir(),
            Source::Git(snapshot) => snapshot.is_dir(relative),
        }
    }
}
