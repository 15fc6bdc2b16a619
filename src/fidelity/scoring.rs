//! Scoring a review: the total of the 25 items, the subtotal of each section, the band, and
//! whether the total is good fidelity by the repository's own threshold.

use crate::repo::model::{FidelitySettings, Review};
use crate::scale::{Band, ITEMS, Section};

/// The scores of a review whose 25 items are all scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// 25 to 125; never stored in the data, always added up here.
    pub total: u32,
    /// Subtotals in the order of `Section::ALL`: staffing, organization, services.
    pub sections: [u32; 3],
    pub band: Band,
}

/// The subtotal of one section, when all its items are scored.
pub fn subtotal(review: &Review, section: Section) -> Option<u32> {
    ITEMS
        .iter()
        .zip(&review.scores)
        .filter(|(item, _)| item.section == section)
        .map(|(_, score)| score.map(u32::from))
        .sum()
}

/// The review's score, or None while any item is unscored (validation reports those).
pub fn score(review: &Review) -> Option<Score> {
    if review.scores.len() != ITEMS.len() {
        return None;
    }
    let total = review.total()?;
    let [staffing, organization, services] = Section::ALL;
    Some(Score {
        total,
        sections: [
            subtotal(review, staffing)?,
            subtotal(review, organization)?,
            subtotal(review, services)?,
        ],
        band: Band::of_total(total),
    })
}

/// Good fidelity is `fidelity.good` in ips.toml (default 100, IPS Grow). The band names stay
/// those of the published scale whatever `good` is: `good` only sets the review interval.
pub fn is_good(total: u32, settings: &FidelitySettings) -> bool {
    total >= settings.good
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;
    use crate::repo::model::ReviewKind;

    /// A review whose items score `staffing`, `organization` and `services` in their sections.
    fn review(staffing: u8, organization: u8, services: u8) -> Review {
        let scores = ITEMS
            .iter()
            .map(|item| {
                Some(match item.section {
                    Section::Staffing => staffing,
                    Section::Organization => organization,
                    Section::Services => services,
                })
            })
            .collect();
        Review {
            date: parse_date("2024-03-12").unwrap(),
            kind: ReviewKind::Baseline,
            reviewers: vec![],
            plan: None,
            scores,
            written: Default::default(),
        }
    }

    #[test]
    fn sums_each_section_and_the_total() {
        // 3 staffing items at 5, 8 organization items at 4, 14 services items at 3.
        let scored = score(&review(5, 4, 3)).unwrap();
        assert_eq!(scored.sections, [15, 32, 42]);
        assert_eq!(scored.total, 89);
        assert_eq!(scored.band, Band::Fair);
    }

    #[test]
    fn the_extremes_of_the_scale() {
        assert_eq!(score(&review(1, 1, 1)).unwrap().total, 25);
        let best = score(&review(5, 5, 5)).unwrap();
        assert_eq!((best.total, best.band), (125, Band::Exemplary));
    }

    #[test]
    fn an_unscored_item_leaves_its_section_and_the_total_unknown() {
        let mut partial = review(4, 4, 4);
        partial.scores[0] = None; // caseload_size, a staffing item
        assert_eq!(subtotal(&partial, Section::Staffing), None);
        assert_eq!(subtotal(&partial, Section::Organization), Some(32));
        assert_eq!(score(&partial), None);
    }

    #[test]
    fn good_follows_the_setting() {
        let mut settings = FidelitySettings::default();
        assert!(is_good(100, &settings));
        assert!(!is_good(99, &settings));
        settings.good = 90;
        assert!(is_good(90, &settings));
        assert!(!is_good(89, &settings));
    }
}
