//! Which quarters a report shows and reads: its trend, the quarter before and the same quarter
//! a year earlier (for the changes).

use crate::calendar::Quarter;

/// The same quarter a year earlier.
pub fn year_before(quarter: Quarter) -> Quarter {
    (0..4).fold(quarter, |q, _| q.previous())
}

/// The quarters a report reads: the trend's, the one before the report's quarter and the same
/// quarter a year earlier (for the changes), oldest first.
pub fn quarters_read(quarter: Quarter, trend: &[Quarter]) -> Vec<Quarter> {
    let mut quarters: Vec<Quarter> = trend.to_vec();
    quarters.extend([quarter.previous(), year_before(quarter)]);
    quarters.sort();
    quarters.dedup();
    quarters
}

/// The quarters of a trend of `count` quarters ending with `quarter`, oldest first.
pub fn trend_quarters(quarter: Quarter, count: usize) -> Vec<Quarter> {
    let mut quarters = vec![quarter];
    for _ in 1..count.max(1) {
        quarters.insert(0, quarters[0].previous());
    }
    quarters
}
