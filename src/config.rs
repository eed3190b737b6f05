//! The configuration, `irready.yaml` at the root of the plan repository: the evaluation
//! date, per-rule settings, extra topic aliases, custom policy directories and waivers.
//!
//! Reading it is strict: an unknown key, an unknown rule id or a malformed value is an error
//! that points at the line, because a silently ignored setting is worse than none.

use std::collections::BTreeMap;
use std::ops::Range;

use miette::{NamedSource, SourceSpan};
use serde_json::{Map, Value as Json};

use crate::artefacts::schema::{escape, is_date, is_duration};
use crate::artefacts::yaml::{self, Node, Value};
use crate::engine::Rule;
use crate::finding::Severity;

/// A configuration file that cannot be used, with the place to fix.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct ConfigError(Box<Details>);

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(irready::config))]
pub struct Details {
    message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    #[help]
    help: Option<String>,
}

/// The per-rule part of the configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleConfig {
    pub severity: Option<Severity>,
    pub off: bool,
    /// Settings by name, as written; checked against the rule's defaults by `resolve`.
    settings: Vec<(String, Range<usize>, Node)>,
    span: Range<usize>,
}

/// A waiver: findings of a rule, optionally under a path, accepted until a date.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Waiver {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub reason: String,
    pub approved_by: String,
    pub expires: String,
}

impl std::fmt::Display for Waiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (approved by {}, until {})",
            self.reason, self.approved_by, self.expires
        )
    }
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The path findings about the configuration name, relative to the repository if inside it.
    pub path: String,
    pub text: String,
    pub root: Option<Node>,
    pub now: Option<String>,
    pub rules: BTreeMap<String, RuleConfig>,
    pub topics: BTreeMap<String, Vec<String>>,
    pub policies: Vec<String>,
    pub waivers: Vec<Waiver>,
}

/// Settings of every rule, defaults merged with the configuration, for the policies.
pub type Settings = Map<String, Json>;

impl Config {
    /// Reads a configuration text; `path` names it in findings and errors.
    pub fn parse(path: &str, text: &str) -> Result<Self, ConfigError> {
        let reader = Reader { path, text };
        let document = yaml::parse(text).map_err(|e| {
            reader.error(
                e.offset..e.offset,
                format!("irready.yaml is not valid YAML: {}", e.message),
                "here",
                None,
            )
        })?;
        if let Some(problem) = document.problems.first() {
            return Err(reader.error(problem.span.clone(), problem.message.clone(), "here", None));
        }
        let root = document.root;
        let mut config = Self {
            path: path.to_owned(),
            text: text.to_owned(),
            ..Self::default()
        };
        if root.value == Value::Null {
            return Ok(config);
        }
        let entries = reader.mapping(&root, "the configuration")?;
        for entry in entries {
            let value = &entry.value;
            match entry.key.as_str() {
                "now" => config.now = Some(reader.date(value)?),
                "rules" => config.rules = reader.rules(value)?,
                "topics" => config.topics = reader.topics(value)?,
                "policies" => config.policies = reader.strings(value)?,
                "waivers" => config.waivers = reader.waivers(value)?,
                other => {
                    return Err(reader.error(
                        entry.key_span.clone(),
                        format!("`{other}` is not a key of irready.yaml"),
                        "unknown key",
                        Some("the keys are now, rules, topics, policies and waivers".into()),
                    ));
                }
            }
        }
        config.root = Some(root);
        Ok(config)
    }

    /// Checks the rule settings, topics and waivers against the rules that exist, and merges
    /// every rule's defaults with its configured settings.
    pub fn resolve(&self, rules: &[Rule], topics: &[String]) -> Result<Settings, ConfigError> {
        let reader = Reader {
            path: &self.path,
            text: &self.text,
        };
        for (id, rule_config) in &self.rules {
            if !rules.iter().any(|r| &r.id == id) {
                return Err(reader.unknown_rule(id, rule_config.span.clone(), rules));
            }
        }
        for (i, waiver) in self.waivers.iter().enumerate() {
            if !rules.iter().any(|r| r.id == waiver.rule) {
                let span = self.span(&format!("/waivers/{i}/rule"));
                return Err(reader.unknown_rule(&waiver.rule, span, rules));
            }
        }
        for topic in self.topics.keys() {
            if !topics.contains(topic) {
                return Err(reader.error(
                    self.span(&format!("/topics/{}", escape(topic))),
                    format!("`{topic}` is not a body topic"),
                    "unknown topic",
                    Some(format!("the topics are {}", topics.join(", "))),
                ));
            }
        }
        let mut settings = Map::new();
        for rule in rules {
            let mut values = rule.defaults();
            if let Some(rule_config) = self.rules.get(&rule.id) {
                for (name, key_span, node) in &rule_config.settings {
                    let Some(setting) = rule.settings.get(name) else {
                        return Err(reader.unknown_setting(rule, name, key_span.clone()));
                    };
                    let value = reader.conforming(node, &setting.default)?;
                    values.insert(name.clone(), value);
                }
            }
            settings.insert(rule.id.clone(), Json::Object(values));
        }
        Ok(settings)
    }

    /// The span of a value of the configuration, or of its nearest parent.
    pub fn span(&self, pointer: &str) -> Range<usize> {
        let Some(root) = &self.root else {
            return 0..0;
        };
        let mut pointer = pointer;
        loop {
            if let Some(node) = root.pointer(pointer) {
                return node.span.clone();
            }
            match pointer.rsplit_once('/') {
                Some((parent, _)) => pointer = parent,
                None => return root.span.clone(),
            }
        }
    }
}

struct Reader<'a> {
    path: &'a str,
    text: &'a str,
}

impl Reader<'_> {
    fn error(
        &self,
        span: Range<usize>,
        message: impl std::fmt::Display,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        ConfigError(Box::new(Details {
            message: format!("{}: {message}", self.path),
            source_code: NamedSource::new(self.path, self.text.to_owned()),
            span: span.into(),
            label: label.to_owned(),
            help,
        }))
    }

    fn expected(&self, node: &Node, what: &str) -> ConfigError {
        self.error(node.span.clone(), format!("expected {what}"), "here", None)
    }

    fn mapping<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [yaml::Entry], ConfigError> {
        node.entries()
            .ok_or_else(|| self.expected(node, &format!("a mapping for {what}")))
    }

    fn string(&self, node: &Node) -> Result<String, ConfigError> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Ok(s.clone()),
            _ => Err(self.expected(node, "text")),
        }
    }

    fn strings(&self, node: &Node) -> Result<Vec<String>, ConfigError> {
        let Value::Seq(items) = &node.value else {
            return Err(self.expected(node, "a list"));
        };
        items.iter().map(|item| self.string(item)).collect()
    }

    fn date(&self, node: &Node) -> Result<String, ConfigError> {
        let text = self.string(node)?;
        if is_date(&text) {
            Ok(text)
        } else {
            Err(self.expected(node, "a date like 2026-12-01"))
        }
    }

    fn rules(&self, node: &Node) -> Result<BTreeMap<String, RuleConfig>, ConfigError> {
        let mut rules = BTreeMap::new();
        for entry in self.mapping(node, "`rules`")? {
            let mut rule = RuleConfig {
                span: entry.key_span.clone(),
                ..RuleConfig::default()
            };
            for setting in
                self.mapping(&entry.value, &format!("the settings of `{}`", entry.key))?
            {
                match setting.key.as_str() {
                    "severity" => {
                        let text = self.string(&setting.value)?;
                        rule.severity = Some(text.parse().map_err(|message: String| {
                            self.error(setting.value.span.clone(), message, "here", None)
                        })?);
                    }
                    "off" => match setting.value.value {
                        Value::Bool(off) => rule.off = off,
                        _ => return Err(self.expected(&setting.value, "true or false")),
                    },
                    name => rule.settings.push((
                        name.to_owned(),
                        setting.key_span.clone(),
                        setting.value.clone(),
                    )),
                }
            }
            rules.insert(entry.key.clone(), rule);
        }
        Ok(rules)
    }

    fn topics(&self, node: &Node) -> Result<BTreeMap<String, Vec<String>>, ConfigError> {
        self.mapping(node, "`topics`")?
            .iter()
            .map(|entry| Ok((entry.key.clone(), self.strings(&entry.value)?)))
            .collect()
    }

    fn waivers(&self, node: &Node) -> Result<Vec<Waiver>, ConfigError> {
        let Value::Seq(items) = &node.value else {
            return Err(self.expected(node, "a list of waivers"));
        };
        items.iter().map(|item| self.waiver(item)).collect()
    }

    fn waiver(&self, node: &Node) -> Result<Waiver, ConfigError> {
        let mut fields: BTreeMap<&str, String> = BTreeMap::new();
        for entry in self.mapping(node, "a waiver")? {
            let key = entry.key.as_str();
            let value = match key {
                "rule" | "path" | "reason" | "approved_by" => self.string(&entry.value)?,
                "expires" => self.date(&entry.value)?,
                other => {
                    return Err(self.error(
                        entry.key_span.clone(),
                        format!("`{other}` is not a key of a waiver"),
                        "unknown key",
                        Some("a waiver has rule, path, reason, approved_by and expires".into()),
                    ));
                }
            };
            fields.insert(key, value);
        }
        let mut take = |key: &str| {
            fields.remove(key).ok_or_else(|| {
                self.error(
                    node.span.clone(),
                    format!("a waiver needs `{key}`"),
                    "this waiver",
                    Some("a waiver names the rule, the reason, the person who approved it and when it expires".into()),
                )
            })
        };
        Ok(Waiver {
            rule: take("rule")?,
            reason: take("reason")?,
            approved_by: take("approved_by")?,
            expires: take("expires")?,
            path: fields.remove("path"),
        })
    }

    fn unknown_rule(&self, id: &str, span: Range<usize>, rules: &[Rule]) -> ConfigError {
        let help = closest(id, rules.iter().map(|r| r.id.as_str())).map_or_else(
            || "`irready rules` lists every rule".to_owned(),
            |c| format!("did you mean `{c}`?"),
        );
        self.error(
            span,
            format!("`{id}` is not a rule"),
            "unknown rule",
            Some(help),
        )
    }

    fn unknown_setting(&self, rule: &Rule, name: &str, span: Range<usize>) -> ConfigError {
        let known: Vec<&str> = ["severity", "off"]
            .into_iter()
            .chain(rule.settings.keys().map(String::as_str))
            .collect();
        self.error(
            span,
            format!("`{name}` is not a setting of `{}`", rule.id),
            "unknown setting",
            Some(format!(
                "the settings of `{}` are {}",
                rule.id,
                known.join(", ")
            )),
        )
    }

    /// The value of a setting, if it has the type of the setting's default.
    fn conforming(&self, node: &Node, default: &Json) -> Result<Json, ConfigError> {
        match default {
            Json::Number(_) => match node.value {
                Value::Int(i) if i >= 0 => Ok(Json::from(i)),
                _ => Err(self.expected(node, "a whole number")),
            },
            Json::Bool(_) => match node.value {
                Value::Bool(b) => Ok(Json::Bool(b)),
                _ => Err(self.expected(node, "true or false")),
            },
            Json::String(text) if is_duration(text) => {
                let value = self.string(node)?;
                if is_duration(&value) {
                    Ok(Json::String(value))
                } else {
                    Err(self.expected(node, "a duration like `12 months` or `30 days`"))
                }
            }
            Json::String(_) => Ok(Json::String(self.string(node)?)),
            Json::Array(_) => Ok(Json::from(self.strings(node)?)),
            Json::Object(defaults) => {
                let mut object = Map::new();
                for entry in self.mapping(node, "this setting")? {
                    let inner = defaults.values().next().unwrap_or(&Json::Null);
                    object.insert(entry.key.clone(), self.conforming(&entry.value, inner)?);
                }
                Ok(Json::Object(object))
            }
            Json::Null => Ok(node.to_json(self.text)),
        }
    }
}

/// The candidate nearest to `word`, if one is near enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_section() {
        let text = "now: 2026-12-01\nrules:\n  review-overdue: {severity: warning}\n  certification-expired: {off: true}\ntopics:\n  escalation: [chain of command]\npolicies: [.irready/policies]\nwaivers:\n  - rule: exercise-overdue\n    path: exercises/\n    reason: moved\n    approved_by: dana\n    expires: 2027-01-31\n";
        let config = Config::parse("irready.yaml", text).unwrap();
        assert_eq!(config.now.as_deref(), Some("2026-12-01"));
        assert_eq!(
            config.rules["review-overdue"].severity,
            Some(Severity::Warning)
        );
        assert!(config.rules["certification-expired"].off);
        assert_eq!(config.topics["escalation"], ["chain of command"]);
        assert_eq!(config.policies, [".irready/policies"]);
        assert_eq!(config.waivers[0].path.as_deref(), Some("exercises/"));
    }

    #[test]
    fn unknown_keys_are_errors_at_their_line() {
        let error = Config::parse("irready.yaml", "now: 2026-12-01\nrulez: {}\n").unwrap_err();
        assert!(error.0.message.contains("`rulez` is not a key"));
        assert_eq!(error.0.span.offset(), 16);
    }

    #[test]
    fn malformed_dates_are_errors() {
        let error = Config::parse("irready.yaml", "now: tomorrow\n").unwrap_err();
        assert!(error.0.message.contains("a date"));
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(
            closest(
                "imt-role-no-deptuy",
                ["imt-role-no-deputy", "plan-missing"].into_iter()
            ),
            Some("imt-role-no-deputy")
        );
        assert_eq!(closest("zzz", ["plan-missing"].into_iter()), None);
    }
}
