//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per
//! finding, errors first, each with its file, region and a title naming the rule, so that
//! the runner turns it into an annotation on the pull request.
//!
//! No `::stop-commands::` guard is needed: every piece of repository text goes into a
//! property value or the message of one command, with CR and LF escaped, so it can never
//! start a line of its own, and a `::` inside a message is only text to the runner.

use std::io::{self, Write};

use super::location::Locator;
use crate::engine::ANY_CLAUSE;
use crate::finding::{Finding, Severity};
use crate::pipeline::Evaluation;
use crate::text::printable;

/// The runner cuts a message longer than this many characters.
pub const MAX_MESSAGE_CHARS: usize = 4096;

pub fn write(
    evaluation: &Evaluation,
    locator: &Locator,
    fail_on: Option<Severity>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for finding in in_command_order(&evaluation.findings) {
        writeln!(out, "{}", command(finding, locator))?;
    }
    writeln!(out, "{}", super::human::summary_line(evaluation, fail_on))
}

/// Errors first, then warnings, then notices (info and waived findings), each group in
/// report order.
fn in_command_order(findings: &[Finding]) -> Vec<&Finding> {
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|f| std::cmp::Reverse(rank(f)));
    ordered
}

fn rank(finding: &Finding) -> u8 {
    match (finding.waived(), finding.severity) {
        (false, Severity::Error) => 2,
        (false, Severity::Warning) => 1,
        (true, _) | (false, Severity::Info) => 0,
    }
}

/// The workflow command of one finding.
pub fn command(finding: &Finding, locator: &Locator) -> String {
    let name = match rank(finding) {
        2 => "error",
        1 => "warning",
        _ => "notice",
    };
    let mut properties = Vec::new();
    if let Some(at) = locator.locate(finding) {
        properties.push(("file", at.path.clone()));
        properties.push(("line", at.line.to_string()));
        properties.push(("endLine", at.end_line.to_string()));
        properties.push(("col", at.column.to_string()));
        if let Some(last) = at.last_column() {
            properties.push(("endColumn", last.to_string()));
        }
    }
    properties.push(("title", title(finding)));
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message(finding))
    )
}

/// The rule and its clause: `imt-role-no-deputy (clause 7.2.2)`.
pub fn title(finding: &Finding) -> String {
    let clause = if finding.clause == ANY_CLAUSE {
        "any clause".to_owned()
    } else {
        format!("clause {}", finding.clause)
    };
    let waived = if finding.waived() { ", waived" } else { "" };
    format!("{} ({clause}{waived})", finding.rule)
}

/// The message and how to fix it (or why it is waived), within the runner's limit.
pub fn message(finding: &Finding) -> String {
    let advice = match &finding.waiver {
        Some(reason) => format!("waived: {reason}"),
        None => format!("help: {}", finding.help),
    };
    let text = printable(&format!("{}\n{advice}", finding.message));
    truncate_chars(&text, MAX_MESSAGE_CHARS)
}

/// At most `max` characters, the last an ellipsis when text was cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The message of a command: `%`, CR and LF encoded, `%` first.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as a message, and `:` and `,` too, which would end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_percent_first_and_line_breaks() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("a %0A b"), "a %250A b");
        assert_eq!(escape_data("a::b, c"), "a::b, c");
    }

    #[test]
    fn properties_cannot_forge_other_properties() {
        assert_eq!(
            escape_property("a,line=1,title=PASSED::x"),
            "a%2Cline=1%2Ctitle=PASSED%3A%3Ax"
        );
    }

    #[test]
    fn long_messages_are_cut_at_a_character() {
        let text = "é".repeat(5000);
        let cut = truncate_chars(&text, MAX_MESSAGE_CHARS);
        assert_eq!(cut.chars().count(), MAX_MESSAGE_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate_chars("short", 10), "short");
    }
}
