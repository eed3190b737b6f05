//! `irready init DIR`: write the example plan repository, its dates moved to the day it runs,
//! as a git repository whose history records each review and approval on its date.
//!
//! The example is the passing fixture, embedded in the binary and written around
//! `EXAMPLE_DATE`: every date in it is shifted by the days between that date and the date
//! of the new repository, so the example passes every rule on the day it is written.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use super::{Error, Outcome};
use crate::cli::InitArgs;
use crate::history::Fields;
use crate::pipeline;

include!(concat!(env!("OUT_DIR"), "/example.rs"));

/// The date the passing fixture is written for.
pub const EXAMPLE_DATE: &str = "2026-12-01";

pub fn run(args: &InitArgs) -> Result<Outcome, Error> {
    let date = args.date.clone().unwrap_or_else(pipeline::today);
    write_example(&args.dir, &date)?;
    record_history(&args.dir).map_err(|message| Error::Git {
        path: args.dir.clone(),
        message,
    })?;
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

/// Makes `dir` a git repository whose history records its files as a team would have: the
/// governed documents committed on the dates they declare (approval first, then the latest
/// review), everything else in a first commit the day before the earliest of them.
pub fn record_history(dir: &Path) -> Result<(), String> {
    let files = files_of(dir).map_err(|e| e.to_string())?;
    let plan = plan_commits(&files);
    let repo = gix::init(dir).map_err(|e| e.to_string())?;
    let mut tree = gix::ObjectId::empty_tree(repo.object_hash());
    let mut parent: Option<gix::ObjectId> = None;
    for (date, (message, changes)) in &plan {
        let mut editor = repo.edit_tree(tree).map_err(|e| e.to_string())?;
        for (path, bytes) in changes {
            let blob = repo.write_blob(bytes).map_err(|e| e.to_string())?;
            editor
                .upsert(path.as_str(), gix::objs::tree::EntryKind::Blob, blob)
                .map_err(|e| e.to_string())?;
        }
        tree = editor.write().map_err(|e| e.to_string())?.detach();
        let time = format!("{} +0000", noon_of(date));
        let signature = gix::actor::SignatureRef {
            name: "irready init".into(),
            email: "init@irready.invalid".into(),
            time: &time,
        };
        let id = repo
            .commit_as(signature, signature, "HEAD", message, tree, parent)
            .map_err(|e| e.to_string())?;
        parent = Some(id.detach());
    }
    let mut index = repo.index_from_tree(&tree).map_err(|e| e.to_string())?;
    #[allow(
        clippy::default_trait_access,
        reason = "gix does not re-export the type of shared permissions"
    )]
    index
        .write(gix::index::write::Options::default(), Default::default())
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Commits by date: a message and the files each one writes.
type Plan = BTreeMap<String, (String, Vec<(String, Vec<u8>)>)>;

fn plan_commits(files: &[(String, Vec<u8>)]) -> Plan {
    let mut plan = Plan::new();
    let mut rest = Vec::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let fields = governed_fields(path, &text);
        let dates: Vec<&String> = fields
            .iter()
            .flat_map(|f| [f.approved_on.as_ref(), f.last_reviewed.as_ref()])
            .flatten()
            .collect();
        let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
            rest.push((path.clone(), bytes.clone()));
            continue;
        };
        if first != last {
            // The approval, before the review that came after it was recorded.
            let earlier = text.replace(
                &format!("last_reviewed: {last}"),
                &format!("last_reviewed: {first}"),
            );
            add(
                &mut plan,
                first,
                &format!("Approve {path}"),
                path,
                earlier.into_bytes(),
            );
        }
        let verb = if fields.as_ref().and_then(|f| f.approved_on.as_ref()) == Some(*last) {
            "Approve"
        } else {
            "Review"
        };
        add(
            &mut plan,
            last,
            &format!("{verb} {path}"),
            path,
            bytes.clone(),
        );
    }
    let start = plan
        .keys()
        .next()
        .and_then(|d| d.parse::<Date>().ok())
        .and_then(|d| d.yesterday().ok())
        .map_or_else(pipeline::today, |d| d.to_string());
    for (path, bytes) in rest {
        add(&mut plan, &start, "Start the plan repository", &path, bytes);
    }
    plan
}

fn add(plan: &mut Plan, date: &str, message: &str, path: &str, bytes: Vec<u8>) {
    let (existing, changes) = plan
        .entry(date.to_owned())
        .or_insert_with(|| (message.to_owned(), Vec::new()));
    if existing != message && !existing.ends_with("and more") {
        existing.push_str(" and more");
    }
    changes.retain(|(p, _)| p != path);
    changes.push((path.to_owned(), bytes));
}

/// The dates of a governed document, if the text is one.
fn governed_fields(path: &str, text: &str) -> Option<Fields> {
    let governed = ["policy", "security-policy", "plan", "procedure"];
    let kind_line = text
        .lines()
        .take(40)
        .find_map(|l| l.strip_prefix("kind:"))?
        .trim();
    governed
        .contains(&kind_line)
        .then(|| Fields::of(path, text))
}

fn files_of(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            if entry.file_name() == ".git" {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(entry.path());
            } else {
                let relative = entry
                    .path()
                    .strip_prefix(dir)
                    .map(Path::to_owned)
                    .unwrap_or_default();
                let path = relative.to_string_lossy().replace('\\', "/");
                files.push((path, std::fs::read(entry.path())?));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Noon UTC of a date, in seconds since the epoch.
fn noon_of(date: &str) -> i64 {
    crate::git::end_of_day(date).map_or(0, |end| end - 43_199)
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
