//! The small trend line in an agency's row: its last quarters' rates, the latest marked, on a
//! scale shared by every row so that the lines compare.

use super::svg::{BLUE, GREY, Svg, percent, px};

pub const WIDTH: u32 = 88;
pub const HEIGHT: u32 = 24;

/// `(low, high)` is the shared scale (rates); `average` draws a faint reference line if it is
/// in that range.
pub fn sparkline(
    id: &str,
    label: &str,
    rates: &[Option<f64>],
    (low, high): (f64, f64),
    average: f64,
) -> String {
    let (left, right, top, bottom) = (3.0, f64::from(WIDTH) - 6.0, 3.0, f64::from(HEIGHT) - 3.0);
    let x_of = |index: usize| {
        if rates.len() <= 1 {
            return (left + right) / 2.0;
        }
        left + (right - left) * index as f64 / (rates.len() - 1) as f64
    };
    let y_of = |rate: f64| bottom - (rate.clamp(low, high) - low) / (high - low) * (bottom - top);
    let shown: Vec<String> = rates
        .iter()
        .map(|r| r.map_or_else(|| "none".to_string(), percent))
        .collect();
    let mut svg = Svg::new(
        id,
        WIDTH,
        HEIGHT,
        &format!("{label}: rate over the last quarters"),
        &format!("Rates, oldest first: {}.", shown.join(", ")),
    );
    if (low..=high).contains(&average) {
        let y = px(y_of(average));
        svg.line((px(left), y), (px(right), y), GREY, 1, Some("2 2"));
    }
    let mut segment = Vec::new();
    for (index, rate) in rates.iter().enumerate() {
        match rate {
            Some(rate) => segment.push((px(x_of(index)), px(y_of(*rate)))),
            None => {
                svg.polyline(&segment, BLUE, 2);
                segment.clear();
            }
        }
    }
    svg.polyline(&segment, BLUE, 2);
    if let Some(Some(last)) = rates.last() {
        svg.circle(px(x_of(rates.len() - 1)), px(y_of(*last)), 3, BLUE);
    }
    svg.finish()
}

/// The same line in text, for Markdown: one block character per quarter, `·` where none.
pub fn text_sparkline(rates: &[Option<f64>], (low, high): (f64, f64)) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    rates
        .iter()
        .map(|rate| match rate {
            Some(rate) => {
                let level = ((rate.clamp(low, high) - low) / (high - low) * 7.0).round() as usize;
                BLOCKS[level.min(7)]
            }
            None => '·',
        })
        .collect()
}
