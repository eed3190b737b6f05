//! `irready rules`: every rule, built in or custom, with its clause, severity and title.

use std::io::Write;

use serde::Serialize;

use super::{Error, Outcome, emit};
use crate::clauses;
use crate::cli::{ListFormat, RulesArgs};
use crate::engine::Engine;
use crate::pipeline;

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    clause: &'a str,
    severity: &'a str,
    title: &'a str,
    custom: bool,
}

pub fn run(args: &RulesArgs) -> Result<Outcome, Error> {
    let engine = pipeline::engine_for(&args.path, args.config.as_deref())?;
    emit(None, |out, _| match args.format {
        ListFormat::Json => {
            let listed: Vec<Listed> = engine.rules().iter().map(listed).collect();
            serde_json::to_writer_pretty(&mut *out, &listed)?;
            writeln!(out)
        }
        ListFormat::Human => write_table(&engine, out),
    })?;
    Ok(Outcome::Passed)
}

fn listed(rule: &crate::engine::Rule) -> Listed<'_> {
    Listed {
        id: &rule.id,
        clause: &rule.clause,
        severity: rule.severity.as_str(),
        title: &rule.title,
        custom: rule.custom,
    }
}

fn write_table(engine: &Engine, out: &mut dyn Write) -> std::io::Result<()> {
    let mut rules: Vec<_> = engine.rules().iter().collect();
    rules.sort_by(|a, b| {
        clauses::order(&a.clause)
            .cmp(&clauses::order(&b.clause))
            .then(a.id.cmp(&b.id))
    });
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    writeln!(
        out,
        "{:id_width$}  {:8}  {:8}  title",
        "rule", "clause", "severity"
    )?;
    for rule in &rules {
        let custom = if rule.custom { " (custom)" } else { "" };
        writeln!(
            out,
            "{:id_width$}  {:8}  {:8}  {}{custom}",
            rule.id,
            rule.clause,
            rule.severity.as_str(),
            rule.title
        )?;
    }
    writeln!(out, "{} rules", rules.len())
}
