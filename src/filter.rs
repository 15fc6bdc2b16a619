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
            .hint(format!(
                "the jurisdictions declared under [[jurisdictions]] are: {}",
                known.join(", ")
            ))),
            None => Ok(()),
        }
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

/// The hint for an agency id that names no agency folder: the closest known id, or the list, so
/// that a misspelt agency reads the same in every command.
pub fn agency_hint(name: &str, known: &[&str]) -> String {
    match (closest(name, known), known.is_empty()) {
        (_, true) => format!(
            "this repository has no agencies yet: add one with `ips agency new {name} --jurisdiction ID`"
        ),
        (Some(near), _) => format!(
            "did you mean `{near}`? Known agencies: {}",
            known.join(", ")
        ),
        (None, _) => format!("known agencies: {}", known.join(", ")),
    }
}
