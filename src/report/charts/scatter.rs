//! Fidelity and outcomes: each agency's latest fidelity total (x, 25 to 125, good from 100)
//! against its employment rate in the quarter (y), with r and n in the title.

use super::svg::{FAINT, GREY, INK, Svg, VERMILLION, percent, px};
use crate::report::model::{Correlation, Point};

/// The plot's place in the chart, and the highest rate its axis shows.
struct Plot {
    width: u32,
    height: u32,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    high: f64,
}

impl Plot {
    fn x_of(&self, total: f64) -> f64 {
        self.left + (total - 25.0) / 100.0 * (f64::from(self.width) - self.left - self.right)
    }

    fn y_of(&self, rate: f64) -> f64 {
        self.bottom - rate / self.high * (self.bottom - self.top)
    }
}

/// With this many points or fewer every point is labelled; with more, only those a reader asks
/// about (`labelled`).
pub const LABEL_ALL_UP_TO: usize = 12;
/// The most labels drawn on a crowded chart.
const LABELS_AT_MOST: usize = 12;
/// A label's size and a white halo under its letters: among 300 points a label lies on others'
/// dots.
const LABEL_HALO: &str =
    "font-size=\"11\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"";

/// The points to label, in the order they are placed: all of a small chart's; on a crowded one
/// the extremes (the lowest and highest rate, the lowest and highest fidelity total), then the
/// agencies below the minimal benchmark, lowest rate first, up to `LABELS_AT_MOST`.
pub fn labelled(correlation: &Correlation, minimal: f64) -> Vec<usize> {
    let points = &correlation.points;
    if points.len() <= LABEL_ALL_UP_TO {
        return (0..points.len()).collect();
    }
    let by = |key: &dyn Fn(&Point) -> f64| -> Vec<usize> {
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by(|a, b| key(&points[*a]).total_cmp(&key(&points[*b])));
        order
    };
    let by_rate = by(&|p| p.rate);
    let by_total = by(&|p| f64::from(p.total));
    let mut chosen = vec![
        by_rate[0],
        by_rate[by_rate.len() - 1],
        by_total[0],
        by_total[by_total.len() - 1],
    ];
    chosen.extend(by_rate.iter().filter(|i| points[**i].rate < minimal));
    let mut seen = std::collections::HashSet::new();
    chosen.retain(|i| seen.insert(*i));
    chosen.truncate(LABELS_AT_MOST);
    chosen
}

/// A label's box: left, top, right, bottom.
type Area = (i64, i64, i64, i64);

/// The labels beside their points, each agency's id: right of the point, or left of it where
/// the right is taken; a label that fits neither side is left out.
fn label_points(
    svg: &mut Svg,
    plot: &Plot,
    correlation: &Correlation,
    chosen: &[usize],
    good: u32,
) {
    // The line of good fidelity's own label is taken.
    let good_x = px(plot.x_of(f64::from(good)));
    let mut placed: Vec<Area> = vec![(good_x, px(plot.top), good_x + 120, px(plot.top) + 16)];
    for index in chosen {
        let point = &correlation.points[*index];
        let (x, y) = (
            px(plot.x_of(f64::from(point.total))),
            px(plot.y_of(point.rate)),
        );
        let width = point.agency.chars().count() as i64 * 6 + 2;
        let right = (x + 8, "start", x + 8);
        let left = (x - 8 - width, "end", x - 8);
        let free = |(from, _, _): &(i64, &str, i64)| {
            let area = (*from, y - 8, from + width, y + 4);
            *from >= 0
                && area.2 <= i64::from(plot.width)
                && !placed.iter().any(|p| overlap(p, &area))
        };
        let Some((from, anchor, at)) = [right, left].into_iter().find(free) else {
            continue;
        };
        placed.push((from, y - 8, from + width, y + 4));
        svg.styled_text(
            at,
            y + 4,
            anchor,
            &format!("fill=\"{INK}\" {LABEL_HALO}"),
            &point.agency,
        );
    }
}

fn overlap(a: &Area, b: &Area) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The chart's text alternative: its title, and each point's agency, total and rate.
fn description(correlation: &Correlation, title: &str) -> String {
    let described: Vec<String> = correlation
        .points
        .iter()
        .map(|p| format!("{} {} and {}", p.agency, p.total, percent(p.rate)))
        .collect();
    let points = match described.is_empty() {
        true => "none".to_string(),
        false => described.join("; "),
    };
    format!("{title}. One point per agency: {points}.")
}

pub fn scatter(id: &str, correlation: &Correlation, good: u32, minimal: f64) -> String {
    // Drawn for a phone, as the bars are: at 400 px it shrinks to fit, the agencies at high
    // fidelity on screen (drawn 760 wide, it scrolled them off, the axis at 25 to 80 shown).
    let (width, height) = (520u32, 320u32);
    let high = correlation
        .points
        .iter()
        .map(|p| p.rate)
        .fold(0.6_f64, f64::max)
        .min(1.0);
    let plot = Plot {
        width,
        height,
        left: 56.0,
        right: 24.0,
        top: 16.0,
        bottom: f64::from(height) - 46.0,
        high: (high * 10.0).ceil() / 10.0,
    };
    let r = correlation
        .r
        .map_or_else(|| "r not computed".to_string(), |r| format!("r = {r:.2}"));
    let title = format!(
        "Fidelity total and employment rate ({r}, n = {})",
        correlation.n
    );
    let mut svg = Svg::new(id, width, height, &title, &description(correlation, &title));
    scatter_axes(&mut svg, &plot, good);
    for point in &correlation.points {
        svg.circle(
            px(plot.x_of(f64::from(point.total))),
            px(plot.y_of(point.rate)),
            5,
            VERMILLION,
        );
    }
    label_points(
        &mut svg,
        &plot,
        correlation,
        &labelled(correlation, minimal),
        good,
    );
    svg.finish()
}

/// The rate grid at the left, the fidelity totals below, and the line of good fidelity.
fn scatter_axes(svg: &mut Svg, plot: &Plot, good: u32) {
    let (left, right, top, bottom) = (plot.left, plot.right, plot.top, plot.bottom);
    let width = plot.width;
    let mut tick = 0;
    while f64::from(tick) <= plot.high * 10.0 + 1e-9 {
        let y = px(plot.y_of(f64::from(tick) / 10.0));
        svg.line((px(left), y), (width as i64 - px(right), y), FAINT, 1, None);
        svg.text(px(left) - 6, y + 4, "end", INK, &format!("{}%", tick * 10));
        tick += 1;
    }
    for total in [25u32, 50, 75, 100, 125] {
        svg.text(
            px(plot.x_of(f64::from(total))),
            px(bottom) + 18,
            "middle",
            INK,
            &total.to_string(),
        );
    }
    let good_x = px(plot.x_of(f64::from(good)));
    svg.line(
        (good_x, px(top)),
        (good_x, px(bottom)),
        GREY,
        1,
        Some("6 4"),
    );
    svg.text(
        good_x + 4,
        px(top) + 12,
        "start",
        INK,
        &format!("good fidelity {good}"),
    );
    svg.text(
        px((left + f64::from(width) - right) / 2.0),
        plot.height as i64 - 8,
        "middle",
        INK,
        "fidelity total of the latest review (IPS-25)",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn correlation(points: &[(u32, f64)]) -> Correlation {
        Correlation {
            r: None,
            n: points.len(),
            points: points
                .iter()
                .enumerate()
                .map(|(i, (total, rate))| Point {
                    agency: format!("a{i}"),
                    total: *total,
                    rate: *rate,
                })
                .collect(),
        }
    }

    #[test]
    fn a_crowded_chart_labels_the_extremes_then_those_below_minimal() {
        // 20 agencies at 40% and fidelity 100, but for a few a reader asks about.
        let mut points = vec![(100, 0.40); 20];
        points[3] = (60, 0.45); // the lowest total
        points[7] = (120, 0.42); // the highest total
        points[9] = (101, 0.62); // the highest rate
        points[12] = (99, 0.20); // the lowest rate, below minimal
        points[15] = (98, 0.29); // below minimal
        let chosen = labelled(&correlation(&points), 0.31);
        assert_eq!(chosen, vec![12, 9, 3, 7, 15]);
        let svg = scatter("f", &correlation(&points), 100, 0.31);
        for id in ["a12", "a9", "a3", "a7", "a15"] {
            assert!(svg.contains(&format!(">{id}</text>")), "{id} labelled");
        }
        assert!(!svg.contains(">a0</text>"));
    }

    #[test]
    fn a_small_chart_labels_every_point() {
        let points = vec![(100, 0.40), (80, 0.30), (110, 0.5)];
        assert_eq!(labelled(&correlation(&points), 0.31), vec![0, 1, 2]);
    }
}
