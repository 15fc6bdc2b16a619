//! The distribution of programs' rates: a histogram of agencies' rates and one of teams' rates
//! below it, in 5-point bins from 0% to 100%, on one rate axis, with the three benchmarks as
//! labelled dashed lines through both. Each bar carries its count. Narrow (520 wide) so that
//! its text stays readable when a phone scales it to 400 px.

use super::svg::{BLUE, FAINT, GREY, INK, SKY, Svg, px};
use super::trend::benchmark_columns;
use crate::report::model::Benchmarks;
use crate::report::number::benchmark;

const WIDTH: u32 = 520;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 18.0;
/// The benchmarks' labels, a row each above the histograms, so that they never overlap.
const LABEL_ROW: f64 = 15.0;
const TITLE: f64 = 20.0;
const BARS: f64 = 96.0;
const GAP: f64 = 14.0;
const AXIS: f64 = 22.0;

/// One histogram: its title, bar colour and counts per bin.
pub struct Panel<'a> {
    pub title: &'a str,
    pub colour: &'a str,
    pub bins: &'a [usize],
}

/// How the chart writes a count (`1,234`): the report's one formatter, given by the caller.
pub type Count = fn(u64) -> String;

fn x_of(rate: f64) -> f64 {
    LEFT + rate * (f64::from(WIDTH) - LEFT - RIGHT)
}

/// The agencies' and the teams' histograms; `title` names the chart.
pub fn distribution(
    id: &str,
    title: &str,
    (panels, thousands): (&[Panel<'_>], Count),
    benchmarks: &Benchmarks,
) -> String {
    let top = LABEL_ROW * 3.0 + 6.0;
    let panel_height = TITLE + BARS + GAP;
    let height = top + panel_height * panels.len() as f64 + AXIS;
    let mut svg = Svg::new(
        id,
        WIDTH,
        px(height) as u32,
        title,
        &description(title, panels, benchmarks, thousands),
    );
    let bottom = top + panel_height * panels.len() as f64 - GAP;
    benchmarks_across(&mut svg, top, bottom, benchmarks);
    for (index, panel) in panels.iter().enumerate() {
        draw_panel(
            &mut svg,
            top + panel_height * index as f64,
            panel,
            thousands,
        );
    }
    axis(&mut svg, bottom);
    svg.finish()
}

/// The benchmarks as dashed lines from their label's row down through every panel.
fn benchmarks_across(svg: &mut Svg, top: f64, bottom: f64, benchmarks: &Benchmarks) {
    benchmark_columns(svg, x_of, LABEL_ROW, bottom, benchmarks);
    svg.line((px(LEFT), px(top)), (px(LEFT), px(bottom)), FAINT, 1, None);
}

/// One histogram, its top at `y`: the title, then a bar per bin with its count above it.
fn draw_panel(svg: &mut Svg, y: f64, panel: &Panel<'_>, thousands: Count) {
    let total: usize = panel.bins.iter().sum();
    svg.styled_text(
        px(LEFT) + 4,
        px(y + 13.0),
        "start",
        &format!("fill=\"{INK}\" font-weight=\"bold\""),
        &format!("{}: {} with a rate", panel.title, thousands(total as u64)),
    );
    let base = y + TITLE + BARS;
    svg.line(
        (px(LEFT), px(base)),
        (px(x_of(1.0)), px(base)),
        GREY,
        1,
        None,
    );
    let most = panel.bins.iter().copied().max().unwrap_or(0).max(1) as f64;
    let width = (x_of(1.0) - x_of(0.0)) / panel.bins.len().max(1) as f64;
    for (index, count) in panel.bins.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let height = (BARS - 14.0) * *count as f64 / most;
        let left = x_of(0.0) + width * index as f64;
        svg.rect(
            px(left) + 1,
            px(base - height),
            px(left + width) - px(left) - 2,
            px(base) - px(base - height),
            panel.colour,
        );
        svg.styled_text(
            px(left + width / 2.0),
            px(base - height) - 3,
            "middle",
            &format!("fill=\"{INK}\" font-size=\"10\""),
            &thousands(*count as u64),
        );
    }
}

/// The rate axis under the last panel: every 10 points.
fn axis(svg: &mut Svg, bottom: f64) {
    for tenth in 0..=10 {
        let rate = f64::from(tenth) / 10.0;
        // 100% is centred on its tick as the others are: anchored at its end it ran into 90%.
        let anchor = match tenth {
            0 => "start",
            _ => "middle",
        };
        svg.text(
            px(x_of(rate)),
            px(bottom + 16.0),
            anchor,
            INK,
            &format!("{}%", tenth * 10),
        );
    }
}

/// The chart in words: each panel's bins that hold a program.
fn description(
    title: &str,
    panels: &[Panel<'_>],
    benchmarks: &Benchmarks,
    thousands: Count,
) -> String {
    let parts: Vec<String> = panels
        .iter()
        .map(|panel| {
            let bins: Vec<String> = panel
                .bins
                .iter()
                .enumerate()
                .filter(|(_, count)| **count > 0)
                .map(|(index, count)| {
                    let low = index * 100 / panel.bins.len();
                    let high = (index + 1) * 100 / panel.bins.len();
                    format!("{low}–{high}%: {}", thousands(*count as u64))
                })
                .collect();
            match bins.is_empty() {
                true => format!("{}: none with a rate", panel.title),
                false => format!("{}: {}", panel.title, bins.join(", ")),
            }
        })
        .collect();
    format!(
        "{title}, in 5-point bins (benchmarks {}, {} and {}). {}.",
        benchmark(benchmarks.minimal),
        benchmark(benchmarks.average),
        benchmark(benchmarks.excellent),
        parts.join(". ")
    )
}

/// The colours of the two panels.
pub const AGENCIES: &str = BLUE;
pub const TEAMS: &str = SKY;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_says_its_bins_in_words_and_draws_a_bar_per_bin_that_holds_a_program() {
        let mut agencies = vec![0; 20];
        agencies[6] = 1;
        agencies[9] = 1_234;
        let teams = vec![0; 20];
        let benchmarks = Benchmarks {
            minimal: 0.31,
            average: 0.41,
            excellent: 0.5,
        };
        let svg = distribution(
            "programs",
            "Programs' rates",
            (
                &[
                    Panel {
                        title: "Agencies",
                        colour: AGENCIES,
                        bins: &agencies,
                    },
                    Panel {
                        title: "Teams",
                        colour: TEAMS,
                        bins: &teams,
                    },
                ],
                crate::report::view::thousands,
            ),
            &benchmarks,
        );
        assert!(svg.contains("Agencies: 30–35%: 1, 45–50%: 1,234. Teams: none with a rate."));
        assert!(svg.contains(">1,234</text>") && svg.contains(">minimal 31%</text>"));
        assert_eq!(svg.matches(&format!("fill=\"{BLUE}\"")).count(), 2);
        assert!(svg.contains("viewBox=\"0 0 520 "));
    }
}
