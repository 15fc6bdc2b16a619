//! The report rendered: HTML (one self-contained file: inline CSS and SVG, no script, nothing to
//! fetch) and Markdown (report.md with its charts as SVG files beside it), from the model
//! through minijinja templates with auto-escaping; JSON is the model itself.

use super::charts::{bars, distribution, scatter, spark, trend};
use super::model::Report;
use super::view::{self, TableView};
use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;

const HTML_TEMPLATE: &str = include_str!("templates/report.html");
const MARKDOWN_TEMPLATE: &str = include_str!("templates/report.md");
const PROGRAMS_HTML: &str = include_str!("templates/programs.html");
const PROGRAMS_MARKDOWN: &str = include_str!("templates/programs.md");
/// The report's look, shared with the fidelity review report.
pub const CSS: &str = include_str!("templates/report.css");

/// The charts of a report, by the file name Markdown gives each.
pub struct Charts {
    pub files: Vec<(&'static str, String)>,
}

fn subject(report: &Report) -> String {
    report.scope.label.clone()
}

fn charts(report: &Report) -> Charts {
    let subject = subject(report);
    let mut files = vec![
        ("trend.svg", rate_chart(report, &subject)),
        (
            "served.svg",
            trend::served_chart("served", &report.trend, &subject),
        ),
    ];
    if !report.jurisdictions.is_empty() {
        files.push((
            "jurisdictions.svg",
            bars::rate_bars(
                "jurisdictions",
                &format!("Employment rate by jurisdiction, {}", report.quarter),
                &jurisdiction_bars(report),
                &report.benchmarks,
            ),
        ));
    }
    if report.site.is_none() {
        files.push(("programs.svg", programs_chart(report)));
        files.push((
            "fidelity.svg",
            scatter::scatter(
                "fidelity",
                &report.fidelity.correlation,
                100,
                report.benchmarks.minimal,
            ),
        ));
    }
    Charts { files }
}

/// The trend of the rate: a site's beside its jurisdiction's and the community's.
fn rate_chart(report: &Report, subject: &str) -> String {
    match &report.site {
        Some(site) => trend::rate_chart_with(
            "trend",
            &report.trend,
            &[
                trend::Beside {
                    label: &site.jurisdiction_name,
                    rows: &site.jurisdiction_trend,
                    colour: "#E69F00",
                    dash: "6 3",
                },
                trend::Beside {
                    label: "the community",
                    rows: &site.community_trend,
                    colour: "#009E73",
                    dash: "2 3",
                },
            ],
            &report.benchmarks,
            subject,
        ),
        None => trend::rate_chart("trend", &report.trend, &report.benchmarks, subject),
    }
}

/// The distribution of the agencies' and the teams' rates.
fn programs_chart(report: &Report) -> String {
    let bins = &report.programs.bins;
    distribution::distribution(
        "programs",
        &view::programs_chart_title(report),
        (
            &[
                distribution::Panel {
                    title: "Agencies",
                    colour: distribution::AGENCIES,
                    bins: &bins.agencies,
                },
                distribution::Panel {
                    title: "Teams",
                    colour: distribution::TEAMS,
                    bins: &bins.teams,
                },
            ],
            view::thousands,
        ),
        &report.benchmarks,
    )
}

/// A bar per jurisdiction, saying why one has no rate shown.
fn jurisdiction_bars(report: &Report) -> Vec<bars::Bar> {
    let label = view::small_label(report);
    report
        .jurisdictions
        .iter()
        .map(|j| bars::Bar {
            label: j.name.clone(),
            rate: j.figures.rate,
            missing: if j.figures.small.iter().any(|f| f == "served") {
                format!("hidden: {label} served")
            } else if j.figures.suppressed.iter().any(|f| f == "rate") {
                "hidden to protect a small number".to_string()
            } else {
                "no outcomes".to_string()
            },
        })
        .collect()
}

fn chart<'a>(charts: &'a Charts, name: &str) -> &'a str {
    charts
        .files
        .iter()
        .find(|(file, _)| *file == name)
        .map_or("", |(_, svg)| svg.as_str())
}

/// The line under the title: as of, and the data's version.
fn meta(report: &Report) -> String {
    let data = match &report.data {
        Some(d) if d.dirty => format!("data commit {} with uncommitted changes", d.commit),
        Some(d) => format!("data commit {}", d.commit),
        None => "data not in git".to_string(),
    };
    let public = if report.public {
        " · public: small numbers hidden"
    } else {
        ""
    };
    format!("As of {} · {data}{public}", report.as_of)
}

/// The headline as a short table, for Markdown.
fn headline_table(report: &Report) -> TableView {
    TableView::new(
        &[
            ("headline", view::Col::Text),
            ("figure", view::Col::Number),
            ("", view::Col::Prose),
        ],
        view::cards(report)
            .into_iter()
            .map(|card| vec![card.label.to_string(), card.value, card.detail])
            .collect(),
    )
}

/// What the templates are given: the model, and every figure formatted (`view`).
#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    community: &'a str,
    scope: &'a str,
    quarter: &'a str,
    notes: &'a [String],
    trend_quarters: usize,
    /// What a point missing from a trend line means: no figure, or, in a public report, one
    /// hidden to protect small numbers.
    trend_gap: &'static str,
    meta: String,
    cards: Vec<view::Card>,
    headline: TableView,
    reporting: String,
    warning: Option<String>,
    trend: TableView,
    comparison: Option<TableView>,
    jurisdictions: TableView,
    groups: Vec<view::Group>,
    /// The key of the agencies' groups, drawn as one table in HTML.
    agency_key: Vec<&'static str>,
    /// The average benchmark's line the rows' sparklines share (HTML).
    spark_defs: String,
    teams: TableView,
    not_reported: String,
    /// A site report's latest and next review (the agency table carries them otherwise).
    fidelity: Option<TableView>,
    bands: TableView,
    items: Option<TableView>,
    /// A site report's checklist.
    checklist: Option<TableView>,
    /// The agreement counted by jurisdiction and trainer (internal reports but a site's).
    agreement: Option<view::AgreementView>,
    /// The sections, for the table of contents: (anchor, heading).
    contents: Vec<(&'static str, String)>,
    introduction: Option<&'a str>,
    contact: Option<&'a str>,
    restated: Option<view::RestatedView>,
    /// "Programs against the benchmarks" and "Exceptions"; None in a site report.
    programs: Option<view::ProgramsView>,
    programs_svg: &'a str,
    programs_alt: String,
    trend_svg: &'a str,
    served_svg: &'a str,
    jurisdiction_svg: &'a str,
    scatter_svg: &'a str,
    trend_alt: String,
    served_alt: String,
    jurisdiction_alt: String,
    scatter_alt: String,
    scatter_title: String,
    scatter_caption: String,
}

fn page<'a>(report: &'a Report, charts: &'a Charts, markdown: bool) -> Page<'a> {
    let site = report.site.is_some();
    let alt = |name: &str| alt_text(chart(charts, name));
    let groups = if site {
        Vec::new()
    } else {
        view::agency_groups(report, markdown)
    };
    let agency_key = agency_key(&groups);
    Page {
        title: &report.title,
        community: &report.community,
        scope: &report.scope.label,
        quarter: &report.quarter,
        notes: &report.notes,
        trend_quarters: report.trend.len(),
        trend_gap: match report.public {
            true => "no figure, or one hidden to protect small numbers",
            false => "no figure",
        },
        meta: meta(report),
        cards: view::cards(report),
        headline: headline_table(report),
        reporting: view::reporting_line(report),
        warning: view::warning(report),
        trend: view::trend_table(report, &report.trend),
        comparison: view::comparison_table(report),
        jurisdictions: view::jurisdiction_table(report),
        groups,
        agency_key,
        spark_defs: match site || markdown {
            true => String::new(),
            false => spark::average_line(view::spark_range(report), report.benchmarks.average),
        },
        teams: view::team_table(report),
        not_reported: not_reported(report),
        fidelity: site.then(|| view::fidelity_table(report)),
        bands: view::bands_table(report),
        items: view::items_table(report),
        checklist: view::checklist_table(report),
        agreement: (!site).then(|| view::agreement_view(report)).flatten(),
        contents: contents(report),
        introduction: report.introduction.as_deref(),
        contact: report.contact.as_deref(),
        restated: view::restated_view(report),
        programs: view::programs_view(report),
        programs_svg: chart(charts, "programs.svg"),
        programs_alt: alt("programs.svg"),
        trend_svg: chart(charts, "trend.svg"),
        served_svg: chart(charts, "served.svg"),
        jurisdiction_svg: chart(charts, "jurisdictions.svg"),
        scatter_svg: chart(charts, "fidelity.svg"),
        trend_alt: alt("trend.svg"),
        served_alt: alt("served.svg"),
        jurisdiction_alt: alt("jurisdictions.svg"),
        scatter_alt: alt("fidelity.svg"),
        scatter_title: view::scatter_title(report),
        scatter_caption: view::scatter_caption(report),
    }
}

/// The sections of the report, in order, for its table of contents.
fn contents(report: &Report) -> Vec<(&'static str, String)> {
    let site = report.site.is_some();
    let mut sections = vec![("trend", "Trend".to_string())];
    if !report.jurisdictions.is_empty() {
        sections.push(("jurisdictions", "Jurisdictions".to_string()));
    }
    if !site {
        sections.push(("programs", "Programs against the benchmarks".to_string()));
        sections.push(("exceptions", "Exceptions".to_string()));
    }
    match site {
        true => sections.push(("teams", "Teams".to_string())),
        false => sections.push(("agencies", "Agencies".to_string())),
    }
    sections.push(("fidelity", "Fidelity and outcomes".to_string()));
    if report.agreement.is_some() {
        sections.push(("agreement", "Agreement milestones".to_string()));
    }
    if let Some(restated) = &report.restated {
        sections.push(("restated", format!("Restated since {}", restated.since)));
    }
    sections.push(("notes", "Notes and methods".to_string()));
    if !site
        && report
            .agreement
            .as_ref()
            .is_some_and(|rows| rows.iter().any(|r| r.missed > 0))
    {
        sections.push(("appendix", "Appendix: milestones missed".to_string()));
    }
    sections
}

/// The key of the agencies' groups taken together, as HTML draws them in one table.
fn agency_key(groups: &[view::Group]) -> Vec<&'static str> {
    let rows = groups
        .iter()
        .flat_map(|group| group.table.rows.iter().cloned())
        .collect();
    view::TableView::new(&[], rows).key
}

/// The names of the agencies that did not report, joined for a sentence.
fn not_reported(report: &Report) -> String {
    let names: Vec<&str> = report
        .not_reported
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    view::join_names(&names)
}

/// A chart's description, as the alt text of its image.
fn alt_text(svg: &str) -> String {
    let Some(start) = svg.find("<desc") else {
        return String::new();
    };
    let text = &svg[start..];
    let Some(open) = text.find('>') else {
        return String::new();
    };
    let text = &text[open + 1..];
    unescape(&text[..text.find("</desc>").unwrap_or(text.len())])
}

/// Undoes the XML escaping of a chart's description, for Markdown's alt text (which escapes
/// again as Markdown).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The anchor a git host gives a Markdown heading: `Fidelity and outcomes` is
/// `fidelity-and-outcomes`.
fn heading_anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("md", |text: String| crate::text::markdown_escape(&text));
    env.add_filter("slug", |text: String| heading_anchor(&text));
    env.add_template("report.css", CSS)
        .expect("the stylesheet parses");
    env.add_template("report.html", HTML_TEMPLATE)
        .expect("the HTML template parses");
    env.add_template("report.md", MARKDOWN_TEMPLATE)
        .expect("the Markdown template parses");
    env.add_template("programs.html", PROGRAMS_HTML)
        .expect("the programs' HTML template parses");
    env.add_template("programs.md", PROGRAMS_MARKDOWN)
        .expect("the programs' Markdown template parses");
    env
}

/// Writes the HTML page to `out` as it is rendered (a large community's page runs to megabytes).
pub fn html(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let charts = charts(report);
    let env = environment();
    let template = env
        .get_template("report.html")
        .expect("the HTML template is there");
    template
        .render_captured_to(Serde(page(report, &charts, false)), out)
        .map(|_| ())
        .map_err(|error| match error.kind() {
            minijinja::ErrorKind::WriteFailure => std::io::Error::other(error),
            _ => panic!("the HTML template renders the model: {error}"),
        })
}

/// report.md, and the chart files it shows.
pub fn markdown(report: &Report) -> (String, Charts) {
    let charts = charts(report);
    let mut text = environment()
        .get_template("report.md")
        .and_then(|t| t.render(Serde(page(report, &charts, true))))
        .expect("the Markdown template renders the model");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    (text, charts)
}
