//! The pipeline, step by step: configuration, source, artefacts, history, input, engine,
//! triage. Every command that evaluates a repository goes through `evaluate`; a pull request
//! goes through `evaluate` with a base, which evaluates both sides with the base's rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use crate::artefacts::Repository;
use crate::config::{Config, ConfigError};
use crate::engine::{Engine, EngineError, Policy};
use crate::finding::Finding;
use crate::git::{self, Git, GitError};
use crate::history;
use crate::source::{CONFIG_FILE, Snapshot, SourceError};
use crate::{input, triage};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Git(#[from] GitError),
    #[error("the custom policy directory `{0}` is not inside the repository")]
    #[diagnostic(
        code(irready::config),
        help("name custom policy directories by their path from the repository root")
    )]
    PolicyOutsideRoot(String),
}

/// What the caller decides: what to evaluate, as of when, and against what.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The evaluation date; otherwise the configuration's `now`, otherwise today (UTC).
    pub now: Option<String>,
    /// A configuration file other than `irready.yaml` at the root.
    pub config: Option<PathBuf>,
    /// Evaluate this revision, read from git objects, instead of the work tree.
    pub rev: Option<String>,
    /// Evaluate the last commit at or before the end of this day, as of this day: in the
    /// history of `rev` when it is given too, otherwise of `HEAD`.
    pub at: Option<String>,
    /// Report only the findings introduced since this revision, judged by its rules.
    pub base: Option<String>,
}

/// The outcome of evaluating a repository.
#[derive(Debug)]
pub struct Evaluation {
    pub now: String,
    pub revision: Option<String>,
    pub findings: Vec<Finding>,
    pub repository: Repository,
    pub engine: Engine,
    pub config: Config,
    /// With a base: the revision compared against and what the change fixed.
    pub base: Option<Base>,
    /// Where the plan repository is inside its git repository: empty, or ending in `/`.
    pub prefix: String,
}

/// The base of a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    pub revision: String,
    /// Findings of the base that the change no longer has.
    pub fixed: usize,
}

/// Evaluates the plan repository at `root`: its work tree, or a revision of it.
pub fn evaluate(root: &Path, options: &Options) -> Result<Evaluation, Error> {
    let git = Git::discover(root).ok();
    evaluate_in(root, git.as_ref(), options)
}

/// The same, with the git repository already open: evaluations of many revisions of one
/// repository (a timeline) share its caches.
pub fn evaluate_in(root: &Path, git: Option<&Git>, options: &Options) -> Result<Evaluation, Error> {
    let (snapshot, at) = target(root, git, options)?;
    let now_of = |config: &Config| {
        options
            .now
            .clone()
            .or_else(|| at.clone())
            .or_else(|| config.now.clone())
            .unwrap_or_else(today)
    };
    if let Some(base) = &options.base {
        let git = require(git, root)?;
        return evaluate_change(root, git, &snapshot, base, options, &now_of);
    }
    let (config, engine) = rules_of(root, git, &snapshot, options)?;
    let now = now_of(&config);
    assess(git, &snapshot, config, engine, &now, None)
}

/// The snapshot the options name, and the date `--at` sets.
fn target(
    root: &Path,
    git: Option<&Git>,
    options: &Options,
) -> Result<(Snapshot, Option<String>), Error> {
    if let Some(date) = &options.at {
        let git = require(git, root)?;
        // With `rev` too, the date is looked up in the history of that revision (the report's
        // chart of a revision); the command line lets a person give only one of them.
        let head = git.resolve(options.rev.as_deref().unwrap_or("HEAD"))?;
        let cutoff = git::end_of_day(date).unwrap_or(i64::MAX);
        let commit = git
            .last_commit_before(head, cutoff)?
            .ok_or_else(|| GitError::NothingBefore { date: date.clone() })?;
        return Ok((Snapshot::commit(git, commit.id)?, Some(date.clone())));
    }
    if let Some(rev) = &options.rev {
        let git = require(git, root)?;
        return Ok((Snapshot::commit(git, git.resolve(rev)?)?, None));
    }
    Ok((Snapshot::WorkTree(root.to_owned()), None))
}

fn require<'g>(git: Option<&'g Git>, root: &Path) -> Result<&'g Git, Error> {
    git.ok_or_else(|| {
        Error::Git(GitError::NotARepository {
            path: root.to_owned(),
            message: "no .git found here or above".into(),
        })
    })
}

/// The configuration and the policies that judge a snapshot: its own, or `--config`.
fn rules_of(
    root: &Path,
    git: Option<&Git>,
    snapshot: &Snapshot,
    options: &Options,
) -> Result<(Config, Engine), Error> {
    let config = read_config(root, git, snapshot, options)?;
    let custom = custom_policies(git, snapshot, &config)?;
    let engine = Engine::new(custom)?;
    Ok((config, engine))
}

/// Reads, evaluates and triages a snapshot with the given rules.
pub fn assess(
    git: Option<&Git>,
    snapshot: &Snapshot,
    config: Config,
    mut engine: Engine,
    now: &str,
    change: Option<Json>,
) -> Result<Evaluation, Error> {
    let started = std::time::Instant::now();
    let repository = Repository::read(snapshot.files(git)?);
    tracing::debug!(
        "read {} artefacts in {:.1?}",
        repository.artefacts.len(),
        started.elapsed()
    );

    let commit = snapshot.commit_id(git);
    let history = match (git, commit) {
        (Some(git), Some(commit)) => history::read(git, commit, &history_request(&repository))?,
        (Some(_), None) => history::unavailable("the repository has no commits yet"),
        (None, _) => history::unavailable("the plan repository is not a git repository"),
    };
    tracing::debug!("read the history in {:.1?}", started.elapsed());

    let topics = engine.topics()?;
    let settings = config.resolve(engine.rules(), &topics)?;
    let mut input = input::build(&repository, &config, &settings, now, Some(history));
    if let Some(change) = change {
        input["change"] = change;
    }
    let mut raw = engine.evaluate(&input)?;
    raw.retain(|f| !config.rules.get(&f.rule).is_some_and(|r| r.off));
    tracing::debug!("evaluated the rules in {:.1?}", started.elapsed());

    // Waivers are judged on the findings themselves; they need nothing else of the input.
    let findings: Vec<Json> = raw
        .iter()
        .map(|f| json!({"rule": f.rule, "path": f.path}))
        .collect();
    let waiver_input = json!({
        "now": now,
        "waivers": input["waivers"].take(),
        "config": input["config"].take(),
        "findings": findings,
    });
    let (mut waiver_findings, waived) = engine.evaluate_waivers(&waiver_input)?;
    waiver_findings.retain(|f| !config.rules.get(&f.rule).is_some_and(|r| r.off));
    raw.extend(waiver_findings);

    let findings = triage::triage(raw, &waived, &engine, &repository, &config);
    tracing::debug!(
        "triaged {} findings in {:.1?}",
        findings.len(),
        started.elapsed()
    );
    Ok(Evaluation {
        now: now.to_owned(),
        revision: commit.map(|c| c.to_string()),
        findings,
        repository,
        engine,
        config,
        base: None,
        prefix: git.map(|g| g.prefix().to_owned()).unwrap_or_default(),
    })
}

/// What the history step is asked: the governed documents, resolutions and artefacts.
fn history_request(repository: &Repository) -> history::Request {
    let governed = ["policy", "security-policy", "plan", "procedure"];
    let documents = repository
        .artefacts
        .iter()
        .filter(|a| governed.contains(&a.kind.as_str()))
        .filter_map(|a| {
            let text = repository.texts.get(&a.path)?;
            Some(history::Tracked {
                path: a.path.clone(),
                text: text.text.to_string(),
            })
        })
        .collect();
    let resolutions = repository
        .artefacts
        .iter()
        .filter_map(|a| match a.kind.as_str() {
            "exercise" => a.data.get("findings"),
            "post-incident-review" => a.data.get("improvements"),
            _ => None,
        })
        .filter_map(Json::as_array)
        .flatten()
        .filter_map(|item| item.get("resolved_by").and_then(Json::as_str))
        .map(str::to_owned)
        .collect();
    let artefacts = repository
        .artefacts
        .iter()
        .map(|a| a.path.clone())
        .collect();
    history::Request {
        documents,
        resolutions,
        artefacts,
    }
}

/// Evaluates a change: the base and the head, both with the base's configuration and
/// policies, keeping only the head's findings that the base did not have.
fn evaluate_change(
    root: &Path,
    git: &Git,
    head: &Snapshot,
    base: &str,
    options: &Options,
    now_of: &dyn Fn(&Config) -> String,
) -> Result<Evaluation, Error> {
    let base_id = git.resolve(base)?;
    let fork_point = head
        .commit_id(Some(git))
        .and_then(|head| git.merge_base(base_id, head))
        .unwrap_or(base_id);
    let base_snapshot = Snapshot::commit(git, fork_point)?;
    let (config, engine) = rules_of(root, Some(git), &base_snapshot, options)?;
    let now = now_of(&config);
    let change = changes_to_rules(git, &base_snapshot, head, &config, options)?;

    let before = assess(
        Some(git),
        &base_snapshot,
        config.clone(),
        engine.clone(),
        &now,
        None,
    )?;
    let mut after = assess(Some(git), head, config, engine, &now, Some(change))?;

    let known: BTreeSet<Fingerprint> = before
        .findings
        .iter()
        .map(|f| fingerprint(f, &before.repository))
        .collect();
    let current: BTreeSet<Fingerprint> = after
        .findings
        .iter()
        .map(|f| fingerprint(f, &after.repository))
        .collect();
    let fixed = known.difference(&current).count();
    let repository = &after.repository;
    after
        .findings
        .retain(|f| !known.contains(&fingerprint(f, repository)));
    after.base = Some(Base {
        revision: fork_point.to_string(),
        fixed,
    });
    Ok(after)
}

/// A finding as a change sees it: by rule, artefact and message, not by line.
type Fingerprint = (String, String, String);

fn fingerprint(finding: &Finding, repository: &Repository) -> Fingerprint {
    let artefact = finding.path.as_deref().map_or_else(String::new, |path| {
        repository
            .artefact(path)
            .map_or_else(|| path.to_owned(), |a| format!("{}:{}", a.kind, a.id))
    });
    (finding.rule.clone(), artefact, finding.message.clone())
}

/// How the change alters the rules that judge it: its configuration and custom policies.
fn changes_to_rules(
    git: &Git,
    base: &Snapshot,
    head: &Snapshot,
    config: &Config,
    options: &Options,
) -> Result<Json, Error> {
    let config_changed = options.config.is_none()
        && base.read(Some(git), CONFIG_FILE)? != head.read(Some(git), CONFIG_FILE)?;
    let head_config = match head.read(Some(git), CONFIG_FILE)? {
        Some(text) if options.config.is_none() => Config::parse(CONFIG_FILE, &text).ok(),
        _ => None,
    };
    let mut dirs: BTreeSet<&String> = config.policies.iter().collect();
    if let Some(head_config) = &head_config {
        dirs.extend(head_config.policies.iter());
    }
    let mut changed = Vec::new();
    for dir in dirs {
        let before: BTreeMap<String, String> =
            base.rego_files(Some(git), dir)?.into_iter().collect();
        let after: BTreeMap<String, String> =
            head.rego_files(Some(git), dir)?.into_iter().collect();
        let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        changed.extend(
            paths
                .into_iter()
                .filter(|p| before.get(*p) != after.get(*p))
                .cloned(),
        );
    }
    Ok(json!({
        "config_changed": config_changed,
        "policies_changed": changed,
    }))
}

fn read_config(
    root: &Path,
    git: Option<&Git>,
    snapshot: &Snapshot,
    options: &Options,
) -> Result<Config, Error> {
    let Some(path) = &options.config else {
        return match snapshot.read(git, CONFIG_FILE)? {
            Some(text) => Ok(Config::parse(CONFIG_FILE, &text)?),
            None => Ok(Config {
                path: CONFIG_FILE.to_owned(),
                ..Config::default()
            }),
        };
    };
    let text = std::fs::read_to_string(path).map_err(|source| SourceError::Unreadable {
        path: path.clone(),
        source,
    })?;
    Ok(Config::parse(&display_path(root, path), &text)?)
}

/// A path as findings name it: from the repository root when it is inside it.
fn display_path(root: &Path, path: &Path) -> String {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_owned());
    let (root, full) = (canonical(root), canonical(path));
    full.strip_prefix(&root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn custom_policies(
    git: Option<&Git>,
    snapshot: &Snapshot,
    config: &Config,
) -> Result<Vec<Policy>, Error> {
    let mut policies = Vec::new();
    for dir in &config.policies {
        let escapes =
            Path::new(dir).is_absolute() || dir.split(['/', '\\']).any(|part| part == "..");
        if escapes {
            return Err(Error::PolicyOutsideRoot(dir.clone()));
        }
        let files = snapshot.rego_files(git, dir)?;
        policies.extend(files.into_iter().map(|(path, text)| Policy {
            path,
            text,
            custom: true,
        }));
    }
    Ok(policies)
}

/// The engine with the custom policies of the repository at `root`, for commands that list
/// or explain rules without evaluating.
pub fn engine_for(root: &Path, config: Option<&Path>) -> Result<Engine, Error> {
    Ok(Engine::new(repository_policies(root, config)?)?)
}

/// The custom policies, tests included, that the configuration of `root` names.
pub fn repository_policies(root: &Path, config: Option<&Path>) -> Result<Vec<Policy>, Error> {
    let options = Options {
        config: config.map(Path::to_owned),
        ..Options::default()
    };
    let snapshot = Snapshot::WorkTree(root.to_owned());
    let config = read_config(root, None, &snapshot, &options)?;
    custom_policies(None, &snapshot, &config)
}

/// Today's date in UTC.
pub fn today() -> String {
    git::date_of(jiff::Timestamp::now().as_second())
}
