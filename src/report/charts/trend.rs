//! The trend: the pooled rate of each quarter as a line, the benchmarks as labelled dashed
//! lines, the latest point labelled with its value; and people served per quarter as light
//! bars in a second, smaller chart below (not a second axis).

use super::svg::{BLUE, FAINT, GREY, INK, SKY, Svg, percent, px};
use crate::report::model::{Benchmarks, TrendRow};
use crate::report::number::benchmark;
use crate::report::number::thousands;

const WIDTH: u32 = 760;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 112.0;

/// The benchmark lines: label, value, dash pattern (different patterns read in greyscale).
pub fn benchmark_lines(b: &Benchmarks) -> [(&'static str, f64, &'static str); 3] {
    [
        ("excellent", b.excellent, "10 4"),
        ("average", b.average, "6 4"),
        ("minimal", b.minimal, "2 4"),
    ]
}

/// The benchmarks as dashed vertical lines from their labels down to `bottom`: each label on a
/// row of its own above the chart (`row_height` apart, the excellent one first), so that labels
/// of benchmarks close together never overlap.
pub fn benchmark_columns(
    svg: &mut Svg,
    x_of: impl Fn(f64) -> f64,
    row_height: f64,
    bottom: f64,
    benchmarks: &Benchmarks,
) {
    for (row, (label, value, dash)) in benchmark_lines(benchmarks).into_iter().enumerate() {
        let x = px(x_of(value));
        let y = row_height * (row as f64 + 1.0);
        svg.line((x, px(y) + 3), (x, px(bottom)), GREY, 1, Some(dash));
        svg.text(
            x - 4,
            px(y),
            "end",
            INK,
            &format!("{label} {}", benchmark(value)),
        );
    }
}

/// The range of the rate axis, in tenths: a tight range around the rates that always holds the
/// three benchmarks.
fn rate_range(rows: &[&TrendRow], benchmarks: &Benchmarks) -> (f64, f64) {
    let mut low = benchmarks.minimal;
    let mut high = benchmarks.excellent;
    for rate in rows.iter().filter_map(|row| row.rate) {
        low = low.min(rate);
        high = high.max(rate);
    }
    let low = ((low - 0.05) * 10.0).floor().max(0.0) / 10.0;
    let high = ((high + 0.05) * 10.0).ceil().min(10.0) / 10.0;
    (low, high.max(low + 0.1))
}

fn x_of(index: usize, count: usize) -> f64 {
    let span = f64::from(WIDTH) - LEFT - RIGHT;
    if count <= 1 {
        return LEFT + span / 2.0;
    }
    LEFT + span * index as f64 / (count - 1) as f64
}

/// A line beside the main one: its label, rows, colour and dash.
pub struct Beside<'a> {
    pub label: &'a str,
    pub rows: &'a [TrendRow],
    pub colour: &'a str,
    pub dash: &'a str,
}

/// The line chart of the rate. `id` keeps the chart's title unique in a page.
pub fn rate_chart(id: &str, rows: &[TrendRow], benchmarks: &Benchmarks, subject: &str) -> String {
    rate_chart_with(id, rows, &[], benchmarks, subject)
}

/// Where a rate chart draws: the rate axis's range and the plot's top and bottom.
struct Frame {
    low: f64,
    high: f64,
    top: f64,
    bottom: f64,
    /// The height of the legend above the plot (0 without one).
    legend: f64,
}

impl Frame {
    fn y_of(&self, rate: f64) -> f64 {
        self.bottom - (rate - self.low) / (self.high - self.low) * (self.bottom - self.top)
    }
}

/// The line chart of the rate, with other lines beside it (a site's jurisdiction and the
/// community), each named in a legend above.
pub fn rate_chart_with(
    id: &str,
    rows: &[TrendRow],
    beside: &[Beside<'_>],
    benchmarks: &Benchmarks,
    subject: &str,
) -> String {
    let legend = if beside.is_empty() { 0.0 } else { 22.0 };
    let height = 260 + legend as u32;
    let all: Vec<&TrendRow> = rows
        .iter()
        .chain(beside.iter().flat_map(|b| b.rows.iter()))
        .collect();
    let (low, high) = rate_range(&all, benchmarks);
    let frame = Frame {
        low,
        high,
        top: 16.0 + legend,
        bottom: f64::from(height) - 34.0,
        legend,
    };
    let rows: Vec<&TrendRow> = rows.iter().collect();
    let mut svg = Svg::new(
        id,
        WIDTH,
        height,
        &format!("Employment rate per quarter, {subject}"),
        &rate_description(&rows, beside, benchmarks, subject),
    );
    rate_grid(&mut svg, &frame);
    benchmark_marks(&mut svg, &frame, benchmarks);
    quarter_labels(&mut svg, &rows, &frame);
    lines_beside(&mut svg, beside, &frame, subject);
    main_line(&mut svg, &rows, &frame);
    svg.finish()
}

/// The chart's text for those who cannot see it: every rate shown, and the benchmarks.
fn rate_description(
    rows: &[&TrendRow],
    beside: &[Beside<'_>],
    benchmarks: &Benchmarks,
    subject: &str,
) -> String {
    let shown: Vec<String> = rows
        .iter()
        .filter_map(|row| row.rate.map(|r| format!("{} {}", row.quarter, percent(r))))
        .collect();
    let mut description = format!(
        "The employment rate of {subject} per quarter: {}. Benchmarks: minimal {}, average {}, excellent {}.",
        if shown.is_empty() {
            "no figures".to_string()
        } else {
            shown.join(", ")
        },
        benchmark(benchmarks.minimal),
        benchmark(benchmarks.average),
        benchmark(benchmarks.excellent),
    );
    for line in beside {
        let rates: Vec<String> = line
            .rows
            .iter()
            .map(|row| row.rate.map_or_else(|| "none".to_string(), percent))
            .collect();
        description.push_str(&format!(" {}: {}.", line.label, rates.join(", ")));
    }
    description
}

/// Grid lines every 10 points, labelled at the left.
fn rate_grid(svg: &mut Svg, frame: &Frame) {
    let mut tick = (frame.low * 10.0).round() as i64;
    while tick as f64 <= frame.high * 10.0 + 1e-9 {
        let y = px(frame.y_of(tick as f64 / 10.0));
        svg.line(
            (px(LEFT), y),
            (WIDTH as i64 - px(RIGHT) + 8, y),
            FAINT,
            1,
            None,
        );
        svg.text(px(LEFT) - 6, y + 4, "end", INK, &format!("{}%", tick * 10));
        tick += 1;
    }
}

/// The benchmarks as dashed lines, labelled at the right.
fn benchmark_marks(svg: &mut Svg, frame: &Frame, benchmarks: &Benchmarks) {
    for (label, value, dash) in benchmark_lines(benchmarks) {
        let y = px(frame.y_of(value));
        svg.line(
            (px(LEFT), y),
            (WIDTH as i64 - px(RIGHT) + 8, y),
            GREY,
            1,
            Some(dash),
        );
        svg.text(
            WIDTH as i64 - px(RIGHT) + 12,
            y + 4,
            "start",
            INK,
            &format!("{label} {}", benchmark(value)),
        );
    }
}

/// Quarter labels: every one up to 8, else every other.
fn quarter_labels(svg: &mut Svg, rows: &[&TrendRow], frame: &Frame) {
    let step = if rows.len() > 8 { 2 } else { 1 };
    for (index, row) in rows.iter().enumerate() {
        if (rows.len() - 1 - index).is_multiple_of(step) {
            svg.text(
                px(x_of(index, rows.len())),
                px(frame.bottom) + 20,
                "middle",
                INK,
                &row.quarter,
            );
        }
    }
}

/// The lines beside first, so that the main one is drawn over them; a legend above.
fn lines_beside(svg: &mut Svg, beside: &[Beside<'_>], frame: &Frame, subject: &str) {
    let mut legend_x = px(LEFT);
    for line in beside {
        let y = px(frame.top - frame.legend + 4.0);
        svg.line(
            (legend_x, y),
            (legend_x + 24, y),
            line.colour,
            2,
            Some(line.dash),
        );
        svg.text(legend_x + 30, y + 4, "start", INK, line.label);
        legend_x += 40 + 7 * line.label.chars().count() as i64;
        let mut segment: Vec<(i64, i64)> = Vec::new();
        for (index, row) in line.rows.iter().enumerate() {
            match row.rate {
                Some(rate) => {
                    segment.push((px(x_of(index, line.rows.len())), px(frame.y_of(rate))))
                }
                None => {
                    dashed(svg, &segment, line.colour, line.dash);
                    segment.clear();
                }
            }
        }
        dashed(svg, &segment, line.colour, line.dash);
    }
    if !beside.is_empty() {
        let y = px(frame.top - frame.legend + 4.0);
        svg.line((legend_x, y), (legend_x + 24, y), BLUE, 3, None);
        svg.text(legend_x + 30, y + 4, "start", INK, subject);
    }
}

/// The line, broken where a quarter has no rate shown, its points, and the latest labelled.
fn main_line(svg: &mut Svg, rows: &[&TrendRow], frame: &Frame) {
    let mut segment: Vec<(i64, i64)> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match row.rate {
            Some(rate) => segment.push((px(x_of(index, rows.len())), px(frame.y_of(rate)))),
            None => {
                svg.polyline(&segment, BLUE, 3);
                segment.clear();
            }
        }
    }
    svg.polyline(&segment, BLUE, 3);
    for (index, row) in rows.iter().enumerate() {
        if let Some(rate) = row.rate {
            let last = index + 1 == rows.len();
            svg.circle(
                px(x_of(index, rows.len())),
                px(frame.y_of(rate)),
                if last { 5 } else { 3 },
                BLUE,
            );
        }
    }
    if let Some(last) = rows.last() {
        let x = px(x_of(rows.len() - 1, rows.len()));
        match last.rate {
            // Left of the point, clear of the benchmark labels at the right.
            Some(rate) => svg.styled_text(
                x - 9,
                px(frame.y_of(rate)) - 8,
                "end",
                "font-weight=\"700\" fill=\"#222222\"",
                &percent(rate),
            ),
            None => svg.text(x, px(frame.top) + 12, "middle", INK, "hidden"),
        }
    }
}

fn dashed(svg: &mut Svg, points: &[(i64, i64)], colour: &str, dash: &str) {
    for pair in points.windows(2) {
        svg.line(pair[0], pair[1], colour, 2, Some(dash));
    }
}

/// The bars of people served per quarter.
pub fn served_chart(id: &str, rows: &[TrendRow], subject: &str) -> String {
    let height = 130u32;
    let (top, bottom) = (18.0, f64::from(height) - 30.0);
    let most = rows
        .iter()
        .filter_map(|r| r.served)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let shown: Vec<String> = rows
        .iter()
        .map(|row| match row.served {
            Some(n) => format!("{} {}", row.quarter, thousands(n)),
            None => format!("{} hidden or no data", row.quarter),
        })
        .collect();
    let mut svg = Svg::new(
        id,
        WIDTH,
        height,
        &format!("People served per quarter, {subject}"),
        &format!("People served per quarter: {}.", shown.join(", ")),
    );
    let span = (f64::from(WIDTH) - LEFT - RIGHT) / rows.len().max(1) as f64;
    let bar = (span * 0.6).max(4.0);
    svg.line(
        (px(LEFT) - 20, px(bottom)),
        (WIDTH as i64 - px(RIGHT) + 20, px(bottom)),
        GREY,
        1,
        None,
    );
    for (index, row) in rows.iter().enumerate() {
        let x = x_of(index, rows.len());
        match row.served {
            Some(served) => {
                let y = bottom - served as f64 / most * (bottom - top);
                svg.rect(px(x - bar / 2.0), px(y), px(bar), px(bottom) - px(y), SKY);
                svg.text(px(x), px(y) - 4, "middle", INK, &thousands(served));
            }
            None => svg.text(px(x), px(bottom) - 4, "middle", INK, "–"),
        }
        if rows.len() <= 8 || (rows.len() - 1 - index).is_multiple_of(2) {
            svg.text(px(x), px(bottom) + 18, "middle", INK, &row.quarter);
        }
    }
    svg.finish()
}
