//! `irready check --check-run` against a stand-in for the GitHub API on 127.0.0.1: it
//! records every request, validates each body against the REST API's request schemas, and
//! answers as GitHub would, or refuses as GitHub does a fork's read-only token.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use common::{
    NOW, check_json, failing_copy, irready, passing_copy, schema_errors, stderr, stdout, validator,
};
use serde_json::{Value, json};

const TOKEN: &str = "ghs_test_token_that_must_never_be_printed";
const HEAD: &str = "1111111111111111111111111111111111111111";
const MERGE: &str = "2222222222222222222222222222222222222222";

#[derive(Clone, Debug)]
struct Request {
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
    body: Value,
}

#[derive(Default)]
struct Recorded {
    requests: Vec<Request>,
    /// Schema violations of request bodies, and anything else the server did not expect.
    problems: Vec<String>,
}

/// How the stand-in answers every request.
#[derive(Clone, Copy)]
enum Answer {
    AsGitHub,
    Status(u16),
}

struct Server {
    url: String,
    recorded: Arc<Mutex<Recorded>>,
}

impl Server {
    fn start(answer: Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let recorded = Arc::new(Mutex::new(Recorded::default()));
        let shared = Arc::clone(&recorded);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, answer, &shared));
            }
        });
        Self { url, recorded }
    }

    fn requests(&self) -> Vec<Request> {
        let recorded = self.recorded.lock().unwrap();
        assert!(recorded.problems.is_empty(), "{:#?}", recorded.problems);
        recorded.requests.clone()
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve(stream: TcpStream, answer: Answer, recorded: &Mutex<Recorded>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader) {
        let problems = check(&request);
        let (status, body) = match answer {
            _ if !problems.is_empty() => (422, json!({"message": "Validation Failed"})),
            Answer::AsGitHub => respond(&request),
            Answer::Status(status) => (status, refusal(status)),
        };
        {
            let mut recorded = recorded.lock().unwrap();
            recorded.problems.extend(problems);
            recorded.requests.push(request);
        }
        let body = body.to_string();
        let response = format!(
            "HTTP/1.1 {status} {}\r\ncontent-type: application/json; charset=utf-8\r\n\
             content-length: {}\r\n\r\n{body}",
            reason(status),
            body.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.insert(name.trim().to_lowercase(), value.trim().to_owned());
    }
    let body = read_body(reader, &headers)?;
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::String("not JSON".into()))
    };
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

fn read_body(reader: &mut impl BufRead, headers: &BTreeMap<String, String>) -> Option<Vec<u8>> {
    if headers
        .get("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        let mut body = Vec::new();
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                return Some(body);
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    let length = headers
        .get("content-length")
        .map_or(Some(0), |l| l.parse().ok())?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

/// What the API demands of a request: the token, and a body valid for its schema.
fn check(request: &Request) -> Vec<String> {
    let mut problems = Vec::new();
    if request.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {TOKEN}"))
    {
        problems.push(format!(
            "{} {}: no bearer token",
            request.method, request.path
        ));
    }
    let schema = match request.method.as_str() {
        "POST" => "github-rest_check-runs-create.request.schema.json",
        "PATCH" => "github-rest_check-runs-update.request.schema.json",
        other => {
            problems.push(format!("unexpected method {other}"));
            return problems;
        }
    };
    let errors = schema_errors(&validator(schema), &request.body);
    problems.extend(
        errors
            .into_iter()
            .map(|e| format!("{} {}: {e}", request.method, request.path)),
    );
    problems.extend(annotation_problems(&request.body));
    problems
}

/// What the API documents but its schema does not enforce.
fn annotation_problems(body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let annotations = body
        .pointer("/output/annotations")
        .and_then(Value::as_array);
    for annotation in annotations.into_iter().flatten() {
        let one_line = annotation["start_line"] == annotation["end_line"];
        if !one_line
            && (annotation.get("start_column").is_some() || annotation.get("end_column").is_some())
        {
            problems.push(format!("columns on a multi-line annotation: {annotation}"));
        }
        if annotation["title"]
            .as_str()
            .is_some_and(|t| t.chars().count() > 255)
        {
            problems.push(format!("a title over 255 characters: {annotation}"));
        }
        if annotation["start_line"].as_u64() < Some(1) {
            problems.push(format!("no line: {annotation}"));
        }
    }
    problems
}

fn respond(request: &Request) -> (u16, Value) {
    let run = |status: &str| {
        json!({
            "id": 42, "node_id": "CR_42", "name": "irready", "head_sha": HEAD, "status": status,
            "conclusion": request.body["conclusion"], "details_url": null,
            "url": "http://127.0.0.1/repos/owner/plan/check-runs/42",
            "html_url": "http://127.0.0.1/owner/plan/runs/42",
            "started_at": "2026-12-01T10:00:00Z", "completed_at": null,
            "output": {"title": request.body["output"]["title"], "summary": "…", "text": null,
                "annotations_count": 0,
                "annotations_url": "http://127.0.0.1/repos/owner/plan/check-runs/42/annotations"},
            "pull_requests": [],
        })
    };
    match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/repos/owner/plan/check-runs") => (201, run("in_progress")),
        ("PATCH", "/repos/owner/plan/check-runs/42") => (200, run("completed")),
        _ => (404, json!({"message": "Not Found"})),
    }
}

fn refusal(status: u16) -> Value {
    json!({
        "message": match status {
            403 => "Resource not accessible by integration",
            404 => "Not Found",
            _ => "Server Error",
        },
        "documentation_url": "https://docs.github.com/rest/checks/runs#create-a-check-run",
        "status": status.to_string(),
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        _ => "Internal Server Error",
    }
}

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

/// The passing fixture with `n` broken links in the plan: `n` findings.
fn with_broken_links(n: usize) -> tempfile::TempDir {
    let dir = passing_copy();
    let plan = dir.path().join("plan/incident-management-plan.md");
    let mut text = fs::read_to_string(&plan).unwrap();
    for i in 0..n {
        let _ = write!(text, "\nSee [annex {i}](annex-{i}.md).\n");
    }
    fs::write(plan, text).unwrap();
    dir
}

#[test]
fn a_check_run_is_created_once_and_annotated_fifty_at_a_time() {
    let server = Server::start(Answer::AsGitHub);
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
        let server = Server::start(Answer::AsGitHub);
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
        let server = Server::start(Answer::Status(status));
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
    let server = Server::start(Answer::Status(403));
    let dir = failing_copy("imt-role-no-deputy");
    let output = check_run(&server, dir.path(), &["--format", "github"]);
    let text = stdout(&output);
    assert_eq!(text.matches("::error ").count(), 1, "{text}");
}

#[test]
fn other_api_failures_stop_the_run_without_the_token() {
    let server = Server::start(Answer::Status(500));
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
