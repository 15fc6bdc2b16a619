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
    fn suggests_a_valid_identifier() {
        assert_eq!(suggest("North Team"), "north-team");
        assert_eq!(suggest(" River_Bend! "), "river-bend");
    }
}
