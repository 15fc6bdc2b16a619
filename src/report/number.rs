//! The one way the report writes a number, in its tables, cards, charts and Markdown alike:
//! counts with thousands separators (`14,692`), rates as percentages with one decimal
//! (`44.9%`), changes in percentage points (`+1.3 pp`).

/// `1,234`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A count of things (agencies, teams): `1,234`.
pub fn count(value: usize) -> String {
    thousands(value as u64)
}

/// `44.9%`.
pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// A benchmark as ips.toml sets it: `31%`, or `40.5%` when it has a fraction of a point; the
/// cards, notes, band table, headings and charts all write it so (`31.0%` beside `31%` read as
/// two numbers).
pub fn benchmark(fraction: f64) -> String {
    let value = fraction * 100.0;
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}%")
    } else {
        format!("{value:.1}%")
    }
}

/// `+1.3 pp`.
pub fn points(change: f64) -> String {
    let value = change * 100.0;
    if value.abs() < 0.05 {
        return "0.0 pp".to_string();
    }
    format!("{value:+.1} pp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_alike_everywhere() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(14692), "14,692");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(count(2400), "2,400");
        assert_eq!(percent(0.4453), "44.5%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(points(0.0134), "+1.3 pp");
        assert_eq!(points(-0.0294), "-2.9 pp");
        assert_eq!(points(0.0001), "0.0 pp");
        assert_eq!(benchmark(0.31), "31%");
        assert_eq!(benchmark(0.5), "50%");
        assert_eq!(benchmark(0.405), "40.5%");
    }
}
