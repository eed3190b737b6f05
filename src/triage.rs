//! Triage: locates each finding in its file, applies the configured severities and the
//! waivers, and puts the findings in the order every report uses.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::artefacts::{Repository, Text};
use crate::config::Config;
use crate::engine::Engine;
use crate::finding::{Finding, Raw};

/// Turns the policies' findings into located findings, in report order.
///
/// `covered` pairs an index into `raw` with the index of the waiver that covers it.
pub fn triage(
    raw: Vec<Raw>,
    covered: &[(usize, usize)],
    engine: &Engine,
    repository: &Repository,
    config: &Config,
) -> Vec<Finding> {
    let waivers: BTreeMap<usize, usize> = covered.iter().copied().collect();
    let config_text = (!config.text.is_empty()).then(|| Text::from(config.text.as_str()));
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .enumerate()
        .filter_map(|(i, raw)| {
            let rule = engine.rule(&raw.rule)?;
            let configured = config.rules.get(&raw.rule);
            let severity = configured
                .and_then(|c| c.severity)
                .or(raw.severity)
                .unwrap_or(rule.severity);
            let (span, text) = locate(&raw, repository, config, config_text.as_ref());
            let start = span.as_ref().zip(text).map(|(s, t)| t.position(s.start));
            let end = span.as_ref().zip(text).map(|(s, t)| t.position(s.end));
            let waiver = waivers
                .get(&i)
                .and_then(|w| config.waivers.get(*w))
                .cloned();
            Some(Finding {
                clause: rule.clause.clone(),
                severity,
                help: rule.remediation.clone(),
                rule: raw.rule,
                message: raw.message,
                path: raw.path,
                pointer: raw.pointer,
                span,
                start,
                end,
                waiver,
            })
        })
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// The span of a finding in its file, and the text of that file.
fn locate<'a>(
    raw: &Raw,
    repository: &'a Repository,
    config: &Config,
    config_text: Option<&'a Text>,
) -> (Option<Range<usize>>, Option<&'a Text>) {
    let Some(path) = raw.path.as_deref() else {
        return (None, None);
    };
    if path == config.path {
        let pointer = raw.pointer.as_deref().unwrap_or_default();
        let span = config.span(pointer.strip_prefix("/data").unwrap_or(pointer));
        return (config_text.map(|t| trim(span, t)), config_text);
    }
    let text = repository.texts.get(path);
    let line = raw
        .line
        .zip(text)
        .and_then(|(line, text)| text.lines.line_range(&text.text, line));
    let span = match (raw.span, raw.pointer.as_deref(), repository.artefact(path)) {
        _ if line.is_some() => line,
        (Some((start, end)), _, _) => Some(start..end),
        (None, Some(pointer), Some(artefact)) => Some(artefact.span(pointer)),
        (None, None, Some(artefact)) => Some(artefact.kind_span()),
        (None, _, None) => text.map(|_| 0..0),
    };
    (span.zip(text).map(|(s, t)| trim(s, t)), text)
}

/// A span without the white space a block node ends with.
fn trim(span: Range<usize>, text: &Text) -> Range<usize> {
    let bytes = text.text.as_bytes();
    let end = span.end.min(bytes.len());
    let start = span.start.min(end);
    let trimmed = bytes[start..end]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| start + i + 1);
    start..trimmed
}
