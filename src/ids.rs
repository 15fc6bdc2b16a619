//! Identifiers of agencies, teams and jurisdictions (data-format.md, "Identifiers").

pub const MAX_LEN: usize = 64;

pub fn is_identifier(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LEN
        && bytes[0] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// A suggested identifier for a wrong one, for hints: `North Team` becomes `north-team`.
pub fn suggest(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    trimmed.chars().take(MAX_LEN).collect()
}

/// A suggested identifier for a wrong one, if it has any letter or digit to make one from: an
/// empty cell or `(1)` suggests none, and a hint must then not say `e.g. ""`.
pub fn suggestion(text: &str) -> Option<String> {
    Some(suggest(text)).filter(|id| !id.is_empty())
}

/// The name a browser or a file manager made a copy of, by the suffix it added: `Maple Grove (1)`,
/// `Maple Grove - Copy`, `maple-grove copy 2`, `Maple Grove - Copy (2)` and `maple-grove-1` are
/// copies of `Maple Grove` or `maple-grove`. None when the name ends in no such suffix.
pub fn copied_from(name: &str) -> Option<&str> {
    let mut rest = name.trim_end();
    // ` (2)`, as browsers and Windows number a second download or copy.
    if let Some(open) = rest
        .strip_suffix(')')
        .and_then(|r| r.rfind('(').map(|i| (r, i)))
        && digits(&open.0[open.1 + 1..])
    {
        rest = open.0[..open.1].trim_end();
    }
    // ` copy`, ` - Copy`, `-copy`, ` copy 2` (macOS numbers its copies after the word).
    let lower = rest.to_ascii_lowercase();
    let unnumbered = lower
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end();
    if let Some(before) = unnumbered.strip_suffix("copy")
        && before.ends_with([' ', '-', '_'])
    {
        rest = rest[..before.len()].trim_end_matches([' ', '-', '_']);
    } else if rest.len() == name.trim_end().len() {
        // `-1`, `_1`, ` 1`: a number joined on, only where nothing else was stripped.
        let unnumbered = rest.trim_end_matches(|c: char| c.is_ascii_digit());
        if unnumbered.len() < rest.len() && unnumbered.ends_with([' ', '-', '_']) {
            rest = unnumbered.trim_end_matches([' ', '-', '_']);
        }
    }
    (rest.len() < name.trim_end().len() && !rest.is_empty()).then_some(rest)
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_format_examples() {
        for id in ["oh", "riverbend", "north", "a0001", "2nd-team", "x"] {
            assert!(is_identifier(id), "{id}");
        }
    }

    #[test]
    fn rejects_what_the_format_excludes() {
        let long = "a".repeat(65);
        for id in [
            "",
            "North",
            "north team",
            "-north",
            "nörth",
            "north_1",
            long.as_str(),
        ] {
            assert!(!is_identifier(id), "{id}");
        }
        assert!(is_identifier(&"a".repeat(64)));
    }

    #[test]
    fn names_of_copies_give_the_name_copied() {
        for (copy, original) in [
            ("Maple Grove (1)", "Maple Grove"),
            ("maple-grove (12)", "maple-grove"),
            ("Maple Grove - Copy", "Maple Grove"),
            ("Maple Grove - Copy (2)", "Maple Grove"),
            ("maple-grove copy", "maple-grove"),
            ("maple-grove copy 2", "maple-grove"),
            ("maple-grove-copy", "maple-grove"),
            ("maple-grove-1", "maple-grove"),
            ("maple-grove_2", "maple-grove"),
            ("Maple Grove 2", "Maple Grove"),
        ] {
            assert_eq!(copied_from(copy), Some(original), "{copy}");
        }
        for name in [
            "maple-grove",
            "(1)",
            "copy",
            "12",
            "canopy",
            "maple(x)",
            "-1",
        ] {
            assert_eq!(copied_from(name), None, "{name}");
        }
    }

    #[test]
    fn suggests_a_valid_identifier() {
        assert_eq!(suggest("North Team"), "north-team");
        assert_eq!(suggest(" River_Bend! "), "river-bend");
        assert_eq!(suggestion("North Team").as_deref(), Some("north-team"));
        assert_eq!(suggestion(""), None);
        assert_eq!(suggestion(" (-) "), None);
    }
}
