//! Fidelity and outcomes: each agency's latest fidelity total (x, 25 to 125, good from 100)
//! against its employment rate in the quarter (y), with r and n in the title.

use super::svg::{FAINT, GREY, INK, Svg, VERMILLION, percent, px};
use crate::report::model::Correlation;

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

pub fn scatter(id: &str, correlation: &Correlation, good: u32) -> String {
    let (width, height) = (760u32, 340u32);
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
    let described: Vec<String> = correlation
        .points
        .iter()
        .map(|p| format!("{} {} and {}", p.agency, p.total, percent(p.rate)))
        .collect();
    let mut svg = Svg::new(
        id,
        width,
        height,
        &title,
        &format!(
            "{title}. One point per agency: {}.",
            if described.is_empty() {
                "none".to_string()
            } else {
                described.join("; ")
            }
        ),
    );
    scatter_axes(&mut svg, &plot, good);
    for point in &correlation.points {
        svg.circle(
            px(plot.x_of(f64::from(point.total))),
            px(plot.y_of(point.rate)),
            5,
            VERMILLION,
        );
    }
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
