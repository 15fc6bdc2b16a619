//! The small trend line in an agency's row: its last quarters' rates, the latest marked, on a
//! scale shared by every row so that the lines compare.

use super::svg::{GREY, escape, percent, px};

pub const WIDTH: u32 = 88;
pub const HEIGHT: u32 = 24;

/// The sparkline of a table row, lean for a table of thousands of rows: coordinates only, its
/// strokes from the stylesheet (`td.spark`), the average benchmark's line one shared element
/// (`average_line`) that each row `<use>`s.
pub fn row_sparkline(label: &str, rates: &[Option<f64>], (low, high): (f64, f64)) -> String {
    let place = Place::new(rates.len(), (low, high));
    let shown: Vec<String> = rates
        .iter()
        .map(|r| r.map_or_else(|| "none".to_string(), percent))
        .collect();
    let mut svg = format!(
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}: {}\"><use href=\"#spark-average\"/>",
        escape(label),
        shown.join(", ")
    );
    let mut segment: Vec<String> = Vec::new();
    let flush = |segment: &mut Vec<String>, svg: &mut String| {
        if segment.len() > 1 {
            svg.push_str(&format!("<polyline points=\"{}\"/>", segment.join(" ")));
        }
        segment.clear();
    };
    for (index, rate) in rates.iter().enumerate() {
        match rate {
            Some(rate) => segment.push(format!("{},{}", place.x(index), place.y(*rate))),
            None => flush(&mut segment, &mut svg),
        }
    }
    flush(&mut segment, &mut svg);
    if let Some(Some(last)) = rates.last() {
        svg.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"3\"/>",
            place.x(rates.len() - 1),
            place.y(*last)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The average benchmark's line that every row sparkline uses, in a hidden SVG of its own;
/// empty when the average is outside the shared scale.
pub fn average_line((low, high): (f64, f64), average: f64) -> String {
    if !(low..=high).contains(&average) {
        return String::new();
    }
    let place = Place::new(2, (low, high));
    let y = place.y(average);
    format!(
        "<svg class=\"defs\" aria-hidden=\"true\"><defs><line id=\"spark-average\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{GREY}\" stroke-width=\"1\" stroke-dasharray=\"2 2\"/></defs></svg>",
        place.x(0),
        place.x(1)
    )
}

/// Where a row sparkline's points go, in whole pixels.
struct Place {
    count: usize,
    low: f64,
    high: f64,
}

impl Place {
    const LEFT: f64 = 3.0;
    const TOP: f64 = 3.0;

    fn new(count: usize, (low, high): (f64, f64)) -> Place {
        Place { count, low, high }
    }

    fn x(&self, index: usize) -> i64 {
        let right = f64::from(WIDTH) - 6.0;
        if self.count <= 1 {
            return px((Self::LEFT + right) / 2.0);
        }
        px(Self::LEFT + (right - Self::LEFT) * index as f64 / (self.count - 1) as f64)
    }

    fn y(&self, rate: f64) -> i64 {
        let bottom = f64::from(HEIGHT) - 3.0;
        let share = (rate.clamp(self.low, self.high) - self.low) / (self.high - self.low);
        px(bottom - share * (bottom - Self::TOP))
    }
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
