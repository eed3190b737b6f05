//! `irready test`: run the Rego tests of a repository's custom policies, beside the built-in
//! policies they may import, and report their coverage.

use super::{Error, Outcome, emit};
use crate::cli::TestArgs;
use crate::engine::{self, EngineError};
use crate::pipeline;

pub fn run(args: &TestArgs) -> Result<Outcome, Error> {
    let custom = pipeline::repository_policies(&args.path, args.config.as_deref())?;
    let policies: Vec<_> = engine::builtin_policies()
        .into_iter()
        .filter(|p| !p.is_test())
        .chain(custom)
        .collect();
    let (outcomes, coverage) = engine::run_tests(&policies).map_err(pipeline::Error::from)?;

    let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
    emit(None, |out, _| {
        for outcome in &outcomes {
            match &outcome.failure {
                None => writeln!(out, "ok    {} {}", outcome.file, outcome.name)?,
                Some(why) => writeln!(out, "FAIL  {} {}: {why}", outcome.file, outcome.name)?,
            }
        }
        writeln!(
            out,
            "{} passed, {failed} failed; line coverage of the custom policies {:.1}%",
            outcomes.len() - failed,
            coverage.percent()
        )
    })?;
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Passed
    })
}

impl From<EngineError> for Error {
    fn from(error: EngineError) -> Self {
        Self::Pipeline(error.into())
    }
}
