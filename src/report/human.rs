//! The report for a person: one miette diagnostic per finding, with the rule, its clause,
//! the labelled span in the file and how to fix it, then a summary line.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::Style;
use crate::finding::{Finding, Severity, Summary};
use crate::pipeline::Evaluation;
use crate::text::printable;

pub fn write(
    evaluation: &Evaluation,
    style: Style,
    fail_on: Option<Severity>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if style.colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
        .with_context_lines(1);
    for finding in &evaluation.findings {
        let diagnosis = Diagnosis::new(finding, evaluation);
        let mut rendered = String::new();
        handler
            .render_report(&mut rendered, &diagnosis)
            .map_err(io::Error::other)?;
        writeln!(out, "{rendered}")?;
    }
    writeln!(out, "{}", summary_line(evaluation, fail_on))
}

/// The closing line: counts, artefacts read, and the evaluation date.
pub fn summary_line(evaluation: &Evaluation, fail_on: Option<Severity>) -> String {
    let summary = Summary::of(&evaluation.findings);
    let artefacts = evaluation.repository.artefacts.len();
    let counts = if evaluation.findings.is_empty() {
        "no findings".to_owned()
    } else {
        let mut parts = vec![
            plural(summary.error, "error"),
            plural(summary.warning, "warning"),
            format!("{} info", summary.info),
        ];
        if summary.waived > 0 {
            parts.push(format!("{} waived", summary.waived));
        }
        parts.join(", ")
    };
    let verdict = match fail_on {
        Some(level) if summary.reaches(level) => "; failed",
        _ => "",
    };
    let change = evaluation.base.as_ref().map_or_else(String::new, |base| {
        let short = base.revision.get(..7).unwrap_or(&base.revision);
        format!(" introduced since {short}, {} fixed", base.fixed)
    });
    format!(
        "irready: {counts}{change} in {} (evaluated on {}){verdict}",
        plural(artefacts, "artefact"),
        evaluation.now
    )
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A finding as miette sees it.
struct Diagnosis<'a> {
    finding: &'a Finding,
    code: String,
    message: String,
    label: String,
    help: String,
    source: Option<NamedSource<Arc<str>>>,
}

impl<'a> Diagnosis<'a> {
    fn new(finding: &'a Finding, evaluation: &Evaluation) -> Self {
        let source = finding.path.as_ref().and_then(|path| {
            let text = if *path == evaluation.config.path {
                Some(Arc::from(evaluation.config.text.as_str()))
            } else {
                evaluation
                    .repository
                    .texts
                    .get(path)
                    .map(|t| t.text.clone())
            };
            text.filter(|_| finding.span.is_some())
                .map(|text| NamedSource::new(path, text))
        });
        // Without a snippet to carry it, the path goes into the message. Messages may quote
        // the repository's text: nothing in them may reach the terminal as a control code.
        let message = printable(&match (&finding.path, &source) {
            (Some(path), None) => format!("{path}: {}", finding.message),
            _ => finding.message.clone(),
        });
        let label = evaluation
            .engine
            .rule(&finding.rule)
            .map(|rule| rule.title.clone())
            .unwrap_or_default();
        let help = printable(&match &finding.waiver {
            Some(waiver) => format!("waived: {waiver}"),
            None => finding.help.clone(),
        });
        let clause = if finding.clause == crate::engine::ANY_CLAUSE {
            "any clause".to_owned()
        } else {
            format!("clause {}", finding.clause)
        };
        let waived = if finding.waived() { ", waived" } else { "" };
        Self {
            finding,
            code: format!("{} ({clause}{waived})", finding.rule),
            message,
            label,
            help,
            source,
        }
    }
}

impl fmt::Debug for Diagnosis<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Diagnosis<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnosis<'_> {}

impl Diagnostic for Diagnosis<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match (self.finding.waived(), self.finding.severity) {
            (false, Severity::Error) => miette::Severity::Error,
            (false, Severity::Warning) => miette::Severity::Warning,
            (true, _) | (false, Severity::Info) => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let span = self.finding.span.clone()?;
        let label = LabeledSpan::new_with_span(Some(self.label.clone()), span);
        Some(Box::new(std::iter::once(label)))
    }
}
