//! The `irready` binary: parses the command line, runs the command, and turns its outcome
//! into an exit code: 0 passed, 1 findings at or above `--fail-on`, 2 could not run.

use std::process::ExitCode;

use clap::Parser;
use irready::cli::Cli;
use irready::commands::{self, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match commands::run(&cli.command) {
        Ok(Outcome::Passed) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(error) => {
            let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stderr());
            let theme = if colour {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let handler = miette::GraphicalReportHandler::new_themed(theme).with_links(false);
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &error).is_err() {
                rendered = error.to_string();
            }
            #[allow(
                clippy::print_stderr,
                reason = "main reports the error that ends the run"
            )]
            {
                eprint!("{rendered}");
            }
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => tracing::Level::WARN,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
}
