//! The policy engine: regorus evaluating the built-in policies, embedded from `policies/`,
//! and any custom policy directories, with the metadata each package declares for its rules.

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::clauses;
use crate::finding::{Raw, Severity};

include!(concat!(env!("OUT_DIR"), "/policies.rs"));

/// The package of waiver triage, evaluated after every other package has yielded its findings.
pub const WAIVERS_PACKAGE: &str = "data.irready.waivers";

/// The clause of rules that keep the repository readable and serve no clause in particular.
pub const ANY_CLAUSE: &str = "any";

/// How long one evaluation may run before a runaway policy is stopped.
const EVALUATION_LIMIT: Duration = Duration::from_secs(60);

/// A finding covered by a waiver: the index of the finding and that of the waiver.
pub type Covered = (usize, usize);

/// A Rego file: built in or from a custom directory.
#[derive(Clone, Debug)]
pub struct Policy {
    pub path: String,
    pub text: String,
    pub custom: bool,
}

impl Policy {
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
}

/// The built-in policies and their tests.
pub fn builtin_policies() -> Vec<Policy> {
    POLICY_FILES
        .iter()
        .map(|(path, text)| Policy {
            path: (*path).to_owned(),
            text: (*text).to_owned(),
            custom: false,
        })
        .collect()
}

/// The documentation and defaults of a rule, declared beside it in its package's `rules`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(default)]
    pub id: String,
    pub clause: String,
    pub severity: Severity,
    pub title: String,
    /// One sentence on how to fix a finding: the help line of every diagnostic.
    pub remediation: String,
    /// What the rule checks.
    #[serde(default)]
    pub checks: String,
    /// Why it matters for readiness.
    #[serde(default)]
    pub why: String,
    /// How to fix it, at more length than the remediation.
    #[serde(default)]
    pub fix: String,
    /// An artefact that the rule flags.
    #[serde(default)]
    pub failing: String,
    /// The same artefact, mended.
    #[serde(default)]
    pub passing: String,
    /// Thresholds and lists the configuration may change, with their defaults.
    #[serde(default)]
    pub settings: BTreeMap<String, Setting>,
    /// The package that declares the rule.
    #[serde(default)]
    pub package: String,
    #[serde(default)]
    pub custom: bool,
}

/// A setting of a rule: its default and what it means.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub default: Json,
    pub about: String,
}

impl Rule {
    /// The sections `irready explain` prints; a rule lacking one is incomplete.
    pub fn missing_sections(&self) -> Vec<&'static str> {
        [
            ("checks", &self.checks),
            ("why", &self.why),
            ("fix", &self.fix),
            ("failing", &self.failing),
            ("passing", &self.passing),
        ]
        .into_iter()
        .filter(|(_, text)| text.trim().is_empty())
        .map(|(name, _)| name)
        .collect()
    }

    pub fn defaults(&self) -> serde_json::Map<String, Json> {
        self.settings
            .iter()
            .map(|(name, setting)| (name.clone(), setting.default.clone()))
            .collect()
    }
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EngineError {
    #[error("cannot read the policy directory {}: {source}", path.display())]
    #[diagnostic(
        code(irready::policy),
        help("check the `policies` list of irready.yaml")
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the policy {path} does not load:\n{message}")]
    #[diagnostic(code(irready::policy), help("fix the Rego syntax at the place shown"))]
    Load { path: String, message: String },
    #[error("evaluating {package} failed:\n{message}")]
    #[diagnostic(
        code(irready::policy),
        help(
            "a policy failed at run time; if it is a custom policy, fix it, otherwise report a bug"
        )
    )]
    Evaluation { package: String, message: String },
    #[error("the rule `{id}` in {package} is invalid: {message}")]
    #[diagnostic(
        code(irready::policy),
        help("each entry of `rules` needs a known clause, a severity, a title and a remediation")
    )]
    Metadata {
        id: String,
        package: String,
        message: String,
    },
    #[error("the rule `{id}` is declared twice: in {first} and in {second}")]
    #[diagnostic(code(irready::policy), help("rule ids are global: rename one of them"))]
    DuplicateRule {
        id: String,
        first: String,
        second: String,
    },
    #[error("the custom policy {path} declares {package}, a package of irready's own")]
    #[diagnostic(
        code(irready::policy),
        help("name custom packages after your organisation, such as `package example.irt_hours`")
    )]
    ReservedPackage { path: String, package: String },
    #[error("{package} yields findings for `{id}`, which no package declares in `rules`")]
    #[diagnostic(
        code(irready::policy),
        help("declare the rule's metadata in `rules` beside it")
    )]
    UndeclaredRule { id: String, package: String },
}

/// Policies loaded into regorus, with the metadata of every rule.
#[derive(Clone)]
pub struct Engine {
    regorus: regorus::Engine,
    rules: Vec<Rule>,
    /// Packages that declare rules, evaluated in this order.
    packages: Vec<String>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("rules", &self.rules.len())
            .field("packages", &self.packages)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// The built-in policies and the custom ones; tests are left out.
    pub fn new(custom: Vec<Policy>) -> Result<Self, EngineError> {
        let policies = builtin_policies().into_iter().chain(custom);
        Self::load(policies.filter(|p| !p.is_test()))
    }

    pub fn load(policies: impl IntoIterator<Item = Policy>) -> Result<Self, EngineError> {
        let mut engine = regorus::Engine::new();
        engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
            limit: EVALUATION_LIMIT,
            check_interval: NonZeroU32::MIN.saturating_add(999),
        });
        let mut custom_packages = BTreeSet::new();
        for policy in policies {
            let package = engine
                .add_policy(policy.path.clone(), policy.text)
                .map_err(|e| EngineError::Load {
                    path: policy.path.clone(),
                    message: e.to_string(),
                })?;
            if policy.custom {
                if package == "data.irready" || package.starts_with("data.irready.") {
                    return Err(EngineError::ReservedPackage {
                        path: policy.path,
                        package,
                    });
                }
                custom_packages.insert(package);
            }
        }
        let mut loaded = Self {
            regorus: engine,
            rules: Vec::new(),
            packages: Vec::new(),
        };
        loaded.read_rules(&custom_packages)?;
        Ok(loaded)
    }

    fn read_rules(&mut self, custom: &BTreeSet<String>) -> Result<(), EngineError> {
        let packages = self.regorus.get_packages().map_err(|e| EngineError::Load {
            path: "policies".into(),
            message: e.to_string(),
        })?;
        let mut declared: BTreeMap<String, Rule> = BTreeMap::new();
        for package in packages {
            let Some(rules) = self.query(&format!("{package}.rules"), &package)? else {
                continue;
            };
            let rules: BTreeMap<String, Json> =
                serde_json::from_value(rules).map_err(|e| EngineError::Metadata {
                    id: "rules".into(),
                    package: package.clone(),
                    message: e.to_string(),
                })?;
            for (id, meta) in rules {
                let rule = parse_rule(&id, meta, &package, custom.contains(&package))?;
                if let Some(first) = declared.get(&id) {
                    return Err(EngineError::DuplicateRule {
                        id,
                        first: first.package.clone(),
                        second: package,
                    });
                }
                declared.insert(id, rule);
            }
            if package != WAIVERS_PACKAGE {
                self.packages.push(package);
            }
        }
        self.rules = declared.into_values().collect();
        Ok(())
    }

    fn query(&mut self, query: &str, package: &str) -> Result<Option<Json>, EngineError> {
        let results = self
            .regorus
            .eval_query(query.to_owned(), false)
            .map_err(|e| EngineError::Evaluation {
                package: package.to_owned(),
                message: e.to_string(),
            })?;
        let Some(value) = results
            .result
            .into_iter()
            .next()
            .and_then(|r| r.expressions.into_iter().next())
        else {
            return Ok(None);
        };
        Ok(Some(to_json(&value.value)))
    }

    /// The body topics that headings are matched against.
    pub fn topics(&mut self) -> Result<Vec<String>, EngineError> {
        let aliases = self.query("data.irready.lib.default_aliases", "data.irready.lib")?;
        Ok(aliases
            .and_then(|a| a.as_object().map(|o| o.keys().cloned().collect()))
            .unwrap_or_default())
    }

    /// Every rule, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|rule| rule.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// Evaluates every rule package on `input`; the findings in a stable order.
    pub fn evaluate(&mut self, input: &Json) -> Result<Vec<Raw>, EngineError> {
        self.regorus.set_input(regorus::Value::from(input.clone()));
        let mut findings = Vec::new();
        for package in self.packages.clone() {
            let started = std::time::Instant::now();
            let yielded = self.findings(&package)?;
            tracing::debug!(
                "{package}: {} findings in {:.1?}",
                yielded.len(),
                started.elapsed()
            );
            findings.extend(yielded);
        }
        findings.sort();
        findings.dedup();
        Ok(findings)
    }

    /// Evaluates waiver triage on `input`, which carries the findings to waive:
    /// the waiver findings, and the pairs `(finding index, waiver index)` of waived findings.
    pub fn evaluate_waivers(
        &mut self,
        input: &Json,
    ) -> Result<(Vec<Raw>, Vec<Covered>), EngineError> {
        self.regorus.set_input(regorus::Value::from(input.clone()));
        let findings = self.findings(WAIVERS_PACKAGE)?;
        let waived = self
            .query(&format!("{WAIVERS_PACKAGE}.waived"), WAIVERS_PACKAGE)?
            .unwrap_or(Json::Array(Vec::new()));
        let waived = serde_json::from_value(waived).map_err(|e| EngineError::Evaluation {
            package: WAIVERS_PACKAGE.into(),
            message: e.to_string(),
        })?;
        Ok((findings, waived))
    }

    fn findings(&mut self, package: &str) -> Result<Vec<Raw>, EngineError> {
        let value = self
            .regorus
            .eval_rule(format!("{package}.findings"))
            .map_err(|e| EngineError::Evaluation {
                package: package.to_owned(),
                message: e.to_string(),
            })?;
        if value == regorus::Value::Undefined {
            return Ok(Vec::new());
        }
        let findings: Vec<Raw> =
            serde_json::from_value(to_json(&value)).map_err(|e| EngineError::Evaluation {
                package: package.to_owned(),
                message: format!("a finding does not have the finding shape: {e}"),
            })?;
        if let Some(unknown) = findings.iter().find(|f| self.rule(&f.rule).is_none()) {
            return Err(EngineError::UndeclaredRule {
                id: unknown.rule.clone(),
                package: package.to_owned(),
            });
        }
        Ok(findings)
    }
}

fn parse_rule(id: &str, meta: Json, package: &str, custom: bool) -> Result<Rule, EngineError> {
    let invalid = |message: String| EngineError::Metadata {
        id: id.to_owned(),
        package: package.to_owned(),
        message,
    };
    let mut rule: Rule = serde_json::from_value(meta).map_err(|e| invalid(e.to_string()))?;
    if !is_rule_id(id) {
        return Err(invalid(
            "an id is lower-case words joined by hyphens".into(),
        ));
    }
    if rule.clause != ANY_CLAUSE && clauses::title(&rule.clause).is_none() {
        return Err(invalid(format!(
            "`{}` is not a clause of ISO/IEC 27035-2:2023",
            rule.clause
        )));
    }
    if rule.title.trim().is_empty() || rule.remediation.trim().is_empty() {
        return Err(invalid(
            "the title and the remediation must not be empty".into(),
        ));
    }
    id.clone_into(&mut rule.id);
    package.clone_into(&mut rule.package);
    rule.custom = custom;
    Ok(rule)
}

fn is_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A regorus value as JSON; sets become arrays.
pub fn to_json(value: &regorus::Value) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// The outcome of one Rego test rule.
#[derive(Debug)]
pub struct TestOutcome {
    pub file: String,
    pub name: String,
    /// `None` when it passed; why it failed otherwise.
    pub failure: Option<String>,
}

/// Line coverage of the policies by their tests.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Per policy file: lines evaluated, lines not evaluated.
    pub files: BTreeMap<String, (usize, usize)>,
}

impl Coverage {
    pub fn percent(&self) -> f64 {
        let (covered, missed) = self
            .files
            .values()
            .fold((0, 0), |(c, m), (fc, fm)| (c + fc, m + fm));
        #[allow(clippy::cast_precision_loss, reason = "line counts are small")]
        let percent = 100.0 * covered as f64 / (covered + missed).max(1) as f64;
        percent
    }
}

/// Runs every `test_*` rule of the `_test.rego` files among `policies`, with the line coverage
/// of the policies of the same origin (built in, or custom) as the tests.
pub fn run_tests(policies: &[Policy]) -> Result<(Vec<TestOutcome>, Coverage), EngineError> {
    let tested_custom = policies.iter().any(|p| p.is_test() && p.custom);
    let measured: BTreeSet<&String> = policies
        .iter()
        .filter(|p| p.custom == tested_custom)
        .map(|p| &p.path)
        .collect();
    let mut engine = regorus::Engine::new();
    let mut tests = Vec::new();
    for policy in policies {
        let package = engine
            .add_policy(policy.path.clone(), policy.text.clone())
            .map_err(|e| EngineError::Load {
                path: policy.path.clone(),
                message: e.to_string(),
            })?;
        if policy.is_test() {
            tests.extend(
                test_names(&policy.text).map(|name| (policy.path.clone(), package.clone(), name)),
            );
        }
    }
    engine.set_enable_coverage(true);
    let outcomes = tests
        .into_iter()
        .map(|(file, package, name)| {
            let failure = match engine.eval_rule(format!("{package}.{name}")) {
                Ok(regorus::Value::Bool(true)) => None,
                Ok(regorus::Value::Undefined) => Some("undefined: a condition did not hold".into()),
                Ok(other) => Some(format!("evaluated to {other}")),
                Err(e) => Some(format!("{e:?}")),
            };
            TestOutcome {
                file,
                name,
                failure,
            }
        })
        .collect();
    let report = engine
        .get_coverage_report()
        .map_err(|e| EngineError::Evaluation {
            package: "coverage".into(),
            message: e.to_string(),
        })?;
    let files = report
        .files
        .into_iter()
        .filter(|file| !file.path.ends_with("_test.rego") && measured.contains(&file.path))
        .map(|file| (file.path, (file.covered.len(), file.not_covered.len())))
        .collect();
    Ok((outcomes, Coverage { files }))
}

/// The names of the rules of a test file that start with `test_`.
fn test_names(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|line| {
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        (name.starts_with("test_") && line[name.len()..].trim_start().starts_with("if"))
            .then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_kebab_case() {
        assert!(is_rule_id("imt-role-no-deputy"));
        assert!(!is_rule_id("IMT-role"));
        assert!(!is_rule_id("imt--role"));
        assert!(!is_rule_id(""));
    }

    #[test]
    fn test_names_are_found() {
        let text = "test_a if {\n}\ntest_b_2 if true\nnot_a_test if true\n# test_c if\n";
        assert_eq!(test_names(text).collect::<Vec<_>>(), ["test_a", "test_b_2"]);
    }
}
