//! Findings about the data, kept as plain values so that every output format renders the same facts.

use crate::calendar::Quarter;
use crate::rules::Rule;
use serde::Serialize;
use std::sync::Arc;

/// What a file of the repository is, as a typed value: commands judge findings by it (which
/// agency they concern, whether they stop everything) without parsing paths back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// ips.toml.
    Settings,
    /// The folder structure: an entry of agencies/ or outcomes/ that is not a file of the format
    /// (a misnamed folder, a stray file).
    Layout(Area),
    /// A file or folder in agencies/<agency>/.
    Agency(Arc<str>, AgencyFile),
    /// outcomes/<quarter>/<agency>.csv.
    Outcomes(Quarter, Arc<str>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    Agencies,
    Outcomes,
}

/// Which file of an agency's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgencyFile {
    /// agency.toml (also when the folder lacks it).
    Toml,
    Activities,
    /// A fidelity review, fidelity/<date>.toml.
    Review,
    /// An improvement plan, plans/<review-date>.toml.
    Plan,
    /// Anything else in the folder: ips ignores it.
    Stray,
}

/// The kinds of subject, for rules to say which files they report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Settings,
    Layout,
    Agency(AgencyFile),
    Outcomes,
}

impl Subject {
    pub fn kind(&self) -> Kind {
        match self {
            Subject::Settings => Kind::Settings,
            Subject::Layout(_) => Kind::Layout,
            Subject::Agency(_, file) => Kind::Agency(*file),
            Subject::Outcomes(..) => Kind::Outcomes,
        }
    }

    /// The agency a finding concerns; None for ips.toml and the layout, which concern everyone.
    pub fn agency(&self) -> Option<&str> {
        match self {
            Subject::Agency(agency, _) | Subject::Outcomes(_, agency) => Some(agency),
            Subject::Settings | Subject::Layout(_) => None,
        }
    }
}

/// A file or folder as findings name it: its path from the root and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Relative to the repository root, with `/` separators on every platform.
    pub path: String,
    pub subject: Subject,
}

impl Origin {
    pub fn new(path: impl Into<String>, subject: Subject) -> Origin {
        Origin {
            path: path.into(),
            subject,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The rule broken; output formats name it by its id.
    #[serde(serialize_with = "rule_id")]
    pub rule: &'static Rule,
    /// Relative to the repository root, with `/` separators on every platform.
    pub path: String,
    /// What the file is about; not part of the output formats, which name the path.
    #[serde(skip)]
    pub subject: Subject,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The place in a workbook (`sheet "Q3 2026" C5`) of a finding about a spreadsheet that
    /// `ips outcomes import` reads, which has cells rather than lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// How many more findings of the same rule in the same file this one stands for: past
    /// `SHOWN_PER_FILE_AND_RULE`, the rest are one line (a pasted export of 200,000 rows must
    /// not print 200,000 findings). Counted in the closing totals.
    #[serde(skip)]
    pub elided: usize,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, origin: &Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: rule.severity,
            rule,
            path: origin.path.clone(),
            subject: origin.subject.clone(),
            line: None,
            column: None,
            cell: None,
            message: message.into(),
            hint: None,
            elided: 0,
        }
    }

    /// The finding is at a workbook's cell, `sheet "Q3 2026" C5`, rather than at a line
    /// (`line` and `column` then only order the findings).
    pub fn in_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_position(self, position: Position) -> Self {
        self.at(position.line, position.column)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Order of a report: by file, then by place in the file, then by rule; a line that
    /// stands for elided findings comes last in its file.
    pub fn sort_key(&self) -> (&str, usize, usize, &'static str) {
        let line = if self.elided > 0 {
            usize::MAX
        } else {
            self.line.unwrap_or(0)
        };
        (&self.path, line, self.column.unwrap_or(0), self.rule.id)
    }
}

fn rule_id<S: serde::Serializer>(rule: &&'static Rule, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.id)
}

/// A place in a text file as an editor shows it: 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

/// How many findings there are, those elided into a line included.
pub fn count(diagnostics: &[Diagnostic]) -> Counts {
    let mut counts = Counts::default();
    for diagnostic in diagnostics {
        let n = 1 + diagnostic.elided;
        match diagnostic.severity {
            Severity::Error => counts.errors += n,
            Severity::Warning => counts.warnings += n,
        }
    }
    counts
}

/// Findings of one rule shown in full per file; the rest are counted in one line. As many as
/// the fidelity scale has items, so that a review not yet scored names every item.
pub const SHOWN_PER_FILE_AND_RULE: usize = crate::scale::ITEM_COUNT;

/// Keeps the first `SHOWN_PER_FILE_AND_RULE` findings of each rule in each file (by place),
/// and replaces the rest with one finding that says how many more there are.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    use std::collections::HashMap;
    if diagnostics.len() <= SHOWN_PER_FILE_AND_RULE {
        return;
    }
    sort(diagnostics);
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let mut keep = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics.iter() {
        let count = seen
            .entry((diagnostic.path.as_str(), diagnostic.rule.id))
            .or_default();
        *count += 1 + diagnostic.elided;
        keep.push(*count <= SHOWN_PER_FILE_AND_RULE && diagnostic.elided == 0);
    }
    let mut more: Vec<Diagnostic> = Vec::new();
    let mut said: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    for (diagnostic, _) in diagnostics.iter().zip(&keep).filter(|(_, keep)| !**keep) {
        let key = (diagnostic.path.as_str(), diagnostic.rule.id);
        if !said.insert(key) {
            continue;
        }
        let total = seen[&key];
        more.push(more_line(
            diagnostic,
            total - SHOWN_PER_FILE_AND_RULE.min(total),
        ));
    }
    let mut index = 0;
    diagnostics.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    diagnostics.extend(more);
}

/// The one finding that stands for `hidden` findings like `like`.
fn more_line(like: &Diagnostic, hidden: usize) -> Diagnostic {
    Diagnostic {
        line: None,
        column: None,
        message: format!(
            "{hidden} more `{}` findings in this file are not shown",
            like.rule.id
        ),
        hint: Some(format!(
            "fix the first {SHOWN_PER_FILE_AND_RULE} above and run it again; the rest are likely the same mistake"
        )),
        elided: hidden - 1,
        ..like.clone()
    }
}

/// One file's findings as they are made, capped as `cap` caps them: past the first
/// `SHOWN_PER_FILE_AND_RULE` of a rule, a finding is only counted, so that a pasted export of
/// 200,000 bad rows costs a counter, not 200,000 messages. The checks of a file make their
/// findings in file order, so the first found are the first in place.
#[derive(Debug, Default)]
pub struct Found {
    shown: Vec<Diagnostic>,
    /// How many findings of each rule were made, shown or not (a file breaks few rules).
    made: Vec<(&'static Rule, usize)>,
}

impl Found {
    pub fn new() -> Found {
        Found::default()
    }

    /// Adds a finding (kept if its rule has not reached the cap).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.count(diagnostic.rule) {
            self.shown.push(diagnostic);
        }
    }

    /// Adds a finding of `rule`, made by `make` only if it will be shown.
    pub fn push_with(&mut self, rule: &'static Rule, make: impl FnOnce() -> Diagnostic) {
        if self.count(rule) {
            let diagnostic = make();
            debug_assert!(std::ptr::eq(diagnostic.rule, rule));
            self.shown.push(diagnostic);
        }
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for diagnostic in diagnostics {
            self.push(diagnostic);
        }
    }

    /// Counts one finding of `rule`; whether it is among those shown.
    fn count(&mut self, rule: &'static Rule) -> bool {
        let made = match self.made.iter_mut().find(|(r, _)| std::ptr::eq(*r, rule)) {
            Some((_, made)) => made,
            None => {
                self.made.push((rule, 0));
                &mut self.made.last_mut().expect("just pushed").1
            }
        };
        *made += 1;
        *made <= SHOWN_PER_FILE_AND_RULE
    }

    /// How many findings were made, shown or not.
    pub fn total(&self) -> usize {
        self.made.iter().map(|(_, made)| made).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.made.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.made
            .iter()
            .any(|(rule, _)| rule.severity == Severity::Error)
    }

    /// Those shown, then one line for each rule that had more.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut diagnostics = self.shown;
        for (rule, made) in self.made {
            if made <= SHOWN_PER_FILE_AND_RULE {
                continue;
            }
            let like = diagnostics
                .iter()
                .find(|d| std::ptr::eq(d.rule, rule))
                .expect("the first findings of a rule are shown");
            let more = more_line(like, made - SHOWN_PER_FILE_AND_RULE);
            diagnostics.push(more);
        }
        diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn finding(rule: &'static Rule, line: usize) -> Diagnostic {
        let origin = Origin::new("outcomes/2024-Q1/a.csv", Subject::Layout(Area::Outcomes));
        Diagnostic::new(rule, &origin, format!("line {line}")).at(line, 1)
    }

    /// Capping while reading gives what capping afterwards gives, without making the rest.
    #[test]
    fn found_caps_as_cap_does() {
        let mut all = Vec::new();
        let mut found = Found::new();
        let mut made = 0;
        for line in 1..=1000 {
            let rule = if line % 3 == 0 {
                &rules::COUNT
            } else {
                &rules::UNKNOWN_TEAM
            };
            all.push(finding(rule, line));
            found.push_with(rule, || {
                made += 1;
                finding(rule, line)
            });
        }
        found.push(finding(&rules::UTF8, 1));
        all.push(finding(&rules::UTF8, 1));
        assert_eq!(made, 2 * SHOWN_PER_FILE_AND_RULE);
        assert_eq!(found.total(), 1001);
        cap(&mut all);
        sort(&mut all);
        let mut capped = found.into_vec();
        sort(&mut capped);
        assert_eq!(capped, all);
        assert_eq!(count(&capped).errors, 1001);
        // Capped again, as validate caps everything it gathered, nothing changes.
        let mut again = capped.clone();
        cap(&mut again);
        sort(&mut again);
        assert_eq!(again, capped);
    }
}
