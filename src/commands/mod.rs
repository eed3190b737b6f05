//! The commands, one module each; `run` dispatches the parsed command line.

pub mod check;
pub mod explain;
pub mod history;
pub mod init;
pub mod report;
pub mod rules;
pub mod test;

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::Command;
use crate::pipeline;
use crate::report::Style;

/// Why a command could not run: exit code 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pipeline(#[from] pipeline::Error),
    #[error(transparent)]
    #[diagnostic(transparent)]
    CheckRun(#[from] crate::report::check_run::CheckRunError),
    #[error("cannot write {}: {source}", path.display())]
    #[diagnostic(code(irready::io))]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("`{id}` is not a rule")]
    #[diagnostic(code(irready::explain), help("{help}"))]
    UnknownRule { id: String, help: String },
    #[error("cannot record the history of {}: {message}", path.display())]
    #[diagnostic(code(irready::init))]
    Git { path: PathBuf, message: String },
    #[error("{} is not empty", path.display())]
    #[diagnostic(
        code(irready::init),
        help("give a new folder, or an empty one: init never overwrites files")
    )]
    NotEmpty { path: PathBuf },
}

/// What a command concluded: exit code 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
}

pub fn run(command: &Command) -> Result<Outcome, Error> {
    match command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Init(args) => init::run(args),
        Command::Test(args) => test::run(args),
        Command::History(args) => history::run(args),
        Command::Report(args) => report::run(args),
    }
}

/// Standard output, or a file.
fn output(path: Option<&Path>) -> Result<(Box<dyn Write>, bool), Error> {
    match path {
        None => {
            let terminal = io::stdout().is_terminal();
            Ok((Box::new(io::BufWriter::new(io::stdout().lock())), terminal))
        }
        Some(path) => {
            let file = File::create(path).map_err(|source| Error::Write {
                path: path.to_owned(),
                source,
            })?;
            Ok((Box::new(io::BufWriter::new(file)), false))
        }
    }
}

/// Colour only on a terminal and when `NO_COLOR` is not set; the width of the terminal.
fn style(terminal: bool) -> Style {
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100);
    Style {
        colour: terminal && !no_colour,
        width,
    }
}

/// Writes with `write`, then flushes, naming the destination in an error.
fn emit(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write, Style) -> io::Result<()>,
) -> Result<(), Error> {
    let (mut out, terminal) = output(path)?;
    let destination = || path.map_or_else(|| PathBuf::from("standard output"), Path::to_owned);
    let result = write(&mut out, style(terminal)).and_then(|()| out.flush());
    match result {
        // A closed pipe (`irready check | head`) is not an error of irready's.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Write {
            path: destination(),
            source,
        }),
        Ok(()) => Ok(()),
    }
}
