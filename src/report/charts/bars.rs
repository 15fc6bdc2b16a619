//! Horizontal bars of rates, sorted by rate, the value at the bar's end, the benchmarks as
//! labelled dashed lines across; a hidden rate gets no bar but a short label.

use super::svg::{BLUE, FAINT, GREY, INK, Svg, percent, px};
use super::trend::benchmark_columns;
use crate::report::model::Benchmarks;

/// A bar: its label and its rate (None: hidden, or nobody served).
pub struct Bar {
    pub label: String,
    pub rate: Option<f64>,
    /// What to write instead of a hidden rate.
    pub missing: String,
}

/// Drawn for a phone, as the programs chart is: at 400 px it shrinks to fit with its text
/// still readable, the rates at the bars' ends on screen (drawn 760 wide, it scrolled them off).
const WIDTH: u32 = 520;
/// The benchmarks' labels, a row each above the bars, so that they never overlap.
const LABEL_ROW: f64 = 15.0;

/// Where the bars go: the label column at the left, a row per bar below `top`.
struct Layout {
    left: f64,
    right: f64,
    row: f64,
    width: u32,
    top: f64,
    /// The rate at the right end of the scale.
    most: f64,
}

impl Layout {
    fn x_of(&self, rate: f64) -> f64 {
        self.left + rate / self.most * (f64::from(self.width) - self.left - self.right)
    }
}

pub fn rate_bars(id: &str, title: &str, bars: &[Bar], benchmarks: &Benchmarks) -> String {
    let layout = Layout {
        left: 150.0,
        right: 52.0,
        row: 26.0,
        width: WIDTH,
        top: LABEL_ROW * 3.0 + 8.0,
        most: bars
            .iter()
            .filter_map(|b| b.rate)
            .fold(benchmarks.excellent + 0.1, f64::max)
            .min(1.0),
    };
    let height = (layout.top + layout.row * bars.len() as f64 + 12.0) as u32;
    let sorted = by_rate(bars);
    let described: Vec<String> = sorted
        .iter()
        .map(|bar| match bar.rate {
            Some(rate) => format!("{} {}", bar.label, percent(rate)),
            None => format!("{} {}", bar.label, bar.missing),
        })
        .collect();
    let mut svg = Svg::new(
        id,
        layout.width,
        height,
        title,
        &format!("{title}: {}.", described.join(", ")),
    );
    let bottom = layout.top + layout.row * bars.len() as f64;
    bar_benchmarks(&mut svg, &layout, bottom, benchmarks);
    for (index, bar) in sorted.iter().enumerate() {
        draw_bar(&mut svg, &layout, index, bar);
    }
    svg.finish()
}

/// Highest rate first; hidden ones last; by label among equals.
fn by_rate(bars: &[Bar]) -> Vec<&Bar> {
    let mut sorted: Vec<&Bar> = bars.iter().collect();
    sorted.sort_by(|a, b| {
        let key = |bar: &Bar| bar.rate.map(|r| -r);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.label.cmp(&b.label)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.label.cmp(&b.label),
        }
    });
    sorted
}

/// The benchmarks as dashed lines across the bars, labelled a row each above, and the bars'
/// baseline.
fn bar_benchmarks(svg: &mut Svg, layout: &Layout, bottom: f64, benchmarks: &Benchmarks) {
    let top = layout.top;
    benchmark_columns(svg, |rate| layout.x_of(rate), LABEL_ROW, bottom, benchmarks);
    svg.line(
        (px(layout.left), px(top) - 4),
        (px(layout.left), px(bottom)),
        FAINT,
        1,
        None,
    );
}

/// One bar in row `index`: its label, and the bar with its value or what hides it.
fn draw_bar(svg: &mut Svg, layout: &Layout, index: usize, bar: &Bar) {
    let (left, row) = (layout.left, layout.row);
    let y = layout.top + row * index as f64;
    svg.text(
        px(left) - 8,
        px(y + row / 2.0) + 4,
        "end",
        INK,
        &shorten(&bar.label, 22),
    );
    match bar.rate {
        Some(rate) => {
            let end = layout.x_of(rate);
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

/// A label cut to `max` characters with an ellipsis.
pub fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let cut: String = label.chars().take(max - 1).collect();
    format!("{cut}…")
}
