//! Where GitHub shows a finding: a file of the repository and a region in it, for every
//! finding, even one about the repository as a whole. Shared by the SARIF, workflow-command
//! and check-run reports, so that all three point at the same place.

use crate::finding::Finding;
use crate::pipeline::Evaluation;

/// A region of a file: 1-based lines and character columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The path from the root of the git repository, with `/` separators.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    /// The column just after the region's last character; `None` runs to the end of
    /// `end_line` (a region that ends with its line, or the whole first line of a file).
    pub end_column: Option<usize>,
}

impl Location {
    /// The last column of the region, counted inclusively as GitHub annotations count it,
    /// when the region starts and ends on one line.
    pub fn last_column(&self) -> Option<usize> {
        let end = self.end_column.filter(|_| self.line == self.end_line)?;
        Some(end.saturating_sub(1).max(self.column))
    }
}

/// Places findings in files, with the file to fall back on for findings without one.
#[derive(Clone, Debug)]
pub struct Locator {
    /// The plan repository's root as seen from the git repository's root: `""` or `plans/`.
    prefix: String,
    /// The file findings about the repository as a whole point at.
    fallback: Option<String>,
}

impl Locator {
    /// `prefix` is the path of the plan repository inside its git repository (see
    /// [`git_prefix`]).
    pub fn new(evaluation: &Evaluation, prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
            fallback: fallback(evaluation).map(str::to_owned),
        }
    }

    /// Where a finding belongs: its own file and region when it has them, its own file at
    /// line 1 when it has no region, and otherwise the fallback file at line 1. `None` only
    /// when the repository has no file at all.
    pub fn locate(&self, finding: &Finding) -> Option<Location> {
        let own = finding.path.as_deref().filter(|p| is_relative(p));
        let path = own.or(self.fallback.as_deref())?;
        let path = format!("{}{path}", self.prefix);
        let start = finding.start.filter(|_| own.is_some());
        let Some(start) = start else {
            return Some(Location {
                path,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: None,
            });
        };

        let end = finding.end.unwrap_or(start).max(start);
        let (end_line, end_column) = if end.line == start.line {
            (end.line, Some(end.column.max(start.column + 1)))
        } else if end.column == 1 {
            // The region ends with the line before: no character of `end.line` is in it.
            (end.line - 1, None)
        } else {
            (end.line, Some(end.column))
        };
        Some(Location {
            path,
            line: start.line,
            column: start.column,
            end_line,
            end_column,
        })
    }
}

/// The file a finding about the whole repository points at: README.md, else the
/// configuration, else the first artefact.
fn fallback(evaluation: &Evaluation) -> Option<&str> {
    let files = &evaluation.repository.files;
    let exists = |path: &str| files.iter().any(|f| f == path);
    let config = evaluation.config.path.as_str();
    if exists("README.md") {
        Some("README.md")
    } else if is_relative(config) && exists(config) {
        Some(config)
    } else {
        evaluation
            .repository
            .artefacts
            .first()
            .map(|a| a.path.as_str())
    }
}

/// Whether a path names a file inside the repository: not absolute (nor on a Windows drive,
/// `C:`), never `..`.
fn is_relative(path: &str) -> bool {
    let drive = path.as_bytes().get(1) == Some(&b':') && path.as_bytes()[0].is_ascii_alphabetic();
    !path.is_empty()
        && !drive
        && !path.starts_with(['/', '\\'])
        && !path.split(['/', '\\']).any(|part| part == "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::text::Position;

    fn finding(
        path: Option<&str>,
        start: Option<(usize, usize)>,
        end: Option<(usize, usize)>,
    ) -> Finding {
        let position = |(line, column)| Position { line, column };
        Finding {
            rule: "plan-missing".into(),
            clause: "6.1".into(),
            severity: Severity::Error,
            message: "m".into(),
            help: "h".into(),
            path: path.map(str::to_owned),
            pointer: None,
            span: None,
            start: start.map(position),
            end: end.map(position),
            waiver: None,
        }
    }

    fn locator(fallback: Option<&str>, prefix: &str) -> Locator {
        Locator {
            prefix: prefix.into(),
            fallback: fallback.map(str::to_owned),
        }
    }

    #[test]
    fn a_region_on_one_line_keeps_its_columns() {
        let f = finding(Some("team/roster.yaml"), Some((67, 7)), Some((67, 49)));
        let at = locator(Some("README.md"), "").locate(&f).unwrap();
        assert_eq!(
            (at.line, at.column, at.end_line, at.end_column),
            (67, 7, 67, Some(49))
        );
        assert_eq!(at.last_column(), Some(48));
    }

    #[test]
    fn an_empty_region_covers_one_character() {
        let f = finding(Some("a.yaml"), Some((3, 5)), Some((3, 5)));
        let at = locator(None, "").locate(&f).unwrap();
        assert_eq!(
            (at.end_line, at.end_column, at.last_column()),
            (3, Some(6), Some(5))
        );
    }

    #[test]
    fn a_region_ending_at_a_line_start_ends_with_the_line_before() {
        let f = finding(Some("a.yaml"), Some((3, 1)), Some((6, 1)));
        let at = locator(None, "").locate(&f).unwrap();
        assert_eq!(
            (at.end_line, at.end_column, at.last_column()),
            (5, None, None)
        );
    }

    #[test]
    fn findings_without_a_file_or_line_point_at_line_one() {
        let at = locator(Some("README.md"), "plans/").locate(&finding(None, None, None));
        assert_eq!(at.unwrap().path, "plans/README.md");
        let at = locator(Some("README.md"), "").locate(&finding(Some("big.yaml"), None, None));
        let at = at.unwrap();
        assert_eq!((at.path.as_str(), at.line, at.column), ("big.yaml", 1, 1));
        assert_eq!(locator(None, "").locate(&finding(None, None, None)), None);
    }

    #[test]
    fn paths_outside_the_repository_fall_back() {
        let f = finding(Some("/etc/irready.yaml"), Some((2, 1)), None);
        let at = locator(Some("README.md"), "").locate(&f).unwrap();
        assert_eq!((at.path.as_str(), at.line), ("README.md", 1));
        assert!(!is_relative("../x.yaml"));
        assert!(!is_relative("C:\\x.yaml"));
        assert!(is_relative("plan/x.md"));
        assert!(is_relative("plan/a:b.md"));
    }
}
