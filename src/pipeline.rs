//! The pipeline, step by step: configuration, source, artefacts, input, engine, triage.
//! Every command that evaluates a repository goes through `evaluate`.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use crate::artefacts::Repository;
use crate::config::{Config, ConfigError};
use crate::engine::{self, Engine, EngineError};
use crate::finding::Finding;
use crate::source::{self, CONFIG_FILE, SourceError};
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
    #[error("the custom policy directory `{0}` is not inside the repository")]
    #[diagnostic(
        code(irready::config),
        help("name custom policy directories by their path from the repository root")
    )]
    PolicyOutsideRoot(String),
}

/// What the caller decides: the evaluation date and where the configuration is.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The evaluation date; otherwise the configuration's `now`, otherwise today (UTC).
    pub now: Option<String>,
    /// A configuration file other than `irready.yaml` at the root.
    pub config: Option<PathBuf>,
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
}

/// Evaluates the work tree at `root`.
pub fn evaluate(root: &Path, options: &Options) -> Result<Evaluation, Error> {
    let started = std::time::Instant::now();
    let config = read_config(root, options)?;
    let custom = custom_policies(root, &config)?;
    let engine = Engine::new(custom)?;
    tracing::debug!(
        "loaded {} rules in {:.1?}",
        engine.rules().len(),
        started.elapsed()
    );

    let files = source::work_tree(root)?;
    let revision = source::head_revision(root);
    tracing::debug!("listed {} files in {:.1?}", files.len(), started.elapsed());

    let repository = Repository::read(files);
    tracing::debug!(
        "read {} artefacts in {:.1?}",
        repository.artefacts.len(),
        started.elapsed()
    );
    run(engine, config, repository, revision, options)
}

/// The steps after reading: input, engine, waivers, triage.
pub fn run(
    mut engine: Engine,
    config: Config,
    repository: Repository,
    revision: Option<String>,
    options: &Options,
) -> Result<Evaluation, Error> {
    let topics = engine.topics()?;
    let settings = config.resolve(engine.rules(), &topics)?;
    let now = options
        .now
        .clone()
        .or_else(|| config.now.clone())
        .unwrap_or_else(today);

    let started = std::time::Instant::now();
    let mut input = input::build(&repository, &config, &settings, &now, None);
    tracing::debug!("built the input in {:.1?}", started.elapsed());
    let mut raw = engine.evaluate(&input)?;
    raw.retain(|f| !config.rules.get(&f.rule).is_some_and(|r| r.off));

    tracing::debug!("evaluated the rules in {:.1?}", started.elapsed());

    // Waivers are judged on the findings themselves; they need nothing else of the input.
    let findings: Vec<Json> = raw
        .iter()
        .map(|f| serde_json::json!({"rule": f.rule, "path": f.path}))
        .collect();
    let waiver_input = serde_json::json!({
        "now": input["now"].take(),
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
        now,
        revision,
        findings,
        repository,
        engine,
        config,
    })
}

/// The engine with the custom policies of the repository at `root`, for commands that list
/// or explain rules without evaluating.
pub fn engine_for(root: &Path, config: Option<&Path>) -> Result<Engine, Error> {
    Ok(Engine::new(repository_policies(root, config)?)?)
}

/// The custom policies, tests included, that the configuration of `root` names.
pub fn repository_policies(
    root: &Path,
    config: Option<&Path>,
) -> Result<Vec<engine::Policy>, Error> {
    let options = Options {
        now: None,
        config: config.map(Path::to_owned),
    };
    let config = read_config(root, &options)?;
    custom_policies(root, &config)
}

fn read_config(root: &Path, options: &Options) -> Result<Config, Error> {
    let (path, label) = match &options.config {
        Some(path) => (path.clone(), display_path(root, path)),
        None => (root.join(CONFIG_FILE), CONFIG_FILE.to_owned()),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && options.config.is_none() => {
            return Ok(Config {
                path: label,
                ..Config::default()
            });
        }
        Err(source) => return Err(SourceError::Unreadable { path, source }.into()),
    };
    Ok(Config::parse(&label, &text)?)
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

fn custom_policies(root: &Path, config: &Config) -> Result<Vec<engine::Policy>, Error> {
    let mut policies = Vec::new();
    for dir in &config.policies {
        let escapes =
            Path::new(dir).is_absolute() || dir.split(['/', '\\']).any(|part| part == "..");
        if escapes {
            return Err(Error::PolicyOutsideRoot(dir.clone()));
        }
        policies.extend(engine::custom_policies(root, Path::new(dir))?);
    }
    Ok(policies)
}

/// Today's date in UTC.
pub fn today() -> String {
    let days = jiff::Timestamp::now().as_second().div_euclid(86_400);
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days))
        .map_or_else(|_| "1970-01-01".to_owned(), |date| date.to_string())
}
