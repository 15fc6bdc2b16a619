//! The one filter of agencies: `--jurisdiction` and `--agency`, for every command that takes them,
//! checked against the repository (the data itself, `Places`, lives in `repo`).

use crate::closest::closest;
use crate::error::{Usage, usage};
use crate::repo::Repository;

pub use crate::repo::Places;

impl Places {
    /// An id the repository does not have is a mistake on the command line (exit 2): a typo
    /// would otherwise read as an empty answer. Jurisdictions are checked only when ips.toml has
    /// no errors; otherwise they are unknown, and the command's refusal lists ips.toml's errors.
    pub fn check(&self, repo: &Repository) -> Result<(), Usage> {
        for agency in &self.agencies {
            check_agency(repo, agency)?;
        }
        self.check_trainers(repo)?;
        if repo.settings_have_errors() {
            return Ok(());
        }
        let known = repo.settings.jurisdiction_ids();
        match self
            .jurisdictions
            .iter()
            .find(|id| !known.contains(&id.as_str()))
        {
            Some(unknown) => Err(usage(format!(
                "--jurisdiction {unknown}: no such jurisdiction in ips.toml"
            ))
            .hint(jurisdiction_hint(repo, unknown, &known))),
            None => Ok(()),
        }
    }
}

/// Jurisdictions a hint lists at most.
const JURISDICTIONS_LISTED: usize = 20;

/// How many trainers an unknown `--trainer` names: the closest few.
const TRAINERS_NAMED: usize = 3;

impl Places {
    /// Every `--trainer` names a trainer of some agency, or it is refused with the closest few.
    fn check_trainers(&self, repo: &Repository) -> Result<(), Usage> {
        let known: Vec<&str> = repo.trainers.iter().map(String::as_str).collect();
        let Some(unknown) = self
            .trainers
            .iter()
            .find(|name| !known.iter().any(|k| crate::text::same_person(k, name)))
        else {
            return Ok(());
        };
        let hint = if known.is_empty() {
            "no agency.toml names a `trainer` yet: add trainer = \"Name\" to the agencies' files"
                .to_string()
        } else {
            let lower = unknown.to_lowercase();
            let mut near: Vec<(usize, usize, &str)> = known
                .iter()
                .map(|k| {
                    let k_lower = k.to_lowercase();
                    // A part of the name (`beth`) comes first, then the nearest spelling.
                    let part = lower.split_whitespace().all(|w| k_lower.contains(w));
                    (
                        usize::from(!part),
                        strsim::levenshtein(&lower, &k_lower),
                        *k,
                    )
                })
                .collect();
            near.sort();
            let named: Vec<String> = near
                .iter()
                .take(TRAINERS_NAMED)
                .map(|(_, _, k)| format!("\"{k}\""))
                .collect();
            format!(
                "the closest of the {} trainers named in agency.toml: {}",
                known.len(),
                named.join(", ")
            )
        };
        Err(usage(format!(
            "--trainer \"{unknown}\": no agency has this trainer"
        ))
        .hint(hint))
    }
}

/// The hint for an unknown `--jurisdiction`: the id of the jurisdiction of that name (`oh` for
/// `ohio`, as ips.toml names it Ohio), and the declared ids. Not by spelling: every id of two
/// letters is within two edits of every other.
fn jurisdiction_hint(repo: &Repository, unknown: &str, known: &[&str]) -> String {
    let declared = format!(
        "the jurisdictions declared under [[jurisdictions]] are: {}",
        crate::text::some_of(known.iter().copied(), JURISDICTIONS_LISTED)
    );
    let words = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let named = repo
        .settings
        .jurisdictions
        .iter()
        .find(|j| words(&j.name) == words(&unknown.replace(['-', '_'], " ")));
    match named {
        Some(j) => format!(
            "did you mean `{}` ({})? --jurisdiction takes the id; {declared}",
            j.id, j.name
        ),
        None => declared,
    }
}

/// An agency id names an agency folder, or the error says which ones there are.
pub fn check_agency(repo: &Repository, id: &str) -> Result<(), Usage> {
    if repo.has_folder(id) {
        return Ok(());
    }
    Err(usage(format!(
        "no agency `{id}`: there is no {}/{id}/ folder",
        crate::repo::AGENCIES_DIR
    ))
    .hint(agency_hint(id, &repo.folder_names())))
}

/// Agencies a hint names: the closest few to a misspelt id, or all of a repository this small.
const AGENCIES_NAMED: usize = 3;
const AGENCIES_LISTED: usize = 5;

/// The hint for an agency id that names no agency folder: the closest few known ids, and where
/// to see them all, so that a misspelt agency reads the same in every command and the hint
/// stays short with thousands of agencies.
pub fn agency_hint(name: &str, known: &[&str]) -> String {
    if known.is_empty() {
        return format!(
            "this repository has no agencies yet: add one with `ips agency new {name} --jurisdiction ID`"
        );
    }
    let all = match known.len() {
        1 => "`ips agency list` lists the one agency".to_string(),
        n => format!("`ips agency list` lists the {n} agencies"),
    };
    let near = closest_few(name, known);
    match near.as_slice() {
        [] if known.len() <= AGENCIES_LISTED => format!("known agencies: {}", known.join(", ")),
        [] => format!("no agency id is close to it; {all}"),
        [one] => format!("did you mean `{one}`? {all}"),
        [first @ .., last] => {
            let first: Vec<String> = first.iter().map(|id| format!("`{id}`")).collect();
            format!("did you mean {} or `{last}`? {all}", first.join(", "))
        }
    }
}

/// The known ids within two edits of `name`, nearest first, at most `AGENCIES_NAMED`; else the
/// one `closest` finds (an id that `name` starts).
fn closest_few<'k>(name: &str, known: &[&'k str]) -> Vec<&'k str> {
    let length = name.chars().count();
    let mut near: Vec<(usize, &str)> = known
        .iter()
        .filter(|id| id.chars().count().abs_diff(length) <= 2)
        .map(|id| (strsim::levenshtein(name, id), *id))
        .filter(|(distance, _)| *distance <= 2)
        .collect();
    near.sort();
    let near: Vec<&str> = near
        .into_iter()
        .take(AGENCIES_NAMED)
        .map(|(_, id)| id)
        .collect();
    if near.is_empty() {
        closest(name, known).into_iter().collect()
    } else {
        near
    }
}
