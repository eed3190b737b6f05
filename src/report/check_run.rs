//! The check run: the findings published through the GitHub Checks API with octocrab, as a
//! run named `irready` on the commit under review, with an annotation per finding.
//!
//! The run is created once, then updated with the rest of the annotations, 50 at a time as
//! the API allows; the last request completes it with a conclusion from `--fail-on`. When
//! the token may not write checks (a pull request from a fork gets a read-only token), the
//! caller falls back to workflow commands. The token is never printed: not in logs, errors
//! nor `Debug` output.

use std::fmt::{self, Write as _};
use std::path::PathBuf;
use std::time::Duration;

use octocrab::params::checks::{
    CheckRunConclusion, CheckRunOutput, CheckRunOutputAnnotation, CheckRunOutputAnnotationLevel,
    CheckRunStatus,
};

use super::github;
use super::location::Locator;
use super::markdown;
use crate::finding::{Finding, Severity, Summary};
use crate::pipeline::Evaluation;

/// The name of the check run, as the pull request lists it.
pub const NAME: &str = "irready";

/// The API takes at most this many annotations per request.
pub const ANNOTATIONS_PER_REQUEST: usize = 50;

/// The longest `output.summary` the API accepts, in characters.
pub const MAX_SUMMARY_CHARS: usize = 65_535;

/// The longest annotation title the API accepts, in characters.
const MAX_TITLE_CHARS: usize = 255;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the check run could not be published.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CheckRunError {
    #[error("`--check-run` needs the environment variable {0}")]
    #[diagnostic(
        code(irready::check_run),
        help(
            "run it in GitHub Actions, or set GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_SHA; \
             give the job `permissions: checks: write`"
        )
    )]
    Missing(&'static str),
    #[error("GITHUB_REPOSITORY is `{0}`, not `owner/name`")]
    #[diagnostic(code(irready::check_run))]
    Repository(String),
    #[error("cannot read the event file {}: {message}", path.display())]
    #[diagnostic(
        code(irready::check_run),
        help("GITHUB_EVENT_PATH should name the JSON of the event that started the workflow")
    )]
    Event { path: PathBuf, message: String },
    #[error("publishing the check run through the GitHub API at {url} failed: {message}")]
    #[diagnostic(
        code(irready::check_run),
        help("check GITHUB_API_URL, the token's permissions (`checks: write`) and the commit")
    )]
    Api { url: String, message: String },
    #[error("cannot start the HTTP client: {0}")]
    #[diagnostic(code(irready::check_run))]
    Client(String),
}

/// The token of the GitHub API, which no output may show.
#[derive(Clone)]
pub struct Token(String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Where to publish: read from the environment GitHub Actions gives a step.
#[derive(Clone, Debug)]
pub struct Environment {
    pub token: Token,
    pub owner: String,
    pub repo: String,
    /// The commit the check run is attached to.
    pub sha: String,
    pub api_url: String,
}

impl Environment {
    /// From `GITHUB_TOKEN`, `GITHUB_REPOSITORY`, `GITHUB_API_URL`, and the pull request's
    /// head in the event at `GITHUB_EVENT_PATH`, else `GITHUB_SHA`: on a pull request,
    /// `GITHUB_SHA` is a merge commit that the pull request's checks do not show.
    pub fn from_env() -> Result<Self, CheckRunError> {
        let var = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let token = var("GITHUB_TOKEN").ok_or(CheckRunError::Missing("GITHUB_TOKEN"))?;
        let repository =
            var("GITHUB_REPOSITORY").ok_or(CheckRunError::Missing("GITHUB_REPOSITORY"))?;
        let (owner, repo) = repository
            .split_once('/')
            .filter(|(o, r)| !o.is_empty() && !r.is_empty() && !r.contains('/'))
            .ok_or_else(|| CheckRunError::Repository(repository.clone()))?;
        let head = match var("GITHUB_EVENT_PATH") {
            Some(path) => pull_request_head(&PathBuf::from(path))?,
            None => None,
        };
        let sha = head
            .or_else(|| var("GITHUB_SHA"))
            .ok_or(CheckRunError::Missing("GITHUB_SHA"))?;
        Ok(Self {
            token: Token(token),
            owner: owner.to_owned(),
            repo: repo.to_owned(),
            sha,
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into()),
        })
    }
}

/// `pull_request.head.sha` of an event, if it is a pull request's.
fn pull_request_head(path: &PathBuf) -> Result<Option<String>, CheckRunError> {
    let event = |message: String| CheckRunError::Event {
        path: path.clone(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| event(e.to_string()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| event(e.to_string()))?;
    Ok(json
        .pointer("/pull_request/head/sha")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned))
}

/// What publishing came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Published {
    /// The check run exists, with this many annotations, after this many requests.
    Created {
        id: u64,
        annotations: usize,
        requests: usize,
    },
    /// The token may not write checks: the HTTP status the API answered.
    Refused(u16),
}

/// The content of a check run, ready to send.
pub struct Plan {
    pub title: String,
    pub summary: String,
    pub conclusion: CheckRunConclusion,
    pub annotations: Vec<CheckRunOutputAnnotation>,
}

impl Plan {
    pub fn new(evaluation: &Evaluation, locator: &Locator, fail_on: Option<Severity>) -> Self {
        let summary = markdown::summary(evaluation, fail_on, MAX_SUMMARY_CHARS);
        Self {
            title: title(&Summary::of(&evaluation.findings)),
            summary,
            conclusion: conclusion(&evaluation.findings, fail_on),
            annotations: evaluation
                .findings
                .iter()
                .filter_map(|f| annotation(f, locator))
                .collect(),
        }
    }

    /// The output of one request: the title and summary, and a batch of annotations.
    fn output(&self, annotations: Vec<CheckRunOutputAnnotation>) -> CheckRunOutput {
        CheckRunOutput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            text: None,
            annotations,
            images: Vec::new(),
        }
    }
}

/// `failure` when a finding reaches `--fail-on`; `neutral` when `--fail-on never` and there
/// are unwaived findings, which are shown but gate nothing; otherwise `success`.
pub fn conclusion(findings: &[Finding], fail_on: Option<Severity>) -> CheckRunConclusion {
    let summary = Summary::of(findings);
    match fail_on {
        Some(level) if summary.reaches(level) => CheckRunConclusion::Failure,
        None if summary.reaches(Severity::Info) => CheckRunConclusion::Neutral,
        _ => CheckRunConclusion::Success,
    }
}

fn title(summary: &Summary) -> String {
    if *summary == Summary::default() {
        return "No findings".to_owned();
    }
    let mut title = format!(
        "{} errors, {} warnings, {} info",
        summary.error, summary.warning, summary.info
    );
    if summary.waived > 0 {
        let _ = write!(title, ", {} waived", summary.waived);
    }
    title
}

fn annotation(finding: &Finding, locator: &Locator) -> Option<CheckRunOutputAnnotation> {
    let at = locator.locate(finding)?;
    let one_line = at.line == at.end_line;
    let level = match (finding.waived(), finding.severity) {
        (false, Severity::Error) => CheckRunOutputAnnotationLevel::Failure,
        (false, Severity::Warning) => CheckRunOutputAnnotationLevel::Warning,
        (true, _) | (false, Severity::Info) => CheckRunOutputAnnotationLevel::Notice,
    };
    Some(CheckRunOutputAnnotation {
        path: at.path.clone(),
        start_line: number(at.line),
        end_line: number(at.end_line),
        start_column: one_line.then(|| number(at.column)),
        end_column: at.last_column().filter(|_| one_line).map(number),
        annotation_level: level,
        message: github::message(finding),
        title: Some(github::truncate_chars(
            &github::title(finding),
            MAX_TITLE_CHARS,
        )),
        raw_details: None,
    })
}

fn number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Creates the check run and sends every annotation.
pub fn publish(plan: Plan, environment: &Environment) -> Result<Published, CheckRunError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CheckRunError::Client(e.to_string()))?;
    runtime.block_on(send(plan, environment))
}

async fn send(mut plan: Plan, environment: &Environment) -> Result<Published, CheckRunError> {
    let client = client(environment)?;
    let checks = client.checks(&environment.owner, &environment.repo);
    let mut annotations = std::mem::take(&mut plan.annotations);
    let total = annotations.len();

    let first = take_batch(&mut annotations);
    let done = annotations.is_empty();
    let create = checks
        .create_check_run(NAME, &environment.sha)
        .output(plan.output(first));
    let create = if done {
        create
            .status(CheckRunStatus::Completed)
            .conclusion(plan.conclusion)
    } else {
        create.status(CheckRunStatus::InProgress)
    };
    let run = match create.send().await {
        Ok(run) => run,
        Err(error) => {
            return match refused(&error) {
                Some(status) => Ok(Published::Refused(status)),
                None => Err(api(environment, &error)),
            };
        }
    };

    let updates = append(&checks, run.id, &plan, annotations)
        .await
        .map_err(|e| api(environment, &e))?;
    Ok(Published::Created {
        id: run.id.0,
        annotations: total,
        requests: 1 + updates,
    })
}

/// Sends the annotations left after the create, a batch per update; the last update
/// completes the run. Returns how many updates it sent.
async fn append(
    checks: &octocrab::checks::ChecksHandler<'_>,
    id: octocrab::models::CheckRunId,
    plan: &Plan,
    mut annotations: Vec<CheckRunOutputAnnotation>,
) -> Result<usize, octocrab::Error> {
    let mut updates = 0;
    while !annotations.is_empty() {
        let batch = take_batch(&mut annotations);
        let mut update = checks.update_check_run(id).output(plan.output(batch));
        if annotations.is_empty() {
            update = update
                .status(CheckRunStatus::Completed)
                .conclusion(plan.conclusion);
        }
        update.send().await?;
        updates += 1;
    }
    Ok(updates)
}

/// The next annotations to send, as many as one request takes.
fn take_batch(annotations: &mut Vec<CheckRunOutputAnnotation>) -> Vec<CheckRunOutputAnnotation> {
    let size = annotations.len().min(ANNOTATIONS_PER_REQUEST);
    annotations.drain(..size).collect()
}

/// The client, with timeouts (octocrab sets none) and no retries: neither creating a run
/// nor appending annotations may be repeated without duplicating them.
fn client(environment: &Environment) -> Result<octocrab::Octocrab, CheckRunError> {
    let failed = |e: octocrab::Error| CheckRunError::Client(describe(&e, &environment.token));
    octocrab::OctocrabBuilder::new()
        .add_retry_config(octocrab::service::middleware::retry::RetryConfig::None)
        .set_connect_timeout(Some(CONNECT_TIMEOUT))
        .set_read_timeout(Some(READ_TIMEOUT))
        .set_write_timeout(Some(READ_TIMEOUT))
        .base_uri(environment.api_url.as_str())
        .map_err(failed)?
        .personal_token(environment.token.0.clone())
        .build()
        .map_err(failed)
}

/// The status of an answer that means the token may not write checks: 403, or 404 as the
/// API answers for a repository the token cannot see.
fn refused(error: &octocrab::Error) -> Option<u16> {
    match error {
        octocrab::Error::GitHub { source, .. } => {
            let status = source.status_code.as_u16();
            matches!(status, 403 | 404).then_some(status)
        }
        _ => None,
    }
}

fn api(environment: &Environment, error: &octocrab::Error) -> CheckRunError {
    CheckRunError::Api {
        url: environment.api_url.clone(),
        message: describe(error, &environment.token),
    }
}

/// An error of octocrab with the causes its text does not already give, and never the
/// token, should it appear in one.
fn describe(error: &octocrab::Error, token: &Token) -> String {
    let mut text = match error {
        octocrab::Error::GitHub { source, .. } => {
            format!("HTTP {}: {}", source.status_code.as_u16(), source.message)
        }
        other => other.to_string(),
    };
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        let said = inner.to_string();
        if !text.contains(&said) {
            let _ = write!(text, ": {said}");
        }
        cause = inner.source();
    }
    if token.0.is_empty() {
        text
    } else {
        text.replace(&token.0, "<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_stays_out_of_debug_output() {
        let environment = Environment {
            token: Token("ghs_secret".into()),
            owner: "o".into(),
            repo: "r".into(),
            sha: "0".repeat(40),
            api_url: "http://127.0.0.1:1".into(),
        };
        assert!(!format!("{environment:?}").contains("ghs_secret"));
    }

    #[test]
    fn batches_hold_at_most_fifty() {
        let annotation = |i| CheckRunOutputAnnotation {
            path: format!("{i}.yaml"),
            start_line: 1,
            end_line: 1,
            start_column: None,
            end_column: None,
            annotation_level: CheckRunOutputAnnotationLevel::Notice,
            message: "m".into(),
            title: None,
            raw_details: None,
        };
        let mut all: Vec<_> = (0..120).map(annotation).collect();
        let sizes: Vec<usize> =
            std::iter::from_fn(|| (!all.is_empty()).then(|| take_batch(&mut all).len())).collect();
        assert_eq!(sizes, [50, 50, 20]);
    }
}
