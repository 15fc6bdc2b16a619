//! Fidelity and outcomes: each agency's latest fidelity total (x, 25 to 125, good from 100)
//! against its employment rate in the quarter (y), with r and n in the title.

use super::svg::{FAINT, GREY, INK, Svg, VERMILLION, percent, px};
use crate::report::model::Correlation;

pub fn scatter(id: &str, correlation: &Correlation, good: u32) -> String {
    let (width, height) = (760u32, 340u32);
    let (left, right, top, bottom) = (56.0, 24.0, 16.0, f64::from(height) - 46.0);
    let high = correlation
        .points
        .iter()
        .map(|p| p.rate)
        .fold(0.6_f64, f64::max)
        .min(1.0);
    let high = (high * 10.0).ceil() / 10.0;
    let x_of = |total: f64| left + (total - 25.0) / 100.0 * (f64::from(width) - left - right);
    let y_of = |rate: f64| bottom - rate / high * (bottom - top);
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
    let mut tick = 0;
    while f64::from(tick) <= high * 10.0 + 1e-9 {
        let y = px(y_of(f64::from(tick) / 10.0));
        svg.line((px(left), y), (width as i64 - px(right), y), FAINT, 1, None);
        svg.text(px(left) - 6, y + 4, "end", INK, &format!("{}%", tick * 10));
        tick += 1;
    }
    for total in [25u32, 50, 75, 100, 125] {
        svg.text(
            px(x_of(f64::from(total))),
            px(bottom) + 18,
            "middle",
            INK,
            &total.to_string(),
        );
    }
    let good_x = px(x_of(f64::from(good)));
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
        height as i64 - 8,
        "middle",
        INK,
        "fidelity total of the latest review (IPS-25)",
    );
    for point in &correlation.points {
        svg.circle(
            px(x_of(f64::from(point.total))),
            px(y_of(point.rate)),
            5,
            VERMILLION,
        );
    }
    svg.finish()
}
