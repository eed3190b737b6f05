//! The Markdown summary, for `$GITHUB_STEP_SUMMARY` and the check run: the counts, a table
//! per clause of its rules' findings, and every finding, since GitHub shows only a few
//! annotations per step. Repository text is escaped so that it renders as plain text.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::clauses;
use crate::engine::ANY_CLAUSE;
use crate::finding::{Finding, Severity, Summary};
use crate::pipeline::Evaluation;
use crate::text::printable;

/// GitHub refuses a step summary over 1 MiB.
pub const MAX_STEP_SUMMARY_BYTES: usize = 1024 * 1024;

pub fn write(
    evaluation: &Evaluation,
    fail_on: Option<Severity>,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(summary(evaluation, fail_on, MAX_STEP_SUMMARY_BYTES).as_bytes())
}

/// The summary in at most `max_bytes` bytes (which also bounds its characters): when every
/// finding does not fit, the list stops with a note of how many were left out.
pub fn summary(evaluation: &Evaluation, fail_on: Option<Severity>, max_bytes: usize) -> String {
    let mut text = heading(evaluation, fail_on);
    text.push_str(&clause_tables(&evaluation.findings, evaluation));
    if evaluation.findings.is_empty() {
        return cut(text, max_bytes);
    }

    text.push_str(
        "### Findings\n\n| Severity | Location | Rule | Message |\n| --- | --- | --- | --- |\n",
    );
    // Room for the note that ends a list that was cut.
    let budget = max_bytes.saturating_sub(200);
    for (shown, finding) in evaluation.findings.iter().enumerate() {
        let row = finding_row(finding);
        if text.len() + row.len() > budget {
            let left = evaluation.findings.len() - shown;
            let _ = write!(
                text,
                "\n{left} more findings are not shown: the summary is limited to {max_bytes} \
                 bytes. The SARIF and JSON reports have every finding.\n"
            );
            return cut(text, max_bytes);
        }
        text.push_str(&row);
    }
    cut(text, max_bytes)
}

/// The title, the verdict and the counts.
fn heading(evaluation: &Evaluation, fail_on: Option<Severity>) -> String {
    let summary = Summary::of(&evaluation.findings);
    let verdict = match fail_on {
        Some(level) if summary.reaches(level) => {
            format!("**Failed**: findings reach the `{level}` level of `--fail-on`.")
        }
        Some(level) => {
            format!("**Passed**: no finding reaches the `{level}` level of `--fail-on`.")
        }
        None => "**Not gated**: `--fail-on never`.".to_owned(),
    };
    let revision = evaluation
        .revision
        .as_deref()
        .map(|r| format!(" at revision `{}`", cell(&r[..r.len().min(12)])))
        .unwrap_or_default();
    format!(
        "## irready\n\n{verdict} {} artefacts read, evaluated on {}{revision}.\n\n\
         | Errors | Warnings | Info | Waived |\n| ---: | ---: | ---: | ---: |\n\
         | {} | {} | {} | {} |\n\n",
        evaluation.repository.artefacts.len(),
        evaluation.now,
        summary.error,
        summary.warning,
        summary.info,
        summary.waived
    )
}

/// One table per clause with findings, in the standard's order: each rule and its counts.
fn clause_tables(findings: &[Finding], evaluation: &Evaluation) -> String {
    let mut by_clause: BTreeMap<_, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for finding in findings {
        by_clause
            .entry((clauses::order(&finding.clause), finding.clause.as_str()))
            .or_default()
            .entry(finding.rule.as_str())
            .or_default()
            .push(finding);
    }
    let mut text = String::new();
    for ((_, clause), rules) in by_clause {
        let _ = write!(
            text,
            "### {}\n\n| Rule | Title | Errors | Warnings | Info | Waived |\n\
             | --- | --- | ---: | ---: | ---: | ---: |\n",
            clause_heading(clause)
        );
        for (rule, found) in rules {
            let title = evaluation
                .engine
                .rule(rule)
                .map_or("", |r| r.title.as_str());
            let counts = Summary::of(&found.into_iter().cloned().collect::<Vec<_>>());
            let _ = writeln!(
                text,
                "| {} | {} | {} | {} | {} | {} |",
                cell(rule),
                cell(title),
                counts.error,
                counts.warning,
                counts.info,
                counts.waived
            );
        }
        text.push('\n');
    }
    text
}

fn clause_heading(clause: &str) -> String {
    match clauses::title(clause) {
        Some(title) => format!("Clause {clause} {title}"),
        None if clause == ANY_CLAUSE => "Any clause: a readable repository".to_owned(),
        None => format!("Clause {}", cell(clause)),
    }
}

fn finding_row(finding: &Finding) -> String {
    let severity = if finding.waived() {
        format!("{} (waived)", finding.severity)
    } else {
        finding.severity.to_string()
    };
    let location = match (&finding.path, finding.start) {
        (Some(path), Some(at)) => format!("{path}:{}:{}", at.line, at.column),
        (Some(path), None) => path.clone(),
        (None, _) => "the repository".to_owned(),
    };
    let message = match &finding.waiver {
        Some(waiver) => format!(
            "{}; waived by {} until {}: {}",
            finding.message, waiver.approved_by, waiver.expires, waiver.reason
        ),
        None => finding.message.clone(),
    };
    format!(
        "| {severity} | {} | {} | {} |\n",
        cell(&location),
        cell(&finding.rule),
        cell(&message)
    )
}

/// Text for a table cell, shown as written: Markdown and HTML punctuation is escaped, line
/// breaks become `<br>`, and control characters are replaced.
pub fn cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in printable(text).chars() {
        match c {
            '\r' => {}
            '\n' => escaped.push_str("<br>"),
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' | '@' | '$' => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// The text, cut at a character boundary to at most `max_bytes` bytes.
pub fn cut(mut text: String, max_bytes: usize) -> String {
    if text.len() > max_bytes {
        let mut end = max_bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_text_as_written() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(cell("one\r\ntwo"), "one<br>two");
        assert_eq!(cell("kind `policy`"), "kind \\`policy\\`");
        assert_eq!(cell("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(cell("[x](http://e) @team"), "\\[x\\](http://e) \\@team");
        assert_eq!(cell("bell\u{7}"), "bell?");
    }

    #[test]
    fn cutting_keeps_whole_characters() {
        assert_eq!(cut("aé".to_owned(), 2), "a");
        assert_eq!(cut("abc".to_owned(), 5), "abc");
    }
}
