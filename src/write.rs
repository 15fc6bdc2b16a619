//! The one way ips writes a file. The content goes to a temporary file in the same folder, is
//! synced to disk, and is then moved into place: a new file never replaces one that appeared
//! meanwhile, a replaced file is never left half-written, and a write that fails part way (a
//! full disk) leaves nothing behind, so that running the command again works.

use crate::error::{Result, usage};
use anyhow::Context;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// What `create_new` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    Written,
    /// The file was already there: nothing was written.
    Exists,
}

/// Writes a file that does not exist yet, creating its folders. Returns `Exists`, writing
/// nothing, if something is at the path already, even if it appeared while writing.
pub fn create_new(path: &Path, content: &[u8]) -> Result<Created> {
    create_new_with(path, |file| file.write_all(content))
}

/// `create_new` with the content written by `write`, so that tests can fail the write part way.
pub fn create_new_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<Created> {
    if path.symlink_metadata().is_ok() {
        return Ok(Created::Exists);
    }
    let dir = parent(path);
    let made = create_folders(dir)?;
    let result = write_temp(path, write).and_then(|temp| match temp.persist_noclobber(path) {
        Ok(_) => {
            sync_folder(dir);
            Ok(Created::Written)
        }
        // The temporary file is removed when the error drops it.
        Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => Ok(Created::Exists),
        Err(error) => Err(anyhow::Error::new(error.error)
            .context(format!("cannot create {}", path.display()))
            .into()),
    });
    if !matches!(result, Ok(Created::Written)) {
        remove_folders(&made);
    }
    result
}

/// Replaces `path`, read earlier as `expected`, with `content`, keeping its permissions.
/// Refuses, changing nothing, when the file changed in the meantime (someone else wrote to
/// it), so that no edit is lost.
pub fn replace(path: &Path, expected: &[u8], content: &[u8]) -> Result<()> {
    let permissions = fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .permissions();
    let temp = write_temp(path, |file| file.write_all(content))?;
    fs::set_permissions(temp.path(), permissions)
        .with_context(|| format!("cannot set the permissions of {}", temp.path().display()))?;
    let now = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if now != expected {
        return Err(usage(format!(
            "{} changed while ips was writing it: nothing was recorded",
            path.display()
        ))
        .hint("run the command again")
        .into());
    }
    temp.persist(path)
        .map_err(|error| error.error)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    sync_folder(parent(path));
    Ok(())
}

/// Holds an exclusive lock on the folder `dir` until dropped, so that two ips processes writing
/// in it take turns: the second reads what the first wrote, and no row is lost. (Other programs
/// do not take the lock; `replace` still refuses when the file changed under it.)
#[cfg(unix)]
pub fn lock_folder(dir: &Path) -> Result<Option<File>> {
    let folder = File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
    match folder.lock() {
        Ok(()) => Ok(Some(folder)),
        // Some file systems cannot lock; the changed-file check of `replace` still guards.
        Err(error) if error.kind() == io::ErrorKind::Unsupported => Ok(None),
        Err(error) => Err(anyhow::Error::new(error)
            .context(format!("cannot lock {} for writing", dir.display()))
            .into()),
    }
}

/// Elsewhere a folder cannot be opened to lock it, and locking a data file would stop others
/// from reading it; `replace` still refuses when the file changed under it.
#[cfg(not(unix))]
pub fn lock_folder(_dir: &Path) -> Result<Option<File>> {
    Ok(None)
}

/// The random part of a temporary file's name: as many letters and digits as tempfile's default.
const TEMPORARY_RANDOM_CHARS: usize = 6;

/// Whether `name` is that of a temporary file ips writes (`.NAME.ips-XXXXXX.tmp`), which a
/// write killed at the wrong moment leaves behind.
pub fn is_temporary(name: &str) -> bool {
    temporary_of(name).is_some()
}

/// The file a temporary file of ips's was written for: `activities.csv` for
/// `.activities.csv.ips-a1B2c3.tmp`.
pub fn temporary_of(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, random) = rest.rsplit_once(".ips-")?;
    let random_ok =
        random.len() == TEMPORARY_RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric());
    (random_ok && !file.is_empty()).then_some(file)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A new hidden file next to `path` (ips ignores names starting with a dot), written and
/// synced; removed again if anything fails.
fn write_temp(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<NamedTempFile> {
    let dir = parent(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.ips-"))
        .rand_bytes(TEMPORARY_RANDOM_CHARS)
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    write(temp.as_file_mut())
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(temp)
}

/// Creates the missing folders of `dir`; returns those it made, deepest first.
fn create_folders(dir: &Path) -> Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(missing)
}

/// Removes folders made for a write that did not happen, if they are still empty.
fn remove_folders(made: &[PathBuf]) {
    for dir in made {
        let _ = fs::remove_dir(dir);
    }
}

/// Makes a rename durable. Not every platform can open a folder; the file's own content is
/// already synced, so this is best effort.
fn sync_folder(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn creates_but_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        assert_eq!(create_new(&path, b"one").unwrap(), Created::Written);
        assert_eq!(create_new(&path, b"two").unwrap(), Created::Exists);
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert_eq!(names(dir.path()), ["a.csv"]);
    }

    #[test]
    fn a_write_that_fails_after_the_temporary_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fidelity").join("2026-12-09.toml");
        let result = create_new_with(&path, |file| {
            file.write_all(b"half a review")?;
            Err(io::Error::other("the disk is full"))
        });
        let error = format!("{:#}", result.unwrap_err());
        assert!(error.contains("the disk is full"), "{error}");
        // Neither the file, nor its temporary, nor the folder made for it is left.
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        // And a retry works.
        assert_eq!(create_new(&path, b"review").unwrap(), Created::Written);
        assert_eq!(fs::read(&path).unwrap(), b"review");
    }

    #[test]
    fn a_file_that_appears_while_writing_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let result = create_new_with(&path, |file| {
            fs::write(dir.path().join("a.csv"), "theirs")?;
            file.write_all(b"mine")
        });
        assert_eq!(result.unwrap(), Created::Exists);
        assert_eq!(fs::read(&path).unwrap(), b"theirs");
        assert_eq!(names(dir.path()), ["a.csv"]);
    }

    #[test]
    fn replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        fs::write(&path, "old").unwrap();
        replace(&path, b"old", b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["a.csv"]);
    }

    #[test]
    fn refuses_when_the_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        fs::write(&path, "changed").unwrap();
        assert!(replace(&path, b"old", b"new").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"changed");
        assert_eq!(names(dir.path()), ["a.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_files_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        replace(&path, b"old", b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
