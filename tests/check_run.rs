//! `irready check --check-run` against a stand-in for the GitHub API on 127.0.0.1 (see
//! `common::github_api`), which validates every request body against the REST API's
//! schemas and answers as GitHub would, or refuses as GitHub does a fork's read-only token.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Output;

use common::github_api::{Answer, Server};
use common::{NOW, check_json, failing_copy, irready, passing_copy, stderr, stdout};
use serde_json::json;

const TOKEN: &str = "ghs_test_token_that_must_never_be_printed";
const HEAD: &str = "1111111111111111111111111111111111111111";
const MERGE: &str = "2222222222222222222222222222222222222222";

/// `irready -vv check DIR --check-run` in the environment of a pull request's workflow.
fn check_run(server: &Server, dir: &Path, extra: &[&str]) -> Output {
    let event = dir.join("event.json");
    let payload = json!({"pull_request": {"number": 7, "head": {"sha": HEAD}}});
    fs::write(&event, payload.to_string()).unwrap();
    let mut args = vec![
        "-vv",
        "check",
        dir.to_str().unwrap(),
        "--now",
        NOW,
        "--check-run",
    ];
    args.extend_from_slice(extra);
    let output = irready()
        .args(&args)
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_REPOSITORY", "owner/plan")
        .env("GITHUB_SHA", MERGE)
        .env("GITHUB_EVENT_PATH", &event)
        .env("GITHUB_API_URL", &server.url)
        .output()
        .unwrap();
    for text in [stdout(&output), stderr(&output)] {
        assert!(!text.contains(TOKEN), "the token was printed:\n{text}");
    }
    output
}

/// The passing fixture with `n` broken links in an exercise report (not a governed document,
/// so the edit raises nothing else): `n` findings.
fn with_broken_links(n: usize) -> tempfile::TempDir {
    let dir = passing_copy();
    let plan = dir.path().join("exercises/ransomware-tabletop.md");
    let mut text = fs::read_to_string(&plan).unwrap();
    for i in 0..n {
        let _ = write!(text, "\nSee [annex {i}](annex-{i}.md).\n");
    }
    fs::write(plan, text).unwrap();
    dir
}

#[test]
fn a_check_run_is_created_once_and_annotated_fifty_at_a_time() {
    let server = Server::start(Answer::AsGitHub, TOKEN);
    let dir = with_broken_links(120);
    let output = check_run(&server, dir.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    let requests = server.requests();
    let methods: Vec<&str> = requests.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["POST", "PATCH", "PATCH"]);
    let create = &requests[0].body;
    assert_eq!(
        (create["name"].as_str(), create["head_sha"].as_str()),
        (Some("irready"), Some(HEAD))
    );
    assert_eq!(create["status"], "in_progress");
    assert!(requests[1].body.get("conclusion").is_none());
    let last = &requests[2].body;
    assert_eq!(
        (last["status"].as_str(), last["conclusion"].as_str()),
        (Some("completed"), Some("failure"))
    );

    // Every finding is annotated once, where the JSON report places it.
    let (_, report) = check_json(dir.path(), &[]);
    let mut expected: Vec<(String, u64, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut annotated: Vec<(String, u64, String)> = requests
        .iter()
        .flat_map(|r| r.body["output"]["annotations"].as_array().unwrap().clone())
        .map(|a| {
            let message = a["message"]
                .as_str()
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_owned();
            (
                a["path"].as_str().unwrap().to_owned(),
                a["start_line"].as_u64().unwrap(),
                message,
            )
        })
        .collect();
    assert_eq!(expected.len(), 120);
    expected.sort();
    annotated.sort();
    assert_eq!(annotated, expected);
    let first = &requests[0].body["output"]["annotations"][0];
    assert_eq!(first["annotation_level"], "failure");
    assert_eq!(first["title"], "broken-link (clause 5.2)");
    assert!(
        requests[0].body["output"]["summary"]
            .as_str()
            .unwrap()
            .contains("| broken-link |")
    );
}

#[test]
fn the_conclusion_follows_fail_on() {
    let cases = [
        (passing_copy(), "error", "success", 0),
        (failing_copy("plan-consensus"), "error", "success", 0),
        (failing_copy("plan-consensus"), "warning", "failure", 1),
        (failing_copy("plan-consensus"), "never", "neutral", 0),
        (failing_copy("imt-role-no-deputy"), "error", "failure", 1),
    ];
    for (dir, fail_on, conclusion, code) in cases {
        let server = Server::start(Answer::AsGitHub, TOKEN);
        let output = check_run(&server, dir.path(), &["--fail-on", fail_on]);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{fail_on}: {}",
            stderr(&output)
        );
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "few findings: created complete at once");
        assert_eq!(requests[0].body["status"], "completed");
        assert_eq!(
            requests[0].body["conclusion"], conclusion,
            "--fail-on {fail_on}"
        );
    }
}

#[test]
fn a_token_that_may_not_write_checks_falls_back_to_workflow_commands() {
    for status in [403, 404] {
        let server = Server::start(Answer::Status(status), TOKEN);
        let dir = failing_copy("imt-role-no-deputy");
        let output = check_run(&server, dir.path(), &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(server.requests().len(), 1, "no retry, no update");
        let warning = stderr(&output);
        assert!(warning.contains("may not write check runs"), "{warning}");
        assert!(warning.contains(&format!("HTTP {status}")), "{warning}");
        let text = stdout(&output);
        assert!(
            text.contains("× the role communications-lead has no deputy"),
            "the human report"
        );
        assert!(
            text.lines()
                .any(|l| l.starts_with("::error file=team/roster.yaml,line=67,")),
            "{text}"
        );
    }
}

#[test]
fn the_fallback_does_not_repeat_workflow_commands() {
    let server = Server::start(Answer::Status(403), TOKEN);
    let dir = failing_copy("imt-role-no-deputy");
    let output = check_run(&server, dir.path(), &["--format", "github"]);
    let text = stdout(&output);
    assert_eq!(text.matches("::error ").count(), 1, "{text}");
}

#[test]
fn other_api_failures_stop_the_run_without_the_token() {
    let server = Server::start(Answer::Status(500), TOKEN);
    let dir = failing_copy("imt-role-no-deputy");
    let output = check_run(&server, dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("HTTP 500"), "{}", stderr(&output));
    assert_eq!(server.requests().len(), 1, "a create is never retried");
}

#[test]
fn a_missing_token_is_an_error_that_says_which() {
    let dir = passing_copy();
    let output = irready()
        .args([
            "check",
            dir.path().to_str().unwrap(),
            "--now",
            NOW,
            "--check-run",
        ])
        .env("GITHUB_REPOSITORY", "owner/plan")
        .env("GITHUB_SHA", MERGE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("GITHUB_TOKEN"),
        "{}",
        stderr(&output)
    );
}
