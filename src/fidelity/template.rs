//! The file `ips fidelity new` writes for reviewers to fill in, generated from the scale so the
//! items and their descriptions have one source.
//!
//! Every item is written as a commented line (`# caseload_size =   # 1-5: ...`). A comment is
//! what any format-1 file may already hold, so the template adds nothing to the format: until a
//! reviewer uncomments a line and writes the score, `ips validate` reports the item under the
//! existing `score-missing` rule, and the missing `reviewers` under `missing-key`.

use crate::repo::model::ReviewKind;
use crate::scale::{ITEMS, SCALE_ID, Section};
use chrono::NaiveDate;
use std::fmt::Write;

/// Whom and when the review is of.
pub struct TemplateFor<'a> {
    pub agency: &'a str,
    /// The agency's name, when its agency.toml could be read.
    pub agency_name: Option<&'a str>,
    pub date: NaiveDate,
    pub kind: ReviewKind,
    /// When the improvement plan will be due.
    pub plan_due: NaiveDate,
}

/// Wide enough for the longest item key, so the descriptions line up.
const KEY_WIDTH: usize = 27;

fn heading(section: Section) -> &'static str {
    match section {
        Section::Staffing => "Staffing",
        Section::Organization => "Organization",
        Section::Services => "Services",
    }
}

pub fn review_template(review: &TemplateFor<'_>) -> String {
    let mut text = String::new();
    // The name goes in a comment: a line break in it must not start a line of TOML.
    let who = match review.agency_name {
        Some(name) if !name.is_empty() => {
            format!("{} ({})", review.agency, crate::text::escape_controls(name))
        }
        _ => review.agency.to_string(),
    };
    // Writing to a String cannot fail.
    let _ = write!(
        text,
        "\
# Fidelity review of {who} on {date}, on the IPS-25 scale.
# To score an item, remove the `# ` in front of its key and write the score the reviewers
# agreed, a whole number from 1 to 5: `caseload_size = 4`. `ips validate` names every item not
# scored yet. Do not write a total: ips adds up the 25 scores itself.

date = {date}
kind = \"{kind}\"{kind_pad}# baseline | follow-up
scale = \"{SCALE_ID}\"
# reviewers = [\"A. Reviewer\", \"B. Reviewer\"]   # remove the `# ` and write the reviewers' names
# plan = YYYY-MM-DD      # the date of the written improvement plan, once written (due {plan_due})

[scores]
",
        date = review.date,
        kind = review.kind.as_str(),
        kind_pad = " ".repeat(14 - review.kind.as_str().len()),
        plan_due = review.plan_due,
    );
    for section in Section::ALL {
        let _ = writeln!(text, "# {}", heading(section));
        for item in ITEMS.iter().filter(|item| item.section == section) {
            let _ = writeln!(
                text,
                "# {:<KEY_WIDTH$} =   # 1-5: {}",
                item.key, item.measures
            );
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;

    fn template(kind: ReviewKind) -> String {
        review_template(&TemplateFor {
            agency: "riverbend",
            agency_name: Some("Riverbend Community Mental Health"),
            date: parse_date("2026-12-09").unwrap(),
            kind,
            plan_due: parse_date("2027-01-20").unwrap(),
        })
    }

    #[test]
    fn the_key_width_fits_every_item() {
        let longest = ITEMS.iter().map(|item| item.key.len()).max().unwrap();
        assert_eq!(longest, KEY_WIDTH);
    }

    #[test]
    fn lists_every_item_commented_with_what_it_measures() {
        let text = template(ReviewKind::FollowUp);
        for item in &ITEMS {
            let line = text
                .lines()
                .find(|line| line.starts_with(&format!("# {} ", item.key)))
                .unwrap_or_else(|| panic!("{} is listed", item.key));
            assert!(
                line.ends_with(&format!("=   # 1-5: {}", item.measures)),
                "{line}"
            );
        }
    }

    #[test]
    fn is_toml_with_no_scores_yet() {
        let text = template(ReviewKind::Baseline);
        let value: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(value["kind"].as_str(), Some("baseline"));
        assert_eq!(value["scale"].as_str(), Some("ips-25"));
        assert!(value["scores"].as_table().unwrap().is_empty());
        assert!(!value.contains_key("reviewers"));
        assert!(!value.contains_key("plan"));
    }

    #[test]
    fn the_kind_comment_lines_up_for_both_kinds() {
        let column = |kind| {
            let text = template(kind);
            let line = text
                .lines()
                .find(|l| l.starts_with("kind = "))
                .unwrap()
                .to_string();
            line.find('#').unwrap()
        };
        assert_eq!(column(ReviewKind::Baseline), column(ReviewKind::FollowUp));
    }
}
