//! Files as git holds them: a commit's tree, or the staged index (a commit's tree with the
//! staged changes on top), read through the `git` program. Folders are listed from git's tree
//! objects and files read with `git cat-file --batch`, a folder and a file at a time as the
//! loader asks, so that checking one staged file costs a few objects, not a listing of the
//! whole index.

use super::Entry;
use crate::git::{Change, Git, Status};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::{Arc, Mutex};

/// The files of the data repository at a commit, or in the index.
pub struct Snapshot {
    /// What the files are, for messages: "the index", "commit 1a2b3c4".
    label: String,
    objects: Objects,
    /// The data folder's tree in the base commit; None when there is none (before the first
    /// commit, or a commit without the folder).
    base: Option<Oid>,
    /// Changes on top of the base, sorted by path: the staged ones, for the index.
    overlay: Vec<Staged>,
    /// Folder listings already made, by path from the root.
    listings: Mutex<HashMap<String, Arc<Listing>>>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("label", &self.label)
            .field("overlay", &self.overlay.len())
            .finish()
    }
}

/// A staged change: the path's new state.
#[derive(Debug, Clone)]
struct Staged {
    path: String,
    state: Item,
}

/// An object name, as raw bytes (20 for sha1, 32 for sha256).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Oid {
    bytes: [u8; 32],
    len: u8,
}

impl Oid {
    fn from_hex(hex: &str) -> Option<Oid> {
        if !hex.len().is_multiple_of(2) || hex.len() > 64 || hex.is_empty() {
            return None;
        }
        let mut bytes = [0; 32];
        for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
            let text = std::str::from_utf8(pair).ok()?;
            bytes[i] = u8::from_str_radix(text, 16).ok()?;
        }
        Some(Oid {
            bytes,
            len: (hex.len() / 2) as u8,
        })
    }

    fn from_raw(raw: &[u8]) -> Oid {
        let mut bytes = [0; 32];
        bytes[..raw.len()].copy_from_slice(raw);
        Oid {
            bytes,
            len: raw.len() as u8,
        }
    }

    fn hex(&self) -> String {
        self.bytes[..self.len as usize]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// What a name in a folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    File(Oid),
    /// A folder; its tree in the base commit, if it has one there.
    Dir(Option<Oid>),
    /// A symbolic link, which git stores as the text of its target.
    Link,
    /// A submodule: another repository's commit, no files here.
    Submodule,
    /// A path with an unresolved merge conflict in the index.
    Conflict,
    /// Deleted by a staged change.
    Deleted,
}

/// One folder: its names, sorted, and what each is.
#[derive(Debug, Default)]
struct Listing {
    items: Vec<(Box<str>, Item)>,
}

impl Listing {
    fn get(&self, name: &str) -> Option<&Item> {
        self.items
            .binary_search_by(|(n, _)| (**n).cmp(name))
            .ok()
            .map(|i| &self.items[i].1)
    }
}

impl Snapshot {
    /// The files of the data repository in `commit`.
    pub fn commit(git: &Git, commit: &str) -> crate::error::Result<Snapshot> {
        let base = git.data_tree(commit)?;
        let label = format!("commit {}", git.short(commit));
        Snapshot::new(git, label, base.as_deref(), &[])
    }

    /// The files as the next commit will hold them: the staged version of each, unstaged
    /// changes and untracked files left out. Returns the staged changes too (against HEAD).
    pub fn staged(git: &Git) -> crate::error::Result<(Snapshot, Vec<Change>)> {
        let head = git.head()?;
        let base = match &head {
            Some(head) => git.data_tree(head)?,
            None => None,
        };
        let changes = git.staged_changes(head.as_deref())?;
        let snapshot = Snapshot::new(git, "the index".to_string(), base.as_deref(), &changes)?;
        Ok((snapshot, changes))
    }

    fn new(
        git: &Git,
        label: String,
        base: Option<&str>,
        changes: &[Change],
    ) -> crate::error::Result<Snapshot> {
        let bad_oid = |oid: &str| anyhow::anyhow!("git printed {oid:?} as an object name");
        let base = match base {
            Some(hex) => Some(Oid::from_hex(hex).ok_or_else(|| bad_oid(hex))?),
            None => None,
        };
        let mut overlay = Vec::with_capacity(changes.len());
        for change in changes {
            let state = match change.status {
                Status::Deleted => Item::Deleted,
                Status::Unmerged => Item::Conflict,
                Status::Added | Status::Modified | Status::TypeChanged => {
                    match change.new_mode & 0o170000 {
                        0o120000 => Item::Link,
                        0o160000 => Item::Submodule,
                        _ => Item::File(
                            Oid::from_hex(&change.new_oid)
                                .ok_or_else(|| bad_oid(&change.new_oid))?,
                        ),
                    }
                }
            };
            overlay.push(Staged {
                path: change.path.clone(),
                state,
            });
        }
        overlay.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Snapshot {
            label,
            objects: Objects::new(git.clone()),
            base,
            overlay,
            listings: Mutex::new(HashMap::new()),
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// A whole file's bytes.
    pub fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        let (dir, name) = split(relative);
        let listing = self.listing(dir)?;
        let message = |what: &str| io::Error::other(format!("{what} in {}", self.label));
        match listing.get(name) {
            Some(Item::File(oid)) => self.objects.read(oid, "blob", super::max_bytes(relative)),
            Some(Item::Dir(_)) => Err(message("a folder, not a file,")),
            Some(Item::Link) => Err(message("a symbolic link, not a file,")),
            Some(Item::Submodule) => Err(message("a git submodule, not a file,")),
            Some(Item::Conflict) => Err(io::Error::other(
                "an unresolved merge conflict in the index: resolve it, then `git add` the file",
            )),
            Some(Item::Deleted) | None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no such file in {}", self.label),
            )),
        }
    }

    /// A folder's entries, sorted by name, hidden ones left out; none for a missing folder.
    pub fn list(&self, relative: &str) -> io::Result<Vec<Entry>> {
        let listing = self.listing(relative)?;
        Ok(listing
            .items
            .iter()
            .filter(|(name, _)| !name.starts_with('.'))
            .map(|(name, item)| Entry {
                name: name.to_string(),
                is_dir: matches!(item, Item::Dir(_) | Item::Submodule),
            })
            .collect())
    }

    pub fn is_file(&self, relative: &str) -> bool {
        let (dir, name) = split(relative);
        self.listing(dir).is_ok_and(|listing| {
            matches!(
                listing.get(name),
                Some(Item::File(_) | Item::Link | Item::Conflict)
            )
        })
    }

    pub fn is_dir(&self, relative: &str) -> bool {
        if relative.is_empty() {
            return true;
        }
        let (dir, name) = split(relative);
        self.listing(dir)
            .is_ok_and(|listing| matches!(listing.get(name), Some(Item::Dir(_) | Item::Submodule)))
    }

    /// The listing of a folder, made once: its tree in the base commit, with the staged
    /// changes inside it laid over.
    fn listing(&self, dir: &str) -> io::Result<Arc<Listing>> {
        if let Some(listing) = self.listings.lock().expect("listings").get(dir) {
            return Ok(listing.clone());
        }
        let base = if dir.is_empty() {
            self.base
        } else {
            let (parent, name) = split(dir);
            match self.listing(parent)?.get(name) {
                Some(Item::Dir(oid)) => *oid,
                // Not a folder: it has no entries, as a missing folder on disk.
                _ => return Ok(Arc::new(Listing::default())),
            }
        };
        let base = match base {
            Some(oid) => self.tree(&oid)?,
            None => Vec::new(),
        };
        let items = self.lay_over(dir, base)?;
        let listing = Arc::new(Listing { items });
        self.listings
            .lock()
            .expect("listings")
            .insert(dir.to_string(), listing.clone());
        Ok(listing)
    }

    /// The entries of a tree object.
    fn tree(&self, oid: &Oid) -> io::Result<Vec<(Box<str>, Item)>> {
        let bytes = self.objects.read(oid, "tree", u64::MAX)?;
        parse_tree(&bytes, oid.len as usize)
    }

    /// The staged changes inside `dir`, laid over its base entries: a staged file replaces or
    /// adds its entry, a deletion removes it, and a folder whose every file is deleted goes.
    /// Returns the entries sorted by name.
    fn lay_over(
        &self,
        dir: &str,
        base: Vec<(Box<str>, Item)>,
    ) -> io::Result<Vec<(Box<str>, Item)>> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let start = self.overlay.partition_point(|s| s.path < prefix);
        let inside = self.overlay[start..]
            .iter()
            .take_while(|s| s.path.starts_with(&prefix));
        let mut items: BTreeMap<Box<str>, Item> = base.into_iter().collect();
        let mut live_dirs: BTreeSet<&str> = BTreeSet::new();
        let mut emptied: BTreeSet<&str> = BTreeSet::new();
        for staged in inside {
            let rest = &staged.path[prefix.len()..];
            match rest.split_once('/') {
                Some((child, _)) if staged.state == Item::Deleted => {
                    emptied.insert(child);
                }
                Some((child, _)) => {
                    live_dirs.insert(child);
                }
                None if staged.state == Item::Deleted => {
                    items.remove(rest);
                }
                None => {
                    items.insert(rest.into(), staged.state.clone());
                }
            }
        }
        for child in &live_dirs {
            let item = items.entry((*child).into()).or_insert(Item::Dir(None));
            if !matches!(item, Item::Dir(_)) {
                *item = Item::Dir(None);
            }
        }
        for child in emptied.difference(&live_dirs) {
            if let Some(Item::Dir(Some(oid))) = items.get(*child)
                && !self.survives(&format!("{prefix}{child}"), oid)?
            {
                items.remove(*child);
            }
        }
        Ok(items.into_iter().collect())
    }

    /// Whether a folder of the base keeps a file that no staged change deletes.
    fn survives(&self, dir: &str, oid: &Oid) -> io::Result<bool> {
        for (name, item) in self.tree(oid)? {
            let path = format!("{dir}/{name}");
            let kept = match item {
                Item::Dir(Some(sub)) => self.survives(&path, &sub)?,
                _ => !self.is_deleted(&path),
            };
            if kept {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn is_deleted(&self, path: &str) -> bool {
        self.overlay
            .binary_search_by(|s| s.path.as_str().cmp(path))
            .is_ok_and(|i| self.overlay[i].state == Item::Deleted)
    }
}

/// `a/b/c.csv` into `a/b` and `c.csv`; a name at the root has the folder "".
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// A tree object: entries of `mode SP name NUL raw-oid`.
fn parse_tree(bytes: &[u8], oid_len: usize) -> io::Result<Vec<(Box<str>, Item)>> {
    let corrupt = || io::Error::new(io::ErrorKind::InvalidData, "a git tree object is corrupt");
    let mut items = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let space = rest.iter().position(|b| *b == b' ').ok_or_else(corrupt)?;
        let nul = rest.iter().position(|b| *b == 0).ok_or_else(corrupt)?;
        if nul < space || rest.len() < nul + 1 + oid_len {
            return Err(corrupt());
        }
        let mode = std::str::from_utf8(&rest[..space])
            .ok()
            .and_then(|m| u32::from_str_radix(m, 8).ok())
            .ok_or_else(corrupt)?;
        let oid = Oid::from_raw(&rest[nul + 1..nul + 1 + oid_len]);
        // A name that is not UTF-8 is shown as the disk listing shows it.
        let name = String::from_utf8_lossy(&rest[space + 1..nul]).into_owned();
        let item = match mode & 0o170000 {
            0o040000 => Item::Dir(Some(oid)),
            0o120000 => Item::Link,
            0o160000 => Item::Submodule,
            _ => Item::File(oid),
        };
        items.push((name.into_boxed_str(), item));
        rest = &rest[nul + 1 + oid_len..];
    }
    Ok(items)
}

/// git's objects, read through `git cat-file --batch`: a few long-running processes, one per
/// worker thread, started when first needed.
struct Objects {
    git: Git,
    readers: Vec<Mutex<Option<CatFile>>>,
}

impl Objects {
    fn new(git: Git) -> Objects {
        let count = rayon::current_num_threads().clamp(1, 4);
        Objects {
            git,
            readers: (0..count).map(|_| Mutex::new(None)).collect(),
        }
    }

    /// An object's content, which must be of `kind` ("blob", "tree").
    /// The object's content; larger than `limit` bytes, it is refused unread, as on disk.
    fn read(&self, oid: &Oid, kind: &str, limit: u64) -> io::Result<Vec<u8>> {
        let slot = rayon::current_thread_index().unwrap_or(0) % self.readers.len();
        let mut reader = self.readers[slot].lock().expect("a git reader");
        if reader.is_none() {
            *reader = Some(CatFile::start(&self.git)?);
        }
        let result = reader.as_mut().expect("started").read(oid, kind, limit);
        if result.is_err() {
            // The process may be out of step: the next read starts a new one.
            *reader = None;
        }
        result
    }
}

/// One `git cat-file --batch` process: an object name in, its type, size and content out.
struct CatFile {
    child: Child,
    input: Option<BufWriter<ChildStdin>>,
    output: BufReader<ChildStdout>,
}

impl CatFile {
    fn start(git: &Git) -> io::Result<CatFile> {
        let mut command = git.command();
        command
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = command.spawn()?;
        let input = child.stdin.take().map(BufWriter::new);
        let output = child
            .stdout
            .take()
            .map(|out| BufReader::with_capacity(64 * 1024, out))
            .ok_or_else(|| io::Error::other("git cat-file has no output"))?;
        Ok(CatFile {
            child,
            input,
            output,
        })
    }

    fn read(&mut self, oid: &Oid, kind: &str, limit: u64) -> io::Result<Vec<u8>> {
        let input = self
            .input
            .as_mut()
            .ok_or_else(|| io::Error::other("git cat-file is closed"))?;
        writeln!(input, "{}", oid.hex())?;
        input.flush()?;
        let mut header = String::new();
        self.output.read_line(&mut header)?;
        let fields: Vec<&str> = header.trim_end().split(' ').collect();
        let (found, size) = match fields.as_slice() {
            [_, found, size] => (*found, size.parse::<usize>().ok()),
            _ => ("missing", None),
        };
        let Some(size) = size else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "git has no object {} (is the repository damaged?)",
                    oid.hex()
                ),
            ));
        };
        if size as u64 > limit {
            // Past the content and its newline, so that the process stays in step.
            io::copy(
                &mut (&mut self.output).take(size as u64 + 1),
                &mut io::sink(),
            )?;
            return Err(super::Refusal::TooLarge {
                bytes: size as u64,
                limit,
            }
            .into_error());
        }
        let mut content = vec![0; size + 1];
        self.output.read_exact(&mut content)?;
        content.truncate(size);
        if found != kind {
            return Err(io::Error::other(format!("a git {found}, not a {kind}")));
        }
        Ok(content)
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        // Closing its input ends the process.
        drop(self.input.take());
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_object_parses_into_names_and_kinds() {
        let mut bytes = Vec::new();
        for (mode, name, byte) in [
            ("100644", "agency.toml", 1u8),
            ("40000", "fidelity", 2),
            ("120000", "link", 3),
        ] {
            bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            bytes.extend_from_slice(&[byte; 20]);
        }
        let items = parse_tree(&bytes, 20).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(&*items[0].0, "agency.toml");
        assert_eq!(items[0].1, Item::File(Oid::from_raw(&[1; 20])));
        assert_eq!(items[1].1, Item::Dir(Some(Oid::from_raw(&[2; 20]))));
        assert_eq!(items[2].1, Item::Link);
        assert!(parse_tree(b"100644 x\0short", 20).is_err());
    }

    #[test]
    fn object_names_round_trip_through_hex() {
        let hex = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
        assert_eq!(Oid::from_hex(hex).unwrap().hex(), hex);
        assert!(Oid::from_hex("xyz").is_none());
    }
}
