//! The one way ips writes a file. The content goes to a temporary file in the same folder, is
//! synced to disk, and is then moved into place: a new file never replaces one that appeared
//! meanwhile, a replaced file is never left half-written, and a write that fails part way (a
//! full disk, a file-size limit) leaves nothing behind, so that running the command again works.
//!
//! Every write holds the folder's lock (`Turn`) from its temporary file to the rename, so that
//! a temporary file seen by the holder of the lock is a leftover of a write that was killed:
//! each write removes those of its folder. A link or a file the user may not write is never
//! replaced, and no file is written through a linked folder of a data repository
//! (`no_link_on_the_way`): reads refuse a link that leads out of it, and a write must not leave
//! it either.

use crate::error::{Result, usage};
use crate::repo::SETTINGS_FILE;
use crate::temporary::{TEMPORARY_RANDOM_CHARS, is_temporary};
use anyhow::Context;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tempfile::NamedTempFile;

/// What `create_new` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    Written,
    /// The file was already there: nothing was written.
    Exists,
}

/// Makes a file-size limit (`ulimit -f`) fail a write with an error, as a full disk does,
/// rather than kill ips with SIGXFSZ part way, leaving its temporary file behind. Called once
/// at start-up.
pub fn fail_writes_past_the_file_size_limit() {
    #[cfg(unix)]
    // SAFETY: setting a signal to be ignored has no preconditions; no handler is installed.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
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
    no_link_on_the_way(path)?;
    let dir = parent(path);
    let made = create_folders(dir)?;
    let result = lock_folder(dir).and_then(|turn| turn.create_new_with(path, write));
    if !matches!(result, Ok(Created::Written)) {
        remove_folders(&made);
    }
    result
}

/// Writes `path` whether or not it exists (for `--force`): through a synced temporary file
/// renamed over it, so that it is never half-written.
pub fn overwrite(path: &Path, content: &[u8]) -> Result<()> {
    overwrite_with(path, |file| file.write_all(content))
}

/// `overwrite`, with the content written by `write`.
pub fn overwrite_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> Result<()> {
    if let Ok(metadata) = fs::symlink_metadata(path) {
        replaceable(path, &metadata)?;
    }
    no_link_on_the_way(path)?;
    let dir = parent(path);
    let made = create_folders(dir)?;
    let result = write_temp(path, write).and_then(|temp| {
        temp.persist(path)
            .map_err(|error| error.error)
            .with_context(|| format!("cannot write {}", path.display()))?;
        sync_folder(dir);
        Ok(())
    });
    if result.is_err() {
        remove_folders(&made);
    }
    result
}

/// What `all` does with a file that is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse, writing nothing at all.
    Refuse,
    /// Replace it (for `--force`), as `overwrite` does: never a link nor a file the user may
    /// not write.
    Replace,
    /// Keep it, and write the others (`ips init` over a partly made repository).
    Keep,
}

/// Writes several files all or nothing: every target is checked first (a link on the way, a
/// file in the way, one that may not be replaced), then each file is written to a synced
/// temporary file in its folder, and only when all are written are they moved into place.
/// A failure on the way (a full disk, a file-size limit) removes the temporary files, the files
/// already created and the folders made for them, so that running the command again works.
/// Returns, for each file, whether it was written or kept.
pub fn all(files: &[(PathBuf, &[u8])], existing: Existing) -> Result<Vec<Created>> {
    let mut todo = Vec::new();
    for (path, _) in files {
        no_link_on_the_way(path)?;
        let there = fs::symlink_metadata(path).ok();
        match (&there, existing) {
            (None, _) => {}
            (Some(_), Existing::Refuse) => return Err(already_there(path)),
            (Some(metadata), Existing::Replace) => replaceable(path, metadata)?,
            (Some(_), Existing::Keep) => {}
        }
        todo.push(there.is_none() || existing == Existing::Replace);
    }
    let mut made = Vec::new();
    let result = write_all(files, &todo, existing, &mut made);
    if result.is_err() {
        for folders in made.iter().rev() {
            remove_folders(folders);
        }
    }
    result
}

fn write_all(
    files: &[(PathBuf, &[u8])],
    todo: &[bool],
    existing: Existing,
    made: &mut Vec<Vec<PathBuf>>,
) -> Result<Vec<Created>> {
    let temps = write_temps(files, todo, made)?;
    // Every file is written: new files first, so that one that appeared meanwhile stops the
    // run before any file is replaced.
    let mut created: Vec<&Path> = Vec::new();
    let mut done = vec![Created::Exists; files.len()];
    let mut replacing = Vec::new();
    for (i, ((path, _), temp)) in files.iter().zip(temps).enumerate() {
        let Some(temp) = temp else { continue };
        if path.symlink_metadata().is_ok() && existing == Existing::Replace {
            replacing.push((i, path, temp));
            continue;
        }
        match temp.persist_noclobber(path) {
            Ok(_) => {
                created.push(path);
                done[i] = Created::Written;
            }
            // It appeared meanwhile: it is kept, as if it had been there.
            Err(error)
                if error.error.kind() == io::ErrorKind::AlreadyExists
                    && existing == Existing::Keep => {}
            Err(error) => {
                for path in &created {
                    let _ = fs::remove_file(path);
                }
                if error.error.kind() == io::ErrorKind::AlreadyExists {
                    return Err(already_there(path));
                }
                return Err(anyhow::Error::new(error.error)
                    .context(format!("cannot create {}", path.display()))
                    .into());
            }
        }
    }
    for (i, path, temp) in replacing {
        temp.persist(path)
            .map_err(|error| error.error)
            .with_context(|| format!("cannot write {}", path.display()))?;
        done[i] = Created::Written;
    }
    sync_folders(files);
    Ok(done)
}

/// Writes each file to be written to a temporary file beside it, making its folders first and
/// noting them in `made`; None for a file left as it is.
fn write_temps(
    files: &[(PathBuf, &[u8])],
    todo: &[bool],
    made: &mut Vec<Vec<PathBuf>>,
) -> Result<Vec<Option<NamedTempFile>>> {
    let mut temps = Vec::new();
    for ((path, content), &todo) in files.iter().zip(todo) {
        if !todo {
            temps.push(None);
            continue;
        }
        made.push(create_folders(parent(path))?);
        temps.push(Some(write_temp(path, |file| file.write_all(content))?));
    }
    Ok(temps)
}

fn sync_folders(files: &[(PathBuf, &[u8])]) {
    let mut synced: Vec<&Path> = files.iter().map(|(path, _)| parent(path)).collect();
    synced.dedup();
    for dir in synced {
        sync_folder(dir);
    }
}

fn already_there(path: &Path) -> crate::error::Error {
    usage(format!(
        "{} already exists: nothing was written",
        path.display()
    ))
    .hint("move it away, or pass --force to write over it")
    .into()
}

/// Replaces `path`, read earlier as `expected`, with `content` (see `Turn::replace`).
pub fn replace(path: &Path, expected: &[u8], content: &[u8]) -> Result<()> {
    lock_folder(parent(path))?.replace(path, expected, content)
}

/// The lock of a folder, held until dropped, so that two ips processes writing in it take
/// turns: the second reads what the first wrote, and no row is lost. (Other programs do not
/// take the lock; `replace` still refuses when the file changed under it.) Writes in the
/// folder go through its methods: taking the lock again would wait for ever.
#[derive(Debug)]
pub struct Turn {
    dir: PathBuf,
    /// None where the file system cannot lock.
    lock: Option<File>,
}

/// Takes the lock of the folder `dir`, waiting for another ips that holds it.
#[cfg(unix)]
pub fn lock_folder(dir: &Path) -> Result<Turn> {
    no_link_on_the_way(&dir.join(SETTINGS_FILE))?;
    let folder = File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
    let lock = match folder.lock() {
        Ok(()) => Some(folder),
        // Some file systems cannot lock; the changed-file check of `replace` still guards.
        Err(error) if error.kind() == io::ErrorKind::Unsupported => None,
        Err(error) => {
            return Err(anyhow::Error::new(error)
                .context(format!("cannot lock {} for writing", dir.display()))
                .into());
        }
    };
    Ok(Turn {
        dir: dir.to_path_buf(),
        lock,
    })
}

/// Elsewhere a folder cannot be opened to lock it, and locking a data file would stop others
/// from reading it; `replace` still refuses when the file changed under it.
#[cfg(not(unix))]
pub fn lock_folder(dir: &Path) -> Result<Turn> {
    no_link_on_the_way(&dir.join(SETTINGS_FILE))?;
    Ok(Turn {
        dir: dir.to_path_buf(),
        lock: None,
    })
}

/// Without a lock, a temporary file is taken for a leftover only when no write could still be
/// making it: none takes an hour.
const LEFTOVER_AFTER: Duration = Duration::from_secs(3600);

impl Turn {
    /// `create_new` in the folder of this turn, which exists.
    pub fn create_new(&self, path: &Path, content: &[u8]) -> Result<Created> {
        self.create_new_with(path, |file| file.write_all(content))
    }

    fn create_new_with(
        &self,
        path: &Path,
        write: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> Result<Created> {
        debug_assert_eq!(parent(path), self.dir);
        if path.symlink_metadata().is_ok() {
            return Ok(Created::Exists);
        }
        self.remove_leftovers();
        let temp = write_temp(path, write)?;
        match temp.persist_noclobber(path) {
            Ok(_) => {
                sync_folder(&self.dir);
                Ok(Created::Written)
            }
            // The temporary file is removed when the error drops it.
            Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => Ok(Created::Exists),
            Err(error) => Err(anyhow::Error::new(error.error)
                .context(format!("cannot create {}", path.display()))
                .into()),
        }
    }

    /// Replaces `path`, read earlier as `expected`, with `content`, keeping its permissions.
    /// Refuses, changing nothing, when the file changed in the meantime (someone else wrote to
    /// it), so that no edit is lost; when it is a link, which the new file would replace
    /// rather than write through; and when the user may not write it, since replacing it would
    /// take it over.
    pub fn replace(&self, path: &Path, expected: &[u8], content: &[u8]) -> Result<()> {
        debug_assert_eq!(parent(path), self.dir);
        let metadata = fs::symlink_metadata(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        replaceable(path, &metadata)?;
        self.remove_leftovers();
        let temp = write_temp(path, |file| file.write_all(content))?;
        fs::set_permissions(temp.path(), metadata.permissions())
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
        sync_folder(&self.dir);
        Ok(())
    }

    /// Removes the temporary files that writes killed part way left in the folder: with the
    /// lock held, no other write of ips can be making one; without a lock, only old ones.
    fn remove_leftovers(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !name.to_str().is_some_and(is_temporary) {
                continue;
            }
            let old = || {
                entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|at| SystemTime::now().duration_since(at).ok())
                    .is_some_and(|age| age > LEFTOVER_AFTER)
            };
            if self.lock.is_some() || old() {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Refuses to write `path` through a link to a folder below the data repository it lies in:
/// the nearest folder above it that holds an ips.toml and is not itself a link (the
/// repository's own folder may be a link, as `~/data` to a disk elsewhere). Each folder from
/// `path` up to that one is examined without following it, so that `agencies/` or
/// `agencies/<a>/fidelity` linked elsewhere is refused by name; a path in no repository (a
/// report's or a man page's folder) is not held to this.
pub fn no_link_on_the_way(path: &Path) -> Result<()> {
    let path = std::path::absolute(path)
        .with_context(|| format!("cannot read the folder of {}", path.display()))?;
    let mut links: Vec<&Path> = Vec::new();
    for folder in path.ancestors().skip(1) {
        let is_link = folder
            .symlink_metadata()
            .is_ok_and(|metadata| metadata.file_type().is_symlink());
        if is_link {
            links.push(folder);
        } else if folder.join(SETTINGS_FILE).symlink_metadata().is_ok() {
            // The link nearest the repository's folder is the one to replace.
            return match links.last() {
                None => Ok(()),
                Some(link) => Err(through_a_link(link, folder)),
            };
        }
    }
    Ok(())
}

fn through_a_link(link: &Path, root: &Path) -> crate::error::Error {
    let shown = link.strip_prefix(root).unwrap_or(link);
    usage(format!(
        "{} is a link: ips writes nothing through a link in the repository {}, so nothing was written",
        shown.display(),
        root.display()
    ))
    .hint("put the folder itself in place of the link (remove the link, then move the folder it points to there), then run the command again")
    .into()
}

/// Whether ips may put a new file in place of `path`: not a link (the new file would replace
/// it rather than write through), and not a file the user may not write (replacing it would
/// take it over, its owner and mode lost).
fn replaceable(path: &Path, metadata: &fs::Metadata) -> Result<()> {
    if metadata.file_type().is_symlink() {
        return Err(usage(format!(
            "{} is a link: ips replaces only regular files, so nothing was written",
            path.display()
        ))
        .hint("put the file itself in place of the link (or edit the file it points to by hand), then run the command again")
        .into());
    }
    if !may_write(path, metadata) {
        return Err(usage(format!(
            "{} is read-only for you: nothing was written",
            path.display()
        ))
        .hint("make it writable (chmod u+w), or ask its owner to; then run the command again")
        .into());
    }
    Ok(())
}

/// Whether the user may write the file: its permissions say so for them, and for root, whom
/// the system lets write anything, some write permission is set at all.
#[cfg(unix)]
fn may_write(path: &Path, metadata: &fs::Metadata) -> bool {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    if metadata.permissions().mode() & 0o222 == 0 {
        return false;
    }
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; access only reads it.
    unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(_path: &Path, metadata: &fs::Metadata) -> bool {
    !metadata.permissions().readonly()
}

/// Makes a file ips wrote runnable, as a git hook must be: read and run by all, written by its
/// owner.
#[cfg(unix)]
pub fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", path.display()))?;
    Ok(())
}

/// Elsewhere a file runs by its name, not its permissions.
#[cfg(not(unix))]
pub fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
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
    let prefix = format!(".{name}.ips-");
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .rand_bytes(TEMPORARY_RANDOM_CHARS)
        .suffix(".tmp");
    // A data file is created as editors create one, readable as the umask allows, not with a
    // temporary file's 0600 (a replaced file gets its old permissions back).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
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
    use crate::temporary::temporary_of;

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
    fn overwrites_whatever_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        overwrite(&path, b"one").unwrap();
        overwrite(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["report.html"]);
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
    fn a_write_removes_the_leftovers_of_killed_writes_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        fs::write(&path, "old").unwrap();
        for leftover in [".a.csv.ips-a1B2c3.tmp", ".b.toml.ips-000000.tmp"] {
            fs::write(dir.path().join(leftover), "half").unwrap();
        }
        fs::write(dir.path().join(".notes.tmp"), "theirs").unwrap();
        replace(&path, b"old", b"new").unwrap();
        assert_eq!(names(dir.path()), [".notes.tmp", "a.csv"]);
        fs::write(dir.path().join(".c.csv.ips-zzzzzz.tmp"), "half").unwrap();
        create_new(&dir.path().join("d.csv"), b"d").unwrap();
        assert_eq!(names(dir.path()), [".notes.tmp", "a.csv", "d.csv"]);
    }

    #[test]
    fn a_temporary_name_it_makes_is_one_it_knows() {
        // A name it makes is one it knows.
        let dir = tempfile::tempdir().unwrap();
        let temp = write_temp(&dir.path().join("2024-01-01.toml"), |_| Ok(())).unwrap();
        let name = temp.path().file_name().unwrap().to_str().unwrap();
        assert_eq!(temporary_of(name), Some("2024-01-01.toml"), "{name}");
    }

    #[cfg(unix)]
    #[test]
    fn never_replaces_a_link_or_a_read_only_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.csv");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("a.csv");
        std::os::unix::fs::symlink("target.csv", &link).unwrap();
        let error = replace(&link, b"old", b"new").unwrap_err().to_string();
        assert!(
            error.ends_with(
                "a.csv is a link: ips replaces only regular files, so nothing was written"
            ),
            "{error}"
        );
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).unwrap();
        let error = replace(&target, b"old", b"new").unwrap_err().to_string();
        assert!(
            error.ends_with("target.csv is read-only for you: nothing was written"),
            "{error}"
        );
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["a.csv", "target.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_linked_folder_below_the_repository_but_not_the_repository_as_a_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        fs::create_dir_all(repo.join("agencies")).unwrap();
        fs::write(repo.join(SETTINGS_FILE), "").unwrap();
        // The repository reached through a link is its own folder.
        symlink(&repo, dir.path().join("data")).unwrap();
        let through_root = dir.path().join("data/agencies/a/agency.toml");
        assert_eq!(create_new(&through_root, b"a").unwrap(), Created::Written);
        // A folder below it linked elsewhere, even to another repository, is refused.
        let other = dir.path().join("other");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join(SETTINGS_FILE), "").unwrap();
        symlink(&other, repo.join("agencies/b")).unwrap();
        for path in [
            repo.join("agencies/b/agency.toml"),
            repo.join("agencies/b/fidelity/2026-01-01.toml"),
        ] {
            let error = create_new(&path, b"b").unwrap_err().to_string();
            assert!(
                error.starts_with("agencies/b is a link: ips writes nothing through a link"),
                "{error}"
            );
            let error = overwrite(&path, b"b").unwrap_err().to_string();
            assert!(error.starts_with("agencies/b is a link"), "{error}");
        }
        assert!(lock_folder(&repo.join("agencies/b")).is_err());
        assert_eq!(names(&other), [SETTINGS_FILE]);
        // Outside any repository a link is the user's own business.
        let out = dir.path().join("out");
        symlink(&other, &out).unwrap();
        overwrite(&out.join("report.html"), b"r").unwrap();
    }

    #[test]
    fn all_writes_every_file_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let files = |a: &'static [u8]| {
            vec![
                (out.join("report.md"), a),
                (out.join("charts/trend.svg"), a),
            ]
        };
        assert_eq!(
            all(&files(b"one"), Existing::Refuse).unwrap(),
            [Created::Written, Created::Written]
        );
        // One file there: refused, nothing written.
        fs::remove_file(out.join("report.md")).unwrap();
        let error = all(&files(b"two"), Existing::Refuse)
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with("trend.svg already exists: nothing was written"),
            "{error}"
        );
        assert_eq!(names(&out), ["charts"]);
        // Kept, and the missing one written.
        assert_eq!(
            all(&files(b"two"), Existing::Keep).unwrap(),
            [Created::Written, Created::Exists]
        );
        assert_eq!(fs::read(out.join("charts/trend.svg")).unwrap(), b"one");
        assert_eq!(
            all(&files(b"three"), Existing::Replace).unwrap(),
            [Created::Written, Created::Written]
        );
        assert_eq!(fs::read(out.join("report.md")).unwrap(), b"three");
        assert_eq!(names(&out.join("charts")), ["trend.svg"]);
    }

    /// The temporary files written and the folders made for files that were not all written
    /// are removed again.
    #[test]
    fn all_removes_what_it_made_when_a_file_cannot_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::write(dir.path().join("file"), "in the way").unwrap();
        let files = vec![
            (out.join("a/ips.1"), b"a".as_slice()),
            (out.join("ips.1"), b"a".as_slice()),
            (dir.path().join("file/b.1"), b"b".as_slice()),
        ];
        assert!(all(&files, Existing::Refuse).is_err());
        assert_eq!(names(dir.path()), ["file"]);
    }

    /// A new file has the permissions the umask gives any new file, as an editor's would.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_new_file_is_as_readable_as_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let status = fs::read_to_string("/proc/self/status").unwrap();
        let umask = status
            .lines()
            .find_map(|line| line.strip_prefix("Umask:"))
            .and_then(|mask| u32::from_str_radix(mask.trim(), 8).ok())
            .expect("the umask");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        create_new(&path, b"a").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask);
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
