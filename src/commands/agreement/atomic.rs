//! Writing a data file so that a crash never leaves it half-written: the content goes to a
//! temporary file in the same folder, is synced to disk, and is then renamed over the target.
//! A rename within one folder is atomic: readers see the old file or the new one, never a mix.

use anyhow::{Context, Result, bail};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Holds an exclusive lock on the folder `dir` until dropped, so that two ips processes writing
/// in it take turns: the second reads what the first wrote, and no row is lost. (Other programs
/// do not take the lock; `replace` still refuses when the file changed under it.)
#[cfg(unix)]
pub fn lock_folder(dir: &Path) -> Result<Option<File>> {
    let folder = File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
    match folder.lock() {
        Ok(()) => Ok(Some(folder)),
        // Some file systems cannot lock; the changed-file check of `replace` still guards.
        Err(error) if error.kind() == std::io::ErrorKind::Unsupported => Ok(None),
        Err(error) => {
            Err(error).with_context(|| format!("cannot lock {} for writing", dir.display()))
        }
    }
}

/// Elsewhere a folder cannot be opened to lock it, and locking a data file would stop others
/// from reading it; `replace` still refuses when the file changed under it.
#[cfg(not(unix))]
pub fn lock_folder(_dir: &Path) -> Result<Option<File>> {
    Ok(None)
}

/// Replaces `path`, read earlier as `expected`, with `content`. Refuses, changing nothing, when
/// the file changed in the meantime (someone else wrote to it), so that no edit is lost.
pub fn replace(path: &Path, expected: &[u8], content: &[u8]) -> Result<()> {
    let permissions = fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .permissions();
    let temp = write_temp(path, content)?;
    let result = (|| {
        fs::set_permissions(&temp, permissions)
            .with_context(|| format!("cannot set the permissions of {}", temp.display()))?;
        let now = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        if now != expected {
            bail!(
                "{} changed while ips was writing it: nothing was recorded\n  hint: run the command again",
                path.display()
            );
        }
        commit(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Creates `path` with `content`; refuses if it exists.
pub fn create(path: &Path, content: &[u8]) -> Result<()> {
    let temp = write_temp(path, content)?;
    let result = if path.symlink_metadata().is_ok() {
        Err(anyhow::anyhow!(
            "{} appeared while ips was writing it: nothing was recorded\n  hint: run the command again",
            path.display()
        ))
    } else {
        commit(&temp, path)
    };
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A new hidden file next to `path` (ips ignores names starting with a dot), written and synced.
fn write_temp(path: &Path, content: &[u8]) -> Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for attempt in 0..100 {
        let temp = dir.join(format!(".{name}.ips-{}-{attempt}.tmp", std::process::id()));
        let mut file = match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("cannot create {}", temp.display()));
            }
        };
        let written = file
            .write_all(content)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", temp.display()));
        if let Err(error) = written {
            let _ = fs::remove_file(&temp);
            return Err(error);
        }
        return Ok(temp);
    }
    bail!(
        "cannot create a temporary file in {}\n  hint: remove old .{name}.ips-*.tmp files there",
        dir.display()
    )
}

fn commit(temp: &Path, path: &Path) -> Result<()> {
    fs::rename(temp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    // Make the rename itself durable. Not every platform can open a folder; the file's own
    // content is already synced, so this is best effort.
    if let Some(dir) = path.parent()
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
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

    #[test]
    fn creates_but_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        create(&path, b"one").unwrap();
        assert!(create(&path, b"two").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"one");
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
