//! Listing a folder of the repository: its entries, or a finding that says why it cannot be
//! listed, with the leftovers of interrupted writes as findings.

use super::tree::{Entry, Refusal, Tree};
use crate::diagnostic::{Diagnostic, Origin, Subject};
use crate::rules;

/// A folder's entries, or None with a finding that says why it cannot be listed, so that one
/// unreadable folder does not stop the checks of the rest. Temporary files that an interrupted
/// write of ips left are findings too (warnings, under `subject`), and not among the entries.
pub fn entries(
    tree: &Tree,
    folder: &Origin,
    subject: &Subject,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Entry>> {
    let listed = match tree.list(&folder.path) {
        Ok(listed) => listed,
        Err(error) => {
            diagnostics.push(unlistable(folder, &error));
            return None;
        }
    };
    let mut entries = Vec::with_capacity(listed.len());
    for entry in listed {
        match crate::temporary::temporary_of(&entry.name) {
            Some(file) if !entry.is_dir => {
                let origin =
                    Origin::new(format!("{}/{}", folder.path, entry.name), subject.clone());
                diagnostics.push(leftover_temporary(&origin, file));
            }
            _ => entries.push(entry),
        }
    }
    Some(entries)
}

pub fn unlistable(folder: &Origin, error: &std::io::Error) -> Diagnostic {
    match Refusal::of(error) {
        Some(refusal @ Refusal::Outside { link }) => {
            let message = if *link == folder.path {
                "the folder was not read: it is a link to a place outside the repository"
                    .to_string()
            } else {
                format!("the folder was not read: {refusal}")
            };
            Diagnostic::new(&rules::UNREADABLE, folder, message).hint(
                "ips reads only what the repository holds: put the folder itself in place of the link, or remove the link",
            )
        }
        _ => Diagnostic::new(
            &rules::UNREADABLE,
            folder,
            format!("cannot list the folder: {error}"),
        )
        .hint("make the folder readable and searchable (chmod a+rx), or remove it"),
    }
}

/// `leftover-temporary`: what a write of ips killed before it finished leaves next to its file.
pub fn leftover_temporary(origin: &Origin, file: &str) -> Diagnostic {
    Diagnostic::new(
        &rules::LEFTOVER_TEMPORARY,
        origin,
        format!(
            "a temporary file of an interrupted ips write of {file}: its content was never recorded"
        ),
    )
    .hint(format!(
        "delete it (the next ips write in this folder does); check that {file} holds what it should"
    ))
}
