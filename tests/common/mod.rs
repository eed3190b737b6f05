//! Helpers shared by the end-to-end tests: the built binary, fixtures copied to temporary
//! folders, and repositories built file by file.

#![allow(dead_code, reason = "each test binary uses some of the helpers")]

pub mod github_api;
pub mod repo;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The evaluation date of every test.
pub const NOW: &str = "2026-12-01";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The binary, without colour, at a fixed width, outside any CI environment.
pub fn irready() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_irready"));
    command.env("NO_COLOR", "1").env("COLUMNS", "100");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GITHUB_") {
            command.env_remove(key);
        }
    }
    command
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    irready().args(args).output().expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `irready check DIR --format json`, at `NOW` unless `extra` sets `--now`, parsed.
pub fn check_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec![
        "check",
        dir.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ];
    if !extra.contains(&"--now") && !extra.contains(&"--at") {
        args.extend_from_slice(&["--now", NOW]);
    }
    args.extend_from_slice(extra);
    let output = run(&args);
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(&output), stderr(&output)));
    (output.status.code().expect("an exit code"), json)
}

/// The rule ids of a JSON report's findings.
pub fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_owned())
        .collect()
}

/// The first finding of a JSON report on `path`.
pub fn finding_on<'a>(report: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no finding on {path}: {report:#}"))
}

/// The message of a finding.
pub fn message(finding: &serde_json::Value) -> &str {
    finding["message"].as_str().expect("a message")
}

/// A temporary copy of the passing fixture, as a git repository whose history records each
/// review and approval on its date (as `irready init` writes it).
pub fn passing_copy() -> tempfile::TempDir {
    let dir = plain_copy();
    irready::commands::init::record_history(dir.path()).expect("a history");
    dir
}

/// A temporary copy of the passing fixture, outside git.
pub fn plain_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&fixtures().join("passing"), dir.path());
    dir
}

/// The passing fixture with the files of a failing case laid over it, with its history.
pub fn failing_copy(case: &str) -> tempfile::TempDir {
    let dir = plain_copy();
    copy_dir(&fixtures().join("failing").join(case), dir.path());
    irready::commands::init::record_history(dir.path()).expect("a history");
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("a fixture folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// Every file under `dir` with its contents, to prove nothing was written.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("a folder") {
            let entry = entry.expect("an entry");
            let file_type = entry.file_type().expect("a type");
            if file_type.is_dir() {
                stack.push(entry.path());
            } else if file_type.is_file() {
                files.push((entry.path(), std::fs::read(entry.path()).expect("readable")));
            }
        }
    }
    files.sort();
    files
}

/// A schema of `../shared/schemas`, beside the checkout.
pub fn schema(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (CI keeps ../shared beside the checkout)",
            path.display()
        )
    });
    serde_json::from_str(&text).expect("a JSON schema")
}

/// A validator of a schema of `../shared/schemas`, checking formats too.
pub fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every error of `document` against `validator`, as `pointer: message`.
pub fn schema_errors(
    validator: &jsonschema::Validator,
    document: &serde_json::Value,
) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// `irready check DIR --format FORMAT --now NOW`, with more arguments.
pub fn check_format(dir: &Path, format: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        dir.to_str().expect("utf-8 path"),
        "--format",
        format,
    ];
    args.extend_from_slice(&["--now", NOW]);
    args.extend_from_slice(extra);
    run(&args)
}

/// A YAML file of the project (action, workflow) as JSON, read with irready's own parser.
pub fn yaml_file(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let document = irready::artefacts::yaml::parse(&text)
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message));
    assert!(
        document.problems.is_empty(),
        "{}: {:?}",
        path.display(),
        document.problems
    );
    document.root.to_json(&text)
}
