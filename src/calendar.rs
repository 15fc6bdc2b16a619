//! Quarters and month arithmetic. Nothing here reads the clock: callers pass the date.

use chrono::{Datelike, Months, NaiveDate};
use std::fmt;

/// A calendar quarter, written `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u8,
}

impl Quarter {
    pub fn new(year: i32, number: u8) -> Option<Quarter> {
        (1..=4)
            .contains(&number)
            .then_some(Quarter { year, number })
    }

    /// Parses `YYYY-Qn`; the format names quarter folders this way.
    pub fn parse(text: &str) -> Option<Quarter> {
        let (year, number) = text.split_once("-Q")?;
        if year.len() != 4 || number.len() != 1 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Quarter::new(year.parse().ok()?, number.parse().ok()?)
    }

    pub fn containing(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: (date.month0() / 3 + 1) as u8,
        }
    }

    /// The last quarter that has ended by `as_of`: a quarter ends when its last day is over, so on
    /// 30 September the third quarter is still running.
    pub fn last_ended(as_of: NaiveDate) -> Quarter {
        Quarter::containing(as_of).previous()
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.number) * 3 - 2, 1)
            .expect("a quarter's first day exists")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("a day precedes every quarter")
    }

    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    pub fn has_ended(self, as_of: NaiveDate) -> bool {
        self.last_day() < as_of
    }

    /// Whether the period from `opened` to `closed` (either open-ended) overlaps this quarter.
    pub fn overlaps(self, opened: Option<NaiveDate>, closed: Option<NaiveDate>) -> bool {
        opened.is_none_or(|d| d <= self.last_day()) && closed.is_none_or(|d| d >= self.first_day())
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.number)
    }
}

/// `date` plus whole months, clamped to the end of a shorter month (31 Aug + 6 months = 28/29 Feb).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The years a date of ips may fall in: an IPS program's dates lie well inside them, and one
/// outside is a typing mistake (0001 for 2001, 9999 for 2025) that would make every month
/// since or until it a period to judge.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Whether `date` falls in `YEARS`.
pub fn plausible(date: NaiveDate) -> bool {
    YEARS.contains(&date.year())
}

/// Parses a strict `YYYY-MM-DD` date, of a year in `YEARS`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    // By hand rather than with a format string: activity logs hold many dates.
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
        .filter(|date| plausible(*date))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why text written `YYYY-MM-DD` (digits in place) names no day, for a message that follows
/// "{text} is not a day: ": "November has 30 days", "there is no month 13". None when it is a
/// day, or is not written that way.
pub fn not_a_day(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4) as i32, number(5..7), number(8..10));
    // A day, if perhaps of a year ips does not take (that is `out_of_years`'s to say).
    if NaiveDate::from_ymd_opt(year, month, day).is_some() {
        return None;
    }
    if !(1..=12).contains(&month) {
        return Some(format!(
            "there is no month {month:02} (months are 01 to 12)"
        ));
    }
    if day == 0 {
        return Some("days of the month start at 01".into());
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let days = add_months(first, 1).signed_duration_since(first).num_days();
    let name = MONTHS[month as usize - 1];
    Some(if month == 2 {
        format!("February {year} has {days} days")
    } else {
        format!("{name} has {days} days")
    })
}

/// The days a date written another way than `YYYY-MM-DD` may mean: `2026/3/2` one, `03/02/2026`
/// two (March 2 or February 3), `13/02/2026` one; none for text that is not a date.
pub fn readings(text: &str) -> Vec<NaiveDate> {
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if !numeric || parse_date(text).is_some() {
        return Vec::new();
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let candidates = if parts[0].len() == 4 {
        vec![(n[0], n[1], n[2])]
    } else if parts[2].len() == 4 {
        // Month first (the United States) or day first (most elsewhere).
        vec![(n[2], n[0], n[1]), (n[2], n[1], n[0])]
    } else {
        Vec::new()
    };
    let mut days: Vec<NaiveDate> = Vec::new();
    for (year, month, day) in candidates {
        if let Some(date) = NaiveDate::from_ymd_opt(year as i32, month, day)
            && !days.contains(&date)
        {
            days.push(date);
        }
    }
    days
}

/// The readings of a date written another way, as a hint says them: "2026-03-02" for one,
/// "2026-03-02 if it is March 2, 2026-02-03 if it is February 3" for two; `write` prefixes each
/// date (such as "start = ").
pub fn say_readings(days: &[NaiveDate], write: &str) -> String {
    match days {
        [one] => format!("{write}{one}"),
        _ => days
            .iter()
            .map(|d| {
                format!(
                    "{write}{d} if it is {} {}",
                    MONTHS[d.month0() as usize],
                    d.day()
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// What is wrong with a date that `parse_date` refused, and how to write it, for a message of
/// one line: the one wording of a bad date for command-line flags and data files alike.
pub fn date_problem(text: &str) -> String {
    if let Some(reason) = not_a_day(text) {
        return format!("{text} is not a day: {reason}");
    }
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    if shaped
        && let Some(year) = text.get(..4).and_then(|y| y.parse::<i32>().ok())
        && !YEARS.contains(&year)
    {
        return out_of_years(text);
    }
    let days = readings(text);
    if !days.is_empty() {
        return format!(
            "{text} is not written YYYY-MM-DD: write {}",
            say_readings(&days, "")
        );
    }
    format!("{text:?} is not a date: write YYYY-MM-DD, e.g. 2026-09-30")
}

/// What a date outside `YEARS` is said to be.
pub fn out_of_years(text: &str) -> String {
    format!(
        "{text} is outside the years {} to {} that ips takes: a typing mistake?",
        YEARS.start(),
        YEARS.end()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn parses_and_prints_quarters() {
        let q = Quarter::parse("2026-Q3").unwrap();
        assert_eq!(q.to_string(), "2026-Q3");
        assert_eq!(q.first_day(), date("2026-07-01"));
        assert_eq!(q.last_day(), date("2026-09-30"));
        for bad in [
            "2026-Q0", "2026-Q5", "2026-q3", "26-Q3", "2026-Q33", "2026Q3",
        ] {
            assert_eq!(Quarter::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn last_ended_quarter() {
        assert_eq!(
            Quarter::last_ended(date("2026-11-24")).to_string(),
            "2026-Q3"
        );
        assert_eq!(
            Quarter::last_ended(date("2026-09-30")).to_string(),
            "2026-Q2"
        );
        assert_eq!(
            Quarter::last_ended(date("2026-10-01")).to_string(),
            "2026-Q3"
        );
        assert_eq!(
            Quarter::last_ended(date("2026-01-01")).to_string(),
            "2025-Q4"
        );
    }

    #[test]
    fn early_years_keep_four_digits_so_folder_names_round_trip() {
        let q = Quarter::parse("0999-Q1").unwrap();
        assert_eq!(q.to_string(), "0999-Q1");
        assert_eq!(Quarter::parse("0000-Q4").unwrap().to_string(), "0000-Q4");
    }

    #[test]
    fn quarter_steps_wrap_years() {
        let q = Quarter::parse("2025-Q4").unwrap();
        assert_eq!(q.next().to_string(), "2026-Q1");
        assert_eq!(q.next().previous(), q);
    }

    #[test]
    fn months_clamp_to_the_month_end() {
        assert_eq!(add_months(date("2025-08-31"), 6), date("2026-02-28"));
        assert_eq!(add_months(date("2023-08-31"), 6), date("2024-02-29"));
        assert_eq!(add_months(date("2024-02-29"), 12), date("2025-02-28"));
    }

    #[test]
    fn a_day_that_does_not_exist_says_why() {
        assert_eq!(not_a_day("2026-11-31").unwrap(), "November has 30 days");
        assert_eq!(
            not_a_day("2026-02-29").unwrap(),
            "February 2026 has 28 days"
        );
        assert_eq!(
            not_a_day("2024-02-30").unwrap(),
            "February 2024 has 29 days"
        );
        assert_eq!(
            not_a_day("2026-13-01").unwrap(),
            "there is no month 13 (months are 01 to 12)"
        );
        assert_eq!(
            not_a_day("2026-01-00").unwrap(),
            "days of the month start at 01"
        );
        assert_eq!(not_a_day("2026-12-31"), None);
        assert_eq!(not_a_day("03/02/2026"), None);
    }

    #[test]
    fn dates_written_another_way_are_read_every_way_they_can_be() {
        assert_eq!(
            readings("03/02/2026"),
            [date("2026-03-02"), date("2026-02-03")]
        );
        assert_eq!(readings("13/02/2026"), [date("2026-02-13")]);
        assert_eq!(readings("05.05.2026"), [date("2026-05-05")]);
        assert_eq!(readings("2026/3/2"), [date("2026-03-02")]);
        assert_eq!(readings("2026-3-2"), [date("2026-03-02")]);
        assert_eq!(readings("03/02/26"), []);
        assert_eq!(readings("2026-03-02"), []);
        assert_eq!(readings("north"), []);
        assert_eq!(
            say_readings(&readings("03/02/2026"), "start = "),
            "start = 2026-03-02 if it is March 2, start = 2026-02-03 if it is February 3"
        );
    }

    #[test]
    fn strict_dates() {
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("2024-2-3"), None);
        assert_eq!(parse_date("2024-02-29"), Some(date("2024-02-29")));
    }
}
