//! `irready init DIR`: write the example plan repository, its dates moved to the day it runs.
//!
//! The example is the passing fixture, embedded in the binary and written around
//! `EXAMPLE_DATE`: every date in it is shifted by the days between that date and the date
//! of the new repository, so the example passes every rule on the day it is written.

use std::path::Path;

use jiff::civil::Date;

use super::{Error, Outcome};
use crate::cli::InitArgs;
use crate::pipeline;

include!(concat!(env!("OUT_DIR"), "/example.rs"));

/// The date the passing fixture is written for.
pub const EXAMPLE_DATE: &str = "2026-12-01";

pub fn run(args: &InitArgs) -> Result<Outcome, Error> {
    let date = args.date.clone().unwrap_or_else(pipeline::today);
    write_example(&args.dir, &date)?;
    tracing::info!(
        "wrote the example plan repository to {}",
        args.dir.display()
    );
    Ok(Outcome::Passed)
}

/// Writes the example into `dir`, which must be empty or not exist.
pub fn write_example(dir: &Path, date: &str) -> Result<(), Error> {
    let io_error = |source| Error::Write {
        path: dir.to_owned(),
        source,
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io_error)?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty {
                path: dir.to_owned(),
            });
        }
    }
    let days = days_between(EXAMPLE_DATE, date);
    for (path, text) in EXAMPLE_FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        std::fs::write(&target, shift_dates(text, days)).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })?;
    }
    Ok(())
}

fn days_between(from: &str, to: &str) -> i64 {
    let (Ok(from), Ok(to)) = (from.parse::<Date>(), to.parse::<Date>()) else {
        return 0;
    };
    from.until((jiff::Unit::Day, to))
        .map_or(0, |span| i64::from(span.get_days()))
}

/// Moves every ISO date in `text` by `days`.
pub fn shift_dates(text: &str, days: i64) -> String {
    if days == 0 {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, date, after)) = next_date(rest) {
        out.push_str(before);
        let shifted = date
            .parse::<Date>()
            .ok()
            .and_then(|d| d.checked_add(jiff::Span::new().days(days)).ok());
        match shifted {
            Some(d) => out.push_str(&d.to_string()),
            None => out.push_str(date),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The text before the next `YYYY-MM-DD` that stands on its own, the date, and the rest.
fn next_date(text: &str) -> Option<(&str, &str, &str)> {
    let bytes = text.as_bytes();
    let is_date_at = |i: usize| {
        bytes.get(i..i + 10).is_some_and(|w| {
            w.iter().enumerate().all(|(k, b)| match k {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        }) && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let start = (0..bytes.len()).find(|&i| is_date_at(i))?;
    Some((
        &text[..start],
        &text[start..start + 10],
        &text[start + 10..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_dates_that_stand_alone() {
        let text = "last_reviewed: 2026-10-02\nid: INC-2026-10-021x\nwhen: [2026-12-01]\n";
        assert_eq!(
            shift_dates(text, 31),
            "last_reviewed: 2026-11-02\nid: INC-2026-10-021x\nwhen: [2027-01-01]\n"
        );
    }

    #[test]
    fn days_between_dates() {
        assert_eq!(days_between("2026-12-01", "2027-01-01"), 31);
        assert_eq!(days_between("2026-12-01", "2026-11-30"), -1);
    }
}
