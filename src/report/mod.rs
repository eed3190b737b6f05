//! Reports: the findings of an evaluation, written for a person or a program.

pub mod human;
pub mod json;

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
}

/// How a person's terminal should be written to.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub colour: bool,
    pub width: usize,
}

pub fn write(
    evaluation: &Evaluation,
    format: Format,
    style: Style,
    fail_on: Option<Severity>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(evaluation, style, fail_on, out),
        Format::Json => json::write(evaluation, out),
    }
}
