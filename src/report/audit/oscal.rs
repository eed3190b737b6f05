//! The auditor report as OSCAL 1.1.3 assessment results: one result for the evaluation, a
//! finding per clause with its target status, an observation per rule with the evidence as
//! links pinned to commits.
//!
//! Reproducible: every UUID is a version 5 UUID of [`NAMESPACE`] and a name made of the
//! repository (its first commit), the revision, the evaluation date and the subject, and
//! every time is the evaluation date at midnight UTC, so that the same revision evaluated as
//! of the same date gives the same document, byte for byte.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::{Audit, Pin, Row, RuleResult, STRUCTURE_TITLE, Status, href};
use crate::engine::ANY_CLAUSE;
use crate::finding::Finding;

/// The namespace of irready's UUIDs, drawn at random once. Changing it changes every
/// identifier of every document irready writes.
pub const NAMESPACE: Uuid = uuid::uuid!("8b2eba40-ee57-4e30-a833-23eb580c4f1f");

pub const OSCAL_VERSION: &str = "1.1.3";

/// The namespace of irready's properties.
const NS: &str = "urn:irready:oscal";

/// The prefix of the control ids that name the clauses of the standard.
const CONTROL_PREFIX: &str = "iso27035-2_";

/// Names every subject of the document within one evaluation.
struct Ids {
    base: String,
}

impl Ids {
    fn new(audit: &Audit) -> Self {
        let evidence = &audit.evidence;
        let repository = evidence.root.as_deref().unwrap_or("no-git");
        let mut revision = evidence
            .revision
            .as_ref()
            .map_or_else(|| "work-tree".to_owned(), |r| r.id.clone());
        if let Some(fingerprint) = &evidence.fingerprint {
            revision = format!("{revision}+{fingerprint}");
        }
        Self {
            base: format!("{repository}/{revision}/{}", audit.about.now),
        }
    }

    fn uuid(&self, subject: &str) -> String {
        let name = format!("{}/{subject}", self.base);
        Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
    }
}

/// The assessment results document.
pub fn document(audit: &Audit) -> Json {
    let ids = Ids::new(audit);
    let time = format!("{}T00:00:00Z", audit.about.now);
    let rows: Vec<&Row> = audit.rows.iter().chain([&audit.structure]).collect();
    let observations: Vec<Json> = rows
        .iter()
        .flat_map(|row| row.rules.iter().map(move |rule| (*row, rule)))
        .map(|(row, rule)| observation(audit, &ids, &time, row, rule))
        .collect();
    let findings: Vec<Json> = rows.iter().map(|row| finding(audit, &ids, row)).collect();
    let mut result = json!({
        "uuid": ids.uuid("result"),
        "title": format!("irready evaluation as of {}", audit.about.now),
        "description": format!("{} {}", audit.provenance(), audit.rule_set()),
        "start": time,
        "end": time,
        "props": about_props(audit),
        "reviewed-controls": reviewed_controls(audit),
    });
    if !observations.is_empty() {
        result["observations"] = Json::Array(observations);
    }
    result["findings"] = Json::Array(findings);
    json!({"assessment-results": {
        "uuid": ids.uuid("assessment-results"),
        "metadata": metadata(audit, &time),
        "import-ap": {
            "href": format!("#{}", ids.uuid("rule-set")),
            "remarks": "irready has no separate assessment plan: its rule set is the plan, \
                        described by the back-matter resource this reference names.",
        },
        "results": [result],
        "back-matter": {"resources": [{
            "uuid": ids.uuid("rule-set"),
            "title": "The irready rule set",
            "description": audit.rule_set(),
            "props": rule_props(audit),
        }]},
    }})
}

fn metadata(audit: &Audit, time: &str) -> Json {
    let version = audit
        .evidence
        .revision
        .as_ref()
        .map_or_else(|| "work-tree".to_owned(), |r| r.short().to_owned());
    json!({
        "title": "Readiness of the incident management plan: ISO/IEC 27035-2:2023",
        "published": time,
        "last-modified": time,
        "version": format!("{}+{version}", audit.about.now),
        "oscal-version": OSCAL_VERSION,
        "props": about_props(audit),
        "remarks": audit.provenance(),
    })
}

/// irready's version, the evaluation date, the revision and the repository.
fn about_props(audit: &Audit) -> Vec<Json> {
    let evidence = &audit.evidence;
    let mut props = vec![
        prop("irready-version", audit.about.version),
        prop("evaluation-date", &audit.about.now),
    ];
    if let Some(revision) = &evidence.revision {
        props.push(prop("revision", &revision.id));
    }
    if let Some(root) = &evidence.root {
        props.push(prop("repository-first-commit", root));
    }
    if let Some(fingerprint) = &evidence.fingerprint {
        props.push(prop("uncommitted-content", fingerprint));
    }
    props
}

/// Every rule of the rule set, as `id` props with the clause as their class.
fn rule_props(audit: &Audit) -> Vec<Json> {
    audit
        .rules
        .iter()
        .map(|rule| {
            let mut rule_prop = prop(if rule.custom { "custom-rule" } else { "rule" }, &rule.id);
            rule_prop["remarks"] = json!(format!("clause {}: {}", rule.clause, rule.title));
            rule_prop
        })
        .collect()
}

fn reviewed_controls(audit: &Audit) -> Json {
    let controls: Vec<Json> = audit
        .rows
        .iter()
        .map(|row| json!({"control-id": control_id(&row.clause)}))
        .collect();
    json!({"control-selections": [{
        "description": "The clauses of ISO/IEC 27035-2:2023 that at least one rule of the rule \
                        set serves, named by clause number.",
        "include-controls": controls,
    }]})
}

/// The finding of a clause: its status, and the observations of its rules and sub-clauses'.
fn finding(audit: &Audit, ids: &Ids, row: &Row) -> Json {
    let (state, reason) = match row.status {
        Status::Met => ("satisfied", "pass"),
        Status::MetWithWaivers => ("satisfied", "other"),
        Status::NotMet => ("not-satisfied", "fail"),
    };
    let related: Vec<Json> = std::iter::once(row)
        .chain(audit.below(row))
        .flat_map(|r| &r.rules)
        .map(|rule| json!({"observation-uuid": ids.uuid(&observation_subject(rule))}))
        .collect();
    let counts = row.counts;
    let mut status = json!({"state": state, "reason": reason});
    let waived = waivers_text(row.rules.iter().flat_map(|r| &r.findings));
    if !waived.is_empty() {
        status["remarks"] = json!(waived);
    }
    let mut finding = json!({
        "uuid": ids.uuid(&format!("finding/{}", row.clause)),
        "title": super::heading(row),
        "description": format!(
            "{}: {}. Findings of its rules and sub-clauses: {} errors, {} warnings, {} info, \
             {} waived.",
            super::heading(row), row.status.as_str(), counts.error, counts.warning, counts.info,
            counts.waived
        ),
        "props": [
            prop("clause", if row.clause == ANY_CLAUSE { STRUCTURE_TITLE } else { &row.clause }),
            prop("status", &row.status.as_str().replace(' ', "-")),
        ],
        "target": {
            "type": "objective-id",
            "target-id": objective_id(&row.clause),
            "status": status,
        },
    });
    if !related.is_empty() {
        finding["related-observations"] = Json::Array(related);
    }
    finding
}

fn observation_subject(rule: &RuleResult) -> String {
    format!("observation/{}", rule.rule.id)
}

/// The evaluation of one rule: its result, its findings and the evidence it read.
fn observation(audit: &Audit, ids: &Ids, time: &str, row: &Row, rule: &RuleResult) -> Json {
    let mut description = format!(
        "Rule {} ({}), clause {}: {}.",
        rule.rule.id,
        rule.rule.title,
        row.clause,
        rule.result()
    );
    for finding in &rule.findings {
        let _ = write!(description, "\n- {}: {}", finding.severity, finding.message);
    }
    let mut evidence: Vec<Json> = row
        .evidence
        .iter()
        .map(|path| artefact_evidence(audit, path))
        .collect();
    evidence.extend(
        rule.findings
            .iter()
            .filter_map(|f| finding_evidence(audit, f)),
    );
    let mut observation = json!({
        "uuid": ids.uuid(&observation_subject(rule)),
        "title": format!("Rule {}", rule.rule.id),
        "description": description,
        "props": [
            prop("rule", &rule.rule.id),
            prop("result", result_token(rule)),
        ],
        "methods": ["TEST"],
        "collected": time,
    });
    if !evidence.is_empty() {
        observation["relevant-evidence"] = Json::Array(evidence);
    }
    let waived = waivers_text(&rule.findings);
    if !waived.is_empty() {
        observation["remarks"] = json!(waived);
    }
    observation
}

fn result_token(rule: &RuleResult) -> &'static str {
    if rule.off {
        "off"
    } else if rule.findings.iter().any(|f| !f.waived()) {
        "findings"
    } else if rule.findings.is_empty() {
        "passed"
    } else {
        "waived"
    }
}

/// An artefact read, pinned to the commit that last changed it.
fn artefact_evidence(audit: &Audit, path: &str) -> Json {
    let pin = audit.evidence.pin(path);
    let mut description = audit.label(path, None);
    if let Some(commit) = &pin.commit {
        let _ = write!(
            description,
            ", last changed on {} by {}",
            commit.date, commit.author
        );
    }
    let mut evidence = json!({
        "href": pinned_href(path, &pin, None),
        "description": description,
    });
    if let Some(commit) = &pin.commit {
        evidence["props"] = json!([prop("commit", &commit.id)]);
    }
    evidence
}

/// The place of a finding, pinned to the commit of its file.
fn finding_evidence(audit: &Audit, finding: &Finding) -> Option<Json> {
    let path = finding.path.as_deref()?;
    if !audit.evidence.pins.contains_key(path) {
        return None;
    }
    let pin = audit.evidence.pin(path);
    let line = finding.start.map(|p| p.line);
    Some(json!({
        "href": pinned_href(path, &pin, line),
        "description": format!(
            "{} {}: {} ({})",
            finding.severity, finding.rule, finding.message, audit.label(path, line)
        ),
    }))
}

/// A link relative to the plan repository's root, with the commit as its query:
/// `team/roster.yaml?commit=<id>#L67`.
fn pinned_href(path: &str, pin: &Pin, line: Option<usize>) -> String {
    let mut pinned = href(path, None);
    if let Some(commit) = pin.commit.as_ref().filter(|_| !pin.uncommitted) {
        let _ = write!(pinned, "?commit={}", commit.id);
    }
    if let Some(line) = line {
        let _ = write!(pinned, "#L{line}");
    }
    pinned
}

/// Every waiver that covers one of the findings, once each.
fn waivers_text<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> String {
    let mut waivers: Vec<String> = findings
        .into_iter()
        .filter_map(|f| f.waiver.as_ref())
        .map(|w| {
            format!(
                "Waiver of {}: {}; approved by {}; expires {}.",
                w.rule, w.reason, w.approved_by, w.expires
            )
        })
        .collect();
    waivers.sort();
    waivers.dedup();
    waivers.join("\n")
}

/// The control id of a clause: `iso27035-2_7.2.2`, `iso27035-2_annex-a`.
pub fn control_id(clause: &str) -> String {
    if clause == ANY_CLAUSE {
        return "irready_structure".to_owned();
    }
    let name = clause.to_ascii_lowercase().replace(' ', "-");
    format!("{CONTROL_PREFIX}{name}")
}

fn objective_id(clause: &str) -> String {
    format!("{}_obj", control_id(clause))
}

fn prop(name: &str, value: &str) -> Json {
    json!({"name": name, "ns": NS, "value": value})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_are_tokens() {
        assert_eq!(control_id("7.2.2"), "iso27035-2_7.2.2");
        assert_eq!(control_id("Annex A"), "iso27035-2_annex-a");
        assert_eq!(objective_id("any"), "irready_structure_obj");
    }

    #[test]
    fn hrefs_pin_committed_files_only() {
        let commit = super::super::Pinned {
            id: "a".repeat(40),
            date: "2026-01-01".into(),
            author: "A".into(),
        };
        let pinned = Pin {
            commit: Some(commit.clone()),
            uncommitted: false,
        };
        assert_eq!(
            pinned_href("a b.yaml", &pinned, Some(3)),
            format!("a%20b.yaml?commit={}#L3", "a".repeat(40))
        );
        let changed = Pin {
            commit: Some(commit),
            uncommitted: true,
        };
        assert_eq!(pinned_href("x.md", &changed, None), "x.md");
    }
}
