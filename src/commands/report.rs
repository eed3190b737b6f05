//! `irready report`: the auditor's report of a repository, read as `check` reads it (the work
//! tree, any revision, bare repositories), with its evidence pinned to commits and, in HTML,
//! the chart of the last twelve months. A report is not a gate: it exits 0 once written.

use super::{Error, Outcome, emit};
use crate::cli::ReportArgs;
use crate::pipeline::{self, Evaluation};
use crate::report::audit::{self, Chart, Evidence, Format, evidence};
use crate::timeline;

pub fn run(args: &ReportArgs) -> Result<Outcome, Error> {
    let options = args.target.options(None);
    let evaluation = pipeline::evaluate(&args.target.path, &options)?;

    let work_tree = args.target.rev.is_none() && args.target.at.is_none();
    let evidence = evidence::gather(&args.target.path, &evaluation, work_tree)
        .map_err(pipeline::Error::from)?;
    let chart = match args.format {
        Format::Html => chart(args, &evaluation, &evidence),
        Format::Markdown | Format::Oscal => Chart::NotDrawn,
    };
    let report = audit::build(&evaluation, evidence, chart);

    emit(args.output.as_deref(), |out, _| {
        audit::write(&report, args.format, out)
    })?;
    Ok(Outcome::Passed)
}

/// The timeline of the twelve months up to the evaluation date, in the history of the
/// evaluated revision: the same evaluation as `irready history`.
fn chart(args: &ReportArgs, evaluation: &Evaluation, evidence: &Evidence) -> Chart {
    let Some(revision) = &evidence.revision else {
        return Chart::Unavailable(
            "the plan repository is not in git, so it has no history to chart".to_owned(),
        );
    };
    let until = evaluation.now.clone();
    let since = until
        .parse::<jiff::civil::Date>()
        .ok()
        .and_then(|date| timeline::add(date, "12 months", -1))
        .map_or_else(|| until.clone(), |date| date.to_string());
    let points = timeline::timeline_of(
        &args.target.path,
        args.target.config.as_deref(),
        Some(&revision.id),
        &since,
        &until,
        "1 months",
    );

    // The chart illustrates the report; an old revision that cannot be evaluated (a broken
    // configuration, say) is said in its place rather than keeping the report from being written.
    match points {
        Ok(points) => Chart::Points {
            since,
            until,
            points,
        },
        Err(error) => {
            tracing::warn!("the history could not be charted: {error}");
            Chart::Unavailable(format!(
                "the history since {since} could not be evaluated: {error}"
            ))
        }
    }
}
