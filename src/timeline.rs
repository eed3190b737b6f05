//! The timeline: the repository evaluated at regular dates, each as it stood at the end of
//! that day and as of that day, with its errors and warnings per clause.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::clauses;
use crate::finding::{Severity, Summary};
use crate::git::{Git, GitError};
use crate::pipeline::{self, Error, Options};

/// The groups of clauses the timeline counts, in the order of the standard: the clauses 4 to
/// 12, Annex A, and the rules that serve any clause.
pub const GROUPS: &[&str] = &[
    "4", "5", "6", "7", "8", "9", "10", "11", "12", "Annex A", "any",
];

/// Errors and warnings, waived findings aside.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
}

/// The evaluation at one date.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    pub date: String,
    /// The commit evaluated; `None` before the first commit.
    pub revision: Option<String>,
    pub clauses: BTreeMap<&'static str, Counts>,
    pub summary: Summary,
}

/// Evaluates the repository at `root` at `since`, every `every` after it, and at `until`.
pub fn timeline(
    root: &Path,
    config: Option<&Path>,
    since: &str,
    until: &str,
    every: &str,
) -> Result<Vec<Point>, Error> {
    timeline_of(root, config, None, since, until, every)
}

/// The same, in the history of `rev` instead of `HEAD`: what an evaluated revision's report
/// charts.
pub fn timeline_of(
    root: &Path,
    config: Option<&Path>,
    rev: Option<&str>,
    since: &str,
    until: &str,
    every: &str,
) -> Result<Vec<Point>, Error> {
    // One repository for every point: consecutive dates share most trees and objects.
    let git = Git::discover(root).ok();
    dates(since, until, every)
        .into_iter()
        .map(|date| point(root, git.as_ref(), config, rev, date))
        .collect()
}

fn point(
    root: &Path,
    git: Option<&Git>,
    config: Option<&Path>,
    rev: Option<&str>,
    date: String,
) -> Result<Point, Error> {
    let options = Options {
        at: Some(date.clone()),
        rev: rev.map(str::to_owned),
        config: config.map(Path::to_owned),
        ..Options::default()
    };
    let mut clauses: BTreeMap<&'static str, Counts> =
        GROUPS.iter().map(|g| (*g, Counts::default())).collect();
    let evaluation = match pipeline::evaluate_in(root, git, &options) {
        Ok(evaluation) => evaluation,
        Err(Error::Git(GitError::NothingBefore { .. })) => {
            return Ok(Point {
                date,
                revision: None,
                clauses,
                summary: Summary::default(),
            });
        }
        Err(error) => return Err(error),
    };
    for finding in evaluation.findings.iter().filter(|f| !f.waived()) {
        let group = group_of(&finding.clause);
        let counts = clauses.entry(group).or_default();
        match finding.severity {
            Severity::Error => counts.error += 1,
            Severity::Warning => counts.warning += 1,
            Severity::Info => {}
        }
    }
    Ok(Point {
        date,
        revision: evaluation.revision,
        clauses,
        summary: Summary::of(&evaluation.findings),
    })
}

/// The group a clause is counted in.
pub fn group_of(clause: &str) -> &'static str {
    let top = clauses::top_level(clause);
    GROUPS.iter().find(|g| **g == top).copied().unwrap_or("any")
}

/// `since`, then every `every` after it while before `until`, then `until`.
pub fn dates(since: &str, until: &str, every: &str) -> Vec<String> {
    let (Ok(since), Ok(until)) = (since.parse::<Date>(), until.parse::<Date>()) else {
        return Vec::new();
    };
    let mut dates: Vec<String> = Vec::new();
    let mut last: Option<Date> = None;
    for step in 0.. {
        match add(since, every, step) {
            // A step that does not move forward would never end.
            Some(date) if date < until && last.is_none_or(|l| date > l) => {
                dates.push(date.to_string());
                last = Some(date);
            }
            _ => break,
        }
    }
    if since <= until {
        dates.push(until.to_string());
    }
    dates
}

/// `date` plus `times` times a duration such as `1 months`.
pub fn add(date: Date, duration: &str, times: i64) -> Option<Date> {
    let (count, unit) = duration.split_once(' ')?;
    let count: i64 = count.parse().ok()?;
    let n = count.checked_mul(times)?;
    let span = match unit.trim_end_matches('s') {
        "day" => jiff::Span::new().try_days(n).ok()?,
        "week" => jiff::Span::new().try_weeks(n).ok()?,
        "month" => jiff::Span::new().try_months(n).ok()?,
        "year" => jiff::Span::new().try_years(n).ok()?,
        _ => return None,
    };
    date.checked_add(span).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_step_from_the_start_and_end_at_until() {
        assert_eq!(
            dates("2026-01-31", "2026-04-15", "1 months"),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-15"]
        );
        assert_eq!(dates("2026-01-01", "2026-01-01", "1 weeks"), ["2026-01-01"]);
        assert!(dates("2026-02-01", "2026-01-01", "1 weeks").is_empty());
        assert!(dates("2026-01-01", "2026-02-01", "0 days").len() <= 2);
    }

    #[test]
    fn clauses_group_by_their_top_level() {
        assert_eq!(group_of("7.2.2"), "7");
        assert_eq!(group_of("Annex A"), "Annex A");
        assert_eq!(group_of("any"), "any");
    }
}
