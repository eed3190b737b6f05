//! `irready check`: evaluate a plan repository, report its findings, and with `--check-run`
//! publish them as a GitHub check run.

use super::{Error, Outcome, emit};
use crate::cli::CheckArgs;
use crate::finding::Summary;
use crate::pipeline::{self, Evaluation};
use crate::report::check_run::{self, Environment, Plan, Published};
use crate::report::location::Locator;
use crate::report::{self, Context, Format};

pub fn run(args: &CheckArgs) -> Result<Outcome, Error> {
    let options = args.target.options(args.base.clone());
    let evaluation = pipeline::evaluate(&args.target.path, &options)?;
    let fail_on = args.fail_on.severity();
    let prefix = evaluation.prefix.clone();
    emit(args.output.as_deref(), |out, style| {
        let context = Context {
            style,
            fail_on,
            prefix: prefix.clone(),
        };
        report::write(&evaluation, args.format, &context, out)
    })?;

    if args.check_run {
        publish(args, &evaluation, &prefix)?;
    }
    let failed = fail_on.is_some_and(|level| Summary::of(&evaluation.findings).reaches(level));
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Passed
    })
}

/// Publishes the check run; when the token may not write checks, says so and writes the
/// findings as workflow commands to standard output instead, unless they are already there.
fn publish(args: &CheckArgs, evaluation: &Evaluation, prefix: &str) -> Result<(), Error> {
    let environment = Environment::from_env()?;
    let fail_on = args.fail_on.severity();
    let locator = Locator::new(evaluation, prefix);
    let plan = Plan::new(evaluation, &locator, fail_on);
    match check_run::publish(plan, &environment)? {
        Published::Created {
            id,
            annotations,
            requests,
        } => {
            tracing::info!(
                "published check run {id} with {annotations} annotations in {requests} requests"
            );
            Ok(())
        }
        Published::Refused(status) => {
            tracing::warn!(
                "the token may not write check runs to {}/{} (HTTP {status}), as when a pull \
                 request comes from a fork: the findings are written as workflow commands instead",
                environment.owner,
                environment.repo
            );
            let already = args.format == Format::Github && args.output.is_none();
            if already {
                return Ok(());
            }
            emit(None, |out, _| {
                report::github::write(evaluation, &locator, fail_on, out)
            })
        }
    }
}
