//! Tables of item scores: a review's `[scores]` and each reviewer's `[ratings."Name"]`, and
//! keys that are no item of the scale.

use super::toml_fields::{self, Findings};
use crate::closest::closest;
use crate::rules::{self, Rule};
use crate::scale::{self, ITEMS};
use crate::text::excerpt;
use std::borrow::Cow;
use toml::Spanned;

/// The offset of a commented-out `# key =` line, as `ips fidelity new` writes each item.
fn commented_item(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let uncommented = line.trim_start().strip_prefix('#').map(str::trim_start);
        if let Some(rest) = uncommented.and_then(|rest| rest.strip_prefix(key))
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    None
}

fn unknown_score(table: &toml_fields::Fields<'_, '_, '_>, key: &Spanned<Cow<'_, str>>) {
    if table.name() != "scores" {
        unknown_item(table, &rules::SCORE_UNKNOWN, key);
        return;
    }
    let hint = match closest(key.get_ref(), &scale::item_keys()) {
        Some(near) => {
            format!("did you mean `{near}`? A file from `ips fidelity new` lists the IPS-25 items")
        }
        None => "remove it: a file from `ips fidelity new` lists the IPS-25 items".into(),
    };
    table.report_at(
        &rules::SCORE_UNKNOWN,
        key.span().start,
        format!(
            "`{}` is not an item of the IPS-25 scale",
            crate::text::excerpt(key.get_ref())
        ),
        hint,
    );
}

/// The 25 scores of a table of scores (`[scores]`, or a reviewer's `[ratings."Name"]`); an
/// unscored item is reported when `complete` is asked for.
pub fn score_table(
    table: &toml_fields::Fields<'_, '_, '_>,
    findings: &Findings<'_>,
    complete: bool,
) -> Vec<Option<u8>> {
    let mut scores = vec![None; ITEMS.len()];
    // One pass over [scores]: each key to its item, the unknown ones reported.
    let mut found = [None; ITEMS.len()];
    for (key, value) in table.entries() {
        match scale::item_index(key.get_ref()) {
            Some(index) => found[index] = Some(value),
            None => unknown_score(table, key),
        }
    }
    let mut missing = Vec::new();
    for (index, item) in ITEMS.iter().enumerate() {
        let Some(value) = found[index] else {
            missing.push(item.key);
            continue;
        };
        scores[index] = table
            .whole_number_value(
                item.key,
                Some(value),
                true,
                (scale::MIN_SCORE, scale::MAX_SCORE),
                &rules::SCORE_RANGE,
                scale::MIN_SCORE,
            )
            .map(|score| score as u8);
    }
    if complete {
        report_unscored(table, findings, &missing);
    }
    scores
}

/// Each item not scored, at its commented-out line where the file has one.
fn report_unscored(
    table: &toml_fields::Fields<'_, '_, '_>,
    findings: &Findings<'_>,
    missing: &[&str],
) {
    for &key in missing {
        let item = &ITEMS[scale::item_index(key).expect("listed item")];
        let message = format!("item `{key}` is not scored");
        // A file from `ips fidelity new` lists each item commented out: point at its line.
        match commented_item(&findings.source.text, key) {
            Some(offset) => findings.report(
                &rules::SCORE_MISSING,
                offset,
                message,
                format!(
                    "remove the `#` and give a score from 1 to 5: {}",
                    item.measures
                ),
            ),
            None => table.report_value(
                &rules::SCORE_MISSING,
                "",
                message,
                format!(
                    "add `{key} = N` (1-5) under [{}]: {}",
                    table.name(),
                    item.measures
                ),
            ),
        }
    }
}

/// A key that is no item of the scale, with the item it was probably meant to be.
pub fn unknown_item(
    table: &toml_fields::Fields<'_, '_, '_>,
    rule: &'static Rule,
    key: &Spanned<Cow<'_, str>>,
) {
    let hint = match closest(key.get_ref(), &scale::item_keys()) {
        Some(near) => format!("did you mean `{near}`? The items are listed in docs/data-format.md"),
        None => "use an item key of the IPS-25 scale, as listed in docs/data-format.md".into(),
    };
    table.report_at(
        rule,
        key.span().start,
        format!(
            "`{}` is not an item of the IPS-25 scale",
            excerpt(key.get_ref())
        ),
        hint,
    );
}
