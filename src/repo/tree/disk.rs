//! Reading and listing files on disk.

use super::Entry;
use std::io::{self, Read};
use std::path::Path;

/// Reads a whole file. Data files are small, so a buffer of a page holds most of them in one
/// read; unlike `fs::read`, this asks for no size first: fewer system calls for each of the tens
/// of thousands of outcome files.
pub(super) fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
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

/// A folder's entries, sorted by name, hidden ones left out; none for a missing folder.
pub(super) fn list(dir: &Path) -> io::Result<Vec<Entry>> {
    let read = match std::fs::read_dir(dir) {
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
