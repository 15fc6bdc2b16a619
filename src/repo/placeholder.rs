//! `placeholder`: the examples that `ips init` and `ips agency new` write into a TOML file for
//! people to replace (data-templates/), left in as if they were values.

use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::SourceText;

/// Each example value of data-templates/ and what to write in its place (not ips.toml's
/// "Example IPS Learning Community": the example repository is named so).
pub const PLACEHOLDERS: [(&str, &str); 7] = [
    ("Example Agency", "the agency's full name"),
    ("Supervisor Name", "the team supervisor's name"),
    ("Town", "the team's location"),
    ("Executive Director Name", "the executive director's name"),
    (
        "State Mental Health Representative",
        "the name of who signed for state mental health",
    ),
    (
        "State VR Representative",
        "the name of who signed for state vocational rehabilitation",
    ),
    ("Reviewer Name", "the name of who signed"),
];

/// The placeholders quoted as values in `source`, outside comments.
pub fn check(source: &SourceText) -> Vec<Diagnostic> {
    let text = &source.text;
    if !PLACEHOLDERS.iter().any(|(p, _)| text.contains(p)) {
        return Vec::new();
    }
    let mut diagnostics = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        for (placeholder, what) in PLACEHOLDERS {
            for quote in ['"', '\''] {
                let quoted = format!("{quote}{placeholder}{quote}");
                if let Some(at) = code.find(&quoted) {
                    diagnostics.push(
                        Diagnostic::new(
                            &rules::PLACEHOLDER,
                            &source.origin,
                            format!("{quoted} is the template's example, not a value"),
                        )
                        .at_position(source.position(start + at))
                        .hint(format!("write {what} in its place")),
                    );
                }
            }
        }
        start += line.len();
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_an_example_of_the_templates() {
        let templates = [
            include_str!("../../data-templates/ips.toml"),
            include_str!("../../data-templates/agency.toml"),
        ]
        .concat();
        for (placeholder, _) in PLACEHOLDERS {
            assert!(
                templates.contains(&format!("\"{placeholder}\"")),
                "{placeholder}"
            );
        }
    }

    #[test]
    fn a_placeholder_in_a_comment_or_within_a_value_is_not_one() {
        let source = SourceText::new(
            crate::source::test_origin("a.toml"),
            "# location = \"Town\"\nlocation = \"Old Town\"\nsupervisor = 'Supervisor Name'\n"
                .to_string(),
        );
        let found = check(&source);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(3));
    }
}
