//! A stand-in for the GitHub Checks API on 127.0.0.1: it records every request, validates
//! each body against the REST API's request schemas, and answers as GitHub would, or with
//! an error status, as GitHub answers a fork's read-only token.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::{schema_errors, validator};

#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
    pub body: Value,
}

#[derive(Default)]
struct Recorded {
    requests: Vec<Request>,
    /// Schema violations of request bodies, and anything else the server did not expect.
    problems: Vec<String>,
}

/// How the stand-in answers every request.
#[derive(Clone, Copy)]
pub enum Answer {
    AsGitHub,
    Status(u16),
}

pub struct Server {
    pub url: String,
    token: String,
    recorded: Arc<Mutex<Recorded>>,
}

impl Server {
    /// A server that expects `token` and answers every request with `answer`.
    pub fn start(answer: Answer, token: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let recorded = Arc::new(Mutex::new(Recorded::default()));
        let shared = Arc::clone(&recorded);
        let expected = token.to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = Arc::clone(&shared);
                let expected = expected.clone();
                std::thread::spawn(move || serve(stream, answer, &expected, &shared));
            }
        });
        Self {
            url,
            token: token.to_owned(),
            recorded,
        }
    }

    /// Every request so far; fails if one was not as the API demands.
    pub fn requests(&self) -> Vec<Request> {
        let recorded = self.recorded.lock().unwrap();
        assert!(recorded.problems.is_empty(), "{:#?}", recorded.problems);
        recorded.requests.clone()
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve(stream: TcpStream, answer: Answer, token: &str, recorded: &Mutex<Recorded>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader) {
        let problems = check(&request, token);
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
fn check(request: &Request, token: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if request.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {token}"))
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
    // An update does not repeat the commit; GitHub's answer still names it.
    let head_sha = request
        .body
        .get("head_sha")
        .cloned()
        .unwrap_or(json!("0".repeat(40)));
    let run = |status: &str| {
        json!({
            "id": 42, "node_id": "CR_42", "name": "irready", "head_sha": head_sha,
            "status": status,
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
    // The route below /repos/{owner}/{repo}.
    let route: Vec<&str> = request.path.split('/').skip(4).collect();
    let repository = request.path.starts_with("/repos/") && request.path.split('/').count() > 4;
    match (request.method.as_str(), route.as_slice()) {
        ("POST", ["check-runs"]) if repository => (201, run("in_progress")),
        ("PATCH", ["check-runs", "42"]) if repository => (200, run("completed")),
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
