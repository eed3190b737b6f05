//! Findings: what the policies report, located in a file and ready for triage and reports.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::text::Position;

/// How much a finding matters; ordered from least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Self::Info),
            "warning" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            other => Err(format!(
                "`{other}` is not a severity: use error, warning or info"
            )),
        }
    }
}

/// A finding as a policy yields it, before it is located and triaged.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub struct Raw {
    pub rule: String,
    pub message: String,
    /// The file the finding is about; absent for the repository as a whole.
    #[serde(default)]
    pub path: Option<String>,
    /// Where in the artefact: a JSON pointer such as `/data/imt/roles/0/deputy`.
    #[serde(default)]
    pub pointer: Option<String>,
    /// A byte span, for findings about text that is not a value (a file that does not parse).
    #[serde(default)]
    pub span: Option<(usize, usize)>,
    /// A line (1-based), for findings about a line of text (the first line changed).
    #[serde(default)]
    pub line: Option<usize>,
    /// A severity that overrides the rule's default for this finding (a near deadline).
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// A located, triaged finding: what every report prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub clause: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub path: Option<String>,
    pub pointer: Option<String>,
    pub span: Option<Range<usize>>,
    pub start: Option<Position>,
    pub end: Option<Position>,
    /// The waiver that covers the finding, if one does.
    pub waiver: Option<crate::config::Waiver>,
}

impl Finding {
    pub fn waived(&self) -> bool {
        self.waiver.is_some()
    }

    /// The order of every report: by path, line, column, rule, then message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.path.as_deref().unwrap_or_default(),
            self.start.map(|p| (p.line, p.column)),
            self.rule.as_str(),
            self.message.as_str(),
        )
    }
}

/// Counts of findings by severity; waived findings count only as waived.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub waived: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Self {
        let mut summary = Self::default();
        for finding in findings {
            match (finding.waived(), finding.severity) {
                (true, _) => summary.waived += 1,
                (false, Severity::Error) => summary.error += 1,
                (false, Severity::Warning) => summary.warning += 1,
                (false, Severity::Info) => summary.info += 1,
            }
        }
        summary
    }

    /// Whether any unwaived finding is at or above `level`.
    pub fn reaches(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.error > 0,
            Severity::Warning => self.error + self.warning > 0,
            Severity::Info => self.error + self.warning + self.info > 0,
        }
    }
}
