//! The word a misspelling most likely meant, for hints: one measure for every name ips
//! suggests (keys, columns, agencies, teams, options).

/// The allowed word a misspelling most likely meant: at most two edits away, else the only one
/// the word begins (`caseload` for `caseload_size`).
pub fn closest<'w>(word: &str, allowed: &[&'w str]) -> Option<&'w str> {
    // Two edits change the length by two characters at most: a long word is near nothing, and
    // measuring it against every allowed word would cost its length times theirs.
    let longest = allowed.iter().map(|a| a.len()).max().unwrap_or(0);
    if word.len() > 4 * (longest + 2) {
        return None;
    }
    let near = allowed
        .iter()
        .map(|candidate| (strsim::levenshtein(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate);
    near.or_else(|| {
        let mut starting = allowed
            .iter()
            .filter(|candidate| word.chars().count() >= 4 && candidate.starts_with(word));
        match (starting.next(), starting.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_word_within_two_edits() {
        assert_eq!(
            closest("supervsor", &["supervisor", "location"]),
            Some("supervisor")
        );
        assert_eq!(closest("client_name", &["team", "served"]), None);
        assert_eq!(
            closest("caseload", &["caseload_size", "disclosure"]),
            Some("caseload_size")
        );
        assert_eq!(closest("training", &["training-es", "training-mh"]), None);
    }
}
