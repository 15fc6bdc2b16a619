//! Small-number protection for public outputs (the CMS cell-suppression policy): no count from
//! 1 to `below - 1` is shown, and none can be worked out from the cells that are shown, through
//! a rate or by subtracting the other parts from a total.
//!
//! - Primary: a count in 1..below (and 0 with `zero`) is hidden. When a row's `served` is
//!   hidden, all of its counts are, since each is at most `served` and would bound it.
//! - Complementary: for every total shown with the parts that sum to it, a count hidden in
//!   exactly one part would be the total minus the others, so the next smallest part is hidden
//!   too; with no other part to hide, the total is. A hidden total whose parts are all shown
//!   would be their sum, so its smallest part is hidden. Repeated until nothing changes.
//! - Rates follow their counts: hidden when the numerator or the denominator is.
//!
//! Pure and deterministic: the same rows and sums always hide the same cells.

pub use super::field::Field;

/// A field's bit in a set of hidden fields.
fn bit(field: Field) -> u8 {
    1 << field as u8
}

/// Which values a public output hides: `[report] suppress_below` and `suppress_zero`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Counts from 1 to `below - 1` are hidden.
    pub below: u64,
    /// Whether 0 is hidden too.
    pub zero: bool,
}

/// Beside the rule, so that `repo`'s model of the settings does not reach up into `outcomes`.
impl crate::repo::model::ReportSettings {
    /// The small-number rule of public outputs.
    pub fn suppression(&self) -> Rule {
        Rule {
            below: u64::from(self.suppress_below),
            zero: self.suppress_zero,
        }
    }
}

impl Rule {
    pub fn hides(self, value: u64) -> bool {
        (value == 0 && self.zero) || (1..self.below).contains(&value)
    }

    /// How a count hidden for being small reads: `<11`.
    pub fn label(self) -> String {
        format!("<{}", self.below)
    }
}

/// How any other hidden figure reads: a count hidden to protect another, a rate, a band or a
/// change. Not `<11`, which would be untrue of a count of 15 hidden beside a count of 6.
pub const OTHER_HIDDEN: &str = "*";

/// The mark of a change between quarters in which different agencies reported: its own mark,
/// not `*`, which means hidden.
pub const NOT_COMPARABLE: &str = "†";

/// One row's counts; None where the row has no value (an optional column nobody filled in),
/// which has nothing to hide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub served: u64,
    pub employed: u64,
    pub education: Option<u64>,
    /// The served of the rows that reported education: the education rate's denominator.
    pub education_served: u64,
    pub job_starts: Option<u64>,
}

impl Counts {
    fn get(&self, field: Field) -> Option<u64> {
        match field {
            Field::Served => Some(self.served),
            Field::Employed => Some(self.employed),
            Field::Education => self.education,
            Field::JobStarts => self.job_starts,
        }
    }
}

/// What a row hides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hidden {
    /// A bit per field hidden.
    counts: u8,
    /// Of those, the bits hidden only to protect another cell.
    complementary: u8,
    /// The education rate's own denominator is small (see `education_rate`).
    small_education_base: bool,
}

/// What a row of a public summary hides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Protection {
    pub cells: Hidden,
    /// The change from the previous quarter, hidden when either rate is (a shown rate and a
    /// shown change give the other rate).
    pub change: bool,
}

impl Protection {
    /// Whether the rate and what is derived from it (its band) are hidden.
    pub fn rate(self) -> bool {
        self.cells.rate()
    }
}

impl Hidden {
    pub fn count(self, field: Field) -> bool {
        self.counts & bit(field) != 0
    }

    /// Whether `field` is hidden because it is small itself (not to protect another cell).
    pub fn small(self, field: Field) -> bool {
        self.count(field) && self.complementary & bit(field) == 0
    }

    /// employed / served.
    pub fn rate(self) -> bool {
        self.count(Field::Served) || self.count(Field::Employed)
    }

    /// education / (served of the rows that reported education): hidden with either count,
    /// and when that denominator is itself small (rate and count would give it away).
    pub fn education_rate(self) -> bool {
        self.count(Field::Education) || self.count(Field::Served) || self.small_education_base
    }

    pub fn any(self) -> bool {
        self.counts != 0 || self.small_education_base
    }

    /// The fields hidden, in output order.
    pub fn fields(self) -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(move |f| self.count(*f))
    }

    /// How many count cells are hidden by the small-number rule itself, and how many only to
    /// protect others.
    pub fn tally(self) -> (usize, usize) {
        let all = self.counts.count_ones() as usize;
        let complementary = self.complementary.count_ones() as usize;
        (all - complementary, complementary)
    }

    /// `tally` of the cells of `fields` only: what an output that shows no other count hides.
    pub fn tally_of(self, fields: &[Field]) -> (usize, usize) {
        let shown = fields.iter().fold(0, |bits, field| bits | bit(*field));
        let all = (self.counts & shown).count_ones() as usize;
        let complementary = (self.complementary & shown).count_ones() as usize;
        (all - complementary, complementary)
    }

    /// What a figure made of two cells hides: each count either hides, and none of them as
    /// small itself (the figure is not a cell of the table; it reads `*`).
    pub fn union(self, other: Hidden) -> Hidden {
        let counts = self.counts | other.counts;
        Hidden {
            counts,
            complementary: counts,
            small_education_base: self.small_education_base || other.small_education_base,
        }
    }

    /// The cells, and the education rate hidden too when its own denominator is small.
    pub fn with_small_base(self, small: bool) -> Hidden {
        Hidden {
            small_education_base: self.small_education_base || small,
            ..self
        }
    }

    fn hide(&mut self, field: Field, complementary: bool) -> bool {
        if self.count(field) {
            return false;
        }
        self.counts |= bit(field);
        if complementary {
            self.complementary |= bit(field);
        }
        true
    }
}

/// A total shown with the parts that sum to it, as row indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// What each row hides under `rule`, given the sums shown with them.
pub fn suppress(rows: &[Counts], sums: &[Sum], rule: Rule) -> Vec<Hidden> {
    let mut hidden: Vec<Hidden> = rows
        .iter()
        .map(|counts| {
            let mut row = Hidden::default();
            for field in Field::ALL {
                if counts.get(field).is_some_and(|v| rule.hides(v)) {
                    row.hide(field, false);
                }
            }
            row.small_education_base =
                counts.education.is_some() && rule.hides(counts.education_served);
            row
        })
        .collect();
    // Served first, with what a hidden served hides in its row, until nothing changes; then
    // the other counts, whose hiding hides nothing else. In this order no cell is hidden to
    // protect a part that the cascade of a served would have hidden anyway.
    let served_only = [Field::Served];
    let others = [Field::Employed, Field::Education, Field::JobStarts];
    for fields in [&served_only[..], &others[..]] {
        loop {
            let mut changed = false;
            for (row, counts) in hidden.iter_mut().zip(rows) {
                changed |= hide_with_served(row, counts);
            }
            for sum in sums {
                for field in fields {
                    changed |= protect(rows, &mut hidden, sum, *field, rule);
                }
            }
            if !changed {
                for field in fields {
                    changed |= unpin(rows, &mut hidden, sums, *field, rule);
                }
            }
            if !changed {
                break;
            }
        }
    }
    hidden
}

/// With `served` hidden, every count of the row is (each is at most `served`).
fn hide_with_served(row: &mut Hidden, counts: &Counts) -> bool {
    if !row.count(Field::Served) {
        return false;
    }
    let mut changed = false;
    for field in [Field::Employed, Field::Education, Field::JobStarts] {
        if counts.get(field).is_some() {
            changed |= row.hide(field, true);
        }
    }
    changed
}

/// Makes sure no hidden `field` of `sum` can be recovered by subtraction or addition, nor
/// pinned by the bounds a reader knows: a part shown as `<11` is 1 to 10, so two of them
/// that sum to 2 are 1 each.
fn protect(rows: &[Counts], hidden: &mut [Hidden], sum: &Sum, field: Field, rule: Rule) -> bool {
    if rows[sum.total].get(field).is_none() {
        return false;
    }
    let parts: Vec<usize> = sum
        .parts
        .iter()
        .copied()
        .filter(|part| rows[*part].get(field).is_some())
        .collect();
    let hidden_parts = parts.iter().filter(|p| hidden[**p].count(field)).count();
    let total_hidden = hidden[sum.total].count(field);
    let pinned = !total_hidden && pinned(rows, hidden, sum.total, &parts, field, rule);
    let needs_another = match (total_hidden, hidden_parts) {
        // One hidden part: the total minus the others. None hidden, total hidden: their sum.
        (false, 1) | (true, 0) => true,
        _ => pinned,
    };
    if !needs_another {
        return false;
    }
    // The smallest part still shown that is not 0, the first in output order among equals: a
    // hidden 0 leaves the sum of the hidden parts as it was, and a reader who sees its served
    // of 0 knows its employed.
    let smallest = parts
        .iter()
        .copied()
        .filter(|p| !hidden[*p].count(field))
        .filter(|p| rows[*p].get(field).is_some_and(|v| v > 0))
        .min_by_key(|p| (rows[*p].get(field), *p));
    match smallest {
        Some(part) => hidden[part].hide(field, true),
        None if !total_hidden => hidden[sum.total].hide(field, true),
        None => false,
    }
}

/// What a reader can bound each row's `field` to: a shown value exactly, a small one by the
/// rule, any other hidden one from 0, each narrowed through every sum (a total is at least the
/// least of its parts, a part at most the total less the least of the others...) until nothing
/// narrows. None where the row has no value.
fn bounds(
    rows: &[Counts],
    hidden: &[Hidden],
    sums: &[Sum],
    field: Field,
    rule: Rule,
) -> Vec<(u64, u64)> {
    let mut bounds: Vec<(u64, u64)> = rows
        .iter()
        .zip(hidden)
        .map(|(row, cells)| {
            let (low, high) = match row.get(field) {
                Some(v) if !cells.count(field) => (v, v),
                Some(_) if cells.small(field) => {
                    (u64::from(!rule.zero), rule.below.saturating_sub(1))
                }
                _ => (0, u64::MAX),
            };
            // No more employed than served, which a reader may see.
            match field == Field::Employed && !cells.count(Field::Served) {
                true => (low, high.min(row.served)),
                false => (low, high),
            }
        })
        .collect();
    for _ in 0..rows.len().min(64) {
        let mut narrowed = false;
        for sum in sums.iter().filter(|s| rows[s.total].get(field).is_some()) {
            let parts: Vec<usize> = sum
                .parts
                .iter()
                .copied()
                .filter(|p| rows[*p].get(field).is_some())
                .collect();
            let low: u64 = parts
                .iter()
                .map(|p| bounds[*p].0)
                .fold(0, u64::saturating_add);
            let high: u64 = parts
                .iter()
                .map(|p| bounds[*p].1)
                .fold(0, u64::saturating_add);
            narrowed |= narrow(&mut bounds[sum.total], low, high);
            let total = bounds[sum.total];
            for &part in &parts {
                let own = bounds[part];
                let others_low = low - own.0;
                let others_high = match high {
                    u64::MAX => u64::MAX,
                    high => high - own.1,
                };
                let least = match others_high {
                    u64::MAX => 0,
                    others => total.0.saturating_sub(others),
                };
                let most = match total.1 {
                    u64::MAX => u64::MAX,
                    most => most.saturating_sub(others_low),
                };
                narrowed |= narrow(&mut bounds[part], least, most);
            }
        }
        if !narrowed {
            break;
        }
    }
    bounds
}

fn narrow(bounds: &mut (u64, u64), low: u64, high: u64) -> bool {
    let narrower = (bounds.0.max(low), bounds.1.min(high));
    let changed = narrower != *bounds && narrower.0 <= narrower.1;
    if changed {
        *bounds = narrower;
    }
    changed
}

/// Hides one more cell when a count hidden for being small has a single possible value within
/// the bounds a reader can work out across the levels (`bounds`): the smallest shown part not 0
/// of a sum it is a part of, else that sum's total, else the smallest of its own parts.
fn unpin(rows: &[Counts], hidden: &mut [Hidden], sums: &[Sum], field: Field, rule: Rule) -> bool {
    let bounds = bounds(rows, hidden, sums, field, rule);
    let Some(pinned) =
        (0..rows.len()).find(|r| hidden[*r].small(field) && bounds[*r].0 == bounds[*r].1)
    else {
        return false;
    };
    let shown_part = |hidden: &[Hidden], parts: &[usize]| {
        parts
            .iter()
            .copied()
            .filter(|p| !hidden[*p].count(field) && rows[*p].get(field).is_some_and(|v| v > 0))
            .min_by_key(|p| (rows[*p].get(field), *p))
    };
    for sum in sums.iter().filter(|s| s.parts.contains(&pinned)) {
        if let Some(part) = shown_part(hidden, &sum.parts) {
            return hidden[part].hide(field, true);
        }
        if !hidden[sum.total].count(field) && rows[sum.total].get(field).is_some() {
            return hidden[sum.total].hide(field, true);
        }
    }
    for sum in sums.iter().filter(|s| s.total == pinned) {
        if let Some(part) = shown_part(hidden, &sum.parts) {
            return hidden[part].hide(field, true);
        }
    }
    false
}

/// Whether a hidden small part of a shown total has a single possible value: the hidden parts
/// sum to the total less the shown ones, each small one is within the rule's bounds (1 or 0 to
/// `below - 1`), each other hidden one at least 0.
fn pinned(
    rows: &[Counts],
    hidden: &[Hidden],
    total: usize,
    parts: &[usize],
    field: Field,
    rule: Rule,
) -> bool {
    let value = |row: usize| rows[row].get(field).unwrap_or(0);
    let low = u64::from(!rule.zero);
    let high = rule.below.saturating_sub(1);
    let hidden_parts: Vec<usize> = parts
        .iter()
        .copied()
        .filter(|p| hidden[*p].count(field))
        .collect();
    if hidden_parts.len() < 2 {
        return false;
    }
    let shown: u64 = parts
        .iter()
        .filter(|p| !hidden[**p].count(field))
        .map(|p| value(*p))
        .sum();
    let rest = value(total).saturating_sub(shown);
    let bounds = |p: usize| match hidden[p].small(field) {
        true => (low, Some(high)),
        false => (0, None),
    };
    hidden_parts.iter().any(|&part| {
        let (own_low, own_high) = bounds(part);
        if own_high.is_none() {
            return false;
        }
        let others = hidden_parts.iter().filter(|p| **p != part);
        let others_low: u64 = others.clone().map(|p| bounds(*p).0).sum();
        let others_high: Option<u64> = others.map(|p| bounds(*p).1).sum();
        let most = own_high
            .unwrap_or(u64::MAX)
            .min(rest.saturating_sub(others_low));
        let least = others_high.map_or(own_low, |h| own_low.max(rest.saturating_sub(h)));
        least >= most
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMS: Rule = Rule {
        below: 11,
        zero: false,
    };

    fn row(served: u64, employed: u64) -> Counts {
        Counts {
            served,
            employed,
            ..Counts::default()
        }
    }

    /// The fields hidden in each row, by name.
    fn names(hidden: &[Hidden]) -> Vec<Vec<&'static str>> {
        hidden
            .iter()
            .map(|h| h.fields().map(Field::name).collect())
            .collect()
    }

    /// `parts` and, after them, their total shown with them.
    fn with_their_total(parts: &[Counts], rule: Rule) -> Vec<Hidden> {
        let mut rows = parts.to_vec();
        rows.push(total_of(parts));
        let sums = [Sum {
            total: parts.len(),
            parts: (0..parts.len()).collect(),
        }];
        suppress(&rows, &sums, rule)
    }

    fn total_of(parts: &[Counts]) -> Counts {
        let mut total = Counts::default();
        for part in parts {
            total.served += part.served;
            total.employed += part.employed;
        }
        total
    }

    #[test]
    fn one_small_part_takes_the_next_smallest_with_it() {
        // Agencies of 8, 40 and 60 served: 8 is hidden, and 40 with it, else 108 - 40 - 60 = 8.
        let parts = [row(8, 3), row(60, 30), row(40, 20)];
        let hidden = with_their_total(&parts, CMS);
        assert_eq!(
            names(&hidden),
            [
                vec!["served", "employed"],
                vec![],
                vec!["served", "employed"],
                vec![]
            ]
        );
        assert_eq!(hidden[0].tally(), (2, 0));
        assert_eq!(hidden[2].tally(), (0, 2));
        assert!(hidden[2].rate() && !hidden[1].rate() && !hidden[3].rate());
    }

    #[test]
    fn two_small_parts_protect_each_other() {
        let parts = [row(8, 3), row(6, 2), row(40, 20)];
        let hidden = with_their_total(&parts, CMS);
        assert_eq!(
            names(&hidden),
            [
                vec!["served", "employed"],
                vec!["served", "employed"],
                vec![],
                vec![]
            ]
        );
    }

    #[test]
    fn a_lone_part_hides_its_total() {
        // A jurisdiction of one agency: its row is the total.
        let rows = [row(9, 4), row(9, 4)];
        let sums = [Sum {
            total: 1,
            parts: vec![0],
        }];
        let hidden = suppress(&rows, &sums, CMS);
        assert_eq!(
            names(&hidden),
            [vec!["served", "employed"], vec!["served", "employed"]]
        );
    }

    #[test]
    fn a_hidden_total_with_one_hidden_part_needs_nothing_more() {
        // Employed 0 + 7 + 0 = 7: the part and the total are both hidden; a reader learns only
        // that they are equal, not what they are.
        let parts = [row(30, 0), row(40, 7), row(20, 0)];
        let hidden = with_their_total(&parts, CMS);
        assert_eq!(
            names(&hidden),
            [vec![], vec!["employed"], vec![], vec!["employed"]]
        );
    }

    #[test]
    fn a_higher_threshold_hides_more_and_protects_the_same_way() {
        let rows = [row(20, 12), row(30, 12), row(50, 24)];
        let sums = [Sum {
            total: 2,
            parts: vec![0, 1],
        }];
        let strict = Rule {
            below: 25,
            zero: false,
        };
        // Employed: 12 and 12 are hidden (below 25), so is the total 24: nothing more. Served:
        // 20 is hidden, and so 30 is too (else 50 - 30 = 20).
        let hidden = suppress(&rows, &sums, strict);
        assert_eq!(
            names(&hidden),
            [
                vec!["served", "employed"],
                vec!["served", "employed"],
                vec!["employed"]
            ]
        );
    }

    #[test]
    fn two_small_parts_at_their_bounds_take_a_third_with_them() {
        // 1 + 1 + 40 = 42: the two hidden parts sum to 2, and each is at least 1, so each is 1;
        // 40 is hidden too. A shown 0 is no help (it would leave the sum as it is).
        let parts = [row(1, 0), row(1, 0), row(0, 0), row(40, 20)];
        let hidden = with_their_total(&parts, CMS);
        let served: Vec<bool> = hidden.iter().map(|h| h.count(Field::Served)).collect();
        assert_eq!(served, [true, true, false, true, false]);
        assert!(!hidden[3].small(Field::Served));
    }

    #[test]
    fn a_zero_is_never_the_complementary_cell() {
        // Employed 0 + 2 + 13: the 2 takes the 13 with it, not the 0 (whose served of 0 shows).
        let parts = [row(0, 0), row(11, 2), row(16, 13)];
        let hidden = with_their_total(&parts, CMS);
        let employed: Vec<bool> = hidden.iter().map(|h| h.count(Field::Employed)).collect();
        assert_eq!(employed, [false, true, true, false]);
    }

    #[test]
    fn zeros_are_shown_unless_the_setting_says_otherwise() {
        let rows = [row(0, 0)];
        assert!(!suppress(&rows, &[], CMS)[0].any());
        let strict = Rule {
            below: 11,
            zero: true,
        };
        assert_eq!(
            names(&suppress(&rows, &[], strict)),
            [vec!["served", "employed"]]
        );
    }

    #[test]
    fn the_threshold_is_the_setting() {
        let rows = [row(7, 5)];
        let five = Rule {
            below: 6,
            zero: false,
        };
        assert_eq!(names(&suppress(&rows, &[], five)), [vec!["employed"]]);
        assert_eq!(five.label(), "<6");
    }

    #[test]
    fn a_small_education_base_hides_the_education_rate() {
        let rows = [Counts {
            served: 40,
            employed: 20,
            education: Some(12),
            education_served: 5,
            job_starts: None,
        }];
        let hidden = suppress(&rows, &[], CMS)[0];
        assert!(hidden.education_rate());
        assert!(!hidden.count(Field::Education));
        assert!(!hidden.rate());
    }
}
