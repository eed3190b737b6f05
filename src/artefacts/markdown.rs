//! Markdown artefacts: the YAML front matter, and the headings and links of the body.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Where the front matter of a Markdown text is, if it opens with one.
#[derive(Debug, PartialEq, Eq)]
pub enum FrontMatter {
    /// No front matter: the text is a plain document.
    None,
    /// The YAML between the fences, and where the body starts.
    Closed { yaml: Range<usize>, body: usize },
    /// An opening fence without a closing one; the range is the rest of the text.
    Unclosed { yaml: Range<usize> },
}

/// A heading of the body, with the words a topic alias is matched against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub span: Range<usize>,
}

/// A link or image of the body, with its destination as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub span: Range<usize>,
}

/// Finds the front matter: `---` on the first line, closed by `---` or `...` on a line of its own.
pub fn front_matter(text: &str) -> FrontMatter {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(first_end) = fence_line(text, start, "---") else {
        return FrontMatter::None;
    };
    let mut line_start = first_end;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            return FrontMatter::Closed {
                yaml: first_end..line_start,
                body: line_end,
            };
        }
        line_start = line_end;
    }
    FrontMatter::Unclosed {
        yaml: first_end..text.len(),
    }
}

/// The end of the line at `start` if that line is exactly `fence`.
fn fence_line(text: &str, start: usize, fence: &str) -> Option<usize> {
    let rest = text.get(start..)?;
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    (rest[..line_end].trim_end() == fence).then_some(start + line_end)
}

/// The headings and links of a body that starts at byte `offset` of `text`.
pub fn outline(text: &str, offset: usize) -> (Vec<Heading>, Vec<Link>) {
    let body = &text[offset..];
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut current: Option<Heading> = None;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let span = range.start + offset..range.end + offset;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    level: heading_level(level),
                    text: String::new(),
                    span,
                });
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = current.as_mut() {
                    heading.text.push_str(&text);
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(Link {
                    target: dest_url.into_string(),
                    span,
                });
            }
            _ => {}
        }
    }
    for heading in &mut headings {
        heading.text = heading.text.trim().to_owned();
    }
    (headings, links)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The lower-case words of a heading, split at anything that is not a letter or digit.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_front_matter() {
        let text = "---\nkind: plan\n---\n# Scope\n";
        let FrontMatter::Closed { yaml, body } = front_matter(text) else {
            panic!("no front matter");
        };
        assert_eq!(&text[yaml], "kind: plan\n");
        assert_eq!(&text[body..], "# Scope\n");
    }

    #[test]
    fn no_front_matter_without_opening_fence() {
        assert_eq!(front_matter("# Title\n---\n"), FrontMatter::None);
        assert_eq!(front_matter("----\n"), FrontMatter::None);
    }

    #[test]
    fn unclosed_front_matter() {
        assert!(matches!(
            front_matter("---\nkind: plan\n"),
            FrontMatter::Unclosed { .. }
        ));
    }

    #[test]
    fn outlines_headings_and_links_with_offsets() {
        let text = "---\nkind: plan\n---\n# Scope and `applicability`\n\nSee [roster](team/roster.yaml).\n\n```\n# not a heading\n```\n";
        let FrontMatter::Closed { body, .. } = front_matter(text) else {
            panic!()
        };
        let (headings, links) = outline(text, body);
        assert_eq!(headings.len(), 1);
        assert_eq!(headings[0].text, "Scope and applicability");
        assert!(text[headings[0].span.clone()].starts_with("# Scope"));
        assert_eq!(links[0].target, "team/roster.yaml");
        assert!(text[links[0].span.clone()].starts_with("[roster]"));
    }

    #[test]
    fn words_split_on_punctuation() {
        assert_eq!(
            words("Roles & Responsibilities — Été"),
            ["roles", "responsibilities", "été"]
        );
    }
}
