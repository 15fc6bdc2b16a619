//! The fidelity review report rendered: HTML in the quarterly report's look (its stylesheet,
//! inline; no script) and Markdown, from the model through minijinja with auto-escaping; JSON
//! is the model itself.

use crate::fidelity::review_report::ReviewReport;
use minijinja::Environment;

const HTML: &str = include_str!("templates/review.html");
const MARKDOWN: &str = include_str!("templates/review.md");

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("md", |text: String| crate::text::markdown_escape(&text));
    env.add_template("report.css", super::render::CSS)
        .expect("the stylesheet parses");
    env.add_template("review.html", HTML)
        .expect("the HTML template parses");
    env.add_template("review.md", MARKDOWN)
        .expect("the Markdown template parses");
    env
}

pub fn html(report: &ReviewReport) -> String {
    render("review.html", report)
}

pub fn markdown(report: &ReviewReport) -> String {
    render("review.md", report)
}

fn render(name: &str, report: &ReviewReport) -> String {
    let env = environment();
    let template = env.get_template(name).expect("the template is added");
    let context = minijinja::context! { r => minijinja::value::Serde(report) };
    template
        .render(context)
        .expect("the model holds every field the template reads")
}
