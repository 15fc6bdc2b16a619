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

    /// Order of a report: by file, then by place in the file, then by rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &'static str) {
        (
            &self.path,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.rule.id,
        )
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

pub fn count(diagnostics: &[Diagnostic]) -> Counts {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    Counts {
        errors,
        warnings: diagnostics.len() - errors,
    }
}
