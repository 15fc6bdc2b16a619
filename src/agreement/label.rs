//! What names a period of a milestone. Kept as data and written out only when shown: the
//! community's report judges thousands of agencies of hundreds of periods each, and shows the
//! names of only the few that are overdue or missed.

use crate::calendar::Quarter;
use chrono::{Datelike, NaiveDate};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodLabel {
    /// `2025-07`
    Month { year: i32, month: u32 },
    /// `2025-Q3`
    Quarter(Quarter),
    /// `month 3`: the third month of the agency's first six.
    StartMonth(u32),
    /// `review 2025-12-16`
    Review(NaiveDate),
}

impl PeriodLabel {
    /// Appends the label to `out` digit by digit: `format!` costs ten times as much, and an
    /// agency of twenty years can have hundreds of unmet periods, each named in what is missing.
    pub fn push_to(&self, out: &mut String) {
        match *self {
            PeriodLabel::Month { year, month } => {
                push_year(out, year);
                out.push('-');
                push_two_digits(out, month);
            }
            PeriodLabel::Quarter(quarter) => {
                push_year(out, quarter.year);
                out.push_str("-Q");
                out.push(digit(u32::from(quarter.number)));
            }
            PeriodLabel::StartMonth(k) => {
                out.push_str("month ");
                out.push_str(&k.to_string());
            }
            PeriodLabel::Review(date) => {
                out.push_str("review ");
                push_date(out, date);
            }
        }
    }
}

impl PeriodLabel {
    /// The first day of the period; `start` is the agency's, from which `month 3` counts.
    pub fn first_day(&self, start: NaiveDate) -> NaiveDate {
        match *self {
            PeriodLabel::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(start)
            }
            PeriodLabel::Quarter(quarter) => quarter.first_day(),
            PeriodLabel::StartMonth(k) => crate::calendar::add_months(start, k.saturating_sub(1)),
            PeriodLabel::Review(date) => date,
        }
    }

    /// What the evidence counts the period as: `month`, `quarter` or `review`.
    pub fn unit(&self) -> &'static str {
        match self {
            PeriodLabel::Month { .. } | PeriodLabel::StartMonth(_) => "month",
            PeriodLabel::Quarter(_) => "quarter",
            PeriodLabel::Review(_) => "review",
        }
    }
}

impl fmt::Display for PeriodLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(20);
        self.push_to(&mut text);
        f.write_str(&text)
    }
}

/// Appends `2025-07-14`, as `NaiveDate` writes it, without the formatting machinery.
pub fn push_date(out: &mut String, date: NaiveDate) {
    if !(0..=9999).contains(&date.year()) {
        // Dates this far out are valid, if unlikely.
        out.push_str(&date.to_string());
        return;
    }
    push_year(out, date.year());
    out.push('-');
    push_two_digits(out, date.month());
    out.push('-');
    push_two_digits(out, date.day());
}

fn push_year(out: &mut String, year: i32) {
    match u32::try_from(year) {
        Ok(year @ 0..=9999) => {
            push_two_digits(out, year / 100);
            push_two_digits(out, year % 100);
        }
        // Years this far out are valid, if unlikely: written as `{:04}` writes them.
        _ => out.push_str(&format!("{year:04}")),
    }
}

/// `n` from 0 to 99 as two digits.
fn push_two_digits(out: &mut String, n: u32) {
    out.push(digit(n / 10));
    out.push(digit(n));
}

/// The last decimal digit of `n`.
fn digit(n: u32) -> char {
    char::from(b'0' + (n % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_label_is_written_as_the_checklist_shows_it() {
        let quarter = Quarter::parse("2025-Q3").expect("a quarter");
        let date = NaiveDate::from_ymd_opt(2025, 12, 16).expect("a date");
        let shown: Vec<String> = [
            PeriodLabel::Month {
                year: 2025,
                month: 7,
            },
            PeriodLabel::Quarter(quarter),
            PeriodLabel::StartMonth(3),
            PeriodLabel::Review(date),
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            shown,
            ["2025-07", "2025-Q3", "month 3", "review 2025-12-16"]
        );
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2025, 1, 5),
            (999, 12, 31),
            (10_000, 2, 29),
            (-1, 3, 1),
            (0, 1, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            let mut text = String::new();
            push_date(&mut text, date);
            assert_eq!(text, date.to_string());
        }
    }
}
