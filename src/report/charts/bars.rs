//! Horizontal bars of rates, sorted by rate, the value at the bar's end, the benchmarks as
//! labelled dashed lines across; a hidden rate gets no bar but a short label.

use super::svg::{BLUE, FAINT, GREY, INK, Svg, percent, px};
use super::trend::benchmark_lines;
use crate::report::model::Benchmarks;

/// A bar: its label and its rate (None: hidden, or nobody served).
pub struct Bar {
    pub label: String,
    pub rate: Option<f64>,
    /// What to write instead of a hidden rate.
    pub missing: String,
}

pub fn rate_bars(id: &str, title: &str, bars: &[Bar], benchmarks: &Benchmarks) -> String {
    let (left, right, row) = (170.0, 64.0, 26.0);
    let width = 760u32;
    let top = 30.0;
    let height = (top + row * bars.len() as f64 + 12.0) as u32;
    let most = bars
        .iter()
        .filter_map(|b| b.rate)
        .fold(benchmarks.excellent + 0.1, f64::max)
        .min(1.0);
    let x_of = |rate: f64| left + rate / most * (f64::from(width) - left - right);
    let mut sorted: Vec<&Bar> = bars.iter().collect();
    // Highest rate first; hidden ones last; by label among equals.
    sorted.sort_by(|a, b| {
        let key = |bar: &Bar| bar.rate.map(|r| -r);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.label.cmp(&b.label)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.label.cmp(&b.label),
        }
    });
    let described: Vec<String> = sorted
        .iter()
        .map(|bar| match bar.rate {
            Some(rate) => format!("{} {}", bar.label, percent(rate)),
            None => format!("{} {}", bar.label, bar.missing),
        })
        .collect();
    let mut svg = Svg::new(
        id,
        width,
        height,
        title,
        &format!("{title}: {}.", described.join(", ")),
    );
    let bottom = top + row * bars.len() as f64;
    for (label, value, dash) in benchmark_lines(benchmarks) {
        let x = px(x_of(value));
        svg.line((x, px(top) - 4), (x, px(bottom)), GREY, 1, Some(dash));
        let anchor = match label {
            "minimal" => "end",
            "excellent" => "start",
            _ => "middle",
        };
        svg.text(
            x,
            px(top) - 10,
            anchor,
            INK,
            &format!("{label} {}", percent(value)),
        );
    }
    svg.line(
        (px(left), px(top) - 4),
        (px(left), px(bottom)),
        FAINT,
        1,
        None,
    );
    for (index, bar) in sorted.iter().enumerate() {
        let y = top + row * index as f64;
        svg.text(
            px(left) - 8,
            px(y + row / 2.0) + 4,
            "end",
            INK,
            &shorten(&bar.label, 26),
        );
        match bar.rate {
            Some(rate) => {
                let end = x_of(rate);
                svg.rect(
                    px(left),
                    px(y + 5.0),
                    px(end) - px(left),
                    px(row - 10.0),
                    BLUE,
                );
                svg.text(
                    px(end) + 6,
                    px(y + row / 2.0) + 4,
                    "start",
                    INK,
                    &percent(rate),
                );
            }
            None => svg.text(
                px(left) + 6,
                px(y + row / 2.0) + 4,
                "start",
                GREY,
                &bar.missing,
            ),
        }
    }
    svg.finish()
}

/// A label cut to `max` characters with an ellipsis.
pub fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let cut: String = label.chars().take(max - 1).collect();
    format!("{cut}…")
}
