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
            message: message.into(),
            hint: None,
            elided: 0,
        }
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
pub const SHOWN_PER_FILE_AND_RULE: usize = crate::fidelity::scale::ITEM_COUNT;

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
    for (diagnostic, _) in diagnostics.iter().zip(&keep).filter(|(_, keep)| !**keep) {
        let total = seen[&(diagnostic.path.as_str(), diagnostic.rule.id)];
        if more
            .iter()
            .any(|m| m.path == diagnostic.path && m.rule == diagnostic.rule)
        {
            continue;
        }
        let hidden = total - SHOWN_PER_FILE_AND_RULE.min(total);
        more.push(Diagnostic {
            line: None,
            column: None,
            message: format!(
                "{hidden} more `{}` findings in this file are not shown",
                diagnostic.rule.id
            ),
            hint: Some(format!(
                "fix the first {SHOWN_PER_FILE_AND_RULE} above and run it again; the rest are likely the same mistake"
            )),
            elided: hidden - 1,
            ..diagnostic.clone()
        });
    }
    let mut index = 0;
    diagnostics.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    diagnostics.extend(more);
}
