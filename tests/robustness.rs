//! Mutated plan repositories: whatever a person or a pull request does to the files, the
//! evaluation ends with findings, never with a panic or a policy that fails at run time.

mod common;

use std::path::{Path, PathBuf};

/// A small deterministic generator, so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

fn artefact_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if irready::source::may_be_artefact(&path.to_string_lossy()) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Values of every type, and of none, for a value that expects one.
const VALUES: &[&str] = &[
    "[]",
    "{}",
    "42",
    "-1",
    "true",
    "~",
    "\"\"",
    "2026-02-30",
    "[1, [2]]",
    "{a: b}",
    "0x1F",
    ".nan",
    "'x'",
    "|\n  text",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return text.to_owned();
    }
    let at = rng.below(lines.len());
    match rng.below(6) {
        0 => {
            lines.remove(at);
        }
        1 => {
            let copy = lines[at].clone();
            lines.insert(at, copy);
        }
        2 => {
            let other = rng.below(lines.len());
            lines.swap(at, other);
        }
        3 | 4 => {
            // Replace the value after a key with a value of another type.
            if let Some((key, _)) = lines[at].split_once(": ") {
                lines[at] = format!("{key}: {}", VALUES[rng.below(VALUES.len())]);
            }
        }
        _ => {
            let cut = rng.below(lines[at].len() + 1);
            lines[at] = lines[at].chars().take(cut).collect();
        }
    }
    lines.join("\n") + "\n"
}

#[test]
fn mutated_repositories_evaluate_to_findings() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..120 {
        let dir = common::plain_copy();
        let files = artefact_files(dir.path());
        for _ in 0..3 {
            let file = &files[rng.below(files.len())];
            let text = std::fs::read_to_string(file).unwrap();
            std::fs::write(file, mutate(&text, &mut rng)).unwrap();
        }
        let options = irready::pipeline::Options {
            now: Some(common::NOW.into()),
            ..irready::pipeline::Options::default()
        };
        if let Err(error) = irready::pipeline::evaluate(dir.path(), &options) {
            // Only the configuration may refuse to run; every other problem is a finding.
            let config = matches!(error, irready::pipeline::Error::Config(_));
            assert!(config, "round {round}: {error:?}");
        }
    }
}
