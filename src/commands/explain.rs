//! `irready explain RULE`: what a rule checks, why it matters, how to fix a finding,
//! a failing and a passing example, and its settings.

use std::io::{self, Write};

use super::{Error, Outcome, emit};
use crate::clauses;
use crate::cli::ExplainArgs;
use crate::engine::Rule;
use crate::pipeline;

pub fn run(args: &ExplainArgs) -> Result<Outcome, Error> {
    let engine = pipeline::engine_for(&args.path, None)?;
    let Some(rule) = engine.rule(&args.rule) else {
        let help = match crate::config::closest(
            &args.rule,
            engine.rules().iter().map(|r| r.id.as_str()),
        ) {
            Some(near) => format!("did you mean `{near}`? `irready rules` lists every rule"),
            None => "`irready rules` lists every rule".to_owned(),
        };
        return Err(Error::UnknownRule {
            id: args.rule.clone(),
            help,
        });
    };
    emit(None, |out, _| write(rule, out))?;
    Ok(Outcome::Passed)
}

/// The documentation of a rule as plain text, in fixed sections.
pub fn write(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    let clause_title =
        clauses::title(&rule.clause).unwrap_or("any clause: the structure of the repository");
    writeln!(out, "{}: {}", rule.id, rule.title)?;
    writeln!(out)?;
    writeln!(out, "Clause:    {} {clause_title}", rule.clause)?;
    writeln!(out, "Severity:  {} by default", rule.severity)?;
    if rule.custom {
        writeln!(out, "Custom:    declared in {}", rule.package)?;
    }
    section(out, "What it checks", &rule.checks)?;
    section(out, "Why it matters", &rule.why)?;
    section(
        out,
        "How to fix it",
        &format!("{}\n{}", rule.remediation, rule.fix),
    )?;
    example(out, "Failing example", &rule.failing)?;
    example(out, "Passing example", &rule.passing)?;
    writeln!(out)?;
    writeln!(out, "Settings")?;
    writeln!(
        out,
        "  severity: error, warning or info; off: true to turn the rule off"
    )?;
    for (name, setting) in &rule.settings {
        let default = serde_json::to_string(&setting.default).unwrap_or_default();
        writeln!(out, "  {name}: {} (default {default})", setting.about)?;
    }
    writeln!(out)?;
    writeln!(out, "In irready.yaml:")?;
    writeln!(out, "  rules:")?;
    writeln!(out, "    {}: {{severity: {}}}", rule.id, rule.severity)?;
    Ok(())
}

fn section(out: &mut dyn Write, heading: &str, text: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{heading}")?;
    for line in textwrap(text.trim(), 96) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

fn example(out: &mut dyn Write, heading: &str, text: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{heading}")?;
    for line in text.trim_end().lines() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

/// Wraps text at word boundaries, keeping its line breaks.
fn textwrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}
