//! What every fuzz target checks of the findings a reader made of a file: they are capped as
//! `ips validate` caps them, and every position lies within the file.

use ips::diagnostic::{Diagnostic, Origin, SHOWN_PER_FILE_AND_RULE, Subject};
use ips::source::SourceText;
use std::collections::HashMap;

/// The text of a data file made of the fuzzer's bytes, as the loader decodes it; None when it
/// is not text (that finding has no position to check).
pub fn source(path: &str, subject: Subject, data: &[u8]) -> Option<SourceText> {
    SourceText::decode(Origin::new(path, subject), data.to_vec()).ok()
}

/// Panics, failing the run, unless the findings are bounded and placed within `source`.
pub fn check(source: &SourceText, diagnostics: &[Diagnostic]) {
    let mut shown: HashMap<&str, usize> = HashMap::new();
    let lines: Vec<&str> = source.text.split('\n').collect();
    for diagnostic in diagnostics {
        if diagnostic.elided == 0 && diagnostic.line.is_some() {
            *shown.entry(diagnostic.rule.id).or_default() += 1;
        }
        assert!(diagnostic.message.chars().count() < 1000, "{diagnostic:?}");
        let Some(line) = diagnostic.line else {
            continue;
        };
        assert!(
            (1..=lines.len()).contains(&line),
            "{diagnostic:?} is past the {} lines",
            lines.len()
        );
        let characters = lines[line - 1].chars().count();
        let column = diagnostic.column.expect("a line comes with a column");
        assert!(
            (1..=characters + 1).contains(&column),
            "{diagnostic:?} is past the {characters} characters of its line"
        );
    }
    for (rule, count) in shown {
        assert!(
            count <= SHOWN_PER_FILE_AND_RULE,
            "{count} findings of {rule} shown"
        );
    }
}
