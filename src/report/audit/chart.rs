//! The chart of the HTML report: errors and warnings per group of clauses at each date of the
//! timeline, as inline SVG, one small panel per group on a shared scale. Errors are solid and
//! warnings hatched, so the chart reads in grey on paper.

use std::fmt::Write as _;

use crate::finding::Summary;
use crate::timeline::{Counts, GROUPS, Point};

const COLUMNS: usize = 3;
const PANEL_WIDTH: usize = 240;
const PANEL_HEIGHT: usize = 150;
/// The plot inside a panel: left, top, width and height.
const PLOT: (usize, usize, usize, usize) = (40, 28, 188, 84);

// Presentation attributes rather than styles, so that the chart draws the same when it is
// copied out of the page.
const TITLE: &str = r#"class="panel-title" font-size="15" font-weight="600""#;
const AXIS: &str = r##"class="axis" stroke="#333""##;
const TICK: &str = r##"class="tick" font-size="12" fill="#333""##;
const ERRORS: &str = r##"class="errors" fill="#222""##;
const WARNINGS: &str = r##"class="warnings" stroke="#444" stroke-width="0.6" fill="url(#hatch)""##;

/// The name of a group in a panel's title.
fn group_name(group: &str) -> String {
    match group {
        "any" => "Structure and integrity".to_owned(),
        "Annex A" => "Annex A".to_owned(),
        clause => format!("Clause {clause}"),
    }
}

/// The SVG of the timeline's points.
pub fn svg(points: &[Point]) -> String {
    let rows = GROUPS.len().div_ceil(COLUMNS);
    let (width, height) = (COLUMNS * PANEL_WIDTH, rows * PANEL_HEIGHT + 30);
    let top = scale_top(points);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" \
         role=\"img\" aria-labelledby=\"chart-title\" class=\"chart\">\n\
         <title id=\"chart-title\">Errors and warnings per clause at each date</title>\n\
         <defs><pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"#fff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#444\" stroke-width=\"2\"/>\
         </pattern></defs>\n"
    );
    for (index, group) in GROUPS.iter().enumerate() {
        let origin = (
            (index % COLUMNS) * PANEL_WIDTH,
            (index / COLUMNS) * PANEL_HEIGHT,
        );
        panel(&mut svg, group, points, top, origin);
    }
    key(&mut svg, rows * PANEL_HEIGHT + 8);
    svg.push_str("</svg>\n");
    svg
}

/// The highest count of any panel, for one scale across panels; at least 1.
fn scale_top(points: &[Point]) -> usize {
    points
        .iter()
        .flat_map(|p| p.clauses.values())
        .map(|c| c.error + c.warning)
        .max()
        .unwrap_or(0)
        .max(1)
}

/// One group's panel: its title, axes, a bar per date and the first and last dates.
fn panel(svg: &mut String, group: &str, points: &[Point], top: usize, (x, y): (usize, usize)) {
    let (left, upper, width, height) = PLOT;
    let (x0, y0) = (x + left, y + upper);
    let bottom = y0 + height;
    let _ = writeln!(
        svg,
        "<g class=\"panel\"><text x=\"{}\" y=\"{}\" {TITLE}>{}</text>",
        x + 8,
        y + 16,
        group_name(group)
    );
    axes(svg, (x, x0, y0), top);

    let slot = float(width) / float(points.len().max(1));
    for (index, point) in points.iter().enumerate() {
        let counts = point.clauses.get(group).copied().unwrap_or_default();
        let left = float(x0) + slot * float(index) + slot * 0.15;
        bar(
            svg,
            point,
            counts,
            (left, slot * 0.7),
            (bottom, height, top),
        );
    }

    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let _ = writeln!(
            svg,
            "<text x=\"{x0}\" y=\"{}\" {TICK}>{}</text>\
             <text x=\"{}\" y=\"{}\" {TICK} text-anchor=\"end\">{}</text>",
            bottom + 14,
            first.date,
            x0 + width,
            bottom + 14,
            last.date
        );
    }
    svg.push_str("</g>\n");
}

/// The axes of a plot at `x0`, `y0` in a panel at `x`: the count at the top and at zero, and
/// what the vertical axis counts.
fn axes(svg: &mut String, (x, x0, y0): (usize, usize, usize), top: usize) {
    let (_, _, width, height) = PLOT;
    let bottom = y0 + height;
    let _ = writeln!(
        svg,
        "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x0}\" y2=\"{bottom}\" {AXIS}/>\
         <line x1=\"{x0}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" {AXIS}/>\n\
         <text x=\"{}\" y=\"{}\" {TICK} text-anchor=\"end\">{top}</text>\
         <text x=\"{}\" y=\"{bottom}\" {TICK} text-anchor=\"end\">0</text>\n\
         <text transform=\"translate({} {}) rotate(-90)\" {TICK} \
         text-anchor=\"middle\">findings</text>",
        x0 + width,
        x0 - 4,
        y0 + 4,
        x0 - 4,
        x + 14,
        y0 + height / 2,
    );
}

/// One date's bar: errors at the bottom, warnings stacked on them.
fn bar(
    svg: &mut String,
    point: &Point,
    counts: Counts,
    (left, width): (f64, f64),
    (bottom, height, top): (usize, usize, usize),
) {
    if point.revision.is_none() {
        return;
    }
    let unit = float(height) / float(top);
    let errors = float(counts.error) * unit;
    let warnings = float(counts.warning) * unit;
    let base = float(bottom);
    let _ = write!(
        svg,
        "<g><title>{}: {}</title>",
        point.date,
        counts_text(counts)
    );
    if counts.error > 0 {
        let _ = write!(
            svg,
            "<rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{errors:.1}\" \
             {ERRORS}/>",
            base - errors
        );
    }
    if counts.warning > 0 {
        let _ = write!(
            svg,
            "<rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{warnings:.1}\" \
             {WARNINGS}/>",
            base - errors - warnings
        );
    }
    svg.push_str("</g>\n");
}

/// The key below the panels.
fn key(svg: &mut String, y: usize) {
    let text_y = y + 11;
    let _ = writeln!(
        svg,
        "<g class=\"key\"><rect x=\"40\" y=\"{y}\" width=\"14\" height=\"14\" {ERRORS}/>\
         <text x=\"60\" y=\"{text_y}\" {TICK}>errors</text>\
         <rect x=\"130\" y=\"{y}\" width=\"14\" height=\"14\" {WARNINGS}/>\
         <text x=\"150\" y=\"{text_y}\" {TICK}>warnings</text>\
         <text x=\"220\" y=\"{text_y}\" {TICK}>x: date evaluated; y: unwaived findings, \
         one scale in every panel</text></g>",
    );
}

/// A count as a coordinate; counts beyond `u32` are drawn as the largest `u32`.
fn float(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `2 errors, 1 warning`.
pub fn counts_text(counts: Counts) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(counts.error, "error"),
        plural(counts.warning, "warning")
    )
}

/// The totals of a point, for the table under the chart.
pub fn total(point: &Point) -> Counts {
    let Summary { error, warning, .. } = point.summary;
    Counts { error, warning }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        let counts = Counts {
            error: 1,
            warning: 2,
        };
        assert_eq!(counts_text(counts), "1 error, 2 warnings");
    }

    #[test]
    fn the_scale_is_never_zero() {
        assert_eq!(scale_top(&[]), 1);
    }
}
