//! Times `irready check` on a plan repository with a long history, against
//! `git log --format=%H --name-only --no-renames` on the same repository, in the same run:
//! `cargo bench --bench history [-- COMMITS [ARTEFACTS]]` (50,000 commits over about 2,000
//! files by default).
//!
//! The repository is built with `git fast-import`: five years of history in which the
//! evidence (exercises, contacts, registers, reviews) changes every day, while each governed
//! document is approved and reviewed on the dates it declares, as a team would record them.
//! irready reads only the history its rules need: back to the commits that set the current
//! approvals and reviews, not the whole graph.

#![allow(clippy::print_stdout, reason = "a benchmark prints its measurements")]

#[path = "../tests/support/generate.rs"]
mod generate;
#[path = "support/measure.rs"]
mod measure;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const RUNS: usize = 5;
/// Noon UTC on 2021-12-01 and on 2026-11-30: the span of the history.
const START: i64 = 1_638_360_000;
const END: i64 = 1_796_040_000;

fn main() {
    measure::wrapper_main();
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let commits = numbers.first().copied().unwrap_or(50_000);
    let artefacts = numbers.get(1).copied().unwrap_or(2_000);

    // IRREADY_BENCH_DIR keeps the repository for a closer look; a temporary folder otherwise.
    let temporary = tempfile::tempdir().expect("a temporary folder");
    let dir = std::env::var_os("IRREADY_BENCH_DIR")
        .map_or_else(|| temporary.path().to_owned(), Into::into);
    let repo = dir.join("plan");
    let files = plan_files(&dir.join("files"), artefacts);
    let stream = fast_import_stream(&files, commits);
    import(&repo, &stream);
    println!(
        "repository: {commits} commits over {} files ({:.1} MiB of fast-import stream)",
        files.len(),
        measure::mib(stream.len() as u64 / 1024)
    );

    let path = repo.to_str().expect("a UTF-8 path");
    let git_log = [
        "-C",
        path,
        "log",
        "--format=%H",
        "--name-only",
        "--no-renames",
    ];
    let check = [
        "check",
        path,
        "--now",
        "2026-12-01",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    let (git_time, git_peak) = time("git", &git_log);
    let (check_time, check_peak) = time(env!("CARGO_BIN_EXE_irready"), &check);
    println!(
        "git log --name-only    median {:8.1} ms  peak memory {:6.1} MiB",
        measure::millis(git_time),
        measure::mib(git_peak)
    );
    println!(
        "irready check          median {:8.1} ms  peak memory {:6.1} MiB",
        measure::millis(check_time),
        measure::mib(check_peak)
    );
    println!(
        "ratio irready / git log: {:.2}",
        check_time.as_secs_f64() / git_time.as_secs_f64()
    );
    println!("findings: {}", findings(&check));
}

fn time(program: &str, args: &[&str]) -> (Duration, u64) {
    let runs: Vec<(Duration, u64, i32)> =
        (0..RUNS).map(|_| measure::measure(program, args)).collect();
    assert!(runs.iter().all(|r| r.2 == 0), "{program} failed");
    let peak = runs.iter().map(|r| r.1).max().unwrap_or_default();
    (measure::median(runs.iter().map(|r| r.0).collect()), peak)
}

/// The rules of the findings of one check, counted, to show what the history held.
fn findings(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_irready"))
        .args(args)
        .output()
        .expect("irready runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut counts = std::collections::BTreeMap::new();
    for finding in report["findings"].as_array().into_iter().flatten() {
        *counts
            .entry(finding["rule"].as_str().unwrap_or("?").to_owned())
            .or_insert(0) += 1;
    }
    if counts.is_empty() {
        "none".to_owned()
    } else {
        counts
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The files of a generated plan repository, by path.
fn plan_files(dir: &Path, artefacts: usize) -> Vec<(String, String)> {
    generate::plan_repository(dir, artefacts).expect("a generated repository");
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("a folder") {
            let entry = entry.expect("an entry");
            if entry.file_type().expect("a type").is_dir() {
                stack.push(entry.path());
            } else {
                let relative = entry
                    .path()
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((
                    relative,
                    std::fs::read_to_string(entry.path()).expect("text"),
                ));
            }
        }
    }
    files.sort();
    files
}

/// One commit of the stream: when, what, and the files it writes.
struct Planned {
    time: i64,
    message: String,
    files: Vec<(String, String)>,
}

fn fast_import_stream(files: &[(String, String)], commits: usize) -> String {
    let mut planned = Vec::new();
    let mut evidence = Vec::new();
    let mut first = Vec::new();
    for (path, text) in files {
        let Some((earliest, latest)) = governed_dates(text) else {
            first.push((path.clone(), text.clone()));
            evidence.push((path.clone(), text.clone()));
            continue;
        };
        first.push((path.clone(), unapproved(text)));
        if earliest != latest {
            let approved = text.replace(
                &format!("last_reviewed: {latest}"),
                &format!("last_reviewed: {earliest}"),
            );
            planned.push(Planned {
                time: noon(&earliest),
                message: format!("Approve {path}"),
                files: vec![(path.clone(), approved)],
            });
        }
        planned.push(Planned {
            time: noon(&latest),
            message: format!("Review {path}"),
            files: vec![(path.clone(), text.clone())],
        });
    }
    planned.push(Planned {
        time: START,
        message: "Start the plan repository".into(),
        files: first,
    });

    // The rest of the commits record evidence, one file each, spread over the five years.
    let everyday = commits.saturating_sub(planned.len());
    let step = (END - START) / i64::try_from(everyday.max(1)).unwrap_or(1);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for n in 0..everyday {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let index = usize::try_from(seed % evidence.len() as u64).unwrap_or(0);
        let (path, text) = &mut evidence[index];
        let _ = writeln!(
            text,
            "{}",
            if Path::new(path.as_str())
                .extension()
                .is_some_and(|e| e == "md")
            {
                format!("\nRecord {n}.")
            } else {
                format!("# record {n}")
            }
        );
        let time = START + 60 + step * i64::try_from(n).unwrap_or(0);
        planned.push(Planned {
            time,
            message: format!("Record evidence {n}"),
            files: vec![(path.clone(), text.clone())],
        });
    }
    planned.sort_by_key(|p| p.time);

    let mut stream = String::new();
    for (mark, commit) in planned.iter().enumerate() {
        let _ = write!(
            stream,
            "commit refs/heads/main\nmark :{}\ncommitter Bench <bench@example.org> {} +0000\ndata {}\n{}\n",
            mark + 1,
            commit.time,
            commit.message.len(),
            commit.message
        );
        if mark > 0 {
            let _ = writeln!(stream, "from :{mark}");
        }
        for (path, text) in &commit.files {
            let _ = write!(
                stream,
                "M 100644 inline {path}\ndata {}\n{text}\n",
                text.len()
            );
        }
    }
    stream
}

/// The earliest and latest of a governed document's `approved_on` and `last_reviewed`.
fn governed_dates(text: &str) -> Option<(String, String)> {
    let kind = text.lines().find_map(|l| l.strip_prefix("kind:"))?.trim();
    if !["policy", "security-policy", "plan", "procedure"].contains(&kind) {
        return None;
    }
    let dates: Vec<String> = text
        .lines()
        .filter_map(|l| {
            l.strip_prefix("approved_on:")
                .or_else(|| l.strip_prefix("last_reviewed:"))
        })
        .map(|d| d.trim().to_owned())
        .collect();
    Some((dates.iter().min()?.clone(), dates.iter().max()?.clone()))
}

/// A governed document as it was first written, five years earlier, before its approval.
fn unapproved(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.starts_with("approved_on:") {
                "approved_on: 2021-12-01".to_owned()
            } else if line.starts_with("last_reviewed:") {
                "last_reviewed: 2021-12-01".to_owned()
            } else if line.starts_with("version:") {
                "version: \"0.1\"".to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn noon(date: &str) -> i64 {
    let date: jiff::civil::Date = date.parse().expect("a date");
    let days = jiff::civil::date(1970, 1, 1)
        .until((jiff::Unit::Day, date))
        .expect("a span")
        .get_days();
    i64::from(days) * 86_400 + 43_200
}

fn import(repo: &Path, stream: &str) {
    std::fs::create_dir_all(repo).expect("a folder");
    run_git(repo, &["init", "-q"], None);
    run_git(repo, &["symbolic-ref", "HEAD", "refs/heads/main"], None);
    run_git(repo, &["fast-import", "--quiet"], Some(stream));
    run_git(repo, &["checkout", "-q", "-f", "main"], None);
}

fn run_git(repo: &Path, args: &[&str], input: Option<&str>) {
    let mut child = Command::new("git")
        .current_dir(repo)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("git runs");
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        std::io::Write::write_all(&mut stdin, input.as_bytes()).expect("the stream is written");
    }
    assert!(child.wait().expect("git ends").success(), "git {args:?}");
}
