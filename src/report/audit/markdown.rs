//! The auditor report in Markdown: the same content as the HTML page, without the chart.
//! Repository text is escaped so that it renders as written; links are relative to the root
//! of the plan repository.

use std::fmt::Write as _;

use super::{
    Audit, CUSTOM_EVIDENCE, LEGEND, LEGEND_NOTES, Row, Status, findings_text, heading, href,
};
use crate::finding::Finding;
use crate::report::markdown::cell;

/// The whole report.
pub fn render(audit: &Audit) -> String {
    let mut text = String::new();
    header(audit, &mut text);
    legend(&mut text);
    matrix(audit, &mut text);
    for row in &audit.rows {
        section(audit, row, &mut text);
    }
    section(audit, &audit.structure, &mut text);
    waivers(audit, &mut text);
    rule_set(audit, &mut text);
    text
}

fn header(audit: &Audit, text: &mut String) {
    let about = &audit.about;
    let (met, waived, not_met) = audit.tally();
    let summary = about.summary;
    text.push_str("# Readiness report: ISO/IEC 27035-2:2023\n\n");
    let _ = writeln!(text, "- Evaluated on: {}", about.now);
    match &audit.evidence.revision {
        Some(revision) => {
            let _ = writeln!(text, "- Revision: {}", code(&revision.id));
        }
        None => text.push_str("- Revision: none (not in git)\n"),
    }
    if let Some(root) = &audit.evidence.root {
        let _ = writeln!(text, "- Repository: first commit {}", code(root));
    }
    let _ = writeln!(text, "- irready: {}", about.version);
    let _ = writeln!(text, "- Rule set: {}", cell(&audit.rule_set()));
    let _ = writeln!(text, "- Artefacts read: {}", about.artefacts);
    let _ = writeln!(
        text,
        "- Clauses: {} checked: {met} met, {waived} met with waivers, {not_met} not met",
        audit.rows.len()
    );
    let _ = writeln!(text, "- Findings: {}\n", findings_text(summary));
    let _ = writeln!(
        text,
        "{} Links to files are relative to the root of the plan repository; `path@commit` \
         names the commit that last changed the file.\n",
        cell(&audit.provenance())
    );
}

fn legend(text: &mut String) {
    text.push_str("## How a status is decided\n\n");
    for (status, meaning) in LEGEND {
        let _ = writeln!(text, "- **{}**: {meaning}", status.as_str());
    }
    text.push('\n');
    for note in LEGEND_NOTES {
        let _ = writeln!(text, "{note}");
    }
    text.push('\n');
}

fn matrix(audit: &Audit, text: &mut String) {
    text.push_str(
        "## Clause matrix\n\n| Clause | Title | Status | Errors | Warnings | Info | Waived |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: |\n",
    );
    for row in audit.rows.iter().chain([&audit.structure]) {
        let clause = if row.depth == 0 && row.clause == "any" {
            "-"
        } else {
            &row.clause
        };
        let counts = row.counts;
        let _ = writeln!(
            text,
            "| {clause} | {} | {} | {} | {} | {} | {} |",
            row.title,
            status(row.status),
            counts.error,
            counts.warning,
            counts.info,
            counts.waived
        );
    }
    text.push('\n');
    if !audit.unchecked.is_empty() {
        let unchecked: Vec<String> = audit
            .unchecked
            .iter()
            .map(|(clause, title)| format!("{clause} {title}"))
            .collect();
        let _ = writeln!(
            text,
            "No rule of the rule set serves these clauses, so the report says nothing of \
             them: {}.\n",
            unchecked.join("; ")
        );
    }
}

fn status(status: Status) -> String {
    match status {
        Status::NotMet => format!("**{}**", status.as_str()),
        _ => status.as_str().to_owned(),
    }
}

/// A clause: its status, its rules, their findings, and its evidence.
fn section(audit: &Audit, row: &Row, text: &mut String) {
    let level = "#".repeat(row.depth + 2);
    let _ = writeln!(text, "{level} {}: {}\n", heading(row), row.status.as_str());
    let children: Vec<String> = audit
        .below(row)
        .filter(|r| r.depth == row.depth + 1)
        .map(|r| format!("{} {}", r.clause, r.status.as_str()))
        .collect();
    if !children.is_empty() {
        let _ = writeln!(text, "Sub-clauses: {}.\n", children.join(", "));
    }
    if row.rules.is_empty() {
        return;
    }
    rules(row, text);
    findings(audit, row, text);
    evidence(audit, row, text);
}

fn rules(row: &Row, text: &mut String) {
    text.push_str("| Rule | Severity | Result | Title |\n| --- | --- | --- | --- |\n");
    for result in &row.rules {
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} |",
            code(&result.rule.id),
            result.severity,
            result.result(),
            prose(&result.rule.title)
        );
    }
    text.push('\n');
}

fn findings(audit: &Audit, row: &Row, text: &mut String) {
    let findings: Vec<&Finding> = row.rules.iter().flat_map(|r| &r.findings).collect();
    if findings.is_empty() {
        return;
    }
    text.push_str("Findings:\n\n");
    let mut findings = findings;
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    for finding in findings {
        let _ = writeln!(
            text,
            "- **{}** {}: {}, {}. Fix: {}",
            finding.severity,
            code(&finding.rule),
            prose(&finding.message),
            location(audit, finding),
            prose(&finding.help)
        );
        if let Some(waiver) = &finding.waiver {
            let _ = writeln!(
                text,
                "  - Waived until {}, approved by {}: {}",
                cell(&waiver.expires),
                cell(&waiver.approved_by),
                prose(&waiver.reason)
            );
        }
    }
    text.push('\n');
}

/// Where a finding is: a link to the file and line, labelled `path@commit:line`.
fn location(audit: &Audit, finding: &Finding) -> String {
    let Some(path) = finding.path.as_deref() else {
        return "in the repository as a whole".to_owned();
    };
    let line = finding.start.map(|p| p.line);
    let label = audit.label(path, line);
    let in_repository = audit.evidence.pins.contains_key(path);
    if in_repository {
        format!("at [{}]({})", code(&label), href(path, line))
    } else {
        format!("at {}", code(&label))
    }
}

fn evidence(audit: &Audit, row: &Row, text: &mut String) {
    if row.custom {
        let _ = writeln!(text, "{CUSTOM_EVIDENCE}\n");
    }
    if row.evidence.is_empty() {
        text.push_str("Evidence: no artefact.\n\n");
        return;
    }
    text.push_str("Evidence:\n\n");
    for path in &row.evidence {
        let pin = audit.evidence.pin(path);
        let label = code(&audit.label(path, None));
        let changed = pin.commit.map_or_else(String::new, |c| {
            format!(", last changed on {} by {}", c.date, cell(&c.author))
        });
        let _ = writeln!(text, "- [{label}]({}){changed}", href(path, None));
    }
    text.push('\n');
}

fn waivers(audit: &Audit, text: &mut String) {
    text.push_str("## Waivers\n\n");
    if audit.waivers.is_empty() {
        text.push_str("The configuration has no waiver.\n\n");
        return;
    }
    text.push_str(
        "| Rule | Path | Reason | Approved by | Expires | Findings waived |\n\
         | --- | --- | --- | --- | --- | ---: |\n",
    );
    for used in &audit.waivers {
        let waiver = &used.waiver;
        let expires = if used.expired {
            format!("{} (expired)", cell(&waiver.expires))
        } else {
            cell(&waiver.expires)
        };
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {expires} | {} |",
            code(&waiver.rule),
            waiver
                .path
                .as_deref()
                .map_or_else(|| "any".to_owned(), cell),
            cell(&waiver.reason),
            cell(&waiver.approved_by),
            used.covered.len()
        );
    }
    text.push('\n');
}

fn rule_set(audit: &Audit, text: &mut String) {
    let _ = write!(
        text,
        "## Rule set\n\n{}.\n\n| Rule | Clause | Severity | Source | Title |\n\
         | --- | --- | --- | --- | --- |\n",
        cell(&audit.rule_set())
    );
    for rule in &audit.rules {
        let source = if rule.custom {
            format!("custom ({})", cell(&rule.package))
        } else {
            "built-in".to_owned()
        };
        let _ = writeln!(
            text,
            "| {} | {} | {} | {source} | {} |",
            code(&rule.id),
            cell(&rule.clause),
            rule.severity,
            prose(&rule.title)
        );
    }
}

/// Free text (a message, a remediation, a reason) with its `code` spans kept and everything
/// else escaped; text with an unpaired backtick is escaped whole.
fn prose(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() % 2 == 0 {
        return cell(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { code(part) } else { cell(part) })
        .collect()
}

/// Text as a code span when it can be one; escaped text otherwise.
fn code(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| !c.is_control() && c != '`' && c != '|');
    if plain && !text.is_empty() {
        format!("`{text}`")
    } else {
        cell(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_code_spans_and_escapes_the_rest() {
        assert_eq!(prose("Name a `deputy` <b>"), "Name a `deputy` &lt;b&gt;");
        assert_eq!(prose("one ` alone *"), "one \\` alone \\*");
        assert_eq!(prose("`a|b`"), "a\\|b");
    }

    #[test]
    fn code_spans_only_for_plain_text() {
        assert_eq!(code("team/roster.yaml@abc:3"), "`team/roster.yaml@abc:3`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(code("a|b"), "a\\|b");
    }
}
