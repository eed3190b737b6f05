//! `irready check`: evaluate a plan repository and report its findings.

use super::{Error, Outcome, emit};
use crate::cli::CheckArgs;
use crate::finding::Summary;
use crate::pipeline::{self, Options};
use crate::report;

pub fn run(args: &CheckArgs) -> Result<Outcome, Error> {
    let options = Options {
        now: args.now.clone(),
        config: args.config.clone(),
        rev: args.rev.clone(),
        at: args.at.clone(),
        base: args.base.clone(),
    };
    let evaluation = pipeline::evaluate(&args.path, &options)?;
    let fail_on = args.fail_on.severity();
    emit(args.output.as_deref(), |out, style| {
        report::write(&evaluation, args.format, style, fail_on, out)
    })?;
    let failed = fail_on.is_some_and(|level| Summary::of(&evaluation.findings).reaches(level));
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Passed
    })
}
