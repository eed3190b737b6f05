//! Artefacts: the files of a plan repository parsed into typed documents that keep their
//! source text and the span of every value.

pub mod markdown;
pub mod schema;
pub mod yaml;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde_json::Value as Json;

use self::markdown::{FrontMatter, Heading, Link};
use self::yaml::Node;
use crate::source::{Contents, SourceFile};
use crate::text::{LineIndex, Position, printable};

/// How an artefact is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Yaml,
    Markdown,
}

/// One artefact: a document whose front matter or top level declares a `kind`.
#[derive(Debug)]
pub struct Artefact {
    pub path: String,
    pub kind: String,
    pub id: String,
    pub format: Format,
    /// The fields, with values of the wrong type left out.
    pub data: Json,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// The YAML tree, with spans into the whole file.
    pub root: Node,
}

impl Artefact {
    /// The byte span of a JSON pointer into the artefact as the policies see it:
    /// `/data/…` for a field, `/headings/N`, `/links/N`; the nearest value that exists.
    pub fn span(&self, pointer: &str) -> Range<usize> {
        let mut tokens = pointer.trim_start_matches('/').splitn(3, '/');
        let head = tokens.next().unwrap_or_default();
        let index = tokens.next().and_then(|t| t.parse::<usize>().ok());
        match (head, index) {
            ("headings", Some(i)) if i < self.headings.len() => self.headings[i].span.clone(),
            ("links", Some(i)) if i < self.links.len() => self.links[i].span.clone(),
            ("data", _) => {
                self.field_span(pointer.trim_start_matches('/').trim_start_matches("data"))
            }
            _ => self.kind_span(),
        }
    }

    fn field_span(&self, mut pointer: &str) -> Range<usize> {
        loop {
            if pointer.is_empty() {
                return self.kind_span();
            }
            if let Some(node) = self.root.pointer(pointer) {
                return node.span.clone();
            }
            pointer = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }

    /// Where the artefact declares its kind: the place to point at for the whole artefact.
    pub fn kind_span(&self) -> Range<usize> {
        self.root
            .entries()
            .and_then(|entries| entries.iter().find(|e| e.key == "kind"))
            .map_or(0..0, |e| e.key_span.start..e.value.span.end)
    }
}

/// The text of a file that was read, made safe to print, with its line index.
#[derive(Clone, Debug)]
pub struct Text {
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl Text {
    fn new(text: &str) -> Self {
        Self {
            lines: Arc::new(LineIndex::new(text)),
            text: Arc::from(printable(text)),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }
}

/// A file that cannot be read as an artefact, or a value of the wrong type: `invalid-artefact`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// Where in the file; `None` for a file with no text to point into.
    pub span: Option<Range<usize>>,
    pub message: String,
}

/// Everything read from a repository.
#[derive(Debug, Default)]
pub struct Repository {
    /// Every file path, read or not, for links to resolve against.
    pub files: Vec<String>,
    /// The texts of the files that were read.
    pub texts: BTreeMap<String, Text>,
    pub artefacts: Vec<Artefact>,
    pub problems: Vec<Problem>,
}

impl Repository {
    /// The artefact read from a path.
    pub fn artefact(&self, path: &str) -> Option<&Artefact> {
        // Artefacts are read in path order.
        self.artefacts
            .binary_search_by(|a| a.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.artefacts[i])
    }

    pub fn read(files: Vec<SourceFile>) -> Self {
        let mut repository = Self::default();
        for file in files {
            repository.files.push(file.path.clone());
            match file.contents {
                Contents::Unread => {}
                Contents::Refused(refusal) => repository.problems.push(Problem {
                    path: file.path,
                    span: None,
                    message: refusal.to_string(),
                }),
                Contents::Bytes(bytes) => repository.add(file.path, &bytes),
            }
        }
        repository
    }

    fn add(&mut self, path: String, bytes: &[u8]) {
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(problem) => {
                let (span, message, shown) = problem;
                if let Some(shown) = shown {
                    self.texts.insert(path.clone(), Text::new(&shown));
                }
                self.problems.push(Problem {
                    path,
                    span,
                    message,
                });
                return;
            }
        };
        let parsed = parse(&path, text);
        if parsed.artefact.is_some() || !parsed.problems.is_empty() {
            self.texts.insert(path.clone(), Text::new(text));
        }
        self.artefacts.extend(parsed.artefact);
        self.problems
            .extend(parsed.problems.into_iter().map(|(span, message)| Problem {
                path: path.clone(),
                span: Some(span),
                message,
            }));
    }
}

type DecodeProblem = (Option<Range<usize>>, String, Option<String>);

/// The text of a file, or why it has none: binary, or not UTF-8.
fn decode(bytes: &[u8]) -> Result<&str, DecodeProblem> {
    if bytes.contains(&0) {
        return Err((None, "binary content, not a text document".into(), None));
    }
    std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        let shown = String::from_utf8_lossy(bytes).into_owned();
        let width = shown[at..].chars().next().map_or(0, char::len_utf8);
        (
            Some(at..at + width),
            "the file is not valid UTF-8 text".into(),
            Some(shown),
        )
    })
}

struct Parsed {
    artefact: Option<Artefact>,
    problems: Vec<(Range<usize>, String)>,
}

fn parse(path: &str, text: &str) -> Parsed {
    let is_markdown = path.to_ascii_lowercase().ends_with(".md");
    if is_markdown {
        parse_markdown(path, text)
    } else {
        parse_yaml(path, text, 0..text.len(), Format::Yaml)
    }
}

fn parse_markdown(path: &str, text: &str) -> Parsed {
    match markdown::front_matter(text) {
        FrontMatter::None => Parsed {
            artefact: None,
            problems: Vec::new(),
        },
        FrontMatter::Unclosed { yaml } => {
            let declares_kind = text[yaml.clone()].lines().any(|l| l.starts_with("kind:"));
            let problems = if declares_kind {
                vec![(
                    yaml.start..yaml.start,
                    "the front matter is not closed by a `---` line".into(),
                )]
            } else {
                Vec::new()
            };
            Parsed {
                artefact: None,
                problems,
            }
        }
        FrontMatter::Closed { yaml, body } => {
            let mut parsed = parse_yaml(path, text, yaml, Format::Markdown);
            if let Some(artefact) = parsed.artefact.as_mut() {
                (artefact.headings, artefact.links) = markdown::outline(text, body);
            }
            parsed
        }
    }
}

fn parse_yaml(path: &str, text: &str, range: Range<usize>, format: Format) -> Parsed {
    let offset = range.start;
    let document = match yaml::parse(&text[range]) {
        Ok(document) => document,
        Err(error) => {
            let at = offset + error.offset;
            return Parsed {
                artefact: None,
                problems: vec![(at..at, format!("malformed YAML: {}", error.message))],
            };
        }
    };
    let mut root = document.root;
    root.shift(offset);
    let mut problems: Vec<_> = document
        .problems
        .into_iter()
        .map(|p| (p.span.start + offset..p.span.end + offset, p.message))
        .collect();

    let Some(kind_node) = root.get("kind") else {
        return Parsed {
            artefact: None,
            problems: Vec::new(),
        };
    };
    let yaml::Value::Str(kind) = &kind_node.value else {
        problems.push((
            kind_node.span.clone(),
            "`kind` must be the name of a kind".into(),
        ));
        return Parsed {
            artefact: None,
            problems,
        };
    };
    let kind = kind.clone();

    let data = match schema::kind(&kind) {
        Some(schema) => {
            let (data, violations) = schema::check(schema, &root, text);
            problems.extend(violations.into_iter().map(|v| (v.span, v.message)));
            data
        }
        None => root.to_json(text),
    };
    let id = data
        .get("id")
        .and_then(Json::as_str)
        .map_or_else(|| file_stem(path), str::to_owned);
    Parsed {
        artefact: Some(Artefact {
            path: path.to_owned(),
            kind,
            id,
            format,
            data,
            headings: Vec::new(),
            links: Vec::new(),
            root,
        }),
        problems,
    }
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str, text: &[u8]) -> Repository {
        Repository::read(vec![SourceFile {
            path: path.into(),
            contents: Contents::Bytes(text.to_vec()),
        }])
    }

    #[test]
    fn markdown_front_matter_spans_are_file_offsets() {
        let text = "---\nkind: plan\ntitle: Plan\n---\n# Scope\n";
        let repo = read("plan.md", text.as_bytes());
        let artefact = &repo.artefacts[0];
        assert_eq!(artefact.id, "plan");
        assert_eq!(&text[artefact.span("/data/title")], "Plan");
        assert_eq!(&text[artefact.span("/headings/0")], "# Scope\n");
        assert_eq!(&text[artefact.span("/data/missing/deep")], "kind: plan");
    }

    #[test]
    fn files_without_kind_are_not_artefacts() {
        assert!(read("notes.md", b"# Notes\n").artefacts.is_empty());
        assert!(read("ci.yml", b"on: push\n").artefacts.is_empty());
        assert!(read("ci.yml", b"on: push\n").problems.is_empty());
    }

    #[test]
    fn binary_and_non_utf8_files_are_problems() {
        let repo = read("logo.md", b"\x89PNG\r\n\x1a\n\0\0");
        assert_eq!(
            repo.problems[0].message,
            "binary content, not a text document"
        );
        let repo = read("latin1.yaml", b"kind: roster\nname: Ren\xe9\n");
        assert_eq!(repo.problems[0].span, Some(22..25));
    }

    #[test]
    fn malformed_yaml_is_a_problem() {
        let repo = read("team/roster.yaml", b"kind: roster\npeople: [\n");
        assert!(repo.problems[0].message.starts_with("malformed YAML"));
        assert!(repo.artefacts.is_empty());
    }
}
