//! Reading and listing files on disk, and what may be read there: regular files only, reached
//! without leaving the root (a link may point elsewhere in the repository, never out of it),
//! and none larger than its limit (`max_bytes`).

use super::{Entry, Refusal, max_bytes};
use std::collections::HashMap;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

#[derive(Debug)]
pub(super) struct Disk {
    root: PathBuf,
    /// The root with its links resolved, to hold the targets of links against.
    canonical_root: PathBuf,
    /// Each folder checked so far (from the root), and the link that leads out of the root on
    /// its way, if one does: a folder is checked once, however many files are read in it.
    folders: RwLock<HashMap<String, Option<String>>>,
}

impl Disk {
    pub(super) fn new(root: &Path) -> Disk {
        Disk {
            root: root.to_path_buf(),
            canonical_root: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            folders: RwLock::new(HashMap::new()),
        }
    }

    /// Reads a whole file: opened without following a link and without blocking (a FIFO
    /// cannot hang the run), then, from the open file, checked to be a regular file of an
    /// allowed size, and read up to that limit. A link is followed only to a place inside the
    /// root. Opening first and asking the open file costs no second walk of the path: reading
    /// tens of thousands of outcome files is mostly the kernel's path lookups.
    pub(super) fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        self.check_folder(parent(relative))?;
        let path = self.root.join(relative);
        let file = match open_without_following(&path) {
            Ok(file) => file,
            Err(error) if is_a_link(&error, &path) => {
                let target = fs::canonicalize(&path)?;
                if !target.starts_with(&self.canonical_root) {
                    return Err(outside(relative));
                }
                open_without_blocking(&target)?
            }
            Err(error) => return Err(error),
        };
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Err(Refusal::NotRegular {
                kind: kind_of(&metadata),
            }
            .into_error());
        }
        let limit = max_bytes(relative);
        too_large(metadata.len(), limit)?;
        let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
        // One byte more than the limit tells a file that grew past it since it was opened.
        file.take(limit + 1).read_to_end(&mut bytes)?;
        too_large(bytes.len() as u64, limit)?;
        Ok(bytes)
    }

    /// A folder's entries, sorted by name, hidden ones left out but for ips's own temporary
    /// files; none for a missing folder.
    pub(super) fn list(&self, relative: &str) -> io::Result<Vec<Entry>> {
        self.check_folder(relative)?;
        let read = match fs::read_dir(self.root.join(relative)) {
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let mut entries = Vec::new();
        for entry in read {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && !crate::temporary::is_temporary(&name) {
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

    /// Refuses a folder (from the root) that is, or lies in, a link leading out of the root.
    /// A folder that cannot be examined is let through: reading in it then says why.
    fn check_folder(&self, relative: &str) -> io::Result<()> {
        if relative.is_empty() {
            return Ok(());
        }
        let known = self.folders.read().ok().and_then(|folders| {
            let verdict = folders.get(relative)?;
            Some(verdict.clone())
        });
        let verdict = match known {
            Some(verdict) => verdict,
            None => {
                let verdict = match self.check_folder(parent(relative)) {
                    Err(error) => match Refusal::of(&error) {
                        Some(Refusal::Outside { link }) => Some(link.clone()),
                        _ => return Err(error),
                    },
                    Ok(()) => match self.leads_outside(relative) {
                        Some(outside) => outside.then(|| relative.to_string()),
                        None => return Ok(()),
                    },
                };
                if let Ok(mut folders) = self.folders.write() {
                    folders.insert(relative.to_string(), verdict.clone());
                }
                verdict
            }
        };
        match verdict {
            Some(link) => Err(outside(&link)),
            None => Ok(()),
        }
    }

    /// Whether `relative`, in a folder inside the root, leads outside it: only a link can.
    /// None when that cannot be told (it does not exist, or is a dangling link).
    fn leads_outside(&self, relative: &str) -> Option<bool> {
        let path = self.root.join(relative);
        let metadata = fs::symlink_metadata(&path).ok()?;
        if !metadata.file_type().is_symlink() {
            return Some(false);
        }
        let target = fs::canonicalize(&path).ok()?;
        Some(!target.starts_with(&self.canonical_root))
    }
}

/// The folder part of a path from the root ("" for a file at the root).
fn parent(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(folder, _)| folder)
}

fn outside(link: &str) -> io::Error {
    Refusal::Outside {
        link: link.to_string(),
    }
    .into_error()
}

fn too_large(bytes: u64, limit: u64) -> io::Result<()> {
    if bytes > limit {
        return Err(Refusal::TooLarge { bytes, limit }.into_error());
    }
    Ok(())
}

/// What a path that is not a regular file is, for the finding.
fn kind_of(metadata: &Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Opens for reading without waiting for a writer (a FIFO opens at once) and, on Unix, without
/// following a link at the end of the path (`is_a_link` tells that refusal).
#[cfg(unix)]
fn open_without_following(path: &Path) -> io::Result<File> {
    open_with(path, libc::O_NONBLOCK | libc::O_NOFOLLOW)
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    open_with(path, libc::O_NONBLOCK)
}

#[cfg(unix)]
fn open_with(path: &Path, flags: i32) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

/// Whether opening `path` failed because it is a link (ELOOP under O_NOFOLLOW; EMLINK on
/// FreeBSD), not because of a loop of links on the way.
#[cfg(unix)]
fn is_a_link(error: &io::Error, path: &Path) -> bool {
    matches!(error.raw_os_error(), Some(libc::ELOOP | libc::EMLINK))
        && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Elsewhere the link is told by its metadata before the file is opened.
#[cfg(not(unix))]
fn open_without_following(path: &Path) -> io::Result<File> {
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("a link"));
    }
    File::open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(not(unix))]
fn is_a_link(_error: &io::Error, path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(all(test, unix))]
mod tests {
    use super::super::{MAX_FILE_BYTES, MAX_TOML_BYTES};
    use super::*;
    use std::os::unix::fs::symlink;

    fn refusal(result: io::Result<impl std::fmt::Debug>) -> Refusal {
        let error = result.unwrap_err();
        Refusal::of(&error)
            .cloned()
            .unwrap_or_else(|| panic!("{error}"))
    }

    #[test]
    fn links_inside_the_root_are_read_and_links_out_of_it_refused() {
        let outside_dir = tempfile::tempdir().unwrap();
        fs::write(outside_dir.path().join("secret"), "TOKEN").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("outcomes/2024-Q1")).unwrap();
        fs::write(root.join("outcomes/2024-Q1/a.csv"), "team").unwrap();
        symlink("a.csv", root.join("outcomes/2024-Q1/b.csv")).unwrap();
        symlink(
            outside_dir.path().join("secret"),
            root.join("outcomes/2024-Q1/c.csv"),
        )
        .unwrap();
        symlink(outside_dir.path(), root.join("outcomes/2024-Q2")).unwrap();
        symlink("2024-Q1", root.join("outcomes/2024-Q3")).unwrap();
        let disk = Disk::new(root);
        assert_eq!(disk.read("outcomes/2024-Q1/b.csv").unwrap(), b"team");
        assert_eq!(disk.read("outcomes/2024-Q3/a.csv").unwrap(), b"team");
        let c = Refusal::Outside {
            link: "outcomes/2024-Q1/c.csv".into(),
        };
        assert_eq!(refusal(disk.read("outcomes/2024-Q1/c.csv")), c);
        let q2 = Refusal::Outside {
            link: "outcomes/2024-Q2".into(),
        };
        assert_eq!(refusal(disk.read("outcomes/2024-Q2/secret")), q2);
        assert_eq!(refusal(disk.list("outcomes/2024-Q2")), q2);
        // Asked again, the folder's verdict comes from what was learnt.
        assert_eq!(refusal(disk.read("outcomes/2024-Q2/secret")), q2);
    }

    #[test]
    fn only_regular_files_of_an_allowed_size_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("folder")).unwrap();
        let big = File::create(root.join("big.csv")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        let big_toml = File::create(root.join("big.toml")).unwrap();
        big_toml.set_len(MAX_TOML_BYTES + 1).unwrap();
        let limit_toml = File::create(root.join("limit.toml")).unwrap();
        limit_toml.set_len(MAX_TOML_BYTES).unwrap();
        let fifo =
            std::ffi::CString::new(root.join("fifo.csv").into_os_string().into_encoded_bytes())
                .unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let disk = Disk::new(root);
        assert_eq!(
            refusal(disk.read("fifo.csv")),
            Refusal::NotRegular {
                kind: "a FIFO (named pipe)"
            }
        );
        assert_eq!(
            refusal(disk.read("folder")),
            Refusal::NotRegular { kind: "a folder" }
        );
        assert_eq!(
            refusal(disk.read("big.csv")),
            Refusal::TooLarge {
                bytes: MAX_FILE_BYTES + 1,
                limit: MAX_FILE_BYTES
            }
        );
        assert_eq!(
            refusal(disk.read("big.toml")),
            Refusal::TooLarge {
                bytes: MAX_TOML_BYTES + 1,
                limit: MAX_TOML_BYTES
            }
        );
        assert_eq!(
            disk.read("limit.toml").unwrap().len() as u64,
            MAX_TOML_BYTES
        );
    }
}
