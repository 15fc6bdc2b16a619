//! Writing SVG text by hand: every value escaped, every coordinate a whole pixel, every shape
//! in a fixed order, so that the same figures give the same bytes.

use std::fmt::Write;

/// The colour-blind-safe palette (Okabe-Ito), so that the charts read for everyone.
pub const BLUE: &str = "#0072B2";
pub const SKY: &str = "#56B4E9";
pub const VERMILLION: &str = "#D55E00";
pub const GREY: &str = "#999999";
pub const INK: &str = "#222222";
pub const FAINT: &str = "#dddddd";
pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/// Text for an XML attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An SVG document being written.
pub struct Svg {
    text: String,
}

impl Svg {
    /// `id` names the title and description for `aria-labelledby`; they must be unique in a
    /// page that holds several charts.
    /// A chart on its own white ground, so that a git host's dark theme does not swallow its
    /// dark text.
    pub fn new(id: &str, width: u32, height: u32, title: &str, description: &str) -> Svg {
        let mut text = String::new();
        let _ = write!(
            text,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{}\" font-size=\"12\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n",
            escape(FONT),
            escape(title),
            escape(description)
        );
        Svg { text }
    }

    pub fn line(
        &mut self,
        (x1, y1): (i64, i64),
        (x2, y2): (i64, i64),
        stroke: &str,
        width: u32,
        dash: Option<&str>,
    ) {
        let dash = dash
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        let _ = writeln!(
            self.text,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>"
        );
    }

    pub fn rect(&mut self, x: i64, y: i64, width: i64, height: i64, fill: &str) {
        let _ = writeln!(
            self.text,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            width.max(0),
            height.max(0)
        );
    }

    pub fn circle(&mut self, x: i64, y: i64, r: u32, fill: &str) {
        let _ = writeln!(
            self.text,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
        );
    }

    pub fn polyline(&mut self, points: &[(i64, i64)], stroke: &str, width: u32) {
        if points.is_empty() {
            return;
        }
        let coordinates: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
        let _ = writeln!(
            self.text,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
            coordinates.join(" ")
        );
    }

    /// Text at (x, y); `anchor` is start, middle or end.
    pub fn text(&mut self, x: i64, y: i64, anchor: &str, fill: &str, content: &str) {
        let _ = writeln!(
            self.text,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{}</text>",
            escape(content)
        );
    }

    /// Text in bold or small type: `style` is a few SVG attributes written as given.
    pub fn styled_text(&mut self, x: i64, y: i64, anchor: &str, style: &str, content: &str) {
        let _ = writeln!(
            self.text,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" {style}>{}</text>",
            escape(content)
        );
    }

    pub fn finish(mut self) -> String {
        self.text.push_str("</svg>\n");
        self.text
    }
}

/// Rates as every table writes them.
pub use crate::report::number::percent;

/// A whole pixel.
pub fn px(value: f64) -> i64 {
    value.round() as i64
}
