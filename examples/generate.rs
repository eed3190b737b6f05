//! Writes a large plan repository for measurements:
//! `cargo run --release --example generate -- DIR [ARTEFACTS]` (2,000 artefacts by default).

#[path = "../tests/support/generate.rs"]
mod generate;

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        #[allow(clippy::print_stderr, reason = "the usage of a command-line tool")]
        {
            eprintln!("usage: generate DIR [ARTEFACTS]");
        }
        return std::process::ExitCode::from(2);
    };
    let artefacts = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    match generate::plan_repository(std::path::Path::new(&dir), artefacts) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            #[allow(clippy::print_stderr, reason = "the error of a command-line tool")]
            {
                eprintln!("generate: {error}");
            }
            std::process::ExitCode::FAILURE
        }
    }
}
