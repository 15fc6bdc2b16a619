//! What a public output of outcomes hid, and how it says so: the tally of hidden cells of
//! `outcomes summarize --public` and its closing note, and the words the report's note on
//! small numbers shares with it.

use super::{summary_stream, suppress};
use crate::repo::model::ReportSettings;
use crate::text::plural;

/// `3 counts from 1 to 10 and zeros show as <11`: how a public output says which counts it
/// hid by the small-number rule; `counts` is what it hid (`counts`, or how many).
pub fn small_counts(counts: &str, below: u64, zero: bool) -> String {
    let zero = if zero { " and zeros" } else { "" };
    format!(
        "{counts} from 1 to {}{zero} show as <{below}",
        below.saturating_sub(1)
    )
}

/// How many cells a public summary hid, and why.
#[derive(Debug, Default)]
pub struct Tally {
    /// Counts from 1 to the threshold (the small-number rule itself).
    primary: usize,
    /// Counts hidden so that the others cannot be worked out from a total.
    complementary: usize,
    /// Rates, bands and changes hidden because a count they come from is.
    derived: usize,
}

impl Tally {
    pub fn add(&mut self, protection: summary_stream::Protection, quarters: bool) {
        let (primary, complementary) = protection.cells.tally();
        self.primary += primary;
        self.complementary += complementary;
        let cells = protection.cells;
        self.derived += [
            cells.rate(),
            cells.education_rate(),
            cells.rate(),
            quarters && protection.change,
        ]
        .into_iter()
        .filter(|hidden| *hidden)
        .count();
    }

    pub fn note(&self, rule: suppress::Rule, settings: &ReportSettings) -> PublicNote {
        PublicNote {
            rule,
            zero: settings.suppress_zero,
            primary: self.primary,
            complementary: self.complementary,
            derived: self.derived,
        }
    }
}

/// The closing note of a public summary: on stderr for people, a field of the JSON document.
pub struct PublicNote {
    rule: suppress::Rule,
    zero: bool,
    primary: usize,
    complementary: usize,
    derived: usize,
}

impl PublicNote {
    pub fn text(&self) -> String {
        let mut text = format!(
            "--public: {} hidden: {} ([report] suppress_below = {})",
            plural(self.primary + self.complementary + self.derived, "cell"),
            small_counts(&plural(self.primary, "count"), self.rule.below, self.zero),
            self.rule.below,
        );
        let mut others = Vec::new();
        if self.complementary > 0 {
            others.push(format!(
                "{} so that none of those can be worked out from a total",
                plural(self.complementary, "count")
            ));
        }
        if self.derived > 0 {
            others.push(match self.derived {
                1 => "1 rate, band or change that would give them away".to_string(),
                n => format!("{n} rates, bands or changes that would give them away"),
            });
        }
        if !others.is_empty() {
            text.push_str(&format!(
                "; {} show as {}",
                others.join(", and "),
                suppress::OTHER_HIDDEN
            ));
        }
        text
    }

    pub fn json(&self) -> serde_json::Map<String, serde_json::Value> {
        let value = serde_json::json!({
            "suppress_below": self.rule.below,
            "suppress_zero": self.zero,
            "hidden": self.primary + self.complementary + self.derived,
            "small_counts": self.primary,
            "complementary_counts": self.complementary,
            "derived": self.derived,
        });
        let mut fields = serde_json::Map::new();
        fields.insert("suppression".to_string(), value);
        fields
    }
}
