//! The JSON report: one object, findings sorted by path, line, column and rule.

use std::io::{self, Write};

use serde::Serialize;

use crate::finding::{Finding, Summary};
use crate::pipeline::Evaluation;

/// The version of the JSON report's shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    now: &'a str,
    revision: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<JsonBase<'a>>,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

/// With `--base`: what the findings were compared against, and how many the change fixed.
#[derive(Serialize)]
struct JsonBase<'a> {
    revision: &'a str,
    fixed: usize,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    rule: &'a str,
    clause: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    path: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    waived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<&'a crate::config::Waiver>,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            rule: &f.rule,
            clause: &f.clause,
            severity: f.severity.as_str(),
            message: &f.message,
            help: &f.help,
            path: f.path.as_deref(),
            line: f.start.map(|p| p.line),
            column: f.start.map(|p| p.column),
            end_line: f.end.map(|p| p.line),
            end_column: f.end.map(|p| p.column),
            waived: f.waived(),
            waiver: f.waiver.as_ref(),
        }
    }
}

pub fn write(evaluation: &Evaluation, out: &mut dyn Write) -> io::Result<()> {
    let report = Report {
        version: VERSION,
        now: &evaluation.now,
        revision: evaluation.revision.as_deref(),
        base: evaluation.base.as_ref().map(|b| JsonBase {
            revision: &b.revision,
            fixed: b.fixed,
        }),
        findings: evaluation.findings.iter().map(JsonFinding::from).collect(),
        summary: Summary::of(&evaluation.findings),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
