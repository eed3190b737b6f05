//! The auditor report as one self-contained HTML page: inline styles for screen and print, an
//! inline SVG chart, no script and nothing fetched from elsewhere. Every text from the
//! repository is escaped; the only links are to files of the plan repository, relative to
//! its root, and to sections of the page.

use std::fmt::Write as _;

use super::chart::{self, counts_text};
use super::{
    Audit, CUSTOM_EVIDENCE, Chart, LEGEND, LEGEND_NOTES, Row, Status, findings_text, heading, href,
};
use crate::finding::Finding;
use crate::text::printable;
use crate::timeline::{Counts, GROUPS, Point};

const STYLE: &str = include_str!("report.css");

/// The whole page.
pub fn render(audit: &Audit) -> String {
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Readiness report: ISO/IEC 27035-2:2023, {}</title>\n<style>\n{STYLE}</style>\n\
         </head>\n<body>\n",
        escape(&audit.about.now)
    );
    header(audit, &mut page);
    page.push_str("<main>\n");
    legend(&mut page);
    matrix(audit, &mut page);
    chart_section(audit, &mut page);
    page.push_str("<section id=\"clauses\">\n<h2>Clauses</h2>\n");
    for row in audit.rows.iter().chain([&audit.structure]) {
        section(audit, row, &mut page);
    }
    page.push_str("</section>\n");
    waivers(audit, &mut page);
    rule_set(audit, &mut page);
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn header(audit: &Audit, page: &mut String) {
    let about = &audit.about;
    let (met, waived, not_met) = audit.tally();
    let summary = about.summary;
    page.push_str(
        "<header>\n<h1>Readiness report: ISO/IEC 27035-2:2023</h1>\n<dl class=\"about\">\n",
    );
    let mut item = |term: &str, value: String| {
        let _ = writeln!(page, "<dt>{term}</dt><dd>{value}</dd>");
    };
    item("Evaluated on", escape(&about.now));
    item(
        "Revision",
        audit.evidence.revision.as_ref().map_or_else(
            || "none (not in git)".to_owned(),
            |r| format!("<code>{}</code>", escape(&r.id)),
        ),
    );
    if let Some(root) = &audit.evidence.root {
        item(
            "Repository",
            format!("first commit <code>{}</code>", escape(root)),
        );
    }
    item("irready", escape(about.version));
    item("Rule set", escape(&audit.rule_set()));
    item("Artefacts read", about.artefacts.to_string());
    item(
        "Clauses",
        format!(
            "{} checked: {met} met, {waived} met with waivers, {not_met} not met",
            audit.rows.len()
        ),
    );
    item("Findings", findings_text(summary));
    let _ = writeln!(
        page,
        "</dl>\n<p>{} Links to files are relative to the root of the plan repository; \
         <code>path@commit</code> names the commit that last changed the file.</p>\n</header>",
        escape(&audit.provenance())
    );
}

fn legend(page: &mut String) {
    page.push_str("<section id=\"legend\">\n<h2>How a status is decided</h2>\n<ul>\n");
    for (status, meaning) in LEGEND {
        let _ = writeln!(page, "<li>{}: {meaning}</li>", badge(*status));
    }
    page.push_str("</ul>\n");
    for note in LEGEND_NOTES {
        let _ = writeln!(page, "<p>{note}</p>");
    }
    page.push_str("</section>\n");
}

fn matrix(audit: &Audit, page: &mut String) {
    page.push_str(
        "<section id=\"matrix\">\n<h2>Clause matrix</h2>\n<table class=\"matrix\">\n\
         <thead><tr><th>Clause</th><th>Title</th><th>Status</th><th>Errors</th>\
         <th>Warnings</th><th>Info</th><th>Waived</th></tr></thead>\n<tbody>\n",
    );
    for row in audit.rows.iter().chain([&audit.structure]) {
        let counts = row.counts;
        let clause = if row.clause == "any" { "" } else { &row.clause };
        let _ = writeln!(
            page,
            "<tr class=\"depth-{}\"><td>{}</td><td><a href=\"#{}\">{}</a></td><td>{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td></tr>",
            row.depth,
            escape(clause),
            anchor(row),
            escape(&row.title),
            badge(row.status),
            counts.error,
            counts.warning,
            counts.info,
            counts.waived
        );
    }
    page.push_str("</tbody>\n</table>\n");
    if !audit.unchecked.is_empty() {
        let unchecked: Vec<String> = audit
            .unchecked
            .iter()
            .map(|(clause, title)| escape(&format!("{clause} {title}")))
            .collect();
        let _ = writeln!(
            page,
            "<p>No rule of the rule set serves these clauses, so the report says nothing of \
             them: {}.</p>",
            unchecked.join("; ")
        );
    }
    page.push_str("</section>\n");
}

fn chart_section(audit: &Audit, page: &mut String) {
    page.push_str(
        "<section id=\"chart\">\n<h2>Errors and warnings over the last twelve months</h2>\n",
    );
    match &audit.chart {
        Chart::Points {
            since,
            until,
            points,
        } => {
            let _ = writeln!(
                page,
                "<p>The repository as it stood at the end of each date from {} to {}, in the \
                 history of the evaluated revision, evaluated as of that date, as \
                 <code>irready history</code> does. Waived findings are not counted; a date \
                 before the first commit has no bar.</p>\n<figure>",
                escape(since),
                escape(until)
            );
            page.push_str(&chart::svg(points));
            page.push_str("</figure>\n");
            chart_table(points, page);
        }
        Chart::Unavailable(reason) => {
            let _ = writeln!(page, "<p>No chart: {}.</p>", escape(reason));
        }
        Chart::NotDrawn => {}
    }
    page.push_str("</section>\n");
}

/// The chart's numbers: a row per date, errors/warnings per group of clauses.
fn chart_table(points: &[Point], page: &mut String) {
    page.push_str("<table class=\"chart-data\">\n<thead><tr><th>Date</th>");
    for group in GROUPS {
        let name = match *group {
            "any" => "Structure",
            "Annex A" => "Annex A",
            clause => clause,
        };
        let _ = write!(page, "<th>{}</th>", escape(name));
    }
    page.push_str("<th>Total</th></tr></thead>\n<tbody>\n");
    for point in points {
        let _ = write!(page, "<tr><th>{}</th>", escape(&point.date));
        for group in GROUPS {
            let counts = point.clauses.get(group).copied().unwrap_or_default();
            let _ = write!(
                page,
                "<td class=\"n\" title=\"{}\">{}</td>",
                counts_text(counts),
                pair(point, counts)
            );
        }
        let _ = writeln!(
            page,
            "<td class=\"n\">{}</td></tr>",
            pair(point, chart::total(point))
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

/// `errors/warnings`, or `-` before the first commit.
fn pair(point: &Point, counts: Counts) -> String {
    if point.revision.is_some() {
        format!("{}/{}", counts.error, counts.warning)
    } else {
        "-".to_owned()
    }
}

/// A clause: its status, its rules, their findings, and its evidence.
fn section(audit: &Audit, row: &Row, page: &mut String) {
    let level = (row.depth + 3).min(6);
    let _ = writeln!(
        page,
        "<section class=\"clause depth-{}\" id=\"{}\">\n<h{level}>{} {}</h{level}>",
        row.depth,
        anchor(row),
        escape(&heading(row)),
        badge(row.status)
    );
    let children: Vec<String> = audit
        .below(row)
        .filter(|r| r.depth == row.depth + 1)
        .map(|r| {
            format!(
                "<a href=\"#{}\">{}</a> {}",
                anchor(r),
                escape(&r.clause),
                r.status.as_str()
            )
        })
        .collect();
    if !children.is_empty() {
        let _ = writeln!(page, "<p>Sub-clauses: {}.</p>", children.join(", "));
    }
    if !row.rules.is_empty() {
        rules(row, page);
        findings(audit, row, page);
        evidence(audit, row, page);
    }
    page.push_str("</section>\n");
}

fn rules(row: &Row, page: &mut String) {
    page.push_str(
        "<table class=\"rules\">\n<thead><tr><th>Rule</th><th>Severity</th><th>Result</th>\
         <th>Title</th></tr></thead>\n<tbody>\n",
    );
    for result in &row.rules {
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&result.rule.id),
            result.severity,
            escape(&result.result()),
            prose(&result.rule.title)
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

fn findings(audit: &Audit, row: &Row, page: &mut String) {
    let mut findings: Vec<&Finding> = row.rules.iter().flat_map(|r| &r.findings).collect();
    if findings.is_empty() {
        return;
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    page.push_str("<h4 class=\"part\">Findings</h4>\n<ul class=\"findings\">\n");
    for finding in findings {
        let _ = write!(
            page,
            "<li class=\"{}\"><strong>{}</strong> <code>{}</code>: {}, {}. Fix: {}",
            finding.severity,
            finding.severity,
            escape(&finding.rule),
            prose(&finding.message),
            location(audit, finding),
            prose(&finding.help)
        );
        if let Some(waiver) = &finding.waiver {
            let _ = write!(
                page,
                "<br><em>Waived</em> until {}, approved by {}: {}",
                escape(&waiver.expires),
                escape(&waiver.approved_by),
                prose(&waiver.reason)
            );
        }
        page.push_str("</li>\n");
    }
    page.push_str("</ul>\n");
}

/// Where a finding is: a link to the file and line, labelled `path@commit:line`.
fn location(audit: &Audit, finding: &Finding) -> String {
    let Some(path) = finding.path.as_deref() else {
        return "in the repository as a whole".to_owned();
    };
    let line = finding.start.map(|p| p.line);
    let label = escape(&audit.label(path, line));
    if audit.evidence.pins.contains_key(path) {
        format!(
            "at <a href=\"{}\"><code>{label}</code></a>",
            escape(&href(path, line))
        )
    } else {
        format!("at <code>{label}</code>")
    }
}

fn evidence(audit: &Audit, row: &Row, page: &mut String) {
    if row.custom {
        let _ = writeln!(page, "<p>{CUSTOM_EVIDENCE}</p>");
    }
    if row.evidence.is_empty() {
        page.push_str("<p>Evidence: no artefact.</p>\n");
        return;
    }
    page.push_str("<h4 class=\"part\">Evidence</h4>\n<ul class=\"evidence\">\n");
    for path in &row.evidence {
        let pin = audit.evidence.pin(path);
        let changed = pin.commit.map_or_else(String::new, |c| {
            format!(
                ", last changed on {} by {}",
                escape(&c.date),
                escape(&c.author)
            )
        });
        let _ = writeln!(
            page,
            "<li><a href=\"{}\"><code>{}</code></a>{changed}</li>",
            escape(&href(path, None)),
            escape(&audit.label(path, None))
        );
    }
    page.push_str("</ul>\n");
}

fn waivers(audit: &Audit, page: &mut String) {
    page.push_str("<section id=\"waivers\">\n<h2>Waivers</h2>\n");
    if audit.waivers.is_empty() {
        page.push_str("<p>The configuration has no waiver.</p>\n</section>\n");
        return;
    }
    page.push_str(
        "<table>\n<thead><tr><th>Rule</th><th>Path</th><th>Reason</th><th>Approved by</th>\
         <th>Expires</th><th>Findings waived</th></tr></thead>\n<tbody>\n",
    );
    for used in &audit.waivers {
        let waiver = &used.waiver;
        let expired = if used.expired { " (expired)" } else { "" };
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}{expired}</td>\
             <td class=\"n\">{}</td></tr>",
            escape(&waiver.rule),
            escape(waiver.path.as_deref().unwrap_or("any")),
            prose(&waiver.reason),
            escape(&waiver.approved_by),
            escape(&waiver.expires),
            used.covered.len()
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn rule_set(audit: &Audit, page: &mut String) {
    let _ = writeln!(
        page,
        "<section id=\"rules\">\n<h2>Rule set</h2>\n<p>{}.</p>\n<table>\n<thead><tr>\
         <th>Rule</th><th>Clause</th><th>Severity</th><th>Source</th><th>Title</th></tr>\
         </thead>\n<tbody>",
        escape(&audit.rule_set())
    );
    for rule in &audit.rules {
        let source = if rule.custom {
            format!("custom ({})", escape(&rule.package))
        } else {
            "built-in".to_owned()
        };
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{source}</td><td>{}</td></tr>",
            escape(&rule.id),
            escape(&rule.clause),
            rule.severity,
            prose(&rule.title)
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// A status in words, with a shape that survives grey-scale print.
fn badge(status: Status) -> String {
    let (class, mark) = match status {
        Status::Met => ("met", "\u{2714}"),
        Status::MetWithWaivers => ("waived", "\u{25d0}"),
        Status::NotMet => ("not-met", "\u{2716}"),
    };
    format!(
        "<span class=\"status {class}\">{mark} {}</span>",
        status.as_str()
    )
}

/// The id of a clause's section: `clause-7-2-2`, `clause-annex-a`, `structure`.
fn anchor(row: &Row) -> String {
    if row.clause == "any" {
        return "structure".to_owned();
    }
    let name: String = row
        .clause
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("clause-{name}")
}

/// Free text with its `code` spans set as code and everything escaped; text with an unpaired
/// backtick is escaped whole.
fn prose(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() % 2 == 0 {
        return escape(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape(part))
            } else {
                escape(part)
            }
        })
        .collect()
}

/// Text for HTML content or a quoted attribute, shown as written.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in printable(text).chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("bell\u{7}"), "bell?");
        assert_eq!(prose("a `b<` c"), "a <code>b&lt;</code> c");
        assert_eq!(prose("a ` b"), "a ` b");
    }
}
