//! The one place that finds and loads a data repository (data format 1).

pub mod activities;
pub mod agency;
pub mod csv_reader;
pub mod csv_table;
pub mod model;
pub mod outcomes_file;
pub mod review;
pub mod settings;
pub mod toml_fields;

use crate::calendar::Quarter;
use crate::diagnostic::Diagnostic;
use crate::ids;
use crate::rules;
use crate::source::SourceText;
use anyhow::{Context, Result, bail};
use model::{Activity, Agency, Review, ReviewKind, Settings};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const SETTINGS_FILE: &str = "ips.toml";
pub const AGENCIES_DIR: &str = "agencies";
pub const OUTCOMES_DIR: &str = "outcomes";
pub const AGENCY_FILE: &str = "agency.toml";
pub const ACTIVITIES_FILE: &str = "activities.csv";
pub const FIDELITY_DIR: &str = "fidelity";

/// Finds the repository: `--repo`, else `$IPS_REPO`, else the first folder with an ips.toml
/// walking up from `cwd`, as git does.
pub fn find_root(flag: Option<&Path>, env: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some((dir, source)) = flag
        .map(|d| (d, "--repo"))
        .or(env.map(|d| (d, "$IPS_REPO")))
    {
        if dir.join(SETTINGS_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        bail!(
            "{source} names {}, which has no {SETTINGS_FILE}\n  hint: point {source} at the folder that holds {SETTINGS_FILE}, or create a repository there with `ips init {}`",
            dir.display(),
            dir.display()
        );
    }
    let mut looked = Vec::new();
    for dir in cwd.ancestors() {
        if dir.join(SETTINGS_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        looked.push(dir.display().to_string());
    }
    bail!(
        "no IPS data repository here: no {SETTINGS_FILE} in {}\n  hint: run this inside a data repository, pass --repo DIR or set IPS_REPO, or create one with `ips init DIR`",
        looked.join(", ")
    )
}

/// A loaded repository: settings and agencies in full; outcome files only listed, since they
/// are many and are streamed by whoever reads them.
pub struct Repository {
    pub root: PathBuf,
    pub settings: Settings,
    /// Sorted by folder name.
    pub agencies: Vec<AgencyRecord>,
    /// Sorted by quarter, then agency.
    pub outcome_files: Vec<OutcomeFileRef>,
    /// Findings while loading settings, agencies and the layout.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths of the files read while loading (outcome files are not read until streamed).
    pub files_read: Vec<String>,
    /// Whether activities and fidelity reviews were read.
    pub depth: Depth,
}

/// How much of each agency folder `load_with` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// agency.toml, activities.csv and every fidelity review.
    Full,
    /// agency.toml and the fidelity reviews, not the activity logs: who is expected to report
    /// outcomes depends on the baseline review.
    Reviews,
    /// agency.toml only: all that outcome figures need. A large repository has more reviews
    /// and activity logs than a summary of its outcomes should pay for.
    Outcomes,
}

impl Depth {
    pub fn reads_reviews(self) -> bool {
        self != Depth::Outcomes
    }

    pub fn reads_activities(self) -> bool {
        self == Depth::Full
    }
}

pub struct AgencyRecord {
    pub folder: String,
    /// None when agency.toml is missing or lacks a key the agency cannot do without.
    pub agency: Option<Agency>,
    /// Path of agency.toml relative to the root.
    pub agency_path: String,
    pub activities: Vec<Activity>,
    /// Sorted by date.
    pub reviews: Vec<Review>,
    /// How many review files the folder has, read or not: with files but no readable review,
    /// "no fidelity review on record" would be untrue.
    pub review_files: usize,
}

impl AgencyRecord {
    pub fn baseline(&self) -> Option<&Review> {
        self.reviews.first()
    }
}

/// One outcome file, named by its quarter and agency. Kept small (24 bytes, the agency's name
/// shared) because a large repository lists over a hundred thousand of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeFileRef {
    pub quarter: Quarter,
    pub agency: Arc<str>,
    /// The agency's place in `Repository::agencies`, found once when listing, since every
    /// command looks the agency up for every file; `NO_SLOT` when unknown.
    slot: u32,
}

const NO_SLOT: u32 = u32::MAX;

impl OutcomeFileRef {
    /// A reference to the file of `agency` for `quarter`, whether or not it exists.
    pub fn new(quarter: Quarter, agency: &str) -> OutcomeFileRef {
        OutcomeFileRef {
            quarter,
            agency: Arc::from(agency),
            slot: NO_SLOT,
        }
    }

    /// The path relative to the root, as diagnostics name it.
    pub fn relative(&self) -> String {
        format!("{OUTCOMES_DIR}/{}/{}.csv", self.quarter, self.agency)
    }

    pub fn path(&self, root: &Path) -> PathBuf {
        root.join(self.relative())
    }
}

impl Repository {
    /// The agency an outcome file belongs to, if it has a folder.
    pub fn agency_of(&self, file: &OutcomeFileRef) -> Option<&AgencyRecord> {
        match self.agencies.get(file.slot as usize) {
            Some(record) if record.folder.as_str() == &*file.agency => Some(record),
            _ => self.agency(&file.agency),
        }
    }

    pub fn agency(&self, folder: &str) -> Option<&AgencyRecord> {
        self.agencies
            .binary_search_by(|a| a.folder.as_str().cmp(folder))
            .ok()
            .map(|i| &self.agencies[i])
    }

    pub fn relative(&self, path: &Path) -> String {
        relative_path(&self.root, path)
    }
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a whole file. Data files are small, so a buffer of a page holds most of them in one read;
/// unlike `fs::read`, this asks for no size first: fewer system calls for each of the tens of
/// thousands of outcome files.
fn read_small_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    // Plain reads: `read_to_end` on a file asks its size and position first, two calls more.
    let mut bytes = vec![0; 4096];
    let mut len = 0;
    loop {
        if len == bytes.len() {
            bytes.resize(len * 2, 0);
        }
        match file.read(&mut bytes[len..]) {
            Ok(0) => break,
            Ok(read) => len += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    bytes.truncate(len);
    Ok(bytes)
}

/// Reads a file into its decoded text, or the diagnostic that says why it cannot be read as text.
/// A file that cannot be read at all is a finding too, so that one bad file (a dangling link, a
/// permission) does not stop the checks of the others.
pub fn read_text(root: &Path, path: &Path) -> std::result::Result<SourceText, Diagnostic> {
    read_text_named(path, &relative_path(root, path))
}

/// `read_text` for a caller that already knows the relative path (outcome files: many, tiny).
pub fn read_text_named(path: &Path, relative: &str) -> std::result::Result<SourceText, Diagnostic> {
    let bytes = read_small_file(path).map_err(|error| {
        Diagnostic::new(
            &rules::UNREADABLE,
            relative,
            format!("cannot read the file: {error}"),
        )
        .hint("check that the file exists (not a broken link) and that you may read it")
    })?;
    SourceText::decode(relative, bytes).map_err(|diagnostic| {
        if diagnostic.rule == rules::EMPTY_FILE.id {
            diagnostic.hint(empty_file_hint(relative))
        } else {
            diagnostic
        }
    })
}

/// What an empty file of each kind should start with.
fn empty_file_hint(relative: &str) -> String {
    if relative == SETTINGS_FILE {
        // The one file a repository cannot do without: never suggest deleting it.
        return "write `format = 1`, `name` and the [[jurisdictions]]; `ips init DIR` writes a commented ips.toml to copy from".into();
    }
    let content = if relative.ends_with(AGENCY_FILE) {
        "the agency's `id`, `name`, `jurisdiction`, `start` and its [[teams]]"
    } else if relative.ends_with(ACTIVITIES_FILE) {
        "the header line date,kind,days,note, then one line per activity"
    } else if relative.starts_with(OUTCOMES_DIR) {
        "the header line team,served,employed,education,job_starts, then one row per team"
    } else {
        "the review's `date`, `kind`, `scale`, `reviewers` and its [scores]"
    };
    format!("write {content}; or delete the file")
}

pub fn load(root: &Path) -> Result<Repository> {
    load_with(root, Depth::Full)
}

pub fn load_with(root: &Path, depth: Depth) -> Result<Repository> {
    let mut diagnostics = Vec::new();
    let settings_path = root.join(SETTINGS_FILE);
    let settings = match read_text(root, &settings_path) {
        Ok(source) => {
            let (settings, found) = settings::read(&source);
            diagnostics.extend(found);
            settings
        }
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            Settings::default()
        }
    };
    let agency_dirs = list_agency_dirs(root, &mut diagnostics)?;
    let loaded: Vec<(AgencyRecord, Vec<Diagnostic>, Vec<String>)> = agency_dirs
        .par_iter()
        .map(|(folder, dir)| load_agency(root, folder, dir, depth))
        .collect::<Result<_>>()?;
    let mut agencies = Vec::with_capacity(loaded.len());
    let mut files_read = vec![SETTINGS_FILE.to_string()];
    for (record, found, files) in loaded {
        agencies.push(record);
        diagnostics.extend(found);
        files_read.extend(files);
    }
    let outcome_files = list_outcome_files(root, &agencies, &mut diagnostics)?;
    Ok(Repository {
        root: root.to_path_buf(),
        settings,
        agencies,
        outcome_files,
        diagnostics,
        files_read,
        depth,
    })
}

fn sorted_entries(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>> {
    let mut entries = Vec::new();
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(entries),
        Err(error) => return Err(error).with_context(|| format!("cannot list {}", dir.display())),
    };
    for entry in read {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
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
        entries.push((name, entry.path(), is_dir));
    }
    entries.sort();
    Ok(entries)
}

fn unexpected(root: &Path, path: &Path, what: &str) -> Diagnostic {
    Diagnostic::new(&rules::UNEXPECTED_FILE, &relative_path(root, path), format!("{what}: ips ignores it"))
        .hint("move it out of the data repository, or to where the format puts such a file (see data-format.md)")
}

fn list_agency_dirs(
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, PathBuf)>> {
    let mut dirs = Vec::new();
    for (name, path, is_dir) in sorted_entries(&root.join(AGENCIES_DIR))? {
        if !is_dir {
            diagnostics.push(unexpected(root, &path, "a file directly in agencies/"));
        } else if !ids::is_identifier(&name) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::IDENTIFIER,
                    &relative_path(root, &path),
                    format!("the agency folder name {name:?} is not a valid id"),
                )
                .hint(format!(
                    "rename the folder to a valid id such as agencies/{}",
                    ids::suggest(&name)
                )),
            );
        } else {
            dirs.push((name, path));
        }
    }
    Ok(dirs)
}

fn load_agency(
    root: &Path,
    folder: &str,
    dir: &Path,
    depth: Depth,
) -> Result<(AgencyRecord, Vec<Diagnostic>, Vec<String>)> {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let mut reviews_clean = true;
    let mut has_agency_file = false;
    let agency_file = dir.join(AGENCY_FILE);
    let mut record = AgencyRecord {
        folder: folder.to_string(),
        agency: None,
        agency_path: relative_path(root, &agency_file),
        activities: Vec::new(),
        reviews: Vec::new(),
        review_files: 0,
    };
    for (name, path, is_dir) in sorted_entries(dir)? {
        match (name.as_str(), is_dir) {
            (ACTIVITIES_FILE, false) if !depth.reads_activities() => {}
            (FIDELITY_DIR, true) if !depth.reads_reviews() => {}
            (AGENCY_FILE, false) => {
                has_agency_file = true;
                files.push(relative_path(root, &path));
                match read_text(root, &path) {
                    Ok(source) => {
                        let (agency, found) = agency::read(&source, folder);
                        record.agency = agency;
                        diagnostics.extend(found);
                    }
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
            (ACTIVITIES_FILE, false) => {
                files.push(relative_path(root, &path));
                match read_text(root, &path) {
                    Ok(source) => {
                        let (activities, found) = activities::read(&source);
                        record.activities = activities;
                        diagnostics.extend(found);
                    }
                    Err(diagnostic) => diagnostics.push(diagnostic),
                }
            }
            (FIDELITY_DIR, true) => {
                for (name, path, is_dir) in sorted_entries(&path)? {
                    let Some(stem) = name.strip_suffix(".toml").filter(|_| !is_dir) else {
                        diagnostics.push(unexpected(
                            root,
                            &path,
                            "not a review file (fidelity/YYYY-MM-DD.toml)",
                        ));
                        continue;
                    };
                    record.review_files += 1;
                    files.push(relative_path(root, &path));
                    match read_text(root, &path) {
                        Ok(source) => {
                            let (review, found) = review::read(&source, stem);
                            reviews_clean &= !found.iter().any(Diagnostic::is_error);
                            record.reviews.extend(review);
                            diagnostics.extend(found);
                        }
                        Err(diagnostic) => {
                            reviews_clean = false;
                            diagnostics.push(diagnostic);
                        }
                    }
                }
            }
            _ => diagnostics.push(unexpected(
                root,
                &path,
                "an agency folder holds only agency.toml, activities.csv and fidelity/",
            )),
        }
    }
    if !has_agency_file {
        diagnostics.push(
            Diagnostic::new(
                &rules::MISSING_FILE,
                &record.agency_path,
                format!("the agency folder agencies/{folder}/ has no {AGENCY_FILE}"),
            )
            .hint(format!(
                "create it with `ips agency new {folder} --jurisdiction ID` (or write id = \"{folder}\", `name`, `jurisdiction`, `start` and [[teams]]), or remove the folder"
            )),
        );
    }
    record.reviews.sort_by_key(|review| review.date);
    // With every review file clean, each is named after its date, and their order is sure.
    if reviews_clean {
        diagnostics.extend(check_review_kinds(folder, &record.reviews));
    }
    Ok((record, diagnostics, files))
}

/// `review-kind`: the first review of an agency is its baseline, every later one a follow-up.
fn check_review_kinds(folder: &str, reviews: &[Review]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, review) in reviews.iter().enumerate() {
        let expected = if index == 0 {
            ReviewKind::Baseline
        } else {
            ReviewKind::FollowUp
        };
        if review.kind == expected {
            continue;
        }
        let path = format!(
            "{AGENCIES_DIR}/{folder}/{FIDELITY_DIR}/{}.toml",
            review.date
        );
        let message = if index == 0 {
            format!(
                "the agency's first review, on {}, is marked `{}`",
                review.date,
                review.kind.as_str()
            )
        } else {
            format!(
                "a review after the baseline of {} is marked `baseline`",
                reviews[0].date
            )
        };
        diagnostics.push(
            Diagnostic::new(&rules::REVIEW_KIND, &path, message)
                .hint(format!("write kind = \"{}\"", expected.as_str())),
        );
    }
    diagnostics
}

fn list_outcome_files(
    root: &Path,
    agencies: &[AgencyRecord],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<OutcomeFileRef>> {
    let mut quarters = Vec::new();
    for (name, path, is_dir) in sorted_entries(&root.join(OUTCOMES_DIR))? {
        match Quarter::parse(&name).filter(|_| is_dir) {
            Some(quarter) => quarters.push((quarter, path)),
            None => diagnostics.push(not_a_quarter_folder(root, &name, &path, is_dir)),
        }
    }
    // Folders sort by name, which for YYYY-Qn is quarter order; files within by agency id.
    let names: HashMap<&str, (Arc<str>, u32)> = agencies
        .iter()
        .enumerate()
        .map(|(slot, record)| {
            let name = Arc::from(record.folder.as_str());
            (record.folder.as_str(), (name, slot as u32))
        })
        .collect();
    let listed: Vec<(Vec<OutcomeFileRef>, Vec<Diagnostic>)> = quarters
        .par_iter()
        .map(|(quarter, path)| list_quarter(*quarter, path, &names))
        .collect::<Result<_>>()?;
    let mut files = Vec::new();
    for (found, found_diagnostics) in listed {
        files.extend(found);
        diagnostics.extend(found_diagnostics);
    }
    Ok(files)
}

fn not_a_quarter_folder(root: &Path, name: &str, path: &Path, is_dir: bool) -> Diagnostic {
    let hint = if is_dir {
        format!(
            "name quarter folders YYYY-Qn with n from 1 to 4, e.g. outcomes/{}",
            suggest_quarter(name)
        )
    } else {
        "outcome files go in a quarter folder: outcomes/YYYY-Qn/<agency>.csv".to_string()
    };
    Diagnostic::new(
        &rules::QUARTER_FOLDER,
        &relative_path(root, path),
        format!("{name:?} is not a quarter folder"),
    )
    .hint(hint)
}

fn list_quarter(
    quarter: Quarter,
    dir: &Path,
    names: &HashMap<&str, (Arc<str>, u32)>,
) -> Result<(Vec<OutcomeFileRef>, Vec<Diagnostic>)> {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let folder = format!("{OUTCOMES_DIR}/{quarter}");
    for (name, _path, is_dir) in sorted_entries(dir)? {
        let relative = format!("{folder}/{name}");
        let Some(agency) = name.strip_suffix(".csv").filter(|_| !is_dir) else {
            diagnostics.push(
                Diagnostic::new(
                    &rules::QUARTER_FOLDER,
                    &relative,
                    "a quarter folder holds only <agency>.csv files",
                )
                .hint("move it out of outcomes/"),
            );
            continue;
        };
        if !ids::is_identifier(agency) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::IDENTIFIER,
                    &relative,
                    format!("the file name {name:?} is not <agency id>.csv"),
                )
                .hint(format!(
                    "rename it to {}.csv, after the agency's id",
                    ids::suggest(agency)
                )),
            );
            continue;
        }
        let (agency, slot) = names
            .get(agency)
            .cloned()
            .unwrap_or_else(|| (Arc::from(agency), NO_SLOT));
        files.push(OutcomeFileRef {
            quarter,
            agency,
            slot,
        });
    }
    Ok((files, diagnostics))
}

/// `2024-q1` or `2024Q1` becomes `2024-Q1`, for hints.
fn suggest_quarter(name: &str) -> String {
    let digits: String = name.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 5 {
        let candidate = format!("{}-Q{}", &digits[..4], &digits[4..]);
        if Quarter::parse(&candidate).is_some() {
            return candidate;
        }
    }
    "2024-Q1".to_string()
}
