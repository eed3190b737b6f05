//! The SARIF 2.1.0 report, for GitHub code scanning: one rule descriptor per rule, one
//! result per finding, located in repository-relative files, with fingerprints that stay
//! the same from run to run while the finding does.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value as Json, json};

use super::location::{Location, Locator};
use crate::engine::{ANY_CLAUSE, Rule};
use crate::finding::{Finding, Severity};
use crate::pipeline::Evaluation;
use crate::text::printable;

/// Where SARIF consumers find out about irready: the repository named in Cargo.toml.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The key of irready's fingerprint in `partialFingerprints`; the suffix is its version.
const FINGERPRINT_KEY: &str = "irready/v1";

pub fn write(evaluation: &Evaluation, locator: &Locator, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(evaluation, locator))?;
    writeln!(out)
}

/// The whole log: one run of irready.
pub fn log(evaluation: &Evaluation, locator: &Locator) -> Json {
    let rules = evaluation.engine.rules();
    let index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut fingerprints = Fingerprints::default();
    let results: Vec<Json> = evaluation
        .findings
        .iter()
        .map(|f| {
            result(
                f,
                index.get(f.rule.as_str()).copied(),
                locator,
                &mut fingerprints,
            )
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "irready",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules.iter().map(descriptor).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "properties": {"now": evaluation.now, "revision": evaluation.revision},
            "results": results,
        }],
    })
}

/// A rule as code scanning lists it: its title, what it checks, and how to fix a finding.
fn descriptor(rule: &Rule) -> Json {
    let level = level(rule.severity);
    json!({
        "id": rule.id,
        "name": pascal_case(&rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": or(&rule.checks, &rule.title)},
        "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": tags(rule),
            "problem.severity": if level == "note" { "recommendation" } else { level },
        },
    })
}

fn tags(rule: &Rule) -> Vec<String> {
    let mut tags = vec!["ISO/IEC 27035-2:2023".to_owned()];
    if rule.clause != ANY_CLAUSE {
        tags.push(format!("clause {}", rule.clause));
    }
    if rule.custom {
        tags.push("custom".to_owned());
    }
    tags
}

fn help_text(rule: &Rule) -> String {
    let mut text = rule.remediation.clone();
    for (heading, body) in [("Why it matters", &rule.why), ("How to fix it", &rule.fix)] {
        if !body.trim().is_empty() {
            let _ = write!(text, "\n\n{heading}: {}", body.trim());
        }
    }
    text
}

fn help_markdown(rule: &Rule) -> String {
    let clause = match crate::clauses::title(&rule.clause) {
        Some(title) => format!("ISO/IEC 27035-2:2023 clause {} ({title})", rule.clause),
        None => "Keeps the plan repository readable (any clause)".to_owned(),
    };
    let mut text = format!("**{}**\n\n{clause}.\n\n{}", rule.title, rule.remediation);
    for (heading, body) in [
        ("What it checks", &rule.checks),
        ("Why it matters", &rule.why),
        ("How to fix it", &rule.fix),
    ] {
        if !body.trim().is_empty() {
            let _ = write!(text, "\n\n## {heading}\n\n{}", body.trim());
        }
    }
    for (heading, example) in [
        ("Failing example", &rule.failing),
        ("Passing example", &rule.passing),
    ] {
        if !example.trim().is_empty() {
            let _ = write!(text, "\n\n## {heading}\n\n```\n{}\n```", example.trim_end());
        }
    }
    text
}

fn result(
    finding: &Finding,
    rule_index: Option<usize>,
    locator: &Locator,
    fingerprints: &mut Fingerprints,
) -> Json {
    let mut result = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": {"text": printable(&finding.message)},
        "partialFingerprints": {FINGERPRINT_KEY: fingerprints.next(finding)},
        "properties": {"clause": finding.clause, "help": finding.help},
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(location) = locator.locate(finding) {
        result["locations"] = json!([physical(&location)]);
    }
    if let Some(reason) = &finding.waiver {
        result["suppressions"] =
            json!([{"kind": "external", "justification": printable(&reason.to_string())}]);
    }
    result
}

fn physical(location: &Location) -> Json {
    let mut region = json!({
        "startLine": location.line,
        "startColumn": location.column,
        "endLine": location.end_line,
    });
    if let Some(end_column) = location.end_column {
        region["endColumn"] = json!(end_column);
    }
    json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(&location.path), "uriBaseId": "%SRCROOT%"},
        "region": region,
    }})
}

pub const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A repository path as a relative URI reference: every byte that is not unreserved, a
/// sub-delimiter, `@` or `/` is percent-encoded (`:` too, so no segment reads as a scheme).
pub fn uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte);
        if keep {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri
}

/// Fingerprints from what a finding is, not where: the rule, the file and the message,
/// never the line, so that an edit above a finding does not make it new. Findings that
/// share all three are told apart by their order.
#[derive(Default)]
struct Fingerprints {
    seen: BTreeMap<u64, usize>,
}

impl Fingerprints {
    fn next(&mut self, finding: &Finding) -> String {
        let path = finding.path.as_deref().unwrap_or_default();
        let identity = fnv1a(&[&finding.rule, path, &finding.message]);
        let occurrence = self.seen.entry(identity).or_default();
        *occurrence += 1;
        format!("{identity:016x}:{occurrence}")
    }
}

/// FNV-1a, 64 bits, over the parts separated by a NUL byte: small, stable across platforms
/// and releases, and enough to tell findings apart (it is not a defence against forgery).
fn fnv1a(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        let separator: &[u8] = if i == 0 { b"" } else { b"\0" };
        for byte in separator.iter().chain(part.as_bytes()) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// `imt-role-no-deputy` as `ImtRoleNoDeputy`: the rule's name in SARIF.
fn pascal_case(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

fn or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        // Published test vectors of FNV-1a 64.
        assert_eq!(fnv1a(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(&["foobar"]), 0x8594_4171_f739_67e8);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }

    #[test]
    fn uris_encode_what_a_uri_reference_cannot_hold() {
        assert_eq!(uri("team/roster.yaml"), "team/roster.yaml");
        assert_eq!(uri("plan/my plan%.md"), "plan/my%20plan%25.md");
        assert_eq!(uri("a:b/é.md"), "a%3Ab/%C3%A9.md");
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_case("imt-role-no-deputy"), "ImtRoleNoDeputy");
        assert_eq!(pascal_case("x"), "X");
    }
}
