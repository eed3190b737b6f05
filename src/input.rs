//! The input document of the policies: the evaluation date, the configuration, every
//! artefact by kind with its headings and links, the files links may point at, and the
//! problems found while reading.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value as Json, json};

use crate::artefacts::markdown::words;
use crate::artefacts::{Artefact, Repository, schema};
use crate::config::{Config, Settings};

/// Everything the policies read, assembled once per evaluation.
pub fn build(
    repository: &Repository,
    config: &Config,
    settings: &Settings,
    now: &str,
    history: Option<Json>,
) -> Json {
    let mut by_kind: BTreeMap<&str, Vec<Json>> = BTreeMap::new();
    for artefact in &repository.artefacts {
        by_kind
            .entry(&artefact.kind)
            .or_default()
            .push(artefact_json(artefact, repository));
    }
    let problems: Vec<Json> = repository
        .problems
        .iter()
        .map(|p| json!({"path": p.path, "message": p.message, "span": p.span.as_ref().map(|s| [s.start, s.end])}))
        .collect();
    let mut input = json!({
        "now": now,
        "kinds": schema::KINDS.iter().map(|k| k.name).collect::<Vec<_>>(),
        "artefacts": by_kind,
        "files": files(&repository.files),
        "problems": problems,
        "settings": settings,
        "topics": config.topics,
        "waivers": config.waivers,
        "config": {"path": config.path},
    });
    if let Some(history) = history {
        input["history"] = history;
    }
    input
}

fn artefact_json(artefact: &Artefact, repository: &Repository) -> Json {
    let text = repository.texts.get(&artefact.path);
    let line = |offset: usize| text.map_or(1, |t| t.position(offset).line);
    let headings: Vec<Json> = artefact
        .headings
        .iter()
        .map(|h| json!({"text": h.text, "level": h.level, "line": line(h.span.start), "words": words(&h.text)}))
        .collect();
    let links: Vec<Json> = artefact
        .links
        .iter()
        .map(|link| {
            let target = resolve_link(&artefact.path, &link.target);
            json!({
                "target": link.target,
                "external": target == Target::External,
                "resolved": match target { Target::Path(path) => Json::String(path), _ => Json::Null },
                "line": line(link.span.start),
            })
        })
        .collect();
    json!({
        "path": artefact.path,
        "kind": artefact.kind,
        "id": artefact.id,
        "format": artefact.format,
        "data": artefact.data,
        "headings": headings,
        "links": links,
    })
}

/// Every file and every folder that holds one, for links to resolve against.
fn files(paths: &[String]) -> Map<String, Json> {
    let mut all = BTreeSet::new();
    for path in paths {
        let mut rest = path.as_str();
        all.insert(rest);
        while let Some((parent, _)) = rest.rsplit_once('/') {
            all.insert(parent);
            rest = parent;
        }
    }
    all.into_iter()
        .map(|p| (p.to_owned(), Json::Bool(true)))
        .collect()
}

/// Where a link leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// Another site, another scheme, or a place in the same document: not checked.
    External,
    /// A path from the repository root.
    Path(String),
    /// Out of the repository.
    Outside,
}

/// Resolves a link written in the artefact at `from` to a path from the repository root.
pub fn resolve_link(from: &str, target: &str) -> Target {
    let target = target.trim();
    let has_scheme = target.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if target.is_empty() || target.starts_with('#') || target.starts_with("//") || has_scheme {
        return Target::External;
    }
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let path = percent_decode(path);
    let base = if path.starts_with('/') {
        ""
    } else {
        from.rsplit_once('/').map_or("", |(dir, _)| dir)
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            segment => parts.push(segment),
        }
    }
    Target::Path(parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_from_the_artefact_folder() {
        assert_eq!(
            resolve_link("plan/plan.md", "../team/roster.yaml#people"),
            Target::Path("team/roster.yaml".into())
        );
        assert_eq!(
            resolve_link("plan.md", "/team/"),
            Target::Path("team".into())
        );
        assert_eq!(
            resolve_link("plan.md", "my%20notes.md"),
            Target::Path("my notes.md".into())
        );
    }

    #[test]
    fn links_out_of_the_root_are_outside() {
        assert_eq!(resolve_link("plan.md", "../../etc/passwd"), Target::Outside);
    }

    #[test]
    fn other_schemes_and_anchors_are_external() {
        for target in [
            "https://example.org",
            "mailto:a@example.org",
            "#scope",
            "//cdn.example.org/x",
        ] {
            assert_eq!(
                resolve_link("plan.md", target),
                Target::External,
                "{target}"
            );
        }
    }

    #[test]
    fn folders_of_files_are_known() {
        let files = files(&["team/a/roster.yaml".into()]);
        assert!(files.contains_key("team"));
        assert!(files.contains_key("team/a"));
    }
}
