//! An agency's review history: each line of the scale (the 25 items, the section subtotals and
//! the total) across its reviews, the change since the previous review, and the items the
//! latest review scored lowest, where an improvement plan should focus.

use super::scoring;
use crate::repo::model::Review;
use crate::scale::{ITEMS, MAX_SCORE, Section};

/// What a line of the history adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// An item, by its index in `scale::ITEMS`.
    Item(usize),
    Subtotal(Section),
    Total,
}

impl Line {
    /// The lines in the order they are shown: each section's items, then its subtotal; the
    /// total last.
    pub fn all() -> Vec<Line> {
        let mut lines = Vec::with_capacity(ITEMS.len() + Section::ALL.len() + 1);
        for section in Section::ALL {
            lines.extend(
                ITEMS
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.section == section)
                    .map(|(index, _)| Line::Item(index)),
            );
            lines.push(Line::Subtotal(section));
        }
        lines.push(Line::Total);
        lines
    }

    /// The section the line belongs to; None for the total.
    pub fn section(self) -> Option<Section> {
        match self {
            Line::Item(index) => Some(ITEMS[index].section),
            Line::Subtotal(section) => Some(section),
            Line::Total => None,
        }
    }

    /// The item key, `subtotal` or `total`: the `item` field of the long format.
    pub fn name(self) -> &'static str {
        match self {
            Line::Item(index) => ITEMS[index].key,
            Line::Subtotal(_) => "subtotal",
            Line::Total => "total",
        }
    }

    /// The line's value in a review; None while an item it adds up is unscored.
    pub fn value(self, review: &Review) -> Option<u32> {
        match self {
            Line::Item(index) => review.scores.get(index).copied().flatten().map(u32::from),
            Line::Subtotal(section) => scoring::subtotal(review, section),
            Line::Total => review.total(),
        }
    }

    /// The change of the line from `previous` to `review`; None for a first review, or when
    /// either value is unknown.
    pub fn change(self, previous: Option<&Review>, review: &Review) -> Option<i64> {
        let before = self.value(previous?)?;
        let now = self.value(review)?;
        Some(i64::from(now) - i64::from(before))
    }
}

/// An item the latest review scored lowest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowItem {
    pub index: usize,
    pub score: u8,
    /// Since the previous review, when there is one.
    pub change: Option<i64>,
}

/// The items at the lowest score of the latest review, in the order of the scale. All items
/// at that score are listed, so no tie is broken arbitrarily; a review scoring every item 5
/// has none.
pub fn lowest_items(reviews: &[Review]) -> Vec<LowItem> {
    let Some((latest, earlier)) = reviews.split_last() else {
        return Vec::new();
    };
    let previous = earlier.last();
    let Some(lowest) = latest.scores.iter().flatten().copied().min() else {
        return Vec::new();
    };
    if i64::from(lowest) >= MAX_SCORE {
        return Vec::new();
    }
    latest
        .scores
        .iter()
        .enumerate()
        .filter(|(_, score)| **score == Some(lowest))
        .map(|(index, _)| LowItem {
            index,
            score: lowest,
            change: Line::Item(index).change(previous, latest),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;
    use crate::repo::model::ReviewKind;

    fn review(on: &str, scores: Vec<Option<u8>>) -> Review {
        Review {
            date: parse_date(on).unwrap(),
            kind: ReviewKind::FollowUp,
            reviewers: vec![],
            plan: None,
            scores,
            written: Default::default(),
        }
    }

    #[test]
    fn lines_list_every_item_once_with_a_subtotal_after_each_section() {
        let lines = Line::all();
        assert_eq!(lines.len(), 29);
        assert_eq!(lines[0], Line::Item(0));
        assert_eq!(lines[3], Line::Subtotal(Section::Staffing));
        assert_eq!(lines[12], Line::Subtotal(Section::Organization));
        assert_eq!(lines[27], Line::Subtotal(Section::Services));
        assert_eq!(lines[28], Line::Total);
        let items = lines.iter().filter(|l| matches!(l, Line::Item(_))).count();
        assert_eq!(items, 25);
        assert_eq!(Line::Total.section(), None);
        assert_eq!(Line::Item(3).name(), "integration_team_assignment");
    }

    #[test]
    fn changes_since_the_previous_review() {
        let before = review("2024-03-12", vec![Some(3); 25]);
        let mut after = review("2024-09-10", vec![Some(3); 25]);
        after.scores[0] = Some(5); // caseload_size +2
        after.scores[24] = Some(1); // assertive_engagement -2
        assert_eq!(Line::Item(0).change(Some(&before), &after), Some(2));
        assert_eq!(Line::Item(24).change(Some(&before), &after), Some(-2));
        assert_eq!(Line::Item(1).change(Some(&before), &after), Some(0));
        assert_eq!(
            Line::Subtotal(Section::Staffing).change(Some(&before), &after),
            Some(2)
        );
        assert_eq!(Line::Total.change(Some(&before), &after), Some(0));
        assert_eq!(Line::Total.change(None, &after), None);
    }

    #[test]
    fn an_unscored_item_has_no_value_and_no_change() {
        let before = review("2024-03-12", vec![Some(3); 25]);
        let mut after = review("2024-09-10", vec![Some(4); 25]);
        after.scores[5] = None;
        assert_eq!(Line::Item(5).value(&after), None);
        assert_eq!(Line::Item(5).change(Some(&before), &after), None);
        assert_eq!(Line::Subtotal(Section::Organization).value(&after), None);
        assert_eq!(Line::Subtotal(Section::Staffing).value(&after), Some(12));
        assert_eq!(Line::Total.value(&after), None);
    }

    #[test]
    fn the_lowest_items_are_every_item_at_the_latest_lowest_score() {
        let before = review("2024-03-12", vec![Some(3); 25]);
        let mut latest = review("2024-09-10", vec![Some(4); 25]);
        latest.scores[2] = Some(2);
        latest.scores[20] = Some(2);
        latest.scores[21] = Some(3);
        let low = lowest_items(&[before, latest]);
        assert_eq!(
            low,
            vec![
                LowItem {
                    index: 2,
                    score: 2,
                    change: Some(-1)
                },
                LowItem {
                    index: 20,
                    score: 2,
                    change: Some(-1)
                },
            ]
        );
    }

    #[test]
    fn no_lowest_items_without_reviews_or_with_a_perfect_review() {
        assert_eq!(lowest_items(&[]), vec![]);
        assert_eq!(
            lowest_items(&[review("2024-03-12", vec![Some(5); 25])]),
            vec![]
        );
        let first = lowest_items(&[review("2024-03-12", vec![Some(1); 25])]);
        assert_eq!(first.len(), 25);
        assert_eq!(first[0].change, None);
    }
}
