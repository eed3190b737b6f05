//! YAML documents as trees of values that remember the byte span of every node.
//!
//! Built on the event parser of `saphyr-parser` so that anchors and aliases are
//! expanded under a node budget (an alias bomb stops early) and nesting is capped.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::text::CharOffsets;

/// The most nodes a document may expand to, aliases included.
const MAX_NODES: usize = 200_000;
/// The deepest nesting of collections a document may have.
const MAX_DEPTH: usize = 64;

/// A value with the byte range of the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A key of a mapping, its span, and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

/// Something wrong with a document that still parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Range<usize>,
}

/// Why a document could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// A parsed document: its root, and problems that did not stop parsing.
#[derive(Debug)]
pub struct Document {
    pub root: Node,
    pub problems: Vec<Problem>,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| &entry.value)
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The node at a JSON pointer (`/imt/roles/0/deputy`), if there is one.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Map(entries) => &entries.iter().find(|e| e.key == token)?.value,
                Value::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The node's value as JSON; numbers that JSON cannot hold become their source text.
    pub fn to_json(&self, source: &str) -> serde_json::Value {
        use serde_json::Value as Json;
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or_else(
                || Json::String(self.source_text(source).into()),
                Json::Number,
            ),
            Value::Str(s) => Json::String(s.clone()),
            Value::Seq(items) => items.iter().map(|item| item.to_json(source)).collect(),
            Value::Map(entries) => entries
                .iter()
                .map(|e| (e.key.clone(), e.value.to_json(source)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }

    /// The text the node was read from.
    pub fn source_text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.span.clone()).unwrap_or_default()
    }

    /// Shifts every span by `offset` bytes, for a document embedded in a larger text.
    pub fn shift(&mut self, offset: usize) {
        self.span = self.span.start + offset..self.span.end + offset;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|item| item.shift(offset)),
            Value::Map(entries) => {
                for entry in entries {
                    entry.key_span = entry.key_span.start + offset..entry.key_span.end + offset;
                    entry.value.shift(offset);
                }
            }
            _ => {}
        }
    }

    fn size(&self) -> usize {
        match &self.value {
            Value::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Value::Map(entries) => 1 + entries.iter().map(|e| 1 + e.value.size()).sum::<usize>(),
            _ => 1,
        }
    }
}

/// Parses the first document of a YAML text. An empty text is a null document.
pub fn parse(text: &str) -> Result<Document, SyntaxError> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder::new(&offsets);
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| SyntaxError {
            message: e.info().to_owned(),
            offset: offsets.byte(e.marker().index()),
        })?;
        if builder.on_event(event, span)? == Flow::Stop {
            break;
        }
    }
    let root = builder.root.unwrap_or(Node {
        value: Value::Null,
        span: 0..0,
    });
    Ok(Document {
        root,
        problems: builder.problems,
    })
}

#[derive(PartialEq)]
enum Flow {
    Continue,
    Stop,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
    },
    Map {
        entries: Vec<Entry>,
        key: Option<(String, Range<usize>)>,
        start: usize,
        anchor: usize,
    },
}

struct Builder<'a> {
    offsets: &'a CharOffsets<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    documents: usize,
    root: Option<Node>,
    problems: Vec<Problem>,
}

impl<'a> Builder<'a> {
    fn new(offsets: &'a CharOffsets<'a>) -> Self {
        Self {
            offsets,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            documents: 0,
            root: None,
            problems: Vec::new(),
        }
    }

    fn range(&self, span: Span) -> Range<usize> {
        self.offsets.byte(span.start.index())..self.offsets.byte(span.end.index())
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<Flow, SyntaxError> {
        let range = self.range(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.problems.push(Problem {
                        message: "only the first YAML document of a file is read".into(),
                        span: range,
                    });
                    return Ok(Flow::Stop);
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let verbatim = tag.is_some_and(|t| t.handle == "!!" && t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !verbatim {
                    resolve_plain(&text)
                } else {
                    Value::Str(text.into_owned())
                };
                self.push(Node { value, span: range }, anchor)?;
            }
            Event::Alias(id) => self.alias(id, range)?,
            Event::SequenceStart(anchor, _) => self.open(Frame::Seq {
                items: Vec::new(),
                start: range.start,
                anchor,
            })?,
            Event::MappingStart(anchor, _) => self.open(Frame::Map {
                entries: Vec::new(),
                key: None,
                start: range.start,
                anchor,
            })?,
            Event::SequenceEnd | Event::MappingEnd => self.close(range.end)?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(Flow::Continue)
    }

    fn open(&mut self, frame: Frame) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            let offset = match &frame {
                Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
            };
            return Err(SyntaxError {
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                offset,
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, end: usize) -> Result<(), SyntaxError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (value, start, anchor) = match frame {
            Frame::Seq {
                items,
                start,
                anchor,
            } => (Value::Seq(items), start, anchor),
            Frame::Map {
                entries,
                start,
                anchor,
                ..
            } => (Value::Map(entries), start, anchor),
        };
        self.push(
            Node {
                value,
                span: start..end.max(start),
            },
            anchor,
        )
    }

    fn alias(&mut self, id: usize, range: Range<usize>) -> Result<(), SyntaxError> {
        let Some(target) = self.anchors.get(&id) else {
            return Err(SyntaxError {
                message: "alias to an unknown anchor".into(),
                offset: range.start,
            });
        };
        let size = target.size();
        if self.nodes + size > MAX_NODES {
            return Err(too_many_nodes(range.start));
        }
        self.nodes += size - 1;
        let mut node = target.clone();
        node.span = range;
        self.push(node, 0)
    }

    fn push(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(too_many_nodes(node.span.start));
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(key_text(&node, &mut self.problems)),
                Some((key, key_span)) => {
                    if entries.iter().any(|e| e.key == key) {
                        self.problems.push(Problem {
                            message: format!("duplicate key `{key}`"),
                            span: key_span.clone(),
                        });
                    }
                    entries.push(Entry {
                        key,
                        key_span,
                        value: node,
                    });
                }
            },
        }
        Ok(())
    }
}

fn too_many_nodes(offset: usize) -> SyntaxError {
    SyntaxError {
        message: format!("the document expands to more than {MAX_NODES} values (an alias bomb?)"),
        offset,
    }
}

fn key_text(node: &Node, problems: &mut Vec<Problem>) -> (String, Range<usize>) {
    let text = match &node.value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        Value::Seq(_) | Value::Map(_) => {
            problems.push(Problem {
                message: "a mapping key must be a plain value".into(),
                span: node.span.clone(),
            });
            String::new()
        }
    };
    (text, node.span.clone())
}

/// Resolves a plain scalar by the YAML 1.2 core schema.
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = resolve_int(text) {
        return Value::Int(int);
    }
    if is_float(text) {
        if let Ok(float) = text.parse::<f64>() {
            return Value::Float(float);
        }
    }
    Value::Str(text.to_owned())
}

fn resolve_int(text: &str) -> Option<i64> {
    if let Some(octal) = text.strip_prefix("0o") {
        return i64::from_str_radix(octal, 8).ok();
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => digits(whole) && digits(f) && !(whole.is_empty() && f.is_empty()),
        None => !whole.is_empty() && digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        parse(text).unwrap().root
    }

    #[test]
    fn spans_point_at_values() {
        let text = "kind: roster\nimt:\n  roles:\n    - {role: lead, primary: alice}\n";
        let doc = root(text);
        let primary = doc.pointer("/imt/roles/0/primary").unwrap();
        assert_eq!(primary.source_text(text), "alice");
        assert_eq!(primary.value, Value::Str("alice".into()));
    }

    #[test]
    fn spans_are_bytes_with_non_ascii_text() {
        let text = "title: Überblick\nowner: zoë\n";
        let doc = root(text);
        assert_eq!(doc.pointer("/owner").unwrap().source_text(text), "zoë");
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let doc = root("a: 12\nb: 1.5\nc: true\nd: ~\ne: 2026-03-14\nf: '12'\ng: 0x1F\n");
        let value = |p: &str| doc.pointer(p).unwrap().value.clone();
        assert_eq!(value("/a"), Value::Int(12));
        assert_eq!(value("/b"), Value::Float(1.5));
        assert_eq!(value("/c"), Value::Bool(true));
        assert_eq!(value("/d"), Value::Null);
        assert_eq!(value("/e"), Value::Str("2026-03-14".into()));
        assert_eq!(value("/f"), Value::Str("12".into()));
        assert_eq!(value("/g"), Value::Int(31));
    }

    #[test]
    fn aliases_expand() {
        let doc = root("base: &b {x: 1}\ncopy: *b\n");
        assert_eq!(doc.pointer("/copy/x").unwrap().value, Value::Int(1));
    }

    #[test]
    fn alias_bomb_stops_early() {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        let mut lines = vec!["a: &a [x, x, x, x, x, x, x, x, x]".to_owned()];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(", ");
            lines.push(format!("{0}: &{0} [{refs}]", pair[1]));
        }
        let text = lines.join("\n");
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("alias bomb"), "{error}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&text).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn duplicate_keys_are_problems() {
        let doc = parse("a: 1\na: 2\n").unwrap();
        assert_eq!(doc.problems.len(), 1);
        assert_eq!(doc.problems[0].span, 5..6);
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let error = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert!(error.offset > 0);
    }
}
