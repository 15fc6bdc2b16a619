//! The one place that finds and loads a data repository (data format 1).

pub mod activities;
pub mod agency;
pub mod csv_reader;
pub mod csv_table;
mod listing;
mod load;
pub mod model;
pub mod outcomes_file;
pub mod placeholder;
mod places;
pub mod plan_file;
pub mod review;
mod review_written;
pub mod scores;
pub mod settings;
mod text_file;
pub mod toml_fields;
pub mod tree;

pub use load::{Needs, Parts, Reviews, load, load_tree, root_leftovers};
pub use places::Places;
pub use text_file::{decode, read_text, unreadable};

use crate::calendar::Quarter;
use crate::diagnostic::{AgencyFile, Area, Diagnostic, Origin, Subject};
use crate::error::{Usage, usage};
use crate::rules;
use model::{Activity, Agency, Review, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tree::Tree;

pub const SETTINGS_FILE: &str = "ips.toml";
pub const AGENCIES_DIR: &str = "agencies";
pub const OUTCOMES_DIR: &str = "outcomes";
pub const AGENCY_FILE: &str = "agency.toml";
pub const ACTIVITIES_FILE: &str = "activities.csv";
pub const FIDELITY_DIR: &str = "fidelity";
pub const PLANS_DIR: &str = "plans";

/// What ips reads of a data repository, from its root: any other file (a report written into
/// the folder, a README) is not data, and does not change what a figure comes from.
pub const DATA_PATHS: [&str; 3] = [SETTINGS_FILE, AGENCIES_DIR, OUTCOMES_DIR];

/// Finds the repository: `--repo`, else `$IPS_REPO`, else the first folder with an ips.toml
/// walking up from `cwd`, as git does.
pub fn find_root(flag: Option<&Path>, env: Option<&Path>, cwd: &Path) -> Result<PathBuf, Usage> {
    if let Some((dir, source)) = flag
        .map(|d| (d, "--repo"))
        .or(env.map(|d| (d, "$IPS_REPO")))
    {
        if dir.join(SETTINGS_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        if let Some(root) = enclosing_root(dir, cwd) {
            let fix = match source {
                "--repo" => format!("use --repo {}", root.display()),
                _ => format!("set IPS_REPO to {}", root.display()),
            };
            return Err(usage(format!(
                "{source} names {}, which is inside the repository at {}",
                dir.display(),
                root.display()
            ))
            .hint(format!(
                "{fix}: {source} names the folder that holds {SETTINGS_FILE}, not one inside it"
            )));
        }
        return Err(usage(format!(
            "{source} names {}, which has no {SETTINGS_FILE}",
            dir.display()
        ))
        .hint(format!(
            "point {source} at the folder that holds {SETTINGS_FILE}, or create a repository there with `ips init {}`",
            dir.display()
        )));
    }
    let mut looked = Vec::new();
    for dir in cwd.ancestors() {
        if dir.join(SETTINGS_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        looked.push(dir.display().to_string());
    }
    Err(usage(format!(
        "no IPS data repository here: no {SETTINGS_FILE} in {}",
        looked.join(", ")
    ))
    .hint("run this inside a data repository, pass --repo DIR or set IPS_REPO, or create one with `ips init DIR`"))
}

/// The repository that holds `dir`: the nearest folder above it (not `dir` itself) with an
/// ips.toml, named as the user would type it: from `cwd` for a relative `dir` (`..` when it is
/// above `cwd`), in full for an absolute one. Links and `..` in `dir` are resolved; `dir` itself
/// need not exist.
pub fn enclosing_root(dir: &Path, cwd: &Path) -> Option<PathBuf> {
    let full = cwd.join(dir);
    let (depth, existing) = full.ancestors().enumerate().find(|(_, a)| a.exists())?;
    let existing = existing.canonicalize().ok()?;
    let above = match depth {
        0 => existing.parent()?,
        _ => existing.as_path(),
    };
    let root = above
        .ancestors()
        .find(|folder| folder.join(SETTINGS_FILE).is_file())?;
    if dir.is_absolute() {
        return Some(root.to_path_buf());
    }
    let Ok(cwd) = cwd.canonicalize() else {
        return Some(root.to_path_buf());
    };
    if let Ok(inside) = root.strip_prefix(&cwd) {
        return Some(match inside.as_os_str().is_empty() {
            true => PathBuf::from("."),
            false => inside.to_path_buf(),
        });
    }
    match cwd.strip_prefix(root) {
        Ok(below) => Some(below.components().map(|_| "..").collect()),
        Err(_) => Some(root.to_path_buf()),
    }
}

/// A loaded repository: what a command's needs asked for, and nothing more. Outcome files are
/// not read here: they are many, and are listed a quarter at a time and streamed by whoever
/// reads them.
pub struct Repository {
    pub tree: Tree,
    pub settings: Settings,
    /// Every agency folder with a valid id, sorted: the agencies that exist, loaded or not.
    folders: Vec<Arc<str>>,
    /// The agencies the needs selected, sorted by folder.
    pub agencies: Vec<AgencyRecord>,
    /// The quarter folders of outcomes/, in order, when the needs asked for outcomes.
    pub quarters: Vec<Quarter>,
    /// Findings while loading, about what was loaded.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths of the files read while loading (outcome files are read when streamed).
    pub files_read: Vec<String>,
    /// Each loaded agency's place in `agencies`, for outcome files listed later.
    slots: HashMap<Arc<str>, u32>,
    /// Whether agencies/ could be listed: if not, which agencies exist is unknown.
    agencies_listed: bool,
    /// The trainers named by the agency.toml files read (those the filter may want), each
    /// once, sorted.
    pub trainers: Vec<String>,
}

pub struct AgencyRecord {
    pub folder: Arc<str>,
    /// None when agency.toml is missing or lacks a key the agency cannot do without.
    pub agency: Option<Agency>,
    /// Path of agency.toml relative to the root.
    pub agency_path: String,
    pub activities: Vec<Activity>,
    /// Sorted by date; empty unless the reviews were read in full.
    pub reviews: Vec<Review>,
    /// Whether the review files were read (else `reviews` is empty whatever the folder holds).
    pub reviews_read: bool,
    /// The dates that the review files' names give, sorted: known without reading them.
    pub review_dates: Vec<chrono::NaiveDate>,
    /// How many review files the folder has, read or not: with files but no readable review,
    /// "no fidelity review on record" would be untrue.
    pub review_files: usize,
    /// The improvement plans, plans/<review-date>.toml, sorted by review; empty unless read.
    /// A plan's `written` is also its review's `plan` date when the review has none, so that
    /// every judge of the plan milestone sees it.
    pub plans: Vec<model::Plan>,
}

impl AgencyRecord {
    /// The plan that answers the review of `date`, if it was read.
    pub fn plan_for(&self, date: chrono::NaiveDate) -> Option<&model::Plan> {
        self.plans.iter().find(|plan| plan.review == date)
    }
}

impl AgencyRecord {
    /// The first review, when the reviews were read.
    pub fn baseline(&self) -> Option<&Review> {
        self.reviews.first()
    }

    /// The date of the first review file, from the file names alone.
    pub fn first_review_date(&self) -> Option<chrono::NaiveDate> {
        self.review_dates.first().copied()
    }

    pub fn jurisdiction(&self) -> Option<&str> {
        self.agency.as_ref().map(|a| a.jurisdiction.as_str())
    }
}

/// One outcome file, named by its quarter and agency. Kept small (24 bytes, the agency's name
/// shared) because a large repository has over a hundred thousand of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeFileRef {
    pub quarter: Quarter,
    pub agency: Arc<str>,
    /// The agency's place in `Repository::agencies`, found once when listing, since every
    /// command looks the agency up for every file; `NO_SLOT` when not loaded.
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

    pub fn origin(&self) -> Origin {
        Origin::new(
            self.relative(),
            Subject::Outcomes(self.quarter, self.agency.clone()),
        )
    }
}

impl Repository {
    /// Lets go of every agency's activity log, once what needs them has been judged: at a
    /// community's size they are the largest part of what is loaded (400,000 rows for 2,400
    /// agencies over 25 years).
    pub fn forget_activities(&mut self) {
        for record in &mut self.agencies {
            record.activities = Vec::new();
        }
    }

    /// The agency an outcome file belongs to, if it was loaded.
    pub fn agency_of(&self, file: &OutcomeFileRef) -> Option<&AgencyRecord> {
        self.slot_of(file).map(|slot| &self.agencies[slot])
    }

    /// The place in `agencies` of an outcome file's agency, if it was loaded.
    pub fn slot_of(&self, file: &OutcomeFileRef) -> Option<usize> {
        match self.agencies.get(file.slot as usize) {
            // Listed files share their agency's name, so the pointers match without a compare.
            Some(record)
                if Arc::ptr_eq(&record.folder, &file.agency) || record.folder == file.agency =>
            {
                Some(file.slot as usize)
            }
            _ => self
                .agencies
                .binary_search_by(|a| (*a.folder).cmp(&file.agency))
                .ok(),
        }
    }

    /// A loaded agency.
    pub fn agency(&self, folder: &str) -> Option<&AgencyRecord> {
        self.agencies
            .binary_search_by(|a| (*a.folder).cmp(folder))
            .ok()
            .map(|i| &self.agencies[i])
    }

    /// Whether agencies/<id>/ exists (loaded or not).
    pub fn has_folder(&self, id: &str) -> bool {
        self.folders.binary_search_by(|f| (**f).cmp(id)).is_ok()
    }

    pub fn folder_names(&self) -> Vec<&str> {
        self.folders.iter().map(|f| &**f).collect()
    }

    /// The jurisdiction of a loaded agency, when its agency.toml could be read.
    pub fn jurisdiction_of(&self, agency: &str) -> Option<&str> {
        self.agency(agency)?.jurisdiction()
    }

    /// The name of a loaded agency (agency.toml's `name`): `Riverbend Community Mental Health`.
    pub fn agency_name(&self, agency: &str) -> Option<&str> {
        Some(self.agency(agency)?.agency.as_ref()?.name.as_str())
    }

    /// The trainer agency.toml names, if any.
    pub fn trainer(&self, agency: &str) -> Option<&str> {
        self.agency(agency)?.agency.as_ref()?.trainer.as_deref()
    }

    /// The name of a jurisdiction declared in ips.toml.
    pub fn jurisdiction_name(&self, jurisdiction: &str) -> Option<&str> {
        self.settings.jurisdiction_name(jurisdiction)
    }

    /// Whether agencies/ could be listed. When it could not (a finding says so), which agencies
    /// exist is unknown, and calling every outcome file's agency unknown would bury that error.
    pub fn agencies_were_listed(&self) -> bool {
        self.agencies_listed
    }

    /// Whether ips.toml has errors, so that its settings are partly defaults.
    pub fn settings_have_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.is_error() && d.subject == Subject::Settings)
    }

    /// Whether ips.toml could be read at all. When it could not, its jurisdictions are unknown,
    /// and calling every agency's jurisdiction undeclared would bury the one real error.
    pub fn settings_were_read(&self) -> bool {
        let unreadable = [
            rules::UNREADABLE.id,
            rules::EMPTY_FILE.id,
            rules::UTF8.id,
            rules::TOML_SYNTAX.id,
            // ips.toml has no dates: a date error there comes from the TOML parser.
            rules::DATE.id,
        ];
        !self
            .diagnostics
            .iter()
            .any(|d| d.subject == Subject::Settings && unreadable.contains(&d.rule.id))
    }

    /// The outcome files of one quarter folder, sorted by agency, with what its listing found
    /// wrong (a stray file, a name that is no agency id).
    pub fn list_quarter(&self, quarter: Quarter) -> (Vec<OutcomeFileRef>, Vec<Diagnostic>) {
        load::list_quarter(self, quarter)
    }

    /// The outcome file of `agency` for `quarter`, if there is one (a stat, no listing).
    pub fn outcome_file(&self, quarter: Quarter, agency: &str) -> Option<OutcomeFileRef> {
        let mut file = OutcomeFileRef::new(quarter, agency);
        if let Some(&slot) = self.slots.get(agency) {
            file.agency = self.agencies[slot as usize].folder.clone();
            file.slot = slot;
        }
        self.tree.is_file(&file.relative()).then_some(file)
    }

    /// For an outcome file of `quarter` named `stem`.csv after no agency: a hint naming the
    /// agency's own file when the name is a download's or a file manager's copy of it
    /// (`Maple Grove (1).csv` or `maple-grove-1.csv` of agency `maple-grove`), and saying so
    /// when that file is there too.
    pub fn copy_hint(&self, quarter: Quarter, stem: &str) -> Option<String> {
        let original = crate::ids::suggestion(crate::ids::copied_from(stem)?)?;
        if !self.has_folder(&original) {
            return None;
        }
        Some(match self.outcome_file(quarter, &original) {
            Some(file) => format!(
                "{} exists: this is probably a duplicate download of it; compare the two, keep the right figures in {original}.csv and delete this one",
                file.relative()
            ),
            None => format!(
                "rename it to {original}.csv, after the agency `{original}` (the name looks like that of a download's copy)"
            ),
        })
    }

    /// The quarters in which each of `agencies` has an outcome file. For a few agencies, a stat
    /// per quarter; for many, one listing per quarter folder.
    pub fn quarters_reported<'a>(
        &self,
        agencies: impl IntoIterator<Item = &'a str>,
    ) -> HashMap<Arc<str>, Vec<Quarter>> {
        let agencies: Vec<&str> = agencies.into_iter().collect();
        let mut found: HashMap<Arc<str>, Vec<Quarter>> = HashMap::new();
        if agencies.len() <= 8 {
            for agency in agencies {
                let quarters = self
                    .quarters
                    .iter()
                    .copied()
                    .filter(|q| self.outcome_file(*q, agency).is_some())
                    .collect();
                found.insert(Arc::from(agency), quarters);
            }
            return found;
        }
        let wanted: std::collections::HashSet<&str> = agencies.into_iter().collect();
        // The folders are listed in parallel, then gathered in quarter order.
        use rayon::prelude::*;
        let listed: Vec<(Quarter, Vec<OutcomeFileRef>)> = self
            .quarters
            .par_iter()
            .map(|&quarter| (quarter, self.list_quarter(quarter).0))
            .collect();
        for (quarter, files) in listed {
            for file in files {
                if wanted.contains(&*file.agency) {
                    found.entry(file.agency).or_default().push(quarter);
                }
            }
        }
        found
    }
}

/// The folder of an agency, agencies/<id>, as findings name it.
pub fn agency_folder_path(agency: &str) -> String {
    format!("{AGENCIES_DIR}/{agency}")
}

/// agencies/<id>/agency.toml.
pub fn agency_file_origin(agency: &Arc<str>) -> Origin {
    Origin::new(
        format!("{AGENCIES_DIR}/{agency}/{AGENCY_FILE}"),
        Subject::Agency(agency.clone(), AgencyFile::Toml),
    )
}

pub(crate) fn layout_origin(path: String, area: Area) -> Origin {
    Origin::new(path, Subject::Layout(area))
}

/// A diagnostic for a path that is not where the format puts files.
pub(crate) fn unexpected(origin: &Origin, what: &str) -> Diagnostic {
    Diagnostic::new(&rules::UNEXPECTED_FILE, origin, format!("{what}: ips ignores it"))
        .hint("move it out of the data repository, or to where the format puts such a file (see data-format.md)")
}

/// `2024-q1`, `2024Q1` or `Q3-2026` becomes `2024-Q1` or `2026-Q3`, for hints.
fn suggest_quarter(name: &str) -> String {
    let digits: String = name.chars().filter(|c| c.is_ascii_digit()).collect();
    // A year of four digits, and the digit after a `Q`, wherever they are.
    let year = name
        .split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 4);
    let upper = name.to_ascii_uppercase();
    let number = upper
        .find('Q')
        .and_then(|q| upper[q + 1..].chars().next())
        .filter(char::is_ascii_digit);
    let candidates = [
        year.zip(number).map(|(year, n)| format!("{year}-Q{n}")),
        (digits.len() == 5).then(|| format!("{}-Q{}", &digits[..4], &digits[4..])),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|candidate| Quarter::parse(candidate).is_some())
        .unwrap_or_else(|| "2024-Q1".to_string())
}
