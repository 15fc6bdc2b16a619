//! The one place that reads and lists the repository's files. Everything else asks it by path
//! from the root, so that what may be read, and how, is decided here alone.

use std::io;
use std::path::{Path, PathBuf};

/// The files of a data repository on disk, below `root`.
#[derive(Debug, Clone)]
pub struct Tree {
    root: PathBuf,
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

impl Tree {
    pub fn new(root: &Path) -> Tree {
        Tree {
            root: root.to_path_buf(),
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

    /// Reads a whole file. Data files are small, so a buffer of a page holds most of them in one
    /// read; unlike `fs::read`, this asks for no size first: fewer system calls for each of the
    /// tens of thousands of outcome files.
    pub fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let mut file = std::fs::File::open(self.path(relative))?;
        let mut bytes = vec![0; 4096];
        let mut len = 0;
        loop {
            if len == bytes.len() {
                bytes.resize(len * 2, 0);
            }
            match file.read(&mut bytes[len..]) {
                Ok(0) => break,
                Ok(read) => len += read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        bytes.truncate(len);
        Ok(bytes)
    }

    /// The entries of a folder, sorted by name, without hidden ones (ips ignores names starting
    /// with a dot). A folder that does not exist has no entries.
    pub fn list(&self, relative: &str) -> io::Result<Vec<Entry>> {
        let dir = self.path(relative);
        let read = match std::fs::read_dir(&dir) {
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let mut entries = Vec::new();
        for entry in read {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // The entry's type comes with the listing; only a link needs a stat to follow it.
            let is_dir = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => entry.path().is_dir(),
                Ok(kind) => kind.is_dir(),
                Err(_) => entry.path().is_dir(),
            };
            entries.push(Entry { name, is_dir });
        }
        entries.sort();
        Ok(entries)
    }

    /// Whether a file exists at the path (one stat, no listing).
    pub fn is_file(&self, relative: &str) -> bool {
        self.path(relative).is_file()
    }

    pub fn is_dir(&self, relative: &str) -> bool {
        self.path(relative).is_dir()
    }
}
