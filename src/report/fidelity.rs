//! The report's fidelity section: each agency's latest review on or before the quarter's last
//! day, its next review, how many agencies are in each band, and how the fidelity total and the
//! employment rate go together (Pearson's r), the relationship the learning community studies.

use super::model::{BandCount, Correlation, Fidelity, FidelityRow, Point};
use super::{Question, name_of};
use crate::fidelity::schedule;
use crate::repo::{AgencyRecord, Repository};
use crate::scale::Band;

/// A review due within this many days is `due-soon`, as in `ips fidelity schedule`.
const DUE_SOON_DAYS: u32 = 60;

/// `rate` gives an agency's rate in the quarter as the report shows it (None when it did not
/// report, served nobody, or the rate is hidden): only those points are drawn and counted.
pub fn section(
    repo: &Repository,
    scope: &[&AgencyRecord],
    question: &Question<'_>,
    rate: &dyn Fn(&str) -> Option<f64>,
) -> Fidelity {
    let last_day = question.quarter.last_day();
    let settings = &repo.settings.fidelity;
    let mut rows = Vec::new();
    let mut points = Vec::new();
    let mut bands = [0usize; 5];
    for record in scope {
        let latest = record.reviews.iter().rev().find(|r| r.date <= last_day);
        let total = latest.and_then(|review| review.total());
        let band = total.map(Band::of_total);
        bands[band.map_or(4, band_index)] += 1;
        let plan = schedule::schedule_for(record, settings, question.as_of, DUE_SOON_DAYS);
        rows.push(FidelityRow {
            id: record.folder.to_string(),
            name: name_of(record),
            jurisdiction: record.jurisdiction().unwrap_or("").to_string(),
            review: latest.map(|review| review.date.to_string()),
            total,
            band: band.map(|b| b.as_str().to_string()),
            next_due: plan.next_due.map(|d| d.to_string()),
            status: plan.status.as_str().to_string(),
        });
        if let (Some(total), Some(rate)) = (total, rate(&record.folder)) {
            points.push(Point {
                agency: record.folder.to_string(),
                total,
                rate,
            });
        }
    }
    let names = [
        "exemplary",
        "good",
        "fair",
        "not-supported-employment",
        "none",
    ];
    Fidelity {
        agencies: rows,
        bands: names
            .iter()
            .zip(bands)
            .map(|(band, agencies)| BandCount {
                band: band.to_string(),
                agencies,
            })
            .collect(),
        correlation: Correlation {
            r: pearson(&points),
            n: points.len(),
            points,
        },
    }
}

fn band_index(band: Band) -> usize {
    match band {
        Band::Exemplary => 0,
        Band::Good => 1,
        Band::Fair => 2,
        Band::NotSupportedEmployment => 3,
    }
}

/// Pearson's correlation of total and rate; None with fewer than three points or no spread.
pub fn pearson(points: &[Point]) -> Option<f64> {
    if points.len() < 3 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| f64::from(p.total)).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.rate).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for point in points {
        let dx = f64::from(point.total) - mean_x;
        let dy = point.rate - mean_y;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(total: u32, rate: f64) -> Point {
        Point {
            agency: String::new(),
            total,
            rate,
        }
    }

    #[test]
    fn pearson_of_a_line_is_one_and_of_too_few_points_nothing() {
        let line = [point(80, 0.3), point(100, 0.4), point(120, 0.5)];
        assert!((pearson(&line).unwrap() - 1.0).abs() < 1e-12);
        let falling = [point(80, 0.5), point(100, 0.4), point(120, 0.3)];
        assert!((pearson(&falling).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&line[..2]), None);
        let flat = [point(80, 0.3), point(100, 0.3), point(120, 0.3)];
        assert_eq!(pearson(&flat), None);
    }
}
