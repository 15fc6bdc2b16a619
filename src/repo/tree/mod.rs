//! The one place that reads and lists the repository's files. Everything else asks it by path
//! from the root, so that what may be read, and from where, is decided here alone: only regular
//! files inside the root, and none larger than `MAX_FILE_BYTES`. What it refuses comes back as
//! an `io::Error` carrying a `Refusal`, which the loader turns into a finding.

mod disk;
pub mod git;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest data file ips reads: 16 MiB, thousands of times any real one (an outcomes file
/// is a few hundred bytes, an activity log of decades some kilobytes), so that a pasted export
/// or a stray disk image is refused at once instead of read into memory. Reading a CSV file
/// takes about 15 times its size at most (a row of a few bytes becomes a checked row).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The largest TOML file ips reads: 1 MiB, hundreds of times a real one (an agency.toml of a
/// hundred teams is 8 KB). Lower than for CSV because the TOML parser's tree of a file takes up
/// to 75 times the file's size (a list of a million numbers).
pub const MAX_TOML_BYTES: u64 = 1024 * 1024;

/// The size limit of the data file at `relative`.
pub fn max_bytes(relative: &str) -> u64 {
    if relative.ends_with(".toml") {
        MAX_TOML_BYTES
    } else {
        MAX_FILE_BYTES
    }
}

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
    Disk(Arc<disk::Disk>),
    /// A commit, or the staged index, read through git.
    Git(Arc<git::Snapshot>),
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

/// Why the tree would not read a path that exists. Carried inside the `io::Error` that `read`
/// and `list` return (`Refusal::of` finds it), so that callers that only pass errors on still
/// say why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The path, or the folder it is in, is a link that leads outside the repository: `link`
    /// is the part of the path (from the root) that does. Its target is never read nor named.
    Outside { link: String },
    /// Not a regular file: a FIFO, a socket, a device. Such a file is never opened for reading,
    /// so that it cannot block the run.
    NotRegular { kind: &'static str },
    /// Larger than its limit (`max_bytes`).
    TooLarge { bytes: u64, limit: u64 },
}

impl Refusal {
    /// The refusal an error carries, if it is one.
    pub fn of(error: &io::Error) -> Option<&Refusal> {
        error.get_ref()?.downcast_ref::<Refusal>()
    }

    fn into_error(self) -> io::Error {
        let kind = match self {
            Refusal::Outside { .. } => io::ErrorKind::PermissionDenied,
            Refusal::NotRegular { .. } => io::ErrorKind::InvalidInput,
            Refusal::TooLarge { .. } => io::ErrorKind::FileTooLarge,
        };
        io::Error::new(kind, self)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Outside { link } => write!(
                f,
                "{link} is a link to a place outside the repository, which ips does not read"
            ),
            Refusal::NotRegular { kind } => write!(f, "it is {kind}, not a regular file"),
            Refusal::TooLarge { bytes, limit } => {
                let kind = if *limit == MAX_TOML_BYTES {
                    "a TOML file"
                } else {
                    "a data file"
                };
                write!(
                    f,
                    "it is {}, more than the {} {kind} may be",
                    size(*bytes),
                    size(*limit)
                )
            }
        }
    }
}

impl std::error::Error for Refusal {}

/// `2.0 GiB`, `16 MiB`, `900 bytes`; rounded up, so that a size over a limit never reads as
/// the limit itself.
pub fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let tenths = |unit: u64| (bytes as f64 / unit as f64 * 10.0).ceil() / 10.0;
    match bytes {
        b if b >= 1024 * MIB => format!("{:.1} GiB", tenths(1024 * MIB)),
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= MIB => format!("{:.1} MiB", tenths(MIB)),
        b => format!("{b} bytes"),
    }
}

impl Tree {
    /// The files on disk below `root`.
    pub fn new(root: &Path) -> Tree {
        Tree {
            root: root.to_path_buf(),
            source: Source::Disk(Arc::new(disk::Disk::new(root))),
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

    /// A whole file's bytes. Refuses (see `Refusal`) what is not a regular file inside the
    /// root, or is larger than its limit (`max_bytes`).
    pub fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        match &self.source {
            Source::Disk(disk) => disk.read(relative),
            Source::Git(snapshot) => snapshot.read(relative),
        }
    }

    /// The entries of a folder, sorted by name, without hidden ones (ips ignores names starting
    /// with a dot) except the temporary files ips itself writes (`temporary::is_temporary`), which
    /// an interrupted write may leave. A folder that does not exist has no entries; one that
    /// leads outside the root is refused.
    pub fn list(&self, relative: &str) -> io::Result<Vec<Entry>> {
        match &self.source {
            Source::Disk(disk) => disk.list(relative),
            Source::Git(snapshot) => snapshot.list(relative),
        }
    }

    /// Whether a file exists at the path (one stat, no listing).
    pub fn is_file(&self, relative: &str) -> bool {
        match &self.source {
            Source::Disk(_) => self.path(relative).is_file(),
            Source::Git(snapshot) => snapshot.is_file(relative),
        }
    }

    pub fn is_dir(&self, relative: &str) -> bool {
        match &self.source {
            Source::Disk(_) => self.path(relative).is_dir(),
            Source::Git(snapshot) => snapshot.is_dir(relative),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(900), "900 bytes");
        assert_eq!(size(MAX_FILE_BYTES), "16 MiB");
        assert_eq!(size(MAX_FILE_BYTES + 1), "16.1 MiB");
        assert_eq!(size(MAX_TOML_BYTES), "1 MiB");
        assert_eq!(size(2 * 1024 * 1024 * 1024), "2.0 GiB");
    }
}
