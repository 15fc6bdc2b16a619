//! Renders validation findings: for people, for scripts, and for GitHub's pull-request annotations.

use super::terminal::paint;
use crate::diagnostic::{Counts, Diagnostic};
use crate::text::{escape_controls, plural};
use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// `path:line:col: error[rule]: message`, an indented hint, and a closing count.
    Human,
    /// One JSON document: {"diagnostics": [...], "counts": {...}, "meta": {...}}.
    Json,
    /// GitHub Actions workflow commands (`::error file=...,line=...::`), to annotate a pull request.
    Github,
    /// GitLab's Code Quality report (a JSON list), for a merge request's widget.
    Gitlab,
}

/// Renders the findings; `meta`, when given, closes the JSON document.
pub fn render(
    diagnostics: &[Diagnostic],
    counts: Counts,
    files: usize,
    format: DiagnosticFormat,
    color: bool,
    meta: Option<&super::Meta>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        DiagnosticFormat::Human => human(diagnostics, counts, files, color, out),
        DiagnosticFormat::Json => json(diagnostics, counts, files, meta, out),
        DiagnosticFormat::Github => github(diagnostics, counts, files, out),
        DiagnosticFormat::Gitlab => gitlab(diagnostics, out),
    }
}

/// Whether the format names files from the top of the git repository (where CI reads them),
/// rather than from the data repository's root.
pub fn names_files_from_the_top(format: DiagnosticFormat) -> bool {
    matches!(format, DiagnosticFormat::Github | DiagnosticFormat::Gitlab)
}

fn location(diagnostic: &Diagnostic) -> String {
    if let Some(cell) = &diagnostic.cell {
        return format!("{}: {cell}", diagnostic.path);
    }
    match (diagnostic.line, diagnostic.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", diagnostic.path),
        (Some(line), None) => format!("{}:{line}", diagnostic.path),
        _ => diagnostic.path.clone(),
    }
}

pub fn summary(counts: Counts, files: usize) -> String {
    let files = plural(files, "file");
    match (counts.errors, counts.warnings) {
        (0, 0) => format!("ok: {files} checked, no problems found"),
        (errors, warnings) => format!(
            "{}, {} in {files}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

/// Styles for a terminal: bold places, bold red errors, bold yellow warnings, cyan hints.
const PLACE: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();

/// Findings that do not stop a command (warnings), on stderr as validate lists them, without
/// the closing count.
pub fn print_findings(diagnostics: &[Diagnostic]) -> io::Result<()> {
    let color = super::terminal::get().stderr_color;
    let mut err = io::stderr().lock();
    each(diagnostics, color, &mut err)?;
    err.flush()
}

fn human(
    diagnostics: &[Diagnostic],
    counts: Counts,
    files: usize,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    each(diagnostics, color, out)?;
    writeln!(out, "{}", summary(counts, files))
}

fn each(diagnostics: &[Diagnostic], color: bool, out: &mut dyn Write) -> io::Result<()> {
    for diagnostic in diagnostics {
        let style = if diagnostic.is_error() {
            ERROR
        } else {
            WARNING
        };
        // Paths and messages quote the data: its control characters are escaped, so that no
        // escape sequence from a file reaches the terminal.
        writeln!(
            out,
            "{}: {}: {}",
            paint(&escape_controls(&location(diagnostic)), PLACE, color),
            paint(
                &format!("{}[{}]", diagnostic.severity.as_str(), diagnostic.rule.id),
                style,
                color
            ),
            escape_controls(&diagnostic.message)
        )?;
        if let Some(hint) = &diagnostic.hint {
            let hint = escape_controls(hint);
            writeln!(out, "  {} {hint}", paint("hint:", HINT, color))?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: &'a [Diagnostic],
    counts: JsonCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct JsonCounts {
    errors: usize,
    warnings: usize,
    files: usize,
}

fn json(
    diagnostics: &[Diagnostic],
    counts: Counts,
    files: usize,
    meta: Option<&super::Meta>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let report = JsonReport {
        diagnostics,
        counts: JsonCounts {
            errors: counts.errors,
            warnings: counts.warnings,
            files,
        },
        meta: meta.map(super::Meta::to_json),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Escapes data the way GitHub's workflow commands require.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github(
    diagnostics: &[Diagnostic],
    counts: Counts,
    files: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    for diagnostic in diagnostics {
        let path = escape_controls(&diagnostic.path);
        let mut properties = vec![format!("file={}", escape_property(&path))];
        if let Some(line) = diagnostic.line {
            properties.push(format!("line={line}"));
        }
        if let Some(column) = diagnostic.column {
            properties.push(format!("col={column}"));
        }
        properties.push(format!("title={}", escape_property(diagnostic.rule.id)));
        let mut message = escape_controls(&diagnostic.message).into_owned();
        if let Some(hint) = &diagnostic.hint {
            message.push_str("\nhint: ");
            message.push_str(&escape_controls(hint));
        }
        writeln!(
            out,
            "::{} {}::{}",
            diagnostic.severity.as_str(),
            properties.join(","),
            escape_data(&message)
        )?;
    }
    writeln!(out, "{}", summary(counts, files))
}

/// One finding of GitLab's Code Quality report.
#[derive(Serialize)]
struct CodeQualityIssue<'a> {
    description: String,
    check_name: &'a str,
    /// Tells findings apart between runs, so that GitLab shows which are new.
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

#[derive(Serialize)]
struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: usize,
}

fn gitlab(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<CodeQualityIssue> = diagnostics
        .iter()
        .map(|diagnostic| {
            let mut description = diagnostic.message.clone();
            if let Some(hint) = &diagnostic.hint {
                description.push_str(" (hint: ");
                description.push_str(hint);
                description.push(')');
            }
            let identity = format!(
                "{}\0{}\0{:?}\0{:?}\0{}",
                diagnostic.path,
                diagnostic.rule.id,
                diagnostic.line,
                diagnostic.column,
                diagnostic.message
            );
            CodeQualityIssue {
                description,
                check_name: diagnostic.rule.id,
                fingerprint: format!("{:016x}", fnv1a(identity.as_bytes())),
                severity: if diagnostic.is_error() {
                    "major"
                } else {
                    "minor"
                },
                location: CodeQualityLocation {
                    path: &diagnostic.path,
                    lines: CodeQualityLines {
                        begin: diagnostic.line.unwrap_or(1),
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// The 64-bit FNV-1a hash: small, stable across runs and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn human_output_is_coloured_only_when_asked() {
        let diagnostic =
            Diagnostic::new(&rules::COUNT, &crate::source::test_origin("a.csv"), "bad")
                .at(2, 3)
                .hint("fix");
        let counts = Counts {
            errors: 1,
            warnings: 0,
        };
        let mut plain = Vec::new();
        human(
            std::slice::from_ref(&diagnostic),
            counts,
            1,
            false,
            &mut plain,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            "a.csv:2:3: error[count]: bad\n  hint: fix\n1 error, 0 warnings in 1 file\n"
        );
        let mut coloured = Vec::new();
        human(&[diagnostic], counts, 1, true, &mut coloured).unwrap();
        assert_eq!(
            String::from_utf8(coloured).unwrap(),
            "\x1b[1ma.csv:2:3\x1b[0m: \x1b[1m\x1b[31merror[count]\x1b[0m: bad\n  \x1b[36mhint:\x1b[0m fix\n1 error, 0 warnings in 1 file\n"
        );
    }

    /// Text from the data reaches no terminal or log raw: an ESC in a file name or a message is
    /// written as an escape in every format for people.
    #[test]
    fn control_characters_from_the_data_are_escaped() {
        let diagnostic = Diagnostic::new(
            &rules::UNKNOWN_KEY,
            &crate::source::test_origin("agencies/x\u{1b}[2J/agency.toml"),
            "unknown key `\u{1b}]0;title\u{7}`",
        )
        .hint("remove \u{9b}31m it");
        let counts = Counts {
            errors: 1,
            warnings: 0,
        };
        let mut plain = Vec::new();
        human(
            std::slice::from_ref(&diagnostic),
            counts,
            1,
            false,
            &mut plain,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            "agencies/x\\u{1b}[2J/agency.toml: error[unknown-key]: unknown key `\\u{1b}]0;title\\u{7}`\n  hint: remove \\u{9b}31m it\n1 error, 0 warnings in 1 file\n"
        );
        let mut annotations = Vec::new();
        github(&[diagnostic], counts, 1, &mut annotations).unwrap();
        let annotations = String::from_utf8(annotations).unwrap();
        assert!(
            !annotations.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{annotations}"
        );
    }

    #[test]
    fn gitlab_writes_a_code_quality_report() {
        let diagnostic = Diagnostic::new(
            &rules::COUNT,
            &crate::source::test_origin("outcomes/2024-Q1/a.csv"),
            "bad",
        )
        .at(3, 7)
        .hint("fix");
        let mut out = Vec::new();
        gitlab(&[diagnostic], &mut out).unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            report,
            serde_json::json!([{
                "description": "bad (hint: fix)",
                "check_name": "count",
                "fingerprint": report[0]["fingerprint"],
                "severity": "major",
                "location": {"path": "outcomes/2024-Q1/a.csv", "lines": {"begin": 3}},
            }])
        );
        assert_eq!(report[0]["fingerprint"].as_str().unwrap().len(), 16);
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn github_escapes_messages_and_properties() {
        let diagnostic = Diagnostic::new(
            &rules::COUNT,
            &crate::source::test_origin("outcomes/2024-Q1/a,b.csv"),
            "50% off\nnext",
        )
        .at(3, 7)
        .hint("h");
        let mut out = Vec::new();
        github(
            &[diagnostic],
            Counts {
                errors: 1,
                warnings: 0,
            },
            1,
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            // A line break in a message can only come from the data: it is escaped as
            // every control character is; the hint's own line break is GitHub's %0A.
            "::error file=outcomes/2024-Q1/a%2Cb.csv,line=3,col=7,title=count::50%25 off\\nnext%0Ahint: h\n1 error, 0 warnings in 1 file\n"
        );
    }
}
