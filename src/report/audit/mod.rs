//! The auditor report: one row per clause of ISO/IEC 27035-2:2023 that irready checks, with
//! its status, the rules behind it and their results, the evidence pinned to commits and the
//! waivers that apply. This module builds the model; `markdown`, `html` and `oscal` write it.

pub mod chart;
pub mod evidence;
pub mod html;
pub mod markdown;
pub mod oscal;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::clauses::{self, CLAUSES};
use crate::config::Waiver;
use crate::engine::{ANY_CLAUSE, Rule};
use crate::finding::{Finding, Severity, Summary};
use crate::pipeline::Evaluation;
use crate::timeline::Point;

pub use evidence::{Evidence, Pin, Pinned};

/// The formats `irready report` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, to file beside the evidence or read where the repository is hosted.
    Markdown,
    /// One self-contained HTML page for screen and paper, with a chart of the last year.
    Html,
    /// OSCAL 1.1.3 assessment results, in JSON.
    Oscal,
}

/// The title of the row of rules that serve no single clause.
pub const STRUCTURE_TITLE: &str = "Repository structure and evidence integrity";

/// The kinds of artefact the built-in rules of each clause read, written once from the
/// policies: there is no per-rule record of what a rule read, so a clause's evidence is every
/// artefact of these kinds, plus every file a finding of the clause points at. `*` is every
/// artefact (5.2 follows the links of all of them). A clause of custom rules that is not
/// here has only the files its findings point at as evidence.
pub const KINDS_READ: &[(&str, &[&str])] = &[
    (
        "4.1",
        &["plan", "policy", "procedure", "roster", "security-policy"],
    ),
    ("4.2", &["policy"]),
    ("4.3", &["policy"]),
    ("5.1", &["policy", "security-policy"]),
    ("5.2", &["*"]),
    ("6.1", &["plan"]),
    ("6.2", &["plan"]),
    ("6.3", &["plan"]),
    ("6.4", &["plan"]),
    ("6.5", &["classification-scale", "plan", "roster"]),
    ("6.6", &["form", "plan"]),
    ("6.7", &["plan", "procedure", "roster"]),
    ("6.8", &["policy"]),
    ("6.9", &["contacts", "roster"]),
    ("7.2.1", &["roster"]),
    ("7.2.2", &["roster"]),
    ("7.3.1", &["roster"]),
    ("7.3.3", &["roster"]),
    ("8.1", &["contacts"]),
    ("8.2", &["contacts"]),
    ("8.3", &["contacts"]),
    ("9.2", &["support-inventory"]),
    ("10", &["roster", "training-programme"]),
    ("11.1", &["exercise"]),
    ("11.2.1", &["exercise"]),
    ("11.2.2", &["exercise"]),
    ("11.2.3", &["exercise", "roster"]),
    ("11.3.1", &["monitoring-programme"]),
    ("11.3.2", &["monitoring-programme"]),
    ("12.1", &["incident-register", "post-incident-review"]),
    ("12.2", &["post-incident-review"]),
    ("12.3", &["post-incident-review"]),
    ("12.4", &["post-incident-review"]),
    ("Annex A", &["legal-register"]),
    (ANY_CLAUSE, &["*"]),
];

/// Whether a clause is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Met,
    MetWithWaivers,
    NotMet,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::MetWithWaivers => "met with waivers",
            Self::NotMet => "not met",
        }
    }

    /// Not met while an unwaived error or warning remains; met with waivers when only waived
    /// ones remain; info findings decide nothing.
    fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        findings
            .into_iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| {
                if f.waived() {
                    Self::MetWithWaivers
                } else {
                    Self::NotMet
                }
            })
            .max()
            .unwrap_or(Self::Met)
    }
}

/// The legend every format states: how a status is decided.
pub const LEGEND: &[(Status, &str)] = &[
    (
        Status::Met,
        "no unwaived error or warning of the clause's rules, or of its sub-clauses' rules, \
         remains.",
    ),
    (
        Status::MetWithWaivers,
        "the only errors and warnings that remain are waived; each waiver is listed with its \
         reason, approver and expiry.",
    ),
    (
        Status::NotMet,
        "an unwaived error or warning remains, of the clause's rules or of a sub-clause's.",
    ),
];

/// What the legend adds about info findings, sub-clauses, rules turned off and evidence.
pub const LEGEND_NOTES: &[&str] = &[
    "Info findings are listed but decide no status.",
    "A clause is not met when one of its sub-clauses is not met.",
    "A rule turned off in the configuration is not evaluated and decides nothing.",
    "The evidence of a clause is every artefact of the kinds its rules read, and every file a \
     finding points at, each with the commit that last changed it in the history of the \
     evaluated revision, and that commit's date and author.",
];

/// The report: what was evaluated, and the clause matrix.
#[derive(Clone, Debug)]
pub struct Audit {
    pub about: About,
    pub evidence: Evidence,
    /// The clauses irready checks, in the standard's order.
    pub rows: Vec<Row>,
    /// The rules that serve no single clause.
    pub structure: Row,
    /// The clauses of 4 to 12 and Annex A that no rule serves.
    pub unchecked: Vec<(&'static str, &'static str)>,
    pub waivers: Vec<WaiverUse>,
    /// Every rule of the rule set, by clause and id.
    pub rules: Vec<Rule>,
    pub chart: Chart,
}

/// What was evaluated, as of when, by what.
#[derive(Clone, Debug)]
pub struct About {
    pub version: &'static str,
    pub now: String,
    /// The configuration file read, if there was one.
    pub config: Option<String>,
    /// The directories of custom policies the configuration names.
    pub policies: Vec<String>,
    /// Rules the configuration turned off or gave another severity: id and what changed.
    pub adjusted: Vec<(String, String)>,
    pub artefacts: usize,
    pub summary: Summary,
}

/// A clause (or the structure rules): its status and what decides it.
#[derive(Clone, Debug)]
pub struct Row {
    /// The clause number, `Annex A`, or `any`.
    pub clause: String,
    pub title: String,
    /// 0 for a clause, 1 for a sub-clause, 2 below it.
    pub depth: usize,
    pub status: Status,
    /// The findings of the clause's rules and of its sub-clauses'.
    pub counts: Summary,
    /// The rules that serve this clause itself.
    pub rules: Vec<RuleResult>,
    /// The paths of the evidence of the clause's own rules, sorted.
    pub evidence: Vec<String>,
    /// Some of the clause's own rules are custom: what they read beyond the files their
    /// findings point at is not known.
    pub custom: bool,
}

/// A rule and what it found.
#[derive(Clone, Debug)]
pub struct RuleResult {
    pub rule: Rule,
    /// The severity the configuration gives the rule, or its default.
    pub severity: Severity,
    /// Turned off in the configuration.
    pub off: bool,
    pub findings: Vec<Finding>,
}

impl RuleResult {
    /// `passed`, `off`, or the counts of what it found.
    pub fn result(&self) -> String {
        if self.off {
            return "off".to_owned();
        }
        let counts = Summary::of(&self.findings);
        let parts: Vec<String> = [
            (counts.error, "error"),
            (counts.warning, "warning"),
            (counts.info, "info"),
            (counts.waived, "waived"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            "passed".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// A waiver of the configuration and the findings it covers.
#[derive(Clone, Debug)]
pub struct WaiverUse {
    pub waiver: Waiver,
    pub covered: Vec<Finding>,
    /// Past its expiry date: it waives nothing.
    pub expired: bool,
}

/// The chart of errors and warnings per clause over the last twelve months.
#[derive(Clone, Debug)]
pub enum Chart {
    /// The format has no chart.
    NotDrawn,
    /// Why there is no chart.
    Unavailable(String),
    Points {
        since: String,
        until: String,
        points: Vec<Point>,
    },
}

/// Builds the report of an evaluation, with its evidence and chart.
pub fn build(evaluation: &Evaluation, evidence: Evidence, chart: Chart) -> Audit {
    let rules = rule_set(evaluation);
    let rows = CLAUSES
        .iter()
        .filter(|(clause, _)| rules.iter().any(|r| covers(clause, &r.clause)))
        .map(|(clause, title)| row(clause, title, evaluation, &rules))
        .collect();
    let structure = row(ANY_CLAUSE, STRUCTURE_TITLE, evaluation, &rules);
    let unchecked = CLAUSES
        .iter()
        .filter(|(clause, _)| !clause.starts_with("Annex") || *clause == "Annex A")
        .filter(|(clause, _)| !rules.iter().any(|r| covers(clause, &r.clause)))
        .copied()
        .collect();
    Audit {
        about: about(evaluation),
        evidence,
        rows,
        structure,
        unchecked,
        waivers: waivers(evaluation),
        rules,
        chart,
    }
}

/// Writes the report in a format.
pub fn write(audit: &Audit, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Markdown => out.write_all(markdown::render(audit).as_bytes()),
        Format::Html => out.write_all(html::render(audit).as_bytes()),
        Format::Oscal => {
            serde_json::to_writer_pretty(&mut *out, &oscal::document(audit))?;
            writeln!(out)
        }
    }
}

fn about(evaluation: &Evaluation) -> About {
    let config = &evaluation.config;
    let present = !config.text.is_empty() || evaluation.repository.files.contains(&config.path);
    let adjusted = config
        .rules
        .iter()
        .filter_map(|(id, rule)| match (rule.off, rule.severity) {
            (true, _) => Some((id.clone(), "off".to_owned())),
            (false, Some(severity)) => Some((id.clone(), format!("severity {severity}"))),
            (false, None) => None,
        })
        .collect();
    About {
        version: env!("CARGO_PKG_VERSION"),
        now: evaluation.now.clone(),
        config: present.then(|| config.path.clone()),
        policies: config.policies.clone(),
        adjusted,
        artefacts: evaluation.repository.artefacts.len(),
        summary: Summary::of(&evaluation.findings),
    }
}

/// Every rule, by clause in the standard's order, then id.
fn rule_set(evaluation: &Evaluation) -> Vec<Rule> {
    let mut rules = evaluation.engine.rules().to_vec();
    rules.sort_by(|a, b| {
        clauses::order(&a.clause)
            .cmp(&clauses::order(&b.clause))
            .then_with(|| a.id.cmp(&b.id))
    });
    rules
}

/// Whether `clause` is `parent` or one of its sub-clauses.
pub fn covers(parent: &str, clause: &str) -> bool {
    clause == parent
        || (parent != ANY_CLAUSE
            && !parent.starts_with("Annex")
            && clause
                .strip_prefix(parent)
                .is_some_and(|r| r.starts_with('.')))
}

fn row(clause: &str, title: &str, evaluation: &Evaluation, rules: &[Rule]) -> Row {
    let findings: Vec<Finding> = evaluation
        .findings
        .iter()
        .filter(|f| covers(clause, &f.clause))
        .cloned()
        .collect();
    let own: Vec<RuleResult> = rules
        .iter()
        .filter(|r| r.clause == clause)
        .map(|rule| result(rule, evaluation))
        .collect();
    let depth = if clause.starts_with("Annex") || clause == ANY_CLAUSE {
        0
    } else {
        clause.matches('.').count()
    };
    Row {
        clause: clause.to_owned(),
        title: title.to_owned(),
        depth,
        status: Status::of(&findings),
        counts: Summary::of(&findings),
        evidence: evidence_of(clause, &own, evaluation),
        custom: own.iter().any(|r| r.rule.custom),
        rules: own,
    }
}

fn result(rule: &Rule, evaluation: &Evaluation) -> RuleResult {
    let configured = evaluation.config.rules.get(&rule.id);
    RuleResult {
        rule: rule.clone(),
        severity: configured.and_then(|c| c.severity).unwrap_or(rule.severity),
        off: configured.is_some_and(|c| c.off),
        findings: evaluation
            .findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .cloned()
            .collect(),
    }
}

/// The artefacts of the kinds the clause's rules read, and the files its findings name.
fn evidence_of(clause: &str, own: &[RuleResult], evaluation: &Evaluation) -> Vec<String> {
    if own.is_empty() {
        return Vec::new();
    }
    let kinds = KINDS_READ
        .iter()
        .find(|(c, _)| *c == clause)
        .map_or(&[][..], |(_, kinds)| *kinds);
    let repository = &evaluation.repository;
    let read = repository
        .artefacts
        .iter()
        .filter(|a| kinds.contains(&"*") || kinds.contains(&a.kind.as_str()))
        .map(|a| a.path.as_str());
    let named = own
        .iter()
        .flat_map(|r| &r.findings)
        .filter_map(|f| f.path.as_deref())
        .filter(|p| repository.files.iter().any(|f| f == p));
    let config = Some(evaluation.config.path.as_str())
        .filter(|p| clause == ANY_CLAUSE && repository.files.iter().any(|f| f == p));
    let paths: BTreeSet<&str> = read.chain(named).chain(config).collect();
    paths.into_iter().map(str::to_owned).collect()
}

fn waivers(evaluation: &Evaluation) -> Vec<WaiverUse> {
    let mut uses: Vec<WaiverUse> = evaluation
        .config
        .waivers
        .iter()
        .map(|waiver| WaiverUse {
            waiver: waiver.clone(),
            covered: evaluation
                .findings
                .iter()
                .filter(|f| f.waiver.as_ref() == Some(waiver))
                .cloned()
                .collect(),
            expired: waiver.expires < evaluation.now,
        })
        .collect();
    uses.sort_by(|a, b| {
        let key = |w: &Waiver| (w.rule.clone(), w.path.clone(), w.expires.clone());
        key(&a.waiver).cmp(&key(&b.waiver))
    });
    uses
}

impl Audit {
    /// The rows of a clause's sub-clauses, at every depth.
    pub fn below<'a>(&'a self, row: &'a Row) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows
            .iter()
            .filter(move |r| r.clause != row.clause && covers(&row.clause, &r.clause))
    }

    /// How many rows have each status: met, met with waivers, not met.
    pub fn tally(&self) -> (usize, usize, usize) {
        let count = |status| self.rows.iter().filter(|r| r.status == status).count();
        (
            count(Status::Met),
            count(Status::MetWithWaivers),
            count(Status::NotMet),
        )
    }

    /// A file as the report names it: `path@commit`, with `:line`, and what is uncommitted.
    pub fn label(&self, path: &str, line: Option<usize>) -> String {
        let pin = self.evidence.pin(path);
        let mut label = path.to_owned();
        if let Some(commit) = &pin.commit {
            let _ = write!(label, "@{}", commit.short());
        }
        if let Some(line) = line {
            let _ = write!(label, ":{line}");
        }
        match (&pin.commit, pin.uncommitted) {
            (Some(_), true) => label.push_str(" (changed in the work tree)"),
            (None, true) => label.push_str(" (not committed)"),
            _ => {}
        }
        label
    }

    /// How the evaluated files stand against git: the sentence every format states.
    pub fn provenance(&self) -> String {
        let evidence = &self.evidence;
        let Some(revision) = &evidence.revision else {
            return "The plan repository is not in git, or has no commit: files are named \
                    without commits."
                .to_owned();
        };
        let mut text = format!(
            "Revision {}, committed on {} by {}.",
            revision.id, revision.date, revision.author
        );
        if !evidence.uncommitted.is_empty() {
            let _ = write!(
                text,
                " The work tree differs from it in {}, marked below; the work tree's text was \
                 evaluated, not the commit's.",
                plural(evidence.uncommitted.len(), "file")
            );
        }
        if evidence.shallow {
            text.push_str(
                " The clone is shallow: a file may be pinned to the oldest commit fetched \
                 rather than the one that last changed it.",
            );
        }
        text
    }

    /// The rule set in one sentence: built-in and custom rules, and the configuration.
    pub fn rule_set(&self) -> String {
        let custom: Vec<&str> = self
            .rules
            .iter()
            .filter(|r| r.custom)
            .map(|r| r.id.as_str())
            .collect();
        let builtin = self.rules.len() - custom.len();
        let mut text = format!(
            "{} of irready {}",
            plural(builtin, "built-in rule"),
            self.about.version
        );
        if custom.is_empty() {
            text.push_str(", no custom rules");
        } else {
            let _ = write!(
                text,
                ", {} ({})",
                plural(custom.len(), "custom rule"),
                custom.join(", ")
            );
        }
        match &self.about.config {
            Some(path) => {
                let _ = write!(text, "; configuration {path}");
            }
            None => text.push_str("; no configuration file"),
        }
        if !self.about.adjusted.is_empty() {
            let adjusted: Vec<String> = self
                .about
                .adjusted
                .iter()
                .map(|(id, what)| format!("{id} {what}"))
                .collect();
            let _ = write!(text, " ({})", adjusted.join(", "));
        }
        text
    }
}

/// `1 error, 2 warnings, 0 info, 1 waived`.
pub fn findings_text(summary: Summary) -> String {
    format!(
        "{}, {}, {} info, {} waived",
        plural(summary.error, "error"),
        plural(summary.warning, "warning"),
        summary.info,
        summary.waived
    )
}

/// `1 file`, `2 files`.
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// A relative link to a file of the plan repository, at a line: every byte of the path but
/// unreserved characters and `/` is percent-encoded, so that no path reads as a scheme.
pub fn href(path: &str, line: Option<usize>) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    if let Some(line) = line {
        let _ = write!(encoded, "#L{line}");
    }
    encoded
}

/// What the evidence of a clause with custom rules leaves out.
pub const CUSTOM_EVIDENCE: &str = "Custom rules serve this clause: the evidence lists the \
    artefacts its built-in rules read and the files the findings point at, since what a custom \
    rule reads is not recorded.";

/// The heading of a clause: `7.2.2 IMT roles and responsibilities`.
pub fn heading(row: &Row) -> String {
    if row.clause == ANY_CLAUSE {
        row.title.clone()
    } else {
        format!("{} {}", row.clause, row.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_cover_their_sub_clauses_only() {
        assert!(covers("7", "7.2.2"));
        assert!(covers("7.2", "7.2.2"));
        assert!(!covers("1", "12.1"));
        assert!(!covers("7.2", "7.3.1"));
        assert!(covers("Annex A", "Annex A"));
        assert!(!covers("any", "7.2"));
    }

    #[test]
    fn links_encode_what_could_read_as_a_scheme() {
        assert_eq!(href("team/roster.yaml", Some(3)), "team/roster.yaml#L3");
        assert_eq!(href("javascript:x", None), "javascript%3Ax");
        assert_eq!(href("a b/é.md", None), "a%20b/%C3%A9.md");
        assert_eq!(href("x\"><y", None), "x%22%3E%3Cy");
    }

    #[test]
    fn the_kinds_read_name_clauses_and_kinds() {
        let known: Vec<&str> = crate::artefacts::schema::KINDS
            .iter()
            .map(|k| k.name)
            .collect();
        for (clause, kinds) in KINDS_READ {
            assert!(*clause == ANY_CLAUSE || clauses::title(clause).is_some());
            assert!(!kinds.is_empty());
            for kind in *kinds {
                assert!(*kind == "*" || known.contains(kind), "{clause}: {kind}");
            }
        }
    }

    #[test]
    fn every_built_in_clause_says_what_it_reads() {
        let engine = crate::engine::Engine::new(Vec::new()).unwrap();
        for rule in engine.rules() {
            assert!(
                KINDS_READ.iter().any(|(clause, _)| *clause == rule.clause),
                "{} serves {}, which KINDS_READ lacks",
                rule.id,
                rule.clause
            );
        }
    }
}
