//! Reports: the findings of an evaluation, written for a person, a program or GitHub. One
//! module per format; `location` is where the GitHub formats point, `check_run` publishes
//! the findings through the GitHub API, and `audit` is the auditor's clause-by-clause report.

pub mod audit;
pub mod check_run;
pub mod github;
pub mod human;
pub mod json;
pub mod location;
pub mod markdown;
pub mod sarif;

use std::io::{self, Write};

use crate::finding::Severity;
use crate::pipeline::Evaluation;

/// The formats `irready check` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with the lines to fix, for a person at a terminal.
    Human,
    /// One JSON object, for programs.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: an annotation per finding, errors first.
    Github,
    /// A Markdown summary, for `$GITHUB_STEP_SUMMARY`: counts, a table per clause, every
    /// finding.
    Markdown,
}

/// How a person's terminal should be written to.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub colour: bool,
    pub width: usize,
}

/// What a report needs besides the evaluation.
#[derive(Clone, Debug)]
pub struct Context {
    pub style: Style,
    /// The severity that fails the run, if any does.
    pub fail_on: Option<Severity>,
    /// The plan repository's path inside its git repository (`""` or `plans/`), which the
    /// GitHub formats put before every path.
    pub prefix: String,
}

pub fn write(
    evaluation: &Evaluation,
    format: Format,
    context: &Context,
    out: &mut dyn Write,
) -> io::Result<()> {
    let locator = || location::Locator::new(evaluation, &context.prefix);
    match format {
        Format::Human => human::write(evaluation, context.style, context.fail_on, out),
        Format::Json => json::write(evaluation, out),
        Format::Sarif => sarif::write(evaluation, &locator(), out),
        Format::Github => github::write(evaluation, &locator(), context.fail_on, out),
        Format::Markdown => markdown::write(evaluation, context.fail_on, out),
    }
}
