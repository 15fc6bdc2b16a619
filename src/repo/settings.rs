//! Reads ips.toml.

use super::model::{
    AgreementSettings, Benchmarks, FidelitySettings, Jurisdiction, JurisdictionKind,
    ReportSettings, Settings,
};
use super::toml_fields::{self, Findings};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::scale;
use crate::source::SourceText;
use std::collections::HashSet;

pub const FORMAT: i64 = 1;

/// Reads the settings; where a value is wrong, its default stands in so that other files can
/// still be checked.
pub fn read(source: &SourceText) -> (Settings, Vec<Diagnostic>) {
    let document = match toml_fields::parse(source) {
        Ok(document) => document,
        Err(diagnostic) => return (Settings::default(), vec![diagnostic]),
    };
    let findings = Findings::new(source);
    findings.check_controls(&document);
    let root = findings.root(&document);
    root.only_keys(&[
        "format",
        "name",
        "jurisdictions",
        "fidelity",
        "benchmarks",
        "report",
        "agreement",
    ]);
    check_format(&root);
    let mut settings = Settings {
        name: root.text("name", true).unwrap_or_default(),
        ..Settings::default()
    };
    settings.jurisdictions = read_jurisdictions(&root);
    if let Some(fidelity) = root.table("fidelity", false) {
        settings.fidelity = read_fidelity(&fidelity);
    }
    if let Some(benchmarks) = root.table("benchmarks", false) {
        settings.benchmarks = read_benchmarks(&benchmarks);
    }
    if let Some(report) = root.table("report", false) {
        settings.report = read_report(&report);
    }
    if let Some(agreement) = root.table("agreement", false) {
        settings.agreement = read_agreement(&agreement);
    }
    (settings, findings.into_diagnostics())
}

/// `format` must be the one this ips reads.
fn check_format(root: &toml_fields::Fields<'_, '_, '_>) {
    if let Some(format) = root.whole_number(
        "format",
        true,
        (i64::MIN, i64::MAX),
        &rules::FORMAT_VERSION,
        FORMAT,
    ) && format != FORMAT
    {
        root.report_value(
            &rules::FORMAT_VERSION,
            "format",
            format!("this repository is in data format {format}; this ips reads format {FORMAT}"),
            "install the ips version that reads this format, or check the `format` value".into(),
        );
    }
}

/// The [[jurisdictions]], each id once.
fn read_jurisdictions(root: &toml_fields::Fields<'_, '_, '_>) -> Vec<Jurisdiction> {
    let mut jurisdictions = Vec::new();
    let mut seen = HashSet::new();
    for table in root.tables("jurisdictions", false) {
        table.only_keys(&["id", "name", "kind"]);
        let id = table.identifier("id", true);
        let name = table.text("name", true);
        let kind = table.choice("kind", true, JurisdictionKind::NAMES);
        let Some(id) = id else { continue };
        if !seen.insert(id.clone()) {
            table.report_value(
                &rules::DUPLICATE_ID,
                "id",
                format!("jurisdiction `{id}` is declared twice"),
                "give each [[jurisdictions]] entry its own id, or remove the repeat".into(),
            );
            continue;
        }
        jurisdictions.push(Jurisdiction {
            id,
            name: name.unwrap_or_default(),
            kind: kind
                .and_then(JurisdictionKind::parse)
                .unwrap_or(JurisdictionKind::State),
        });
    }
    jurisdictions
}

/// [report]: the small-number rule of public outputs, and the report's title, introduction and
/// contact (an addition to format 1); a text left blank is as good as not set.
fn read_report(report: &toml_fields::Fields<'_, '_, '_>) -> ReportSettings {
    let mut report_settings = ReportSettings::default();
    report.only_keys(&[
        "suppress_below",
        "suppress_zero",
        "title",
        "introduction",
        "contact",
    ]);
    let text = |key: &str| {
        report
            .text(key, false)
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    };
    report_settings.title = text("title");
    report_settings.introduction = text("introduction");
    report_settings.contact = text("contact");
    let default = i64::from(ReportSettings::default().suppress_below);
    if let Some(value) =
        report.whole_number("suppress_below", false, (0, 1000), &rules::NUMBER, default)
    {
        report_settings.suppress_below = value as u32;
    }
    if let Some(zero) = report.boolean("suppress_zero", false) {
        report_settings.suppress_zero = zero;
    }
    report_settings
}

/// [agreement] (an addition to format 1): how far back the status about now looks.
fn read_agreement(table: &toml_fields::Fields<'_, '_, '_>) -> AgreementSettings {
    table.only_keys(&["status_months"]);
    let default = AgreementSettings::default().status_months;
    let months = table.whole_number(
        "status_months",
        false,
        (1, 600),
        &rules::NUMBER,
        i64::from(default),
    );
    AgreementSettings {
        status_months: months.map_or(default, |m| m as u32),
    }
}

fn read_fidelity(table: &toml_fields::Fields<'_, '_, '_>) -> FidelitySettings {
    table.only_keys(&[
        "scale",
        "good",
        "months_until_good",
        "months_after_good",
        "baseline_within_months",
        "plan_within_weeks",
        "report_within_weeks",
    ]);
    table.choice("scale", false, &[scale::SCALE_ID]);
    let defaults = FidelitySettings::default();
    let number = |key: &str, min: i64, max: i64, default: u32| {
        table
            .whole_number(key, false, (min, max), &rules::NUMBER, i64::from(default))
            .map_or(default, |v| v as u32)
    };
    FidelitySettings {
        good: number("good", 25, 125, defaults.good),
        months_until_good: number("months_until_good", 1, 60, defaults.months_until_good),
        months_after_good: number("months_after_good", 1, 60, defaults.months_after_good),
        baseline_within_months: number(
            "baseline_within_months",
            0,
            60,
            defaults.baseline_within_months,
        ),
        plan_within_weeks: number("plan_within_weeks", 0, 104, defaults.plan_within_weeks),
        report_within_weeks: table
            .whole_number("report_within_weeks", false, (0, 104), &rules::NUMBER, 4)
            .map(|v| v as u32),
    }
}

fn read_benchmarks(table: &toml_fields::Fields<'_, '_, '_>) -> Benchmarks {
    table.only_keys(&["minimal", "average", "excellent"]);
    let defaults = Benchmarks::default();
    let benchmarks = Benchmarks {
        minimal: table
            .number("minimal", false, 0.0, 1.0)
            .unwrap_or(defaults.minimal),
        average: table
            .number("average", false, 0.0, 1.0)
            .unwrap_or(defaults.average),
        excellent: table
            .number("excellent", false, 0.0, 1.0)
            .unwrap_or(defaults.excellent),
    };
    if !(benchmarks.minimal <= benchmarks.average && benchmarks.average <= benchmarks.excellent) {
        table.report_value(
            &rules::NUMBER,
            "average",
            format!(
                "benchmarks must rise from minimal to average to excellent, but they are {}, {} and {}",
                benchmarks.minimal, benchmarks.average, benchmarks.excellent
            ),
            "benchmarks are fractions of people served, e.g. minimal = 0.31, average = 0.41, excellent = 0.50".into(),
        );
        return defaults;
    }
    benchmarks
}
