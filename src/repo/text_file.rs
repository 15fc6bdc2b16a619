//! A data file read as text: its bytes decoded, or the finding that says why it cannot be read
//! (unreadable, refused by the tree, empty, not UTF-8), with a hint for each kind of file.

use super::tree::{Refusal, Tree};
use crate::diagnostic::{AgencyFile, Diagnostic, Origin, Subject};
use crate::rules;
use crate::source::SourceText;

/// Reads a file into its decoded text, or the diagnostic that says why it cannot be read as
/// text. A file that cannot be read at all is a finding too, so that one bad file (a dangling
/// link, a permission) does not stop the checks of the others.
pub fn read_text(tree: &Tree, origin: Origin) -> std::result::Result<SourceText, Diagnostic> {
    match tree.read(&origin.path) {
        Ok(bytes) => decode(origin, bytes),
        Err(error) => Err(unreadable(&origin, &error)),
    }
}

/// The finding for a file that cannot be read, or that the tree refused to read: named by its
/// path, never by what it holds or where a link leads.
pub fn unreadable(origin: &Origin, error: &std::io::Error) -> Diagnostic {
    let Some(refusal) = Refusal::of(error) else {
        return Diagnostic::new(
            &rules::UNREADABLE,
            origin,
            format!("cannot read the file: {error}"),
        )
        .hint("check that the file exists (not a broken link) and that you may read it");
    };
    match refusal {
        Refusal::TooLarge { .. } => Diagnostic::new(
            &rules::FILE_TOO_LARGE,
            origin,
            format!("the file was not read: {refusal}"),
        )
        .hint("a data file of the format is a few kilobytes: this one is something else (a pasted export?); remove it, or move it out of the repository"),
        Refusal::Outside { link } if *link == origin.path => Diagnostic::new(
            &rules::UNREADABLE,
            origin,
            "the file was not read: it is a link to a place outside the repository",
        )
        .hint(OUTSIDE_HINT),
        Refusal::Outside { .. } => Diagnostic::new(
            &rules::UNREADABLE,
            origin,
            format!("the file was not read: {refusal}"),
        )
        .hint(OUTSIDE_HINT),
        Refusal::NotRegular { .. } => Diagnostic::new(
            &rules::UNREADABLE,
            origin,
            format!("the file was not read: {refusal}"),
        )
        .hint("replace it with a regular file that holds the data, or remove it"),
    }
}

const OUTSIDE_HINT: &str = "ips reads only what the repository holds: put the file itself in place of the link, or remove the link";

/// A file's bytes as text, or why they are not (not UTF-8, empty).
pub fn decode(origin: Origin, bytes: Vec<u8>) -> std::result::Result<SourceText, Diagnostic> {
    let hint = empty_file_hint(&origin);
    SourceText::decode(origin, bytes).map_err(|diagnostic| {
        if diagnostic.rule == &rules::EMPTY_FILE {
            diagnostic.hint(hint)
        } else {
            diagnostic
        }
    })
}

/// What an empty file of each kind should start with.
fn empty_file_hint(origin: &Origin) -> String {
    let content = match &origin.subject {
        // The one file a repository cannot do without: never suggest deleting it.
        Subject::Settings => return "write `format = 1`, `name` and the [[jurisdictions]]; `ips init DIR` writes a commented ips.toml to copy from".into(),
        Subject::Agency(_, AgencyFile::Toml) => {
            "the agency's `id`, `name`, `jurisdiction`, `start` and its [[teams]]"
        }
        Subject::Agency(_, AgencyFile::Activities) => {
            "the header line date,kind,days,note, then one line per activity"
        }
        Subject::Agency(_, AgencyFile::Plan) => {
            "the plan's `review` and `written` dates, then a [[goals]] table per goal"
        }
        Subject::Outcomes(..) => {
            "the header line team,served,employed,education,job_starts, then one row per team"
        }
        _ => "the review's `date`, `kind`, `scale`, `reviewers` and its [scores]",
    };
    format!("write {content}; or delete the file")
}
