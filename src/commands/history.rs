//! `irready history`: the repository evaluated at regular dates, as a table of errors and
//! warnings per clause for a person, or JSON for a program.

use std::io::{self, Write};

use serde_json::json;

use super::{Error, Outcome, emit};
use crate::cli::{HistoryArgs, ListFormat};
use crate::pipeline;
use crate::timeline::{self, GROUPS, Point};

pub fn run(args: &HistoryArgs) -> Result<Outcome, Error> {
    let until = args.until.clone().unwrap_or_else(pipeline::today);
    let since = match &args.since {
        Some(since) => since.clone(),
        None => year_before(&until),
    };
    let points = timeline::timeline(
        &args.path,
        args.config.as_deref(),
        &since,
        &until,
        &args.every,
    )?;
    emit(None, |out, _| match args.format {
        ListFormat::Json => {
            let document = json!({
                "version": 1,
                "since": since,
                "until": until,
                "every": args.every,
                "points": points,
            });
            serde_json::to_writer_pretty(&mut *out, &document)?;
            writeln!(out)
        }
        ListFormat::Human => write_table(&points, out),
    })?;
    Ok(Outcome::Passed)
}

/// Twelve months before a date.
fn year_before(date: &str) -> String {
    date.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| timeline::add(d, "12 months", -1))
        .map_or_else(|| date.to_owned(), |d| d.to_string())
}

fn write_table(points: &[Point], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "errors/warnings per clause, as the repository stood at the end of each day"
    )?;
    write!(out, "{:10}  {:7}", "date", "commit")?;
    for group in GROUPS {
        let name = if *group == "Annex A" { "A" } else { group };
        write!(out, "  {name:>5}")?;
    }
    writeln!(out, "  {:>7}", "total")?;
    for point in points {
        let Some(revision) = &point.revision else {
            writeln!(out, "{:10}  {:7}  (no commit yet)", point.date, "-")?;
            continue;
        };
        write!(
            out,
            "{:10}  {:7}",
            point.date,
            revision.get(..7).unwrap_or(revision)
        )?;
        for group in GROUPS {
            let counts = point.clauses.get(group).copied().unwrap_or_default();
            write!(
                out,
                "  {:>5}",
                format!("{}/{}", counts.error, counts.warning)
            )?;
        }
        let total = format!("{}/{}", point.summary.error, point.summary.warning);
        writeln!(out, "  {total:>7}")?;
    }
    Ok(())
}
