//! The one loader: a command names what it needs, and this reads exactly that. Agencies are
//! chosen by the filter once their agency.toml is read (their jurisdiction is in it); only the
//! chosen ones' reviews and activity logs are read, and outcome folders are listed a quarter at
//! a time by whoever streams them.

use super::listing::{entries, leftover_temporary, unlistable};
use super::text_file::{decode, read_text, unreadable};
use super::tree::{Entry, Refusal, Tree};
use super::{
    ACTIVITIES_FILE, AGENCIES_DIR, AGENCY_FILE, AgencyRecord, FIDELITY_DIR, NO_SLOT, OUTCOMES_DIR,
    OutcomeFileRef, PLANS_DIR, Places, Repository, SETTINGS_FILE, activities, agency,
    agency_file_origin, layout_origin, review, settings, suggest_quarter, unexpected,
};
use crate::calendar::{self, Quarter};
use crate::diagnostic::{AgencyFile, Area, Diagnostic, Origin, Subject};
use crate::ids;
use crate::repo::model::{Review, ReviewKind, Settings};
use crate::rules;
use crate::source::SourceText;
use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// What a command reads.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    /// Which agencies: those the filter wants. Their agency.toml is always read.
    pub places: Places,
    /// What else to read of each wanted agency.
    pub parts: Parts,
    /// More of some agencies than `parts`: partial validation reads what a named file is
    /// checked against.
    pub more: BTreeMap<String, Parts>,
    /// Whether to list outcomes/ (its quarter folders).
    pub outcomes: bool,
    /// The date the command judges by. A review dated after it is planned: its items are
    /// scored on the day, so until then an unscored item is not an error. None: every review
    /// is held already (what is committed is judged as it stands).
    pub as_of: Option<NaiveDate>,
}

/// What of an agency's folder to read beyond agency.toml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    pub reviews: Reviews,
    pub activities: bool,
    /// The improvement plans, plans/<review-date>.toml.
    pub plans: bool,
}

/// How much of an agency's fidelity reviews to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reviews {
    #[default]
    No,
    /// Only their dates, which the file names give.
    Dates,
    /// The dates, and the files of the latest review on or before this day and of every review
    /// after it: all a schedule as of that day needs, without reading years of history. A file
    /// whose name is not a date is read too, so that its error is seen.
    Since(NaiveDate),
    /// Every review file, parsed and checked.
    Full,
}

impl Reviews {
    /// What reading both `self` and `other` asks for.
    pub fn union(self, other: Reviews) -> Reviews {
        use Reviews::*;
        match (self, other) {
            (Full, _) | (_, Full) => Full,
            (Since(a), Since(b)) => Since(a.min(b)),
            (Since(day), _) | (_, Since(day)) => Since(day),
            (Dates, _) | (_, Dates) => Dates,
            (No, No) => No,
        }
    }
}

impl Parts {
    pub const NONE: Parts = Parts {
        reviews: Reviews::No,
        activities: false,
        plans: false,
    };
    pub const ALL: Parts = Parts {
        reviews: Reviews::Full,
        activities: true,
        plans: true,
    };
    /// The review dates alone (their file names): enough to know an agency's baseline, and so
    /// who is expected to report and what kind a new review is.
    pub const REVIEW_DATES: Parts = Parts {
        reviews: Reviews::Dates,
        activities: false,
        plans: false,
    };

    pub fn union(self, other: Parts) -> Parts {
        Parts {
            reviews: self.reviews.union(other.reviews),
            activities: self.activities || other.activities,
            plans: self.plans || other.plans,
        }
    }

    /// The folder must be listed to find reviews, and then its stray files are seen too.
    fn lists_folder(self) -> bool {
        self.reviews != Reviews::No || self.activities || self.plans
    }
}

impl Needs {
    fn parts_of(&self, agency: &str) -> Parts {
        self.more
            .get(agency)
            .map_or(self.parts, |more| self.parts.union(*more))
    }
}

/// Loads what `needs` asks for. Problems in the data are findings in `diagnostics`, files and
/// folders that cannot be read included, so that one of them does not stop the checks of the
/// rest.
pub fn load(root: &Path, needs: &Needs) -> Result<Repository> {
    load_tree(Tree::new(root), needs)
}

/// Loads what `needs` asks for from `tree`: the working tree, a commit or the staged index.
pub fn load_tree(tree: Tree, needs: &Needs) -> Result<Repository> {
    let mut diagnostics = Vec::new();
    let mut files_read = vec![SETTINGS_FILE.to_string()];
    let settings = read_settings(&tree, &mut diagnostics);
    let listed = list_agencies(&tree, &mut diagnostics);
    let agencies_listed = listed.is_some();
    let folders = listed.unwrap_or_default();
    let (loaded, trainers) = read_agencies(&tree, &folders, needs);
    let mut agencies = Vec::with_capacity(loaded.len());
    for Loaded {
        record,
        diagnostics: found,
        files,
        ..
    } in loaded
    {
        agencies.push(record);
        diagnostics.extend(found);
        files_read.extend(files);
    }
    let quarters = if needs.outcomes {
        list_quarters(&tree, &mut diagnostics)
    } else {
        Vec::new()
    };
    let slots = agencies
        .iter()
        .enumerate()
        .map(|(slot, record)| (record.folder.clone(), slot as u32))
        .collect();
    Ok(Repository {
        tree,
        settings,
        folders,
        agencies,
        quarters,
        diagnostics,
        files_read,
        slots,
        agencies_listed,
        trainers,
    })
}

/// Reads ips.toml; unreadable, the settings are the defaults and a finding says why.
fn read_settings(tree: &Tree, diagnostics: &mut Vec<Diagnostic>) -> Settings {
    let settings_origin = Origin::new(SETTINGS_FILE, Subject::Settings);
    match read_text(tree, settings_origin) {
        Ok(source) => {
            let (settings, found) = settings::read(&source);
            diagnostics.extend(found);
            diagnostics.extend(super::placeholder::check(&source));
            settings
        }
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            Settings::default()
        }
    }
}

/// Reads the agency.toml of each folder the filter may want, then the rest of the folders of
/// the agencies it wants (their jurisdiction is in agency.toml), in parallel.
/// Also the trainers named by the agency.toml files read, each once, for `--trainer`'s hint.
fn read_agencies(tree: &Tree, folders: &[Arc<str>], needs: &Needs) -> (Vec<Loaded>, Vec<String>) {
    let candidates: Vec<&Arc<str>> = folders
        .iter()
        .filter(|folder| needs.places.may_want(folder))
        .collect();
    let read: Vec<Loaded> = candidates
        .par_iter()
        .map(|folder| read_agency_file(tree, folder))
        .collect();
    let mut trainers: Vec<String> = Vec::new();
    for loaded in &read {
        if let Some(trainer) = loaded
            .record
            .agency
            .as_ref()
            .and_then(|a| a.trainer.as_ref())
            && !trainers
                .iter()
                .any(|t| crate::text::same_person(t, trainer))
        {
            trainers.push(trainer.clone());
        }
    }
    trainers.sort();
    let chosen: Vec<Loaded> = read
        .into_iter()
        .filter(|loaded| needs.places.wants_record(&loaded.record))
        .collect();
    let loaded = chosen
        .into_par_iter()
        .map(|loaded| {
            let parts = needs.parts_of(&loaded.record.folder);
            read_agency_parts(tree, loaded, parts, needs.as_of)
        })
        .collect();
    (loaded, trainers)
}

/// The leftovers of killed writes at the root (`ips init` writes ips.toml there), which no
/// other listing sees, reported as about ips.toml; and stray data files there (`clients.csv`),
/// as a stray file in an agency folder is. The root holds more than data (a README, docs/,
/// reports, a CI file), so only a file of a data kind is stray.
pub fn root_leftovers(tree: &Tree) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let Ok(listed) = tree.list("") else {
        return diagnostics;
    };
    for entry in listed.iter().filter(|e| !e.is_dir) {
        let origin = Origin::new(entry.name.clone(), Subject::Settings);
        if let Some(file) = crate::temporary::temporary_of(&entry.name) {
            diagnostics.push(leftover_temporary(&origin, file));
        } else if is_stray_data(&entry.name) {
            diagnostics.push(
                unexpected(&origin, "a data file at the repository root").hint(
                    "outcomes go in outcomes/YYYY-Qn/<agency>.csv and an agency's files in agencies/<agency>/; move anything else (a client list above all) out of the data repository",
                ),
            );
        }
    }
    diagnostics
}

/// Whether a file at the root is of a kind the format keeps elsewhere: a CSV, TOML other than
/// ips.toml, or a spreadsheet.
fn is_stray_data(name: &str) -> bool {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    name != SETTINGS_FILE
        && matches!(
            extension.as_deref(),
            Some("csv" | "tsv" | "toml" | "xlsx" | "xls" | "xlsm" | "ods")
        )
}

/// when agencies/ cannot be listed (a finding says why).
fn list_agencies(tree: &Tree, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<Arc<str>>> {
    let mut folders = Vec::new();
    let layout = Subject::Layout(Area::Agencies);
    let origin = Origin::new(AGENCIES_DIR, layout.clone());
    let listed = entries(tree, &origin, &layout, diagnostics)?;
    // A copy a file manager made of an agency's folder (`riverbend - Copy`) is said to be one.
    let copy_of = |name: &str| {
        let original = ids::suggestion(ids::copied_from(name)?)?;
        listed
            .iter()
            .any(|e| e.is_dir && *e.name == original)
            .then_some(original)
    };
    for Entry { name, is_dir } in &listed {
        let origin = layout_origin(format!("{AGENCIES_DIR}/{name}"), Area::Agencies);
        if !is_dir {
            diagnostics.push(unexpected(&origin, "a file directly in agencies/"));
        } else if !ids::is_identifier(name) {
            let hint = match (copy_of(name), ids::suggestion(name)) {
                (Some(original), _) => format!(
                    "agencies/{original} exists: this is probably a copy of it; keep what is right in agencies/{original} and delete this folder"
                ),
                (None, Some(id)) => {
                    format!("rename the folder to a valid id such as agencies/{id}")
                }
                (None, None) => {
                    "rename the folder to the agency's id: 1-64 lower-case letters, digits and `-`"
                        .into()
                }
            };
            diagnostics.push(
                Diagnostic::new(
                    &rules::IDENTIFIER,
                    &origin,
                    format!("the agency folder name {name:?} is not a valid id"),
                )
                .hint(hint),
            );
        } else {
            folders.push(Arc::from(name.as_str()));
        }
    }
    Some(folders)
}

/// An agency being loaded, with what was found and read.
struct Loaded {
    record: AgencyRecord,
    diagnostics: Vec<Diagnostic>,
    files: Vec<String>,
    /// The folder itself was refused (a link out of the repository): nothing more is read.
    refused: bool,
}

/// An agency of which nothing is read yet.
fn nothing_loaded(folder: &Arc<str>, agency_path: String) -> Loaded {
    Loaded {
        record: AgencyRecord {
            folder: folder.clone(),
            agency: None,
            agency_path,
            activities: Vec::new(),
            reviews: Vec::new(),
            reviews_read: false,
            review_dates: Vec::new(),
            review_files: 0,
            plans: Vec::new(),
        },
        diagnostics: Vec::new(),
        files: Vec::new(),
        refused: false,
    }
}

/// Reads an agency's agency.toml: enough to know its jurisdiction, and all that outcome
/// figures need.
fn read_agency_file(tree: &Tree, folder: &Arc<str>) -> Loaded {
    let origin = agency_file_origin(folder);
    let mut loaded = nothing_loaded(folder, origin.path.clone());
    let bytes = match tree.read(&origin.path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            loaded.diagnostics.push(
                Diagnostic::new(
                    &rules::MISSING_FILE,
                    &origin,
                    format!("the agency folder agencies/{folder}/ has no {AGENCY_FILE}"),
                )
                .hint(format!(
                    "create it with `ips agency new {folder} --jurisdiction ID` (or write id = \"{folder}\", `name`, `jurisdiction`, `start` and [[teams]]), or remove the folder"
                )),
            );
            return loaded;
        }
        Err(error) => {
            let dir = format!("{AGENCIES_DIR}/{folder}");
            match Refusal::of(&error) {
                // Said once, of the folder, rather than of each of its files.
                Some(Refusal::Outside { link }) if *link == dir => {
                    let folder_origin = Origin::new(dir, origin.subject.clone());
                    loaded.diagnostics.push(unlistable(&folder_origin, &error));
                    loaded.refused = true;
                }
                _ => loaded.diagnostics.push(unreadable(&origin, &error)),
            }
            return loaded;
        }
    };
    loaded.files.push(origin.path.clone());
    match decode(origin, bytes) {
        Ok(source) => {
            let (agency, found) = agency::read(&source, folder);
            loaded.record.agency = agency;
            loaded.diagnostics.extend(found);
            loaded
                .diagnostics
                .extend(super::placeholder::check(&source));
        }
        Err(diagnostic) => loaded.diagnostics.push(diagnostic),
    }
    loaded
}

/// Reads the rest of a chosen agency's folder, as `parts` says.
fn read_agency_parts(
    tree: &Tree,
    mut loaded: Loaded,
    parts: Parts,
    as_of: Option<NaiveDate>,
) -> Loaded {
    if !parts.lists_folder() || loaded.refused {
        return loaded;
    }
    let folder = loaded.record.folder.clone();
    let dir = format!("{AGENCIES_DIR}/{folder}");
    let stray_subject = Subject::Agency(folder.clone(), AgencyFile::Stray);
    let stray = |name: &str| Origin::new(format!("{dir}/{name}"), stray_subject.clone());
    // Unlistable, the folder's reviews and activities are unknown: its agency.toml is judged.
    let folder_origin = Origin::new(
        dir.clone(),
        Subject::Agency(folder.clone(), AgencyFile::Toml),
    );
    let Some(listed) = entries(
        tree,
        &folder_origin,
        &stray_subject,
        &mut loaded.diagnostics,
    ) else {
        return loaded;
    };
    for Entry { name, is_dir } in listed {
        match (name.as_str(), is_dir) {
            (AGENCY_FILE, false) => {}
            (ACTIVITIES_FILE, false) if !parts.activities => {}
            (ACTIVITIES_FILE, false) => read_activities(tree, &mut loaded, &dir),
            (FIDELITY_DIR, true) if parts.reviews == Reviews::No => {}
            (FIDELITY_DIR, true) => {
                if !read_reviews(tree, &mut loaded, parts.reviews, as_of) {
                    return loaded;
                }
            }
            (PLANS_DIR, true) if !parts.plans => {}
            (PLANS_DIR, true) => {
                let read = super::plan_file::read_folder(tree, &folder, as_of);
                loaded.diagnostics.extend(read.diagnostics);
                loaded.files.extend(read.files);
                loaded.record.plans = read.plans;
            }
            (AGENCY_FILE, true) => {}
            _ => loaded.diagnostics.push(unexpected(
                &stray(&name),
                "an agency folder holds only agency.toml, activities.csv, fidelity/ and plans/",
            )),
        }
    }
    if parts.plans {
        let found = super::plan_file::settle(&mut loaded.record);
        loaded.diagnostics.extend(found);
    }
    // With no fidelity/ folder, the reviews are read too: there are none.
    loaded.record.reviews_read |= parts.reviews == Reviews::Full;
    loaded
}

/// Reads an agency's activities.csv.
fn read_activities(tree: &Tree, loaded: &mut Loaded, dir: &str) {
    let origin = Origin::new(
        format!("{dir}/{ACTIVITIES_FILE}"),
        Subject::Agency(loaded.record.folder.clone(), AgencyFile::Activities),
    );
    loaded.files.push(origin.path.clone());
    match read_text(tree, origin) {
        Ok(source) => {
            let (activities, found) = activities::read(&source);
            loaded.record.activities = activities;
            loaded.diagnostics.extend(found);
        }
        Err(diagnostic) => loaded.diagnostics.push(diagnostic),
    }
}

/// Reads the fidelity/ folder of an agency; false when it cannot be listed (a finding says
/// why), so that its reviews are unknown rather than none.
fn read_reviews(tree: &Tree, loaded: &mut Loaded, how: Reviews, as_of: Option<NaiveDate>) -> bool {
    let folder = loaded.record.folder.clone();
    let dir = format!("{AGENCIES_DIR}/{folder}/{FIDELITY_DIR}");
    let mut reviews_clean = true;
    let stray = Subject::Agency(folder.clone(), AgencyFile::Stray);
    let origin = Origin::new(
        dir.clone(),
        Subject::Agency(folder.clone(), AgencyFile::Review),
    );
    let Some(listed) = entries(tree, &origin, &stray, &mut loaded.diagnostics) else {
        return false;
    };
    let read_from = read_from(how, &listed);
    for entry in &listed {
        let Entry { name, is_dir } = entry;
        let Some(stem) = name.strip_suffix(".toml").filter(|_| !is_dir) else {
            let origin = Origin::new(
                format!("{dir}/{name}"),
                Subject::Agency(folder.clone(), AgencyFile::Stray),
            );
            loaded.diagnostics.push(unexpected(
                &origin,
                "not a review file (fidelity/YYYY-MM-DD.toml)",
            ));
            continue;
        };
        loaded.record.review_files += 1;
        loaded
            .record
            .review_dates
            .extend(calendar::parse_date(stem));
        let wanted = read_from.is_some_and(|from| review_date(entry).is_none_or(|d| d >= from));
        if !wanted {
            continue;
        }
        let origin = Origin::new(
            format!("{dir}/{name}"),
            Subject::Agency(folder.clone(), AgencyFile::Review),
        );
        reviews_clean &= read_review(tree, loaded, origin, stem, as_of);
    }
    loaded.record.review_dates.sort();
    loaded.record.reviews.shrink_to_fit();
    loaded.record.reviews.sort_by_key(|review| review.date);
    // Only the whole history says whether the kinds follow each other as they must.
    if how == Reviews::Full {
        loaded.record.reviews_read = true;
        // With every review file clean, each is named after its date, and their order is sure.
        if reviews_clean {
            let found = check_review_kinds(&folder, &loaded.record.reviews);
            loaded.diagnostics.extend(found);
        }
    }
    true
}

/// The reviews to read from: none, all, or those from the last one held by `Since`'s day.
fn read_from(how: Reviews, listed: &[Entry]) -> Option<NaiveDate> {
    match how {
        Reviews::No | Reviews::Dates => None,
        Reviews::Full => Some(NaiveDate::MIN),
        Reviews::Since(day) => Some(
            listed
                .iter()
                .filter_map(review_date)
                .filter(|date| *date <= day)
                .max()
                .unwrap_or(NaiveDate::MIN),
        ),
    }
}

/// Reads one review file; false when it has errors or cannot be read.
fn read_review(
    tree: &Tree,
    loaded: &mut Loaded,
    origin: Origin,
    stem: &str,
    as_of: Option<NaiveDate>,
) -> bool {
    loaded.files.push(origin.path.clone());
    match read_text(tree, origin) {
        Ok(source) => {
            let (review, mut found) = review::read(&source, stem, as_of);
            let clean = !found.iter().any(Diagnostic::is_error);
            if let Some(review) = &review {
                found.extend(check_reviewers(&source, review, loaded, as_of));
            }
            loaded.record.reviews.extend(review);
            loaded.diagnostics.extend(found);
            clean
        }
        Err(diagnostic) => {
            loaded.diagnostics.push(diagnostic);
            false
        }
    }
}

/// `unknown-reviewer`: a reviewer of a review held by `as_of` whose name is a misspelling of one
/// in the agency's confidentiality list.
fn check_reviewers(
    source: &SourceText,
    review: &Review,
    loaded: &Loaded,
    as_of: Option<NaiveDate>,
) -> Vec<Diagnostic> {
    let signed = loaded
        .record
        .agency
        .as_ref()
        .and_then(|a| a.agreement.as_ref());
    match signed {
        Some(agreement) if as_of.is_none_or(|day| review.date <= day) => review::check_reviewers(
            source,
            review,
            &agreement.confidentiality,
            &loaded.record.agency_path,
        ),
        _ => Vec::new(),
    }
}

/// The date a review file's name gives, if it is one.
fn review_date(entry: &Entry) -> Option<NaiveDate> {
    let stem = entry.name.strip_suffix(".toml").filter(|_| !entry.is_dir)?;
    calendar::parse_date(stem)
}

/// `review-kind`: the first review of an agency is its baseline, every later one a follow-up.
fn check_review_kinds(folder: &Arc<str>, reviews: &[Review]) -> Vec<Diagnostic> {
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
        let origin = Origin::new(
            format!(
                "{AGENCIES_DIR}/{folder}/{FIDELITY_DIR}/{}.toml",
                review.date
            ),
            Subject::Agency(folder.clone(), AgencyFile::Review),
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
            Diagnostic::new(&rules::REVIEW_KIND, &origin, message)
                .hint(format!("write kind = \"{}\"", expected.as_str())),
        );
    }
    diagnostics
}

/// The quarter folders of outcomes/, in order (folder names sort as quarters do); none when
/// outcomes/ cannot be listed (a finding says why).
fn list_quarters(tree: &Tree, diagnostics: &mut Vec<Diagnostic>) -> Vec<Quarter> {
    let mut quarters = Vec::new();
    let layout = Subject::Layout(Area::Outcomes);
    let origin = Origin::new(OUTCOMES_DIR, layout.clone());
    for Entry { name, is_dir } in entries(tree, &origin, &layout, diagnostics).unwrap_or_default() {
        match Quarter::parse(&name).filter(|_| is_dir) {
            Some(quarter) => quarters.push(quarter),
            None => diagnostics.push(not_a_quarter_folder(&name, is_dir)),
        }
    }
    quarters
}

fn not_a_quarter_folder(name: &str, is_dir: bool) -> Diagnostic {
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
        &layout_origin(format!("{OUTCOMES_DIR}/{name}"), Area::Outcomes),
        format!("{name:?} is not a quarter folder"),
    )
    .hint(hint)
}

/// One quarter folder's outcome files, sorted by agency (see `Repository::list_quarter`).
pub(super) fn list_quarter(
    repo: &Repository,
    quarter: Quarter,
) -> (Vec<OutcomeFileRef>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let folder = format!("{OUTCOMES_DIR}/{quarter}");
    let layout = Subject::Layout(Area::Outcomes);
    let origin = Origin::new(folder.clone(), layout.clone());
    let Some(listed) = entries(&repo.tree, &origin, &layout, &mut diagnostics) else {
        return (files, diagnostics);
    };
    for Entry { name, is_dir } in listed {
        let origin = || layout_origin(format!("{folder}/{name}"), Area::Outcomes);
        let Some(agency) = name.strip_suffix(".csv").filter(|_| !is_dir) else {
            diagnostics.push(
                Diagnostic::new(
                    &rules::QUARTER_FOLDER,
                    &origin(),
                    "a quarter folder holds only <agency>.csv files",
                )
                .hint("move it out of outcomes/"),
            );
            continue;
        };
        if !ids::is_identifier(agency) {
            let hint = repo.copy_hint(quarter, agency).unwrap_or_else(|| {
                match ids::suggestion(agency) {
                    Some(id) => format!("rename it to {id}.csv, after the agency's id"),
                    None => "rename it after the agency's id: <agency id>.csv, as its folder agencies/<agency id> is named".into(),
                }
            });
            diagnostics.push(
                Diagnostic::new(
                    &rules::IDENTIFIER,
                    &origin(),
                    format!("the file name {name:?} is not <agency id>.csv"),
                )
                .hint(hint),
            );
            continue;
        }
        files.push(file_ref(&repo.slots, &repo.agencies, quarter, agency));
    }
    (files, diagnostics)
}

fn file_ref(
    slots: &HashMap<Arc<str>, u32>,
    agencies: &[AgencyRecord],
    quarter: Quarter,
    agency: &str,
) -> OutcomeFileRef {
    match slots.get(agency) {
        Some(&slot) => OutcomeFileRef {
            quarter,
            agency: agencies[slot as usize].folder.clone(),
            slot,
        },
        None => OutcomeFileRef {
            quarter,
            agency: Arc::from(agency),
            slot: NO_SLOT,
        },
    }
}
